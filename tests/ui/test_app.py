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
    assert len(shown) == 1 and "cannot be opened" in shown[0] and str(broken) in shown[0]
    assert "Traceback" not in shown[0]
    assert broken.read_bytes() == before


def test_database_from_a_newer_version(shown, tmp_path: Path):
    path = tmp_path / "newer.sqlite3"
    engine = open_database(path)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    engine.dispose()
    assert run_gui(CommandContext(str(path)), []) == 1
    assert len(shown) == 1 and "newer version of Clinic Desktop" in shown[0]


def test_window_opens_on_a_good_database(qtbot, shown, tmp_path: Path):
    # start_gui is run_gui without the event loop (quitting the test's QApplication would end the session)
    window = start_gui(CommandContext(str(tmp_path / "new.sqlite3")), [])
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and window.windowTitle() == "Clinic Desktop"
    assert QApplication.applicationName() == "Clinic Desktop"
    assert not QApplication.windowIcon().isNull()
    assert shown == []
    window.engine.dispose()
