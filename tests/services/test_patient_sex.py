"""A patient's sex is one of the form's choices (or not recorded); text stored before the choices were
closed ("F", "banana") stays as recorded and reads as such."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update
from sqlmodel import select

from clinic_desktop.models import Patient
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.patients import SEXES, PatientCreate, create_patient, sex_label, update_patient
from tests.language import msg_text
from tests.services.helpers import patient

CHOICES = ", ".join(msg_text(label) for label in ("Female", "Male", "Other", "Not stated"))


@pytest.mark.parametrize("typed", ["banana", "Female", "F", " female", "\x07", "not stated"])
def test_a_sex_outside_the_choices_is_refused_at_the_field(db, receptionist, typed):
    with pytest.raises(ValidationError) as refused:
        create_patient(db, actor=receptionist, data=PatientCreate(given_names="Zoë", date_of_birth=date(1990, 1, 1),
                                                                  sex=typed))
    assert list(refused.value.errors) == ["sex"] and CHOICES in refused.value.errors["sex"]
    assert db.exec(select(Patient)).all() == []


@pytest.mark.parametrize("code", [*SEXES, None])
def test_each_choice_is_stored_as_its_code(db, receptionist, code):
    p = create_patient(db, actor=receptionist, data=PatientCreate(given_names="Zoë", date_of_birth=date(1990, 1, 1),
                                                                  sex=code))
    db.expire_all()
    assert db.get(Patient, p.id).sex == code


def _legacy(db, actor, value):
    p = patient(db, actor)
    db.execute(update(Patient).where(Patient.id == p.id).values(sex=value))  # as an older version stored it
    db.commit()
    db.expire_all()
    return db.get(Patient, p.id)


def test_text_from_before_is_kept_on_an_edit_of_another_field_and_reads_as_recorded(db, receptionist):
    p = _legacy(db, receptionist, "banana")
    update_patient(db, actor=receptionist, patient_id=p.id, data=PatientCreate(
        given_names=p.given_names, family_name=p.family_name, date_of_birth=p.date_of_birth, sex="banana",
        phone="+1 416 555 0199"))
    db.expire_all()
    row = db.get(Patient, p.id)
    assert (row.sex, row.phone) == ("banana", "+1 416 555 0199")
    assert sex_label(row.sex) == msg_text("Other (as recorded: “{value}”)").format(value="banana")
    with pytest.raises(ValidationError):  # but no new free text
        update_patient(db, actor=receptionist, patient_id=p.id, data=PatientCreate(
            given_names=p.given_names, family_name=p.family_name, date_of_birth=p.date_of_birth, sex="apple"),
            reason="typo")
    update_patient(db, actor=receptionist, patient_id=p.id, data=PatientCreate(
        given_names=p.given_names, family_name=p.family_name, date_of_birth=p.date_of_birth, sex="not_stated"),
        reason="asked the patient")
    db.expire_all()
    assert db.get(Patient, p.id).sex == "not_stated"


@pytest.mark.parametrize(("stored", "shown"), [("F", "Female"), ("m", "Male"), ("female", "Female"),
                                                ("not_stated", "Not stated"), (None, "Not recorded"),
                                                ("", "Not recorded"), ("W/F?", "Other (as recorded: “W/F?”)")])
def test_stored_values_read_in_words(stored, shown):
    if stored == "W/F?":  # older free text, quoted as recorded
        expected = msg_text("Other (as recorded: “{value}”)").format(value=stored)
    else:
        expected = msg_text(shown)
    assert sex_label(stored) == expected
