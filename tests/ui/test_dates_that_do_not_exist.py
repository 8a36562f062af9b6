"""A well-written date that does not exist (30 February, month 13) is said to not exist, in the window's
language, at the field of every dialog that takes a typed date; nothing is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.models import Patient
from clinic_desktop.ui.common import i18n
from clinic_desktop.ui.common.forms import parse_typed_date
from clinic_desktop.ui.patients.patient_dialog import PatientDialog


@pytest.mark.parametrize(("typed", "says"), [
    ("2026-02-30", "“2026-02-30” does not exist: February 2026 has 28 days."),
    ("30/02/2026", "February 2026 has 28 days"),
    ("29 Feb 2025", "February 2025 has 28 days"),
    ("30022024", "February 2024 has 29 days"),
    ("31/04/1990", "April 1990 has 30 days"),
    ("00/01/1990", "January 1990 has 31 days"),
    ("2026-13-01", "there is no month 13"),
    ("1/13/2026", "there is no month 13"),
])
def test_a_day_that_does_not_exist_is_not_called_a_format_error(typed, says):
    with pytest.raises(ValueError) as refused:
        parse_typed_date(typed)
    assert says in str(refused.value) and "Type day, month, year" not in str(refused.value)


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
    assert "February 2000 has 29 days" in label.text() and not label.isHidden()
    assert dialog.date_of_birth.text() == "2000-02-30"  # kept as typed
    assert dialog.result() != PatientDialog.DialogCode.Accepted
    with Session(main_window.engine) as s:
        assert list(s.exec(select(Patient))) == []
