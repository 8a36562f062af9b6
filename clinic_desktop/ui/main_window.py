"""The application shell: page list on the left, pages in a stack, menus, and the "At the desk" chooser.

Adding a page is one line in the ``PAGES`` section below: ``(title, factory)`` where ``factory(window)``
returns the page's QWidget. Pages are built the first time they are shown. A page gets everything it
needs from the window: ``window.workspace``,
``window.current_staff()``, the ``window.staffChanged`` signal and ``window.show_status(text)``. Optional
page hooks the shell uses when present: ``refresh()`` (called when the page is shown and when the staff
member changes), ``save_pdf()`` + ``can_save_pdf()`` (File > Save PDF…).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop import APP_NAME, __version__, paths
from clinic_desktop.models import StaffMember
from clinic_desktop.services.database_location import database_location_warning
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace, active_staff

log = logging.getLogger(__name__)

PageFactory = Callable[["MainWindow"], QWidget]
#: How often an idle window checks that the data and its signed-in account are unchanged (milliseconds).
CHECK_EVERY_MS = 15_000


class StatusMessage(QLabel):
    """The status bar's message (``MainWindow.show_status``): one line in the room left of the permanent
    widgets ("Signed in: …"), cut with "…" when longer, the whole text in its tooltip. Never overlaps them:
    it takes only the width the status bar gives it (size policy Ignored)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(lambda: self.set_message(""))

    def message(self) -> str:
        """The whole message shown now ("" when none)."""
        return self._full

    def set_message(self, text: str, msecs: int = 0) -> None:
        """Show ``text`` (one line; cleared after ``msecs`` ms when > 0)."""
        self._full = " ".join(text.split())
        self._elide()
        if msecs > 0:
            self._timer.start(msecs)
        else:
            self._timer.stop()

    def _elide(self) -> None:
        width = max(0, self.width() - 4)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()


def _today(window: MainWindow) -> QWidget:
    from clinic_desktop.ui.checkout.today_page import TodayPage

    return TodayPage(window)


def _follow_ups(window: MainWindow) -> QWidget:
    from clinic_desktop.ui.followups.followups_page import FollowUpsPage

    return FollowUpsPage(window)


def _patients(window: MainWindow) -> QWidget:
    from clinic_desktop.ui.patients.patients_page import PatientsPage

    return PatientsPage(window)


def _reports(window: MainWindow) -> QWidget:
    from clinic_desktop.ui.reports.report_page import (
        ReportPage,  # QtCharts: loaded when the page is first opened
    )

    page = ReportPage(window.workspace, window.current_staff)
    window.staffChanged.connect(lambda _staff: page.apply_permissions())
    return page


# ===================================================================================================== PAGES
# One line per page: (title shown in the navigation list, factory(window) -> QWidget). Order = list order.
# A page is built the first time it is shown (the first one at start-up), so heavy imports wait till then.
PAGES: list[tuple[str, PageFactory]] = [
    ("Today", _today),
    ("Follow-ups", _follow_ups),
    ("Patients", _patients),
    ("Reports", _reports),
]
# ================================================================================================= end PAGES


