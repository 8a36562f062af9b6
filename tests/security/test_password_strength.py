"""Weak passwords are refused with the reason (zxcvbn, told the user name, full name and clinic name)."""

from __future__ import annotations

import pytest

from clinic_desktop.services import auth
from clinic_desktop.services.clinic import get_clinic_profile
from clinic_desktop.services.errors import ValidationError
from tests.language import msg_text

TOO_EASY = "This password is too easy to guess. {warning} A short sentence of four or five words is better."
CONTAINS = "It contains “{word}”, which anyone at the clinic could guess."


@pytest.fixture
def clinic_named(db):
    profile = get_clinic_profile(db)
    profile.name = "Clinique Lumière"
    db.add(profile)
    db.commit()
    return profile


@pytest.mark.parametrize(
    ("password", "reason", "values"),
    [
        ("password", "This is a top-10 common password.", {}),  # zxcvbn's warning, in our catalogue
        ("clinic2026", "It is a common word or pattern.", {}),
        ("Lumière2026", CONTAINS, {"word": "Lumière"}),
        ("tremblay1990", CONTAINS, {"word": "Tremblay"}),
        ("elise", "Use at least {min_password_length} characters; a short sentence is easy to remember.",
         {"min_password_length": auth.MIN_PASSWORD_LENGTH}),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(db, admin, clinic_named, password, reason, values):
    reason = msg_text(reason).format(**values)
    with pytest.raises(ValidationError) as err:
        auth.create_staff(
            db,
            actor=admin,
            full_name="Dr. Élise Tremblay",
            username="elise",
            role="practitioner",
            password=password,
        )
    assert reason in err.value.errors["password"]
    assert not any(m.username == "elise" for m in auth.list_staff(db, actor=admin))


def test_the_user_name_itself_is_refused_and_a_sentence_is_accepted(db, admin, clinic_named):
    member = auth.create_staff(
        db,
        actor=admin,
        full_name="Rita Reception",
        username="rita.desk",
        role="receptionist",
        password="four quiet herons at dawn",
    )
    with pytest.raises(ValidationError) as err:
        auth.set_password(db, actor=admin, staff_id=member.id, password="rita.desk")
    assert err.value.errors["password"] == msg_text("The password must not be the user name.")
    with pytest.raises(ValidationError) as err:
        auth.change_own_password(
            db, actor=member, current_password="four quiet herons at dawn", new_password="Clinique Lumière"
        )
    assert err.value.errors["new_password"] == msg_text(TOO_EASY).format(
        warning=msg_text(CONTAINS).format(word="Clinique Lumière"))
