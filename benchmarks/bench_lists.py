"""Time the big lists in an offscreen window: the Follow-ups page and the report's "By batch" tab. Not a test.

    python benchmarks/bench_lists.py                                   # SQLite in a temporary folder
    python benchmarks/bench_lists.py --engine postgres --url postgresql+psycopg://user@host:5432/db

Fills an empty database (the app's migrations, then batched inserts) with ``--sessions`` treatment
sessions (default 50,000), each with one open follow-up due between 60 days ago and 14 days ahead (so
all of them are on the default Follow-ups list), and product uses from ``--batches`` distinct batches
(default 5,000) with complications. Then, in an offscreen QApplication, it measures:

- Follow-ups page open (construct + first page shown)  target <= 200 ms
- sort by a header click (Patient, When, Patient, …)    target <= 100 ms each
- one "All well" on the selected row                    target <= 100 ms
- the longest UI stall during each, measured by a timer-lag probe (a QTimer every 5 ms records the
  largest gap between two ticks)                        target <= 50 ms; printed also less the time the
  UI thread waited for a CPU (see LagProbe), next to an idle floor (the probe's longest gap while nothing
  happens), since on a shared machine the scheduler's own waits come on top
- the Reports page's "By batch" tab: run the report, show the tab, click a header (measured only).

The Follow-ups figures come twice: cold (the first round in a new process: the first statements compiled,
first paints, first garbage collections: what a receptionist meets at the first click of the day) and warm
(the later rounds). Before the first round the heap is settled as the app does before its window shows
(:func:`clinic_desktop.ui.common.heap.settle_at_start`).

Prints each target, the figure, met or not, and the load average. A PostgreSQL database given with
``--url`` is emptied first (its public schema is dropped): give a throwaway database.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHUNK = 5_000
GIVEN = ["Zoë", "Aoife", "Ксения", "Nguyễn Thị", "Élise", "Marie", "Sophie", "Chloé", "Amira", "Julia",
         "Camille", "Léa", "Olivia", "Emma", "Noah", "Liam", "Jean", "Luc", "Suharti", "Ζωή", "Maya", "Inès"]
FAMILY = ["Tremblay", "Gagnon", "Roy", "Côté", "O'Brien-Daly", "Bouchard", "Gauthier", "Morin", "Lavoie",
          "Fortin", "Павлова", "Παπαδοπούλου", "Hương", "Smith", "Nguyen", "Martin", "", "Leblanc", "Wilson"]
PRODUCTS = ["Revita Meso Complex", "HydraGlow HA 1.5%", "Vita-C Radiance Cocktail", "Scalp Vital Plus",
            "Follica Peptide Blend"]
KINDS = ["bruising", "swelling", "prolonged_redness", "pain_or_tenderness", "nodule_or_papule"]


# ----------------------------------------------------------------------------------------- the data


def populate(engine: Any, *, sessions: int, batches: int, seed: int = 20260101) -> dict[str, int]:
    """Insert the benchmark clinic into the freshly migrated database of ``engine``; returns row counts."""
    from sqlalchemy import insert
    from sqlmodel import Session, SQLModel

    from clinic_desktop.services.clinic import get_clinic_profile
    from clinic_desktop.services.search import search_tokens

    rng = random.Random(seed)
    now = datetime.now(UTC)
    with Session(engine) as s:
        profile = get_clinic_profile(s)
        profile.name, profile.timezone = "Benchmark Aesthetics", "America/Toronto"
        s.add(profile)
        s.commit()
        from clinic_desktop.services.clinic import today

        local_today = today(s)
    t = SQLModel.metadata.tables
    staff = [("Ada Admin", "admin", "admin"), ("Mona Manager", "mona", "manager"),
             ("Rita Reception", "rita", "receptionist")]
    staff += [(f"Dr. Practitioner {i:02d}", f"prac{i:02d}", "practitioner") for i in range(1, 13)]
    practitioner_ids = [i + 1 for i, s in enumerate(staff) if s[2] == "practitioner"]
    n_patients = max(1, sessions * 2 // 5)
    counts = {"patients": n_patients, "sessions": sessions, "follow_ups": 0, "product_uses": 0,
              "batches": batches, "complications": 0}

    def chunks(rows: list[dict[str, Any]]) -> Any:
        for i in range(0, len(rows), CHUNK):
            yield rows[i:i + CHUNK]

    with engine.begin() as con:
        con.execute(insert(t["staff_member"]), [
            {"id": i + 1, "full_name": name, "username": user, "role": role, "active": True, "failed_logins": 0,
             "created_at": now} for i, (name, user, role) in enumerate(staff)])
        patients = []
        for pid in range(1, n_patients + 1):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(55 * 365))
            phone = f"+1 514 555 {pid % 10000:04d}"
            patients.append({
                "id": pid, "given_names": given, "family_name": family, "date_of_birth": born, "phone": phone,
                "email": "", "preferred_language": "en", "large_print": False, "notes": "",
                "search_text": search_tokens(given, family, phone, born), "archived": False, "created_at": now})
        for rows in chunks(patients):
            con.execute(insert(t["patient"]), rows)
        products = [{"id": i + 1, "name": name, "name_key": name.casefold(), "created_at": now}
                    for i, name in enumerate(PRODUCTS)]
        con.execute(insert(t["product"]), products)
        batch_rows = [{"id": b + 1, "product_id": b % len(PRODUCTS) + 1, "lot_number": f"L{b + 1:05d}",
                       "lot_key": f"l{b + 1:05d}", "expiry_date": date(2030, 1, 1), "gtin": "",
                       "created_at": now} for b in range(batches)]
        for rows in chunks(batch_rows):
            con.execute(insert(t["batch"]), rows)
        ts_rows, fu_rows, pu_rows, pub_rows, c_rows = [], [], [], [], []
        for sid in range(1, sessions + 1):
            due = local_today + timedelta(days=rng.randrange(-60, 15))
            performed = datetime(due.year, due.month, due.day, 15, tzinfo=UTC) - timedelta(days=rng.choice((1, 3, 7)))
            patient = rng.randrange(1, n_patients + 1)
            prac = rng.choice(practitioner_ids)
            ts_rows.append({"id": sid, "patient_id": patient, "practitioner_id": prac,
                            "treatment": "facial-mesotherapy", "performed_at": performed, "areas": "cheeks",
                            "notes": "", "archived": False, "entered_in_error": False, "error_reason": "",
                            "created_by_id": prac, "created_at": performed})
            fu_rows.append({"id": sid, "treatment_session_id": sid, "kind": rng.choice(("phone_check", "review")),
                            "due_date": due, "status": rng.choice(("pending",) * 9 + ("not_reached",)),
                            "attempts": 0, "notes": "", "created_at": performed})
            b = (sid - 1) % batches
            pu_rows.append({"id": sid, "treatment_session_id": sid, "product_name": PRODUCTS[b % len(PRODUCTS)],
                            "batch_number": f"L{b + 1:05d}", "expiry_date": date(2030, 1, 1), "quantity": 1.5,
                            "unit": "ml"})
            pub_rows.append({"product_use_id": sid, "batch_id": b + 1})
            if rng.random() < 0.05:
                c_rows.append({"id": len(c_rows) + 1, "treatment_session_id": sid, "patient_id": patient,
                               "product_use_id": sid, "kind": rng.choice(KINDS), "kind_other": "", "site": "cheek",
                               "onset_date": performed.date() + timedelta(days=1),
                               "severity_grade": rng.choice((1, 1, 1, 2, 3)), "serious": False,
                               "action_taken": "cold compress", "outcome": "resolved",
                               "resolution_date": performed.date() + timedelta(days=5),
                               "causality": "possibly_related", "notes": "", "entered_in_error": False,
                               "error_reason": "", "recorded_by_id": prac, "recorded_at": performed, "version": 1})
        for table, rows in (("treatment_session", ts_rows), ("follow_up", fu_rows), ("product_use", pu_rows),
                            ("product_use_batch", pub_rows), ("complication", c_rows)):
            for part in chunks(rows):
                con.execute(insert(t[table]), part)
        counts.update(follow_ups=len(fu_rows), product_uses=len(pu_rows), complications=len(c_rows))
        if engine.dialect.name == "postgresql":
            for table in ("staff_member", "patient", "product", "batch", "treatment_session", "follow_up",
                          "product_use", "complication"):
                con.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT MAX(id) FROM {table}))")
    with engine.connect() as con:
        con.exec_driver_sql("ANALYZE")
        con.commit()
    return counts


def open_benchmark_database(kind: str, url: str | None, folder: Path) -> Any:
    """A freshly migrated, empty database: a SQLite file in ``folder`` or the PostgreSQL ``url`` (emptied)."""
    from clinic_desktop.db import open_database

    if kind == "sqlite":
        return open_database(folder / "bench_lists.sqlite3", backup_before_migrating=False)
    if not url:
        raise SystemExit("--engine postgres needs --url postgresql+psycopg://…")
    from sqlalchemy import create_engine

    wipe = create_engine(url)
    with wipe.begin() as con:
        con.exec_driver_sql("DROP SCHEMA public CASCADE")
        con.exec_driver_sql("CREATE SCHEMA public")
    wipe.dispose()
    return open_database(url, backup_before_migrating=False)


# ----------------------------------------------------------------------------------------- measuring


def _runqueue_wait() -> float:
    """Seconds the calling thread has spent ready to run but waiting for a CPU (Linux's
    /proc/thread-self/schedstat, second field); 0.0 where that is not available."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class LagProbe:
    """A QTimer every 5 ms; ``worst`` is the largest gap between two ticks (ms) since :meth:`reset`.

    ``worst_own`` is the largest gap less the time the UI thread spent waiting for a CPU in it (Linux
    schedstat): on a machine shared with other work the thread also waits its turn on the processors,
    and that wait is the machine's, not the window's. What the window does itself — Python on the UI
    thread, waiting for the interpreter lock a worker holds (a garbage collection), waiting for a database
    answer — is kept. Where schedstat is missing both figures are the same.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start()

    def _tick(self) -> None:
        now, waited = time.perf_counter(), _runqueue_wait()
        gap = (now - self.last) * 1000
        self.worst = max(self.worst, gap)
        self.worst_own = max(self.worst_own, gap - (waited - self.last_wait) * 1000)
        self.last, self.last_wait = now, waited

    def reset(self) -> None:
        """Forget the gaps so far (call right before the measured action)."""
        self.last, self.last_wait = time.perf_counter(), _runqueue_wait()
        self.worst = self.worst_own = 0.0


class CollectionWatch:
    """Counts Python's full (generation 2) garbage collections and keeps the longest (ms): a full
    collection holds the interpreter lock for its whole length, whichever thread runs it."""

    def __init__(self) -> None:
        import gc

        self.full = 0
        self.longest = 0.0
        self._started = 0.0
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif info["generation"] == 2:
            self.full += 1
            self.longest = max(self.longest, (time.perf_counter() - self._started) * 1000)


class StallTracer:
    """With ``--trace-stalls MS``: a Python thread that, whenever the probe has not ticked for ``MS`` ms,
    prints where every thread is (its last frames), and each garbage collection longer than 5 ms — to find
    what a stall is made of. Sampling needs the interpreter lock, so a late sample is itself a clue (a
    thread holding the lock in C: a garbage collection, a long C call)."""

    def __init__(self, probe: LagProbe, threshold_ms: float) -> None:
        import gc
        import threading

        self.probe, self.threshold = probe, threshold_ms
        self.main = threading.main_thread().ident
        self._gc_started = 0.0
        gc.callbacks.append(self._gc)
        threading.Thread(target=self._watch, daemon=True, name="stall-tracer").start()

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        import threading

        if phase == "start":
            self._gc_started = time.perf_counter()
        elif (took := (time.perf_counter() - self._gc_started) * 1000) > 5:
            print(f"    [garbage collection, generation {info['generation']}: {took:.0f} ms on "
                  f"{threading.current_thread().name}]")

    def _watch(self) -> None:
        import threading
        import traceback

        me = threading.get_ident()
        while True:
            asleep = time.perf_counter()
            time.sleep(0.002)
            woke = time.perf_counter()
            gap = (woke - self.probe.last) * 1000
            if gap < self.threshold:
                continue
            lines = [f"    stall {gap:.0f} ms so far (this sample {1000 * (woke - asleep):.0f} ms late)"]
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                stack = traceback.extract_stack(frame)[-5:]
                where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack))
                lines.append(f"      {'UI' if ident == self.main else 'worker'}: {where}")
            print("\n".join(lines))
            time.sleep(self.threshold / 2000)


def pump(until: Callable[[], bool], timeout: float = 60.0) -> None:
    """Run the event loop until ``until()`` is true (raises TimeoutError after ``timeout`` seconds).

    A QEventLoop polled by a 1 ms timer, not a loop of ``processEvents()`` (PySide6 6.12 on Python 3.11
    drops a reference to None at each ``processEvents()`` call, which aborts the interpreter after a few
    thousand calls).
    """
    from PySide6.QtCore import QEventLoop, QTimer

    if until():
        return
    end = time.perf_counter() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(1)
    state = {"late": False}

    def check() -> None:
        if until():
            loop.quit()
        elif time.perf_counter() > end:
            state["late"] = True
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if state["late"]:
        raise TimeoutError("the window did not finish in time")


def settle(probe: LagProbe, ms: float = 60) -> None:
    """Let the event loop run ``ms`` ms more (late repaints and queued work count in the stall)."""
    end = time.perf_counter() + ms / 1000
    pump(lambda: time.perf_counter() > end)


class Results:
    """Lines of (what, target, figure, met)."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str, str, bool | None]] = []

    def add(self, what: str, figure_ms: float, target_ms: float | None) -> None:
        met = None if target_ms is None else figure_ms <= target_ms
        self.lines.append((what, f"<= {target_ms:.0f} ms" if target_ms is not None else "(measured)",
                           f"{figure_ms:8.1f} ms", met))

    def heading(self, what: str) -> None:
        """A line of its own above the figures that follow."""
        self.lines.append((what, "", "", None))

    def print(self) -> None:
        width = max(len(w) for w, _, figure, _ in self.lines if figure)
        for what, target, figure, met in self.lines:
            if not figure:
                print(f"  {what}")
                continue
            verdict = "" if met is None else "met" if met else "NOT MET"
            print(f"  {what:<{width}}  {target:>12}  {figure}  {verdict}")