class MainWindow(QMainWindow):
    """The main window on ``engine``; ``staffChanged(StaffMember | None)`` fires when the actor changes."""

    staffChanged = Signal(object)  # noqa: N815 (Qt signal naming)
    workspaceMoved = Signal(str)  # noqa: N815 - the data or the account changed under the window (the reason)

    def __init__(self, workspace: Workspace, pages: list[tuple[str, PageFactory]] | None = None, guard=None):  # noqa: ANN001
        """``guard``: a signed-in ui.signin.session_guard.SessionGuard (the app); None gives the dev/test staff chooser."""
        super().__init__()
        self.workspace = Workspace.of(workspace)
        self.guard = guard
        self._staff: StaffMember | None = None
        self._leaving_row: int | None = None
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.demo_banner: QLabel | None = None

        self.nav = QListWidget()
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        central = QWidget()
        body = QHBoxLayout(central)
        body.setContentsMargins(6, 6, 6, 0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._mark_demo(central)

        self.status_message = StatusMessage()
        self.statusBar().addWidget(self.status_message, 1)
        self._show_location_warning(self.workspace.engine)
        if guard is None:
            self._install_staff_chooser()
        else:
            self._install_signed_in_label(guard)
        self.pages: dict[str, QWidget] = {}  # pages built so far, by title
        self._factories: dict[str, PageFactory] = {}
        for title, factory in pages if pages is not None else PAGES:
            self.add_page(title, factory)
        self.nav.currentRowChanged.connect(self._show_page)
        self._build_menus()
        self.staffChanged.connect(lambda _s: self._staff_changed())
        if self.nav.count():
            self.nav.setCurrentRow(0)
        self.update_actions()
        QTimer.singleShot(0, self._report_protocol_findings)  # after the first paint: start-up stays fast
        # a restore, or this person's account disabled/changed elsewhere: sign in again, reload every page
        # (through a queued signal: the check may run in a background worker's thread)
        self.workspaceMoved.connect(self._sign_in_again, Qt.ConnectionType.QueuedConnection)
        self.workspace.on_moved(self.workspaceMoved.emit)
        self.epoch_timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.epoch_timer.timeout.connect(self.check_workspace)
        self.epoch_timer.start()

    @property
    def engine(self):  # noqa: ANN201 - kept for callers that still pass the engine on (tests, backups)
        """The workspace's engine."""
        return self.workspace.engine

    def check_workspace(self) -> bool:
        """Cheap check (two tiny reads) that the data and the signed-in account did not change under this
        window; on the window's timer and whenever it gets the focus. False when a new sign-in is due."""
        from clinic_desktop.services.workspace import SignInRequired

        try:
            self.workspace.check()
        except SignInRequired:
            return False
        except Exception:  # noqa: BLE001 - a failed check (database briefly busy) is retried on the next tick
            import logging

            logging.getLogger(__name__).warning("workspace check failed", exc_info=True)
        return True

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt API)
        """Check the workspace when the window comes to the front."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_workspace()

    def _sign_in_again(self, reason: str) -> None:
        """The workspace moved: nobody is signed in any more; show why, ask for a sign-in (the lock screen
        in switch mode) and reload every page built so far."""
        if self.guard is not None:
            self.guard.set_current_staff(None)
        self.set_current_staff(None)
        self.show_status(reason, 0)
        for page in self.pages.values():
            if hasattr(page, "refresh"):
                page.refresh()
        if self.guard is not None:
            self.guard.lock(reason="sign in again", switch=True)
            overlay = self.guard.overlay
            if overlay is not None:  # say why on the sign-in screen itself (the status bar is covered)
                overlay.detail_label.setText(f"{reason}\nAny staff member can sign in here.")

    def _mark_demo(self, central: QWidget) -> None:
        """A demo database says so in the title and in a banner above every page."""
        from clinic_desktop.services.clinic import DEMO_MARK, is_demo_database

        with self.workspace.session() as session:
            if not is_demo_database(session):
                return
        self.setWindowTitle(f"{APP_NAME} — {DEMO_MARK}")
        banner = QLabel(f"{DEMO_MARK}: demo database, made-up patients. Do not enter real patients here.")
        banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        banner.setStyleSheet("QLabel { background: #b3261e; color: white; font-weight: bold; padding: 4px; }")
        wrapper = QWidget()
        column = QVBoxLayout(wrapper)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(banner)
        column.addWidget(central, 1)
        self.setCentralWidget(wrapper)
        self.demo_banner = banner

    def _report_protocol_findings(self) -> None:
        """Say in the status bar when the protocol checks found something (details: Approve protocols…)."""
        from clinic_desktop.services.protocols import protocol_findings

        findings = protocol_findings()
        if findings:
            errors = sum(f.level == "error" for f in findings)
            self.show_status(f"Protocol checks: {errors} error(s), {len(findings) - errors} warning(s) — "
                             "see Clinic → Approve protocols…", 0)

    # ------------------------------------------------------------------ pages

    def add_page(self, title: str, factory: PageFactory) -> None:
        """Append a page to the navigation list; ``factory(window)`` builds it when it is first shown."""
        self._factories[title] = factory
        self.nav.addItem(title)
        self.stack.addWidget(QWidget())  # placeholder until built

    def page(self, title: str) -> QWidget:
        """The page called ``title``, built now if it was not yet."""
        if title not in self.pages:
            row = list(self._factories).index(title)
            built = self._factories[title](self)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, built)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[title] = built
        return self.pages[title]

    def show_page(self, title: str) -> QWidget:
        """Switch to the page called ``title`` and return it."""
        self.nav.setCurrentRow(list(self._factories).index(title))
        return self.page(title)

    def current_page(self) -> QWidget | None:
        """The page shown."""
        return self.stack.currentWidget()

    def _page_may_be_left(self, page: QWidget | None) -> bool:
        """Ask a page with unsaved work (``confirm_leave()``) whether it may be left."""
        confirm = getattr(page, "confirm_leave", None)
        return bool(confirm()) if callable(confirm) else True

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        shown = self.stack.currentWidget()
        if self._leaving_row is not None and shown in self.pages.values() and row != self._leaving_row:
            if not self._page_may_be_left(shown):
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(self._leaving_row)
                self.nav.blockSignals(False)
                return
        self._leaving_row = row
        title = list(self._factories)[row]
        fresh = title not in self.pages
        page = self.page(title)
        self.stack.setCurrentWidget(page)
        if not fresh and hasattr(page, "refresh"):
            page.refresh()
        self.update_actions()

    def _show_location_warning(self, engine) -> None:  # noqa: ANN001 (the workspace's engine)
        """A SQLite file on a network share: say so at start (status line) and keep a badge in the status
        bar whose tooltip gives the whole warning."""
        self.location_warning = database_location_warning(engine)
        if not self.location_warning:
            return
        badge = QLabel("⚠ Database on a network share")
        badge.setObjectName("networkShareWarning")
        badge.setStyleSheet("color: #8a4b00; font-weight: bold; padding: 0 6px;")
        badge.setToolTip(self.location_warning)
        self.statusBar().addPermanentWidget(badge)
        self.status_message.set_message(self.location_warning)

    # ------------------------------------------------------------------ acting staff member
    # The auth integration replaces this one method (and may keep current_staff/set_current_staff).

    def _install_staff_chooser(self) -> None:
        """Status bar: "At the desk:" and a chooser of active staff; it sets the acting staff member."""
        self.staff_chooser = QComboBox()
        self.staff_chooser.setMinimumWidth(220)
        with self.workspace.session() as session:
            members = active_staff(session)
        self._members = {m.id: m for m in members}
        for member in members:
            self.staff_chooser.addItem(f"{member.full_name} ({member.role.value})", member.id)
        label = QLabel("At the desk:")
        label.setBuddy(self.staff_chooser)
        self.statusBar().addPermanentWidget(label)
        self.statusBar().addPermanentWidget(self.staff_chooser)
        self.staff_chooser.currentIndexChanged.connect(
            lambda _i: self.set_current_staff(self._members.get(self.staff_chooser.currentData())))
        self._staff = self._members.get(self.staff_chooser.currentData())
        self.workspace.sign_in(self._staff)
        if not members:
            self.staff_chooser.addItem("No staff accounts yet", None)
            self.staff_chooser.setEnabled(False)

    def _install_signed_in_label(self, guard) -> None:  # noqa: ANN001
        """Status bar: who is signed in (from the SessionGuard), with Lock and Switch person at hand."""
        self.staff_chooser = None
        self.signed_in_label = QLabel()
        self.statusBar().addPermanentWidget(self.signed_in_label)
        self._staff = guard.current_staff
        self.workspace.sign_in(self._staff)
        self._show_signed_in(self._staff)
        guard.staff_changed.connect(self.set_current_staff)

    def _show_signed_in(self, member: StaffMember | None) -> None:
        if getattr(self, "signed_in_label", None) is None:
            return
        if member is None:
            self.signed_in_label.setText("Nobody signed in")
        else:
            self.signed_in_label.setText(f"Signed in: <b>{escape(member.full_name)}</b> ({member.role.value}) "
                                         "· Ctrl+L locks")

    def current_staff(self) -> StaffMember | None:
        """The acting staff member passed to every service call (None when nobody is at the desk)."""
        return self._staff

    def set_current_staff(self, member: StaffMember | None) -> None:
        """Make ``member`` the acting staff member and emit ``staffChanged``."""
        if member is self._staff:
            return
        self._staff = member
        self.workspace.sign_in(member)
        self._show_signed_in(member)
        if member is not None and member.must_change_password:
            QTimer.singleShot(0, lambda: self._ask_new_password_if_reset(self._staff))
        if self.staff_chooser is None:
            self.staffChanged.emit(member)
            return
        index = self.staff_chooser.findData(member.id) if member is not None else -1
        if index >= 0 and index != self.staff_chooser.currentIndex():
            self.staff_chooser.blockSignals(True)
            self.staff_chooser.setCurrentIndex(index)
            self.staff_chooser.blockSignals(False)
        self.staffChanged.emit(member)

    def open_products(self) -> None:
        """The product catalogue with possible duplicates (managers merge them)."""
        from clinic_desktop.ui.admin.products_dialog import ProductsDialog

        dialog = ProductsDialog(self.workspace, self.current_staff, self)
        dialog.exec()
        dialog.deleteLater()

    def change_my_password(self, *, required: bool = False) -> bool:
        """Change the signed-in staff member's own password (File menu, Ctrl+Shift+P); True when changed."""
        from clinic_desktop.ui.signin.password_dialog import ChangePasswordDialog

        if self.current_staff() is None:
            return False
        dialog = ChangePasswordDialog(self.workspace, self.current_staff, self, required=required)
        changed = bool(dialog.exec()) and dialog.changed
        dialog.deleteLater()
        if changed:
            member = self.current_staff()
            if member is not None:
                member.must_change_password = False
            self.show_status("Your password was changed.")
        return changed

    def _ask_new_password_if_reset(self, member: StaffMember | None) -> None:
        """After an administrator's reset, the person chooses their own password before going on; until then
        the desk is locked again (the form comes back at the next sign-in)."""
        if member is None or not member.must_change_password:
            return
        if not self.change_my_password(required=True) and self.guard is not None:
            lock = getattr(self.guard, "lock_action", None)
            if lock is not None:
                lock.trigger()

    def _staff_changed(self) -> None:
        page = self.current_page() if self.stack.currentWidget() in self.pages.values() else None
        if hasattr(page, "refresh"):
            page.refresh()
        self.update_actions()

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.save_pdf_action = QAction("&Save PDF…", self, shortcut=QKeySequence.StandardKey.Save)
        self.save_pdf_action.triggered.connect(self._save_pdf)
        file_menu.addAction(self.save_pdf_action)
        file_menu.addSeparator()
        if self.guard is not None:
            file_menu.addAction(self.guard.lock_action)
            file_menu.addAction(self.guard.switch_action)
            file_menu.addSeparator()
        self.password_action = QAction("Change my &password…", self, shortcut=QKeySequence("Ctrl+Shift+P"))
        self.password_action.triggered.connect(lambda: self.change_my_password())
        file_menu.addAction(self.password_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        clinic_menu = self.menuBar().addMenu("&Clinic")
        self.profile_action = QAction("Clinic &profile…", self)
        self.profile_action.triggered.connect(self.open_clinic_profile)
        clinic_menu.addAction(self.profile_action)
        self.approve_action = QAction("&Approve protocols…", self)
        self.approve_action.triggered.connect(self.open_protocol_approval)
        clinic_menu.addAction(self.approve_action)

        self.products_action = QAction("P&roducts and batches…", self)
        self.products_action.triggered.connect(self.open_products)
        clinic_menu.addAction(self.products_action)
        clinic_menu.addSeparator()
        self.audit_action = QAction("Audit &trail…", self)
        self.audit_action.triggered.connect(self.open_audit_trail)
        clinic_menu.addAction(self.audit_action)
        from clinic_desktop.ui.patients.photos.hooks import install_menu_action  # clinical photos (issue #16)

        self.patient_file_action = install_menu_action(self, clinic_menu)
        admin_menu = self.menuBar().addMenu("&Admin")
        admin_menu.setToolTipsVisible(True)  # a disabled Back up / Restore says why, and what to do instead
        self.staff_action = QAction("&Staff accounts…", self)
        self.staff_action.triggered.connect(self.open_staff_admin)
        admin_menu.addAction(self.staff_action)
        admin_menu.addSeparator()
        self.backup_action = QAction("&Back up now", self)
        self.backup_action.triggered.connect(self.backup_now)
        admin_menu.addAction(self.backup_action)
        self.restore_action = QAction("&Restore from a backup…", self)
        self.restore_action.triggered.connect(self.restore_backup)
        admin_menu.addAction(self.restore_action)

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def update_actions(self) -> None:
        """Enable menu actions for the acting staff member's role and the page shown."""
        if not hasattr(self, "save_pdf_action"):
            return
        staff = self.current_staff()
        page = self.current_page()
        can_save = getattr(page, "can_save_pdf", None)
        self.save_pdf_action.setEnabled(bool(can_save and can_save()))
        self.profile_action.setEnabled(allowed(staff, Permission.edit_clinic_profile))
        self.approve_action.setEnabled(allowed(staff, Permission.approve_protocol))
        self.audit_action.setEnabled(allowed(staff, Permission.view_audit))
        self.staff_action.setEnabled(allowed(staff, Permission.manage_staff))
        self.password_action.setEnabled(staff is not None)
        self.products_action.setEnabled(allowed(staff, Permission.record_treatment_session))
        why = "Managers and administrators only."
        for action in (self.profile_action, self.approve_action, self.audit_action):
            action.setStatusTip("" if action.isEnabled() else why)
        self.staff_action.setStatusTip("" if self.staff_action.isEnabled() else "Administrators only.")
        self._update_backup_actions(allowed(staff, Permission.manage_backups))

    def _update_backup_actions(self, is_admin: bool) -> None:
        """Back up / Restore: administrators only, and only where this database can do them; a disabled
        action says why (and what to do instead) in its status tip and tooltip."""
        from clinic_desktop.services import backups

        if not hasattr(self, "_backup_availability"):  # looked up once: the tools do not move while open
            self._backup_availability = backups.backup_availability(self.engine)
            self._restore_availability = backups.restore_availability(self.engine)
        for action, available in ((self.backup_action, self._backup_availability),
                                  (self.restore_action, self._restore_availability)):
            action.setEnabled(is_admin and available.ok)
            reason = "" if action.isEnabled() else (available.reason if not available.ok else "Administrators only.")
            action.setStatusTip(reason)
            action.setToolTip(reason or action.text().replace("&", ""))

    def show_status(self, text: str, msecs: int = 8000) -> None:
        """A short message in the status bar (cut with "…" if it does not fit beside "Signed in: …")."""
        self.status_message.set_message(text, msecs)

    def _save_pdf(self) -> None:
        page = self.current_page()
        if hasattr(page, "save_pdf"):
            page.save_pdf()

    def open_clinic_profile(self) -> None:
        """The clinic profile dialog (managers); refreshes the page after a save."""
        from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog

        dialog = ClinicProfileDialog(self.workspace, self.current_staff, self)
        accepted = dialog.exec()
        saved = dialog.saved
        dialog.deleteLater()
        if accepted:
            if self.guard is not None and saved is not None:
                self.guard.set_idle_minutes(saved.idle_lock_minutes)  # the new idle lock applies at once
            self.show_status("Clinic profile saved.")
            self._staff_changed()

    def open_protocol_approval(self) -> None:
        """The protocol approval dialog (managers)."""
        dialog = ProtocolApprovalDialog(self.workspace, self.current_staff, self)
        dialog.exec()
        dialog.deleteLater()

    def open_audit_trail(self) -> None:
        """The audit trail viewer with its chain check (managers and administrators)."""
        from clinic_desktop.ui.admin.audit_viewer import open_audit_viewer

        open_audit_viewer(self.workspace, self.current_staff(), self)

    def open_staff_admin(self) -> None:
        """Staff accounts: add, change role, reset password, deactivate (administrators)."""
        from clinic_desktop.ui.admin.staff_admin import open_staff_admin

        open_staff_admin(self.workspace, self.current_staff(), self)

    def backup_now(self) -> Path | None:
        """Admin > Back up now: an integrity-checked copy of the database in the backups folder."""
        from clinic_desktop.services import backups
        from clinic_desktop.services.errors import ClinicError

        try:
            with self.workspace.session() as session:
                path = backups.backup_now(session, actor=self.current_staff(), reason="on-demand")
        except ClinicError as exc:
            QMessageBox.warning(self, "Back up", str(exc))
            return None
        self.show_status(f"Backup written and checked: {path}")
        return path

    def restore_backup(self) -> bool:
        """Admin > Restore: pick a backup, confirm, restore (the current data is backed up first), sign in again."""
        from PySide6.QtWidgets import QFileDialog

        from clinic_desktop.services import backups
        from clinic_desktop.services.errors import ClinicError

        folder = str(backups.backups_folder(self.workspace.engine))
        chosen, _ = QFileDialog.getOpenFileName(self, "Restore from a backup", folder,
                                                "Clinic Desktop backups (*.sqlite3);;All files (*)")
        if not chosen:
            return False
        answer = QMessageBox.question(
            self, "Restore from a backup",
            f"Replace all current records with the backup\n{Path(chosen).name}?\n\n"
            "The current data is backed up first, so this can be undone by restoring that copy.")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        confirm_other_clinic = False
        while True:
            try:
                from PySide6.QtWidgets import QApplication

                self.show_status("Checking the backup and restoring it…", 0)
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # seconds on a large clinic
                try:
                    result = backups.restore_backup(self.workspace.engine, actor=self.current_staff(),
                                                    backup_path=Path(chosen), confirm_other_clinic=confirm_other_clinic)
                finally:
                    QApplication.restoreOverrideCursor()
                    self.show_status("")
                break
            except backups.OtherClinicBackup as exc:
                again = QMessageBox.warning(
                    self, "Restore a backup of another clinic?",
                    f"{exc}\n\nRestore “{exc.backup_clinic}” anyway?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No)
                if again != QMessageBox.StandardButton.Yes:
                    return False
                confirm_other_clinic = True
            except ClinicError as exc:
                log.info("restore refused: %s", exc)
                QMessageBox.warning(self, "Restore from a backup", str(exc))
                return False
        saved = (f" The data before the restore was saved as {result.safety_backup.name}."
                 if result.safety_backup else "")
        QMessageBox.information(self, "Restore from a backup", f"Restored {Path(chosen).name}.{saved}")
        for page in self.pages.values():
            if hasattr(page, "refresh"):
                page.refresh()
        if self.guard is not None:
            self.guard.lock()
        return True

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt API)
        """Ask every page with unsaved work before the window closes."""
        for page in self.pages.values():
            if not self._page_may_be_left(page):
                event.ignore()
                return
        event.accept()

    def show_about(self) -> None:
        """Help > About: version and font licences."""
        box = self.about_box()
        box.exec()
        box.deleteLater()

    def about_box(self) -> QMessageBox:
        """Version, and the licences of the bundled fonts (the full texts under "Show Details…")."""
        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        licences = sorted(paths.fonts_dir().glob("LICENSE*")) + sorted(paths.fonts_dir().glob("OFL*"))
        fonts = sorted({p.stem.split("-")[0] for p in paths.fonts_dir().glob("*.ttf")})
        box.setText(f"<b>{APP_NAME}</b> {__version__}<br>Patient record, aftercare sheets and "
                    "complication register for aesthetic clinics.")
        box.setInformativeText("Bundled fonts: " + (", ".join(fonts) or "none")
                               + ". Their licences are under “Show Details…”.")
        box.setDetailedText("\n\n".join(f"== {p.name} ==\n{p.read_text(encoding='utf-8', errors='replace')}"
                                        for p in licences))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return box


class ProtocolApprovalDialog(QDialog):
    """Every treatment's current protocol version and whether it is approved; approve the selected one."""

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Approve protocols")
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.list = QListWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.approve_button = buttons.addButton("Approve selected", QDialogButtonBox.ButtonRole.ActionRole)
        self.approve_button.clicked.connect(self.approve_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A protocol that is not approved prints with a DRAFT mark."))
        layout.addWidget(self.list)
        self.checks_label = QLabel("Protocol checks")
        self.checks = QListWidget()
        self.checks.setWordWrap(True)
        layout.addWidget(self.checks_label)
        layout.addWidget(self.checks)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(640, 480)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list of protocols with their approval state."""
        from clinic_desktop.services import protocols

        self.list.clear()
        self.checks.clear()
        findings = protocols.protocol_findings()
        for finding in findings:
            self.checks.addItem(f"{finding.level.capitalize()}: {finding.file}, {finding.field}: {finding.message}")
            colour = "#b3261e" if finding.level == "error" else "#8a5a00"
            self.checks.item(self.checks.count() - 1).setForeground(QColor(colour))
        if not findings:
            self.checks.addItem("Every protocol passed its checks.")
        self.checks_label.setText(f"Protocol checks ({len(findings)} to look at)" if findings else "Protocol checks")
        with self._workspace.session() as session:
            seen: set[str] = set()
            for (pid, _lang), bundled in sorted(protocols.bundled_protocols().items()):
                if pid in seen:
                    continue
                seen.add(pid)
                state = "approved" if protocols.is_approved(session, bundled) else "draft — not approved"
                self.list.addItem(f"{bundled.protocol.treatment_name} — version {bundled.protocol.version}"
                                  f" ({state})")
                self.list.item(self.list.count() - 1).setData(Qt.ItemDataRole.UserRole, pid)

    def approve_selected(self) -> None:
        """Approve the selected protocol's current version in every language."""
        from clinic_desktop.services import protocols
        from clinic_desktop.services.errors import ClinicError

        item = self.list.currentItem()
        if item is None:
            self.message.setText("Select a protocol first.")
            return
        try:
            with self._workspace.session() as session:
                protocols.approve_protocol(session, actor=self._actor(),
                                           protocol_id=item.data(Qt.ItemDataRole.UserRole))
        except ClinicError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("Approved.")
        self.refresh()
