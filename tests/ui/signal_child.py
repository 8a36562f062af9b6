"""The app as a child process for tests/ui/test_close_on_signal.py: ``python signal_child.py DB MODE``.

Opens the offscreen window through ``app.run_gui`` on the (already created) database ``DB`` with the
administrator signed in (the sign-in dialog is skipped: nobody types in a child process). MODE ``dialog``
also opens the New patient form modally with a name typed (unsaved work); MODE ``window`` leaves the
window alone. Prints ``READY`` (flushed) once the event loop runs, then waits for a signal. The exit code is
run_gui's.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(db: str, mode: str) -> int:
    from PySide6.QtCore import QTimer
    from sqlmodel import Session, select

    from clinic_desktop import app
    from clinic_desktop.commands.context import CommandContext
    from clinic_desktop.db import open_database
    from clinic_desktop.models import StaffMember
    from clinic_desktop.services.workspace import Workspace

    def signed_in(ctx):  # noqa: ANN001, ANN202 - stands in for the sign-in dialog
        engine = open_database(db)
        with Session(engine, expire_on_commit=False) as s:
            admin = s.exec(select(StaffMember).where(StaffMember.username == "ada")).one()
        return Workspace(engine, admin), admin

    app._sign_in_while_loading = signed_in
    app.start_daily_backup = lambda engine: None  # not under test; it would write a backup folder

    def ready() -> None:
        if mode == "dialog":
            from PySide6.QtWidgets import QApplication

            from clinic_desktop.ui.patients.patient_dialog import PatientDialog

            window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")
            dialog = PatientDialog(window.workspace, window.current_staff, window)
            dialog.given_names.setText("Typed but not saved")
            QTimer.singleShot(0, lambda: print("READY", flush=True))
            dialog.exec()
            print("DIALOG CLOSED", flush=True)
        else:
            print("READY", flush=True)

    QTimer.singleShot(0, ready)
    return app.run_gui(CommandContext(db_arg=db), [])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
