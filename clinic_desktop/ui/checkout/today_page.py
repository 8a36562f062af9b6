"""The "Today" page: the day's treatment sessions, and the checkout actions (new patient, record treatment
session, print aftercare, print all unprinted sheets of the day).

Keyboard: Enter in the filter selects the first line shown and moves to the list; Enter on a line opens its
aftercare sheet preview (as a double-click does). The window's Ctrl+N, Ctrl+R and Ctrl+P reach the page's
New patient, Record treatment session and Print aftercare; the buttons' tooltips name those keys.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.common.forms import short_time
from clinic_desktop.services import checkout
from clinic_desktop.services.checkout import TodayRow
from clinic_desktop.services.clinic import today as clinic_today
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.text import fold
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.workers import GeneratorWorker, run_in_background

Index = QModelIndex | QPersistentModelIndex

# ------------------------------------------------------------------------------------------ table model

COL_TIME, COL_PATIENT, COL_TREATMENT, COL_PRACTITIONER, COL_PRINTED = range(5)
HEADERS = {  # shown translated (context "TodayModel")
    COL_TIME: QT_TRANSLATE_NOOP("TodayModel", "Time"),
    COL_PATIENT: QT_TRANSLATE_NOOP("TodayModel", "Patient"),
    COL_TREATMENT: QT_TRANSLATE_NOOP("TodayModel", "Treatment"),
    COL_PRACTITIONER: QT_TRANSLATE_NOOP("TodayModel", "Practitioner"),
    COL_PRINTED: QT_TRANSLATE_NOOP("TodayModel", "Sheet printed"),
}
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the TodayRow of a line
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # folded text of the whole line, for the filter box


class TodayModel(QAbstractTableModel):
    """Treatment sessions of one day (services.checkout.TodayRow), one per line, read-only."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[TodayRow] = []
        self._search: list[str] = []

    def set_rows(self, rows: list[TodayRow]) -> None:
        """Replace every line."""
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [fold(" ".join((r.patient_name, r.treatment_name, r.practitioner_name))) for r in rows]
        self.endResetModel()

    def row_at(self, row: int) -> TodayRow:
        """The TodayRow shown on line ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("TodayModel", HEADERS[section]) if section in HEADERS else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TIME:
                return short_time(row.performed_at)
            if col == COL_PATIENT:
                return row.patient_name
            if col == COL_TREATMENT:
                return row.treatment_name
            if col == COL_PRACTITIONER:
                return row.practitioner_name
            if col == COL_PRINTED:
                return "✓" if row.printed else "—"
        elif role == Qt.ItemDataRole.ToolTipRole and col == COL_PRINTED:
            if row.printed:
                return self.tr("Aftercare sheet issued %n time(s)", "", row.issuances)
            return self.tr("No aftercare sheet printed or saved yet")
        elif role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_TIME, COL_PRINTED):
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == Qt.ItemDataRole.FontRole and col == COL_PRINTED:
            font = QFont()
            font.setBold(True)
            return font
        elif role == Qt.ItemDataRole.ForegroundRole and col == COL_PRINTED and row.printed:
            return QColor("#2e7d32")
        elif role == ROW_ROLE:
            return row
        elif role == SEARCH_ROLE:
            return self._search[index.row()]
        return None


class FoldedFilterProxy(QSortFilterProxyModel):
    """Keeps lines whose patient, treatment or practitioner contains every typed word (accent-blind, C11)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._words: list[str] = []

    def set_query(self, text: str) -> None:
        """Filter by ``text`` (empty shows every line)."""
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._words = fold(text).split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = fold(text).split()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt API)
        if not self._words:
            return True
        text = self.sourceModel().index(source_row, 0, source_parent).data(SEARCH_ROLE) or ""
        return all(w in text for w in self._words)


# ------------------------------------------------------------------------------------------ the page


