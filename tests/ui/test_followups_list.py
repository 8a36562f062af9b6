"""The Follow-ups page on a list from SQL: pages fetched as the view scrolls, a header click asks the database
for a new order, "All well" takes out one line without reloading, a practitioner starts on their own
patients, Enter opens the follow-up dialog, the names fit at 1024 px, and the practitioner's follow-up walked
with the keyboard alone."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog
from sqlmodel import Session

from clinic_desktop.models import FollowUp, FollowUpStatus
from clinic_desktop.services import followups
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.followups import followups_page
from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog
from clinic_desktop.ui.followups.followups_page import FollowUpsPage, FollowUpTableModel
from tests.language import ui_like, ui_text
from tests.ui.conftest import add_patient, add_treatment_session

NAMES = [("Zoë", "Tremblay"), ("Aoife", "O'Brien-Daly"), ("Élodie", "Roy"), ("Marc", "Dubois"),
         ("Bruno", "Côté"), ("Chloé", "Martin"), ("Inès", "Gagnon")]


class Window:
    """What the page needs from the main window."""

    def __init__(self, engine, staff):
        self.workspace = Workspace(engine, staff)
        self.staff = staff
        self.messages: list[str] = []

    def current_staff(self):
        return self.staff

    def show_status(self, text: str) -> None:
        self.messages.append(text)


@pytest.fixture
def clinic(db, staff, clinic_profile):
    """Seven patients treated on different days (each: a phone check after 2 days, a review after 14); the
    odd ones by the manager."""
    sessions = []
    for i, (given, family) in enumerate(NAMES):
        patient = add_patient(db, staff["practitioner"], given, family, phone=f"+1 416 555 01{i:02d}")
        who = staff["manager"] if i % 2 else staff["practitioner"]
        sessions.append(add_treatment_session(db, who, patient, datetime.now(UTC) - timedelta(days=2 * i + 3)))
    return sessions


#: how long a page may take to load in the background (ms): generous, a busy 2-core machine runs 2 workers
LOADING = 30_000


def _page(qtbot, engine, member) -> FollowUpsPage:
    page = FollowUpsPage(Window(engine, member))
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=LOADING)
    return page


def _ids(page) -> list[int]:
    return [r.follow_up_id for r in page.model.rows]


def test_the_model_passes_the_model_tester(qtmodeltester, db, staff, clinic):
    model = FollowUpTableModel()
    rows = followups.due_follow_ups(db, actor=staff["manager"])
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.index(0, FollowUpTableModel.COL_PATIENT).data(Qt.ItemDataRole.ToolTipRole) == rows[0].patient_name


def test_pages_arrive_as_the_list_is_scrolled(qtbot, engine, db, staff, clinic, monkeypatch):
    monkeypatch.setattr(followups_page, "PAGE_SIZE", 3)
    asked: list[tuple[int, int]] = []
    real = followups.list_page

    def list_page(session, **kw):
        asked.append((kw["offset"], kw["limit"]))
        return real(session, **kw)

    monkeypatch.setattr(followups, "list_page", list_page)
    everything = [r.follow_up_id for r in followups.due_follow_ups(db, actor=staff["manager"])]
    page = _page(qtbot, engine, staff["manager"])
    assert _ids(page) == everything[:len(page.model.rows)]
    while page.model.canFetchMore():  # the view asks for more while it has room, then as it scrolls
        page.table.scrollToBottom()
        page.model.fetchMore()
        qtbot.waitUntil(lambda: not page.is_loading(), timeout=LOADING)
    assert _ids(page) == everything
    assert asked == [(offset, 3) for offset in range(0, len(everything) + 1, 3)]  # one page per query
    assert page.model.total == len(everything)
    counts = page.counts_value
    assert ui_text("FollowUpsPage", "%n overdue", counts.overdue) in page.counts.text()
    assert ui_text("FollowUpsPage", "%n upcoming", counts.upcoming) in page.counts.text()


def _click_header(qtbot, page, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=LOADING)


def test_a_header_click_orders_the_list_in_the_database(qtbot, engine, db, staff, clinic, monkeypatch):
    monkeypatch.setattr(followups_page, "PAGE_SIZE", 4)
    page = _page(qtbot, engine, staff["manager"])
    by_name, _ = followups.list_page(db, actor=staff["manager"], sort=followups.SortKey.patient, limit=100)
    _click_header(qtbot, page, FollowUpTableModel.COL_PATIENT)
    shown = _ids(page)
    assert shown == [r.follow_up_id for r in by_name][:len(shown)]  # the whole list's order, page by page
    assert page.model.rows[0].patient_name == "Aoife O'Brien-Daly"
    _click_header(qtbot, page, FollowUpTableModel.COL_PATIENT)  # again: Z to A
    assert page.model.rows[0].patient_name == "Zoë Tremblay"
    assert page.descending and page.sort_key == followups.SortKey.patient


def test_all_well_takes_out_one_line_without_reloading(qtbot, engine, db, staff, clinic):
    page = _page(qtbot, engine, staff["manager"])
    before = _ids(page)
    overdue_before = page.counts_value.overdue
    resets = []
    page.model.modelReset.connect(lambda: resets.append(1))
    page.table.selectRow(1)
    target = page.selected()
    qtbot.mouseClick(page.all_well_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_loading())  # recorded on the thread pool
    assert _ids(page) == [i for i in before if i != target.follow_up_id]
    assert resets == []  # nothing was read again
    assert page.selected().follow_up_id == before[2]  # the next line is selected
    assert page.counts_value.overdue == overdue_before - (target.bucket == followups.Bucket.overdue)
    with Session(engine) as s:
        assert s.get(FollowUp, target.follow_up_id).status == FollowUpStatus.all_well
    assert ui_like("FollowUpsPage", "{patient}: {kind} recorded as all well.").match(page.message.text())


def test_all_well_greys_its_line_until_the_database_answers(qtbot, engine, db, staff, clinic, monkeypatch):
    gate = threading.Event()
    real = followups.record_all_well

    def record_all_well(session, **kw):
        assert gate.wait(10)
        return real(session, **kw)

    monkeypatch.setattr(followups, "record_all_well", record_all_well)
    page = _page(qtbot, engine, staff["manager"])
    page.table.selectRow(0)
    target = page.selected()
    qtbot.mouseClick(page.all_well_button, Qt.MouseButton.LeftButton)
    line = page.model.index(0, FollowUpTableModel.COL_PATIENT)
    assert line.data() == target.patient_name  # still listed, greyed and not to be chosen again
    assert not page.model.flags(line) & Qt.ItemFlag.ItemIsEnabled
    assert not page.all_well_button.isEnabled() and page.is_loading()
    assert page.all_well_selected() is False  # a second click does nothing
    page.table.selectRow(2)  # the next follow-up can be worked on meanwhile
    other = page.selected()
    assert page.all_well_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: not page.is_loading())
    assert target.follow_up_id not in _ids(page)
    assert page.selected().follow_up_id == other.follow_up_id  # the choice made meanwhile is kept
    with Session(engine) as s:
        assert s.get(FollowUp, target.follow_up_id).status == FollowUpStatus.all_well
        assert s.get(FollowUp, other.follow_up_id).status == FollowUpStatus.pending


def test_a_practitioner_starts_on_their_own_patients(qtbot, engine, db, staff, clinic):
    page = _page(qtbot, engine, staff["practitioner"])
    assert page.practitioner.currentText() == ui_text("FollowUpsPage", "My patients")
    assert {r.practitioner_id for r in page.model.rows} == {staff["practitioner"].id}
    page.practitioner.setCurrentIndex(page.practitioner.findText(ui_text("FollowUpsPage", "All practitioners")))
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=LOADING)
    assert {r.practitioner_id for r in page.model.rows} == {staff["practitioner"].id, staff["manager"].id}
    manager_page = _page(qtbot, engine, staff["manager"])
    assert manager_page.practitioner.currentText() == ui_text("FollowUpsPage", "All practitioners")
    assert manager_page.practitioner.findText(ui_text("FollowUpsPage", "My patients")) == -1
    qtbot.waitUntil(lambda: manager_page.practitioner.findData(staff["practitioner"].id) > 0)  # names read meanwhile
    assert manager_page.practitioner.currentText() == ui_text("FollowUpsPage", "All practitioners")


def test_the_show_filter_keeps_one_bucket(qtbot, engine, db, staff, clinic):
    page = _page(qtbot, engine, staff["manager"])
    page.show_filter.setCurrentIndex(page.show_filter.findData(followups.Bucket.upcoming))
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=LOADING)
    assert page.model.rows and {r.bucket for r in page.model.rows} == {followups.Bucket.upcoming}
    assert page.counts_value.overdue == 0 and page.counts_value.upcoming == len(page.model.rows)


def test_names_keep_their_room_at_1024_px(qtbot, engine, db, staff, clinic, tmp_path):
    page = _page(qtbot, engine, staff["manager"])
    page.resize(1024 - 170, 600)  # the window's page area at 1024 px, beside the page list
    qtbot.wait(20)
    header = page.table.horizontalHeader()
    name = "Aoife O'Brien-Daly"
    needed = page.table.fontMetrics().horizontalAdvance(name)
    assert header.sectionSize(FollowUpTableModel.COL_PATIENT) >= needed
    row = next(i for i, r in enumerate(page.model.rows) if r.patient_name == name)
    assert page.model.index(row, FollowUpTableModel.COL_PATIENT).data(Qt.ItemDataRole.ToolTipRole) == name
    modes = {header.sectionResizeMode(c) for c in range(header.count()) if c != FollowUpTableModel.COL_PATIENT}
    assert modes == {header.ResizeMode.Interactive}
    page.grab().save(str(tmp_path / "followups-1024.png"))


def _when_dialog(qtbot, act) -> list[BaseException]:
    """Run ``act(dialog)`` on the follow-up dialog once it is shown modally; the dialog is closed afterwards
    whatever happens (a failing check must not leave the test waiting). Returns the errors raised."""
    errors: list[BaseException] = []

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if not (isinstance(dialog, FollowUpDialog) and dialog.isVisible()):
            QTimer.singleShot(20, check)
            return
        try:
            act(dialog)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            if dialog.isVisible():
                QDialog.done(dialog, 0)

    QTimer.singleShot(0, check)
    return errors


def test_enter_on_a_row_opens_its_follow_up(qtbot, engine, db, staff, clinic):
    page = _page(qtbot, engine, staff["manager"])
    page.table.setFocus()
    page.table.selectRow(2)
    wanted = page.selected().follow_up_id
    seen = []

    def close(dialog) -> None:
        seen.append(dialog.follow_up_id)
        dialog.reject()

    errors = _when_dialog(qtbot, close)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert errors == [] and seen == [wanted]
    assert wanted in _ids(page)  # closed without recording: the line stays


def _page_shortcut(window, title: str) -> QKeySequence | None:
    """The main window's shortcut to ``title``, when it has one (another change adds Ctrl+1…)."""
    for action in window.findChildren(QAction):
        if title in action.text().replace("&", "") and not action.shortcut().isEmpty():
            return action.shortcut()
    return None


