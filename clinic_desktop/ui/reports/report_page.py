"""The complication report page (managers): period and filters, figures, tables, monthly trend, exports.

A self-contained QWidget: ``ReportPage(engine, current_staff_getter)``. Every report and export runs on
the thread pool through :mod:`clinic_desktop.ui.common.workers` with a progress dialog that can cancel; the
window never waits on the database. The page only calls :mod:`clinic_desktop.services.reports`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import ComplicationOutcome, StaffMember
from clinic_desktop.reporting.exporters import about_path, integer_axis, signal_text, summary_figures
from clinic_desktop.reporting.query import (
    ComplicationReport,
    RateRow,
    kind_label,
    outcome_label,
    treatment_label,
)
from clinic_desktop.services import messages, reports
from clinic_desktop.services.clinic import today as clinic_today
from clinic_desktop.services.complications import OUTCOME_LABELS
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.report_periods import DEFAULT_PERIOD, ReportPeriod, period_dates
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import WrappedLabel
from clinic_desktop.ui.common.workers import GeneratorWorker, run_in_background
from clinic_desktop.ui.reports.wording import english_plural

_Index = QModelIndex | QPersistentModelIndex


def _count(value: int) -> str:
    """A whole number in the window's language ("1,234"; French "1 234")."""
    return QLocale().toString(int(value))


def _rate(value: float | None) -> str:
    """A rate per 1,000 with one decimal in the window's language ("437.5"; French "437,5"); "—" when none."""
    return "—" if value is None else QLocale().toString(float(value), "f", 1)


def _ci(row: RateRow) -> str:
    ci = row.ci_per_1000
    return "—" if ci is None else f"{_rate(ci[0])}–{_rate(ci[1])}"


# ----------------------------------------------------------------------------------- table models


class _RowsModel(QAbstractTableModel):
    """A read-only table over a list of rows that sorts itself (header clicks) with Python's sort.

    Subclasses give ``_headers`` (English, translated in :meth:`headerData`), ``_display`` (one function per
    column: row -> shown text) and ``_keys`` (one function per column: row -> number or text to sort by, None
    for "no value", which sorts last either way). Sorting is one ``list.sort`` over the rows with these keys:
    numbers sort as numbers and rates as rates, and no ``data()`` call is made per comparison.
    """

    _headers: tuple[str, ...] = ()
    _display: tuple[Callable[[Any], str], ...] = ()
    _keys: tuple[Callable[[Any], Any], ...] = ()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self._original: list[Any] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row (kept in the current sort order, if the user chose one)."""
        self.beginResetModel()
        self._original = list(rows)
        self._rows = self._sorted(self._original)
        self._rows_changed()
        self.endResetModel()

    def _rows_changed(self) -> None:
        """Hook for figures derived from all rows (computed once per :meth:`set_rows`)."""

    def rows(self) -> list[Any]:
        """The rows in the order shown."""
        return list(self._rows)

    def _sorted(self, rows: list[Any]) -> list[Any]:
        col = self._sort_column
        if not 0 <= col < len(self._keys):
            return list(rows)  # the report's own order
        key = self._keys[col]
        keyed = [(key(r), r) for r in rows]
        present = [pair for pair in keyed if pair[0] is not None]
        missing = [r for k, r in keyed if k is None]
        present.sort(key=lambda pair: pair[0], reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return [r for _, r in present] + missing

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (-1: the report's own order); selections follow their rows."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        self._rows = self._sorted(self._original)
        persistent = self.persistentIndexList()
        if persistent:
            after = {id(r): i for i, r in enumerate(self._rows)}
            self.changePersistentIndexList(
                persistent,
                [self.index(after[id(before[ix.row()])], ix.column()) if 0 <= ix.row() < len(before) else ix
                 for ix in persistent],
            )
        self.layoutChanged.emit()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return QCoreApplication.translate("ReportTables", self._headers[section])
        return None

    def _text(self, index: _Index) -> str | None:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        col = index.column()
        return self._display[col](self._rows[index.row()]) if 0 <= col < len(self._display) else None


_MONTH_KEY = re.compile(r"\d{4}-\d{2}")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _text_key(value: str) -> str:
    return value.casefold()


class RateTableModel(_RowsModel):
    """Rows of :class:`RateRow` (per treatment, practitioner or month): counts, rate and interval."""

    COL_GROUP, COL_SESSIONS, COL_AFFECTED, COL_COMPLICATIONS, COL_RATE, COL_CI = range(6)
    HEADERS = (
        QT_TRANSLATE_NOOP("ReportTables", "Group"),
        QT_TRANSLATE_NOOP("ReportTables", "Treatment sessions"),
        QT_TRANSLATE_NOOP("ReportTables", "With complication"),
        QT_TRANSLATE_NOOP("ReportTables", "Complications"),
        QT_TRANSLATE_NOOP("ReportTables", "Rate per 1,000"),
        QT_TRANSLATE_NOOP("ReportTables", "95% interval"),
    )
    _display = (
        lambda r: r.label,
        lambda r: _count(r.sessions),
        lambda r: _count(r.affected_sessions),
        lambda r: _count(r.complications),
        lambda r: _rate(r.rate_per_1000),
        _ci,
    )
    _keys = (
        lambda r: r.key if _MONTH_KEY.fullmatch(r.key) else _text_key(r.label),  # months as months
        lambda r: r.sessions,
        lambda r: r.affected_sessions,
        lambda r: r.complications,
        lambda r: r.rate_per_1000,
        lambda r: None if r.ci_per_1000 is None else r.ci_per_1000[0],
    )

    def __init__(self, group_header: str = "Group", parent: Any = None):
        super().__init__(parent)
        self._headers = (group_header, *self.HEADERS[1:])

    def row_at(self, row: int) -> RateRow:
        """The RateRow shown on ``row``."""
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index)
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != self.COL_GROUP:
            return _RIGHT
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[index.row()]
        return None


def _p_text(p: float | None) -> str:
    """A p-value in the window's language: 3 decimals, or 2 significant digits below 0.01 ("9.9e-05")."""
    if p is None:
        return ""
    return QLocale().toString(float(p), "g", 2) if p < 0.01 else QLocale().toString(float(p), "f", 3)


