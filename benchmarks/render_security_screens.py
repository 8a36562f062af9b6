"""Render the lock screen, the sign-in dialog and the first-start dialog to PNG (offscreen) for review.

Usage: python benchmarks/render_security_screens.py [OUT_DIR]   (default: security_shots in the temp folder)
Uses a throw-away database in a temp folder; never the real one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "security_shots")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    os.environ["CLINIC_DESKTOP_HOME"] = str(tmp)

    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.models import ClinicProfile, Role
    from clinic_desktop.services import auth
    from clinic_desktop.ui.signin.first_start import FirstAdminDialog
    from clinic_desktop.ui.signin.login import LoginDialog
    from clinic_desktop.ui.signin.session_guard import SessionGuard

    app = QApplication.instance() or QApplication([])
    engine = open_database(tmp / "clinic.sqlite3")

    first = FirstAdminDialog(engine)
    first.resize(520, 560)
    first.show()
    app.processEvents()
    first.grab().save(str(out / "first_admin_dialog.png"))

    with Session(engine, expire_on_commit=False) as s:
        s.add(ClinicProfile(id=1, name="Maple Skin Clinic", brand_colour="#2f6f8f"))
        s.commit()
        admin = auth.create_first_admin(s, full_name="Ada Admin", username="ada", password="correct horse")
        elise = auth.create_staff(
            s,
            actor=admin,
            full_name="Dr. Élise Tremblay",
            username="elise",
            role=Role.practitioner,
            password="battery staple",
        )

    login = LoginDialog(engine, username="elise")
    login.resize(460, 400)
    login.show()
    app.processEvents()
    login.password_edit.setText("wrong one")
    login.submit()
    app.processEvents()
    login.grab().save(str(out / "login_dialog_wrong_password.png"))

    window = QMainWindow()
    window.setWindowTitle("Clinic Desktop")
    table = QTableWidget(6, 3)
    table.setHorizontalHeaderLabels(["Patient", "Treatment", "Time"])
    for row, (name, treat, time) in enumerate(
        [("Zoë O'Brien", "Facial mesotherapy", "09:30"), ("Suharti", "Hair mesotherapy", "10:15")]
    ):
        for col, text in enumerate((name, treat, time)):
            table.setItem(row, col, QTableWidgetItem(text))
    window.setCentralWidget(table)
    window.resize(1000, 640)
    window.show()
    guard = SessionGuard(engine)
    guard.set_current_staff(elise)
    guard.attach(window, idle_minutes=0)
    window.grab().save(str(out / "main_window_unlocked.png"))
    guard.lock()
    app.processEvents()
    window.grab().save(str(out / "lock_screen.png"))
    assert guard.overlay is not None
    guard.overlay.set_switch_mode(True)
    guard.overlay.username_edit.setText("rita")
    guard.overlay.password_edit.setText("nope nope")
    guard.overlay.submit()
    app.processEvents()
    window.grab().save(str(out / "lock_screen_switch.png"))
    guard.overlay.set_switch_mode(False)
    guard.overlay.password_edit.setText("battery staple")
    guard.overlay.submit()

    from clinic_desktop.ui.admin.audit_viewer import AuditViewerDialog
    from clinic_desktop.ui.admin.staff_admin import StaffAdminDialog

    viewer = AuditViewerDialog(engine, admin)
    viewer.show()
    app.processEvents()
    viewer.grab().save(str(out / "audit_viewer.png"))
    staff = StaffAdminDialog(engine, admin)
    staff.show()
    app.processEvents()
    staff.grab().save(str(out / "staff_admin.png"))
    for name in sorted(p.name for p in out.glob("*.png")):
        print(out / name)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
