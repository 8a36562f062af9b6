"""Clinical photos: consent, import (orientation, metadata stripped, thumbnail, SHA-256), viewing, removal.

Where the bytes live: in the database (table ``photo_image``, one row per photo, apart from the metadata in
``photo``). Chosen because it works the same on the one-PC SQLite file and on a clinic's PostgreSQL server,
needs no shared folder that every workstation must reach, is inside every backup and restore as it stands,
and an import is one transaction (metadata, image and audit entry land together or not at all).

On import (:func:`prepare_image`, Pillow):
- the EXIF orientation is applied to the pixels (``ImageOps.exif_transpose``);
- the image is re-encoded without any metadata (no EXIF: no GPS location, camera maker/model, serial
  numbers, software; no XMP/IPTC or comments); only the capture time (EXIF DateTimeOriginal) is kept, in
  the ``taken_at`` column; the colour profile (ICC) is kept so colours look right;
- PNG stays PNG (lossless); everything else (JPEG, HEIC, TIFF, WebP…) is stored as JPEG, quality 92;
- a JPEG thumbnail of at most :data:`THUMBNAIL_PX` pixels on its longer side is made;
- the SHA-256 of the file as received (``original_sha256``) and of the stored image (``content_sha256``)
  are recorded; :func:`verify_photos` recomputes the latter.

Refused, with a message at the "file" field and nothing stored: a file that is not an image, an image over
:data:`MAX_PIXELS` (e.g. a 200-megapixel phone mode) or a decompression bomb, a truncated or damaged file.
HEIC/HEIF (iPhone) photos are decoded with pillow-heif.

Permissions: importing and removing photos needs ``record_treatment_session`` (practitioner and up);
recording consent needs ``edit_patients`` (the desk too); viewing needs ``view_patients``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from sqlmodel import Session, col, select

from clinic_desktop.models import (
    Complication,
    FollowUp,
    Patient,
    Photo,
    PhotoConsent,
    PhotoConsentPurpose,
    PhotoImage,
    PhotoKind,
    StaffMember,
    TreatmentSession,
    utcnow,
)
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import clinic_zone, local_date
from clinic_desktop.services.errors import ClinicError, NotFound, ValidationError
from clinic_desktop.services.messages import N_, _, ngettext, short_date
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.text import clean

log = logging.getLogger(__name__)

#: Largest photo accepted, in pixels (width x height): 64 megapixels. Phones' normal modes are 12-50 MP;
#: a 200 MP mode or a decompression bomb is refused before its pixels are decoded.
MAX_PIXELS = 64_000_000
#: Largest file accepted, in bytes (80 MB).
MAX_FILE_BYTES = 80 * 1024 * 1024
#: Longer side of a thumbnail, in pixels.
THUMBNAIL_PX = 256
#: JPEG quality of stored photos and of thumbnails.
JPEG_QUALITY = 92
THUMBNAIL_QUALITY = 80

KIND_LABELS = {
    PhotoKind.before: N_("Before"),
    PhotoKind.after: N_("After"),
    PhotoKind.follow_up: N_("Follow-up"),
    PhotoKind.complication: N_("Complication"),
}
PURPOSE_LABELS = {
    PhotoConsentPurpose.record: N_("for the clinical record"),
    PhotoConsentPurpose.teaching: N_("for teaching"),
    PhotoConsentPurpose.marketing: N_("for marketing"),
}

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867
_OFFSET_TIME_ORIGINAL = 36881
_READABLE = "JPEG, PNG, HEIC, TIFF or WebP"


class PhotoConsentMissing(ClinicError):
    """The patient has not consented to photographs for the clinical record (ask, then import again with
    ``consent_just_recorded=True``)."""


# ----------------------------------------------------------------------------------------------- consent


@dataclass(frozen=True)
class ConsentState:
    """One purpose's current answer: ``given``, when (aware UTC) and by whom it was recorded."""

    purpose: PhotoConsentPurpose
    given: bool
    recorded_at: datetime
    recorded_by: str
    note: str


