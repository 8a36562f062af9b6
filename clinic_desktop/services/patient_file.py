"""The patient file for an insurer or regulator (issue #16): one PDF with everything the record holds.

:func:`build_patient_file` is a generator job (the ``ui/common/workers.py`` contract): it yields
``(done, total, message)`` and returns a :class:`PatientFileResult`. The PDF is written to a temporary
file beside the target and renamed onto it only when complete, so a cancelled or failed build leaves no
file. Contents: cover; summary of events in date order (treatment sessions with products and batches,
sheets handed, follow-ups, complications with their full amendment history, photos); each aftercare sheet
re-printed from its issuance record and attached as a PDF file, its SHA-256 checked against the record;
photos at print resolution; the audit excerpt for the patient; what was verified and what was not.

Variants
- identified (default): needs ``export_identified`` (manager, admin);
- ``deidentified``: initials, age and the local patient number instead of name and birth date; free-text
  notes left out; no photographs and no sheets attached (a sheet carries the patient's name); needs
  ``view_reports``;
- ``include_photos`` (identified only): photographs of the patient, faces included, are printed — a
  manager's explicit choice, recorded in the audit trail. Without it the photos are listed, not shown.
Every build is audited (``patient_file.export``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, or_, select

from clinic_desktop.models import (
    AftercareIssuance,
    AuditEntry,
    Complication,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Patient,
    Photo,
    PhotoImage,
    PhotoKind,
    ProductUse,
    StaffMember,
    StoredAsset,
    TreatmentSession,
    utcnow,
)
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import clinic_zone, get_clinic_profile, shown_clinic_name, today
from clinic_desktop.services.errors import ClinicError, NotFound, ValidationError
from clinic_desktop.services.messages import N_, _, language_name, ngettext, number, short_date, short_datetime, short_time
from clinic_desktop.services.permissions import Permission, require

log = logging.getLogger(__name__)

Progress = Generator[tuple[int, int, str], None, "PatientFileResult"]


@dataclass(frozen=True)
class PatientFileResult:
    """What was written: the path, its page count, sheets attached / matching, photos printed, seconds."""

    path: Path
    pages: int
    sheets_attached: int
    sheets_matching: int
    sheets_total: int
    photos_printed: int
    audit_chain_ok: bool
    seconds: float


def initials(patient: Patient) -> str:
    """``Z. O.`` for Zoë O'Brien; ``S.`` for the single name Suharti."""
    parts = [w for w in f"{patient.given_names} {patient.family_name}".split() if w]
    return " ".join(f"{w[0].upper()}." for w in parts[:3]) or "?"


def age_on(born: date, on: date) -> int:
    """Age in whole years on ``on``."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def local_number(patient: Patient) -> str:
    """The clinic's local patient number, e.g. ``P-000042``."""
    return f"P-{patient.id:06d}"


def _rerender(session: Session, issuance: AftercareIssuance) -> bytes | None:
    """Re-render an issuance from its stored inputs, protocol versions and logo (nothing is recorded)."""
    from clinic_desktop.aftercare.render import render_sheet
    from clinic_desktop.aftercare.sheet_inputs import SheetInputs
    from clinic_desktop.services.protocols import stored_protocol

    try:
        inputs = SheetInputs.model_validate(issuance.sheet_inputs)
        protocols = [
            stored_protocol(session, t.protocol_id, t.protocol_version, inputs.language)
            for t in inputs.treatments
        ]
        logo = None
        if inputs.clinic.logo_sha256:
            asset = session.get(StoredAsset, inputs.clinic.logo_sha256)
            logo = asset.content if asset else None
        return render_sheet(inputs, protocols, logo)
    except Exception:  # a sheet that no longer renders is reported on the verification page
        log.exception("issuance %s could not be re-rendered for the patient file", issuance.id)
        return None


_RECORD_WORDS = {
    "patient": N_("patient"),
    "treatment_session": N_("treatment session"),
    "aftercare_issuance": N_("issuance"),
    "follow_up": N_("follow-up"),
    "complication": N_("complication"),
    "photo": N_("photo"),
    "product_use": N_("product use"),
}
#: How the summary names a sheet handed (action of the issuance: printed, saved, reprinted).
SHEET_ACTIONS = {
    "printed": N_("Sheet printed at {time} (issuance {id})"),
    "saved": N_("Sheet saved at {time} (issuance {id})"),
    "reprinted": N_("Sheet reprinted at {time} (issuance {id})"),
}
ISSUANCE_ACTIONS = {"printed": N_("printed"), "saved": N_("saved"), "reprinted": N_("reprinted")}
ROLE_WORDS = {"admin": N_("admin"), "manager": N_("manager"), "practitioner": N_("practitioner"),
              "receptionist": N_("receptionist")}
