"""The application shell: page list on the left, pages in a stack, menus, and the "At the desk" chooser.

Adding a page is one line in the ``PAGES`` section below: ``(title, factory, permission)`` where
``factory(window)`` returns the page's QWidget and ``permission`` (services.permissions.Permission, or None)
is what a role needs to see the page at all: a role without it does not see the page in the list, in the
Go menu or through its Ctrl+number shortcut. Pages are built the first time they are shown. A page gets
everything it needs from the window: ``window.workspace``, ``window.current_staff()``, the
``window.staffChanged`` signal and ``window.show_status(text)``. Optional page hooks the shell uses when
present: ``refresh()`` (called when the page is shown and when the staff member changes), ``save_pdf()`` +
``can_save_pdf()`` (File > Save PDF…), ``print_aftercare()`` + ``can_print_aftercare()`` (File > Print
aftercare…, Ctrl+P), ``new_patient()`` and ``record_treatment_session()`` (the Today page: Ctrl+N, Ctrl+R),
``focus_search()`` (the Patients page: Ctrl+F), and ``confirm_leave()`` or ``has_unsaved_changes()`` (asked
before the page is left: a page with typed, unsaved work gets "Discard what you typed?").

Keyboard: every menu action shows its shortcut in the menu and in its tooltip (``shortcut_tip``); the page
buttons that do the same job reuse the action's tooltip.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
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
from clinic_desktop.ui.signin.card import role_label

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
        # line breaks and runs of spaces become one space; the non-breaking spaces of French (« : », « ? ») stay
        self._full = re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()
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
# One line per page: (title, factory(window) -> QWidget, permission a role needs to see it, or None).
# Order = list order = Ctrl+1, Ctrl+2… A page is built the first time it is shown (the first one at
# start-up), so heavy imports wait till then. The title is the page's key (``show_page("Patients")``);
# the list shows it translated (QT_TRANSLATE_NOOP marks it for the translators, context "MainWindow").
PAGES: list[tuple[str, PageFactory, Permission | None]] = [
    (QT_TRANSLATE_NOOP("MainWindow", "Today"), _today, Permission.view_patients),
    (QT_TRANSLATE_NOOP("MainWindow", "Follow-ups"), _follow_ups, Permission.view_patients),
    (QT_TRANSLATE_NOOP("MainWindow", "Patients"), _patients, Permission.view_patients),
    (QT_TRANSLATE_NOOP("MainWindow", "Reports"), _reports, Permission.view_reports),
]
# ================================================================================================= end PAGES


def shortcut_text(action: QAction) -> str:
    """The action's first shortcut as the platform writes it ("Ctrl+N", "⌘N" on macOS), or ""."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def shortcut_tip(action: QAction, what: str) -> str:
    """Give ``action`` the tooltip and status tip ``what`` followed by its shortcut ("Add a patient
    (Ctrl+N)"); returns the tooltip, which page buttons doing the same job reuse."""
    keys = shortcut_text(action)
    tip = what
    if keys:
        tip = QCoreApplication.translate("MainWindow", "{what} ({keys})").format(what=what, keys=keys)
    action.setToolTip(tip)
    action.setStatusTip(what)
    return tip


