"""SQLModel tables and enums: the vocabulary of every layer above.

Conventions
- Times (``*_at``) are timezone-aware UTC datetimes; they are stored as naive UTC in SQLite and come
  back aware (see :class:`UTCDateTime`). Dates of birth, onset and due dates are plain ``date``.
- Clinical rows are never hard-deleted: they carry ``archived`` / ``entered_in_error`` flags and
  amendments keep history (:class:`ComplicationRevision`).
- Quantities carry their unit beside them (``quantity`` + ``unit``, e.g. 2.0 + "ml").

Vocabulary (DESIGN.md): patient, staff member and role, treatment session, product use with batch
(lot) number, protocol version, aftercare issuance, follow-up, complication with severity grade (CTCAE).
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import JSON, Column, Field, SQLModel


#: A patient's sex as the form records it (``Patient.sex``); None is "not recorded". Labels are
#: ``services/patients.SEXES`` (translated where shown).
SEX_CODES = ("female", "male", "other", "not_stated")
#: Text stored before the choices were closed, read as one of :data:`SEX_CODES` (trimmed, case-blind).
_SEX_ALIASES = {"f": "female", "female": "female", "woman": "female", "m": "male", "male": "male",
                "man": "male", "other": "other", "x": "other", "not stated": "not_stated",
                "not_stated": "not_stated"}


def sex_code(value: str | None) -> str | None:
    """The :data:`SEX_CODES` code a stored sex means ("F" -> "female"); None for none or other text."""
    return _SEX_ALIASES.get(" ".join((value or "").split()).casefold())


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A DateTime column that stores naive UTC and returns aware UTC datetimes.

    Raises ``ValueError`` when handed a naive datetime: every time entering the database must say its zone.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a time zone first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    """A UTC time column; a non-nullable one defaults to the time the row is built."""
    if nullable:
        return Field(default=None, sa_column=Column(UTCDateTime(), nullable=True, index=index))
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=index))


def _version_column(table: str, name: str = "version") -> Any:
    """The row version of ``table`` (1 when inserted; SQLAlchemy adds one at every UPDATE and refuses a
    flush whose WHERE version=<read> matched no row: see docs/concurrency.md). One Column object per table,
    shared by the field and ``__mapper_args__``."""
    column = _VERSION_COLUMNS.get(table)
    if column is None:
        column = _VERSION_COLUMNS[table] = Column(name, sa.Integer, nullable=False, server_default=sa.text("1"))
    return column


_VERSION_COLUMNS: dict[str, Any] = {}


def _version_field(table: str, name: str = "version") -> Any:
    return Field(default=1, sa_column=_version_column(table, name))


def _versioned(table: str, name: str = "version") -> dict[str, Any]:
    """``__mapper_args__`` making ``version`` (or ``name``) the optimistic-concurrency counter of ``table``."""
    return {"version_id_col": _version_column(table, name)}


# --------------------------------------------------------------------------------------------- enums


class Role(str, enum.Enum):
    """A staff member's role; each includes the permissions of the one before it (see services.permissions)."""

    receptionist = "receptionist"
    practitioner = "practitioner"
    manager = "manager"
    admin = "admin"


class PaperSize(str, enum.Enum):
    """Paper size of printed sheets and PDF reports."""

    A4 = "A4"
    Letter = "Letter"


class IssuanceAction(str, enum.Enum):
    """How an aftercare sheet left the program."""

    printed = "printed"
    saved = "saved"
    reprinted = "reprinted"


class FollowUpKind(str, enum.Enum):
    """Kind of scheduled follow-up (from the protocol's follow-up schedule, or for an open complication)."""

    phone_check = "phone_check"
    review = "review"
    complication_check = "complication_check"


class FollowUpStatus(str, enum.Enum):
    """Where a follow-up stands."""

    pending = "pending"
    all_well = "all_well"
    not_reached = "not_reached"
    complication = "complication"
    cancelled = "cancelled"


class ComplicationKind(str, enum.Enum):
    """Adverse events logged at follow-up (DOMAIN.md: the seed's list plus what clinics also log)."""

    bruising = "bruising"
    swelling = "swelling"
    prolonged_redness = "prolonged_redness"
    lasting_sensitivity = "lasting_sensitivity"
    hyperpigmentation = "hyperpigmentation"  # post-inflammatory hyperpigmentation
    infection = "infection"
    inflamed_injection_site = "inflamed_injection_site"
    pain_or_tenderness = "pain_or_tenderness"
    nodule_or_papule = "nodule_or_papule"
    hypersensitivity = "hypersensitivity"  # allergic / hypersensitivity reaction
    hair_shedding = "hair_shedding"
    uneven_result = "uneven_result"
    headache = "headache"
    other = "other"  # needs a description


