"""Database foundation: pragmas on every connection, foreign keys enforced, migrations up and down."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from clinic_desktop.db import DatabaseTooNewError, open_database
from clinic_desktop.db.migrate import downgrade_database, upgrade_database
from clinic_desktop.models import FollowUp, Patient, StaffMember, TreatmentSession
from tests.language import msg_text


@pytest.mark.sqlite_only
def test_every_connection_has_foreign_keys_wal_and_busy_timeout(engine):
    for _ in range(3):
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_follow_up_for_missing_treatment_session_is_rejected(db):
    """Case C7: a follow-up pointing at treatment session 9999 must not be stored."""
    db.add(FollowUp(treatment_session_id=9999, due_date=date(2026, 12, 2)))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    assert db.exec(select(FollowUp)).all() == []


def _populate(engine):
    with Session(engine) as s:
        staff = StaffMember(full_name="P", username="p")
        patient = Patient(given_names="Zoë", family_name="O'Brien", date_of_birth=date(1990, 1, 1))
        s.add_all([staff, patient])
        s.commit()
        s.add(TreatmentSession(patient_id=patient.id, practitioner_id=staff.id, treatment="facial-mesotherapy",
                               performed_at=datetime(2026, 11, 29, 15, tzinfo=UTC)))
        s.commit()


def test_initial_migration_down_and_up_on_populated_database(engine, db_path):
    """Case C9: migrations run on a database that holds data, down then up again."""
    _populate(engine)
    downgrade_database(engine, "base")
    assert "patient" not in inspect(engine).get_table_names()
    upgrade_database(engine)
    _populate(engine)
    with Session(engine) as s:
        row = s.exec(select(TreatmentSession)).one()
        assert row.performed_at == datetime(2026, 11, 29, 15, tzinfo=UTC)


@pytest.mark.sqlite_only
def test_migrating_backs_up_a_database_that_holds_tables(engine, db_path):
    _populate(engine)
    downgrade_database(engine, "base")
    with engine.begin() as conn:  # something to back up, with no schema revision
        conn.execute(text("CREATE TABLE scratch (x INTEGER)"))
    assert upgrade_database(engine) is True
    backups = list((db_path.parent / "backups").glob("clinic-*-before-migration.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT name FROM sqlite_master WHERE name='scratch'").fetchone()
    con.close()


def test_database_from_a_newer_version_is_refused(db_target, engine):
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseTooNewError) as caught:
        open_database(db_target)
    assert str(caught.value) == msg_text(
        "This database was written by a newer version of Clinic Desktop (schema revision {revision}). Install the "
        "newer version to open it; the file was not changed.").format(revision="9999_future")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [("9999_future",)]


def test_times_round_trip_as_aware_utc(db, practitioner):
    patient = Patient(given_names="J", date_of_birth=date(2000, 2, 29))
    db.add(patient)
    db.commit()
    db.refresh(patient)
    assert patient.created_at is not None and patient.created_at.tzinfo is not None
    naive = TreatmentSession(patient_id=patient.id, practitioner_id=practitioner.id, treatment="x",
                             performed_at=datetime(2026, 1, 1, 12))
    db.add(naive)
    with pytest.raises(Exception, match="naive datetime"):
        db.commit()
    db.rollback()
