"""Recording treatment sessions: products with batch numbers, follow-ups from the protocol, refusals."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from clinic_desktop.models import FollowUp, ProductUse, TreatmentSession
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from clinic_desktop.services.messages import short_date
from clinic_desktop.services.treatments import ProductUseCreate
from tests.language import msg_text

from .helpers import TORONTO, patient, toronto_clinic, treatment


def test_session_with_products_and_follow_ups_from_protocol(db, practitioner):
    toronto_clinic(db)
    p = patient(db, practitioner)
    # 23:30 in Toronto on 31 Dec is already 1 Jan in UTC: follow-ups count from the local date
    when = datetime(2025, 12, 31, 23, 30, tzinfo=TORONTO)
    ts = treatment(db, practitioner, p.id, practitioner.id, when)
    row = db.get(TreatmentSession, ts.id)
    assert row.performed_at == when.astimezone(UTC)
    products = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id)).all()
    assert [(u.product_name, u.batch_number, u.quantity, u.unit) for u in products] == [
        ("NCTF 135HA", "LOT-A1", 3.0, "ml")]
    follow_ups = db.exec(select(FollowUp).where(FollowUp.treatment_session_id == ts.id)
                         .order_by(FollowUp.due_date)).all()
    assert [(f.kind.value, f.due_date) for f in follow_ups] == [
        ("phone_check", date(2026, 1, 2)), ("review", date(2026, 1, 14))]


def test_expired_product_is_refused_and_nothing_saved(db, practitioner):
    toronto_clinic(db)
    p = patient(db, practitioner)
    when = datetime(2026, 3, 10, 10, tzinfo=TORONTO)
    with pytest.raises(ValidationError) as err:
        treatment(db, practitioner, p.id, practitioner.id, when, products=[
            ProductUseCreate(product_name="Old vial", batch_number="X1", expiry_date=date(2026, 3, 9))])
    assert err.value.errors["products[0].expiry_date"] == msg_text(
        "Product {number} ({name}): expired on {date} — before the treatment date. An expired product cannot "
        "be recorded.").format(number=1, name="Old vial", date=short_date(date(2026, 3, 9)))
    assert db.exec(select(TreatmentSession)).all() == []
    # expiring on the treatment day itself is still in date
    treatment(db, practitioner, p.id, practitioner.id, when, products=[
        ProductUseCreate(product_name="Vial", batch_number="X2", expiry_date=date(2026, 3, 10))])


def test_future_treatment_and_missing_batch_are_refused_at_their_fields(db, practitioner):
    toronto_clinic(db)
    p = patient(db, practitioner)
    with pytest.raises(ValidationError) as err:
        treatment(db, practitioner, p.id, practitioner.id, datetime.now(UTC) + timedelta(days=1), products=[
            ProductUseCreate(product_name="Vial", batch_number="  ")])
    assert set(err.value.errors) == {"performed_at", "products[0].batch_number"}
    assert db.exec(select(TreatmentSession)).all() == []


def test_unknown_treatment_and_receptionist_as_practitioner_refused(db, practitioner, receptionist):
    toronto_clinic(db)
    p = patient(db, practitioner)
    with pytest.raises(ValidationError) as err:
        treatment(db, practitioner, p.id, receptionist.id, datetime(2026, 3, 1, 10, tzinfo=TORONTO), kind="botox")
    assert set(err.value.errors) == {"treatment", "practitioner_id"}


def test_receptionist_may_not_record_a_treatment_session(db, practitioner, receptionist):
    toronto_clinic(db)
    p = patient(db, receptionist)
    refusal = msg_text("{name} ({role}) may not record treatment sessions.").format(
        name=receptionist.full_name, role=msg_text("receptionist"))
    with pytest.raises(PermissionDenied, match=re.escape(refusal)):
        treatment(db, receptionist, p.id, practitioner.id, datetime(2026, 3, 1, 10, tzinfo=TORONTO))
