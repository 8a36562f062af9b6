"""Time the complication report on a large database (made by gen_large_clinic.py). Not a test.

    python benchmarks/gen_large_clinic.py -o .benchmarks/clinic_large.sqlite3
    python benchmarks/bench_report.py .benchmarks/clinic_large.sqlite3

Prints, for several periods and filters, the best and median wall time of ``build_report`` over
``--repeat`` runs (after one warm-up run), plus the line-list read time. Target: the report over all
1,000,000 treatment sessions in at most 1.0 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date

from sqlmodel import Session

CASES: list[tuple[str, dict[str, object]]] = [
    (
        "all 1M sessions (2024-07-01..2026-06-30)",
        {"date_from": date(2024, 7, 1), "date_to": date(2026, 6, 30)},
    ),
    (
        "last 12 months (2025-07-01..2026-06-30)",
        {"date_from": date(2025, 7, 1), "date_to": date(2026, 6, 30)},
    ),
    ("last quarter (2026-04-01..2026-06-30)", {"date_from": date(2026, 4, 1), "date_to": date(2026, 6, 30)}),
    (
        "all, treatment = facial-mesotherapy",
        {"date_from": date(2024, 7, 1), "date_to": date(2026, 6, 30), "treatment": "facial-mesotherapy"},
    ),
    (
        "all, product = HydraGlow HA 1.5%",
        {"date_from": date(2024, 7, 1), "date_to": date(2026, 6, 30), "product_name": "HydraGlow HA 1.5%"},
    ),
    (
        "all, min grade 2, serious only",
        {"date_from": date(2024, 7, 1), "date_to": date(2026, 6, 30), "min_grade": 2, "serious_only": True},
    ),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default=".benchmarks/clinic_large.sqlite3")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--line-list", action="store_true", help="also time reading the full line list")
    args = parser.parse_args(argv)

    from clinic_desktop.db import open_database
    from clinic_desktop.reporting.query import ReportFilters, build_report, drain, iter_line_list

    engine = open_database(args.db)
    with Session(engine) as session:
        for label, values in CASES:
            filters = ReportFilters(**values)  # type: ignore[arg-type]
            report = build_report(session, filters)  # warm-up (page cache)
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                report = build_report(session, filters)
                times.append(time.perf_counter() - started)
            signals = ", ".join(f"{b.batch_number} (Holm p={b.p_adjusted:.1e})" for b in report.batch_signals)
            print(
                f"{label}: best {min(times):.3f} s, median {statistics.median(times):.3f} s | "
                f"{report.treatment_sessions:,} sessions, {report.complications:,} complications, "
                f"rate {report.overall.rate_per_1000 or 0:.1f}/1000; signals: {signals or 'none'}"
            )
        if args.line_list:
            filters = ReportFilters(**CASES[0][1])  # type: ignore[arg-type]
            started = time.perf_counter()
            rows = drain(iter_line_list(session, filters, identified=False))
            print(f"line list: {len(rows):,} rows in {time.perf_counter() - started:.2f} s")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
