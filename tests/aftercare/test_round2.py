"""Issue #12 (sheet round 2) and #13 item 6 (safe protocol loading): every script, no layout crash,
readable sizes, safety box first, governance and hostile protocol files."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from clinic_desktop import paths
from clinic_desktop.aftercare.protocol import (
    ProtocolError,
    check_protocols,
    content_hash,
    load_bundled_protocols,
    parse_protocol,
)
from clinic_desktop.aftercare.render import SheetError, render_sheet
from clinic_desktop.aftercare.sheet_inputs import Adjustment
from clinic_desktop.aftercare.strings import french_typography
from tests.language import speaking

from .conftest import FACIAL, HAIR, make_inputs, pdf_pages

NAMES = ["ليلى حداد", "נועה לוי", "Nguyễn Thị Hương", "Ζωή Παπαδοπούλου", "Ксения Павлова"]


@pytest.fixture(autouse=True)
def _english_findings():
    """The protocol checker's findings and the sheet's errors are read in their English wording here ("has
    a format", "at least 14 days", "could not be laid out"), whatever the run's language; each sheet is
    rendered in the language it names."""
    with speaking("en"):
        yield


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    # pdftotext gives logical order with bidi marks; presentation forms back to letters
    return unicodedata.normalize("NFKC", re.sub("[\u202a-\u202e\u200e\u200f]", "", out))


def _font_sizes(pdf: bytes) -> set[float]:
    sizes: set[float] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                sizes.add(round(font_size * scale, 2))
        page.extract_text(visitor_text=visit)
    return sizes


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@needs_poppler
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("large", [False, True])
def test_names_in_every_script_are_printed_in_logical_order(bundled, tmp_path, name, language, large):
    protocols = [bundled[(FACIAL, language)]]
    note = Adjustment(kind="note", text=f"{name}: " + "ضع الثلج عشر دقائق\nשתו מים", by="Dr A")
    pdf = render_sheet(make_inputs(protocols, language=language, large=large, name=name,
                                   adjustments=[note]), protocols)
    text = _pdftotext(pdf, tmp_path)
    # Every word, letters in logical order, on every page (footer) and in the patient box; the order of
    # glyphs on the page is checked on pixels below.
    for word in name.split():
        assert text.count(word) >= 3, word
    for word in "ضع الثلج عشر دقائق שתו מים".split():
        assert word in text, word


def _ink_columns(pdf: bytes, tmp_path: Path) -> Image.Image:
    path = tmp_path / "n.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "n")],
                   check=True)
    return Image.open(next(tmp_path.glob("n-*.png"))).convert("L")


def _ours(text: str) -> bytes:
    """``text`` (logical order) drawn the way the sheet draws it (markup, font runs, shaping, bidi)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

    from clinic_desktop.aftercare.text import markup, paragraph, register_fonts

    register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(600, 120))
    flow = paragraph(markup(text), ParagraphStyle("x", fontName="NotoSans", fontSize=40, leading=50))
    flow.wrap(580, 100)
    flow.drawOn(canvas, 10, 30)
    canvas.save()
    return buf.getvalue()


def _raw(glyphs: str, font: str) -> bytes:
    """``glyphs`` drawn left to right exactly in string order: no shaping, no bidi (the reference)."""
    from reportlab.pdfgen.canvas import Canvas

    from clinic_desktop.aftercare.text import register_fonts

    register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(600, 120))
    canvas.setFont(font, 40)
    canvas.drawString(10, 40, glyphs)
    canvas.save()
    return buf.getvalue()


