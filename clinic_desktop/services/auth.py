"""Staff accounts: first administrator, sign-in with counted failures, and account administration.

Passwords are chosen by each person (there is no default password anywhere) and stored as argon2id hashes
(argon2-cffi's defaults, rehashed at sign-in when those defaults grow). Failed sign-ins are counted per
account; from the :data:`FREE_ATTEMPTS`-th failure on, the account is refused until ``locked_until``, a
delay that doubles with every further failure (see :func:`lockout_delay`). Nothing here sleeps: the
slowdown is stored in the database, so it holds across restarts and workstations.

Every account change needs the ``manage_staff`` permission (admin), is audited, and is refused if it
would leave the clinic without an active administrator.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import or_, update
from sqlmodel import Session, col, func, select

from clinic_desktop.models import Role, StaffMember, utcnow
from clinic_desktop.services import audit
from clinic_desktop.services import messages
from clinic_desktop.services.messages import N_, _, ngettext
from clinic_desktop.services.errors import AuthenticationError, NotFound, ValidationError
from clinic_desktop.services.limits import check_id, text_problem
from clinic_desktop.services.password_rules import MIN_PASSWORD_LENGTH
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.text import fold

MAX_PASSWORD_LENGTH = 256
#: Failures allowed before each further failure locks the account for a while.
FREE_ATTEMPTS = 3
#: Delay after the first counted failure beyond the free ones; doubles each time, capped at MAX_LOCKOUT.
FIRST_LOCKOUT = timedelta(seconds=30)
MAX_LOCKOUT = timedelta(minutes=15)
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

_hasher = PasswordHasher()  # argon2id (argon2-cffi's default type) with the library's recommended cost


@functools.cache
def _dummy_hash() -> str:
    """A real hash to verify against when the user name is unknown, so both paths take the same time."""
    return _hasher.hash("not-a-real-password-only-for-timing")


# ------------------------------------------------------------------------------------------ helpers


def lockout_delay(failed_logins: int) -> timedelta:
    """How long an account stays refused after its ``failed_logins``-th consecutive failure.

    0 for the first ``FREE_ATTEMPTS - 1`` failures, then 30 s, 60 s, 2 min, 4 min … capped at 15 min.
    """
    if failed_logins < FREE_ATTEMPTS:
        return timedelta(0)
    return min(FIRST_LOCKOUT * (2 ** (failed_logins - FREE_ATTEMPTS)), MAX_LOCKOUT)


def _wait_text(delta: timedelta) -> str:
    seconds = max(1, int(delta.total_seconds() + 0.999))
    if seconds < 90:
        return ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
    minutes = (seconds + 59) // 60
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


#: Lowest zxcvbn score (0-4) a password must reach: 3 is "safely unguessable" (about 10^8 guesses and up),
#: zxcvbn's own advice for protecting against offline attacks (Wheeler, "zxcvbn: Low-Budget Password
#: Strength Estimation", USENIX Security 2016).
MIN_PASSWORD_SCORE = 3

#: zxcvbn's own warnings (zxcvbn/feedback.py, English only), marked for our catalogue so the reason for a
#: refusal is given in the person's language; a warning a later zxcvbn adds is shown as is in English and
#: replaced by the general "common word or pattern" in another language.
ZXCVBN_WARNINGS = frozenset({
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Recent years are easy to guess."),
    N_("Dates are often easy to guess."),
    N_("This is a top-10 common password."),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
})


def password_weakness(password: str, user_inputs: Sequence[str] = ()) -> str | None:
    """Why ``password`` is too easy to guess (zxcvbn, told the user name, full name and clinic name so they
    count as guessable), or None when it is strong enough (score >= :data:`MIN_PASSWORD_SCORE`)."""
    from zxcvbn import zxcvbn

    inputs = [w for text in user_inputs for w in [text, *text.replace(".", " ").split()] if w.strip()]
    result = zxcvbn(password[:MAX_PASSWORD_LENGTH], user_inputs=inputs)
    if result["score"] >= MIN_PASSWORD_SCORE:
        return None
    warning = (result["feedback"].get("warning") or "").strip()
    squashed = fold(password).replace(" ", "")
    named = next((w for w in inputs if len(fold(w).replace(" ", "")) >= 4
                  and fold(w).replace(" ", "") in squashed), None)
    if named:
        warning = _("It contains “{word}”, which anyone at the clinic could guess.").format(word=named.strip())
    elif warning in ZXCVBN_WARNINGS:
        warning = _(warning)  # zxcvbn's advice, from our catalogue
    elif not warning or messages.current_language() != "en":  # one we have no translation of
        warning = _("It is a common word or pattern.")
    return _("This password is too easy to guess. {warning} A short sentence of four or five words is better.").format(
        warning=warning
    )


def check_password_strength(password: str, *, username: str = "", field: str = "password",
                            user_inputs: Sequence[str] = ()) -> None:
    """Raise ValidationError on ``field`` if ``password`` is empty, too short, too long, the user name, or
    too easy to guess (:func:`password_weakness`, with ``username`` and ``user_inputs`` — the person's full
    name and the clinic's name — counted as guessable)."""
    if not password or not password.strip():
        raise ValidationError.single(field, _("Enter a password."))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single(
            field, _("Use at least {min_password_length} characters; a short sentence is easy to remember.").format(min_password_length=MIN_PASSWORD_LENGTH)
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError.single(field, _("Use at most {max_password_length} characters.").format(max_password_length=MAX_PASSWORD_LENGTH))
    if text_problem(password, MAX_PASSWORD_LENGTH):
        raise ValidationError.single(field, _("The password holds a character that cannot be used; retype it."))
    if username and password.strip().lower() == username.strip().lower():
        raise ValidationError.single(field, _("The password must not be the user name."))
    weakness = password_weakness(password, [username, *user_inputs] if username else list(user_inputs))
    if weakness:
        raise ValidationError.single(field, weakness)


def _clinic_name(session: Session) -> str:
    from clinic_desktop.models import ClinicProfile

    profile = session.get(ClinicProfile, 1)
    return profile.name if profile is not None else ""


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (PHC string, includes salt and cost)."""
    return _hasher.hash(password)


def _normalise_username(username: str) -> str:
    return username.strip().lower()


def _validate_new_account(
    session: Session, *, full_name: str, username: str, password: str
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    name = full_name.strip()
    user = _normalise_username(username)
    if not name:
        errors["full_name"] = _("Enter the person's name as it should appear on records.")
    elif len(name) > 200:
        errors["full_name"] = _("Use at most 200 characters.")
    elif text_problem(name, 200):
        errors["full_name"] = text_problem(name, 200)  # type: ignore[assignment]
    else:
        from clinic_desktop.services.text import clean
        from clinic_desktop.services.text_rules import LINE, field_problem

        if field_problem(name, LINE):
            errors["full_name"] = field_problem(name, LINE)  # type: ignore[assignment]
        name = clean(name)
    if not user:
        errors["username"] = _("Choose a user name.")
    elif not _USERNAME_RE.match(user):
        errors["username"] = (
            _("Use 2 to 40 lower-case letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit.")
        )
    elif session.exec(select(StaffMember.id).where(func.lower(StaffMember.username) == user)).first():
        errors["username"] = _("The user name “{user}” is already taken.").format(user=user)
    try:
        check_password_strength(password, username=user, user_inputs=[name, _clinic_name(session)])
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return name, user


def check_new_account(session: Session, *, full_name: str, username: str, password: str) -> None:
    """Every check a new account's name, user name and password must pass, reported together; writes nothing.

    Raises ValidationError with all problems at once (fields ``full_name``, ``username``, ``password``), so a
    form can add its own checks (e.g. a repeated password) and show everything in one go.
    """
    _validate_new_account(session, full_name=full_name, username=username, password=password)


def _active_admin_count(session: Session) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(StaffMember)
            .where(StaffMember.role == Role.admin, col(StaffMember.active).is_(True))
        ).one()
    )


def _get_staff(session: Session, staff_id: int) -> StaffMember:
    member = session.get(StaffMember, check_id(staff_id, "staff member"))
    if member is None:
        raise NotFound(_("There is no staff member with number {staff_id}.").format(staff_id=staff_id))
    return member


# --------------------------------------------------------------------------------------- first run


def needs_first_admin(session: Session) -> bool:
    """True while no active administrator with a password exists (the first start of a new clinic)."""
    return (
        session.exec(
            select(StaffMember.id).where(
                StaffMember.role == Role.admin,
                col(StaffMember.active).is_(True),
                col(StaffMember.password_hash).is_not(None),
            )
        ).first()
        is None
    )


def create_first_admin(session: Session, *, full_name: str, username: str, password: str) -> StaffMember:
    """Create the clinic's first administrator with the password the person chose; commits and audits.

    Raises ValidationError (fields ``full_name``, ``username``, ``password``) for bad input, and
    AuthenticationError if an administrator already exists (this path is for the first start only).
    """
    if not needs_first_admin(session):
        raise AuthenticationError(_("An administrator already exists; ask them to create your account."))
    name, user = _validate_new_account(session, full_name=full_name, username=username, password=password)
    member = StaffMember(
        full_name=name, username=user, role=Role.admin, password_hash=hash_password(password)
    )
    session.add(member)
    session.flush()
    audit.record(
        session,
        actor=member,
        action="staff.create",
        entity="staff_member",
        entity_id=member.id,
        details={"username": user, "role": Role.admin.value, "first_admin": True},
    )
    session.commit()
    return member


# ----------------------------------------------------------------------------------------- sign-in


#: How many times a sign-in is tried again when another workstation updated the same account at that moment.
SIGN_IN_RETRIES = 3
def _count_attempt(session: Session, member: StaffMember, now: datetime) -> int | None:
    """Count a sign-in attempt as a failure *before* its password is checked; commits.

    One conditional ``UPDATE … SET failed_logins = failed_logins + 1 WHERE id = … AND (not locked at
    now) RETURNING failed_logins`` claims the attempt: it takes the database's write lock (SQLite) or the
    row's lock (PostgreSQL, where a waiting UPDATE re-reads the row), so parallel attempts are counted one
    after the other and none can slip past a lock set by the one before it. The attempt that reaches a
    locking count sets ``locked_until`` = ``now`` + :func:`lockout_delay` in the same transaction. A right
    password then resets both. Returns the new count, or None when the account is locked at ``now``
    (``member`` is refreshed either way, so ``member.locked_until`` is current).
    """
    claim = (
        update(StaffMember)
        .where(col(StaffMember.id) == member.id)
        .where(or_(col(StaffMember.locked_until).is_(None), col(StaffMember.locked_until) <= now))
        .values(failed_logins=col(StaffMember.failed_logins) + 1)
        .returning(col(StaffMember.failed_logins))
        .execution_options(synchronize_session=False)
    )
    counted = session.execute(claim).scalar_one_or_none()
    if counted is not None:
        delay = lockout_delay(counted)
        if delay:
            session.execute(
                update(StaffMember)
                .where(col(StaffMember.id) == member.id)
                .values(locked_until=now + delay)
                .execution_options(synchronize_session=False)
            )
    session.commit()
    session.refresh(member)
    return counted


def authenticate(
    session: Session, *, username: str, password: str, now: datetime | None = None, purpose: str = "login"
) -> StaffMember:
    """:func:`_authenticate_once`, tried again (up to :data:`SIGN_IN_RETRIES` times) when the account row
    changed between its read and its update — e.g. an administrator saved the account while a right
    password was resetting its counter (the version check on the UPDATE, SQLAlchemy's ``StaleDataError``):
    the user never sees an unexpected error. Failures themselves are counted atomically by
    :func:`_count_attempt`, so parallel wrong passwords are all counted. Raises what
    :func:`_authenticate_once` raises, or AuthenticationError if the account kept changing."""
    from sqlalchemy.orm.exc import StaleDataError

    for _attempt in range(SIGN_IN_RETRIES):
        try:
            return _authenticate_once(session, username=username, password=password, now=now, purpose=purpose)
        except StaleDataError:
            session.rollback()  # expires the stale copy: the next attempt reads the account afresh
    raise AuthenticationError(_("This account is being signed in to at another workstation; please try again."))


def _authenticate_once(
    session: Session, *, username: str, password: str, now: datetime | None = None, purpose: str = "login"
) -> StaffMember:
    """Check a user name and password; returns the active StaffMember. Commits the outcome and its audit.

    ``purpose`` is recorded in the audit entry (``login``, ``unlock``, ``switch`` …); ``now`` (UTC) is
    for tests. Raises ValidationError (``username`` / ``password``) for empty input, and
    AuthenticationError for a wrong pair, an unknown or deactivated account, an account without a password
    yet, or an account refused until ``locked_until`` because of earlier failures. Each failure is audited
    as ``login.failed``; failures on a known account are counted and slow further attempts down.
    """
    now = now or utcnow()
    user = _normalise_username(username)
    if not user:
        raise ValidationError.single("username", _("Enter your user name."))
    if not password:
        raise ValidationError.single("password", _("Enter your password."))
    if text_problem(user, 80):
        raise ValidationError.single("username", _("This is not a user name (too long, or a character that "
                                                 "cannot be typed in one)."))
    if text_problem(password, MAX_PASSWORD_LENGTH):  # longer or unencodable: no password of ours is like that
        raise AuthenticationError(_("The user name or password is not right."))
    member = session.exec(select(StaffMember).where(func.lower(StaffMember.username) == user)).first()
    wrong = _("The user name or password is not right.")

    if member is None or not member.active or not member.password_hash:
        try:  # spend the same time as a real check, so unknown names cannot be told apart by timing
            _hasher.verify(_dummy_hash(), password)
        except VerificationError:
            pass
        reason = "unknown user" if member is None else ("deactivated" if not member.active else "no password")
        audit.record(
            session,
            actor=None,
            action="login.failed",
            entity="staff_member",
            entity_id=member.id if member else None,
            details={"username": user, "reason": reason, "purpose": purpose},
        )
        session.commit()
        if member is not None and member.active and not member.password_hash:
            raise AuthenticationError(_("This account has no password yet; ask an administrator to set one."))
        raise AuthenticationError(wrong)

    counted = _count_attempt(session, member, now)
    if counted is None:
        audit.record(
            session,
            actor=None,
            action="login.failed",
            entity="staff_member",
            entity_id=member.id,
            details={"username": user, "reason": "locked", "purpose": purpose},
        )
        session.commit()
        wait = (member.locked_until or now) - now
        raise AuthenticationError(
            _("Too many wrong passwords for {user}. Try again in {wait_text}, or ask an administrator to reset the password.").format(user=user, wait_text=_wait_text(wait))
        )

    try:
        _hasher.verify(member.password_hash, password)
    except (VerifyMismatchError, InvalidHashError, VerificationError):
        delay = lockout_delay(counted)
        audit.record(
            session,
            actor=None,
            action="login.failed",
            entity="staff_member",
            entity_id=member.id,
            details={
                "username": user,
                "reason": "wrong password",
                "failed_logins": counted,
                "purpose": purpose,
            },
        )
        session.commit()
        if delay:
            raise AuthenticationError(
                _("{wrong} Please wait {wait_text} before trying again.").format(wrong=wrong, wait_text=_wait_text(delay))
            ) from None
        raise AuthenticationError(wrong) from None

    if _hasher.check_needs_rehash(member.password_hash):
        member.password_hash = hash_password(password)
    member.failed_logins = 0
    member.locked_until = None
    session.add(member)
    audit.record(
        session,
        actor=member,
        action="login.success",
        entity="staff_member",
        entity_id=member.id,
        details={"purpose": purpose},
    )
    session.commit()
    return member


def record_lock(session: Session, *, actor: StaffMember | None, reason: str) -> None:
    """Audit that the desk was locked (``reason``: ``idle`` or ``on demand``); commits."""
    audit.record(session, actor=actor, action="desk.lock", details={"reason": reason})
    session.commit()


def change_own_password(
    session: Session, *, actor: StaffMember, current_password: str, new_password: str
) -> None:
    """Let any signed-in staff member change their own password, given the current one; commits, audited.

    Raises ValidationError on ``current_password`` (wrong) or ``new_password`` (too weak), ConflictError
    when an administrator changed the account at the same moment (nothing saved).
    """
    member = _get_staff(session, actor.id or 0)
    try:
        _hasher.verify(member.password_hash or _dummy_hash(), current_password)
    except VerificationError:
        raise ValidationError.single("current_password", _("The current password is not right.")) from None
    check_password_strength(new_password, username=member.username, field="new_password",
                            user_inputs=[member.full_name, _clinic_name(session)])
    member.password_hash = hash_password(new_password)
    from clinic_desktop.services.concurrency import refusing_stale

    with refusing_stale(session, StaffMember, member.id, entity="staff_member", what=_("your account"),
                        expected_version=member.version):  # an administrator changed it at that moment
        member.must_change_password = False
        session.add(member)
        audit.record(
            session, actor=actor, action="staff.password_change", entity="staff_member", entity_id=member.id
        )
        session.commit()


# ------------------------------------------------------------------------------ account management


def list_staff(session: Session, *, actor: StaffMember, include_inactive: bool = True) -> list[StaffMember]:
    """Every staff member, by name. Needs ``manage_staff`` (admin)."""
    require(session, actor, Permission.manage_staff)
    query = select(StaffMember).order_by(func.lower(StaffMember.full_name))
    if not include_inactive:
        query = query.where(col(StaffMember.active).is_(True))
    return list(session.exec(query))


def _parse_role(role: Role | str) -> Role:
    """``role`` as a Role; ValidationError on ``role`` naming the choices otherwise."""
    try:
        return Role(role)
    except ValueError:
        raise ValidationError.single("role", _("Choose one of: {join}.").format(join=', '.join(r.value for r in Role))) from None


def _save_staff_change(
    session: Session, actor: StaffMember, member: StaffMember, action: str, details: dict[str, str]
) -> StaffMember:
    """Save an administrator's change to ``member`` with its audit entry, in one transaction.

    A change to an existing account raises its ``access_epoch`` (an open window signed in as that person
    asks them to sign in again, services.workspace) and is refused with ConflictError when another
    administrator saved a change to the same account concurrently (the version check on the UPDATE)."""
    from clinic_desktop.services.concurrency import refusing_stale

    if member.id is not None:
        member.access_epoch = (member.access_epoch or 0) + 1
    with refusing_stale(session, StaffMember, member.id, entity="staff_member",
                        what=_("{name}'s account").format(name=member.full_name), expected_version=member.version):
        session.add(member)
        session.flush()
        audit.record(session, actor=actor, action=action, entity="staff_member", entity_id=member.id,
                     details=details)
        session.commit()
    return member


def _check_staff_version(session: Session, member: StaffMember, expected_version: int | None) -> None:
    from clinic_desktop.services.concurrency import check_version

    check_version(session, member, expected_version, entity="staff_member", what=_("{name}'s account").format(name=member.full_name))


def create_staff(
    session: Session, *, actor: StaffMember, full_name: str, username: str, role: Role | str, password: str
) -> StaffMember:
    """Add a staff member with a first password the administrator types (and tells them). Admin only.

    Raises PermissionDenied (audited), or ValidationError on ``full_name``, ``username``, ``role``,
    ``password``. Commits; audited as ``staff.create``.
    """
    require(session, actor, Permission.manage_staff)
    role = _parse_role(role)
    name, user = _validate_new_account(session, full_name=full_name, username=username, password=password)
    member = StaffMember(full_name=name, username=user, role=role, password_hash=hash_password(password))
    return _save_staff_change(session, actor, member, "staff.create", {"username": user, "role": role.value})


def update_staff_role(
    session: Session, *, actor: StaffMember, staff_id: int, role: Role | str, expected_version: int | None = None
) -> StaffMember:
    """Change a staff member's role. Admin only; refused if it would leave no active administrator.

    Raises PermissionDenied, NotFound, or ValidationError on ``role``; ConflictError when the account was
    changed since ``expected_version`` (also for the other account changes below). Commits; audited as
    ``staff.role_change`` with the old and new role.
    """
    require(session, actor, Permission.manage_staff)
    new_role = _parse_role(role)
    member = _get_staff(session, staff_id)
    _check_staff_version(session, member, expected_version)
    old_role = Role(member.role)
    if old_role == new_role:
        return member
    if old_role == Role.admin and member.active and _active_admin_count(session) <= 1:
        raise ValidationError.single(
            "role", _("{full_name} is the only administrator. Make someone else an administrator first.").format(full_name=member.full_name)
        )
    member.role = new_role
    return _save_staff_change(session, actor, member, "staff.role_change",
                              {"username": member.username, "from": old_role.value, "to": new_role.value})


def set_password(
    session: Session, *, actor: StaffMember, staff_id: int, password: str, expected_version: int | None = None
) -> StaffMember:
    """Reset a staff member's password (and clear their failed sign-ins and lock). Admin only. The person
    must choose a new one of their own at the next sign-in (``must_change_password``).

    Raises PermissionDenied, NotFound, or ValidationError on ``password``. Commits; audited as
    ``staff.password_reset`` (the password itself is never logged).
    """
    require(session, actor, Permission.manage_staff)
    member = _get_staff(session, staff_id)
    _check_staff_version(session, member, expected_version)
    check_password_strength(password, username=member.username, user_inputs=[member.full_name, _clinic_name(session)])
    member.password_hash = hash_password(password)
    member.failed_logins = 0
    member.locked_until = None
    member.must_change_password = member.id != actor.id  # an administrator resetting their own: no need
    return _save_staff_change(session, actor, member, "staff.password_reset", {"username": member.username})


def rename_staff(session: Session, *, actor: StaffMember, staff_id: int, full_name: str,
                 expected_version: int | None = None) -> StaffMember:
    """Change a staff member's name as shown on records (e.g. after marriage, or a typo). Admin only; the user
    name stays. ``expected_version``: the version the form read, when the record has one (a stale one raises
    ConflictError). Raises PermissionDenied, NotFound, ValidationError on ``full_name``. Audited as
    ``staff.rename`` with the old and new names (records keep the staff member's id, so they show the new one)."""
    require(session, actor, Permission.manage_staff)
    member = _get_staff(session, staff_id)
    _check_staff_version(session, member, expected_version)
    name = full_name.strip()
    if not name:
        raise ValidationError.single("full_name", _("Enter the person's name as it should appear on records."))
    if len(name) > 200:
        raise ValidationError.single("full_name", _("Use at most 200 characters."))
    old = member.full_name
    member.full_name = name
    return _save_staff_change(session, actor, member, "staff.rename",
                              {"username": member.username, "from": old, "to": name})


def deactivate_staff(
    session: Session, *, actor: StaffMember, staff_id: int, expected_version: int | None = None
) -> StaffMember:
    """Stop a staff member from signing in (their records and audit entries stay). Admin only.

    Refused (ValidationError on ``active``) for one's own account and for the last active administrator.
    Raises PermissionDenied, NotFound. Commits; audited as ``staff.deactivate``.
    """
    require(session, actor, Permission.manage_staff)
    member = _get_staff(session, staff_id)
    _check_staff_version(session, member, expected_version)
    if not member.active:
        return member
    if member.id == actor.id:
        raise ValidationError.single("active", _("You cannot deactivate your own account."))
    if Role(member.role) == Role.admin and _active_admin_count(session) <= 1:
        raise ValidationError.single("active", _("{full_name} is the only active administrator.").format(full_name=member.full_name))
    member.active = False
    return _save_staff_change(session, actor, member, "staff.deactivate", {"username": member.username})


def reactivate_staff(
    session: Session, *, actor: StaffMember, staff_id: int, expected_version: int | None = None
) -> StaffMember:
    """Let a deactivated staff member sign in again. Admin only; commits; audited as ``staff.reactivate``."""
    require(session, actor, Permission.manage_staff)
    member = _get_staff(session, staff_id)
    _check_staff_version(session, member, expected_version)
    if member.active:
        return member
    member.active = True
    member.failed_logins = 0
    member.locked_until = None
    return _save_staff_change(session, actor, member, "staff.reactivate", {"username": member.username})


def role_choices() -> Sequence[Role]:
    """Roles in increasing order of what they may do (receptionist … admin)."""
    return list(Role)
