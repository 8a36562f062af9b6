"""Arabic names on the aftercare sheet are shaped with the ordinary joining forms only: no discretionary
or word ligature (Noto Sans Arabic draws "محمد" as the single glyph U+FDF4 ﷴ and "الله" as U+FDF2 with
"dlig"), the required lam-alef kept. Checked on the PDF's extracted text (pypdf and pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from clinic_desktop.aftercare.render import render_sheet
from tests.aftercare.conftest import FACIAL, make_inputs, pdf_pages

NAMES = ["محمد", "عبد الله", "محمد علي", "ليلى حداد", "صلاح الدين"]


def _arabic(text: str) -> str:
    return "".join(ch for ch in text if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff")


def _letters(extracted: str) -> list[str]:
    """Each extracted Arabic character as the letters it stands for (a presentation form is one letter;
    a ligature glyph several)."""
    return [unicodedata.normalize("NFKC", ch) for ch in _arabic(extracted)]


def _words_back(extracted: str, name: str) -> bool:
    """True when each word of ``name`` comes back (in logical or visual order) from the extracted text."""
    letters = "".join(_letters(extracted))
    return all(word in letters or word[::-1] in letters for word in name.split())


@pytest.fixture(scope="module")
def sheets(bundled):
    return {name: render_sheet(make_inputs([bundled[(FACIAL, "en")]], name=name), [bundled[(FACIAL, "en")]])
            for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_the_name_comes_back_letter_by_letter(sheets, name):
    text = pdf_pages(sheets[name])[0]
    extracted = _arabic(text)
    assert "\ufdf4" not in extracted and "\ufdf2" not in extracted
    # every glyph is one letter, except the font's required ("rlig") lam ligatures: lam-alef (U+FEF5–U+FEFC)
    # and, in Noto Sans Arabic, lam-alef maksura (U+FC86): two letters, lam first
    for ch, letters in zip(extracted, _letters(text), strict=True):
        assert len(letters) == 1 or (letters[0] == "ل" and letters[1] in "اأإآى" and len(letters) == 2), \
            f"U+{ord(ch):04X} {unicodedata.name(ch, '')}"
    assert _words_back(text, name)


def test_lam_alef_stays_a_required_ligature(sheets):
    extracted = _arabic(pdf_pages(sheets["صلاح الدين"])[0])
    assert any("\ufef5" <= ch <= "\ufefc" for ch in extracted)  # "لا" in صلاح, one glyph


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
def test_pdftotext_reads_muhammad_as_four_letters(sheets, tmp_path):
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(sheets["محمد"])
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "\ufdf4" not in text
    assert _words_back(text, "محمد")