@needs_poppler
def test_arabic_is_joined_and_hebrew_reads_right_to_left_on_the_page(tmp_path):
    def ink(pdf: bytes, folder: str) -> Image.Image:
        (tmp_path / folder).mkdir()
        img = _ink_columns(pdf, tmp_path / folder)
        return img.crop(Image.eval(img, lambda v: 255 - v).getbbox())

    def distance(a: Image.Image, b: Image.Image) -> float:
        b = b.resize(a.size)
        return sum(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes(), strict=True)) / len(a.tobytes())

    # Hebrew, two words: the glyphs on the page are in visual order (the string reversed) — nearly pixel
    # for pixel (anti-aliasing aside), and far from the logical order drawn left to right
    ours = ink(_ours("נועה לוי"), "h1")
    reference = ink(_raw("נועה לוי"[::-1], "NotoSansHebrew"), "h2")
    wrong = ink(_raw("נועה לוי", "NotoSansHebrew"), "h3")
    assert ours.size == reference.size
    assert distance(ours, reference) * 5 < distance(ours, wrong)
    # Arabic: joined forms (shaped) are narrower than the same letters isolated, in visual order
    joined = ink(_ours("ليلى حداد"), "a1")
    isolated = ink(_raw("ليلى حداد"[::-1], "NotoSansArabic"), "a2")
    assert joined.width < isolated.width * 0.9
    # mixed direction: a Latin title and digits beside a Hebrew name (UAX #9: "Dr 12 <name reversed>")
    mixed = ink(_ours("Dr נועה לוי 12"), "m1")
    assert mixed.tobytes() != ours.tobytes()


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_10000_character_note_flows_across_pages(bundled, large, language):
    protocols = [bundled[(FACIAL, language)]]
    note = ("Rest well and drink water. " * 400)[:10_000]
    pdf = render_sheet(make_inputs(protocols, language=language, large=large,
                                   adjustments=[Adjustment(kind="note", text=note)]), protocols)
    pages = pdf_pages(pdf)
    assert len(pages) >= 3
    assert " ".join(pages).count("Rest") == note.count("Rest")  # every sentence, none lost at a page break


def test_3000_words_and_long_areas_and_unbroken_words_never_crash(bundled):
    protocols = [bundled[(FACIAL, "en")]]
    inputs = make_inputs(protocols, adjustments=[Adjustment(kind="note", text="word " * 3000 + "x" * 900)])
    inputs.treatments[0].areas = "forehead, cheeks, " * 120
    assert len(pdf_pages(render_sheet(inputs, protocols))) >= 3


@pytest.mark.parametrize("language", ["en", "fr"])
def test_font_sizes_normal_and_large_print(bundled, language):
    protocols = [bundled[(FACIAL, language)]]
    normal = _font_sizes(render_sheet(make_inputs(protocols, language=language), protocols))
    assert min(normal) >= 9 and 11 in normal
    large = _font_sizes(render_sheet(make_inputs(protocols, language=language, large=True), protocols))
    assert min(large) >= 18


@pytest.mark.parametrize("large", [False, True])
def test_safety_box_with_number_and_emergency_services_is_on_page_1(bundled, large):
    protocols = [bundled[(FACIAL, "en")]]
    inputs = make_inputs(protocols, large=large)
    inputs.clinic.emergency_hours = "Mon–Fri 9:00–18:00"
    inputs.clinic.country = "GB"
    first = pdf_pages(render_sheet(inputs, protocols))[0]
    assert "Contact us straight away if" in first and "+1 (514) 555-0199" in first
    assert "Mon–Fri 9:00–18:00" in first and "999" in first and "Scan to call" in first
    assert "Contact us now if you notice" not in first  # the full list stays at the end


def test_waits_end_at_a_date_and_clock_time(bundled):
    from datetime import time

    protocols = [bundled[(FACIAL, "en")]]
    inputs = make_inputs(protocols)
    inputs.treatments[0].treatment_time = time(14, 30)
    text = " ".join(" ".join(pdf_pages(render_sheet(inputs, protocols))).split())
    assert "Sunday 29 November 2026, 14:30" in text
    assert "Mon 30 Nov, 02:30" in text  # the 12-hour washing wait
    assert "Until the end of Sun 27 Dec 2026:" in text  # day-based rules: the end of a date


def test_french_typography_rules():
    assert french_typography("Attention : 24 h!") == "Attention\u00a0: 24\u00a0h\u202f!"
    assert french_typography('Dites "oui"; merci?') == "Dites «\u202foui\u202f»\u202f; merci\u202f?"
    assert french_typography("à 14:30 http://x.fr") == "à 14:30 http://x.fr"
    once = french_typography("Note : 3 jours !")
    assert french_typography(once) == once


