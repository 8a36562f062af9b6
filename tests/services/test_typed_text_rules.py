"""Typed text by field class (services/text_rules.py), on every write path: names and other single lines
refuse control and bidi-override characters and have their white space tidied; batch numbers hold GS1 AI
10's characters only; notes keep their lines and lose control characters. Rows are read back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from clinic_desktop.models import Batch, Patient, ProductUse, StaffMember, TreatmentSession
from clinic_desktop.services import auth, corrections
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.patients import PatientCreate, create_patient, get_patient, update_patient
from clinic_desktop.services.treatments import ProductUseCreate
from tests.language import msg_like
from tests.services.helpers import patient, treatment

#: the batch number's rules (services/text_rules.py): its characters, its length
BATCH_RULES = ("A batch (lot) number holds only letters, digits and {allowed} (as on a GS1 label); "
               "{character} cannot be part of one.",
               "A batch (lot) number has at most {n} characters (as on a GS1 label); this one has {length}.")
REFUSED_IN_NAMES = ["\x07", "\x1b", "\x00", "\u202e", "\u2066", "\x9b"]


@pytest.mark.parametrize("bad", REFUSED_IN_NAMES)
@pytest.mark.parametrize("field", ["given_names", "family_name"])
def test_a_control_or_bidi_override_in_a_name_is_refused_at_the_field(db, receptionist, bad, field):
    values = {"given_names": "Zoë", "family_name": "Tremblay"}
    values[field] = f"Zo{bad}ë"
    with pytest.raises(ValidationError) as refused:
        create_patient(db, actor=receptionist, data=PatientCreate(date_of_birth=date(1990, 1, 1), **values))
    assert set(refused.value.errors) == {field}
    assert db.exec(select(Patient)).all() == []


def test_names_are_stored_nfc_with_their_white_space_tidied(db, receptionist):
    p = create_patient(db, actor=receptionist, data=PatientCreate(
        given_names="  Zoe\u0308\tAnne ", family_name="O'Brien\u00a0\u00a0 Daly\u200b", date_of_birth=date(1990, 1, 1),
        allergies="lidocaine;\tlatex"))
    db.expire_all()
    row = db.get(Patient, p.id)
    assert (row.given_names, row.family_name, row.allergies) == ("Zoë Anne", "O'Brien Daly", "lidocaine; latex")
    # joiners that names need stay: Persian "Mohammad‌Reza" keeps its ZWNJ
    q = create_patient(db, actor=receptionist, data=PatientCreate(given_names="محمد\u200cرضا",
                                                                  date_of_birth=date(1990, 1, 1)))
    assert db.get(Patient, q.id).given_names == "محمد\u200cرضا"


def test_editing_a_name_refuses_the_same_and_keeps_what_was_stored(db, receptionist):
    p = patient(db, receptionist)
    data = PatientCreate(given_names="Zoë\u202eevil", family_name="O'Brien", date_of_birth=p.date_of_birth)
    with pytest.raises(ValidationError) as refused:
        update_patient(db, actor=receptionist, patient_id=p.id, data=data, reason="typo")
    assert "U+202E" in refused.value.errors["given_names"]
    db.expire_all()
    assert get_patient(db, p.id).given_names == "Zoë"


def test_notes_keep_their_lines_and_lose_control_characters(db, receptionist):
    p = create_patient(db, actor=receptionist, data=PatientCreate(
        given_names="Zoë", date_of_birth=date(1990, 1, 1), notes="first line\r\nsecond\x07 line\x1b[31m\u202e "))
    db.expire_all()
    assert db.get(Patient, p.id).notes == "first line\nsecond line[31m"


@pytest.mark.parametrize("bad", ["LOT\x07A", "LOT\x1b1", "LOT\x00", "LOT\u202e1", "LOT A1", "LOT\tA1", "LOT#1",
                                 "LOTÉ1", "L" * 21])
def test_a_batch_number_outside_gs1_ai_10_is_refused_when_recorded(db, practitioner, bad):
    p = patient(db, practitioner)
    with pytest.raises(ValidationError) as refused:
        treatment(db, practitioner, p.id, practitioner.id, datetime.now(UTC) - timedelta(days=1), products=[
            ProductUseCreate(product_name="NCTF", batch_number=bad, quantity=2.0, unit="ml")])
    assert list(refused.value.errors) == ["products[0].batch_number"]
    refusal = refused.value.errors["products[0].batch_number"]
    assert any(msg_like(rule).search(refusal) for rule in BATCH_RULES), refusal
    assert db.exec(select(ProductUse)).all() == [] and db.exec(select(TreatmentSession)).all() == []


def test_a_batch_number_is_stored_nfkc_and_trimmed(db, practitioner):
    p = patient(db, practitioner)
    ts = treatment(db, practitioner, p.id, practitioner.id, datetime.now(UTC) - timedelta(days=1), products=[
        ProductUseCreate(product_name="NCTF", batch_number=" ＬＯＴ-Ａ７ ", quantity=2.0, unit="ml")])
    db.expire_all()
    [use] = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id))
    assert use.batch_number == "LOT-A7"
    assert {b.lot_number for b in db.exec(select(Batch))} == {"LOT-A7"}


@pytest.mark.parametrize("bad", ["LOT\x07A", "LOT\x1b[0m", "A\u202eB", "LOT\x00"])
def test_correcting_a_batch_refuses_control_characters_and_keeps_the_old_one(db, practitioner, bad):
    p = patient(db, practitioner)
    ts = treatment(db, practitioner, p.id, practitioner.id, datetime.now(UTC) - timedelta(days=1))
    use = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id)).one()
    data = corrections.ProductUseCorrection(product_name=use.product_name, batch_number=bad,
                                            expiry_date=use.expiry_date, quantity=use.quantity, unit=use.unit)
    with pytest.raises(ValidationError) as refused:
        corrections.correct_product_use(db, actor=practitioner, product_use_id=use.id, data=data, reason="misread")
    assert any(key.endswith("batch_number") for key in refused.value.errors)
    db.expire_all()
    assert db.get(ProductUse, use.id).batch_number == "LOT-A1"


def test_a_staff_name_with_a_control_character_is_refused(db, admin):
    with pytest.raises(ValidationError) as refused:
        auth.create_staff(db, actor=admin, full_name="Rita\x1b Reception", username="rita2", role="receptionist",
                          password="a long desk password")
    assert list(refused.value.errors) == ["full_name"]
    assert db.exec(select(StaffMember).where(StaffMember.username == "rita2")).first() is None


def test_an_older_value_is_not_rewritten_when_another_field_of_its_row_changes(db, receptionist):
    from sqlalchemy import update

    p = patient(db, receptionist)
    db.execute(update(Patient).where(Patient.id == p.id).values(family_name="O'Brien  Daly"))  # stored before
    db.commit()
    db.expire_all()
    row = db.get(Patient, p.id)
    row.phone = "+1 416 555 0190"  # the hook tidies what is written, not the rest of the row
    db.commit()
    db.expire_all()
    row = db.get(Patient, p.id)
    assert (row.family_name, row.phone) == ("O'Brien  Daly", "+1 416 555 0190")
