"""E-mail addresses (issue #14 item 9): checked with email-validator, stored normalised, refused at the
field."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from clinic_desktop.models import ClinicProfile, Patient
from clinic_desktop.services.clinic import ClinicProfileUpdate, get_clinic_profile, update_clinic_profile
from clinic_desktop.services.emails import normalised_email
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.patients import PatientCreate, create_patient, update_patient
from tests.language import msg_text

#: the checker's sentences (services/emails.py), English as written there
SENTENCES = [
    "This e-mail address has no “@”; write it as name@example.com.",
    "This is not an e-mail address; write it as name@example.com.",
    "Nothing follows the “@”; write it as name@example.com.",
    "Nothing comes before the “@”; write it as name@example.com.",
    "The part after the “@” needs a dot, as in name@example.com.",
    "This e-mail address holds a character an address cannot have (a space, a second “@”…); write it as "
    "name@example.com.",
    "An e-mail address cannot have two dots in a row.",
    "An e-mail address cannot have a dot just before or after the “@”, nor at its start or end.",
    "The part after the “@” cannot start or end with a hyphen.",
]

BAD = [
    "contact@",
    "x@",
    "@clinic.fr",
    "no-at-sign",
    "a@b",
    "two@@clinic.fr",
    "a b@clinic.fr",
    "zoe@.fr",
    "desk@localhost",
]


def _patient(db, actor, email):
    return create_patient(
        db,
        actor=actor,
        data=PatientCreate(
            given_names="Zoë", family_name="Martin", date_of_birth=date(1988, 6, 1), email=email
        ),
    )


def _profile(db, actor, email):
    profile = get_clinic_profile(db)
    return update_clinic_profile(
        db,
        actor=actor,
        expected_version=profile.version,
        data=ClinicProfileUpdate(
            name="Clinique Lumière",
            emergency_phone="+1 416 555 0199",
            email=email,
            timezone="America/Toronto",
        ),
    )


@pytest.mark.parametrize("email", BAD)
def test_patient_email_that_is_not_an_address_is_refused_at_the_field(db, receptionist, email):
    with pytest.raises(ValidationError) as err:
        _patient(db, receptionist, email)
    assert set(err.value.errors) == {"email"}
    # one of the checker's own sentences, in the person's language (never email-validator's English)
    assert err.value.errors["email"] in {msg_text(sentence) for sentence in SENTENCES}, err.value.errors
    assert "@-sign" not in err.value.errors["email"]
    assert db.exec(select(Patient)).all() == []


@pytest.mark.parametrize("email", BAD)
def test_clinic_email_that_is_not_an_address_is_refused_at_the_field(db, manager, email):
    with pytest.raises(ValidationError) as err:
        _profile(db, manager, email)
    assert set(err.value.errors) == {"email"}
    db.expire_all()
    assert db.get(ClinicProfile, 1).email == ""


def test_good_addresses_are_stored_in_their_normalised_form(db, receptionist, manager):
    patient = _patient(db, receptionist, "  Zoe.Martin@Mail.EXAMPLE.org ")
    assert (
        db.exec(select(Patient.email).where(Patient.id == patient.id)).one() == "Zoe.Martin@mail.example.org"
    )
    corrected = update_patient(
        db,
        actor=receptionist,
        patient_id=patient.id,
        expected_version=patient.version,
        data=PatientCreate(
            given_names="Zoë", family_name="Martin", date_of_birth=date(1988, 6, 1), email="zoé@Exämple.FR"
        ),
    )
    assert corrected.email == "zoé@exämple.fr"
    _profile(db, manager, "Desk@Clinique-Lumiere.CA")
    db.expire_all()
    assert db.get(ClinicProfile, 1).email == "Desk@clinique-lumiere.ca"


def test_an_empty_address_is_allowed(db, receptionist):
    assert _patient(db, receptionist, "   ").email == ""


def test_a_wrong_address_in_a_correction_is_refused_and_the_old_one_kept(db, receptionist):
    patient = _patient(db, receptionist, "zoe@example.org")
    with pytest.raises(ValidationError) as err:
        update_patient(
            db,
            actor=receptionist,
            patient_id=patient.id,
            expected_version=patient.version,
            data=PatientCreate(
                given_names="Zoë", family_name="Martin", date_of_birth=date(1988, 6, 1), email="zoe@"
            ),
        )
    assert set(err.value.errors) == {"email"}
    db.expire_all()
    assert db.get(Patient, patient.id).email == "zoe@example.org"


@settings(max_examples=150, deadline=None, database=None)
@given(st.text(max_size=300) | st.from_regex(r"[^@]{0,20}@[^@]{0,20}(\.[a-z]{0,4})?", fullmatch=True))
def test_the_checker_never_raises_and_a_good_address_checks_again(text):
    normal, problem = normalised_email(text)
    if problem is None:
        assert normalised_email(normal) == (normal, None)  # the stored form is itself a good address
        assert normal == "" or "@" in normal
    else:
        assert problem


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(email=st.text(max_size=250) | st.from_regex(r"[^@]{0,10}@[^@]{0,10}", fullmatch=True))
def test_the_services_raise_only_validation_errors_for_any_email_text(db, receptionist, manager, email):
    for call in (_patient, _profile):
        actor = receptionist if call is _patient else manager
        try:
            call(db, actor, email)
        except ValidationError as exc:
            assert set(exc.errors) <= {"email"}
        finally:
            db.rollback()


@pytest.mark.parametrize("typed,sentence", [
    ("contact@", "Nothing follows the “@”; write it as name@example.com."),
    ("@clinique.fr", "Nothing comes before the “@”; write it as name@example.com."),
    ("desk@clinique", "The part after the “@” needs a dot, as in name@example.com."),
    ("desk clinic@x.com", SENTENCES[5]),
    ("desk@@x.com", SENTENCES[5]),
    ("desk@x..com", "An e-mail address cannot have two dots in a row."),
    ("desk", "This e-mail address has no “@”; write it as name@example.com."),
])
def test_each_problem_is_said_in_the_checkers_words_and_the_persons_language(typed, sentence):
    """email-validator's findings ("There must be something after the @-sign.") are English: the desk reads
    the checker's own sentence, translated, at the field."""
    assert normalised_email(typed) == (typed, msg_text(sentence))
