"""Tampering cases against the audit trail, before and after keying/anchors/record hashes:
``python scripts/audit_tamper_table.py``.

"before" = what the old check could see: an unkeyed (SHA-256) chain, checked alone. "after" = the keyed
chain, the anchors outside the database and the record hashes (``audit verify --records``).
Runs in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="clinic-tamper-"))
    os.environ["CLINIC_DESKTOP_HOME"] = str(root / "home")
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.services import audit, audit_key
    from clinic_desktop.services.audit_anchor import (
        anchor_folder,
        check_anchors,
        database_label,
        read_anchors,
    )
    from tests.trust.tamper_cases import CASES, build_clinic

    def check(db_path: Path, *, full: bool) -> bool:
        engine = open_database(db_path, backup_before_migrating=False)
        with Session(engine) as db:
            ok = audit.verify_chain(db).ok
            if full:
                ok = ok and check_anchors(db, read_anchors(anchor_folder(engine), database_label(engine))).ok
                ok = ok and not audit.verify_records(db)[0]
        engine.dispose()
        return not ok  # detected

    real_load = audit_key.load_key
    results = {}
    for mode in ("before", "after"):
        os.environ["CLINIC_DESKTOP_AUDIT_KEY_FILE"] = str(root / f"{mode}.key")
        audit_key.forget_cached_keys()
        audit.load_key = real_load if mode == "after" else (lambda create=False: None)  # type: ignore[assignment]
        template = root / f"{mode}-template"
        template.mkdir()
        build_clinic(template / "clinic.sqlite3", with_sheet=True)
        for name, (tamper, _where) in CASES.items():
            case_dir = root / f"{mode}-{abs(hash(name))}"
            shutil.copytree(template, case_dir)
            tamper(case_dir / "clinic.sqlite3")
            results[(mode, name)] = check(case_dir / "clinic.sqlite3", full=mode == "after")
    audit.load_key = real_load  # type: ignore[assignment]
    print(f"{'tampering case':62} before  after")
    for name in CASES:
        print(f"{name:62} {'caught' if results[('before', name)] else 'missed':6}  "
              f"{'caught' if results[('after', name)] else 'missed'}")
    for mode in ("before", "after"):
        caught = sum(results[(mode, n)] for n in CASES)
        print(f"{mode}: {caught} detected of {len(CASES)} tried")
    shutil.rmtree(root, ignore_errors=True)
    return 0 if all(results[("after", n)] for n in CASES) else 1


if __name__ == "__main__":
    sys.exit(main())
