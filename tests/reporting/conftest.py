"""A small clinic whose report figures are worked out by hand in the tests (see ``small_clinic``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from clinic_desktop.models import (
    ClinicProfile,
    Complication,
    ComplicationKind,
    ComplicationOutcome,
    Patient,
    ProductUse,
    Role,
    StaffMember,
    TreatmentSession,
)


@dataclass
class Clinic:
    """Handles on the rows of the small clinic."""

    prac_a: StaffMember
    prac_b: StaffMember
    patients: list[Patient]
    sessions: dict[str, TreatmentSession] = field(default_factory=dict)
    uses: dict[str, ProductUse] = field(default_factory=dict)
    complications: dict[str, Complication] = field(default_factory=dict)


def add_session(
    db: Session,
    *,
    patient: Patient,
    prac: StaffMember,
    treatment: str,
    at: datetime,
    product: str | None = None,
    batch: str | None = None,
    archived: bool = False,
) -> tuple[TreatmentSession, ProductUse | None]:
    ts = TreatmentSession(
        patient_id=patient.id,
        practitioner_id=prac.id,
        treatment=treatment,
        performed_at=at,
        archived=archived,
    )
    db.add(ts)
    db.flush()
    use = None
    if product:
        use = ProductUse(
            treatment_session_id=ts.id,
            product_name=product,
            batch_number=batch or "",
            expiry_date=date(2027, 1, 31),
            quantity=2.0,
            unit="ml",
        )
        db.add(use)
        db.flush()
    return ts, use


def add_complication(
    db: Session,
    ts: TreatmentSession,
    *,
    recorder: StaffMember,
    onset: date,
    grade: int = 1,
    use: ProductUse | None = None,
    outcome: ComplicationOutcome = ComplicationOutcome.resolved,
    resolved: date | None = None,
    serious: bool = False,
    kind: ComplicationKind = ComplicationKind.bruising,
    entered_in_error: bool = False,
    site: str = "cheek",
) -> Complication:
    c = Complication(
        treatment_session_id=ts.id,
        patient_id=ts.patient_id,
        product_use_id=use.id if use else None,
        kind=kind,
        site=site,
        onset_date=onset,
        severity_grade=grade,
        serious=serious,
        outcome=outcome,
        resolution_date=resolved,
        entered_in_error=entered_in_error,
        recorded_by_id=recorder.id,
        action_taken="cold compress",
    )
    db.add(c)
    db.flush()
    return c


def at(day: int, month: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def small_clinic(db: Session, practitioner: StaffMember, manager: StaffMember) -> Clinic:
    """Jan-Feb 2026, clinic in UTC.

    - 10 facial-mesotherapy sessions by practitioner A: s1-s6 in January, s7-s10 in February; s1-s5 use
      "Prod X" batch B1, s6-s10 batch B2.
    - 5 hair-mesotherapy sessions by practitioner B: s11-s12 in January, s13-s15 in February; all use
      "Prod Y" batch Y1.
    - Complications counted: c1 (s1, grade 1, onset +1 d, resolved after 4 d, B1), c2 (s1, grade 2, onset
      +2 d, resolving, B1), c3 (s7, grade 3, serious, onset +0 d, resolved after 10 d, B2), c4 (s12, grade
      1, onset +3 d, not resolved, no product use recorded).
    - Not counted: c5 entered in error (s2), c6 after a March session, c7 after an archived January session.
    """
    db.add(ClinicProfile(id=1, name="Smith & Jones Aesthetics", timezone="UTC", brand_colour="#7a3b69"))
    prac_b = StaffMember(full_name="Dr. Björn Ødegaard", username="bjorn", role=Role.practitioner)
    db.add(prac_b)
    db.flush()
    names = [
        ("Zoë", "Gagnon", "F"),
        ("Ксения", "Павлова", "F"),
        ("Suharti", "", None),
        ("Aoife", "O'Brien-Daly", "F"),
    ]
    patients = []
    for given, family, sex in names:
        p = Patient(given_names=given, family_name=family, date_of_birth=date(1990, 3, 15), sex=sex)
        db.add(p)
        patients.append(p)
    db.flush()
    clinic = Clinic(prac_a=practitioner, prac_b=prac_b, patients=patients)
    days = [(5, 1), (8, 1), (12, 1), (15, 1), (20, 1), (25, 1), (3, 2), (9, 2), (14, 2), (20, 2)]
    for i, (d, m) in enumerate(days, start=1):
        ts, use = add_session(
            db,
            patient=patients[i % 2],
            prac=practitioner,
            treatment="facial-mesotherapy",
            at=at(d, m),
            product="Prod X",
            batch="B1" if i <= 5 else "B2",
        )
        clinic.sessions[f"s{i}"], clinic.uses[f"s{i}"] = ts, use
    for i, (d, m) in enumerate([(6, 1), (19, 1), (4, 2), (11, 2), (26, 2)], start=11):
        ts, use = add_session(
            db,
            patient=patients[2 + i % 2],
            prac=prac_b,
            treatment="hair-mesotherapy",
            at=at(d, m),
            product="Prod Y",
            batch="Y1",
        )
        clinic.sessions[f"s{i}"], clinic.uses[f"s{i}"] = ts, use
    s = clinic.sessions
    comp = clinic.complications
    comp["c1"] = add_complication(
        db,
        s["s1"],
        recorder=practitioner,
        onset=date(2026, 1, 6),
        grade=1,
        use=clinic.uses["s1"],
        resolved=date(2026, 1, 10),
    )
    comp["c2"] = add_complication(
        db,
        s["s1"],
        recorder=practitioner,
        onset=date(2026, 1, 7),
        grade=2,
        use=clinic.uses["s1"],
        outcome=ComplicationOutcome.resolving,
        kind=ComplicationKind.swelling,
    )
    comp["c3"] = add_complication(
        db,
        s["s7"],
        recorder=practitioner,
        onset=date(2026, 2, 3),
        grade=3,
        use=clinic.uses["s7"],
        serious=True,
        resolved=date(2026, 2, 13),
        kind=ComplicationKind.infection,
        site='=HYPERLINK("x")',
    )
    comp["c4"] = add_complication(
        db,
        s["s12"],
        recorder=prac_b,
        onset=date(2026, 1, 22),
        grade=1,
        outcome=ComplicationOutcome.not_resolved,
        kind=ComplicationKind.hair_shedding,
    )
    comp["c5"] = add_complication(
        db,
        s["s2"],
        recorder=practitioner,
        onset=date(2026, 1, 9),
        grade=4,
        use=clinic.uses["s2"],
        entered_in_error=True,
    )
    march, _ = add_session(
        db,
        patient=patients[0],
        prac=practitioner,
        treatment="facial-mesotherapy",
        at=at(2, 3),
        product="Prod X",
        batch="B1",
    )
    comp["c6"] = add_complication(db, march, recorder=practitioner, onset=date(2026, 3, 3), grade=2)
    archived, _ = add_session(
        db,
        patient=patients[1],
        prac=practitioner,
        treatment="facial-mesotherapy",
        at=at(10, 1),
        product="Prod X",
        batch="B1",
        archived=True,
    )
    comp["c7"] = add_complication(db, archived, recorder=practitioner, onset=date(2026, 1, 11), grade=2)
    db.commit()
    return clinic


PERIOD = {"date_from": date(2026, 1, 1), "date_to": date(2026, 2, 28)}
