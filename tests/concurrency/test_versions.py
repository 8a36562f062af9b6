"""Stale copies are refused with who/when/what; follow-ups close exactly once; get-or-create never
collides; migration 0006 repairs duplicate revision numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from clinic_desktop.db.migrate import downgrade_database, upgrade_database
from clinic_desktop.models import (
    AuditEntry,
    Causality,
    ClinicProfile,
    Complication,
    ComplicationKind,
    ComplicationOutcome,
    ComplicationRevision,
    FollowUp,
    FollowUpStatus,
    ProductUse,
    ProtocolVersion,
    StaffMember,
)
from clinic_desktop.services import auth, followups, patients
from clinic_desktop.services import clinic as clinic_service
from clinic_desktop.services import complications as comp
from clinic_desktop.services.audit import verify_chain
from clinic_desktop.services.clinic import today
from clinic_desktop.services.concurrency import column_values, insert_ignore
from clinic_desktop.services.errors import ConflictError, ValidationError
from clinic_desktop.services.protocols import bundled_protocols, store_version
from tests.language import msg_like, msg_text
from tests.migration_helpers import revision_before


def _valid(db, ts, **over):
    uses = list(db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id)))
    data = dict(
        treatment_session_id=ts.id,
        kind=ComplicationKind.bruising,
        site="left cheek",
        onset_date=today(db) - timedelta(days=3),
        severity_grade=1,
        outcome=ComplicationOutcome.resolving,
        product_use_id=uses[0].id,
        causality=Causality.undetermined,
        action_taken="cold compress",
    )
    data.update(over)
    return comp.ComplicationCreate(**data)


def _first_follow_up(db, ts) -> FollowUp:
    return db.exec(
        select(FollowUp).where(FollowUp.treatment_session_id == ts.id).order_by(FollowUp.due_date)
    ).first()


def test_a_stale_amendment_is_refused_and_the_managers_change_stays(db, practitioner, manager, treated):
    """The field report: a manager's causality change silently reverted by an already-open amendment form."""
    row = comp.record_complication(db, actor=practitioner, data=_valid(db, treated))
    read_version = row.version
    practitioner_form = comp.fields_of(row)  # the practitioner opens the amendment form
    comp.amend_complication(
        db,
        actor=manager,
        complication_id=row.id,
        expected_version=read_version,
        data=comp.fields_of(row).model_copy(
            update={"causality": Causality.related, "reason": "Reviewed the batch"}
        ),
    )
    with pytest.raises(ConflictError) as err:
        comp.amend_complication(
            db,
            actor=practitioner,
            complication_id=row.id,
            expected_version=read_version,
            data=practitioner_form.model_copy(update={"site": "right cheek", "reason": "Site was wrong"}),
        )
    conflict = err.value
    assert conflict.changed_by == "Mona Manager"
    assert conflict.fields == ("causality",)
    assert conflict.current_version == 2
    assert conflict.changed_at is not None and conflict.changed_at.tzinfo is not None
    assert msg_like("{who} changed {record} at {time} on {date} after you opened it, so your changes were not "
                    "saved.", who="Mona Manager", record=msg_text("this complication")).search(str(conflict))
    assert msg_text("Changed: {fields}.").format(fields=msg_text("Causality").lower()) in str(conflict)
    assert msg_text("Choose Reload to see the record as it is now — what you typed stays in the form — then save "
                    "again.") in str(conflict)
    db.expire_all()
    saved = db.get(Complication, row.id)
    assert saved.causality == Causality.related and saved.site == "left cheek" and saved.version == 2
    assert len(db.exec(select(ComplicationRevision)).all()) == 1
    # reloaded (version 2), her change goes through and keeps the manager's
    again = comp.amend_complication(
        db,
        actor=practitioner,
        complication_id=row.id,
        expected_version=2,
        data=comp.fields_of(saved).model_copy(update={"site": "right cheek", "reason": "Site was wrong"}),
    )
    assert (again.version, again.causality, again.site) == (3, Causality.related, "right cheek")


