"""Recording treatment sessions with their product uses, and the follow-ups their protocol schedules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from clinic_desktop.models import (
    FollowUp,
    FollowUpKind,
    Patient,
    Product,
    ProductUse,
    ProductUseBatch,
    Role,
    StaffMember,
    TreatmentSession,
    utcnow,
)
from clinic_desktop.services import audit, messages
from clinic_desktop.services.clinic import clinic_zone, local_date
from clinic_desktop.services.errors import NotFound, ValidationError
from clinic_desktop.services.limits import MAX_ID, check_id, date_problem, quantity_problem, text_errors
from clinic_desktop.services.messages import _
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.protocols import bundled_protocols
from clinic_desktop.services.text import clean, clean_note

CLOCK_SKEW = timedelta(minutes=10)  # a treatment time this far ahead of the PC clock is still "now"
TREATING_ROLES = {Role.practitioner, Role.manager, Role.admin}
UNITS = ("ml", "mg", "units", "vials", "ampoules")
MAX_PRODUCTS = 50  # product uses on one treatment session


class ProductUseCreate(BaseModel):
    """One product applied: name, batch (lot) number, expiry date, quantity in ``unit`` (ml by default)."""

    product_name: str
    batch_number: str
    expiry_date: date | None = None
    quantity: float | None = None
    unit: str = "ml"
    gtin: str = ""  # AI 01 of a scanned GS1 label (the product is then found from it when known)


class TreatmentSessionCreate(BaseModel):
    """The record-treatment-session form. ``performed_at`` is an aware datetime (any zone; stored as UTC)."""

    patient_id: int
    practitioner_id: int
    treatment: str  # protocol id, e.g. "facial-mesotherapy"
    performed_at: datetime
    areas: str = ""
    notes: str = ""
    products: list[ProductUseCreate] = Field(default_factory=list)


def _validate(session: Session, data: TreatmentSessionCreate) -> dict[str, str]:
    errors: dict[str, str] = text_errors({"areas": data.areas, "notes": data.notes}, TreatmentSession)
    patient = session.get(Patient, data.patient_id) if 1 <= data.patient_id <= MAX_ID else None
    if patient is None or patient.archived:
        errors["patient_id"] = _("Choose the patient.")
    staff_id = data.practitioner_id
    practitioner = session.get(StaffMember, staff_id) if 1 <= staff_id <= MAX_ID else None
    if practitioner is None or not practitioner.active or Role(practitioner.role) not in TREATING_ROLES:
        errors["practitioner_id"] = _("Choose the practitioner who performed the treatment.")
    if not any(pid == data.treatment for pid, _ in bundled_protocols()):
        errors["treatment"] = _("Choose a treatment that has an aftercare protocol.")
    if len(clean(data.areas)) > 300:  # the column holds 300; the sheet prints any length
        errors["areas"] = _("Describe the treatment areas in 300 characters at most.")
    performed = data.performed_at
    if performed.tzinfo is None:
        errors["performed_at"] = _("The treatment time has no time zone (internal error).")
    elif date_problem(performed):  # year 1 or 9999 (any offset): refused before any time zone arithmetic
        errors["performed_at"] = _("The treatment date: {date_problem}").format(date_problem=date_problem(performed))
        performed = None  # type: ignore[assignment]
    elif performed > utcnow() + CLOCK_SKEW:
        errors["performed_at"] = _("The treatment date is in the future; record a treatment once it is done.")
    elif patient is not None and local_date(performed, clinic_zone(session)) < patient.date_of_birth:
        errors["performed_at"] = _("The treatment date is before the patient's date of birth.")
    zone = clinic_zone(session)
    treatment_day = local_date(performed, zone) if performed is not None and performed.tzinfo else None
    if len(data.products) > MAX_PRODUCTS:
        errors["products"] = _("At most {max_products} products can be recorded for one treatment session.").format(max_products=MAX_PRODUCTS)
    for i, product in enumerate(data.products[:MAX_PRODUCTS]):
        if not clean(product.product_name) and clean(product.gtin):
            from clinic_desktop.services.catalogue import product_for_gtin

            known = product_for_gtin(session, product.gtin)
            if known is not None:
                product.product_name = known.name
            else:
                errors[f"products[{i}].product_name"] = (
                    _("Product {number}: this barcode's product (GTIN {gtin}) is new to the catalogue; type its name once.").format(number=i + 1, gtin=clean(product.gtin)))
                continue
        names = {"product_name": product.product_name, "batch_number": product.batch_number}
        for key, problem in text_errors(names, ProductUse, prefix=f"products[{i}].").items():
            errors[key] = _("Product {number}: {problem}").format(number=i + 1, problem=problem)
        if date_problem(product.expiry_date):
            errors[f"products[{i}].expiry_date"] = _("Product {number}: {date_problem}").format(number=i + 1, date_problem=date_problem(product.expiry_date))
            continue
        if not clean(product.product_name):
            errors[f"products[{i}].product_name"] = _("Product {number}: enter the product's name.").format(number=i + 1)
        if not clean(product.batch_number):
            errors[f"products[{i}].batch_number"] = _("Product {number}: enter the batch (lot) number.").format(number=i + 1)
        expiry_day = product.expiry_date
        if expiry_day is not None and treatment_day is not None:
            if expiry_day < treatment_day:
                errors[f"products[{i}].expiry_date"] = (
                    _("Product {number} ({name}): expired on {date} — before the treatment date. An expired product cannot be recorded.").format(
                        number=i + 1, name=clean(product.product_name), date=messages.short_date(expiry_day))
                )
        if quantity_problem(product.quantity):
            errors[f"products[{i}].quantity"] = _("Product {number}: {quantity_problem}").format(number=i + 1, quantity_problem=quantity_problem(product.quantity))
        if product.unit not in UNITS:
            errors[f"products[{i}].unit"] = _("Product {number}: choose a unit ({join}).").format(number=i + 1, join=', '.join(UNITS))
    return errors


def record_treatment_session(session: Session, *, actor: StaffMember, data: TreatmentSessionCreate) -> TreatmentSession:
    """Record a performed treatment session, its product uses, and its follow-ups from the protocol schedule.

    Follow-ups fall on the treatment's local date + each scheduled day (e.g. facial: day 2 phone check,
    day 14 review, from the protocol file). One transaction; audited as ``treatment_session.create``.
    Raises ValidationError (fields: patient_id, practitioner_id, treatment, performed_at,
    products[i].product_name / batch_number / expiry_date / quantity / unit) and PermissionDenied.
    """
    require(session, actor, Permission.record_treatment_session)
    errors = _validate(session, data)
    if errors:
        raise ValidationError(errors)
    row = TreatmentSession(
        patient_id=data.patient_id,
        practitioner_id=data.practitioner_id,
        treatment=data.treatment,
        performed_at=data.performed_at,
        areas=clean(data.areas),
        notes=clean_note(data.notes),
        created_by_id=actor.id,
    )
    session.add(row)
    session.flush()
    from clinic_desktop.services.catalogue import resolve_batch

    for product in data.products:
        batch = resolve_batch(session, product_name=product.product_name, lot_number=product.batch_number,
                              expiry_date=product.expiry_date, gtin=product.gtin, unit=product.unit)
        catalogued = session.get(Product, batch.product_id)
        use = ProductUse(
            treatment_session_id=row.id,
            product_name=catalogued.name if catalogued else clean(product.product_name),
            batch_number=batch.lot_number,
            expiry_date=product.expiry_date,
            quantity=product.quantity,
            unit=product.unit,
        )
        session.add(use)
        session.flush()
        session.add(ProductUseBatch(product_use_id=use.id, batch_id=batch.id))  # type: ignore[arg-type]
    day0 = local_date(data.performed_at, clinic_zone(session))
    schedule = _follow_up_schedule(data.treatment)
    for day, kind in schedule:
        session.add(FollowUp(treatment_session_id=row.id, kind=FollowUpKind(kind), due_date=day0 + timedelta(days=day)))
    audit.record(session, actor=actor, action="treatment_session.create", entity="treatment_session",
                 entity_id=row.id, details={"treatment": data.treatment, "products": len(data.products)})
    session.commit()
    session.refresh(row)
    return row


def _follow_up_schedule(protocol_id: str) -> list[tuple[int, str]]:
    for (pid, _lang), bundled in sorted(bundled_protocols().items()):
        if pid == protocol_id:
            return list(bundled.protocol.follow_up_schedule)
    return []


def get_treatment_session(session: Session, treatment_session_id: int) -> TreatmentSession:
    """The treatment session with this id. Raises NotFound."""
    row = session.get(TreatmentSession, check_id(treatment_session_id, "treatment session"))
    if row is None:
        raise NotFound(_("There is no treatment session number {treatment_session_id}.").format(treatment_session_id=treatment_session_id))
    return row


def product_uses(session: Session, treatment_session_id: int) -> list[ProductUse]:
    """The products used in a treatment session, in the order recorded."""
    return list(session.exec(select(ProductUse).where(ProductUse.treatment_session_id == treatment_session_id)
                             .order_by(col(ProductUse.id))))


def practitioners(session: Session) -> list[StaffMember]:
    """Active staff who may be named as the treating practitioner, by name."""
    rows = session.exec(select(StaffMember).where(col(StaffMember.active).is_(True)).order_by(StaffMember.full_name))
    return [r for r in rows if Role(r.role) in TREATING_ROLES]


def treatment_sessions_for_patient(session: Session, patient_id: int) -> list[TreatmentSession]:
    """The patient's treatment sessions that are not archived, newest first."""
    return list(session.exec(
        select(TreatmentSession).where(TreatmentSession.patient_id == patient_id,
                                       col(TreatmentSession.archived).is_(False))
        .order_by(col(TreatmentSession.performed_at).desc())))