class ComplicationOutcome(str, enum.Enum):
    """Outcome of a complication (the regulator's adverse-reaction vocabulary)."""

    resolved = "resolved"
    resolving = "resolving"
    not_resolved = "not_resolved"
    resolved_with_sequelae = "resolved_with_sequelae"
    fatal = "fatal"
    unknown = "unknown"


class Causality(str, enum.Enum):
    """The practitioner's judgement of the link between treatment and complication."""

    related = "related"
    possibly_related = "possibly_related"
    unrelated = "unrelated"
    undetermined = "undetermined"


class ProductKind(str, enum.Enum):
    """What a catalogue product is, for the regulator it is reported to: a medicine or a medical device."""

    medicine = "medicine"
    device = "device"


class SeriousCriterion(str, enum.Enum):
    """Why a complication counts as serious."""

    hospitalisation = "hospitalisation"
    disability = "disability"
    life_threatening = "life_threatening"
    medically_significant = "medically_significant"


# -------------------------------------------------------------------------------------------- tables


#: The name a new clinic profile is created with, stored in English; shown in the reader's language
#: (services.clinic.shown_clinic_name) until the clinic sets its own name.
DEFAULT_CLINIC_NAME = "My Clinic"


class ClinicProfile(SQLModel, table=True):
    """The clinic's identity printed on every sheet and report (one row, id 1)."""

    __tablename__ = "clinic_profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default=DEFAULT_CLINIC_NAME, max_length=200)
    address: str = Field(default="", max_length=500)
    phone: str = Field(default="", max_length=50)
    emergency_phone: str = Field(default="", max_length=50)
    emergency_hours: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    country: str = Field(default="CA", max_length=2, sa_column_kwargs={"server_default": "CA"})
    emergency_services: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    email: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=200)
    logo_png: bytes | None = Field(default=None, sa_column=Column(sa.LargeBinary, nullable=True))
    brand_colour: str = Field(default="#2f6f8f", max_length=7)  # "#RRGGBB"
    paper_size: PaperSize = Field(default=PaperSize.A4)
    default_language: str = Field(default="en", max_length=10)
    timezone: str = Field(default="UTC", max_length=64)  # IANA name, e.g. "America/Toronto"
    idle_lock_minutes: int = Field(default=5)
    # a stable UUID for this clinic (set at first start): a restore asks before taking another clinic's backup
    clinic_id: str | None = Field(default_factory=lambda: str(uuid.uuid4()), max_length=36)
    # grandfather-father-son backup retention (days / ISO weeks / months kept; floor 14 / 8 / 12)
    retention_daily: int = Field(default=14, sa_column_kwargs={"server_default": "14"})
    retention_weekly: int = Field(default=8, sa_column_kwargs={"server_default": "8"})
    retention_monthly: int = Field(default=12, sa_column_kwargs={"server_default": "12"})
    is_demo: bool = Field(default=False)  # filled by ``demo``: windows, sheets and reports say DEMO
    # changing a protocol's waiting times on a sheet is a practitioner's decision unless the clinic allows
    # its receptionists too (services.checkout.may_change_waits)
    receptionists_may_lengthen_waits: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    updated_at: datetime | None = _utc_column(nullable=True)
    __mapper_args__ = _versioned("clinic_profile")
    version: int = _version_field("clinic_profile")


class StaffMember(SQLModel, table=True):
    """A person who uses the program; every service call names the acting staff member."""

    __tablename__ = "staff_member"

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200)
    username: str = Field(max_length=80, sa_column_kwargs={"unique": True})
    role: Role = Field(default=Role.receptionist)
    password_hash: str | None = Field(default=None, max_length=300)  # argon2id; None until set
    active: bool = Field(default=True)
    failed_logins: int = Field(default=0)
    # set by an administrator's password reset: the person chooses a new one at the next sign-in
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    locked_until: datetime | None = _utc_column(nullable=True)
    created_at: datetime | None = _utc_column()
    # bumped when the account is deactivated, reactivated, re-roled or its password reset: an open window
    # signed in as this person must sign in again (services.workspace)
    access_epoch: int = Field(default=0, sa_column_kwargs={"server_default": sa.text("0")})
    # the window's language for this person ("fr", "en"; services.preferences.UI_LANGUAGES), or None for
    # the computer's language; applied when they sign in
    ui_language: str | None = Field(default=None, max_length=10)
    __mapper_args__ = _versioned("staff_member")
    version: int = _version_field("staff_member")


