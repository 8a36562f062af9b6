"""Staff accounts: first administrator, sign-in with counted failures and lockout, account administration."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from clinic_desktop.models import AuditEntry, Role, StaffMember, utcnow
from clinic_desktop.services import audit, auth
from clinic_desktop.services.errors import AuthenticationError, PermissionDenied, ValidationError
from tests.language import msg_like, msg_plural, msg_text

PASSWORD = "a long secret phrase"
WRONG = "The user name or password is not right."


def _seconds(n: int) -> str:
    return msg_plural("{n} second", "{n} seconds", n).format(n=n)


def _wait_refusal(n: int) -> str:
    """The refusal of a wrong password that starts a wait of ``n`` seconds, in the run's language."""
    return msg_text("{wrong} Please wait {wait_text} before trying again.").format(wrong=msg_text(WRONG),
                                                                                   wait_text=_seconds(n))


def _actions(db) -> list[str]:
    return [e.action for e in db.exec(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.fixture
def ada(db) -> StaffMember:
    return auth.create_first_admin(db, full_name="Ada Admin", username="Ada", password=PASSWORD)


def test_first_start_needs_an_administrator_and_stores_only_an_argon2id_hash(db):
    assert auth.needs_first_admin(db)
    admin = auth.create_first_admin(db, full_name=" Ada Admin ", username=" Ada ", password=PASSWORD)
    assert not auth.needs_first_admin(db)
    stored = db.get(StaffMember, admin.id)
    assert (stored.full_name, stored.username, stored.role) == ("Ada Admin", "ada", Role.admin)
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert _actions(db) == ["staff.create"]
    with pytest.raises(AuthenticationError,
                       match=re.escape(msg_text("An administrator already exists; ask them to create your account."))):
        auth.create_first_admin(db, full_name="Eve", username="eve", password=PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Enter a password."),
        ("   ", "Enter a password."),
        ("short", "Use at least {min_password_length} characters; a short sentence is easy to remember."),
        ("ada12345", "The password must not be the user name."),
    ],
)
def test_weak_first_passwords_are_refused_with_the_field_named(db, password, message):
    username = "ada12345"
    expected = msg_text(message).format(min_password_length=auth.MIN_PASSWORD_LENGTH)
    with pytest.raises(ValidationError, match=re.escape(expected)) as err:
        auth.create_first_admin(db, full_name="Ada", username=username, password=password)
    assert "password" in err.value.errors
    assert db.exec(select(StaffMember)).all() == []


def test_bad_names_are_refused_per_field(db):
    with pytest.raises(ValidationError) as err:
        auth.create_first_admin(db, full_name="", username="A B!", password=PASSWORD)
    assert set(err.value.errors) == {"full_name", "username"}


def test_sign_in_is_case_blind_on_the_user_name_and_audited(db, ada):
    member = auth.authenticate(db, username="ADA", password=PASSWORD)
    assert member.id == ada.id
    assert _actions(db)[-1] == "login.success"


@pytest.mark.parametrize(
    ("username", "password", "error"),
    [
        ("", PASSWORD, ValidationError),
        ("ada", "", ValidationError),
        ("ada", "wrong password!", AuthenticationError),
        ("nobody", PASSWORD, AuthenticationError),
    ],
)
def test_bad_sign_ins_are_refused(db, ada, username, password, error):
    with pytest.raises(error):
        auth.authenticate(db, username=username, password=password)


def test_failed_sign_ins_are_counted_audited_and_slowed_down_then_reset(db, ada):
    now = utcnow()
    for attempt in range(1, auth.FREE_ATTEMPTS):
        with pytest.raises(AuthenticationError, match=f"^{re.escape(msg_text(WRONG))}$"):
            auth.authenticate(db, username="ada", password="wrong password", now=now)
        assert db.get(StaffMember, ada.id).failed_logins == attempt
        assert db.get(StaffMember, ada.id).locked_until is None
    with pytest.raises(AuthenticationError, match=re.escape(_wait_refusal(30))):
        auth.authenticate(db, username="ada", password="wrong password", now=now)
    stored = db.get(StaffMember, ada.id)
    assert stored.locked_until == now + timedelta(seconds=30)
    # while locked even the right password is refused, and the refusal is audited
    with pytest.raises(AuthenticationError, match=msg_like(
            "Too many wrong passwords for {user}. Try again in {wait_text}, or ask an administrator to reset the "
            "password.", user="ada")):
        auth.authenticate(db, username="ada", password=PASSWORD, now=now + timedelta(seconds=10))
    failed = list(db.exec(select(AuditEntry).where(AuditEntry.action == "login.failed")))
    assert [e.details["reason"] for e in failed] == ["wrong password"] * 3 + ["locked"]
    # the next failure after the wait doubles the delay
    later = now + timedelta(seconds=31)
    with pytest.raises(AuthenticationError, match=re.escape(_wait_refusal(60))):
        auth.authenticate(db, username="ada", password="wrong again", now=later)
    # the right password after the wait signs in and clears the counter
    member = auth.authenticate(db, username="ada", password=PASSWORD, now=later + timedelta(seconds=61))
    assert (member.failed_logins, member.locked_until) == (0, None)
    assert audit.verify_chain(db).ok


def test_lockout_delay_grows_and_is_capped():
    delays = [auth.lockout_delay(n) for n in range(1, 12)]
    assert delays[:2] == [timedelta(0), timedelta(0)]
    assert delays[2:5] == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert max(delays) == auth.MAX_LOCKOUT


def test_admin_manages_staff_and_each_change_is_audited(db, ada):
    rita = auth.create_staff(
        db,
        actor=ada,
        full_name="Rita Reception",
        username="rita",
        role="receptionist",
        password="rita's own secret",
    )
    auth.update_staff_role(db, actor=ada, staff_id=rita.id, role=Role.practitioner)
    auth.set_password(db, actor=ada, staff_id=rita.id, password="a brand new secret")
    assert auth.authenticate(db, username="rita", password="a brand new secret").role == Role.practitioner
    auth.deactivate_staff(db, actor=ada, staff_id=rita.id)
    with pytest.raises(AuthenticationError):
        auth.authenticate(db, username="rita", password="a brand new secret")
    auth.reactivate_staff(db, actor=ada, staff_id=rita.id)
    assert _actions(db)[1:] == [
        "staff.create",
        "staff.role_change",
        "staff.password_reset",
        "login.success",
        "staff.deactivate",
        "login.failed",
        "staff.reactivate",
    ]
    change = db.exec(select(AuditEntry).where(AuditEntry.action == "staff.role_change")).one()
    assert change.details == {"username": "rita", "from": "receptionist", "to": "practitioner"}
    assert "a brand new secret" not in str([e.details for e in db.exec(select(AuditEntry))])


def test_password_reset_clears_a_lockout(db, ada):
    rita = auth.create_staff(
        db, actor=ada, full_name="Rita", username="rita", role="receptionist", password="rita's own secret"
    )
    rita.failed_logins, rita.locked_until = 9, utcnow() + timedelta(minutes=15)
    db.add(rita)
    db.commit()
    auth.set_password(db, actor=ada, staff_id=rita.id, password="a brand new secret")
    assert auth.authenticate(db, username="rita", password="a brand new secret").failed_logins == 0


def test_duplicate_user_name_is_refused(db, ada):
    with pytest.raises(ValidationError, match=re.escape(msg_text("The user name “{user}” is already taken.")
                                                        .format(user="ada"))) as err:
        auth.create_staff(db, actor=ada, full_name="Ada Two", username="ADA", role="admin", password=PASSWORD)
    assert list(err.value.errors) == ["username"]


def test_the_last_administrator_cannot_be_demoted_or_deactivated(db, ada):
    only_admin = "{full_name} is the only administrator. Make someone else an administrator first."
    with pytest.raises(ValidationError, match=re.escape(msg_text(only_admin).format(full_name="Ada Admin"))) as err:
        auth.update_staff_role(db, actor=ada, staff_id=ada.id, role=Role.manager)
    assert list(err.value.errors) == ["role"]
    with pytest.raises(ValidationError, match=re.escape(msg_text("You cannot deactivate your own account."))):
        auth.deactivate_staff(db, actor=ada, staff_id=ada.id)
    bob = auth.create_staff(
        db, actor=ada, full_name="Bob Admin", username="bob", role="admin", password=PASSWORD
    )
    auth.update_staff_role(db, actor=bob, staff_id=ada.id, role=Role.manager)  # now allowed: Bob remains
    with pytest.raises(ValidationError, match=re.escape(msg_text(only_admin).format(full_name="Bob Admin"))):
        auth.update_staff_role(db, actor=bob, staff_id=bob.id, role=Role.manager)
    assert db.get(StaffMember, bob.id).role == Role.admin


def test_a_demoted_admin_loses_admin_rights_at_once(db, ada):
    bob = auth.create_staff(
        db, actor=ada, full_name="Bob Admin", username="bob", role="admin", password=PASSWORD
    )
    stale_ada = StaffMember(**ada.model_dump())  # the object the UI still holds
    auth.update_staff_role(db, actor=bob, staff_id=ada.id, role=Role.manager)
    with pytest.raises(PermissionDenied, match=re.escape(msg_text("{name} ({role}) may not manage staff accounts.")
                                                         .format(name="Ada Admin", role=msg_text("manager")))):
        auth.create_staff(db, actor=stale_ada, full_name="X", username="x1", role="admin", password=PASSWORD)


def test_change_own_password_needs_the_current_one(db, ada):
    with pytest.raises(ValidationError) as err:
        auth.change_own_password(db, actor=ada, current_password="nope", new_password="something longer")
    assert list(err.value.errors) == ["current_password"]
    auth.change_own_password(db, actor=ada, current_password=PASSWORD, new_password="something longer")
    assert auth.authenticate(db, username="ada", password="something longer").id == ada.id


def test_staff_without_a_password_cannot_sign_in(db, receptionist):
    with pytest.raises(AuthenticationError, match=re.escape(
            msg_text("This account has no password yet; ask an administrator to set one."))):
        auth.authenticate(db, username="rita", password="anything at all")
