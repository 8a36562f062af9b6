"""The complication register: record, amend (with field-by-field history), mark entered in error.

Clinical rules (DOMAIN.md): a complication is an adverse event after a treatment session, graded on the
CTCAE 1-5 scale; nothing clinical is deleted — an amendment keeps the earlier version in a
:class:`~clinic_desktop.models.ComplicationRevision` (who, when, why, ``changes`` field -> [old, new] and a
``snapshot`` of the row before), and a complication entered in error is flagged with a reason and stays.

An *unresolved* complication (outcome "not resolved" or "resolving") gets its own ``complication_check``
follow-up, due :data:`CHECK_AFTER_DAYS` days after it was recorded or amended; once it is resolved, open
checks are cancelled (kept, with a note).

Dates are calendar dates in the clinic's time zone; "today" is the clinic's today.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, func, select

from clinic_desktop.models import (
    Causality,
    Complication,
    ComplicationKind,
    ComplicationOutcome,
    ComplicationRevision,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    ProductUse,
    SeriousCriterion,
    StaffMember,
    TreatmentSession,
    utcnow,
)
from sqlalchemy.exc import IntegrityError

from clinic_desktop.services import audit
from clinic_desktop.services.clinic import clinic_zone, local_date, today
from clinic_desktop.services.errors import ClinicError, NotFound, ValidationError
from clinic_desktop.services.concurrency import check_version, refusing_stale, stale
from clinic_desktop.services.followups import OPEN_STATUSES, close_follow_up
from clinic_desktop.services.limits import MAX_ID, check_id, date_problem, text_errors, text_problem
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.text import clean
from clinic_desktop.services.messages import N_, _, short_date

MAX_REASON = 2000  # characters of an amendment's or error's reason

#: An unresolved complication is checked again this many days after it was recorded or amended.
CHECK_AFTER_DAYS = 7

UNRESOLVED: frozenset[ComplicationOutcome] = frozenset({ComplicationOutcome.not_resolved,
                                                        ComplicationOutcome.resolving})
RESOLVED: frozenset[ComplicationOutcome] = frozenset({ComplicationOutcome.resolved,
                                                      ComplicationOutcome.resolved_with_sequelae})

# ------------------------------------------------------------------------------------ vocabulary for forms

KIND_LABELS: dict[ComplicationKind, str] = {
    ComplicationKind.bruising: N_("Bruising"),
    ComplicationKind.swelling: N_("Swelling"),
    ComplicationKind.prolonged_redness: N_("Prolonged redness"),
    ComplicationKind.lasting_sensitivity: N_("Lasting sensitivity"),
    ComplicationKind.hyperpigmentation: N_("Post-inflammatory hyperpigmentation"),
    ComplicationKind.infection: N_("Infection"),
    ComplicationKind.inflamed_injection_site: N_("Inflamed injection site"),
    ComplicationKind.pain_or_tenderness: N_("Pain or tenderness"),
    ComplicationKind.nodule_or_papule: N_("Nodule or papule"),
    ComplicationKind.hypersensitivity: N_("Hypersensitivity / allergic reaction"),
    ComplicationKind.hair_shedding: N_("Hair shedding"),
    ComplicationKind.uneven_result: N_("Uneven result"),
    ComplicationKind.headache: N_("Headache"),
    ComplicationKind.other: N_("Other (describe)"),
}
#: CTCAE v5.0 general definitions of the severity grades (shown beside the grade selector).
CTCAE_GRADES: dict[int, tuple[str, str]] = {
    1: (N_("Mild"), N_("Asymptomatic or mild symptoms; clinical or diagnostic observations only; "
                "intervention not indicated.")),
    2: (N_("Moderate"), N_("Minimal, local or noninvasive intervention indicated; limiting age-appropriate "
                    "instrumental activities of daily living.")),
    3: (N_("Severe"), N_("Severe or medically significant but not immediately life-threatening; hospitalisation "
                  "or prolongation of hospitalisation indicated; disabling; limiting self-care activities "
                  "of daily living.")),
    4: (N_("Life-threatening"), N_("Life-threatening consequences; urgent intervention indicated.")),
    5: (N_("Death"), N_("Death related to the adverse event.")),
}
OUTCOME_LABELS: dict[ComplicationOutcome, str] = {
    ComplicationOutcome.resolved: N_("Resolved"),
    ComplicationOutcome.resolving: N_("Resolving"),
    ComplicationOutcome.not_resolved: N_("Not resolved"),
    ComplicationOutcome.resolved_with_sequelae: N_("Resolved with sequelae"),
    ComplicationOutcome.fatal: N_("Fatal"),
    ComplicationOutcome.unknown: N_("Unknown"),
}
CAUSALITY_LABELS: dict[Causality, str] = {
    Causality.related: N_("Related"),
    Causality.possibly_related: N_("Possibly related"),
    Causality.unrelated: N_("Unrelated"),
    Causality.undetermined: N_("Undetermined"),
}
SERIOUS_LABELS: dict[SeriousCriterion, str] = {
    SeriousCriterion.hospitalisation: N_("Hospitalisation (or longer stay)"),
    SeriousCriterion.disability: N_("Persistent disability or incapacity"),
    SeriousCriterion.life_threatening: N_("Life-threatening"),
    SeriousCriterion.medically_significant: N_("Medically significant"),
}
FIELD_LABELS: dict[str, str] = {
    "kind": N_("Kind"), "kind_other": N_("Description"), "site": N_("Site or area"), "onset_date": N_("Onset date"),
    "severity_grade": N_("Severity grade"), "serious": N_("Serious"), "serious_criterion": N_("Serious because"),
    "action_taken": N_("Action taken"), "outcome": N_("Outcome"), "resolution_date": N_("Resolution date"),
    "product_use_id": N_("Product and batch"), "causality": N_("Causality"),
    "reported_regulator_on": N_("Reported to regulator on"), "reported_regulator_ref": N_("Regulator reference"),
    "reported_manufacturer_on": N_("Reported to manufacturer on"),
    "reported_manufacturer_ref": N_("Manufacturer reference"),
    "reported_insurer_on": N_("Reported to insurer on"), "reported_insurer_ref": N_("Insurer reference"),
    "notes": N_("Notes"), "entered_in_error": N_("Entered in error"), "error_reason": N_("Reason it was in error"),
}
REPORT_TARGETS = ("regulator", "manufacturer", "insurer")


# ------------------------------------------------------------------------------------------------ shapes


class ComplicationFields(BaseModel):
    """The clinical fields of the complication form (shared by create and amend).

    ``severity_grade`` is the CTCAE grade 1-5 (None = not chosen). ``product_use_id`` must be one of the
    treatment session's product uses (the product and batch involved) or None. Dates are plain dates.
    """

    kind: ComplicationKind | None = None
    kind_other: str = ""
    site: str = ""
    onset_date: date | None = None
    severity_grade: int | None = None
    serious: bool = False
    serious_criterion: SeriousCriterion | None = None
    action_taken: str = ""
    outcome: ComplicationOutcome = ComplicationOutcome.not_resolved
    resolution_date: date | None = None
    product_use_id: int | None = None
    causality: Causality = Causality.undetermined
    reported_regulator_on: date | None = None
    reported_regulator_ref: str = ""
    reported_manufacturer_on: date | None = None
    reported_manufacturer_ref: str = ""
    reported_insurer_on: date | None = None
    reported_insurer_ref: str = ""
    notes: str = ""


class ComplicationCreate(ComplicationFields):
    """A new complication on ``treatment_session_id``, optionally found at the open follow-up ``follow_up_id``."""

    treatment_session_id: int
    follow_up_id: int | None = None


class ComplicationAmend(ComplicationFields):
    """The whole form again, as amended, with the ``reason`` for the amendment (required)."""

    reason: str = ""


_CLINICAL_FIELDS = tuple(ComplicationFields.model_fields)


# ---------------------------------------------------------------------------------------------- validation


def _validate(session: Session, ts: TreatmentSession | None, data: ComplicationFields) -> dict[str, str]:
    """Field name -> message for every rule the form breaks (empty when all is well)."""
    errors: dict[str, str] = text_errors(
        {name: getattr(data, name) for name in ("kind_other", "site", "action_taken", "notes",
                                                *(f"reported_{t}_ref" for t in REPORT_TARGETS))},
        Complication)
    for name in ("onset_date", "resolution_date", *(f"reported_{t}_on" for t in REPORT_TARGETS)):
        problem = date_problem(getattr(data, name))
        if problem:
            errors[name] = problem
    if errors:
        return errors
    now = today(session)
    treated = local_date(ts.performed_at, clinic_zone(session)) if ts is not None else None  # type: ignore[arg-type]
    if data.kind is None:
        errors["kind"] = _("Choose the kind of complication.")
    elif data.kind == ComplicationKind.other and not clean(data.kind_other):
        errors["kind_other"] = _("Describe the complication (the kind is “Other”).")
    grade = data.severity_grade
    if grade is None:
        errors["severity_grade"] = _("Choose the severity grade (1 to 5).")
    elif not 1 <= grade <= 5:
        errors["severity_grade"] = _("The severity grade must be 1 to 5, not {grade}.").format(grade=grade)
    onset = data.onset_date
    if onset is None:
        errors["onset_date"] = _("Enter the day it started.")
    elif onset > now:
        errors["onset_date"] = _("The onset date is in the future.")
    elif treated is not None and onset < treated:
        errors["onset_date"] = _("The onset date is before the treatment ({date}).").format(date=short_date(treated))
    outcome = data.outcome
    resolved_on = data.resolution_date
    if outcome in RESOLVED and resolved_on is None:
        errors["resolution_date"] = _("Enter the day it resolved (the outcome is “{outcome}”).").format(
            outcome=_(OUTCOME_LABELS[outcome]))
    elif resolved_on is not None:
        if outcome in UNRESOLVED or outcome == ComplicationOutcome.unknown:
            errors["resolution_date"] = _("An outcome of “{outcome}” has no resolution date; "
                                           "clear it or change the outcome.").format(outcome=_(OUTCOME_LABELS[outcome]))
        elif resolved_on > now:
            errors["resolution_date"] = _("The resolution date is in the future.")
        elif onset is not None and resolved_on < onset:
            errors["resolution_date"] = _("The resolution date is before the onset date.")
    if grade == 5 and outcome != ComplicationOutcome.fatal and "severity_grade" not in errors:
        errors["outcome"] = _("Grade 5 means death related to the event: set the outcome to “Fatal”.")
    elif outcome == ComplicationOutcome.fatal and grade is not None and grade != 5 and "severity_grade" not in errors:
        errors["severity_grade"] = _("A fatal outcome is grade 5.")
    if data.serious and data.serious_criterion is None:
        errors["serious_criterion"] = _("Choose why it is serious.")
    if grade is not None and grade >= 4 and not data.serious and "severity_grade" not in errors:
        errors["serious"] = _("A grade {grade} complication is serious: tick “Serious” and choose why.").format(grade=grade)
    if data.product_use_id is not None:
        use = session.get(ProductUse, data.product_use_id) if 1 <= data.product_use_id <= MAX_ID else None
        if use is None or ts is None or use.treatment_session_id != ts.id:
            errors["product_use_id"] = _("Choose a product and batch used in this treatment session.")
    for target in REPORT_TARGETS:
        on: date | None = getattr(data, f"reported_{target}_on")
        ref = clean(getattr(data, f"reported_{target}_ref"))
        key = f"reported_{target}_on"
        if on is None and ref:
            errors[key] = _("Enter the day it was reported to the {target}.").format(target=target)
        elif on is not None and on > now:
            errors[key] = _("The day it was reported to the {target} is in the future.").format(target=target)
        elif on is not None and onset is not None and on < onset:
            errors[key] = _("The day it was reported to the {target} is before the onset date.").format(target=target)
    return errors


def _apply(row: Complication, data: ComplicationFields) -> None:
    row.kind = data.kind  # type: ignore[assignment]
    row.kind_other = clean(data.kind_other) if data.kind == ComplicationKind.other else ""
    row.site = clean(data.site)
    row.onset_date = data.onset_date  # type: ignore[assignment]
    row.severity_grade = data.severity_grade  # type: ignore[assignment]
    row.serious = data.serious
    row.serious_criterion = data.serious_criterion if data.serious else None
    row.action_taken = data.action_taken.strip()
    row.outcome = data.outcome
    row.resolution_date = data.resolution_date
    row.product_use_id = data.product_use_id
    row.causality = data.causality
    for target in REPORT_TARGETS:
        setattr(row, f"reported_{target}_on", getattr(data, f"reported_{target}_on"))
        setattr(row, f"reported_{target}_ref", clean(getattr(data, f"reported_{target}_ref")))
    row.notes = data.notes.strip()


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def _state(row: Complication) -> dict[str, Any]:
    return {name: _jsonable(getattr(row, name)) for name in (*_CLINICAL_FIELDS, "entered_in_error", "error_reason")}


def _schedule_check(session: Session, row: Complication, *, from_day: date) -> FollowUp | None:
    """A complication_check follow-up for an unresolved complication, unless one is open already."""
    open_check = session.exec(
        select(FollowUp).where(FollowUp.complication_id == row.id,
                               col(FollowUp.status).in_([s.value for s in OPEN_STATUSES]))).first()
    if open_check is not None:
        return None
    check = FollowUp(treatment_session_id=row.treatment_session_id, kind=FollowUpKind.complication_check,
                     due_date=from_day + timedelta(days=CHECK_AFTER_DAYS), complication_id=row.id)
    session.add(check)
    return check


def _cancel_checks(session: Session, row: Complication, why: str) -> list[int]:
    cancelled = []
    for check in session.exec(select(FollowUp).where(
            FollowUp.complication_id == row.id, col(FollowUp.status).in_([s.value for s in OPEN_STATUSES]))):
        check.status = FollowUpStatus.cancelled
        check.notes = (check.notes + "\n" if check.notes else "") + why
        session.add(check)
        cancelled.append(check.id)  # type: ignore[arg-type]
    return cancelled


# --------------------------------------------------------------------------------------------- use cases


def _follow_up_note_errors(note: str) -> dict[str, str]:
    """The message for a follow-up note that cannot be kept (too long, control characters), keyed
    ``follow_up_note``; empty when it is fine."""
    from clinic_desktop.services.followups import MAX_NOTE

    problem = text_problem(note, MAX_NOTE)
    return {"follow_up_note": problem} if problem else {}


def record_complication(session: Session, *, actor: StaffMember, data: ComplicationCreate,
                        follow_up_version: int | None = None, follow_up_note: str = "") -> Complication:
    """Record a complication of a treatment session (from a follow-up, or a patient who calls in).

    With ``follow_up_id`` (an open follow-up of that treatment session) the follow-up is closed with
    status ``complication`` and ``follow_up_note`` (what was typed at the follow-up, at most
    followups.MAX_NOTE characters; ValidationError on ``follow_up_note``) added to its notes. An unresolved complication (not resolved / resolving) gets a
    ``complication_check`` follow-up due in :data:`CHECK_AFTER_DAYS` days. One transaction.

    Raises ValidationError naming the field: treatment_session_id, follow_up_id, kind, kind_other ("other"
    without a description), severity_grade (outside 1-5; fatal not 5), onset_date (missing, before the
    treatment date, in the future), resolution_date (missing when resolved, before onset, in the future,
    given while unresolved), outcome (grade 5 not fatal), serious / serious_criterion, product_use_id (not a
    product use of this treatment session), reported_*_on. Nothing is saved on error. Raises
    PermissionDenied (``record_complication``), ConflictError when the follow-up was recorded or changed by
    someone else after ``follow_up_version`` was read (or meanwhile: the close is a conditional UPDATE).
    Audited as ``complication.create``.
    """
    require(session, actor, Permission.record_complication)
    ts_id = data.treatment_session_id
    ts = session.get(TreatmentSession, ts_id) if 1 <= ts_id <= MAX_ID else None
    errors: dict[str, str] = {}
    if ts is None or ts.archived:
        errors["treatment_session_id"] = _("Choose the treatment session the complication followed.")
        ts = None
    follow_up: FollowUp | None = None
    if data.follow_up_id is not None:
        follow_up = session.get(FollowUp, data.follow_up_id)
        if follow_up is None or ts is None or follow_up.treatment_session_id != ts.id:
            errors["follow_up_id"] = _("This follow-up is not one of the treatment session's.")
        elif FollowUpStatus(follow_up.status) not in OPEN_STATUSES:
            errors["follow_up_id"] = _("This follow-up was already recorded.")
    errors.update(_follow_up_note_errors(follow_up_note))
    errors.update(_validate(session, ts, data))
    if errors:
        raise ValidationError(errors)
    assert ts is not None
    row = Complication(treatment_session_id=ts.id, patient_id=ts.patient_id, recorded_by_id=actor.id,  # type: ignore[arg-type]
                       kind=data.kind, onset_date=data.onset_date, severity_grade=data.severity_grade,  # type: ignore[arg-type]
                       recorded_at=utcnow())
    _apply(row, data)
    session.add(row)
    session.flush()
    if follow_up is not None:  # closes exactly once: refused if another workstation recorded it meanwhile
        close_follow_up(session, follow_up, FollowUpStatus.complication, actor=actor,
                        expected_version=follow_up_version, note=follow_up_note)
    check = _schedule_check(session, row, from_day=today(session)) if row.outcome in UNRESOLVED else None
    session.flush()
    audit.record(session, actor=actor, action="complication.create", entity="complication", entity_id=row.id,
                 details={"treatment_session": ts.id, "kind": row.kind.value, "grade": row.severity_grade,
                          "serious": row.serious, "follow_up": data.follow_up_id,
                          "check_follow_up": check.id if check else None})
    session.commit()
    session.refresh(row)
    return row


def get_complication(session: Session, complication_id: int, *, actor: StaffMember) -> Complication:
    """The complication (clinical detail): needs ``view_clinical`` (practitioners and up); receptionists
    see only that a patient had one (:func:`complication_count`). Raises NotFound, PermissionDenied."""
    require(session, actor, Permission.view_clinical)
    return _load_complication(session, complication_id)


def complication_count(session: Session, *, actor: StaffMember, patient_id: int) -> int:
    """How many complications the patient has (entered-in-error ones left out), without any clinical
    detail: what a receptionist needs to route a call. Needs ``view_patients``."""
    require(session, actor, Permission.view_patients)
    return int(session.exec(select(func.count()).select_from(Complication).where(
        Complication.patient_id == patient_id, col(Complication.entered_in_error).is_(False))).one())


def _load_complication(session: Session, complication_id: int) -> Complication:
    """The complication with this id. Raises NotFound."""
    row = session.get(Complication, check_id(complication_id, "complication"))
    if row is None:
        raise NotFound(_("There is no complication number {complication_id}.").format(complication_id=complication_id))
    return row


def fields_of(row: Complication) -> ComplicationAmend:
    """The form's current values for a saved complication (to prefill the amend form)."""
    return ComplicationAmend(**{name: getattr(row, name) for name in _CLINICAL_FIELDS})


