"""New patient and Record treatment session dialogs: saving through the services, errors at the field."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.models import Patient, ProductUse, TreatmentSession
from clinic_desktop.services.clinic import today
from clinic_desktop.services.messages import short_date
from clinic_desktop.ui.checkout.treatment_dialog import (
    COL_BATCH,
    COL_EXPIRY,
    COL_PRODUCT,
    TreatmentSessionDialog,
)
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import msg_text, ui_like, ui_text
from tests.ui.conftest import add_patient


def _patients(engine) -> list[Patient]:
    with Session(engine) as s:
        return list(s.exec(select(Patient)))


def _new_patient_dialog(qtbot, main_window) -> PatientDialog:
    dialog = PatientDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    return dialog


def test_patient_dialog_starts_with_date_of_birth_not_entered(qtbot, main_window):
    dialog = _new_patient_dialog(qtbot, main_window)
    assert dialog.date_of_birth.value() is None
    assert dialog.date_of_birth.text() == "" and dialog.date_of_birth.placeholderText() == ui_text("OptionalDateEdit", "Not entered")


def test_c15_names_saved_and_shown_exactly(qtbot, main_window):
    typed = [("Aoife", "O'Brien-Daly"), ("J", "Smith"), ("Suharti", "")]
    for given, family in typed:
        dialog = _new_patient_dialog(qtbot, main_window)
        qtbot.keyClicks(dialog.given_names, given)
        qtbot.keyClicks(dialog.family_name, family)
        dialog.date_of_birth.setValue(date(1990, 5, 17))
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
        assert dialog.result() == PatientDialog.DialogCode.Accepted
        assert dialog.created is not None
    names = sorted(p.display_name for p in _patients(main_window.engine))
    assert names == ["Aoife O'Brien-Daly", "J Smith", "Suharti"]
    suharti = next(p for p in _patients(main_window.engine) if p.given_names == "Suharti")
    assert suharti.family_name == ""

    # shown exactly in the treatment dialog's patient search
    treatment = TreatmentSessionDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(treatment)
    qtbot.keyClicks(treatment.patient.search, "obrien")
    treatment.patient.refresh()
    assert treatment.patient.results.count() == 1
    shown = treatment.patient.results.item(0).text()
    assert ui_like("TreatmentSessionDialog", "{name}  ·  born {date}").match(shown)
    assert shown.startswith("Aoife O'Brien-Daly  ·  ") and "17" in shown and "1990" in shown


def test_empty_name_shown_at_the_field_and_nothing_saved(qtbot, main_window):
    dialog = _new_patient_dialog(qtbot, main_window)
    dialog.date_of_birth.setValue(date(1990, 5, 17))
    qtbot.keyClicks(dialog.phone, "514 555 0101")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    label = dialog.errors.label_for("given_names")
    assert not label.isHidden()
    assert label.text() == msg_text("Enter the patient's name (a single name is fine).")
    assert dialog.given_names.property("invalid") is True
    assert dialog.given_names.hasFocus() or dialog.focusWidget() is dialog.given_names
    assert dialog.result() != PatientDialog.DialogCode.Accepted
    assert dialog.phone.text() == "514 555 0101"  # what was typed stays
    assert _patients(main_window.engine) == []


def test_missing_and_future_date_of_birth_shown_at_the_field(qtbot, main_window):
    dialog = _new_patient_dialog(qtbot, main_window)
    dialog.given_names.setText("Zoë")  # QTest cannot type non-ASCII keys
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.errors.label_for("date_of_birth").text() == msg_text("Enter the date of birth.")

    with Session(main_window.engine) as s:
        tomorrow = today(s) + timedelta(days=1)
    dialog.date_of_birth.setValue(tomorrow)
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    label = dialog.errors.label_for("date_of_birth")
    assert label.text() == msg_text("The date of birth is in the future.")
    assert not label.isHidden()
    assert dialog.date_of_birth.property("invalid") is True
    assert dialog.errors.label_for("given_names").isHidden()
    assert _patients(main_window.engine) == []


def _treatment_dialog(qtbot, main_window, db, staff) -> TreatmentSessionDialog:
    patient = add_patient(db, staff["practitioner"], "Zoë", "Martin", born=date(1991, 3, 3))
    dialog = TreatmentSessionDialog(main_window.engine, main_window.current_staff, main_window, patient=patient)
    qtbot.addWidget(dialog)
    dialog.treatment.setCurrentIndex(dialog.treatment.findData("facial-mesotherapy"))
    return dialog


def _sessions(engine) -> list[TreatmentSession]:
    with Session(engine) as s:
        return list(s.exec(select(TreatmentSession)))


def test_record_treatment_session_with_products(qtbot, main_window, db, staff):
    dialog = _treatment_dialog(qtbot, main_window, db, staff)
    assert dialog.patient.patient_id() is not None
    assert dialog.practitioner.currentData() == staff["practitioner"].id  # the staff member at the desk
    dialog.set_performed_at(datetime(2025, 12, 31, 10, 30))
    qtbot.keyClicks(dialog.areas, "full face")
    row = dialog.add_product_row()
    qtbot.keyClicks(dialog.product_cell(row, COL_PRODUCT), "NCTF 135 HA")
    qtbot.keyClicks(dialog.product_cell(row, COL_BATCH), "LOT-77A")
    dialog.product_cell(row, COL_EXPIRY).setValue(date(2027, 6, 30))
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == TreatmentSessionDialog.DialogCode.Accepted, dialog.errors.general_label().text()
    [saved] = _sessions(main_window.engine)
    # 10:30 in Toronto (EST, UTC-5) is 15:30 UTC
    assert saved.performed_at.isoformat() == "2025-12-31T15:30:00+00:00"
    assert saved.areas == "full face"
    with Session(main_window.engine) as s:
        [product] = s.exec(select(ProductUse))
    assert (product.product_name, product.batch_number, product.expiry_date) == ("NCTF 135 HA", "LOT-77A",
                                                                                 date(2027, 6, 30))


def test_future_treatment_date_shown_at_the_field(qtbot, main_window, db, staff):
    dialog = _treatment_dialog(qtbot, main_window, db, staff)
    dialog.set_performed_at(datetime.now() + timedelta(days=3))
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    label = dialog.errors.label_for("performed_at")
    assert label.text() == msg_text("The treatment date is in the future; record a treatment once it is done.")
    assert not label.isHidden()
    assert dialog.performed_at.property("invalid") is True
    assert _sessions(main_window.engine) == []


def test_expired_product_shown_at_its_row(qtbot, main_window, db, staff):
    dialog = _treatment_dialog(qtbot, main_window, db, staff)
    dialog.set_performed_at(datetime(2025, 12, 31, 10, 30))
    dialog.add_product_row("Skin booster", "B-1", date(2026, 1, 1))
    dialog.add_product_row("Old serum", "OLD-9", date(2025, 11, 30))
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() != TreatmentSessionDialog.DialogCode.Accepted
    assert not dialog.product_errors.isHidden()
    assert msg_text("Product {number} ({name}): expired on {date} — before the treatment date. An expired product "
                    "cannot be recorded.").format(number=2, name="Old serum", date=short_date(date(2025, 11, 30))) \
        in dialog.product_errors.text()
    assert dialog.product_cell(1, COL_EXPIRY).property("invalid") is True
    assert not dialog.product_cell(0, COL_EXPIRY).property("invalid")
    assert _sessions(main_window.engine) == []


def test_missing_patient_and_batch_number_shown_at_the_fields(qtbot, main_window, db, staff):
    dialog = TreatmentSessionDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.patient.search, "nobody here")
    dialog.patient.refresh()
    dialog.add_product_row("Skin booster", "")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.errors.label_for("patient_id").text() == msg_text("Choose the patient.")
    assert dialog.errors.label_for("treatment").text() == msg_text(
        "Choose a treatment that has an aftercare protocol.")
    assert msg_text("Product {number}: enter the batch (lot) number.").format(number=1) in dialog.product_errors.text()
    assert dialog.product_cell(0, COL_BATCH).property("invalid") is True
    assert dialog.patient.search.hasFocus() or dialog.focusWidget() is dialog.patient.search
    assert _sessions(main_window.engine) == []


def test_practitioner_is_pre_chosen_only_for_a_practitioner_at_the_desk(qtbot, main_window, db, staff):
    patient = add_patient(db, staff["practitioner"], "Zoë", "Martin", born=date(1991, 3, 3))
    def new_dialog() -> TreatmentSessionDialog:
        made = TreatmentSessionDialog(main_window.engine, main_window.current_staff, main_window,
                                      patient=patient)
        qtbot.addWidget(made)
        return made

    for role in ("admin", "manager"):  # both may treat, but at the desk they usually record for someone else
        main_window.set_current_staff(staff[role])
        dialog = new_dialog()
        assert dialog.practitioner.currentData() is None
        assert dialog.practitioner.currentText() == ui_text("TreatmentSessionDialog", "Choose the practitioner")
        assert dialog.practitioner.findData(staff[role].id) > 0  # still offered
        dialog.treatment.setCurrentIndex(dialog.treatment.findData("facial-mesotherapy"))
        dialog.set_performed_at(datetime(2025, 12, 31, 10, 30))
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
        assert dialog.errors.label_for("practitioner_id").text() == msg_text(
            "Choose the practitioner who performed the treatment.")
        assert _sessions(main_window.engine) == []
    main_window.set_current_staff(staff["practitioner"])
    assert new_dialog().practitioner.currentData() == staff["practitioner"].id