class Patient(SQLModel, table=True):
    """A patient. ``family_name`` may be empty for people with a single name (case C15)."""

    __tablename__ = "patient"

    id: int | None = Field(default=None, primary_key=True)
    given_names: str = Field(max_length=200)
    family_name: str = Field(default="", max_length=200)
    date_of_birth: date
    sex: str | None = Field(default=None, max_length=20)  # a SEX_CODES code; older rows may hold other text
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=200)
    preferred_language: str = Field(default="en", max_length=10)
    large_print: bool = Field(default=False)
    notes: str = Field(default="")
    # patient alerts, shown prominently when a treatment session or follow-up is recorded
    allergies: str = Field(default="", sa_column_kwargs={"server_default": ""})
    conditions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    # accent- and case-folded name, phone digits and ISO birth date, for indexed search (case C11)
    search_text: str = Field(default="", index=True)
    archived: bool = Field(default=False)
    created_at: datetime | None = _utc_column()
    __mapper_args__ = _versioned("patient")
    version: int = _version_field("patient")

    @property
    def display_name(self) -> str:
        """Given names then family name, exactly as typed; a single name stands alone."""
        return " ".join(part for part in (self.given_names.strip(), self.family_name.strip()) if part)


class TreatmentSession(SQLModel, table=True):
    """One visit where one treatment was performed. ``treatment`` is a protocol id (e.g. facial-mesotherapy)."""

    __tablename__ = "treatment_session"
    __table_args__ = (sa.Index("ix_treatment_session_performed_at", "performed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    practitioner_id: int = Field(foreign_key="staff_member.id", index=True)
    treatment: str = Field(max_length=80, index=True)
    performed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=False))
    areas: str = Field(default="", max_length=300)
    notes: str = Field(default="")
    archived: bool = Field(default=False)
    # recorded by mistake: kept and shown (marked) in the history, archived so lists and reports leave it out
    entered_in_error: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    error_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})
    created_by_id: int | None = Field(default=None, foreign_key="staff_member.id")
    created_at: datetime | None = _utc_column()
    __mapper_args__ = _versioned("treatment_session")
    version: int = _version_field("treatment_session")


class Product(SQLModel, table=True):
    """A catalogue product (e.g. "NCTF 135 HA", Filorga, medicine, ml). ``name_key`` is the name folded for
    case and spaces (:func:`clinic_desktop.services.catalogue.fold_key`); a product merged into another by a
    manager keeps its row, with ``merged_into_id`` pointing at the one kept."""

    __tablename__ = "product"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200, index=True)
    manufacturer: str = Field(default="", max_length=200)
    kind: ProductKind = Field(default=ProductKind.medicine)
    unit: str = Field(default="ml", max_length=20)
    merged_into_id: int | None = Field(default=None, foreign_key="product.id")
    created_at: datetime | None = _utc_column()


class Batch(SQLModel, table=True):
    """A batch (lot) of a catalogue product: lot number as printed, expiry date, GTIN when scanned (AI 01).
    ``lot_key`` is the lot folded for case and spaces; a batch merged into another keeps a pointer."""

    __tablename__ = "batch"
    __table_args__ = (sa.Index("ix_batch_product_lot", "product_id", "lot_key"),)

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id")
    lot_number: str = Field(max_length=80)
    lot_key: str = Field(max_length=80, index=True)
    expiry_date: date | None = None
    gtin: str = Field(default="", max_length=14, index=True)
    merged_into_id: int | None = Field(default=None, foreign_key="batch.id")
    created_at: datetime | None = _utc_column()


class ProductUse(SQLModel, table=True):
    """A product applied in a treatment session, with batch (lot) number, expiry and quantity + unit.

    Its catalogue batch is named in :class:`ProductUseBatch`; ``product_name`` and ``batch_number`` are kept
    equal to the catalogue's spelling (written by services.catalogue), so reports grouping by them group by
    catalogue batch.
    """

    __tablename__ = "product_use"

    id: int | None = Field(default=None, primary_key=True)
    treatment_session_id: int = Field(foreign_key="treatment_session.id", index=True)
    product_name: str = Field(max_length=200, index=True)
    batch_number: str = Field(max_length=80, index=True)
    expiry_date: date | None = None
    quantity: float | None = None
    unit: str = Field(default="ml", max_length=20)
    __mapper_args__ = _versioned("product_use")
    version: int = _version_field("product_use")


