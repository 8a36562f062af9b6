"""run_gui: the database errors a person can meet at start-up come as a message box, never a traceback."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from clinic_desktop.app import run_gui, start_gui
from clinic_desktop.commands.context import CommandContext
from clinic_desktop.db import open_database
from tests.language import cannot_be_opened, msg_text


@pytest.fixture
def shown(qapp, monkeypatch) -> list[str]:
    """Messages of the critical message boxes (the Qt box is answered at once); hooks restored after."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text, *a: messages.append(text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return messages


def test_unreadable_database_file(shown, tmp_path: Path):
    broken = tmp_path / "clinic.sqlite3"
    broken.write_bytes(b"this is not a database, just some text " * 200)
    before = broken.read_bytes()
    assert run_gui(CommandContext(str(broken)), []) == 1
    assert len(shown) == 1 and cannot_be_opened(shown[0]) and str(broken) in shown[0]
    assert "Traceback" not in shown[0]
    assert broken.read_bytes() == before


def test_database_from_a_newer_version(shown, tmp_path: Path):
    path = tmp_path / "newer.sqlite3"
    engine = open_database(path)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    engine.dispose()
    assert run_gui(CommandContext(str(path)), []) == 1
    too_new = msg_text("This database was written by a newer version of Clinic Desktop (schema revision "
                       "{revision}). Install the newer version to open it; the file was not changed.")
    assert len(shown) == 1 and too_new.format(revision="f00dfeed9999") in shown[0], shown


def test_window_opens_on_a_good_database(qtbot, shown, tmp_path: Path):
    # start_gui is run_gui without the event loop (quitting the test's QApplication would end the session)
    window = start_gui(CommandContext(str(tmp_path / "new.sqlite3")), [], sign_in=False)
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and window.windowTitle() == "Clinic Desktop"
    assert QApplication.applicationName() == "Clinic Desktop"
    assert not QApplication.windowIcon().isNull()
    assert shown == []
    window.engine.dispose()


def _when_modal(kind, callback, tries: int = 500) -> None:
    """Run ``callback(dialog)`` once a modal dialog of class ``kind`` is up (the sign-in dialogs block in
    exec()). If none shows within ``tries`` x 10 ms, reject every visible one so the test fails, not hangs."""
    from PySide6.QtCore import QTimer

    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, kind):
        callback(dialog)
        return
    if tries:
        QTimer.singleShot(10, lambda: _when_modal(kind, callback, tries - 1))
        return
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            widget.reject()


def test_first_start_asks_for_an_administrator_then_signs_them_in(qtbot, shown, tmp_path: Path):
    from PySide6.QtCore import Qt
    from sqlmodel import Session, select

    from clinic_desktop.models import AuditEntry, Role, StaffMember
    from clinic_desktop.ui.signin.first_start import FirstAdminDialog

    seen: list[str] = []

    def fill(dialog) -> None:
        seen.append(type(dialog).__name__)
        assert isinstance(dialog, FirstAdminDialog)
        dialog.full_name_edit.setText("Dr. Élise Tremblay")
        dialog.username_edit.setText("elise")
        dialog.password_edit.setText("correct horse battery")
        dialog.confirm_edit.setText("correct horse battery")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    _when_modal(FirstAdminDialog, fill)
    window = start_gui(CommandContext(str(tmp_path / "first.sqlite3")), [])
    assert seen == ["FirstAdminDialog"]
    assert window is not None
    qtbot.addWidget(window)
    assert window.current_staff().username == "elise"
    assert "Dr. Élise Tremblay" in window.signed_in_label.text()
    assert window.staff_action.isEnabled() and window.backup_action.isEnabled()
    with Session(window.engine) as session:
        admin = session.exec(select(StaffMember)).one()
        assert admin.role == Role.admin and admin.password_hash and "correct" not in admin.password_hash
        assert session.exec(select(AuditEntry)).first() is not None
    window.guard_keepalive.lock()
    assert window.guard_keepalive.is_locked
    window.engine.dispose()


def test_closing_the_sign_in_dialog_quits_without_a_window(qtbot, shown, tmp_path: Path):
    from clinic_desktop.ui.signin.first_start import FirstAdminDialog

    path = tmp_path / "closed.sqlite3"
    _when_modal(FirstAdminDialog, lambda dialog: dialog.reject())
    assert start_gui(CommandContext(str(path)), []) is None
