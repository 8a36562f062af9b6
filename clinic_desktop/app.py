"""Start the desktop program: QApplication, the database (with plain-words errors), crash handler, MainWindow.

Start-up stays light: reportlab and QtPdf are imported only when a sheet is first rendered or previewed.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from clinic_desktop import APP_ID, APP_NAME, __version__
from clinic_desktop.commands.context import CommandContext

log = logging.getLogger(__name__)

ORGANISATION = "Clinic Desktop"


def _icon_path() -> str | None:
    from clinic_desktop import paths

    for name in ("clinic-desktop.svg", "clinic-desktop.png"):
        path = paths.resources_dir() / "icons" / name
        if path.exists():
            return str(path)
    return None


def _minimal_excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an uncaught error with its traceback; tell the user in plain words (the program keeps running)."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("uncaught error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    from PySide6.QtWidgets import QApplication, QMessageBox

    from clinic_desktop.logging_setup import log_file_path
    from clinic_desktop.services.errors import ClinicError

    if QApplication.instance() is None:
        return
    if isinstance(exc, ClinicError):
        QMessageBox.warning(None, APP_NAME, str(exc))
        return
    QMessageBox.critical(
        None, APP_NAME,
        "Something went wrong and this action was not completed. Nothing already saved was lost.\n\n"
        f"The details were written to the log file:\n{log_file_path()}",
    )


def install_excepthook(parent_getter=lambda: None) -> None:  # noqa: ANN001
    """Use ui/common/crash.py's handler (boxes parented by ``parent_getter()``), else the minimal one above."""
    try:
        from clinic_desktop.ui.common.crash import install_excepthook as install_shared
    except ImportError:  # pragma: no cover - crash.py is part of the tree; kept for partial builds
        sys.excepthook = _minimal_excepthook
        return
    install_shared(parent_getter)


def open_engine(ctx: CommandContext):
    """``ctx.engine()``, or None after telling the user in plain words why the database cannot be opened."""
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy.exc import SQLAlchemyError

    from clinic_desktop.db import DatabaseTooNewError
    from clinic_desktop.services.errors import ClinicError

    try:
        return ctx.engine()
    except DatabaseTooNewError as exc:
        log.warning("database too new: %s", exc)
        QMessageBox.critical(None, APP_NAME, f"{exc}\n\nDatabase: {ctx.db_display}")
    except ClinicError as exc:  # no such folder, not a database, busy file, server unreachable/refusing/too old
        log.warning("database refused: %s", exc)
        QMessageBox.critical(None, APP_NAME, str(exc))
    except (SQLAlchemyError, OSError) as exc:
        log.exception("cannot open the database %s", ctx.db_display)
        QMessageBox.critical(
            None, APP_NAME,
            f"The database cannot be opened:\n{ctx.db_display}\n\n"
            "It may be damaged, not a Clinic Desktop database, or in a folder you cannot write to. "
            "The file was not changed. Restore a backup, or start with another file "
            "(clinic-desktop --db PATH).\n\n"
            f"Reason: {getattr(exc, 'orig', None) or exc}",
        )
    return None


def make_application(argv: Sequence[str]):
    """The QApplication (reused if one exists) with name, organisation, version and window icon."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_ID, *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = _icon_path()
    if icon:
        app.setWindowIcon(QIcon(icon))
    return app


def start_gui(ctx: CommandContext, argv: Sequence[str], *, sign_in: bool = True, language: str | None = None):
    """Everything before the event loop: application, crash handler, database, sign-in, the shown window.

    With ``sign_in`` (the app), the first start asks for an administrator account and every start asks who
    is at the desk; the window is guarded by the lock screen (Ctrl+L, idle lock). Without it (developer
    tools), the window offers a staff chooser instead. The first start of each day writes a backup in the
    background. Returns the MainWindow, or None when the database cannot be opened or nobody signed in.
    ``language`` ("fr"/"en", from ``--language``) forces the window's language; otherwise the sign-in
    screens speak the computer's language and the window the signed-in person's (``ui_language``).
    """
    make_application(argv)
    from clinic_desktop.ui.common import i18n

    i18n.install(language)
    shown: dict[str, object] = {}
    install_excepthook(lambda: shown.get("window"))
    engine = open_engine(ctx)
    if engine is None:
        return None
    from clinic_desktop.services.workspace import Workspace
    from clinic_desktop.ui.main_window import MainWindow

    workspace = Workspace(engine)  # the window's one way to the data: engine, sessions, who is signed in
    guard = None
    if sign_in:
        from clinic_desktop.ui.signin.session_guard import SessionGuard

        guard = SessionGuard(workspace)
        if not guard.sign_in():
            log.info("nobody signed in; closing")
            return None
        # the person's own language from now on (a quick switch installs the next person's for new dialogs)
        guard.staff_changed.connect(lambda member: i18n.install_for(member, language))
        i18n.install_for(guard.current_staff, language)
    window = MainWindow(workspace, guard=guard)
    if guard is not None:
        guard.attach(window)
        window.guard_keepalive = guard  # the guard lives as long as the window
    shown["window"] = window
    window.show()
    start_daily_backup(engine)
    log.info("window shown (%s %s, database %s)", APP_NAME, __version__, ctx.db_display)
    return window


def start_daily_backup(engine) -> None:  # noqa: ANN001
    """At the first start of each day, anchor the audit trail and back the database up, on a worker thread
    (never blocks the window). A PostgreSQL server is backed up with ``pg_dump`` (skipped, logged, without it)."""
    import threading

    def run() -> None:
        from clinic_desktop.services.audit_anchor import anchor_daily_start

        anchor_daily_start(engine)  # never raises; logs a failure
        try:
            from clinic_desktop.services.backups import daily_backup_if_needed

            written = daily_backup_if_needed(engine)
            if written:
                log.info("daily backup written: %s", written)
        except Exception:  # a failed backup must not stop the clinic's day; it is in the log
            log.exception("daily backup failed")

    threading.Thread(target=run, name="daily-backup", daemon=True).start()


def run_gui(ctx: CommandContext, argv: Sequence[str], *, language: str | None = None) -> int:
    """Open the main window on ``ctx``'s database and run the event loop; returns the exit code.

    Returns 1 (after a message box) when the database cannot be opened: newer schema or unreadable file.
    """
    window = start_gui(ctx, argv, language=language)
    if window is None:
        return 1
    from PySide6.QtWidgets import QApplication

    return int(QApplication.instance().exec())
