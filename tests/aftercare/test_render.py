"""The rendered aftercare sheet, checked through the PDF: extracted text, pages, fonts, images, metadata."""

from __future__ import annotations

import collections
import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from clinic_desktop import paths
from clinic_desktop.aftercare.protocol import parse_protocol
from clinic_desktop.aftercare.render import SheetError, parse_brand_colour, render_sheet, validate_logo
from clinic_desktop.aftercare.sheet_inputs import Adjustment
from clinic_desktop.aftercare.text import unprintable
from tests.language import msg_like, msg_text

from .conftest import FACIAL, HAIR, flat, make_inputs, pdf_pages

# Hand-written expected headings: (language, treatment date) -> phase headings that must be printed.
HEADINGS = {
    ("en", date(2026, 2, 28)): [
        "Day 0 · Sat 28 Feb 2026",
        "Days 1–2 · Sun 1 Mar – Mon 2 Mar 2026",
        "Days 3–6 · Tue 3 Mar – Fri 6 Mar 2026",
        "Day 7 onward · Sat 7 Mar 2026",
        "Saturday 28 February 2026",
    ],
    ("en", date(2028, 2, 28)): [
        "Days 1–2 · Tue 29 Feb – Wed 1 Mar 2028",
        "Days 3–6 · Thu 2 Mar – Sun 5 Mar 2028",
        "Day 7 onward · Mon 6 Mar 2028",
        "Monday 28 February 2028",
    ],
    ("en", date(2026, 12, 31)): [
        "Day 0 · Thu 31 Dec 2026",
        "Days 1–2 · Fri 1 Jan – Sat 2 Jan 2027",
        "Days 3–6 · Sun 3 Jan – Wed 6 Jan 2027",
        "Day 7 onward · Thu 7 Jan 2027",
        "Thursday 31 December 2026",
    ],
    ("fr", date(2026, 2, 28)): [
        "Jour 0 · samedi 28 février 2026",
        "Jours 1–2 · du dimanche 1er au lundi 2 mars 2026",
        "Jours 3–6 · du mardi 3 au vendredi 6 mars 2026",
        "À partir du jour 7 · samedi 7 mars 2026",
    ],
    ("fr", date(2028, 2, 28)): [
        "Jours 1–2 · du mardi 29 février au mercredi 1er mars 2028",
        "Jours 3–6 · du jeudi 2 au dimanche 5 mars 2028",
        "lundi 28 février 2028",
    ],
    ("fr", date(2026, 12, 31)): [
        "Jour 0 · jeudi 31 décembre 2026",
        "Jours 1–2 · du vendredi 1er au samedi 2 janvier 2027",
        "Jours 3–6 · du dimanche 3 au mercredi 6 janvier 2027",
        "À partir du jour 7 · jeudi 7 janvier 2027",
    ],
}


def _render(bundled, pids=(FACIAL,), language="en", logo=None, **kw):
    protocols = [bundled[(pid, language)] for pid in pids]
    return render_sheet(make_inputs(protocols, language=language, **kw), protocols, logo)


@pytest.mark.parametrize(("language", "day"), list(HEADINGS))
def test_sheet_prints_each_phase_with_its_localised_dates(bundled, language, day):
    text = flat(" ".join(pdf_pages(_render(bundled, language=language, on=day))))
    for heading in HEADINGS[(language, day)]:
        assert heading in text


def test_sheet_prints_the_protocol_content_and_contact_details(bundled):
    text = flat(" ".join(pdf_pages(_render(bundled))))
    facial = bundled[(FACIAL, "en")]
    for line in (
        facial.phases[1].instructions + facial.red_flags.call_clinic + facial.red_flags.call_emergency
    ):
        assert flat(line) in text
    for expected in (
        "Contact us now if you notice",
        "Call emergency services",
        "+1 (514) 555-0199",
        "Dr Amélie Tremblay",
        "Born 12 Mar 1990",
        "What to avoid",
        "Your waiting times",
        "We will phone you on Tue 1 Dec 2026",
        "Review visit around Sun 13 Dec 2026",
        "No makeup for 48 hours.",
        "Tue 1 Dec 2026",
    ):
        assert expected in text


def test_same_inputs_give_byte_identical_pdfs(bundled, tmp_path):
    logo = _transparent_logo()
    first = _render(bundled, pids=(FACIAL, HAIR), logo=logo)
    second = _render(bundled, pids=(FACIAL, HAIR), logo=logo)
    assert first == second
    assert _render(bundled, on=date(2026, 12, 1)) != _render(bundled)


