"""Helper for test_killed_restores: run one restore and SIGKILL this process at a named step.

Usage: python kill_restore.py DB BACKUP STEP, STEP one of: staged, safety-partial, safety, swapped.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from sqlmodel import Session, select

from clinic_desktop.db import backup as backup_files
from clinic_desktop.db import make_engine
from clinic_desktop.models import StaffMember
from clinic_desktop.services import backups


def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    db, chosen, step = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    engine = make_engine(db)
    with Session(engine, expire_on_commit=False) as session:
        actor = session.exec(select(StaffMember).where(StaffMember.username == "ada")).one()
    engine.dispose()
    if step == "staged":  # the staging copy is written and migrated
        backups._other_clinic = die
    elif step == "safety-partial":  # the safety backup's .partial is written, not yet checked
        backup_files.integrity_ok = die
    elif step == "safety":  # the safety backup is complete; the audit entry is being written
        backups._record_restore = die
    elif step == "swapped":  # the rename is done
        backups._check_swapped = die
    backups.restore_backup(db, actor=actor, backup_path=chosen)
    sys.exit(0)  # not reached: every step kills first


if __name__ == "__main__":
    main()
