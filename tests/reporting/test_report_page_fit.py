"""Issue #14 on the report page: presets that end today, plural-correct words, a readable chart, tables that
sort by header click without touching every row, and a layout that fits 1024 px and does not stretch at
1920 px."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QValueAxis
from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QListWidget, QToolButton, QWidget

from clinic_desktop.models import ClinicProfile, Patient
from clinic_desktop.reporting.query import BatchRate, ReportFilters, build_report
from clinic_desktop.services.report_periods import ReportPeriod, period_dates
from clinic_desktop.ui.reports import report_page
from clinic_desktop.ui.reports.report_page import BatchTableModel, ReportPage
from clinic_desktop.ui.reports.wording import english_plural
from tests.language import LANGUAGE, msg_text, ui_like, ui_text
from tests.reporting.conftest import PERIOD, add_complication, add_session

TODAY = date(2026, 3, 15)


def _counted(context: str, source: str, n: int) -> str:
    """A ``tr(source, "", n)`` count as the window shows it: %Ln in the window's numbers, %n as is, and "(s)"
    resolved where the catalogue gives no plural forms (ui/reports/wording.py)."""
    return english_plural(ui_text(context, source, n).replace("%Ln", QLocale().toString(n)), n)


def _summary(complications: int, sessions: int) -> str:
    """The sentence above the figures: "5 complications after 16 treatment sessions."."""
    return ui_text("ReportPage", "{complications} after {sessions}.").format(
        complications=_counted("ReportPage", "%Ln complication(s)", complications),
        sessions=_counted("ReportPage", "%Ln treatment session(s)", sessions))


def _page(qtbot, engine, staff, today=TODAY) -> ReportPage:
    page = ReportPage(engine, lambda: staff, today=today)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    return page


def _run(qtbot, page):
    with qtbot.waitSignal(page.report_ready, timeout=10_000):
        page.run_button.click()
    return page.report


def test_every_preset_fills_the_date_pickers(qtbot, engine, manager):
    page = _page(qtbot, engine, manager)
    assert page.period() is ReportPeriod.last_12_months
    assert [page.period_combo.itemText(i) for i in range(page.period_combo.count())] == [
        ui_text("ReportPage", text)
        for text in ("This month", "Last 30 days", "Last 12 months", "This year", "Last year", "Custom")]
    for edit in (page.from_edit, page.to_edit):
        assert edit.calendarPopup() and "MMM" in edit.displayFormat()  # picked on a calendar, month by name
    for period in list(ReportPeriod)[:-1]:
        page.choose_period(period)
        first, last = period_dates(period, TODAY)
        assert page.filters()["date_from"] == first and page.filters()["date_to"] == last
    page.choose_period("last_12_months")
    assert page.filters()["date_to"] == TODAY  # ends today, not at the end of last month
    page.choose_period("custom")
    assert page.filters()["date_to"] == TODAY  # Custom keeps the dates to change from


def test_a_date_picked_by_hand_makes_the_period_custom(qtbot, engine, manager):
    page = _page(qtbot, engine, manager)
    page.choose_period("this_year")
    page.from_edit.setFocus()
    page.from_edit.setCurrentSection(page.from_edit.sectionAt(0))  # the day
    qtbot.keyClick(page.from_edit, Qt.Key.Key_Up)
    assert page.period() is ReportPeriod.custom
    assert page.filters()["date_from"] == date(2026, 1, 2)
    page.to_edit.setDate(QDate(2026, 2, 1))  # the calendar popup sets the date the same way
    assert page.filters()["date_to"] == date(2026, 2, 1)
    page.choose_period("this_month")  # a preset again: its own dates
    assert page.filters()["date_from"] == date(2026, 3, 1)


def test_a_complication_logged_today_is_in_the_default_report(qtbot, engine, db, manager, practitioner):
    db.add(ClinicProfile(id=1, name="Clinique Lumière", timezone="America/Toronto"))
    patient = Patient(given_names="Léa", family_name="Roy", date_of_birth=date(1990, 3, 15))
    db.add(patient)
    db.flush()
    ts, _ = add_session(db, patient=patient, prac=practitioner, treatment="botox", at=datetime.now(UTC))
    add_complication(db, ts, recorder=practitioner, onset=ts.performed_at.date())
    db.commit()
    page = ReportPage(engine, lambda: manager)  # today from the clinic's time zone
    qtbot.addWidget(page)
    report = _run(qtbot, page)
    assert report.treatment_sessions == 1 and report.complications == 1
    assert page.message_label.text() == _summary(1, 1)
    for empty in ("No treatment session matches: none was recorded in this period with these filters.",
                  "No treatment session was recorded in this period."):
        assert msg_text(empty) not in page.message_label.text()


def test_summary_words_follow_the_counts(qtbot, engine, manager, small_clinic):
    page = _page(qtbot, engine, manager)
    _run(qtbot, page)
    assert page.message_label.text() == _summary(5, 16)
    page.choose_period("custom")
    page.from_edit.setDate(QDate(2026, 3, 1))
    page.to_edit.setDate(QDate(2026, 3, 31))
    _run(qtbot, page)  # March: c6 after the one March treatment session
    assert page.message_label.text() == _summary(1, 1)


def _integer_ticks(axis: QValueAxis) -> list[float]:
    assert axis.tickType() == QValueAxis.TickType.TicksDynamic and axis.tickAnchor() == 0
    step = axis.tickInterval()
    assert step >= 1 and step == int(step) and axis.min() == 0 and axis.max() % step == 0
    assert axis.labelFormat() == "%d"
    return [step * i for i in range(int(axis.max() // step) + 1)]


def test_chart_has_whole_number_ticks_and_readable_months(qtbot, engine, manager, small_clinic):
    page = _page(qtbot, engine, manager)
    page.show()
    _run(qtbot, page)
    y_axis = next(a for a in page.chart.axes(Qt.Orientation.Vertical) if isinstance(a, QValueAxis))
    ticks = _integer_ticks(y_axis)
    top = max(m.rate_per_1000 or 0 for m in page.report.monthly)
    assert len(ticks) == len(set(ticks)) and ticks[-1] >= top
    x_axis = next(a for a in page.chart.axes(Qt.Orientation.Horizontal) if isinstance(a, QBarCategoryAxis))
    # months by name in the window's language ("Apr 2025", "avr. 2025")
    month = lambda m, y: QLocale().toString(QDate(y, m, 1), "MMM yyyy")  # noqa: E731
    assert x_axis.categories()[0] == month(4, 2025) and x_axis.categories()[-1] == month(3, 2026)
    for width, upright in ((700, False), (1900, True)):
        page.resize(width, 760)
        qtbot.wait(20)
        assert page.month_labels_fit()  # whole: upright when each fits its bar, turned when not
        assert (x_axis.labelsAngle() == 0) is upright
    page.choose_period("custom")
    page.from_edit.setDate(QDate(2026, 1, 1))
    page.to_edit.setDate(QDate(2026, 1, 31))
    page.batch_edit.setText("B1")
    _run(qtbot, page)
    assert _integer_ticks(next(iter(page.chart.axes(Qt.Orientation.Vertical))))


def _batches(n: int) -> list[BatchRate]:
    return [
        BatchRate(key=f"P{i % 7}|L{i}", label=f"Prod {i % 7} L{i}", sessions=(i * 37) % 1000 + 1,
                  affected_sessions=(i * 11) % 5, complications=(i * 11) % 5, product_name=f"Prod {i % 7}",
                  batch_number=f"L{i:05d}", other_sessions=0 if i % 9 == 0 else 500, other_affected=i % 4)
        for i in range(n)
    ]


def _click_header(qtbot, view, column):
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_tables_sort_by_header_click_numbers_as_numbers(qtbot, engine, manager, small_clinic, db):
    page = _page(qtbot, engine, manager)
    page.show()
    report = dataclasses.replace(build_report(db, ReportFilters(**PERIOD)), by_batch=_batches(40))
    page.show_report(report)
    page.tabs.setCurrentWidget(page.batch_view)
    model = page.batch_model
    _click_header(qtbot, page.batch_view, BatchTableModel.COL_SESSIONS)
    sessions = [b.sessions for b in model.rows()]
    assert sessions == sorted(sessions) and sessions != sorted(sessions, key=str)  # 9 < 10, not "10" < "9"
    shown = [model.data(model.index(r, BatchTableModel.COL_SESSIONS)) for r in range(3)]
    assert shown == [f"{n:,}" for n in sessions[:3]]
    _click_header(qtbot, page.batch_view, BatchTableModel.COL_SESSIONS)
    assert [b.sessions for b in model.rows()] == sorted(sessions, reverse=True)
    _click_header(qtbot, page.batch_view, BatchTableModel.COL_OTHER_RATE)
    rates = [b.other_rate_per_1000 for b in model.rows()]
    known = [r for r in rates if r is not None]
    assert known == sorted(known) and rates[len(known):] == [None] * (len(rates) - len(known))  # "—" last
    page.show_report(report)  # a new report keeps the chosen order
    assert [b.other_rate_per_1000 for b in model.rows()] == rates
    page.tabs.setCurrentWidget(page.month_view)
    _click_header(qtbot, page.month_view, 0)
    _click_header(qtbot, page.month_view, 0)
    assert [m.key for m in page.month_model.rows()] == ["2026-02", "2026-01"]  # months as months


class _CountingBatchModel(BatchTableModel):
    touched: set[int]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        self.touched.add(index.row())
        return super().data(index, role)


def test_a_3000_row_batch_tab_reads_only_the_rows_it_shows(
        qtbot, engine, manager, small_clinic, db, monkeypatch):
    """No ResizeToContents and no per-row work: showing the tab and sorting it read a bounded set of rows."""
    monkeypatch.setattr(report_page, "BatchTableModel", _CountingBatchModel)
    page = _page(qtbot, engine, manager)
    page.show()
    model = page.batch_model
    assert isinstance(model, _CountingBatchModel)
    views = (page.treatment_view, page.practitioner_view, page.batch_view, page.month_view, *page.count_views)
    for view in views:
        header = view.horizontalHeader()
        assert all(header.sectionResizeMode(c) != QHeaderView.ResizeMode.ResizeToContents
                   for c in range(header.count()))
        assert view.isSortingEnabled()
    report = dataclasses.replace(build_report(db, ReportFilters(**PERIOD)), by_batch=_batches(3000))
    model.touched = set()
    page.show_report(report)
    page.tabs.setCurrentWidget(page.batch_view)
    qtbot.wait(50)
    assert model.rowCount() == 3000
    assert max(model.touched) < 200, "showing the tab read rows far below the visible ones"
    model.touched = set()
    _click_header(qtbot, page.batch_view, BatchTableModel.COL_RATE)
    qtbot.wait(20)
    assert len(model.touched) < 200, "a sort read every row through data()"
    rates = [b.rate_per_1000 for b in model.rows()]
    assert rates == sorted(rates)


def _desk(qtbot, engine, manager, width, height):
    """The page beside a 170 px page list, as the main window shows it."""
    window = QWidget()
    layout = QHBoxLayout(window)
    nav = QListWidget()
    nav.setFixedWidth(170)
    layout.addWidget(nav)
    page = ReportPage(engine, lambda: manager, today=TODAY)
    layout.addWidget(page, 1)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    return window, page


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1920, 1080)])
def test_page_fits_small_screens_and_does_not_stretch_on_large_ones(
        qtbot, engine, manager, small_clinic, db, tmp_path, width, height):
    window, page = _desk(qtbot, engine, manager, width, height)
    _run(qtbot, page)
    long_signal = dataclasses.replace(
        _batches(1)[0], product_name="Juvéderm Volbella with Lidocaine, 1 ml prefilled syringe",
        batch_number="VB-2026-000117-A", sessions=39, affected_sessions=22, other_sessions=400,
        other_affected=3, p_value=0.0001, p_adjusted=0.0003, signal=True)
    page.show_report(dataclasses.replace(page.report, by_batch=[long_signal]))
    qtbot.wait(50)
    signal = ui_like(
        "ReportPage", "Batch signal: {product}, batch {batch} — {affected} of {sessions} with a complication "
        "({rate} per 1,000, other batches {other}; Holm p = {p})", product=long_signal.product_name,
        batch=long_signal.batch_number, affected=22,
        sessions=_counted("ReportPage", "%Ln treatment session(s)", 39))
    assert page.signal_label.isVisible() and signal.search(page.signal_label.text())
    assert window.minimumSizeHint().width() <= 1024 and window.width() == width  # never wider than the screen
    assert window.minimumSizeHint().height() <= 700
    assert page.run_button.width() <= page.run_button.sizeHint().width() + 10  # not ~900 px at 1920
    assert page.month_labels_fit()
    for fmt, button in page.export_buttons.items():
        assert button.width() <= button.sizeHint().width() + 10, fmt
    for label in page.figure_labels.values():
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())  # no clipped figure
    window.grab().save(str(tmp_path / f"report-{width}.png"))
    if os.environ.get("CLINIC_SCREENSHOTS_DIR"):
        folder = os.environ["CLINIC_SCREENSHOTS_DIR"]
        window.grab().save(os.path.join(folder, f"reports-{width}x{height}.png"))


def test_english_plural_resolves_untranslated_forms_only():
    from clinic_desktop.ui.reports.wording import english_plural

    assert english_plural("1 complication(s)", 1) == "1 complication"
    assert english_plural("0 complication(s)", 0) == "0 complications"
    assert english_plural("2 effets indésirables", 2) == "2 effets indésirables"  # a translation's own form


def test_recall_summary_counts_in_the_right_number(qtbot, engine, db, manager, small_clinic):
    from clinic_desktop.ui.reports.recall_dialog import RecallDialog

    dialog = RecallDialog(engine, lambda: manager)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.batch, "Y1")
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    patients = len({r.patient_id for r in dialog.model.rows})
    uses = _counted("RecallDialog", "<b>%n</b> product use(s)", len(dialog.model.rows))
    assert uses in dialog.summary.text()
    assert _counted("RecallDialog", "<b>%n</b> patient(s)", patients) + "," in dialog.summary.text() + ","
    qtbot.keyClicks(dialog.batch, "-none")
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    none = ui_text("RecallDialog", "No patient was treated with batch “{batch}”.").format(batch="Y1-none")
    assert dialog.summary.text() == none


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1920, 1080)])
def test_every_tab_title_fits_without_scroll_arrows(qtbot, engine, manager, small_clinic, width, height, language):
    from clinic_desktop.ui.common import i18n

    assert i18n.install(language) == language
    try:
        window, page = _desk(qtbot, engine, manager, width, height)
        _run(qtbot, page)
        qtbot.wait(20)
        bar = page.tabs.tabBar()
        arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]  # the scroll buttons
        assert arrows == [], [page.tabs.tabText(i) for i in range(page.tabs.count())]
        assert bar.sizeHint().width() <= page.tabs.width()
        for i in range(page.tabs.count()):
            assert page.tabs.tabToolTip(i)  # the longer description stays at hand
    finally:
        i18n.install(LANGUAGE)
