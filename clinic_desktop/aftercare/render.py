"""The aftercare sheet: a branded, dated, day-by-day PDF rendered with reportlab (no Qt, no database).

``render_sheet(inputs, protocols, logo)`` is deterministic: the same inputs, protocol versions and
logo bytes give byte-identical PDFs (reportlab invariant mode; the PDF dates are ``inputs.issued_on``).

All text that a person typed — clinic details, patient and practitioner names, notes, protocol
wording — goes through :mod:`clinic_desktop.aftercare.text`: NFC, escaped, line breaks kept, a font run
per script (Noto Sans, Noto Sans Arabic and Hebrew, DejaVu for symbols), harfbuzz shaping and per-line
bidi ordering; a character no font has is printed as U+FFFD and reported by :func:`unprintable_fields`
(cases C1, C2 and C3). French text gets French typography (:func:`strings.french_typography`).

Layout rules (issue #12): body 11 pt and nothing under 9 pt in normal print, 18 pt for everything in
large print; a compact safety box on page 1 and the full warning signs last; every user text splits
across pages, and a reportlab LayoutError becomes a :class:`SheetError`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from clinic_desktop.aftercare.emergency import emergency_services_number
from clinic_desktop.aftercare.errors import SheetError
from clinic_desktop.aftercare.protocol import Protocol
from clinic_desktop.aftercare.schedule import VisitPlan, plan_visit, validate_adjustments
from clinic_desktop.aftercare.sheet_inputs import SheetInputs
from clinic_desktop.aftercare.strings import LOCALES, STRINGS, format_clock, format_day, french_typography
from clinic_desktop.aftercare.text import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    draw_line,
    markup,
    paragraph,
    plain,
    register_fonts,
    styled,
    unprintable,
)
from clinic_desktop.translation import _

__all__ = [
    "SheetError",
    "parse_brand_colour",
    "render_sheet",
    "unprintable_fields",
    "validate_adjustments",
    "validate_logo",
]

log = logging.getLogger(__name__)

_RED = colors.HexColor("#b3261e")
_RED_TINT = colors.HexColor("#fdecea")
_GREY = colors.HexColor("#5f6368")
_INK = colors.HexColor("#1f1f1f")
_RULE = colors.HexColor("#d0d4d9")

_MAX_LOGO_PIXELS = 40_000_000
_FRAME_PAD = 6.0  # reportlab Frame padding (points) on every side


# ------------------------------------------------------------------------------------------ public


def parse_brand_colour(text: str) -> str:
    """Normalise a brand colour to ``"#rrggbb"`` (accepts ``#RRGGBB``, ``RRGGBB`` and ``#RGB``).

    Raises ValueError with a message for the user.
    """
    value = (text or "").strip().lower()
    if not value.startswith("#"):
        value = "#" + value
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    if not re.fullmatch(r"#[0-9a-f]{6}", value):
        raise ValueError(_("“{text}” is not a colour; use the form #1A2B3C (six hex digits).").format(
            text=(text or "").strip()))
    return value


def validate_logo(data: bytes) -> None:
    """Check that ``data`` is an image the sheet can print (PNG, JPEG, GIF…; any size or aspect).

    Raises :class:`SheetError` with a message for the user that fits wherever the logo is being chosen
    (it names no screen).
    """
    _prepared_logo(data)


def unprintable_fields(inputs: SheetInputs) -> dict[str, tuple[str, ...]]:
    """The characters of each typed field of the sheet that no bundled (or system CJK) font can draw, as
    ``{field label: characters}`` — e.g. ``{"Patient name": ("😊",)}``. They print as U+FFFD "�"; the
    preview and the CLI say so. Fields with nothing missing are left out."""
    register_fonts()
    fields: dict[str, list[str]] = {
        "Patient name": [inputs.patient.display_name],
        "Clinic name": [inputs.clinic.name],
        "Clinic address": [inputs.clinic.address],
        "Clinic contact details": [inputs.clinic.phone, inputs.clinic.email, inputs.clinic.website],
        "Emergency line hours": [inputs.clinic.emergency_hours],
        "Practitioner": [t.practitioner_name for t in inputs.treatments],
        "Treatment areas": [t.areas for t in inputs.treatments],
        "Personal note": [a.text for a in inputs.adjustments if a.kind == "note"]
        + [a.by for a in inputs.adjustments],
    }
    out: dict[str, tuple[str, ...]] = {}
    for label, texts in fields.items():
        missing = tuple(dict.fromkeys(ch for text in texts for ch in unprintable(text)))
        if missing:
            out[label] = missing
    return out


def render_sheet(inputs: SheetInputs, protocols: Sequence[Protocol], logo: bytes | None = None) -> bytes:
    """Render the aftercare sheet as PDF bytes.

    ``protocols`` are in the order of ``inputs.treatments`` and must match each treatment's
    ``protocol_id``/``protocol_version`` and ``inputs.language``. ``logo`` is the clinic logo's bytes
    (PNG/JPEG; transparency kept) or None. Raises :class:`SheetError` for mismatched protocols, an
    unsupported language, a too-short waiting-time adjustment or an unreadable logo.
    """
    language = inputs.language
    if language not in STRINGS:
        raise SheetError(_("Aftercare sheets cannot be printed in “{language}” yet; choose English or French.").format(
            language=language))
    if not inputs.treatments:
        raise SheetError(_("The sheet has no treatment on it."))
    if len(protocols) != len(inputs.treatments):
        raise SheetError(
            f"The sheet lists {len(inputs.treatments)} treatment(s) "
            f"but {len(protocols)} protocol(s) were given."
        )
    for treatment, protocol in zip(inputs.treatments, protocols, strict=True):
        if (protocol.id, protocol.version, protocol.language) != (
            treatment.protocol_id,
            treatment.protocol_version,
            language,
        ):
            raise SheetError(
                f"The protocol for {treatment.protocol_id} version {treatment.protocol_version} ({language}) "
                f"is needed, but {protocol.id} version {protocol.version} ({protocol.language}) was given."
            )
    if not re.sub(r"\D", "", inputs.clinic.emergency_phone):
        raise SheetError(_(
            "The clinic has no emergency number, and every aftercare sheet must give one. "
            "Add it in Clinic profile → Emergency phone."
        ))
    try:
        brand = parse_brand_colour(inputs.clinic.brand_colour)
    except ValueError as exc:
        raise SheetError(_("The clinic's brand colour is not valid: {problem}").format(problem=exc)) from None
    try:
        prepared_logo = _prepared_logo(logo) if logo else None
    except SheetError as exc:  # printing: say where the logo is changed
        raise SheetError(_("The clinic logo cannot be printed. {problem} (Clinic profile → Logo.)").format(
            problem=exc)) from None
    register_fonts()
    plan = plan_visit(
        [(p, t.treatment_date) for p, t in zip(protocols, inputs.treatments, strict=True)],
        language,
        inputs.adjustments,
    )
    return _Builder(inputs, plan, brand, prepared_logo).build()


# ------------------------------------------------------------------------------------------ text


def _plain(text: str) -> str:
    return plain(text)


def _P(text: str, style: ParagraphStyle, direction: str | None = "LTR", **kw: Any) -> Paragraph:
    """A Paragraph of ``text`` (markup) with shaping and bidi switched on when the text needs them.

    ``direction=None``: the base direction comes from the text (a note written in Arabic is right-aligned).
    """
    return paragraph(text, style, direction, **kw)


# ------------------------------------------------------------------------------------------ logo


@dataclass(frozen=True)
class _Logo:
    reader: ImageReader
    width: int
    height: int
    _pdf: list = field(default_factory=list, compare=False, repr=False)  # [(name, PDFImageXObject)] once built

    def pdf_image(self) -> tuple[str, Any]:
        """(name, reportlab PDFImageXObject) of this logo, built once per process exactly as
        ``Canvas.drawImage(reader, mask="auto")`` builds it for every document: the pixels' compression and
        digest (about a tenth of a sheet's time) are not redone for each sheet. Used as a template."""
        if not self._pdf:
            from reportlab.pdfbase import pdfdoc
            from reportlab.pdfgen.canvas import _digester

            raw, alpha = self.reader.getRGBData(), self.reader._dataA
            name = _digester(raw + (alpha.getRGBData() if alpha else b"auto"))
            image = pdfdoc.PDFImageXObject(name, self.reader, mask="auto")
            image.name = name
            self._pdf.append((name, image))
        return self._pdf[0]


_LOGO_CACHE: dict[str, _Logo] = {}


def _prepared_logo(data: bytes) -> _Logo:
    """Decode (and cache) a logo; transparency becomes an alpha mask, big images are scaled down."""
    if not data:
        raise SheetError(_("This file is empty; choose a PNG or JPEG logo."))
    key = hashlib.sha256(data).hexdigest()
    cached = _LOGO_CACHE.get(key)
    if cached is not None:
        return cached
    from PIL import Image, UnidentifiedImageError

    unreadable = _("This file could not be read as an image; choose a PNG or JPEG logo.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > _MAX_LOGO_PIXELS:
            raise SheetError(_(
                "This image is far too large; choose a smaller PNG or JPEG logo (under 40 megapixels)."
            ))
        image.load()
    except SheetError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise SheetError(unreadable) from None
    if image.width < 1 or image.height < 1:
        raise SheetError(unreadable)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    longest = max(image.size)
    if longest > 520:  # a 55 mm wide header logo at 240 dpi: sharp in print, cheap to embed
        scale = 520 / longest
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.LANCZOS,
        )
    logo = _Logo(ImageReader(image), image.width, image.height)
    if len(_LOGO_CACHE) > 16:
        _LOGO_CACHE.clear()
    _LOGO_CACHE[key] = logo
    return logo


class _LogoFlowable(Flowable):
    """The logo scaled to fit ``max_w`` × ``max_h`` points, aspect kept, transparency kept."""

    def __init__(self, logo: _Logo, max_w: float, max_h: float):
        super().__init__()
        self.logo = logo
        scale = min(max_w / logo.width, max_h / logo.height)
        self.draw_w = logo.width * scale
        self.draw_h = logo.height * scale

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.draw_w, self.draw_h

    def draw(self) -> None:
        _draw_logo(self.canv, self.logo, self.draw_w, self.draw_h)


def _draw_logo(canv: Canvas, logo: _Logo, width: float, height: float) -> None:
    """What ``canv.drawImage(logo.reader, 0, 0, width, height, mask="auto")`` does (reportlab 4's steps, the
    same PDF objects and bytes), from the logo's PDF image built once per process (:meth:`_Logo.pdf_image`)
    instead of compressing its pixels again for every sheet. Each document gets its own copies."""
    import copy

    from reportlab.pdfbase import pdfdoc

    name, template = logo.pdf_image()
    canv._currentPageHasImages = 1
    doc = canv._doc
    reg_name = doc.getXObjectName(name)
    if not doc.idToObject.get(reg_name, None):
        image = copy.copy(template)
        canv._setXObjects(image)
        doc.Reference(image, reg_name)
        doc.addForm(name, image)
        smask = getattr(template, "_smask", None)
        if smask:
            smask = copy.copy(smask)
            mask_name = doc.getXObjectName(smask.name)
            if not doc.idToObject.get(mask_name, None):
                canv._setXObjects(smask)
                image.smask = doc.Reference(smask, mask_name)
            else:
                image.smask = pdfdoc.PDFObjectReference(mask_name)
            del image._smask
    canv.saveState()
    canv.translate(0, 0)
    canv.scale(width, height)
    canv._code.append(f"/{reg_name} Do")
    canv.restoreState()
    canv._formsinuse.append(name)


# ------------------------------------------------------------------------------------------ flowables


class _TickItem(Paragraph):
    """An instruction with an empty square drawn to its left for the patient to tick."""

    _continuation = False

    def draw(self) -> None:
        super().draw()
        if self._continuation:
            return
        fs = self.style.fontSize
        size = fs * 0.85
        baseline = self.height - fs
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.style.textColor)
        canv.setLineWidth(max(0.6, fs / 14))
        canv.rect(0, baseline - fs * 0.1, size, size, stroke=1, fill=0)
        canv.restoreState()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # Short items move to the next page whole; only a very long one is split.
        if getattr(self, "height", 0) < 200:
            return []
        parts = super().split(availWidth, availHeight)
        for part in parts[1:]:
            part._continuation = True
        return parts


@lru_cache(maxsize=16)
def _qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code matrix for ``value`` (error correction M), computed once per value."""
    widget = QrCodeWidget(value, barLevel="M")
    widget.qr.make()
    return tuple(tuple(bool(m) for m in row) for row in widget.qr.modules)


class _QrCode(Flowable):
    """A QR code ``size`` points square, centred in the available width, drawn as one filled path."""

    def __init__(self, value: str, size: float, border: int = 2):
        super().__init__()
        self.modules = _qr_modules(value)
        self.size, self.border, self.avail = size, border, size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.avail = availWidth
        return availWidth, self.size

    def draw(self) -> None:
        canv = self.canv
        count = len(self.modules)
        box = self.size / (count + 2 * self.border)
        x0 = (self.avail - self.size) / 2 + self.border * box
        top = self.size - self.border * box
        path = canv.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            while c < count:
                if row[c]:
                    start = c
                    while c < count and row[c]:
                        c += 1
                    path.rect(x0 + start * box, top - (r + 1) * box, (c - start) * box, box)
                else:
                    c += 1
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


def _tel_uri(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "tel:" + ("+" if phone.strip().startswith("+") else "") + digits


# ------------------------------------------------------------------------------------------ styles


def _mix(colour: str, with_white: float) -> colors.Color:
    c = colors.HexColor(colour)
    return colors.Color(
        c.red + (1 - c.red) * with_white,
        c.green + (1 - c.green) * with_white,
        c.blue + (1 - c.blue) * with_white,
    )


def _luminance(c: colors.Color) -> float:
    def chan(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * chan(c.red) + 0.7152 * chan(c.green) + 0.0722 * chan(c.blue)


def _text_colour(brand: str) -> colors.Color:
    """The brand colour, darkened until it reads on white (contrast ≥ 4.5:1)."""
    c = colors.HexColor(brand)
    for _ in range(20):
        if 1.05 / (_luminance(c) + 0.05) >= 4.5:
            return c
        c = colors.Color(c.red * 0.85, c.green * 0.85, c.blue * 0.85)
    return c


@dataclass(frozen=True)
class _Styles:
    size: float
    body: ParagraphStyle
    small: ParagraphStyle
    hint: ParagraphStyle
    hint_keep: ParagraphStyle
    bullet: ParagraphStyle
    tick: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    section: ParagraphStyle
    phase: ParagraphStyle
    clinic_name: ParagraphStyle
    clinic_line: ParagraphStyle
    red_title: ParagraphStyle
    red_body: ParagraphStyle
    red_bullet: ParagraphStyle
    phone: ParagraphStyle
    centre_small: ParagraphStyle
    note: ParagraphStyle
    safety_title: ParagraphStyle
    safety_body: ParagraphStyle
    brand: colors.Color
    brand_text: colors.Color
    tint: colors.Color


@lru_cache(maxsize=16)
def _styles(large: bool, brand: str) -> _Styles:
    # Readability (issue #12): normal print body 11 pt and nothing under 9 pt; large print 18 pt for
    # everything, labels, hints and footer included. Tested from the PDF's own font sizes.
    k = 1.8 if large else 1.0
    fs = 18.0 if large else 11.0
    lead = fs * 1.2
    brand_c = colors.HexColor(brand)
    brand_text = _text_colour(brand)

    def st(name: str, **kw: Any) -> ParagraphStyle:
        base = dict(
            fontName=FONT,
            fontSize=fs,
            leading=lead,
            textColor=_INK,
            splitLongWords=1,
            allowWidows=0,
            allowOrphans=0,
            bulletFontName=FONT,
            bulletFontSize=fs,
        )
        base.update(kw)
        return ParagraphStyle(name, **base)

    small_fs = 18.0 if large else 9.5
    return _Styles(
        size=fs,
        body=st("body", spaceAfter=1 * k),
        small=st("small", fontSize=small_fs, leading=small_fs * 1.3, textColor=_GREY),
        hint=st(
            "hint",
            fontName=FONT_ITALIC,
            fontSize=small_fs,
            leading=small_fs * 1.3,
            textColor=_GREY,
            spaceAfter=2 * k,
        ),
        hint_keep=st(
            "hint_keep",
            fontName=FONT_ITALIC,
            fontSize=small_fs,
            leading=small_fs * 1.3,
            textColor=_GREY,
            spaceAfter=2 * k,
            keepWithNext=1,
        ),
        bullet=st("bullet", leftIndent=fs * 1.1, bulletIndent=fs * 0.2, spaceAfter=0.4 * k),
        tick=st("tick", leftIndent=fs * 1.45, spaceAfter=0.6 * k),
        label=st("label", fontSize=small_fs, leading=small_fs * 1.25, textColor=_GREY),
        value=st("value", fontName=FONT_BOLD),
        title=st(
            "title",
            fontName=FONT_BOLD,
            fontSize=26 if large else 17,
            leading=31 if large else 21,
            textColor=brand_text,
            spaceAfter=0,
        ),
        subtitle=st("subtitle", fontSize=fs, leading=lead, textColor=_GREY, spaceAfter=3 * k),
        section=st(
            "section",
            fontName=FONT_BOLD,
            fontSize=fs * 1.18,
            leading=lead * 1.15,
            textColor=brand_text,
            spaceBefore=4 * k,
            spaceAfter=1.5 * k,
            keepWithNext=1,
        ),
        phase=st(
            "phase",
            fontName=FONT_BOLD,
            fontSize=fs,
            leading=lead,
            textColor=_INK,
            spaceBefore=3 * k,
            spaceAfter=1 * k,
            keepWithNext=1,
            borderPadding=0,
        ),
        clinic_name=st(
            "clinic_name",
            fontName=FONT_BOLD,
            fontSize=21 if large else 14,
            leading=25 if large else 17,
            textColor=brand_text,
            alignment=TA_LEFT if large else TA_RIGHT,
        ),
        clinic_line=st(
            "clinic_line",
            fontSize=small_fs,
            leading=small_fs * 1.25,
            textColor=_GREY,
            alignment=TA_LEFT if large else TA_RIGHT,
        ),
        red_title=st(
            "red_title",
            fontName=FONT_BOLD,
            fontSize=fs * 1.1,
            leading=lead * 1.1,
            textColor=_RED,
            spaceAfter=0.5 * k,
        ),
        red_body=st("red_body", fontName=FONT_BOLD, spaceBefore=1 * k, spaceAfter=0.8 * k),
        red_bullet=st("red_bullet", leftIndent=fs * 1.1, bulletIndent=fs * 0.2, spaceAfter=0.2 * k),
        phone=st(
            "phone",
            fontName=FONT_BOLD,
            fontSize=fs * 1.35,
            leading=lead * 1.35,
            textColor=_RED,
            alignment=TA_CENTER,
        ),
        centre_small=st(
            "centre_small", fontSize=small_fs, leading=small_fs * 1.25, textColor=_GREY, alignment=TA_CENTER
        ),
        note=st("note", backColor=_mix(brand, 0.9), leftIndent=2.5 * mm, rightIndent=2.5 * mm,
                borderPadding=(0, 2.5 * mm, 0, 2.5 * mm), spaceBefore=0, spaceAfter=0),
        safety_title=st("safety_title", fontName=FONT_BOLD, fontSize=fs * 1.1, leading=lead * 1.1,
                        textColor=_RED, spaceAfter=1 * k),
        safety_body=st("safety_body", spaceAfter=1 * k),
        brand=brand_c,
        brand_text=brand_text,
        tint=_mix(brand, 0.9),
    )


# ------------------------------------------------------------------------------------------ builder


class _Builder:
    def __init__(self, inputs: SheetInputs, plan: VisitPlan, brand: str, logo: _Logo | None):
        self.inputs = inputs
        self.plan = plan
        self.lang = inputs.language
        self.s = STRINGS[inputs.language]
        self.st = _styles(inputs.large_print, brand)
        self.logo = logo
        self.pagesize = A4 if inputs.clinic.paper_size == "A4" else LETTER
        self.margin = 12 * mm
        self.width = self.pagesize[0] - 2 * self.margin
        self.draft = all(not t.approved for t in inputs.treatments)
        self.partly_draft = not self.draft and any(not t.approved for t in inputs.treatments)

    def t(self, text: str) -> str:
        """Paragraph markup of ``text``; French text gets French typography (non-breaking spaces, « »)."""
        if self.lang == "fr":
            text = french_typography(text)
        return markup(text)

    def treatment_time(self, day: date) -> time | None:
        """The clock time of the (first) treatment on ``day``, when the sheet's inputs have it."""
        for t in self.inputs.treatments:
            if t.treatment_date == day and t.treatment_time is not None:
                return t.treatment_time
        return None

    def wait_start(self, day: date) -> time | None:
        """The clock time waits anchored on ``day`` count from: the LATEST treatment that day. Two treatments
        of one visit (hair at 11:05, facial at 12:25) share each wait, and counting from the earlier one
        ended the later treatment's waits before its protocol's minimum (fresh-user trial); counting from the
        later one never ends a wait early (the earlier treatment's waits run a little longer)."""
        times = [t.treatment_time for t in self.inputs.treatments
                 if t.treatment_date == day and t.treatment_time is not None]
        return max(times) if times else None

    def time_rule(self) -> str:
        """The one time rule, said once: waits end at a date and clock time, day rules at the day's end.
        The time named is the one waits count from (:meth:`wait_start`: the visit's last treatment)."""
        timed = [t for t in self.inputs.treatments if t.treatment_time is not None]
        if not timed:
            return self.s["waiting_hint"] + " " + self.s["avoid_hint"]
        last = max(timed, key=lambda t: (t.treatment_date, t.treatment_time))
        when = self.s["date_time"].format(
            date=self.d(last.treatment_date, "short"), time=format_clock(last.treatment_time, self.lang)
        )
        return self.s["time_rule"].format(time=when)

    def d(self, day: date, form: str = "date") -> str:
        return format_day(day, self.lang, form)

    # ---------------------------------------------------------------- story

    def build(self) -> bytes:
        story: list[Flowable] = []
        header, patient, safety = self.header(), self.patient_box(), self.safety_box()
        if self._stacked_height(header + patient + safety) <= self._frame_height():
            story += header + patient + safety
        else:  # a long header (large print, long names and addresses): the safety box still makes page 1
            story += header + safety + patient
        for plan in self.plan.treatments:
            story += self.phases(plan)
        story += self.waiting_times()
        story += self.notes()
        story += self.avoid()
        story += self.products()
        story += self.side_by_side(self.expected(), self.follow_ups())
        story += self.red_flags()
        return self.write(story)

    def _frame_height(self) -> float:
        """Height (pt) of the page's text frame, as :meth:`write` lays it out."""
        footer_fs = 18.0 if self.inputs.large_print else 9.5
        return self.pagesize[1] - 10 * mm - (self.margin + footer_fs * 3.0)

    def _stacked_height(self, flowables: list[Flowable]) -> float:
        """Height (pt) the flowables take one under the other at the frame's width, spacing included."""
        inner = self.width
        total = 0.0
        for f in flowables:
            if isinstance(f, KeepTogether):  # its own wrap needs a canvas: measure what it holds
                total += self._stacked_height(list(f._content))
                continue
            total += f.wrap(inner, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
        return total

    def header(self) -> list[Flowable]:
        st, c = self.st, self.inputs.clinic
        lines = [_P(self.t(c.name), st.clinic_name)]
        if c.address.strip():
            lines.append(_P(self.t(c.address), st.clinic_line))
        contact = [x for x in (c.phone, c.email, c.website) if x.strip()]
        if contact:
            lines.append(_P("  ·  ".join(self.t(x) for x in contact), st.clinic_line))
        logo_w = 0.0
        cells: list[Any]
        if self.logo is not None:
            scale = 1.4 if self.inputs.large_print else 1.0
            flow = _LogoFlowable(self.logo, 55 * mm * scale, 22 * mm * scale)
            logo_w = flow.draw_w
            if self.inputs.large_print:  # logo above, details below: long lines need the whole width
                cells = [[flow], [lines]]
                widths = [self.width]
            else:
                cells = [[flow, lines]]
                widths = [logo_w + 6 * mm, self.width - logo_w - 6 * mm]
        else:
            cells = [[lines]]
            widths = [self.width]
        table = Table(cells, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 1), (-1, -1), 2 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        names = ", ".join(self.t(t.protocol.treatment_name) for t in self.plan.treatments)
        if self.inputs.large_print:
            title = [_P(self.t(self.s["title"]), st.title), _P(names, st.subtitle)]
        else:  # one line: the title, then the treatment in the subtitle's grey
            title = [_P(f'{self.t(self.s["title"])}<font name="{FONT}" size="{st.subtitle.fontSize}" '
                        f'color="#5f6368">  ·  {names}</font>', st.title)]
        return [table, _Rule(self.st.brand, 2.2, space_before=2.5 * mm, space_after=2.5 * mm), *title]

    def patient_box(self) -> list[Flowable]:
        st, s, inp = self.st, self.s, self.inputs

        def cell(label: str, value: str) -> list[Paragraph]:
            return [_P(self.t(label), st.label), _P(value, st.value)]

        treatments = []
        long_areas: list[str] = []
        for t, plan in zip(inp.treatments, self.plan.treatments, strict=True):
            name = self.t(plan.protocol.treatment_name)
            if t.areas.strip() and len(t.areas) <= 160:
                name += f' <font name="{FONT}" color="#5f6368">({self.t(" ".join(t.areas.split()))})</font>'
            elif t.areas.strip():  # long areas flow below the box, where they can split across pages
                long_areas.append(f"{self.t(plan.protocol.treatment_name)}: {self.t(t.areas)}")
            treatments.append(name)
        practitioners = list(
            dict.fromkeys(t.practitioner_name for t in inp.treatments if t.practitioner_name)
        )
        dates = sorted({t.treatment_date for t in inp.treatments})
        treatment_cell = cell(
            s["treatments"] if len(treatments) > 1 else s["treatment"], "<br/>".join(treatments)
        )
        practitioner_cell = cell(s["practitioner"], "<br/>".join(self.t(p) for p in practitioners) or "—")
        when = []
        for day in dates:
            # every treatment time of the day: with two (11:05 and 12:25) the waits count from the later one,
            # so the header must not show only the first
            clocks = sorted({t.treatment_time for t in inp.treatments
                             if t.treatment_date == day and t.treatment_time is not None})
            text = self.d(day, "full")
            if clocks:
                text = s["date_time"].format(date=text, time=" · ".join(format_clock(c, self.lang) for c in clocks))
            when.append(self.t(text))
        label = s["treatment_time"] if any(self.treatment_time(day) for day in dates) else s["treatment_date"]
        date_cell = cell(label, "<br/>".join(when))
        name_cell = cell(s["patient"], self.t(inp.patient.display_name))
        dob_cell = cell(s["date_of_birth"], self.t(self.d(inp.patient.date_of_birth, "dob")))
        span: list[tuple[Any, ...]] = []
        if inp.large_print:  # two columns of 18 pt: the safety box still fits on page 1
            rows = [[name_cell, dob_cell], [treatment_cell, date_cell], [practitioner_cell, ""]]
            widths = [self.width * 0.5, self.width * 0.5]
        else:
            rows = [[name_cell, dob_cell, date_cell], [treatment_cell, "", practitioner_cell]]
            widths = [self.width * 0.42, self.width * 0.22, self.width * 0.36]
            span = [("SPAN", (0, 1), (1, 1))]
        pad = 2.2 * mm
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                    ("BACKGROUND", (0, 0), (-1, -1), st.tint),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad + 1 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, 0), pad),
                    ("TOPPADDING", (0, 1), (-1, -1), 0.8 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -2), 0.8 * mm),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, st.brand),
                    *span,
                ]
            )
        )
        return [table] + [_P(text, st.body) for text in long_areas]

    def phases(self, plan: Any) -> list[Flowable]:
        st, s = self.st, self.s
        out: list[Flowable] = []
        heading = s["day_by_day"]
        if len(self.plan.treatments) > 1:
            heading += " — " + plan.protocol.treatment_name
        out.append(_P(self.t(heading), st.section))
        treatment = next(t for t, p in zip(self.inputs.treatments, self.plan.treatments, strict=True)
                         if p is plan)
        if not treatment.approved and self.partly_draft:  # a combined sheet marks only its draft part
            out.append(_P(f'<font color="{_hex(_RED)}">{self.t(s["draft_part"])}</font>', st.red_body))
        if plan.protocol.intro.strip():
            out.append(_P(self.t(plan.protocol.intro), st.body))
        out.append(_P(self.t(s["tick_hint"]), st.hint))
        blocks: list[Flowable] = []
        phase_blocks: list[list[Flowable]] = []
        for phase in plan.phases:
            title = (
                f'<font color="{_hex(st.brand_text)}">{self.t(phase.heading)}</font>'
                f'<font name="{FONT}" color="#5f6368">  ·  {self.t(phase.title)}</font>'
            )
            items: list[Flowable] = [_P(title, st.phase)]
            items += [_TickItem(self.t(line), styled(self.t(line), st.tick)) for line in phase.instructions]
            # The heading stays with its first instructions (never a heading alone at the foot of a page);
            # in large print one is enough, else a tall block leaves half a page empty.
            keep = 2 if self.inputs.large_print else 3
            blocks.append(KeepTogether(items[:keep]))
            blocks += items[keep:]
            phase_blocks.append(items)
        columns = None if self.inputs.large_print else self._two_columns(phase_blocks)
        return out + ([columns] if columns is not None else blocks)

    def _two_columns(self, phase_blocks: list[list[Flowable]]) -> Flowable | None:
        """Normal print: the phases two by two, side by side (Day 0 | Days 1–2, then Days 3–6 | Day 7 …).
        Most instructions are short lines, so this saves a third of a page and keeps the facial sheet on
        two pages at 11 pt; the table splits between its rows across pages. None (one column) when a
        pair would be taller than half a page (a long clinic protocol then flows and splits freely)."""
        if len(phase_blocks) < 2:
            return None
        gap = 6 * mm
        col_w = (self.width - gap) / 2
        rows = []
        for i in range(0, len(phase_blocks), 2):
            pair = phase_blocks[i:i + 2] + ([[]] if i + 1 >= len(phase_blocks) else [])
            tall = max(sum(f.wrap(col_w, 10_000)[1] for f in block) for block in pair)
            if tall > self.pagesize[1] * 0.5:
                return None
            rows.append(pair)
        table = Table(rows, colWidths=[col_w + gap, col_w], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), gap),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ]))
        return table

    def waiting_times(self) -> list[Flowable]:
        if not self.plan.restrictions:
            return []
        st, s = self.st, self.s
        rows = []
        for r in self.plan.restrictions:
            left: list[Flowable] = [_P(self.t(t), st.body) for t in r.texts]
            if r.adjusted:
                mark = s["adjusted_by"].format(by=r.adjusted_by) if r.adjusted_by.strip() else s["adjusted"]
                left.append(
                    _P(f'<font color="{_hex(st.brand_text)}">{self.t("★ " + mark)}</font>', st.small)
                )
            start = self.wait_start(r.anchor_date)
            if start is not None:
                end = datetime.combine(r.anchor_date, start) + timedelta(hours=r.hours)
                ends = s["date_time"].format(date=self.d(end.date(), "short"),
                                             time=format_clock(end.time(), self.lang))
            elif r.end_date is not None:
                ends = s["ends_on"].format(date=self.d(r.end_date, "short"))
            else:
                ends = s["ends_hours"].format(hours=r.hours)
            rows.append([left, _P(self.t(ends), st.value)])
        return [
            _P(self.t(s["waiting_times"]), st.section),
            _P(self.t(self.time_rule()), st.hint_keep),
            *self._list_table(rows, (0.74, 0.26)),
        ]

    def notes(self) -> list[Flowable]:
        if not self.plan.notes:
            return []
        st = self.st
        out: list[Flowable] = [_P(self.t(self.s["notes"]), st.section)]
        for text, by in self.plan.notes:
            body = self.t(text)
            if by.strip():
                body += f'<br/><font color="#5f6368">— {self.t(" ".join(by.split()))}</font>'
            # One Paragraph per line of the note, each splittable across pages (never a one-cell table
            # taller than a page: issue #12); the tinted band with the brand bar is the note style.
            note_style = self.st.note
            for line in body.split("<br/>"):
                out.append(_P(line or "&nbsp;", note_style, direction=None))
            out.append(Spacer(1, 1.5 * mm))
        return out

    def avoid(self) -> list[Flowable]:
        """What to avoid, grouped by the date it ends: "Until the end of <date>", then its items (in two
        columns in normal print) — shorter, and one date to remember per group."""
        if not self.plan.avoid:
            return []
        st, s = self.st, self.s
        by_date: dict[date, list[str]] = {}
        for item in self.plan.avoid:
            by_date.setdefault(item.until_date, []).extend(item.texts)
        out: list[Flowable] = [_P(self.t(s["avoid"]), st.section)]
        for day, texts in sorted(by_date.items()):
            heading = s["until_end_of"].format(date=self.d(day))
            heading = heading[0].upper() + heading[1:]
            if len(texts) == 1:  # one item: on the date's line
                out.append(_P(f"<b>{self.t(heading + ':')}</b> {self.t(texts[0])}", st.body))
                continue
            block: list[Flowable] = [_P(self.t(heading + ":"), st.value)]
            bullets = self._bullets(texts, st.bullet, columns_from=2)
            block += bullets if isinstance(bullets, list) else [bullets]
            out.append(KeepTogether(block))
        return out

    def products(self) -> list[Flowable]:
        if not self.plan.products:
            return []
        st, s = self.st, self.s
        out: list[Flowable] = [_P(self.t(s["products"]), st.section)]
        for product in self.plan.products:
            when = s["product_from"].format(date=self.d(product.from_date, "range_start"))
            extra = f", {self.t(product.note)}" if product.note.strip() else ""
            out.append(
                _P(
                    f'{self.t(product.name)} <font color="#5f6368">— {self.t(when)}{extra}</font>',
                    st.bullet,
                    bulletText="•",
                )
            )
        return out

    def expected(self) -> list[Flowable]:
        if not self.plan.expected_effects:
            return []
        st = self.st
        out: list[Flowable] = [_P(self.t(self.s["expected"]), st.section)]
        out += [_P(self.t(line), st.bullet, bulletText="•") for line in self.plan.expected_effects]
        return out

    def side_by_side(self, left: list[Flowable], right: list[Flowable]) -> list[Flowable]:
        """Two short sections next to each other in normal print (keeps the facial sheet on 2 pages);
        one after the other in large print or when either is long."""
        if self.inputs.large_print or not left or not right or len(left) + len(right) > 14:
            return left + right
        gap = 5 * mm
        table = Table([[left, right]], colWidths=[self.width * 0.64, self.width * 0.36], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), gap),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table]

    def follow_ups(self) -> list[Flowable]:
        if not self.plan.follow_ups:
            return []
        st, s = self.st, self.s
        out: list[Flowable] = [_P(self.t(s["follow_up"]), st.section)]
        for day, kind in self.plan.follow_ups:
            out.append(_P(self.t(s[kind].format(date=self.d(day))), st.bullet, bulletText="•"))
        return out

    def _services_number(self) -> str:
        clinic = self.inputs.clinic
        return clinic.emergency_services.strip() or emergency_services_number(clinic.country) or "911"

    def _line_hours(self) -> str:
        """When the clinic's line is staffed, and what to do at other times (printed in both boxes)."""
        hours = " ".join(self.inputs.clinic.emergency_hours.split())
        if not hours:
            return self.s["line_always"]
        return self.s["line_hours"].format(hours=hours, number=self._services_number())

    def _phone_column(self, qr_size: float) -> list[Flowable]:
        st, s = self.st, self.s
        phone = self.inputs.clinic.emergency_phone.strip()
        out: list[Flowable] = [
            _P(self.t(s["emergency_line"]), st.centre_small),
            _P(self.t(phone), st.phone),
        ]
        if re.sub(r"\D", "", phone):
            out += [
                Spacer(1, 1 * mm),
                _QrCode(_tel_uri(phone), qr_size),
                _P(self.t(s["scan_to_call"]), st.centre_small),
            ]
        return out

    def safety_box(self) -> list[Flowable]:
        """Page 1: a compact red box — the main warning signs in one line, the clinic's number with its QR
        code, when the line is staffed and the emergency services number (issue #12, safety first)."""
        st, s = self.st, self.s
        large = self.inputs.large_print
        summary = "; ".join(dict.fromkeys(self.plan.safety_summary)) or "; ".join(self.plan.call_clinic[:4])
        summary = summary[0].upper() + summary[1:] + ". " + self._line_hours()
        left: list[Flowable] = [
            _P(self.t(s["safety_title"]), st.safety_title),
            _P(self.t(summary), st.safety_body),
            _P(self.t("⚠ " + s["safety_emergency"].format(number=self._services_number()) + ": "
                      + "; ".join(x[0].lower() + x[1:] for x in self.plan.call_emergency[:3]) + "…"),
               st.red_body),
            _P(self.t(s["safety_more"]), st.hint),
        ]
        right = self._phone_column(22 * mm if not large else 30 * mm)
        pad = 2.5 * mm
        if large:  # the number under the title, in the text column; the QR code beside it
            phone = self.inputs.clinic.emergency_phone.strip()
            left.insert(1, _P(self.t(s["emergency_line"] + " :" if self.lang == "fr" else s["emergency_line"] + ":")
                              + f' <font color="{_hex(_RED)}">'
                              f'{self.t(phone).replace(" ", "&nbsp;")}</font>', st.red_body))
            qr = [f for f in right if isinstance(f, _QrCode)]
            right = [*qr, _P(self.t(s["scan_to_call"]), st.centre_small)] if qr else []
            right_w = 46 * mm if qr else 0
            rows = [[left, right]] if qr else [[left]]
            widths = [self.width - right_w, right_w] if qr else [self.width]
        else:
            right_w = 52 * mm
            rows, widths = [[left, right]], [self.width - right_w, right_w]
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BOX", (0, 0), (-1, -1), 1.6, _RED),
            ("BACKGROUND", (0, 0), (-1, -1), _RED_TINT),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ]))
        return [Spacer(1, 2.5 * mm), KeepTogether([table])]

    def _bullets(
        self, items: list[str], style: ParagraphStyle, columns_from: int = 4
    ) -> Flowable | list[Flowable]:
        """Bullets in two columns in normal print (the list stays short), one column in large print."""
        paras = [_P(self.t(x), style, bulletText="•") for x in items]
        if self.inputs.large_print or len(paras) < columns_from:
            return paras
        # split where the columns come out most even, by length of text (long items wrap)
        sizes = [len(x) + 40 for x in items]
        half = min(range(1, len(items)), key=lambda i: abs(sum(sizes[:i]) - sum(sizes[i:])))
        table = Table([[paras[:half], paras[half:]]], colWidths=[self.width / 2 - 3 * mm] * 2, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    def red_flags(self) -> list[Flowable]:
        """The full list of warning signs, last: what needs a call to the clinic (with its number), and what
        needs the emergency services (911/112/999/000 … for the clinic's country)."""
        st, s = self.st, self.s
        phone = self.inputs.clinic.emergency_phone.strip()
        call = s["red_call_clinic"] if not self.inputs.clinic.emergency_hours.strip() else s["red_call_clinic_hours"]
        clinic_part: list[Any] = [
            _P(self.t(s["red_title"]), st.red_title),
            _P(self.t(call.rstrip(" :\u00a0") + " : " if self.lang == "fr" else call)
               + f' <font color="{_hex(_RED)}">{self.t(phone).replace(" ", "&nbsp;")}</font>', st.red_body),
        ]
        clinic_part += [_P(self.t(x), st.red_bullet, bulletText="•") for x in self.plan.call_clinic]
        if self.inputs.clinic.emergency_hours.strip():  # else "day or night" is already in the call line
            clinic_part.append(_P(self.t(self._line_hours()), st.body))
        emergency: list[Any] = [
            _P(self.t("⚠ " + s["red_emergency_number"].format(number=self._services_number()))
               + f' <font name="{FONT}" size="{st.hint.fontSize}" color="#5f6368">'
               + f'({self.t(s["red_emergency_hint"].rstrip("."))})</font>', st.red_body)
        ]
        emergency += [_P(self.t(x), st.red_bullet, bulletText="•") for x in self.plan.call_emergency]
        pad = 1.5 * mm
        if self.inputs.large_print:
            table = Table([[clinic_part], [emergency]], colWidths=[self.width], hAlign="LEFT")
            divider = [("BACKGROUND", (0, -1), (-1, -1), _RED_TINT), ("LINEABOVE", (0, -1), (-1, -1), 0.8, _RED)]
        else:  # normal print: what to call the clinic for | what to call 911 for, side by side
            table = Table([[clinic_part, emergency]], colWidths=[self.width * 0.55, self.width * 0.45],
                          hAlign="LEFT")
            divider = [("BACKGROUND", (1, 0), (1, 0), _RED_TINT), ("LINEBEFORE", (1, 0), (1, 0), 0.8, _RED)]
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                    ("BOX", (0, 0), (-1, -1), 1.6, _RED),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                    *divider,
                ]
            )
        )
        return [Spacer(1, 0.3 * mm if not self.inputs.large_print else 7 * mm),
                table if self.inputs.large_print else KeepTogether([table])]

    def _list_table(self, rows: list[list[Any]], split: tuple[float, float]) -> list[Flowable]:
        pad = 0.8 * mm if not self.inputs.large_print else 2.0 * mm
        widths = (self.width * split[0], self.width * split[1])
        return [_Row(row, widths, pad, gap=4 * mm) for row in rows]

    # ---------------------------------------------------------------- pages

    def write(self, story: list[Flowable]) -> bytes:
        inp, s = self.inputs, self.s
        buf = io.BytesIO()
        footer_fs = 18.0 if inp.large_print else 9.5
        bottom = self.margin + footer_fs * 3.0
        names = ", ".join(t.protocol.treatment_name for t in self.plan.treatments)
        doc = SimpleDocTemplate(
            buf,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=10 * mm - _FRAME_PAD,  # the frame pads 6 pt: the text starts 10 mm from the edge
            bottomMargin=bottom - _FRAME_PAD,
            title=_plain(f"{s['title']} — {names}"),
            author=_plain(inp.clinic.name),
            subject=_plain(f"{s['subject']}: {names}"),
            creator="Clinic Desktop",
            producer="Clinic Desktop (ReportLab)",
            lang=LOCALES[self.lang].replace("_", "-"),
            invariant=1,
        )
        pdf_date = f"D:{inp.issued_on:%Y%m%d}000000+00'00'"
        footer = _FooterInfo(
            left=_plain(
                f"{inp.patient.display_name}  ·  "
                f"{s['born'].format(date=self.d(inp.patient.date_of_birth, 'dob'))}"
            ),
            small=_plain(
                f"{inp.clinic.name}  ·  "
                + ", ".join(f"{t.protocol_id} {t.protocol_version}" for t in inp.treatments)
                + f"  ·  {s['issued'].format(date=self.d(inp.issued_on))}"
            ),
            page=s["page"],
            watermark=s["watermark"] if self.draft else "",
            size=footer_fs,
            small_size=footer_fs if inp.large_print else 9.0,
            margin=self.margin,
            brand=self.st.brand,
        )
        canvasmaker = _canvas_class(footer, pdf_date)
        painter = _watermark_painter(footer)
        try:
            doc.build(story, onFirstPage=painter, onLaterPages=painter, canvasmaker=canvasmaker)
        except LayoutError as exc:  # a safety net: every user text is splittable, so this is a bug
            log.error("aftercare sheet layout failed: %s", exc, exc_info=True)
            raise SheetError(_(
                "The sheet could not be laid out: one of its texts (a note, the treatment areas or a name) "
                "does not fit on a page. Shorten it and try again."
            )) from None
        return buf.getvalue()


