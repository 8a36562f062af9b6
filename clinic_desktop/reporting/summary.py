"""Treatment sessions pre-counted per UTC day for the complication report (migration 0013).

``report_day`` holds, per UTC day, treatment and practitioner, how many non-archived treatment sessions
there were (level 0), how many used each product (level 1), each lot number of any product (level 2) and
each batch of each product (level 3); a session counts once per key. Triggers mark every day a write
touches in ``report_dirty_day`` (with a generation bumped at each mark), inside the writer's transaction,
so the report never trusts a stale count: it reads ``report_day`` for clean days and recounts dirty days
(and the days cut by a period or month boundary) from the raw rows, in one statement.

:func:`fold_dirty_days` recounts dirty days into ``report_day``. It only changes speed, never the figures:
a mark is cleared only when its generation is the one read before the recount, so a day another
workstation wrote meanwhile stays dirty; on PostgreSQL one fold runs at a time (an advisory lock), on
SQLite writes are serialised by the database.

Complications (migration 0014): ``report_complication`` copies, per UTC day of their session, the
complications the report counts (not entered in error, session not archived) with the session's time,
treatment and practitioner, and ``report_complication_use`` the batches each counts for. Triggers on
``complication`` and ``product_use`` mark the session's day dirty like the others; the report reads the
rows of clean days and the raw rows of dirty ones, and the fold rebuilds the rows of the days it folds.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

#: PostgreSQL advisory lock key of the fold ("rday" in ASCII)
FOLD_LOCK_KEY = 0x72646179
#: days recounted per statement
FOLD_CHUNK = 400


def day_of(dialect: str, alias: str) -> str:
    """SQL for the UTC day of ``alias.performed_at`` as ``report_day.day`` stores it."""
    if dialect == "sqlite":
        return f"substr({alias}.performed_at, 1, 10)"
    return f"CAST({alias}.performed_at AS DATE)"


def next_day(dialect: str, day: str) -> str:
    """SQL for the day after the day expression ``day`` (same type)."""
    return f"date({day}, '+1 day')" if dialect == "sqlite" else f"({day} + 1)"


def day_param(dialect: str, day: date) -> Any:
    """A date as ``report_day.day`` compares with it (SQLite: ``YYYY-MM-DD`` text)."""
    return day.isoformat() if dialect == "sqlite" else day


def has_summary(connection: Connection, table: str = "report_dirty_day") -> bool:
    """True when the database has ``table``: ``report_dirty_day`` (the default) from schema 0013 on,
    ``report_complication`` from 0014 on."""
    if connection.dialect.name == "sqlite":
        sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t"
    else:
        sql = "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = :t " \
              "AND schemaname = ANY (current_schemas(false))"
    return bool(connection.execute(sa.text(sql), {"t": table}).scalar())


def complication_rows_sql(dialect: str, sessions: str, *, sessions_first: bool = False) -> tuple[str, str]:
    """(INSERT into ``report_complication``, INSERT into ``report_complication_use``) for the treatment
    sessions the FROM clause ``sessions`` yields as ``ts``. A complication counts for its product use's
    batch, or for every batch of its session when no product use is recorded (each pair once).

    ``sessions_first``: on SQLite, keep the join order as written (the days' sessions, then their
    complications, then their product uses: ``CROSS JOIN``). The fold needs it: without statistics on
    ``complication`` (a database never analysed) and with a few hundred dirty days, SQLite's planner put an
    automatic index over every complication first and read each day's sessions per complication, so one
    fold of 400 days over 1,000,000 treatment sessions ran for over half an hour instead of seconds."""
    day = day_of(dialect, "ts")
    keep = "WHERE ts.archived = :false AND c.entered_in_error = :false"
    then = "CROSS JOIN" if sessions_first and dialect == "sqlite" else "JOIN"
    joined = f"FROM {sessions} {then} complication c ON c.treatment_session_id = ts.id"
    main = (
        "INSERT INTO report_complication (day, complication_id, performed_at, treatment_session_id, "
        "patient_id, product_use_id, treatment, practitioner_id, kind, severity_grade, outcome, serious, "
        "onset_date, resolution_date) "
        f"SELECT {day}, c.id, ts.performed_at, ts.id, c.patient_id, c.product_use_id, ts.treatment, "
        "ts.practitioner_id, c.kind, c.severity_grade, c.outcome, c.serious, c.onset_date, c.resolution_date "
        f"{joined} {keep}"
    )
    cols = (f"{day}, c.id, pu.product_name, pu.batch_number, ts.performed_at, ts.id, ts.treatment, "
            "ts.practitioner_id, c.severity_grade, c.outcome, c.serious")
    uses = (
        "INSERT INTO report_complication_use (day, complication_id, product_name, batch_number, "
        "performed_at, treatment_session_id, treatment, practitioner_id, severity_grade, outcome, serious) "
        f"SELECT {cols} {joined} {then} product_use pu ON pu.id = c.product_use_id {keep} "
        f"UNION SELECT {cols} {joined} {then} product_use pu ON pu.treatment_session_id = ts.id "
        f"{keep} AND c.product_use_id IS NULL"
    )
    return main, uses


def fold_complication_sql(dialect: str) -> tuple[str, str]:
    """:func:`complication_rows_sql` for the treatment sessions of the dirty days named by the expanding
    parameter ``:days`` (each day an index range of ``ix_treatment_session_performed_at``), in that order."""
    join = ("CROSS JOIN treatment_session ts INDEXED BY ix_treatment_session_performed_at"
            if dialect == "sqlite" else "JOIN treatment_session ts")
    fd = (f"(SELECT day AS d FROM report_dirty_day WHERE day IN :days) fd {join} "
          f"ON ts.performed_at >= fd.d AND ts.performed_at < {next_day(dialect, 'fd.d')}")
    return complication_rows_sql(dialect, fd, sessions_first=True)


def _count_sql(dialect: str) -> str:
    """The rows of ``report_day`` for the sessions on the days of ``fd(d)``."""
    day = day_of(dialect, "ts")
    # SQLite: the days as the outer loop, each an index range (without statistics on fd the planner may
    # otherwise build an automatic index over every treatment session)
    join = ("CROSS JOIN treatment_session ts INDEXED BY ix_treatment_session_performed_at"
            if dialect == "sqlite" else "JOIN treatment_session ts")
    sessions = (f"fd {join} ON ts.performed_at >= fd.d "
                f"AND ts.performed_at < {next_day(dialect, 'fd.d')}")
    used = f"{sessions} JOIN product_use pu ON pu.treatment_session_id = ts.id"
    keep = "WHERE ts.archived = :false"
    return (
        f"SELECT 0, '', '', {day}, ts.treatment, ts.practitioner_id, COUNT(*) FROM {sessions} {keep} "
        f"GROUP BY {day}, ts.treatment, ts.practitioner_id "
        f"UNION ALL SELECT 1, pu.product_name, '', {day}, ts.treatment, ts.practitioner_id, "
        f"COUNT(DISTINCT ts.id) FROM {used} {keep} "
        f"GROUP BY pu.product_name, {day}, ts.treatment, ts.practitioner_id "
        f"UNION ALL SELECT 2, '', pu.batch_number, {day}, ts.treatment, ts.practitioner_id, "
        f"COUNT(DISTINCT ts.id) FROM {used} {keep} "
        f"GROUP BY pu.batch_number, {day}, ts.treatment, ts.practitioner_id "
        f"UNION ALL SELECT 3, pu.product_name, pu.batch_number, {day}, ts.treatment, ts.practitioner_id, "
        f"COUNT(DISTINCT ts.id) FROM {used} {keep} "
        f"GROUP BY pu.product_name, pu.batch_number, {day}, ts.treatment, ts.practitioner_id"
    )


def fold_connection(connection: Connection, *, limit: int | None = None) -> int:
    """Recount up to ``limit`` dirty days (all when None) into ``report_day`` on ``connection``, inside
    the caller's transaction (the caller commits). Returns how many marks were cleared; 0 when another
    fold holds the PostgreSQL lock or the schema has no summary."""
    dialect = connection.dialect.name
    if not has_summary(connection):
        return 0
    if dialect == "postgresql" and not connection.execute(
        sa.text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": FOLD_LOCK_KEY}
    ).scalar():
        return 0
    sql = "SELECT day, generation FROM report_dirty_day ORDER BY day"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    marks = [(d, g) for d, g in connection.execute(sa.text(sql))]
    cleared = 0
    days_in = sa.bindparam("days", expanding=True)
    count = _count_sql(dialect)
    complications = has_summary(connection, "report_complication")
    complication_rows = fold_complication_sql(dialect)
    for start in range(0, len(marks), FOLD_CHUNK):
        part = marks[start : start + FOLD_CHUNK]
        days = [d for d, _ in part]
        connection.execute(sa.text("DELETE FROM report_day WHERE day IN :days").bindparams(days_in),
                           {"days": days})
        connection.execute(
            sa.text(
                "INSERT INTO report_day (level, product_name, batch_number, day, treatment, practitioner_id, "
                f"sessions) WITH fd(d) AS (SELECT day FROM report_dirty_day WHERE day IN :days) {count}"
            ).bindparams(days_in),
            {"days": days, "false": False},
        )
        if complications:
            for table in ("report_complication", "report_complication_use"):
                connection.execute(sa.text(f"DELETE FROM {table} WHERE day IN :days").bindparams(days_in),
                                   {"days": days})
            for insert in complication_rows:
                connection.execute(sa.text(insert).bindparams(days_in), {"days": days, "false": False})
        for d, g in part:
            result = connection.execute(
                sa.text("DELETE FROM report_dirty_day WHERE day = :d AND generation = :g"), {"d": d, "g": g}
            )
            cleared += result.rowcount or 0
    return cleared


def fold_dirty_days(session: Session, *, limit: int | None = None) -> int:
    """Recount dirty days into ``report_day`` and commit; returns how many marks were cleared.

    Safe to call at any time from any workstation: a day written while it runs stays dirty. When the
    database is busy (another workstation holds the SQLite write lock past the busy timeout) it rolls back
    and returns 0: the report then counts those days from the raw rows, slower but the same figures.
    Call it with no pending changes in ``session`` (it commits).
    """
    try:
        cleared = fold_connection(session.connection(), limit=limit)
        session.commit()
    except OperationalError:
        session.rollback()
        return 0
    return cleared
