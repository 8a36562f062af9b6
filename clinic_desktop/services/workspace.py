"""The one object between a window and the database (like Anki's collection).

A :class:`Workspace` owns the engine, hands out sessions and knows the signed-in staff member. Every page
and dialog gets the workspace instead of the engine and reaches the data only through services::

    with self.workspace.session() as db:
        followups.record_all_well(db, actor=self.workspace.actor, follow_up_id=..., expected_version=...)
    # or
    self.workspace.run(followups.record_all_well, follow_up_id=..., expected_version=...)

Before each operation (and on the window's timer and focus) it checks, with two tiny reads, that the world
it was opened on still holds: the database's epoch token (changed by a restore, :func:`bump_database_epoch`)
and the signed-in person's ``access_epoch`` / ``active`` (changed when an administrator deactivates,
re-roles or resets that account — possibly in another window or on another workstation). When either moved,
the listeners registered with :meth:`Workspace.on_moved` are told (the window asks the person to sign in
again and reloads its pages) and :class:`SignInRequired` is raised instead of running the operation.
A counter in the database rather than ``PRAGMA data_version``: it works the same on PostgreSQL.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from clinic_desktop.models import DatabaseEpoch, StaffMember, utcnow
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.messages import _

log = logging.getLogger(__name__)
T = TypeVar("T")


class SignInRequired(ClinicError):
    """The data or the account changed under this window (a restore, an account disabled or changed by an
    administrator): the person must sign in again before anything else is done. ``str(err)`` says why."""


def read_database_epoch(session: Session) -> str | None:
    """The database's epoch token (None before the first restore of a database made before 0006)."""
    return session.exec(select(DatabaseEpoch.token).where(DatabaseEpoch.id == 1)).first()


def bump_database_epoch(session: Session) -> str:
    """Give the database a new epoch token (call after replacing its content, e.g. a restore); commits.

    Every other window notices at its next operation and asks for a new sign-in. Returns the token."""
    from clinic_desktop.services.concurrency import insert_ignore

    token = uuid.uuid4().hex
    insert_ignore(
        session, DatabaseEpoch, [{"id": 1, "token": token, "changed_at": utcnow()}], index_elements=["id"]
    )
    session.execute(
        update(DatabaseEpoch).where(DatabaseEpoch.id == 1).values(token=token, changed_at=utcnow())
    )
    session.commit()
    return token


class Workspace:
    """Engine, sessions and the signed-in staff member of one window.

    ``engine`` is the SQLAlchemy engine (kept for the few services that take it, e.g. backups). ``actor``
    is the signed-in :class:`StaffMember` or None. Not thread-safe: one per window (workers take the engine
    or their own workspace).
    """

    def __init__(self, engine: Engine, actor: StaffMember | None = None):
        self.engine = engine
        self._actor: StaffMember | None = None
        self._epoch: str | None = None
        self._access: tuple[int, int] | None = None  # (staff id, access_epoch) signed in with
        self._listeners: list[Callable[[str], None]] = []
        self._moved_reason: str | None = None
        self.sign_in(actor)

    @classmethod
    def of(cls, target: Workspace | Engine) -> Workspace:
        """``target`` itself when it is a workspace, else a new workspace on the engine ``target``."""
        return target if isinstance(target, Workspace) else cls(target)

    # -- who is signed in

    @property
    def actor(self) -> StaffMember | None:
        """The signed-in staff member (pass as ``actor=`` to services), or None."""
        return self._actor

    def sign_in(self, member: StaffMember | None) -> None:
        """Make ``member`` the signed-in person and remember the epochs this window now works on."""
        self._actor = member
        self._moved_reason = None
        with Session(self.engine) as session:
            self._epoch = read_database_epoch(session)
        self._access = (
            (member.id, member.access_epoch) if member is not None and member.id is not None else None
        )

    # -- sessions and calls

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A new database session (``expire_on_commit=False``), after :meth:`check`. Raises SignInRequired."""
        self.check()
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def run(self, service: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``service(session, *args, actor=<signed-in person>, **kwargs)`` in a fresh session."""
        with self.session() as session:
            return service(session, *args, actor=self._actor, **kwargs)

    # -- has the world moved?

    def on_moved(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(reason)`` once when :meth:`moved` first finds a change (until the next sign-in)."""
        self._listeners.append(listener)

    def moved(self) -> str | None:
        """Why this window must sign in again (a sentence for the user), or None. Two small reads."""
        with Session(self.engine) as session:
            epoch = read_database_epoch(session)
            if epoch != self._epoch:
                return _("The data was replaced (a backup was restored), so please sign in again.")
            if self._access is None:
                return None
            staff_id, access_epoch = self._access
            row = session.exec(
                select(StaffMember.active, StaffMember.access_epoch, StaffMember.full_name).where(
                    StaffMember.id == staff_id
                )
            ).first()
        if row is None:
            return _("Your account is no longer in this record, so please sign in again.")
        active, now_epoch, _name = row
        if not active:
            return _("Your account was deactivated by an administrator.")
        if now_epoch != access_epoch:
            return _("An administrator changed your account (role or password), so please sign in again.")
        return None

    def check(self) -> None:
        """Raise :class:`SignInRequired` (after telling the listeners, once) when :meth:`moved`."""
        reason = self._moved_reason or self.moved()
        if reason is None:
            return
        first = self._moved_reason is None
        self._moved_reason = reason
        if first:
            log.info("workspace moved: %s", reason)
            for listener in list(self._listeners):
                listener(reason)
        raise SignInRequired(reason)


def active_staff(session: Session) -> list[StaffMember]:
    """Active staff members by name (the development staff chooser of the main window)."""
    return list(
        session.exec(
            select(StaffMember)
            .where(StaffMember.active == True)  # noqa: E712
            .order_by(StaffMember.full_name)
        )
    )