class MainWindow(QMainWindow):
    """The main window on ``engine``; ``staffChanged(StaffMember | None)`` fires when the actor changes."""

    staffChanged = Signal(object)  # noqa: N815 (Qt signal naming)
    workspaceMoved = Signal(str)  # noqa: N815 - the data or the account changed under the window (the reason)

    def __init__(self, workspace: Workspace, pages: list[tuple] | None = None, guard=None):  # noqa: ANN001
        """``pages``: entries like ``PAGES``, ``(title, factory)`` or ``(title, factory, permission)``
        (default ``PAGES``). ``guard``: a signed-in ui.signin.session_guard.SessionGuard (the app); None gives the
        dev/test staff chooser."""
        super().__init__()
        self.workspace = Workspace.of(workspace)
        self.guard = guard
        self._staff: StaffMember | None = None
        self._leaving_row: int | None = None
        self._forced_switch = False
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
        self._page_permissions: dict[str, Permission | None] = {}
        self.page_actions: dict[str, QAction] = {}  # Go menu: one per page, Ctrl+1…Ctrl+9 in page order
        self.go_menu = None
        for entry in pages if pages is not None else PAGES:
            self.add_page(*entry)
        self.nav.currentRowChanged.connect(self._show_page)
        self._build_menus()
        self.staffChanged.connect(lambda _s: self._staff_changed())
        self.update_actions()  # hides the pages this role may not use
        first = self._first_visible_row()
        if first is not None:
            self.nav.setCurrentRow(first)
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
                overlay.detail_label.setText(
                    self.tr("{reason}\nAny staff member can sign in here.").format(reason=reason))

    def _mark_demo(self, central: QWidget) -> None:
        """A demo database says so in the title and in a banner above every page."""
        from clinic_desktop.services.clinic import demo_mark, is_demo_database
        from clinic_desktop.ui.common import i18n

        with self.workspace.session() as session:
            if not is_demo_database(session):
                return
        mark = demo_mark(i18n.current_language())
        self.setWindowTitle(self.tr("{app} — {demo}").format(app=APP_NAME, demo=mark))
        banner = QLabel(self.tr("{demo}: demo database, made-up patients. Do not enter real patients here.")
                        .format(demo=mark))
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
            text = self.tr("Protocol checks: {errors} error(s), {warnings} warning(s) — "
                           "see Clinic → Approve protocols…")
            self.show_status(text.format(errors=errors, warnings=len(findings) - errors), 0)

    # ------------------------------------------------------------------ pages

    def add_page(self, title: str, factory: PageFactory, permission: Permission | None = None) -> None:
        """Append a page to the navigation list and the Go menu; ``factory(window)`` builds it when it is
        first shown. ``permission``: what a role needs to see the page (None: every signed-in person)."""
        row = len(self._factories)
        self._factories[title] = factory
        self._page_permissions[title] = permission
        shown = self.tr(title)  # PAGES titles are marked with QT_TRANSLATE_NOOP("MainWindow", …)
        self.nav.addItem(shown)
        self.stack.addWidget(QWidget())  # placeholder until built
        action = QAction(shown, self)
        if row < 9:
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
        tip = shortcut_tip(action, self.tr("Show the {page} page").format(page=shown))
        self.nav.item(row).setToolTip(tip)
        action.triggered.connect(lambda _checked=False, r=row: self.nav.setCurrentRow(r))
        self.addAction(action)  # the shortcut works even while the Go menu is hidden by a test's custom menu
        self.page_actions[title] = action
        if self.go_menu is not None:
            self.go_menu.insertAction(self._go_separator, action)

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
        """Switch to the page called ``title`` and return it (built even when the switch is refused: the
        person kept typed work on the page shown, or their role does not see that page)."""
        self.nav.setCurrentRow(list(self._factories).index(title))
        return self.page(title)

    def current_page(self) -> QWidget | None:
        """The page shown."""
        return self.stack.currentWidget()

    def page_allowed(self, title: str) -> bool:
        """True when the acting staff member's role sees the page ``title``."""
        permission = self._page_permissions.get(title)
        return permission is None or allowed(self.current_staff(), permission)

    def visible_pages(self) -> list[str]:
        """Titles of the pages in the navigation list now (the acting role's), in order."""
        return [title for row, title in enumerate(self._factories) if not self.nav.item(row).isHidden()]

    def _first_visible_row(self) -> int | None:
        return next((row for row in range(self.nav.count()) if not self.nav.item(row).isHidden()), None)

    def _apply_page_visibility(self) -> None:
        """Hide (not grey) the pages the acting role cannot use, with their Go menu actions; leave a page
        that became hidden (after a quick switch to another person) for the first one still shown."""
        for row, title in enumerate(self._factories):
            ok = self.page_allowed(title)
            self.nav.item(row).setHidden(not ok)
            self.page_actions[title].setVisible(ok)
            self.page_actions[title].setEnabled(ok)
        row = self.nav.currentRow()
        if row >= 0 and self.nav.item(row).isHidden():
            first = self._first_visible_row()
            if first is not None:
                self._forced_switch = True  # the new person cannot use the page: no question to ask
                try:
                    self.nav.setCurrentRow(first)
                finally:
                    self._forced_switch = False

    def _page_may_be_left(self, page: QWidget | None) -> bool:
        """Ask a page with unsaved work whether it may be left: its own ``confirm_leave()`` when it has
        one, else "Discard what you typed?" when its ``has_unsaved_changes()`` is true."""
        confirm = getattr(page, "confirm_leave", None)
        if callable(confirm):
            return bool(confirm())
        unsaved = getattr(page, "has_unsaved_changes", None)
        if callable(unsaved) and unsaved():
            from clinic_desktop.ui.common.forms import confirm_discard

            return confirm_discard(self)
        return True

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        shown = self.stack.currentWidget()
        title = list(self._factories)[row]
        refused = False
        if self.nav.item(row).isHidden() and not getattr(self, "_forced_switch", False):
            refused = True  # a page this role does not see is never shown (e.g. asked for by its row)
        elif (self._leaving_row is not None and shown in self.pages.values() and row != self._leaving_row
              and not getattr(self, "_forced_switch", False) and not self._page_may_be_left(shown)):
            refused = True
        if refused:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self._leaving_row if self._leaving_row is not None else -1)
            self.nav.blockSignals(False)
            return
        self._leaving_row = row
        fresh = title not in self.pages
        page = self.page(title)
        if fresh:
            from clinic_desktop.ui.common import heap

            heap.keep_built()  # the page and its modules live as long as the window: out of the collector's walk
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
        badge = QLabel(self.tr("⚠ Database on a network share"))
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
            text = self.tr("{name} ({role})").format(name=member.full_name,
                                                     role=role_label(member.role).lower())
            self.staff_chooser.addItem(text, member.id)
        label = QLabel(self.tr("At the &desk:"))
        label.setBuddy(self.staff_chooser)
        self.statusBar().addPermanentWidget(label)
        self.statusBar().addPermanentWidget(self.staff_chooser)
        self.staff_chooser.currentIndexChanged.connect(
            lambda _i: self.set_current_staff(self._members.get(self.staff_chooser.currentData())))
        self._staff = self._members.get(self.staff_chooser.currentData())
        self.workspace.sign_in(self._staff)
        if not members:
            self.staff_chooser.addItem(self.tr("No staff accounts yet"), None)
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
            self.signed_in_label.setText(self.tr("Nobody signed in"))
        else:
            lock = getattr(self.guard, "lock_action", None)
            keys = shortcut_text(lock) if lock is not None else ""
            text = (self.tr("Signed in: <b>{name}</b> ({role}) · {keys} locks") if keys
                    else self.tr("Signed in: <b>{name}</b> ({role})"))
            self.signed_in_label.setText(text.format(name=escape(member.full_name),
                                                     role=role_label(member.role).lower(), keys=keys))

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
            self.show_status(self.tr("Your password was changed."))
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
        """Another person at the desk: their role's pages and actions (leaving a page they do not see),
        and the page shown read again for them."""
        before = self.stack.currentWidget()
        self.update_actions()
        page = self.current_page() if self.stack.currentWidget() in self.pages.values() else None
        if page is before and hasattr(page, "refresh"):  # a page switched to was just refreshed
            page.refresh()
            self.update_actions()

    # ------------------------------------------------------------------ menus

    def _action(self, text: str, what: str, slot: Callable[[], object], shortcut=None,  # noqa: ANN001
                fallback: str | None = None) -> QAction:
        """A menu action of this window: ``text`` in the menu, ``what`` (and the shortcut) in its tooltip.
        ``shortcut``: a QKeySequence.StandardKey (every binding the platform has for it) or a key string;
        ``fallback``: the keys used where the platform has no binding for that standard key."""
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if action.shortcut().isEmpty() and fallback:
            action.setShortcut(QKeySequence(fallback))
        action.triggered.connect(lambda _checked=False: slot())
        shortcut_tip(action, what)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_patient_action = self._action(
            self.tr("&New patient…"), self.tr("Add a new patient"), self.new_patient,
            QKeySequence.StandardKey.New, fallback="Ctrl+N")
        self.record_action = self._action(
            self.tr("&Record treatment session…"), self.tr("Record a treatment session"),
            self.record_treatment_session, "Ctrl+R")
        self.print_aftercare_action = self._action(
            self.tr("&Print aftercare…"), self.tr("Preview, print or save the aftercare sheet of the selected line"),
            self.print_aftercare, QKeySequence.StandardKey.Print, fallback="Ctrl+P")
        self.save_pdf_action = self._action(
            self.tr("&Save PDF…"), self.tr("Save the page's document as a PDF"), self._save_pdf,
            QKeySequence.StandardKey.Save, fallback="Ctrl+S")
        for action in (self.new_patient_action, self.record_action, self.print_aftercare_action):
            file_menu.addAction(action)
        file_menu.addAction(self.save_pdf_action)
        file_menu.addSeparator()
        if self.guard is not None:
            for action in (self.guard.lock_action, self.guard.switch_action):
                if shortcut_text(action) not in action.toolTip():  # the lock's own tooltip names its key
                    shortcut_tip(action, action.text().replace("&", "").rstrip("…"))
                file_menu.addAction(action)
            file_menu.addSeparator()
        self.password_action = self._action(self.tr("Change my &password…"), self.tr("Change my password"),
                                            lambda: self.change_my_password(), "Ctrl+Shift+P")
        file_menu.addAction(self.password_action)
        file_menu.addSeparator()
        quit_action = self._action(self.tr("&Quit"), self.tr("Close the program"), self.close,
                                   QKeySequence.StandardKey.Quit, fallback="Ctrl+Q")
        file_menu.addAction(quit_action)

        self.go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for action in self.page_actions.values():
            self.go_menu.addAction(action)
        self._go_separator = self.go_menu.addSeparator()
        self.find_patient_action = self._action(
            self.tr("&Find patient"), self.tr("Search patients by name, phone or date of birth"),
            self.find_patient, QKeySequence.StandardKey.Find, fallback="Ctrl+F")
        self.go_menu.addAction(self.find_patient_action)

        self.clinic_menu = clinic_menu = self.menuBar().addMenu(self.tr("&Clinic"))
        self.profile_action = self._action(self.tr("Clinic &profile…"), self.tr("Change the clinic profile"),
                                           self.open_clinic_profile)
        clinic_menu.addAction(self.profile_action)
        self.approve_action = self._action(
            self.tr("&Approve protocols…"), self.tr("Approve aftercare protocols"), self.open_protocol_approval)
        clinic_menu.addAction(self.approve_action)
        self.products_action = self._action(self.tr("P&roducts and batches…"),
                                            self.tr("The product catalogue and its batches"), self.open_products)
        clinic_menu.addAction(self.products_action)
        clinic_menu.addSeparator()
        self.audit_action = self._action(self.tr("Audit &trail…"), self.tr("See the audit trail"),
                                         self.open_audit_trail)
        clinic_menu.addAction(self.audit_action)
        from clinic_desktop.ui.patients.photos.hooks import install_menu_action  # clinical photos (issue #16)

        self.patient_file_action = install_menu_action(self, clinic_menu)
        self.admin_menu = admin_menu = self.menuBar().addMenu(self.tr("&Admin"))
        self.staff_action = self._action(self.tr("&Staff accounts…"), self.tr("Manage staff accounts"),
                                         self.open_staff_admin)
        admin_menu.addAction(self.staff_action)
        admin_menu.addSeparator()
        self.backup_action = self._action(self.tr("&Back up now"), self.tr("Back up the database now"),
                                          self.backup_now)
        admin_menu.addAction(self.backup_action)
        self.restore_action = self._action(
            self.tr("&Restore from a backup…"), self.tr("Restore from a backup"), self.restore_backup)
        admin_menu.addAction(self.restore_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = self._action(self.tr("&About {app}").format(app=APP_NAME), self.tr("Version and licences"),
                             self.show_about)
        help_menu.addAction(about)
        for menu in (file_menu, self.go_menu, clinic_menu, admin_menu, help_menu):
            menu.setToolTipsVisible(True)  # the tooltips carry the shortcut; a disabled action says why

    def _page_hook(self, title: str, hook: str) -> Callable[..., object] | None:
        """``hook`` of the page ``title`` (building it), or None when there is no such page or hook."""
        if title not in self._factories:
            return None
        method = getattr(self.page(title), hook, None)
        return method if callable(method) else None

    def new_patient(self) -> None:
        """File > New patient… (Ctrl+N): the New patient form of the Today page, from any page; the page
        shown is refreshed afterwards (the new patient appears in its list)."""
        if not allowed(self.current_staff(), Permission.edit_patients):
            return
        run = self._page_hook("Today", "new_patient")
        if run is None:
            return
        shown = self.current_page()
        run()
        if shown is not self.pages.get("Today") and hasattr(shown, "refresh"):
            shown.refresh()

    def record_treatment_session(self) -> None:
        """File > Record treatment session… (Ctrl+R): practitioners and up; the Today page shows the new
        line."""
        if not allowed(self.current_staff(), Permission.record_treatment_session):
            return
        run = self._page_hook("Today", "record_treatment_session")
        if run is None:
            return
        if "Today" in self.visible_pages():
            self.show_page("Today")
        run()

    def print_aftercare(self) -> None:
        """File > Print aftercare… (Ctrl+P): the page shown previews the sheet of its selected line."""
        page = self.current_page()
        can = getattr(page, "can_print_aftercare", None)
        if callable(can) and can() and allowed(self.current_staff(), Permission.print_aftercare):
            page.print_aftercare()

    def find_patient(self) -> None:
        """Go > Find patient (Ctrl+F): the Patients page with the cursor in its search box (text selected)."""
        if "Patients" not in self.visible_pages():
            return
        page = self.show_page("Patients")
        if self.current_page() is page and hasattr(page, "focus_search"):
            page.focus_search()

    def update_actions(self) -> None:
        """Show the menu actions and pages of the acting staff member's role (hidden, not greyed, when the
        role cannot use them) and enable those that depend on the page shown."""
        if not hasattr(self, "save_pdf_action"):
            return
        staff = self.current_staff()
        self._apply_page_visibility()
        page = self.current_page()
        can_save = getattr(page, "can_save_pdf", None)
        self.save_pdf_action.setEnabled(bool(can_save and can_save()))
        can_print = getattr(page, "can_print_aftercare", None)
        for action, permission, needs in (
                (self.new_patient_action, Permission.edit_patients, "Today"),
                (self.record_action, Permission.record_treatment_session, "Today"),
                (self.print_aftercare_action, Permission.print_aftercare, None),
                (self.find_patient_action, Permission.view_patients, "Patients"),
                (self.profile_action, Permission.edit_clinic_profile, None),
                (self.approve_action, Permission.approve_protocol, None),
                (self.audit_action, Permission.view_audit, None),
                (self.staff_action, Permission.manage_staff, None),
                (self.products_action, Permission.record_treatment_session, None),
                (self.patient_file_action, Permission.view_reports, "Patients"),
                (self.backup_action, Permission.manage_backups, None),
                (self.restore_action, Permission.manage_backups, None)):
            usable = allowed(staff, permission) and (needs is None or needs in self._factories)
            action.setVisible(usable)
            action.setEnabled(usable)  # a hidden action's shortcut does nothing either
        self.print_aftercare_action.setEnabled(self.print_aftercare_action.isVisible()
                                               and bool(can_print and can_print()))
        self.password_action.setEnabled(staff is not None)
        if self.backup_action.isVisible():
            self._update_backup_actions()
        for menu in (self.clinic_menu, self.admin_menu):  # a menu with nothing this role may use is hidden
            menu.menuAction().setVisible(any(a.isVisible() and not a.isSeparator() for a in menu.actions()))

    def _update_backup_actions(self) -> None:
        """Back up / Restore (shown to administrators only): enabled only where this database can do them;
        a disabled action says why (and what to do instead) in its status tip and tooltip."""
        from clinic_desktop.services import backups

        if not hasattr(self, "_backup_availability"):  # looked up once: the tools do not move while open
            self._backup_availability = backups.backup_availability(self.engine)
            self._restore_availability = backups.restore_availability(self.engine)
        for action, available, what in (
                (self.backup_action, self._backup_availability, self.tr("Back up the database now")),
                (self.restore_action, self._restore_availability, self.tr("Restore from a backup"))):
            action.setEnabled(available.ok)
            if available.ok:
                shortcut_tip(action, what)
            else:
                action.setStatusTip(available.reason)
                action.setToolTip(available.reason)

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
            self.show_status(self.tr("Clinic profile saved."))
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
            QMessageBox.warning(self, self.tr("Back up"), str(exc))
            return None
        self.show_status(self.tr("Backup written and checked: {path}").format(path=path))
        return path

    def restore_backup(self) -> bool:
        """Admin > Restore: pick a backup, confirm, restore (the current data is backed up first), sign in again."""
        from PySide6.QtWidgets import QFileDialog

        from clinic_desktop.services import backups
        from clinic_desktop.services.errors import ClinicError

        folder = str(backups.backups_folder(self.workspace.engine))
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Restore from a backup"), folder,
                                                self.tr("Clinic Desktop backups (*.sqlite3);;All files (*)"))
        if not chosen:
            return False
        answer = QMessageBox.question(
            self, self.tr("Restore from a backup"),
            self.tr("Replace all current records with the backup\n{name}?\n\n"
                    "The current data is backed up first, so this can be undone by restoring that copy.")
            .format(name=Path(chosen).name))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        confirm_other_clinic = False
        while True:
            try:
                from PySide6.QtWidgets import QApplication

                self.show_status(self.tr("Checking the backup and restoring it…"), 0)
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
                    self, self.tr("Restore a backup of another clinic?"),
                    self.tr("{problem}\n\nRestore “{clinic}” anyway?").format(problem=exc,
                                                                             clinic=exc.backup_clinic),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No)
                if again != QMessageBox.StandardButton.Yes:
                    return False
                confirm_other_clinic = True
            except ClinicError as exc:
                log.info("restore refused: %s", exc)
                QMessageBox.warning(self, self.tr("Restore from a backup"), str(exc))
                return False
        done = (self.tr("Restored {name}. The data before the restore was saved as {safety}.")
                .format(name=Path(chosen).name, safety=result.safety_backup.name) if result.safety_backup
                else self.tr("Restored {name}.").format(name=Path(chosen).name))
        QMessageBox.information(self, self.tr("Restore from a backup"), done)
        for page in self.pages.values():
            if hasattr(page, "refresh"):
                page.refresh()
        if self.guard is not None:
            self.guard.lock()
        return True

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt API)
        """Ask every page with unsaved work before the window closes (not when closing on SIGINT/SIGTERM:
        ``ui/common/shutdown.py``)."""
        from clinic_desktop.ui.common.shutdown import shutting_down

        if shutting_down():
            event.accept()
            return
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
        box.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        licences = sorted(paths.fonts_dir().glob("LICENSE*")) + sorted(paths.fonts_dir().glob("OFL*"))
        fonts = sorted({p.stem.split("-")[0] for p in paths.fonts_dir().glob("*.ttf")})
        box.setText(self.tr("<b>{app}</b> {version}<br>Patient record, aftercare sheets and "
                            "complication register for aesthetic clinics.").format(app=APP_NAME, version=__version__))
        box.setInformativeText(self.tr("Bundled fonts: {fonts}. Their licences are under “Show Details…”.")
                               .format(fonts=", ".join(fonts) or self.tr("none")))
        box.setDetailedText("\n\n".join(f"== {p.name} ==\n{p.read_text(encoding='utf-8', errors='replace')}"
                                        for p in licences))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return box