def _hex(c: colors.Color) -> str:
    return "#" + c.hexval()[2:]


class _Row(Flowable):
    """Two columns of flowables side by side with a thin rule below (a light, fast table row)."""

    def __init__(self, cells: list[Any], widths: tuple[float, float], pad: float, gap: float):
        super().__init__()
        self.cells = [c if isinstance(c, list) else [c] for c in cells]
        self.widths, self.pad, self.gap = widths, pad, gap
        self.heights: list[list[float]] = []
        self.width = sum(widths)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A row that does not fit moves to the next page whole; one taller than half a page (a very long
        text) is given as its cells' flowables one after the other, which split across pages."""
        if getattr(self, "height", 0) < 380:
            return []
        return [f for cell in self.cells for f in cell]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.heights = []
        for i, cell in enumerate(self.cells):
            inner = self.widths[i] - (self.gap if i == 0 else 0)
            self.heights.append([f.wrap(inner, availHeight)[1] for f in cell])
        self.height = max(sum(h) for h in self.heights) + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for i, cell in enumerate(self.cells):
            y = self.height - self.pad
            for flow, h in zip(cell, self.heights[i], strict=True):
                y -= h
                flow.drawOn(self.canv, x, y)
            x += self.widths[i]
        self.canv.setStrokeColor(_RULE)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 0, self.width, 0)


