"""Hypothesis: whatever is typed, a write either raises the project's own error or stores text in its
field class's form (services/text_rules.py): names NFC, one line, no control or bidi-override character;
batch numbers GS1 AI 10 only; a sex from the form's choices."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from clinic_desktop.db import open_database
from clinic_desktop.models import Patient, ProductUse
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.patients import SEXES, PatientCreate, create_patient
from clinic_desktop.services.treatments import ProductUseCreate, TreatmentSessionCreate, record_treatment_session
from tests.trust.service_fuzz import BATCH_TEXT, SEX, TEXT, make_people

SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
NAME_TEXT = st.one_of(TEXT, st.text(alphabet=st.sampled_from(
    list("Zoë e\u0308") + ["\t", "\n", "\x07", "\x1b", "\u202e", "\u2066", "\u200b", "\u00a0", "\u200c"]), max_size=12))
NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\ufeff]")
GS1_LOT = re.compile(r"[!%-?A-Z_a-z\x22]{1,20}")


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    engine = open_database(tmp_path_factory.mktemp("text") / "clinic.sqlite3")
    with Session(engine, expire_on_commit=False) as db:
        people = make_people(db)
    yield engine, people
    engine.dispose()


def _single_line(value: str) -> bool:
    return (not NOT_IN_A_LINE.search(value) and value == value.strip() and "  " not in value
            and unicodedata.is_normalized("NFC", value))


def test_stored_names_and_sex_are_in_their_stored_form(clinic):
    engine, people = clinic

    @SETTINGS
    @given(given_names=NAME_TEXT, family=NAME_TEXT, sex=SEX)
    def prop(given_names, family, sex):
        with Session(engine, expire_on_commit=False) as db:
            try:
                p = create_patient(db, actor=people.receptionist, data=PatientCreate(
                    given_names=given_names, family_name=family, date_of_birth=date(1990, 1, 1), sex=sex))
            except ClinicError:
                return
            db.expire_all()
            row = db.get(Patient, p.id)
            assert _single_line(row.given_names) and _single_line(row.family_name)
            assert row.sex is None or row.sex in SEXES

    prop()


def test_stored_batch_numbers_are_gs1_lots(clinic):
    engine, people = clinic

    @SETTINGS
    @given(batch=BATCH_TEXT)
    def prop(batch):
        with Session(engine, expire_on_commit=False) as db:
            try:
                ts = record_treatment_session(db, actor=people.practitioner, data=TreatmentSessionCreate(
                    patient_id=people.patient_id, practitioner_id=people.practitioner.id,
                    treatment="facial-mesotherapy", performed_at=datetime.now(UTC) - timedelta(days=1),
                    products=[ProductUseCreate(product_name="NCTF", batch_number=batch, quantity=1.0, unit="ml")]))
            except ClinicError:
                return
            db.expire_all()
            use = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id)).one()
            assert GS1_LOT.fullmatch(use.batch_number), repr(use.batch_number)

    prop()
