"""The Reports page of a French window (issue #15): numbers written the French way in every table and in
the batch signal, figure names never cut at any width, and the demo banner in French."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import Qt

from clinic_desktop.ui.common import i18n
from scripts.screens import admin_window, demo_engine

#: an English decimal point ("437.5") or thousands comma ("1,234"); "0,191" is a French decimal (a p value):
#: a group of thousands never follows a lone 0
ENGLISH_NUMBER = re.compile(r"\d\.\d|(?<![\d.,])[1-9]\d{0,2},\d{3}\b")


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_DESKTOP_HOME", str(tmp_path))
    engine = demo_engine(tmp_path, history_days=60)
    yield engine
    engine.dispose()


@pytest.fixture
def french(qapp):
    assert i18n.install("fr") == "fr"
    yield
    i18n.install(os.environ.get("CLINIC_TEST_LANGUAGE", "en"))


def _report_page(qtbot, demo, width):
    window = admin_window(demo)
    qtbot.addWidget(window)
    window.resize(width, 1000)
    window.show()
    page = window.show_page("Reports")
    page.run_report()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=30_000)
    qtbot.wait(50)  # let the layout settle at this width
    return window, page


def _cells(model):
    return [str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) or "")
            for r in range(model.rowCount()) for c in range(model.columnCount())]


@pytest.mark.parametrize("width", [1024, 1920])
def test_french_report_writes_numbers_the_french_way_and_shows_whole_figure_names(qtbot, french, demo, width):
    window, page = _report_page(qtbot, demo, width)
    models = (page.treatment_model, page.practitioner_model, page.batch_model, page.month_model)
    cells = [text for model in models for text in _cells(model)]
    rates = [text for text in cells if re.fullmatch(r"\d+,\d", text)]
    assert rates, "no rate with a decimal comma in the report tables"
    numeric = [text for text in cells if re.fullmatch(r"[\d\s.,\u00a0\u202f–—]+", text)]  # not names
    assert [text for text in numeric if ENGLISH_NUMBER.search(text)] == []
    if page.signal_label.isVisible():
        figures = re.sub(r"HydraGlow HA 1\.5%", "", page.signal_label.text())  # the product's own name
        assert not ENGLISH_NUMBER.search(figures)
        assert "batch" not in page.signal_label.toolTip()
    for name in page._figure_names:  # every figure's name is whole: wrapped, or as wide as its text
        if not name.wordWrap():
            assert name.width() >= name.fontMetrics().horizontalAdvance(name.text()), name.text()
    assert "not a real clinic" not in window.windowTitle()
    assert window.demo_banner is not None and "not a real clinic" not in window.demo_banner.text()
    window.close()


def test_english_report_keeps_english_numbers(qtbot, demo):
    window, page = _report_page(qtbot, demo, 1920)
    if i18n.current_language() != "en":
        pytest.skip("the English run checks English numbers")
    cells = [text for model in (page.treatment_model, page.batch_model) for text in _cells(model)]
    assert any(re.fullmatch(r"\d+\.\d", text) for text in cells)
    assert "not a real clinic" in window.demo_banner.text()
    window.close()
