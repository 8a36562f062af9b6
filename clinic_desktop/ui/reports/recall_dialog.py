"""Batch recall: type a batch (lot) number, see every patient treated with it, export the list as CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import StaffMember
from clinic_desktop.services import recall
from clinic_desktop.services.errors import ClinicError, ValidationError
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import FieldErrors, short_day
from clinic_desktop.ui.reports.wording import english_plural

_Index = QModelIndex | QPersistentModelIndex


class RecallTableModel(QAbstractTableModel):
    """Rows of :class:`~clinic_desktop.services.recall.RecallRow`."""

    COL_DATE, COL_PATIENT, COL_PHONE, COL_BORN, COL_PRODUCT, COL_PRACTITIONER, COL_COMPLICATIONS = range(7)
    HEADERS = (
        QT_TRANSLATE_NOOP("RecallTableModel", "Treated"),
        QT_TRANSLATE_NOOP("RecallTableModel", "Patient"),
        QT_TRANSLATE_NOOP("RecallTableModel", "Phone"),
        QT_TRANSLATE_NOOP("RecallTableModel", "Born"),
        QT_TRANSLATE_NOOP("RecallTableModel", "Product (batch)"),
        QT_TRANSLATE_NOOP("RecallTableModel", "Practitioner"),
        QT_TRANSLATE_NOOP("RecallTableModel", "Complications"),
    )

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[recall.RecallRow] = []

    def set_rows(self, rows: list[recall.RecallRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("RecallTableModel", self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        return {
            self.COL_DATE: short_day(row.treatment_date),
            self.COL_PATIENT: row.patient_name,
            self.COL_PHONE: row.phone,
            self.COL_BORN: short_day(row.date_of_birth),
            self.COL_PRODUCT: self.tr("{product} ({batch})").format(product=row.product_name,
                                                                     batch=row.batch_number),
            self.COL_PRACTITIONER: row.practitioner,
            self.COL_COMPLICATIONS: str(row.complications) if row.complications else "",
        }[index.column()]


class RecallDialog(QDialog):
    """Find every patient treated with a batch; "Export CSV…" (managers) writes the list."""

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Batch recall"))
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.errors = FieldErrors(self)
        self.batch = QLineEdit()
        self.batch.setAccessibleName(self.tr("Batch (lot) number"))
        self.batch.setPlaceholderText(self.tr("Batch (lot) number, e.g. HG24-117B"))
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.setDefault(True)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setEnabled(False)
        self.summary = QLabel()
        self.model = RecallTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.find_button.clicked.connect(self.find)
        self.batch.returnPressed.connect(self.find)
        self.export_button.clicked.connect(lambda: self.export())
        top = QHBoxLayout()
        batch_label = QLabel(self.tr("Batch"))
        batch_label.setBuddy(self.batch)
        top.addWidget(batch_label)
        top.addWidget(self.errors.wrap("batch_number", self.batch), 1)
        top.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.errors.general_label())
        self.errors.register("path", self.export_button, self.errors.general_label())
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.resize(920, 520)

    def find(self) -> bool:
        """Look the batch up and fill the table."""
        try:
            with self._workspace.session() as session:
                rows = recall.batch_recall(session, actor=self._actor(), batch_number=self.batch.text())  # type: ignore[arg-type]
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except ClinicError as exc:
            self.errors.show_message(str(exc))
            return False
        self.errors.clear()
        self.model.set_rows(rows)
        patients = len({r.patient_id for r in rows})
        with_complications = sum(1 for r in rows if r.complications)
        self.summary.setText(self._summary(rows, patients, with_complications))
        may_export = allowed(self._actor(), Permission.export_identified)
        self.export_button.setEnabled(bool(rows) and may_export)
        refusal = self.tr("Managers and administrators only (names and phones).")
        self.export_button.setToolTip("" if may_export else refusal)
        return True

    def _summary(self, rows: list[recall.RecallRow], patients: int, with_complications: int) -> str:
        if not rows:
            batch = self.batch.text().strip()
            return self.tr("No patient was treated with batch “{batch}”.").format(batch=batch)
        uses = english_plural(self.tr("<b>%n</b> product use(s)", "", len(rows)), len(rows))
        people = english_plural(self.tr("<b>%n</b> patient(s)", "", patients), patients)
        if with_complications:
            return self.tr(
                "{uses}, {patients}, {with_complications} with a complication linked to this batch"
            ).format(uses=uses, patients=people, with_complications=with_complications)
        return self.tr("{uses}, {patients}").format(uses=uses, patients=people)

    def export(self, path: Path | None = None) -> Path | None:
        """Write the list as CSV to ``path`` (asked with a save dialog when None)."""
        if path is None:
            from clinic_desktop.services.checkout import safe_file_name_part
            from clinic_desktop.ui.common.files import ask_save_path

            batch = safe_file_name_part(self.batch.text()) or "batch"
            path = ask_save_path(self, self.tr("Export recall list"), f"recall-{batch}.csv",
                                 self.tr("CSV files (*.csv)"), suffix=".csv")
            if path is None:
                return None
        try:
            with self._workspace.session() as session:
                rows, written = recall.export_recall_csv(session, actor=self._actor(),  # type: ignore[arg-type]
                                                         batch_number=self.batch.text(), path=path)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return None
        except ClinicError as exc:
            self.errors.show_message(str(exc))
            return None
        self.summary.setText(english_plural(self.tr("%n row(s) written to {path}.", "", len(rows)), len(rows))
                             .format(path=written))
        return written
