"""No slip changes data, nothing typed is lost (issue #14 items 2 and 3).

Enter in every field of every form dialog presses only the form's own Save (or nothing): the database is
read back (no role changed, no follow-up closed). Escape, Cancel and the window's close button ask
"Discard what you typed?" in every form with typed content; "Keep editing" keeps the dialog open with what
was typed, "Discard" closes it, a form with nothing typed closes without asking. The note typed in the
follow-up dialog goes into the complication form and is kept with the follow-up.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from sqlmodel import Session, select

from clinic_desktop.models import (
    AuditEntry,
    ComplicationKind,
    ComplicationOutcome,
    FollowUp,
    FollowUpStatus,
    StaffMember,
)
from clinic_desktop.services.clinic import today
from clinic_desktop.ui.admin.staff_admin import StaffAdminDialog
from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog
from clinic_desktop.ui.complications.complication_form import ComplicationForm
from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog
from clinic_desktop.ui.patients.correction_dialogs import (
    MergePatientsDialog,
    ReasonDialog,
    TreatmentSessionCorrectionDialog,
)
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import qt_text, ui_text
from tests.ui.conftest import add_patient, add_treatment_session

CLICK = Qt.MouseButton.LeftButton
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _fields(dialog: QWidget) -> list[QWidget]:
    """Every field a user can type or choose in (visible and enabled), in creation order."""
    kinds = (QLineEdit, QAbstractSpinBox, QComboBox, QCheckBox)
    return [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible() and w.isEnabled()
            and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)]  # their inner line edits: the box


def _press_enter_everywhere(qtbot, dialog: QDialog) -> list[str]:
    """Press Enter (Return and keypad Enter) in every field of ``dialog``; the texts of the buttons it pressed."""
    pressed: list[str] = []
    for button in dialog.findChildren(QPushButton):
        button.clicked.connect(lambda *_a, b=button: pressed.append(b.text()))
    for field in _fields(dialog):
        for key in ENTER_KEYS:
            if not dialog.isVisible():
                return pressed
            field.setFocus()
            qtbot.keyClick(field, key, Qt.KeyboardModifier.KeypadModifier if key == Qt.Key.Key_Enter
                           else Qt.KeyboardModifier.NoModifier)
            popup = QApplication.activePopupWidget()
            if popup is not None:  # a combo box's list opened: close it without choosing
                popup.close()
    return pressed


def _roles(engine) -> dict[int, str]:
    with Session(engine) as s:
        return {m.id: str(m.role) for m in s.exec(select(StaffMember))}


@pytest.fixture
def treatment_session(db, staff, clinic_profile):
    """A treatment session three days ago, with its follow-ups (the first one open)."""
    patient = add_patient(db, staff["practitioner"], "Zoë", "Martin", phone="+1 416 555 0123")
    return add_treatment_session(db, staff["practitioner"], patient, datetime.now(UTC) - timedelta(days=3))


def _first_follow_up(db, treatment_session) -> FollowUp:
    return db.exec(select(FollowUp).where(FollowUp.treatment_session_id == treatment_session.id)
                   .order_by(FollowUp.due_date)).first()


def _status(engine, follow_up_id: int) -> FollowUpStatus:
    with Session(engine) as s:
        return FollowUpStatus(s.get(FollowUp, follow_up_id).status)


# ---------------------------------------------------------------- item 2: no destructive default


def test_enter_in_any_staff_admin_field_changes_nobody_s_role(qtbot, engine, db, staff):
    """Reproduces: Enter in the empty "Full name" field pressed "Change role" for the selected person."""
    before = _roles(engine)
    dialog = StaffAdminDialog(engine, staff["admin"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.select_staff(staff["receptionist"].id)
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("manager"))  # looked at, not applied
    dialog.full_name_edit.setFocus()
    qtbot.keyClick(dialog.full_name_edit, Qt.Key.Key_Return)
    assert _roles(engine) == before, "Enter in the empty Full name field changed a role"
    dialog.new_password_edit.setText("a first password typed")
    pressed = _press_enter_everywhere(qtbot, dialog)
    assert "Change role" not in pressed and "Deactivate" not in pressed
    assert _roles(engine) == before
    with Session(engine) as s:
        assert len(s.exec(select(StaffMember)).all()) == len(before)  # the add form is incomplete: nobody added
        assert not s.exec(select(AuditEntry).where(AuditEntry.action.like("staff.role%"))).all()
    assert dialog.add_errors.errors_shown()  # Enter in the add form tried to add: it says what is missing


def test_enter_in_the_add_form_adds_the_person_typed(qtbot, engine, db, staff):
    dialog = StaffAdminDialog(engine, staff["admin"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_staff(staff["receptionist"].id)
    before = _roles(engine)
    qtbot.keyClicks(dialog.full_name_edit, "Marc Dubois")
    qtbot.keyClicks(dialog.username_edit, "marc")
    qtbot.keyClicks(dialog.new_password_edit, "seven green kites over the bay")
    qtbot.keyClick(dialog.new_password_edit, Qt.Key.Key_Return)
    with Session(engine) as s:
        marc = s.exec(select(StaffMember).where(StaffMember.username == "marc")).one()
        assert marc.full_name == "Marc Dubois"
    assert {k: v for k, v in _roles(engine).items() if k in before} == before


def test_enter_with_a_typed_note_records_nothing_in_the_follow_up_dialog(qtbot, engine, db, staff,
                                                                         treatment_session):
    """Reproduces: a typed problem note plus Enter recorded "All well"."""
    fu = _first_follow_up(db, treatment_session)
    dialog = FollowUpDialog(engine, lambda: staff["practitioner"], fu.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.notes, "swelling on the left, worse today")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
    assert _status(engine, fu.id) == FollowUpStatus.pending
    assert dialog.isVisible() and dialog.outcome is None
    assert _press_enter_everywhere(qtbot, dialog) == []
    assert dialog.outcome is None and _status(engine, fu.id) == FollowUpStatus.pending
    assert dialog.notes.text() == "swelling on the left, worse today"
    # "All well" needs its own click (or Alt+A)
    assert not dialog.all_well_button.isDefault() and not dialog.all_well_button.autoDefault()
    label = ui_text("FollowUpDialog", "&All well")
    assert dialog.all_well_button.shortcut().toString() == f"Alt+{label[label.index('&') + 1].upper()}"
    qtbot.mouseClick(dialog.all_well_button, CLICK)
    assert dialog.outcome == "all_well"
    assert _status(engine, fu.id) == FollowUpStatus.all_well


SAVE = qt_text("QPlatformTheme", "Save")  # the standard Save button


def _dialogs(engine, db, staff, treatment_session) -> dict[str, tuple[Callable[[], QDialog], str | None]]:
    """Each form dialog, built on the test data, and the text of its own action button (None: no Save)."""
    practitioner = staff["practitioner"]
    manager = staff["manager"]
    patient_id = treatment_session.patient_id
    fu = _first_follow_up(db, treatment_session)
    return {
        "record treatment session": (lambda: TreatmentSessionDialog(engine, lambda: practitioner), SAVE),
        "new patient": (lambda: PatientDialog(engine, lambda: practitioner), SAVE),
        "edit patient": (lambda: PatientDialog(engine, lambda: practitioner, patient_id=patient_id), SAVE),
        "complication": (lambda: ComplicationForm(engine, lambda: practitioner,
                                                  treatment_session_id=treatment_session.id),
                         ui_text("ComplicationForm", "Save complication")),
        "follow-up": (lambda: FollowUpDialog(engine, lambda: practitioner, fu.id), None),
        "correct treatment session": (lambda: TreatmentSessionCorrectionDialog(
            engine, lambda: manager, treatment_session.id), SAVE),
        "merge patients": (lambda: MergePatientsDialog(engine, lambda: manager, patient_id),
                           ui_text("MergePatientsDialog", "Merge into this patient")),
        "reason": (lambda: ReasonDialog(engine, "Undo", "Why?", "Undo it", lambda _s, reason: reason), "Undo it"),
        "staff accounts": (lambda: StaffAdminDialog(engine, staff["admin"]), None),
    }


FORMS = ["record treatment session", "new patient", "edit patient", "complication", "follow-up",
         "correct treatment session", "merge patients", "reason", "staff accounts"]


@pytest.mark.parametrize("name", FORMS)
def test_enter_in_every_field_presses_only_the_form_s_own_save(qtbot, engine, db, staff, treatment_session, name):
    make, own = _dialogs(engine, db, staff, treatment_session)[name]
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    defaults = [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault() or b.autoDefault()]
    assert defaults in ([], [own]), f"{name}: Enter could press {defaults}"
    if name == "staff accounts":  # Enter in its fields does that field's own action, never a button's
        return
    fu_status = _status(engine, _first_follow_up(db, treatment_session).id)
    roles = _roles(engine)
    pressed = _press_enter_everywhere(qtbot, dialog)
    assert set(pressed) <= ({own} if own else set()), f"{name}: Enter pressed {pressed}"
    assert _status(engine, _first_follow_up(db, treatment_session).id) == fu_status
    assert _roles(engine) == roles


# ---------------------------------------------------------------- item 3: nothing typed is lost


@pytest.fixture
def answers(monkeypatch) -> list:
    """The answers the "Discard what you typed?" question gets, in order; each question asked is checked
    (its wording, "Keep editing" the default) and its answer consumed."""
    queue: list = []

    def exec_(box: QMessageBox) -> int:
        assert box.text() == ui_text("DiscardGuard", "Discard what you typed?")
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        assert box.defaultButton().text() == ui_text("DiscardGuard", "Keep editing")
        assert box.button(QMessageBox.StandardButton.Discard) is not None
        if not queue:  # not expected by the test (or pytest-qt closing the form at teardown)
            unexpected.append(box.text())
            return QMessageBox.StandardButton.Discard
        return queue.pop(0)

    unexpected: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(sys.modules[__name__], "UNEXPECTED", unexpected)
    return queue


def _type_into(qtbot, dialog: QDialog, name: str) -> None:
    """Type something in the form's first text field (for the follow-up dialog: the note)."""
    if name == "follow-up":
        field = dialog.notes
    elif name == "record treatment session":
        field = dialog.areas
    elif name in ("merge patients", "reason"):
        field = dialog.reason
    else:
        field = next(w for w in dialog.findChildren(QLineEdit) if w.isVisible() and w.isEnabled()
                     and not w.isReadOnly() and not isinstance(w.parent(), QAbstractSpinBox | QComboBox))
    field.setFocus()
    qtbot.keyClicks(field, "typed by hand")


