"""Ctrl+C in the terminal (SIGINT) and SIGTERM close the window as its close button does: no question
about unsaved work (nobody would answer it), the event loop's normal exit code 0, the database closed
and consistent, nothing half-written (the form's typed patient is not saved)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session

from clinic_desktop.db import open_database
from clinic_desktop.services import auth
from tests.services.helpers import patient

CHILD = Path(__file__).with_name("signal_child.py")

pytestmark = [pytest.mark.sqlite_only, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]


@pytest.fixture
def clinic_file(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    engine = open_database(path)
    with Session(engine, expire_on_commit=False) as db:
        admin = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password="a long desk password")
        patient(db, admin)
    engine.dispose()
    return path


def _run_until_signal(db: Path, mode: str, sig: int, tmp_path: Path) -> tuple[int, str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CLINIC_DESKTOP_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, str(CHILD), str(db), mode], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=Path(__file__).parents[2])
    try:
        line = proc.stdout.readline()
        assert line.strip() == "READY", line + proc.stderr.read()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out, err


def _consistent(db: Path) -> tuple[str, int]:
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0  # closed: WAL folded back
    with sqlite3.connect(db) as con:
        return con.execute("PRAGMA integrity_check").fetchone()[0], con.execute("SELECT count(*) FROM patient").fetchone()[0]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_closes_the_window_with_its_normal_code(clinic_file, tmp_path, sig):
    code, _out, err = _run_until_signal(clinic_file, "window", sig, tmp_path)
    assert code == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert _consistent(clinic_file) == ("ok", 1)


def test_ctrl_c_with_a_form_open_skips_the_question_and_saves_nothing_half_typed(clinic_file, tmp_path):
    code, out, err = _run_until_signal(clinic_file, "dialog", signal.SIGINT, tmp_path)
    assert code == 0, err
    assert "DIALOG CLOSED" in out  # the form was rejected, not left waiting for an answer
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert _consistent(clinic_file) == ("ok", 1)