# ----------------------------------------------------------------------------------- protocol files


def _facial_text() -> str:
    return (paths.protocols_dir() / "facial-mesotherapy.en.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("placeholder", ["{hours:s}", "{hours:>20000000}", "{hours!r}", "{days:08d}"])
def test_format_specs_in_placeholders_are_refused(placeholder):
    text = _facial_text().replace('"Do not wash your face for {hours} hours."',
                                  f'"Do not wash your face for {placeholder} hours."')
    with pytest.raises(ProtocolError, match="has a format"):
        parse_protocol(text, source="x.toml")


def test_deeply_nested_or_huge_file_is_reported_and_skipped(tmp_path):
    folder = tmp_path / "protocols"
    shutil.copytree(paths.protocols_dir(), folder)
    (folder / "nested.en.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "huge.en.toml").write_text("# " + "x" * 300_000, encoding="utf-8")
    errors: list[ProtocolError] = []
    loaded = load_bundled_protocols(folder, errors)
    assert (FACIAL, "en") in loaded and (HAIR, "fr") in loaded
    assert {e.file for e in errors} == {"nested.en.toml", "huge.en.toml"}
    findings = check_protocols(folder)
    assert {f.file for f in findings if f.level == "error"} >= {"nested.en.toml", "huge.en.toml"}


def test_heat_and_exfoliation_floor_is_14_days():
    text = _facial_text()
    text = text.replace('tags = ["heat", "sauna"]\nuntil_day = 28', 'tags = ["heat", "sauna"]\nuntil_day = 10')
    with pytest.raises(ProtocolError, match="at least 14 days"):
        parse_protocol(text, source="x.toml")


def test_content_hash_ignores_comments_and_review_claims_but_not_wording():
    text = _facial_text()
    assert content_hash(text) == content_hash("# a comment\n" + text.replace('status = "approved"',
                                                                             'status = "draft"'))
    assert content_hash(text) != content_hash(text.replace("Keep your hands off", "Keep hands off"))


@pytest.mark.parametrize(("name", "note", "tags"), [
    ("Charcoal peel-off mask", "", []),
    ("Masque au charbon", "", ["mask"]),
    ("Night cream", "with glycolic acid", []),
])
def test_recommended_product_contradicting_avoid_words_is_a_warning(tmp_path, name, note, tags):
    folder = tmp_path / "protocols"
    shutil.copytree(paths.protocols_dir(), folder)
    path = folder / "facial-mesotherapy.en.toml"
    path.write_text(path.read_text(encoding="utf-8") + f'\n[[recommended_products]]\nname = "{name}"\n'
                    f'note = "{note}"\ntags = {tags!r}\nfrom_day = 3\n'.replace("'", '"'), encoding="utf-8")
    warnings = [f for f in check_protocols(folder) if f.level == "warning"]
    assert any(name in f.message for f in warnings)


def test_shipped_protocols_have_no_findings():
    assert check_protocols() == []


def test_unprintable_layout_failure_is_a_sheet_error(bundled, monkeypatch):
    from reportlab.platypus.doctemplate import LayoutError

    protocols = [bundled[(FACIAL, "en")]]

    def boom(*args, **kwargs):
        raise LayoutError("Flowable too large")

    monkeypatch.setattr("reportlab.platypus.doctemplate.BaseDocTemplate.build", boom)
    with pytest.raises(SheetError, match="could not be laid out"):
        render_sheet(make_inputs(protocols), protocols)


def test_combined_sheet_marks_only_the_draft_part(bundled):
    facial, hair = bundled[(FACIAL, "en")], bundled[(HAIR, "en")]
    inputs = make_inputs([facial, hair])
    inputs.treatments[0].approved = True
    inputs.treatments[1].approved = False
    text = " ".join(" ".join(pdf_pages(render_sheet(inputs, [facial, hair]))).split())
    assert "DRAFT — not approved by the clinic" not in text  # no whole-sheet watermark
    assert text.count("DRAFT — not yet approved by the clinic") == 1
    hair_part = text[text.index("Day by day — Hair mesotherapy"):]
    assert hair_part.index("DRAFT — not yet approved") < 120  # right under the hair heading


def test_hair_sheet_has_scalp_red_flags_in_both_languages(bundled):
    for language, words in (("en", ["Hair falling out in patches", "severe headache"]),
                            ("fr", ["cheveux qui tombent par plaques", "mal de tête intense"])):
        protocols = [bundled[(HAIR, language)]]
        text = " ".join(" ".join(pdf_pages(render_sheet(make_inputs(protocols, language=language),
                                                        protocols))).split())
        for word in words:
            assert word in text, (language, word)


def test_cjk_name_uses_a_system_font_when_there_is_one_else_it_is_reported(bundled):
    from clinic_desktop.aftercare.text import register_fonts, unprintable

    name = "王小明"
    protocols = [bundled[(FACIAL, "en")]]
    text = "\n".join(pdf_pages(render_sheet(make_inputs(protocols, name=name), protocols)))
    if any(family == "SystemCJK" for family, _ in register_fonts().families):
        assert name in text and unprintable(name) == ()
    else:  # this machine has no CJK font: replaced visibly and reported, never dropped
        assert unprintable(name) == tuple(name)
        assert "\ufffd\ufffd\ufffd" in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_long_header_never_pushes_the_safety_box_off_page_1(bundled, language, paper):
    """Fresh-user trial: French large print on Letter for the demo clinic (a two-line name, a three-line
    address, areas that wrap) left page 1 holding only the header and the patient box, the safety box on
    page 2. Whatever the header's length, page 1 carries the box (it moves above the patient box if need be)."""
    protocols = [bundled[(FACIAL, language)]]
    inputs = make_inputs(protocols, language=language, large=True, paper=paper,
                         clinic_name="DEMO (not a real clinic) · Clinique Lumière Aesthetics et Associés")
    inputs.clinic.address = "88 Queen St W, Suite 410\nToronto ON  M5H 2M5\nCanada"
    inputs.clinic.email = "reception.desk@cliniquelumiere-aesthetics.example"
    inputs.clinic.website = "www.cliniquelumiere-aesthetics.example"
    inputs.treatments[0].areas = "face, neck, décolleté and the backs of both hands"
    first = " ".join(pdf_pages(render_sheet(inputs, protocols))[0].split())
    title = "Appelez-nous sans attendre" if language == "fr" else "Contact us straight away if"
    assert title in first and "555-0199" in first
    assert inputs.patient.display_name in first  # the patient box is still on page 1 too


def test_waits_of_two_treatments_in_one_visit_count_from_the_later_one(bundled):
    """Fresh-user trial: hair at 11:05 and facial at 12:25 the same day. The sheet counted every wait from
    11:05, so the facial's 12-hour washing wait ended at 23:05, 80 minutes before its protocol's minimum.
    Waits now count from the visit's last treatment, and the sheet says so."""
    from datetime import time

    protocols = [bundled[(HAIR, "en")], bundled[(FACIAL, "en")]]
    inputs = make_inputs(protocols)
    inputs.treatments[0].treatment_time = time(11, 5)
    inputs.treatments[1].treatment_time = time(12, 25)
    text = " ".join(" ".join(pdf_pages(render_sheet(inputs, protocols))).split())
    assert "Waits count from your treatment (Sun 29 Nov, 12:25)" in text
    assert "Sunday 29 November 2026, 11:05 · 12:25" in text  # the header shows both treatment times
    assert "Mon 30 Nov, 00:25" in text  # the facial's 12-hour washing wait, from 12:25
    assert "Sun 29 Nov, 23:05" not in text and "Mon 30 Nov, 11:05" not in text  # nothing counted from 11:05
    # the same visit in the other order: still from 12:25
    inputs.treatments[0].treatment_time, inputs.treatments[1].treatment_time = time(12, 25), time(11, 5)
    text = " ".join(" ".join(pdf_pages(render_sheet(inputs, protocols))).split())
    assert "Mon 30 Nov, 00:25" in text and "Sun 29 Nov, 23:05" not in text
