"""Every performance target of issue #7, measured beside its floor on the same machine. Not a test.

    python benchmarks/run_all.py                 # the full table (first run also builds the databases)
    python benchmarks/run_all.py --runs 3        # fewer repetitions
    python benchmarks/run_all.py --only sheet search

Databases are generated once, deterministically, and cached in ``.benchmarks/`` (gitignored), named by
seed and schema revision: the large clinic (100,000 patients, 1,000,000 treatment sessions, 50,000
complications; ``gen_large_clinic.py``), the search set (100,000 patients with varied names;
``bench_search.py``) and a demo clinic for the start-up. Each figure is the median (search: p95) over
repeated runs; the floor is the same kind of work done the plainest way on this machine:

- cold start: a new process running the real entry point (``clinic-desktop --db demo``, sign-in skipped)
  until the main window takes input (first event-loop turn). Floors: a new process showing a bare PySide6
  QMainWindow, and ``python -c "import sqlmodel"``.
- aftercare sheet: ``services.checkout.prepare_sheet`` (database reads + render), warm. Floor: a plain
  reportlab 2-page document of paragraphs in the same embedded TTF font (and, for reference, Helvetica).
- patient search: ``find_patient_hits`` (what the Patients page calls), p95 over typed prefixes, names,
  phones and dates. Floor: the raw FTS5 ``MATCH`` on the same index and queries.
- complication report: ``reporting.query.build_report`` over all 1,000,000 treatment sessions, warm.
  Floor: a naive ``LEFT JOIN`` + ``GROUP BY`` in plain sqlite3.
- memory: peak RSS of a process with the main window and the Patients page on the 100,000-patient clinic,
  after scrolling the list to its end (every patient held) and a dozen searches.

Prints the machine load (``/proc/loadavg``) before and after; results also go to ``.benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".benchmarks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGETS = {  # job -> (target, unit, floor text from the issue)
    "start": (1.0, "s"),
    "sheet": (60.0, "ms"),
    "search": (20.0, "ms"),
    "report": (1.0, "s"),
    "memory": (300.0, "MB"),
}


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def head_revision() -> str:
    from clinic_desktop.db.migrate import head_revision as head

    return head()


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["CLINIC_DESKTOP_HOME"] = str(CACHE / "home")  # logs and backups of the children stay here
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


# ------------------------------------------------------------------------------------------- databases


def large_db() -> Path:
    """The large clinic (generated once, ~1 min, ~470 MB)."""
    path = CACHE / f"clinic-large-s20260101-{head_revision()}.sqlite3"
    if not path.exists():
        import gen_large_clinic

        print(f"generating {path.name} (about a minute) ...", flush=True)
        gen_large_clinic.generate(path, patients=100_000, sessions=1_000_000, complications=50_000,
                                  seed=20260101)
    return path


def search_db() -> tuple[Path, list]:
    """The search set: 100,000 patients; returns the path and the people written."""
    import bench_search

    path = CACHE / f"search-100k-s20260115-{head_revision()}.sqlite3"
    if path.exists():
        people = bench_search.rebuild_people(100_000, 20260115)
    else:
        print(f"generating {path.name} ...", flush=True)
        people = bench_search.build(path, 100_000, 20260115)
    return path, people


def demo_db() -> Path:
    """A demo clinic (staff, 30 patients, today's treatment sessions) for the start-up figure."""
    path = CACHE / f"demo-{head_revision()}.sqlite3"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "clinic_desktop", "--db", str(path), "demo", "--password",
                        "benchmark pass phrase 1"], env=child_env(), check=True, capture_output=True)
    return path


# ------------------------------------------------------------------------------------------- start-up

# The real entry point (clinic_desktop.cli.main, as `clinic-desktop --db FILE`), with the sign-in dialog
# skipped (a person types there) and a zero-delay timer set once the window is shown: it fires on the event
# loop's first turn, when the window takes input.
WINDOW_CHILD = r"""
import sys, time
import clinic_desktop.app as app
_start = app.start_gui
def start_gui(ctx, argv, *, sign_in=True):
    window = _start(ctx, argv, sign_in=False)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    assert window is not None and window.isVisible()
    def ready():
        print(repr(time.time()), "reportlab" in sys.modules, "PySide6.QtPdf" in sys.modules, flush=True)
        QApplication.instance().quit()
    QTimer.singleShot(0, ready)
    return window
app.start_gui = start_gui
from clinic_desktop.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""

BARE_WINDOW = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1100, 700); w.show()
QTimer.singleShot(0, lambda: (print(repr(time.time()), flush=True), app.quit()))
app.exec()
"""


