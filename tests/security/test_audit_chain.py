"""The audit trail is hash-chained: an entry changed or removed directly in the file is detected."""

from __future__ import annotations

import sqlite3
import threading

from sqlmodel import Session, select

from clinic_desktop.models import AuditEntry
from clinic_desktop.services import audit
from tests.language import msg_like

CHANGED = msg_like("entry {id} was changed after it was written, or signed with another audit key than this "
                   "computer's ({key})", id=3)


def _fill(db, actor, n=5):
    for i in range(n):
        audit.record(
            db,
            actor=actor,
            action="patient.create",
            entity="patient",
            entity_id=i + 1,
            details={"name": f"Zoë {i}"},
        )
        db.commit()


def test_chain_verifies_and_links_each_entry_to_the_previous(db, manager):
    _fill(db, manager)
    entries = list(db.exec(select(AuditEntry).order_by(AuditEntry.id)))
    assert entries[0].prev_hash == ""
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:], strict=False))
    check = audit.verify_chain(db)
    assert (check.ok, check.checked) == (True, 5)


def test_an_entry_changed_in_the_database_file_is_detected(db, db_path, manager):
    _fill(db, manager)
    con = sqlite3.connect(db_path)
    con.execute('UPDATE audit_entry SET details = \'{"name": "Someone else"}\' WHERE id = 3')
    con.commit()
    con.close()
    db.expire_all()
    check = audit.verify_chain(db)
    assert not check.ok
    assert check.first_bad_id == 3
    assert CHANGED.fullmatch(check.message)


def test_an_entry_deleted_from_the_database_file_is_detected(db, db_path, manager):
    _fill(db, manager)
    con = sqlite3.connect(db_path)
    con.execute("DELETE FROM audit_entry WHERE id = 2")
    con.commit()
    con.close()
    db.expire_all()
    check = audit.verify_chain(db)
    assert (check.ok, check.first_bad_id) == (False, 3)


def test_a_rewritten_hash_is_still_detected_by_the_next_entry(db, db_path, manager):
    """Someone who edits an entry and recomputes its own hash (even with the key) breaks the next link."""
    from clinic_desktop.services.audit_key import load_key

    _fill(db, manager)
    entry = db.get(AuditEntry, 2)
    entry.actor_name = "Nobody"
    forged_hash = audit._entry_digest(entry, load_key())
    db.rollback()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE audit_entry SET actor_name='Nobody', entry_hash=? WHERE id=2", (forged_hash,))
    con.commit()
    con.close()
    db.expire_all()
    assert audit.verify_chain(db).first_bad_id == 3


def test_two_writers_at_once_keep_one_unbroken_chain(engine, manager):
    """Two sessions appending concurrently (two workstations) never fork the chain."""
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            for i in range(15):
                with Session(engine) as s:
                    audit.record(s, actor=None, action=f"test.{tag}", entity_id=i)
                    s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(engine) as s:
        check = audit.verify_chain(s)
    assert (check.ok, check.checked) == (True, 30)


def test_viewer_listing_filters_and_pages_newest_first(db, manager):
    _fill(db, manager)
    audit.record(db, actor=manager, action="backup.create")
    db.commit()
    rows, total = audit.list_entries(db, actor=manager, search="PATIENT", limit=2)
    assert total == 5
    assert [r.entity_id for r in rows] == [5, 4]
