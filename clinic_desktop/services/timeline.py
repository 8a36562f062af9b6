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
from clinic_desktop.services.messages import short_date
from clinic_desktop.services.patients import get_patient
from clinic_desktop.services.permissions import Permission, allowed_now, require


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
        by = f" ({item['by']})" if item.get("by") else ""
        if item.get("kind") == "extend":
            parts.append(f"{item.get('restriction_key', '?')} wait {item.get('hours', '?')} h{by}")
        elif item.get("kind") == "note":
            text = " ".join(str(item.get("text", "")).split())
            parts.append(f"note “{text[:80]}{'…' if len(text) > 80 else ''}”{by}")
    return "; ".join(parts)


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
        products = "; ".join(f"{u.product_name} (batch {u.batch_number})" for u in uses)
        local = ts.performed_at.astimezone(zone)  # type: ignore[union-attr]
        title = f"{names.get(ts.treatment, ts.treatment)} at {local:%H:%M}"
        detail = (f"{staff.get(ts.practitioner_id, '?')}; {ts.areas or 'areas not noted'}"
                  + (f"; {products}" if products else ""))
        if ts.entered_in_error:
            title = f"[entered in error] {title}"
            detail += f"; entered in error: {ts.error_reason}"
        elif ts.archived:
            detail += " (archived)"
        events.append(TimelineEvent(local.date(), "treatment", ts.id, title, detail))  # type: ignore[arg-type]
    for iss in issuances_for_patient(session, patient_id):
        local = iss.issued_at.astimezone(zone)  # type: ignore[union-attr]
        action = {"printed": "Aftercare sheet printed", "saved": "Aftercare sheet saved",
                  "reprinted": "Aftercare sheet reprinted"}.get(iss.action.value, iss.action.value)
        detail = (f"{staff.get(iss.issued_by_id, '?')}; {iss.protocol_id} v{iss.protocol_version}, {iss.language}"
                  + (", large print" if iss.large_print else ""))
        adjusted = describe_adjustments(iss.adjustments)
        later = issuance_corrections(session, iss)
        stale = ""
        if later:
            first = later[-1]
            stale = (f"; issued before a correction on {short_date(first.changed_at.astimezone(zone))}"
                     f" ({'; '.join(c.summary for c in reversed(later))}) — print a corrected sheet")
        events.append(TimelineEvent(local.date(), "issuance", iss.id,  # type: ignore[arg-type]
                                    f"{action} at {local:%H:%M}",
                                    detail + (f"; adjusted for this patient: {adjusted}" if adjusted else "")
                                    + stale, flagged=bool(later), predates_correction=bool(later)))
    for fu in follow_ups_for_patient(session, patient_id):
        status = FollowUpStatus(fu.status)
        open_ = status in (FollowUpStatus.pending, FollowUpStatus.not_reached)
        label = STATUS_LABELS[status]
        if status == FollowUpStatus.not_reached:
            label = f"Not reached ×{fu.attempts}, next try"
        elif status == FollowUpStatus.pending and fu.due_date < on:
            label = "Overdue"
        events.append(TimelineEvent(fu.due_date, "follow_up", fu.id,  # type: ignore[arg-type]
                                    f"{FU_KINDS[FollowUpKind(fu.kind)]}: {label}",
                                    (f"done by {staff.get(fu.done_by_id, '?')}" if fu.done_by_id else "")
                                    + (f" — {fu.notes.splitlines()[-1]}" if fu.notes and clinical else ""),
                                    flagged=open_ and fu.due_date < on))
    for c in _complications_of_patient(session, patient_id):
        if not clinical:  # a receptionist sees that there is one (to route the call), not what it is
            if c.entered_in_error:
                continue
            events.append(TimelineEvent(c.onset_date, "complication", c.id,  # type: ignore[arg-type]
                                        "Complication recorded",
                                        "Details are for clinical staff: pass the call to a practitioner.",
                                        flagged=True))
            continue
        title = KIND_LABELS[c.kind] + (f": {c.kind_other}" if c.kind_other else "")
        if c.entered_in_error:
            title = f"[entered in error] {title}"
        detail = f"grade {c.severity_grade}; {OUTCOME_LABELS[c.outcome].lower()}"
        if c.site:
            detail = f"{c.site}; {detail}"
        if c.serious:
            detail += "; SERIOUS"
        if c.version > 1:
            detail += f"; amended (v{c.version})"
        events.append(TimelineEvent(c.onset_date, "complication", c.id, title, detail,  # type: ignore[arg-type]
                                    flagged=not c.entered_in_error and (c.serious or c.outcome.value in
                                                                        ("not_resolved", "resolving"))))
    for fix in patient_corrections(session, patient_id):
        if all(c.field in ("patient_id", "archived") for c in fix.changes):
            continue  # a merge's moves: one line for the merge below says it
        at = fix.changed_at.astimezone(zone)
        detail = f"{fix.changed_by}: {fix.summary}" + (f" — reason: {fix.reason}" if fix.reason else "")
        events.append(TimelineEvent(at.date(), "correction", fix.first_revision_id,
                                    f"{correction_title(fix)} at {at:%H:%M}", detail))
    from clinic_desktop.services.corrections import merges_of

    for m in merges_of(session, patient_id):
        at = m.merged_at.astimezone(zone)
        title = (f"{m.other_name}'s record merged into this one" if m.kept else
                 f"Merged into {m.other_name}'s record (patient {m.other_id})")
        events.append(TimelineEvent(at.date(), "correction", -m.other_id,
                                    f"{title} at {at:%H:%M}", f"{m.merged_by} — reason: {m.reason}",
                                    flagged=not m.kept))
    order = {"correction": -1, "complication": 0, "follow_up": 1, "issuance": 2, "treatment": 3}
    events.sort(key=lambda e: (e.when, -order[e.kind], e.entity_id), reverse=True)
    return events


