"""The aftercare sheet: a branded, dated, day-by-day PDF rendered with reportlab (no Qt, no database).

``render_sheet(inputs, protocols, logo)`` is deterministic: the same inputs, protocol versions and
logo bytes give byte-identical PDFs (reportlab invariant mode; the PDF dates are ``inputs.issued_on``).

All text that a person typed — clinic details, patient and practitioner names, notes, protocol
wording — goes through :func:`_text`: normalised to NFC, stripped of characters the bundled DejaVu
fonts cannot draw (emoji), XML-escaped, and line breaks kept (cases C1 and C3).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
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
from reportlab.pdfbase.ttfonts import TTFont
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

from clinic_desktop.aftercare.errors import SheetError
from clinic_desktop.aftercare.protocol import Protocol
from clinic_desktop.aftercare.schedule import VisitPlan, plan_visit, validate_adjustments
from clinic_desktop.aftercare.sheet_inputs import SheetInputs
from clinic_desktop.aftercare.strings import LOCALES, STRINGS, format_day

__all__ = ["SheetError", "parse_brand_colour", "render_sheet", "validate_adjustments", "validate_logo"]

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
}

_RED = colors.HexColor("#b3261e")
_RED_TINT = colors.HexColor("#fdecea")
_GREY = colors.HexColor("#5f6368")
_INK = colors.HexColor("#1f1f1f")
_RULE = colors.HexColor("#d0d4d9")

_MAX_LOGO_PIXELS = 40_000_000


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
        raise ValueError(f"“{(text or '').strip()}” is not a colour; use the form #1A2B3C (six hex digits).")
    return value


def validate_logo(data: bytes) -> None:
    """Check that ``data`` is an image the sheet can print (PNG, JPEG, GIF…; any size or aspect).

    Raises :class:`SheetError` with a message for the user that fits wherever the logo is being chosen
    (it names no screen).
    """
    _prepared_logo(data)


def render_sheet(inputs: SheetInputs, protocols: Sequence[Protocol], logo: bytes | None = None) -> bytes:
    """Render the aftercare sheet as PDF bytes.

    ``protocols`` are in the order of ``inputs.treatments`` and must match each treatment's
    ``protocol_id``/``protocol_version`` and ``inputs.language``. ``logo`` is the clinic logo's bytes
    (PNG/JPEG; transparency kept) or None. Raises :class:`SheetError` for mismatched protocols, an
    unsupported language, a too-short waiting-time adjustment or an unreadable logo.
    """
    language = inputs.language
    if language not in STRINGS:
        raise SheetError(f"Aftercare sheets cannot be printed in “{language}” yet; choose English or French.")
    if not inputs.treatments:
        raise SheetError("The sheet has no treatment on it.")
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
    try:
        brand = parse_brand_colour(inputs.clinic.brand_colour)
    except ValueError as exc:
        raise SheetError(f"The clinic's brand colour is not valid: {exc}") from None
    try:
        prepared_logo = _prepared_logo(logo) if logo else None
    except SheetError as exc:  # printing: say where the logo is changed
        raise SheetError(f"The clinic logo cannot be printed. {exc} (Clinic profile → Logo.)") from None
    _register_fonts()
    plan = plan_visit(
        [(p, t.treatment_date) for p, t in zip(protocols, inputs.treatments, strict=True)],
        language,
        inputs.adjustments,
    )
    return _Builder(inputs, plan, brand, prepared_logo).build()


# ------------------------------------------------------------------------------------------ fonts


@lru_cache(maxsize=1)
def _register_fonts() -> frozenset[int]:
    """Register the bundled DejaVu fonts once; return the code points all three can draw."""
    from clinic_desktop import paths

    folder = paths.fonts_dir()
    coverage: frozenset[int] | None = None
    for name, filename in _FONT_FILES.items():
        path = folder / filename
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # reportlab raises bare TTFError/IOError variants
                raise SheetError(f"The bundled font {filename} could not be loaded ({exc}).") from None
        font = pdfmetrics.getFont(name)
        chars = frozenset(font.face.charToGlyph)
        coverage = chars if coverage is None else coverage & chars
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)
    return coverage or frozenset()


_SPACES = re.compile(r"[ \t]{2,}")


@lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    """NFC-normalised text with every character the fonts lack removed (emoji, private use)."""
    coverage = _register_fonts()
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    kept = "".join(ch for ch in text if ch == "\n" or ord(ch) in coverage)
    if len(kept) != len(text):
        kept = _SPACES.sub(" ", kept)
        kept = "\n".join(line.strip() for line in kept.split("\n"))
    return kept.strip()


def _text(text: str) -> str:
    """User or protocol text made safe for a Paragraph: drawable characters, escaped, line breaks kept."""
    plain = _plain(text)
    escaped = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\n", "<br/>")


# ------------------------------------------------------------------------------------------ logo


@dataclass(frozen=True)
class _Logo:
    reader: ImageReader
    width: int
    height: int


_LOGO_CACHE: dict[str, _Logo] = {}


def _prepared_logo(data: bytes) -> _Logo:
    """Decode (and cache) a logo; transparency becomes an alpha mask, big images are scaled down."""
    if not data:
        raise SheetError("This file is empty; choose a PNG or JPEG logo.")
    key = hashlib.sha256(data).hexdigest()
    cached = _LOGO_CACHE.get(key)
    if cached is not None:
        return cached
    from PIL import Image, UnidentifiedImageError

    unreadable = "This file could not be read as an image; choose a PNG or JPEG logo."
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > _MAX_LOGO_PIXELS:
            raise SheetError(
                "This image is far too large; choose a smaller PNG or JPEG logo (under 40 megapixels)."
            )
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
        self.canv.drawImage(self.logo.reader, 0, 0, self.draw_w, self.draw_h, mask="auto")


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
    brand: colors.Color
    brand_text: colors.Color
    tint: colors.Color


@lru_cache(maxsize=16)
def _styles(large: bool, brand: str) -> _Styles:
    k = 1.8 if large else 1.0
    fs = 18.0 if large else 9.3
    lead = fs * 1.27
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

    small_fs = 15.0 if large else 7.8
    return _Styles(
        size=fs,
        body=st("body", spaceAfter=2 * k),
        small=st("small", fontSize=small_fs, leading=small_fs * 1.3, textColor=_GREY),
        hint=st(
            "hint",
            fontName=FONT_ITALIC,
            fontSize=small_fs,
            leading=small_fs * 1.3,
            textColor=_GREY,
            spaceAfter=2 * k,
        ),
        bullet=st("bullet", leftIndent=fs * 1.1, bulletIndent=fs * 0.2, spaceAfter=1.2 * k),
        tick=st("tick", leftIndent=fs * 1.45, spaceAfter=1.6 * k),
        label=st("label", fontSize=small_fs, leading=small_fs * 1.25, textColor=_GREY),
        value=st("value", fontName=FONT_BOLD),
        title=st(
            "title",
            fontName=FONT_BOLD,
            fontSize=17 * (1.6 if large else 1),
            leading=21 * (1.6 if large else 1),
            textColor=brand_text,
            spaceAfter=0,
        ),
        subtitle=st("subtitle", fontSize=fs * 1.1, leading=lead * 1.1, textColor=_GREY, spaceAfter=4 * k),
        section=st(
            "section",
            fontName=FONT_BOLD,
            fontSize=fs * 1.25,
            leading=lead * 1.25,
            textColor=brand_text,
            spaceBefore=7 * k,
            spaceAfter=2.5 * k,
            keepWithNext=1,
        ),
        phase=st(
            "phase",
            fontName=FONT_BOLD,
            fontSize=fs * 1.05,
            leading=lead * 1.05,
            textColor=_INK,
            spaceBefore=4.5 * k,
            spaceAfter=2 * k,
            keepWithNext=1,
            borderPadding=0,
        ),
        clinic_name=st(
            "clinic_name",
            fontName=FONT_BOLD,
            fontSize=14 * (1.5 if large else 1),
            leading=17 * (1.5 if large else 1),
            textColor=brand_text,
            alignment=TA_LEFT if large else TA_RIGHT,
        ),
        clinic_line=st(
            "clinic_line",
            fontSize=small_fs * 1.05,
            leading=small_fs * 1.35,
            textColor=_GREY,
            alignment=TA_LEFT if large else TA_RIGHT,
        ),
        red_title=st(
            "red_title",
            fontName=FONT_BOLD,
            fontSize=fs * 1.2,
            leading=lead * 1.2,
            textColor=_RED,
            spaceAfter=2 * k,
        ),
        red_body=st("red_body", fontName=FONT_BOLD, spaceBefore=2 * k, spaceAfter=1 * k),
        red_bullet=st("red_bullet", leftIndent=fs * 1.1, bulletIndent=fs * 0.2, spaceAfter=0.8 * k),
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
        self.margin = 15 * mm
        self.width = self.pagesize[0] - 2 * self.margin
        self.draft = any(not t.approved for t in inputs.treatments)

    def d(self, day: date, form: str = "date") -> str:
        return format_day(day, self.lang, form)

    # ---------------------------------------------------------------- story

    def build(self) -> bytes:
        story: list[Flowable] = []
        story += self.header()
        story += self.patient_box()
        for plan in self.plan.treatments:
            story += self.phases(plan)
        story += self.waiting_times()
        story += self.notes()
        story += self.avoid()
        story += self.products()
        story += self.expected()
        story += self.follow_ups()
        story += self.red_flags()
        return self.write(story)

    def header(self) -> list[Flowable]:
        st, c = self.st, self.inputs.clinic
        lines = [Paragraph(_text(c.name), st.clinic_name)]
        if c.address.strip():
            lines.append(Paragraph(_text(c.address), st.clinic_line))
        contact = [x for x in (c.phone, c.email, c.website) if x.strip()]
        if contact:
            lines.append(Paragraph("  ·  ".join(_text(x) for x in contact), st.clinic_line))
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
        names = ", ".join(_text(t.protocol.treatment_name) for t in self.plan.treatments)
        return [
            table,
            _Rule(self.st.brand, 2.2, space_before=3 * mm, space_after=3 * mm),
            Paragraph(_text(self.s["title"]), st.title),
            Paragraph(names, st.subtitle),
        ]

    def patient_box(self) -> list[Flowable]:
        st, s, inp = self.st, self.s, self.inputs

        def cell(label: str, value: str) -> list[Paragraph]:
            return [Paragraph(_text(label), st.label), Paragraph(value, st.value)]

        treatments = []
        for t, plan in zip(inp.treatments, self.plan.treatments, strict=True):
            name = _text(plan.protocol.treatment_name)
            if t.areas.strip():
                name += f' <font name="{FONT}" color="#5f6368">({_text(t.areas)})</font>'
            treatments.append(name)
        practitioners = list(
            dict.fromkeys(t.practitioner_name for t in inp.treatments if t.practitioner_name)
        )
        dates = sorted({t.treatment_date for t in inp.treatments})
        treatment_cell = cell(
            s["treatments"] if len(treatments) > 1 else s["treatment"], "<br/>".join(treatments)
        )
        practitioner_cell = cell(s["practitioner"], "<br/>".join(_text(p) for p in practitioners) or "—")
        date_cell = cell(s["treatment_date"], "<br/>".join(_text(self.d(day, "full")) for day in dates))
        name_cell = cell(s["patient"], _text(inp.patient.display_name))
        dob_cell = cell(s["date_of_birth"], _text(self.d(inp.patient.date_of_birth, "dob")))
        span: list[tuple[Any, ...]] = []
        if inp.large_print:  # one column: long values need the whole width
            rows = [[name_cell], [dob_cell], [treatment_cell], [date_cell], [practitioner_cell]]
            widths = [self.width]
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
        return [table]

    def phases(self, plan: Any) -> list[Flowable]:
        st, s = self.st, self.s
        out: list[Flowable] = []
        heading = s["day_by_day"]
        if len(self.plan.treatments) > 1:
            heading += " — " + plan.protocol.treatment_name
        out.append(Paragraph(_text(heading), st.section))
        if plan.protocol.intro.strip():
            out.append(Paragraph(_text(plan.protocol.intro), st.body))
        out.append(Paragraph(_text(s["tick_hint"]), st.hint))
        for phase in plan.phases:
            title = (
                f'<font color="{_hex(st.brand_text)}">{_text(phase.heading)}</font>'
                f'<font name="{FONT}" color="#5f6368">  ·  {_text(phase.title)}</font>'
            )
            items: list[Flowable] = [Paragraph(title, st.phase)]
            items += [_TickItem(_text(line), st.tick) for line in phase.instructions]
            # The heading stays with its first instructions (never a heading alone at the foot of a page);
            # in large print one is enough, else a tall block leaves half a page empty.
            keep = 2 if self.inputs.large_print else 3
            out.append(KeepTogether(items[:keep]))
            out += items[keep:]
        return out

    def waiting_times(self) -> list[Flowable]:
        if not self.plan.restrictions:
            return []
        st, s = self.st, self.s
        rows = []
        for r in self.plan.restrictions:
            left: list[Flowable] = [Paragraph(_text(t), st.body) for t in r.texts]
            if r.adjusted:
                mark = s["adjusted_by"].format(by=r.adjusted_by) if r.adjusted_by.strip() else s["adjusted"]
                left.append(
                    Paragraph(f'<font color="{_hex(st.brand_text)}">★ {_text(mark)}</font>', st.small)
                )
            if r.end_date is not None:
                ends = s["ends_on"].format(date=self.d(r.end_date))
            else:
                ends = s["ends_hours"].format(hours=r.hours)
            rows.append([left, Paragraph(_text(ends), st.value)])
        return [
            Paragraph(_text(s["waiting_times"]), st.section),
            Paragraph(_text(s["waiting_hint"]), st.hint),
            *self._list_table(rows, (0.66, 0.34)),
        ]

    def notes(self) -> list[Flowable]:
        if not self.plan.notes:
            return []
        st = self.st
        out: list[Flowable] = [Paragraph(_text(self.s["notes"]), st.section)]
        for text, by in self.plan.notes:
            body = _text(text)
            if by.strip():
                body += f'<br/><font color="#5f6368">— {_text(by)}</font>'
            box = Table([[Paragraph(body, st.body)]], colWidths=[self.width])
            box.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                        ("BACKGROUND", (0, 0), (-1, -1), st.tint),
                        ("LINEBEFORE", (0, 0), (0, -1), 3, st.brand),
                        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                        ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
                    ]
                )
            )
            out += [box, Spacer(1, 1.5 * mm)]
        return out

    def avoid(self) -> list[Flowable]:
        if not self.plan.avoid:
            return []
        st, s = self.st, self.s
        rows = [
            [
                [Paragraph(_text(t), st.body) for t in item.texts],
                Paragraph(_text(s["avoid_until"].format(date=self.d(item.until_date))), st.value),
            ]
            for item in self.plan.avoid
        ]
        return [
            Paragraph(_text(s["avoid"]), st.section),
            Paragraph(_text(s["avoid_hint"]), st.hint),
            *self._list_table(rows, (0.66, 0.34)),
        ]

    def products(self) -> list[Flowable]:
        if not self.plan.products:
            return []
        st, s = self.st, self.s
        out: list[Flowable] = [Paragraph(_text(s["products"]), st.section)]
        for product in self.plan.products:
            when = s["product_from"].format(date=self.d(product.from_date))
            extra = f", {_text(product.note)}" if product.note.strip() else ""
            out.append(
                Paragraph(
                    f'{_text(product.name)} <font color="#5f6368">— {_text(when)}{extra}</font>',
                    st.bullet,
                    bulletText="•",
                )
            )
        return out

    def expected(self) -> list[Flowable]:
        if not self.plan.expected_effects:
            return []
        st = self.st
        out: list[Flowable] = [Paragraph(_text(self.s["expected"]), st.section)]
        out += [Paragraph(_text(line), st.bullet, bulletText="•") for line in self.plan.expected_effects]
        return out

    def follow_ups(self) -> list[Flowable]:
        if not self.plan.follow_ups:
            return []
        st, s = self.st, self.s
        out: list[Flowable] = [Paragraph(_text(s["follow_up"]), st.section)]
        for day, kind in self.plan.follow_ups:
            out.append(Paragraph(_text(s[kind].format(date=self.d(day))), st.bullet, bulletText="•"))
        return out

    def red_flags(self) -> list[Flowable]:
        st, s, clinic = self.st, self.s, self.inputs.clinic
        phone = clinic.emergency_phone.strip() or clinic.phone.strip()
        large = self.inputs.large_print
        left: list[Flowable] = [Paragraph(_text(s["red_title"]), st.red_title)]
        left += [Paragraph(_text(x), st.red_bullet, bulletText="•") for x in self.plan.call_clinic]
        right: list[Flowable] = []
        if phone:
            right = [
                Paragraph(_text(s["emergency_line"]), st.centre_small),
                Paragraph(_text(phone), st.phone),
            ]
            digits = re.sub(r"\D", "", phone)
            if digits:
                qr = 30 * mm if large else 23 * mm
                right += [
                    Spacer(1, 1 * mm),
                    _QrCode(_tel_uri(phone), qr),
                    Paragraph(_text(s["scan_to_call"]), st.centre_small),
                ]
            left.insert(1, Paragraph(_text(s["red_call_clinic"]), st.red_body))
        emergency: list[Flowable] = [Paragraph(f"⚠ {_text(s['red_emergency'])}", st.red_body)]
        emergency += [Paragraph(_text(x), st.red_bullet, bulletText="•") for x in self.plan.call_emergency]
        emergency.append(Paragraph(_text(s["red_emergency_hint"]), st.hint))
        pad = 3 * mm
        if right and not large:
            right_w = 58 * mm
            rows = [[left, right], [emergency, ""]]
            widths = [self.width - right_w, right_w]
            span = [("SPAN", (0, 1), (1, 1))]
        else:
            rows = [[left]] + ([[right]] if right else []) + [[emergency]]
            widths = [self.width]
            span = []
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                    ("BOX", (0, 0), (-1, -1), 1.6, _RED),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                    ("BACKGROUND", (0, -1), (-1, -1), _RED_TINT),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.8, _RED),
                    *span,
                ]
            )
        )
        return [Spacer(1, 4 * mm if not large else 7 * mm), KeepTogether([table])]

    def _list_table(self, rows: list[list[Any]], split: tuple[float, float]) -> list[Flowable]:
        pad = 1.1 * mm if not self.inputs.large_print else 2.0 * mm
        widths = (self.width * split[0], self.width * split[1])
        return [_Row(row, widths, pad, gap=4 * mm) for row in rows]

    # ---------------------------------------------------------------- pages

    def write(self, story: list[Flowable]) -> bytes:
        inp, s = self.inputs, self.s
        buf = io.BytesIO()
        footer_fs = 13.0 if inp.large_print else 7.6
        bottom = self.margin + footer_fs * 3.2
        names = ", ".join(t.protocol.treatment_name for t in self.plan.treatments)
        doc = SimpleDocTemplate(
            buf,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=12 * mm,
            bottomMargin=bottom,
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
            margin=self.margin,
            brand=self.st.brand,
        )
        canvasmaker = _canvas_class(footer, pdf_date)
        painter = _watermark_painter(footer)
        doc.build(story, onFirstPage=painter, onLaterPages=painter, canvasmaker=canvasmaker)
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
            self.saveState()
            y = m + fs * 1.4
            self.setStrokeColor(_RULE)
            self.setLineWidth(0.5)
            self.line(m, y + fs * 1.25, width - m, y + fs * 1.25)
            self.setFillColor(_INK)
            self.setFont(FONT_BOLD, fs)
            page = info.page.format(x=number, y=total)
            page_w = pdfmetrics.stringWidth(page, FONT_BOLD, fs)
            left = _fit(info.left, FONT_BOLD, fs, width - 2 * m - page_w - 8 * mm)
            self.drawString(m, y, left)
            self.drawRightString(width - m, y, page)
            self.setFillColor(_GREY)
            small = fs * 0.85
            self.setFont(FONT, small)
            self.drawString(m, y - fs * 1.3, _fit(info.small, FONT, small, width - 2 * m))
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


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits ``width`` points (footer lines never overflow)."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
