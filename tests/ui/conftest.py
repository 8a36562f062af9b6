"""Fixtures for the UI tests: a MainWindow on the test database with a clinic profile and staff."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from clinic_desktop.models import ClinicProfile, Patient, StaffMember, TreatmentSession
from clinic_desktop.services import patients, treatments
from clinic_desktop.services.clinic import ClinicProfileUpdate, update_clinic_profile

CLINIC_PHONE = "+1 514 555 0134"
EMERGENCY_PHONE = "+1 514 555 0199"


@pytest.fixture
def clinic_profile(db: Session, manager: StaffMember) -> ClinicProfile:
    """The clinic profile row: Montréal time zone, a phone and an emergency phone."""
    return update_clinic_profile(db, actor=manager, data=ClinicProfileUpdate(
        name="Clinique Smith & Jones", address="12 rue Example\nMontréal QC", phone=CLINIC_PHONE,
        emergency_phone=EMERGENCY_PHONE, email="desk@example.org", timezone="America/Toronto",
    ))


@pytest.fixture
def staff(admin: StaffMember, manager: StaffMember, practitioner: StaffMember,
          receptionist: StaffMember) -> dict[str, StaffMember]:
    """All four conftest staff members by role."""
    return {"admin": admin, "manager": manager, "practitioner": practitioner, "receptionist": receptionist}


@pytest.fixture
def main_window(qtbot, engine: Engine, clinic_profile: ClinicProfile, staff: dict[str, StaffMember]) -> Iterator:
    """The MainWindow on the test database, with the practitioner at the desk."""
    from clinic_desktop.ui.main_window import MainWindow

    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.set_current_staff(next(m for m in window._members.values() if m.id == staff["practitioner"].id))
    window.show()
    yield window


def add_patient(db: Session, actor: StaffMember, given: str, family: str = "", born: date = date(1985, 4, 2),
                **extra) -> Patient:
    """A patient created through the service."""
    return patients.create_patient(db, actor=actor, data=patients.PatientCreate(
        given_names=given, family_name=family, date_of_birth=born, **extra))


def add_treatment_session(db: Session, actor: StaffMember, patient: Patient, when: datetime,
                          treatment: str = "facial-mesotherapy") -> TreatmentSession:
    """A treatment session recorded through the service (``when`` aware)."""
    return treatments.record_treatment_session(db, actor=actor, data=treatments.TreatmentSessionCreate(
        patient_id=patient.id, practitioner_id=actor.id, treatment=treatment, performed_at=when.astimezone(UTC)))