def test_metadata_names_clinic_title_subject_language_and_issue_date(bundled):
    reader = PdfReader(io.BytesIO(_render(bundled, language="fr")))
    meta = reader.metadata
    assert meta.author == "Smith & Jones Aesthetics"
    assert "Mésothérapie faciale" in meta.title and "Mésothérapie faciale" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"
    assert meta["/CreationDate"].startswith("D:20261129")


def test_every_page_has_patient_name_birth_date_and_page_x_of_y(bundled):
    for language, born, page in (
        ("en", "Born 12 Mar 1990", "Page {x} of {y}"),
        ("fr", "Né(e) le 12 mars 1990", "Page {x} de {y}"),
    ):
        pages = pdf_pages(_render(bundled, language=language, large=True))
        assert len(pages) > 2
        for number, text in enumerate(pages, start=1):
            assert "Ксения Павлова" in text and born in text
            assert page.format(x=number, y=len(pages)) in text


def test_draft_watermark_on_every_page_of_the_unapproved_hair_sheet_only(bundled):
    hair = pdf_pages(_render(bundled, pids=(HAIR,)))
    assert all("DRAFT — not approved by the clinic" in page for page in hair)
    facial = pdf_pages(_render(bundled))
    assert not any("DRAFT" in page for page in facial)
    french = pdf_pages(_render(bundled, pids=(HAIR,), language="fr"))
    assert all("ÉBAUCHE — non approuvée par la clinique" in page for page in french)
    # An approved protocol printed while its approval is withdrawn (approved=False) is a draft too.
    assert "DRAFT" in pdf_pages(_render(bundled, approved=False))[0]


def test_merged_facial_and_hair_sheet_shows_the_stricter_rule(bundled):
    text = flat(" ".join(pdf_pages(_render(bundled, pids=(FACIAL, HAIR)))))
    assert "No exercise or sweating for 48 hours." in text
    assert "No exercise or sweating for 24 hours." not in text
    assert "No hot showers or hot baths for 48 hours." in text
    assert "for 24 hours" not in text.replace("Do not wash your hair for 24 hours.", "")
    assert "Day by day — Facial mesotherapy" in text and "Day by day — Hair mesotherapy" in text


def test_extend_adjustment_and_note_are_printed(bundled):
    adjustments = [
        Adjustment(kind="extend", restriction_key="makeup", hours=72, by="Dr Amélie Tremblay"),
        Adjustment(kind="note", text="Day 1:\nIce 10 min", by="Dr Amélie Tremblay"),
    ]
    pages = pdf_pages(_render(bundled, adjustments=adjustments))
    text = "\n".join(pages)
    assert "No makeup for 72 hours." in flat(text) and "No makeup for 48 hours." not in flat(text)
    assert "Adjusted for you by Dr Amélie Tremblay" in text
    assert "Day 1:\nIce 10 min" in text  # C3: the line break is kept
    with pytest.raises(SheetError, match="makeup"):
        _render(bundled, adjustments=[Adjustment(kind="extend", restriction_key="makeup", hours=12)])


@pytest.mark.parametrize(
    "name", ["Ксения Павлова", "Ζωή Παπαδοπούλου", "Nguyễn Thị Hương", "Aoife O'Brien-Daly"]
)
def test_c1_names_in_any_script_extract_exactly(bundled, name):
    pages = pdf_pages(_render(bundled, name=name))
    for page in pages:
        assert name in page


def test_c1_a_character_no_font_has_is_replaced_visibly_and_reported(bundled):
    # U+13000 (an Egyptian hieroglyph): no bundled font draws it. It is never dropped silently.
    name = "Zoë \U00013000 Martin"
    assert unprintable(name) == ("\U00013000",)
    text = "\n".join(pdf_pages(_render(bundled, name=name)))
    assert "Zoë \ufffd Martin" in text


