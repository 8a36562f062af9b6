"""run_gui on a PostgreSQL URL: the server problems a person can meet at start-up each come as a message box
in plain words, without the password; a good URL opens the window (the PostgreSQL side of test_app.py)."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.engine import make_url

from clinic_desktop.app import run_gui, start_gui
from clinic_desktop.commands.context import CommandContext

pytestmark = pytest.mark.postgres_only

SECRET = "w0rkstation-secret"


@pytest.fixture
def shown(qapp, monkeypatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text, *a: messages.append(text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return messages


def _url(db_target: str, **parts) -> str:
    return make_url(db_target).set(password=SECRET, **parts).render_as_string(hide_password=False)


@pytest.mark.parametrize(("parts", "words"), [
    ({"port": 1}, "cannot be reached"),
    ({"database": "no_such_clinic"}, "There is no database named no_such_clinic"),
    ({"username": "nobody_here"}, "did not accept the user name nobody_here"),
])
def test_each_server_problem_has_its_own_message(shown, db_target, parts, words):
    assert run_gui(CommandContext(_url(db_target, **parts)), []) == 1
    assert len(shown) == 1 and words in shown[0]
    assert SECRET not in shown[0] and "damaged" not in shown[0] and "Traceback" not in shown[0]


def test_window_opens_on_a_postgres_url_and_shows_no_password(qtbot, shown, db_target, caplog):
    window = start_gui(CommandContext(_url(db_target)), [], sign_in=False)
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and window.location_warning is None and shown == []
    assert SECRET not in caplog.text
