"""Migrations one at a time (issue 10, item 3): a lock first, the revision re-read under it, one
transaction around the whole upgrade (nothing of a failed migration stays), a plain refusal while another
process keeps a SQLite file busy, and every revision down and up again on both engines."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session

from clinic_desktop.commands.context import CommandContext
from clinic_desktop.db import migrate, open_database
from clinic_desktop.db.engine import make_engine
from clinic_desktop.db.migrate import (
    DatabaseBusyError,
    current_revision,
    downgrade_database,
    head_revision,
    upgrade_database,
)
from clinic_desktop.models import Patient
from clinic_desktop.services.errors import ClinicError
from tests.language import msg_like

BROKEN_REVISION = '''
"""a broken revision for the tests: makes objects, then fails halfway

Revision ID: 9001
Revises: {down}
"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("patient") as batch_op:
        batch_op.add_column(sa.Column("half_done_note", sa.String(), nullable=True))
    op.execute("INSERT INTO half_done (id) VALUES (1)")
    raise RuntimeError("killed halfway")


def downgrade() -> None:
    pass
'''


def _add_patient(engine) -> None:
    with Session(engine) as session:
        session.add(Patient(given_names="Zoë", family_name="Ng", date_of_birth=date(1990, 1, 1)))
        session.commit()


def _tables_and_patient_columns(engine) -> tuple[set[str], set[str]]:
    inspector = inspect(engine)
    return set(inspector.get_table_names()), {c["name"] for c in inspector.get_columns("patient")}


def test_a_migration_that_fails_halfway_leaves_nothing_of_itself(engine, tmp_path, monkeypatch):
    _add_patient(engine)
    head = head_revision()
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    broken = migrations / "versions" / "9001_broken.py"
    broken.write_text(BROKEN_REVISION.format(down=head), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations)
    before_tables, before_columns = _tables_and_patient_columns(engine)
    with pytest.raises(RuntimeError, match="killed halfway"):
        upgrade_database(engine, backup_before_migrating=False)
    engine.dispose()
    assert current_revision(engine) == head
    tables, columns = _tables_and_patient_columns(engine)
    assert "half_done" not in tables and "half_done_note" not in columns
    assert (tables, columns) == (before_tables, before_columns)
    assert not any(t.startswith("_alembic_tmp") for t in tables)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT given_names FROM patient")).scalars().all() == ["Zoë"]


def test_every_revision_goes_down_and_up_on_a_populated_database(engine):
    _add_patient(engine)
    from alembic.script import ScriptDirectory

    revisions = [r.revision for r in ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions()]
    for revision in revisions:  # newest first: down one step at a time, each time on the data left
        down = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(revision).down_revision
        downgrade_database(engine, down or "base")
        assert current_revision(engine) == down
    assert "patient" not in inspect(engine).get_table_names()
    if engine.dialect.name == "postgresql":  # 0001's downgrade drops its ENUM types too
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM pg_type WHERE typname = 'role'")).scalar() == 0
    assert upgrade_database(engine, backup_before_migrating=False) is True
    assert current_revision(engine) == head_revision()


RACER = textwrap.dedent("""
    import sys
    from clinic_desktop.db import migrate
    from clinic_desktop.db.engine import make_engine
    import alembic.command, alembic.config  # imported before the start line: both race from the same point
    engine = make_engine(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()  # the start line: the test lets both go at once
    print("migrated" if migrate.upgrade_database(engine, backup_before_migrating=False) else "opened")
    print(migrate.current_revision(engine))
""")


def test_two_start_ups_on_an_empty_database_one_migrates_the_other_waits_and_opens(empty_db_target):
    racers = [subprocess.Popen([sys.executable, "-c", RACER, empty_db_target], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for racer in racers:
        assert racer.stdout.readline().strip() == "ready", racer.stderr.read()
    for racer in racers:
        racer.stdin.write("go\n")
        racer.stdin.flush()
    outcomes = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        outcomes.append(out.split())
    assert sorted(o[0] for o in outcomes) == ["migrated", "opened"]
    assert {o[1] for o in outcomes} == {head_revision()}
    engine = make_engine(empty_db_target)
    assert current_revision(engine) == head_revision()
    engine.dispose()


@pytest.mark.sqlite_only
def test_migrating_a_sqlite_file_another_process_keeps_busy_is_refused_in_plain_words(db_path, monkeypatch):
    engine = open_database(db_path)
    downgrade_database(engine, "0002")
    engine.dispose()
    monkeypatch.setattr(migrate, "MIGRATION_WAIT_S", 0.2)
    other = sqlite3.connect(db_path, isolation_level=None)  # another instance, in the middle of a write
    other.execute("BEGIN EXCLUSIVE")
    try:
        busy = msg_like("The database {path} needs updating to this version of Clinic Desktop, but another Clinic "
                        "Desktop (another window, workstation or command) kept it busy for more than {seconds} "
                        "seconds. Close Clinic Desktop everywhere else that uses this database, then start it "
                        "again. Nothing was changed.")
        with pytest.raises(DatabaseBusyError, match=busy) as caught:
            open_database(db_path)
        assert str(db_path) in str(caught.value)
        with pytest.raises(ClinicError, match=busy):  # what the CLI and the window get
            CommandContext(db_arg=str(db_path)).engine()
    finally:
        other.execute("ROLLBACK")
        other.close()
    engine = make_engine(db_path)
    assert current_revision(engine) == "0002"
    assert upgrade_database(engine) is True  # once the other lets go, the migration runs
    engine.dispose()
