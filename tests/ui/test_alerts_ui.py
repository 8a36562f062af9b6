"""Patient alerts: allergies and conditions entered on the patient, shown prominently when a treatment
session is recorded, in the follow-up dialog and on the patient's page; changing them needs a reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.models import FollowUp, Patient
from clinic_desktop.services import corrections
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.patients import PatientCreate
from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog
from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import msg_text, quoted
from tests.ui.conftest import add_patient, add_treatment_session


def test_alerts_are_entered_then_shown_wherever_the_patient_is_treated_or_called(
    qtbot, main_window, db, staff
):
    dialog = PatientDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.given_names, "Noor")
    qtbot.keyClicks(dialog.family_name, "Rahman")
    dialog.date_of_birth.setValue(date(1999, 5, 9))
    qtbot.keyClicks(dialog.allergies, "lidocaine")
    dialog.conditions["anticoagulants"].setChecked(True)
    dialog.conditions["cold_sores"].setChecked(True)
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.created is not None, dialog.errors.errors_shown()
    with Session(main_window.engine) as s:
        noor = s.get(Patient, dialog.created.id)
    assert (noor.allergies, noor.conditions) == ("lidocaine", ["anticoagulants", "cold_sores"])
    other = add_patient(db, staff["practitioner"], "Zoë", "Martin")
    allergies = msg_text("Allergies: {allergies}").format(allergies="lidocaine")
    expected = "⚠ " + " · ".join([allergies, msg_text("Takes blood thinners (anticoagulants)"),
                                  msg_text("History of cold sores")])  # "⚠ Allergies: lidocaine · Takes…"

    record = TreatmentSessionDialog(main_window.engine, main_window.current_staff, main_window, patient=noor)
    qtbot.addWidget(record)
    record.show()
    assert record.alerts.isVisible() and record.alerts.text() == expected
    record.patient.set_patient(other)  # another patient chosen: no alert of Noor's stays on screen
    assert not record.alerts.isVisible()

    ts = add_treatment_session(db, staff["practitioner"], noor, datetime.now(UTC) - timedelta(days=3))
    fu = db.exec(select(FollowUp).where(FollowUp.treatment_session_id == ts.id)).first()
    follow_up = FollowUpDialog(main_window.engine, main_window.current_staff, fu.id, main_window)
    qtbot.addWidget(follow_up)
    follow_up.show()
    assert follow_up.alerts.isVisible() and follow_up.alerts.text() == expected

    page = main_window.show_page("Patients")
    page.select_patient(noor.id)
    assert allergies in page.header.text()


def test_changing_an_alert_is_a_clinical_correction(db, receptionist):
    p = add_patient(db, receptionist, "Noor", "Rahman", allergies="lidocaine")
    data = PatientCreate(
        given_names="Noor", family_name="Rahman", date_of_birth=p.date_of_birth, allergies=""
    )
    with pytest.raises(ValidationError) as err:
        corrections.edit_patient(db, actor=receptionist, patient_id=p.id, data=data)
    assert msg_text("allergies") in err.value.errors["reason"]
    corrections.edit_patient(
        db, actor=receptionist, patient_id=p.id, data=data, reason="Allergy test negative"
    )
    [fix] = corrections.row_corrections(db, "patient", p.id)
    assert fix.summary == msg_text("{field}: {old} → {new}").format(field=msg_text("allergies"), old=quoted("lidocaine"),
                                                                    new="—")
