"""Keyboard-first window and roles in the window (issue #14 items 3, 4 and 8).

Every key here is sent to the widget that has the keyboard focus (``QApplication.focusWidget()``), as a
person at the desk would type: no mouse clicks, no calls of the page's methods in the walks. The rows
written are read back from the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QLineEdit, QMessageBox, QWidget
from sqlmodel import Session, select

from clinic_desktop.models import AftercareIssuance, IssuanceAction, Patient, TreatmentSession
from clinic_desktop.ui.checkout.sheet_preview import SheetPreviewDialog
from clinic_desktop.ui.checkout.today_page import TodayPage
from clinic_desktop.ui.main_window import PAGES, MainWindow, shortcut_text
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from clinic_desktop.ui.signin.session_guard import SessionGuard
from tests.language import ui_text
from tests.ui.conftest import add_patient, add_treatment_session

CTRL = Qt.KeyboardModifier.ControlModifier
TORONTO = ZoneInfo("America/Toronto")
NATIVE = QKeySequence.SequenceFormat.NativeText


def native(keys: QKeySequence.StandardKey | str) -> str:
    """How the platform writes a shortcut in menus ("Ctrl+N")."""
    return QKeySequence(keys).toString(NATIVE)


def focused() -> QWidget:
    """The widget that has the keyboard focus now (where typed keys go)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press (with ``modifier``) into the focused widget."""
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    """Type ``text`` into the focused widget, key by key."""
    qtbot.keyClicks(focused(), text)


def active(qtbot, window: QWidget) -> QWidget:
    """Bring ``window`` to the front (window shortcuts need the active window) and return it."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


class ModalFailed(AssertionError):
    """What went wrong while a modal dialog was open (raised by :func:`modal_done`)."""