def amend_complication(
    session: Session,
    *,
    actor: StaffMember,
    complication_id: int,
    data: ComplicationAmend,
    follow_up_id: int | None = None,
    expected_version: int | None = None,
    follow_up_note: str = "",
) -> Complication:
    """Amend a saved complication; the earlier version is kept as a :class:`ComplicationRevision`.

    The revision holds who, when, ``reason``, ``changes`` (field -> [old, new], JSON values: dates as ISO
    strings, enums as their values) and ``snapshot`` (the whole row before). ``version`` goes up by one.
    With ``follow_up_id`` (an open complication check of this complication) that follow-up is closed, with
    ``follow_up_note`` added to its notes (as in :func:`record_complication`).
    Resolved now -> open complication checks are cancelled; still unresolved -> a check is scheduled if none
    is open. ``expected_version`` is the version the form was filled from: ConflictError (who, when, what)
    when someone amended it since, or concurrently (SQLAlchemy's version check on the UPDATE; revision
    numbers are unique per complication). Raises ValidationError (the create rules, plus ``reason``
    missing, ``changes`` when nothing changed), ClinicError for a complication entered in error, NotFound,
    PermissionDenied. Audited as ``complication.amend`` with the changes.
    """
    require(session, actor, Permission.record_complication)
    row = _load_complication(session, complication_id)
    check_version(session, row, expected_version, entity="complication", what=_("this complication"),
                  labels=FIELD_LABELS)
    if row.entered_in_error:
        raise ClinicError(_("This complication was marked as entered in error; it can no longer be amended."))
    ts = session.get(TreatmentSession, row.treatment_session_id)
    errors = _validate(session, ts, data)
    if not clean(data.reason):
        errors["reason"] = _("Say why you are amending this complication.")
    elif text_problem(data.reason, MAX_REASON):
        errors["reason"] = text_problem(data.reason, MAX_REASON)  # type: ignore[assignment]
    follow_up: FollowUp | None = None
    if follow_up_id is not None:
        follow_up = session.get(FollowUp, follow_up_id)
        if follow_up is None or follow_up.complication_id != row.id or \
                FollowUpStatus(follow_up.status) not in OPEN_STATUSES:
            errors["follow_up_id"] = _("This follow-up is not an open check of this complication.")
    errors.update(_follow_up_note_errors(follow_up_note))
    if errors:
        raise ValidationError(errors)
    before = _state(row)
    snapshot = row.model_dump(mode="json")
    with session.no_autoflush:
        _apply(row, data)
        after = _state(row)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if not changes:
            session.expire(row)
            raise ValidationError.single("changes", _("Nothing was changed, so there is nothing to save."))
    read_version = row.version
    with _refusing_stale_amendment(session, row.id, read_version if expected_version is None else expected_version):  # type: ignore[arg-type]
        session.add(ComplicationRevision(complication_id=row.id, version=read_version, changed_by_id=actor.id,  # type: ignore[arg-type]
                                         changed_at=utcnow(), reason=clean(data.reason), changes=changes,
                                         snapshot=snapshot))
        row.updated_at = utcnow()  # the UPDATE … WHERE version=<read> also raises version by one
        session.add(row)
        session.flush()
        if follow_up is not None:
            close_follow_up(session, follow_up, FollowUpStatus.complication, actor=actor, note=follow_up_note)
        if ComplicationOutcome(row.outcome) in UNRESOLVED:
            _schedule_check(session, row, from_day=today(session))
        else:
            _cancel_checks(session, row, f"Cancelled: the complication is now {OUTCOME_LABELS[row.outcome].lower()}.")
        audit.record(session, actor=actor, action="complication.amend", entity="complication", entity_id=row.id,
                     details={"version": row.version, "reason": clean(data.reason), "changes": changes})
        session.commit()
    session.refresh(row)
    return row


