"""The clinic logo is capped in bytes and pixels and stored re-encoded as PNG."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from clinic_desktop.services import clinic
from clinic_desktop.services.clinic import ClinicProfileUpdate, get_clinic_profile, update_clinic_profile
from clinic_desktop.services.errors import ValidationError
from tests.language import msg_like, msg_text


def _png(size=(300, 120), colour=(200, 30, 60, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, format="PNG")
    return out.getvalue()


def _save(db, actor, logo: bytes):
    return update_clinic_profile(db, actor=actor, data=ClinicProfileUpdate(name="Clinic", logo_png=logo))


def test_trailing_garbage_is_dropped_and_the_logo_is_png(db, manager):
    stored = _save(db, manager, _png() + b"TRAILING SECRET GARBAGE" * 100).logo_png
    assert stored.startswith(b"\x89PNG") and b"TRAILING" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.size == (300, 120) and img.mode == "RGBA"


def test_a_jpeg_is_stored_as_png_and_a_big_one_scaled_down(db, manager):
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), (10, 120, 200)).save(out, format="JPEG")
    stored = _save(db, manager, out.getvalue()).logo_png
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "PNG" and max(img.size) == clinic.STORED_LOGO_SIDE


def test_too_many_bytes_or_pixels_are_refused_and_the_old_logo_kept(db, manager):
    _save(db, manager, _png())
    before = get_clinic_profile(db).logo_png
    with pytest.raises(ValidationError) as err:
        _save(db, manager, _png() + b"\0" * (clinic.MAX_LOGO_BYTES + 1))
    assert msg_like("The logo file is too large ({size} MB); use one under {limit} MB.",
                    limit=clinic.MAX_LOGO_BYTES // (1024 * 1024)).fullmatch(err.value.errors["logo_png"])
    bomb = io.BytesIO()
    Image.new("1", (clinic.MAX_LOGO_SIDE + 1, 10)).save(bomb, format="PNG")  # tiny file, too many pixels
    with pytest.raises(ValidationError) as err:
        _save(db, manager, bomb.getvalue())
    assert err.value.errors["logo_png"] == msg_text(
        "The logo is too large ({width} × {height} pixels); use one at most {side} pixels on a side.").format(
        width=clinic.MAX_LOGO_SIDE + 1, height=10, side=clinic.MAX_LOGO_SIDE)
    with pytest.raises(ValidationError):
        _save(db, manager, b"not an image at all")
    db.expire_all()
    assert get_clinic_profile(db).logo_png == before