def current_consents(session: Session, patient_id: int) -> dict[PhotoConsentPurpose, ConsentState | None]:
    """The patient's latest answer for each purpose (None where never asked)."""
    names = {s.id: s.full_name for s in session.exec(select(StaffMember))}
    out: dict[PhotoConsentPurpose, ConsentState | None] = {p: None for p in PhotoConsentPurpose}
    rows = session.exec(
        select(PhotoConsent).where(PhotoConsent.patient_id == patient_id).order_by(col(PhotoConsent.id))
    )
    for row in rows:
        purpose = PhotoConsentPurpose(row.purpose)
        out[purpose] = ConsentState(
            purpose,
            row.given,
            row.recorded_at,
            names.get(row.recorded_by_id, "?"),  # type: ignore[arg-type]
            row.note,
        )
    return out


def consent_history(session: Session, patient_id: int) -> list[PhotoConsent]:
    """Every consent tick and untick of the patient, oldest first."""
    return list(
        session.exec(
            select(PhotoConsent).where(PhotoConsent.patient_id == patient_id).order_by(col(PhotoConsent.id))
        )
    )


def has_record_consent(session: Session, patient_id: int) -> bool:
    """True when the patient's current answer for the clinical record is yes."""
    state = current_consents(session, patient_id)[PhotoConsentPurpose.record]
    return bool(state and state.given)


def _add_consent(
    session: Session,
    actor: StaffMember,
    patient_id: int,
    purpose: PhotoConsentPurpose,
    given: bool,
    note: str,
) -> PhotoConsent:
    row = PhotoConsent(
        patient_id=patient_id,
        purpose=purpose.value,
        given=given,
        recorded_by_id=actor.id,  # type: ignore[arg-type]
        recorded_at=utcnow(),
        note=clean(note)[:500],
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="photo_consent.given" if given else "photo_consent.withdrawn",
        entity="patient",
        entity_id=patient_id,
        details={"purpose": purpose.value, "note": row.note},
    )
    return row


def set_consent(
    session: Session,
    *,
    actor: StaffMember,
    patient_id: int,
    purpose: PhotoConsentPurpose | str,
    given: bool,
    note: str = "",
) -> PhotoConsent:
    """Record the patient's answer for one purpose (a new dated row; earlier answers stay in the history).

    Withdrawing consent for the record does not by itself delete photos: call
    :func:`delete_for_withdrawn_consent` for each photo the patient wants removed. Needs ``edit_patients``.
    Raises ValidationError for an unknown purpose, NotFound for an unknown patient.
    """
    require(session, actor, Permission.edit_patients)
    try:
        purpose = PhotoConsentPurpose(purpose)
    except ValueError:
        raise ValidationError.single(
            "purpose", _("“{purpose}” is not a photo consent (record, teaching or marketing).").format(purpose=purpose)
        ) from None
    if session.get(Patient, patient_id) is None:
        raise NotFound(_("There is no patient number {patient_id}.").format(patient_id=patient_id))
    row = _add_consent(session, actor, patient_id, purpose, given, note)
    session.commit()
    return row


# ------------------------------------------------------------------------------------------ image work


@dataclass(frozen=True)
class PreparedImage:
    """A decoded, re-encoded photo ready to store (no database involved).

    ``content`` is the stored image (``media_type``), ``thumbnail`` a JPEG; sizes in pixels; ``taken_at``
    the EXIF capture time as an aware datetime (None if the file had none).
    """

    content: bytes
    thumbnail: bytes
    media_type: str
    width: int
    height: int
    original_sha256: str
    content_sha256: str
    taken_at: datetime | None


def _heif_available() -> bool:
    try:
        import pillow_heif
    except ImportError:  # optional at run time: HEIC then gets a clear message
        return False
    pillow_heif.register_heif_opener()
    return True


def _looks_like_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in (
        b"heic",
        b"heix",
        b"hevc",
        b"heim",
        b"heis",
        b"mif1",
        b"msf1",
        b"avif",
    )


