"""Everything the sheet renderer needs, as JSON-able pydantic models.

An issuance stores ``SheetInputs.model_dump(mode="json")``; rendering the same inputs with the same
protocol versions and logo bytes gives byte-identical PDFs (the reprint guarantee of issue #3).
"""

from __future__ import annotations

from datetime import date, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ClinicOnSheet(BaseModel):
    """The clinic header and contact details printed on the sheet."""

    model_config = ConfigDict(extra="forbid")

    name: str
    address: str = ""
    phone: str = ""
    emergency_phone: str = ""  # required to print (the sheet's safety box)
    emergency_hours: str = ""  # when the clinic's line is staffed, e.g. "Mon–Fri 9:00–18:00"; "" = day and night
    country: str = "CA"  # ISO 3166-1 alpha-2: gives the emergency services number (911, 112, 999, 000 …)
    emergency_services: str = ""  # that number, or one typed in the clinic profile for a country not known
    email: str = ""
    website: str = ""
    brand_colour: str = "#2f6f8f"  # "#RRGGBB"
    paper_size: Literal["A4", "Letter"] = "A4"
    logo_sha256: str | None = None  # the logo bytes are passed separately (StoredAsset)


class PatientOnSheet(BaseModel):
    """Who the sheet is for, printed exactly as typed."""

    model_config = ConfigDict(extra="forbid")

    display_name: str
    date_of_birth: date


class TreatmentOnSheet(BaseModel):
    """One treatment session on the sheet; ``treatment_date`` is the local (clinic time zone) date."""

    model_config = ConfigDict(extra="forbid")

    treatment_session_id: int
    protocol_id: str
    protocol_version: str
    approved: bool  # False prints the DRAFT watermark
    treatment_date: date
    treatment_time: time | None = None  # local clock time (clinic time zone); None on sheets before it was kept
    practitioner_name: str
    areas: str = ""


class Adjustment(BaseModel):
    """A per-patient change made at print time.

    ``kind="extend"``: lengthen the protocol restriction ``restriction_key`` to ``hours`` (never shorter
    than the protocol's minimum). ``kind="note"``: a personal note from the practitioner (``text``).
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["extend", "note"]
    restriction_key: str | None = None
    hours: int | None = Field(default=None, ge=1, le=24 * 90)
    text: str = ""
    by: str = ""  # staff member's name


class SheetInputs(BaseModel):
    """The complete input of one aftercare sheet (one patient, one visit, one or more treatments)."""

    model_config = ConfigDict(extra="forbid")

    clinic: ClinicOnSheet
    patient: PatientOnSheet
    language: str  # "en", "fr", …: the protocols' language and the date locale
    large_print: bool = False
    treatments: list[TreatmentOnSheet]
    adjustments: list[Adjustment] = Field(default_factory=list)
    issued_on: date  # local date the sheet was first issued (printed in the footer)
