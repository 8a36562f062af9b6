"""Append-only, hash-chained, keyed audit trail, with a hash of each audited clinical row.

Each :class:`~clinic_desktop.models.AuditEntry` stores ``prev_hash`` (the previous entry's hash) and
``entry_hash`` over a canonical JSON of (prev_hash, at, actor_id, actor_name, action, entity, entity_id,
details), computed by its ``scheme``:

- scheme 1 (entries written before the chain was keyed): SHA-256 of that JSON. Still verified, but anyone
  with the database file could recompute it;
- scheme 2: HMAC-SHA256 of that JSON plus ``scheme`` and ``record_hash``, with the audit key kept outside
  the database (:mod:`clinic_desktop.services.audit_key`). Once a scheme-2 entry exists, a later scheme-1
  entry is itself reported as tampering (no downgrade). A missing key is reported ("cannot be verified
  here"), never taken as a pass.

Editing or deleting any entry breaks every later link, which :func:`verify_chain` reports; cutting the
newest entries (or all) is caught against the anchors written outside the database
(:mod:`clinic_desktop.services.audit_anchor`).

``record_hash``: for entries about a clinical row (see :data:`RECORD_KINDS`: complications, the product
uses of a treatment session, aftercare issuances, staff roles) the SHA-256 of that row's content as stored
right after the change; :func:`verify_records` reports rows whose content no longer matches their last
audit entry (a change made behind the program's back).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, SQLModel, col, func, select

from clinic_desktop.models import AuditEntry, StaffMember, utcnow
from clinic_desktop.services.audit_key import AuditKey, load_key
from clinic_desktop.services.messages import N_, _, ngettext, numeric_datetime

#: The scheme new entries are written with when the audit key is available.
KEYED_SCHEME = 2
LEGACY_SCHEME = 1


def _payload(entry: AuditEntry) -> dict[str, Any]:
    assert entry.at is not None
    payload: dict[str, Any] = {
        "prev": entry.prev_hash,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "details": entry.details,
    }
    if (entry.scheme or LEGACY_SCHEME) >= KEYED_SCHEME:
        payload["scheme"] = entry.scheme
        payload["record_hash"] = entry.record_hash or ""
    return payload


def _canonical(payload: Any) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode(
        "utf-8", "surrogatepass")


def _entry_digest(entry: AuditEntry, key: AuditKey | None = None) -> str:
    """The entry's hash by its scheme (scheme 2 needs ``key``; raises ValueError without it)."""
    data = _canonical(_payload(entry))
    if (entry.scheme or LEGACY_SCHEME) == LEGACY_SCHEME:
        return hashlib.sha256(data).hexdigest()
    if key is None:
        raise ValueError("the audit key is needed for a keyed entry")
    return key.sign(data)


# ------------------------------------------------------------------------------------------ record hashes


@dataclass(frozen=True)
class RecordKind:
    """How the audited content of one kind of clinical row is read: ``table`` and the ``columns`` that
    count (None = all), the rows selected by ``link`` = the entry's entity id, and the label for reports
    (English, marked ``N_``: translated where shown)."""

    table: str
    label: str
    link: str = "id"
    columns: tuple[str, ...] | None = None


#: Audit entity -> the clinical rows whose content its entries carry a hash of.
RECORD_KINDS: dict[str, RecordKind] = {
    "complication": RecordKind("complication", N_("complication")),
    "treatment_session": RecordKind("product_use", N_("product uses of treatment session"),
                                    link="treatment_session_id"),
    "aftercare_issuance": RecordKind("aftercare_issuance", N_("aftercare issuance")),
    "staff_member": RecordKind("staff_member", N_("staff account (role)"),
                               columns=("id", "username", "full_name", "role", "active")),
}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, float):
        return repr(value)
    return value


