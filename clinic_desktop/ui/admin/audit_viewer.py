"""The audit trail viewer (managers and administrators): newest entries first, with the chain check.

Open it with :func:`open_audit_viewer` (shows the refusal to other roles), or build
:class:`AuditViewerDialog` directly (raises PermissionDenied for other roles).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import AuditEntry, StaffMember
from clinic_desktop.services import audit
from clinic_desktop.services.errors import PermissionDenied
from clinic_desktop.services.workspace import Workspace

_Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """Rows of :class:`AuditEntry`; times shown in this computer's local time."""

    COL_ID, COL_WHEN, COL_WHO, COL_ACTION, COL_RECORD, COL_DETAILS = range(6)
    HEADERS = ("#", "When", "Who", "Action", "Record", "Details")

    def __init__(self, entries: list[AuditEntry] | None = None, parent: Any = None):
        super().__init__(parent)
        self._entries: list[AuditEntry] = list(entries or [])
        self.bad_id: int | None = None

    def set_entries(self, entries: list[AuditEntry], bad_id: int | None = None) -> None:
        """Replace the rows; ``bad_id`` (the first broken entry) is shown in red."""
        self.beginResetModel()
        self._entries = list(entries)
        self.bad_id = bad_id
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry:
        """The entry shown in ``row``."""
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        e = self._entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_ID:
                return str(e.id)
            if col == self.COL_WHEN:
                return e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if e.at else ""
            if col == self.COL_WHO:
                return e.actor_name or "—"
            if col == self.COL_ACTION:
                return e.action
            if col == self.COL_RECORD:
                name = e.entity.replace("_", " ")
                return f"{name} #{e.entity_id}" if e.entity_id is not None else name
            if col == self.COL_DETAILS:
                return ", ".join(f"{k}: {v}" for k, v in sorted(e.details.items()) if v not in (None, ""))
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_DETAILS:
            return json.dumps(e.details, ensure_ascii=False, indent=1)
        if role == Qt.ItemDataRole.ForegroundRole and self.bad_id is not None and e.id == self.bad_id:
            from PySide6.QtGui import QColor

            return QColor("#b3261e")
        return None


class AuditViewerDialog(QDialog):
    """Lists the newest audit entries with a banner saying whether the chain is intact.

    Raises PermissionDenied (audited) when ``actor`` may not see the audit trail.
    """

    PAGE = 1000

    def __init__(self, workspace: Workspace, actor: StaffMember, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = Workspace.of(workspace)
        self.actor = actor
        self.setWindowTitle("Audit trail")
        self.resize(980, 600)
        self.model = AuditTableModel(parent=self)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(self.tr("Filter"))
        self.search_edit.setPlaceholderText("Filter by action, person or record…")
        self.search_edit.textChanged.connect(self.reload)
        self.verify_button = QPushButton("Check again")
        self.verify_button.clicked.connect(self.reload)
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AuditTableModel.COL_DETAILS, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.verify_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.check: audit.ChainCheck | None = None
        self.reload()

    def reload(self) -> None:
        """Re-run the chain check and reload the entries matching the filter."""
        with self.workspace.session() as session:
            self.check = audit.verify(session, actor=self.actor)
            entries, total = audit.list_entries(
                session, actor=self.actor, search=self.search_edit.text(), limit=self.PAGE
            )
        self.model.set_entries(entries, self.check.first_bad_id)
        if self.check.ok:
            anchors = getattr(self.check.anchors, "message", "")
            self.banner.setText(
                f"✔ The audit trail is intact: {self.check.checked} entries checked, none changed. "
                f"{anchors}")
            self.banner.setWordWrap(True)
            self.banner.setStyleSheet(
                "background:#e6f4ea; color:#1e5631; padding:8px; border-radius:6px; font-weight:bold;"
            )
        else:
            self.banner.setWordWrap(True)
            self.banner.setText(
                f"✖ The audit trail has been tampered with: {self.check.message}. "
                "Keep this database as it is and tell the clinic's administrator."
            )
            self.banner.setStyleSheet(
                "background:#fce8e6; color:#8c1d18; padding:8px; border-radius:6px; font-weight:bold;"
            )
        shown = len(entries)
        self.count_label.setText(
            f"{total} entries" if shown == total else f"newest {shown} of {total} entries"
        )


def open_audit_viewer(
    workspace: Workspace, actor: StaffMember, parent: QWidget | None = None
) -> AuditViewerDialog | None:
    """Show the viewer (non-modal) and return it, or tell the person why they may not (returns None)."""
    try:
        dialog = AuditViewerDialog(workspace, actor, parent)
    except PermissionDenied as exc:
        QMessageBox.information(parent, "Audit trail", str(exc))
        return None
    dialog.show()
    return dialog