class ProductUseBatch(SQLModel, table=True):
    """Which catalogue batch a product use is (one per product use). A table of its own, so adding the
    catalogue never rewrites ``product_use``, which complications point at."""

    __tablename__ = "product_use_batch"

    product_use_id: int = Field(foreign_key="product_use.id", primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)


class ProtocolVersion(SQLModel, table=True):
    """The full text of every protocol version ever used or approved, so a sheet can be re-printed exactly."""

    __tablename__ = "protocol_version"
    __table_args__ = (sa.UniqueConstraint("protocol_id", "version", "language"),)

    id: int | None = Field(default=None, primary_key=True)
    protocol_id: str = Field(max_length=80, index=True)
    version: str = Field(max_length=40)
    language: str = Field(max_length=10)
    content: str  # the TOML text as loaded
    sha256: str = Field(max_length=64)
    approved_by_id: int | None = Field(default=None, foreign_key="staff_member.id")
    approved_at: datetime | None = _utc_column(nullable=True)
    first_seen_at: datetime | None = _utc_column()
    # ``version`` above is the protocol's own version number; the row's change counter is row_version
    __mapper_args__ = _versioned("protocol_version", "row_version")
    row_version: int = _version_field("protocol_version", "row_version")


class AftercareIssuance(SQLModel, table=True):
    """The record that an aftercare sheet was printed or saved: by whom, when, from what inputs.

    ``sheet_inputs`` holds everything the renderer needed (JSON) and ``pdf_sha256`` the hash of the bytes,
    so a reprint can prove it is identical. ``treatment_session_id`` is the first session on the sheet;
    every session covered is listed in :class:`IssuanceTreatmentSession`.
    """

    __tablename__ = "aftercare_issuance"

    id: int | None = Field(default=None, primary_key=True)
    treatment_session_id: int = Field(foreign_key="treatment_session.id", index=True)
    issued_by_id: int = Field(foreign_key="staff_member.id")
    issued_at: datetime | None = _utc_column()
    action: IssuanceAction = Field(default=IssuanceAction.printed)
    protocol_id: str = Field(max_length=200)  # comma-separated when several treatments share a sheet
    protocol_version: str = Field(max_length=200)
    language: str = Field(max_length=10)
    large_print: bool = Field(default=False)
    adjustments: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sheet_inputs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    pdf_sha256: str = Field(max_length=64)
    reprint_of_id: int | None = Field(default=None, foreign_key="aftercare_issuance.id")


class IssuanceTreatmentSession(SQLModel, table=True):
    """Which treatment sessions one issuance covers (several treatments in one visit share one sheet)."""

    __tablename__ = "issuance_treatment_session"

    issuance_id: int = Field(foreign_key="aftercare_issuance.id", primary_key=True)
    treatment_session_id: int = Field(foreign_key="treatment_session.id", primary_key=True, index=True)


class FollowUp(SQLModel, table=True):
    """A scheduled check after a treatment session (due date, done time, outcome, attempts)."""

    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    treatment_session_id: int = Field(foreign_key="treatment_session.id", index=True)
    kind: FollowUpKind = Field(default=FollowUpKind.phone_check)
    due_date: date = Field(index=True)
    status: FollowUpStatus = Field(default=FollowUpStatus.pending, index=True)
    attempts: int = Field(default=0)
    done_at: datetime | None = _utc_column(nullable=True)
    done_by_id: int | None = Field(default=None, foreign_key="staff_member.id")
    # set on the follow-up that checks an unresolved complication (the one a complication was found at is
    # the session's follow-up with status "complication"; no back-link, to keep the foreign keys acyclic)
    complication_id: int | None = Field(default=None, foreign_key="complication.id")
    notes: str = Field(default="")
    created_at: datetime | None = _utc_column()
    __mapper_args__ = _versioned("follow_up")
    version: int = _version_field("follow_up")


