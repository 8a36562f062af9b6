"""A second process (the CLI, another workstation) must never make the window's writes invisible.

On POSIX, closing *any* descriptor of a database file drops every lock this process holds on it. If the
app reads the live file with a plain ``open()`` (say, to check its header before a backup), another
process that then closes its last connection believes it is alone, checkpoints and deletes the WAL under
the app's open connection, and every later write of the app goes to a deleted file (the field report:
patients "added" in the window, gone after a crash).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlmodel import Session

from clinic_desktop.db import open_database
from clinic_desktop.db.backup import looks_like_sqlite
from clinic_desktop.models import Patient
from clinic_desktop.services.backups import daily_backup_if_needed

OTHER_PROCESS = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
print(con.execute("SELECT group_concat(given_names, ',') FROM (SELECT given_names FROM patient ORDER BY id)")
      .fetchone()[0])
con.close()
"""


def _other_process_sees(path: Path) -> str:
    result = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path)], capture_output=True, text=True,
                            timeout=60, check=True)
    return result.stdout.strip()


def test_window_writes_stay_visible_after_a_backup_and_another_process(db_path):
    engine = open_database(db_path)
    try:
        with Session(engine) as db:  # the window: its pooled connection stays open all day
            db.add(Patient(given_names="Alpha", date_of_birth=date(1990, 1, 1)))
            db.commit()
            assert daily_backup_if_needed(engine) is not None  # the first start of the day
            assert looks_like_sqlite(db_path)  # and any other header check the app may do
            assert _other_process_sees(db_path) == "Alpha"  # e.g. `clinic-desktop staff list`
            assert Path(f"{db_path}-wal").exists(), "another process deleted the WAL under the open app"
            db.add(Patient(given_names="Bravo", date_of_birth=date(1991, 1, 1)))
            db.commit()
            assert _other_process_sees(db_path) == "Alpha,Bravo"
    finally:
        engine.dispose()


def test_header_check_tells_databases_from_other_files(tmp_path, db_path):
    engine = open_database(db_path)
    engine.dispose()
    assert looks_like_sqlite(db_path)
    text = tmp_path / "notes.sqlite3"
    text.write_text("this is not a database " * 100)
    assert not looks_like_sqlite(text)
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert not looks_like_sqlite(empty)
    assert not looks_like_sqlite(tmp_path / "missing.sqlite3")
