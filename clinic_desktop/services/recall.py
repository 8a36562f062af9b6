"""Batch recall: every patient treated with a product batch (lot), with phone numbers and dates; CSV export.

Batch numbers are matched ignoring case and surrounding spaces (a label read over the phone as "ab12" finds
"AB12"); the product name may narrow the search when two manufacturers share a lot code. Archived treatment
sessions are listed too (a recall concerns everyone who received the product), marked as such.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from clinic_desktop.models import Batch, Complication, Patient, ProductUse, ProductUseBatch, StaffMember, TreatmentSession
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import clinic_zone, local_date
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.files import os_error_message, write_private
from clinic_desktop.services.followups import treatment_names
from clinic_desktop.services.limits import text_errors
from clinic_desktop.services.messages import _
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.text import clean

CSV_COLUMNS = ("treatment_date", "patient_id", "patient_name", "date_of_birth", "phone", "email",
               "treatment", "practitioner", "product_name", "batch_number", "expiry_date", "quantity", "unit",
               "complications", "treatment_session_id")


@dataclass(frozen=True)
class RecallRow:
    """One product use of the batch: the patient, how to reach them, and the treatment session."""

    treatment_date: date
    patient_id: int
    patient_name: str
    date_of_birth: date
    phone: str
    email: str
    treatment: str
    practitioner: str
    product_name: str
    batch_number: str
    expiry_date: date | None
    quantity: float | None
    unit: str
    complications: int  # complications linked to this product use (entered-in-error ones left out)
    treatment_session_id: int


def batch_recall(session: Session, *, actor: StaffMember, batch_number: str, product_name: str = "") -> list[RecallRow]:
    """Every use of ``batch_number`` (case-blind, trimmed), newest treatment first.

    Uses the indexed ``product_use.batch_number`` (one indexed lookup per spelling; seconds at most on a
    million product uses). Needs ``record_follow_up`` (practitioners, managers, admins). Raises
    ValidationError on ``batch_number`` when empty, PermissionDenied. Audited as ``recall.search``.
    """
    require(session, actor, Permission.record_follow_up)
    batch = clean(batch_number)
    if not batch:
        raise ValidationError.single("batch_number", _("Enter the batch (lot) number."))
    errors = text_errors({"batch_number": batch, "product_name": clean(product_name)}, ProductUse)
    if errors:
        raise ValidationError(errors)
    # exact spellings first (index), then the case-blind match on the few distinct batch numbers
    spellings = [b for b in session.exec(select(ProductUse.batch_number).distinct()
                                         .where(func.lower(ProductUse.batch_number) == batch.lower()))]
    if not spellings:
        spellings = [batch]
    # and every product use of the catalogue batches with this lot (case and spaces folded), however the lot
    # was entered (scanned or typed), merged batches included
    from clinic_desktop.services.catalogue import fold_key

    batch_ids = list(session.exec(select(Batch.id).where(Batch.lot_key == fold_key(batch))))
    where = col(ProductUse.batch_number).in_(spellings)
    if batch_ids:
        where = where | col(ProductUse.id).in_(select(ProductUseBatch.product_use_id).where(
            col(ProductUseBatch.batch_id).in_(batch_ids)))
    stmt = (
        select(ProductUse, TreatmentSession, Patient, StaffMember)
        .join(TreatmentSession, col(TreatmentSession.id) == ProductUse.treatment_session_id)
        .join(Patient, col(Patient.id) == TreatmentSession.patient_id)
        .join(StaffMember, col(StaffMember.id) == TreatmentSession.practitioner_id)
        .where(where)
        .order_by(col(TreatmentSession.performed_at).desc(), col(ProductUse.id))
    )
    if clean(product_name):
        from clinic_desktop.services.catalogue import find_product

        product = find_product(session, product_name)
        by_name = func.lower(ProductUse.product_name) == clean(product_name).lower()
        if product is not None:
            by_name = by_name | col(ProductUse.id).in_(
                select(ProductUseBatch.product_use_id).join(Batch, col(Batch.id) == ProductUseBatch.batch_id)
                .where(Batch.product_id == product.id))
        stmt = stmt.where(by_name)
    found = list(session.exec(stmt))
    counts: dict[int, int] = {}
    ids = [use.id for use, *_ in found]
    if ids:
        for use_id, n in session.exec(select(Complication.product_use_id, func.count())
                                      .where(col(Complication.product_use_id).in_(ids),
                                             col(Complication.entered_in_error).is_(False))
                                      .group_by(Complication.product_use_id)):
            counts[use_id] = n  # type: ignore[index]
    zone = clinic_zone(session)
    names = treatment_names()
    rows = [RecallRow(
        treatment_date=local_date(ts.performed_at, zone),  # type: ignore[arg-type]
        patient_id=p.id, patient_name=p.display_name, date_of_birth=p.date_of_birth,  # type: ignore[arg-type]
        phone=p.phone, email=p.email,
        treatment=(_("{treatment} (archived)") if ts.archived else "{treatment}").format(
            treatment=names.get(ts.treatment, ts.treatment)),
        practitioner=staff.full_name, product_name=use.product_name, batch_number=use.batch_number,
        expiry_date=use.expiry_date, quantity=use.quantity, unit=use.unit,
        complications=counts.get(use.id, 0), treatment_session_id=ts.id,  # type: ignore[arg-type]
    ) for use, ts, p, staff in found]
    audit.record(session, actor=actor, action="recall.search", entity="product_use",
                 details={"batch_number": batch, "product_name": clean(product_name), "rows": len(rows)})
    session.commit()
    return rows


def recall_csv(rows: list[RecallRow]) -> str:
    """The rows as CSV text (UTF-8 with a header row; dates ISO), columns :data:`CSV_COLUMNS`. Text that a
    spreadsheet would run as a formula gets a leading apostrophe, as in every export (case C12)."""
    from clinic_desktop.reporting.exporters import safe_text

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        values = asdict(row)
        writer.writerow({k: ("" if values[k] is None else values[k].isoformat() if isinstance(values[k], date)
                             else safe_text(values[k]) if isinstance(values[k], str) else values[k])
                         for k in CSV_COLUMNS})
    return buffer.getvalue()


def export_recall_csv(session: Session, *, actor: StaffMember, batch_number: str, path: Path,
                      product_name: str = "") -> tuple[list[RecallRow], Path]:
    """Write the recall list of ``batch_number`` to ``path`` as CSV (UTF-8 with BOM so spreadsheet programs
    read accents right). Holds patients' names and phones, so it needs ``export_identified`` (managers,
    admins). Raises ValidationError (``batch_number``, ``path``), PermissionDenied. Audited as
    ``recall.export``."""
    require(session, actor, Permission.export_identified)
    rows = batch_recall(session, actor=actor, batch_number=batch_number, product_name=product_name)
    path = Path(path)
    if not path.parent.is_dir():
        raise ValidationError.single("path", _("The folder {parent} does not exist.").format(parent=path.parent))
    try:
        write_private(path, recall_csv(rows).encode("utf-8-sig"))  # owner-only (0600): names and phones
    except OSError as exc:
        raise ValidationError.single("path", os_error_message(exc, path)) from exc
    audit.record(session, actor=actor, action="recall.export", entity="product_use",
                 details={"batch_number": clean(batch_number), "rows": len(rows), "file": path.name})
    session.commit()
    return rows, path
