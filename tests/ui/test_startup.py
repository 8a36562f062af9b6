"""Start-up (issue #17): the first window comes up before the database stack loads; the database opens
on a worker thread while the person types; whatever goes wrong there still reaches them as a message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlmodel import Session, select

from clinic_desktop import startup_cache
from clinic_desktop.app import start_gui
from clinic_desktop.commands.context import CommandContext
from clinic_desktop.db import open_database
from clinic_desktop.models import StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.clinic import get_clinic_profile
from clinic_desktop.services.workspace import Workspace
from tests.language import cannot_be_opened, ui_text

PASSWORD = "correct horse battery"

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def shown(qapp, monkeypatch) -> list[str]:
    """Messages of the critical message boxes (answered at once); hooks restored after."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text, *a: messages.append(text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return messages


def _clinic_with_admin(path: Path, name: str = "Clinique Lumière") -> None:
    engine = open_database(path)
    with Session(engine, expire_on_commit=False) as session:
        auth.create_first_admin(session, full_name="Ada Okafor", username="ada", password=PASSWORD)
        profile = get_clinic_profile(session)
        profile.name, profile.brand_colour = name, "#8f2f6f"
        session.add(profile)
        session.commit()
    engine.dispose()


def _when_modal(kind, callback, tries: int = 1000) -> None:
    """Run ``callback(dialog)`` once a modal dialog of class ``kind`` is up; else reject them all (fail)."""
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


def test_the_first_window_loads_no_database_stack(tmp_path: Path):
    # a fresh interpreter: the entry point's window path and the sign-in dialog, shown and typed into
    code = r"""
import sys
from clinic_desktop.cli import _window_start
from clinic_desktop.app import make_application
from clinic_desktop.ui.signin.startup import StartSignIn
from clinic_desktop.ui.signin.login import LoginDialog
ctx = _window_start(["--db", sys.argv[1]])
app = make_application([])
dialog = LoginDialog(None, look=("Clinique", "#2f6f8f"))
dialog.show(); app.processEvents()
dialog.username_edit.setText("ada"); dialog.password_edit.setText("x" * 9); dialog.submit()
print([m for m in ("sqlalchemy", "sqlmodel", "clinic_desktop.models", "alembic", "argon2", "pydantic",
                   "clinic_desktop.aftercare.protocol", "reportlab", "babel") if m in sys.modules])
print(dialog.sign_in_button.isEnabled(), dialog.staff)
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "c.sqlite3")], env=env, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    # nothing of the database stack nor of the protocol schema (pydantic, 0.1 s: the first window was 2.7× its
    # floor while the translator's install loaded it); the press waits for the database
    assert out == ["[]", "False None"]


def test_a_press_before_the_database_is_open_signs_in_once_it_is(qtbot, tmp_path: Path):
    from clinic_desktop.ui.signin.login import LoginDialog

    path = tmp_path / "c.sqlite3"
    _clinic_with_admin(path)
    dialog = LoginDialog(None, look=("Clinique Lumière", "#8f2f6f"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, "ada")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.staff is None and not dialog.sign_in_button.isEnabled()
    assert dialog.sign_in_button.text() == ui_text("CardDialog", "Opening the database…")
    engine = open_database(path)
    dialog.set_workspace(Workspace(engine))
    assert dialog.staff is not None and dialog.staff.username == "ada"
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.sign_in_button.isEnabled() and dialog.sign_in_button.text() == ui_text("LoginDialog", "Sign in")
    engine.dispose()


def test_sign_in_at_start_then_the_cached_look_comes_at_once(qtbot, shown, tmp_path: Path):
    from clinic_desktop.ui.signin.login import LoginDialog

    path = tmp_path / "c.sqlite3"
    _clinic_with_admin(path)
    seen: list[tuple[str, str]] = []

    def fill(dialog) -> None:
        seen.append((dialog.clinic_name, dialog.brand))
        qtbot.keyClicks(dialog.username_edit, "ada")
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)

    for _ in range(2):
        _when_modal(LoginDialog, fill)
        window = start_gui(CommandContext(str(path)), [])
        assert window is not None
        qtbot.addWidget(window)
        assert window.current_staff().username == "ada" and window.guard_keepalive.current_staff.username == "ada"
        window.close()
        window.engine.dispose()
    # first start: nothing cached, so the defaults until the database answers (on a fast machine it may
    # have answered before the dialog is filled: then the clinic's own look); second start: the clinic's own
    # look from the cache, before the database answers
    assert seen[0] in {("Clinic Desktop", "#2f6f8f"), ("Clinique Lumière", "#8f2f6f")}
    assert seen[1] == ("Clinique Lumière", "#8f2f6f")
    cached = json.loads(startup_cache.cache_file().read_text(encoding="utf-8"))
    assert str(path) not in json.dumps(cached)  # keyed by a hash: no path or server address in the file
    assert startup_cache.read(str(path)) == {"name": "Clinique Lumière", "colour": "#8f2f6f", "first_start": False}
    assert shown == []


def test_an_empty_database_file_turns_the_sign_in_into_the_first_start(qtbot, shown, tmp_path: Path):
    from clinic_desktop.ui.signin.first_start import FirstAdminDialog

    path = tmp_path / "c.sqlite3"
    open_database(path).dispose()  # a database without any administrator: the login is shown, then replaced

    def fill(dialog) -> None:
        dialog.full_name_edit.setText("Dr. Élise Tremblay")
        dialog.username_edit.setText("elise")
        dialog.password_edit.setText(PASSWORD)
        dialog.confirm_edit.setText(PASSWORD)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    _when_modal(FirstAdminDialog, fill)
    window = start_gui(CommandContext(str(path)), [])
    assert window is not None
    qtbot.addWidget(window)
    assert window.current_staff().username == "elise"
    with Session(window.engine) as session:
        assert [m.username for m in session.exec(select(StaffMember))] == ["elise"]
    window.close()
    window.engine.dispose()
    assert shown == []


def test_a_failed_migration_closes_the_dialog_with_a_message(qtbot, shown, tmp_path: Path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import clinic_desktop.db.migrate as migrate

    path = tmp_path / "c.sqlite3"
    _clinic_with_admin(path)

    def broken(*_a, **_k):
        raise OperationalError("ALTER TABLE x", {}, Exception("disk I/O error"))

    monkeypatch.setattr(migrate, "upgrade_database", broken)
    assert start_gui(CommandContext(str(path)), []) is None  # no hang: the dialog closed by itself
    assert len(shown) == 1 and cannot_be_opened(shown[0]) and "disk I/O error" in shown[0]
    assert "Traceback" not in shown[0]
    assert QApplication.activeModalWidget() is None


def test_an_unexpected_error_while_loading_is_a_message_too(qtbot, shown, tmp_path: Path, monkeypatch):
    path = tmp_path / "c.sqlite3"
    _clinic_with_admin(path)
    monkeypatch.setattr(auth, "needs_first_admin", lambda _s: 1 / 0)
    assert start_gui(CommandContext(str(path)), []) is None
    assert len(shown) == 1 and cannot_be_opened(shown[0]) and "Traceback" not in shown[0]