def test_the_practitioners_follow_up_walked_with_the_keyboard_alone(qtbot, main_window, engine, db, staff):
    """Reach the page (its shortcut if the window has one), move to the row, Enter, type a note, Tab to "All well",
    Space; read the follow-up back."""
    me = staff["practitioner"]
    patient = add_patient(db, me, "Aoife", "O'Brien-Daly", phone="+1 416 555 0150")
    mine = add_treatment_session(db, me, patient, datetime.now(UTC) - timedelta(days=4))
    other = add_patient(db, staff["manager"], "Marc", "Dubois")
    add_treatment_session(db, staff["manager"], other, datetime.now(UTC) - timedelta(days=5))
    shortcut = _page_shortcut(main_window, "Follow-ups")
    if shortcut is not None:
        combo = shortcut[0]
        qtbot.keyClick(main_window, combo.key(), combo.keyboardModifiers())
    else:
        main_window.show_page("Follow-ups")
    page = main_window.current_page()
    assert isinstance(page, FollowUpsPage)
    qtbot.waitUntil(lambda: not page.is_loading() and page.model.rowCount() > 0)
    assert {r.patient_name for r in page.model.rows} == {"Aoife O'Brien-Daly"}  # "My patients"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # the first line
    target = page.selected()
    assert target is not None and target.treatment_session_id == mine.id
    done = []

    def record(dialog) -> None:
        dialog.activateWindow()  # what the window manager does for a new dialog (none offscreen)
        qtbot.waitUntil(lambda: dialog.isActiveWindow(), timeout=2000)
        focused = QApplication.focusWidget()
        assert focused is dialog.notes  # the note has the focus when the dialog opens
        qtbot.keyClicks(focused, "mild redness only, fading")
        label = ui_text("FollowUpDialog", "&All well")  # Alt+A in English (Alt mnemonics do not fire offscreen)
        assert dialog.all_well_button.shortcut().toString() == "Alt+" + label[label.index("&") + 1].upper()
        for _ in range(6):  # Tab to "All well", the button right after the note
            if QApplication.focusWidget() is dialog.all_well_button:
                break
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.all_well_button
        qtbot.keyClick(dialog.all_well_button, Qt.Key.Key_Space)
        done.append(dialog.outcome)

    errors = _when_dialog(qtbot, record)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert errors == [] and done == ["all_well"]
    with Session(engine) as s:
        row = s.get(FollowUp, target.follow_up_id)
        assert FollowUpStatus(row.status) == FollowUpStatus.all_well
        assert "mild redness only, fading" in row.notes
        assert row.done_by_id == me.id
    assert target.follow_up_id not in _ids(page)