def _spawn_until_ready(code: str, *args: str) -> tuple[float, str]:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], env=child_env(), check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]) - started, " ".join(out[1:])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _spawn_wall(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=child_env(), check=True, capture_output=True)
    return time.perf_counter() - started


def bench_start(runs: int) -> dict:
    db = str(demo_db())
    _spawn_until_ready(WINDOW_CHILD, db)  # first run: OS file cache, .pyc files
    app, cpu = [], []
    for _ in range(runs):
        before = _children_cpu()
        app.append(_spawn_until_ready(WINDOW_CHILD, db))
        cpu.append(_children_cpu() - before)  # the whole child, to its exit: steadier under machine load
    bare = [_spawn_until_ready(BARE_WINDOW)[0] for _ in range(runs)]
    sqlmodel = [_spawn_wall("import sqlmodel") for _ in range(runs)]
    python = [_spawn_wall("pass") for _ in range(runs)]
    heavy = app[-1][1].split()
    return {
        "measured": statistics.median(t for t, _ in app),
        "floor": statistics.median(bare),
        "floor_label": "bare PySide6 window",
        "extra": {"CPU time of the whole start-up process (s)": statistics.median(cpu),
                  "import sqlmodel (process)": statistics.median(sqlmodel),
                  "python -c pass (process)": statistics.median(python),
                  "reportlab imported at start": heavy[0] == "True",
                  "QtPdf imported at start": heavy[1] == "True",
                  "all runs": [round(t, 3) for t, _ in app]},
    }


# ------------------------------------------------------------------------------------------- sheet


def _plain_reportlab_two_pages(font: str = "Helvetica") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if font != "Helvetica":
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        from clinic_desktop import paths

        if font not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(font, str(paths.fonts_dir() / "DejaVuSans.ttf")))
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=13)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=22)
    story = [Paragraph("Aftercare instructions", title)]
    for i in range(36):
        story.append(Paragraph(f"Day {i // 8}: keep your skin clean, avoid heat and sun; step {i} of the "
                               "plan, written out as a plain paragraph of ordinary length.", body))
        story.append(Spacer(1, 4))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def _median_ms(fn, n: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def bench_sheet(runs: int) -> dict:
    from datetime import UTC, datetime

    from pypdf import PdfReader
    from sqlmodel import Session

    from clinic_desktop.aftercare.render import render_sheet
    from clinic_desktop.db import open_database
    from clinic_desktop.models import Role, StaffMember
    from clinic_desktop.services.checkout import prepare_sheet
    from clinic_desktop.services.clinic import get_clinic_profile
    from clinic_desktop.services.patients import PatientCreate, create_patient
    from clinic_desktop.services.treatments import (
        ProductUseCreate,
        TreatmentSessionCreate,
        record_treatment_session,
    )

    n = max(30, runs * 10)
    for font in ("Helvetica", "FloorSans"):
        assert len(PdfReader(io.BytesIO(_plain_reportlab_two_pages(font))).pages) == 2
    floor_ttf = _median_ms(lambda: _plain_reportlab_two_pages("FloorSans"), n)
    floor_helvetica = _median_ms(_plain_reportlab_two_pages, n)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(Path(tmp) / "sheet.sqlite3", backup_before_migrating=False)
        with Session(engine, expire_on_commit=False) as s:
            prac = StaffMember(full_name="Dr. Élise Tremblay", username="elise", role=Role.practitioner)
            s.add(prac)
            s.commit()
            profile = get_clinic_profile(s)
            profile.name, profile.timezone = "Clinique Lumière & Co", "America/Toronto"
            profile.phone = "+1 416 555 0100"
            from bench_sheet import _logo

            profile.logo_png = _logo()
            s.add(profile)
            s.commit()
            patient = create_patient(s, actor=prac, data=PatientCreate(
                given_names="Ксения", family_name="Павлова", date_of_birth=date(1990, 5, 17)))
            when = datetime.now(UTC) - timedelta(days=1)
            ts = record_treatment_session(s, actor=prac, data=TreatmentSessionCreate(
                patient_id=patient.id, practitioner_id=prac.id, treatment="facial-mesotherapy",
                performed_at=when, areas="full face",
                products=[ProductUseCreate(product_name="HydraGlow HA 1.5%", batch_number="L1")]))
            prepared = prepare_sheet(s, actor=prac, treatment_session_id=ts.id)  # cold: fonts, logo, files
            s.rollback()
            service, render, cpu = [], [], []
            for _ in range(n):
                t0, c0 = time.perf_counter(), time.process_time()
                prepare_sheet(s, actor=prac, treatment_session_id=ts.id)
                service.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                s.rollback()
                t0 = time.perf_counter()
                render_sheet(prepared.inputs, prepared.protocols, profile.logo_png)
                render.append(time.perf_counter() - t0)
        engine.dispose()
    return {
        "measured": statistics.median(service) * 1000,
        "floor": floor_ttf,
        "floor_label": "plain reportlab, 2 pages, embedded TTF",
        "extra": {"render_sheet alone (ms)": statistics.median(render) * 1000,
                  "plain reportlab 2 pages, Helvetica (ms)": floor_helvetica,
                  "prepare_sheet CPU (ms)": statistics.median(cpu) * 1000, "renders": n},
    }


# ------------------------------------------------------------------------------------------- search


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.95))]


