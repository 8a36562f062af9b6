"""Time the complication report on a large database (made by gen_large_clinic.py), every filter. Not a test.

    python benchmarks/gen_large_clinic.py -o .benchmarks/clinic_large.sqlite3
    python benchmarks/bench_report.py .benchmarks/clinic_large.sqlite3
    python benchmarks/bench_report.py postgresql+psycopg://postgres@127.0.0.1:5432/clinic_large --plans

Prints, for each filter of issue #17 (no filter, one treatment, one practitioner, one product, one batch,
minimum grade, serious only) over the whole two years, the best and median wall time of ``build_report``
over ``--repeat`` runs after one warm-up run, with the load average, and checks the figures against the
plain recount from the raw rows (``build_report(..., plain=True)``). Targets: each filter ≤ 0.5 s on
SQLite and ≤ 1.0 s on PostgreSQL over 1,000,000 treatment sessions and 50,000 complications, warm.
``--plans`` prints the query plans (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL) of the
report's statements for one filter (``--plan-filter``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

PERIOD = {"date_from": date(2024, 7, 1), "date_to": date(2026, 6, 30)}
CASES: list[tuple[str, dict[str, object]]] = [
    ("no filter", {}),
    ("one treatment", {"treatment": "facial-mesotherapy"}),
    ("one practitioner", {"practitioner_id": 5}),
    ("one product", {"product_name": "HydraGlow HA 1.5%"}),
    ("one batch", {"product_name": "HydraGlow HA 1.5%", "batch_number": "HH2025-02B"}),
    ("minimum grade 2", {"min_grade": 2}),
    ("serious only", {"serious_only": True}),
]
TARGET = {"sqlite": 0.5, "postgresql": 1.0}


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def cpu_clock(session: Any) -> Any:
    """A function returning the CPU seconds used so far by this process and, on a PostgreSQL server on this
    machine, by the session's server process too (``/proc/<pid>/stat``): the work done, whatever else loads
    the machine."""
    import os

    pid = None
    if session.get_bind().dialect.name == "postgresql":
        import sqlalchemy as sa

        pid = session.connection().execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        if not Path(f"/proc/{pid}/stat").exists():
            pid = None  # a server on another machine: the client's share only
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def clock() -> float:
        used = time.process_time()
        if pid is not None:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        return used

    return clock


def time_filters(session: Any, repeat: int, *, check: bool = True) -> list[tuple[str, float, float, Any, float, float]]:
    """[(label, best s, median s, report, median CPU s, plain recount s)] for every case (CPU: this process
    and a local PostgreSQL server process, :func:`cpu_clock`); when ``check``, runs the plain recount from
    the raw rows once (its time: the last figure, else NaN) and asserts that it agrees."""
    from clinic_desktop.reporting.query import ReportFilters, build_report

    out = []
    clock = cpu_clock(session)
    for label, values in CASES:
        filters = ReportFilters(**PERIOD, **values)  # type: ignore[arg-type]
        report = build_report(session, filters)  # warm-up (page cache)
        session.rollback()
        times, cpu = [], []
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), clock()
            report = build_report(session, filters)
            times.append(time.perf_counter() - started)
            cpu.append(clock() - cpu_started)
            session.rollback()
        plain = float("nan")
        if check:
            started = time.perf_counter()
            assert build_report(session, filters, plain=True) == report, f"{label}: differs from the recount"
            plain = time.perf_counter() - started
            session.rollback()
        out.append((label, min(times), statistics.median(times), report, statistics.median(cpu), plain))
    return out


def plans(session: Any, values: dict[str, object]) -> str:
    """The plan of every statement ``build_report`` runs for ``values``, with its time."""
    import sqlalchemy as sa

    from clinic_desktop.reporting import query
    from clinic_desktop.reporting.query import ReportFilters, build_report

    captured: list[tuple[str, dict[str, Any], float]] = []
    real = query._rows

    def capture(s: Any, sql: str, params: dict[str, Any]) -> list[Any]:
        started = time.perf_counter()
        rows = real(s, sql, params)
        captured.append((sql, dict(params), time.perf_counter() - started))
        return rows

    query._rows = capture
    try:
        build_report(session, ReportFilters(**PERIOD, **values))  # type: ignore[arg-type]
    finally:
        query._rows = real
    sqlite = session.get_bind().dialect.name == "sqlite"
    lines = []
    for sql, params, seconds in captured:
        lines.append(f"-- {seconds:.3f} s: {' '.join(sql.split())[:110]} …")
        prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, COSTS OFF) "
        for row in session.connection().execute(sa.text(prefix + sql), params):
            text = row[-1] if sqlite else row[0]
            if sqlite and ("CONSTANT ROW" in text or text.startswith("UNION USING")):
                continue  # the boundary days' one-row SELECTs
            lines.append(f"   {text}")
    session.rollback()
    return "\n".join(lines)



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default=".benchmarks/clinic_large.sqlite3", help="file or URL")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--line-list", action="store_true", help="also time reading the full line list")
    parser.add_argument("--plans", action="store_true", help="print the query plans of one filter")
    parser.add_argument("--plan-filter", default="one product", choices=[c for c, _ in CASES])
    args = parser.parse_args(argv)

    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.reporting.query import ReportFilters, drain, iter_line_list

    engine = open_database(args.db, backup_before_migrating=False)
    target = TARGET[engine.dialect.name]
    print(f"{engine.dialect.name}, load average {loadavg()}")
    with Session(engine) as session:
        for label, best, median, report, cpu, plain in time_filters(session, args.repeat):
            signals = ", ".join(f"{b.batch_number} (Holm p={b.p_adjusted:.1e})" for b in report.batch_signals)
            print(
                f"{label}: best {best:.3f} s, median {median:.3f} s ({'met' if median <= target else 'NOT met'}, "
                f"CPU {cpu:.3f} s, plain recount {plain:.2f} s, "
                f"≤ {target} s) | {report.treatment_sessions:,} sessions, {report.complications:,} complications, "
                f"rate {report.overall.rate_per_1000 or 0:.1f}/1000; signals: {signals or 'none'}"
            )
        print(f"load average after: {loadavg()}")
        if args.plans:
            print(f"\nquery plans, {args.plan_filter}:")
            print(plans(session, dict(CASES)[args.plan_filter]))
        if args.line_list:
            filters = ReportFilters(**PERIOD)
            started = time.perf_counter()
            rows = drain(iter_line_list(session, filters, identified=False))
            print(f"line list: {len(rows):,} rows in {time.perf_counter() - started:.2f} s")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
