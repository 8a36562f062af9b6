"""The patient file PDF (issue #16): cover, summary of events, complications in full, aftercare sheets,
photographs, audit excerpt, and a last page saying what was verified and what was not.

Plain data in (:class:`PatientFileContent`, filled by ``services.patient_file``), PDF bytes out; the
aftercare sheets themselves are attached afterwards by :func:`attach_files` (pypdf), as the original PDF
files, so a reader can open each sheet exactly as it was handed to the patient.
User text is escaped before it reaches a reportlab Paragraph (case C3); characters the bundled DejaVu font
cannot draw are dropped (case C1).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from clinic_desktop.services.messages import _, short_date

_FONT = "CDFileSans"
_FONT_BOLD = "CDFileSans-Bold"
_fonts: dict[str, bool] = {}

#: Photos are drawn at most this many dots per inch of paper (print resolution); larger images are scaled
#: down to it, smaller ones are drawn as they are.
PRINT_DPI = 300


@dataclass(frozen=True)
class SummaryEvent:
    """One line of the summary of events: local date, kind ("Treatment session", …), title, details, and
    optional indented sub-lines (a complication's amendments, a treatment session's products)."""

    when: date
    kind: str
    title: str
    details: str = ""
    sub_lines: tuple[str, ...] = ()
    flagged: bool = False


@dataclass(frozen=True)
class SheetEntry:
    """One aftercare issuance: what the record says and what re-printing it gave.

    ``recorded_sha256`` is from the issuance record; ``reprinted_sha256`` the hash of the bytes rendered
    again now from its stored inputs (None if it could not be rendered); ``attachment`` the file name of
    the attached sheet ("" when not attached)."""

    issuance_id: int
    issued_at: str  # local, as shown
    issued_by: str
    action: str
    protocol: str
    recorded_sha256: str
    reprinted_sha256: str | None
    attachment: str

    @property
    def matches(self) -> bool:
        """True when the re-printed bytes are identical to the sheet handed (same SHA-256)."""
        return self.reprinted_sha256 is not None and self.reprinted_sha256 == self.recorded_sha256


@dataclass(frozen=True)
class PhotoEntry:
    """A photograph for the file: caption lines, and the stored image bytes (None when not included)."""

    photo_id: int
    caption: str
    details: str
    image: bytes | None


@dataclass(frozen=True)
class AuditLine:
    """One audit entry of the excerpt (time local, as shown)."""

    entry_id: int
    at: str
    who: str
    action: str
    record: str
    details: str


@dataclass
class PatientFileContent:
    """Everything the PDF shows, already in the reader's words (no database objects)."""

    title: str
    variant: str  # "Identified" or "De-identified (…)"
    clinic_lines: list[str]
    patient_lines: list[tuple[str, str]]  # (label, value)
    period: str
    produced_by: str
    produced_at: str
    concerning: str = ""  # e.g. "Complication 12: bruising, onset 21 Nov 2026"
    events: list[SummaryEvent] = field(default_factory=list)
    complications: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, history lines)
    sheets: list[SheetEntry] = field(default_factory=list)
    sheets_note: str = ""
    photos: list[PhotoEntry] = field(default_factory=list)
    photos_note: str = ""
    audit: list[AuditLine] = field(default_factory=list)
    verified: list[str] = field(default_factory=list)
    not_verified: list[str] = field(default_factory=list)
    paper: str = "A4"