def test_a_concurrent_flush_from_a_stale_session_becomes_the_same_conflict(
    engine, db, practitioner, manager, treated
):
    """No expected_version given: SQLAlchemy's UPDATE … WHERE version=<read> still refuses the stale copy."""
    row = comp.record_complication(db, actor=practitioner, data=_valid(db, treated))
    with (
        Session(engine, expire_on_commit=False) as window_a,
        Session(engine, expire_on_commit=False) as window_b,
    ):
        stale = comp.get_complication(window_a, row.id, actor=practitioner)  # read, kept in window A's identity map
        assert stale.version == 1
        comp.amend_complication(
            window_b,
            actor=manager,
            complication_id=row.id,
            data=comp.fields_of(row).model_copy(update={"severity_grade": 2, "reason": "r"}),
        )
        with pytest.raises(ConflictError) as err:
            comp.amend_complication(
                window_a,
                actor=practitioner,
                complication_id=row.id,
                data=comp.fields_of(stale).model_copy(update={"notes": "n", "reason": "r"}),
            )
        assert err.value.changed_by == "Mona Manager" and "severity_grade" in err.value.fields
    db.expire_all()
    assert db.get(Complication, row.id).version == 2
    assert [r.version for r in db.exec(select(ComplicationRevision))] == [1]
    assert verify_chain(db).ok


def test_revision_numbers_are_unique_per_complication(db, practitioner, treated):
    row = comp.record_complication(db, actor=practitioner, data=_valid(db, treated))
    db.add(ComplicationRevision(complication_id=row.id, version=1, changed_by_id=practitioner.id))
    db.commit()
    db.add(ComplicationRevision(complication_id=row.id, version=1, changed_by_id=practitioner.id))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_all_well_and_a_complication_from_the_same_follow_up_cannot_both_be_accepted(
    engine, db, practitioner, manager, treated
):
    fu = _first_follow_up(db, treated)
    with Session(engine, expire_on_commit=False) as desk, Session(engine, expire_on_commit=False) as room:
        seen_by_room = room.get(FollowUp, fu.id)  # both open the same follow-up
        assert seen_by_room.status == FollowUpStatus.pending
        followups.record_all_well(desk, actor=manager, follow_up_id=fu.id, expected_version=fu.version)
        with pytest.raises(ConflictError) as err:
            comp.record_complication(
                room,
                actor=practitioner,
                data=_valid(room, treated, follow_up_id=fu.id),
                follow_up_version=seen_by_room.version,
            )
        assert err.value.changed_by == "Mona Manager" and "status" in err.value.fields
    db.expire_all()
    assert db.get(FollowUp, fu.id).status == FollowUpStatus.all_well
    assert db.exec(select(Complication)).all() == []  # nothing of the refused change was saved
    with pytest.raises(ValidationError):  # and a second "All well" is told it was already recorded
        followups.record_all_well(db, actor=practitioner, follow_up_id=fu.id)


def test_not_reached_from_a_stale_dialog_does_not_overwrite_the_note(db, practitioner, manager, treated):
    fu = _first_follow_up(db, treated)
    version = fu.version
    followups.record_not_reached(
        db,
        actor=manager,
        follow_up_id=fu.id,
        reschedule_to=today(db),
        notes="voicemail",
        expected_version=version,
    )
    with pytest.raises(ConflictError):
        followups.record_all_well(db, actor=practitioner, follow_up_id=fu.id, expected_version=version)
    db.expire_all()
    row = db.get(FollowUp, fu.id)
    assert (
        row.status == FollowUpStatus.not_reached and "voicemail" in row.notes and row.version == version + 1
    )


def test_patient_and_clinic_profile_refuse_stale_copies(db, receptionist, manager, zoe, clinic):
    form = patients.PatientCreate(
        given_names=zoe.given_names,
        family_name=zoe.family_name,
        date_of_birth=zoe.date_of_birth,
        phone="+1 416 555 0000",
    )
    patients.update_patient(db, actor=manager, patient_id=zoe.id, data=form, expected_version=zoe.version)
    with pytest.raises(ConflictError) as err:
        patients.update_patient(
            db,
            actor=receptionist,
            patient_id=zoe.id,
            expected_version=1,
            data=form.model_copy(update={"email": "zoe@example.org"}),
        )
    assert err.value.changed_by == "Mona Manager" and err.value.fields == ("phone",)
    assert "Phone" not in str(err.value) or "phone" in str(err.value)
    profile = clinic_service.get_clinic_profile(db)
    data = clinic_service.ClinicProfileUpdate(name="Clinique Lumière", timezone="America/Toronto")
    read = profile.version
    clinic_service.update_clinic_profile(
        db, actor=manager, data=data.model_copy(update={"phone": "1"}), expected_version=read
    )
    with pytest.raises(ConflictError) as err:
        clinic_service.update_clinic_profile(db, actor=manager, data=data, expected_version=read)
    assert msg_text("the clinic profile") in str(err.value) and "phone" in err.value.fields


