"""The audit trail viewer (managers and administrators): newest entries first, a page at a time from SQL,
times in the clinic's time zone, with the chain check.

Open it with :func:`open_audit_viewer` (shows the refusal to other roles), or build
:class:`AuditViewerDialog` directly (raises PermissionDenied for other roles).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from clinic_desktop.models import AuditEntry, StaffMember
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import clinic_zone
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.ui.common.forms import day_and_time, show_permitted
from clinic_desktop.ui.common.workers import run_in_background

_Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """Rows of :class:`AuditEntry`, times shown in ``zone`` (the clinic's time zone; UTC when None), written
    to the second as the window's language writes a date and a time ("07 mai 2026 14 h 05 min 33 s").

    The display texts of a row are made once, when it arrives; ``fetcher(offset)`` (set by the dialog) reads
    the next page from SQL when the view scrolls to the end (``canFetchMore`` / ``fetchMore``).
    """

    COL_ID, COL_WHEN, COL_WHO, COL_ACTION, COL_RECORD, COL_DETAILS = range(6)

    def __init__(self, entries: list[AuditEntry] | None = None, parent: Any = None, zone: tzinfo | None = None):
        super().__init__(parent)
        self.zone = zone or UTC
        self._entries: list[AuditEntry] = []
        self._texts: list[tuple[str, ...]] = []
        self.bad_id: int | None = None
        self.more = False
        self.fetcher: Callable[[int], None] | None = None
        zone_name = getattr(self.zone, "key", None) or str(self.zone)
        self._headers = ("#", self.tr("When ({zone})").format(zone=zone_name), self.tr("Who"), self.tr("Action"),
                         self.tr("Record"), self.tr("Details"))
        self._bad = QColor("#b3261e")
        if entries:
            self.set_entries(list(entries))

    def _row(self, e: AuditEntry) -> tuple[str, ...]:
        name = e.entity.replace("_", " ")
        record = f"{name} #{e.entity_id}" if e.entity_id is not None else name
        return (str(e.id), day_and_time(e.at.astimezone(self.zone), seconds=True) if e.at else "",
                e.actor_name or "—", e.action, record,
                ", ".join(f"{k}: {v}" for k, v in sorted(e.details.items()) if v not in (None, "")))

    def set_entries(self, entries: list[AuditEntry], bad_id: int | None = None, *, more: bool = False) -> None:
        """Replace the rows; ``bad_id`` (the first broken entry) is shown in red; ``more``: pages may follow."""
        self.beginResetModel()
        self._entries = list(entries)
        self._texts = [self._row(e) for e in self._entries]
        self.bad_id = bad_id
        self.more = more
        self.endResetModel()

    def set_bad_id(self, bad_id: int | None) -> None:
        """Show the entry ``bad_id`` (the first broken one, None: none) in red."""
        self.bad_id = bad_id
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, self.columnCount() - 1))

    def append_entries(self, entries: list[AuditEntry], *, more: bool) -> None:
        """Add the next page of (older) entries at the end."""
        self.more = more
        if not entries:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self._entries.extend(entries)
        self._texts.extend(self._row(e) for e in entries)
        self.endInsertRows()

    def entry(self, row: int) -> AuditEntry:
        """The entry shown in ``row``."""
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][col]
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_DETAILS:
            return json.dumps(self._entries[index.row()].details, ensure_ascii=False, indent=1)
        if role == Qt.ItemDataRole.ForegroundRole and self.bad_id is not None and \
                self._entries[index.row()].id == self.bad_id:
            return self._bad
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008 (Qt API)
        return not parent.isValid() and self.more and self.fetcher is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008 (Qt API)
        if self.canFetchMore(parent):
            self.more = False  # until the page has arrived
            self.fetcher(len(self._entries))  # type: ignore[misc]


class AuditViewerDialog(QDialog):
    """Lists the audit entries, newest first, a page at a time from SQL, with a banner saying whether the
    chain is intact. Times are shown in the clinic's time zone. The chain check reads every entry, so it
    runs on the thread pool: the entries are listed at once, the banner says "Checking…" with a busy bar
    and gives the result when it arrives (``check`` is None until then; ``checked`` fires).

    Raises PermissionDenied (audited) when ``actor`` may not see the audit trail.
    """

    PAGE = 200
    checked = Signal(object)  # the ChainCheck, once the check has finished

    def __init__(self, workspace: Workspace, actor: StaffMember, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = Workspace.of(workspace)
        self.actor = actor
        self.setWindowTitle(self.tr("Audit trail"))
        self.resize(980, 600)
        with self.workspace.session() as session:
            zone = clinic_zone(session)
        self.model = AuditTableModel(parent=self, zone=zone)
        self.model.fetcher = self._fetch_more
        self.total = 0
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the check does not know its length in advance
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName(self.tr("Checking the audit trail"))
        self.progress.hide()
        self._checking = 0
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Filter by action, person or record…"))
        self.search_edit.setAccessibleName(self.tr("Filter"))
        self.search_edit.textChanged.connect(lambda _text: self.load_entries())
        self.verify_button = QPushButton(self.tr("Check again"))
        self.verify_button.clicked.connect(self.reload)
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # widths from the font, not the rows
        header.setStretchLastSection(True)
        em = self.fontMetrics().horizontalAdvance("M")
        pad = 2 * em  # cell margins and the sort arrow
        cells = self.table.fontMetrics()
        titles = header.fontMetrics()
        for column, ems in ((AuditTableModel.COL_ID, 4), (AuditTableModel.COL_WHEN, 12),
                            (AuditTableModel.COL_WHO, 10), (AuditTableModel.COL_ACTION, 12),
                            (AuditTableModel.COL_RECORD, 10)):
            # never narrower than its title (longer in French) nor, for the time, than a whole time
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            least = titles.horizontalAdvance(title) + pad
            if column == AuditTableModel.COL_WHEN:  # the widest month name of the window's language
                widest = max(cells.horizontalAdvance(day_and_time(datetime(2026, month, 28, 23, 58, 58),
                                                                  seconds=True)) for month in range(1, 13))
                least = max(least, widest + pad, cells.horizontalAdvance("0000-00-00 00:00:00") + pad)
            header.resizeSection(column, max(int(ems * em), least))
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.verify_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.progress)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.check: audit.ChainCheck | None = None
        self.reload()

    def is_checking(self) -> bool:
        """True while the chain check runs on the thread pool."""
        return self._checking > 0

    def reload(self) -> None:
        """Reload the first page of the entries matching the filter (raises PermissionDenied when the
        person may not see them) and start the chain check on the thread pool."""
        self.load_entries()
        self.check = None
        self._checking += 1
        self.verify_button.setEnabled(False)
        self.progress.show()
        self.banner.setText(self.tr("Checking the audit trail…"))
        self.banner.setStyleSheet("background:#eef1f5; color:#333; padding:8px; border-radius:6px;")
        workspace, actor = self.workspace, self.actor

        def verify() -> Any:
            with workspace.session() as session:
                return audit.verify(session, actor=actor)
            yield  # a generator for the worker

        run_in_background(verify, on_finished=self._show_check, on_failed=self._check_failed)

    def _check_done(self) -> bool:
        if not isValid(self):  # closed while the check ran
            return False
        self._checking -= 1
        if self._checking:  # "Check again" was clicked meanwhile: the newer answer counts
            return False
        self.progress.hide()
        self.verify_button.setEnabled(True)
        return True

    def _check_failed(self, exc: BaseException) -> None:
        if not self._check_done():
            return
        self.banner.setText(str(exc) if isinstance(exc, ClinicError) else
                            self.tr("The audit trail could not be checked; try again in a moment."))
        self.banner.setStyleSheet("background:#fce8e6; color:#8c1d18; padding:8px; border-radius:6px;")

    def _show_check(self, check: audit.ChainCheck) -> None:
        if not self._check_done():
            return
        self.check = check
        self.model.set_bad_id(check.first_bad_id)
        if self.check.ok:
            anchors = getattr(self.check.anchors, "message", "")
            self.banner.setText(self.tr("✔ The audit trail is intact: %n entries checked, none changed. {anchors}",
                                        "", self.check.checked).format(anchors=anchors))
            self.banner.setStyleSheet(
                "background:#e6f4ea; color:#1e5631; padding:8px; border-radius:6px; font-weight:bold;"
            )
        else:
            self.banner.setText(self.tr(
                "✖ The audit trail has been tampered with: {problem}. "
                "Keep this database as it is and tell the clinic's administrator.").format(problem=self.check.message))
            self.banner.setStyleSheet(
                "background:#fce8e6; color:#8c1d18; padding:8px; border-radius:6px; font-weight:bold;"
            )
        self.checked.emit(check)

    def load_entries(self) -> None:
        """The newest page of entries matching the filter (one indexed query and a count)."""
        with self.workspace.session() as session:
            entries, self.total = audit.list_entries(
                session, actor=self.actor, search=self.search_edit.text(), limit=self.PAGE
            )
        bad = self.check.first_bad_id if self.check is not None else None
        self.model.set_entries(entries, bad, more=len(entries) < self.total)
        self._show_count()

    def _fetch_more(self, offset: int) -> None:
        with self.workspace.session() as session:
            entries, self.total = audit.list_entries(
                session, actor=self.actor, search=self.search_edit.text(), limit=self.PAGE, offset=offset
            )
        self.model.append_entries(entries, more=offset + len(entries) < self.total)
        self._show_count()

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        self.count_label.setText(self.tr("%n entries", "", self.total) if shown >= self.total else
                                 self.tr("newest {shown} of {total} entries (scroll for more)").format(
                                     shown=shown, total=self.total))


def open_audit_viewer(
    workspace: Workspace, actor: StaffMember, parent: QWidget | None = None
) -> AuditViewerDialog | None:
    """Show the viewer (non-modal) and return it, or tell the person why they may not (returns None)."""
    return show_permitted(lambda: AuditViewerDialog(workspace, actor, parent), parent,  # type: ignore[return-value]
                          QCoreApplication.translate("AuditViewerDialog", "Audit trail"))