@contextmanager
def _refusing_stale_amendment(session: Session, complication_id: int, expected_version: int) -> Iterator[None]:
    """A concurrent amendment shows as StaleDataError (the version check) or, if the revision's INSERT
    went first, as the unique (complication, version) violation: both become the ConflictError."""
    with refusing_stale(session, Complication, complication_id, entity="complication", what=_("this complication"),
                        expected_version=expected_version, labels=FIELD_LABELS):
        try:
            yield
        except IntegrityError as exc:
            if "complication_revision" not in str(exc) and "uq_complication_revision_version" not in str(exc):
                raise
            session.rollback()
            raise stale(session, Complication, complication_id, entity="complication", what=_("this complication"),
                        expected_version=expected_version, labels=FIELD_LABELS) from None


def mark_entered_in_error(session: Session, *, actor: StaffMember, complication_id: int, reason: str,
                          expected_version: int | None = None) -> Complication:
    """Flag a complication as entered in error (it stays, with its history; reports leave it out).

    Recorded as a revision like any amendment; open complication checks are cancelled. Raises
    ValidationError on ``reason`` (required), ClinicError if already flagged, NotFound, PermissionDenied,
    ConflictError when changed since ``expected_version`` (or concurrently).
    Audited as ``complication.entered_in_error``.
    """
    require(session, actor, Permission.record_complication)
    row = _load_complication(session, complication_id)
    check_version(session, row, expected_version, entity="complication", what=_("this complication"),
                  labels=FIELD_LABELS)
    if row.entered_in_error:
        raise ClinicError(_("This complication is already marked as entered in error."))
    if not clean(reason):
        raise ValidationError.single("reason", _("Say why this complication was entered in error."))
    if text_problem(reason, MAX_REASON):
        raise ValidationError.single("reason", text_problem(reason, MAX_REASON))  # type: ignore[arg-type]
    snapshot = row.model_dump(mode="json")
    changes = {"entered_in_error": [False, True], "error_reason": [row.error_reason, clean(reason)]}
    read_version = row.version
    with _refusing_stale_amendment(session, row.id, read_version if expected_version is None else expected_version):  # type: ignore[arg-type]
        session.add(ComplicationRevision(complication_id=row.id, version=read_version, changed_by_id=actor.id,  # type: ignore[arg-type]
                                         changed_at=utcnow(), reason=clean(reason), changes=changes, snapshot=snapshot))
        row.entered_in_error = True
        row.error_reason = clean(reason)
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        _cancel_checks(session, row, "Cancelled: the complication was entered in error.")
        audit.record(session, actor=actor, action="complication.entered_in_error", entity="complication",
                     entity_id=row.id, details={"reason": clean(reason), "changes": changes})
        session.commit()
    session.refresh(row)
    return row


