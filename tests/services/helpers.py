"""Small builders for service tests (real service calls, no shortcuts)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from clinic_desktop.services.clinic import get_clinic_profile
from clinic_desktop.services.patients import PatientCreate, create_patient
from clinic_desktop.services.treatments import ProductUseCreate, TreatmentSessionCreate, record_treatment_session

TORONTO = ZoneInfo("America/Toronto")


def toronto_clinic(db, *, phone="+1 416 555 0100", emergency="+1 416 555 0199", name="Clinique Lumière & Co"):
    """Set the clinic profile directly (the profile service is tested on its own)."""
    profile = get_clinic_profile(db)
    profile.name, profile.phone, profile.emergency_phone = name, phone, emergency
    profile.timezone = "America/Toronto"
    profile.address = "123 Queen St W, Toronto ON"
    db.add(profile)
    db.commit()
    return profile


def patient(db, actor, given="Zoë", family="O'Brien", dob=date(1988, 6, 1), language="en", **kw):
    return create_patient(db, actor=actor, data=PatientCreate(
        given_names=given, family_name=family, date_of_birth=dob, preferred_language=language, **kw))


def treatment(db, actor, patient_id, practitioner_id, when: datetime, kind="facial-mesotherapy", products=None):
    products = products if products is not None else [
        ProductUseCreate(product_name="NCTF 135HA", batch_number="LOT-A1", expiry_date=date(2027, 6, 30),
                         quantity=3.0, unit="ml")]
    return record_treatment_session(db, actor=actor, data=TreatmentSessionCreate(
        patient_id=patient_id, practitioner_id=practitioner_id, treatment=kind, performed_at=when,
        areas="face, neck", products=products))
