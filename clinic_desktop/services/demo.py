"""A realistic demo clinic: a Toronto clinic, its staff, ~30 patients and months of history.

Everything is drawn from a seeded random generator, so the same seed on the same day gives the same
clinic (dates are counted back from the clinic's today). Treatment sessions and complications go through
the real services (validation, follow-up schedules from the protocols, audit entries); the outcome of past
follow-ups is then written with the times it would have had (done on its due date), since the services
only accept "now". History holds follow-ups in every state (all well, not reached and rescheduled,
complication, overdue, due today, upcoming, cancelled), complications spread over treatments,
practitioners and batches — with one batch, ``HG24-117B``, clearly over-represented — amendments, one
complication entered in error, and today's treatment sessions, some with an aftercare sheet printed.

No default password exists: without ``password`` the demo accounts have none and must be given one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, func, select

from clinic_desktop.models import (
    Causality,
    Complication,
    ComplicationKind,
    ComplicationOutcome,
    FollowUp,
    FollowUpStatus,
    PaperSize,
    Patient,
    Role,
    SeriousCriterion,
    StaffMember,
    TreatmentSession,
    utcnow,
)
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import clinic_zone, get_clinic_profile, today
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.messages import N_, _, ngettext
from clinic_desktop.services.patients import patient_search_text

DEMO_SEED = 20260115
HISTORY_DAYS = 150
BAD_BATCH = "HG24-117B"

STAFF = [  # full name, username, role
    ("Ada Okafor", "ada", Role.admin),
    ("Marc-André Gagnon", "marc", Role.manager),
    ("Dr. Élise Tremblay", "elise", Role.practitioner),
    ("Dr. Priya Raman", "priya", Role.practitioner),
    ("Sofia Marino, RN", "sofia", Role.practitioner),
    ("Jamie Chen", "jamie", Role.receptionist),
    ("Léa Bouchard", "lea", Role.receptionist),
]
PATIENTS = [  # given names, family name, born, phone, language, sex
    ("Ксения", "Павлова", date(1987, 3, 14), "+1 416 555 0101", "en", "female"),
    ("Ζωή", "Παπαδοπούλου", date(1992, 11, 2), "+1 416 555 0102", "en", "female"),
    ("Nguyễn Thị", "Hương", date(1979, 7, 21), "+1 647 555 0103", "en", "female"),
    ("Aoife", "O'Brien-Daly", date(1990, 5, 17), "+1 416 555 0104", "en", "female"),
    ("Suharti", "", date(1984, 1, 9), "+1 905 555 0105", "en", "female"),
    ("Zoë", "Tremblay", date(1995, 8, 30), "+1 514 555 0106", "fr", "female"),
    ("Camille", "Côté", date(1981, 4, 3), "+1 438 555 0107", "fr", "female"),
    ("Jean-François", "Lévesque", date(1976, 12, 12), "+1 418 555 0108", "fr", "male"),
    ("Siobhán", "Ní Bhriain", date(1989, 6, 25), "+1 416 555 0109", "en", "female"),
    ("Mehmet", "Yılmaz", date(1983, 2, 17), "+1 647 555 0110", "en", "male"),
    ("Ana", "Gonçalves", date(1991, 9, 5), "+1 416 555 0111", "en", "female"),
    ("Björn", "Åkesson", date(1974, 10, 19), "+1 905 555 0112", "en", "male"),
    ("Chiamaka", "Okonkwo", date(1993, 3, 28), "+1 416 555 0113", "en", "female"),
    ("Hana", "Nováková", date(1986, 8, 8), "+1 647 555 0114", "en", "female"),
    ("Priyanka", "Venkataraman", date(1988, 1, 22), "+1 416 555 0115", "en", "female"),
    ("Mariam", "Haddad", date(1980, 5, 2), "+1 514 555 0116", "fr", "female"),
    ("Søren", "Kierkegaard-Holm", date(1972, 7, 7), "+1 416 555 0117", "en", "male"),
    ("Yuki", "Tanaka", date(1994, 4, 15), "+1 647 555 0118", "en", "female"),
    ("Łucja", "Wiśniewska", date(1985, 11, 11), "+1 416 555 0119", "en", "female"),
    ("Hélène", "Gauthier", date(1969, 2, 1), "+1 819 555 0120", "fr", "female"),
    ("J", "Morin", date(1990, 10, 10), "+1 416 555 0121", "en", None),
    ("Dolores", "Fernández", date(1977, 6, 6), "+1 416 555 0122", "en", "female"),
    ("Aarav", "Sharma", date(1996, 12, 24), "+1 647 555 0123", "en", "male"),
    ("Olumide", "Adébáyọ̀", date(1982, 9, 13), "+1 416 555 0124", "en", "male"),
    ("Chloé", "Bélanger", date(1998, 3, 3), "+1 450 555 0125", "fr", "female"),
    ("Maeve", "O'Hara", date(1987, 1, 30), "+1 416 555 0126", "en", "female"),
    ("Li", "Wei", date(1991, 7, 4), "+1 416 555 0127", "en", "female"),
    ("Fatima", "Al-Sayed", date(1984, 8, 19), "+1 647 555 0128", "en", "female"),
    ("Noor", "Rahman", date(1999, 5, 9), "+1 416 555 0129", "en", "female"),
    ("Émilie", "Roy", date(1978, 10, 27), "+1 514 555 0130", "fr", "female"),
]
# protocol id -> [(product, [batch numbers], ml)]
PRODUCTS: dict[str, list[tuple[str, list[str], float]]] = {
    "facial-mesotherapy": [
        ("NCTF 135HA", ["NC24-0412A", "NC24-0931B", "NC25-0207A"], 3.0),
        ("HydraGlow HA 1.5%", ["HG24-098A", BAD_BATCH, "HG25-012A"], 2.0),
        ("Vita-C Radiance Cocktail", ["VC24-221", "VC25-034"], 2.5),
    ],
    "hair-mesotherapy": [
        ("Dermaheal HL", ["DH24-550", "DH25-061"], 5.0),
        ("Follica Peptide Blend", ["FP24-317", "FP25-008"], 4.0),
    ],
}
AREAS = {"facial-mesotherapy": ["full face", "cheeks, forehead", "face, neck", "under-eye, cheeks",
                                "face, neck, décolleté"],
         "hair-mesotherapy": ["crown", "scalp (whole)", "frontal hairline", "temples, crown"]}
KINDS = {  # (kind, weight, usual sites)
    "facial-mesotherapy": [
        (ComplicationKind.bruising, 30, ["left cheek", "right cheek", "under-eye", "forehead"]),
        (ComplicationKind.swelling, 20, ["under-eye", "cheeks", "lips"]),
        (ComplicationKind.prolonged_redness, 14, ["full face", "cheeks"]),
        (ComplicationKind.lasting_sensitivity, 7, ["cheeks", "forehead"]),
        (ComplicationKind.hyperpigmentation, 4, ["left cheek", "forehead"]),
        (ComplicationKind.infection, 2, ["chin", "right cheek"]),
        (ComplicationKind.inflamed_injection_site, 6, ["forehead", "cheeks"]),
        (ComplicationKind.pain_or_tenderness, 6, ["cheeks", "jawline"]),
        (ComplicationKind.nodule_or_papule, 5, ["cheeks", "neck"]),
        (ComplicationKind.hypersensitivity, 2, ["full face"]),
        (ComplicationKind.uneven_result, 2, ["cheeks"]),
        (ComplicationKind.other, 2, ["jawline"]),
    ],
    "hair-mesotherapy": [
        (ComplicationKind.hair_shedding, 25, ["crown", "temples"]),
        (ComplicationKind.headache, 20, ["whole head"]),
        (ComplicationKind.pain_or_tenderness, 20, ["scalp"]),
        (ComplicationKind.swelling, 10, ["forehead", "scalp"]),
        (ComplicationKind.prolonged_redness, 10, ["scalp"]),
        (ComplicationKind.inflamed_injection_site, 5, ["crown"]),
    ],
}
ACTIONS = {
    ComplicationKind.bruising: "Cold compress; arnica gel advised",
    ComplicationKind.swelling: "Cold compress, head raised at night",
    ComplicationKind.prolonged_redness: "Soothing serum; strict sun avoidance",
    ComplicationKind.infection: "Referred to family physician; oral antibiotic prescribed",
    ComplicationKind.hypersensitivity: "Oral antihistamine; reviewed in clinic",
    ComplicationKind.nodule_or_papule: "Gentle massage advised; review booked",
    ComplicationKind.headache: "Paracetamol as needed",
}
OTHER_DESCRIPTIONS = ["tingling along the jaw", "itchy injection points", "dry, flaking patch"]


@dataclass
class DemoSummary:
    """What :func:`create_demo_clinic` made (counts), and whether passwords were set."""

    staff: int = 0
    patients: int = 0
    treatment_sessions: int = 0
    follow_ups: dict[str, int] = field(default_factory=dict)
    complications: int = 0
    amended: int = 0
    entered_in_error: int = 0
    issuances: int = 0
    passwords_set: bool = False


class DemoRefused(ClinicError):
    """The database already holds staff or patients: the demo goes only into a fresh, empty database."""


def create_demo_clinic(
    session: Session,
    *,
    password: str | None = None,
    seed: int = DEMO_SEED,
    history_days: int = HISTORY_DAYS,
    with_sheets: bool = True,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Fill a fresh, empty database with the demo clinic and return counts.

    ``password`` (checked like any password: at least 8 characters) becomes every demo account's password,
    hashed with argon2id; None leaves the accounts without one. Refuses (DemoRefused, nothing changed) a
    database that already holds any staff account or patient: there is no way to pour the demo into real
    data, so no real account can be given the demo password and no fake patient lands in a live register.
    The clinic profile is marked as a demo (``is_demo``), so the window, every sheet and every report made
    from this database say DEMO. ``with_sheets`` prints today's aftercare sheets through the checkout
    service (needs the sheet renderer). ``progress`` is called with each step's name in English ("staff",
    "patients"…; marked for the catalogue: show it through ``_()``).
    """
    say = progress or (lambda _msg: None)
    staff_count = session.exec(select(func.count()).select_from(StaffMember)).one()
    patient_count = session.exec(select(func.count()).select_from(Patient)).one()
    if staff_count or patient_count:
        raise DemoRefused(
            _("This database already holds {staff} and {patients}; the demo clinic only goes into a new, "
              "empty database. Choose a new file with --db (for example --db demo.sqlite3).").format(
                staff=ngettext("{n} staff account", "{n} staff accounts", staff_count).format(n=staff_count),
                patients=ngettext("{n} patient", "{n} patients", patient_count).format(n=patient_count))
        )
    from clinic_desktop.services.auth import check_password_strength, hash_password

    if password is not None:
        check_password_strength(password)
    rng = random.Random(seed)
    summary = DemoSummary(passwords_set=password is not None)

    say(N_("clinic profile"))
    profile = get_clinic_profile(session)
    profile.name = "Clinique Lumière Aesthetics"
    profile.address = "88 Queen St W, Suite 410\nToronto ON  M5H 2M5"
    profile.phone = "+1 416 555 0142"
    profile.emergency_phone = "+1 416 555 0199"
    profile.email = "desk@cliniquelumiere.example"
    profile.website = "cliniquelumiere.example"
    profile.default_language = "en"
    profile.timezone = "America/Toronto"
    profile.paper_size = PaperSize.Letter
    profile.is_demo = True
    profile.updated_at = utcnow()
    session.add(profile)
    session.commit()
    zone = clinic_zone(session)
    day0 = today(session)

    say(N_("staff"))
    staff: dict[str, StaffMember] = {}
    pw_hash = hash_password(password) if password is not None else None
    for name, username, role in STAFF:
        member = StaffMember(full_name=name, username=username, role=role)
        if pw_hash is not None:
            member.password_hash = pw_hash
        session.add(member)
        staff[username] = member
    session.commit()
    summary.staff = len(staff)
    admin = staff["ada"]
    practitioners = [staff["elise"], staff["priya"], staff["sofia"]]
    audit.record(session, actor=admin, action="demo.create", entity="clinic_profile", entity_id=profile.id,
                 details={"seed": seed, "history_days": history_days, "passwords_set": password is not None})
    session.commit()
    # The demo's manager approves the facial protocol (the reviewed sample), as a clinic's medical lead would
    # before first use; the hair protocol stays a draft, so its sheets show the DRAFT watermark.
    from clinic_desktop.services.protocols import approve_protocol

    approve_protocol(session, actor=staff["marc"], protocol_id="facial-mesotherapy")

    say(N_("patients"))
    patients: list[Patient] = []
    for given, family, born, phone, language, sex in PATIENTS:
        p = Patient(given_names=given, family_name=family, date_of_birth=born, phone=phone,
                    preferred_language=language, sex=sex,
                    email=f"patient{len(patients) + 1:02d}@mail.example",
                    created_at=datetime.combine(day0 - timedelta(days=history_days + rng.randrange(60)),
                                                time(14), tzinfo=UTC))
        p.search_text = patient_search_text(p)
        session.add(p)
        patients.append(p)
    session.flush()
    for p in patients:
        audit.record(session, actor=staff["jamie"], action="patient.create", entity="patient", entity_id=p.id,
                     details={"demo": True})
    session.commit()
    summary.patients = len(patients)

    say(N_("treatment sessions"))
    from clinic_desktop.services.treatments import ProductUseCreate, TreatmentSessionCreate, record_treatment_session

    # regulars come back: a few patients carry most of the history
    weights = [rng.choice((1, 1, 2, 3, 5)) for _ in patients]
    sessions: list[tuple[TreatmentSession, date]] = []
    now_local = utcnow().astimezone(zone)

    def add_session(day: date, at: time) -> TreatmentSession:
        patient = rng.choices(patients, weights=weights)[0]
        treatment = "hair-mesotherapy" if rng.random() < 0.28 else "facial-mesotherapy"
        prac = rng.choice(practitioners)
        products = []
        choices = PRODUCTS[treatment]
        for product, batches, ml in rng.sample(choices, k=1 if rng.random() < 0.6 else 2):
            # batches follow time: older batches earlier in the history, the bad one in the middle months
            index = min(len(batches) - 1, int((1 - (day0 - day).days / (history_days + 1)) * len(batches)))
            batch = batches[index]
            expiry = date(day.year + 2, day.month, 1) - timedelta(days=1)
            products.append(ProductUseCreate(product_name=product, batch_number=batch, expiry_date=expiry,
                                             quantity=ml, unit="ml"))
        when = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
        return record_treatment_session(session, actor=prac, data=TreatmentSessionCreate(
            patient_id=patient.id, practitioner_id=prac.id, treatment=treatment, performed_at=when,  # type: ignore[arg-type]
            areas=rng.choice(AREAS[treatment]), products=products))

    for back in range(history_days, 0, -1):
        day = day0 - timedelta(days=back)
        if day.weekday() == 6:  # closed on Sundays
            continue
        for _visit in range(rng.choice((1, 2, 2, 3, 3, 4))):
            at = time(9 + rng.randrange(9), rng.choice((0, 15, 30, 45)))
            sessions.append((add_session(day, at), day))
    today_sessions: list[TreatmentSession] = []
    # from 9:00 (or, early in the morning, the last few hours since midnight) until now: never in the future
    start_today = max(datetime.combine(day0, time(0, 5), tzinfo=zone),
                      min(datetime.combine(day0, time(9), tzinfo=zone), now_local - timedelta(hours=4)))
    slots = int((now_local - start_today).total_seconds() // (40 * 60))
    for i in range(min(6, max(0, slots))):
        at = (start_today + timedelta(minutes=40 * i + 5)).time().replace(second=0, microsecond=0)
        today_sessions.append(add_session(day0, at))
    summary.treatment_sessions = len(sessions) + len(today_sessions)

    say(N_("follow-ups and complications"))
    _history(session, rng, sessions, day0, practitioners, summary)

    if with_sheets and today_sessions:
        say(N_("today's aftercare sheets"))
        summary.issuances = _print_some(session, staff["jamie"], today_sessions)

    counts: dict[str, int] = {}
    for status, n in session.exec(select(FollowUp.status, func.count()).group_by(FollowUp.status)):
        counts[FollowUpStatus(status).value] = n
    summary.follow_ups = counts
    return summary


def _history(session: Session, rng: random.Random, sessions: list[tuple[TreatmentSession, date]], day0: date,
             practitioners: list[StaffMember], summary: DemoSummary) -> None:
    """Outcomes of past follow-ups and the complications found at them."""
    from clinic_desktop.services import complications as comp

    zone = clinic_zone(session)
    for ts, treated in sessions:
        uses = comp.product_choices(session, ts.id)  # type: ignore[arg-type]
        batches = {use_id: label for use_id, label in uses}
        bad = [u for u, label in uses if BAD_BATCH in label]
        chance = 0.45 if bad else 0.09
        has_complication = rng.random() < chance
        fus = list(session.exec(select(FollowUp).where(FollowUp.treatment_session_id == ts.id)
                                .order_by(col(FollowUp.due_date))))
        complication_done = False
        for fu in fus:
            if fu.due_date > day0:
                continue  # upcoming: stays pending
            age = (day0 - fu.due_date).days
            if age == 0 and rng.random() < 0.7:
                continue  # due today, not yet done
            if 0 < age <= 10:
                draw = rng.random()
                if draw < 0.25:
                    continue  # overdue: nobody called yet
                if draw < 0.40:  # tried, not reached, next try today or in the next days
                    fu.attempts = rng.choice((1, 1, 2))
                    fu.status = FollowUpStatus.not_reached
                    fu.notes = "\n".join(f"{(fu.due_date + timedelta(days=i)).isoformat()} attempt {i + 1}: "
                                         "not reached; voicemail left." for i in range(fu.attempts))
                    fu.due_date = day0 + timedelta(days=rng.randrange(0, 3))
                    session.add(fu)
                    continue
            done_on = fu.due_date
            if rng.random() < 0.12:  # not reached first, done a day or two later
                fu.attempts = rng.choice((1, 1, 2))
                done_on = min(day0, fu.due_date + timedelta(days=fu.attempts))
                fu.notes = "\n".join(f"{(fu.due_date + timedelta(days=i)).isoformat()} attempt {i + 1}: "
                                     "not reached; voicemail left." for i in range(fu.attempts))
                if done_on == day0 and rng.random() < 0.5:
                    fu.status = FollowUpStatus.not_reached
                    session.add(fu)
                    continue
            prac = session.get(StaffMember, ts.practitioner_id) or rng.choice(practitioners)
            if has_complication and not complication_done:
                complication_done = True
                row = _complication(session, rng, comp, ts, treated, fu, done_on, day0,
                                    use_id=(bad[0] if bad else rng.choice(list(batches) or [None])), actor=prac)
                if row is not None:
                    summary.complications += 1
                    continue
            fu.status = FollowUpStatus.all_well
            fu.done_at = datetime.combine(done_on, time(rng.randrange(9, 17), rng.randrange(60)),
                                          tzinfo=zone).astimezone(UTC)
            fu.done_by_id = prac.id
            session.add(fu)
        session.commit()
    # amendments and one entered in error, through the service (real revisions)
    rows = list(session.exec(select(Complication).order_by(col(Complication.id))))
    unresolved = [r for r in rows if r.outcome in comp.UNRESOLVED]
    if unresolved:
        in_error = unresolved.pop()
        comp.mark_entered_in_error(session, actor=practitioners[0], complication_id=in_error.id,  # type: ignore[arg-type]
                                   reason="Recorded on the wrong patient's treatment session")
        summary.entered_in_error += 1
        rows.remove(in_error)
    for row in (unresolved[::2][:3] + rows[2::9])[:6]:
        form = comp.fields_of(row)
        update: dict[str, object] = {"reason": "Reviewed at the 14-day visit"}
        if row.outcome in comp.UNRESOLVED:
            end = min(day0, row.onset_date + timedelta(days=rng.randrange(5, 15)))
            update.update(outcome=ComplicationOutcome.resolved, resolution_date=end)
        else:
            update.update(action_taken=(row.action_taken + "; photo taken for the record").strip("; "))
        comp.amend_complication(session, actor=rng.choice(practitioners), complication_id=row.id,  # type: ignore[arg-type]
                                data=form.model_copy(update=update))
        summary.amended += 1


def _complication(session: Session, rng: random.Random, comp, ts: TreatmentSession, treated: date,  # type: ignore[no-untyped-def]
                  fu: FollowUp, found_on: date, day0: date, *, use_id: int | None, actor: StaffMember):
    """Record one plausible complication found at ``fu`` (through the service), then date it as found."""
    kinds = KINDS[ts.treatment]
    kind, _w, sites = rng.choices(kinds, weights=[k[1] for k in kinds])[0]
    onset = min(found_on, treated + timedelta(days=rng.choice((0, 1, 1, 2, 3))))
    grade = rng.choices((1, 2, 3), weights=(62, 32, 6))[0]
    serious = kind in (ComplicationKind.infection, ComplicationKind.hypersensitivity) and grade == 3
    age = (day0 - onset).days
    lasting = rng.randrange(3, 25)
    if onset + timedelta(days=lasting) <= day0:
        outcome = ComplicationOutcome.resolved_with_sequelae if kind == ComplicationKind.hyperpigmentation and \
            rng.random() < 0.4 else ComplicationOutcome.resolved
        resolution: date | None = onset + timedelta(days=lasting)
    else:
        outcome = ComplicationOutcome.resolving if age > 3 else ComplicationOutcome.not_resolved
        resolution = None
    data = comp.ComplicationCreate(
        treatment_session_id=ts.id, follow_up_id=fu.id, kind=kind,
        kind_other=rng.choice(OTHER_DESCRIPTIONS) if kind == ComplicationKind.other else "",
        site=rng.choice(sites), onset_date=onset, severity_grade=grade, serious=serious,
        serious_criterion=SeriousCriterion.medically_significant if serious else None,
        action_taken=ACTIONS.get(kind, "Reassurance; aftercare reinforced"), outcome=outcome,
        resolution_date=resolution, product_use_id=use_id,
        causality=rng.choices(list(Causality), weights=(35, 45, 5, 15))[0],
        reported_regulator_on=found_on if serious else None,
        reported_regulator_ref=f"HC-AR-{ts.id:05d}" if serious else "",
        reported_manufacturer_on=found_on if serious or rng.random() < 0.1 else None,
        reported_manufacturer_ref=f"MFR-{ts.id:05d}" if serious else "",
        notes="Photos taken." if grade >= 2 else "",
    )
    try:
        row = comp.record_complication(session, actor=actor, data=data)
    except ClinicError:  # a rule the generator did not foresee: leave this follow-up as all well
        session.rollback()
        return None
    stamp = datetime.combine(found_on, time(rng.randrange(9, 17), rng.randrange(60)), tzinfo=clinic_zone(session))
    row.recorded_at = stamp.astimezone(UTC)
    session.add(row)
    done = session.get(FollowUp, fu.id)
    if done is not None:
        done.done_at = row.recorded_at
        session.add(done)
    # the back-dating is itself audited, so the demo's records match their last audit entry
    audit.record(session, actor=actor, action="demo.backdate", entity="complication", entity_id=row.id,
                 details={"recorded_at": row.recorded_at.isoformat()})
    session.commit()
    return row


def _print_some(session: Session, receptionist: StaffMember, today_sessions: list[TreatmentSession]) -> int:
    """Print (record) aftercare sheets for about half of today's visits; returns the issuance count."""
    from clinic_desktop.models import IssuanceAction
    from clinic_desktop.services.checkout import prepare_sheet, record_issuance

    printed = 0
    seen: set[int] = set()
    for ts in today_sessions[::2]:
        if ts.patient_id in seen:
            continue
        seen.add(ts.patient_id)
        try:
            prepared = prepare_sheet(session, actor=receptionist, treatment_session_id=ts.id)  # type: ignore[arg-type]
        except ClinicError:
            session.rollback()
            continue
        record_issuance(session, actor=receptionist, prepared=prepared, action=IssuanceAction.printed)
        printed += 1
    return printed
