"""Parallel sign-ins cannot get more password checks than the lockout allows."""

from __future__ import annotations

import threading

from sqlmodel import Session, select

from clinic_desktop.models import AuditEntry, StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.errors import AuthenticationError

PASSWORD = "the right desk password"


def test_sixteen_parallel_wrong_passwords_get_only_the_free_attempts_checked(engine):
    with Session(engine) as db:
        auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
    start = threading.Barrier(16)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        with Session(engine) as db:
            start.wait()
            try:
                auth.authenticate(db, username="ada", password=f"wrong guess {n}")
            except AuthenticationError as exc:
                with lock:
                    outcomes.append(str(exc))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 16
    with Session(engine) as db:
        member = db.exec(select(StaffMember).where(StaffMember.username == "ada")).one()
        failures = [e.details for e in db.exec(select(AuditEntry).where(AuditEntry.action == "login.failed"))]
    wrong = [d for d in failures if d["reason"] == "wrong password"]
    locked = [d for d in failures if d["reason"] == "locked"]
    assert len(wrong) == auth.FREE_ATTEMPTS  # exactly the free attempts reached the password check
    assert len(locked) == 16 - auth.FREE_ATTEMPTS
    assert member.failed_logins == auth.FREE_ATTEMPTS
    assert member.locked_until is not None


def test_the_right_password_after_failures_resets_the_count(db):
    auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
    for _ in range(2):
        try:
            auth.authenticate(db, username="ada", password="nope nope nope")
        except AuthenticationError:
            pass
    member = auth.authenticate(db, username="ada", password=PASSWORD)
    db.refresh(member)
    assert member.failed_logins == 0 and member.locked_until is None