def record_digest(session: Session, entity: str, entity_id: int) -> str:
    """SHA-256 (hex) of the stored content of the clinical rows behind (``entity``, ``entity_id``), as the
    database holds them now (read back, so the value is the one a later check computes); "" when
    ``entity`` is not one of :data:`RECORD_KINDS`."""
    kind = RECORD_KINDS.get(entity)
    if kind is None:
        return ""
    table = SQLModel.metadata.tables[kind.table]
    columns = [table.c[name] for name in kind.columns] if kind.columns else list(table.c)
    rows = session.execute(
        select(*columns)  # type: ignore[call-overload]
        .where(table.c[kind.link] == entity_id).order_by(table.c.id)
    ).all()
    content = [{c.name: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    return hashlib.sha256(_canonical(content)).hexdigest()


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

    ``action`` is a short verb phrase such as ``"patient.create"``; ``details`` must be JSON-able. For an
    ``entity`` in :data:`RECORD_KINDS` the entry carries the hash of that row's content after the change
    (pending changes are flushed first). Signed with the audit key (scheme 2); a new install creates its
    key on the first entry. Without a key (it cannot be read or made) the entry is written unkeyed and the
    next check reports it.

    Safe with several writers (two workstations, two processes): the row is inserted first, which takes
    the database's write lock (SQLite) or the chain's advisory lock (PostgreSQL), and only then linked to
    the entry just before it, so two appends can never both claim the same predecessor.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CHAIN_LOCK})
    key = load_key(create=True)
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
        scheme=KEYED_SCHEME if key is not None else LEGACY_SCHEME,
    )
    session.add(entry)
    session.flush()  # INSERT: from here on this transaction holds the write lock
    if entity_id is not None and entity in RECORD_KINDS:
        entry.record_hash = record_digest(session, entity, entity_id)
    prev = session.exec(
        select(AuditEntry.entry_hash)
        .where(col(AuditEntry.id) < entry.id)
        .order_by(col(AuditEntry.id).desc())
        .limit(1)
    ).first()
    entry.prev_hash = prev or ""
    entry.entry_hash = _entry_digest(entry, key)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainCheck:
    """Result of :func:`verify_chain`: ``ok``, entries checked, and the first broken entry's id (or None).

    ``keyed`` / ``unkeyed``: entries checked under the key / by plain SHA-256 (written before keying);
    ``head_id`` / ``head_hash``: the newest entry; ``anchors`` (filled by :func:`verify`): how the chain
    compares with the anchors found outside the database.
    """

    ok: bool
    checked: int
    first_bad_id: int | None
    message: str
    keyed: int = 0
    unkeyed: int = 0
    head_id: int | None = None
    head_hash: str = ""
    anchors: Any = None
    problems: tuple[str, ...] = field(default=())


def verify_chain(session: Session, *, key: AuditKey | None = None) -> ChainCheck:
    """Recompute every entry's hash in id order; report the first edited, removed or inserted entry.

    ``key`` defaults to this computer's audit key (:func:`~clinic_desktop.services.audit_key.load_key`).
    Keyed entries are not treated as valid when the key is missing or is not the one that signed them:
    the result is not ok and says so. An unkeyed entry after a keyed one is reported as tampering.
    """
    key = key if key is not None else load_key(create=False)
    prev = ""
    count = keyed = unkeyed = 0
    head: AuditEntry | None = None

    def broken(entry: AuditEntry, message: str) -> ChainCheck:
        return ChainCheck(False, count, entry.id, message, keyed, unkeyed, entry.id, entry.entry_hash)

    for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.id))):
        count += 1
        head = entry
        if entry.prev_hash != prev:
            return broken(entry, _("entry {id}: the entry before it was changed or removed").format(id=entry.id))
        scheme = entry.scheme or LEGACY_SCHEME
        if scheme == LEGACY_SCHEME:
            if keyed:
                return broken(entry, _("entry {id} is not signed with the audit key although earlier "
                                       "entries are: it was written or rewritten outside the program").format(id=entry.id))
            unkeyed += 1
        elif scheme == KEYED_SCHEME:
            if key is None:
                return broken(entry, _("entry {id} and the ones after it are signed with the audit key, "
                                       "which is not available on this computer: they cannot be verified here "
                                       "(see docs/security.md, 'The audit key')").format(id=entry.id))
            if _entry_digest(entry, key) != entry.entry_hash:
                return broken(entry, _("entry {id} was changed after it was written, or signed with "
                                       "another audit key than this computer's ({key})").format(id=entry.id, key=key.key_id))
            keyed += 1
        else:
            return broken(entry, _("entry {id} has an unknown hash scheme {scheme}").format(id=entry.id, scheme=scheme))
        if _entry_digest(entry, key) != entry.entry_hash:
            return broken(entry, _("entry {id} was changed after it was written").format(id=entry.id))
        prev = entry.entry_hash
    detail = (_("{keyed} signed with the audit key, {unkeyed} from before keying") if unkeyed
              else _("{keyed} signed with the audit key")).format(keyed=keyed, unkeyed=unkeyed)
    intact = ngettext("audit trail intact ({count} entry: {detail})", "audit trail intact ({count} entries: {detail})",
                      count).format(count=count, detail=detail)
    return ChainCheck(True, count, None, intact, keyed, unkeyed,
                      head.id if head else None, head.entry_hash if head else "")


