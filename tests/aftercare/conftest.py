"""Shared helpers for the aftercare tests: the bundled protocols and a sheet-inputs builder."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import date

import pytest
from pypdf import PdfReader

from clinic_desktop.aftercare.protocol import Protocol, load_bundled_protocols
from clinic_desktop.aftercare.sheet_inputs import (
    Adjustment,
    ClinicOnSheet,
    PatientOnSheet,
    SheetInputs,
    TreatmentOnSheet,
)

FACIAL = "facial-mesotherapy"
HAIR = "hair-mesotherapy"


@pytest.fixture(scope="session")
def bundled() -> dict[tuple[str, str], Protocol]:
    return load_bundled_protocols()


def make_inputs(
    protocols: Sequence[Protocol],
    *,
    language: str = "en",
    on: date = date(2026, 11, 29),
    name: str = "Ксения Павлова",
    clinic_name: str = "Smith & Jones Aesthetics",
    paper: str = "A4",
    large: bool = False,
    adjustments: Sequence[Adjustment] = (),
    approved: bool | None = None,
) -> SheetInputs:
    """Sheet inputs for ``protocols`` (one treatment each) on ``on``."""
    return SheetInputs(
        clinic=ClinicOnSheet(
            name=clinic_name,
            address="1200 rue Sainte-Catherine Ouest, suite 410\nMontréal QC H3B 1K9",
            phone="+1 514 555 0100",
            emergency_phone="+1 (514) 555-0199",
            email="care@smithjones.example",
            website="smithjones.example",
            paper_size=paper,
        ),
        patient=PatientOnSheet(display_name=name, date_of_birth=date(1990, 3, 12)),
        language=language,
        large_print=large,
        treatments=[
            TreatmentOnSheet(
                treatment_session_id=i + 1,
                protocol_id=p.id,
                protocol_version=p.version,
                approved=p.claims_approval if approved is None else approved,
                treatment_date=on,
                practitioner_name="Dr Amélie Tremblay",
                areas="full face",
            )
            for i, p in enumerate(protocols)
        ],
        adjustments=list(adjustments),
        issued_on=on,
    )


def pdf_pages(pdf: bytes) -> list[str]:
    """Extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Whitespace (including line breaks from wrapping) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def sheet_inputs() -> Callable[..., SheetInputs]:
    return make_inputs