DISCARD_FORMS = [n for n in FORMS if n != "staff accounts"]
UNEXPECTED: list[str] = []
KEEP, DISCARD = QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard


@pytest.mark.parametrize("how", ["escape", "cancel", "close"])
@pytest.mark.parametrize("name", DISCARD_FORMS)
def test_typed_work_is_asked_about_before_it_is_discarded(qtbot, engine, db, staff, treatment_session, answers,
                                                          name, how):
    make, _own = _dialogs(engine, db, staff, treatment_session)[name]

    def leave(dialog: QDialog) -> None:
        if how == "escape":
            qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        elif how == "close":
            dialog.close()
        else:
            closing = (qt_text("QPlatformTheme", "Cancel"), qt_text("QPlatformTheme", "Close"))
            cancel = next((b for b in dialog.findChildren(QPushButton) if b.text() in closing), None)
            if cancel is None:
                pytest.skip(f"{name} has no Cancel button")
            qtbot.mouseClick(cancel, CLICK)

    untouched = make()  # nothing typed: closes without asking (answers is empty, so a question fails)
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.waitExposed(untouched)
    leave(untouched)
    assert not untouched.isVisible() and UNEXPECTED == [], "asked although nothing was typed"

    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _type_into(qtbot, dialog, name)
    answers.append(KEEP)
    leave(dialog)
    assert answers == [] and dialog.isVisible(), "Keep editing closed the form"
    assert any("typed by hand" in w.text() for w in dialog.findChildren(QLineEdit))
    answers.append(DISCARD)
    leave(dialog)
    assert answers == [] and not dialog.isVisible()


def test_the_follow_up_note_goes_into_the_complication_form_and_stays_with_the_follow_up(
        qtbot, engine, db, staff, treatment_session, answers):
    fu = _first_follow_up(db, treatment_session)
    dialog = FollowUpDialog(engine, lambda: staff["practitioner"], fu.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.notes, "hard lump under the left eye")
    form = dialog.make_complication_form()
    qtbot.addWidget(form)
    form.show()
    assert form.notes.toPlainText() == "hard lump under the left eye"
    answers.append(KEEP)  # Cancel in the complication form asks: the carried note counts as typed
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and answers == []
    form.kind.setCurrentIndex(form.kind.findData(ComplicationKind.swelling))
    form.onset.setValue(today(db) - timedelta(days=1))
    form.grade.setCurrentIndex(form.grade.findData(2))
    form.outcome.setCurrentIndex(form.outcome.findData(ComplicationOutcome.not_resolved))
    qtbot.mouseClick(form.save_button, CLICK)
    assert form.saved_id is not None, form.errors.errors_shown()
    with Session(engine) as s:
        row = s.get(FollowUp, fu.id)
        assert FollowUpStatus(row.status) == FollowUpStatus.complication
        assert "hard lump under the left eye" in (row.notes or "")
