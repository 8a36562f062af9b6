"""A global exception hook: the traceback goes to the log file, the person sees a calm message.

Call :func:`install_excepthook` once, after the QApplication exists::

    install_excepthook(lambda: main_window)   # parent for the message box (may return None)

An exception that reaches the event loop (a slot, a timer, a worker thread) is logged with its traceback;
the person sees a message box with the log file's path and no traceback, and the app keeps running.
A :class:`~clinic_desktop.services.errors.ClinicError` (a refusal meant for the user) shows its own message.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clinic_desktop.logging_setup import configure_logging, log_file_path
from clinic_desktop.services.errors import ClinicError

log = logging.getLogger("clinic_desktop.crash")

ParentGetter = Callable[[], QWidget | None]


def friendly_text(exc: BaseException) -> tuple[str, str]:
    """(title, message) for the box: a ClinicError's own words, else a generic note with the log path."""
    if isinstance(exc, ClinicError):
        return QCoreApplication.translate("crash", "Not possible"), str(exc)
    return (
        QCoreApplication.translate("crash", "Something went wrong"),
        QCoreApplication.translate(
            "crash",
            "Clinic Desktop ran into a problem it did not expect. What you saved before this is safe; "
            "the last action may not have been completed — please check it.\n\n"
            "The details were written to the log file:\n{path}\n\n"
            "If it happens again, send that file to your support contact.",
        ).format(path=log_file_path()),
    )


class _Notifier(QObject):
    """Carries an exception to the main thread (queued), where the message box may be shown."""

    raised = Signal(object)


class CrashHandler:
    """The installed hook (kept alive by :func:`install_excepthook`'s return value and ``sys.excepthook``)."""

    def __init__(self, parent_getter: ParentGetter):
        self._parent_getter = parent_getter
        self._showing = False
        self.last_box: QMessageBox | None = None
        self._notifier = _Notifier()
        self._notifier.raised.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        if isinstance(exc, ClinicError):
            log.info("refusal reached the event loop: %s", exc)
        else:
            log.error("unhandled exception", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            return
        from clinic_desktop.services.workspace import SignInRequired

        if isinstance(exc, SignInRequired):  # the window already shows the sign-in screen with the reason
            return
        if threading.current_thread() is threading.main_thread():
            self._show(exc)
        else:
            self._notifier.raised.emit(exc)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: log, and show the box on the main thread."""
        if args.exc_value is None:
            return
        self(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, exc: BaseException) -> None:
        if self._showing:  # one box at a time; later errors are only logged
            return
        self._showing = True
        try:
            parent = self._parent_getter()
        except Exception:  # noqa: BLE001 - a broken parent getter must not hide the message
            parent = None
        title, text = friendly_text(exc)
        box = QMessageBox(parent)
        box.setIcon(
            QMessageBox.Icon.Information if isinstance(exc, ClinicError) else QMessageBox.Icon.Warning
        )
        box.setWindowTitle(title)
        box.setText(text)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(self._closed)
        self.last_box = box
        box.open()  # not exec(): the app keeps running its event loop

    def _closed(self, _result: int) -> None:
        self._showing = False

    def uninstall(self) -> None:
        """Put back the hooks that were there before."""
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook


def install_excepthook(parent_getter: ParentGetter = lambda: None) -> CrashHandler:
    """Install the hook for the main thread and for Python threads; makes sure the log file is set up.

    Returns the handler (``.last_box`` is the last message box shown; ``.uninstall()`` undoes it).
    """
    configure_logging()
    handler = CrashHandler(parent_getter)
    sys.excepthook = handler
    threading.excepthook = handler.thread_hook
    return handler
