"""A patient's clinical timeline: treatment sessions, aftercare issuances, follow-ups and complications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from clinic_desktop.models import (
    FollowUpKind,
    FollowUpStatus,
    ProductUse,
    StaffMember,
    TreatmentSession,
)
from clinic_desktop.services.checkout import issuances_for_patient
from clinic_desktop.services.clinic import clinic_zone
from clinic_desktop.services.complications import KIND_LABELS, OUTCOME_LABELS, _complications_of_patient
from clinic_desktop.services.corrections import correction_title, issuance_corrections, patient_corrections
from clinic_desktop.services.followups import KIND_LABELS as FU_KINDS
from clinic_desktop.services.followups import STATUS_LABELS, follow_ups_for_patient, treatment_names
from clinic_desktop.services.messages import _, language_name, short_date, short_time
from clinic_desktop.services.patients import get_patient
from clinic_desktop.services.permissions import Permission, allowed_now, require
from clinic_desktop.services.waits import wait_name


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the timeline. ``kind`` is "treatment", "issuance", "follow_up", "complication" or
    "correction"; ``entity_id`` is the id of that row (for a correction: its first RecordRevision id);
    ``when`` is a local date (the clinic's zone). ``predates_correction`` marks an issuance whose sheet
    shows something corrected since (the sheet is kept as handed; a corrected one can be printed)."""

    when: date
    kind: str
    entity_id: int
    title: str
    detail: str
    flagged: bool = False  # overdue follow-up, serious or open complication
    predates_correction: bool = False


def describe_adjustments(adjustments: list[dict[str, Any]]) -> str:
    """Plain words for an issuance's stored per-patient adjustments, e.g.
    ``makeup wait 72 h (Dr. Élise Tremblay); note “Ice 10 min”``; "" when there are none."""
    parts = []
    for item in adjustments or []:
        by = item.get("by")
        if item.get("kind") == "extend":
            text = (_("{restriction} wait {hours} h ({by})") if by else _("{restriction} wait {hours} h")).format(
                restriction=wait_name(item.get("restriction_key")), hours=item.get("hours", "?"), by=by)
            parts.append(text)
        elif item.get("kind") == "note":
            words = " ".join(str(item.get("text", "")).split())
            shown = words[:80] + ("…" if len(words) > 80 else "")
            parts.append((_("note “{text}” ({by})") if by else _("note “{text}”")).format(text=shown, by=by))
    return _("; ").join(parts)


