"""Correcting the record: edits with a field-by-field history, never a silent overwrite.

Every correction of a patient, treatment session or product use writes one
:class:`~clinic_desktop.models.RecordRevision` per changed field (old value, new value, reason, staff member,
UTC time), sharing one *edit number* per correction, and one audit entry. A treatment session recorded by
mistake is marked "entered in error" (kept and shown, archived so lists and reports leave it out), and a
follow-up outcome recorded by mistake ("All well") is undone, the follow-up reopened. Nothing is deleted.

Reasons: a patient's contact details (:data:`CONTACT_FIELDS`: phone, e-mail, language, large print) change
without one; every other field (names, date of birth, sex, notes; everything on a treatment session or a
product use) needs a reason: an amendment of a clinical record must say who made it, when and why, and
leave the original readable (DESIGN.md's data rules; the NMC's *The Code*, section 10 "Keep clear and
accurate records").

Stale copies: every correction takes ``expected_version``, the version of the row the form was filled from.
When it is given and the row has moved on (someone else corrected it meanwhile), the correction is refused
with :class:`~clinic_desktop.services.errors.ConflictError` naming who changed it last and when. The version
is the row's ``version`` column when the model has one, else ``1 +`` the number of corrections recorded.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, func, select

from clinic_desktop.models import (
    AftercareIssuance,
    FollowUp,
    FollowUpStatus,
    IssuanceTreatmentSession,
    Patient,
    ProductUse,
    RecordRevision,
    StaffMember,
    TreatmentSession,
    utcnow,
)
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import SUPPORTED_LANGUAGES, clinic_zone, local_date, today
from clinic_desktop.services.errors import ConflictError, NotFound, ValidationError
from clinic_desktop.services.messages import N_, _, list_of, short_date, short_datetime, short_time
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.text import clean, clean_note

F = TypeVar("F", bound=Callable[..., Any])

#: Patient fields that change without a reason (contact details and sheet preferences).
CONTACT_FIELDS = frozenset({"phone", "email", "preferred_language", "large_print"})
#: Every patient field a correction may change, in form order.
PATIENT_FIELDS = (
    "given_names",
    "family_name",
    "date_of_birth",
    "sex",
    "phone",
    "email",
    "preferred_language",
    "large_print",
    "notes",
    "allergies",
    "conditions",
)
#: Treatment session fields a correction may change.
TREATMENT_SESSION_FIELDS = ("performed_at", "practitioner_id", "treatment", "areas", "notes")
#: Product use fields a correction may change.
PRODUCT_USE_FIELDS = ("product_name", "batch_number", "expiry_date", "quantity", "unit")
#: Fields printed on an aftercare sheet: a correction of one of them after an issuance makes that sheet out
#: of date (the sheet itself is kept exactly as handed).
SHEET_FIELDS = {
    "patient": frozenset(
        {"given_names", "family_name", "date_of_birth", "preferred_language", "large_print"}
    ),
    "treatment_session": frozenset(
        {"performed_at", "practitioner_id", "treatment", "areas", "entered_in_error"}
    ),
}

FIELD_LABELS: dict[str, str] = {
    "given_names": N_("given names"),
    "family_name": N_("family name"),
    "date_of_birth": N_("date of birth"),
    "sex": N_("sex"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
    "preferred_language": N_("language"),
    "large_print": N_("large print"),
    "notes": N_("notes"),
    "performed_at": N_("treatment time"),
    "practitioner_id": N_("practitioner"),
    "treatment": N_("treatment"),
    "areas": N_("areas"),
    "product_name": N_("product"),
    "batch_number": N_("batch number"),
    "expiry_date": N_("expiry date"),
    "quantity": N_("dose"),
    "unit": N_("unit"),
    "entered_in_error": N_("entered in error"),
    "patient_id": N_("patient"),
    "archived": N_("archived"),
    "status": N_("outcome"),
    "allergies": N_("allergies"),
    "conditions": N_("conditions"),
    "done_at": N_("done at"),
    "done_by_id": N_("done by"),
    "due_date": N_("due date"),
}
#: Who made a revision that no staff member made (the catalogue migration 0009).
PROGRAM_NAME = "Clinic Desktop (catalogue update)"
TABLE_LABELS = {
    "patient": "Patient details",
    "treatment_session": "Treatment session",
    "product_use": "Product use",
    "follow_up": "Follow-up",
    "complication": "Complication",
}


# ------------------------------------------------------------------------------------------ versions


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):  # an enum
        return value.value
    return value


def _last_revision(session: Session, table: str, row_id: int) -> RecordRevision | None:
    return session.exec(
        select(RecordRevision)
        .where(RecordRevision.table_name == table, RecordRevision.row_id == row_id)
        .order_by(col(RecordRevision.edit_number).desc(), col(RecordRevision.id).desc())
        .limit(1)
    ).first()


def _edit_count(session: Session, table: str, row_id: int) -> int:
    found = session.exec(
        select(func.max(RecordRevision.edit_number)).where(
            RecordRevision.table_name == table, RecordRevision.row_id == row_id
        )
    ).one()
    return int(found or 0)


def current_version(session: Session, table: str, row: Any) -> int:
    """The version of ``row`` (of ``table``) a form must send back as ``expected_version``.

    The row's ``version`` column when the model has one; otherwise 1 + the corrections recorded for it
    (1 for a row never corrected).
    """
    version = getattr(row, "version", None)
    if version is not None:
        return int(version)
    return 1 + _edit_count(session, table, row.id)


def _check_version(session: Session, table: str, row: Any, expected_version: int | None, what: str) -> None:
    """Raise ConflictError when ``expected_version`` is given and ``row`` has moved on since."""
    if expected_version is None:
        return
    now = current_version(session, table, row)
    if now == expected_version:
        return
    last = _last_revision(session, table, row.id)
    who = when = None
    fields: list[str] = []
    if last is not None:
        member = session.get(StaffMember, last.changed_by_id) if last.changed_by_id else None
        who = member.full_name if member else None
        when = last.changed_at
        fields = list(
            session.exec(
                select(RecordRevision.field).where(
                    RecordRevision.table_name == table,
                    RecordRevision.row_id == row.id,
                    RecordRevision.edit_number == last.edit_number,
                )
            )
        )
    # Translators: {record} names the record ("this treatment session", "Zoë Roy's record"); it may be the
    # subject in English and the object in another language.
    if when is not None:
        local = when.astimezone(clinic_zone(session))
        sentence = (_("{record} was changed by {who} at {time} on {date} after you opened it.") if who else
                    _("{record} was changed at {time} on {date} after you opened it.")).format(
            record=what, who=who, time=short_time(local), date=short_date(local))
    else:
        sentence = _("{record} was changed after you opened it.").format(record=what)
    parts = [sentence[:1].upper() + sentence[1:]]
    if fields:
        parts.append(_("Changed: {fields}.").format(
            fields=list_of([_(FIELD_LABELS.get(f, f)) for f in fields])))
    parts.append(_("Nothing was saved: reload it to see the current details (in a form, Reload keeps what "
                   "you typed)."))
    raise ConflictError(
        " ".join(parts),
        changed_by=who,
        changed_at=when,
        fields=fields,
        current_version=now,
    )


def _record(
    session: Session,
    *,
    actor: StaffMember,
    table: str,
    row_id: int,
    changes: dict[str, tuple[Any, Any]],
    reason: str,
) -> int:
    """Add one RecordRevision per changed field (one edit number); returns the edit number."""
    number = _edit_count(session, table, row_id) + 1
    at = utcnow()
    for name, (old, new) in changes.items():
        session.add(
            RecordRevision(
                table_name=table,
                row_id=row_id,
                edit_number=number,
                field=name,
                old_value=_jsonable(old),
                new_value=_jsonable(new),
                reason=reason,
                changed_by_id=actor.id,
                changed_at=at,
            )
        )  # type: ignore[arg-type]
    return number


def _record_audited(
    session: Session,
    *,
    actor: StaffMember,
    table: str,
    row_id: int,
    changes: dict[str, tuple[Any, Any]],
    reason: str,
    action: str,
    **details: Any,
) -> int:
    """:func:`_record` the field revisions, then one audit entry ``action`` on ``table``/``row_id`` with the
    edit number, the reason, each change ``[old, new]`` and ``details``; returns the edit number."""
    number = _record(session, actor=actor, table=table, row_id=row_id, changes=changes, reason=reason)
    audit.record(
        session,
        actor=actor,
        action=action,
        entity=table,
        entity_id=row_id,
        details={
            "edit": number,
            "reason": reason,
            **details,
            "changes": {k: [_jsonable(o), _jsonable(n)] for k, (o, n) in changes.items()},
        },
    )
    return number


def _refusing_concurrent_writes(what: str) -> Callable[[F], F]:
    """Decorate a correction service: a ``StaleDataError`` raised anywhere inside it (an autoflush in a query
    as much as the final commit) becomes ConflictError, after a rollback — another workstation saved the
    same row between this one's read and its write. Nothing is saved then. ``what`` names the record as the
    object of a verb, marked with ``N_`` (the decorator runs at import, before any language is chosen): it
    is translated when the conflict is raised."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(session: Session, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(session, *args, **kwargs)
            except StaleDataError as exc:
                session.rollback()
                sentence = _("{record} was changed on another workstation while you were saving.").format(
                    record=_(what))
                raise ConflictError(
                    sentence[:1].upper() + sentence[1:] + " "
                    + _("Nothing was saved: reload it to see the current details (in a form, Reload keeps what "
                        "you typed).")
                ) from exc

        return inner  # type: ignore[return-value]

    return wrap


