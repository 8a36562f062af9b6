"""Start the desktop program: QApplication, the database (with plain-words errors), crash handler, MainWindow.

Start-up stays light: reportlab and QtPdf are imported only when a sheet is first rendered or previewed.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from clinic_desktop import APP_ID, APP_NAME, __version__
from clinic_desktop.commands.context import CommandContext
from clinic_desktop.services.messages import _

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
        _("Something went wrong and this action was not completed. Nothing already saved was lost.\n\n"
          "The details were written to the log file:\n{path}").format(path=log_file_path()),
    )


def install_excepthook(parent_getter=lambda: None) -> None:  # noqa: ANN001
    """Use ui/common/crash.py's handler (boxes parented by ``parent_getter()``), else the minimal one above."""
    try:
        from clinic_desktop.ui.common.crash import install_excepthook as install_shared
    except ImportError:  # pragma: no cover - crash.py is part of the tree; kept for partial builds
        sys.excepthook = _minimal_excepthook
        return
    install_shared(parent_getter)


def engine_problem(ctx: CommandContext, exc: BaseException) -> str:
    """The message in plain words for ``exc``, raised by ``ctx.engine()`` (logged here). Any exception gives
    a message (an unexpected one the general "cannot be opened" text), never a traceback."""
    from clinic_desktop.db import DatabaseTooNewError
    from clinic_desktop.services.errors import ClinicError

    if isinstance(exc, DatabaseTooNewError):
        log.warning("database too new: %s", exc)
        return _("{problem}\n\nDatabase: {database}").format(problem=exc, database=ctx.db_display)
    if isinstance(exc, ClinicError):  # no such folder, not a database, busy file, server unreachable/refusing
        log.warning("database refused: %s", exc)
        return str(exc)
    log.error("cannot open the database %s", ctx.db_display, exc_info=exc)
    return _(
        "The database cannot be opened:\n{database}\n\n"
        "It may be damaged, not a Clinic Desktop database, or in a folder you cannot write to. "
        "The file was not changed. Restore a backup, or start with another file "
        "(clinic-desktop --db PATH).\n\n"
        "Reason: {reason}"
    ).format(database=ctx.db_display, reason=getattr(exc, "orig", None) or exc)


