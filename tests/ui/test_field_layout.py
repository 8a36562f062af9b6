"""No layout jump (issue #14, item 7): a field stays where it is when a message shows under a field above
it and when that message clears; forms keep a sensible width on a wide screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import msg_text


def _place(widget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def test_fields_stay_put_when_a_message_shows_and_clears(qtbot, main_window):
    dialog = PatientDialog(main_window.engine, main_window.current_staff, parent=main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    below = [dialog.family_name, dialog.date_of_birth, dialog.email, dialog.notes]
    before = [_place(w) for w in below]
    size = dialog.size()
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)  # no name: refused at the field
    QApplication.processEvents()
    label = dialog.errors.label_for("given_names")
    assert label.isVisible() and label.text() == msg_text("Enter the patient's name (a single name is fine).")
    assert [_place(w) for w in below] == before and dialog.size() == size
    qtbot.keyClicks(dialog.given_names, "Aoife")  # editing clears the message
    QApplication.processEvents()
    assert label.isHidden()
    assert [_place(w) for w in below] == before and dialog.size() == size


def test_a_long_message_makes_room_once_and_nothing_jumps_back_when_it_clears(qtbot, main_window):
    dialog = PatientDialog(main_window.engine, main_window.current_staff, parent=main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.given_names, "Aoife")
    dialog.date_of_birth.setValue(date(1988, 2, 29))
    qtbot.keyClicks(dialog.email, "contact@")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert dialog.errors.label_for("email").text() == msg_text(  # the checker's words, not email-validator's English
        "Nothing follows the “@”; write it as name@example.com.")
    assert dialog.created is None
    notes = _place(dialog.notes)
    qtbot.keyClicks(dialog.email, "clinic.example")
    QApplication.processEvents()
    assert _place(dialog.notes) == notes
