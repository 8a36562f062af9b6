"""The report page: table models (qtmodeltester), the page after real clicks, exports, the worker."""

from __future__ import annotations

import csv
import os
import threading
from datetime import date

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog

from clinic_desktop.reporting.query import ReportFilters, build_report
from clinic_desktop.services import messages
from clinic_desktop.ui.common.workers import run_in_background
from clinic_desktop.ui.reports.report_page import BatchTableModel, CountTableModel, RateTableModel, ReportPage
from tests.language import msg_like, msg_text, ui_like, ui_text
from tests.reporting.conftest import PERIOD


def _no_rights() -> str:
    """The page's refusal to roles without reports."""
    return ui_text("ReportPage", "Complication reports are for managers and administrators.")


@pytest.fixture
def small_report(db, small_clinic):
    return build_report(db, ReportFilters(**PERIOD))


def test_table_models_pass_the_model_tester(qtmodeltester, small_report):
    rates = RateTableModel("Treatment")
    rates.set_rows(small_report.by_treatment)
    qtmodeltester.check(rates)
    assert rates.rowCount() == 2
    idx = rates.index(0, RateTableModel.COL_RATE)
    assert rates.data(idx) == QLocale().toString(200.0, "f", 1)  # "200.0", "200,0"
    batches = BatchTableModel()
    batches.set_rows(small_report.by_batch)
    qtmodeltester.check(batches)
    assert batches.data(batches.index(0, BatchTableModel.COL_BATCH)) == "B1"
    counts = CountTableModel("Kind")
    counts.set_rows([("Bruising", 3), ("Swelling", 1)])
    qtmodeltester.check(counts)
    share = ui_text("ReportTables", "{share}%").format(share=QLocale().toString(75))  # "75%", "75 %"
    assert counts.data(counts.index(0, CountTableModel.COL_SHARE)) == share


def _page(qtbot, engine, staff, today=date(2026, 3, 15)) -> ReportPage:
    page = ReportPage(engine, lambda: staff, today=today)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    return page


def test_page_shows_the_report_after_a_click(qtbot, engine, manager, small_clinic, tmp_path):
    page = _page(qtbot, engine, manager)
    assert page.period_combo.currentText() == ui_text("ReportPage", "Last 12 months")
    page.choose_period("custom")
    page.from_edit.setDate(page.from_edit.date().fromString("2026-01-01", "yyyy-MM-dd"))
    page.to_edit.setDate(page.to_edit.date().fromString("2026-02-28", "yyyy-MM-dd"))
    assert page.treatment_combo.count() == 3  # all + the two treatments
    with qtbot.waitSignal(page.report_ready, timeout=10_000):
        page.run_button.click()
    report = page.report
    assert page.figure_labels["Treatment sessions"].text() == "15"
    assert page.figure_labels["Complications"].text() == "4"
    assert page.figure_labels["Rate per 1,000 treatment sessions"].text() == messages.number(200.0, 1)
    assert page.treatment_model.rowCount() == 2 and page.batch_model.rowCount() == 3
    assert page.month_model.rowCount() == 2
    assert len(page.chart.series()) == 1 and page.chart.series()[0].barSets()[0].count() == 2
    assert report.overall.rate_per_1000 == pytest.approx(200.0)
    page.grab().save(str(tmp_path / "report_page.png"))
    if os.environ.get("CLINIC_SCREENSHOTS"):
        page.grab().save(os.environ["CLINIC_SCREENSHOTS"])


def test_filter_that_matches_nothing_says_why(qtbot, engine, manager, small_clinic):
    page = _page(qtbot, engine, manager)
    page.choose_period("this_month")  # 1 to 15 March 2026
    page.product_combo.setEditText("No such product")
    with qtbot.waitSignal(page.report_ready, timeout=10_000):
        page.run_button.click()
    assert msg_text("No treatment session matches: none was recorded in this period with these filters.") in (
        page.message_label.text())
    assert page.figure_labels["Treatment sessions"].text() == "0"


def test_to_before_from_is_shown_not_raised(qtbot, engine, manager, small_clinic):
    page = _page(qtbot, engine, manager)
    page.choose_period("custom")
    page.from_edit.setDate(page.from_edit.date().fromString("2026-02-01", "yyyy-MM-dd"))
    page.to_edit.setDate(page.to_edit.date().fromString("2026-01-01", "yyyy-MM-dd"))
    with qtbot.waitSignal(page.job_failed, timeout=10_000) as blocker:
        page.run_button.click()
    assert msg_like("The end date ({end}) is before the start date ({start}).", end="2026-01-01",
                    start="2026-02-01").search(blocker.args[0])
    assert page.run_button.isEnabled()


