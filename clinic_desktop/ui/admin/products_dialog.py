"""Clinic → Products…: the product catalogue with its batches and uses, and the products that may be two
spellings of one; a manager merges them (services.catalogue.merge_products), keeping the spelling chosen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import Product, StaffMember
from clinic_desktop.services import catalogue
from clinic_desktop.services.corrections import current_version
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import FieldErrors

HEADERS = (
    QT_TRANSLATE_NOOP("ProductsDialog", "Product"),
    QT_TRANSLATE_NOOP("ProductsDialog", "Kind"),
    QT_TRANSLATE_NOOP("ProductsDialog", "Unit"),
    QT_TRANSLATE_NOOP("ProductsDialog", "Batches"),
    QT_TRANSLATE_NOOP("ProductsDialog", "Uses"),
)

#: ProductKind values as shown (translated where shown)
KINDS = {
    "medicine": QT_TRANSLATE_NOOP("ProductsDialog", "medicine"),
    "device": QT_TRANSLATE_NOOP("ProductsDialog", "medical device"),
}


def _uses(n: int) -> str:
    return QCoreApplication.translate("ProductsDialog", "%n use(s)", "", n)


class ProductsDialog(QDialog):
    """The catalogue and its possible duplicates; ``merge(keep_first)`` merges the selected pair."""

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ProductsDialog", "Products and batches"))
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.errors = FieldErrors(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ProductsDialog", h) for h in HEADERS]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.near = QListWidget()
        self.near.setMaximumHeight(110)
        self.near.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.keep_first = QPushButton()
        self.keep_second = QPushButton()
        self.keep_first.clicked.connect(lambda: self.merge(keep_first=True))
        self.keep_second.clicked.connect(lambda: self.merge(keep_first=False))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.keep_first)
        row.addWidget(self.keep_second)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            QLabel(
                QCoreApplication.translate(
                    "ProductsDialog",
                    "<b>Possibly the same product</b> (never merged without a manager's choice)",
                )
            )
        )
        layout.addWidget(self.near)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.errors.general_label())
        layout.addWidget(buttons)
        self.resize(720, 520)
        self.reload()

    def reload(self) -> None:
        """Read the catalogue and the near matches again."""
        with self._workspace.session() as session:
            rows = catalogue.list_products(session)
            self.pairs = catalogue.near_duplicates(session)
            self._versions = {
                r.id: current_version(session, "product", session.get(Product, r.id)) for r in rows
            }
        self.table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            values = (
                p.name,
                QCoreApplication.translate("ProductsDialog", KINDS.get(p.kind.value, p.kind.value)),
                p.unit,
                QLocale().toString(p.batches),
                QLocale().toString(p.uses),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.near.clear()
        for m in self.pairs:
            self.near.addItem(
                QListWidgetItem(
                    f"“{m.first.name}” ({_uses(m.first.uses)})  ~  “{m.second.name}” ({_uses(m.second.uses)})"
                )
            )
        if self.pairs:
            self.near.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.near.currentRow()
        pair = self.pairs[row] if 0 <= row < len(self.pairs) else None
        may = allowed(self._actor(), Permission.manage_catalogue)
        for button, kept in (
            (self.keep_first, pair.first if pair else None),
            (self.keep_second, pair.second if pair else None),
        ):
            button.setText(
                QCoreApplication.translate("ProductsDialog", "Merge, keeping “{name}”").format(name=kept.name)
                if kept
                else QCoreApplication.translate("ProductsDialog", "Merge")
            )
            button.setEnabled(kept is not None and may)
            button.setToolTip(
                ""
                if may
                else QCoreApplication.translate("ProductsDialog", "Managers and administrators only.")
            )

    def merge(self, *, keep_first: bool) -> bool:
        """Merge the selected pair, keeping its first (or second) spelling; True when merged."""
        row = self.near.currentRow()
        if not 0 <= row < len(self.pairs):
            return False
        pair = self.pairs[row]
        keep, gone = (pair.first, pair.second) if keep_first else (pair.second, pair.first)
        ok, _ = self.errors.call(
            self._workspace,
            lambda session: catalogue.merge_products(
                session,
                actor=self._actor(),
                keep_id=keep.id,
                merge_id=gone.id,  # type: ignore[arg-type]
                expected_versions=self._versions,
            ),
        )
        if ok:
            self.message.setText(
                QCoreApplication.translate(
                    "ProductsDialog",
                    "“{gone}” merged into “{kept}”; the old spelling is kept in the history of each product use.",
                ).format(gone=gone.name, kept=keep.name)
            )
            self.reload()
        return ok
