"""Clinic profile and patient form fields (issue #14): e-mail checked at the field, the waits setting."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.models import ClinicProfile, Patient
from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import msg_text


def _profile_dialog(qtbot, main_window, staff) -> ClinicProfileDialog:
    main_window.set_current_staff(staff["manager"])
    dialog = ClinicProfileDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _stored(engine) -> ClinicProfile:
    with Session(engine) as s:
        return s.exec(select(ClinicProfile)).one()


def test_the_clinic_email_is_checked_at_the_field_and_stored_normalised(qtbot, main_window, staff):
    dialog = _profile_dialog(qtbot, main_window, staff)
    dialog.email.setText("contact@")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.saved is None and dialog.isVisible()
    assert dialog.errors.label_for("email").text() == msg_text(  # the checker's words, not email-validator's English
        "Nothing follows the “@”; write it as name@example.com.")
    assert _stored(main_window.engine).email == "desk@example.org"
    dialog.email.setText("Desk@Clinique-Smith.EXAMPLE")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.saved is not None
    assert _stored(main_window.engine).email == "Desk@clinique-smith.example"


def test_a_manager_allows_receptionists_to_lengthen_waits(qtbot, main_window, staff):
    dialog = _profile_dialog(qtbot, main_window, staff)
    box = dialog.receptionists_may_lengthen_waits
    assert not box.isChecked()  # a practitioner's decision unless the clinic says otherwise
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.saved is not None
    assert _stored(main_window.engine).receptionists_may_lengthen_waits is True
    again = _profile_dialog(qtbot, main_window, staff)
    assert again.receptionists_may_lengthen_waits.isChecked()


def test_a_patient_email_that_is_not_one_is_refused_at_the_field(qtbot, main_window):
    dialog = PatientDialog(main_window.engine, main_window.current_staff, parent=main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.given_names, "Aoife")
    dialog.date_of_birth.setValue(date(1988, 2, 29))
    qtbot.keyClicks(dialog.email, "x@")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.created is None
    assert dialog.errors.label_for("email").isVisible()
    assert dialog.email.text() == "x@"  # kept as typed
    dialog.email.setText("aoife@mail.example")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.created is not None
    with Session(main_window.engine) as s:
        assert s.exec(select(Patient.email)).all() == ["aoife@mail.example"]
