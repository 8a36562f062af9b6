"""Protocols as the services see them: the bundled files, their stored versions, and approval.

Each protocol version used on a sheet is stored in :class:`~clinic_desktop.models.ProtocolVersion` with its
full text, so a sheet can be re-printed exactly after the file has moved on. Approval is bound to content:
a protocol counts as approved only when a manager approved a stored version whose *normalised content hash*
(:func:`~clinic_desktop.aftercare.protocol.content_hash`) equals the file's. What the file's own
``[review] status`` says is never trusted (issue #12 item 7, issue #13 item 6): any edit makes it a draft
until a manager approves the new content.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, select

from clinic_desktop import paths
from clinic_desktop.aftercare.protocol import (
    Finding,
    Protocol,
    ProtocolError,
    check_protocols,
    content_hash,
    load_protocol_file,
    parse_protocol,
)
from clinic_desktop.models import ProtocolVersion, StaffMember, utcnow
from clinic_desktop.services import audit
from clinic_desktop.services.errors import ClinicError, NotFound, ValidationError
from clinic_desktop.services.permissions import Permission, require

log = logging.getLogger(__name__)


class BundledProtocol:
    """A protocol file as loaded: the parsed protocol, its text and the SHA-256 of that text."""

    def __init__(self, path: Path, protocol: Protocol, text: str):
        self.path = path
        self.protocol = protocol
        self.text = text
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.content_sha256 = content_hash(text)


@lru_cache(maxsize=4)
def _load_dir(directory: str) -> dict[tuple[str, str], BundledProtocol]:
    found: dict[tuple[str, str], BundledProtocol] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        try:
            protocol = load_protocol_file(path)
            bundled = BundledProtocol(path, protocol, path.read_text(encoding="utf-8"))
        except ProtocolError as exc:
            log.error("protocol file refused: %s", exc)
            continue
        except Exception:  # one bad file never stops the others from printing (issue #13 item 6)
            log.exception("protocol file %s could not be loaded", path.name)
            continue
        found[(protocol.id, protocol.language)] = bundled
    return found


def bundled_protocols(directory: Path | None = None) -> dict[tuple[str, str], BundledProtocol]:
    """Every valid protocol file, keyed (protocol id, language). Broken files are logged and skipped."""
    return _load_dir(str(directory or paths.protocols_dir()))


def reload_protocols() -> None:
    """Forget the loaded protocol files so the next call reads them again (after a file was edited)."""
    _load_dir.cache_clear()
    _findings.cache_clear()


@lru_cache(maxsize=4)
def _findings(directory: str) -> tuple[Finding, ...]:
    return tuple(check_protocols(Path(directory)))


def protocol_findings(directory: Path | None = None) -> list[Finding]:
    """The protocol checks' errors and warnings for the folder in use (e.g. a clinic-chosen recommended
    product that contradicts the avoid list: a warning). Cached until :func:`reload_protocols`."""
    return list(_findings(str(directory or paths.protocols_dir())))


def treatments(language: str | None = None) -> list[tuple[str, str]]:
    """(protocol id, treatment name) for every treatment with a protocol, sorted by name.

    Each treatment is named in ``language`` ("fr", "en"; None: the language the window or the command line
    speaks now, :func:`clinic_desktop.services.messages.current_language`); a treatment without a protocol
    in that language keeps the name of another language's file (English first). Sheets pass the patient's
    language; lists in the window pass nothing.
    """
    from clinic_desktop.services.messages import current_language

    wanted = language or current_language()
    names: dict[str, str] = {}
    chosen: dict[str, str] = {}
    # English before the others, so a treatment lacking ``wanted`` falls back to its English name
    for (pid, lang), bundled in sorted(bundled_protocols().items(), key=lambda kv: (kv[0][0], kv[0][1] != "en")):
        if lang == wanted or pid not in names:
            if chosen.get(pid) != wanted:
                names[pid] = bundled.protocol.treatment_name
                chosen[pid] = lang
    return sorted(names.items(), key=lambda item: item[1].casefold())


def treatment_name(protocol_id: str, language: str | None = None) -> str:
    """The name of the treatment ``protocol_id`` in ``language`` (None: the current one, as
    :func:`treatments`); an id with no protocol file is returned as it is."""
    return dict(treatments(language)).get(protocol_id, protocol_id)


def languages_for(protocol_id: str) -> list[str]:
    """Languages in which ``protocol_id`` is available."""
    return sorted(lang for (pid, lang) in bundled_protocols() if pid == protocol_id)


def current_protocol(protocol_id: str, language: str) -> BundledProtocol:
    """The bundled protocol file for a treatment and language.

    Raises ValidationError on ``language`` when the treatment has no protocol in that language, and
    NotFound when the treatment has no protocol at all.
    """
    found = bundled_protocols().get((protocol_id, language))
    if found is not None:
        return found
    others = languages_for(protocol_id)
    if not others:
        raise NotFound(f"There is no aftercare protocol for the treatment “{protocol_id}”.")
    raise ValidationError.single(
        "language", f"The {protocol_id} protocol is not available in “{language}”; available: {', '.join(others)}."
    )


def store_version(session: Session, bundled: BundledProtocol) -> ProtocolVersion:
    """Make sure the database holds this exact protocol version's text (added to ``session``, not committed).

    Race-free get-or-create (``INSERT … ON CONFLICT DO NOTHING`` then select, SQLite and PostgreSQL).

    Raises ClinicError when a stored version with the same number has different text: the file was edited
    without raising its version, which would make earlier sheets impossible to re-print exactly.
    """
    p = bundled.protocol
    query = select(ProtocolVersion).where(
        ProtocolVersion.protocol_id == p.id,
        ProtocolVersion.version == p.version,
        ProtocolVersion.language == p.language,
    )
    row = session.exec(query).first()
    if row is None:  # INSERT … ON CONFLICT DO NOTHING, then select: two workstations at once both succeed
        from clinic_desktop.services.concurrency import column_values, insert_ignore

        new = ProtocolVersion(protocol_id=p.id, version=p.version, language=p.language, content=bundled.text,
                              sha256=bundled.sha256, first_seen_at=utcnow())
        insert_ignore(session, ProtocolVersion, [column_values(new)],
                      index_elements=["protocol_id", "version", "language"])
        row = session.exec(query).one()
    if row.sha256 != bundled.sha256:
        raise ClinicError(
            f"The protocol file {bundled.path.name} was changed but still says version {p.version}. "
            "Ask the clinic manager to give it a new version number before printing."
        )
    return row


def stored_protocol(session: Session, protocol_id: str, version: str, language: str) -> Protocol:
    """The exact protocol text stored for a version, parsed. Raises NotFound if it was never stored."""
    row = session.exec(
        select(ProtocolVersion).where(
            ProtocolVersion.protocol_id == protocol_id,
            ProtocolVersion.version == version,
            ProtocolVersion.language == language,
        )
    ).first()
    if row is None:
        raise NotFound(f"Protocol {protocol_id} version {version} ({language}) is not stored in this database.")
    return parse_protocol(row.content, source=f"{protocol_id}.{language} v{version} (stored)")


def is_approved(session: Session, bundled: BundledProtocol) -> bool:
    """True when a manager approved this exact content (same protocol id and language, same normalised
    content hash) in the app. The file's own ``[review] status`` is ignored."""
    rows = session.exec(
        select(ProtocolVersion).where(
            ProtocolVersion.protocol_id == bundled.protocol.id,
            ProtocolVersion.language == bundled.protocol.language,
            ProtocolVersion.approved_at.is_not(None),  # type: ignore[union-attr]
        )
    ).all()
    for row in rows:
        try:
            if content_hash(row.content) == bundled.content_sha256:
                return True
        except ProtocolError:
            continue
    return False


