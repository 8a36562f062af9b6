"""Property-based fuzz of every service that takes user input (shared by the tests and
``scripts/fuzz_services.py``).

Each target is (strategy of keyword inputs, call(db, people, **inputs)). The property: the call either
succeeds or raises one of the project's own errors (:class:`~clinic_desktop.services.errors.ClinicError`);
after a refusal the row counts of the clinical tables are unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st
from sqlmodel import Session, func, select

from clinic_desktop.models import (
    AftercareIssuance,
    Complication,
    FollowUp,
    Patient,
    ProductUse,
    StaffMember,
    TreatmentSession,
)

COUNTED = (Patient, TreatmentSession, ProductUse, FollowUp, Complication, AftercareIssuance, StaffMember)

# ------------------------------------------------------------------------------------------ strategies

#: Characters that broke services: lone surrogates, NUL and other controls, FTS5 syntax, quotes.
NASTY = ["\ud800", "\udfff", "\x00", "\x0b", "\x1f", "\ufffe", '"', "'", "*", "^", "-", "_", ":", "(", ")",
         "NEAR", "AND", "OR", "NOT", "a_b", "a‿b", "a·b", "नमस्ते", "{", "}", "%", "\\", "\u202e", "😀", "Ζωή"]
TEXT = st.one_of(
    st.lists(st.one_of(st.sampled_from(NASTY), st.characters(blacklist_categories=())), max_size=20).map("".join),
    st.text(max_size=5).map(lambda s: s * 3000),  # over-long
    st.sampled_from(["", " ", "a_b", '"unterminated', "NEAR(a b)", "x*", "-", "zoe", "O'Brien", "1988-06-01"]),
)
BIG_INT = st.one_of(st.integers(min_value=-(2**70), max_value=2**70),
                    st.sampled_from([0, 1, 2, -1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1]))
DATES = st.one_of(st.dates(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31)]))
OFFSETS = st.sampled_from([UTC, timezone(timedelta(hours=23, minutes=59)), timezone(timedelta(hours=-23, minutes=-59)),
                           timezone(timedelta(hours=14))])
DATETIMES = st.one_of(
    st.datetimes(timezones=OFFSETS),
    st.sampled_from([datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=-23))),
                     datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=23))),
                     datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)]),
)
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.inf, -math.inf, math.nan,
                                                                                    1e308, 1e-320, 0.0, 2.0]))


@dataclass
class People:
    """The staff and records the fuzz acts on."""

    admin: StaffMember
    manager: StaffMember
    practitioner: StaffMember
    receptionist: StaffMember
    patient_id: int
    treatment_session_id: int
    follow_up_id: int
    complication_id: int


def counts(db: Session) -> dict[str, int]:
    """Row counts of the clinical tables (what a refusal must leave unchanged)."""
    return {m.__name__: int(db.exec(select(func.count()).select_from(m)).one()) for m in COUNTED}


# --------------------------------------------------------------------------------------------- targets


def _patient_data(draw_text, dob, language, sex):
    from clinic_desktop.services.patients import PatientCreate

    return PatientCreate(given_names=draw_text[0], family_name=draw_text[1], date_of_birth=dob, phone=draw_text[2],
                         email=draw_text[3], preferred_language=language, sex=sex, notes=draw_text[4])


def _create_patient(db, p: People, texts, dob, language, sex):
    from clinic_desktop.services.patients import create_patient

    return create_patient(db, actor=p.receptionist, data=_patient_data(texts, dob, language, sex))


def _update_patient(db, p: People, patient_id, texts, dob, language, sex):
    from clinic_desktop.services.patients import update_patient

    return update_patient(db, actor=p.receptionist, patient_id=patient_id,
                          data=_patient_data(texts, dob, language, sex))


def _search(db, p: People, query, limit):
    from clinic_desktop.services.patients import search_patients
    from clinic_desktop.services.search import find_patient_hits

    search_patients(db, query, limit=limit)
    return find_patient_hits(db, query, limit=limit)


def _record_treatment(db, p: People, patient_id, practitioner_id, performed_at, areas, quantity, batch, expiry,
                      unit):
    from clinic_desktop.services.treatments import (
        ProductUseCreate,
        TreatmentSessionCreate,
        record_treatment_session,
    )

    return record_treatment_session(db, actor=p.practitioner, data=TreatmentSessionCreate(
        patient_id=patient_id, practitioner_id=practitioner_id, treatment="facial-mesotherapy",
        performed_at=performed_at, areas=areas, notes=areas,
        products=[ProductUseCreate(product_name=batch or "P", batch_number=batch, expiry_date=expiry,
                                   quantity=quantity, unit=unit)]))


def _correct_product_use(db, p: People, batch, product, unit, quantity, reason):
    from clinic_desktop.services.corrections import ProductUseCorrection, correct_product_use

    use = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == p.treatment_session_id)
                  .order_by(ProductUse.id)).first()
    return correct_product_use(db, actor=p.practitioner, product_use_id=use.id, data=ProductUseCorrection(
        product_name=product, batch_number=batch, quantity=quantity, unit=unit), reason=reason)


def _record_complication(db, p: People, ts_id, site, onset, grade, resolution, action):
    from clinic_desktop.models import ComplicationKind
    from clinic_desktop.services.complications import ComplicationCreate, record_complication

    return record_complication(db, actor=p.practitioner, data=ComplicationCreate(
        treatment_session_id=ts_id, kind=ComplicationKind.bruising, site=site, onset_date=onset,
        severity_grade=grade, resolution_date=resolution, action_taken=action, notes=action,
        reported_regulator_ref=site))


def _amend_complication(db, p: People, complication_id, site, onset, grade, reason):
    from clinic_desktop.services import complications as comp

    try:
        current = comp.fields_of(comp.get_complication(db, p.complication_id, actor=p.practitioner))
    finally:
        pass
    data = comp.ComplicationAmend(**{**current.model_dump(), "site": site, "onset_date": onset,
                                     "severity_grade": grade, "reason": reason})
    return comp.amend_complication(db, actor=p.practitioner, complication_id=complication_id, data=data)


def _follow_up(db, p: People, follow_up_id, notes, reschedule_to, all_well):
    from clinic_desktop.services import followups

    if all_well:
        return followups.record_all_well(db, actor=p.practitioner, follow_up_id=follow_up_id, notes=notes)
    return followups.record_not_reached(db, actor=p.practitioner, follow_up_id=follow_up_id,
                                        reschedule_to=reschedule_to, notes=notes)


def _clinic_profile(db, p: People, name, phone, colour, tz, idle, keep, email):
    from clinic_desktop.services.backups import set_backup_retention
    from clinic_desktop.services.clinic import ClinicProfileUpdate, update_clinic_profile

    # the retention counts moved from the profile form (backups_keep) to set_backup_retention
    set_backup_retention(db, actor=p.admin, daily=keep, weekly=8, monthly=12)
    return update_clinic_profile(db, actor=p.manager, data=ClinicProfileUpdate(
        name=name, address=name, phone=phone, emergency_phone=phone, email=email, website=name,
        brand_colour=colour, timezone=tz, idle_lock_minutes=idle))


def _sign_in(db, p: People, username, password):
    from clinic_desktop.services import auth

    return auth.authenticate(db, username=username, password=password)


def _create_staff(db, p: People, full_name, username, role, password):
    from clinic_desktop.services import auth

    return auth.create_staff(db, actor=p.admin, full_name=full_name, username=username, role=role,
                             password=password)


def _report(db, p: People, date_from, date_to, batch, grade, practitioner_id):
    from clinic_desktop.services import reports

    return reports.run_report(db, actor=p.manager, filters={
        "date_from": date_from, "date_to": date_to, "batch_number": batch, "min_grade": grade,
        "practitioner_id": practitioner_id})


def _recall(db, p: People, batch, product):
    from clinic_desktop.services import recall

    return recall.batch_recall(db, actor=p.manager, batch_number=batch, product_name=product)


def _reads(db, p: People, some_id):
    from clinic_desktop.services import checkout, followups, timeline
    from clinic_desktop.services.complications import get_complication
    from clinic_desktop.services.errors import ClinicError
    from clinic_desktop.services.patients import get_patient

    refused = 0
    for call in (lambda: get_patient(db, some_id),
                 lambda: timeline.patient_timeline(db, actor=p.practitioner, patient_id=some_id),
                 lambda: followups.follow_up_detail(db, actor=p.practitioner, follow_up_id=some_id),
                 lambda: get_complication(db, some_id, actor=p.practitioner),
                 lambda: checkout.reprint(db, actor=p.receptionist, issuance_id=some_id)):
        try:
            call()
        except ClinicError:
            refused += 1
    if refused == 5:
        raise ClinicError("all refused")
    return refused


def _sheet(db, p: People, ts_id, language):
    from clinic_desktop.services import checkout

    return checkout.prepare_sheet(db, actor=p.receptionist, treatment_session_id=ts_id, language=language)


TEXTS5 = st.lists(TEXT, min_size=5, max_size=5)
#: A patient's sex: the form's choices, none, and any text (refused unless it is what is stored).
SEX = st.one_of(st.none(), st.sampled_from(["female", "male", "other", "not_stated", "banana", "F"]), TEXT)
#: Batch numbers: GS1 AI 10's characters, and the characters that must be refused in one.
BATCH_TEXT = st.one_of(TEXT, st.text(alphabet=st.sampled_from(
    list("AZaz09!\"%&'()*+,-./:;<=>?_") + ["\x07", "\x1b", "\x00", "\u202e", " ", "\t", "ï", "Ａ"]), max_size=24))
LANG = st.one_of(st.sampled_from(["en", "fr"]), TEXT)


def targets(p: People) -> dict[str, tuple[Any, Callable[..., Any]]]:
    """name -> (strategy of keyword arguments, call(db, people, **kwargs)); ids mix real ones and fuzz."""
    pid = st.one_of(st.just(p.patient_id), BIG_INT)
    tsid = st.one_of(st.just(p.treatment_session_id), BIG_INT)
    return {
        "create_patient": (st.fixed_dictionaries({"texts": TEXTS5, "dob": st.one_of(st.none(), DATES),
                                                  "language": LANG, "sex": SEX}),
                           _create_patient),
        "update_patient": (st.fixed_dictionaries({"patient_id": pid, "texts": TEXTS5,
                                                  "dob": st.one_of(st.none(), DATES), "language": LANG,
                                                  "sex": SEX}), _update_patient),
        "search_patients": (st.fixed_dictionaries({"query": TEXT, "limit": st.one_of(st.just(50), BIG_INT)}),
                            _search),
        "record_treatment_session": (st.fixed_dictionaries({
            "patient_id": pid, "practitioner_id": st.one_of(st.just(p.practitioner.id), BIG_INT),
            "performed_at": DATETIMES, "areas": TEXT, "quantity": st.one_of(st.none(), FLOATS),
            "batch": BATCH_TEXT, "expiry": st.one_of(st.none(), DATES),
            "unit": st.one_of(st.just("ml"), TEXT)}),
            _record_treatment),
        "record_complication": (st.fixed_dictionaries({
            "ts_id": tsid, "site": TEXT, "onset": st.one_of(st.none(), DATES),
            "grade": st.one_of(st.none(), BIG_INT, st.integers(1, 5)), "resolution": st.one_of(st.none(), DATES),
            "action": TEXT}), _record_complication),
        "amend_complication": (st.fixed_dictionaries({
            "complication_id": st.one_of(st.just(p.complication_id), BIG_INT), "site": TEXT,
            "onset": st.one_of(st.none(), DATES), "grade": st.one_of(BIG_INT, st.integers(1, 5)),
            "reason": TEXT}), _amend_complication),
        "record_follow_up": (st.fixed_dictionaries({
            "follow_up_id": st.one_of(st.just(p.follow_up_id), BIG_INT), "notes": TEXT,
            "reschedule_to": st.one_of(st.none(), DATES), "all_well": st.booleans()}), _follow_up),
        "update_clinic_profile": (st.fixed_dictionaries({
            "name": TEXT, "phone": TEXT, "colour": st.one_of(st.just("#123456"), TEXT),
            "tz": st.one_of(st.just("America/Toronto"), TEXT), "idle": BIG_INT, "keep": BIG_INT,
            "email": TEXT}), _clinic_profile),
        "authenticate": (st.fixed_dictionaries({"username": st.one_of(st.just("rita"), TEXT), "password": TEXT}),
                         _sign_in),
        "create_staff": (st.fixed_dictionaries({"full_name": TEXT, "username": TEXT,
                                                "role": st.one_of(st.just("receptionist"), TEXT),
                                                "password": TEXT}), _create_staff),
        "run_report": (st.fixed_dictionaries({"date_from": DATES, "date_to": DATES,
                                              "batch": st.one_of(st.none(), TEXT),
                                              "grade": st.one_of(st.none(), BIG_INT),
                                              "practitioner_id": st.one_of(st.none(), BIG_INT)}), _report),
        "batch_recall": (st.fixed_dictionaries({"batch": TEXT, "product": TEXT}), _recall),
        "correct_product_use": (st.fixed_dictionaries({"batch": BATCH_TEXT, "product": TEXT, "unit": TEXT,
                                                       "quantity": st.one_of(st.none(), FLOATS),
                                                       "reason": TEXT}), _correct_product_use),
        "reads_by_id": (st.fixed_dictionaries({"some_id": BIG_INT}), _reads),
        "prepare_sheet": (st.fixed_dictionaries({"ts_id": tsid, "language": LANG}), _sheet),
    }


def make_people(db: Session) -> People:
    """A clinic with one of each role, a patient with a treatment session, a follow-up and a complication."""
    from clinic_desktop.models import ComplicationKind
    from clinic_desktop.services import auth
    from clinic_desktop.services.clinic import get_clinic_profile, today
    from clinic_desktop.services.complications import ComplicationCreate, record_complication
    from clinic_desktop.services.patients import PatientCreate, create_patient
    from clinic_desktop.services.treatments import (
        ProductUseCreate,
        TreatmentSessionCreate,
        record_treatment_session,
    )

    pw = "a long desk password"
    admin = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=pw)
    manager = auth.create_staff(db, actor=admin, full_name="Mona M", username="mona", role="manager", password=pw)
    doc = auth.create_staff(db, actor=admin, full_name="Dr. E", username="elise", role="practitioner", password=pw)
    rita = auth.create_staff(db, actor=admin, full_name="Rita R", username="rita", role="receptionist", password=pw)
    profile = get_clinic_profile(db)
    profile.timezone = "America/Toronto"
    db.add(profile)
    db.commit()
    patient = create_patient(db, actor=rita, data=PatientCreate(given_names="Zoë", family_name="O'Brien",
                                                                date_of_birth=date(1988, 6, 1)))
    day = today(db) - timedelta(days=5)
    ts = record_treatment_session(db, actor=doc, data=TreatmentSessionCreate(
        patient_id=patient.id, practitioner_id=doc.id, treatment="facial-mesotherapy",
        performed_at=datetime(day.year, day.month, day.day, 15, tzinfo=UTC), areas="cheeks",
        products=[ProductUseCreate(product_name="NCTF", batch_number="NC-1", quantity=2.0)]))
    fu = db.exec(select(FollowUp).where(FollowUp.treatment_session_id == ts.id).order_by(FollowUp.id)).first()
    comp = record_complication(db, actor=doc, data=ComplicationCreate(
        treatment_session_id=ts.id, kind=ComplicationKind.bruising, site="cheek", onset_date=day,
        severity_grade=1))
    return People(admin, manager, doc, rita, patient.id, ts.id, fu.id, comp.id)


@dataclass
class Tally:
    """Calls, refusals (project errors) and unhandled exceptions of one target."""

    calls: int = 0
    refused: int = 0
    unhandled: int = 0
    first_unhandled: str = ""


def run_one(engine, people: People, call, kwargs, tally: Tally) -> BaseException | None:
    """Call once on a fresh session; returns the unhandled exception (or None) after checking counts."""
    from clinic_desktop.services.errors import ClinicError

    tally.calls += 1
    with Session(engine, expire_on_commit=False) as db:
        before = counts(db)
        try:
            call(db, people, **kwargs)
        except ClinicError:
            tally.refused += 1
            db.rollback()
            after = counts(db)
            if after != before:
                err = AssertionError(f"a refusal changed row counts: {before} -> {after}")
                tally.unhandled += 1
                tally.first_unhandled = tally.first_unhandled or repr(err)
                return err
        except Exception as exc:  # noqa: BLE001 - the point: anything else is a finding
            tally.unhandled += 1
            tally.first_unhandled = tally.first_unhandled or f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            return exc
    return None
