"""Idle time and input blocking while locked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseMove,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_ms`` without keyboard, mouse or touch input anywhere in the app.

    Install with :meth:`start` (an application-wide event filter); any input restarts the countdown.
    After ``idle`` fires it stays quiet until :meth:`start` is called again. A timeout of 0 disables it.
    """

    idle = Signal()

    def __init__(self, timeout_ms: int = 5 * 60_000, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._timeout_ms = max(0, int(timeout_ms))
        self._installed = False

    @property
    def timeout_ms(self) -> int:
        """The idle time in milliseconds (0: never)."""
        return self._timeout_ms

    def set_timeout_minutes(self, minutes: float) -> None:
        """Change the idle time (minutes; 0 disables); restarts the countdown if running."""
        self.set_timeout_ms(int(minutes * 60_000))

    def set_timeout_ms(self, ms: int) -> None:
        """Change the idle time (milliseconds; 0 disables); restarts the countdown if running."""
        self._timeout_ms = max(0, int(ms))
        if self._installed:
            self._restart()

    def start(self) -> None:
        """Begin watching input and counting down."""
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._restart()

    def stop(self) -> None:
        """Stop watching (e.g. while locked)."""
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False
        self._timer.stop()

    def is_running(self) -> bool:
        """True while counting down."""
        return self._timer.isActive()

    def _restart(self) -> None:
        if self._timeout_ms > 0:
            self._timer.start(self._timeout_ms)
        else:
            self._timer.stop()

    def _fire(self) -> None:
        self.stop()
        self.idle.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start(self._timeout_ms)
        return False


# ------------------------------------------------------------------------------------- the guard


class InputBlocker(QObject):
    """While locked: swallow shortcuts and input aimed at anything but the lock screen."""

    _BLOCKED = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.ContextMenu,
            QEvent.Type.Shortcut,
            QEvent.Type.ShortcutOverride,
        }
    )

    def __init__(self, overlay_getter: Callable[[], QWidget | None], parent: QObject):
        super().__init__(parent)
        self._overlay = overlay_getter

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() not in self._BLOCKED:
            return False
        overlay = self._overlay()
        if overlay is None or not overlay.isVisible():  # e.g. its window was closed while locked
            return False
        if isinstance(obj, QWidget):
            return not (obj is overlay or overlay.isAncestorOf(obj))
        # QShortcut / QAction receive Shortcut events; QWindow objects pass keys on to their widgets
        return event.type() == QEvent.Type.Shortcut