def _capture_time(exif: object, zone: timezone | object) -> datetime | None:
    """EXIF DateTimeOriginal (+ OffsetTimeOriginal when present; else read in ``zone``) as aware UTC."""
    try:
        sub = exif.get_ifd(_EXIF_IFD)  # type: ignore[attr-defined]
        raw = sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME_ORIGINAL)  # type: ignore[attr-defined]
        if not raw:
            return None
        moment = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        offset = sub.get(_OFFSET_TIME_ORIGINAL)
        if offset:
            text = str(offset).strip("\x00 ")
            sign = -1 if text.startswith("-") else 1
            hours, minutes = text.lstrip("+-").split(":")
            tz: object = timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
        else:
            tz = zone
        return moment.replace(tzinfo=tz).astimezone(UTC)  # type: ignore[arg-type]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # an unreadable capture time is dropped, not fatal


def prepare_image(data: bytes, *, filename: str = "", zone: object = UTC) -> PreparedImage:
    """Decode ``data`` (the file's bytes), apply its orientation, strip metadata, make the thumbnail.

    ``zone`` is the clinic's time zone, for a capture time with no offset. Raises ValidationError on the
    "file" field, in the user's words, for anything that is not a readable photo of acceptable size.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = _("“{text}”").format(text=filename) if filename else _("The file")
    if not data:
        raise ValidationError.single("file", _("{name} is empty.").format(name=name))
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError.single(
            "file",
            _("{name} is {value:.0f} MB; photos up to {value2} MB can be imported.").format(name=name, value=len(data) / 1e6, value2=MAX_FILE_BYTES // (1024 * 1024)),
        )
    if _looks_like_heif(data) and not _heif_available():
        raise ValidationError.single(
            "file",
            _("{name} is a HEIC photo, which this installation cannot read. Export it from the phone as JPEG and import that.").format(name=name),
        )
    too_big = _("{name} is too large to import (over {megapixels} megapixels, or built to expand to an "
                "enormous size). Save a smaller copy (the camera's normal mode) and import that.").format(
        name=name, megapixels=MAX_PIXELS // 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Corrupt EXIF data": the EXIF is dropped anyway
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError.single("file", too_big)
            image.load()
            exif = image.getexif()
            taken_at = _capture_time(exif, zone)
            icc = image.info.get("icc_profile")
            is_png = image.format == "PNG"
            upright = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError.single("file", too_big) from None
    except UnidentifiedImageError:
        raise ValidationError.single(
            "file", _("{name} is not a photo that can be read ({readable}).").format(name=name, readable=_READABLE)
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        log.info("photo %s refused: %s", filename, exc)
        raise ValidationError.single(
            "file",
            _("{name} is damaged or incomplete (cut short while copying?) and cannot be read. Copy it again from the camera.").format(name=name),
        ) from None
    except MemoryError:
        raise ValidationError.single("file", too_big) from None
    except Exception:  # a decoder's own error on a malformed file: still the user's file, not a crash
        log.exception("photo %s could not be decoded", filename)
        raise ValidationError.single("file", _("{name} cannot be read as a photo ({readable}).").format(name=name, readable=_READABLE)) from None
    if is_png:
        keep = "RGBA" if upright.mode in ("RGBA", "LA", "P", "PA") else "RGB"
        pixels = upright.convert(keep)
        media_type, fmt, options = "image/png", "PNG", {"compress_level": 3}
    else:
        pixels = upright.convert("RGB")
        media_type, fmt, options = "image/jpeg", "JPEG", {"quality": JPEG_QUALITY}
    if icc:
        options["icc_profile"] = icc
    out = io.BytesIO()
    pixels.save(out, fmt, **options)  # a fresh file: no EXIF, XMP, GPS or comments are written
    thumb_src = pixels.convert("RGB")
    thumb_src.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    thumb = io.BytesIO()
    thumb_src.save(thumb, "JPEG", quality=THUMBNAIL_QUALITY)
    content = out.getvalue()
    return PreparedImage(
        content=content,
        thumbnail=thumb.getvalue(),
        media_type=media_type,
        width=pixels.width,
        height=pixels.height,
        original_sha256=hashlib.sha256(data).hexdigest(),
        content_sha256=hashlib.sha256(content).hexdigest(),
        taken_at=taken_at,
    )


# ---------------------------------------------------------------------------------------------- import


@dataclass(frozen=True)
class PhotoTarget:
    """What a photo is attached to: the patient, and one treatment session (kind before/after, with the
    area), follow-up (kind follow_up) or complication (kind complication). ``caption`` is free text."""

    patient_id: int
    kind: PhotoKind | str
    treatment_session_id: int | None = None
    follow_up_id: int | None = None
    complication_id: int | None = None
    area: str = ""
    caption: str = ""


def _check_target(session: Session, target: PhotoTarget) -> PhotoKind:
    try:
        kind = PhotoKind(target.kind)
    except ValueError:
        raise ValidationError.single(
            "kind", _("“{kind}” is not a kind of photo (before, after, follow-up, complication).").format(kind=target.kind)
        ) from None
    if session.get(Patient, target.patient_id) is None:
        raise NotFound(_("There is no patient number {patient_id}.").format(patient_id=target.patient_id))
    links = [x for x in (target.treatment_session_id, target.follow_up_id, target.complication_id) if x]
    if len(links) != 1:
        raise ValidationError.single(
            "target", _("Attach the photo to one treatment session, follow-up or complication.")
        )
    if kind in (PhotoKind.before, PhotoKind.after):
        ts = (
            session.get(TreatmentSession, target.treatment_session_id)
            if target.treatment_session_id
            else None
        )
        if ts is None:
            raise ValidationError.single("target", _("A before or after photo belongs to a treatment session."))
        patient_of = ts.patient_id
    elif kind == PhotoKind.follow_up:
        fu = session.get(FollowUp, target.follow_up_id) if target.follow_up_id else None
        if fu is None:
            raise ValidationError.single("target", _("A follow-up photo belongs to a follow-up."))
        ts = session.get(TreatmentSession, fu.treatment_session_id)
        patient_of = ts.patient_id if ts else None
    else:
        c = session.get(Complication, target.complication_id) if target.complication_id else None
        if c is None:
            raise ValidationError.single("target", _("A complication photo belongs to a complication."))
        patient_of = c.patient_id
    if patient_of != target.patient_id:
        raise ValidationError.single("target", _("That record belongs to another patient."))
    return kind


def import_photo(
    session: Session,
    *,
    actor: StaffMember,
    data: bytes,
    filename: str,
    target: PhotoTarget,
    consent_just_recorded: bool = False,
) -> Photo:
    """Import one photo (the file's bytes) onto ``target``; returns the stored :class:`Photo` (committed).

    Without the patient's consent for the clinical record it raises :class:`PhotoConsentMissing` and
    stores nothing, unless ``consent_just_recorded`` says the staff member has just asked the patient (the
    consent is then recorded, dated and signed, in the same transaction). Raises ValidationError ("file",
    "kind", "target") for a bad file or link, NotFound for an unknown patient; nothing is stored then.
    Needs ``record_treatment_session``.
    """
    require(session, actor, Permission.record_treatment_session)
    kind = _check_target(session, target)
    if not has_record_consent(session, target.patient_id) and not consent_just_recorded:
        raise PhotoConsentMissing(
            "The patient has not agreed to photographs for the clinical record. Ask "
            "them, and record their consent before importing."
        )
    prepared = prepare_image(data, filename=filename, zone=clinic_zone(session))
    try:
        if not has_record_consent(session, target.patient_id):
            _add_consent(
                session,
                actor,
                target.patient_id,
                PhotoConsentPurpose.record,
                True,
                "recorded when importing a photo",
            )
        now = utcnow()
        zone = clinic_zone(session)
        photo = Photo(
            patient_id=target.patient_id,
            treatment_session_id=target.treatment_session_id,
            follow_up_id=target.follow_up_id,
            complication_id=target.complication_id,
            kind=kind.value,
            area=clean(target.area)[:200],
            caption=clean(target.caption)[:500],
            taken_at=prepared.taken_at,
            taken_on=local_date(prepared.taken_at or now, zone),
            original_filename=Path(filename).name[:260],
            media_type=prepared.media_type,
            width=prepared.width,
            height=prepared.height,
            byte_size=len(prepared.content),
            original_sha256=prepared.original_sha256,
            content_sha256=prepared.content_sha256,
            imported_by_id=actor.id,
            imported_at=now,
        )  # type: ignore[arg-type]
        session.add(photo)
        session.flush()
        session.add(PhotoImage(photo_id=photo.id, content=prepared.content, thumbnail=prepared.thumbnail))  # type: ignore[arg-type]
        audit.record(
            session,
            actor=actor,
            action="photo.import",
            entity="photo",
            entity_id=photo.id,
            details={
                "patient_id": photo.patient_id,
                "kind": photo.kind,
                "original_sha256": photo.original_sha256,
                "content_sha256": photo.content_sha256,
            },
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    session.refresh(photo)
    return photo


@dataclass
class ImportOutcome:
    """What :func:`import_files` did: the photos stored, and (file name, message) for each file refused."""

    imported: list[Photo]
    refused: list[tuple[str, str]]


def import_data(
    session: Session,
    *,
    actor: StaffMember,
    items: Sequence[tuple[str, bytes]],
    target: PhotoTarget,
    consent_just_recorded: bool = False,
) -> ImportOutcome:
    """Import several (file name, bytes) onto one target; each photo is stored whole or not at all.

    A file that is not a usable photo is listed in ``refused`` with its message; the others are imported.
    Raises PhotoConsentMissing (nothing stored) and PermissionDenied as :func:`import_photo` does.
    """
    outcome = ImportOutcome([], [])
    for name, data in items:
        try:
            outcome.imported.append(
                import_photo(
                    session,
                    actor=actor,
                    data=data,
                    filename=name,
                    target=target,
                    consent_just_recorded=consent_just_recorded,
                )
            )
        except ValidationError as exc:
            if "file" not in exc.errors:
                raise  # the target is wrong: the same for every file
            outcome.refused.append((name, exc.errors["file"]))
    return outcome


def import_files(
    session: Session,
    *,
    actor: StaffMember,
    paths: Sequence[Path],
    target: PhotoTarget,
    consent_just_recorded: bool = False,
) -> ImportOutcome:
    """Read ``paths`` and import them as :func:`import_data` does; a file that cannot be read is refused."""
    items: list[tuple[str, bytes]] = []
    unreadable: list[tuple[str, str]] = []
    for path in map(Path, paths):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                unreadable.append(
                    (
                        path.name,
                        f"“{path.name}” is larger than {MAX_FILE_BYTES // (1024 * 1024)} "
                        "MB; photos that large cannot be imported.",
                    )
                )
                continue
            items.append((path.name, path.read_bytes()))
        except OSError as exc:
            unreadable.append((path.name, f"“{path.name}” cannot be read: {exc.strerror or exc}."))
    outcome = import_data(
        session, actor=actor, items=items, target=target, consent_just_recorded=consent_just_recorded
    )
    order = {Path(p).name: i for i, p in enumerate(paths)}
    outcome.refused = sorted(unreadable + outcome.refused, key=lambda r: order.get(r[0], 0))  # as chosen
    return outcome


# --------------------------------------------------------------------------------------------- reading


def list_photos(
    session: Session,
    *,
    actor: StaffMember,
    patient_id: int,
    treatment_session_id: int | None = None,
    follow_up_id: int | None = None,
    complication_id: int | None = None,
    include_hidden: bool = False,
) -> list[Photo]:
    """The patient's photos (metadata only, no image bytes), oldest first by date shown then id.

    Filters by one linked record when given. Entered-in-error and consent-deleted photos are left out
    unless ``include_hidden``. Needs ``view_patients``.
    """
    require(session, actor, Permission.view_patients)
    stmt = select(Photo).where(Photo.patient_id == patient_id)
    if treatment_session_id is not None:
        stmt = stmt.where(Photo.treatment_session_id == treatment_session_id)
    if follow_up_id is not None:
        stmt = stmt.where(Photo.follow_up_id == follow_up_id)
    if complication_id is not None:
        stmt = stmt.where(Photo.complication_id == complication_id)
    if not include_hidden:
        stmt = stmt.where(col(Photo.entered_in_error).is_(False), col(Photo.image_deleted).is_(False))
    return list(session.exec(stmt.order_by(col(Photo.taken_on), col(Photo.id))))


def thumbnail(session: Session, photo_id: int) -> bytes | None:
    """The photo's thumbnail (JPEG bytes), or None when the image was deleted or does not exist."""
    return session.exec(select(PhotoImage.thumbnail).where(PhotoImage.photo_id == photo_id)).first()


@dataclass(frozen=True)
class PhotoRow:
    """A light line of a photo list (no ORM object, no bytes): what a thumbnail strip shows."""

    id: int
    kind: str
    area: str
    caption: str
    taken_on: date
    treatment_session_id: int | None
    follow_up_id: int | None
    complication_id: int | None


def photo_rows(session: Session, *, actor: StaffMember, patient_id: int, **filters: int) -> list[PhotoRow]:
    """Like :func:`list_photos` (visible photos, same filters, same order) but as light rows, read as plain
    columns: 2,000 photos cost a few milliseconds. Needs ``view_patients``."""
    require(session, actor, Permission.view_patients)
    stmt = select(
        Photo.id,
        Photo.kind,
        Photo.area,
        Photo.caption,
        Photo.taken_on,
        Photo.treatment_session_id,
        Photo.follow_up_id,
        Photo.complication_id,
    ).where(
        Photo.patient_id == patient_id,
        col(Photo.entered_in_error).is_(False),
        col(Photo.image_deleted).is_(False),
    )
    for name, value in filters.items():
        if name not in ("treatment_session_id", "follow_up_id", "complication_id"):
            raise ValidationError.single(name, _("Photos cannot be filtered by {name}.").format(name=name))
        stmt = stmt.where(getattr(Photo, name) == value)
    return [PhotoRow(*row) for row in session.exec(stmt.order_by(col(Photo.taken_on), col(Photo.id))).all()]


def thumbnails(session: Session, photo_ids: Sequence[int]) -> dict[int, bytes]:
    """{photo id: thumbnail JPEG} for the photos in ``photo_ids`` that still have an image (one query)."""
    if not photo_ids:
        return {}
    rows = session.exec(
        select(PhotoImage.photo_id, PhotoImage.thumbnail).where(col(PhotoImage.photo_id).in_(list(photo_ids)))
    )
    return {photo_id: data for photo_id, data in rows}


def image(session: Session, *, actor: StaffMember, photo_id: int) -> bytes:
    """The stored photo's bytes (see ``Photo.media_type``). Raises NotFound when deleted or unknown.

    Needs ``view_patients``.
    """
    require(session, actor, Permission.view_patients)
    data = session.exec(select(PhotoImage.content).where(PhotoImage.photo_id == photo_id)).first()
    if data is None:
        raise NotFound(
            _("The image of photo {photo_id} is not stored (deleted on consent withdrawal, or unknown).").format(photo_id=photo_id)
        )
    return data


def label(photo: Photo | PhotoRow) -> str:
    """A short caption for a thumbnail: ``Before · cheeks · 01 Dec 2026``."""
    parts = [_(KIND_LABELS[PhotoKind(photo.kind)])]
    if photo.area:
        parts.append(photo.area)
    parts.append(short_date(photo.taken_on))
    return " · ".join(parts)


# ---------------------------------------------------------------------------------------------- removal


def _get(session: Session, photo_id: int) -> Photo:
    photo = session.get(Photo, photo_id)
    if photo is None:
        raise NotFound(_("There is no photo number {photo_id}.").format(photo_id=photo_id))
    return photo


def mark_entered_in_error(session: Session, *, actor: StaffMember, photo_id: int, reason: str) -> Photo:
    """Hide a photo as entered in error (kept, with the reason; audited). Needs ``record_treatment_session``.

    Raises ValidationError ("reason") when no reason is given, NotFound for an unknown photo.
    """
    require(session, actor, Permission.record_treatment_session)
    photo = _get(session, photo_id)
    why = clean(reason)
    if not why:
        raise ValidationError.single("reason", _("Say why the photo was entered in error."))
    photo.entered_in_error = True
    photo.error_reason = why[:500]
    session.add(photo)
    audit.record(
        session,
        actor=actor,
        action="photo.entered_in_error",
        entity="photo",
        entity_id=photo.id,
        details={"patient_id": photo.patient_id, "reason": photo.error_reason},
    )
    session.commit()
    session.refresh(photo)
    return photo


def delete_for_withdrawn_consent(
    session: Session, *, actor: StaffMember, photo_id: int, reason: str = ""
) -> Photo:
    """Really delete a photo's image data (image and thumbnail) because the patient withdrew consent.

    The metadata row stays (kind, date, hashes: the record shows a photo existed and was deleted) with
    ``image_deleted`` set; the audit entry says the image data was deleted. Needs
    ``record_treatment_session``. Raises NotFound for an unknown photo.
    """
    require(session, actor, Permission.record_treatment_session)
    photo = _get(session, photo_id)
    stored = session.get(PhotoImage, photo_id)
    if stored is not None:
        session.delete(stored)
    photo.image_deleted = True
    photo.deleted_at = utcnow()
    photo.error_reason = (clean(reason) or "consent withdrawn")[:500]
    session.add(photo)
    audit.record(
        session,
        actor=actor,
        action="photo.image_deleted",
        entity="photo",
        entity_id=photo.id,
        details={
            "patient_id": photo.patient_id,
            "why": "consent withdrawn",
            "note": photo.error_reason,
            "image_data": "deleted" if stored else "already gone",
            "content_sha256": photo.content_sha256,
        },
    )
    session.commit()
    session.refresh(photo)
    return photo


def withdraw_record_consent(session: Session, *, actor: StaffMember, patient_id: int, note: str = "") -> int:
    """The patient withdraws consent to photographs for the record: the withdrawal is recorded and the image
    data of every one of their photos still stored is deleted (each audited as
    :func:`delete_for_withdrawn_consent`). Returns how many images were deleted. Needs ``edit_patients``
    and ``record_treatment_session``. Raises NotFound for an unknown patient.
    """
    require(session, actor, Permission.record_treatment_session)
    set_consent(
        session,
        actor=actor,
        patient_id=patient_id,
        purpose=PhotoConsentPurpose.record,
        given=False,
        note=note,
    )
    ids = session.exec(
        select(Photo.id).where(Photo.patient_id == patient_id, col(Photo.image_deleted).is_(False))
    ).all()
    for photo_id in ids:
        delete_for_withdrawn_consent(
            session, actor=actor, photo_id=photo_id, reason=note or "consent withdrawn"
        )
    return len(ids)


# --------------------------------------------------------------------------------------------- integrity


@dataclass(frozen=True)
class PhotoCheck:
    """Result of :func:`verify_photos`: ``ok``, photos checked, ids whose bytes do not match, a message."""

    ok: bool
    checked: int
    bad_ids: tuple[int, ...]
    missing_ids: tuple[int, ...]
    message: str


def verify_photos(session: Session, *, patient_id: int | None = None) -> PhotoCheck:
    """Recompute the SHA-256 of every stored photo (one patient's, or all) and compare with the record.

    A photo whose image is missing although not deleted on consent withdrawal is reported too. Reads one
    image at a time.
    """
    stmt = select(Photo.id, Photo.content_sha256, Photo.image_deleted)
    if patient_id is not None:
        stmt = stmt.where(Photo.patient_id == patient_id)
    bad: list[int] = []
    missing: list[int] = []
    checked = 0
    for photo_id, expected, deleted in session.exec(stmt.order_by(col(Photo.id))).all():
        if deleted:
            continue
        data = session.exec(select(PhotoImage.content).where(PhotoImage.photo_id == photo_id)).first()
        checked += 1
        if data is None:
            missing.append(photo_id)
        elif hashlib.sha256(data).hexdigest() != expected:
            bad.append(photo_id)
    ok = not bad and not missing
    if ok:
        message = ngettext("photos intact ({n} checked)", "photos intact ({n} checked)", checked).format(n=checked)
    else:
        message = _("; ").join(
            filter(
                None,
                [
                    _("photo {ids} changed since import").format(ids=", ".join(map(str, bad))) if bad else "",
                    _("photo {ids} missing its image").format(ids=", ".join(map(str, missing))) if missing else "",
                ],
            )
        )
    return PhotoCheck(ok, checked, tuple(bad), tuple(missing), message)


def photo_dates(photos: Iterable[Photo]) -> tuple[date, date] | None:
    """Earliest and latest ``taken_on`` of ``photos`` (None when empty)."""
    days = [p.taken_on for p in photos]
    return (min(days), max(days)) if days else None