class BatchTableModel(_RowsModel):
    """Rows of :class:`BatchRate`: each product batch against the other batches of its product."""

    (
        COL_PRODUCT,
        COL_BATCH,
        COL_SESSIONS,
        COL_AFFECTED,
        COL_RATE,
        COL_CI,
        COL_OTHER_RATE,
        COL_P,
        COL_SIGNAL,
    ) = range(9)
    HEADERS = (
        QT_TRANSLATE_NOOP("ReportTables", "Product"),
        QT_TRANSLATE_NOOP("ReportTables", "Batch"),
        QT_TRANSLATE_NOOP("ReportTables", "Sessions"),
        QT_TRANSLATE_NOOP("ReportTables", "With compl."),
        QT_TRANSLATE_NOOP("ReportTables", "Per 1,000"),
        QT_TRANSLATE_NOOP("ReportTables", "95% interval"),
        QT_TRANSLATE_NOOP("ReportTables", "Others per 1,000"),
        QT_TRANSLATE_NOOP("ReportTables", "p (Holm)"),
        QT_TRANSLATE_NOOP("ReportTables", "Signal"),
    )
    _display = (
        lambda b: b.product_name,
        lambda b: b.batch_number,
        lambda b: _count(b.sessions),
        lambda b: _count(b.affected_sessions),
        lambda b: _rate(b.rate_per_1000),
        _ci,
        lambda b: _rate(b.other_rate_per_1000),
        lambda b: _p_text(b.p_adjusted),
        lambda b: QCoreApplication.translate("ReportTables", "SIGNAL") if b.signal else "",
    )
    _keys = (
        lambda b: _text_key(b.product_name),
        lambda b: _text_key(b.batch_number),
        lambda b: b.sessions,
        lambda b: b.affected_sessions,
        lambda b: b.rate_per_1000,
        lambda b: None if b.ci_per_1000 is None else b.ci_per_1000[0],
        lambda b: b.other_rate_per_1000,
        lambda b: b.p_adjusted,
        lambda b: 1 if b.signal else 0,
    )

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._headers = self.HEADERS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index)
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        b = self._rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= self.COL_SESSIONS:
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and b.signal:
            return QColor("#fbe3e6")
        if role == Qt.ItemDataRole.ToolTipRole and b.signal:
            return signal_text(b)
        if role == Qt.ItemDataRole.UserRole:
            return b
        return None


class CountTableModel(_RowsModel):
    """(label, count) rows with each one's share of the total: complications by kind, grade or outcome."""

    COL_LABEL, COL_COUNT, COL_SHARE = range(3)
    _keys = (lambda r: _text_key(r[0]), lambda r: r[1], lambda r: r[1])

    def __init__(self, label_header: str, parent: Any = None):
        super().__init__(parent)
        self._headers = (label_header, QT_TRANSLATE_NOOP("ReportTables", "Complications"),
                         QT_TRANSLATE_NOOP("ReportTables", "Share"))
        self._total = 0
        self._display = (
            # kind and outcome names: translated by the services' catalogue
            lambda r: messages._(r[0]) if isinstance(r[0], str) else r[0],
            lambda r: _count(r[1]),
            # "75%", French "75 %" (the window's numbers and typography)
            lambda r: QCoreApplication.translate("ReportTables", "{share}%").format(
                share=QLocale().toString(round(100 * r[1] / self._total))) if self._total else "—",
        )

    def _rows_changed(self) -> None:
        self._total = sum(n for _, n in self._original)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() != self.COL_LABEL:
            return _RIGHT
        return None