def open_engine(ctx: CommandContext):
    """``ctx.engine()``, or None after telling the user in plain words why the database cannot be opened."""
    from PySide6.QtWidgets import QMessageBox

    try:
        return ctx.engine()
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message box (engine_problem logs it)
        QMessageBox.critical(None, APP_NAME, engine_problem(ctx, exc))
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
    is at the desk; the window is guarded by the lock screen (Ctrl+L, idle lock). That first dialog comes up
    at once: the database stack loads, the database opens (and migrates) and the main window's modules load
    on a worker thread while the person types (:func:`_sign_in_while_loading`). Without it (developer
    tools), the database opens first and the window offers a staff chooser instead. The first start of
    each day writes a backup in the background. Returns the MainWindow, or None when the database cannot be
    opened (the person was told why) or nobody signed in.
    ``language`` ("fr"/"en", from ``--language``) forces the window's language; otherwise the sign-in
    screens speak the computer's language and the window the signed-in person's (``ui_language``).
    """
    make_application(argv)
    from clinic_desktop.ui.common import i18n

    i18n.install(language)
    shown: dict[str, object] = {}
    install_excepthook(lambda: shown.get("window"))
    guard = None
    if sign_in:
        signed_in = _sign_in_while_loading(ctx)
        if signed_in is None:
            return None
        workspace, staff = signed_in
        from clinic_desktop.ui.signin.session_guard import SessionGuard

        guard = SessionGuard(workspace)
        guard.set_current_staff(staff)
        # the person's own language from now on (a quick switch installs the next person's for new dialogs)
        guard.staff_changed.connect(lambda member: i18n.install_for(member, language))
        i18n.install_for(guard.current_staff, language)
    else:
        engine = open_engine(ctx)
        if engine is None:
            return None
        from clinic_desktop.services.workspace import Workspace

        workspace = Workspace(engine)  # the window's one way to the data: engine, sessions, who is signed in
    from clinic_desktop.ui.main_window import MainWindow

    window = MainWindow(workspace, guard=guard)
    if guard is not None:
        guard.attach(window)
        window.guard_keepalive = guard  # the guard lives as long as the window
    shown["window"] = window
    from clinic_desktop.ui.common import heap

    heap.settle_at_start()  # later full collections skip what start-up made (no 0.1 s freeze at a first click)
    window.show()
    start_daily_backup(workspace.engine)
    log.info("window shown (%s %s, database %s)", APP_NAME, __version__, ctx.db_display)
    return window


#: What the worker thread imports once the database is open, while the person is still typing: the main
#: window, the guard, the page it opens on (Today) and the daily backup's modules, so the window is up a
#: moment after the password is accepted.
PRELOAD_MODULES = (
    "clinic_desktop.ui.main_window",
    "clinic_desktop.ui.signin.session_guard",
    "clinic_desktop.ui.checkout.today_page",
    "clinic_desktop.ui.followups.followups_page",  # the second page of the day: no import when it is clicked
    "clinic_desktop.services.audit_anchor",
    "clinic_desktop.services.backups",
)


def _first_start_guess(ctx: CommandContext, cached: dict) -> bool:
    """Which dialog to show before the database answers: first start for a SQLite file that does not
    exist yet (or is empty), else the answer cached at the last start, else the sign-in. Standard library
    only."""
    target = ctx.db_target
    if not ("://" in target and not target.startswith("sqlite")):
        path = target.split(":///", 1)[1] if target.startswith("sqlite") else target
        try:
            if os.path.getsize(path) == 0:
                return True
        except OSError:
            return True
    return bool(cached.get("first_start", False))


def _open_at_start(ctx: CommandContext, holder: dict):
    """The worker-thread job at start (a ui.common.workers generator job): load the database stack, open
    and migrate the database, read whether a first administrator is needed and the clinic's look, and
    remember them for the next start. Returns a dict: ``workspace``, ``first_start``, ``look`` — or
    ``problem`` (the message for the person). Never raises."""
    from clinic_desktop import startup_cache

    try:
        yield 0, 2, "loading"
        try:
            engine = ctx.engine()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message (engine_problem logs it)
            holder["result"] = {"problem": engine_problem(ctx, exc)}
            return holder["result"]
        holder["engine"] = engine
        from clinic_desktop.services import auth
        from clinic_desktop.services.clinic import get_clinic_profile
        from clinic_desktop.services.workspace import Workspace

        workspace = Workspace(engine)
        with workspace.session() as session:
            first_start = auth.needs_first_admin(session)
            profile = get_clinic_profile(session)
            look = (profile.name or APP_NAME, profile.brand_colour or "")
        startup_cache.remember(ctx.db_target, name=look[0], colour=look[1], first_start=first_start)
        holder["result"] = {"workspace": workspace, "first_start": first_start, "look": look}
        return holder["result"]
    except Exception as exc:  # noqa: BLE001 - a bug here must reach the person as a message, not a hang
        log.exception("start-up failed")
        holder["result"] = {"problem": engine_problem(ctx, exc)}
        return holder["result"]
    finally:
        holder["done"].set()


def _preload():
    """Worker-thread job: import :data:`PRELOAD_MODULES` (a failure is left to the real import later)."""
    import importlib

    for name in PRELOAD_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the main thread's import raises it again, where it is shown
            log.exception("preloading %s failed", name)
        yield 0, 0, name


def _sign_in_while_loading(ctx: CommandContext):
    """Show the sign-in (or first-start) dialog at once; open the database on a worker thread meanwhile.

    Returns ``(workspace, staff)`` once someone signed in; None when the person closed the dialog or the
    database cannot be opened (then after a message box saying why, in plain words). Waits for the worker
    before returning None, so no migration is cut short and no connection is left open.
    """
    import threading

    from PySide6.QtWidgets import QMessageBox

    from clinic_desktop import startup_cache
    from clinic_desktop.ui.common.workers import run_in_background
    from clinic_desktop.ui.signin.startup import StartSignIn

    cached = startup_cache.read(ctx.db_target)
    look = (cached["name"], cached["colour"]) if cached.get("name") else None
    holder: dict = {"done": threading.Event()}
    flow = StartSignIn(first_start=_first_start_guess(ctx, cached), look=look)

    def opened(result: dict) -> None:
        if "problem" in result:
            flow.database_failed(result["problem"])
            return
        flow.database_ready(result["workspace"], first_start=result["first_start"], look=result["look"])
        run_in_background(_preload)

    def failed(exc: BaseException) -> None:  # only a bug in the job itself; it catches everything else
        flow.database_failed(engine_problem(ctx, exc))

    from PySide6.QtCore import QTimer

    # started on the dialog's first event-loop turn: the worker's imports would otherwise take turns with
    # the main thread (one GIL) while the dialog is being built and shown
    QTimer.singleShot(0, lambda: run_in_background(lambda: _open_at_start(ctx, holder), on_finished=opened,
                                                   on_failed=failed))
    staff = flow.run()
    if staff is not None:
        return flow.workspace, staff
    holder["done"].wait()  # a migration under way finishes; nothing is left half-done
    if flow.failure is not None:
        QMessageBox.critical(None, APP_NAME, flow.failure)
    elif holder.get("result", {}).get("problem"):  # closed before the failure arrived: still say why
        QMessageBox.critical(None, APP_NAME, holder["result"]["problem"])
    else:
        log.info("nobody signed in; closing")
    ctx.close()
    return None


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
    SIGINT (Ctrl+C) and SIGTERM close the window as its close button does, without the unsaved-work
    question (``ui/common/shutdown.py``); the exit code is then the normal 0 and the database is closed.
    """
    make_application(argv)
    from clinic_desktop.ui.common.shutdown import SignalWatcher, shutting_down

    watcher = SignalWatcher()  # Ctrl+C in the terminal and SIGTERM close the window cleanly
    try:
        window = start_gui(ctx, argv, language=language)
        if window is None:
            return 0 if shutting_down() else 1
        from PySide6.QtCore import QThreadPool
        from PySide6.QtWidgets import QApplication

        code = int(QApplication.instance().exec())
        QThreadPool.globalInstance().waitForDone()  # a background job finishes its transaction
        window.workspace.engine.dispose()  # the database closed (SQLite folds its WAL back into the file)
        log.info("window closed (exit code %s)", code)
        return code
    finally:
        watcher.uninstall()
