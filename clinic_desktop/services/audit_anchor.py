"""Anchors of the audit chain, kept outside the database.

An anchor is one JSON line — the chain's head (newest entry's id and hash), the number of entries, the UTC
time, why it was written (``backup`` or ``start``) and which database — appended to
``audit-anchors.jsonl`` in the backups folder (owner-only, never rewritten), and copied into the manifest
of the backup it was taken with. Every backup and the first start of each UTC day write one.

The chain alone cannot show that its newest entries (or all of them) were deleted; an anchor can: the
entry it names must still be there, with the same hash and the same number of entries up to it.
:func:`check_anchors` says how far back the database is confirmed by anchors. Each line carries an
HMAC under the audit key, so a line edited by hand is reported too.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from clinic_desktop import paths
from clinic_desktop.db.engine import sqlite_path
from clinic_desktop.models import AuditEntry, utcnow
from clinic_desktop.services.audit_key import load_key
from clinic_desktop.services.messages import _, ngettext, numeric_datetime

log = logging.getLogger(__name__)

ANCHOR_FILENAME = "audit-anchors.jsonl"


def database_label(engine: Engine) -> str:
    """How anchors name the database: the SQLite file name, or ``host/dbname`` of a server."""
    path = sqlite_path(engine)
    if path is not None:
        return path.name
    url = engine.url
    return f"{url.host or 'localhost'}:{url.port or ''}/{url.database or ''}"


def manifest_for(backup: Path) -> Path:
    """The manifest file written beside a backup (``<backup file name>.json``)."""
    return backup.with_name(backup.name + ".json")


def anchor_folder(engine: Engine) -> Path:
    """Where this database's anchor file lives: its backups folder — beside a SQLite file, or ``backups`` in
    the data folder for a server, where its ``pg_dump`` backups and their manifests are written too."""
    path = sqlite_path(engine)
    if path is not None:
        return paths.backups_dir(path)
    folder = paths.server_backups_dir(engine.url)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class Anchor:
    """One anchor: head entry ``head_id`` (None for an empty trail) and ``head_hash``, ``count`` entries,
    taken ``at`` (aware UTC) for ``source`` (``backup``/``start``) of ``database``; ``signed``: its HMAC
    matched this computer's audit key; ``line``: its line number in the file (1-based; 0 in a manifest)."""

    head_id: int | None
    head_hash: str
    count: int
    at: datetime
    source: str
    database: str
    signed: bool | None = None
    line: int = 0


def current_head(session: Session) -> tuple[int | None, str, int]:
    """(id, hash, count) of the chain's newest entry now; (None, "", 0) for an empty trail."""
    last = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(1)).first()
    count = int(session.exec(select(func.count()).select_from(AuditEntry)).one())
    return (last.id, last.entry_hash, count) if last else (None, "", 0)


def _body(head_id: int | None, head_hash: str, count: int, at: datetime, source: str, database: str) -> dict:
    return {"v": 1, "head_id": head_id, "head_hash": head_hash, "count": count,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"), "source": source,
            "database": database}