@dataclass(frozen=True)
class FieldChange:
    """One field of one amendment: the field's name and label, the old and new values as shown."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a complication's history: version, when (aware UTC), who, why, and the field changes."""

    version: int
    at: datetime
    by: str
    reason: str
    changes: list[FieldChange]

    @property
    def created(self) -> bool:
        """True for the first entry (the complication as first recorded)."""
        return not self.changes and self.version == 1


def display_value(field_name: str, value: Any, *, session: Session | None = None) -> str:
    """A stored (JSON) value of a complication field as a person reads it ("Resolved", "12 Mar 2026", "—")."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field_name == "kind":
        return _(KIND_LABELS.get(ComplicationKind(value), str(value)))
    if field_name == "outcome":
        return _(OUTCOME_LABELS.get(ComplicationOutcome(value), str(value)))
    if field_name == "causality":
        return _(CAUSALITY_LABELS.get(Causality(value), str(value)))
    if field_name == "serious_criterion":
        return _(SERIOUS_LABELS.get(SeriousCriterion(value), str(value)))
    if field_name == "severity_grade":
        return f"{value} — {_(CTCAE_GRADES.get(int(value), ('?', ''))[0])}"
    if field_name == "product_use_id" and session is not None:
        use = session.get(ProductUse, int(value))
        return (_("{product}, batch {batch}").format(product=use.product_name, batch=use.batch_number) if use
                else _("product use {id}").format(id=value))
    if field_name.endswith("_date") or field_name.endswith("_on"):
        try:
            return short_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def complication_history(session: Session, complication_id: int, *, actor: StaffMember) -> list[HistoryEntry]:
    """The complication's history, oldest first: how it was first recorded, then each amendment field by
    field (old -> new, readable values). Needs ``view_clinical``; raises NotFound, PermissionDenied."""
    require(session, actor, Permission.view_clinical)
    row = _load_complication(session, complication_id)
    names = {s.id: s.full_name for s in session.exec(select(StaffMember))}
    revisions = list(session.exec(select(ComplicationRevision)
                                  .where(ComplicationRevision.complication_id == complication_id)
                                  .order_by(col(ComplicationRevision.version), col(ComplicationRevision.id))))
    entries = [HistoryEntry(version=1, at=row.recorded_at, by=names.get(row.recorded_by_id, "?"),  # type: ignore[arg-type]
                            reason=_("First recorded"), changes=[])]
    for rev in revisions:
        changes = [FieldChange(field=name, label=_(FIELD_LABELS.get(name, name)),
                               old=display_value(name, old, session=session),
                               new=display_value(name, new, session=session))
                   for name, (old, new) in rev.changes.items()]
        entries.append(HistoryEntry(version=rev.version + 1, at=rev.changed_at, by=names.get(rev.changed_by_id, "?"),  # type: ignore[arg-type]
                                    reason=rev.reason, changes=changes))
    return entries


def complications_for_patient(
    session: Session, patient_id: int, *, actor: StaffMember, include_in_error: bool = True
) -> list[Complication]:
    """The patient's complications, newest onset first (entered-in-error ones too unless told otherwise).

    Clinical detail: needs ``view_clinical`` (raises PermissionDenied, audited)."""
    require(session, actor, Permission.view_clinical)
    return _complications_of_patient(session, patient_id, include_in_error=include_in_error)


def _complications_of_patient(
    session: Session, patient_id: int, *, include_in_error: bool = True
) -> list[Complication]:
    stmt = select(Complication).where(Complication.patient_id == patient_id)
    if not include_in_error:
        stmt = stmt.where(col(Complication.entered_in_error).is_(False))
    return list(session.exec(stmt.order_by(col(Complication.onset_date).desc(), col(Complication.id).desc())))


def product_choices(session: Session, treatment_session_id: int) -> list[tuple[int, str]]:
    """(product use id, "Product — batch B123, expires 31 Jan 2027") for the treatment session's products, in
    the reader's language (the expiry written as the language writes dates)."""
    uses = session.exec(select(ProductUse).where(ProductUse.treatment_session_id == treatment_session_id)
                        .order_by(col(ProductUse.id)))
    out = []
    for use in uses:
        if use.expiry_date:
            label = _("{product} — batch {batch}, expires {expiry}").format(
                product=use.product_name, batch=use.batch_number, expiry=short_date(use.expiry_date))
        else:
            label = _("{product} — batch {batch}").format(product=use.product_name, batch=use.batch_number)
        out.append((use.id, label))  # type: ignore[arg-type]
    return out
