"""A well-written date that does not exist (30 February, month 13) is said to not exist, in the window's
language, at the field of every dialog that takes a typed date; nothing is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from sqlmodel import Session, select

from clinic_desktop.models import Patient
from clinic_desktop.ui.common import i18n
from clinic_desktop.ui.common.forms import parse_typed_date, typing_hint
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import ui_text


NO_SUCH_DAY = "“{typed}” does not exist: {month} has {days} days."
NO_SUCH_MONTH = "“{typed}” does not exist: there is no month {month} (months go from 1 to 12)."


def _month_and_year(year: int, month: int) -> str:
    """"February 2026" / "février 2026": the month as forms.py names it, in the window's language."""
    return QLocale().toString(QDate(year, month, 1), "MMMM yyyy")


@pytest.mark.parametrize(("typed", "year", "month", "days"), [
    ("2026-02-30", 2026, 2, 28),
    ("30/02/2026", 2026, 2, 28),
    ("29 Feb 2025", 2025, 2, 28),
    ("30022024", 2024, 2, 29),
    ("31/04/1990", 1990, 4, 30),
    ("00/01/1990", 1990, 1, 31),
    ("2026-13-01", 2026, 13, None),
    ("1/13/2026", 2026, 13, None),
])
def test_a_day_that_does_not_exist_is_not_called_a_format_error(qapp, typed, year, month, days):
    # qapp: the window's translators and QLocale in the run's language, as after sign-in
    with pytest.raises(ValueError) as refused:
        parse_typed_date(typed)
    if days is None:
        says = ui_text("OptionalDateEdit", NO_SUCH_MONTH).format(typed=typed, month=month)
    else:
        says = ui_text("OptionalDateEdit", NO_SUCH_DAY).format(typed=typed, month=_month_and_year(year, month),
                                                                days=days)
    assert str(refused.value) == says and typing_hint() not in str(refused.value)


def test_in_french_the_month_and_the_sentence_are_french(qapp):
    assert i18n.install("fr") == "fr"
    try:
        with pytest.raises(ValueError) as refused:
            parse_typed_date("2026-02-30")
    finally:
        i18n.install("en")
    assert "février 2026 compte 28 jours" in str(refused.value)


def test_the_patient_form_shows_it_at_the_date_of_birth_and_saves_nothing(qtbot, main_window):
    dialog = PatientDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.given_names.setText("Léa")
    dialog.date_of_birth.setFocus()
    qtbot.keyClicks(dialog.date_of_birth, "2000-02-30")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    label = dialog.errors.label_for("date_of_birth")
    assert ui_text("OptionalDateEdit", NO_SUCH_DAY).format(
        typed="2000-02-30", month=_month_and_year(2000, 2), days=29) in label.text() and not label.isHidden()
    assert dialog.date_of_birth.text() == "2000-02-30"  # kept as typed
    assert dialog.result() != PatientDialog.DialogCode.Accepted
    with Session(main_window.engine) as s:
        assert list(s.exec(select(Patient))) == []