def _mac(body: dict[str, Any]) -> str | None:
    key = load_key(create=False)
    if key is None:
        return None
    return key.sign(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def _append_line(path: Path, line: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
    fd = os.open(path, flags, 0o600)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def write_anchor(
    session: Session, folder: Path, *, source: str, manifest_path: Path | None = None,
    now: datetime | None = None,
) -> Anchor:
    """Append the current head to ``folder``/audit-anchors.jsonl and, when given, into the backup's
    manifest (JSON object; its ``audit_anchor`` key is set, the rest kept; created if missing).

    ``source``: ``backup`` or ``start``. Raises OSError when the folder cannot be written (callers
    doing a backup let it surface; the daily start logs it).
    """
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    head_id, head_hash, count = current_head(session)
    at = now or utcnow()
    body = _body(head_id, head_hash, count, at, source, database_label(engine))
    mac = _mac(body)
    record = {**body, "mac": mac}
    folder.mkdir(parents=True, exist_ok=True)
    _append_line(folder / ANCHOR_FILENAME, json.dumps(record, sort_keys=True))
    if manifest_path is not None:
        manifest: dict[str, Any] = {}
        if manifest_path.exists():
            try:
                loaded = json.loads(manifest_path.read_text(encoding="utf-8"))
                manifest = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                manifest = {}
        manifest["audit_anchor"] = record
        tmp = manifest_path.with_name(f".{manifest_path.name}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, manifest_path)
    log.info("audit anchor written (%s): head %s, %d entries", source, head_id, count)
    return Anchor(head_id, head_hash, count, at, source, body["database"], mac is not None)


def anchor_daily_start(engine: Engine, *, now: datetime | None = None) -> Anchor | None:
    """At the first start of each UTC day, write an anchor (``source="start"``); None if one exists.

    Never raises: a failure is logged (the day's work must not stop), and the next start tries again.
    """
    try:
        at = now or utcnow()
        folder = anchor_folder(engine)
        label = database_label(engine)
        for anchor in read_anchors(folder, label):
            if anchor.source == "start" and anchor.at.date() == at.astimezone(UTC).date():
                return None
        with Session(engine) as session:
            return write_anchor(session, folder, source="start", now=at)
    except Exception:
        log.exception("the daily audit anchor could not be written")
        return None


def _parse(record: Any, line: int, key_ok: Any) -> Anchor | None:
    if not isinstance(record, dict) or record.get("v") != 1:
        return None
    try:
        body = _body(record["head_id"], str(record["head_hash"]), int(record["count"]),
                     datetime.fromisoformat(record["at"]), str(record["source"]), str(record["database"]))
    except (KeyError, TypeError, ValueError):
        return None
    signed = None
    if record.get("mac") and key_ok is not None:
        signed = key_ok(body) == record["mac"]
    return Anchor(body["head_id"], body["head_hash"], body["count"], datetime.fromisoformat(body["at"]),
                  body["source"], body["database"], signed, line)


def read_anchors(folder: Path, database: str | None = None, manifests: bool = True) -> list[Anchor]:
    """Every readable anchor in ``folder`` (its anchor file, and the ``audit_anchor`` of each ``*.json``
    manifest there when ``manifests``), oldest first; only ``database``'s when given. Unreadable lines are
    skipped (they prove nothing)."""
    found: list[Anchor] = []
    key = load_key(create=False)
    sign = (lambda body: key.sign(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8"))) \
        if key else None
    path = folder / ANCHOR_FILENAME
    if path.exists():
        for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            try:
                anchor = _parse(json.loads(raw), number, sign)
            except ValueError:
                anchor = None
            if anchor is not None:
                found.append(anchor)
    if manifests:
        for manifest in sorted(folder.glob("*.json")):
            try:
                anchor = _parse(json.loads(manifest.read_text(encoding="utf-8")).get("audit_anchor"), 0, sign)
            except (OSError, ValueError, AttributeError):
                anchor = None
            if anchor is not None:
                found.append(anchor)
    unique = {(a.head_id, a.head_hash, a.count, a.at, a.source, a.database): a for a in found}
    result = [a for a in unique.values() if database is None or a.database == database]
    return sorted(result, key=lambda a: (a.at, a.count))


@dataclass(frozen=True)
class AnchorCheck:
    """Result of :func:`check_anchors`: ``ok`` (no anchor contradicts the database), anchors ``found``,
    the newest anchor the database matches (``verified_to``: its time, entry id and count), and the
    ``problems`` in plain words."""

    ok: bool
    found: int
    verified_at: datetime | None
    verified_head_id: int | None
    verified_count: int
    problems: tuple[str, ...] = field(default=())
    superseded: int = 0  # anchors older than the last restore (signed): they describe the replaced data
    restored_at: datetime | None = None

    @property
    def message(self) -> str:
        """One paragraph for the user."""
        if not self.found:
            return _("No anchor of the audit trail was found outside the database, so a cut of its newest "
                     "entries could not be checked.")
        if self.problems:
            return _("; ").join(self.problems)
        if self.verified_at is None:
            return _("No usable anchor of the audit trail was found outside the database.")
        matched = self.found - self.superseded
        text = ngettext("Matches the {n} anchor found outside the database; verified back to the anchor of "
                        "{at} UTC (entries up to {head}, {count} entries).",
                        "Matches all {n} anchors found outside the database; verified back to the anchor of "
                        "{at} UTC (entries up to {head}, {count} entries).", matched).format(
            n=matched, at=numeric_datetime(self.verified_at), head=self.verified_head_id,
            count=self.verified_count)
        if self.superseded:
            text += " " + ngettext(
                "{n} older anchor describes the data replaced by the restore of {at} UTC and was set aside.",
                "{n} older anchors describe the data replaced by the restore of {at} UTC and were set aside.",
                self.superseded).format(n=self.superseded, at=numeric_datetime(self.restored_at))
        return text


def check_anchors(session: Session, anchors: list[Anchor]) -> AnchorCheck:
    """Check the database's audit trail against ``anchors`` (from :func:`read_anchors`).

    Each anchor's entry must exist with the anchored hash and the same count of entries up to it;
    an anchor whose HMAC does not match this computer's key is reported (edited by hand, or written
    under another key). Anchors older than the newest *signed* ``restore`` anchor (written by a completed
    restore) describe the data that restore replaced and are set aside (counted in ``superseded``).
    """
    problems: list[str] = []
    verified: Anchor | None = None
    keyed = load_key(create=False) is not None
    restores = [a for a in anchors
                if a.source == "restore" and (a.signed is True or (a.signed is None and not keyed))]
    restored_at = max((a.at for a in restores), default=None)
    superseded = 0
    for anchor in anchors:
        when = f"{numeric_datetime(anchor.at)} UTC"
        if restored_at is not None and anchor.at < restored_at:
            superseded += 1  # describes the data a restore replaced: nothing to compare with any more
            continue
        if anchor.signed is False:
            problems.append(_("the anchor of {when} was edited, or signed with another audit key").format(when=when))
            continue
        if anchor.head_id is None:
            verified = verified or anchor
            continue
        entry = session.get(AuditEntry, anchor.head_id)
        if entry is None:
            problems.append(_("audit entry {id}, the newest at {when} ({source}), is "
                              "missing: the trail was cut").format(id=anchor.head_id, when=when, source=anchor.source))
            continue
        if entry.entry_hash != anchor.head_hash:
            problems.append(_("audit entry {id} differs from the anchor of {when}: the trail was "
                              "rewritten").format(id=anchor.head_id, when=when))
            continue
        upto = int(session.exec(select(func.count()).select_from(AuditEntry)
                                .where(col(AuditEntry.id) <= anchor.head_id)).one())
        if upto != anchor.count:
            problems.append(_("the anchor of {when} counted {count} entries up to entry "
                              "{id}; the database has {upto}: entries were removed or inserted").format(
                                  when=when, count=anchor.count, id=anchor.head_id, upto=upto))
            continue
        verified = anchor
    return AnchorCheck(not problems, len(anchors), verified.at if verified else None,
                       verified.head_id if verified else None, verified.count if verified else 0,
                       tuple(problems), superseded, restored_at)