def bench_search(runs: int) -> dict:
    import bench_search as bs
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.services.search import _fts_match, find_patient_hits, query_words

    path, people = search_db()
    queries = bs.queries(people, 700 * max(1, runs), 20260115)
    engine = open_database(path, backup_before_migrating=False)
    page, fts = [], []
    raw = sqlite3.connect(path)
    with Session(engine) as session:
        find_patient_hits(session, "warm up")
        for _, q in queries:
            t0 = time.perf_counter()
            find_patient_hits(session, q, limit=100)
            page.append(time.perf_counter() - t0)
            words = query_words(q)
            if not words:
                continue
            t0 = time.perf_counter()
            raw.execute("SELECT rowid FROM patient_fts WHERE patient_fts MATCH ? LIMIT 100",
                        (_fts_match(words),)).fetchall()
            fts.append(time.perf_counter() - t0)
    raw.close()
    engine.dispose()
    return {
        "measured": _p95(page) * 1000,
        "floor": _p95(fts) * 1000,
        "floor_label": "raw FTS5 MATCH, p95",
        "extra": {"p50 (ms)": statistics.median(page) * 1000, "FTS5 p50 (ms)": statistics.median(fts) * 1000,
                  "queries": len(page)},
    }


# ------------------------------------------------------------------------------------------- report

NAIVE = """
SELECT ts.treatment, COUNT(DISTINCT ts.id), COUNT(c.id), COUNT(DISTINCT ts.patient_id)
FROM treatment_session ts LEFT JOIN complication c ON c.treatment_session_id = ts.id
WHERE ts.performed_at >= ? AND ts.performed_at < ?
GROUP BY ts.treatment
"""