def draft_warning(session: Session, items: list[BundledProtocol]) -> str:
    """The warning to show before printing a sheet that uses a draft protocol; "" when all are approved.

    The sentence is in the language of the window or the command line (:mod:`clinic_desktop.services.
    messages`); each draft is named as its own file names it (the sheet's language: that file is the
    draft). A combined sheet marks only its draft part, e.g. "Hair mesotherapy is a DRAFT
    protocol, not approved by the clinic: its part of the sheet is marked DRAFT. A manager can approve the
    current content in Approve protocols."
    """
    from clinic_desktop.services.messages import _, list_of

    drafts = [b for b in items if not is_approved(session, b)]
    if not drafts:
        return ""
    named = list_of([b.protocol.treatment_name for b in drafts])
    if len(drafts) == len(items):
        if len(drafts) == 1:
            text = _("{names} is a DRAFT protocol, not approved by the clinic: the sheet is marked DRAFT.")
        else:
            text = _("{names} are DRAFT protocols, not approved by the clinic: the sheet is marked DRAFT.")
    elif len(drafts) == 1:
        text = _("{names} is a DRAFT protocol, not approved by the clinic: its part of the sheet is marked DRAFT.")
    else:
        text = _("{names} are DRAFT protocols, not approved by the clinic: their parts of the sheet are "
                 "marked DRAFT.")
    return text.format(names=named) + " " + _("A manager can approve the current content in Approve protocols.")


def approve_protocol(session: Session, *, actor: StaffMember, protocol_id: str) -> list[ProtocolVersion]:
    """Approve the current version of ``protocol_id`` in every language (managers). Audited.

    Raises NotFound for an unknown protocol, PermissionDenied for other roles, ConflictError when another
    manager approved it at the same moment (nothing saved; the protocol is approved by them).
    """
    require(session, actor, Permission.approve_protocol)
    rows = []
    for (pid, _lang), bundled in bundled_protocols().items():
        if pid != protocol_id:
            continue
        row = store_version(session, bundled)
        if row.approved_at is None or not is_approved(session, bundled):
            row.approved_at = utcnow()
            row.approved_by_id = actor.id
            session.add(row)
        rows.append(row)
    if not rows:
        raise NotFound(f"There is no protocol “{protocol_id}”.")
    from clinic_desktop.services.concurrency import refusing_stale
    from clinic_desktop.services.messages import _

    # two managers approving at once: the second UPDATE … WHERE row_version=<read> matches nothing
    with refusing_stale(session, ProtocolVersion, rows[0].id, entity="protocol", what=_("this protocol's approval"),
                        expected_version=rows[0].row_version, attribute="row_version"):
        audit.record(session, actor=actor, action="protocol.approve", entity="protocol",
                     details={"protocol_id": protocol_id, "version": rows[0].version})
        session.commit()
    return rows
