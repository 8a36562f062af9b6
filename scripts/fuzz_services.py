"""Longer property-based fuzz of the services: ``python scripts/fuzz_services.py [EXAMPLES] [TARGET…]``.

Prints one line per service: calls, refused (the project's own errors), unhandled (anything else, or a
refusal that changed row counts), and the first unhandled error. Exit code 1 if anything was unhandled.
Runs on a throwaway database in a temporary folder (never the real one).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str]) -> int:
    examples = int(argv[0]) if argv and argv[0].isdigit() else 300
    wanted = [a for a in argv if not a.isdigit()]
    home = Path(tempfile.mkdtemp(prefix="clinic-fuzz-"))
    os.environ["CLINIC_DESKTOP_HOME"] = str(home)
    os.environ["CLINIC_DESKTOP_AUDIT_KEY_FILE"] = str(home / "audit.key")
    from hypothesis import HealthCheck, given, settings
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from tests.trust.service_fuzz import Tally, make_people, run_one, targets

    engine = open_database(home / "fuzz.sqlite3")
    with Session(engine, expire_on_commit=False) as db:
        people = make_people(db)
    failed = False
    print(f"{'service':28} {'calls':>6} {'refused':>8} {'unhandled':>9}  first unhandled")
    for name, (strategy, call) in targets(people).items():
        if wanted and name not in wanted:
            continue
        tally = Tally()

        def make(call=call, tally=tally):  # noqa: ANN001, ANN202 (binds this target's call and tally)
            @settings(max_examples=examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(kwargs=strategy)
            def prop(kwargs):  # noqa: ANN001
                run_one(engine, people, call, kwargs, tally)

            return prop

        make()()
        failed = failed or tally.unhandled > 0
        print(f"{name:28} {tally.calls:6d} {tally.refused:8d} {tally.unhandled:9d}  {tally.first_unhandled[:120]}")
    engine.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