def bench_followups(engine: Any, results: Results, probe: LagProbe, *, repeat: int, sorts: int) -> None:
    """Open the Follow-ups page, sort by ``sorts`` header clicks (Patient, When, Patient…), record one
    "All well"; ``repeat`` rounds. The first round of a new process (cold: first statements compiled, first
    paint of each kind, first garbage collections) is reported apart from the later ones (warm)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from sqlmodel import Session, select

    from clinic_desktop.models import StaffMember
    from clinic_desktop.services.workspace import Workspace
    from clinic_desktop.ui.common import heap
    from clinic_desktop.ui.followups.followups_page import FollowUpsPage, FollowUpTableModel
    from clinic_desktop.ui.main_window import MainWindow

    with Session(engine, expire_on_commit=False) as s:
        manager = s.exec(select(StaffMember).where(StaffMember.username == "mona")).one()

    # as at the desk: the main window is up (on its first page, Today) before Follow-ups is first clicked
    window = MainWindow(Workspace(engine))
    window.set_current_staff(manager)
    heap.settle_at_start()  # what the app does right before its window is first shown
    window.resize(1024, 700)
    window.show()
    settle(probe, 300)
    probe.reset()
    settle(probe, 3000)  # nothing happening: the stalls the machine itself makes (other programs on the CPUs)
    results.add("Idle floor: longest gap of the probe in 3 s of doing nothing", probe.worst, None)
    rounds: list[dict[str, list[float]]] = []
    total = 0
    collections = CollectionWatch()
    for _ in range(repeat):
        got: dict[str, list[float]] = {k: [] for k in ("open", "open stall", "open own", "sort", "sort stall",
                                                        "sort own", "well", "well stall", "well own")}
        rounds.append(got)
        probe.reset()
        started = time.perf_counter()
        page = FollowUpsPage(window)  # a page of its own, 1024 × 700, each round
        page.resize(1024, 700)
        page.show()
        pump(lambda p=page: p.model.rowCount() > 0)  # the first page shown (the counts follow)
        got["open"].append((time.perf_counter() - started) * 1000)
        pump(lambda p=page: not p.is_loading() and p.model.total is not None)
        settle(probe)
        got["open stall"].append(probe.worst)
        got["open own"].append(probe.worst_own)
        total = page.model.total
        header = page.table.horizontalHeader()
        for i in range(sorts):
            column = (FollowUpTableModel.COL_PATIENT, FollowUpTableModel.COL_WHEN)[i % 2]
            settle(probe)
            probe.reset()
            started = time.perf_counter()
            first_before = page.model.rows[0].follow_up_id
            x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
            QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             QPoint(x, header.height() // 2))
            pump(lambda p=page, f=first_before: not p.is_loading() and p.model.rows
                 and p.model.rows[0].follow_up_id != f)
            got["sort"].append((time.perf_counter() - started) * 1000)
            settle(probe)
            got["sort stall"].append(probe.worst)
            got["sort own"].append(probe.worst_own)
        page.table.selectRow(3)
        settle(probe)
        probe.reset()
        started = time.perf_counter()
        QTest.mouseClick(page.all_well_button, Qt.MouseButton.LeftButton)
        pump(lambda p=page, n=total: p.model.total == n - 1 and not p.is_loading())
        got["well"].append((time.perf_counter() - started) * 1000)
        settle(probe)
        got["well stall"].append(probe.worst)
        got["well own"].append(probe.worst_own)
        page.close()
        page.deleteLater()
        settle(probe, 10)
    window.close()
    for n, got in enumerate(rounds):
        print(f"  round {n + 1} (ms): " + "; ".join(f"{k} {[round(x) for x in v]}" for k, v in got.items()
                                                    if "own" not in k))

    def add(label: str, key: str, target: float, warm: bool) -> None:
        chosen = rounds[1:] if warm else rounds[:1]
        if not chosen:
            return
        values = [x for got in chosen for x in got[key]]
        if "stall" in key:
            results.add(f"  {label}: longest UI stall", max(values), 50)
        elif "own" in key:
            results.add("    the same, less the UI thread's waits for a CPU", max(values), 50)
        else:
            if len(values) > 1:
                results.add(f"  {label} (best)", min(values), target)
            results.add(f"  {label}{' (slowest)' if len(values) > 1 else ''}", max(values), target)

    results.add(f"Full garbage collections during the rounds: {collections.full}, the longest",
                collections.longest, 50)
    for warm in (False, True):
        if warm and repeat < 2:
            continue
        results.heading(f"Follow-ups, {total:,} open follow-ups, "
                        + (f"warm (rounds 2-{repeat} of the same process)" if warm else
                           "cold (the first round in a new process)"))
        add("page open", "open", 200, warm)
        add("page open", "open stall", 50, warm)
        add("page open", "open own", 50, warm)
        add(f"sort by a header click ({sorts} per round)", "sort", 100, warm)
        add("sorting", "sort stall", 50, warm)
        add("sorting", "sort own", 50, warm)
        add("one \"All well\"", "well", 100, warm)
        add("\"All well\"", "well stall", 50, warm)
        add("\"All well\"", "well own", 50, warm)


def bench_batch_tab(engine: Any, results: Results, probe: LagProbe) -> None:
    """The Reports page's "By batch" tab: run the report, show the tab, click a header (measured only)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from sqlmodel import Session, select

    from clinic_desktop.models import StaffMember
    from clinic_desktop.ui.reports.report_page import ReportPage

    with Session(engine, expire_on_commit=False) as s:
        manager = s.exec(select(StaffMember).where(StaffMember.username == "mona")).one()
    page = ReportPage(engine, lambda: manager)
    page.resize(1024, 700)
    page.show()
    settle(probe, 10)
    done: list[object] = []
    page.report_ready.connect(done.append)
    page.job_failed.connect(done.append)
    probe.reset()
    started = time.perf_counter()
    page.run_button.click()
    pump(lambda: bool(done), timeout=300)
    results.add(f"Reports: run the report ({page.batch_model.rowCount():,} batches)",
                (time.perf_counter() - started) * 1000, None)
    settle(probe)
    results.add("  longest UI stall while running", probe.worst, 50)
    results.add("    the same, less the UI thread's waits for a CPU", probe.worst_own, 50)
    index = next(i for i in range(page.tabs.count()) if page.tabs.widget(i) is page.batch_view)
    settle(probe)
    probe.reset()
    started = time.perf_counter()
    page.tabs.setCurrentIndex(index)
    pump(lambda: page.tabs.currentWidget().isVisible())
    settle(probe, 1)
    results.add("Reports: show the \"By batch\" tab", (time.perf_counter() - started) * 1000, 200)
    settle(probe)
    results.add("  longest UI stall showing the tab", probe.worst, 50)
    results.add("    the same, less the UI thread's waits for a CPU", probe.worst_own, 50)
    view = page.tabs.currentWidget()
    header = view.horizontalHeader()
    settle(probe)
    probe.reset()
    started = time.perf_counter()
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2))
    settle(probe, 1)
    results.add("Reports: sort \"By batch\" by a header click", (time.perf_counter() - started) * 1000, 100)
    settle(probe)
    results.add("  longest UI stall while sorting", probe.worst, 50)
    results.add("    the same, less the UI thread's waits for a CPU", probe.worst_own, 50)
    page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--url", help="PostgreSQL URL (a throwaway database: it is emptied)")
    parser.add_argument("--sessions", type=int, default=50_000,
                        help="treatment sessions, each with one open follow-up (default 50,000)")
    parser.add_argument("--batches", type=int, default=5_000, help="distinct batches (default 5,000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="Follow-ups rounds in the one process: the first is reported as cold, the rest as warm")
    parser.add_argument("--sorts", type=int, default=10, help="header clicks per round (Patient, When, …)")
    parser.add_argument("--trace-stalls", type=float, metavar="MS",
                        help="print where each thread is whenever the UI has not ticked for MS ms")
    parser.add_argument("--skip-reports", action="store_true", help="leave out the Reports page")
    args = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="clinic-bench-lists-"))
    os.environ["CLINIC_DESKTOP_HOME"] = str(home)  # the audit key and logs go here, not the user's folders
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    engine = open_benchmark_database(args.engine, args.url, home)
    started = time.perf_counter()
    counts = populate(engine, sessions=args.sessions, batches=args.batches)
    print(f"{args.engine}: {counts['follow_ups']:,} open follow-ups, {counts['patients']:,} patients, "
          f"{counts['batches']:,} batches, {counts['product_uses']:,} product uses, "
          f"{counts['complications']:,} complications, made in {time.perf_counter() - started:.1f} s")
    probe = LagProbe()
    if args.trace_stalls:
        StallTracer(probe, args.trace_stalls)
    results = Results()
    bench_followups(engine, results, probe, repeat=args.repeat, sorts=args.sorts)
    if not args.skip_reports:
        bench_batch_tab(engine, results, probe)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    results.print()
    engine.dispose()
    del app
    return 0 if all(met is not False for *_, met in results.lines) else 1


if __name__ == "__main__":
    sys.exit(main())
