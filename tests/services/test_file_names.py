"""File names suggested for saved sheets: the patient's name in its own script, illegal characters out."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.aftercare.sheet_inputs import SheetInputs
from clinic_desktop.services.checkout import PreparedSheet, safe_file_name_part


@pytest.mark.parametrize(("name", "expected"), [
    ("Ксения Павлова", "Ксения-Павлова"),
    ("Zoë O'Brien-Daly", "Zoë-O'Brien-Daly"),
    ("李小龙", "李小龙"),
    ('A/B\\C:D*E?F"G<H>I|J\x07K', "A-B-C-D-E-F-G-H-I-J-K"),
    ("  ..Dr. Who..  ", "Dr.-Who"),
    ("///", ""),
])
def test_only_characters_no_file_system_accepts_are_left_out(name, expected):
    assert safe_file_name_part(name) == expected


def test_a_very_long_name_is_cut_well_under_the_file_name_limit():
    part = safe_file_name_part("Ω" * 400)
    assert len(part) == 60 and len(f"aftercare-2026-11-30-{part}-123456.pdf".encode()) < 255


def _prepared(name: str, session_ids: list[int]) -> PreparedSheet:
    inputs = SheetInputs.model_construct(
        patient=SheetInputs.model_fields["patient"].annotation.model_construct(display_name=name),
        treatments=[SheetInputs.model_fields["treatments"].annotation.__args__[0].model_construct(
            treatment_date=date(2026, 11, 30))],
    )
    return PreparedSheet(inputs=inputs, pdf=b"", sha256="", treatment_session_ids=session_ids)


def test_suggested_file_name_keeps_the_name_and_is_unique_per_sheet():
    first = _prepared("Ксения Павлова", [41]).suggested_filename
    assert first == "aftercare-2026-11-30-Ксения-Павлова-41.pdf"
    assert _prepared("Ксения Павлова", [42]).suggested_filename != first  # a namesake the same day
    assert _prepared("???", [7]).suggested_filename == "aftercare-2026-11-30-patient-7.pdf"