class _Rule(Flowable):
    """A full-width horizontal line in the brand colour."""

    def __init__(
        self, colour: colors.Color, thickness: float, space_before: float = 0, space_after: float = 0
    ):
        super().__init__()
        self.colour, self.thickness = colour, thickness
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)


@dataclass(frozen=True)
class _FooterInfo:
    left: str
    small: str
    page: str
    watermark: str
    size: float
    small_size: float
    margin: float
    brand: colors.Color


def _canvas_class(info: _FooterInfo, pdf_date: str) -> Callable[..., Canvas]:
    """A canvas that knows the page count at save time: footer "Page x of y", and the DRAFT watermark."""

    class SheetCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            kwargs["initialFontName"] = FONT  # no unused Helvetica in the page resources
            super().__init__(*args, **kwargs)
            self._doc.setDateFormatter(lambda *_: pdf_date)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            m, fs = info.margin, info.size
            small = info.small_size
            self.saveState()
            y = m + small * 1.45
            self.setStrokeColor(_RULE)
            self.setLineWidth(0.5)
            self.line(m, y + fs * 1.25, width - m, y + fs * 1.25)
            self.setFillColor(_INK)
            self.setFont(FONT_BOLD, fs)
            page = info.page.format(x=number, y=total)
            page_w = pdfmetrics.stringWidth(page, FONT_BOLD, fs)
            self.drawRightString(width - m, y, page)
            _draw_line(self, info.left, _footer_style(FONT_BOLD, fs, _INK), m, y, width - 2 * m - page_w - 8 * mm)
            _draw_line(self, info.small, _footer_style(FONT, small, _GREY), m, y - small * 1.3, width - 2 * m)
            self.restoreState()

    return SheetCanvas


