"""Changing a protocol's waiting times on a sheet is a practitioner's decision (issue #14, item 8).

Practitioners, managers and administrators may; a receptionist only where the clinic profile allows it.
Enforced in services.checkout.prepare_sheet (which every print and save goes through), audited on refusal.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from clinic_desktop.aftercare.sheet_inputs import Adjustment
from clinic_desktop.models import AftercareIssuance, AuditEntry, Role, StaffMember
from clinic_desktop.services import checkout
from clinic_desktop.services.clinic import ClinicProfileUpdate, get_clinic_profile, update_clinic_profile
from clinic_desktop.services.errors import PermissionDenied
from tests.language import msg_text

from .helpers import TORONTO, patient, toronto_clinic, treatment

LONGER = [Adjustment(kind="extend", restriction_key="makeup", hours=96)]


@pytest.fixture
def visit(db, practitioner, receptionist):
    toronto_clinic(db)
    p = patient(db, receptionist)
    return treatment(db, practitioner, p.id, practitioner.id, datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO))


def _member(db, role: Role) -> StaffMember:
    member = StaffMember(full_name=f"Someone {role.value}", username=f"x-{role.value}", role=role)
    db.add(member)
    db.commit()
    return member


def _allow_receptionists(db, manager, allow: bool) -> None:
    profile = get_clinic_profile(db)
    update_clinic_profile(
        db,
        actor=manager,
        expected_version=profile.version,
        data=ClinicProfileUpdate(
            name=profile.name,
            emergency_phone=profile.emergency_phone,
            timezone=profile.timezone,
            receptionists_may_lengthen_waits=allow,
        ),
    )


@pytest.mark.parametrize("role", [Role.practitioner, Role.manager, Role.admin])
def test_practitioners_managers_and_admins_may_lengthen_a_wait(db, visit, tmp_path, role):
    actor = _member(db, role)
    assert checkout.may_change_waits(db, actor)
    issuance, _path = checkout.save_sheet(
        db, actor=actor, treatment_session_id=visit.id, path=tmp_path / "sheet.pdf", adjustments=LONGER
    )
    row = db.get(AftercareIssuance, issuance.id)
    assert [(a["restriction_key"], a["hours"]) for a in row.adjustments] == [("makeup", 96)]


def test_a_receptionist_may_not_lengthen_a_wait_and_the_refusal_is_audited(db, receptionist, visit, tmp_path):
    assert not checkout.may_change_waits(db, receptionist)
    with pytest.raises(PermissionDenied) as err:
        checkout.save_sheet(
            db, actor=receptionist, treatment_session_id=visit.id, path=tmp_path / "s.pdf", adjustments=LONGER
        )
    refusal = msg_text("{name} ({role}) may not change the waiting times of an aftercare sheet (a "
                       "practitioner's decision).").format(name=receptionist.full_name,
                                                           role=msg_text("receptionist"))
    assert refusal in str(err.value)
    assert db.exec(select(AftercareIssuance)).all() == []
    assert not (tmp_path / "s.pdf").exists()
    refused = db.exec(select(AuditEntry).where(AuditEntry.action == "permission.refused")).all()
    assert len(refused) == 1 and refused[0].actor_id == receptionist.id
    # the same receptionist still prints the protocol's own waits and a personal note
    sheet = checkout.prepare_sheet(
        db,
        actor=receptionist,
        treatment_session_id=visit.id,
        adjustments=[Adjustment(kind="note", text="Ice twice a day")],
    )
    assert sheet.inputs.adjustments[0].text == "Ice twice a day"


def test_a_clinic_can_allow_its_receptionists_and_take_it_back(db, manager, receptionist, visit, tmp_path):
    _allow_receptionists(db, manager, True)
    assert get_clinic_profile(db).receptionists_may_lengthen_waits
    assert checkout.may_change_waits(db, receptionist)
    sheet = checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=visit.id, adjustments=LONGER)
    assert sheet.inputs.adjustments[0].hours == 96
    _allow_receptionists(db, manager, False)
    assert not checkout.may_change_waits(db, receptionist)
    with pytest.raises(PermissionDenied):
        checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=visit.id, adjustments=LONGER)


def test_saving_the_profile_without_the_setting_keeps_it(db, manager):
    _allow_receptionists(db, manager, True)
    profile = get_clinic_profile(db)
    update_clinic_profile(
        db,
        actor=manager,
        expected_version=profile.version,
        data=ClinicProfileUpdate(
            name="Renamed", emergency_phone=profile.emergency_phone, timezone=profile.timezone
        ),
    )
    db.expire_all()
    assert get_clinic_profile(db).receptionists_may_lengthen_waits is True


def test_a_role_lowered_in_the_database_counts_not_the_object_in_memory(db, visit):
    actor = _member(db, Role.practitioner)
    from sqlalchemy import update

    db.expunge(actor)  # the window's copy of the signed-in member, not the database row

    db.exec(update(StaffMember).where(StaffMember.id == actor.id).values(role=Role.receptionist))
    db.commit()
    actor.role = Role.practitioner  # a stale copy still says practitioner
    with pytest.raises(PermissionDenied):
        checkout.prepare_sheet(db, actor=actor, treatment_session_id=visit.id, adjustments=LONGER)