class TodayPage(QWidget):
    """Checkout list for one day with the actions of the front desk.

    ``window`` is the MainWindow: it provides ``engine`` and ``current_staff()``.
    """

    def __init__(self, window: Any):
        super().__init__()
        self.window_ = window
        self.workspace: Workspace = window.workspace
        self._job: GeneratorWorker | None = None

        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dddd d MMMM yyyy")
        self.date.setMinimumWidth(200)
        self.today_button = QPushButton(self.tr("Today"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter by patient, treatment or practitioner…"))
        self.filter.setToolTip(self.tr("Enter goes to the first line shown"))
        self.filter.setAccessibleName(self.tr("Filter"))
        self.filter.setClearButtonEnabled(True)
        self.summary = QLabel()

        self.model = TodayModel(self)
        self.proxy = FoldedFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PATIENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TREATMENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PRACTITIONER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PRINTED, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel(self.tr("No treatment sessions recorded on this day."))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text); padding: 12px;")

        self.new_patient_button = QPushButton(self.tr("New patient…"))
        self.record_button = QPushButton(self.tr("Record treatment session…"))
        self.print_button = QPushButton(self.tr("Print aftercare…"))
        self.print_all_button = QPushButton(self.tr("Print all unprinted…"))
        self.print_button.setDefault(True)  # the look of the main action (Enter on a line does it)
        self.print_all_button.setToolTip(
            self.tr("Save a sheet for every treatment session of the day without one, into a folder you choose"))
        # the same job as the window's menu actions: their tooltips, which name the shortcut
        for button, name in ((self.new_patient_button, "new_patient_action"),
                             (self.record_button, "record_action"),
                             (self.print_button, "print_aftercare_action")):
            action = getattr(window, name, None)
            if action is not None:
                button.setToolTip(action.toolTip())

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("&Day:")))
        top.itemAt(0).widget().setBuddy(self.date)
        top.addWidget(self.date)
        top.addWidget(self.today_button)
        top.addSpacing(16)
        top.addWidget(self.filter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_patient_button)
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        buttons.addSpacing(12)
        buttons.addWidget(self.print_all_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

        with self.workspace.session() as session:
            self.set_day(clinic_today(session), refresh=False)
        self.date.dateChanged.connect(lambda _d: self.refresh())
        self.today_button.clicked.connect(self.go_today)
        self.filter.textChanged.connect(self.proxy.set_query)
        self.filter.textChanged.connect(lambda _t: self._update_state())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_state())
        self.table.doubleClicked.connect(lambda _i: self.print_aftercare())
        self.filter.returnPressed.connect(self.go_to_first_match)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter on a line: its sheet preview
            enter = QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self.print_aftercare)
        self.new_patient_button.clicked.connect(self.new_patient)
        self.record_button.clicked.connect(lambda: self.record_treatment_session())
        self.print_button.clicked.connect(self.print_aftercare)
        self.print_all_button.clicked.connect(self.print_all_unprinted)
        self.refresh()

    # ------------------------------------------------------------------ state

    def actor(self):
        """The staff member at the desk (from the main window)."""
        return self.window_.current_staff()

    def day(self) -> date:
        """The day shown."""
        return self.date.date().toPython()

    def set_day(self, day: date, *, refresh: bool = True) -> None:
        """Show ``day``."""
        self.date.blockSignals(True)
        self.date.setDate(QDate(day))
        self.date.blockSignals(False)
        if refresh:
            self.refresh()

    def go_today(self) -> None:
        """Show today's date in the clinic's time zone."""
        with self.workspace.session() as session:
            self.set_day(clinic_today(session))

    def refresh(self) -> None:
        """Reload the day's treatment sessions, keeping the selected one selected."""
        selected = self.selected_row()
        actor = self.actor()
        rows: list[TodayRow] = []
        if actor is not None:
            try:
                with self.workspace.session() as session:
                    rows = checkout.sessions_on(session, actor=actor, day=self.day())
            except ClinicError as exc:
                self.window_.show_status(str(exc))
        self.model.set_rows(rows)
        if selected is not None:
            self.select_treatment_session(selected.treatment_session_id)
        self._update_state()

    def select_treatment_session(self, treatment_session_id: int) -> bool:
        """Select the line of a treatment session if shown; True if found."""
        for r in range(self.proxy.rowCount()):
            row = self.proxy.index(r, 0).data(ROW_ROLE)
            if row.treatment_session_id == treatment_session_id:
                self.table.selectRow(r)
                return True
        return False

    def go_to_first_match(self) -> bool:
        """Enter in the filter: select the first line shown and put the keyboard on the list (so Enter
        again opens its sheet). False (nothing moves) when no line matches."""
        if self.proxy.rowCount() == 0:
            return False
        self.table.selectRow(0)
        self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def selected_row(self) -> TodayRow | None:
        """The TodayRow of the selected line, or None."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(ROW_ROLE) if rows else None

    def _update_state(self) -> None:
        total = self.model.rowCount()
        unprinted = sum(1 for i in range(total) if not self.model.row_at(i).printed)
        actor = self.actor()
        self.new_patient_button.setVisible(allowed(actor, Permission.edit_patients))
        # receptionists do not record treatment sessions: the button is not theirs
        self.record_button.setVisible(allowed(actor, Permission.record_treatment_session))
        self.print_button.setEnabled(self.selected_row() is not None)
        self.print_all_button.setEnabled(unprinted > 0 and self._job is None)
        # two numbers, two plurals: one translatable sentence per count of sessions, the other number inside
        self.summary.setText(self.tr("%n treatment session(s), {unprinted} without a sheet", "", total)
                             .format(unprinted=unprinted) if total else "")
        self.empty_label.setVisible(total == 0)
        if hasattr(self.window_, "update_actions"):
            self.window_.update_actions()

    # ------------------------------------------------------------------ actions

    def new_patient(self) -> None:
        """Open the New patient dialog; afterwards offer to record a treatment session for them."""
        from clinic_desktop.ui.patients.patient_dialog import PatientDialog

        dialog = PatientDialog(self.workspace, self.actor, self)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted and dialog.created is not None:
            name = dialog.created.display_name
            self.window_.show_status(self.tr("Patient {name} added.").format(name=name))
            self.refresh()
        elif dialog.open_existing is not None:  # a possible duplicate was the patient: show their record
            self.window_.show_page("Patients").select_patient(dialog.open_existing)

    def record_treatment_session(self, patient=None) -> None:
        """Open the Record treatment session dialog; on save, show that day and select the new line."""
        from clinic_desktop.services.clinic import clinic_zone, local_date
        from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog

        dialog = TreatmentSessionDialog(self.workspace, self.actor, self, patient=patient)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted and dialog.created is not None:
            with self.workspace.session() as session:
                day = local_date(dialog.created.performed_at, clinic_zone(session))  # type: ignore[arg-type]
            self.set_day(day)
            self.select_treatment_session(dialog.created.id)  # type: ignore[arg-type]
            self.window_.show_status(self.tr("Treatment session recorded."))

    def print_aftercare(self) -> None:
        """Open the aftercare sheet preview for the selected line."""
        row = self.selected_row()
        if row is None:
            return
        from clinic_desktop.ui.checkout.sheet_preview import SheetPreviewDialog

        try:
            dialog = SheetPreviewDialog(self.workspace, self.actor, row.treatment_session_id, self)
        except ClinicError as exc:
            QMessageBox.warning(self, self.tr("Aftercare sheet"), str(exc))
            return
        dialog.issued.connect(lambda _i: self.refresh())
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    # File > Save PDF… on this page: the preview of the selected line (saving is done there)
    save_pdf = print_aftercare

    def can_save_pdf(self) -> bool:
        """True when File > Save PDF… has something to save (a line is selected)."""
        return self.selected_row() is not None

    # File > Print aftercare… (Ctrl+P) on this page: the same
    can_print_aftercare = can_save_pdf

    def print_all_unprinted(self) -> None:
        """Save a sheet for every visit of the day without one, into a chosen folder, in the background."""
        actor = self.actor()
        if actor is None or self._job is not None:
            return
        from clinic_desktop.ui.common.files import default_save_folder, remember_save_folder

        folder = QFileDialog.getExistingDirectory(self, self.tr("Save the unprinted aftercare sheets in…"),
                                                  str(default_save_folder()))
        if not folder:
            return
        remember_save_folder(Path(folder))
        workspace, day = self.workspace, self.day()

        def job() -> Iterator[tuple[int, int, str]]:
            with Workspace.of(workspace).session() as session:
                yield from checkout.save_unprinted(session, actor=actor, day=day, folder=Path(folder))

        self.progress = QProgressDialog(self.tr("Saving aftercare sheets…"), self.tr("Cancel"), 0, 0, self)
        self.progress.setWindowTitle(self.tr("Print all unprinted"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self._saved = 0
        self._folder = folder
        self._refreshed_at = 0.0
        self._job = run_in_background(job, on_progress=self._job_progress, on_finished=self._job_finished,
                                      on_failed=self._job_failed, on_cancelled=self._job_cancelled)
        self.progress.canceled.connect(self._job.cancel)
        self._update_state()
        self.progress.show()

    def _job_progress(self, done: int, total: int, name: str) -> None:
        self._saved = done
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        if name:
            self.progress.setLabelText(
                self.tr("Saved {done} of {total}: {name}").format(done=done, total=total, name=name))
        now = time.monotonic()
        if now - self._refreshed_at >= 0.5:  # a fast batch: reread the list twice a second, not per sheet
            self._refreshed_at = now
            self.refresh()

    def _job_done(self, message: str) -> None:
        self._job = None
        self.progress.close()
        self.refresh()
        self.last_job_result = message

    def _summary(self, *, stopped: bool = False) -> str:
        if stopped:
            return self.tr("%n aftercare sheet(s) saved in {folder} (stopped)", "", self._saved).format(
                folder=self._folder)
        return self.tr("%n aftercare sheet(s) saved in {folder}", "", self._saved).format(folder=self._folder)

    def _job_finished(self, _result: object) -> None:
        self._job_done(self._summary())
        self.window_.show_status(self.tr("{summary}.").format(summary=self._summary()))

    def _job_cancelled(self) -> None:
        self._job_done(self._summary(stopped=True))
        self.window_.show_status(self.tr("{summary}.").format(summary=self._summary(stopped=True)))

    def _job_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ClinicError):
            message = str(exc)
        elif isinstance(exc, OSError):
            message = self.tr("The sheets could not be written: {reason}.").format(reason=exc.strerror or exc)
        else:
            message = self.tr("An unexpected error stopped the job; the details are in the log file.")
        self._job_done(message)
        QMessageBox.warning(self, self.tr("Print all unprinted"), message)

    def job_running(self) -> bool:
        """True while "Print all unprinted" is working."""
        return self._job is not None
