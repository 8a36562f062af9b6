"""Sign-in, lock screen, quick switch, idle lock, crash hook, audit viewer and staff dialog (pytest-qt)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QPushButton
from sqlmodel import Session, select

from clinic_desktop.logging_setup import log_file_path
from clinic_desktop.models import AuditEntry, Role, StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from clinic_desktop.ui.admin.audit_viewer import AuditViewerDialog
from clinic_desktop.ui.admin.staff_admin import StaffAdminDialog
from clinic_desktop.ui.common.crash import install_excepthook
from clinic_desktop.ui.signin.first_start import FirstAdminDialog
from clinic_desktop.ui.signin.idle import IdleWatcher
from clinic_desktop.ui.signin.login import LoginDialog
from clinic_desktop.ui.signin.session_guard import SessionGuard
from tests.language import msg_like, msg_text, ui_like, ui_text

PASSWORD = "a long secret phrase"
WRONG = msg_text("The user name or password is not right.")
TOO_SHORT = msg_text("Use at least {min_password_length} characters; a short sentence is easy to remember.").format(
    min_password_length=auth.MIN_PASSWORD_LENGTH)
DIFFER = ui_text("FirstAdminDialog", "The two passwords differ.")


@pytest.fixture
def team(db):
    ada = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
    elise = auth.create_staff(
        db,
        actor=ada,
        full_name="Dr. Élise Tremblay",
        username="elise",
        role=Role.practitioner,
        password="elise secret pass",
    )
    return {"ada": ada, "elise": elise}


@pytest.fixture
def window(qtbot):
    win = QMainWindow()
    secret = QLineEdit("Zoë O'Brien — facial mesotherapy")
    secret.setObjectName("patientData")
    win.setCentralWidget(secret)
    win.resize(900, 600)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _visible_text(widget) -> str:
    found = widget.findChildren(QLabel) + widget.findChildren(QPushButton)
    return " ".join(w.text() for w in found if w.isVisible())


def test_first_admin_dialog_checks_confirmation_and_creates_the_admin(qtbot, engine):
    dlg = FirstAdminDialog(engine)
    qtbot.addWidget(dlg)
    dlg.full_name_edit.setText("Ada Admin")
    dlg.username_edit.setText("ada")
    dlg.password_edit.setText(PASSWORD)
    dlg.confirm_edit.setText("something else")
    qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
    assert dlg.staff is None
    assert DIFFER in dlg.errors.label_for("confirm").text()
    dlg.confirm_edit.setText(PASSWORD)
    dlg.password_edit.setText(PASSWORD)
    qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.staff.role == Role.admin


def test_first_admin_dialog_shows_a_short_password_under_its_field(qtbot, engine):
    dlg = FirstAdminDialog(engine)
    qtbot.addWidget(dlg)
    dlg.full_name_edit.setText("Ada")
    dlg.username_edit.setText("ada")
    dlg.password_edit.setText("short")
    dlg.confirm_edit.setText("short")
    assert dlg.submit() is False
    assert TOO_SHORT in dlg.errors.label_for("password").text()


def test_login_dialog_refuses_a_wrong_password_then_signs_in(qtbot, engine, team):
    dlg = LoginDialog(engine, username="elise")
    qtbot.addWidget(dlg)
    dlg.password_edit.setText("not my password")
    qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)
    assert dlg.staff is None
    assert dlg.message_label.text() == WRONG
    assert dlg.password_edit.text() == ""
    dlg.password_edit.setText("elise secret pass")
    qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)
    assert dlg.staff.username == "elise"


def test_ctrl_l_locks_hides_the_content_and_the_same_person_unlocks(qtbot, engine, team, window):
    guard = SessionGuard(engine)
    guard.set_current_staff(team["elise"])
    guard.attach(window, idle_minutes=0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(guard.locked):
        qtbot.keyClick(window.centralWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    overlay = guard.overlay
    assert overlay is not None and overlay.isVisible()
    assert overlay.geometry() == window.rect()
    assert "Zoë" not in _visible_text(overlay)
    image = window.grab().toImage()
    assert (
        image.pixelColor(5, 5) != window.centralWidget().palette().base().color()
    )  # covered, not see-through
    assert "Dr. Élise Tremblay" in overlay.person_label.text()
    # keys aimed at the covered field are swallowed
    qtbot.keyClicks(window.centralWidget(), "typed while locked")
    assert "typed while locked" not in window.centralWidget().text()

    overlay.password_edit.setText("wrong password")
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    assert guard.is_locked and overlay.message_label.text() == WRONG
    overlay.password_edit.setText("elise secret pass")
    with qtbot.waitSignal(guard.unlocked):
        qtbot.keyClick(overlay.password_edit, Qt.Key.Key_Return)
    assert not guard.is_locked
    assert guard.current_staff.username == "elise"
    with Session(engine) as s:
        actions = [e.action for e in s.exec(select(AuditEntry))]
    assert actions[-3:] == ["desk.lock", "login.failed", "login.success"]


def test_quick_switch_signs_in_another_person_and_reports_it(qtbot, engine, team, window):
    guard = SessionGuard(engine)
    guard.set_current_staff(team["elise"])
    guard.attach(window, idle_minutes=0)
    guard.switch_staff()
    overlay = guard.overlay
    assert overlay.switch_mode and overlay.username_edit.isVisible()
    overlay.username_edit.setText("ada")
    overlay.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(guard.staff_changed) as changed:
        qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].username == "ada"
    assert guard.current_staff.username == "ada" and not guard.is_locked
    from clinic_desktop.services.permissions import Permission

    assert guard.allowed(Permission.manage_staff)


def test_idle_time_locks_the_window(qtbot, engine, team, window):
    guard = SessionGuard(engine)
    guard.set_current_staff(team["elise"])
    guard.attach(window, idle_minutes=0)
    guard.idle_watcher.set_timeout_ms(50)
    with qtbot.waitSignal(guard.locked, timeout=5000):
        pass
    assert guard.is_locked
    assert not guard.idle_watcher.is_running()  # paused while locked
    with Session(engine) as s:
        last = s.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.action, last.details["reason"]) == ("desk.lock", "idle")


def test_idle_watcher_restarts_on_input(qtbot, window):
    watcher = IdleWatcher(60_000)
    watcher.start()
    assert watcher.is_running()
    watcher.set_timeout_minutes(0)
    assert not watcher.is_running()  # 0 = never
    watcher.set_timeout_ms(200)
    qtbot.mouseMove(window.centralWidget())
    assert watcher.is_running()
    with qtbot.waitSignal(watcher.idle, timeout=5000):
        pass
    watcher.stop()


def test_lock_goes_over_an_open_modal_dialog_and_keeps_its_input(qtbot, engine, team, window):
    guard = SessionGuard(engine)
    guard.set_current_staff(team["elise"])
    guard.attach(window, idle_minutes=0)
    dialog = QDialog(window)
    field = QLineEdit("half-typed note", dialog)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    guard.lock()
    assert guard.overlay.parentWidget() is dialog
    covers = [w for w in window.children() if getattr(w, "objectName", lambda: "")() == "lockCover"]
    assert covers and covers[0].isVisible()
    guard.overlay.password_edit.setText("elise secret pass")
    guard.overlay.submit()
    assert dialog.isVisible() and field.text() == "half-typed note"
    assert not guard.is_locked and all(not w.isVisible() for w in covers)


def test_crash_hook_logs_the_traceback_and_shows_only_a_friendly_message(qtbot, window):
    handler = install_excepthook(lambda: window)
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            handler(type(exc), exc, exc.__traceback__)
        box = handler.last_box
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert str(log_file_path()) in box.text()
        assert "Traceback" not in box.text() and "boom" not in box.text()
        log_text = log_file_path().read_text(encoding="utf-8")
        assert "Traceback" in log_text and "boom in a slot" in log_text
        box.done(0)
        try:
            raise ValidationError.single("x", "That date is in the future.")
        except ValidationError as exc:
            handler(type(exc), exc, exc.__traceback__)
        assert handler.last_box.text() == "That date is in the future."
        handler.last_box.done(0)
        assert window.isVisible()  # the app carries on
    finally:
        handler.uninstall()


def test_audit_viewer_is_for_managers_and_shows_tampering(
    qtbot, engine, db, db_path, team, manager, receptionist
):
    with pytest.raises(PermissionDenied):
        AuditViewerDialog(engine, receptionist)
    dlg = AuditViewerDialog(engine, manager)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: not dlg.is_checking())  # the chain is checked on the thread pool
    assert dlg.check.ok and ui_like("AuditViewerDialog", "✔ The audit trail is intact: %n entries checked, none "
                                    "changed. {anchors}", dlg.check.checked).search(dlg.banner.text())
    assert dlg.model.rowCount() >= 3
    con = sqlite3.connect(db_path)
    con.execute("UPDATE audit_entry SET actor_name='Nobody' WHERE id=1")
    con.commit()
    con.close()
    qtbot.mouseClick(dlg.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_checking())
    assert not dlg.check.ok and ui_like("AuditViewerDialog", "✖ The audit trail has been tampered with: {problem}. "
                                        "Keep this database as it is and tell the clinic's administrator.").search(
        dlg.banner.text())
    dlg.search_edit.setText("staff.create")
    assert dlg.model.rowCount() == 2


def test_audit_table_model_passes_the_model_tester(qtmodeltester, engine, db, team):
    from clinic_desktop.ui.admin.audit_viewer import AuditTableModel

    model = AuditTableModel(list(db.exec(select(AuditEntry))))
    qtmodeltester.check(model)


def test_staff_dialog_adds_changes_resets_and_refuses_the_last_admin(qtbot, engine, db, team, receptionist):
    with pytest.raises(PermissionDenied):
        StaffAdminDialog(engine, receptionist)
    dlg = StaffAdminDialog(engine, team["ada"])
    qtbot.addWidget(dlg)
    dlg.full_name_edit.setText("Rita Desk")
    dlg.username_edit.setText("ritad")
    dlg.new_role_combo.setCurrentIndex(dlg.new_role_combo.findData("receptionist"))
    dlg.new_password_edit.setText("short")
    qtbot.mouseClick(dlg.add_button, Qt.MouseButton.LeftButton)
    assert TOO_SHORT in dlg.add_errors.label_for("password").text()
    dlg.new_password_edit.setText("rita desk password")
    qtbot.mouseClick(dlg.add_button, Qt.MouseButton.LeftButton)
    assert dlg.selected().username == "ritad"
    dlg.role_combo.setCurrentIndex(dlg.role_combo.findData("practitioner"))
    qtbot.mouseClick(dlg.apply_role_button, Qt.MouseButton.LeftButton)
    dlg.reset_password_edit.setText("fresh password 1")
    qtbot.mouseClick(dlg.reset_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.active_button, Qt.MouseButton.LeftButton)
    db.expire_all()
    rita = db.exec(select(StaffMember).where(StaffMember.username == "ritad")).one()
    assert (rita.role, rita.active) == (Role.practitioner, False)
    # the only admin cannot be demoted: the message shows, the role stays
    dlg.select_staff(team["ada"].id)
    dlg.role_combo.setCurrentIndex(dlg.role_combo.findData("manager"))
    qtbot.mouseClick(dlg.apply_role_button, Qt.MouseButton.LeftButton)
    assert msg_text("{full_name} is the only administrator. Make someone else an administrator first.").format(
        full_name="Ada Admin") in dlg.sel_errors.label_for("role").text()
    db.expire_all()
    assert db.get(StaffMember, team["ada"].id).role == Role.admin
    assert not dlg.active_button.isEnabled()  # own account


def _shown_in_full(dialog) -> list[str]:
    """Problems with what ``dialog`` shows: a visible label cut short, or a field squeezed below its size."""
    problems = []
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            needed = label.heightForWidth(label.width())
            if label.height() < needed:
                problems.append(f"label cut: {label.text()!r} {label.height()} < {needed}")
    for edit in dialog.findChildren(QLineEdit):
        if edit.isVisible() and edit.height() < edit.minimumSizeHint().height():
            problems.append(f"field squeezed: {edit.placeholderText()!r} {edit.height()}")
    return problems


def test_first_admin_dialog_reports_every_problem_at_once_and_grows_to_show_them(qtbot, engine):
    dlg = FirstAdminDialog(engine)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    height_before = dlg.height()
    dlg.password_edit.setText("short")
    dlg.confirm_edit.setText("shorter")
    qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
    shown = dlg.errors.errors_shown()
    assert set(shown) == {"full_name", "username", "password", "confirm"}  # one submit, every problem
    assert TOO_SHORT in shown["password"] and DIFFER in shown["confirm"]
    with Session(engine) as s:
        assert list(s.exec(select(StaffMember))) == []
    assert dlg.height() > height_before
    assert _shown_in_full(dlg) == []
    # fixing a field removes its message at once; the rest stay until they are fixed
    dlg.full_name_edit.setText("Ada Admin")
    assert "full_name" not in dlg.errors.errors_shown() and "username" in dlg.errors.errors_shown()


def test_sign_in_dialog_grows_for_a_long_message(qtbot, engine, team):
    dlg = LoginDialog(engine, username="elise")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    for _ in range(auth.FREE_ATTEMPTS + 1):
        dlg.password_edit.setText("not my password")
        qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)
    assert msg_like("Too many wrong passwords for {user}. Try again in {wait_text}, or ask an administrator to reset "
                    "the password.", user="elise").search(dlg.message_label.text())
    assert _shown_in_full(dlg) == []
