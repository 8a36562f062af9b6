"""Backups on PostgreSQL: pg_dump -Fc, checked with pg_restore --list, password only in the environment.

Needs a server named by CLINIC_TEST_POSTGRES_URL (each test makes and drops its own database there).
"""

from __future__ import annotations

import os
import stat
import subprocess
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from clinic_desktop.db import open_database, pg_backup
from clinic_desktop.db.backup import BACKUP_WRITTEN_HOOKS, list_backups
from clinic_desktop.models import AuditEntry, Patient
from clinic_desktop.services import auth, backups
from clinic_desktop.services.errors import ClinicError

pytestmark = pytest.mark.postgres_only

SERVER = os.environ.get("CLINIC_TEST_POSTGRES_URL", "")
PASSWORD = "correct horse battery"


@pytest.fixture
def pg_url():
    if not SERVER:
        pytest.skip("CLINIC_TEST_POSTGRES_URL is not set")
    pytest.importorskip("psycopg")
    name = f"h1b_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER).set(database=name)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_engine(pg_url):
    engine = open_database(pg_url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()


def _clinic(engine):
    with Session(engine, expire_on_commit=False) as s:
        ada = auth.create_first_admin(s, full_name="Ada Admin", username="ada", password=PASSWORD)
        s.add(Patient(given_names="Zoë", family_name="Test", date_of_birth=date(1990, 1, 1)))
        s.commit()
    return ada


def test_pg_dump_backup_is_written_verified_private_and_audited(pg_engine, pg_url, caplog, monkeypatch):
    ada = _clinic(pg_engine)
    seen = []
    BACKUP_WRITTEN_HOOKS.append(seen.append)
    try:
        with Session(pg_engine, expire_on_commit=False) as s:
            dump = backups.backup_now(s, actor=ada)
    finally:
        BACKUP_WRITTEN_HOOKS.remove(seen.append)
    assert dump.suffix == ".dump" and seen == [dump]
    assert dump.parent == backups.backups_folder(pg_engine)
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600 and stat.S_IMODE(dump.parent.stat().st_mode) == 0o700
    listed = subprocess.run(
        [str(pg_backup.find_tool("pg_restore")), "--list", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "TABLE public patient" in listed and "TABLE public audit_entry" in listed
    assert str(pg_url.password) not in caplog.text
    with Session(pg_engine) as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "backup.create")).one()
        assert entry.details["file"] == dump.name
    assert [i.path for i in backups.list_backup_files(pg_engine)] == [dump]


def test_the_password_never_reaches_the_command_line(pg_engine, pg_url, monkeypatch):
    _clinic(pg_engine)
    calls = []
    real_run = pg_backup._run

    def spy(argv, env):
        calls.append((argv, env.get("PGPASSWORD")))
        return real_run(argv, env)

    monkeypatch.setattr(pg_backup, "_run", spy)
    backups.automatic_backup(pg_engine, reason="daily")
    assert calls and all(str(pg_url.password) not in " ".join(argv) for argv, _ in calls)
    assert calls[0][1] == pg_url.password  # pg_dump got it through PGPASSWORD


def _skip_unless_passwords_are_checked(wrong_url) -> None:  # noqa: ANN001
    """CI's throwaway server trusts loopback (no password is ever checked): nothing to refuse there."""
    import psycopg

    try:
        psycopg.connect(
            host=wrong_url.host, port=wrong_url.port, user=wrong_url.username,
            password=wrong_url.password, dbname=wrong_url.database, connect_timeout=5,
        ).close()
    except psycopg.OperationalError:
        return
    pytest.skip("this server does not check passwords (trust authentication)")


def test_a_wrong_password_is_a_plain_refusal_without_the_password(pg_engine, pg_url, tmp_path):
    _clinic(pg_engine)
    wrong = pg_url.set(password="not the password")
    _skip_unless_passwords_are_checked(wrong)
    with pytest.raises(pg_backup.BackupError) as err:
        pg_backup.dump_database(wrong, tmp_path / "b", reason="x", retention=None)
    assert "password authentication failed" in str(err.value)
    assert "not the password" not in str(err.value)
    assert list_backups(tmp_path / "b", suffix=None) == []  # no partial file left looking like a backup
    assert not list((tmp_path / "b").glob("*.partial"))


def test_without_pg_dump_backups_say_what_to_do_and_daily_skips(pg_engine, monkeypatch):
    ada = _clinic(pg_engine)
    monkeypatch.setattr(pg_backup, "find_tool", lambda name, **_: None)
    available = backups.backup_availability(pg_engine)
    assert not available.ok and "pg_dump" in available.reason
    assert backups.daily_backup_if_needed(pg_engine) is None
    with Session(pg_engine, expire_on_commit=False) as s, pytest.raises(ClinicError, match="pg_dump"):
        backups.backup_now(s, actor=ada)


def test_restore_on_postgres_is_refused_up_front_with_instructions(pg_engine, tmp_path):
    ada = _clinic(pg_engine)
    assert not backups.restore_availability(pg_engine).ok
    with pytest.raises(ClinicError, match="pg_restore"):
        backups.restore_backup(pg_engine, actor=ada, backup_path=tmp_path / "x.dump")
    with Session(pg_engine) as s:
        assert [p.given_names for p in s.exec(select(Patient))] == ["Zoë"]


def test_a_migration_on_postgres_is_preceded_by_a_dump(pg_url):
    from clinic_desktop.db.migrate import downgrade_database, upgrade_database

    engine = open_database(pg_url.render_as_string(hide_password=False))
    try:
        _clinic(engine)
        downgrade_database(engine, "0003")
        before = set(list_backups(backups.backups_folder(engine), suffix=".dump"))
        assert upgrade_database(engine) is True
        made = set(list_backups(backups.backups_folder(engine), suffix=".dump")) - before
        assert len(made) == 1 and "before-migration" in made.pop().name
    finally:
        engine.dispose()
