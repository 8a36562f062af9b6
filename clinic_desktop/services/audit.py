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

from sqlalchemy import text
from sqlmodel import Session, col, func, select

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


#: Key of the PostgreSQL transaction-level advisory lock that serialises appends to the chain.
_PG_CHAIN_LOCK = 0x6175646974  # "audit"


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

    Safe with several writers (two workstations, two processes): the row is inserted first, which takes
    the database's write lock (SQLite) or the chain's advisory lock (PostgreSQL), and only then linked to
    the entry just before it, so two appends can never both claim the same predecessor.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CHAIN_LOCK})
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_name=actor.full_name if actor else "",
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=json.loads(json.dumps(details or {}, default=str)),
        prev_hash="",
        entry_hash="",
    )
    session.add(entry)
    session.flush()  # INSERT: from here on this transaction holds the write lock
    prev = session.exec(
        select(AuditEntry.entry_hash)
        .where(col(AuditEntry.id) < entry.id)
        .order_by(col(AuditEntry.id).desc())
        .limit(1)
    ).first()
    entry.prev_hash = prev or ""
    entry.entry_hash = _entry_digest(entry)
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
    """Recompute every entry's hash in id order; report the first edited, removed or inserted entry."""
    prev = ""
    count = 0
    for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.id))):
        count += 1
        if entry.prev_hash != prev:
            return ChainCheck(
                False, count, entry.id, f"entry {entry.id}: the entry before it was changed or removed"
            )
        if _entry_digest(entry) != entry.entry_hash:
            return ChainCheck(False, count, entry.id, f"entry {entry.id} was changed after it was written")
        prev = entry.entry_hash
    return ChainCheck(True, count, None, f"audit trail intact ({count} entries)")


def verify(session: Session, *, actor: StaffMember) -> ChainCheck:
    """:func:`verify_chain` for the audit viewer: needs the ``view_audit`` permission (manager, admin).

    Raises :class:`~clinic_desktop.services.errors.PermissionDenied` (and audits the refusal) otherwise.
    """
    from clinic_desktop.services.permissions import Permission, require

    require(session, actor, Permission.view_audit)
    return verify_chain(session)


def list_entries(
    session: Session,
    *,
    actor: StaffMember,
    search: str = "",
    limit: int = 500,
    offset: int = 0,
) -> tuple[list[AuditEntry], int]:
    """Newest entries first, for the audit viewer; returns (page of entries, total matching count).

    ``search`` matches the action, the actor's name or the entity (case-insensitive substring).
    Needs ``view_audit`` (manager, admin); raises PermissionDenied (audited) otherwise.
    """
    from clinic_desktop.services.permissions import Permission, require

    require(session, actor, Permission.view_audit)
    query = select(AuditEntry)
    count_query = select(func.count()).select_from(AuditEntry)
    needle = search.strip().lower()
    if needle:
        pattern = f"%{needle}%"
        cond = (
            func.lower(AuditEntry.action).like(pattern)
            | func.lower(AuditEntry.actor_name).like(pattern)
            | func.lower(AuditEntry.entity).like(pattern)
        )
        query = query.where(cond)
        count_query = count_query.where(cond)
    total = int(session.exec(count_query).one())
    rows = list(session.exec(query.order_by(col(AuditEntry.id).desc()).offset(offset).limit(limit)))
    return rows, total
