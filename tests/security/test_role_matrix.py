"""Roles enforced below the UI: every (role, permission) pair behaves as ROLE_PERMISSIONS says (issue #6)."""

from __future__ import annotations

import itertools
import re

import pytest
from sqlmodel import Session, select

from clinic_desktop.db import open_database
from clinic_desktop.models import AuditEntry, Role, StaffMember
from clinic_desktop.services import audit, auth, backups
from clinic_desktop.services.errors import PermissionDenied
from clinic_desktop.services.permissions import ROLE_PERMISSIONS, Permission, allowed, require
from tests.language import msg_text

# The matrix from the issue, written out independently of the code so a drift in either shows up.
EXPECTED = {
    Role.receptionist: {"view_patients", "edit_patients", "check_in", "print_aftercare"},
    Role.practitioner: {
        "view_patients",
        "edit_patients",
        "check_in",
        "print_aftercare",
        "view_clinical",
        "record_treatment_session",
        "record_follow_up",
        "record_complication",
        "lengthen_waits",  # issue #14: changing a sheet's waiting times is a practitioner's decision
    },
    Role.manager: {
        "view_patients",
        "edit_patients",
        "check_in",
        "print_aftercare",
        "view_clinical",
        "record_treatment_session",
        "record_follow_up",
        "record_complication",
        "lengthen_waits",
        "view_reports",
        "export_identified",
        "approve_protocol",
        "edit_clinic_profile",
        "view_audit",
        "manage_catalogue",  # issue #11: a manager merges two spellings of a product
    },
    Role.admin: {p.value for p in Permission},
}


_counter = itertools.count(1)


@pytest.fixture(scope="module")
def matrix_engine(tmp_path_factory):
    """One migrated database for the whole matrix (each test adds its own uniquely named staff)."""
    eng = open_database(tmp_path_factory.mktemp("matrix") / "clinic.sqlite3")
    yield eng
    eng.dispose()


@pytest.fixture
def mdb(matrix_engine):
    with Session(matrix_engine, expire_on_commit=False) as session:
        yield session


def _staff(db, role: Role) -> StaffMember:
    n = next(_counter)
    member = StaffMember(full_name=f"Test {role.value} {n}", username=f"t-{role.value}-{n}", role=role)
    db.add(member)
    db.commit()
    return member


def _refusals(db) -> list[AuditEntry]:
    return list(db.exec(select(AuditEntry).where(AuditEntry.action == "permission.refused")))


def test_matrix_matches_the_issue():
    assert {role: {p.value for p in perms} for role, perms in ROLE_PERMISSIONS.items()} == EXPECTED


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("permission", list(Permission), ids=lambda p: p.value)
def test_require_allows_or_refuses_and_audits(mdb, role, permission):
    db = mdb
    member = _staff(db, role)
    expected = permission.value in EXPECTED[role]
    assert allowed(member, permission) is expected
    before = len(_refusals(db))
    if expected:
        assert require(db, member, permission) is member
        assert len(_refusals(db)) == before
    else:
        with pytest.raises(PermissionDenied, match=member.full_name):
            require(db, member, permission)
        refusals = _refusals(db)
        assert len(refusals) == before + 1
        last = refusals[-1]
        assert last.actor_id == member.id
        assert last.details["permission"] == permission.value
        assert last.details["role"] == role.value
    assert audit.verify_chain(db).ok


def test_no_actor_is_refused_and_audited(db):
    with pytest.raises(PermissionDenied, match=f"^{re.escape(msg_text('Please sign in first.'))}$"):
        require(db, None, Permission.view_patients)
    assert _refusals(db)[-1].actor_id is None


def test_deactivated_staff_member_is_refused_everything(db):
    member = _staff(db, Role.admin)
    member.active = False
    db.add(member)
    db.commit()
    for permission in Permission:
        with pytest.raises(PermissionDenied, match=re.escape(
                msg_text("The account of {name} is deactivated.").format(name=member.full_name))):
            require(db, member, permission)


def test_role_is_read_from_the_database_not_from_the_object(db, receptionist):
    """A stale or tampered in-memory StaffMember gets no more than its stored row allows."""
    receptionist.role = Role.admin  # in memory only, never committed
    with pytest.raises(PermissionDenied, match=re.escape(msg_text("{name} ({role}) may not manage staff accounts.")
                                                         .format(name=receptionist.full_name,
                                                                 role=msg_text("receptionist")))):
        require(db, receptionist, Permission.manage_staff)
    db.rollback()
    forged = StaffMember(id=receptionist.id, full_name="Forged", username="forged", role=Role.admin)
    with pytest.raises(PermissionDenied):
        require(db, forged, Permission.manage_backups)


# ---- the issue's services of this module, for each role: allowed or refused as the matrix says

