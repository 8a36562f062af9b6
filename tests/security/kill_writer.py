"""Crash-safety harness: a writer process killed with SIGKILL must lose no committed record.

Run as a script, it is the *writer*: ``python kill_writer.py DB_PATH`` opens ``DB_PATH`` through the
app's engine (WAL, synchronous=FULL) and, forever, writes one patient plus its audit entry per transaction,
printing the patient's id (flushed) only after the commit returned. :func:`kill_round` starts a writer,
kills it with SIGKILL after a random number of reported commits, and checks the file: every reported id is
present, ``PRAGMA integrity_check`` is ok and the audit chain verifies. Used by
tests/security/test_kill_safety.py and benchmarks/kill_rounds.py.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

WRITER = Path(__file__).resolve()


@dataclass(frozen=True)
class RoundResult:
    """One kill round: ids the writer reported committed, how many were missing afterwards, checks."""

    reported: int
    missing: int
    integrity: str
    chain_ok: bool
    rows_after: int


def kill_round(db_path: Path, rng: random.Random, *, max_commits: int = 120) -> RoundResult:
    """Start a writer on the (already migrated) ``db_path``, SIGKILL it at a random moment, check the file."""
    target = rng.randint(1, max_commits)
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    reported: list[int] = []
    try:
        while len(reported) < target:
            line = proc.stdout.readline()
            if not line:
                break
            reported.append(int(line))
        # jitter: a random number of cheap polls, so the kill lands at varied points of a transaction
        for _ in range(rng.randint(0, 2000)):
            proc.poll()
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reported.extend(int(x) for x in rest.split())  # committed and printed before the kill landed
    if not reported and proc.returncode != -signal.SIGKILL:
        raise RuntimeError(f"writer failed to start: {err}")
    return check_file(db_path, reported)


def check_file(db_path: Path, reported: list[int]) -> RoundResult:
    """Check a database after a kill: reported ids present, integrity_check, audit chain."""
    from sqlmodel import Session

    from clinic_desktop.db.engine import make_engine
    from clinic_desktop.services.audit import verify_chain

    con = sqlite3.connect(db_path)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        present = {row[0] for row in con.execute("SELECT id FROM patient")}
    finally:
        con.close()
    engine = make_engine(db_path)
    try:
        with Session(engine) as session:
            chain_ok = verify_chain(session).ok
    finally:
        engine.dispose()
    missing = [i for i in reported if i not in present]
    return RoundResult(len(reported), len(missing), integrity, chain_ok, len(present))


def _writer(db_path: str) -> None:
    from datetime import date

    from sqlmodel import Session

    from clinic_desktop.db.engine import make_engine
    from clinic_desktop.models import Patient
    from clinic_desktop.services import audit

    engine = make_engine(db_path)
    n = 0
    while True:
        n += 1
        with Session(engine) as session:
            patient = Patient(
                given_names=f"Kill test {n}",
                family_name="Writer",
                date_of_birth=date(1990, 1, 1),
                notes="x" * (n % 7 * 300),
            )
            session.add(patient)
            session.flush()
            audit.record(session, actor=None, action="patient.create", entity="patient", entity_id=patient.id)
            session.commit()
            sys.stdout.write(f"{patient.id}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    _writer(sys.argv[1])