def _commit(session: Session, what: str) -> None:
    """Commit; a write over a row another workstation changed meanwhile becomes a ConflictError."""
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        sentence = _("{record} was changed on another workstation while you were saving.").format(record=what)
        raise ConflictError(
            sentence[:1].upper() + sentence[1:] + " "
            + _("Nothing was saved: open it again to see the current details.")
        ) from exc


def _diff(row: Any, new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {k: (getattr(row, k), v) for k, v in new.items() if _jsonable(getattr(row, k)) != _jsonable(v)}


def _need_reason(reason: str, asked: str) -> str:
    """``reason`` tidied; ValidationError on ``reason`` with ``asked`` (the translated request) when empty."""
    text = clean(reason)
    if not text:
        raise ValidationError.single("reason", asked)
    return text


# ------------------------------------------------------------------------------------------ patients


@_refusing_concurrent_writes(N_("the patient's record"))
def edit_patient(
    session: Session,
    *,
    actor: StaffMember,
    patient_id: int,
    data: Any,
    reason: str = "",
    expected_version: int | None = None,
) -> Patient:
    """Correct a patient's details (``data`` is a :class:`~clinic_desktop.services.patients.PatientCreate`).

    Each changed field is kept in the revision history (old and new value). A reason is needed when a field
    other than :data:`CONTACT_FIELDS` changes. Nothing changed: nothing recorded, the patient is returned.
    Raises ValidationError (the create form's fields, and ``reason``), ConflictError (``expected_version``
    is stale), NotFound, PermissionDenied (``edit_patients``). Audited as ``patient.amend``.
    """
    from clinic_desktop.services.emails import normalised_email
    from clinic_desktop.services.patients import ALERT_CONDITIONS, _validate, get_patient, patient_search_text

    require(session, actor, Permission.edit_patients)
    patient = get_patient(session, patient_id)
    errors = _validate(session, data, stored_sex=patient.sex)
    given, family = clean(data.given_names), clean(data.family_name)
    if not given:
        given, family = family, ""
    new = {
        "given_names": given,
        "family_name": family,
        "date_of_birth": data.date_of_birth,
        "sex": data.sex or None,
        "phone": clean(data.phone),
        "email": normalised_email(data.email)[0],  # as create_patient stores it
        "preferred_language": data.preferred_language,
        "large_print": bool(data.large_print),
        "notes": clean_note(data.notes),
        "allergies": clean(data.allergies),
        "conditions": [c for c in ALERT_CONDITIONS if c in data.conditions],
    }
    changes = _diff(patient, new)
    clinical = [k for k in changes if k not in CONTACT_FIELDS]
    if clinical and not clean(reason) and not errors:
        named = list_of([_(FIELD_LABELS[k]) for k in clinical])
        errors["reason"] = (_("Say why the {fields} is being corrected (kept in the history).") if len(clinical) == 1
                            else _("Say why the {fields} are being corrected (kept in the history).")).format(
            fields=named)
    if errors:
        raise ValidationError(errors)
    _check_version(session, "patient", patient, expected_version, _("{name}'s record").format(name=patient.display_name))
    if not changes:
        return patient
    for k, (_old, value) in changes.items():
        setattr(patient, k, value)
    patient.search_text = patient_search_text(patient)
    session.add(patient)
    _record_audited(session, actor=actor, table="patient", row_id=patient.id,  # type: ignore[arg-type]
                    changes=changes, reason=clean(reason), action="patient.amend")
    _commit(session, _("the patient's record"))
    session.refresh(patient)
    return patient


# ---------------------------------------------------------------------------------------- treatment sessions


class ProductUseCorrection(BaseModel):
    """The corrected product use: product, batch (lot) number, expiry date, dose (``quantity`` in
    ``unit``)."""

    product_name: str
    batch_number: str
    expiry_date: date | None = None
    quantity: float | None = None
    unit: str = "ml"


class TreatmentSessionCorrection(BaseModel):
    """The corrected fields of a treatment session (``performed_at`` aware, any zone; stored as UTC).

    ``products`` maps the id of each of the treatment session's product uses to its corrected fields (only
    the ones shown in the form; a product use left out is unchanged).
    """

    practitioner_id: int
    treatment: str
    performed_at: datetime
    areas: str = ""
    notes: str = ""
    products: dict[int, ProductUseCorrection] = {}


def _treatment_session(session: Session, treatment_session_id: int) -> TreatmentSession:
    row = session.get(TreatmentSession, treatment_session_id)
    if row is None:
        raise NotFound(_("There is no treatment session number {treatment_session_id}.").format(treatment_session_id=treatment_session_id))
    if row.entered_in_error:
        raise ValidationError.single(
            "treatment_session_id",
            _("This treatment session was marked as entered in error; it cannot be corrected."),
        )
    return row


def _product_changes(
    session: Session,
    ts: TreatmentSession,
    use: ProductUse,
    data: ProductUseCorrection,
    performed_at: datetime,
    prefix: str = "",
) -> tuple[dict[str, tuple[Any, Any]], dict[str, str]]:
    """(changes, errors) of one product use; errors keyed ``prefix + field``, validated as when recording
    (an expired batch on the treatment date is refused)."""
    from clinic_desktop.services.treatments import ProductUseCreate, TreatmentSessionCreate
    from clinic_desktop.services.treatments import _validate as validate_treatment

    found = validate_treatment(
        session,
        TreatmentSessionCreate(
            patient_id=ts.patient_id,
            practitioner_id=ts.practitioner_id,
            treatment=ts.treatment,
            performed_at=performed_at,
            products=[ProductUseCreate(**data.model_dump())],
        ),
    )
    errors = {}
    # "Product 1: enter the batch…" / "Produit 1 : entrez…": the form has one product; drop its number
    product = _("Product {number}: {date_problem}").partition("{number}")[0]
    numbered = re.compile(rf"^{re.escape(product)}1(?:\s*:\s*|\s+)")
    for key, message in found.items():
        if key.startswith("products[0]."):
            text = numbered.sub("", message, count=1)
            errors[prefix + key.removeprefix("products[0].")] = text[:1].upper() + text[1:]
    if errors:  # refused: the catalogue is not asked about text that cannot be stored (a NUL on PostgreSQL)
        return {}, errors
    from clinic_desktop.services.catalogue import canonical

    name, lot = canonical(session, data.product_name, data.batch_number)  # the catalogue's spelling
    new = {
        "product_name": name,
        "batch_number": lot,
        "expiry_date": data.expiry_date,
        "quantity": data.quantity,
        "unit": data.unit,
    }
    return _diff(use, new), errors


def _apply_product(session: Session, use: ProductUse, changes: dict[str, tuple[Any, Any]]) -> None:
    """Write a product use's changes and point it at its catalogue batch (added when new)."""
    from clinic_desktop.models import ProductUseBatch
    from clinic_desktop.services.catalogue import resolve_batch

    for k, (_old, value) in changes.items():
        setattr(use, k, value)
    session.add(use)
    batch = resolve_batch(
        session,
        product_name=use.product_name,
        lot_number=use.batch_number,
        expiry_date=use.expiry_date,
        unit=use.unit,
    )
    link = session.get(ProductUseBatch, use.id) or ProductUseBatch(product_use_id=use.id, batch_id=batch.id)  # type: ignore[arg-type]
    link.batch_id = batch.id  # type: ignore[assignment]
    session.add(link)


@_refusing_concurrent_writes(N_("this treatment session"))
def correct_treatment_session(
    session: Session,
    *,
    actor: StaffMember,
    treatment_session_id: int,
    data: TreatmentSessionCorrection,
    reason: str,
    expected_version: int | None = None,
    product_versions: dict[int, int] | None = None,
) -> TreatmentSession:
    """Correct a treatment session's time, practitioner, treatment, areas, notes and product uses (product,
    batch, expiry, dose), with one reason, in one transaction: all of it is saved or none.

    When the treatment's local date moves, its follow-ups still pending (never attempted) move by the same
    number of days (each move kept in the history). Aftercare sheets already issued are not touched: the
    history shows them as issued before the correction (:func:`issuance_corrections`).
    ``product_versions`` maps product use id to the version the form read (stale ones are refused).
    Raises ValidationError (``practitioner_id``, ``treatment``, ``performed_at``, ``reason``,
    ``products[<id>].<field>``), ConflictError, NotFound, PermissionDenied (``record_treatment_session``).
    Audited as ``treatment_session.correct`` (and ``product_use.correct`` per product use changed).
    """
    from clinic_desktop.services.treatments import TreatmentSessionCreate
    from clinic_desktop.services.treatments import _validate as validate_treatment

    require(session, actor, Permission.record_treatment_session)
    row = _treatment_session(session, treatment_session_id)
    errors = validate_treatment(
        session,
        TreatmentSessionCreate(
            patient_id=row.patient_id,
            practitioner_id=data.practitioner_id,
            treatment=data.treatment,
            performed_at=data.performed_at,
            areas=data.areas,
            notes=data.notes,
        ),
    )
    errors.pop("patient_id", None)  # an archived patient's treatment session can still be corrected
    performed = data.performed_at.astimezone(UTC) if data.performed_at.tzinfo else data.performed_at
    new = {
        "performed_at": performed,
        "practitioner_id": data.practitioner_id,
        "treatment": data.treatment,
        "areas": clean(data.areas),
        "notes": clean_note(data.notes),
    }
    changes = _diff(row, new)
    product_changes: dict[int, dict[str, tuple[Any, Any]]] = {}
    uses: dict[int, ProductUse] = {}
    for use_id, fix in data.products.items():
        use = session.get(ProductUse, use_id)
        if use is None or use.treatment_session_id != row.id:
            raise NotFound(_("There is no product use number {use_id} in this treatment session.").format(use_id=use_id))
        uses[use_id] = use
        found, problems = _product_changes(
            session,
            row,
            use,
            fix,
            performed if performed.tzinfo else row.performed_at,
            prefix=f"products[{use_id}].",
        )  # type: ignore[arg-type]
        errors.update(problems)
        if found:
            product_changes[use_id] = found
    if (changes or product_changes) and not clean(reason) and not errors:
        errors["reason"] = _("Say why this treatment session is being corrected (kept in the history).")
    if errors:
        raise ValidationError(errors)
    _check_version(session, "treatment_session", row, expected_version, _("this treatment session"))
    for use_id in product_changes:
        _check_version(
            session,
            "product_use",
            uses[use_id],
            (product_versions or {}).get(use_id),
            _("a product use of this treatment session"),
        )
    if not changes and not product_changes:
        return row
    why = clean(reason)
    zone = clinic_zone(session)
    shift = timedelta(0)
    if "performed_at" in changes:
        shift = local_date(performed, zone) - local_date(row.performed_at, zone)  # type: ignore[arg-type]
    number = None
    if changes:
        for k, (_old, value) in changes.items():
            setattr(row, k, value)
        session.add(row)
        number = _record(
            session,
            actor=actor,
            table="treatment_session",
            row_id=row.id,  # type: ignore[arg-type]
            changes=changes,
            reason=why,
        )
    for use_id, found in product_changes.items():
        use = uses[use_id]
        _apply_product(session, use, found)
        _record_audited(session, actor=actor, table="product_use", row_id=use_id, changes=found, reason=why,
                        action="product_use.correct", treatment_session_id=row.id)
    moved = []
    if shift:
        for fu in session.exec(
            select(FollowUp).where(
                FollowUp.treatment_session_id == row.id,
                FollowUp.status == FollowUpStatus.pending,
                FollowUp.attempts == 0,
            )
        ):
            _record(
                session,
                actor=actor,
                table="follow_up",
                row_id=fu.id,  # type: ignore[arg-type]
                changes={"due_date": (fu.due_date, fu.due_date + shift)},
                reason=f"treatment session moved: {why}",
            )
            fu.due_date = fu.due_date + shift
            session.add(fu)
            moved.append(fu.id)
    if changes:
        audit.record(
            session,
            actor=actor,
            action="treatment_session.correct",
            entity="treatment_session",
            entity_id=row.id,
            details={
                "edit": number,
                "reason": why,
                "follow_ups_moved": moved,
                "changes": {k: [_jsonable(o), _jsonable(n)] for k, (o, n) in changes.items()},
            },
        )
    _commit(session, _("this treatment session"))
    session.refresh(row)
    return row


@_refusing_concurrent_writes(N_("this treatment session"))
def mark_treatment_session_entered_in_error(
    session: Session,
    *,
    actor: StaffMember,
    treatment_session_id: int,
    reason: str,
    expected_version: int | None = None,
) -> TreatmentSession:
    """Flag a treatment session recorded by mistake: kept and shown (marked) in the patient's history,
    archived so today's list, recall and reports leave it out; its open follow-ups are cancelled.

    Raises ValidationError (``reason`` empty; already entered in error), ConflictError, NotFound,
    PermissionDenied (``record_treatment_session``). Audited as ``treatment_session.entered_in_error``.
    """
    require(session, actor, Permission.record_treatment_session)
    row = _treatment_session(session, treatment_session_id)
    why = _need_reason(reason, _("Say why this treatment session was entered in error (kept in the history)."))
    _check_version(session, "treatment_session", row, expected_version, _("this treatment session"))
    changes = {"entered_in_error": (False, True)}
    row.entered_in_error = True
    row.error_reason = why
    row.archived = True
    session.add(row)
    number = _record(
        session,
        actor=actor,
        table="treatment_session",
        row_id=row.id,  # type: ignore[arg-type]
        changes=changes,
        reason=why,
    )
    cancelled = []
    for fu in session.exec(
        select(FollowUp).where(
            FollowUp.treatment_session_id == row.id,
            col(FollowUp.status).in_([FollowUpStatus.pending, FollowUpStatus.not_reached]),
        )
    ):
        _record(
            session,
            actor=actor,
            table="follow_up",
            row_id=fu.id,  # type: ignore[arg-type]
            changes={"status": (fu.status, FollowUpStatus.cancelled)},
            reason=f"treatment session entered in error: {why}",
        )
        fu.status = FollowUpStatus.cancelled
        line = (
            f"{today(session).isoformat()} cancelled: treatment session entered in error ({actor.full_name})."
        )
        fu.notes = (fu.notes + "\n" + line).strip() if fu.notes else line
        session.add(fu)
        cancelled.append(fu.id)
    audit.record(
        session,
        actor=actor,
        action="treatment_session.entered_in_error",
        entity="treatment_session",
        entity_id=row.id,
        details={"edit": number, "reason": why, "follow_ups_cancelled": cancelled},
    )
    _commit(session, _("this treatment session"))
    session.refresh(row)
    return row


# ------------------------------------------------------------------------------------------ product uses


@_refusing_concurrent_writes(N_("this product use"))
def correct_product_use(
    session: Session,
    *,
    actor: StaffMember,
    product_use_id: int,
    data: ProductUseCorrection,
    reason: str,
    expected_version: int | None = None,
) -> ProductUse:
    """Correct one product use (e.g. a mistyped batch number), with a reason. An expired batch is refused as
    when recording. Raises ValidationError (``product_name``, ``batch_number``, ``expiry_date``,
    ``quantity``, ``unit``, ``reason``), ConflictError, NotFound, PermissionDenied
    (``record_treatment_session``). Audited as ``product_use.correct``.
    """
    require(session, actor, Permission.record_treatment_session)
    use = session.get(ProductUse, product_use_id)
    if use is None:
        raise NotFound(_("There is no product use number {product_use_id}.").format(product_use_id=product_use_id))
    ts = _treatment_session(session, use.treatment_session_id)
    changes, errors = _product_changes(session, ts, use, data, ts.performed_at)  # type: ignore[arg-type]
    if changes and not clean(reason) and not errors:
        errors["reason"] = _("Say why this product use is being corrected (kept in the history).")
    if errors:
        raise ValidationError(errors)
    _check_version(session, "product_use", use, expected_version, _("this product use"))
    if not changes:
        return use
    _apply_product(session, use, changes)
    _record_audited(session, actor=actor, table="product_use", row_id=use.id,  # type: ignore[arg-type]
                    changes=changes, reason=clean(reason), action="product_use.correct",
                    treatment_session_id=ts.id)
    _commit(session, _("this product use"))
    session.refresh(use)
    return use


# ------------------------------------------------------------------------------------------ follow-ups


@_refusing_concurrent_writes(N_("this follow-up"))
def reopen_follow_up(
    session: Session,
    *,
    actor: StaffMember,
    follow_up_id: int,
    reason: str,
    expected_version: int | None = None,
) -> FollowUp:
    """Undo an "All well" recorded by mistake: the follow-up is open (pending) again, due as before.

    The outcome, who recorded it and when stay in the history (and a dated line in the follow-up's notes).
    Raises ValidationError (``reason`` empty; ``follow_up_id`` not "All well"), ConflictError, NotFound,
    PermissionDenied (``record_follow_up``). Audited as ``follow_up.reopened``.
    """
    from clinic_desktop.services.followups import STATUS_LABELS

    require(session, actor, Permission.record_follow_up)
    fu = session.get(FollowUp, follow_up_id)
    if fu is None:
        raise NotFound(_("There is no follow-up number {follow_up_id}.").format(follow_up_id=follow_up_id))
    status = FollowUpStatus(fu.status)
    if status != FollowUpStatus.all_well:
        raise ValidationError.single(
            "follow_up_id", _("Only an “All well” can be undone; this follow-up is “{status_labels}”.").format(status_labels=_(STATUS_LABELS[status]))
        )
    why = _need_reason(reason, _("Say why the “All well” is being undone (kept in the history)."))
    _check_version(session, "follow_up", fu, expected_version, _("this follow-up"))
    changes = {
        "status": (fu.status, FollowUpStatus.pending),
        "done_at": (fu.done_at, None),
        "done_by_id": (fu.done_by_id, None),
    }
    number = _record(
        session,
        actor=actor,
        table="follow_up",
        row_id=fu.id,
        changes=changes,  # type: ignore[arg-type]
        reason=why,
    )
    fu.status = FollowUpStatus.pending
    fu.done_at = None
    fu.done_by_id = None
    line = f"{today(session).isoformat()} “All well” entered in error ({actor.full_name}): {why}; reopened."
    fu.notes = (fu.notes + "\n" + line).strip() if fu.notes else line
    session.add(fu)
    audit.record(
        session,
        actor=actor,
        action="follow_up.reopened",
        entity="follow_up",
        entity_id=fu.id,
        details={"edit": number, "reason": why, "was": status.value},
    )
    _commit(session, _("this follow-up"))
    session.refresh(fu)
    return fu


# ------------------------------------------------------------------------------------------ patients merged


@_refusing_concurrent_writes(N_("one of these patients' records"))
def merge_patients(
    session: Session, *, actor: StaffMember, keep_id: int, merge_id: int, reason: str,
    expected_versions: dict[int, int] | None = None,
) -> Patient:
    """Merge duplicate patient ``merge_id`` into ``keep_id`` (case C17, the same person recorded twice).

    Every treatment session (with its aftercare sheets and follow-ups) and complication moves to the patient
    kept, each move kept in the revision history; the duplicate is archived, with a pointer to the one kept
    (:class:`~clinic_desktop.models.PatientMerge`), and both patients' histories show the merge.
    ``expected_versions`` maps patient id to the version the form read (a stale one: ConflictError). Needs
    ``manage_catalogue`` (managers, admins: the same governance role as merging products). Raises
    ValidationError (``merge_id``: the same patient or already merged; ``reason``), NotFound,
    PermissionDenied. Audited as ``patient.merge``.
    """
    from clinic_desktop.models import Complication, PatientMerge
    from clinic_desktop.services.patients import get_patient

    require(session, actor, Permission.manage_catalogue)
    keep, gone = get_patient(session, keep_id), get_patient(session, merge_id)
    if keep.id == gone.id:
        raise ValidationError.single("merge_id", _("Choose two different patients to merge."))
    if session.get(PatientMerge, gone.id) is not None or session.get(PatientMerge, keep.id) is not None:
        raise ValidationError.single("merge_id", _("One of these patients was already merged into another."))
    for p in (keep, gone):
        _check_version(session, "patient", p, (expected_versions or {}).get(p.id),  # type: ignore[arg-type]
                       _("{name}'s record").format(name=p.display_name))
    why = _need_reason(reason, _("Say why these two records are one patient (kept in the history)."))
    moved: dict[str, list[int]] = {"treatment_session": [], "complication": []}
    for model, table in ((TreatmentSession, "treatment_session"), (Complication, "complication")):
        for row in session.exec(select(model).where(model.patient_id == gone.id)):  # type: ignore[attr-defined]
            _record(
                session,
                actor=actor,
                table=table,
                row_id=row.id,
                changes={"patient_id": (gone.id, keep.id)},
                reason=f"patients merged: {why}",
            )
            row.patient_id = keep.id
            session.add(row)
            moved[table].append(row.id)
    _record(
        session,
        actor=actor,
        table="patient",
        row_id=gone.id,
        changes={"archived": (gone.archived, True)},  # type: ignore[arg-type]
        reason=f"merged into {keep.display_name} (patient {keep.id}): {why}",
    )
    gone.archived = True
    session.add(gone)
    session.add(
        PatientMerge(
            merged_patient_id=gone.id,
            kept_patient_id=keep.id,
            merged_by_id=actor.id,  # type: ignore[arg-type]
            reason=why,
        )
    )
    audit.record(
        session,
        actor=actor,
        action="patient.merge",
        entity="patient",
        entity_id=keep.id,
        details={
            "merged_patient_id": gone.id,
            "reason": why,
            "treatment_sessions": moved["treatment_session"],
            "complications": moved["complication"],
        },
    )
    _commit(session, _("one of these patients"))
    session.refresh(keep)
    return keep


@dataclass(frozen=True)
class MergeNote:
    """A merge seen from one patient: ``kept`` is True on the patient kept. When (aware UTC), who, why."""

    other_id: int
    other_name: str
    kept: bool
    merged_at: datetime
    merged_by: str
    reason: str


def merges_of(session: Session, patient_id: int) -> list[MergeNote]:
    """The merges this patient took part in (as the one kept or the one merged), newest first."""
    from clinic_desktop.models import PatientMerge

    notes = []
    for m in session.exec(
        select(PatientMerge).where(
            (PatientMerge.kept_patient_id == patient_id) | (PatientMerge.merged_patient_id == patient_id)
        )
    ):
        kept = m.kept_patient_id == patient_id
        other = session.get(Patient, m.merged_patient_id if kept else m.kept_patient_id)
        member = session.get(StaffMember, m.merged_by_id)
        notes.append(
            MergeNote(
                other.id if other else 0,
                other.display_name if other else "?",
                kept,  # type: ignore[arg-type]
                m.merged_at,
                member.full_name if member else "?",
                m.reason,
            )
        )  # type: ignore[arg-type]
    return sorted(notes, key=lambda n: n.merged_at, reverse=True)


# ------------------------------------------------------------------------------------------ history


@dataclass(frozen=True)
class FieldChange:
    """One field of a correction, in words: ``label`` ("batch number"), ``old`` and ``new`` as shown."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Correction:
    """One correction (one edit number of one row): when (aware UTC), who, why, and the fields changed."""

    table_name: str
    row_id: int
    edit_number: int
    changed_at: datetime
    changed_by: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    first_revision_id: int = 0  # id of its first RecordRevision row (a stable key for the history)

    @property
    def summary(self) -> str:
        """E.g. ``batch number: “A1” → “A7”; expiry date: — → 01 Mar 2027``."""
        return _("; ").join(_("{field}: {old} → {new}").format(field=c.label, old=c.old, new=c.new)
                            for c in self.changes)


def display_value(field_name: str, value: Any, *, session: Session | None = None) -> str:
    """A stored revision value (JSON) in words for the history, in the current language: dates as
    ``17 May 1990``, times in the clinic's zone, staff ids as names, yes/no, language names, the alert
    conditions' and follow-up outcomes' labels; text quoted (“Lopez” / « Lopez »); nothing as "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field_name == "conditions" and isinstance(value, list):
        from clinic_desktop.services.patients import ALERT_CONDITIONS

        return ", ".join(_(ALERT_CONDITIONS[c]) if c in ALERT_CONDITIONS else c for c in value) or "—"
    if field_name == "patient_id" and session is not None:
        found = session.get(Patient, value)
        return (_("{name} (patient {id})").format(name=found.display_name, id=value) if found
                else _("patient {id}").format(id=value))
    if field_name in ("practitioner_id", "done_by_id") and session is not None:
        member = session.get(StaffMember, value)
        return member.full_name if member else _("staff member {id}").format(id=value)
    if field_name == "preferred_language":
        return SUPPORTED_LANGUAGES.get(value, value)
    if field_name == "status":
        from clinic_desktop.services.followups import STATUS_LABELS

        try:
            return _(STATUS_LABELS[FollowUpStatus(value)])
        except ValueError:
            return str(value)
    if field_name == "treatment":
        from clinic_desktop.services.followups import treatment_names

        return treatment_names().get(value, value)
    if field_name in ("performed_at", "done_at") and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        zone = clinic_zone(session) if session is not None else None
        return short_datetime(moment.astimezone(zone)) if zone else moment.isoformat()
    if field_name in ("date_of_birth", "expiry_date", "due_date") and isinstance(value, str):
        return short_date(date.fromisoformat(value))
    if isinstance(value, str):
        # Translators: a text value of a record quoted in its history ("family name: “Lopez” → “López”")
        return _("“{text}”").format(text=value)
    return str(value)


def correction_title(fix: Correction) -> str:
    """What a correction did, in a few words: "Patient details corrected", "“All well” undone",
    "Treatment session marked entered in error", "Follow-up cancelled"…"""
    fields = {c.field: c for c in fix.changes}
    if fix.table_name == "follow_up" and "status" in fields:
        if fields["status"].old in ("All well", _("All well")):
            return _("“All well” undone")
        if fields["status"].new in ("Cancelled", _("Cancelled")):
            return _("Follow-up cancelled")
    if fix.table_name == "follow_up" and "due_date" in fields:
        return _("Follow-up moved")
    if fix.table_name == "treatment_session" and "entered_in_error" in fields:
        return _("Treatment session marked entered in error")
    return {"patient": _("Patient details corrected"), "treatment_session": _("Treatment session corrected"),
            "product_use": _("Product use corrected"), "follow_up": _("Follow-up corrected")}.get(
        fix.table_name, _("{record} corrected").format(record=fix.table_name))


def _corrections(session: Session, rows: Iterable[RecordRevision]) -> list[Correction]:
    staff = {s.id: s.full_name for s in session.exec(select(StaffMember))}
    grouped: dict[tuple[str, int, int], list[RecordRevision]] = {}
    for r in rows:
        grouped.setdefault((r.table_name, r.row_id, r.edit_number), []).append(r)
    out = []
    for (table, row_id, number), revs in grouped.items():
        first = revs[0]
        out.append(
            Correction(
                table_name=table,
                row_id=row_id,
                edit_number=number,
                changed_at=first.changed_at,  # type: ignore[arg-type]
                changed_by=staff.get(first.changed_by_id, "?") if first.changed_by_id else PROGRAM_NAME,
                reason=first.reason,
                changes=[
                    FieldChange(
                        r.field,
                        _(FIELD_LABELS.get(r.field, r.field)),
                        display_value(r.field, r.old_value, session=session),
                        display_value(r.field, r.new_value, session=session),
                    )
                    for r in revs
                ],
                first_revision_id=first.id or 0,
            )
        )
    out.sort(key=lambda c: (c.changed_at, c.edit_number), reverse=True)
    return out


def _patient_rows(session: Session, patient_id: int) -> dict[str, list[int]]:
    sessions = list(
        session.exec(select(TreatmentSession.id).where(TreatmentSession.patient_id == patient_id))
    )
    uses = (
        list(session.exec(select(ProductUse.id).where(col(ProductUse.treatment_session_id).in_(sessions))))
        if sessions
        else []
    )
    follow_ups = (
        list(session.exec(select(FollowUp.id).where(col(FollowUp.treatment_session_id).in_(sessions))))
        if sessions
        else []
    )
    from clinic_desktop.models import Complication

    complications = list(session.exec(select(Complication.id).where(Complication.patient_id == patient_id)))
    return {
        "patient": [patient_id],
        "treatment_session": sessions,
        "product_use": uses,
        "follow_up": follow_ups,
        "complication": complications,
    }


def patient_corrections(session: Session, patient_id: int) -> list[Correction]:
    """Every correction of the patient, their treatment sessions, product uses, follow-ups and
    complications, newest first."""
    found: list[RecordRevision] = []
    for table, ids in _patient_rows(session, patient_id).items():
        if ids:
            found.extend(
                session.exec(
                    select(RecordRevision)
                    .where(RecordRevision.table_name == table, col(RecordRevision.row_id).in_(ids))
                    .order_by(col(RecordRevision.id))
                )
            )
    return _corrections(session, found)


def row_corrections(session: Session, table: str, row_id: int) -> list[Correction]:
    """The corrections of one row (``table`` e.g. "product_use"), newest first."""
    return _corrections(
        session,
        session.exec(
            select(RecordRevision)
            .where(RecordRevision.table_name == table, RecordRevision.row_id == row_id)
            .order_by(col(RecordRevision.id))
        ),
    )


def issuance_corrections(session: Session, issuance: AftercareIssuance) -> list[Correction]:
    """Corrections made after ``issuance`` to something printed on its sheet (the patient's name, date of
    birth, language or large print; a covered treatment session's time, practitioner, treatment or areas,
    or its being entered in error), newest first. Empty when the sheet is still right."""
    covered = list(
        session.exec(
            select(IssuanceTreatmentSession.treatment_session_id).where(
                IssuanceTreatmentSession.issuance_id == issuance.id
            )
        )
    ) or [issuance.treatment_session_id]
    ts = session.get(TreatmentSession, issuance.treatment_session_id)
    rows = list(
        session.exec(
            select(RecordRevision)
            .where(
                RecordRevision.changed_at > issuance.issued_at,  # type: ignore[operator]
                (
                    (RecordRevision.table_name == "treatment_session")
                    & col(RecordRevision.row_id).in_(covered)
                    & col(RecordRevision.field).in_(sorted(SHEET_FIELDS["treatment_session"]))
                )
                | (
                    (RecordRevision.table_name == "patient")
                    & (RecordRevision.row_id == (ts.patient_id if ts else -1))
                    & col(RecordRevision.field).in_(sorted(SHEET_FIELDS["patient"]))
                ),
            )
            .order_by(col(RecordRevision.id))
        )
    )
    return _corrections(session, rows)