class Complication(SQLModel, table=True):
    """An adverse event observed after a treatment session. Amended, never silently overwritten.

    ``severity_grade`` is the CTCAE grade 1-5 (1 mild, 2 moderate, 3 severe, 4 life-threatening, 5 death).
    """

    __tablename__ = "complication"
    __table_args__ = (
        sa.CheckConstraint("severity_grade BETWEEN 1 AND 5", name="ck_complication_grade"),
    )
    __mapper_args__ = _versioned("complication")

    id: int | None = Field(default=None, primary_key=True)
    treatment_session_id: int = Field(foreign_key="treatment_session.id", index=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    product_use_id: int | None = Field(default=None, foreign_key="product_use.id", index=True)
    kind: ComplicationKind
    kind_other: str = Field(default="", max_length=300)
    site: str = Field(default="", max_length=200)
    onset_date: date
    severity_grade: int
    serious: bool = Field(default=False)
    serious_criterion: SeriousCriterion | None = None
    action_taken: str = Field(default="")
    outcome: ComplicationOutcome = Field(default=ComplicationOutcome.not_resolved)
    resolution_date: date | None = None
    causality: Causality = Field(default=Causality.undetermined)
    reported_regulator_on: date | None = None
    reported_regulator_ref: str = Field(default="", max_length=120)
    reported_manufacturer_on: date | None = None
    reported_manufacturer_ref: str = Field(default="", max_length=120)
    reported_insurer_on: date | None = None
    reported_insurer_ref: str = Field(default="", max_length=120)
    notes: str = Field(default="")
    entered_in_error: bool = Field(default=False)
    error_reason: str = Field(default="")
    version: int = _version_field("complication")  # the optimistic-concurrency counter; 1 when first recorded
    recorded_by_id: int = Field(foreign_key="staff_member.id")
    recorded_at: datetime | None = _utc_column()
    updated_at: datetime | None = _utc_column(nullable=True)


class ComplicationRevision(SQLModel, table=True):
    """One amendment of a complication: who, when, and what changed field by field.

    ``changes`` maps field name to ``[old, new]`` (JSON-able values); ``snapshot`` is the row before it.
    """

    __tablename__ = "complication_revision"
    __table_args__ = (sa.UniqueConstraint("complication_id", "version", name="uq_complication_revision_version"),)

    id: int | None = Field(default=None, primary_key=True)
    complication_id: int = Field(foreign_key="complication.id", index=True)
    version: int  # the version this revision replaced
    changed_by_id: int = Field(foreign_key="staff_member.id")
    changed_at: datetime | None = _utc_column()
    reason: str = Field(default="")
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class PatientMerge(SQLModel, table=True):
    """A duplicate patient merged into another by a manager: the duplicate is archived and points here at
    the patient kept (its treatment sessions, sheets, follow-ups and complications moved there)."""

    __tablename__ = "patient_merge"

    merged_patient_id: int = Field(foreign_key="patient.id", primary_key=True)
    kept_patient_id: int = Field(foreign_key="patient.id", index=True)
    merged_by_id: int = Field(foreign_key="staff_member.id")
    merged_at: datetime | None = _utc_column()
    reason: str = Field(default="")


class RecordRevision(SQLModel, table=True):
    """One field changed by a correction of a patient, treatment session or product use.

    ``table_name`` and ``row_id`` name the row; ``edit_number`` counts the corrections of that row (1 for
    the first; every field changed in one correction shares it); ``old_value`` / ``new_value`` are JSON
    (dates as ISO text). ``reason`` is required for clinical fields (see services.corrections).
    """

    __tablename__ = "record_revision"
    __table_args__ = (sa.Index("ix_record_revision_row", "table_name", "row_id", "edit_number"),)

    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=40)
    row_id: int
    edit_number: int
    field: str = Field(max_length=60)
    old_value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    new_value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str = Field(default="")
    changed_by_id: int | None = Field(default=None, foreign_key="staff_member.id")  # None: a migration
    changed_at: datetime | None = _utc_column()


class StoredAsset(SQLModel, table=True):
    """Content-addressed binary (e.g. the clinic logo as it was on a sheet), kept so reprints stay exact."""

    __tablename__ = "stored_asset"

    sha256: str = Field(primary_key=True, max_length=64)
    content: bytes = Field(sa_column=Column(sa.LargeBinary, nullable=False))
    media_type: str = Field(default="image/png", max_length=80)
    created_at: datetime | None = _utc_column()