#: The kinds of event of the summary (English keys, translated where the PDF shows them).
EVENT_KINDS = (N_("Treatment session"), N_("Aftercare sheet"), N_("Photo"), N_("Follow-up"), N_("Complication"))


def _sheet_names(protocol_ids: str, names: dict[str, str]) -> str:
    """The treatments of a sheet ("facial-mesotherapy,hair-mesotherapy") by name in the current language."""
    return ", ".join(names.get(pid, pid) for pid in protocol_ids.split(",") if pid)


_HASH = re.compile(r"\b[0-9a-f]{64}\b")


def _short_details(details: dict[str, Any], deidentified: bool) -> str:
    """An audit entry's details for the excerpt. De-identified, only what changed is named, never a value
    (an amendment of the patient's name, birth date or phone, a typed note or reason could identify them)."""
    if deidentified:
        named = []
        for key, value in sorted(details.items()):
            if isinstance(value, dict):
                named.append(f"{key}: {', '.join(sorted(map(str, value)))}")
            elif isinstance(value, bool | int | float) or value is None:
                named.append(f"{key}: {value}")
            else:
                named.append(key)
        return "; ".join(named)
    text = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
    text = _HASH.sub(lambda m: m.group(0)[:12] + "…", text)  # full hashes are in sections 3 and 4
    return text if len(text) <= 300 else text[:297] + "…"