def test_export_button_writes_the_chosen_file(qtbot, engine, manager, small_clinic, tmp_path, monkeypatch):
    page = _page(qtbot, engine, manager)
    page.choose_period("custom")
    page.from_edit.setDate(page.from_edit.date().fromString("2026-01-01", "yyyy-MM-dd"))
    page.to_edit.setDate(page.to_edit.date().fromString("2026-02-28", "yyyy-MM-dd"))
    target = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    assert page.include_names_check.isEnabled()
    with qtbot.waitSignal(page.export_done, timeout=10_000):
        page.export_buttons["csv"].click()
    with target.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    # the export speaks the window's language (the person who exports)
    assert len(rows) == 4 and reader.fieldnames[0] == msg_text("complication_id")
    assert msg_text("patient_name") not in reader.fieldnames
    about = (tmp_path / "out-about.txt").read_text(encoding="utf-8")
    assert msg_text("De-identified: patient codes only") in about
    assert ui_like("ReportPage", "Saved {path}, de-identified; what it covers is in {about}.",
                   about="out-about.txt").search(page.message_label.text())
    assert page.figure_labels["Complications"].text() == "4"


def test_roles_without_reports_get_a_disabled_page(qtbot, engine, practitioner, receptionist):
    for member in (practitioner, receptionist):
        page = _page(qtbot, engine, member)
        assert not page.run_button.isEnabled()
        assert not page.include_names_check.isEnabled()
        assert not any(b.isEnabled() for b in page.export_buttons.values())
        assert _no_rights() in page.message_label.text()


def test_worker_cancels_a_running_job_and_cleans_up(qtbot):
    cleaned = threading.Event()

    def job(cancel):
        try:
            i = 0
            while not cancel:
                i += 1
                yield i, 0, "working"
                cancel_seen.wait(0.01)
            return "never"
        finally:
            cleaned.set()

    cancel_seen = threading.Event()
    got = {}
    worker = None

    def on_progress(done, total, message):
        got["progress"] = message
        worker.cancel()

    worker = run_in_background(
        job,
        on_progress=on_progress,
        on_finished=lambda r: got.setdefault("finished", r),
        on_cancelled=lambda: got.setdefault("cancelled", True),
    )
    qtbot.waitUntil(lambda: "cancelled" in got, timeout=10_000)
    assert cleaned.is_set() and "finished" not in got and got["progress"] == "working"


def test_worker_delivers_results_and_errors(qtbot):
    def good():
        yield 1, 2, "half"
        return 42

    def bad():
        yield 0, 1, "start"
        raise OSError("disk full")

    got: dict[str, object] = {}
    run_in_background(good, on_finished=lambda r: got.setdefault("finished", r))
    run_in_background(bad, on_failed=lambda e: got.setdefault("failed", e))
    qtbot.waitUntil(lambda: "finished" in got and "failed" in got, timeout=10_000)
    assert got["finished"] == 42
    assert isinstance(got["failed"], OSError) and str(got["failed"]) == "disk full"


def test_a_report_leaves_the_screen_when_someone_without_report_rights_signs_in(
        qtbot, engine, manager, practitioner, small_clinic):
    at_desk = {"who": manager}
    page = ReportPage(engine, lambda: at_desk["who"], today=date(2026, 3, 15))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.report_ready, timeout=10_000):
        page.run_button.click()
    assert page.practitioner_model.rowCount() > 0 and page.figure_labels["Complications"].text() != "—"
    at_desk["who"] = practitioner  # Switch person: the window calls apply_permissions on staffChanged
    page.apply_permissions()
    assert page.report is None
    assert page.practitioner_model.rowCount() == 0 and page.batch_model.rowCount() == 0
    assert all(label.text() == "—" for label in page.figure_labels.values())
    assert page.chart.series() == [] and page.signal_label.isHidden()
    assert _no_rights() in page.message_label.text()
    at_desk["who"] = manager  # the manager comes back: no stale refusal on screen
    page.apply_permissions()
    assert page.message_label.text() == "" and page.run_button.isEnabled()
