"""Many SIGKILL rounds against a writer process (issue #6 crash safety); prints a summary.

Usage: python benchmarks/kill_rounds.py [ROUNDS=200] [SEED=1]
Each round starts a writer that commits patient + audit-entry transactions through the app's engine,
kills it with SIGKILL after a random number of commits (plus jitter), then checks that every id it
reported committed is in the file, PRAGMA integrity_check is ok and the audit chain verifies.
Exit code 0 when every round passed.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.security.kill_writer import kill_round  # noqa: E402


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    tmp = Path(tempfile.mkdtemp(prefix="kill-rounds-"))
    os.environ["CLINIC_DESKTOP_HOME"] = str(tmp)
    from clinic_desktop.db import open_database

    db_path = tmp / "clinic.sqlite3"
    open_database(db_path).dispose()
    rng = random.Random(seed)
    failures, reported = 0, 0
    started = time.perf_counter()
    for n in range(1, rounds + 1):
        result = kill_round(db_path, rng, max_commits=300)
        reported += result.reported
        bad = result.missing or result.integrity != "ok" or not result.chain_ok
        failures += bool(bad)
        if bad or n % 20 == 0:
            print(
                f"round {n:4d}: reported {result.reported:4d}, missing {result.missing}, "
                f"integrity {result.integrity}, chain {'ok' if result.chain_ok else 'BROKEN'}, "
                f"rows {result.rows_after}",
                flush=True,
            )
    elapsed = time.perf_counter() - started
    print(
        f"{rounds} rounds, {reported} committed transactions reported, {failures} rounds failed, "
        f"{elapsed:.0f} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