def build_patient_file(
    session: Session,
    *,
    actor: StaffMember,
    patient_id: int,
    out_path: Path,
    complication_id: int | None = None,
    deidentified: bool = False,
    include_photos: bool = False,
    cancel: Any = None,
) -> Progress:
    """Build the patient file PDF at ``out_path`` (see the module docstring); a generator job.

    Raises PermissionDenied (audited) for a role that may not, NotFound for an unknown patient or a
    complication of another patient, ValidationError ("include_photos") when photos are asked for in the
    de-identified variant, ("out_path") when the folder does not exist. ``cancel`` (a flag, truthy when set)
    is checked between steps.
    """
    import time

    from clinic_desktop.reporting.patient_file_pdf import (
        AuditLine,
        PatientFileContent,
        PhotoEntry,
        SheetEntry,
        SummaryEvent,
        attach_files,
        render_patient_file,
    )
    from clinic_desktop.services.audit import verify_chain
    from clinic_desktop.services.complications import KIND_LABELS, OUTCOME_LABELS, complication_history
    from clinic_desktop.services.followups import KIND_LABELS as FU_KINDS
    from clinic_desktop.services.followups import STATUS_LABELS, treatment_names
    from clinic_desktop.services.photos import KIND_LABELS as PHOTO_KINDS
    from clinic_desktop.services.photos import verify_photos

    started = time.perf_counter()
    require(session, actor, Permission.view_reports if deidentified else Permission.export_identified)
    if include_photos and deidentified:
        raise ValidationError.single("include_photos", _("Photographs are never part of a de-identified file."))
    out_path = Path(out_path)
    if not out_path.parent.is_dir():
        raise ValidationError.single("out_path", _("The folder {folder} does not exist.").format(folder=out_path.parent))
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(_("There is no patient number {id}.").format(id=patient_id))
    focus = session.get(Complication, complication_id) if complication_id else None
    if complication_id and (focus is None or focus.patient_id != patient_id):
        raise NotFound(_("Patient {patient} has no complication number {id}.").format(patient=patient_id, id=complication_id))

    zone = clinic_zone(session)
    profile = get_clinic_profile(session)
    staff = {s.id: s.full_name for s in session.exec(select(StaffMember))}
    names = treatment_names()
    on = today(session)
    now = utcnow()

    def when(moment: datetime | None) -> str:
        return f"{short_datetime(moment.astimezone(zone))}" if moment else "—"

    sessions = list(
        session.exec(
            select(TreatmentSession)
            .where(TreatmentSession.patient_id == patient_id)
            .order_by(col(TreatmentSession.performed_at))
        )
    )
    ts_ids = [ts.id for ts in sessions]
    uses: dict[int, list[ProductUse]] = {}
    if ts_ids:
        for use in session.exec(
            select(ProductUse)
            .where(col(ProductUse.treatment_session_id).in_(ts_ids))
            .order_by(col(ProductUse.id))
        ):
            uses.setdefault(use.treatment_session_id, []).append(use)
    issuances = list(
        session.exec(
            select(AftercareIssuance)
            .where(col(AftercareIssuance.treatment_session_id).in_(ts_ids or [-1]))
            .order_by(col(AftercareIssuance.issued_at), col(AftercareIssuance.id))
        )
    )
    follow_ups = list(
        session.exec(
            select(FollowUp)
            .where(col(FollowUp.treatment_session_id).in_(ts_ids or [-1]))
            .order_by(col(FollowUp.due_date), col(FollowUp.id))
        )
    )
    complications = list(
        session.exec(
            select(Complication)
            .where(Complication.patient_id == patient_id)
            .order_by(col(Complication.onset_date), col(Complication.id))
        )
    )
    photos = list(
        session.exec(
            select(Photo).where(Photo.patient_id == patient_id).order_by(col(Photo.taken_on), col(Photo.id))
        )
    )
    shown_photos = [p for p in photos if not p.entered_in_error and not p.image_deleted]
    sheets_to_render = [] if deidentified else issuances
    total = 4 + len(sheets_to_render) + (len(shown_photos) if include_photos else 0)
    done = 0
    yield done, total, _("Reading the record")

    # ---------------------------------------------------------------- summary of events
    events: list[SummaryEvent] = []
    for ts in sessions:
        local = ts.performed_at.astimezone(zone)  # type: ignore[union-attr]
        products = tuple(
            _("{product}, batch {batch}").format(product=u.product_name, batch=u.batch_number)
            + (_(", exp. {date}").format(date=short_date(u.expiry_date)) if u.expiry_date else "")
            + (f", {number(u.quantity)} {u.unit}" if u.quantity is not None else "")
            for u in uses.get(ts.id, [])
        )  # type: ignore[arg-type]
        details = _("by {who}; areas: {areas}").format(who=staff.get(ts.practitioner_id, "?"),
                                                        areas=ts.areas or _("not noted"))
        if ts.notes and not deidentified:
            details += _("; notes: {notes}").format(notes=ts.notes)
        events.append(
            SummaryEvent(
                local.date(),
                "Treatment session",
                (_("{treatment} at {time} (no. {id}) — archived") if ts.archived else
                 _("{treatment} at {time} (no. {id})")).format(
                    treatment=names.get(ts.treatment, ts.treatment), time=short_time(local), id=ts.id),
                details,
                products,
            )
        )
    for iss in issuances:
        local = iss.issued_at.astimezone(zone)  # type: ignore[union-attr]
        events.append(
            SummaryEvent(
                local.date(),
                "Aftercare sheet",
                _(SHEET_ACTIONS.get(iss.action.value, "Sheet {action} at {time} (issuance {id})")).format(
                    action=iss.action.value, time=short_time(local), id=iss.id),
                _("by {who}; {protocol} v{version}, {language}; SHA-256 {digest}…").format(
                    who=staff.get(iss.issued_by_id, "?"), protocol=_sheet_names(iss.protocol_id, names),
                    version=iss.protocol_version,
                    language=language_name(iss.language), digest=iss.pdf_sha256[:16]),
            )
        )
    for fu in follow_ups:
        status = FollowUpStatus(fu.status)
        day = fu.done_at.astimezone(zone).date() if fu.done_at else fu.due_date
        details = (_("due {date}; done by {who} {when}") if fu.done_at else _("due {date}")).format(
            date=short_date(fu.due_date), who=staff.get(fu.done_by_id, "?"), when=when(fu.done_at))
        if fu.notes and not deidentified:
            details += _("; notes: {notes}").format(notes=fu.notes)
        events.append(
            SummaryEvent(
                day, "Follow-up", _("{kind}: {status}").format(kind=_(FU_KINDS[FollowUpKind(fu.kind)]),
                                                            status=_(STATUS_LABELS[status])), details
            )
        )
    complication_sections: list[tuple[str, list[str]]] = []
    for c in complications:
        title = (_("{kind}: {description}") if c.kind_other else "{kind}").format(
            kind=_(KIND_LABELS[c.kind]), description=c.kind_other)
        history = complication_history(session, c.id, actor=actor)  # type: ignore[arg-type]
        amendments = tuple(
            _("v{version} {when} by {who}: {what}").format(
                version=h.version, when=when(h.at), who=h.by,
                what=_("first recorded") if h.created else (
                    (_("{changes} (reason: {reason})") if h.reason else "{changes}").format(
                        changes=_("; ").join(f"{x.label} {x.old} → {x.new}" for x in h.changes), reason=h.reason)))
            for h in history
        )
        state = (
            _("{site}; grade {grade}; {outcome}").format(
                site=c.site or _("site not noted"), grade=c.severity_grade, outcome=_(OUTCOME_LABELS[c.outcome]).lower())
            + (_(", resolved {date}").format(date=short_date(c.resolution_date)) if c.resolution_date else "")
            + (_("; SERIOUS") if c.serious else "")
            + (
                _("; reported to regulator {date} ref. {reference}").format(
                    date=short_date(c.reported_regulator_on), reference=c.reported_regulator_ref)
                if c.reported_regulator_on
                else ""
            )
        )
        if c.entered_in_error:
            title = _("[entered in error] {title}").format(title=title)
        prefix = ""
        events.append(
            SummaryEvent(
                c.onset_date,
                "Complication",
                _("{title} (no. {id})").format(title=title, id=c.id),
                state,
                amendments,
                flagged=not c.entered_in_error,
            )
        )
        lines = [
            _("Treatment session {id}; onset {date}; {state}").format(
                id=c.treatment_session_id, date=short_date(c.onset_date), state=state),
            _("Action taken: {action}").format(action=c.action_taken or "—"),
        ]
        if c.entered_in_error:
            lines.append(_("Entered in error: {reason}").format(reason=c.error_reason))
        if c.notes and not deidentified:
            lines.append(_("Notes: {notes}").format(notes=c.notes))
        lines.append(_("History:"))
        lines += [f"  {a}" for a in amendments]
        complication_sections.append((_("Complication {id}: {title}").format(id=c.id, title=prefix + title), lines))
    for p in photos:
        status = (
            _(" — image deleted (consent withdrawn)")
            if p.image_deleted
            else _(" — entered in error")
            if p.entered_in_error
            else ""
        )
        events.append(
            SummaryEvent(
                p.taken_on,
                "Photo",
                _("{kind} photo (no. {id}){status}").format(kind=_(PHOTO_KINDS[PhotoKind(p.kind)]), id=p.id,
                                                            status=status),
                "; ".join(x for x in (p.area, "" if deidentified else p.caption) if x),
            )
        )
    order = {"Treatment session": 0, "Aftercare sheet": 1, "Photo": 2, "Follow-up": 3, "Complication": 4}
    events.sort(key=lambda e: (e.when, order.get(e.kind, 9)))
    done += 1
    yield done, total, _("Summary of events")

    # ---------------------------------------------------------------- sheets
    sheet_entries: list[SheetEntry] = []
    attachments: list[tuple[str, bytes]] = []
    for iss in sheets_to_render:
        if cancel:
            return None  # type: ignore[return-value]  (the worker reports the cancellation)
        pdf = _rerender(session, iss)
        digest = hashlib.sha256(pdf).hexdigest() if pdf is not None else None
        name = f"aftercare-sheet-issuance-{iss.id}.pdf" if pdf is not None else ""
        if pdf is not None:
            attachments.append((name, pdf))
        sheet_entries.append(
            SheetEntry(
                iss.id,
                when(iss.issued_at),
                staff.get(iss.issued_by_id, "?"),  # type: ignore[arg-type]
                _(ISSUANCE_ACTIONS.get(iss.action.value, iss.action.value)),
                f"{_sheet_names(iss.protocol_id, names)} v{iss.protocol_version} ({language_name(iss.language)})",
                iss.pdf_sha256,
                digest,
                name,
            )
        )
        done += 1
        yield done, total, _("Aftercare sheet {id}").format(id=iss.id)
    # ---------------------------------------------------------------- photos
    photo_entries: list[PhotoEntry] = []
    for p in shown_photos if include_photos else []:
        if cancel:
            return None  # type: ignore[return-value]  (the worker reports the cancellation)
        data = session.exec(select(PhotoImage.content).where(PhotoImage.photo_id == p.id)).first()
        photo_entries.append(
            PhotoEntry(
                p.id,
                f"{_(PHOTO_KINDS[PhotoKind(p.kind)])} · {p.area or _('area not noted')} · "  # type: ignore[arg-type]
                f"{short_date(p.taken_on)}",
                _("Photo {id}; taken {taken}; imported {imported} by {who}; {width}×{height} px; SHA-256 {digest}").format(
                    id=p.id, taken=when(p.taken_at) if p.taken_at else _("time unknown"), imported=when(p.imported_at),
                    who=staff.get(p.imported_by_id, "?"), width=p.width, height=p.height, digest=p.content_sha256)
                + (_("; caption: {caption}").format(caption=p.caption) if p.caption else ""),
                data,
            )
        )
        done += 1
        yield done, total, _("Photo {id}").format(id=p.id)

    # ---------------------------------------------------------------- audit excerpt and checks
    related: dict[str, list[int]] = {
        "patient": [patient_id],
        "treatment_session": ts_ids,  # type: ignore[dict-item]
        "aftercare_issuance": [i.id for i in issuances],
        "follow_up": [f.id for f in follow_ups],  # type: ignore[misc]
        "complication": [c.id for c in complications],
        "photo": [p.id for p in photos],  # type: ignore[misc]
        "product_use": [u.id for us in uses.values() for u in us],  # type: ignore[misc]
    }
    conds = [
        (AuditEntry.entity == entity) & col(AuditEntry.entity_id).in_(ids)
        for entity, ids in related.items()
        if ids
    ]
    entries = (
        list(session.exec(select(AuditEntry).where(or_(*conds)).order_by(col(AuditEntry.id))))
        if conds
        else []
    )
    audit_lines = [
        AuditLine(
            e.id,
            when(e.at),
            e.actor_name or "—",
            e.action,
            f"{_(_RECORD_WORDS[e.entity]) if e.entity in _RECORD_WORDS else e.entity} {e.entity_id}",  # type: ignore[arg-type]
            _short_details(e.details, deidentified),
        )
        for e in entries
    ]
    chain = verify_chain(session)
    photo_check = verify_photos(session, patient_id=patient_id)
    done += 1
    yield done, total, _("Audit trail checked")

    # ---------------------------------------------------------------- content
    days = [e.when for e in events]
    period = f"{short_date(min(days))} – {short_date(max(days))}" if days else _("no events recorded")
    role = getattr(actor.role, "value", actor.role)
    if deidentified:
        patient_lines = [
            (_("Patient"), _("{initials}  (local number {number})").format(initials=initials(patient),
                                                                         number=local_number(patient))),
            (_("Age"), _("{years} years on {date}").format(years=age_on(patient.date_of_birth, on), date=short_date(on))),
        ]
        if patient.sex:
            from clinic_desktop.services.patients import sex_label

            patient_lines.append((_("Sex"), sex_label(patient.sex)))
        variant = _("De-identified (initials, age and local number; no photographs; notes left out)")
    else:
        patient_lines = [
            (_("Patient"), patient.display_name),
            (_("Date of birth"), f"{short_date(patient.date_of_birth)}"),
            (_("Local number"), local_number(patient)),
        ]
        if patient.phone:
            patient_lines.append((_("Phone"), patient.phone))
        variant = _("Identified — photographs included (faces)") if include_photos else _("Identified")
    matching = sum(1 for s in sheet_entries if s.matches)
    verified = [
        (_("Audit trail: {message}.") if chain.ok else _("Audit trail: BROKEN — {message}.")).format(
            message=chain.message),
        (_("Photographs: {message} (SHA-256 of each stored image recomputed).") if photo_check.ok
         else _("Photographs: PROBLEM — {message}.")).format(message=photo_check.message),
    ]
    not_verified = [
        _("That the paper handed to the patient was the PDF shown here (printing is not observable)."),
        _("Events that were not entered in Clinic Desktop, and the accuracy of what staff typed."),
        _("Who or what a photograph shows, and when it was taken beyond the camera's own clock."),
    ]
    if deidentified:
        sheets_note = ngettext(
            "{n} aftercare sheet was issued. It is not attached to a de-identified file because it carries "
            "the patient's name; its SHA-256 is listed in the summary of events.",
            "{n} aftercare sheets were issued. They are not attached to a de-identified file because each "
            "carries the patient's name; their SHA-256 are listed in the summary of events.",
            len(issuances)).format(n=len(issuances))
        not_verified.append(_("The aftercare sheets were not re-printed for this de-identified file."))
        not_verified.append(_("Free-text notes are left out of this de-identified file and were not reviewed."))
    else:
        sheets_note = (
            _(
                "Each sheet was printed again now from the inputs stored with its issuance and attached "
                "to this PDF as a file (open your PDF reader's attachments panel). Identical bytes — the "
                "same SHA-256 — prove it is the sheet that was handed."
            )
            if issuances
            else ""
        )
        verified.append(
            (_("Aftercare sheets: {matching} of {total} re-printed byte-identical to the SHA-256 recorded when "
               "they were handed.") if matching == len(sheet_entries) else
             _("Aftercare sheets: {matching} of {total} re-printed byte-identical to the SHA-256 recorded when "
               "they were handed; the others are flagged in section 3.")).format(
                matching=matching, total=len(sheet_entries))
        )
    if include_photos:
        photos_note = ngettext(
            "{n} photograph, faces included, printed at up to 300 dpi at manager {name}'s explicit choice "
            "(recorded in the audit trail).",
            "{n} photographs, faces included, printed at up to 300 dpi at manager {name}'s explicit choice "
            "(recorded in the audit trail).", len(photo_entries)).format(n=len(photo_entries), name=actor.full_name)
    elif deidentified:
        photos_note = ngettext(
            "{n} photograph is on record; photographs are never part of a de-identified file.",
            "{n} photographs are on record; photographs are never part of a de-identified file.",
            len(shown_photos)).format(n=len(shown_photos))
    else:
        photos_note = ngettext(
            "{n} photograph is on record and listed in the summary of events; it is not printed in this "
            "file (a manager may include it).",
            "{n} photographs are on record and listed in the summary of events; they are not printed in "
            "this file (a manager may include them).", len(shown_photos)).format(n=len(shown_photos))
    hidden = [p for p in photos if p.entered_in_error or p.image_deleted]
    if hidden:
        not_verified.append(
            ngettext("{n} photograph entered in error or deleted when consent was withdrawn is listed but "
                     "not shown; a deleted image cannot be checked.",
                     "{n} photographs entered in error or deleted when consent was withdrawn are listed but "
                     "not shown; a deleted image cannot be checked.", len(hidden)).format(n=len(hidden))
        )
    content = PatientFileContent(
        title=_("Patient file for insurer / regulator"),
        variant=variant,
        clinic_lines=[shown_clinic_name(profile), profile.address, profile.phone, profile.email],
        patient_lines=patient_lines,
        period=period,
        produced_by=f"{actor.full_name} ({_(ROLE_WORDS.get(role, role))})",
        produced_at=f"{short_datetime(now.astimezone(zone))} ({zone.key})",
        concerning=(
            _("Complication {id}: {kind}, onset {date}").format(id=focus.id, kind=_(KIND_LABELS[focus.kind]),
                                                                date=short_date(focus.onset_date))
            if focus
            else ""
        ),
        events=events,
        complications=complication_sections,
        sheets=sheet_entries,
        sheets_note=sheets_note,
        photos=photo_entries,
        photos_note=photos_note,
        audit=audit_lines,
        verified=verified,
        not_verified=not_verified,
        paper=getattr(profile.paper_size, "value", str(profile.paper_size)),
    )
    if cancel:
        return None  # type: ignore[return-value]
    try:
        pdf = render_patient_file(content)
        pdf = attach_files(pdf, attachments)
    except Exception as exc:
        log.exception("patient file for patient %s failed to render", patient_id)
        raise ClinicError(_("The patient file could not be laid out; the details are in the log.")) from exc
    done += 1
    yield done, total, _("Pages laid out")
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(pdf)).pages)
    audit.record(
        session,
        actor=actor,
        action="patient_file.export",
        entity="patient",
        entity_id=patient_id,
        details={
            "deidentified": deidentified,
            "photos_included": include_photos,
            "photos_printed": len(photo_entries),
            "complication_id": complication_id,
            "sheets_attached": len(attachments),
            "sha256": hashlib.sha256(pdf).hexdigest(),
        },
    )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
        if cancel:
            session.rollback()
            return None  # type: ignore[return-value]
        os.replace(tmp_name, out_path)
        session.commit()  # the audit entry lands with the file
    except OSError as exc:
        session.rollback()
        raise ClinicError(
            _("The patient file could not be written to {path}: {reason}.").format(path=out_path, reason=exc.strerror or exc)
        ) from exc
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    done = total
    yield done, total, _("Saved")
    return PatientFileResult(
        out_path,
        pages,
        len(attachments),
        matching,
        len(sheet_entries),
        len(photo_entries),
        chain.ok,
        time.perf_counter() - started,
    )


def write_patient_file(session: Session, **kwargs: Any) -> PatientFileResult:
    """Run :func:`build_patient_file` to the end (for the CLI and tests); returns its result."""
    gen = build_patient_file(session, **kwargs)
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value