def test_fonts_are_embedded(bundled):
    reader = PdfReader(io.BytesIO(_render(bundled)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/DescendantFonts" in font
            else font["/FontDescriptor"]
        )
        assert "/FontFile2" in descriptor.get_object()
        assert "Noto" in str(font["/BaseFont"]) or "DejaVu" in str(font["/BaseFont"])


def test_c3_markup_characters_and_line_breaks_print_literally(bundled):
    text = (paths.protocols_dir() / "facial-mesotherapy.en.toml").read_text(encoding="utf-8")
    text = text.replace(
        '"You may go back to a light moisturiser."', '"Avoid sun <2 weeks & <b>"'
    )
    protocol = parse_protocol(text, source="c3.toml")
    inputs = make_inputs([protocol], adjustments=[Adjustment(kind="note", text="Day 1:\nIce 10 min")])
    pages = pdf_pages(render_sheet(inputs, [protocol]))
    joined = "\n".join(pages)
    assert "Smith & Jones Aesthetics" in joined
    assert "Avoid sun <2 weeks & <b>" in joined
    assert "Day 1:\nIce 10 min" in joined


def test_facial_sheet_fits_two_pages_at_normal_size(bundled):
    from datetime import time

    for language in ("en", "fr"):
        for paper in ("A4", "Letter"):
            for clock in (None, time(14, 30)):  # with the treatment time, waits end at a date and time
                protocols = [bundled[(FACIAL, language)]]
                inputs = make_inputs(protocols, language=language, paper=paper)
                inputs.treatments[0].treatment_time = clock
                pdf = render_sheet(inputs, protocols, _transparent_logo())
                assert len(PdfReader(io.BytesIO(pdf)).pages) == 2, (language, paper, clock)


def test_paper_size_follows_the_clinic_profile(bundled):
    a4 = PdfReader(io.BytesIO(_render(bundled))).pages[0].mediabox
    letter = PdfReader(io.BytesIO(_render(bundled, paper="Letter"))).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def _body_size(pdf: bytes) -> float:
    """The font size carrying the most characters (the body text)."""
    sizes: collections.Counter[float] = collections.Counter()

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes[round(font_size * (tm[0] or 1), 1)] += len(text.strip())

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def test_large_print_body_is_at_least_18_points(bundled):
    normal = _render(bundled)
    large = _render(bundled, large=True)
    assert _body_size(large) >= 18
    assert _body_size(normal) < 12
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(normal)).pages)


_HEADING = re.compile(r"^(Day \d+|Days \d+–\d+)\b.* · ")


def test_phase_heading_never_ends_a_page(bundled):
    pages = pdf_pages(_render(bundled, pids=(FACIAL, HAIR), large=True))
    for page in pages[:-1]:
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        body = [ln for ln in lines if "Born 12 Mar 1990" not in ln and "Smith & Jones Aesthetics ·" not in ln]
        assert not _HEADING.match(body[-1]), body[-1]


