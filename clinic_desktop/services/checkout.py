"""Checkout: today's treatment sessions, rendering the aftercare sheet, recording issuances, exact reprints.

A sheet covers one patient's visit: the chosen treatment session and, by default, every other treatment
session of that patient on the same local date (facial and hair the same day print as one sheet).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from clinic_desktop.aftercare.protocol import Protocol
from clinic_desktop.aftercare.sheet_inputs import (
    Adjustment,
    ClinicOnSheet,
    PatientOnSheet,
    SheetInputs,
    TreatmentOnSheet,
)
from clinic_desktop.models import (
    AftercareIssuance,
    IssuanceAction,
    IssuanceTreatmentSession,
    Patient,
    StaffMember,
    StoredAsset,
    TreatmentSession,
    utcnow,
)
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import (
    clinic_zone,
    day_bounds_utc,
    get_clinic_profile,
    local_date,
    printed_clinic_name,
    today,
)
from clinic_desktop.services.errors import ClinicError, NotFound, ValidationError
from clinic_desktop.services.files import os_error_message, write_private
from clinic_desktop.services.limits import check_id
from clinic_desktop.services.messages import N_, _, number
from clinic_desktop.services.permissions import Permission, allowed, require
from clinic_desktop.services.protocols import (
    BundledProtocol,
    current_protocol,
    is_approved,
    store_version,
    stored_protocol,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TodayRow:
    """One line of the checkout list: a treatment session of the chosen day."""

    treatment_session_id: int
    performed_at: datetime  # aware, in the clinic's time zone
    patient_id: int
    patient_name: str
    treatment: str  # protocol id
    treatment_name: str
    practitioner_name: str
    issuances: int  # how many times a sheet covering this treatment session was printed or saved

    @property
    def printed(self) -> bool:
        """True once at least one aftercare sheet covering this treatment session was issued."""
        return self.issuances > 0


def sessions_on(session: Session, *, actor: StaffMember, day: date | None = None) -> list[TodayRow]:
    """Treatment sessions performed on the local ``day`` (default: today in the clinic's zone), by time."""
    require(session, actor, Permission.view_patients)
    zone = clinic_zone(session)
    day = day or today(session)
    start, end = day_bounds_utc(day, zone)
    stmt = (
        select(TreatmentSession, Patient, StaffMember)
        .join(Patient, col(Patient.id) == TreatmentSession.patient_id)
        .join(StaffMember, col(StaffMember.id) == TreatmentSession.practitioner_id)
        .where(col(TreatmentSession.performed_at) >= start, col(TreatmentSession.performed_at) < end)
        .where(col(TreatmentSession.archived).is_(False))
        .order_by(col(TreatmentSession.performed_at), col(TreatmentSession.id))
    )
    rows = list(session.exec(stmt))
    ids = [ts.id for ts, _, _ in rows]
    counts: dict[int, int] = {}
    if ids:
        for link in session.exec(select(IssuanceTreatmentSession).where(
                col(IssuanceTreatmentSession.treatment_session_id).in_(ids))):
            counts[link.treatment_session_id] = counts.get(link.treatment_session_id, 0) + 1
    from clinic_desktop.services.protocols import treatments

    names = dict(treatments())
    return [
        TodayRow(
            treatment_session_id=ts.id,  # type: ignore[arg-type]
            performed_at=ts.performed_at.astimezone(zone),  # type: ignore[union-attr]
            patient_id=patient.id,  # type: ignore[arg-type]
            patient_name=patient.display_name,
            treatment=ts.treatment,
            treatment_name=names.get(ts.treatment, ts.treatment),
            practitioner_name=staff.full_name,
            issuances=counts.get(ts.id, 0),  # type: ignore[arg-type]
        )
        for ts, patient, staff in rows
    ]


@dataclass
class PreparedSheet:
    """A rendered sheet not yet recorded: the inputs, the PDF bytes and their SHA-256."""

    inputs: SheetInputs
    pdf: bytes
    sha256: str
    treatment_session_ids: list[int]
    logo_sha256: str | None = None
    protocols: list[Protocol] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # shown before printing: drafts, unprintable characters

    @property
    def suggested_filename(self) -> str:
        """e.g. ``aftercare-2026-11-30-Ксения-Павлова-412.pdf``: treatment date, the patient's name in its own
        script, and the (first) treatment session number, so two sheets never share a name.

        Only what no file system accepts is left out of the name (see :func:`safe_file_name_part`).
        """
        name = safe_file_name_part(self.inputs.patient.display_name) or "patient"
        day = self.inputs.treatments[0].treatment_date.isoformat()
        number = self.treatment_session_ids[0] if self.treatment_session_ids else None
        return f"aftercare-{day}-{name}" + (f"-{number}" if number is not None else "") + ".pdf"


# characters Windows, macOS or Linux refuse in a file name, and control characters
MAX_NOTE_CHARS = 10_000
"""Longest personal note printed on a sheet (characters); it flows across pages."""

_ILLEGAL_IN_FILE_NAMES = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


def safe_file_name_part(text: str, *, max_chars: int = 60) -> str:
    """``text`` made usable inside a file name on every system, keeping its own script and punctuation.

    Drops ``/ \\ : * ? " < > |`` and control characters, joins words with "-", trims dots and spaces at the
    ends (Windows) and keeps at most ``max_chars`` characters (well under the 255-byte limit in UTF-8).
    ``safe_file_name_part("Ксения Павлова") == "Ксения-Павлова"``; ``"Zoë O'Brien"`` stays as it is
    apart from the hyphen. Returns "" when nothing usable is left.
    """
    cleaned = _ILLEGAL_IN_FILE_NAMES.sub(" ", unicodedata.normalize("NFC", text or ""))
    joined = "-".join(cleaned.split())
    return joined[:max_chars].strip(" .-")


def visit_sessions(session: Session, treatment_session: TreatmentSession) -> list[TreatmentSession]:
    """Every non-archived treatment session of the same patient on the same local date, by time."""
    zone = clinic_zone(session)
    day = local_date(treatment_session.performed_at, zone)  # type: ignore[arg-type]
    start, end = day_bounds_utc(day, zone)
    stmt = (
        select(TreatmentSession)
        .where(TreatmentSession.patient_id == treatment_session.patient_id)
        .where(col(TreatmentSession.performed_at) >= start, col(TreatmentSession.performed_at) < end)
        .where(col(TreatmentSession.archived).is_(False))
        .order_by(col(TreatmentSession.performed_at), col(TreatmentSession.id))
    )
    return list(session.exec(stmt))


def _store_logo(session: Session, logo: bytes | None) -> str | None:
    if not logo:
        return None
    digest = hashlib.sha256(logo).hexdigest()
    if session.get(StoredAsset, digest) is None:  # race-free get-or-create (another workstation may print too)
        from clinic_desktop.services.concurrency import column_values, insert_ignore

        insert_ignore(session, StoredAsset,
                      [column_values(StoredAsset(sha256=digest, content=logo, media_type="image/png"))],
                      index_elements=["sha256"])
    return digest


def may_change_waits(session: Session, actor: StaffMember | None) -> bool:
    """True when ``actor`` may change a protocol's waiting times on a sheet: practitioners, managers and
    administrators; receptionists only where the clinic profile's ``receptionists_may_lengthen_waits`` is
    set. The role is read from the database (as :func:`~clinic_desktop.services.permissions.require`)."""
    if actor is None or actor.id is None:
        return False
    stored = session.get(StaffMember, actor.id)
    if stored is None or not stored.active:
        return False
    if get_clinic_profile(session).receptionists_may_lengthen_waits:
        return allowed(stored, Permission.print_aftercare)
    return allowed(stored, Permission.lengthen_waits)


@dataclass(frozen=True)
class _SheetParts:
    """Everything a sheet is rendered from, read from the database (rendering needs no database)."""

    inputs: SheetInputs
    protocols: list[Protocol]
    used: list[BundledProtocol]
    logo: bytes | None
    logo_sha256: str | None
    treatment_session_ids: list[int]


def prepare_sheet(
    session: Session,
    *,
    actor: StaffMember,
    treatment_session_id: int,
    language: str | None = None,
    large_print: bool | None = None,
    adjustments: Sequence[Adjustment] = (),
    whole_visit: bool = True,
) -> PreparedSheet:
    """Render the aftercare sheet for a treatment session (and, with ``whole_visit``, the rest of that visit).

    ``language`` defaults to the patient's preferred language, ``large_print`` to the patient's preference.
    Protocol versions are stored in the database (flushed, committed with the issuance). Raises NotFound,
    ValidationError on ``language`` (no protocol in it) or ``adjustments`` (e.g. shorter than the protocol's
    minimum), ClinicError for a changed-but-same-version protocol file or an unreadable logo.
    PermissionDenied (audited) when ``adjustments`` change a waiting time (``extend``) and ``actor`` may not
    (:func:`may_change_waits`: a receptionist, unless the clinic profile allows it).
    """
    from clinic_desktop.services.protocols import draft_warning

    parts = _sheet_parts(session, actor=actor, treatment_session_id=treatment_session_id, language=language,
                         large_print=large_print, adjustments=adjustments, whole_visit=whole_visit)
    pdf = render_parts(parts.inputs, parts.protocols, parts.logo)
    warnings = [w for w in [draft_warning(session, parts.used)] if w]
    warnings.extend(unprintable_warnings(parts.inputs))
    return _prepared(parts, pdf, warnings)


#: the field labels of :func:`clinic_desktop.aftercare.render.unprintable_fields` (English), for the catalogue
UNPRINTABLE_FIELD_LABELS = (
    N_("Patient name"), N_("Clinic name"), N_("Clinic address"), N_("Clinic contact details"),
    N_("Emergency line hours"), N_("Practitioner"), N_("Treatment areas"), N_("Personal note"),
)


def unprintable_warnings(inputs: SheetInputs) -> list[str]:
    """One sentence per typed field of ``inputs`` holding characters the sheet's fonts cannot draw (printed as
    "\ufffd"), in the current language of the service messages: ``["Patient name: 😊 (U+1F60A …) cannot be
    printed …"]``; empty when everything prints. Raises nothing."""
    from clinic_desktop.aftercare.render import unprintable_fields
    from clinic_desktop.aftercare.text import describe_characters

    return [_("{label}: {characters} cannot be printed with the sheet's fonts and shows as “\ufffd”.").format(
        label=_(label), characters=describe_characters(chars)) for label, chars in unprintable_fields(inputs).items()]


def _prepared(parts: _SheetParts, pdf: bytes, warnings: list[str] | None = None) -> PreparedSheet:
    return PreparedSheet(
        inputs=parts.inputs, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
        treatment_session_ids=parts.treatment_session_ids, logo_sha256=parts.logo_sha256,
        protocols=parts.protocols, warnings=warnings or [],
    )


def render_parts(inputs: SheetInputs, protocols: Sequence[Protocol], logo: bytes | None) -> bytes:
    """The sheet's PDF bytes (``aftercare.render.render_sheet``; a SheetError becomes a ClinicError). A plain
    top-level function of picklable arguments: the batch runs it in worker processes too."""
    from clinic_desktop.aftercare.render import SheetError, render_sheet  # reportlab: imported lazily

    try:
        return render_sheet(inputs, list(protocols), logo)
    except SheetError as exc:
        raise ClinicError(str(exc)) from exc


def _sheet_parts(
    session: Session,
    *,
    actor: StaffMember,
    treatment_session_id: int,
    language: str | None = None,
    large_print: bool | None = None,
    adjustments: Sequence[Adjustment] = (),
    whole_visit: bool = True,
) -> _SheetParts:
    """The database half of :func:`prepare_sheet` (same arguments, same errors): the sheet's inputs."""
    require(session, actor, Permission.print_aftercare)
    from clinic_desktop.aftercare.render import SheetError, validate_adjustments  # reportlab: lazily

    chosen = session.get(TreatmentSession, check_id(treatment_session_id, "treatment session"))
    if chosen is None or chosen.archived:
        raise NotFound(_("There is no treatment session number {treatment_session_id}.").format(treatment_session_id=treatment_session_id))
    patient = session.get(Patient, chosen.patient_id)
    assert patient is not None
    language = language or patient.preferred_language
    sessions = visit_sessions(session, chosen) if whole_visit else [chosen]
    zone = clinic_zone(session)
    profile = get_clinic_profile(session)
    protocols: list[Protocol] = []
    on_sheet: list[TreatmentOnSheet] = []
    used: list[BundledProtocol] = []
    for ts in sessions:
        bundled = current_protocol(ts.treatment, language)
        used.append(bundled)
        store_version(session, bundled)
        practitioner = session.get(StaffMember, ts.practitioner_id)
        protocols.append(bundled.protocol)
        on_sheet.append(TreatmentOnSheet(
            treatment_session_id=ts.id,  # type: ignore[arg-type]
            protocol_id=bundled.protocol.id,
            protocol_version=bundled.protocol.version,
            approved=is_approved(session, bundled),
            treatment_date=local_date(ts.performed_at, zone),  # type: ignore[arg-type]
            treatment_time=ts.performed_at.astimezone(zone).time().replace(second=0, microsecond=0),  # type: ignore[union-attr]
            practitioner_name=practitioner.full_name if practitioner else "",
            areas=ts.areas,
        ))
    for adj in adjustments:
        if adj.kind == "note" and len(adj.text) > MAX_NOTE_CHARS:
            raise ValidationError.single(
                "adjustments", _("The personal note is {length} characters long; keep it under {most} (about four pages).").format(
                    length=number(len(adj.text)), most=number(MAX_NOTE_CHARS))
            )
    if any(adj.kind == "extend" for adj in adjustments) and not profile.receptionists_may_lengthen_waits:
        require(session, actor, Permission.lengthen_waits)
    if not re.sub(r"\D", "", profile.emergency_phone or ""):  # render_sheet refuses too, in English
        raise ClinicError(_("The clinic has no emergency number, and every aftercare sheet must give one. "
                            "Add it in Clinic profile → Emergency phone."))
    adjustments = [a.model_copy(update={"by": a.by or actor.full_name}) for a in adjustments]
    try:
        validate_adjustments(protocols, adjustments)
    except (ValueError, SheetError) as exc:
        raise ValidationError.single("adjustments", str(exc)) from exc
    logo_sha = _store_logo(session, profile.logo_png)
    inputs = SheetInputs(
        clinic=ClinicOnSheet(
            name=printed_clinic_name(profile, language), address=profile.address, phone=profile.phone,
            emergency_phone=profile.emergency_phone, emergency_hours=profile.emergency_hours,
            country=profile.country, emergency_services=profile.emergency_services, email=profile.email,
            website=profile.website, brand_colour=profile.brand_colour, paper_size=profile.paper_size.value,
            logo_sha256=logo_sha,
        ),
        patient=PatientOnSheet(display_name=patient.display_name, date_of_birth=patient.date_of_birth),
        language=language,
        large_print=patient.large_print if large_print is None else large_print,
        treatments=on_sheet,
        adjustments=adjustments,
        issued_on=today(session),
    )
    return _SheetParts(inputs=inputs, protocols=protocols, used=used, logo=profile.logo_png,
                       logo_sha256=logo_sha, treatment_session_ids=[ts.id for ts in sessions])  # type: ignore[misc]


def record_issuance(
    session: Session,
    *,
    actor: StaffMember,
    prepared: PreparedSheet,
    action: IssuanceAction = IssuanceAction.printed,
    reprint_of: AftercareIssuance | None = None,
) -> AftercareIssuance:
    """Record that a prepared sheet was printed, saved or reprinted (one transaction with its audit entry)."""
    require(session, actor, Permission.print_aftercare)
    inputs = prepared.inputs
    issuance = AftercareIssuance(
        treatment_session_id=prepared.treatment_session_ids[0],
        issued_by_id=actor.id,  # type: ignore[arg-type]
        issued_at=utcnow(),
        action=action,
        protocol_id=",".join(t.protocol_id for t in inputs.treatments),
        protocol_version=",".join(t.protocol_version for t in inputs.treatments),
        language=inputs.language,
        large_print=inputs.large_print,
        adjustments=[a.model_dump(mode="json") for a in inputs.adjustments],
        sheet_inputs=inputs.model_dump(mode="json"),
        pdf_sha256=prepared.sha256,
        reprint_of_id=reprint_of.id if reprint_of else None,
    )
    session.add(issuance)
    session.flush()
    for ts_id in prepared.treatment_session_ids:
        session.add(IssuanceTreatmentSession(issuance_id=issuance.id, treatment_session_id=ts_id))  # type: ignore[arg-type]
    audit.record(
        session, actor=actor, action=f"aftercare.{action.value}", entity="aftercare_issuance",
        entity_id=issuance.id,
        details={"treatment_sessions": prepared.treatment_session_ids, "sha256": prepared.sha256,
                 "language": inputs.language, "reprint_of": issuance.reprint_of_id},
    )
    session.commit()
    session.refresh(issuance)
    return issuance


def write_pdf(pdf: bytes, path: Path) -> Path:
    """Write PDF bytes to ``path`` atomically (temp file + rename).

    Raises ValidationError on ``path`` with a plain message when the folder does not exist or is not writable.
    """
    path = Path(path)
    if not path.parent.exists():
        raise ValidationError.single("path", _("The folder {parent} does not exist.").format(parent=path.parent))
    try:
        write_private(path, pdf)  # owner-only (0600), whole or not at all
    except OSError as exc:
        raise ValidationError.single("path", os_error_message(exc, path)) from exc
    return path


def save_sheet(
    session: Session,
    *,
    actor: StaffMember,
    treatment_session_id: int,
    path: Path,
    language: str | None = None,
    large_print: bool | None = None,
    adjustments: Sequence[Adjustment] = (),
) -> tuple[AftercareIssuance, Path]:
    """Render, write to ``path`` and record a ``saved`` issuance. Nothing is recorded if writing fails."""
    prepared = prepare_sheet(session, actor=actor, treatment_session_id=treatment_session_id, language=language,
                             large_print=large_print, adjustments=adjustments)
    try:
        write_pdf(prepared.pdf, path)
    except ValidationError:
        session.rollback()
        raise
    return record_issuance(session, actor=actor, prepared=prepared, action=IssuanceAction.saved), Path(path)


@dataclass(frozen=True)
class Reprint:
    """A reprint: the bytes, whether they are identical to the original, and the new issuance record."""

    pdf: bytes
    identical: bool
    original: AftercareIssuance
    issuance: AftercareIssuance


def reprint(session: Session, *, actor: StaffMember, issuance_id: int) -> Reprint:
    """Re-render an earlier issuance from its stored inputs, protocol versions and logo; record the reprint.

    ``identical`` is True when the SHA-256 of the new bytes equals the original's (the normal case, also after
    the protocol file has moved on to a newer version). Raises NotFound for an unknown issuance.
    """
    require(session, actor, Permission.print_aftercare)
    from clinic_desktop.aftercare.render import SheetError, render_sheet  # reportlab: imported lazily

    original = session.get(AftercareIssuance, check_id(issuance_id, "aftercare issuance"))
    if original is None:
        raise NotFound(_("There is no aftercare issuance number {issuance_id}.").format(issuance_id=issuance_id))
    inputs = SheetInputs.model_validate(original.sheet_inputs)
    protocols = [stored_protocol(session, t.protocol_id, t.protocol_version, inputs.language) for t in inputs.treatments]
    logo = None
    if inputs.clinic.logo_sha256:
        asset = session.get(StoredAsset, inputs.clinic.logo_sha256)
        logo = asset.content if asset else None
    try:
        pdf = render_sheet(inputs, protocols, logo)
    except SheetError as exc:
        raise ClinicError(str(exc)) from exc
    digest = hashlib.sha256(pdf).hexdigest()
    if digest != original.pdf_sha256:
        log.warning("reprint of issuance %s differs: %s != %s", issuance_id, digest, original.pdf_sha256)
    links = session.exec(select(IssuanceTreatmentSession).where(IssuanceTreatmentSession.issuance_id == original.id))
    prepared = PreparedSheet(inputs=inputs, pdf=pdf, sha256=digest,
                             treatment_session_ids=[link.treatment_session_id for link in links] or
                             [original.treatment_session_id], logo_sha256=inputs.clinic.logo_sha256,
                             protocols=protocols)
    issuance = record_issuance(session, actor=actor, prepared=prepared, action=IssuanceAction.reprinted,
                               reprint_of=original)
    return Reprint(pdf=pdf, identical=digest == original.pdf_sha256, original=original, issuance=issuance)


def issuances_for_patient(session: Session, patient_id: int) -> list[AftercareIssuance]:
    """Every aftercare issuance covering one of the patient's treatment sessions, newest first."""
    stmt = (
        select(AftercareIssuance)
        .join(TreatmentSession, col(TreatmentSession.id) == AftercareIssuance.treatment_session_id)
        .where(TreatmentSession.patient_id == patient_id)
        .order_by(col(AftercareIssuance.issued_at).desc(), col(AftercareIssuance.id).desc())
    )
    return list(session.exec(stmt))


#: From this many sheets on, a batch renders in worker processes (starting them costs about half a second).
POOL_MIN_SHEETS = 8
#: Worker processes for a batch: the machine's cores, at most this many (the main process records).
MAX_RENDER_WORKERS = 2


def _free_cores() -> int:
    """Worker processes worth starting: the cores (at most :data:`MAX_RENDER_WORKERS`), or 0 when the
    machine's load average already fills them (workers would only queue behind other work; where there
    is no load average, e.g. Windows, the cores)."""
    import os

    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    return 0 if busy >= cores else min(MAX_RENDER_WORKERS, cores)


def _render_pool(workers: int):  # noqa: ANN202 - concurrent.futures.ProcessPoolExecutor, or None
    """A pool of ``workers`` fresh processes ("spawn": never a fork of a process running Qt's threads), or
    None when this system cannot start one (then the batch renders in this process)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError, NotImplementedError):  # no semaphores, no process start on this system
        log.warning("no worker processes for the batch; rendering in this process", exc_info=True)
        return None


def save_unprinted(
    session: Session, *, actor: StaffMember, day: date | None, folder: Path, workers: int | None = None
) -> Iterator[tuple[int, int, str]]:
    """Save a sheet for every visit of ``day`` that has none yet, into ``folder``; yields (done, total, name).

    A generator, so a background worker can report progress and stop between sheets: each sheet's file is
    written and its issuance committed together (the file is removed again if the commit fails), so stopping
    never leaves a file without its issuance or an issuance without its file.

    From :data:`POOL_MIN_SHEETS` sheets on, the PDFs are rendered in ``workers`` worker processes (default:
    the free cores, at most :data:`MAX_RENDER_WORKERS`; none on a machine whose load fills them) while
    this process reads the next sheets' inputs and
    records the finished ones, in the order of the day; ``workers=0`` renders here. The bytes are the same
    either way (the sheet is deterministic). Raises ValidationError when ``folder`` does not exist, and what
    :func:`prepare_sheet` raises for a sheet (the sheets before it stay saved and recorded).
    """
    require(session, actor, Permission.print_aftercare)
    if not folder.is_dir():
        raise ValidationError.single("folder", _("The folder {folder} does not exist.").format(folder=folder))
    rows = [r for r in sessions_on(session, actor=actor, day=day) if not r.printed]
    covered: set[int] = set()
    todo = []
    for row in rows:
        if row.treatment_session_id in covered:
            continue
        visit = visit_sessions(session, session.get(TreatmentSession, row.treatment_session_id))  # type: ignore[arg-type]
        covered.update(ts.id for ts in visit)  # type: ignore[misc]
        todo.append(row)
    total = len(todo)
    yield 0, total, ""
    if workers is None:
        workers = _free_cores()
    pool = _render_pool(workers) if workers > 0 and total >= POOL_MIN_SHEETS else None
    try:
        pending = []  # (row, parts, future or None), in the order of the day
        for row in todo:
            parts = _sheet_parts(session, actor=actor, treatment_session_id=row.treatment_session_id)
            future = _submit(pool, parts) if pool else None
            pending.append((row, parts, future))
        for done, (row, parts, future) in enumerate(pending, start=1):
            pdf = _rendered(future, parts)
            _save_and_record(session, actor=actor, prepared=_prepared(parts, pdf), folder=folder)
            yield done, total, row.patient_name
    finally:  # also on Cancel (GeneratorExit at a yield): renders not started are dropped
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _submit(pool, parts: _SheetParts):  # noqa: ANN001, ANN202 - a ProcessPoolExecutor; its Future
    """Render ``parts`` in a worker: ``aftercare.render.render_sheet`` itself, so a worker process imports
    the renderer only (reportlab), not the database stack."""
    from clinic_desktop.aftercare.render import render_sheet

    return pool.submit(render_sheet, parts.inputs, list(parts.protocols), parts.logo)


def _rendered(future, parts: _SheetParts) -> bytes:  # noqa: ANN001 - a concurrent.futures.Future or None
    """The PDF of ``parts``: the worker's result, or rendered here (no pool, or a worker process died).
    Raises ClinicError for a sheet that cannot be rendered (a SheetError, in this process or a worker)."""
    if future is not None:
        from concurrent.futures.process import BrokenProcessPool

        from clinic_desktop.aftercare.render import SheetError

        try:
            return future.result()
        except SheetError as exc:
            raise ClinicError(str(exc)) from exc
        except BrokenProcessPool:
            log.warning("a render worker stopped; rendering the rest in this process")
    return render_parts(parts.inputs, parts.protocols, parts.logo)


def _save_and_record(session: Session, *, actor: StaffMember, prepared: PreparedSheet, folder: Path) -> None:
    """Write the sheet into ``folder`` and record its ``saved`` issuance: both or neither."""
    path = write_pdf(prepared.pdf, folder / prepared.suggested_filename)
    try:
        record_issuance(session, actor=actor, prepared=prepared, action=IssuanceAction.saved)
    except BaseException:
        session.rollback()
        path.unlink(missing_ok=True)
        raise