def patient_timeline(session: Session, *, actor: StaffMember, patient_id: int, on: date | None = None) -> list[TimelineEvent]:
    """Every treatment session, issuance, follow-up and complication of the patient, newest first.

    Complications entered in error stay listed (marked). Needs ``view_patients``; raises NotFound.
    """
    from clinic_desktop.services.clinic import today

    require(session, actor, Permission.view_patients)
    clinical = allowed_now(session, actor, Permission.view_clinical)
    get_patient(session, patient_id)
    zone = clinic_zone(session)
    on = on or today(session)
    names = treatment_names()
    staff = {s.id: s.full_name for s in session.exec(select(StaffMember))}
    events: list[TimelineEvent] = []
    sessions = list(session.exec(select(TreatmentSession).where(TreatmentSession.patient_id == patient_id)))
    for ts in sessions:
        uses = session.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id).order_by(col(ProductUse.id)))
        sep = _("; ")
        products = sep.join(_("{product} (batch {batch})").format(product=u.product_name, batch=u.batch_number)
                            for u in uses)
        local = ts.performed_at.astimezone(zone)  # type: ignore[union-attr]
        title = _("{treatment} at {time}").format(treatment=names.get(ts.treatment, ts.treatment),
                                                  time=short_time(local))
        detail = sep.join(p for p in (staff.get(ts.practitioner_id, "?"), ts.areas or _("areas not noted"),
                                      products) if p)
        if ts.entered_in_error:
            title = _("[entered in error] {title}").format(title=title)
            detail += sep + _("entered in error: {reason}").format(reason=ts.error_reason)
        elif ts.archived:
            detail = _("{detail} (archived)").format(detail=detail)
        events.append(TimelineEvent(local.date(), "treatment", ts.id, title, detail))  # type: ignore[arg-type]
    for iss in issuances_for_patient(session, patient_id):
        local = iss.issued_at.astimezone(zone)  # type: ignore[union-attr]
        action = {"printed": _("Aftercare sheet printed at {time}"), "saved": _("Aftercare sheet saved at {time}"),
                  "reprinted": _("Aftercare sheet reprinted at {time}")}.get(iss.action.value, iss.action.value)
        sheet = ", ".join(treatment_names().get(pid, pid) for pid in iss.protocol_id.split(",") if pid)
        detail = (_("{who}; {protocol} v{version}, {language}, large print") if iss.large_print else
                  _("{who}; {protocol} v{version}, {language}")).format(
            who=staff.get(iss.issued_by_id, "?"), protocol=sheet, version=iss.protocol_version,
            language=language_name(iss.language))
        adjusted = describe_adjustments(iss.adjustments)
        if adjusted:
            detail = _("{detail}; adjusted for this patient: {adjustments}").format(detail=detail,
                                                                                 adjustments=adjusted)
        later = issuance_corrections(session, iss)
        if later:
            first = later[-1]
            detail = _("{detail}; issued before a correction on {date} ({changes}) — print a corrected sheet").format(
                detail=detail, date=short_date(first.changed_at.astimezone(zone)),
                changes=_("; ").join(c.summary for c in reversed(later)))
        events.append(TimelineEvent(local.date(), "issuance", iss.id,  # type: ignore[arg-type]
                                    action.format(time=short_time(local)), detail,
                                    flagged=bool(later), predates_correction=bool(later)))
    for fu in follow_ups_for_patient(session, patient_id):
        status = FollowUpStatus(fu.status)
        open_ = status in (FollowUpStatus.pending, FollowUpStatus.not_reached)
        label = _(STATUS_LABELS[status])
        if status == FollowUpStatus.not_reached:
            label = _("Not reached ×{n}, next try").format(n=fu.attempts)
        elif status == FollowUpStatus.pending and fu.due_date < on:
            label = _("Overdue")
        done = _("done by {who}").format(who=staff.get(fu.done_by_id, "?")) if fu.done_by_id else ""
        note = fu.notes.splitlines()[-1] if fu.notes and clinical else ""
        events.append(TimelineEvent(fu.due_date, "follow_up", fu.id,  # type: ignore[arg-type]
                                    _("{kind}: {status}").format(kind=_(FU_KINDS[FollowUpKind(fu.kind)]),
                                                                 status=label),
                                    " — ".join(p for p in (done, note) if p),
                                    flagged=open_ and fu.due_date < on))
    for c in _complications_of_patient(session, patient_id):
        if not clinical:  # a receptionist sees that there is one (to route the call), not what it is
            if c.entered_in_error:
                continue
            events.append(TimelineEvent(c.onset_date, "complication", c.id,  # type: ignore[arg-type]
                                        _("Complication recorded"),
                                        _("Details are for clinical staff: pass the call to a practitioner."),
                                        flagged=True))
            continue
        kind = _(KIND_LABELS[c.kind])
        title = _("{kind}: {other}").format(kind=kind, other=c.kind_other) if c.kind_other else kind
        if c.entered_in_error:
            title = _("[entered in error] {title}").format(title=title)
        parts = [c.site] if c.site else []
        parts += [_("grade {grade}").format(grade=c.severity_grade), _(OUTCOME_LABELS[c.outcome]).lower()]
        if c.serious:
            parts.append(_("SERIOUS"))
        if c.version > 1:
            parts.append(_("amended (v{version})").format(version=c.version))
        detail = _("; ").join(parts)
        events.append(TimelineEvent(c.onset_date, "complication", c.id, title, detail,  # type: ignore[arg-type]
                                    flagged=not c.entered_in_error and (c.serious or c.outcome.value in
                                                                        ("not_resolved", "resolving"))))
    for fix in patient_corrections(session, patient_id):
        if all(c.field in ("patient_id", "archived") for c in fix.changes):
            continue  # a merge's moves: one line for the merge below says it
        at = fix.changed_at.astimezone(zone)
        detail = (_("{who}: {summary} — reason: {reason}") if fix.reason else _("{who}: {summary}")).format(
            who=fix.changed_by, summary=fix.summary, reason=fix.reason)
        events.append(TimelineEvent(at.date(), "correction", fix.first_revision_id,
                                    _("{title} at {time}").format(title=correction_title(fix), time=short_time(at)),
                                    detail))
    from clinic_desktop.services.corrections import merges_of

    for m in merges_of(session, patient_id):
        at = m.merged_at.astimezone(zone)
        title = (_("{name}'s record merged into this one at {time}") if m.kept else
                 _("Merged into {name}'s record (patient {id}) at {time}")).format(
            name=m.other_name, id=m.other_id, time=short_time(at))
        events.append(TimelineEvent(at.date(), "correction", -m.other_id, title,
                                    _("{who} — reason: {reason}").format(who=m.merged_by, reason=m.reason),
                                    flagged=not m.kept))
    order = {"correction": -1, "complication": 0, "follow_up": 1, "issuance": 2, "treatment": 3}
    events.sort(key=lambda e: (e.when, -order[e.kind], e.entity_id), reverse=True)
    return events


