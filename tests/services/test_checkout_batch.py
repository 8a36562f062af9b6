"""Print all unprinted, rendered in worker processes (issue #17): same sheets, and Cancel or a failed
commit never leaves a file without its issuance or an issuance without its file."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from clinic_desktop.models import AftercareIssuance
from clinic_desktop.services import checkout

from .helpers import TORONTO, patient, toronto_clinic, treatment

DAY = date(2026, 4, 2)
NAMES = ["Ana", "Bea", "Cleo", "Dora", "Ema"]


@pytest.fixture
def day_of_visits(db, receptionist, practitioner):
    toronto_clinic(db)
    for i, name in enumerate(NAMES):
        p = patient(db, receptionist, given=name, family="Test")
        treatment(db, practitioner, p.id, practitioner.id, datetime(2026, 4, 2, 9 + i, tzinfo=TORONTO))


def _files_and_rows(db, folder: Path) -> tuple[set[str], set[str]]:
    files = {hashlib.sha256(f.read_bytes()).hexdigest() for f in folder.glob("aftercare-*.pdf")}
    rows = {i.pdf_sha256 for i in db.exec(select(AftercareIssuance)).all()}
    return files, rows


def test_sheets_rendered_by_worker_processes_are_the_ones_rendered_here(db, receptionist, day_of_visits,
                                                                       tmp_path, monkeypatch):
    monkeypatch.setattr(checkout, "POOL_MIN_SHEETS", 1)
    steps = list(checkout.save_unprinted(db, actor=receptionist, day=DAY, folder=tmp_path, workers=2))
    assert steps == [(0, 5, "")] + [(i, 5, f"{n} Test") for i, n in enumerate(NAMES, start=1)]
    files, rows = _files_and_rows(db, tmp_path)
    assert len(files) == 5 and files == rows
    for issuance in db.exec(select(AftercareIssuance)).all():  # byte for byte what this process renders
        assert checkout.reprint(db, actor=receptionist, issuance_id=issuance.id).identical


def test_cancel_in_the_middle_of_a_pooled_batch_leaves_pairs_only(db, receptionist, day_of_visits, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setattr(checkout, "POOL_MIN_SHEETS", 1)
    run = checkout.save_unprinted(db, actor=receptionist, day=DAY, folder=tmp_path, workers=2)
    assert next(run) == (0, 5, "")
    assert next(run)[0] == 1
    assert next(run)[0] == 2
    run.close()  # the person pressed Cancel while the workers were rendering the rest
    files, rows = _files_and_rows(db, tmp_path)
    assert len(rows) == 2 and files == rows  # every row has its PDF and no PDF lacks its row
    rest = list(checkout.save_unprinted(db, actor=receptionist, day=DAY, folder=tmp_path, workers=2))
    assert rest[0] == (0, 3, "") and rest[-1] == (3, 3, "Ema Test")
    files, rows = _files_and_rows(db, tmp_path)
    assert len(rows) == 5 and files == rows


def test_a_failed_commit_removes_that_sheets_file(db, receptionist, day_of_visits, tmp_path, monkeypatch):
    from clinic_desktop.services.errors import ClinicError

    real = checkout.record_issuance
    calls = []

    def record(session, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise ClinicError("The database is busy.")
        return real(session, **kw)

    monkeypatch.setattr(checkout, "record_issuance", record)
    run = checkout.save_unprinted(db, actor=receptionist, day=DAY, folder=tmp_path, workers=0)
    with pytest.raises(ClinicError):
        list(run)
    files, rows = _files_and_rows(db, tmp_path)
    assert len(rows) == 2 and files == rows


def test_worker_processes_only_for_free_cores(monkeypatch):
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.3, 0.2))
    assert checkout._free_cores() == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (2.5, 2.0, 1.0))  # other work fills both cores
    assert checkout._free_cores() == 0
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert checkout._free_cores() == checkout.MAX_RENDER_WORKERS
