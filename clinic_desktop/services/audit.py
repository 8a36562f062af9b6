"""Append-only, hash-chained audit trail.

Each :class:`~clinic_desktop.models.AuditEntry` stores ``prev_hash`` (the previous entry's hash) and
``entry_hash`` = SHA-256 over a canonical JSON of (prev_hash, at, actor_id, actor_name, action, entity,
entity_id, details). Editing or deleting any entry breaks every later link, which :func:`verify_chain`
reports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from clinic_desktop.models import AuditEntry, StaffMember, utcnow


def _entry_digest(entry: AuditEntry) -> str:
    assert entry.at is not None
    payload = {
        "prev": entry.prev_hash,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "details": entry.details,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: StaffMember | None,
    action: str,
    entity: str = "",
    entity_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit entry to ``session`` (the caller commits, so it lands with the action it describes).

    ``action`` is a short verb phrase such as ``"patient.create"``; ``details`` must be JSON-able.
    """
    last = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(1)).first()
    pending = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    prev_hash = pending[-1].entry_hash if pending else (last.entry_hash if last else "")
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_name=actor.full_name if actor else "",
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=json.loads(json.dumps(details or {}, default=str)),
        prev_hash=prev_hash,
    )
    entry.entry_hash = _entry_digest(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainCheck:
    """Result of :func:`verify_chain`: ``ok``, entries checked, and the first broken entry's id (or None)."""

    ok: bool
    checked: int
    first_bad_id: int | None
    message: str


def verify_chain(session: Session) -> ChainCheck:
    """Recompute every entry's hash in id order; report the first entry that was edited, removed or inserted."""
    prev = ""
    count = 0
    for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.id))):
        count += 1
        if entry.prev_hash != prev:
            return ChainCheck(False, count, entry.id, f"entry {entry.id}: the entry before it was changed or removed")
        if _entry_digest(entry) != entry.entry_hash:
            return ChainCheck(False, count, entry.id, f"entry {entry.id} was changed after it was written")
        prev = entry.entry_hash
    return ChainCheck(True, count, None, f"audit trail intact ({count} entries)")
