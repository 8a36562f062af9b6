"""A full disk while saving: a clear "the disk is full" message (DiskFull), and nothing saved is lost."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from clinic_desktop.models import Patient
from clinic_desktop.services.errors import DiskFull
from clinic_desktop.services.patients import PatientCreate, create_patient


@pytest.mark.sqlite_only
def test_a_full_disk_while_saving_a_patient_says_so_and_keeps_what_was_saved(engine, db, receptionist):
    kept = create_patient(db, actor=receptionist, data=PatientCreate(given_names="Zoë", date_of_birth=date(1990, 1, 1)))

    def full(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if statement.lstrip().upper().startswith("INSERT INTO PATIENT"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engine, "before_cursor_execute", full)
    try:
        with pytest.raises(DiskFull, match="disk is full"):
            create_patient(db, actor=receptionist, data=PatientCreate(given_names="Ana", date_of_birth=date(1991, 1, 1)))
    finally:
        event.remove(engine, "before_cursor_execute", full)
    db.rollback()
    assert db.exec(select(func.count()).select_from(Patient)).one() == 1
    assert db.get(Patient, kept.id).given_names == "Zoë"
    create_patient(db, actor=receptionist, data=PatientCreate(given_names="Ana", date_of_birth=date(1991, 1, 1)))
    assert db.exec(select(func.count()).select_from(Patient)).one() == 2
