"""The audit viewer: times in the clinic's time zone whatever the computer's, entries read a page at a time,
columns that are not sized by measuring every row."""

from __future__ import annotations

import time
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from clinic_desktop.models import AuditEntry
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import get_clinic_profile
from clinic_desktop.ui.admin import audit_viewer
from clinic_desktop.ui.admin.audit_viewer import AuditTableModel, AuditViewerDialog
from clinic_desktop.ui.common.forms import day_and_time
from tests.language import ui_like, ui_text


@pytest.fixture
def auckland(db):
    """The clinic in Pacific/Auckland (UTC+13 in December, +12 in June) on a computer set to UTC."""
    profile = get_clinic_profile(db)
    profile.timezone = "Pacific/Auckland"
    db.add(profile)
    db.commit()
    return ZoneInfo("Pacific/Auckland")


@pytest.fixture
def computer_in_utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _entries(db, manager, n: int) -> None:
    for i in range(n):
        audit.record(db, actor=manager, action="test.entry", entity="patient", entity_id=i + 1, details={"n": i})
    db.commit()


def test_times_are_the_clinics_not_the_computers(qtbot, engine, db, manager, auckland, computer_in_utc):
    _entries(db, manager, 3)
    dialog = AuditViewerDialog(engine, manager)
    qtbot.addWidget(dialog)
    newest = db.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    shown = dialog.model.index(0, AuditTableModel.COL_WHEN).data()
    assert dialog.model.index(0, AuditTableModel.COL_ID).data() == str(newest.id)
    assert shown == day_and_time(newest.at.astimezone(auckland), seconds=True)
    assert shown != day_and_time(newest.at.astimezone(), seconds=True)  # not this computer's (UTC) time
    assert "Pacific/Auckland" in dialog.model.headerData(AuditTableModel.COL_WHEN, audit_viewer.Qt.Orientation.Horizontal)


def test_entries_come_a_page_at_a_time_newest_first(qtbot, engine, db, manager, monkeypatch):
    monkeypatch.setattr(AuditViewerDialog, "PAGE", 4)
    _entries(db, manager, 9)
    everything = [e.id for e in db.exec(select(AuditEntry).order_by(AuditEntry.id.desc()))]
    dialog = AuditViewerDialog(engine, manager)  # not shown: the view asks for nothing more by itself
    qtbot.addWidget(dialog)
    ids = lambda: [dialog.model.entry(r).id for r in range(dialog.model.rowCount())]  # noqa: E731
    assert ids() == everything[:4] and dialog.model.canFetchMore()
    assert ui_text("AuditViewerDialog", "newest {shown} of {total} entries (scroll for more)").format(
        shown=4, total=len(everything)) in dialog.count_label.text()
    while dialog.model.canFetchMore():
        dialog.model.fetchMore()
    assert ids() == everything
    dialog.search_edit.setText("test.entry")
    assert [dialog.model.entry(r).action for r in range(dialog.model.rowCount())] == ["test.entry"] * 4
    assert dialog.total == 9
    header = dialog.table.horizontalHeader()
    assert {header.sectionResizeMode(c) for c in range(header.count())} == {header.ResizeMode.Interactive}


def test_the_chain_is_checked_off_the_ui_thread_with_progress(qtbot, engine, db, manager, monkeypatch):
    """The entries are listed at once; the banner says the check runs (busy bar, "Check again" off) and
    gives the result when it arrives; the first broken entry is then shown in red."""
    import threading

    from clinic_desktop.services import audit as audit_service

    _entries(db, manager, 3)
    gate = threading.Event()
    real = audit_service.verify

    def verify(session, **kw):
        assert gate.wait(10)
        return real(session, **kw)

    monkeypatch.setattr(audit_service, "verify", verify)
    dialog = AuditViewerDialog(engine, manager)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() >= 3  # listed before the check is done
    assert dialog.is_checking() and dialog.check is None
    assert dialog.banner.text() == ui_text("AuditViewerDialog", "Checking the audit trail…") and dialog.progress.isVisible()
    assert not dialog.verify_button.isEnabled()
    results = []
    dialog.checked.connect(results.append)
    gate.set()
    qtbot.waitUntil(lambda: not dialog.is_checking())
    assert results == [dialog.check] and dialog.check.ok and ui_like(
        "AuditViewerDialog", "✔ The audit trail is intact: %n entries checked, none changed. {anchors}",
        n=dialog.check.checked).search(dialog.banner.text())
    assert not dialog.progress.isVisible() and dialog.verify_button.isEnabled()
