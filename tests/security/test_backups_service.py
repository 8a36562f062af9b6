"""Backups and restore: same records after a round trip; bad, corrupt, newer files refused; private."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from clinic_desktop.db.backup import backup_database, integrity_ok, list_backups
from clinic_desktop.models import AuditEntry, Patient
from clinic_desktop.services import audit, auth, backups
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from tests.language import msg_like

#: these are about SQLite file backups; PostgreSQL backups (pg_dump) come with their own tests
pytestmark = pytest.mark.sqlite_only

PASSWORD = "a long secret phrase"


@pytest.fixture
def ada(db):
    return auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)


def _add_patients(db, *names):
    for name in names:
        db.add(Patient(given_names=name, family_name="Test", date_of_birth=date(1990, 1, 1)))
    db.commit()


def _names(engine):
    with Session(engine) as s:
        return sorted(p.given_names for p in s.exec(select(Patient)))


def test_backup_then_restore_gives_the_same_records(engine, db, db_path, ada):
    _add_patients(db, "Zoë", "Ксения", "Suharti")
    saved = backups.backup_now(db, actor=ada, reason="before change")
    assert saved.name.endswith("-before-change.sqlite3")
    assert integrity_ok(saved) == (True, "ok")
    _add_patients(db, "Added later")
    db.close()

    result = backups.restore_backup(engine, actor=ada, backup_path=saved)

    assert _names(engine) == ["Suharti", "Zoë", "Ксения"]
    assert result.safety_backup.exists() and "before-restore" in result.safety_backup.name
    con = sqlite3.connect(result.safety_backup)  # the replaced data is kept
    assert ("Added later",) in con.execute("SELECT given_names FROM patient").fetchall()
    con.close()
    with Session(engine) as s:
        assert audit.verify_chain(s).ok
        last = s.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last.action == "backup.restore" and last.actor_id == ada.id
        assert last.details["from"] == saved.name
    assert integrity_ok(db_path) == (True, "ok")


def test_restore_by_path_as_the_cli_does(engine, db, db_path, ada):
    _add_patients(db, "Kept")
    saved = backups.backup_now(db, actor=ada)
    _add_patients(db, "Gone")
    db.close()
    engine.dispose()
    backups.restore_backup(db_path, actor=ada, backup_path=saved)
    assert _names(engine) == ["Kept"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_database_and_backups_are_readable_by_the_owner_only(db, db_path, ada):
    saved = backups.backup_now(db, actor=ada)
    side_files = [p for p in db_path.parent.glob(db_path.name + "-*")]  # -wal and -shm of the live file
    assert side_files
    for path in (db_path, saved, *side_files):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700


def _corrupt_copy(source, target):
    data = bytearray(source.read_bytes())
    page = 4096
    for offset in range(page * 2, len(data), page):  # scribble over every page after the schema
        data[offset + 8 : offset + 400] = b"\xff" * 392
    target.write_bytes(bytes(data))


def test_non_database_corrupt_and_foreign_files_are_refused_and_nothing_changes(engine, db, tmp_path, ada):
    _add_patients(db, "Zoë")
    good = backups.backup_now(db, actor=ada)
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("these are not the records you are looking for")
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    corrupt = tmp_path / "corrupt.sqlite3"
    _corrupt_copy(good, corrupt)
    foreign = tmp_path / "foreign.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE x (y)")
    con.commit()
    con.close()
    before = list_backups(good.parent)
    not_a_database = "{name} is not a Clinic Desktop backup (not a database file)."
    for bad, message in [
        (text_file, not_a_database),
        (empty, not_a_database),
        (corrupt, "{name} is damaged and cannot be restored ({problem})."),  # the problem: SQLite's own words
        (foreign, "{name} is a database, but not a Clinic Desktop backup."),
        (tmp_path / "missing.sqlite3", "There is no file at {path}."),
    ]:
        with pytest.raises(ValidationError, match=msg_like(message, name=bad.name, path=bad)) as err:
            backups.restore_backup(engine, actor=ada, backup_path=bad)
        assert list(err.value.errors) == ["backup_path"]
    assert _names(engine) == ["Zoë"]
    assert list_backups(good.parent) == before  # not even a safety backup was made


def test_backup_from_a_newer_version_is_refused(engine, db, ada, tmp_path):
    _add_patients(db, "Zoë")
    newer = backups.backup_now(db, actor=ada)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    with pytest.raises(ValidationError, match=msg_like(
            "{name} was written by a newer version of Clinic Desktop (schema {revision}). Install that version to "
            "restore it; nothing was changed.", name=newer.name, revision="9999_future")):
        backups.restore_backup(engine, actor=ada, backup_path=newer)
    assert _names(engine) == ["Zoë"]


def test_only_an_administrator_may_back_up_or_restore(engine, db, ada, manager):
    saved = backups.backup_now(db, actor=ada)
    with pytest.raises(PermissionDenied):
        backups.backup_now(db, actor=manager)
    with pytest.raises(PermissionDenied):
        backups.restore_backup(engine, actor=manager, backup_path=saved)
    refused = db.exec(select(AuditEntry).where(AuditEntry.action == "permission.refused")).all()
    assert [e.details["permission"] for e in refused] == ["manage_backups", "manage_backups"]


def test_backups_of_the_same_day_are_all_kept_by_rotation(db, db_path, ada):
    made = [backups.backup_now(db, actor=ada, reason=f"n{i}") for i in range(5)]
    assert list_backups(made[0].parent) == sorted(made, reverse=True)


def test_daily_backup_once_per_day(engine, db, db_path, ada):
    today = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    first = backups.daily_backup_if_needed(engine, db_path)
    assert first is not None and first.name.endswith("-daily.sqlite3")
    assert backups.daily_backup_if_needed(engine, db_path) is None
    assert backups.daily_backup_if_needed(engine, db_path, today=today + timedelta(days=400)) is not None
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "backup.create")).all()[0].actor_id is None


def test_a_failed_backup_leaves_no_file_that_looks_like_a_backup(tmp_path):
    missing = tmp_path / "nothing-here.sqlite3"
    from clinic_desktop.db.backup import BackupError

    with pytest.raises(BackupError):
        backup_database(missing, tmp_path / "backups", reason="x")
    assert not missing.exists()
    assert list_backups(tmp_path / "backups") == []