def test_account_changes_raise_the_access_epoch_and_refuse_stale_copies(db, admin, practitioner):
    before = practitioner.access_epoch
    version = practitioner.version
    auth.update_staff_role(
        db, actor=admin, staff_id=practitioner.id, role="manager", expected_version=version
    )
    with pytest.raises(ConflictError) as err:
        auth.deactivate_staff(db, actor=admin, staff_id=practitioner.id, expected_version=version)
    assert "role" in err.value.fields
    db.expire_all()
    member = db.get(StaffMember, practitioner.id)
    assert member.active and member.access_epoch == before + 1


def test_get_or_create_paths_never_collide(engine, db):
    with Session(engine) as other:  # another workstation created the profile first
        first = clinic_service.get_clinic_profile(other)
    insert_ignore(
        db, ClinicProfile, [column_values(ClinicProfile(id=1, name="Second"))], index_elements=["id"]
    )
    db.commit()
    assert [p.name for p in db.exec(select(ClinicProfile))] == [first.name]
    bundled = next(iter(bundled_protocols().values()))
    with Session(engine) as other:
        store_version(other, bundled)
        other.commit()
    row = store_version(db, bundled)  # already there: the same row, no unique violation
    db.commit()
    assert len(db.exec(select(ProtocolVersion)).all()) == 1 and row.sha256 == bundled.sha256


def test_migration_renumbers_duplicate_revisions_on_a_populated_database(engine, db, practitioner, treated):
    """Databases from before 0006 hold duplicate (complication, version) pairs from lost updates."""
    row = comp.record_complication(db, actor=practitioner, data=_valid(db, treated))
    db.close()
    downgrade_database(engine, revision_before("0006"))
    assert "database_epoch" not in inspect(engine).get_table_names()
    with engine.begin() as conn:  # what two workstations left behind: three revisions, two numbered 2
        table = ComplicationRevision.__table__
        for number in (1, 2, 2):
            conn.execute(
                insert(table).values(
                    complication_id=row.id,
                    version=number,
                    changed_by_id=practitioner.id,
                    changed_at=row.recorded_at,
                    reason="",
                    changes={},
                    snapshot={},
                )
            )
        conn.exec_driver_sql("UPDATE complication SET version = 3")
    upgrade_database(engine, backup_before_migrating=False)
    with Session(engine) as s:
        numbers = [r.version for r in s.exec(select(ComplicationRevision).order_by(ComplicationRevision.id))]
        assert numbers == [1, 2, 3]
        assert s.get(Complication, row.id).version == 4
        assert s.get(StaffMember, practitioner.id).version == 1
        assert verify_chain(s).ok and s.exec(select(AuditEntry)).first() is not None
    downgrade_database(engine, revision_before("0006"))
    upgrade_database(engine, backup_before_migrating=False)


def test_wrong_passwords_at_two_workstations_at_once_are_both_counted(engine, db):
    from clinic_desktop.services.errors import AuthenticationError

    ada = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password="a long secret phrase")
    with Session(engine, expire_on_commit=False) as desk, Session(engine, expire_on_commit=False) as room:
        desk_copy = desk.get(StaffMember, ada.id)  # the desk's copy (held): read before the room's failure
        assert desk_copy.failed_logins == 0
        with pytest.raises(AuthenticationError):
            auth.authenticate(room, username="ada", password="wrong one")
        with pytest.raises(AuthenticationError):  # not StaleDataError: tried again on a fresh read
            auth.authenticate(desk, username="ada", password="wrong two")
    db.expire_all()
    assert db.get(StaffMember, ada.id).failed_logins == 2
