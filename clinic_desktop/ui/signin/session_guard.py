"""Sign-in, lock screen, quick switch and idle lock.

Wiring it into the main window (the whole integration API)::

    guard = SessionGuard(engine)                 # one per running app, before the main window is shown
    if not guard.sign_in():                      # first start: FirstAdminDialog, then LoginDialog
        return 0                                 # the person closed the dialog: quit
    window = MainWindow(...)
    guard.attach(window)                         # Ctrl+L, idle lock (ClinicProfile.idle_lock_minutes)
    guard.staff_changed.connect(window.on_staff_changed)   # StaffMember: refresh role-dependent UI
    window.menu_file.addAction(guard.lock_action)          # optional: "Lock screen  Ctrl+L" in a menu
    window.menu_file.addAction(guard.switch_action)        # optional: "Switch person…"
    actor = guard.current_staff                  # pass as ``actor=`` to every service call
    guard.allowed(Permission.view_reports)       # hide/disable what the role cannot do

    guard.set_idle_minutes(profile.idle_lock_minutes)     # after the clinic profile changes (0 = never)
    guard.lock()                                  # e.g. after a restore: make the person sign in again

While locked, the window's content (and that of every other window of the app) is covered by an opaque
lock screen, keyboard shortcuts and input to anything but the lock screen are swallowed, and the idle
timer is paused. The lock screen asks the password of the person who was signed in, or lets another
staff member sign in (quick switch). If a modal dialog is open, the lock screen goes over the dialog
(the only window that can take input) and the main window gets a plain cover; the dialog's unsaved
input is kept. ``locked`` / ``unlocked`` signals fire around it, and ``staff_changed`` fires when a
different person signs in. Every sign-in, failure and lock is audited by the auth service.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QWidget,
)

from clinic_desktop.models import StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.clinic import get_clinic_profile
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.signin.first_start import FirstAdminDialog
from clinic_desktop.ui.signin.idle import IdleWatcher, InputBlocker
from clinic_desktop.ui.signin.lock import Cover, LockOverlay
from clinic_desktop.ui.signin.login import LoginDialog


class SessionGuard(QObject):
    """Who is at the desk: sign-in at start, lock on Ctrl+L or after idle time, quick switch.

    Signals: ``staff_changed(StaffMember | None)`` when the signed-in person changes; ``locked()`` and
    ``unlocked()`` around the lock screen. See the module docstring for the wiring.
    """

    staff_changed = Signal(object)
    locked = Signal()
    unlocked = Signal()

    def __init__(self, workspace: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace = Workspace.of(workspace)
        self._current: StaffMember | None = None
        self._window: QWidget | None = None
        self._overlay: LockOverlay | None = None
        self._covers: list[Cover] = []
        self._blocker = InputBlocker(lambda: self._overlay, self)
        self.idle_watcher = IdleWatcher(0, self)
        self.idle_watcher.idle.connect(lambda: self.lock(reason="idle"))
        self.lock_action = QAction(QCoreApplication.translate("SessionGuard", "Lock screen"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setToolTip(
            QCoreApplication.translate(
                "SessionGuard", "Hide patient information until you sign in again (Ctrl+L)"
            )
        )
        self.lock_action.triggered.connect(lambda: self.lock(reason="on demand"))
        self.switch_action = QAction(QCoreApplication.translate("SessionGuard", "Switch person…"), self)
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.switch_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.switch_action.triggered.connect(self.switch_staff)

    # -- state

    @property
    def current_staff(self) -> StaffMember | None:
        """The signed-in staff member (pass as ``actor=`` to services), or None before sign-in."""
        return self._current

    @property
    def is_locked(self) -> bool:
        """True while the lock screen is shown."""
        return self._overlay is not None

    @property
    def overlay(self) -> LockOverlay | None:
        """The lock screen while locked (for tests and screenshots)."""
        return self._overlay

    def allowed(self, permission: Permission) -> bool:
        """Whether the signed-in person's role allows ``permission`` (for hiding UI; services still check)."""
        return allowed(self._current, permission)

    def set_current_staff(self, member: StaffMember | None) -> None:
        """Set the signed-in person (emits ``staff_changed`` if it is someone else)."""
        before = self._current.id if self._current else None
        self._current = member
        if (member.id if member else None) != before:
            self.staff_changed.emit(member)

    # -- start

    def sign_in(self, parent: QWidget | None = None) -> bool:
        """Run the first-start and sign-in dialogs (modal); True once someone is signed in."""
        with self.workspace.session() as session:
            first = auth.needs_first_admin(session)
        if first:
            dialog = FirstAdminDialog(self.workspace, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.staff is None:
                return False
            self.set_current_staff(dialog.staff)
            return True
        login = LoginDialog(self.workspace, parent)
        if login.exec() != QDialog.DialogCode.Accepted or login.staff is None:
            return False
        self.set_current_staff(login.staff)
        return True

    def attach(self, main_window: QWidget, *, idle_minutes: float | None = None) -> None:
        """Guard ``main_window``: Ctrl+L and Ctrl+Shift+L work everywhere in the app, and the window locks
        after ``idle_minutes`` without input (default: the clinic profile's ``idle_lock_minutes``; 0 = never).
        """
        self._window = main_window
        main_window.destroyed.connect(self._forget_window)
        main_window.addAction(self.lock_action)
        main_window.addAction(self.switch_action)
        if idle_minutes is None:
            idle_minutes = self._profile_idle_minutes()
        self.set_idle_minutes(idle_minutes)

    def set_idle_minutes(self, minutes: float) -> None:
        """Change the idle lock time (minutes; 0 = never)."""
        self.idle_watcher.set_timeout_minutes(minutes)
        if not self.is_locked and self._window is not None:
            self.idle_watcher.start()

    def _forget_window(self) -> None:
        self._window = None
        self.idle_watcher.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._blocker)
        self._overlay = None
        self._covers = []

    def _profile_idle_minutes(self) -> float:
        with self.workspace.session() as session:
            profile = get_clinic_profile(session)
        return float(profile.idle_lock_minutes) if profile else 5.0

    # -- lock / unlock

    def lock(self, reason: str = "on demand", *, switch: bool = False) -> None:
        """Cover the app with the lock screen (no-op if already locked or not attached)."""
        if self._window is None:
            return
        if self._overlay is not None:
            if switch:
                self._overlay.set_switch_mode(True)
            return
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        self.idle_watcher.stop()
        modal = QApplication.activeModalWidget()
        host = modal if modal is not None else self._window
        self._overlay = LockOverlay(self.workspace, host, self._current)
        self._overlay.signed_in.connect(self._on_signed_in)
        if switch:
            self._overlay.set_switch_mode(True)
        brand = self._overlay.brand
        for widget in QApplication.topLevelWidgets():
            if (
                widget is host
                or not widget.isVisible()
                or widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
            ):
                continue
            cover = Cover(widget, brand)
            cover.show()
            cover.raise_()
            self._covers.append(cover)
        self._overlay.show()
        self._overlay.raise_()
        host.activateWindow()
        self._overlay.focus_first()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._blocker)
        if self._current is not None:
            try:
                with self.workspace.session() as session:
                    auth.record_lock(session, actor=self._current, reason=reason)
            except Exception:  # noqa: BLE001 - auditing a lock must never keep the screen unlocked
                import logging

                logging.getLogger(__name__).exception("could not audit the lock")
        if reason == "idle":  # nobody at the desk: the one moment a full garbage collection is not felt
            from clinic_desktop.ui.common import heap

            QTimer.singleShot(0, heap.collect_while_idle)
        self.locked.emit()

    def switch_staff(self) -> None:
        """Lock and ask for another person's user name and password (quick switch)."""
        self.lock(reason="switch", switch=True)

    def _on_signed_in(self, member: StaffMember) -> None:
        self._unlock()
        self.set_current_staff(member)

    def _unlock(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._blocker)
        for cover in self._covers:
            cover.hide()
            cover.deleteLater()
        self._covers = []
        if self._overlay is not None:
            self._overlay.hide()
            self._overlay.deleteLater()
            self._overlay = None
        if self._window is not None:
            self.idle_watcher.start()
        self.unlocked.emit()