def _register_fonts() -> None:
    if _fonts:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from clinic_desktop.paths import fonts_dir

    pdfmetrics.registerFont(TTFont(_FONT, str(fonts_dir() / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(_FONT_BOLD, str(fonts_dir() / "DejaVuSans-Bold.ttf")))
    for bold, italic, name in ((0, 0, _FONT), (1, 0, _FONT_BOLD), (0, 1, _FONT), (1, 1, _FONT_BOLD)):
        addMapping(_FONT, bold, italic, name)
    _fonts["done"] = True


def _t(text: str) -> str:
    """User text for a Paragraph: drawable characters only, markup escaped, line breaks kept."""
    from clinic_desktop.reporting.exporters import printable

    return escape(printable(str(text))).replace("\n", "<br/>")


def _print_image(data: bytes, max_w_pt: float, max_h_pt: float) -> tuple[io.BytesIO, float, float]:
    """The image scaled down to at most PRINT_DPI at the size it is drawn; returns (bytes, width, height)
    in points."""
    from PIL import Image

    img = Image.open(io.BytesIO(data))
    scale = min(max_w_pt / img.width, max_h_pt / img.height)  # fit the box, keep the proportions
    w_pt, h_pt = img.width * scale, img.height * scale
    most_px = (w_pt / 72 * PRINT_DPI, h_pt / 72 * PRINT_DPI)
    if img.width > most_px[0] * 1.05:
        img = img.convert("RGB")
        img.thumbnail((int(most_px[0]), int(most_px[1])))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=90)
        data = out.getvalue()
    return io.BytesIO(data), w_pt, h_pt


def render_patient_file(
    content: PatientFileContent, *, progress: Callable[[str], None] | None = None
) -> bytes:
    """Render ``content`` to PDF bytes (A4 or Letter). ``progress`` is called with a message per section."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _register_fonts()
    say = progress or (lambda _m: None)
    page = LETTER if content.paper == "Letter" else A4
    body = ParagraphStyle("body", fontName=_FONT, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    mono = ParagraphStyle("mono", parent=small, fontSize=7, leading=9, wordWrap="CJK")
    h1 = ParagraphStyle("h1", parent=body, fontName=_FONT_BOLD, fontSize=20, leading=25, spaceAfter=10)
    h2 = ParagraphStyle(
        "h2",
        parent=body,
        fontName=_FONT_BOLD,
        fontSize=13,
        leading=17,
        spaceBefore=8,
        spaceAfter=6,
        textColor=colors.HexColor("#2f6f8f"),
    )
    h3 = ParagraphStyle("h3", parent=body, fontName=_FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=6)
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), _FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d4d9")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f6")),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    width = page[0] - 4 * cm

    def table(header: Sequence[str], rows: list[list[str]], widths: Sequence[float], style=small) -> Table:  # noqa: ANN001
        data = [[Paragraph(f"<b>{_t(h)}</b>", style) for h in header]]
        data += [[c if not isinstance(c, str) else Paragraph(c, style) for c in row] for row in rows]
        t = Table(data, colWidths=[w * width for w in widths], repeatRows=1)
        t.setStyle(grid)
        return t

    story: list = []
    # ---- cover
    say("cover")
    story.append(Paragraph(_t(content.title), h1))
    story.append(Paragraph(f"<b>{_t(content.variant)}</b>", body))
    story.append(Spacer(1, 12))
    cover = [[_("Clinic"), "<br/>".join(_t(x) for x in content.clinic_lines if x)]]
    cover += [[_t(k), _t(v)] for k, v in content.patient_lines]
    cover += [[_("Period"), _t(content.period)]]
    if content.concerning:
        cover.append([_("Concerning"), _t(content.concerning)])
    cover += [[_("Produced by"), _t(content.produced_by)], [_("Produced at"), _t(content.produced_at)]]
    ct = Table(
        [[Paragraph(f"<b>{a}</b>" if i == 0 else a, body) for i, a in enumerate(row)] for row in cover],
        colWidths=[0.22 * width, 0.78 * width],
    )
    ct.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d4d9")),
            ]
        )
    )
    story.append(ct)
    story.append(Spacer(1, 14))
    contents = [
        _("1. Summary of events"),
        _("2. Complications in full"),
        _("3. Aftercare sheets as handed"),
        _("4. Photographs"),
        _("5. Audit excerpt"),
        _("6. What was verified"),
    ]
    story.append(Paragraph("<b>" + _t(_("Contents")) + "</b><br/>" + "<br/>".join(contents), body))
    story.append(PageBreak())
    # ---- summary of events
    say("summary of events")
    story.append(Paragraph(_t(_("1. Summary of events")), h2))
    if content.events:
        rows = []
        for e in content.events:
            details = _t(e.details)
            if e.sub_lines:
                details += "".join(f"<br/>• {_t(s)}" for s in e.sub_lines)
            title = f"<b>{_t(e.title)}</b>"
            if e.flagged:
                title = f"<font color='#b3261e'>{title}</font>"
            rows.append([f"{short_date(e.when)}", _t(_(e.kind)), title + ("<br/>" + details if details else "")])
        story.append(table([_("Date"), _("Event"), _("What")], rows, [0.14, 0.17, 0.69]))
    else:
        story.append(Paragraph(_t(_("No events are recorded for this patient.")), body))
    # ---- complications
    say("complications")
    story.append(Paragraph(_t(_("2. Complications in full")), h2))
    if not content.complications:
        story.append(Paragraph(_t(_("No complication is recorded.")), body))
    for heading, lines in content.complications:
        block = [Paragraph(_t(heading), h3)] + [Paragraph(_t(line), small) for line in lines]
        story.append(KeepTogether(block[:6]))
        story.extend(block[6:])
    # ---- sheets
    say("aftercare sheets")
    story.append(Paragraph(_t(_("3. Aftercare sheets as handed")), h2))
    if content.sheets_note:
        story.append(Paragraph(_t(content.sheets_note), body))
        story.append(Spacer(1, 4))
    if content.sheets:
        rows = []
        for s in content.sheets:
            check = (
                _t(_("identical"))
                if s.matches
                else "<font color='#b3261e'><b>" + _t(_("NOT identical")) + "</b></font>"
                if s.reprinted_sha256
                else "<font color='#b3261e'><b>" + _t(_("could not be re-printed")) + "</b></font>"
            )
            rows.append(
                [
                    f"{s.issuance_id}",
                    f"{_t(s.issued_at)}<br/>{_t(s.issued_by)}<br/>{_t(s.action)}",
                    _t(s.protocol),
                    Paragraph(s.recorded_sha256, mono),
                    f"{check}<br/>{_t(s.attachment) or _t(_('(not attached)'))}",
                ]
            )
        story.append(
            table(
                [_("No."), _("Issued"), _("Protocol"), _("SHA-256 recorded at issuance"), _("Re-printed now")],
                rows,
                [0.07, 0.22, 0.21, 0.27, 0.23],
            )
        )
    elif not content.sheets_note:
        story.append(Paragraph(_t(_("No aftercare sheet was issued.")), body))
    # ---- photos
    say("photographs")
    story.append(PageBreak())
    story.append(Paragraph(_t(_("4. Photographs")), h2))
    if content.photos_note:
        story.append(Paragraph(_t(content.photos_note), body))
    for photo in content.photos:
        parts = [Paragraph(f"<b>{_t(photo.caption)}</b>", body), Paragraph(_t(photo.details), small)]
        if photo.image is not None:
            data, w, h = _print_image(photo.image, width, 9 * cm)  # two photos to a page
            parts.append(Spacer(1, 3))
            parts.append(Image(data, width=w, height=h))
        parts.append(Spacer(1, 10))
        story.append(KeepTogether(parts))
    # ---- audit
    say("audit excerpt")
    story.append(PageBreak())
    story.append(Paragraph(_t(_("5. Audit excerpt")), h2))
    if content.audit:
        rows = [
            [str(a.entry_id), _t(a.at), _t(a.who), _t(a.action), _t(a.record), Paragraph(_t(a.details), mono)]
            for a in content.audit
        ]
        story.append(
            table(
                [_("No."), _("When"), _("Who"), _("Action"), _("Record"), _("Details")],
                rows,
                [0.06, 0.13, 0.15, 0.25, 0.15, 0.26],
            )
        )
    else:
        story.append(Paragraph(_t(_("No audit entry concerns this patient.")), body))
    # ---- verification
    say("verification")
    story.append(PageBreak())
    story.append(Paragraph(_t(_("6. What was verified")), h2))
    for line in content.verified:
        story.append(Paragraph(f"✓ {_t(line)}", body))
        story.append(Spacer(1, 3))
    story.append(Paragraph(_t(_("What was not verified")), h3))
    for line in content.not_verified:
        story.append(Paragraph(f"– {_t(line)}", body))
        story.append(Spacer(1, 3))

    footer = _("{title} · {variant} · produced {at}").format(
        title=content.title, variant=content.variant, at=content.produced_at)

    def on_page(canvas, doc) -> None:  # noqa: ANN001
        from clinic_desktop.reporting.exporters import printable

        canvas.saveState()
        canvas.setFont(_FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#5f6368"))
        text = printable(footer)
        room = page[0] - 6 * cm  # leave space for the page number
        while text and canvas.stringWidth(text, _FONT, 7.5) > room:
            text = text[:-2] + "…"
        canvas.drawString(2 * cm, 1.2 * cm, text)
        canvas.drawRightString(page[0] - 2 * cm, 1.2 * cm, _("page {number}").format(number=doc.page))
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=2 * cm,
        title=content.title,
        author=content.produced_by,
        subject=content.variant,
        creator="Clinic Desktop",
    )
    say("laying out pages")
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def attach_files(pdf: bytes, files: Sequence[tuple[str, bytes]]) -> bytes:
    """``pdf`` with each (file name, bytes) embedded as a file attachment (the PDF's EmbeddedFiles)."""
    if not files:
        return pdf
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for name, data in files:
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
