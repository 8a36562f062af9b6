"""The clinic profile (one row) and the clinic's time zone, used for 'today' and for dates on sheets."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel
from sqlmodel import Session, select

from clinic_desktop.models import ClinicProfile, PaperSize, StaffMember, utcnow
from clinic_desktop.services import audit
from clinic_desktop.services.emails import normalised_email
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.limits import text_errors
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.messages import N_, _, number

SUPPORTED_LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _system_timezone() -> str:
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
        ZoneInfo(name)
        return name
    except Exception:  # no zone configured on this machine: UTC until the clinic sets one
        return "UTC"


def get_clinic_profile(session: Session) -> ClinicProfile:
    """The clinic profile; a default one (machine's time zone) is created on first use.

    Creation is ``INSERT … ON CONFLICT DO NOTHING`` then select, so two workstations starting on a new
    database at once both get the same row (never a unique violation)."""
    profile = session.exec(select(ClinicProfile).order_by(ClinicProfile.id).limit(1)).first()
    if profile is None:
        from clinic_desktop.services.concurrency import column_values, insert_ignore

        insert_ignore(session, ClinicProfile,
                      [column_values(ClinicProfile(id=1, timezone=_system_timezone(), updated_at=utcnow()))],
                      index_elements=["id"])
        session.commit()
        profile = session.exec(select(ClinicProfile).order_by(ClinicProfile.id).limit(1)).one()
    return profile


#: Put before the clinic's name on every sheet and report made from a demo database.
DEMO_MARK = "DEMO (not a real clinic)"


def demo_mark(language: str = "en") -> str:
    """The demo mark in ``language`` ("DEMO (not a real clinic)"; French "DÉMO (pas une vraie clinique)");
    English for a language the sheets do not speak."""
    from clinic_desktop.aftercare.strings import STRINGS

    return STRINGS.get(language, STRINGS["en"])["demo_mark"]


def printed_clinic_name(profile: ClinicProfile | None, language: str = "en") -> str:
    """The clinic name as sheets and reports print it: ``"DEMO (not a real clinic) · <name>"`` for a demo
    database (``profile.is_demo``; the mark in ``language``, the sheet's: "DÉMO (pas une vraie clinique)"),
    else the name itself; ``"Clinic"`` when there is no profile."""
    if profile is None:
        return "Clinic"
    mark = demo_mark(language)
    return f"{mark} · {profile.name}" if profile.is_demo else profile.name


def shown_clinic_name(profile: ClinicProfile | None) -> str:
    """The clinic's name as the window shows it: the name the clinic chose, as typed; while it still has the
    name a new profile is created with (``models.DEFAULT_CLINIC_NAME``, stored in English), that name in the
    current language ("Ma clinique"). Nothing stored is changed. ``""`` when there is no profile."""
    if profile is None:
        return ""
    return shown_name(profile.name)


def shown_name(stored: str) -> str:
    """The clinic name ``stored`` in the profile as the window shows it (see :func:`shown_clinic_name`)."""
    from clinic_desktop.models import DEFAULT_CLINIC_NAME

    return _("My Clinic") if stored == DEFAULT_CLINIC_NAME else stored


def name_to_store(shown: str, stored: str) -> str:
    """The name to save from a form whose name field holds ``shown`` while the profile holds ``stored``.

    While the clinic still has the default name and the field still shows it as the window does (its
    translation, "Ma clinique"), the default stays stored: in English, so each person keeps seeing it in
    their own language and nobody chose a name yet. Anything else is stored as typed, a name the clinic
    chose (even one that reads like the translated default once the clinic had another name)."""
    from clinic_desktop.models import DEFAULT_CLINIC_NAME

    if stored == DEFAULT_CLINIC_NAME and shown.strip() == shown_name(DEFAULT_CLINIC_NAME):
        return DEFAULT_CLINIC_NAME
    return shown


def is_demo_database(session: Session) -> bool:
    """True when the database was filled by ``demo`` (its clinic profile is marked as a demo)."""
    profile = session.exec(select(ClinicProfile).order_by(ClinicProfile.id).limit(1)).first()
    return bool(profile is not None and profile.is_demo)


def clinic_zone(session: Session) -> ZoneInfo:
    """The clinic's time zone (UTC if the stored name is unknown to this machine)."""
    try:
        return ZoneInfo(get_clinic_profile(session).timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar date of an aware UTC ``moment`` in ``zone``."""
    return moment.astimezone(zone).date()


def day_bounds_utc(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of the local calendar ``day`` in ``zone``, as aware UTC datetimes (DST-safe)."""
    start = datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return start, end


def today(session: Session) -> date:
    """Today's date in the clinic's time zone."""
    return local_date(utcnow(), clinic_zone(session))


#: Largest logo file accepted (bytes): 5 MB, far above any sensible logo, far below what hurts.
MAX_LOGO_BYTES = 5 * 1024 * 1024
#: Largest logo accepted, in pixels: at most 6,000 on a side and 24 megapixels in all (checked from the
#: image header, before any pixel is decoded, so a decompression bomb is refused cheaply).
MAX_LOGO_SIDE = 6000
MAX_LOGO_PIXELS = 24_000_000
#: The stored logo is scaled down to fit this many pixels on its longer side (enough for 300 dpi at the
#: 4 cm the sheet prints it) and always re-encoded as PNG.
STORED_LOGO_SIDE = 1200


def normalise_logo(data: bytes) -> bytes:
    """The clinic logo as it is stored: decoded and re-encoded as PNG (transparency kept; trailing bytes,
    metadata and anything else after the image dropped), scaled to fit :data:`STORED_LOGO_SIDE` px.

    Raises ValidationError on ``logo_png`` for a file over :data:`MAX_LOGO_BYTES`, an image over
    :data:`MAX_LOGO_SIDE` px on a side or :data:`MAX_LOGO_PIXELS` in all, or data that is not an image.
    Uses Pillow (a reportlab dependency).
    """
    import io

    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError.single(
            "logo_png", _("The logo file is too large ({size} MB); use one under {limit} MB.").format(
                size=number(len(data) / 1e6, 1), limit=MAX_LOGO_BYTES // (1024 * 1024)))
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE or width * height > MAX_LOGO_PIXELS:
                raise ValidationError.single(
                    "logo_png", _("The logo is too large ({width} × {height} pixels); use one at most {side} pixels "
                                  "on a side.").format(width=width, height=height, side=MAX_LOGO_SIDE))
            img.seek(0)
            img.load()
            mode = "RGBA" if ("A" in img.getbands() or "transparency" in img.info) else "RGB"
            picture = img.convert(mode)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            EOFError, MemoryError) as exc:
        raise ValidationError.single(
            "logo_png", _("This file could not be read as an image; choose a PNG or JPEG logo.")) from exc
    picture.thumbnail((STORED_LOGO_SIDE, STORED_LOGO_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


class ClinicProfileUpdate(BaseModel):
    """Fields of the clinic profile screen; ``logo_png`` None keeps the current logo, b"" removes it."""

    name: str
    address: str = ""
    phone: str = ""
    emergency_phone: str = ""  # required before any sheet prints (the renderer refuses without it)
    emergency_hours: str = ""  # when the emergency line is staffed; "" = day and night
    country: str = "CA"  # ISO 3166-1 alpha-2: the emergency services number printed on sheets
    emergency_services: str = ""  # typed when the country is not in the table (or to override it)
    email: str = ""
    website: str = ""
    logo_png: bytes | None = None
    brand_colour: str = "#2f6f8f"
    paper_size: str = "A4"
    default_language: str = "en"
    timezone: str = "UTC"
    idle_lock_minutes: int = 5
    # may receptionists change the waiting times on a sheet? None keeps what is stored
    receptionists_may_lengthen_waits: bool | None = None


_LABELS = {"name": N_("Clinic name"), "address": N_("Address"), "phone": N_("Phone"), "emergency_phone": N_("Emergency phone"),
           "email": N_("E-mail"), "website": N_("Website"), "logo": N_("Logo"), "brand_colour": N_("Brand colour"),
           "paper_size": N_("Paper size"), "default_language": N_("Default language"), "timezone": N_("Time zone"),
           "idle_lock_minutes": N_("Idle lock"),
           "receptionists_may_lengthen_waits": N_("Receptionists may lengthen waiting times")}


def update_clinic_profile(session: Session, *, actor: StaffMember, data: ClinicProfileUpdate,
                          expected_version: int | None = None) -> ClinicProfile:
    """Validate and save the clinic profile (managers and admins).

    Raises ValidationError naming the field: empty name, colour not "#RRGGBB", unknown paper size, language
    or time zone, a logo that is not a readable image, an e-mail address that is not one (checked with
    email-validator; the normalised form is stored), idle lock outside 1-240 min.
    Raises ConflictError (who, when, which fields) when the profile was changed since ``expected_version``
    (the version the screen was filled from) or concurrently. Nothing is saved when any field is wrong.
    """
    from clinic_desktop.services.concurrency import check_version, refusing_stale

    require(session, actor, Permission.edit_clinic_profile)
    errors: dict[str, str] = text_errors(
        {k: getattr(data, k) for k in ("name", "address", "phone", "emergency_phone", "email", "website",
                                       "brand_colour", "timezone")}, ClinicProfile)
    if "timezone" in errors:
        data = data.model_copy(update={"timezone": "UTC"})
    name = data.name.strip()
    if not name:
        errors["name"] = _("Enter the clinic's name.")
    colour = data.brand_colour.strip()
    if not _COLOUR.match(colour):
        errors["brand_colour"] = _("“{colour}” is not a colour; use the form #1A2B3C.").format(colour=colour)
    if data.paper_size not in {p.value for p in PaperSize}:
        errors["paper_size"] = _("Choose A4 or Letter.")
    if data.default_language not in SUPPORTED_LANGUAGES:
        errors["default_language"] = _("Choose one of: {languages}.").format(languages=", ".join(SUPPORTED_LANGUAGES.values()))
    if data.timezone not in available_timezones() and data.timezone != "UTC":
        errors["timezone"] = _("“{zone}” is not a known time zone (for example America/Toronto).").format(zone=data.timezone)
    from clinic_desktop.aftercare.emergency import emergency_services_number

    digits = re.sub(r"\D", "", data.emergency_phone)
    if data.emergency_phone.strip() and not 3 <= len(digits) <= 20:
        errors["emergency_phone"] = _("Enter the emergency number with its digits, e.g. +1 514 555 0199.")
    elif len(data.emergency_phone) > 50:
        errors["emergency_phone"] = _("The emergency number is too long (50 characters at most).")
    if len(data.emergency_hours) > 200:
        errors["emergency_hours"] = _("Say when the line is answered in 200 characters at most.")
    country = data.country.strip().upper()
    services = data.emergency_services.strip()
    if not re.fullmatch(r"[A-Z]{2}", country):
        errors["country"] = _("Choose the clinic's country (a two-letter code such as CA, FR or GB).")
    elif services and not re.fullmatch(r"[0-9]{2,6}", services):
        errors["emergency_services"] = _("The emergency services number is 2 to 6 digits, e.g. 911 or 112.")
    elif not services and emergency_services_number(country) is None:
        errors["emergency_services"] = (
            _("Enter the emergency services number for {country} (the number patients dial for an "
              "ambulance).").format(country=country)
        )
    email, problem = normalised_email(data.email)
    if problem and "email" not in errors:
        errors["email"] = problem
    if not 1 <= data.idle_lock_minutes <= 240:
        errors["idle_lock_minutes"] = _("The idle lock must be between 1 and 240 minutes.")
    logo = data.logo_png
    if logo:
        from clinic_desktop.aftercare.render import SheetError, validate_logo

        try:
            logo = normalise_logo(logo)
            validate_logo(logo)
        except ValidationError as exc:
            errors.update(exc.errors)
        except SheetError as exc:
            errors["logo_png"] = str(exc)
    if errors:
        raise ValidationError(errors)
    profile = get_clinic_profile(session)
    check_version(session, profile, expected_version, entity="clinic_profile", what=_("the clinic profile"),
                  labels=_LABELS)
    read_version = profile.version
    before = profile.model_dump(exclude={"logo_png"})
    profile.name = name
    profile.address = data.address.strip()
    profile.phone = data.phone.strip()
    profile.emergency_phone = data.emergency_phone.strip()
    profile.emergency_hours = " ".join(data.emergency_hours.split())
    profile.country = country
    profile.emergency_services = services
    profile.email = email
    profile.website = data.website.strip()
    if logo is not None:
        profile.logo_png = logo or None
    profile.brand_colour = colour.lower()
    profile.paper_size = PaperSize(data.paper_size)
    profile.default_language = data.default_language
    profile.timezone = data.timezone
    profile.idle_lock_minutes = data.idle_lock_minutes
    if data.receptionists_may_lengthen_waits is not None:
        profile.receptionists_may_lengthen_waits = bool(data.receptionists_may_lengthen_waits)
    profile.updated_at = utcnow()
    after = profile.model_dump(exclude={"logo_png"})
    changes = {k: [before[k], after[k]] for k in after
               if before.get(k) != after[k] and k not in ("updated_at", "version")}
    if data.logo_png is not None:
        changes["logo"] = ["…", "changed" if data.logo_png else "removed"]
    with refusing_stale(session, ClinicProfile, profile.id, entity="clinic_profile", what=_("the clinic profile"),
                        expected_version=read_version, labels=_LABELS):
        session.add(profile)
        audit.record(session, actor=actor, action="clinic_profile.update", entity="clinic_profile",
                     entity_id=profile.id, details={"changes": changes})
        session.commit()
    session.refresh(profile)
    return profile
