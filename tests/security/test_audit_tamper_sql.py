"""The audit chain's tamper checks on both engines (the service and the audit viewer): entries changed,
removed and re-hashed with SQL from a second connection (the PostgreSQL counterpart of the SQLite file
edits in test_audit_chain.py and test_security_ui.py)."""

from __future__ import annotations

from sqlalchemy import text

from clinic_desktop.models import AuditEntry
from clinic_desktop.services import audit
from tests.language import msg_like, ui_like

CHANGED = msg_like("entry {id} was changed after it was written, or signed with another audit key than this "
                   "computer's ({key})", id=3)


def _fill(db, actor, n=5):
    for i in range(n):
        audit.record(db, actor=actor, action="patient.create", entity="patient", entity_id=i + 1,
                     details={"name": f"Zoë {i}"})
        db.commit()


def _tamper(engine, sql: str, **params) -> None:
    """Another program's connection: not the app's session."""
    with engine.connect() as conn:
        conn.execute(text(sql), params)
        conn.commit()


def test_an_entry_changed_with_sql_is_detected(db, engine, manager):
    _fill(db, manager)
    assert audit.verify_chain(db).ok
    _tamper(engine, "UPDATE audit_entry SET details = :d WHERE id = 3", d='{"name": "Someone else"}')
    db.expire_all()
    check = audit.verify_chain(db)
    assert (check.ok, check.first_bad_id) == (False, 3) and CHANGED.fullmatch(check.message)


def test_an_entry_deleted_with_sql_is_detected(db, engine, manager):
    _fill(db, manager)
    _tamper(engine, "DELETE FROM audit_entry WHERE id = 2")
    db.expire_all()
    check = audit.verify_chain(db)
    assert (check.ok, check.first_bad_id) == (False, 3)


def test_a_rewritten_hash_is_still_detected_by_the_next_entry(db, engine, manager):
    """Even recomputed with the audit key, the edited entry's new hash breaks the next entry's link."""
    from clinic_desktop.services.audit_key import load_key

    _fill(db, manager)
    entry = db.get(AuditEntry, 2)
    entry.actor_name = "Nobody"
    forged = audit._entry_digest(entry, load_key())
    db.rollback()
    _tamper(engine, "UPDATE audit_entry SET actor_name = 'Nobody', entry_hash = :h WHERE id = 2", h=forged)
    db.expire_all()
    assert audit.verify_chain(db).first_bad_id == 3


def test_audit_viewer_shows_an_entry_changed_with_sql(qtbot, engine, db, manager):
    from PySide6.QtCore import Qt

    from clinic_desktop.ui.admin.audit_viewer import AuditViewerDialog

    _fill(db, manager)
    dialog = AuditViewerDialog(engine, manager)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_checking())  # the chain is checked on the thread pool
    assert dialog.check.ok and ui_like("AuditViewerDialog", "✔ The audit trail is intact: %n entries checked, none "
                                       "changed. {anchors}", dialog.check.checked).search(dialog.banner.text())
    _tamper(engine, "UPDATE audit_entry SET actor_name = 'Nobody' WHERE id = 1")
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_checking())
    assert not dialog.check.ok and ui_like(
        "AuditViewerDialog", "✖ The audit trail has been tampered with: {problem}. Keep this database as it is and "
        "tell the clinic's administrator.").search(dialog.banner.text())