@dataclass(frozen=True)
class RecordMismatch:
    """A clinical row whose stored content no longer matches its last audit entry (``entry_id``)."""

    entity: str
    entity_id: int
    label: str
    entry_id: int
    message: str


def verify_records(session: Session) -> tuple[list[RecordMismatch], int]:
    """Compare each audited clinical row (:data:`RECORD_KINDS`) with the hash in its last audit entry.

    Returns (mismatches, rows checked). Rows whose last entry carries no hash (written before record
    hashes) are not checked; a row whose last entry has a hash but which is gone is reported too.
    """
    latest: dict[tuple[str, int], AuditEntry] = {}
    query = (select(AuditEntry).where(col(AuditEntry.entity).in_(list(RECORD_KINDS)))
             .where(AuditEntry.record_hash != "").where(col(AuditEntry.entity_id).is_not(None))
             .order_by(col(AuditEntry.id)))
    for entry in session.exec(query):
        latest[(entry.entity, entry.entity_id)] = entry  # type: ignore[index]
    mismatches: list[RecordMismatch] = []
    for (entity, entity_id), entry in latest.items():
        if record_digest(session, entity, entity_id) != entry.record_hash:
            label = RECORD_KINDS[entity].label
            mismatches.append(RecordMismatch(
                entity, entity_id, label, entry.id,  # type: ignore[arg-type]
                # Translators: {action} is the audit trail's action code (kept in English), {time} a UTC time
                _("{record} {id}: its content differs from what audit entry {entry} recorded ({action}, {time} "
                  "UTC): changed outside the program").format(
                    record=_(label), id=entity_id, entry=entry.id, action=entry.action,
                    time=numeric_datetime(entry.at.astimezone(dt.UTC)))))
    return mismatches, len(latest)


def verify(session: Session, *, actor: StaffMember) -> ChainCheck:
    """The whole check for the audit viewer: :func:`verify_chain`, then the chain against the anchors
    found outside the database (``anchors`` holds that result; ``ok`` needs both). Needs the
    ``view_audit`` permission (manager, admin).

    Raises :class:`~clinic_desktop.services.errors.PermissionDenied` (and audits the refusal) otherwise.
    """
    import dataclasses

    from sqlalchemy import Engine

    from clinic_desktop.services.audit_anchor import (
        anchor_folder,
        check_anchors,
        database_label,
        read_anchors,
    )
    from clinic_desktop.services.permissions import Permission, require

    require(session, actor, Permission.view_audit)
    chain = verify_chain(session)
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    anchors = check_anchors(session, read_anchors(anchor_folder(engine), database_label(engine)))
    message = f"{chain.message}. {anchors.message}"
    return dataclasses.replace(chain, ok=chain.ok and anchors.ok, anchors=anchors, message=message,
                               problems=anchors.problems)


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
