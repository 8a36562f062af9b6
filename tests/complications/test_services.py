"""Follow-up and complication services: due lists, all well, not reached, every validation rule, amendments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from clinic_desktop.models import (
    AuditEntry,
    Causality,
    Complication,
    ComplicationKind,
    ComplicationOutcome,
    ComplicationRevision,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    ProductUse,
    SeriousCriterion,
)
from clinic_desktop.services import complications as comp
from clinic_desktop.services import followups
from clinic_desktop.services.clinic import today
from clinic_desktop.services.errors import ClinicError, PermissionDenied, ValidationError
from tests.complications.conftest import record_session
from tests.language import msg_plural, msg_text


def _follow_ups(db, ts):
    return list(db.exec(select(FollowUp).where(FollowUp.treatment_session_id == ts.id).order_by(FollowUp.due_date)))


def _valid(db, ts, **over):
    uses = list(db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id)))
    data = dict(treatment_session_id=ts.id, kind=ComplicationKind.bruising, site="left cheek",
                onset_date=today(db) - timedelta(days=3), severity_grade=1, outcome=ComplicationOutcome.resolving,
                product_use_id=uses[0].id, causality=Causality.possibly_related, action_taken="cold compress")
    data.update(over)
    return comp.ComplicationCreate(**data)


def test_treatment_session_creates_follow_ups_from_the_protocol(db, treated):
    fus = _follow_ups(db, treated)
    treated_day = today(db) - timedelta(days=5)
    assert [(f.kind, (f.due_date - treated_day).days) for f in fus] == [
        (FollowUpKind.phone_check, 2), (FollowUpKind.review, 14)]


def test_due_lists_by_bucket_with_phone_and_practitioner_filter(db, practitioner, manager, zoe, treated):
    other = record_session(db, manager, zoe.id, days_ago=14, practitioner=manager)  # review due today
    rows = followups.due_follow_ups(db, actor=practitioner)
    assert [(r.bucket, r.treatment_session_id) for r in rows] == [
        (followups.Bucket.overdue, other.id), (followups.Bucket.overdue, treated.id),
        (followups.Bucket.today, other.id), (followups.Bucket.upcoming, treated.id)]
    assert rows[1].phone == "+1 416 555 0123" and rows[1].days_late == 3 and rows[0].days_late == 12
    mine = followups.due_follow_ups(db, actor=practitioner, practitioner_id=practitioner.id)
    assert {r.treatment_session_id for r in mine} == {treated.id}


def test_all_well_closes_the_follow_up_and_is_audited(db, practitioner, treated):
    fu = _follow_ups(db, treated)[0]
    done = followups.record_all_well(db, actor=practitioner, follow_up_id=fu.id)
    assert done.status == FollowUpStatus.all_well and done.done_by_id == practitioner.id and done.done_at
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "follow_up.all_well")).one().entity_id == fu.id
    with pytest.raises(ValidationError) as err:
        followups.record_all_well(db, actor=practitioner, follow_up_id=fu.id)
    assert "follow_up_id" in err.value.errors


def test_receptionist_may_not_record_follow_ups(db, receptionist, treated):
    with pytest.raises(PermissionDenied):
        followups.record_all_well(db, actor=receptionist, follow_up_id=_follow_ups(db, treated)[0].id)


def test_not_reached_counts_attempts_and_reschedules(db, practitioner, treated):
    fu = _follow_ups(db, treated)[0]
    tomorrow = today(db) + timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        followups.record_not_reached(db, actor=practitioner, follow_up_id=fu.id, reschedule_to=today(db) - timedelta(days=1))
    assert "reschedule_to" in err.value.errors
    followups.record_not_reached(db, actor=practitioner, follow_up_id=fu.id, reschedule_to=today(db))
    again = followups.record_not_reached(db, actor=practitioner, follow_up_id=fu.id, reschedule_to=tomorrow)
    assert (again.attempts, again.status, again.due_date) == (2, FollowUpStatus.not_reached, tomorrow)
    assert "attempt 2" in again.notes
    rows = followups.due_follow_ups(db, actor=practitioner)
    assert any(r.follow_up_id == fu.id and r.bucket == followups.Bucket.upcoming and r.attempts == 2 for r in rows)


def test_complication_with_every_field_from_a_follow_up(db, practitioner, treated):
    fu = _follow_ups(db, treated)[0]
    uses = list(db.exec(select(ProductUse).where(ProductUse.treatment_session_id == treated.id)))
    t = today(db)
    row = comp.record_complication(db, actor=practitioner, data=comp.ComplicationCreate(
        treatment_session_id=treated.id, follow_up_id=fu.id, kind=ComplicationKind.other,
        kind_other="tingling along the jaw", site="jawline", onset_date=t - timedelta(days=4), severity_grade=3,
        serious=True, serious_criterion=SeriousCriterion.medically_significant, action_taken="oral antihistamine",
        outcome=ComplicationOutcome.resolved, resolution_date=t - timedelta(days=1), product_use_id=uses[1].id,
        causality=Causality.related, reported_regulator_on=t, reported_regulator_ref="HC-2026-001",
        reported_manufacturer_on=t, reported_manufacturer_ref="MFR-77", reported_insurer_on=t,
        reported_insurer_ref="INS-9", notes="Patient calm; photos taken."))
    db.expire_all()
    saved = db.get(Complication, row.id)
    assert (saved.kind, saved.kind_other, saved.site, saved.severity_grade, saved.serious) == (
        ComplicationKind.other, "tingling along the jaw", "jawline", 3, True)
    assert saved.serious_criterion == SeriousCriterion.medically_significant
    assert (saved.outcome, saved.resolution_date, saved.product_use_id) == (
        ComplicationOutcome.resolved, t - timedelta(days=1), uses[1].id)
    assert (saved.reported_regulator_ref, saved.reported_manufacturer_ref, saved.reported_insurer_ref) == (
        "HC-2026-001", "MFR-77", "INS-9")
    assert saved.patient_id == treated.patient_id and saved.recorded_by_id == practitioner.id
    assert db.get(FollowUp, fu.id).status == FollowUpStatus.complication
    # resolved: no complication check
    assert not db.exec(select(FollowUp).where(FollowUp.complication_id == row.id)).all()


def test_unresolved_complication_gets_its_own_follow_up(db, practitioner, treated):
    row = comp.record_complication(db, actor=practitioner, data=_valid(db, treated))
    check = db.exec(select(FollowUp).where(FollowUp.complication_id == row.id)).one()
    assert check.kind == FollowUpKind.complication_check
    assert check.due_date == today(db) + timedelta(days=comp.CHECK_AFTER_DAYS)


@pytest.mark.parametrize("over, field", [
    ({"onset_date": "before_treatment"}, "onset_date"),
    ({"onset_date": "future"}, "onset_date"),
    ({"outcome": ComplicationOutcome.resolved, "resolution_date": "before_onset"}, "resolution_date"),
    ({"outcome": ComplicationOutcome.resolved, "resolution_date": "future"}, "resolution_date"),
    ({"outcome": ComplicationOutcome.resolved, "resolution_date": None}, "resolution_date"),
    ({"kind": ComplicationKind.other, "kind_other": "  "}, "kind_other"),
    ({"severity_grade": 0}, "severity_grade"),
    ({"severity_grade": 6}, "severity_grade"),
    ({"product_use_id": "other_session"}, "product_use_id"),
    ({"reported_regulator_on": "future"}, "reported_regulator_on"),
    ({"serious": True, "serious_criterion": None}, "serious_criterion"),
])
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(db, practitioner, zoe, treated, over, field):
    t = today(db)
    other = record_session(db, practitioner, zoe.id, days_ago=30, batches=("LOT-ZZ",))
    values = {"before_treatment": t - timedelta(days=6), "future": t + timedelta(days=1),
              "before_onset": t - timedelta(days=4)}
    data = {}
    for key, value in over.items():
        if value == "other_session":
            value = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == other.id)).one().id
        data[key] = values.get(value, value) if isinstance(value, str) else value
    audits_before = len(db.exec(select(AuditEntry)).all())
    with pytest.raises(ValidationError) as err:
        comp.record_complication(db, actor=practitioner, data=_valid(db, treated, **data))
    assert field in err.value.errors, err.value.errors
    assert db.exec(select(Complication)).all() == []
    assert len(db.exec(select(AuditEntry)).all()) == audits_before


def test_amendment_keeps_the_earlier_version_field_by_field(db, practitioner, manager, treated):
    row = comp.record_complication(db, actor=practitioner, data=_valid(db, treated))
    t = today(db)
    form = comp.fields_of(row)
    with pytest.raises(ValidationError) as err:  # no reason
        comp.amend_complication(db, actor=manager, complication_id=row.id,
                                data=form.model_copy(update={"severity_grade": 2}))
    assert "reason" in err.value.errors
    amended = comp.amend_complication(db, actor=manager, complication_id=row.id, data=form.model_copy(update={
        "severity_grade": 2, "outcome": ComplicationOutcome.resolved, "resolution_date": t,
        "reason": "Reviewed at day 14"}))
    assert amended.version == 2 and amended.severity_grade == 2
    rev = db.exec(select(ComplicationRevision)).one()
    assert rev.version == 1 and rev.changed_by_id == manager.id and rev.reason == "Reviewed at day 14"
    assert rev.changes == {"severity_grade": [1, 2], "outcome": ["resolving", "resolved"],
                           "resolution_date": [None, t.isoformat()]}
    assert rev.snapshot["severity_grade"] == 1 and rev.snapshot["outcome"] == "resolving"
    history = comp.complication_history(db, row.id, actor=practitioner)
    assert [h.version for h in history] == [1, 2]
    assert [(c.label, c.old, c.new) for c in history[1].changes][:2] == [
        (msg_text("Severity grade"), f"1 — {msg_text('Mild')}", f"2 — {msg_text('Moderate')}"),
        (msg_text("Outcome"), msg_text("Resolving"), msg_text("Resolved"))]
    # resolved: the open complication check is cancelled, not deleted
    check = db.exec(select(FollowUp).where(FollowUp.complication_id == row.id)).one()
    assert check.status == FollowUpStatus.cancelled
    with pytest.raises(ValidationError) as err:
        comp.amend_complication(db, actor=manager, complication_id=row.id,
                                data=comp.fields_of(amended).model_copy(update={"reason": "again"}))
    assert "changes" in err.value.errors


def test_entered_in_error_is_kept_with_its_reason(db, practitioner, treated):
    row = comp.record_complication(db, actor=practitioner, data=_valid(db, treated))
    with pytest.raises(ValidationError):
        comp.mark_entered_in_error(db, actor=practitioner, complication_id=row.id, reason=" ")
    flagged = comp.mark_entered_in_error(db, actor=practitioner, complication_id=row.id, reason="wrong patient")
    assert flagged.entered_in_error and flagged.error_reason == "wrong patient" and flagged.version == 2
    assert db.get(Complication, row.id) is not None
    assert comp.complication_history(db, row.id, actor=practitioner)[-1].reason == "wrong patient"
    with pytest.raises(ClinicError):
        comp.amend_complication(db, actor=practitioner, complication_id=row.id,
                                data=comp.fields_of(flagged).model_copy(update={"site": "x", "reason": "y"}))


def test_receptionist_may_not_record_complications(db, receptionist, treated):
    with pytest.raises(PermissionDenied):
        comp.record_complication(db, actor=receptionist, data=_valid(db, treated))


def test_fts_search_follows_inserts_and_amendments(db, receptionist, zoe):
    from clinic_desktop.services.patients import PatientCreate, search_patients, update_patient
    from clinic_desktop.services.search import find_patient_hits

    assert [p.id for p in search_patients(db, "daly")] == [zoe.id]  # part of a compound name
    assert [p.id for p in search_patients(db, "555 0123")] == [zoe.id]  # end of the phone number
    assert [p.id for p in search_patients(db, "1990 05 17")] == [zoe.id]
    assert [h.display_name for h in find_patient_hits(db, "ZOË obr")] == ["Zoë O'Brien-Daly"]
    update_patient(db, actor=receptionist, patient_id=zoe.id, data=PatientCreate(
        given_names="Zoé", family_name="Côté", date_of_birth=zoe.date_of_birth, phone=zoe.phone),
        reason="Name misspelt at check-in")
    assert search_patients(db, "daly") == []
    assert [p.id for p in search_patients(db, "cote zoe")] == [zoe.id]


def test_state_text_says_how_overdue_an_open_follow_up_is():
    from datetime import date

    from clinic_desktop.models import FollowUp, FollowUpStatus
    from clinic_desktop.services.followups import state_text

    on = date(2026, 11, 30)
    def overdue(n):
        return msg_plural("overdue by {n} day", "overdue by {n} days", n).format(n=n)

    assert state_text(FollowUp(treatment_session_id=1, due_date=date(2026, 11, 20)), on) == overdue(10)
    assert state_text(FollowUp(treatment_session_id=1, due_date=date(2026, 11, 29)), on) == overdue(1)
    assert state_text(FollowUp(treatment_session_id=1, due_date=on), on) == msg_text("due today")
    assert state_text(FollowUp(treatment_session_id=1, due_date=date(2026, 12, 2),
                               status=FollowUpStatus.not_reached), on) == msg_plural(
        "due in {n} day", "due in {n} days", 2).format(n=2)
    assert state_text(FollowUp(treatment_session_id=1, due_date=date(2026, 11, 20),
                               status=FollowUpStatus.all_well), on) == msg_text("All well")


def test_the_product_choices_speak_the_readers_language(db, treated):
    """The complication form's product choices: "Product LOT-A1 — batch LOT-A1, expires 31 Jan 2030" (they
    read "— batch …, exp. 2030-01-31" in the French window)."""
    from datetime import date

    from clinic_desktop.services.messages import short_date
    from tests.language import speaking

    wording = {"en": "{product} — batch {batch}, expires {expiry}", "fr": "{product} — lot {batch}, expire le {expiry}"}
    for language, sentence in wording.items():
        with speaking(language):
            labels = [label for _id, label in comp.product_choices(db, treated.id)]
            assert labels == [sentence.format(product=f"Product {b}", batch=b, expiry=short_date(date(2030, 1, 31)))
                              for b in ("LOT-A1", "LOT-B2")]
            assert "2030-01-31" not in " ".join(labels)
