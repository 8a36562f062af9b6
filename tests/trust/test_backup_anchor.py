"""The audit anchor of a backup comes from ``BACKUP_WRITTEN_HOOKS`` (one hook, registered by
services/backups.py) on both engines and lands where ``audit verify`` reads it (the restore's own anchor:
tests/trust/test_audit_tamper.py)."""

from __future__ import annotations

import shutil

import pytest
from clinic_desktop.db.backup import BACKUP_WRITTEN_HOOKS
from clinic_desktop.services import audit, audit_anchor, backups


def test_the_backup_anchor_is_a_backup_written_hook():
    assert backups._anchor_backup in BACKUP_WRITTEN_HOOKS


def test_a_backup_is_anchored_where_audit_verify_reads(engine, db, admin):
    if engine.dialect.name == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    audit.record(db, actor=admin, action="patient.create", entity="patient", entity_id=1)  # a keyed trail
    db.commit()
    target = backups.backup_now(db, actor=admin)
    folder = audit_anchor.anchor_folder(engine)
    found = [a for a in audit_anchor.read_anchors(folder, audit_anchor.database_label(engine), manifests=False)
             if a.source == "backup"]
    assert len(found) == 1 and found[0].signed is True
    assert audit_anchor.manifest_for(target).exists()
    check = audit.verify(db, actor=admin)
    assert check.ok and check.anchors is not None and check.anchors.verified_at is not None


@pytest.mark.sqlite_only
def test_a_backup_before_a_migration_is_not_anchored(engine, db_path):
    """Only the program's own backups (daily, on demand, automatic) anchor: the hook does nothing outside."""
    from clinic_desktop.db.backup import backup_database
    from clinic_desktop.paths import backups_dir

    engine.dispose()
    backup_database(db_path, backups_dir(db_path), reason="before-migration")
    assert not (backups_dir(db_path) / audit_anchor.ANCHOR_FILENAME).exists()
