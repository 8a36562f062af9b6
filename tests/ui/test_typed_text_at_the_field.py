"""Text the services refuse (a bidi override or a control character pasted into a name or a batch number)
is shown at its field in the window, the typed text is kept, and nothing is saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.models import Patient, ProductUse
from clinic_desktop.ui.patients.correction_dialogs import TreatmentSessionCorrectionDialog
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.ui.conftest import add_patient
from tests.ui.test_checkout_flow import with_modal
from tests.ui.test_corrections_ui import _patients_page, _session_with_batch

CLICK = Qt.MouseButton.LeftButton


def test_a_pasted_override_in_a_name_is_shown_at_the_given_names(qtbot, main_window):
    dialog = PatientDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.given_names.setText("Zo\u202eë")  # pasted: an override cannot be typed
    dialog.family_name.setText("Tremblay\x1b")
    dialog.date_of_birth.setValue(date(1990, 1, 1))
    qtbot.mouseClick(dialog.save_button(), CLICK)
    shown = dialog.errors.errors_shown()
    assert "U+202E" in shown["given_names"] and "U+001B" in shown["family_name"]
    assert not dialog.errors.label_for("given_names").isHidden()
    assert dialog.given_names.text() == "Zo\u202eë"
    assert dialog.result() != PatientDialog.DialogCode.Accepted
    with Session(main_window.engine) as s:
        assert s.exec(select(Patient)).all() == []


def test_a_control_character_in_a_corrected_batch_is_shown_at_the_batch(qtbot, main_window, db, staff):
    doc = staff["practitioner"]
    patient = add_patient(db, doc, "Aoife", "O'Brien-Daly")
    ts = _session_with_batch(db, doc, patient)
    page = _patients_page(main_window, patient.id)
    assert page.select_event("treatment", ts.id)
    seen = {}

    def correct(dialog: TreatmentSessionCorrectionDialog) -> None:
        batch = dialog.product_cell(0, 1)
        batch.setText("LOT\x07A7")
        qtbot.keyClicks(dialog.reason, "Lot misread from the box")
        qtbot.mouseClick(dialog.save_button(), CLICK)
        seen.update(dialog.errors.errors_shown())
        seen["kept"] = batch.text()
        dialog.reject()

    done = with_modal(qtbot, TreatmentSessionCorrectionDialog, correct)
    qtbot.mouseClick(page.correct_button, CLICK)
    assert done
    [(key, message)] = [(k, v) for k, v in seen.items() if k != "kept"]
    assert key.endswith("batch_number") and "U+0007" in message and seen["kept"] == "LOT\x07A7"
    with Session(main_window.engine) as s:
        assert s.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id)).one().batch_number == "LOT-A1"
