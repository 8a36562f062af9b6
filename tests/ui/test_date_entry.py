"""Typing dates into empty date fields and where their calendars open (OptionalDateEdit in the dialogs);
FieldErrors clearing a message as soon as its field is edited."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from babel.dates import format_date
from PySide6.QtCore import QDate, Qt
from sqlmodel import Session, select

from clinic_desktop.models import Patient
from clinic_desktop.ui.checkout.treatment_dialog import COL_EXPIRY, TreatmentSessionDialog
from clinic_desktop.ui.common.forms import OptionalDateEdit, parse_typed_date
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import FRENCH, ui_like, ui_text
from tests.ui.conftest import add_patient


def _patient_dialog(qtbot, main_window) -> PatientDialog:
    dialog = PatientDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("typed", ["4/02/2001", "4/2/2001", "04.02.2001", "4-2-2001", "04022001",
                                   "4 Feb 2001", "4 february 2001", "Feb 4 2001", "2001-02-04"])
def test_typed_dates_are_read_day_first_or_iso(typed):
    assert parse_typed_date(typed) == date(2001, 2, 4)


NOT_IN_CALENDAR = "“{typed}” does not exist: {month} has {days} days."
NOT_WHOLE = "“{typed}” is not a whole date. {hint}"


@pytest.mark.parametrize(("typed", "says"), [("31/02/2001", NOT_IN_CALENDAR),
                                             ("4/2/01", "Write the year in full (e.g. {example}), not “{typed}”."),
                                             ("4/2", NOT_WHOLE), ("soon", NOT_WHOLE),
                                             ("4 Fob 2001", "“{typed}” is not a date. {hint}")])
def test_text_that_is_not_a_date_is_refused_with_a_reason(qapp, typed, says):  # qapp: the run's translators
    with pytest.raises(ValueError, match=ui_like("OptionalDateEdit", says).pattern):
        parse_typed_date(typed)


def test_typing_a_date_of_birth_replaces_not_entered_and_is_saved(qtbot, main_window):
    dialog = _patient_dialog(qtbot, main_window)
    field = dialog.date_of_birth
    assert field.text() == "" and field.placeholderText() == ui_text("OptionalDateEdit", "Not entered") and field.value() is None
    field.setFocus()
    qtbot.keyClicks(field, "4/02/2001")
    assert field.value() == date(2001, 2, 4)
    qtbot.keyClick(field, Qt.Key.Key_Return)  # leaving the field shows how the date was read
    # the month's short name in the window's language (Babel's CLDR names, not the app's own code)
    assert field.text() == format_date(date(2001, 2, 4), "dd MMM y", locale="fr_CA" if FRENCH else "en_CA")
    dialog.given_names.setText("Ксения")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == PatientDialog.DialogCode.Accepted, dialog.errors.errors_shown()
    with Session(main_window.engine) as s:
        [saved] = s.exec(select(Patient))
    assert saved.date_of_birth == date(2001, 2, 4)


def test_a_date_that_cannot_be_read_is_shown_and_never_dropped(qtbot, main_window):
    dialog = _patient_dialog(qtbot, main_window)
    dialog.given_names.setText("Zoë")
    dialog.date_of_birth.setFocus()
    qtbot.keyClicks(dialog.date_of_birth, "31/02/2001")
    qtbot.keyClick(dialog.date_of_birth, Qt.Key.Key_Return)
    label = dialog.errors.label_for("date_of_birth")
    assert ui_like("OptionalDateEdit", NOT_IN_CALENDAR).search(label.text()) and not label.isHidden()
    assert "2001" in label.text() and "28" in label.text()  # February 2001 has 28 days
    assert dialog.date_of_birth.text() == "31/02/2001"  # kept as typed
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() != PatientDialog.DialogCode.Accepted
    assert dialog.date_of_birth.property("invalid") is True
    with Session(main_window.engine) as s:
        assert list(s.exec(select(Patient))) == []
    # correcting it removes the message at once
    dialog.date_of_birth.clear()
    assert label.isHidden() and not dialog.date_of_birth.property("invalid")


def _page(calendar) -> tuple[int, int]:
    return calendar.yearShown(), calendar.monthShown()


def test_date_of_birth_calendar_opens_35_years_back_or_on_the_year_typed(qtbot, main_window):
    dialog = _patient_dialog(qtbot, main_window)
    field = dialog.date_of_birth
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F4)
    calendar = field.calendar()
    assert calendar.isVisible()
    assert calendar.yearShown() == date.today().year - 35
    calendar.hide()
    qtbot.keyClicks(field, "1987")  # only the year typed so far
    assert field.value() is None
    assert _page(field.open_calendar())[0] == 1987
    calendar.clicked.emit(QDate(1987, 6, 15))  # a click on a day fills the field
    assert field.value() == date(1987, 6, 15) and not calendar.isVisible()
    assert _page(field.open_calendar()) == (1987, 6)


def test_expiry_calendar_opens_on_the_treatment_month(qtbot, main_window, db, staff):
    patient = add_patient(db, staff["practitioner"], "Zoë", "Martin", born=date(1991, 3, 3))
    dialog = TreatmentSessionDialog(main_window.engine, main_window.current_staff, main_window,
                                    patient=patient)
    qtbot.addWidget(dialog)
    dialog.set_performed_at(datetime(2026, 11, 30, 10, 0))
    row = dialog.add_product_row()
    expiry: OptionalDateEdit = dialog.product_cell(row, COL_EXPIRY)
    assert _page(expiry.open_calendar()) == (2026, 11)
    expiry.calendar().hide()
    dialog.set_performed_at(datetime(2025, 3, 2, 9, 0))  # the date changed after the row was added
    assert _page(expiry.open_calendar()) == (2025, 3)


def test_field_errors_clear_a_key_when_its_field_changes_whatever_the_widget(qtbot):
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QDateEdit,
        QDialog,
        QDoubleSpinBox,
        QLineEdit,
        QPlainTextEdit,
        QSpinBox,
        QVBoxLayout,
    )

    from clinic_desktop.ui.common.forms import FieldErrors

    class Picker(QObject):
        chosen = Signal()

    dialog = QDialog()
    qtbot.addWidget(dialog)
    errors = FieldErrors(dialog)
    combo = QComboBox()
    combo.addItems(["a", "b"])
    editable = QComboBox(editable=True)
    widgets = {"line": QLineEdit(), "plain": QPlainTextEdit(), "spin": QSpinBox(), "money": QDoubleSpinBox(),
               "combo": combo, "editable": editable, "check": QCheckBox(), "day": QDateEdit(),
               "optional": OptionalDateEdit(date(2000, 1, 1), date(2030, 1, 1))}
    picker = Picker()
    layout = QVBoxLayout(dialog)
    for key, widget in widgets.items():
        layout.addWidget(errors.wrap(key, widget))
    logo = QLineEdit()
    layout.addWidget(logo)
    layout.addWidget(errors.general_label())
    errors.register("logo", logo, changed=picker.chosen)
    errors.show({key: f"{key} is wrong" for key in [*widgets, "logo"]})
    edits = {"line": lambda w: w.setText("x"), "plain": lambda w: w.setPlainText("x"),
             "spin": lambda w: w.setValue(3), "money": lambda w: w.setValue(2.5),
             "combo": lambda w: w.setCurrentIndex(1), "editable": lambda w: w.setEditText("typed"),
             "check": lambda w: w.setChecked(True), "day": lambda w: w.setDate(QDate(2001, 2, 4)),
             "optional": lambda w: w.setValue(date(2001, 2, 4))}
    for key, edit in edits.items():
        assert key in errors.errors_shown()
        edit(widgets[key])
        assert key not in errors.errors_shown(), key
        assert errors.label_for(key).isHidden() and not widgets[key].property("invalid")
    assert errors.errors_shown() == {"logo": "logo is wrong"}
    assert errors.general_label().text() == "logo is wrong" and logo.property("invalid") is True
    picker.chosen.emit()
    assert errors.errors_shown() == {} and errors.general_label().isHidden()
