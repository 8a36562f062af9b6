"""The patient form's sex is a combo box of the service's choices; a patient recorded with other text
("banana", "F") shows it as recorded and keeps it when saved unchanged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import update
from sqlmodel import Session

from clinic_desktop.models import Patient
from clinic_desktop.services.patients import SEXES
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import ui_text
from tests.ui.conftest import add_patient


def _dialog(qtbot, main_window, patient_id=None) -> PatientDialog:
    dialog = PatientDialog(main_window.engine, main_window.current_staff, main_window, patient_id=patient_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_choices_are_the_services_and_not_free_text(qtbot, main_window):
    dialog = _dialog(qtbot, main_window)
    codes = [dialog.sex.itemData(i) for i in range(dialog.sex.count())]
    assert codes == [None, *SEXES]
    assert not dialog.sex.isEditable()
    assert [dialog.sex.itemText(i) for i in range(dialog.sex.count())] == [
        ui_text("PatientDialog", text) for text in ("Not recorded", "Female", "Male", "Other", "Not stated")]


def _stored(main_window, value) -> int:
    with Session(main_window.engine, expire_on_commit=False) as s:
        p = add_patient(s, main_window.current_staff(), "Zoë", "Tremblay")
        s.execute(update(Patient).where(Patient.id == p.id).values(sex=value))
        s.commit()
    return p.id


def test_older_text_shows_as_recorded_and_is_kept_when_saved(qtbot, main_window):
    pid = _stored(main_window, "banana")
    dialog = _dialog(qtbot, main_window, pid)
    assert dialog.sex.currentText() == ui_text("PatientDialog", "Other (as recorded: “{value}”)").format(value="banana")
    dialog.phone.setText("+1 416 555 0123")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == PatientDialog.DialogCode.Accepted, dialog.errors.errors_shown()
    with Session(main_window.engine) as s:
        row = s.get(Patient, pid)
        assert (row.sex, row.phone) == ("banana", "+1 416 555 0123")


def test_an_older_abbreviation_reads_as_its_choice(qtbot, main_window):
    pid = _stored(main_window, "F")
    dialog = _dialog(qtbot, main_window, pid)
    assert dialog.sex.currentText() == ui_text("PatientDialog", "{choice} (as recorded: “{value}”)").format(
        choice=ui_text("PatientDialog", "Female"), value="F")
    dialog.sex.setCurrentIndex(dialog.sex.findData("female"))
    dialog.reason.setText("recorded with the form's choice")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == PatientDialog.DialogCode.Accepted, dialog.errors.errors_shown()
    with Session(main_window.engine) as s:
        assert s.get(Patient, pid).sex == "female"
