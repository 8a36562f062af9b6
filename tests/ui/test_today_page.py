"""The Today page: its table model (widget-free and with qtmodeltester), the filter, Print all unprinted."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog
from sqlmodel import Session, select

from clinic_desktop.models import AftercareIssuance, IssuanceAction, TreatmentSession
from clinic_desktop.services import checkout
from clinic_desktop.ui.checkout.today_page import (
    COL_PATIENT,
    COL_PRACTITIONER,
    COL_PRINTED,
    COL_TIME,
    COL_TREATMENT,
    HEADERS,
    TodayModel,
    TodayPage,
)
from clinic_desktop.ui.common.forms import short_time
from tests.language import msg_like, ui_text
from tests.ui.conftest import add_patient

TORONTO = ZoneInfo("America/Toronto")
DAY = date(2025, 3, 14)


def _visit(db, staff, given, family, hour, treatment="facial-mesotherapy") -> TreatmentSession:
    patient = add_patient(db, staff["practitioner"], given, family)
    row = TreatmentSession(patient_id=patient.id, practitioner_id=staff["practitioner"].id,
                           treatment=treatment, performed_at=datetime(DAY.year, DAY.month, DAY.day, hour, 15, tzinfo=TORONTO))
    db.add(row)
    db.commit()
    return row


def _rows(db, staff):
    _visit(db, staff, "Zoë", "Lefèvre", 9)
    _visit(db, staff, "Aoife", "O'Brien-Daly", 11, "hair-mesotherapy")
    _visit(db, staff, "Suharti", "", 14)
    return checkout.sessions_on(db, actor=staff["practitioner"], day=DAY)


def test_model_columns_without_a_widget(qapp, db, clinic_profile, staff):
    # qapp: the app's translators are on the application before any page exists, as at start
    from clinic_desktop.services.protocols import treatment_name

    model = TodayModel()
    model.set_rows(_rows(db, staff))
    assert model.rowCount() == 3 and model.columnCount() == len(HEADERS)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert model.headerData(COL_PRINTED, Qt.Orientation.Horizontal) == ui_text("TodayModel", "Sheet printed")
    columns = (COL_TIME, COL_PATIENT, COL_TREATMENT, COL_PRACTITIONER, COL_PRINTED)
    first = [model.index(0, c).data() for c in columns]
    nine_fifteen = short_time(time(9, 15))  # as the window writes times: "09:15" / "09 h 15"
    assert first == [nine_fifteen, "Zoë Lefèvre", treatment_name("facial-mesotherapy"), "Dr. Élise Tremblay", "—"]
    assert model.index(2, COL_PATIENT).data() == "Suharti"
    assert model.index(0, COL_PRINTED).data(Qt.ItemDataRole.ToolTipRole) == ui_text(
        "TodayModel", "No aftercare sheet printed or saved yet")
    assert model.index(5, 0).data() is None
    assert model.data(QModelIndex()) is None


def test_the_page_shows_its_column_headers_in_the_window_language(main_window):
    table = main_window.pages["Today"].table
    shown = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(table.model().columnCount())]
    assert shown == [ui_text("TodayModel", HEADERS[c]) for c in sorted(HEADERS)]
    assert ui_text("TodayModel", "Sheet printed") in shown


def test_model_tester(qtmodeltester, db, clinic_profile, staff):
    model = TodayModel()
    model.set_rows(_rows(db, staff))
    qtmodeltester.check(model)


def test_filter_is_accent_and_case_blind(qtbot, main_window, db, staff):
    _rows(db, staff)
    page: TodayPage = main_window.pages["Today"]
    page.set_day(DAY)
    assert page.proxy.rowCount() == 3
    qtbot.keyClicks(page.filter, "lefevre")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, COL_PATIENT).data() == "Zoë Lefèvre"
    page.filter.clear()
    from clinic_desktop.services.protocols import treatment_name

    # a word of the hair treatment's name (in the window's language) that the facial one does not have
    hair = next(w for w in treatment_name("hair-mesotherapy").split()
                if w not in treatment_name("facial-mesotherapy").split())
    qtbot.keyClicks(page.filter, f"OBRIEN {hair.lower()}")
    shown = [page.proxy.index(r, COL_PATIENT).data() for r in range(page.proxy.rowCount())]
    assert shown == ["Aoife O'Brien-Daly"]
    page.filter.clear()
    assert page.proxy.rowCount() == 3


def test_selection_enables_print(qtbot, main_window, db, staff):
    _rows(db, staff)
    page: TodayPage = main_window.pages["Today"]
    page.set_day(DAY)
    assert not page.print_button.isEnabled()
    assert not main_window.save_pdf_action.isEnabled()
    page.table.selectRow(1)
    assert page.print_button.isEnabled()
    assert main_window.save_pdf_action.isEnabled()
    assert page.selected_row().patient_name == "Aoife O'Brien-Daly"
    # "%n treatment session(s)" through tr(): the plural ending comes from the translation loaded
    assert page.summary.text() == ui_text("TodayPage", "%n treatment session(s), {unprinted} without a sheet", 3
                                          ).format(unprinted=3)


def test_starts_on_today_in_the_clinic_time_zone(main_window):
    from clinic_desktop.services.clinic import today

    with Session(main_window.engine) as s:
        assert main_window.pages["Today"].day() == today(s)


def test_print_all_unprinted_in_the_background(qtbot, main_window, db, staff, monkeypatch, tmp_path: Path):
    _rows(db, staff)
    page: TodayPage = main_window.pages["Today"]
    page.set_day(DAY)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    qtbot.mouseClick(page.print_all_button, Qt.MouseButton.LeftButton)
    assert page.job_running()
    assert not page.print_all_button.isEnabled()
    qtbot.waitUntil(lambda: not page.job_running(), timeout=30000)
    assert len(list(tmp_path.glob("aftercare-2025-03-14-*.pdf"))) == 3
    with Session(main_window.engine) as s:
        issued = list(s.exec(select(AftercareIssuance)))
    assert len(issued) == 3 and {i.action for i in issued} == {IssuanceAction.saved}
    assert [page.proxy.index(r, COL_PRINTED).data() for r in range(3)] == ["✓", "✓", "✓"]
    assert not page.print_all_button.isEnabled()  # nothing left to print
    assert page.last_job_result == ui_text("TodayPage", "%n aftercare sheet(s) saved in {folder}", 3).format(
        folder=tmp_path)


def test_print_all_unprinted_reports_a_failure(qtbot, main_window, db, staff, monkeypatch, tmp_path: Path):
    _rows(db, staff)
    page: TodayPage = main_window.pages["Today"]
    page.set_day(DAY)
    gone = tmp_path / "removed"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(gone)))
    shown: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a: shown.append(text)))
    qtbot.mouseClick(page.print_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.job_running(), timeout=30000)
    assert shown and msg_like("The folder {folder} does not exist.").search(shown[0]) and str(gone) in shown[0]
    with Session(main_window.engine) as s:
        assert list(s.exec(select(AftercareIssuance))) == []
