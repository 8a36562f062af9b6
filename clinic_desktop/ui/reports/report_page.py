"""The complication report page (managers): period and filters, figures, tables, monthly trend, exports.

A self-contained QWidget: ``ReportPage(engine, current_staff_getter)``. Every report and export runs on
the thread pool through :mod:`clinic_desktop.ui.common.workers` with a progress dialog that can cancel; the
window never waits on the database. The page only calls :mod:`clinic_desktop.services.reports`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPainter
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
from clinic_desktop.reporting.exporters import signal_text, summary_figures
from clinic_desktop.reporting.query import (
    ComplicationReport,
    PeriodPreset,
    RateRow,
    kind_label,
    outcome_label,
    period_preset,
    treatment_label,
)
from clinic_desktop.services import reports
from clinic_desktop.services.clinic import today as clinic_today
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.workers import GeneratorWorker, run_in_background

_Index = QModelIndex | QPersistentModelIndex


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _ci(row: RateRow) -> str:
    ci = row.ci_per_1000
    return "—" if ci is None else f"{ci[0]:.1f}–{ci[1]:.1f}"


# ----------------------------------------------------------------------------------- table models


class _RowsModel(QAbstractTableModel):
    """A read-only table over a list of rows; subclasses give ``_headers`` and ``data()``."""

    _headers: tuple[str, ...] = ()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None


class RateTableModel(_RowsModel):
    """Rows of :class:`RateRow` (per treatment, practitioner or month): counts, rate and interval."""

    COL_GROUP, COL_SESSIONS, COL_AFFECTED, COL_COMPLICATIONS, COL_RATE, COL_CI = range(6)
    HEADERS = (
        "Group",
        "Treatment sessions",
        "With complication",
        "Complications",
        "Rate per 1,000",
        "95% interval",
    )

    def __init__(self, group_header: str = "Group", parent: Any = None):
        super().__init__(parent)
        self._headers = (group_header, *self.HEADERS[1:])

    def row_at(self, row: int) -> RateRow:
        """The RateRow shown on ``row``."""
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.COL_GROUP: r.label,
                self.COL_SESSIONS: f"{r.sessions:,}",
                self.COL_AFFECTED: f"{r.affected_sessions:,}",
                self.COL_COMPLICATIONS: f"{r.complications:,}",
                self.COL_RATE: _rate(r.rate_per_1000),
                self.COL_CI: _ci(r),
            }.get(col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.COL_GROUP:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None


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
        "Product",
        "Batch",
        "Sessions",
        "With compl.",
        "Per 1,000",
        "95% interval",
        "Others per 1,000",
        "p (Holm)",
        "Signal",
    )

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._headers = self.HEADERS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        b, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            p = b.p_adjusted
            return {
                self.COL_PRODUCT: b.product_name,
                self.COL_BATCH: b.batch_number,
                self.COL_SESSIONS: f"{b.sessions:,}",
                self.COL_AFFECTED: f"{b.affected_sessions:,}",
                self.COL_RATE: _rate(b.rate_per_1000),
                self.COL_CI: _ci(b),
                self.COL_OTHER_RATE: _rate(b.other_rate_per_1000),
                self.COL_P: "" if p is None else (f"{p:.2g}" if p < 0.01 else f"{p:.3f}"),
                self.COL_SIGNAL: "SIGNAL" if b.signal else "",
            }.get(col)
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

    def __init__(self, label_header: str, parent: Any = None):
        super().__init__(parent)
        self._headers = (label_header, "Complications", "Share")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        label, count = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            total = sum(n for _, n in self._rows)
            return {
                self.COL_LABEL: label,
                self.COL_COUNT: f"{count:,}",
                self.COL_SHARE: f"{100 * count / total:.0f}%" if total else "—",
            }.get(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != self.COL_LABEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# ------------------------------------------------------------------------------------------ page


_PERIODS = [
    ("Last month", PeriodPreset.last_month),
    ("Last quarter", PeriodPreset.last_quarter),
    ("Last 12 months", PeriodPreset.last_12_months),
    ("Custom", None),
]
_EXPORTS = [
    ("csv", "Export CSV…", "CSV files (*.csv)"),
    ("xlsx", "Export XLSX…", "Excel workbooks (*.xlsx)"),
    ("pdf", "Export PDF…", "PDF files (*.pdf)"),
    ("listing", "Line listing…", "Line listing (*.xlsx *.csv)"),
]


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ReportPage(QWidget):
    """Complication report page. ``current_staff_getter()`` returns the signed-in StaffMember (or None).

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
        filters = QGroupBox("Period and filters")
        grid = QGridLayout(filters)
        self.period_combo = QComboBox()
        for label, preset in _PERIODS:
            self.period_combo.addItem(label, preset)
        self.from_edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.to_edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.treatment_combo = QComboBox()
        self.practitioner_combo = QComboBox()
        self.product_combo = QComboBox(editable=True)
        self.product_combo.setMinimumContentsLength(18)
        self.batch_edit = QLineEdit(placeholderText="any batch")
        self.grade_combo = QComboBox()
        self.grade_combo.addItem("Any grade", None)
        for g, word in ((1, "mild"), (2, "moderate"), (3, "severe"), (4, "life-threatening"), (5, "death")):
            self.grade_combo.addItem(f"{g} ({word}) or worse" if g < 5 else f"{g} ({word})", g)
        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem("Any outcome", None)
        for outcome in ComplicationOutcome:
            self.outcome_combo.addItem(outcome_label(outcome.value), outcome.value)
        self.serious_check = QCheckBox("Serious only")
        self.run_button = QPushButton("Show report")
        self.run_button.setDefault(True)
        row = [("Period", self.period_combo), ("From", self.from_edit), ("To", self.to_edit)]
        for i, (label, w) in enumerate(row):
            w.setAccessibleName(label)  # the label beside it, for screen readers
            grid.addWidget(QLabel(label), 0, 2 * i)
            grid.addWidget(w, 0, 2 * i + 1)
        grid.addWidget(self.run_button, 0, 6, 1, 2)
        row2 = [
            ("Treatment", self.treatment_combo),
            ("Practitioner", self.practitioner_combo),
            ("Product", self.product_combo),
            ("Batch", self.batch_edit),
        ]
        for i, (label, w) in enumerate(row2):
            w.setAccessibleName(label)
            grid.addWidget(QLabel(label), 1, 2 * i)
            grid.addWidget(w, 1, 2 * i + 1)
        self.grade_combo.setAccessibleName("Severity")
        self.outcome_combo.setAccessibleName("Outcome")
        grid.addWidget(QLabel("Severity"), 2, 0)
        grid.addWidget(self.grade_combo, 2, 1)
        grid.addWidget(QLabel("Outcome"), 2, 2)
        grid.addWidget(self.outcome_combo, 2, 3)
        grid.addWidget(self.serious_check, 2, 5)
        outer.addWidget(filters)

        self.message_label = QLabel(wordWrap=True)
        self.message_label.setObjectName("reportMessage")
        self.signal_label = QLabel()
        self.signal_label.setStyleSheet("color: #b00020; font-weight: bold;")
        for label in (self.message_label, self.signal_label):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.signal_label.hide()
        outer.addWidget(self.message_label)
        outer.addWidget(self.signal_label)

        split = QSplitter(Qt.Orientation.Horizontal)
        figures_box = QGroupBox("Figures")
        self.figures_form = QFormLayout(figures_box)
        self.figure_labels: dict[str, QLabel] = {}
        for label, _ in summary_figures(_EMPTY_REPORT_FIGURES):
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.figure_labels[label] = value
            self.figures_form.addRow(label, value)
        split.addWidget(figures_box)

        self.tabs = QTabWidget()
        self.treatment_model = RateTableModel("Treatment", self)
        self.practitioner_model = RateTableModel("Practitioner", self)
        self.batch_model = BatchTableModel(self)
        self.month_model = RateTableModel("Month", self)
        self.kind_model = CountTableModel("Kind", self)
        self.grade_model = CountTableModel("Severity grade", self)
        self.outcome_model = CountTableModel("Outcome", self)
        self.chart = QChart()
        self.chart.setTitle("Treatment sessions with a complication per 1,000, by month")
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.tabs.addTab(self.chart_view, "Monthly trend")
        for model, title in (
            (self.treatment_model, "By treatment"),
            (self.practitioner_model, "By practitioner"),
            (self.batch_model, "By batch"),
            (self.month_model, "By month"),
        ):
            self.tabs.addTab(self._table(model), title)
        counts = QWidget()
        counts_layout = QHBoxLayout(counts)
        for model in (self.kind_model, self.grade_model, self.outcome_model):
            counts_layout.addWidget(self._table(model))
        self.tabs.addTab(counts, "By kind, grade, outcome")
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        outer.addWidget(split, 1)

        exports = QHBoxLayout()
        self.include_names_check = QCheckBox("Include patient names (recorded in the audit trail)")
        exports.addWidget(self.include_names_check)
        exports.addStretch(1)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, label, _ in _EXPORTS:
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
            exports.addWidget(button)
        outer.addLayout(exports)

        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.run_button.clicked.connect(self.run_report)
        self.period_combo.setCurrentIndex(2)
        self._period_changed()

    def _table(self, model: QAbstractTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

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
        if not can_view:
            self.clear_report()  # the previous person's figures must not stay on screen
            self.message_label.setText("Complication reports are for managers and administrators.")
            return
        if self.message_label.text() == "Complication reports are for managers and administrators.":
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

    def refresh_choices(self) -> None:
        """Fill the treatment, practitioner and product lists from the database."""
        actor = self._actor()
        if actor is None:
            return
        with self._workspace.session() as session:
            choices = reports.filter_choices(session, actor=actor)
        self.treatment_combo.clear()
        self.treatment_combo.addItem("All treatments", None)
        for t in choices.treatments:
            self.treatment_combo.addItem(treatment_label(t), t)
        self.practitioner_combo.clear()
        self.practitioner_combo.addItem("All practitioners", None)
        for sid, name in choices.practitioners:
            self.practitioner_combo.addItem(name, sid)
        self.product_combo.clear()
        self.product_combo.addItem("")
        self.product_combo.addItems(choices.products)

    def _period_changed(self) -> None:
        preset = self.period_combo.currentData()
        custom = preset is None
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            start, end = period_preset(preset, self._local_today())
            self.from_edit.setDate(_qdate(start))
            self.to_edit.setDate(_qdate(end))

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
        self.message_label.setText(f"{title}…")
        dialog = QProgressDialog(title, "Cancel", 0, 0, self)
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
                text = f"Something went wrong: {exc}"
            self.message_label.setText(text)
            self.job_failed.emit(text)

        def cancelled() -> None:
            self._end_job()
            self.message_label.setText("Cancelled.")

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

        self._start(job, "Computing the complication report", self.show_report)

    def _ask_path(self, fmt: str) -> str:
        label, pattern = next((lab, pat) for f, lab, pat in _EXPORTS if f == fmt)
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
            names = "with patient names" if result.include_names else "de-identified"
            self.message_label.setText(f"Saved {result.path} ({names}).")
            self.show_report(result.report, announce=False)
            self.export_done.emit(result)

        self._start(job, "Exporting the complication report", done)

    # -- showing

    def show_report(self, report: ComplicationReport, *, announce: bool = True) -> None:
        """Fill the figures, tables and chart from ``report``."""
        self.report = report
        for label, value in summary_figures(report):
            self.figure_labels[label].setText(value)
        self.treatment_model.set_rows(report.by_treatment)
        self.practitioner_model.set_rows(report.by_practitioner)
        self.batch_model.set_rows(report.by_batch)
        self.month_model.set_rows(report.monthly)
        self.kind_model.set_rows([(kind_label(k), n) for k, n in report.by_kind])
        self.grade_model.set_rows([(str(g), n) for g, n in report.by_grade])
        self.outcome_model.set_rows([(outcome_label(o), n) for o, n in report.by_outcome])
        signals = report.batch_signals
        self.signal_label.setVisible(bool(signals))
        self.signal_label.setText(
            "\n".join(
                f"Batch signal: {b.product_name}, batch {b.batch_number} — {b.affected_sessions} of {b.sessions:,} "
                f"treatment sessions with a complication ({_rate(b.rate_per_1000)} per 1,000, other batches "
                f"{_rate(b.other_rate_per_1000)}; Holm p = {b.p_adjusted:.2g})"
                for b in signals
            )
        )
        self.signal_label.setToolTip(
            "\n".join(f"{b.product_name}, batch {b.batch_number}: {signal_text(b)}" for b in signals)
        )
        if announce:
            parts = (
                [report.empty_reason]
                if report.empty_reason
                else [
                    f"{report.complications:,} complications after {report.treatment_sessions:,} treatment sessions."
                ]
            )
            parts += report.notes
            self.message_label.setText(" ".join(parts))
        self._fill_chart(report)
        self.report_ready.emit(report)

    def _fill_chart(self, report: ComplicationReport) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        bars = QBarSet("Rate per 1,000")
        bars.setColor(QColor("#2f6f8f"))
        values = [m.rate_per_1000 or 0.0 for m in report.monthly]
        bars.append(values)
        series = QBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append([f"{m.label[:3]} {m.label[-2:]}" for m in report.monthly])  # "Nov 25": fits 12+ months
        if len(report.monthly) > 12:
            x_axis.setLabelsAngle(-60)
        y_axis = QValueAxis()
        y_axis.setRange(0, max(values + [1.0]) * 1.1)
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%.0f")
        y_axis.setTitleText("per 1,000 treatment sessions")
        self.chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)


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
