"""Weak passwords are refused with the reason (zxcvbn, told the user name, full name and clinic name)."""

from __future__ import annotations

import pytest

from clinic_desktop.services import auth
from clinic_desktop.services.clinic import get_clinic_profile
from clinic_desktop.services.errors import ValidationError


@pytest.fixture
def clinic_named(db):
    profile = get_clinic_profile(db)
    profile.name = "Clinique Lumière"
    db.add(profile)
    db.commit()
    return profile


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password", "top-10 common password"),
        ("clinic2026", "common word or pattern"),
        ("Lumière2026", "It contains “Lumière”"),
        ("tremblay1990", "It contains “Tremblay”"),
        ("elise", "at least 8 characters"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(db, admin, clinic_named, password, reason):
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
    assert err.value.errors["password"] == "The password must not be the user name."
    with pytest.raises(ValidationError) as err:
        auth.change_own_password(
            db, actor=member, current_password="four quiet herons at dawn", new_password="Clinique Lumière"
        )
    assert "too easy to guess" in err.value.errors["new_password"]