class AuditEntry(SQLModel, table=True):
    """Append-only audit trail; ``entry_hash`` = SHA-256 over the previous hash and this entry's fields."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime | None = _utc_column(index=True)
    actor_id: int | None = Field(default=None, foreign_key="staff_member.id")
    actor_name: str = Field(default="", max_length=200)
    action: str = Field(max_length=80, index=True)
    entity: str = Field(default="", max_length=80)
    entity_id: int | None = None
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(default="", max_length=64)
    entry_hash: str = Field(default="", max_length=64)
    scheme: int = Field(default=1)  # 1 = SHA-256 (entries before keying), 2 = HMAC-SHA256 with the audit key
    record_hash: str = Field(default="", max_length=64)  # SHA-256 of the changed row's content, or ""


class DatabaseEpoch(SQLModel, table=True):
    """One row (id 1) whose ``token`` changes when the whole record is replaced (a backup restored).

    Every open window remembers the token it started with and checks it before each operation
    (services.workspace); a different token means the data it shows is gone: sign in again and reload.
    ``changed_at`` is aware UTC.
    """

    __tablename__ = "database_epoch"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=32)
    changed_at: datetime | None = _utc_column()


# ------------------------------------------------------------------------- clinical photos (issue #16)
# Kinds and purposes are stored as short strings (no database ENUM types), validated in services.photos.


class PhotoKind(str, enum.Enum):
    """What a clinical photo documents: before / after a treatment session, a follow-up, a complication."""

    before = "before"
    after = "after"
    follow_up = "follow_up"
    complication = "complication"


class PhotoConsentPurpose(str, enum.Enum):
    """What a patient agreed their photographs may be used for (three separate consents)."""

    record = "record"  # kept in the clinical record
    teaching = "teaching"  # shown to clinicians in training
    marketing = "marketing"  # published by the clinic


class PhotoConsent(SQLModel, table=True):
    """One tick or untick of one photo consent, dated and signed; the latest row per purpose is current.

    Rows are never changed: a withdrawal is a new row with ``given`` False.
    """

    __tablename__ = "photo_consent"

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    purpose: str = Field(max_length=20)  # a PhotoConsentPurpose value
    given: bool
    recorded_by_id: int = Field(foreign_key="staff_member.id")
    recorded_at: datetime | None = _utc_column()
    note: str = Field(default="", max_length=500)


class Photo(SQLModel, table=True):
    """A clinical photo's metadata (the image bytes live in :class:`PhotoImage`, so lists stay light).

    Linked to the patient and to one treatment session (before / after, with the area), follow-up or
    complication. ``original_sha256`` is the hash of the file as imported (before metadata was stripped);
    ``content_sha256`` the hash of the stored image, recomputed by the integrity check. ``taken_at`` is the
    camera's capture time (EXIF DateTimeOriginal, read in the clinic's zone, stored UTC) or None.
    Never hard-deleted: ``entered_in_error`` hides it; a consent withdrawal deletes the image data and sets
    ``image_deleted``.
    """

    __tablename__ = "photo"

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True)
    treatment_session_id: int | None = Field(default=None, foreign_key="treatment_session.id", index=True)
    follow_up_id: int | None = Field(default=None, foreign_key="follow_up.id", index=True)
    complication_id: int | None = Field(default=None, foreign_key="complication.id", index=True)
    kind: str = Field(max_length=20)  # a PhotoKind value
    area: str = Field(default="", max_length=200)
    caption: str = Field(default="", max_length=500)
    taken_at: datetime | None = _utc_column(nullable=True)
    taken_on: date  # the clinic-local date the photo shows (capture date, else the import date)
    original_filename: str = Field(default="", max_length=260)
    media_type: str = Field(default="image/jpeg", max_length=40)
    width: int = 0  # pixels, after orientation
    height: int = 0
    byte_size: int = 0  # of the stored image
    original_sha256: str = Field(max_length=64)
    content_sha256: str = Field(max_length=64)
    imported_by_id: int = Field(foreign_key="staff_member.id")
    imported_at: datetime | None = _utc_column()
    entered_in_error: bool = Field(default=False)
    error_reason: str = Field(default="", max_length=500)
    image_deleted: bool = Field(default=False)
    deleted_at: datetime | None = _utc_column(nullable=True)


class PhotoImage(SQLModel, table=True):
    """The bytes of one photo: the stored image (metadata stripped) and its thumbnail (JPEG, <= 256 px)."""

    __tablename__ = "photo_image"

    photo_id: int = Field(foreign_key="photo.id", primary_key=True)
    content: bytes = Field(sa_column=Column(sa.LargeBinary, nullable=False))
    thumbnail: bytes = Field(sa_column=Column(sa.LargeBinary, nullable=False))