# ------------------------------------------------------------------------------------------ page


#: the names of reporting.exporters.summary_figures (English there, as in the exports), shown translated
_FIGURE_NAMES = (
    QT_TRANSLATE_NOOP("ReportFigures", "Treatment sessions"),
    QT_TRANSLATE_NOOP("ReportFigures", "Complications"),
    QT_TRANSLATE_NOOP("ReportFigures", "Treatment sessions with a complication"),
    QT_TRANSLATE_NOOP("ReportFigures", "Patients affected"),
    QT_TRANSLATE_NOOP("ReportFigures", "Rate per 1,000 treatment sessions"),
    QT_TRANSLATE_NOOP("ReportFigures", "95% interval (Wilson)"),
    QT_TRANSLATE_NOOP("ReportFigures", "Serious complications"),
    QT_TRANSLATE_NOOP("ReportFigures", "Open (unresolved) complications"),
    QT_TRANSLATE_NOOP("ReportFigures", "Median days to onset"),
    QT_TRANSLATE_NOOP("ReportFigures", "Median days to resolution"),
)

_PERIOD_TEXT = {
    ReportPeriod.this_month: QT_TRANSLATE_NOOP("ReportPage", "This month"),
    ReportPeriod.last_30_days: QT_TRANSLATE_NOOP("ReportPage", "Last 30 days"),
    ReportPeriod.last_12_months: QT_TRANSLATE_NOOP("ReportPage", "Last 12 months"),
    ReportPeriod.this_year: QT_TRANSLATE_NOOP("ReportPage", "This year"),
    ReportPeriod.last_year: QT_TRANSLATE_NOOP("ReportPage", "Last year"),
    ReportPeriod.custom: QT_TRANSLATE_NOOP("ReportPage", "Custom"),
}
_GRADES = (
    (1, QT_TRANSLATE_NOOP("ReportPage", "1 (mild) or worse")),
    (2, QT_TRANSLATE_NOOP("ReportPage", "2 (moderate) or worse")),
    (3, QT_TRANSLATE_NOOP("ReportPage", "3 (severe) or worse")),
    (4, QT_TRANSLATE_NOOP("ReportPage", "4 (life-threatening) or worse")),
    (5, QT_TRANSLATE_NOOP("ReportPage", "5 (death)")),
)
_EXPORTS = [
    ("csv", QT_TRANSLATE_NOOP("ReportPage", "Export CSV…"),
     QT_TRANSLATE_NOOP("ReportPage", "CSV files (*.csv)")),
    ("xlsx", QT_TRANSLATE_NOOP("ReportPage", "Export XLSX…"),
     QT_TRANSLATE_NOOP("ReportPage", "Excel workbooks (*.xlsx)")),
    ("pdf", QT_TRANSLATE_NOOP("ReportPage", "Export PDF…"),
     QT_TRANSLATE_NOOP("ReportPage", "PDF files (*.pdf)")),
    ("listing", QT_TRANSLATE_NOOP("ReportPage", "Line listing…"),
     QT_TRANSLATE_NOOP("ReportPage", "Line listing (*.xlsx *.csv)")),
]
_NO_RIGHTS = QT_TRANSLATE_NOOP("ReportPage", "Complication reports are for managers and administrators.")
#: Rows measured to size a table's columns (never the whole list: a 5,000-row table opens at once).
_MEASURED_ROWS = 60
_MAX_COLUMN_PX = 360


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def fit_columns(view: QTableView, *, rows: int = _MEASURED_ROWS, cap: int = _MAX_COLUMN_PX) -> None:
    """Size each column of ``view`` to its header and its first ``rows`` rows (capped at ``cap`` px):
    bounded work however long the table, unlike ``ResizeToContents``, which measures every row."""
    model = view.model()
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    pad = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 12
    for col in range(model.columnCount()):
        width = header.sectionSizeFromContents(col).width()
        for row in range(min(rows, model.rowCount())):
            text = model.data(model.index(row, col))
            if text:
                width = max(width, metrics.horizontalAdvance(str(text)) + pad)
        header.resizeSection(col, min(cap, width))