SERVICE_CALLS = {
    "list_staff": (Permission.manage_staff, lambda db, actor, other: auth.list_staff(db, actor=actor)),
    "create_staff": (
        Permission.manage_staff,
        lambda db, actor, other: auth.create_staff(
            db,
            actor=actor,
            full_name="New Person",
            username=f"newperson-{next(_counter)}",
            role=Role.receptionist,
            password="a long enough secret",
        ),
    ),
    "update_staff_role": (
        Permission.manage_staff,
        lambda db, actor, other: auth.update_staff_role(
            db, actor=actor, staff_id=other.id, role=Role.practitioner
        ),
    ),
    "set_password": (
        Permission.manage_staff,
        lambda db, actor, other: auth.set_password(
            db, actor=actor, staff_id=other.id, password="another long secret"
        ),
    ),
    "deactivate_staff": (
        Permission.manage_staff,
        lambda db, actor, other: auth.deactivate_staff(db, actor=actor, staff_id=other.id),
    ),
    "backup_now": (Permission.manage_backups, lambda db, actor, other: backups.backup_now(db, actor=actor)),
    "audit.verify": (Permission.view_audit, lambda db, actor, other: audit.verify(db, actor=actor)),
    "audit.list_entries": (
        Permission.view_audit,
        lambda db, actor, other: audit.list_entries(db, actor=actor),
    ),
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("service", sorted(SERVICE_CALLS))
def test_services_follow_the_matrix(mdb, role, service):
    db = mdb
    permission, call = SERVICE_CALLS[service]
    actor = _staff(db, role)
    other = StaffMember(full_name="Other Person", username=f"other-{next(_counter)}", role=Role.receptionist)
    db.add(other)
    db.commit()
    staff_before = {(m.id, m.role, m.active) for m in db.exec(select(StaffMember))}
    if permission.value in EXPECTED[role]:
        call(db, actor, other)
    else:
        with pytest.raises(PermissionDenied):
            call(db, actor, other)
        db.expire_all()
        assert {
            (m.id, m.role, m.active) for m in db.exec(select(StaffMember))
        } == staff_before  # nothing changed
        assert _refusals(db)[-1].details["permission"] == permission.value


# ---- clinical reads (issue #13 item 15): receptionists see that a patient had a complication, not what it was


@pytest.fixture
def clinical_case(db, practitioner, receptionist):
    """A patient with a treatment session, a complication (site 'left cheek', grade 2) and a follow-up note."""
    from datetime import timedelta

    from clinic_desktop.models import ComplicationKind, FollowUp
    from clinic_desktop.services import complications as comp
    from clinic_desktop.services import followups
    from clinic_desktop.services.clinic import today
    from tests.complications.conftest import record_session
    from tests.services.helpers import patient

    p = patient(db, receptionist)
    ts = record_session(db, practitioner, p.id)
    [first, *_] = db.exec(select(FollowUp).where(FollowUp.treatment_session_id == ts.id)
                          .order_by(FollowUp.due_date)).all()
    followups.record_all_well(db, actor=practitioner, follow_up_id=first.id, notes="mild redness near the eye")
    row = comp.record_complication(db, actor=practitioner, data=comp.ComplicationCreate(
        treatment_session_id=ts.id, kind=ComplicationKind.bruising, site="left cheek",
        onset_date=today(db) - timedelta(days=4), severity_grade=2, action_taken="Cold compress"))
    return p, row, first


CLINICAL_READS = {
    "get_complication": lambda db, actor, case: __import__(
        "clinic_desktop.services.complications", fromlist=["x"]).get_complication(db, case[1].id, actor=actor),
    "complication_history": lambda db, actor, case: __import__(
        "clinic_desktop.services.complications", fromlist=["x"]).complication_history(db, case[1].id, actor=actor),
    "complications_for_patient": lambda db, actor, case: __import__(
        "clinic_desktop.services.complications", fromlist=["x"]).complications_for_patient(
            db, case[0].id, actor=actor),
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("service", sorted(CLINICAL_READS))
def test_clinical_reads_need_view_clinical(db, clinical_case, role, service):
    actor = _staff(db, role)
    if "view_clinical" in EXPECTED[role]:
        assert CLINICAL_READS[service](db, actor, clinical_case)
    else:
        with pytest.raises(PermissionDenied):
            CLINICAL_READS[service](db, actor, clinical_case)
        assert _refusals(db)[-1].details["permission"] == "view_clinical"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_timeline_and_follow_up_show_a_receptionist_that_there_is_a_complication_only(db, clinical_case, role):
    from clinic_desktop.services import followups
    from clinic_desktop.services.complications import complication_count
    from clinic_desktop.services.timeline import patient_timeline

    p, row, first = clinical_case
    actor = _staff(db, role)
    events = patient_timeline(db, actor=actor, patient_id=p.id)
    text = " ".join(f"{e.title} {e.detail}" for e in events)
    [event] = [e for e in events if e.kind == "complication"]
    detail = followups.follow_up_detail(db, actor=actor, follow_up_id=first.id)
    assert complication_count(db, actor=actor, patient_id=p.id) == 1 == detail.complication_count
    if role == Role.receptionist:
        assert event.title == msg_text("Complication recorded")
        assert event.detail == msg_text("Details are for clinical staff: pass the call to a practitioner.")
        for secret in ("left cheek", "Bruising", msg_text("Bruising"), "grade",
                       msg_text("grade {grade}").format(grade=2), "mild redness"):
            assert secret not in text
        assert detail.complications == [] and detail.follow_up.notes == "" and not detail.clinical_detail
        db.expire_all()  # nothing was changed in the database by hiding it
        from clinic_desktop.models import FollowUp

        assert "mild redness" in db.get(FollowUp, first.id).notes
    else:
        assert "left cheek" in text and "mild redness" in text
        assert [c.id for c in detail.complications] == [row.id]
