"""Issue #10 item 8: two processes on one database (SQLite file or PostgreSQL URL from the ``engine``
fixture) amend one complication and close the same follow-ups; nothing is lost, nothing closes twice.

The longer run with N configurable: ``python benchmarks/contention.py -n 1000 [--db URL]``.
"""

from __future__ import annotations

from benchmarks.contention import run
from clinic_desktop.db.engine import sqlite_path

N = 20


def _target(engine) -> str:
    path = sqlite_path(engine)
    return str(path) if path is not None else engine.url.render_as_string(hide_password=False)


def test_two_processes_amending_and_closing_lose_nothing(engine):
    figures = run(_target(engine), N)
    assert figures.errors == []
    # amendments: each accepted one is in the history with its own number; the others were refused
    assert figures.amend_accepted + figures.amend_refused == figures.amend_attempts == 2 * N
    assert figures.amend_accepted >= N  # at least one process's worth got through
    assert figures.amend_lost == 0
    # follow-ups: each closed exactly once, by one of the two
    assert figures.close_accepted == N and figures.close_refused == N
    assert figures.closed_twice == 0 and figures.never_closed == 0
    assert figures.audit_ok
