"""Photo import, consent, removal and the integrity check, on real JPEG/PNG files made here."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlmodel import select

from clinic_desktop.models import AuditEntry, Photo, PhotoConsent, PhotoImage, PhotoKind
from clinic_desktop.services import photos
from clinic_desktop.services.errors import NotFound, PermissionDenied, ValidationError
from clinic_desktop.services.photos import PhotoConsentMissing, PhotoTarget
from tests.language import msg_plural, msg_text, quoted
from tests.photos import images

TOO_LARGE = ("{name} is too large to import (over {megapixels} megapixels, or built to expand to an enormous size). "
             "Save a smaller copy (the camera's normal mode) and import that.")


def _before(p, ts, **kw):
    return PhotoTarget(
        patient_id=p.id, kind=PhotoKind.before, treatment_session_id=ts.id, area="cheeks", **kw
    )


def _consent(db, actor, p):
    photos.set_consent(db, actor=actor, patient_id=p.id, purpose="record", given=True)


def test_jpeg_import_applies_orientation_strips_metadata_keeps_capture_time(db, practitioner, case):
    p, ts, _ = case
    _consent(db, practitioner, p)
    original = images.jpeg_with_exif(120, 80, orientation=6)  # 6: rotate 90° clockwise to view
    photo = photos.import_photo(
        db, actor=practitioner, data=original, filename="IMG_0001.JPG", target=_before(p, ts)
    )
    stored = db.get(PhotoImage, photo.id)
    img = Image.open(io.BytesIO(stored.content))
    assert img.format == "JPEG" and img.size == (80, 120) == (photo.width, photo.height)
    top, bottom = img.getpixel((40, 5)), img.getpixel((40, 114))  # the red half is now on top
    assert top[0] > 150 and top[2] < 100 and bottom[2] > 150
    exif = img.getexif()
    assert len(exif) == 0 and not exif.get_ifd(images.GPS_IFD)
    for marker in (b"PhoneMaker", b"Model X Pro", b"CameraApp", b"Exif"):
        assert marker not in stored.content
    # 14:05:09 in Toronto (EST, UTC-5) on 30 Nov 2026
    assert photo.taken_at == datetime(2026, 11, 30, 19, 5, 9, tzinfo=UTC)
    assert photo.taken_on.isoformat() == "2026-11-30"
    import hashlib

    assert photo.original_sha256 == hashlib.sha256(original).hexdigest()
    assert photo.content_sha256 == hashlib.sha256(stored.content).hexdigest()
    thumb = Image.open(io.BytesIO(stored.thumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) <= photos.THUMBNAIL_PX
    assert photo.original_filename == "IMG_0001.JPG" and photo.area == "cheeks"
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "photo.import")).one()
    assert entry.entity_id == photo.id and entry.details["original_sha256"] == photo.original_sha256


def test_png_stays_png_without_text_chunks(db, practitioner, case):
    p, _, comp = case
    _consent(db, practitioner, p)
    photo = photos.import_photo(
        db,
        actor=practitioner,
        data=images.png(64, 48),
        filename="scan.png",
        target=PhotoTarget(
            patient_id=p.id, kind="complication", complication_id=comp.id, caption="Day 1 bruise"
        ),
    )
    stored = db.get(PhotoImage, photo.id)
    img = Image.open(io.BytesIO(stored.content))
    assert img.format == "PNG" and img.size == (64, 48) and photo.media_type == "image/png"
    assert b"Scanner Device" not in stored.content and "Software" not in img.info
    assert photo.taken_at is None and photo.caption == "Day 1 bruise"


def test_import_without_record_consent_is_refused_unless_just_recorded(db, practitioner, case):
    p, ts, _ = case
    with pytest.raises(PhotoConsentMissing):
        photos.import_photo(
            db, actor=practitioner, data=images.png(), filename="a.png", target=_before(p, ts)
        )
    assert db.exec(select(Photo)).all() == [] and db.exec(select(PhotoConsent)).all() == []
    photos.import_photo(
        db,
        actor=practitioner,
        data=images.png(),
        filename="a.png",
        target=_before(p, ts),
        consent_just_recorded=True,
    )
    consent = photos.current_consents(db, p.id)
    assert consent["record"].given and consent["record"].recorded_by == practitioner.full_name
    assert consent["teaching"] is None and consent["marketing"] is None


def test_three_consents_are_separate_dated_and_keep_history(db, receptionist, case):
    p, _, _ = case
    photos.set_consent(db, actor=receptionist, patient_id=p.id, purpose="record", given=True)
    photos.set_consent(db, actor=receptionist, patient_id=p.id, purpose="teaching", given=True)
    photos.set_consent(
        db, actor=receptionist, patient_id=p.id, purpose="teaching", given=False, note="changed mind"
    )
    now = photos.current_consents(db, p.id)
    assert now["record"].given and not now["teaching"].given and now["marketing"] is None
    assert now["teaching"].note == "changed mind" and now["teaching"].recorded_at.tzinfo is not None
    assert [(c.purpose, c.given) for c in photos.consent_history(db, p.id)] == [
        ("record", True),
        ("teaching", True),
        ("teaching", False),
    ]
    with pytest.raises(ValidationError) as err:
        photos.set_consent(db, actor=receptionist, patient_id=p.id, purpose="billboards", given=True)
    assert "purpose" in err.value.errors


@pytest.mark.parametrize(
    "name,data,needle",
    [
        ("notes.txt", b"this is not a photo at all", "{name} is not a photo that can be read ({readable})."),
        ("empty.jpg", b"", "{name} is empty."),
        ("cut.jpg", None, "{name} is damaged or incomplete (cut short while copying?) and cannot be read. Copy it "
                          "again from the camera."),
        ("huge.png", None, TOO_LARGE),
        ("bomb.png", None, TOO_LARGE),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_stored(db, practitioner, case, name, data, needle):
    p, ts, _ = case
    _consent(db, practitioner, p)
    if data is None:
        data = {
            "cut.jpg": images.truncated_jpeg(),
            "huge.png": images.png_claiming_size(20_000, 10_000),  # 200 megapixels
            "bomb.png": images.png_claiming_size(100_000, 100_000),
        }[name]
    with pytest.raises(ValidationError) as err:
        photos.import_photo(db, actor=practitioner, data=data, filename=name, target=_before(p, ts))
    assert err.value.errors["file"] == msg_text(needle).format(
        name=quoted(name), readable=photos._READABLE, megapixels=photos.MAX_PIXELS // 1_000_000)
    assert db.exec(select(Photo)).all() == [] and db.exec(select(PhotoImage)).all() == []
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "photo.import")).all() == []


def test_heic_from_a_phone_is_converted(db, practitioner, case):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    p, ts, _ = case
    _consent(db, practitioner, p)
    out = io.BytesIO()
    Image.new("RGB", (64, 40), (250, 10, 10)).save(out, "HEIF")
    photo = photos.import_photo(
        db, actor=practitioner, data=out.getvalue(), filename="IMG_1.HEIC", target=_before(p, ts)
    )
    img = Image.open(io.BytesIO(db.get(PhotoImage, photo.id).content))
    assert img.format == "JPEG" and img.size == (64, 40) and photo.media_type == "image/jpeg"


def test_import_files_imports_good_ones_and_lists_the_rest(db, practitioner, case, tmp_path):
    p, ts, _ = case
    (tmp_path / "a.jpg").write_bytes(images.jpeg_with_exif())
    (tmp_path / "b.txt").write_text("hello")
    (tmp_path / "c.png").write_bytes(images.png())
    outcome = photos.import_files(
        db,
        actor=practitioner,
        paths=[tmp_path / "a.jpg", tmp_path / "b.txt", tmp_path / "c.png", tmp_path / "gone.jpg"],
        target=_before(p, ts),
        consent_just_recorded=True,
    )
    assert [ph.original_filename for ph in outcome.imported] == ["a.jpg", "c.png"]
    assert [name for name, _ in outcome.refused] == ["b.txt", "gone.jpg"]
    assert len(photos.list_photos(db, actor=practitioner, patient_id=p.id)) == 2


def test_target_must_belong_to_the_patient_and_match_the_kind(db, admin, practitioner, case):
    p, ts, comp = case
    _consent(db, practitioner, p)
    from tests.services.helpers import patient

    other = patient(db, admin, given="Hana", family="Nováková")
    for target, field in [
        (PhotoTarget(patient_id=other.id, kind="before", treatment_session_id=ts.id), "target"),
        (PhotoTarget(patient_id=p.id, kind="before", complication_id=comp.id), "target"),
        (PhotoTarget(patient_id=p.id, kind="after"), "target"),
        (PhotoTarget(patient_id=p.id, kind="selfie", treatment_session_id=ts.id), "kind"),
    ]:
        with pytest.raises(ValidationError) as err:
            photos.import_photo(db, actor=practitioner, data=images.png(), filename="x.png", target=target)
        assert field in err.value.errors
    with pytest.raises(NotFound):
        photos.import_photo(
            db,
            actor=practitioner,
            data=images.png(),
            filename="x.png",
            target=PhotoTarget(patient_id=9999, kind="before", treatment_session_id=ts.id),
        )


def test_receptionist_may_not_import(db, receptionist, practitioner, case):
    p, ts, _ = case
    _consent(db, practitioner, p)
    with pytest.raises(PermissionDenied):
        photos.import_photo(
            db, actor=receptionist, data=images.png(), filename="x.png", target=_before(p, ts)
        )
    assert db.exec(select(Photo)).all() == []


def test_entered_in_error_hides_but_keeps(db, practitioner, case):
    p, ts, _ = case
    _consent(db, practitioner, p)
    photo = photos.import_photo(
        db, actor=practitioner, data=images.png(), filename="x.png", target=_before(p, ts)
    )
    with pytest.raises(ValidationError):
        photos.mark_entered_in_error(db, actor=practitioner, photo_id=photo.id, reason="  ")
    photos.mark_entered_in_error(db, actor=practitioner, photo_id=photo.id, reason="wrong patient")
    assert photos.list_photos(db, actor=practitioner, patient_id=p.id) == []
    hidden = photos.list_photos(db, actor=practitioner, patient_id=p.id, include_hidden=True)
    assert [(h.entered_in_error, h.error_reason) for h in hidden] == [(True, "wrong patient")]
    assert db.get(PhotoImage, photo.id) is not None  # the image is kept
    assert photos.verify_photos(db).ok


def test_consent_withdrawal_really_deletes_the_image_and_says_so(db, practitioner, case):
    p, ts, _ = case
    _consent(db, practitioner, p)
    photo = photos.import_photo(
        db, actor=practitioner, data=images.png(), filename="x.png", target=_before(p, ts)
    )
    photos.set_consent(db, actor=practitioner, patient_id=p.id, purpose="record", given=False)
    photos.delete_for_withdrawn_consent(db, actor=practitioner, photo_id=photo.id, reason="patient asked")
    db.expire_all()
    assert db.get(PhotoImage, photo.id) is None
    assert photos.thumbnail(db, photo.id) is None
    with pytest.raises(NotFound):
        photos.image(db, actor=practitioner, photo_id=photo.id)
    row = db.get(Photo, photo.id)
    assert row.image_deleted and row.deleted_at is not None
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "photo.image_deleted")).one()
    assert entry.details["image_data"] == "deleted" and entry.details["why"] == "consent withdrawn"
    assert photos.verify_photos(db).ok  # a deleted image is not a missing one
    with pytest.raises(PhotoConsentMissing):
        photos.import_photo(
            db, actor=practitioner, data=images.png(), filename="y.png", target=_before(p, ts)
        )


def test_verify_finds_a_changed_image(db, practitioner, case):
    p, ts, _ = case
    _consent(db, practitioner, p)
    a = photos.import_photo(
        db, actor=practitioner, data=images.png(), filename="a.png", target=_before(p, ts)
    )
    b = photos.import_photo(
        db, actor=practitioner, data=images.jpeg_with_exif(), filename="b.jpg", target=_before(p, ts)
    )
    assert photos.verify_photos(db, patient_id=p.id) == photos.PhotoCheck(
        True, 2, (), (), msg_plural("photos intact ({n} checked)", "photos intact ({n} checked)", 2).format(n=2)
    )
    stored = db.get(PhotoImage, b.id)
    stored.content = stored.content[:-10] + b"0123456789"
    db.add(stored)
    db.commit()
    check = photos.verify_photos(db)
    assert not check.ok and check.bad_ids == (b.id,) and a.id not in check.bad_ids
    assert check.message == msg_text("photo {ids} changed since import").format(ids=b.id)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    head=st.sampled_from(
        [
            b"",
            b"\xff\xd8\xff\xe0",
            b"\x89PNG\r\n\x1a\n",
            b"GIF89a",
            b"II*\x00",
            b"\x00\x00\x00\x18ftypheic",
            b"RIFF\x00\x00\x00\x00WEBP",
        ]
    ),
    body=st.binary(max_size=400),
    cut=st.integers(min_value=0, max_value=100),
)
def test_any_bytes_give_a_photo_or_a_file_message(head, body, cut):
    """Services raise only the project's errors: any byte string is a photo or a message at "file"."""
    real = images.jpeg_with_exif(40, 30) if cut % 2 else images.png(20, 10)
    data = head + body + real[: len(real) * cut // 100]
    try:
        prepared = photos.prepare_image(data, filename="x")
    except ValidationError as exc:
        assert set(exc.errors) == {"file"} and exc.errors["file"]
    else:
        assert prepared.content and prepared.thumbnail and prepared.width > 0


def test_withdrawing_record_consent_deletes_every_image_of_the_patient(db, practitioner, case):
    p, ts, comp = case
    _consent(db, practitioner, p)
    a = photos.import_photo(
        db, actor=practitioner, data=images.png(), filename="a.png", target=_before(p, ts)
    )
    b = photos.import_photo(
        db,
        actor=practitioner,
        data=images.png(),
        filename="b.png",
        target=PhotoTarget(patient_id=p.id, kind="complication", complication_id=comp.id),
    )
    photos.mark_entered_in_error(db, actor=practitioner, photo_id=b.id, reason="blurred")
    assert photos.withdraw_record_consent(db, actor=practitioner, patient_id=p.id, note="by phone") == 2
    db.expire_all()
    assert db.exec(select(PhotoImage)).all() == []
    assert all(db.get(Photo, i).image_deleted for i in (a.id, b.id))
    assert not photos.has_record_consent(db, p.id)
    deleted = db.exec(select(AuditEntry).where(AuditEntry.action == "photo.image_deleted")).all()
    assert sorted(e.entity_id for e in deleted) == [a.id, b.id]