def _watermark_painter(info: _FooterInfo) -> Callable[[Canvas, Any], None]:
    """onPage callback: the DRAFT watermark, drawn before the page's content so it never hides text."""

    def paint(canv: Canvas, doc: Any) -> None:
        if not info.watermark:
            return
        width, height = canv._pagesize
        canv.saveState()
        canv.setFillColor(_RED)
        canv.setFont(FONT_BOLD, info.size)
        canv.drawRightString(width - info.margin, height - 7 * mm, info.watermark)
        canv.setFillAlpha(0.12)
        canv.translate(width / 2, height / 2)
        canv.rotate(52)
        size = min(46.0, (width * 1.05) / max(1.0, pdfmetrics.stringWidth(info.watermark, FONT_BOLD, 1)))
        canv.setFont(FONT_BOLD, size)
        canv.drawCentredString(0, -size / 3, info.watermark)
        canv.restoreState()

    return paint


@lru_cache(maxsize=16)
def _footer_style(font: str, size: float, colour: colors.Color) -> ParagraphStyle:
    return ParagraphStyle(f"footer-{font}-{size}", fontName=font, fontSize=size, leading=size * 1.2,
                          textColor=colour)


def _draw_line(canv: Canvas, text: str, style: ParagraphStyle, x: float, y: float, width: float) -> None:
    """One footer line in any script, shortened with "…" to fit (see text.draw_line)."""
    draw_line(canv, text, style, x, y, width)
