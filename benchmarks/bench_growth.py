"""Growth curves: patient search, the complication report and the Follow-ups page as a clinic's history grows.

    python benchmarks/bench_growth.py                                   # SQLite, 10k / 100k / 1M
    python benchmarks/bench_growth.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    python benchmarks/bench_growth.py --sizes 10000 100000 --runs 3
    python benchmarks/bench_growth.py --plot-only                       # redraw from the last results

For each size N the clinic has N patients, N treatment sessions (with about 1.2 N product uses and N
follow-ups) and N / 20 complications, made by ``gen_large_clinic.py`` (same seed, same rows on both
engines). Databases are cached: SQLite files in ``.benchmarks/growth/`` and PostgreSQL databases
``clinic_growth_<N>_<schema head>`` on the server given (its role must be allowed to create databases),
so a re-run only measures. A database is renamed into place only once complete.

Measured, warm, as the median (search: p95) over ``--runs`` repetitions, with the load average at the time:

- search: ``services.search.find_patient_hits`` (what the Patients page calls) over typed prefixes of 1-4
  letters, full names, phone fragments and birth dates of patients drawn from the database;
- report: ``reporting.query.build_report`` over the whole two years, for each filter (none, one treatment,
  one practitioner, one product, one batch, minimum grade, serious only); the table shows no filter and the
  slowest filter;
- Follow-ups page: :func:`follow_ups_page`, the query behind the page on "today" of the generated clinic
  (2026-07-01): every open follow-up overdue, due today or in the next 14 days.

Writes the markdown table to stdout and ``.benchmarks/growth.md``, the figures to ``.benchmarks/growth.json``
and the plot to ``docs/growth.png`` (matplotlib: ``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".benchmarks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SIZES = (10_000, 100_000, 1_000_000)
SEED = 20260101
TODAY = date(2026, 7, 1)  # "today" in the generated clinic
PERIOD = {"date_from": date(2024, 7, 1), "date_to": date(2026, 6, 30)}
REPORT_CASES: list[tuple[str, dict[str, Any]]] = [
    ("no filter", {}),
    ("one treatment", {"treatment": "facial-mesotherapy"}),
    ("one practitioner", {"practitioner_id": 5}),
    ("one product", {"product_name": "HydraGlow HA 1.5%"}),
    ("one batch", {"product_name": "HydraGlow HA 1.5%", "batch_number": "HH2025-02B"}),
    ("minimum grade 2", {"min_grade": 2}),
    ("serious only", {"serious_only": True}),
]


def follow_ups_page(session: Any, actor: Any, on: date) -> int:
    """What the Follow-ups page asks the database when it opens: the first page of open follow-ups
    (``followups.list_page``, 100 rows, by due date) and the counts per bucket (``count_by_bucket``, which the
    window runs on another thread). Returns how many rows the first page holds."""
    from clinic_desktop.services import followups

    filters = followups.FollowUpFilters(on=on)
    rows, _ = followups.list_page(session, actor=actor, filters=filters, with_total=False)
    followups.count_by_bucket(session, actor=actor, filters=filters)
    return len(rows)


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def head_revision() -> str:
    from clinic_desktop.db.migrate import head_revision as head

    return head()


# ------------------------------------------------------------------------------------------- databases


def sqlite_db(n: int) -> str:
    """The cached SQLite clinic of size ``n`` (generated when missing)."""
    import gen_large_clinic

    folder = CACHE / "growth"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"clinic-{n}-s{SEED}-{head_revision()}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        print(f"  generating {path.name} ...", flush=True)
        result = gen_large_clinic.generate(partial, patients=n, sessions=n, complications=n // 20, seed=SEED)
        os.replace(partial, path)
        print(f"  generated in {result['seconds']:.1f} s (load {loadavg()})", flush=True)
    return str(path)


def postgres_db(server_url: str, n: int) -> str:
    """The cached PostgreSQL clinic of size ``n`` on the server of ``server_url`` (loaded when missing)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    import gen_large_clinic

    name = f"clinic_growth_{n}_{head_revision()}"
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        if not found:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_partial" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}_partial"'))
    url = make_url(server_url)
    if not found:
        print(f"  loading {name} ...", flush=True)
        partial = url.set(database=f"{name}_partial").render_as_string(hide_password=False)
        result = gen_large_clinic.generate(partial, patients=n, sessions=n, complications=n // 20, seed=SEED)
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}_partial" RENAME TO "{name}"'))
        print(f"  loaded in {result['seconds']:.1f} s (load {loadavg()})", flush=True)
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


