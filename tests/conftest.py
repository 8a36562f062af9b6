"""Shared fixtures: every test gets its own temp user folders and a freshly migrated database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: tests never need a display

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from clinic_desktop.db import open_database
from clinic_desktop.models import Role, StaffMember


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data and log folders at a temp folder; never touch the real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CLINIC_DESKTOP_HOME", str(home))
    monkeypatch.delenv("CLINIC_DESKTOP_DB", raising=False)
    # one audit key for the whole run, as on one computer (module-wide databases outlive a test's home)
    monkeypatch.setenv("CLINIC_DESKTOP_AUDIT_KEY_FILE", str(tmp_path_factory.getbasetemp() / "audit.key"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a new, empty SQLite file for this test."""
    return tmp_path / "clinic.sqlite3"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """An engine on a migrated temp database."""
    eng = open_database(db_path)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A SQLModel session on the temp database."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


def _make_staff(db: Session, name: str, username: str, role: Role) -> StaffMember:
    member = StaffMember(full_name=name, username=username, role=role)
    db.add(member)
    db.commit()
    db.refresh(member)
    return member


@pytest.fixture
def admin(db: Session) -> StaffMember:
    """An administrator."""
    return _make_staff(db, "Ada Admin", "admin", Role.admin)


@pytest.fixture
def manager(db: Session) -> StaffMember:
    """A manager."""
    return _make_staff(db, "Mona Manager", "mona", Role.manager)


@pytest.fixture
def practitioner(db: Session) -> StaffMember:
    """A practitioner (Dr. Élise Tremblay)."""
    return _make_staff(db, "Dr. Élise Tremblay", "elise", Role.practitioner)


@pytest.fixture
def receptionist(db: Session) -> StaffMember:
    """A receptionist."""
    return _make_staff(db, "Rita Reception", "rita", Role.receptionist)
