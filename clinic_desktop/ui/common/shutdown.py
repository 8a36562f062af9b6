"""Closing the window cleanly on Ctrl+C in a terminal (SIGINT) or a ``kill`` (SIGTERM).

Qt's event loop runs in C++, so Python's signal handlers only run when Python code does: the signal's
byte is written to a socket pair (``signal.set_wakeup_fd``) whose read end a ``QSocketNotifier`` watches,
which wakes the loop and lets the handler run at once. The handler then takes the window's own close path
(:func:`begin_shutdown`): open dialogs are rejected, and every "Discard what you typed?" question is
answered Discard without being shown (nobody is there to answer it; what was not saved was not saved),
the main window closes, the event loop ends with its normal exit code, and the caller closes the database
after the background jobs finish. A statement being written is never cut: the handler runs between two
events, never inside a service call.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication, QDialog

log = logging.getLogger(__name__)

_state = {"shutting_down": False}


def shutting_down() -> bool:
    """True once a signal asked the program to close (questions about unsaved work are then skipped)."""
    return _state["shutting_down"]


def begin_shutdown(signal_name: str = "") -> None:
    """Close like the window's own close, without questions: reject the open dialogs (innermost first),
    close the top-level windows, then quit the event loop (exit code 0)."""
    if _state["shutting_down"]:
        return
    _state["shutting_down"] = True
    log.info("closing on %s", signal_name or "request")
    app = QApplication.instance()
    if app is None:
        return
    for _ in range(50):  # nested modal dialogs, innermost first
        modal = QApplication.activeModalWidget()
        if modal is None:
            break
        if isinstance(modal, QDialog):
            modal.reject()
        modal.close()
        if QApplication.activeModalWidget() is modal:
            modal.hide()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    app.quit()


class SignalWatcher(QObject):
    """Turns SIGINT and SIGTERM into :func:`begin_shutdown` (or ``on_signal``) on the GUI thread while Qt's
    event loop runs. Keep a reference for as long as the loop runs; :meth:`uninstall` puts back what was
    there before."""

    SIGNALS = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)

    def __init__(self, on_signal: Callable[[str], None] = begin_shutdown, parent: QObject | None = None):
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {sig: signal.signal(sig, self._handle) for sig in self.SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self, *_args: object) -> None:
        try:
            while self._reader.recv(64):
                pass
        except OSError:  # nothing more to read
            pass

    def _handle(self, signum: int, _frame: object) -> None:
        self._on_signal(signal.Signals(signum).name)

    def uninstall(self) -> None:
        """Restore the previous handlers and wake-up fd; close the socket pair."""
        self._notifier.setEnabled(False)
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