def test_long_unbroken_words_wrap_inside_the_page(bundled, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    word = "Supercalifragilistic" * 12
    pdf = _render(
        bundled,
        name="Nguyễn " + word,
        clinic_name="Clinic" + "X" * 90,
        adjustments=[Adjustment(kind="note", text=word * 2)],
    )
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', html)]
    assert right_edges and max(right_edges) <= 595 - 10  # A4 width minus a little: nothing runs off the page


def _transparent_logo(size=(600, 200)) -> bytes:
    """An RGBA PNG whose transparent pixels hide pure black (drawn without a mask, they would show)."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size[1] - 10, size[1] - 10), fill=(47, 111, 143, 255))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def test_c5_transparent_logo_is_drawn_with_a_mask_and_no_box(bundled, tmp_path):
    pdf = _render(bundled, logo=_transparent_logo())
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    images = [obj.get_object() for obj in page["/Resources"]["/XObject"].values()]
    assert any("/SMask" in img or "/Mask" in img for img in images)
    if not shutil.which("pdftoppm"):
        return
    path = tmp_path / "logo.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")], check=True
    )
    rendered = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    # Header area (top-left 70 mm × 45 mm): logo colour present, no black box around it.
    box = rendered.crop((0, 0, int(70 / 25.4 * 40), int(45 / 25.4 * 40)))
    data = box.tobytes()
    pixels = [tuple(data[i : i + 3]) for i in range(0, len(data), 3)]
    assert not any(max(px) < 40 for px in pixels)
    assert any(abs(px[0] - 47) < 30 and abs(px[2] - 143) < 30 for px in pixels)


def test_logo_of_any_shape_fits_and_palette_transparency_works(bundled):
    tall = _transparent_logo((60, 900))
    wide = _transparent_logo((3000, 80))
    buf = io.BytesIO()
    Image.open(io.BytesIO(_transparent_logo())).convert("P").save(buf, format="PNG", transparency=0)
    for logo in (tall, wide, buf.getvalue()):
        assert len(PdfReader(io.BytesIO(_render(bundled, logo=logo))).pages) == 2


def test_unreadable_logo_gives_a_clear_message(bundled):
    with pytest.raises(SheetError, match=re.escape(msg_text("This file could not be read as an image; choose a PNG or JPEG logo."))):
        validate_logo(b"not an image")
    with pytest.raises(SheetError, match=re.escape(msg_text("This file could not be read as an image; choose a PNG or JPEG logo."))):
        _render(bundled, logo=b"\x89PNG\r\n\x1a\n broken")
    validate_logo(_transparent_logo())


def test_protocol_that_does_not_match_the_treatment_is_refused(bundled):
    facial_en, facial_fr, hair_en = bundled[(FACIAL, "en")], bundled[(FACIAL, "fr")], bundled[(HAIR, "en")]
    inputs = make_inputs([facial_en])
    with pytest.raises(SheetError, match="facial-mesotherapy"):
        render_sheet(inputs, [hair_en])
    with pytest.raises(SheetError):
        render_sheet(inputs, [facial_fr])
    with pytest.raises(SheetError):
        render_sheet(inputs, [facial_en, hair_en])
    stale = inputs.model_copy(
        update={"treatments": [inputs.treatments[0].model_copy(update={"protocol_version": "0.9.0"})]}
    )
    with pytest.raises(SheetError, match="0.9.0"):
        render_sheet(stale, [facial_en])


def test_brand_colour_parsing():
    assert parse_brand_colour("#2F6F8F") == "#2f6f8f"
    assert parse_brand_colour(" 2f6f8f ") == "#2f6f8f"
    assert parse_brand_colour("#abc") == "#aabbcc"
    for bad in ("blue", "#12345", "#gggggg", ""):
        with pytest.raises(ValueError, match=msg_like("“{text}” is not a colour; use the form #1A2B3C (six hex digits).").pattern):
            parse_brand_colour(bad)


def test_light_brand_colour_still_renders(bundled):
    protocols = [bundled[(FACIAL, "en")]]
    inputs = make_inputs(protocols)
    inputs = inputs.model_copy(
        update={"clinic": inputs.clinic.model_copy(update={"brand_colour": "#ffee00"})}
    )
    assert "Aftercare instructions" in pdf_pages(render_sheet(inputs, protocols))[0]


def test_sheet_renders_without_logo_or_contact_details(bundled):
    protocols = [bundled[(FACIAL, "en")]]
    inputs = make_inputs(protocols)
    bare = inputs.clinic.model_copy(update={"address": "", "phone": "", "email": "", "website": ""})
    text = flat(" ".join(pdf_pages(render_sheet(inputs.model_copy(update={"clinic": bare}), protocols))))
    assert "Contact us now if you notice" in text and "Scan to call" in text


def test_no_sheet_prints_without_an_emergency_number(bundled):
    protocols = [bundled[(FACIAL, "en")]]
    inputs = make_inputs(protocols)
    for missing in ("", "   ", "call us"):
        bare = inputs.clinic.model_copy(update={"emergency_phone": missing})
        with pytest.raises(SheetError, match=re.escape(msg_text("The clinic has no emergency number, and every aftercare sheet must give one. "
                                                           "Add it in Clinic profile → Emergency phone."))):
            render_sheet(inputs.model_copy(update={"clinic": bare}), protocols)


def test_bundled_fonts_cover_latin_vietnamese_greek_and_cyrillic():
    from reportlab.pdfbase.ttfonts import TTFont

    sample = "Zoë Ölçü ñ ß Œ Nguyễn Thị Hương Ζωή Παπαδοπούλου Ксения Павлова ЁЇЄ"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        font = TTFont("probe-" + name, str(Path(paths.fonts_dir()) / name))
        missing = [ch for ch in sample if ch != " " and ord(ch) not in font.face.charToGlyph]
        assert missing == [], name
    assert (Path(paths.fonts_dir()) / "LICENSE-DejaVu.txt").exists()


def test_qr_code_dials_the_emergency_phone_digits():
    from clinic_desktop.aftercare.render import _qr_modules, _tel_uri

    assert _tel_uri("+1 (514) 555-0199") == "tel:+15145550199"
    assert _tel_uri("514.555.0199 ext") == "tel:5145550199"
    modules = _qr_modules("tel:+15145550199")
    assert len(modules) == len(modules[0]) >= 21  # a square QR symbol (version 1 or more)


def test_emoji_anywhere_in_user_text_never_breaks_the_sheet(bundled):
    adjustments = [Adjustment(kind="note", text="Rest 🙂 and drink water 💧", by="Dr 👩‍⚕️ Tremblay")]
    pdf = _render(bundled, clinic_name="Glow ✨ Clinic", adjustments=adjustments)
    text = flat(" ".join(pdf_pages(pdf)))
    assert "Rest" in text and "drink water" in text and "Glow" in text and "Clinic" in text
