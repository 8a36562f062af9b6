"""The clinic profile's refusals are whole sentences of the person's language, each at its field: a colour,
a time zone, the emergency services number of a country without a known one, a logo too large."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from clinic_desktop.services import messages
from clinic_desktop.services.clinic import ClinicProfileUpdate, get_clinic_profile, update_clinic_profile
from clinic_desktop.services.errors import ValidationError


@pytest.fixture(params=["en", "fr"])
def language(request):
    previous = messages.current_language()
    messages.set_language(request.param)
    yield request.param
    messages.set_language(previous)


def _refused(db, actor, **changes) -> dict[str, str]:
    profile = get_clinic_profile(db)
    data = ClinicProfileUpdate(**({"name": "Clinique Lumière", "emergency_phone": "+1 416 555 0199",
                                   "timezone": "America/Toronto"} | changes))
    with pytest.raises(ValidationError) as refused:
        update_clinic_profile(db, actor=actor, expected_version=profile.version, data=data)
    return refused.value.errors


def test_each_refusal_is_a_sentence_of_the_persons_language_at_its_field(db, manager, language):
    errors = _refused(db, manager, brand_colour="blue", timezone="Mars/Olympus", country="ZZ",
                      emergency_services="")
    expected = {
        "en": {"brand_colour": "“blue” is not a colour; use the form #1A2B3C.",
               "timezone": "“Mars/Olympus” is not a known time zone (for example America/Toronto).",
               "emergency_services": "Enter the emergency services number for ZZ (the number patients dial "
                                     "for an ambulance)."},
        "fr": {"brand_colour": "«\u00a0blue\u00a0» n’est pas une couleur\u202f; utilisez la forme #1A2B3C.",
               "timezone": "«\u00a0Mars/Olympus\u00a0» n’est pas un fuseau horaire connu (par exemple "
                           "America/Toronto).",
               "emergency_services": "Entrez le numéro des services d’urgence pour ZZ (le numéro que les "
                                     "patients composent pour une ambulance)."},
    }[language]
    assert {key: errors[key] for key in expected} == expected


def test_a_logo_too_large_is_refused_in_the_persons_language(db, manager, language):
    picture = io.BytesIO()
    Image.new("RGB", (7000, 10), "white").save(picture, format="PNG")
    errors = _refused(db, manager, logo_png=picture.getvalue())
    assert errors["logo_png"] == {
        "en": "The logo is too large (7000 × 10 pixels); use one at most 6000 pixels on a side.",
        "fr": "Le logo est trop grand (7000 × 10\u00a0pixels)\u202f; choisissez-en un d’au plus 6000\u00a0pixels "
              "de côté.",
    }[language]
