"""Cold start to an interactive main window: run ``python benchmarks/startup_time.py [--db FILE] [--runs N]``.

Each run is a fresh process that calls the real ``clinic_desktop.app.start_gui`` (sign-in skipped); a zero-delay timer created
before it fires on the event loop's first turn, i.e. once the window is shown and can take input. The time
printed runs from before the interpreter starts (the parent's clock) to that moment. Not collected by pytest.
Target (issue #2): at most 1 s on a clinic PC.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
def ready():
    mods = sys.modules
    print("heavy:", "reportlab" in mods, "PySide6.QtPdf" in mods, flush=True)
    app.quit()
QTimer.singleShot(0, ready)
from clinic_desktop.app import start_gui
from clinic_desktop.commands.context import CommandContext
# sign-in skipped: the figure is the time to the main window itself (the sign-in dialog comes up sooner)
window = start_gui(CommandContext(sys.argv[1]), [], sign_in=False)
sys.exit(app.exec() if window is not None else 1)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database file (default: a new one, migrated once before timing)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    home = tempfile.mkdtemp(prefix="clinic-startup-")
    env.setdefault("CLINIC_DESKTOP_HOME", home)
    db = args.db or os.path.join(home, "clinic.sqlite3")
    subprocess.run([sys.executable, "-c", CHILD, db], env=env, check=True, capture_output=True)  # migrate once
    times, cpu = [], []
    for _ in range(args.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, db], env=env, check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        heavy = out.stdout.strip()
    print(f"cold start to interactive window: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} runs; "
          f"CPU time median {statistics.median(cpu):.2f} s (steady under machine load); {heavy}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