def when_modal(qtbot, kind: type[QDialog], act: Callable[[QDialog], None]) -> list[QDialog]:
    """Run ``act(dialog)`` once a modal dialog of ``kind`` has the keyboard (``act`` must close it). If
    ``act`` fails, the dialog is closed (else its event loop would wait forever) and the failure is kept
    for :func:`modal_done`."""
    seen: list[QDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible() and QApplication.activeWindow() is dialog:
            seen.append(dialog)
            try:
                act(dialog)
            except BaseException as exc:  # noqa: BLE001 - reported by modal_done, after the dialog closed
                seen.append(exc)  # type: ignore[arg-type]
                dialog.done(QDialog.DialogCode.Rejected)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def modal_done(seen: list) -> list[QDialog]:
    """The dialogs ``when_modal`` saw, once it is sure nothing failed while they were open."""
    failures = [x for x in seen if isinstance(x, BaseException)]
    if failures:
        raise ModalFailed(repr(failures[0])) from failures[0]
    return seen


def _walk_in(db, staff, given: str, family: str) -> TreatmentSession:
    """A treatment session recorded today by the practitioner (the receptionist's checkout follows it)."""
    patient = add_patient(db, staff["practitioner"], given, family)
    now = datetime.now(TORONTO)
    return add_treatment_session(db, staff["practitioner"], patient, now.replace(hour=min(now.hour, 22)))


# ------------------------------------------------------------------ shortcuts shown in menus and tooltips


FILE, GO = (ui_text("MainWindow", title).replace("&", "") for title in ("&File", "&Go"))


def _menu_of(window: MainWindow, action) -> str | None:  # noqa: ANN001
    """The title of the menu bar menu holding ``action``, or None."""
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None and action in menu.actions():
            return menu.title().replace("&", "")
    return None


def test_the_daily_jobs_have_shortcuts_shown_in_their_menu_and_tooltip(qtbot, engine, clinic_profile, staff):
    guard = SessionGuard(engine)
    guard.set_current_staff(staff["practitioner"])
    window = MainWindow(engine, guard=guard)
    qtbot.addWidget(window)
    guard.attach(window)
    expected = {
        window.new_patient_action: (FILE, native(QKeySequence.StandardKey.New)),
        window.record_action: (FILE, native("Ctrl+R")),
        window.print_aftercare_action: (FILE, native(QKeySequence.StandardKey.Print)),
        window.find_patient_action: (GO, native(QKeySequence.StandardKey.Find)),
        guard.lock_action: (FILE, native("Ctrl+L")),
    }
    for n, (title, *_rest) in enumerate(PAGES, start=1):
        expected[window.page_actions[title]] = (GO, native(f"Ctrl+{n}"))
    for action, (menu, keys) in expected.items():
        assert keys and shortcut_text(action) == keys, action.text()
        assert _menu_of(window, action) == menu, action.text()
        assert action.toolTip().endswith(f"({keys})"), action.toolTip()
    assert native("Ctrl+N") == shortcut_text(window.new_patient_action)  # Qt's standard New is Ctrl+N here
    # the page buttons doing the same jobs say the same, shortcut included
    page: TodayPage = window.pages["Today"]
    assert page.new_patient_button.toolTip() == window.new_patient_action.toolTip()
    assert page.record_button.toolTip() == window.record_action.toolTip()
    assert page.print_button.toolTip() == window.print_aftercare_action.toolTip()
    assert native("Ctrl+1") in window.nav.item(0).toolTip()
    patients = window.page("Patients")
    assert native(QKeySequence.StandardKey.Find) in patients.search.toolTip()
    assert "Ctrl+L" in window.signed_in_label.text()


def test_ctrl_and_a_number_switches_pages_in_order_and_ctrl_f_finds_a_patient(qtbot, main_window):
    window = active(qtbot, main_window)
    window.pages["Today"].filter.setFocus()
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.current_page() is window.pages["Patients"]
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_page() is window.pages["Follow-ups"]
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_page() is window.pages["Today"]
    press(qtbot, Qt.Key.Key_4, CTRL)  # Reports: not the practitioner's page, so Ctrl+4 does nothing
    assert window.current_page() is window.pages["Today"] and "Reports" not in window.pages
    window.pages["Today"].filter.setFocus()
    press(qtbot, Qt.Key.Key_F, CTRL)
    patients = window.pages["Patients"]
    assert window.current_page() is patients and focused() is patients.search
    type_text(qtbot, "zoe")
    assert patients.search.text() == "zoe"
    press(qtbot, Qt.Key.Key_1, CTRL)
    press(qtbot, Qt.Key.Key_F, CTRL)  # again: what was typed is selected, so typing replaces it
    type_text(qtbot, "ana")
    assert patients.search.text() == "ana"


def test_ctrl_r_records_a_treatment_session_and_ctrl_p_opens_the_selected_sheet(qtbot, main_window, db, staff):
    from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog

    ts = _walk_in(db, staff, "Aoife", "O'Brien-Daly")
    window = active(qtbot, main_window)
    window.show_page("Patients").search.setFocus()
    recording = when_modal(qtbot, TreatmentSessionDialog, lambda dialog: press(qtbot, Qt.Key.Key_Escape))
    press(qtbot, Qt.Key.Key_R, CTRL)  # from any page: the form opens over the Today page
    assert len(modal_done(recording)) == 1 and window.current_page() is window.pages["Today"]
    page: TodayPage = window.pages["Today"]
    page.refresh()
    active(qtbot, window)  # the window is in front again once the form closed
    page.filter.setFocus()
    press(qtbot, Qt.Key.Key_P, CTRL)  # nothing selected: nothing to print, no dialog
    assert not window.print_aftercare_action.isEnabled()
    type_text(qtbot, "aoife")
    press(qtbot, Qt.Key.Key_Return)
    assert window.print_aftercare_action.isEnabled()
    previews = when_modal(qtbot, SheetPreviewDialog, lambda dialog: press(qtbot, Qt.Key.Key_Escape))
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert [d.treatment_session_id for d in modal_done(previews)] == [ts.id]
    window.set_current_staff(staff["receptionist"])  # receptionists do not record treatment sessions
    assert not window.record_action.isVisible() and not window.record_action.isEnabled()


# ------------------------------------------------------------------ Enter on a row, Enter in the filter


def test_enter_in_the_today_filter_goes_to_the_first_match_and_enter_opens_its_sheet(qtbot, main_window, db,
                                                                                     staff):
    _walk_in(db, staff, "Zoë", "Lefèvre")
    wanted = _walk_in(db, staff, "Aoife", "O'Brien-Daly")
    window = active(qtbot, main_window)
    page: TodayPage = window.pages["Today"]
    page.refresh()
    page.filter.setFocus()
    type_text(qtbot, "nobody like that")
    press(qtbot, Qt.Key.Key_Return)  # no match: nothing selected, the keyboard stays in the filter
    assert page.selected_row() is None and focused() is page.filter
    page.filter.clear()
    type_text(qtbot, "obrien")
    press(qtbot, Qt.Key.Key_Return)
    assert page.selected_row().treatment_session_id == wanted.id
    assert focused() is page.table
    opened = when_modal(qtbot, SheetPreviewDialog, lambda dialog: press(qtbot, Qt.Key.Key_Escape))
    press(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert [d.treatment_session_id for d in modal_done(opened)] == [wanted.id]


def test_enter_in_the_patient_search_and_on_a_patient_opens_their_history(qtbot, main_window, db, staff):
    from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog

    hana = add_patient(db, staff["practitioner"], "Hana", "Nováková")
    add_patient(db, staff["practitioner"], "Zoë", "Lefèvre")
    add_treatment_session(db, staff["practitioner"], hana, datetime(2025, 3, 3, 10, 0, tzinfo=TORONTO))
    window = active(qtbot, main_window)
    press(qtbot, Qt.Key.Key_F, CTRL)
    page = window.pages["Patients"]
    type_text(qtbot, "novakova")
    press(qtbot, Qt.Key.Key_Return)  # searches at once (no waiting for the typing pause)
    assert page.patient_id == hana.id and focused() is page.table
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.timeline and page.selected_event() is not None  # the history, first line chosen
    while page.selected_event()[0] != "follow_up":
        press(qtbot, Qt.Key.Key_Down)
    follow_up_id = page.selected_event()[1]
    opened = when_modal(qtbot, FollowUpDialog, lambda dialog: press(qtbot, Qt.Key.Key_Escape))
    press(qtbot, Qt.Key.Key_Return)  # Enter on a line of the history opens it, as a double-click does
    assert [d.detail.follow_up.id for d in modal_done(opened)] == [follow_up_id]


# ------------------------------------------------------------------ keyboard-only walks


@pytest.fixture
def save_into(monkeypatch, tmp_path) -> Path:
    """The save dialog answers with the name the app suggested, in tmp_path (no native dialog headless)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, caption, suggested, filter_: (
                            str(tmp_path / Path(suggested).name), filter_)))
    return tmp_path


def test_the_receptionist_s_checkout_by_keyboard_alone(qtbot, main_window, db, staff, save_into):
    ts = _walk_in(db, staff, "Aoife", "O'Brien-Daly")
    _walk_in(db, staff, "Zoë", "Lefèvre")
    window = active(qtbot, main_window)
    window.set_current_staff(staff["receptionist"])
    window.show_page("Patients")  # start anywhere: Ctrl+1 brings the Today page
    window.pages["Patients"].search.setFocus()

    press(qtbot, Qt.Key.Key_1, CTRL)
    page: TodayPage = window.pages["Today"]
    assert window.current_page() is page
    while focused() is not page.filter:  # Tab round the page to the filter
        press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "aoife")
    press(qtbot, Qt.Key.Key_Return)

    def save_and_close(dialog: SheetPreviewDialog) -> None:
        label = ui_text("SheetPreviewDialog", "&Save PDF…")  # Alt+S in English
        press(qtbot, getattr(Qt.Key, "Key_" + label[label.index("&") + 1].upper()), Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: bool(dialog.issuances))  # a mnemonic clicks after a short button animation
        press(qtbot, Qt.Key.Key_Escape)

    previews = when_modal(qtbot, SheetPreviewDialog, save_and_close)
    press(qtbot, Qt.Key.Key_Return)  # on the line: its sheet preview
    assert [d.treatment_session_id for d in modal_done(previews)] == [ts.id]
    with Session(main_window.engine) as s:
        [issuance] = s.exec(select(AftercareIssuance)).all()
    assert issuance.treatment_session_id == ts.id and issuance.action == IssuanceAction.saved
    assert issuance.issued_by_id == staff["receptionist"].id
    [saved] = save_into.glob("aftercare-*.pdf")
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == issuance.pdf_sha256  # the sheet issued
    assert page.selected_row().printed  # the list shows it


def test_a_new_patient_by_keyboard_alone(qtbot, main_window, db, staff):
    window = active(qtbot, main_window)
    window.set_current_staff(staff["receptionist"])
    window.pages["Today"].filter.setFocus()

    def fill(dialog: PatientDialog) -> None:
        assert focused() is dialog.given_names
        type_text(qtbot, "Ksenia")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "Pavlova")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.date_of_birth
        type_text(qtbot, "1990-05-17")
        press(qtbot, Qt.Key.Key_Return)  # the form's own Save

    done = when_modal(qtbot, PatientDialog, fill)
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert modal_done(done) and done[0].result() == QDialog.DialogCode.Accepted, done[0].errors.errors_shown()
    with Session(main_window.engine) as s:
        [row] = s.exec(select(Patient).where(Patient.family_name == "Pavlova")).all()
    assert (row.given_names, row.date_of_birth.isoformat()) == ("Ksenia", "1990-05-17")


# ------------------------------------------------------------------ roles in the window

ROLE_PAGES = {
    "receptionist": ["Today", "Follow-ups", "Patients"],
    "practitioner": ["Today", "Follow-ups", "Patients"],
    "manager": ["Today", "Follow-ups", "Patients", "Reports"],
    "admin": ["Today", "Follow-ups", "Patients", "Reports"],
}


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_each_role_sees_only_the_pages_and_actions_it_can_use(qtbot, main_window, staff, role):
    window = main_window
    window.set_current_staff(staff[role])
    items = [window.nav.item(r) for r in range(window.nav.count())]
    shown = [item.text() for item in items if not item.isHidden()]
    assert shown == [ui_text("MainWindow", title) for title in ROLE_PAGES[role]]
    assert window.visible_pages() == ROLE_PAGES[role]
    for title, action in window.page_actions.items():
        assert action.isVisible() == (title in ROLE_PAGES[role])
    menus = [m.menu() for m in window.menuBar().actions() if m.isVisible() and m.menu()]
    everything = [a for menu in menus for a in menu.actions()]
    greyed = [a.text() for a in everything if a.isVisible() and not a.isSeparator() and not a.isEnabled()
              and a not in (window.save_pdf_action, window.print_aftercare_action,  # nothing selected yet
                            window.backup_action, window.restore_action)]  # not on this database, says why
    assert greyed == []  # what a role cannot use is hidden, never shown greyed
    visible = {a for a in everything if a.isVisible()}
    clinical = role != "receptionist"
    managing = role in ("manager", "admin")
    assert (window.record_action in visible) == clinical
    assert window.pages["Today"].record_button.isVisibleTo(window.pages["Today"]) == clinical
    assert (window.profile_action in visible) == (window.audit_action in visible) == managing
    assert (window.staff_action in visible) == (window.backup_action in visible) == (role == "admin")
    assert window.clinic_menu.menuAction().isVisible() == clinical
    assert window.admin_menu.menuAction().isVisible() == (role == "admin")
    assert window.new_patient_action in visible and window.find_patient_action in visible


def test_a_quick_switch_shows_the_pages_of_the_new_person(qtbot, engine, clinic_profile, staff):
    guard = SessionGuard(engine)
    guard.set_current_staff(staff["manager"])
    window = MainWindow(engine, guard=guard)
    qtbot.addWidget(window)
    guard.attach(window)
    active(qtbot, window)
    press(qtbot, Qt.Key.Key_4, CTRL)
    reports = window.pages["Reports"]
    assert window.current_page() is reports
    guard.set_current_staff(staff["receptionist"])  # what the lock screen's quick switch does
    assert window.visible_pages() == ROLE_PAGES["receptionist"]
    assert window.current_page() is window.pages["Today"]  # left the page the receptionist cannot use
    assert not window.page_actions["Reports"].isVisible() and not window.clinic_menu.menuAction().isVisible()
    press(qtbot, Qt.Key.Key_4, CTRL)
    assert window.current_page() is window.pages["Today"]
    window.nav.setCurrentRow(3)  # even asked for by its row, a hidden page is not shown
    assert window.current_page() is window.pages["Today"]
    guard.set_current_staff(staff["admin"])
    assert window.visible_pages() == ROLE_PAGES["admin"] and window.admin_menu.menuAction().isVisible()
    press(qtbot, Qt.Key.Key_4, CTRL)
    assert window.current_page() is reports


# ------------------------------------------------------------------ page switch and typed work


class _FormPage(QWidget):
    """A page holding a form: typed, unsaved text in ``note`` is work the page reports."""

    def __init__(self):
        super().__init__()
        self.note = QLineEdit(self)

    def has_unsaved_changes(self) -> bool:
        return bool(self.note.text())


class _Answers(list):
    """Answers for "Discard what you typed?" (popped in order); ``asked``: the questions asked."""

    asked: list[str]


@pytest.fixture
def discard_answers(monkeypatch) -> _Answers:
    """Message boxes answered from the list (popped in order; "Discard" once it is empty); every question
    asked is kept."""
    answers = _Answers()
    answers.asked = []

    def exec_(box: QMessageBox) -> int:
        answers.asked.append(box.text())
        return answers.pop(0) if answers else QMessageBox.StandardButton.Discard  # teardown closes the window

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return answers


def test_leaving_a_page_with_typed_work_asks_before_it_is_discarded(qtbot, engine, clinic_profile, staff,
                                                                     discard_answers):
    form = _FormPage()
    window = MainWindow(engine, pages=[("Form", lambda w: form), ("Other", lambda w: QLabel("other"))])
    qtbot.addWidget(window)
    active(qtbot, window)
    press(qtbot, Qt.Key.Key_2, CTRL)  # nothing typed: no question
    assert window.current_page() is not form and discard_answers.asked == []
    press(qtbot, Qt.Key.Key_1, CTRL)
    form.note.setFocus()
    type_text(qtbot, "half a sentence")
    discard_answers.append(QMessageBox.StandardButton.Cancel)  # "Keep editing"
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert discard_answers.asked == [ui_text("DiscardGuard", "Discard what you typed?")]
    assert window.current_page() is form and form.note.text() == "half a sentence"
    discard_answers.append(QMessageBox.StandardButton.Discard)
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_page() is not form and len(discard_answers.asked) == 2


def test_the_window_s_pages_hold_no_typed_work_to_lose(qtbot, main_window, staff, discard_answers):
    """What a page shows can be typed again in seconds (filters, the search, the day, report choices);
    forms are dialogs that guard their own typed work. So switching page asks nothing."""
    window = active(qtbot, main_window)
    window.set_current_staff(staff["manager"])
    for n, title in enumerate(ROLE_PAGES["manager"], start=1):
        press(qtbot, getattr(Qt.Key, f"Key_{n}"), CTRL)
        page = window.pages[title]
        for field in page.findChildren(QLineEdit):
            if field.isVisible() and not field.isReadOnly() and field.isEnabled():
                field.setText("typed")
        assert not (getattr(page, "has_unsaved_changes", lambda: False)())
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_page() is window.pages["Today"] and discard_answers.asked == []