def bench_report(runs: int) -> dict:
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.reporting.query import ReportFilters, build_report

    path = large_db()
    filters = ReportFilters(date_from=date(2024, 7, 1), date_to=date(2026, 6, 30))
    engine = open_database(path, backup_before_migrating=False)
    times = []
    with Session(engine) as session:
        t0 = time.perf_counter()
        report = build_report(session, filters)
        first = time.perf_counter() - t0
        for _ in range(runs):
            t0 = time.perf_counter()
            build_report(session, filters)
            times.append(time.perf_counter() - t0)
    engine.dispose()
    con = sqlite3.connect(path)
    naive = []
    for _ in range(max(3, runs // 2)):
        t0 = time.perf_counter()
        con.execute(NAIVE, ("2024-06-30", "2026-07-01 23:59")).fetchall()
        naive.append(time.perf_counter() - t0)
    con.close()
    return {
        "measured": statistics.median(times),
        "floor": statistics.median(naive),
        "floor_label": "naive join + group",
        "extra": {"first run (s)": first, "treatment sessions": report.treatment_sessions,
                  "complications": report.complications},
    }


# ------------------------------------------------------------------------------------------- memory

MEMORY_CHILD = r"""
import resource, sys, time
from clinic_desktop.app import make_application
from clinic_desktop.db import open_database
from clinic_desktop.ui.main_window import MainWindow

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
app = make_application([])
engine = open_database(sys.argv[1], backup_before_migrating=False)
window = MainWindow(engine)
window.resize(1280, 800)
window.show()
app.processEvents()
at_window = rss_mb()
page = window.show_page("Patients")
app.processEvents()
at_page = rss_mb()
bar = page.table.verticalScrollBar()
started = time.perf_counter()
while page.model.canFetchMore():  # scroll the whole list to its end, as the view does page by page
    app.processEvents()
    bar.setValue(bar.maximum())
    if page.model.canFetchMore():
        page.model.fetchMore(page.table.rootIndex())  # when the view's layout lags one page behind
app.processEvents()
scrolled = time.perf_counter() - started
rows = page.model.rowCount()
for typed in ["z", "zo", "zoe", "ксен", "tremblay", "514", "1990", "o'brien", "a", "ma", "mar", ""]:
    page.search.setText(typed)
    page.run_search()
    app.processEvents()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{peak:.1f} {at_window:.1f} {at_page:.1f} {rss_mb():.1f} {rows} {scrolled:.2f}", flush=True)
"""


def bench_memory(runs: int) -> dict:
    path = str(large_db())
    results = []
    for _ in range(max(1, min(runs, 3))):
        out = subprocess.run([sys.executable, "-c", MEMORY_CHILD, path], env=child_env(), check=True,
                             capture_output=True, text=True).stdout.split()
        results.append([float(v) for v in out])
    peak, window, page, end, rows, scrolled = (statistics.median(r[i] for r in results) for i in range(6))
    return {
        "measured": peak,
        "floor": None,
        "floor_label": "—",
        "extra": {"RSS with the main window (MB)": window, "RSS with the Patients page (MB)": page,
                  "RSS at the end (MB)": end, "rows held after scrolling to the end": int(rows),
                  "seconds to scroll through every patient": scrolled},
    }


# ------------------------------------------------------------------------------------------- table

JOBS = {
    "start": ("cold start to an interactive main window", bench_start),
    "sheet": ("one facial aftercare sheet, warm (median)", bench_sheet),
    "search": ("patient search as you type, 100,000 patients (p95)", bench_search),
    "report": ("complication report over 1,000,000 treatment sessions (median)", bench_report),
    "memory": ("memory, Patients page on 100,000 patients (peak RSS)", bench_memory),
}


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions per figure (default 5)")
    parser.add_argument("--only", nargs="*", choices=list(JOBS), help="run only these jobs")
    args = parser.parse_args(argv)
    CACHE.mkdir(exist_ok=True)
    (CACHE / "home").mkdir(exist_ok=True)
    os.environ.update({k: v for k, v in child_env().items()
                       if k in ("QT_QPA_PLATFORM", "CLINIC_DESKTOP_HOME")})
    before = loadavg()
    print(f"load average before: {before} ({os.cpu_count()} CPUs)", flush=True)
    results: dict[str, dict] = {}
    for key in args.only or list(JOBS):
        label, fn = JOBS[key]
        t0 = time.perf_counter()
        results[key] = fn(args.runs)
        results[key]["seconds"] = time.perf_counter() - t0
        r = results[key]
        print(f"  {key}: {fmt(r['measured'], TARGETS[key][1])} (floor {fmt(r['floor'], TARGETS[key][1])}) "
              f"{json.dumps(r['extra'], default=str)}", flush=True)
    after = loadavg()
    print(f"\nload average after: {after}\n")
    print("| job | measured | target | floor (same machine) | ratio to floor | met |")
    print("|---|---|---|---|---|---|")
    for key, r in results.items():
        target, unit = TARGETS[key]
        ratio = f"{r['measured'] / r['floor']:.1f}×" if r["floor"] else "—"
        met = "yes" if r["measured"] <= target else "**no**"
        print(f"| {JOBS[key][0]} | {fmt(r['measured'], unit)} | ≤ {fmt(target, unit)} | "
              f"{fmt(r['floor'], unit)} ({r['floor_label']}) | {ratio} | {met} |")
    if "start" in results:
        extra = results["start"]["extra"]
        print(f"\nstart-up floors: import sqlmodel {extra['import sqlmodel (process)']:.2f} s, "
              f"python -c pass {extra['python -c pass (process)']:.2f} s")
    (CACHE / "results.json").write_text(json.dumps({"load_before": before, "load_after": after,
                                                    "results": results}, indent=2, default=str))
    return 0


# ------------------------------------------------------------------------------------------- issue #17 (h17)
# Every report filter over 1,000,000 treatment sessions on both engines, and the growth curves. One block,
# registered into JOBS / TARGETS below; the databases are bench_growth.py's cached clinics (1M patients,
# 1M treatment sessions, 50,000 complications). PostgreSQL: set CLINIC_BENCH_POSTGRES_URL to a server URL
# whose role may create databases (the clinics are kept there between runs); without it those jobs say so.


def _report_filters(target: str, naive_floor) -> dict:  # noqa: ANN001
    from sqlmodel import Session

    import bench_report
    from clinic_desktop.db import open_database

    engine = open_database(target, backup_before_migrating=False)
    with Session(engine) as session:
        timed = bench_report.time_filters(session, 5)
        floor = naive_floor(session)
    engine.dispose()
    worst = max(timed, key=lambda t: t[2])
    return {
        "measured": worst[2],
        "floor": floor,
        "floor_label": "naive join + group",
        "extra": {**{f"{label} (s, CPU s, plain recount s)": (round(median, 3), round(cpu, 3), round(plain, 2))
                     for label, _, median, _, cpu, plain in timed},
                  "slowest": worst[0], "load": loadavg()},
    }


def _naive(session) -> float:  # noqa: ANN001
    import sqlalchemy as sa

    sql = sa.text(NAIVE.replace("?", ":lo", 1).replace("?", ":hi", 1))
    sqlite = session.get_bind().dialect.name == "sqlite"
    lo, hi = ("2024-06-30", "2026-07-01 23:59") if sqlite else (date(2024, 6, 30), date(2026, 7, 2))
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        session.connection().execute(sql, {"lo": lo, "hi": hi}).all()
        times.append(time.perf_counter() - t0)
    session.rollback()
    return statistics.median(times)


def bench_report_filters(runs: int) -> dict:
    import bench_growth

    return _report_filters(bench_growth.sqlite_db(1_000_000), _naive)


def bench_report_filters_pg(runs: int) -> dict:
    import bench_growth

    url = os.environ.get("CLINIC_BENCH_POSTGRES_URL")
    if not url:
        return {"measured": float("nan"), "floor": None, "floor_label": "—",
                "extra": {"skipped": "set CLINIC_BENCH_POSTGRES_URL"}}
    return _report_filters(bench_growth.postgres_db(url, 1_000_000), _naive)


def bench_growth_curves(runs: int) -> dict:
    import bench_growth

    url = os.environ.get("CLINIC_BENCH_POSTGRES_URL")
    bench_growth.main(["--runs", str(max(3, runs))] + (["--postgres", url] if url else []))
    results = json.loads((CACHE / "growth.json").read_text())
    biggest = results["SQLite"][str(max(int(n) for n in results["SQLite"]))]
    return {
        "measured": biggest["search_p95"] * 1000,
        "floor": None,
        "floor_label": "—",
        "extra": {"table": str(CACHE / "growth.md"), "plot": "docs/growth.png",
                  "Follow-ups page at the largest size (ms)": round(biggest["followups"] * 1000),
                  "report, slowest filter at the largest size (s)": round(max(biggest["report"].values()), 3)},
    }


JOBS["report_filters"] = ("every report filter, 1,000,000 treatment sessions, SQLite (slowest median)",
                          bench_report_filters)
JOBS["report_filters_pg"] = ("every report filter, 1,000,000 treatment sessions, PostgreSQL (slowest median)",
                             bench_report_filters_pg)
JOBS["growth"] = ("growth curves; figure: search p95 at 1,000,000 patients, SQLite", bench_growth_curves)
TARGETS["report_filters"] = (0.5, "s")
TARGETS["report_filters_pg"] = (1.0, "s")
TARGETS["growth"] = (20.0, "ms")


if __name__ == "__main__":
    sys.exit(main())
