"""Follow-ups: the due list (overdue, due today, upcoming), "All well", "Not reached", and the detail view.

A follow-up is *open* while its status is ``pending`` or ``not_reached`` (tried, not reached, rescheduled
to its new ``due_date``); it is *done* once it is ``all_well`` or ``complication``; ``cancelled`` ones (an
open complication check whose complication resolved) are kept, never deleted. Due dates are calendar dates
in the clinic's time zone. Follow-ups of archived treatment sessions are not listed.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, or_, update
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op
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
from clinic_desktop.services.messages import N_, _, ngettext

OPEN_STATUSES: frozenset[FollowUpStatus] = frozenset({FollowUpStatus.pending, FollowUpStatus.not_reached})
#: How far ahead "upcoming" reaches by default (days).
UPCOMING_DAYS = 14
#: The latest a "Not reached" follow-up may be rescheduled to, counted from today (days).
MAX_RESCHEDULE_DAYS = 90

KIND_LABELS: dict[FollowUpKind, str] = {
    FollowUpKind.phone_check: N_("Phone check"),
    FollowUpKind.review: N_("Review"),
    FollowUpKind.complication_check: N_("Complication check"),
}
STATUS_LABELS: dict[FollowUpStatus, str] = {
    FollowUpStatus.pending: N_("Due"),
    FollowUpStatus.all_well: N_("All well"),
    FollowUpStatus.not_reached: N_("Not reached"),
    FollowUpStatus.complication: N_("Complication"),
    FollowUpStatus.cancelled: N_("Cancelled"),
}


class Bucket(str, enum.Enum):
    """Where an open follow-up stands against today."""

    overdue = "overdue"
    today = "today"
    upcoming = "upcoming"


def treatment_names(language: str | None = None) -> dict[str, str]:
    """Protocol id -> treatment name in ``language`` (None: the window's or the command line's, see
    :func:`clinic_desktop.services.protocols.treatments`), for lists; unknown ids show as themselves."""
    from clinic_desktop.services.protocols import treatments

    try:
        return dict(treatments(language))
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
        """e.g. "Phone check" (in the language of the process)."""
        return _(KIND_LABELS[self.kind])


class SortKey(str, enum.Enum):
    """What the Follow-ups list is ordered by (:func:`list_page`); ties fall back to due date, then id."""

    when = "when"  # due date (overdue first), then patient
    patient = "patient"  # folded given names then family name (the indexed ``patient.search_text``)
    phone = "phone"
    kind = "kind"
    treatment = "treatment"  # when the treatment session was performed
    practitioner = "practitioner"
    attempts = "attempts"


@dataclass(frozen=True)
class FollowUpFilters:
    """Which open follow-ups a list shows.

    ``practitioner_id``: only those of one treating practitioner (None: everyone's). ``buckets``: overdue /
    due today / upcoming (empty: all three). ``upcoming_days``: how far ahead "upcoming" reaches (days).
    ``on``: the local date counted from (default: today in the clinic's time zone).
    """

    practitioner_id: int | None = None
    buckets: tuple[Bucket, ...] = ()
    upcoming_days: int = UPCOMING_DAYS
    on: date | None = None


@dataclass(frozen=True)
class BucketCounts:
    """How many open follow-ups match a filter, per bucket (:func:`count_by_bucket`)."""

    overdue: int = 0
    today: int = 0
    upcoming: int = 0

    @property
    def total(self) -> int:
        """All three together."""
        return self.overdue + self.today + self.upcoming

    def of(self, bucket: Bucket) -> int:
        """The count of one bucket."""
        return int(getattr(self, bucket.value))

    def minus(self, bucket: Bucket) -> BucketCounts:
        """These counts with one follow-up of ``bucket`` fewer (after "All well" on it)."""
        return dataclasses.replace(self, **{bucket.value: max(0, self.of(bucket) - 1)})


def _open_conditions(filters: FollowUpFilters, on: date, *, sqlite_by_patient: bool = False) -> list[Any]:
    """WHERE terms for the open follow-ups of ``filters`` counted from ``on``.

    ``sqlite_by_patient``: the follow-up terms are wrapped in a unary ``+`` so that SQLite's planner walks
    the patients in ``search_text`` order (its index) and stops after one page, instead of sorting every
    open follow-up (100 ms at 50,000 rows against 1 ms).
    """
    status = col(FollowUp.status)
    due = col(FollowUp.due_date)
    if sqlite_by_patient:
        status = UnaryExpression(status, operator=custom_op("+"), type_=status.type)  # type: ignore[assignment]
        due = UnaryExpression(due, operator=custom_op("+"), type_=due.type)  # type: ignore[assignment]
    terms: list[Any] = [
        status.in_([s.value for s in OPEN_STATUSES]),
        col(TreatmentSession.archived).is_(False), col(Patient.archived).is_(False),
        due <= on + timedelta(days=filters.upcoming_days),
    ]
    wanted = set(filters.buckets) or set(Bucket)
    if wanted != set(Bucket):
        parts = []
        if Bucket.overdue in wanted:
            parts.append(due < on)
        if Bucket.today in wanted:
            parts.append(due == on)
        if Bucket.upcoming in wanted:
            parts.append(due > on)
        terms.append(or_(*parts))
    if filters.practitioner_id is not None:
        terms.append(col(TreatmentSession.practitioner_id) == filters.practitioner_id)
    return terms


def _sort_columns(sort: SortKey) -> list[Any]:
    name = [col(Patient.search_text), col(Patient.given_names), col(Patient.family_name)]
    return {
        SortKey.when: [col(FollowUp.due_date), col(Patient.family_name), col(Patient.given_names)],
        SortKey.patient: [*name, col(FollowUp.due_date)],
        SortKey.phone: [col(Patient.phone), col(FollowUp.due_date)],
        SortKey.kind: [col(FollowUp.kind), col(FollowUp.due_date)],
        SortKey.treatment: [col(TreatmentSession.performed_at), col(FollowUp.due_date)],
        SortKey.practitioner: [col(StaffMember.full_name), col(FollowUp.due_date)],
        SortKey.attempts: [col(FollowUp.attempts), col(FollowUp.due_date)],
    }[sort]


def _due_row(r: Any, on: date, zone: Any, names: dict[str, str]) -> DueFollowUp:
    """A :class:`DueFollowUp` from one row of :func:`_joined` (plain columns: no ORM objects to build)."""
    late = (on - r.due_date).days
    bucket = Bucket.overdue if late > 0 else Bucket.today if late == 0 else Bucket.upcoming
    patient_name = " ".join(part for part in (r.given_names.strip(), r.family_name.strip()) if part)
    return DueFollowUp(
        follow_up_id=r.id, bucket=bucket, due_date=r.due_date, days_late=late, kind=FollowUpKind(r.kind),
        status=FollowUpStatus(r.status), attempts=r.attempts,
        patient_id=r.patient_id, patient_name=patient_name, phone=r.phone,
        treatment_session_id=r.treatment_session_id, treatment=r.treatment,
        treatment_name=names.get(r.treatment, r.treatment), treatment_date=local_date(r.performed_at, zone),
        practitioner_id=r.practitioner_id, practitioner_name=r.full_name,
        complication_id=r.complication_id, version=r.version,
    )


def _joined() -> Any:
    """The columns of a list line, follow-up joined to its treatment session, patient and practitioner."""
    return (select(col(FollowUp.id), col(FollowUp.due_date), col(FollowUp.kind), col(FollowUp.status),
                   col(FollowUp.attempts), col(FollowUp.complication_id), col(FollowUp.version),
                   col(FollowUp.treatment_session_id), col(TreatmentSession.treatment),
                   col(TreatmentSession.performed_at), col(TreatmentSession.patient_id),
                   col(TreatmentSession.practitioner_id), col(Patient.given_names), col(Patient.family_name),
                   col(Patient.phone), col(StaffMember.full_name))
            .select_from(FollowUp)
            .join(TreatmentSession, col(TreatmentSession.id) == FollowUp.treatment_session_id)
            .join(Patient, col(Patient.id) == TreatmentSession.patient_id)
            .join(StaffMember, col(StaffMember.id) == TreatmentSession.practitioner_id))


#: The most rows one :func:`list_page` call returns.
MAX_PAGE = 1000


def list_page(
    session: Session,
    *,
    actor: StaffMember,
    filters: FollowUpFilters = FollowUpFilters(),  # noqa: B008 (frozen, shared safely)
    sort: SortKey = SortKey.when,
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
    with_total: bool = True,
) -> tuple[list[DueFollowUp], int | None]:
    """One page of the open follow-ups matching ``filters``, ordered by ``sort`` in the database.

    Returns (rows, total matching); ``total`` is None when ``with_total`` is False (the window counts
    with :func:`count_by_bucket` instead, on another thread). ``offset`` rows are skipped, at most
    ``limit`` (1..:data:`MAX_PAGE`) returned; ties are ordered by due date and id, so pages never overlap.
    ``descending`` reverses the order. Needs ``view_patients``; raises PermissionDenied, ValidationError
    (``sort``, ``offset``, ``limit``).
    """
    require(session, actor, Permission.view_patients)
    try:
        sort = SortKey(sort)
    except ValueError:
        raise ValidationError.single("sort", _("The list cannot be ordered by “{sort}”.").format(sort=sort)) from None
    if not isinstance(offset, int) or offset < 0:
        raise ValidationError.single("offset", _("The start of the page must be 0 or more."))
    if not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise ValidationError.single("limit", _("A page holds 1 to {n} follow-ups.").format(n=MAX_PAGE))
    on = filters.on or today(session)
    zone = clinic_zone(session)
    by_patient = sort == SortKey.patient and session.get_bind().dialect.name == "sqlite"
    order = [*_sort_columns(sort), col(FollowUp.id)]
    stmt = (_joined().where(*_open_conditions(filters, on, sqlite_by_patient=by_patient))
            .order_by(*[c.desc() if descending else c for c in order]).offset(offset).limit(limit))
    names = treatment_names()
    rows = [_due_row(r, on, zone, names) for r in session.execute(stmt)]
    total = count_by_bucket(session, actor=actor, filters=filters).total if with_total else None
    return rows, total


def count_by_bucket(session: Session, *, actor: StaffMember,
                    filters: FollowUpFilters = FollowUpFilters()) -> BucketCounts:  # noqa: B008
    """How many open follow-ups match ``filters``: overdue, due today and upcoming, in one query.
    Needs ``view_patients``; raises PermissionDenied."""
    require(session, actor, Permission.view_patients)
    on = filters.on or today(session)
    due = col(FollowUp.due_date)
    stmt = (select(func.count(), func.sum(case((due < on, 1), else_=0)), func.sum(case((due == on, 1), else_=0)))
            .select_from(FollowUp)
            .join(TreatmentSession, col(TreatmentSession.id) == FollowUp.treatment_session_id)
            .join(Patient, col(Patient.id) == TreatmentSession.patient_id)
            .where(*_open_conditions(filters, on)))
    total, overdue, due_today = session.exec(stmt).one()  # type: ignore[call-overload]
    overdue, due_today = int(overdue or 0), int(due_today or 0)
    return BucketCounts(overdue=overdue, today=due_today, upcoming=int(total or 0) - overdue - due_today)


def follow_up_row(session: Session, *, actor: StaffMember, follow_up_id: int,
                  filters: FollowUpFilters = FollowUpFilters()) -> DueFollowUp | None:  # noqa: B008
    """The list line of one follow-up as it is now, or None when it no longer matches ``filters`` (recorded,
    archived, rescheduled out of the chosen buckets): the window updates that one line in place.
    Needs ``view_patients``; raises PermissionDenied, ValidationError (``follow_up_id``)."""
    require(session, actor, Permission.view_patients)
    on = filters.on or today(session)
    stmt = _joined().where(col(FollowUp.id) == check_id(follow_up_id, "follow-up"),
                           *_open_conditions(filters, on))
    found = session.execute(stmt).first()
    if found is None:
        return None
    return _due_row(found, on, clinic_zone(session), treatment_names())


def due_follow_ups(
    session: Session,
    *,
    actor: StaffMember,
    practitioner_id: int | None = None,
    upcoming_days: int = UPCOMING_DAYS,
    on: date | None = None,
    buckets: Sequence[Bucket] = (Bucket.overdue, Bucket.today, Bucket.upcoming),
) -> list[DueFollowUp]:
    """Every open follow-up: overdue (due before ``on``), due today, and upcoming (within ``upcoming_days``
    days), as one list (for small clinics, the CLI and tests; the window pages with :func:`list_page`).

    ``on`` defaults to today in the clinic's time zone. ``practitioner_id`` keeps those of one treating
    practitioner. Ordered overdue first (oldest first), then today, then upcoming, each by due date and
    patient name. Needs ``view_patients``; raises PermissionDenied.
    """
    require(session, actor, Permission.view_patients)
    filters = FollowUpFilters(practitioner_id=practitioner_id, buckets=tuple(buckets), upcoming_days=upcoming_days,
                              on=on or today(session))
    if not filters.buckets:
        return []
    on = filters.on or today(session)
    zone = clinic_zone(session)
    names = treatment_names()
    stmt = _joined().where(*_open_conditions(filters, on)).order_by(*_sort_columns(SortKey.when), col(FollowUp.id))
    return [_due_row(r, on, zone, names) for r in session.execute(stmt)]


def _open_follow_up(
    session: Session, follow_up_id: int, expected_version: int | None = None, notes: str = ""
) -> FollowUp:
    problem = text_problem(notes, MAX_NOTE)
    if problem:
        raise ValidationError.single("notes", problem)
    fu = session.get(FollowUp, check_id(follow_up_id, "follow-up"))
    if fu is None:
        raise NotFound(_("There is no follow-up number {follow_up_id}.").format(follow_up_id=follow_up_id))
    check_version(session, fu, expected_version, entity="follow_up", what=_("this follow-up"), labels=_LABELS)
    if FollowUpStatus(fu.status) not in OPEN_STATUSES:
        raise ValidationError.single(
            "follow_up_id", _("This follow-up was already recorded ({status}).").format(
                status=_(STATUS_LABELS[FollowUpStatus(fu.status)])))
    return fu


MAX_NOTE = 2000  # characters of one follow-up note


def _append_note(fu: FollowUp, line: str) -> None:
    fu.notes = (fu.notes + "\n" + line).strip() if fu.notes else line


_LABELS = {"status": N_("status"), "notes": N_("notes"), "due_date": N_("due date"), "attempts": N_("attempts")}


def _refused(session: Session, follow_up_id: int, expected_version: int | None) -> Exception:
    session.rollback()
    return stale(session, FollowUp, follow_up_id, entity="follow_up", what=_("this follow-up"),
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
        raise ValidationError.single("reschedule_to", _("Choose a day within {n} days from today.").format(
            n=MAX_RESCHEDULE_DAYS))
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
        return _(STATUS_LABELS[status])
    days = (follow_up.due_date - on).days
    if days < 0:
        return ngettext("overdue by {n} day", "overdue by {n} days", -days).format(n=-days)
    if days == 0:
        return _("due today")
    return ngettext("due in {n} day", "due in {n} days", days).format(n=days)