class ReportPage(QWidget):
    """Complication report page. ``current_staff_getter()`` returns the signed-in StaffMember (or None).

    ``today`` (a local date) fixes the day the periods end on (tests); by default it is today in the
    clinic's time zone. The tables are ``treatment_view``, ``practitioner_view``, ``batch_view``,
    ``month_view`` and ``count_views`` over the models ``treatment_model`` … ``outcome_model``; each sorts
    by a header click (the models sort themselves; ``model.rows()`` is the order shown).

    Signals: ``report_ready(ComplicationReport)``, ``export_done(ExportResult)``, ``job_failed(str)``.
    """

    report_ready = Signal(object)
    export_done = Signal(object)
    job_failed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        current_staff_getter: Callable[[], StaffMember | None],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ):
        super().__init__(parent)
        self._workspace = Workspace.of(workspace)
        self._staff = current_staff_getter
        self._today = today
        self.report: ComplicationReport | None = None
        self.last_export: reports.ExportResult | None = None
        self.worker: GeneratorWorker | None = None
        self._progress: QProgressDialog | None = None
        self._build()
        self.apply_permissions()

    # -- layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        filters = QGroupBox(self.tr("Period and filters"))
        grid = QGridLayout(filters)
        self.period_combo = QComboBox()
        for period, text in _PERIOD_TEXT.items():
            self.period_combo.addItem(self.tr(text), period)
        self.from_edit = QDateEdit(calendarPopup=True)
        self.to_edit = QDateEdit(calendarPopup=True)
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("d MMM yyyy")  # month by name: never read as day/month or month/day
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.dateChanged.connect(self._date_edited)
        self.treatment_combo = QComboBox()
        self.practitioner_combo = QComboBox()
        self.product_combo = QComboBox(editable=True)
        self.product_combo.setMinimumContentsLength(18)
        self.batch_edit = QLineEdit(placeholderText=self.tr("any batch"))
        self.grade_combo = QComboBox()
        self.grade_combo.addItem(self.tr("Any grade"), None)
        for g, text in _GRADES:
            self.grade_combo.addItem(self.tr(text), g)
        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem(self.tr("Any outcome"), None)
        for outcome in ComplicationOutcome:
            self.outcome_combo.addItem(messages._(OUTCOME_LABELS.get(outcome, outcome_label(outcome.value))),
                                       outcome.value)
        self.serious_check = QCheckBox(self.tr("Serious only"))
        self.run_button = QPushButton(self.tr("Show report"))
        self.run_button.setDefault(True)
        self.run_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for combo in (self.period_combo, self.treatment_combo, self.practitioner_combo, self.grade_combo,
                      self.outcome_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        # Two label/field pairs a row, fields of their own width, the spare width to an empty last column:
        # fits 1,024 px beside the page list and does not stretch at 1,920 px.
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_combo)
        for text, edit in ((self.tr("From"), self.from_edit), (self.tr("To"), self.to_edit)):
            label = QLabel(text)
            label.setBuddy(edit)
            period_row.addWidget(label)
            period_row.addWidget(edit)
        period_row.addStretch(1)
        period_label = QLabel(self.tr("Period"))
        period_label.setBuddy(self.period_combo)
        grid.addWidget(period_label, 0, 0)
        grid.addLayout(period_row, 0, 1, 1, 3)
        grid.addWidget(self.run_button, 0, 4, Qt.AlignmentFlag.AlignLeft)
        pairs = [
            (self.tr("Treatment"), self.treatment_combo),
            (self.tr("Practitioner"), self.practitioner_combo),
            (self.tr("Product"), self.product_combo),
            (self.tr("Batch"), self.batch_edit),
            (self.tr("Severity"), self.grade_combo),
            (self.tr("Outcome"), self.outcome_combo),
        ]
        for i, (text, w) in enumerate(pairs):
            label = QLabel(text)
            label.setBuddy(w)
            row, col = 1 + i // 2, 2 * (i % 2)
            grid.addWidget(label, row, col)
            grid.addWidget(w, row, col + 1)
        grid.addWidget(self.serious_check, 3, 4)
        grid.setColumnStretch(5, 1)
        for col in (1, 3):
            grid.setColumnMinimumWidth(col, 180)
        outer.addWidget(filters)

        self.message_label = WrappedLabel()  # as tall as its text: a wrapped second line is never cut
        self.message_label.setObjectName("reportMessage")
        self.signal_label = WrappedLabel()
        self.signal_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.signal_label.hide()
        outer.addWidget(self.message_label)
        outer.addWidget(self.signal_label)

        split = QSplitter(Qt.Orientation.Horizontal)
        figures_box = QGroupBox(self.tr("Figures"))
        self.figures_form = QFormLayout(figures_box)
        self.figure_labels: dict[str, QLabel] = {}
        self._figure_names: list[QLabel] = []
        for label, _ in summary_figures(_EMPTY_REPORT_FIGURES):
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.figure_labels[label] = value
            # wraps on a narrow page rather than squeeze the chart (resizeEvent)
            name = QLabel(QCoreApplication.translate("ReportFigures", label))
            name.setMinimumWidth(name.fontMetrics().horizontalAdvance(self.tr("Open (unresolved) compl.")))
            self._figure_names.append(name)
            self.figures_form.addRow(name, value)
        widest = value.fontMetrics().horizontalAdvance("9,999.9–9,999.9")
        for value in self.figure_labels.values():
            value.setMinimumWidth(widest)  # an interval never clipped, whatever the splitter does
        figures_box.setMinimumWidth(figures_box.minimumSizeHint().width())
        split.addWidget(figures_box)

        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.treatment_model = RateTableModel(QT_TRANSLATE_NOOP("ReportTables", "Treatment"), self)
        self.practitioner_model = RateTableModel(QT_TRANSLATE_NOOP("ReportTables", "Practitioner"), self)
        self.batch_model = BatchTableModel(self)
        self.month_model = RateTableModel(QT_TRANSLATE_NOOP("ReportTables", "Month"), self)
        self.kind_model = CountTableModel(QT_TRANSLATE_NOOP("ReportTables", "Kind"), self)
        self.grade_model = CountTableModel(QT_TRANSLATE_NOOP("ReportTables", "Severity grade"), self)
        self.outcome_model = CountTableModel(QT_TRANSLATE_NOOP("ReportTables", "Outcome"), self)
        self.chart = QChart()
        self.chart.setTitle(self.tr("Treatment sessions with a complication per 1,000, by month"))
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumSize(300, 220)
        self.chart.plotAreaChanged.connect(self._fit_month_labels)
        self._month_labels: list[str] = []
        # short titles, so that the six fit beside the figures at 1024 px in both languages (no scroll
        # arrows); the longer description is each tab's tooltip
        self.tabs.addTab(self.chart_view, self.tr("Trend", "report tab"))
        self.tabs.setTabToolTip(0, self.tr("Monthly trend"))
        self.treatment_view = self._table(self.treatment_model)
        self.practitioner_view = self._table(self.practitioner_model)
        self.batch_view = self._table(self.batch_model)
        self.month_view = self._table(self.month_model)
        for view, title, tip in (
            (self.treatment_view, self.tr("Treatment", "report tab"), self.tr("By treatment")),
            (self.practitioner_view, self.tr("Practitioner", "report tab"), self.tr("By practitioner")),
            (self.batch_view, self.tr("Batch", "report tab"), self.tr("By batch")),
            (self.month_view, self.tr("Month", "report tab"), self.tr("By month")),
        ):
            self.tabs.setTabToolTip(self.tabs.addTab(view, title), tip)
        counts = QWidget()
        counts_layout = QHBoxLayout(counts)
        self.count_views = [self._table(m) for m in (self.kind_model, self.grade_model, self.outcome_model)]
        for view in self.count_views:
            counts_layout.addWidget(view)
        self.tabs.setTabToolTip(self.tabs.addTab(counts, self.tr("Breakdown", "report tab")),
                                self.tr("By kind, grade, outcome"))
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self._split = split
        self._split_sized = False
        metrics = figures_box.fontMetrics()
        self._figures_width = (max(metrics.horizontalAdvance(n.text()) for n in self._figure_names) + widest
                               + 3 * self.figures_form.horizontalSpacing() + 40)
        outer.addWidget(split, 1)

        exports = QHBoxLayout()
        self.include_names_check = QCheckBox(self.tr("Include patient names (recorded in the audit trail)"))
        exports.addWidget(self.include_names_check)
        exports.addStretch(1)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, label, _ in _EXPORTS:
            button = QPushButton(self.tr(label))
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
            exports.addWidget(button)
        outer.addLayout(exports)

        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.run_button.clicked.connect(self.run_report)
        self.period_combo.setCurrentIndex(self.period_combo.findData(DEFAULT_PERIOD))
        self._period_changed()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """On first show: the figures get the width their names need unwrapped (at most a third of the
        page), the tabs the rest; on a narrow screen the names wrap instead."""
        super().showEvent(event)
        if not self._split_sized and self._split.width() > 0:
            self._split_sized = True
            total = self._split.width()
            figures = max(self._split.widget(0).minimumWidth(), min(self._figures_width, total // 3))
            self._split.setSizes([figures, max(1, total - figures)])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Figure names wrap when the page is narrower than about 1,100 px (a 1,024 px screen)."""
        wrap = event.size().width() < 1100
        for name in self._figure_names:
            if name.wordWrap() != wrap:
                name.setWordWrap(wrap)
        super().resizeEvent(event)

    def _table(self, model: _RowsModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one row height: no per-row measuring
        vertical.setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the report's own order until a click
        header.setSortIndicatorClearable(True)
        view.setSortingEnabled(True)
        fit_columns(view)
        return view

    def choose_period(self, period: ReportPeriod | str) -> None:
        """Select ``period`` in the Period list (its dates fill From and To, except for Custom)."""
        self.period_combo.setCurrentIndex(self.period_combo.findData(ReportPeriod(period)))

    def period(self) -> ReportPeriod:
        """The period chosen in the Period list."""
        return ReportPeriod(self.period_combo.currentData())

    # -- state

    def _actor(self) -> StaffMember | None:
        return self._staff()

    def _local_today(self) -> date:
        if self._today is not None:
            return self._today
        with self._workspace.session() as session:
            return clinic_today(session)

    def apply_permissions(self) -> None:
        """Enable what the signed-in staff member may use; load the filter lists if they may see reports."""
        actor = self._actor()
        can_view = allowed(actor, Permission.view_reports)
        # exports run the report for the chosen filters themselves, so they need no report on screen
        for w in (self.run_button, *self.export_buttons.values()):
            w.setEnabled(can_view)
        self.include_names_check.setEnabled(allowed(actor, Permission.export_identified))
        if not self.include_names_check.isEnabled():
            self.include_names_check.setChecked(False)
        refusal = self.tr(_NO_RIGHTS)
        if not can_view:
            self.clear_report()  # the previous person's figures must not stay on screen
            self.message_label.setText(refusal)
            return
        if self.message_label.text() == refusal:
            self.message_label.clear()
        self.refresh_choices()

    def clear_report(self) -> None:
        """Forget the report on screen: figures back to "—", tables, batch signal and chart emptied."""
        self.report = None
        for label in self.figure_labels.values():
            label.setText("—")
        for model in (self.treatment_model, self.practitioner_model, self.batch_model, self.month_model,
                      self.kind_model, self.grade_model, self.outcome_model):
            model.set_rows([])
        self.signal_label.clear()
        self.signal_label.hide()
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self._month_labels = []

    def refresh_choices(self) -> None:
        """Fill the treatment, practitioner and product lists from the database."""
        actor = self._actor()
        if actor is None:
            return
        with self._workspace.session() as session:
            choices = reports.filter_choices(session, actor=actor)
        self.treatment_combo.clear()
        self.treatment_combo.addItem(self.tr("All treatments"), None)
        for t in choices.treatments:
            self.treatment_combo.addItem(treatment_label(t), t)
        self.practitioner_combo.clear()
        self.practitioner_combo.addItem(self.tr("All practitioners"), None)
        for sid, name in choices.practitioners:
            self.practitioner_combo.addItem(name, sid)
        self.product_combo.clear()
        self.product_combo.addItem("")
        self.product_combo.addItems(choices.products)

    def _period_changed(self) -> None:
        period = self.period()
        if period is ReportPeriod.custom:
            return  # Custom keeps the dates on screen for the user to change
        start, end = period_dates(period, self._local_today())
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _date_edited(self) -> None:
        """A date picked by hand makes the period Custom (the preset's name would no longer be true)."""
        custom = self.period_combo.findData(ReportPeriod.custom)
        if self.period_combo.currentIndex() != custom:
            self.period_combo.blockSignals(True)
            self.period_combo.setCurrentIndex(custom)
            self.period_combo.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        """The filters as chosen on the page (validated by the service)."""
        return {
            "date_from": _pydate(self.from_edit.date()),
            "date_to": _pydate(self.to_edit.date()),
            "treatment": self.treatment_combo.currentData(),
            "practitioner_id": self.practitioner_combo.currentData(),
            "product_name": self.product_combo.currentText(),
            "batch_number": self.batch_edit.text(),
            "min_grade": self.grade_combo.currentData(),
            "outcome": self.outcome_combo.currentData(),
            "serious_only": self.serious_check.isChecked(),
        }

    # -- jobs

    def _busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and allowed(self._actor(), Permission.view_reports))
        for b in self.export_buttons.values():
            b.setEnabled(not busy and allowed(self._actor(), Permission.view_reports))

    def _start(self, job: Callable[..., Any], title: str, on_finished: Callable[[Any], None]) -> None:
        self._busy(True)
        self.message_label.setText(self.tr("{task}…").format(task=title))
        dialog = QProgressDialog(title, self.tr("Cancel"), 0, 0, self)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self._progress = dialog

        def progress(done: int, total: int, message: str) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))
            dialog.setLabelText(message)

        def finish(result: Any) -> None:
            self._end_job()
            on_finished(result)

        def failed(exc: BaseException) -> None:
            self._end_job()
            if isinstance(exc, (ClinicError, OSError)):
                text = str(exc)
            else:
                text = self.tr("Something went wrong: {error}").format(error=exc)
            self.message_label.setText(text)
            self.job_failed.emit(text)

        def cancelled() -> None:
            self._end_job()
            self.message_label.setText(self.tr("Cancelled."))

        self.worker = run_in_background(
            job, on_progress=progress, on_finished=finish, on_failed=failed, on_cancelled=cancelled
        )
        dialog.canceled.connect(self.worker.cancel)

    def _end_job(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self._busy(False)

    def is_loading(self) -> bool:
        """True while a report or an export is being computed on the thread pool."""
        return self.worker is not None and not self.worker.done

    def cancel(self) -> None:
        """Cancel the running report or export, if any."""
        if self.worker is not None and not self.worker.done:
            self.worker.cancel()

    def run_report(self) -> None:
        """Compute the report for the chosen filters on the thread pool; the figures appear when done."""
        actor = self._actor()
        values = self.filters()
        workspace = self._workspace

        def job() -> Any:
            with Workspace.of(workspace).session() as session:
                return (yield from reports.iter_run_report(session, actor=actor, filters=values))

        self._start(job, self.tr("Computing the complication report"), self.show_report)

    def _ask_path(self, fmt: str) -> str:
        label, pattern = next((self.tr(lab), self.tr(pat)) for f, lab, pat in _EXPORTS if f == fmt)
        start = f"complication-report-{_pydate(self.from_edit.date())}-{_pydate(self.to_edit.date())}"
        suffix = ".xlsx" if fmt in ("xlsx", "listing") else f".{fmt}"
        if fmt == "listing":
            start += "-line-listing"
        from clinic_desktop.ui.common.files import ask_save_path

        chosen = ask_save_path(self, label.rstrip("…"), start + suffix, pattern, suffix=suffix)
        return str(chosen) if chosen else ""

    def export(self, fmt: str, path: str | None = None) -> None:
        """Ask for a file (unless ``path`` is given) and write the export on the thread pool."""
        if path is None:
            path = self._ask_path(fmt)
            if not path:
                return
        actor = self._actor()
        values = self.filters()
        include = self.include_names_check.isEnabled() and self.include_names_check.isChecked()
        workspace = self._workspace

        def job() -> Any:
            with Workspace.of(workspace).session() as session:
                return (
                    yield from reports.iter_export_report(
                        session, actor=actor, filters=values, fmt=fmt, path=path, include_names=include
                    )
                )

        def done(result: reports.ExportResult) -> None:
            self.last_export = result
            about = about_path(result.path)
            if result.path.suffix.lower() == ".csv" and about.exists():
                text = (
                    self.tr("Saved {path} with patient names; what it covers is in {about}.")
                    if result.include_names
                    else self.tr("Saved {path}, de-identified; what it covers is in {about}.")
                ).format(path=result.path, about=about.name)
            else:
                text = (
                    self.tr("Saved {path} with patient names.")
                    if result.include_names
                    else self.tr("Saved {path}, de-identified.")
                ).format(path=result.path)
            self.message_label.setText(text)
            self.show_report(result.report, announce=False)
            self.export_done.emit(result)

        self._start(job, self.tr("Exporting the complication report"), done)

    # -- showing

    def summary_text(self, report: ComplicationReport) -> str:
        """The sentence above the figures: "1 complication after 1 treatment session." (plural-correct)."""
        complications = english_plural(self.tr("%Ln complication(s)", "", report.complications),
                                       report.complications)
        sessions = english_plural(self.tr("%Ln treatment session(s)", "", report.treatment_sessions),
                                  report.treatment_sessions)
        return self.tr("{complications} after {sessions}.").format(complications=complications,
                                                                    sessions=sessions)

    def show_report(self, report: ComplicationReport, *, announce: bool = True) -> None:
        """Fill the figures, tables and chart from ``report``."""
        self.report = report
        for label, value in summary_figures(report):
            self.figure_labels[label].setText(value)
        for model, rows, view in (
            (self.treatment_model, report.by_treatment, self.treatment_view),
            (self.practitioner_model, report.by_practitioner, self.practitioner_view),
            (self.batch_model, report.by_batch, self.batch_view),
            (self.month_model, report.monthly, self.month_view),
            (self.kind_model, [(kind_label(k), n) for k, n in report.by_kind], self.count_views[0]),
            (self.grade_model, [(str(g), n) for g, n in report.by_grade], self.count_views[1]),
            (self.outcome_model, [(outcome_label(o), n) for o, n in report.by_outcome], self.count_views[2]),
        ):
            model.set_rows(rows)
            fit_columns(view)
        signals = report.batch_signals
        self.signal_label.setVisible(bool(signals))
        self.signal_label.setText(
            "\n".join(
                self.tr(
                    "Batch signal: {product}, batch {batch} — {affected} of {sessions} with a complication "
                    "({rate} per 1,000, other batches {other}; Holm p = {p})"
                ).format(
                    product=b.product_name,
                    batch=b.batch_number,
                    affected=_count(b.affected_sessions),
                    sessions=english_plural(self.tr("%Ln treatment session(s)", "", b.sessions), b.sessions),
                    rate=_rate(b.rate_per_1000),
                    other=_rate(b.other_rate_per_1000),
                    p=_p_text(b.p_adjusted),
                )
                for b in signals
            )
        )
        self.signal_label.setToolTip(
            "\n".join(self.tr("{product}, batch {batch}: {signal}").format(
                product=b.product_name, batch=b.batch_number, signal=signal_text(b)) for b in signals)
        )
        if announce:
            parts = [report.empty_reason] if report.empty_reason else [self.summary_text(report)]
            parts += report.notes
            self.message_label.setText(" ".join(parts))
        self._fill_chart(report)
        self.report_ready.emit(report)

    def month_label(self, key: str) -> str:
        """A month's short label on the chart, in the window's language: "2025-12" -> "Dec 2025"."""
        year, month = (int(part) for part in key.split("-"))
        return self.locale().toString(QDate(year, month, 1), "MMM yyyy")

    def _fill_chart(self, report: ComplicationReport) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        bars = QBarSet(self.tr("Rate per 1,000"))
        bars.setColor(QColor("#2f6f8f"))
        values = [m.rate_per_1000 or 0.0 for m in report.monthly]
        bars.append(values)
        series = QBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        self._month_labels = [self.month_label(m.key) for m in report.monthly]
        x_axis.append(self._month_labels)
        maximum, step = integer_axis(max(values, default=0.0))
        y_axis = QValueAxis()
        y_axis.setRange(0, maximum)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(0)
        y_axis.setTickInterval(step)
        y_axis.setMinorTickCount(0)
        y_axis.setLabelFormat("%d")
        y_axis.setTitleText(self.tr("per 1,000 treatment sessions"))
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self._fit_month_labels()

    def month_labels_fit(self) -> bool:
        """True when every month label is shown whole: upright if it fits its bar's width, else turned."""
        axis = self._category_axis()
        if axis is None or not self._month_labels:
            return True
        if axis.labelsAngle() != 0:
            return True
        return self._widest_month_label(axis) <= self._category_width()

    def _category_axis(self) -> QBarCategoryAxis | None:
        axes = self.chart.axes(Qt.Orientation.Horizontal)
        return next((a for a in axes if isinstance(a, QBarCategoryAxis)), None)

    def _widest_month_label(self, axis: QBarCategoryAxis) -> int:
        metrics = QFontMetrics(axis.labelsFont())
        return max((metrics.horizontalAdvance(t) for t in self._month_labels), default=0) + 6

    def _category_width(self) -> float:
        return self.chart.plotArea().width() / max(1, len(self._month_labels))

    def _fit_month_labels(self, *_args: Any) -> None:
        """Labels upright when each fits the width of its bar, turned upright-to-vertical otherwise."""
        axis = self._category_axis()
        if axis is None or not self._month_labels:
            return
        angle = 0 if self._widest_month_label(axis) <= self._category_width() else -90
        if axis.labelsAngle() != angle:
            axis.setLabelsAngle(angle)


class _EmptyFigures:
    """Stand-in report for laying out the figure labels before the first report."""

    class _Row:
        sessions = affected_sessions = complications = 0
        rate_per_1000 = None
        ci_per_1000 = None

    overall = _Row()
    patients_affected = serious_complications = open_complications = 0
    median_days_to_onset = median_days_to_resolution = None


_EMPTY_REPORT_FIGURES: Any = _EmptyFigures()
