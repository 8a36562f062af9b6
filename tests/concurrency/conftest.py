"""Fixtures for follow-up and complication tests: a Toronto clinic, a patient, a treatment session 5 days ago."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from clinic_desktop.models import StaffMember, TreatmentSession
from clinic_desktop.services.clinic import get_clinic_profile, today
from clinic_desktop.services.patients import PatientCreate, create_patient
from clinic_desktop.services.treatments import ProductUseCreate, TreatmentSessionCreate, record_treatment_session


@pytest.fixture
def clinic(db: Session):
    """The clinic profile in America/Toronto."""
    profile = get_clinic_profile(db)
    profile.name, profile.timezone, profile.phone = "Clinique Lumière", "America/Toronto", "+1 416 555 0100"
    db.add(profile)
    db.commit()
    return profile


def record_session(db: Session, actor: StaffMember, patient_id: int, *, days_ago: int = 5,
                   batches: tuple[str, ...] = ("LOT-A1", "LOT-B2"), treatment: str = "facial-mesotherapy",
                   practitioner: StaffMember | None = None) -> TreatmentSession:
    """A treatment session ``days_ago`` days back at 10:00 Toronto, one product use per batch."""
    day = today(db) - timedelta(days=days_ago)
    when = datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)
    return record_treatment_session(db, actor=actor, data=TreatmentSessionCreate(
        patient_id=patient_id, practitioner_id=(practitioner or actor).id, treatment=treatment, performed_at=when,
        areas="cheeks, forehead",
        products=[ProductUseCreate(product_name=f"Product {b}", batch_number=b, expiry_date=date(2030, 1, 31),
                                   quantity=2.0, unit="ml") for b in batches]))


@pytest.fixture
def zoe(db: Session, receptionist: StaffMember, clinic):
    """Zoë O'Brien-Daly, phone +1 416 555 0123."""
    return create_patient(db, actor=receptionist, data=PatientCreate(
        given_names="Zoë", family_name="O'Brien-Daly", date_of_birth=date(1990, 5, 17), phone="+1 416 555 0123"))


@pytest.fixture
def treated(db: Session, practitioner: StaffMember, zoe) -> TreatmentSession:
    """Zoë's facial mesotherapy 5 days ago with batches LOT-A1 and LOT-B2."""
    return record_session(db, practitioner, zoe.id)
