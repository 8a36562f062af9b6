"""The Follow-ups page: overdue, due today and upcoming follow-ups with the patient's phone at hand.

A sortable table (:class:`FollowUpTableModel`, named column constants) filtered by practitioner and by
when it is due. "All well" on the selected row is one click; "Open…" (or a double-click) shows the
follow-up dialog with the whole story. Layout only: data comes from :mod:`clinic_desktop.services.followups`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services import followups
from clinic_desktop.services.errors import ClinicError, ConflictError, ValidationError
from clinic_desktop.services.permissions import Permission, allowed

_Index = QModelIndex | QPersistentModelIndex


class FollowUpTableModel(QAbstractTableModel):
    """Rows of :class:`~clinic_desktop.services.followups.DueFollowUp`; ``Qt.UserRole`` gives the row object
    and sorting uses the raw value (``SORT_ROLE``)."""

    COL_WHEN, COL_DUE, COL_PATIENT, COL_PHONE, COL_KIND, COL_TREATMENT, COL_PRACTITIONER, COL_ATTEMPTS = range(8)
    HEADERS = ("When", "Due", "Patient", "Phone", "Follow-up", "Treatment", "Practitioner", "Attempts")
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    _BUCKET_ORDER = {followups.Bucket.overdue: 0, followups.Bucket.today: 1, followups.Bucket.upcoming: 2}

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[followups.DueFollowUp] = []

    def set_rows(self, rows: list[followups.DueFollowUp]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    @staticmethod
    def when_text(row: followups.DueFollowUp) -> str:
        """"3 days overdue", "Today", "In 2 days"."""
        if row.days_late > 0:
            return f"{row.days_late} day{'s' if row.days_late != 1 else ''} overdue"
        if row.days_late == 0:
            return "Today"
        return f"In {-row.days_late} day{'s' if row.days_late != -1 else ''}"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.COL_WHEN: self.when_text(row),
                self.COL_DUE: f"{row.due_date:%a %d %b}",
                self.COL_PATIENT: row.patient_name,
                self.COL_PHONE: row.phone,
                self.COL_KIND: row.kind_label,
                self.COL_TREATMENT: f"{row.treatment_name}, {row.treatment_date:%d %b}",
                self.COL_PRACTITIONER: row.practitioner_name,
                self.COL_ATTEMPTS: f"Not reached ×{row.attempts}" if row.attempts else "",
            }[column]
        if role == self.SORT_ROLE:
            return {
                self.COL_WHEN: (self._BUCKET_ORDER[row.bucket], row.due_date.toordinal()),
                self.COL_DUE: row.due_date.toordinal(),
                self.COL_PATIENT: row.patient_name.casefold(),
                self.COL_PHONE: row.phone,
                self.COL_KIND: row.kind_label,
                self.COL_TREATMENT: row.treatment_date.toordinal(),
                self.COL_PRACTITIONER: row.practitioner_name.casefold(),
                self.COL_ATTEMPTS: row.attempts,
            }[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_WHEN:
            if row.bucket == followups.Bucket.overdue:
                return QBrush(QColor("#b3261e"))
            if row.bucket == followups.Bucket.today:
                return QBrush(QColor("#1d5c8c"))
        if role == Qt.ItemDataRole.FontRole and column in (self.COL_PHONE, self.COL_WHEN):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(column == self.COL_PHONE or row.bucket != followups.Bucket.upcoming)
            return font
        return None


class _SortProxy(QSortFilterProxyModel):
    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802 (Qt API)
        role = FollowUpTableModel.SORT_ROLE
        return left.data(role) < right.data(role)


class FollowUpsPage(QWidget):
    """The Follow-ups page of the main window (``window.workspace``, ``window.current_staff()``)."""

    SHOW = (("Overdue, today and upcoming", None), ("Overdue", followups.Bucket.overdue),
            ("Due today", followups.Bucket.today), ("Upcoming (14 days)", followups.Bucket.upcoming))

    def __init__(self, window: Any):
        super().__init__()
        self.window_ = window
        self.workspace = window.workspace
        self.model = FollowUpTableModel(self)
        self.proxy = _SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(FollowUpTableModel.COL_WHEN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FollowUpTableModel.COL_PATIENT, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.practitioner = QComboBox()
        self.show_filter = QComboBox()
        self.practitioner.setAccessibleName(self.tr("Practitioner"))
        self.show_filter.setAccessibleName(self.tr("Show"))
        for label, bucket in self.SHOW:
            self.show_filter.addItem(label, bucket)
        self.practitioner.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.counts = QLabel()
        self.all_well_button = QPushButton("All well")
        self.all_well_button.setToolTip("Record the selected follow-up as all well (one click)")
        self.open_button = QPushButton("Open…")
        self.recall_button = QPushButton("Batch recall…")
        self.all_well_button.clicked.connect(self.all_well_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.recall_button.clicked.connect(self.open_recall)
        self.message = QLabel()
        self.message.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Practitioner"))
        filters.addWidget(self.practitioner)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Show"))
        filters.addWidget(self.show_filter)
        filters.addStretch(1)
        filters.addWidget(self.recall_button)
        actions = QHBoxLayout()
        actions.addWidget(self.counts, 1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.all_well_button)
        title = QLabel("<h2>Follow-ups</h2>")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self._fill_practitioners()
        self.refresh()

    # ------------------------------------------------------------------ data

    def _fill_practitioners(self) -> None:
        from clinic_desktop.services.treatments import practitioners

        self.practitioner.blockSignals(True)
        self.practitioner.clear()
        self.practitioner.addItem("All practitioners", None)
        with self.workspace.session() as session:
            for member in practitioners(session):
                self.practitioner.addItem(member.full_name, member.id)
        self.practitioner.blockSignals(False)

    def refresh(self) -> None:
        """Reload the list for the acting staff member and the filters; keeps the selection when it can."""
        actor = self.window_.current_staff()
        selected = self.selected()
        if actor is None:
            self.model.set_rows([])
            self.counts.setText("Nobody is at the desk.")
            self._update_buttons()
            return
        bucket = self.show_filter.currentData()
        buckets = [bucket] if bucket is not None else list(followups.Bucket)
        try:
            with self.workspace.session() as session:
                rows = followups.due_follow_ups(session, actor=actor, practitioner_id=self.practitioner.currentData(),
                                                buckets=buckets)
        except ClinicError as exc:
            self.model.set_rows([])
            self.counts.setText(str(exc))
            return
        self.model.set_rows(rows)
        n = {b: sum(1 for r in rows if r.bucket == b) for b in followups.Bucket}
        self.counts.setText(f"<b style='color:#b3261e'>{n[followups.Bucket.overdue]} overdue</b> · "
                            f"<b>{n[followups.Bucket.today]} due today</b> · {n[followups.Bucket.upcoming]} upcoming")
        if selected is not None:
            self.select_follow_up(selected.follow_up_id)
        self._update_buttons()

    def selected(self) -> followups.DueFollowUp | None:
        """The selected row, if any."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def select_follow_up(self, follow_up_id: int) -> bool:
        """Select the row of ``follow_up_id``; False when it is not listed."""
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(Qt.ItemDataRole.UserRole).follow_up_id == follow_up_id:
                self.table.selectRow(r)
                return True
        return False

    def _update_buttons(self) -> None:
        row = self.selected()
        may = allowed(self.window_.current_staff(), Permission.record_follow_up)
        self.all_well_button.setEnabled(row is not None and may)
        self.open_button.setEnabled(row is not None)
        self.all_well_button.setToolTip("" if may else "Practitioners, managers and administrators only.")

    # ------------------------------------------------------------------ actions

    def all_well_selected(self) -> bool:
        """Record the selected follow-up as all well (one click) and refresh the list."""
        row = self.selected()
        if row is None:
            return False
        try:
            with self.workspace.session() as session:
                followups.record_all_well(session, actor=self.window_.current_staff(), follow_up_id=row.follow_up_id,
                                          expected_version=row.version)
        except ConflictError as exc:  # recorded or changed at another desk since the list was read
            self.refresh()
            self.message.setText(f"{exc.changed_by or 'Someone else'} changed this follow-up of {row.patient_name} "
                                 "after the list was shown, so nothing was recorded; the list is up to date now.")
            return False
        except (ValidationError, ClinicError) as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(f"{row.patient_name}: {row.kind_label.lower()} recorded as all well.")
        if hasattr(self.window_, "show_status"):
            self.window_.show_status(self.message.text())
        self.refresh()
        return True

    def make_dialog(self, follow_up_id: int):  # type: ignore[no-untyped-def]
        """The follow-up dialog for ``follow_up_id`` (not yet shown)."""
        from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog

        return FollowUpDialog(self.workspace, self.window_.current_staff, follow_up_id, parent=self)

    def open_selected(self) -> None:
        """Open the selected follow-up; refresh afterwards."""
        row = self.selected()
        if row is None:
            return
        dialog = self.make_dialog(row.follow_up_id)
        dialog.exec()
        self.refresh()

    def open_recall(self) -> None:
        """The batch recall dialog."""
        from clinic_desktop.ui.reports.recall_dialog import RecallDialog

        RecallDialog(self.workspace, self.window_.current_staff, parent=self).exec()

    # ------------------------------------------------------------------ main-window hooks

    def has_unsaved_changes(self) -> bool:
        """The page itself holds no typed work (dialogs guard their own)."""
        return False

    def confirm_leave(self) -> bool:
        """True: nothing to lose by switching page."""
        return True