# ------------------------------------------------------------------------------------------- measures


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.95))]


def measure(target: str, runs: int, queries: int) -> dict[str, Any]:
    """Search p95, report per filter and the Follow-ups page on one database; times in seconds."""
    import sqlalchemy as sa
    from sqlmodel import Session

    import bench_report
    import bench_search
    from clinic_desktop.db import open_database
    from clinic_desktop.models import StaffMember
    from clinic_desktop.reporting.query import ReportFilters, build_report
    from clinic_desktop.services.search import find_patient_hits

    engine = open_database(target, backup_before_migrating=False)
    out: dict[str, Any] = {"load_before": loadavg()}
    with Session(engine) as session:
        conn = session.connection()
        n_patients = conn.execute(sa.text("SELECT COUNT(*) FROM patient")).scalar_one()
        rng = random.Random(SEED)
        ids = [rng.randrange(1, n_patients + 1) for _ in range(200)]
        people = [
            (g, f, p, b if isinstance(b, date) else date.fromisoformat(b))
            for g, f, p, b in conn.execute(
                sa.text("SELECT given_names, family_name, phone, date_of_birth FROM patient WHERE id IN :ids")
                .bindparams(sa.bindparam("ids", expanding=True)), {"ids": ids})
        ]
        asked = bench_search.queries(people, queries, SEED)
        find_patient_hits(session, "warm up", limit=100)
        for _, q in asked:
            find_patient_hits(session, q, limit=100)
        times = []
        for _ in range(max(1, runs // 2)):
            for _, q in asked:
                t0 = time.perf_counter()
                find_patient_hits(session, q, limit=100)
                times.append(time.perf_counter() - t0)
        out["search_p95"] = _p95(times)
        out["search_median"] = statistics.median(times)

        clock = bench_report.cpu_clock(session)
        report: dict[str, float] = {}
        report_cpu: dict[str, float] = {}
        for label, extra in REPORT_CASES:
            filters = ReportFilters(**PERIOD, **extra)
            build_report(session, filters)
            session.rollback()
            times, cpu = [], []
            for _ in range(runs):
                t0, c0 = time.perf_counter(), clock()
                build_report(session, filters)
                times.append(time.perf_counter() - t0)
                cpu.append(clock() - c0)
                session.rollback()
            report[label] = statistics.median(times)
            report_cpu[label] = statistics.median(cpu)
        out["report"] = report
        # CPU seconds of this process and of the local PostgreSQL server process: what the report costs
        # without the machine's other load
        out["report_cpu"] = report_cpu

        manager = session.get(StaffMember, 2)  # Mona Manager in the generated clinic
        rows = follow_ups_page(session, manager, TODAY)
        session.expunge_all()
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            rows = follow_ups_page(session, manager, TODAY)
            times.append(time.perf_counter() - t0)
            session.expunge_all()
        out["followups"] = statistics.median(times)
        out["followups_rows"] = rows
    engine.dispose()
    out["load_after"] = loadavg()
    return out


# ------------------------------------------------------------------------------------------- output


def table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    """The markdown table of every engine and size."""
    lines = [
        "| engine | patients / treatment sessions | search p95 | report, no filter | report, slowest filter "
        "| Follow-ups page (rows) | load (1/5/15 min) |",
        "|---|---|---|---|---|---|---|",
    ]
    for engine, sizes in results.items():
        for n, r in sorted(sizes.items(), key=lambda kv: int(kv[0])):
            slow = max(r["report"], key=r["report"].get)
            lines.append(
                f"| {engine} | {int(n):,} | {r['search_p95'] * 1000:.1f} ms | {r['report']['no filter']:.3f} s | "
                f"{r['report'][slow]:.3f} s ({slow}) | {r['followups'] * 1000:.0f} ms ({r['followups_rows']:,}) | "
                f"{r['load_before']} |"
            )
    return "\n".join(lines)


def report_table(results: dict[str, dict[str, dict[str, Any]]], n: str) -> str:
    """Every report filter at size ``n`` on each engine (seconds)."""
    engines = [e for e in results if n in results[e]]
    lines = ["| report filter | " + " | ".join(f"{e} (wall; CPU)" for e in engines) + " |",
             "|---|" + "---|" * len(engines)]
    for label, _ in REPORT_CASES:
        lines.append(f"| {label} | " + " | ".join(
            f"{results[e][n]['report'][label]:.3f} s; {results[e][n].get('report_cpu', {}).get(label, 0):.3f} s"
            for e in engines) + " |")
    lines.append("| load average | " + " | ".join(results[e][n]["load_before"] for e in engines) + " |")
    return "\n".join(lines)


def plot(results: dict[str, dict[str, dict[str, Any]]], path: Path) -> None:
    """Three log-log panels (search, report, Follow-ups page), one line per engine, a linear guide."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [
        ("Patient search (p95)", lambda r: r["search_p95"] * 1000, "ms"),
        ("Complication report (slowest filter)", lambda r: max(r["report"].values()) * 1000, "ms"),
        ("Follow-ups page", lambda r: r["followups"] * 1000, "ms"),
    ]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2), constrained_layout=True)
    for ax, (title, value, unit) in zip(axes, panels, strict=True):
        # at each size, the highest figure's label goes above its point and the others' below, so that
        # close figures of the two engines stay readable
        highest = {n: max(value(sizes[n]) for sizes in results.values() if n in sizes)
                   for n in {n for sizes in results.values() for n in sizes}}
        for engine, sizes in results.items():
            ns = sorted(int(n) for n in sizes)
            ys = [value(sizes[str(n)]) for n in ns]
            (line,) = ax.plot(ns, ys, marker="o", label=engine)
            for x, y in zip(ns, ys, strict=True):
                above = y >= highest[str(x)]
                ax.annotate(f"{y:.0f}" if y >= 10 else f"{y:.1f}", (x, y), textcoords="offset points",
                            xytext=(4, 4) if above else (4, -11), fontsize=8, color=line.get_color())
        first = next(iter(results.values()))
        ns = sorted(int(n) for n in first)
        if ns:
            base = value(first[str(ns[0])])
            ax.plot(ns, [base * n / ns[0] for n in ns], linestyle=":", color="grey", label="linear (×10 per ×10)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("treatment sessions (= patients)")
        ax.set_ylabel(unit)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("Clinic Desktop: time as the clinic's history grows (warm, log-log)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--postgres", metavar="URL", help="also on PostgreSQL: a server URL whose role may "
                        "create databases (the clinics are kept there for the next run)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", type=int, default=700, help="search queries per run")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "growth.png")
    parser.add_argument("--plot-only", action="store_true", help="redraw from .benchmarks/growth.json")
    args = parser.parse_args(argv)
    saved = CACHE / "growth.json"
    os.environ.setdefault("CLINIC_DESKTOP_HOME", str(CACHE / "home"))
    results: dict[str, dict[str, dict[str, Any]]] = json.loads(saved.read_text()) if saved.exists() else {}
    if not args.plot_only:
        print(f"load average before: {loadavg()} ({os.cpu_count()} CPUs)", flush=True)
        engines = ([] if args.no_sqlite else ["SQLite"]) + (["PostgreSQL"] if args.postgres else [])
        for engine in engines:
            for n in args.sizes:
                target = sqlite_db(n) if engine == "SQLite" else postgres_db(args.postgres, n)
                r = measure(target, args.runs, args.queries)
                results.setdefault(engine, {})[str(n)] = r
                print(f"{engine} {n:,}: search p95 {r['search_p95'] * 1000:.1f} ms, report "
                      + ", ".join(f"{k} {v:.3f} s" for k, v in r["report"].items())
                      + f", follow-ups {r['followups'] * 1000:.0f} ms ({r['followups_rows']:,} rows) "
                      f"| load {r['load_before']} -> {r['load_after']}", flush=True)
                CACHE.mkdir(exist_ok=True)
                saved.write_text(json.dumps(results, indent=2))
    text = table(results)
    biggest = max((n for sizes in results.values() for n in sizes), key=int, default=None)
    if biggest:
        text += f"\n\nEvery report filter at {int(biggest):,} treatment sessions:\n\n" + report_table(results, biggest)
    print(text)
    (CACHE / "growth.md").write_text(text + "\n")
    try:
        plot(results, args.plot)
        print(f"plot: {args.plot}")
    except ImportError:
        print('plot skipped: matplotlib is not installed (pip install -e ".[bench]")')
    return 0


if __name__ == "__main__":
    sys.exit(main())
