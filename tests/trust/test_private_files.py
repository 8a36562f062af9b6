"""Sheets, recall lists, the log and the app's folders are the owner's only (POSIX); a full disk says so."""

from __future__ import annotations

import errno
import logging
import os
import stat

import pytest
from sqlmodel import func, select

from clinic_desktop import logging_setup, paths
from clinic_desktop.models import AftercareIssuance
from clinic_desktop.services import checkout, recall
from clinic_desktop.services.errors import ValidationError

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix
def test_data_and_log_folders_and_the_log_file_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "home"))
    old = os.umask(0o022)
    try:
        assert _mode(paths.data_dir()) == 0o700
        assert _mode(paths.log_dir()) == 0o700
        path = logging_setup.configure_logging()
        logging.getLogger("test").info("hello")
        assert _mode(path) == 0o600
    finally:
        os.umask(old)
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", None) == str(path):
                root.removeHandler(handler)
                handler.close()


@posix
def test_a_saved_sheet_and_a_recall_csv_are_owner_only(db, practitioner, receptionist, manager, tmp_path):
    from tests.complications.conftest import record_session
    from tests.services.helpers import patient, toronto_clinic

    toronto_clinic(db)  # a sheet prints only with the clinic's emergency number
    p = patient(db, receptionist)
    ts = record_session(db, practitioner, p.id, batches=("LOT-Q1",))
    old = os.umask(0o022)
    try:
        _issuance, sheet_path = checkout.save_sheet(db, actor=receptionist, treatment_session_id=ts.id, path=tmp_path / "s.pdf")
        rows, csv_path = recall.export_recall_csv(db, actor=manager, batch_number="LOT-Q1", path=tmp_path / "r.csv")
    finally:
        os.umask(old)
    assert _mode(sheet_path) == 0o600
    assert _mode(csv_path) == 0o600 and rows


def test_a_full_disk_while_saving_a_sheet_says_so_and_keeps_the_old_file(
        db, practitioner, receptionist, tmp_path, monkeypatch):
    from tests.complications.conftest import record_session
    from tests.services.helpers import patient, toronto_clinic

    toronto_clinic(db)  # a sheet prints only with the clinic's emergency number
    p = patient(db, receptionist)
    ts = record_session(db, practitioner, p.id)
    target = tmp_path / "s.pdf"
    target.write_bytes(b"the earlier sheet")
    before = db.exec(select(func.count()).select_from(AftercareIssuance)).one()
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ValidationError) as err:
        checkout.save_sheet(db, actor=receptionist, treatment_session_id=ts.id, path=target)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert "disk is full" in str(err.value)
    assert target.read_bytes() == b"the earlier sheet"
    assert not list(tmp_path.glob(".*.part"))
    assert db.exec(select(func.count()).select_from(AftercareIssuance)).one() == before