class ProtocolApprovalDialog(QDialog):
    """Every treatment's current protocol version and whether it is approved; approve the selected one."""

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approve protocols"))
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.list = QListWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.approve_button = buttons.addButton(self.tr("Approve selected"), QDialogButtonBox.ButtonRole.ActionRole)
        self.approve_button.clicked.connect(self.approve_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("A protocol that is not approved prints with a DRAFT mark.")))
        layout.addWidget(self.list)
        self.checks_label = QLabel(self.tr("Protocol checks"))
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
            level = self.tr("Error") if finding.level == "error" else self.tr("Warning")
            if finding.field:
                line = self.tr("{level}: {file}, {field}: {message}").format(
                    level=level, file=finding.file, field=finding.field, message=finding.message)
            else:  # about the whole file (not valid TOML, too large, unreadable)
                line = self.tr("{level}: {file}: {message}").format(
                    level=level, file=finding.file, message=finding.message)
            self.checks.addItem(line)
            colour = "#b3261e" if finding.level == "error" else "#8a5a00"
            self.checks.item(self.checks.count() - 1).setForeground(QColor(colour))
        if not findings:
            self.checks.addItem(self.tr("Every protocol passed its checks."))
        self.checks_label.setText(self.tr("Protocol checks (%n to look at)", "", len(findings)) if findings
                                  else self.tr("Protocol checks"))
        with self._workspace.session() as session:
            seen: set[str] = set()
            for (pid, _lang), bundled in sorted(protocols.bundled_protocols().items()):
                if pid in seen:
                    continue
                seen.add(pid)
                line = (self.tr("{treatment} — version {version} (approved)") if protocols.is_approved(session, bundled)
                        else self.tr("{treatment} — version {version} (draft — not approved)"))
                self.list.addItem(line.format(treatment=protocols.treatment_name(pid),
                                              version=bundled.protocol.version))
                self.list.item(self.list.count() - 1).setData(Qt.ItemDataRole.UserRole, pid)

    def approve_selected(self) -> None:
        """Approve the selected protocol's current version in every language."""
        from clinic_desktop.services import protocols
        from clinic_desktop.services.errors import ClinicError

        item = self.list.currentItem()
        if item is None:
            self.message.setText(self.tr("Select a protocol first."))
            return
        try:
            with self._workspace.session() as session:
                protocols.approve_protocol(session, actor=self._actor(),
                                           protocol_id=item.data(Qt.ItemDataRole.UserRole))
        except ClinicError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Approved."))
        self.refresh()
