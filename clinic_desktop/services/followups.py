"""Follow-ups: the due list (overdue, due today, upcoming), "All well", "Not reached", and the detail view.

A follow-up is *open* while its status is ``pending`` or ``not_reached`` (tried, not reached, rescheduled
to its new ``due_date``); it is *done* once it is ``all_well`` or ``complication``; ``cancelled`` ones (an
open complication check whose complication resolved) are kept, never deleted. Due dates are calendar dates
in the clinic's time zone. Follow-ups of archived treatment sessions are not listed.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from clinic_desktop.models import (
    Complication,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Patient,
    ProductUse,
    StaffMember,
    TreatmentSession,
    utcnow,
)
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import clinic_zone, local_date, today
from clinic_desktop.services.concurrency import check_version, stale
from clinic_desktop.services.errors import NotFound, ValidationError
from clinic_desktop.services.limits import check_id, text_problem
from clinic_desktop.services.permissions import Permission, allowed_now, require
from clinic_desktop.services.text import clean
from clinic_desktop.services.messages import _

OPEN_STATUSES: frozenset[FollowUpStatus] = frozenset({FollowUpStatus.pending, FollowUpStatus.not_reached})
#: How far ahead "upcoming" reaches by default (days).
UPCOMING_DAYS = 14
#: The latest a "Not reached" follow-up may be rescheduled to, counted from today (days).
MAX_RESCHEDULE_DAYS = 90

KIND_LABELS: dict[FollowUpKind, str] = {
    FollowUpKind.phone_check: "Phone check",
    FollowUpKind.review: "Review",
    FollowUpKind.complication_check: "Complication check",
}
STATUS_LABELS: dict[FollowUpStatus, str] = {
    FollowUpStatus.pending: "Due",
    FollowUpStatus.all_well: "All well",
    FollowUpStatus.not_reached: "Not reached",
    FollowUpStatus.complication: "Complication",
    FollowUpStatus.cancelled: "Cancelled",
}


class Bucket(str, enum.Enum):
    """Where an open follow-up stands against today."""

    overdue = "overdue"
    today = "today"
    upcoming = "upcoming"


def treatment_names() -> dict[str, str]:
    """Protocol id -> treatment name (English), for lists; unknown ids show as themselves."""
    from clinic_desktop.services.protocols import treatments

    try:
        return dict(treatments())
    except Exception:  # a broken protocol folder must not hide the follow-up list  # noqa: BLE001
        return {}


@dataclass(frozen=True)
class DueFollowUp:
    """One line of the Follow-ups page."""

    follow_up_id: int
    bucket: Bucket
    due_date: date
    days_late: int  # > 0 when overdue, 0 today, < 0 upcoming
    kind: FollowUpKind
    status: FollowUpStatus
    attempts: int
    patient_id: int
    patient_name: str
    phone: str
    treatment_session_id: int
    treatment: str  # protocol id
    treatment_name: str
    treatment_date: date  # local date of the treatment session
    practitioner_id: int
    practitioner_name: str
    complication_id: int | None
    version: int = 1  # the follow-up's version when listed (send it back as expected_version)

    @property
    def kind_label(self) -> str:
        """e.g. "Phone check"."""
        return KIND_LABELS[self.kind]


def due_follow_ups(
    session: Session,
    *,
    actor: StaffMember,
    practitioner_id: int | None = None,
    upcoming_days: int = UPCOMING_DAYS,
    on: date | None = None,
    buckets: Sequence[Bucket] = (Bucket.overdue, Bucket.today, Bucket.upcoming),
) -> list[DueFollowUp]:
    """Open follow-ups: overdue (due before ``on``), due today, and upcoming (within ``upcoming_days`` days).

    ``on`` defaults to today in the clinic's time zone. ``practitioner_id`` keeps those of one treating
    practitioner. Ordered overdue first (oldest first), then today, then upcoming, each by due date and
    patient name. Needs ``view_patients``; raises PermissionDenied.
    """
    require(session, actor, Permission.view_patients)
    on = on or today(session)
    zone = clinic_zone(session)
    stmt = (
        select(FollowUp, TreatmentSession, Patient, StaffMember)
        .join(TreatmentSession, col(TreatmentSession.id) == FollowUp.treatment_session_id)
        .join(Patient, col(Patient.id) == TreatmentSession.patient_id)
        .join(StaffMember, col(StaffMember.id) == TreatmentSession.practitioner_id)
        .where(col(FollowUp.status).in_([s.value for s in OPEN_STATUSES]))
        .where(col(TreatmentSession.archived).is_(False), col(Patient.archived).is_(False))
        .where(col(FollowUp.due_date) <= on + timedelta(days=upcoming_days))
        .order_by(col(FollowUp.due_date), col(Patient.family_name), col(Patient.given_names), col(FollowUp.id))
    )
    if practitioner_id is not None:
        stmt = stmt.where(TreatmentSession.practitioner_id == practitioner_id)
    names = treatment_names()
    wanted = set(buckets)
    rows: list[DueFollowUp] = []
    for fu, ts, patient, staff in session.exec(stmt):
        late = (on - fu.due_date).days
        bucket = Bucket.overdue if late > 0 else Bucket.today if late == 0 else Bucket.upcoming
        if bucket not in wanted:
            continue
        rows.append(DueFollowUp(
            follow_up_id=fu.id,  # type: ignore[arg-type]
            bucket=bucket, due_date=fu.due_date, days_late=late, kind=FollowUpKind(fu.kind),
            status=FollowUpStatus(fu.status), attempts=fu.attempts,
            patient_id=patient.id, patient_name=patient.display_name, phone=patient.phone,  # type: ignore[arg-type]
            treatment_session_id=ts.id, treatment=ts.treatment,  # type: ignore[arg-type]
            treatment_name=names.get(ts.treatment, ts.treatment),
            treatment_date=local_date(ts.performed_at, zone),  # type: ignore[arg-type]
            practitioner_id=staff.id, practitioner_name=staff.full_name,  # type: ignore[arg-type]
            complication_id=fu.complication_id, version=fu.version,
        ))
    order = {Bucket.overdue: 0, Bucket.today: 1, Bucket.upcoming: 2}
    rows.sort(key=lambda r: order[r.bucket])  # stable: keeps due date / name order inside a bucket
    return rows


def _open_follow_up(
    session: Session, follow_up_id: int, expected_version: int | None = None, notes: str = ""
) -> FollowUp:
    problem = text_problem(notes, MAX_NOTE)
    if problem:
        raise ValidationError.single("notes", problem)
    fu = session.get(FollowUp, check_id(follow_up_id, "follow-up"))
    if fu is None:
        raise NotFound(_("There is no follow-up number {follow_up_id}.").format(follow_up_id=follow_up_id))
    check_version(session, fu, expected_version, entity="follow_up", what="this follow-up", labels=_LABELS)
    if FollowUpStatus(fu.status) not in OPEN_STATUSES:
        raise ValidationError.single(
            "follow_up_id", f"This follow-up was already recorded ({STATUS_LABELS[FollowUpStatus(fu.status)]}).")
    return fu


MAX_NOTE = 2000  # characters of one follow-up note


def _append_note(fu: FollowUp, line: str) -> None:
    fu.notes = (fu.notes + "\n" + line).strip() if fu.notes else line


_LABELS = {"status": "status", "notes": "notes", "due_date": "due date", "attempts": "attempts"}


def _refused(session: Session, follow_up_id: int, expected_version: int | None) -> Exception:
    session.rollback()
    return stale(session, FollowUp, follow_up_id, entity="follow_up", what="this follow-up",
                 expected_version=expected_version, labels=_LABELS)


def _conditional_update(session: Session, fu: FollowUp, expected_version: int | None, **values: object) -> None:
    """``UPDATE follow_up SET … , version = version + 1 WHERE id = ? AND status IN (open) AND version = ?``
    (the version read, or ``expected_version``): applies exactly once. When no row matched — another
    workstation recorded or changed the follow-up first — the transaction is rolled back and
    ConflictError raised (who, when, what from the audit trail)."""
    version = fu.version if expected_version is None else expected_version
    result = session.execute(
        update(FollowUp)
        .where(col(FollowUp.id) == fu.id, col(FollowUp.status).in_([s.value for s in OPEN_STATUSES]),
               col(FollowUp.version) == version)
        .values(version=version + 1, **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _refused(session, fu.id, expected_version if expected_version is not None else version)  # type: ignore[arg-type]
    session.expire(fu)


def close_follow_up(session: Session, fu: FollowUp, status: FollowUpStatus, *, actor: StaffMember,
                    expected_version: int | None = None, note: str = "") -> None:
    """Close the open follow-up ``fu`` with ``status`` (done now, by ``actor``) in the caller's transaction,
    as a conditional UPDATE: it closes exactly once even when two workstations close it at the same moment
    ("All well" here and a complication there cannot both be accepted). ``note`` (cleaned) is appended to
    its notes. Raises ConflictError (the transaction is rolled back) when it was recorded or changed since
    ``expected_version`` (default: the version in ``fu`` as read)."""
    values: dict[str, object] = {"status": status.value, "done_at": utcnow(), "done_by_id": actor.id}
    if clean(note):
        values["notes"] = (fu.notes + "\n" + clean(note)).strip() if fu.notes else clean(note)
    _conditional_update(session, fu, expected_version, **values)


def record_all_well(session: Session, *, actor: StaffMember, follow_up_id: int, notes: str = "",
                    expected_version: int | None = None) -> FollowUp:
    """Close an open follow-up as "All well" (done now, by ``actor``); one click in the UI.

    A conditional update (:func:`close_follow_up`): closes exactly once. Raises NotFound, ValidationError
    on ``follow_up_id`` (already recorded), ConflictError (recorded or changed by someone else since
    ``expected_version``, or at the same moment), PermissionDenied (``record_follow_up``: practitioners,
    managers, admins). Audited as ``follow_up.all_well``.
    """
    require(session, actor, Permission.record_follow_up)
    fu = _open_follow_up(session, follow_up_id, expected_version, notes)
    before = FollowUpStatus(fu.status).value
    close_follow_up(session, fu, FollowUpStatus.all_well, actor=actor, expected_version=expected_version,
                    note=notes)
    audit.record(session, actor=actor, action="follow_up.all_well", entity="follow_up", entity_id=follow_up_id,
                 details={"changes": {"status": [before, FollowUpStatus.all_well.value]}})
    session.commit()
    session.refresh(fu)
    return fu


def record_not_reached(
    session: Session, *, actor: StaffMember, follow_up_id: int, reschedule_to: date | None, notes: str = "",
    expected_version: int | None = None,
) -> FollowUp:
    """The patient could not be reached: count the attempt and move the follow-up to ``reschedule_to``.

    The follow-up stays open with status ``not_reached``; ``attempts`` goes up by one and a dated line is
    added to its notes. ``reschedule_to`` must be today or later and at most 90 days ahead. A conditional
    update like :func:`close_follow_up`. Raises ValidationError (``reschedule_to``, ``follow_up_id``),
    ConflictError (changed since ``expected_version`` or concurrently), NotFound, PermissionDenied.
    Audited as ``follow_up.not_reached`` with the attempt number and the new due date.
    """
    require(session, actor, Permission.record_follow_up)
    fu = _open_follow_up(session, follow_up_id, expected_version, notes)
    now = today(session)
    if reschedule_to is None:
        raise ValidationError.single("reschedule_to", _("Choose the day to try again."))
    if reschedule_to < now:
        raise ValidationError.single("reschedule_to", _("The new date is in the past; choose today or later."))
    if reschedule_to > now + timedelta(days=MAX_RESCHEDULE_DAYS):
        raise ValidationError.single("reschedule_to",
                                     f"Choose a day within {MAX_RESCHEDULE_DAYS} days from today.")
    attempts = fu.attempts + 1
    previous = fu.due_date
    line = f"{now.isoformat()} attempt {attempts}: not reached ({actor.full_name}); next try {reschedule_to}."
    if clean(notes):
        line += " " + clean(notes)
    new_notes = (fu.notes + "\n" + line).strip() if fu.notes else line
    _conditional_update(session, fu, expected_version, attempts=attempts, status=FollowUpStatus.not_reached.value,
                        due_date=reschedule_to, notes=new_notes)
    audit.record(session, actor=actor, action="follow_up.not_reached", entity="follow_up", entity_id=follow_up_id,
                 details={"attempt": attempts, "was_due": previous.isoformat(), "due": reschedule_to.isoformat(),
                          "changes": {"due_date": [previous.isoformat(), reschedule_to.isoformat()]}})
    session.commit()
    session.refresh(fu)
    return fu


@dataclass
class FollowUpDetail:
    """Everything the follow-up dialog shows: the follow-up, patient, treatment session and history."""

    follow_up: FollowUp
    patient: Patient
    treatment_session: TreatmentSession
    treatment_name: str
    treatment_date: date
    practitioner_name: str
    products: list[ProductUse]
    earlier_follow_ups: list[FollowUp] = field(default_factory=list)  # the patient's other follow-ups
    complications: list[Complication] = field(default_factory=list)  # the patient's, newest onset first
    checked_complication: Complication | None = None  # for a complication check: the one it checks
    complication_count: int = 0  # the patient's complications (not in error); all a receptionist sees
    clinical_detail: bool = True  # False for a receptionist: complications and follow-up notes left out

    @property
    def is_open(self) -> bool:
        """True while the follow-up still has to be done."""
        return FollowUpStatus(self.follow_up.status) in OPEN_STATUSES


def follow_up_detail(session: Session, *, actor: StaffMember, follow_up_id: int) -> FollowUpDetail:
    """The follow-up with its patient, treatment session (products, batch numbers, practitioner), the
    patient's other follow-ups (newest due first) and complications. Raises NotFound, PermissionDenied.

    Without ``view_clinical`` (receptionists) the complications, the checked complication and every
    follow-up's notes are left out: ``complication_count`` says how many there are, to route a call.
    """
    require(session, actor, Permission.view_patients)
    clinical = allowed_now(session, actor, Permission.view_clinical)
    fu = session.get(FollowUp, check_id(follow_up_id, "follow-up"))
    if fu is None:
        raise NotFound(_("There is no follow-up number {follow_up_id}.").format(follow_up_id=follow_up_id))
    ts = session.get(TreatmentSession, fu.treatment_session_id)
    assert ts is not None
    patient = session.get(Patient, ts.patient_id)
    assert patient is not None
    staff = session.get(StaffMember, ts.practitioner_id)
    products = list(session.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id)
                                 .order_by(col(ProductUse.id))))
    others = list(session.exec(
        select(FollowUp).join(TreatmentSession, col(TreatmentSession.id) == FollowUp.treatment_session_id)
        .where(TreatmentSession.patient_id == patient.id, col(FollowUp.id) != fu.id)
        .order_by(col(FollowUp.due_date).desc(), col(FollowUp.id).desc())))
    complications = list(session.exec(
        select(Complication).where(Complication.patient_id == patient.id)
        .order_by(col(Complication.onset_date).desc(), col(Complication.id).desc())))
    checked = session.get(Complication, fu.complication_id) if fu.complication_id else None
    count = sum(1 for c in complications if not c.entered_in_error)
    if not clinical:  # detached copies without notes: nothing here can be written back
        fu = FollowUp(**{**fu.model_dump(), "notes": ""})
        others = [FollowUp(**{**o.model_dump(), "notes": ""}) for o in others]
        complications, checked = [], None
    return FollowUpDetail(
        follow_up=fu, patient=patient, treatment_session=ts,
        treatment_name=treatment_names().get(ts.treatment, ts.treatment),
        treatment_date=local_date(ts.performed_at, clinic_zone(session)),  # type: ignore[arg-type]
        practitioner_name=staff.full_name if staff else "", products=products,
        earlier_follow_ups=others, complications=complications, checked_complication=checked,
        complication_count=count, clinical_detail=clinical,
    )


def follow_ups_for_patient(session: Session, patient_id: int) -> list[FollowUp]:
    """Every follow-up of the patient's treatment sessions (any status), newest due date first."""
    return list(session.exec(
        select(FollowUp).join(TreatmentSession, col(TreatmentSession.id) == FollowUp.treatment_session_id)
        .where(TreatmentSession.patient_id == patient_id)
        .order_by(col(FollowUp.due_date).desc(), col(FollowUp.id).desc())))

def state_text(follow_up: FollowUp, on: date) -> str:
    """Where a follow-up stands on the local date ``on``: "overdue by 3 days", "due today", "due in 2 days"
    for an open one (pending or not reached), else its status label ("All well" …)."""
    status = FollowUpStatus(follow_up.status)
    if status not in OPEN_STATUSES:
        return STATUS_LABELS[status]
    days = (follow_up.due_date - on).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"
