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

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop import APP_NAME
from clinic_desktop.models import Role, StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.clinic import get_clinic_profile
from clinic_desktop.services.errors import ClinicError, ValidationError
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.forms import FieldErrors

DEFAULT_BRAND = "#2f6f8f"
ROLE_LABELS = {
    Role.receptionist: "Receptionist",
    Role.practitioner: "Practitioner",
    Role.manager: "Manager",
    Role.admin: "Administrator",
}


def _clinic_look(workspace: Workspace) -> tuple[str, str]:
    """(clinic name, brand colour) from the clinic profile, with safe defaults."""
    try:
        with Workspace.of(workspace).session() as session:
            profile = get_clinic_profile(session)
    except Exception:  # the profile is decoration here; never block a sign-in over it
        profile = None
    if profile is None:
        return APP_NAME, DEFAULT_BRAND
    colour = profile.brand_colour if QColor(profile.brand_colour).isValid() else DEFAULT_BRAND
    return profile.name or APP_NAME, colour


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed into white: ``amount`` 0 is white, 1 is the colour itself."""
    c = QColor(colour)
    mix = [round(255 - (255 - v) * amount) for v in (c.red(), c.green(), c.blue())]
    return QColor(*mix).name()


def _darker(colour: str, factor: int) -> str:
    return QColor(colour).darker(factor).name()


def _stylesheet(brand: str) -> str:
    return f"""
    QFrame#card {{ background: #ffffff; border-radius: 14px; border: 1px solid #d9e1e7; }}
    QLabel#clinic {{ color: {brand}; font-size: 11pt; font-weight: bold; letter-spacing: 1px; }}
    QLabel#title {{ color: #1d2a33; font-size: 19pt; font-weight: bold; }}
    QLabel#subtitle {{ color: #51616d; font-size: 10.5pt; }}
    QLabel#person {{ color: #1d2a33; font-size: 13pt; font-weight: bold; }}
    QLabel#message {{ color: #b3261e; font-size: 10pt; }}
    QLabel#hint {{ color: #6b7a86; font-size: 9pt; }}
    QLineEdit {{ padding: 7px 9px; border: 1px solid #b9c6cf; border-radius: 6px; font-size: 11pt;
                 background: #fbfcfd; }}
    QLineEdit:focus {{ border: 2px solid {brand}; padding: 6px 8px; }}
    QLineEdit[invalid="true"] {{ border: 2px solid #b3261e; padding: 6px 8px; }}
    QPushButton#primary {{ background: {brand}; color: white; border: none; border-radius: 6px;
                           padding: 9px 18px; font-size: 11pt; font-weight: bold; }}
    QPushButton#primary:hover {{ background: {_darker(brand, 115)}; }}
    QPushButton#primary:disabled {{ background: #9fb3c0; }}
    QPushButton#link {{ background: transparent; border: none; color: {brand}; font-size: 10pt;
                        text-decoration: underline; padding: 2px; }}
    """


def padlock_pixmap(size: int, colour: str) -> QPixmap:
    """A drawn padlock (no emoji font needed), ``size`` px square, in ``colour`` on a pale disc."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QColor(colour)
    disc = QColor(base)
    disc.setAlpha(28)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(disc)
    p.drawEllipse(QRectF(0, 0, size, size))
    s = size / 64.0
    pen = QPen(base, 5 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QPainterPath()
    shackle.moveTo(QPointF(23 * s, 31 * s))
    shackle.lineTo(QPointF(23 * s, 24 * s))
    shackle.arcTo(QRectF(23 * s, 14 * s, 18 * s, 20 * s), 180, -180)
    shackle.lineTo(QPointF(41 * s, 31 * s))
    p.drawPath(shackle)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(base)
    p.drawRoundedRect(QRectF(18 * s, 30 * s, 28 * s, 22 * s), 4 * s, 4 * s)
    p.setBrush(QColor("white"))
    p.drawEllipse(QRectF(29.5 * s, 36 * s, 5 * s, 5 * s))
    p.drawRect(QRectF(31 * s, 39 * s, 2 * s, 7 * s))
    p.end()
    return pix


def _password_edit(placeholder: str = "Password") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(280)
    return edit


def _message_label() -> QLabel:
    label = QLabel()
    label.setObjectName("message")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _set_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _clinic_error_text(exc: ClinicError) -> str:
    """Every message of a refusal (a ValidationError may name several fields), one per line."""
    if isinstance(exc, ValidationError):
        return "\n".join(exc.errors.values())
    return str(exc)


def _role_text(member: StaffMember) -> str:
    return ROLE_LABELS.get(Role(member.role), str(member.role))


# ------------------------------------------------------------------------------------------- dialogs


class _CardDialog(QDialog):
    """A dialog showing one white card on a soft background tinted with the clinic's colour."""

    def __init__(self, workspace: Workspace, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.workspace = Workspace.of(workspace)
        self.clinic_name, self.brand = _clinic_look(workspace)
        self.setWindowTitle(f"{title} – {APP_NAME}")
        self.setStyleSheet(_stylesheet(self.brand) + f"QDialog {{ background: {_tint(self.brand, 0.10)}; }}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 28, 28, 28)
        # the window is never smaller than what it shows: messages make it grow instead of squeezing fields
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.card = QFrame()
        self.card.setObjectName("card")
        outer.addWidget(self.card)
        self.body = QVBoxLayout(self.card)
        self.body.setContentsMargins(32, 28, 32, 28)
        self.body.setSpacing(10)
        head = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(padlock_pixmap(48, self.brand))
        head.addWidget(icon)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        clinic = QLabel(self.clinic_name.upper())
        clinic.setObjectName("clinic")
        heading = QLabel(title)
        heading.setObjectName("title")
        titles.addWidget(clinic)
        titles.addWidget(heading)
        head.addLayout(titles, 1)
        self.body.addLayout(head)

    def fit_to_content(self) -> None:
        """Grow (never shrink) so every field and every message shows in full, within the screen."""
        self.card.updateGeometry()  # the card's cached height-for-width is stale after a message changed
        layout = self.layout()
        layout.invalidate()
        layout.activate()
        width = max(self.width(), self.minimumSizeHint().width())
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        height = max(needed, layout.totalMinimumSize().height(), self.sizeHint().height())
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            height = min(height, screen.height())
        self.setMinimumHeight(height)
        if self.height() < height or self.width() < width:
            self.resize(width, max(self.height(), height))


class FirstAdminDialog(_CardDialog):
    """First start: the person setting the clinic up creates the administrator account with a password of
    their choice. On accept, :attr:`staff` is the new administrator (already signed in)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent, "Welcome")
        self.staff: StaffMember | None = None
        intro = QLabel(
            "Create the administrator account. The administrator adds the other staff members and "
            "makes backups. Choose a password only you know; there is no default password."
        )
        intro.setObjectName("subtitle")
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        self.errors = FieldErrors(self)
        self.errors.changed.connect(self.fit_to_content)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above their fields
        form.setVerticalSpacing(4)
        self.full_name_edit = QLineEdit()
        self.full_name_edit.setPlaceholderText("e.g. Dr. Élise Tremblay")
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText("e.g. elise")
        self.password_edit = _password_edit(f"At least {auth.MIN_PASSWORD_LENGTH} characters")
        self.confirm_edit = _password_edit("Type it again")
        form.addRow("Full name", self.errors.wrap("full_name", self.full_name_edit))
        form.addRow("User name", self.errors.wrap("username", self.username_edit))
        form.addRow("Password", self.errors.wrap("password", self.password_edit))
        form.addRow("Password again", self.errors.wrap("confirm", self.confirm_edit))
        self.body.addLayout(form)
        self.body.addWidget(self.errors.general_label())
        self.create_button = QPushButton("Create administrator")
        self.create_button.setObjectName("primary")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        self.body.addWidget(self.create_button)
        self.full_name_edit.setFocus()

    def problems(self) -> dict[str, str]:
        """Everything wrong with the form, all at once: the auth service's checks of the name, user name and
        password, plus the repeated password. Nothing is created."""
        found: dict[str, str] = {}
        try:
            with self.workspace.session() as session:
                auth.check_new_account(session, full_name=self.full_name_edit.text(),
                                       username=self.username_edit.text(), password=self.password_edit.text())
        except ValidationError as exc:
            found.update(exc.errors)
        if self.password_edit.text() != self.confirm_edit.text():
            found["confirm"] = "The two passwords differ."
        return found

    def submit(self) -> bool:
        """Validate and create the account; True (and the dialog accepted) on success."""
        problems = self.problems()
        if problems:
            self.errors.show(problems)
            return False
        try:
            with self.workspace.session() as session:
                self.staff = auth.create_first_admin(
                    session,
                    full_name=self.full_name_edit.text(),
                    username=self.username_edit.text(),
                    password=self.password_edit.text(),
                )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except ClinicError as exc:
            self.errors.show_message(str(exc))
            return False
        self.errors.clear()
        self.accept()
        return True


class LoginDialog(_CardDialog):
    """Sign-in at start. On accept, :attr:`staff` is the signed-in StaffMember.

    A wrong password, an unknown user or a locked account shows the auth service's message under the
    fields; the dialog stays open (the account's lockout delay is kept in the database).
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *, username: str = ""):
        super().__init__(workspace, parent, "Sign in")
        self.staff: StaffMember | None = None
        hint = QLabel("Sign in to see patient records.")
        hint.setObjectName("subtitle")
        self.body.addWidget(hint)
        self.username_edit = QLineEdit(username)
        self.username_edit.setPlaceholderText("User name")
        self.password_edit = _password_edit()
        self.body.addWidget(self.username_edit)
        self.body.addWidget(self.password_edit)
        self.message_label = _message_label()
        self.body.addWidget(self.message_label)
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        self.body.addWidget(self.sign_in_button)
        forgot = QLabel("Forgot your password? An administrator can set a new one.")
        forgot.setObjectName("hint")
        self.body.addWidget(forgot)
        (self.password_edit if username else self.username_edit).setFocus()

    def submit(self) -> bool:
        """Check the user name and password; True (and the dialog accepted) on success."""
        try:
            with self.workspace.session() as session:
                self.staff = auth.authenticate(
                    session, username=self.username_edit.text(), password=self.password_edit.text()
                )
        except ClinicError as exc:
            _set_message(self.message_label, _clinic_error_text(exc))
            self.fit_to_content()
            self.password_edit.clear()
            self.password_edit.setFocus()
            return False
        _set_message(self.message_label, "")
        self.accept()
        return True


# --------------------------------------------------------------------------------------- lock screen


class LockOverlay(QWidget):
    """An opaque lock screen covering ``host`` (a window): the clinic's name, who is signed in and since
    when it is locked, a password field to unlock, and "Sign in as someone else" for a quick switch.

    Emits ``signed_in(StaffMember)`` when the same person unlocks or another person signs in. Follows
    the host's size; keeps keyboard focus inside itself.
    """

    signed_in = Signal(object)

    def __init__(
        self, workspace: Workspace, host: QWidget, current: StaffMember | None, *, locked_at: datetime | None = None
    ):
        super().__init__(host)
        self.workspace = Workspace.of(workspace)
        self.current = current
        self.clinic_name, self.brand = _clinic_look(workspace)
        self.locked_at = locked_at or datetime.now().astimezone()
        self.setObjectName("lockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet(_stylesheet(self.brand))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = QFrame()
        self.card.setObjectName("card")
        self.card.setFixedWidth(420)
        row.addWidget(self.card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        footer = QLabel("Patient information is hidden while the screen is locked.")
        footer.setStyleSheet("color: rgba(255,255,255,0.85); font-size: 9.5pt;")
        footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(footer)

        body = QVBoxLayout(self.card)
        body.setContentsMargins(34, 30, 34, 26)
        body.setSpacing(10)
        icon = QLabel()
        icon.setPixmap(padlock_pixmap(64, self.brand))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(icon)
        clinic = QLabel(self.clinic_name.upper())
        clinic.setObjectName("clinic")
        clinic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(clinic)
        self.title_label = QLabel("Screen locked")
        self.title_label.setObjectName("title")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.title_label)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("subtitle")
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label.setWordWrap(True)
        body.addWidget(self.detail_label)
        body.addSpacing(6)

        self.person_label = QLabel()
        self.person_label.setObjectName("person")
        self.person_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.person_label)
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText("User name")
        body.addWidget(self.username_edit)
        self.password_edit = _password_edit()
        body.addWidget(self.password_edit)
        self.message_label = _message_label()
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.message_label)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self.submit)
        body.addWidget(self.unlock_button)
        self.switch_button = QPushButton("Sign in as someone else")
        self.switch_button.setObjectName("link")
        self.switch_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.switch_button.clicked.connect(self.toggle_mode)
        body.addWidget(self.switch_button, alignment=Qt.AlignmentFlag.AlignCenter)
        self.password_edit.returnPressed.connect(self.submit)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)

        self._switch_mode = False
        self.set_switch_mode(current is None)
        host.installEventFilter(self)
        self.setGeometry(host.rect())

    # -- appearance

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        grad = QLinearGradient(0, 0, self.width(), self.height())
        grad.setColorAt(0.0, QColor(self.brand).darker(170))
        grad.setColorAt(1.0, QColor(self.brand).darker(110))
        p.fillRect(self.rect(), grad)
        p.end()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and obj is self.parentWidget():
            self.setGeometry(self.parentWidget().rect())
        return False

    # -- behaviour

    @property
    def switch_mode(self) -> bool:
        """True while asking for another person's user name and password."""
        return self._switch_mode

    def set_switch_mode(self, on: bool) -> None:
        """Show the quick-switch form (user name + password) or the unlock form (password only)."""
        on = on or self.current is None
        self._switch_mode = on
        when = self.locked_at.strftime("%H:%M")
        if on:
            self.title_label.setText("Sign in")
            self.detail_label.setText(f"Locked at {when}.\nAny staff member can sign in here.")
            self.person_label.setVisible(False)
            self.username_edit.setVisible(True)
            self.username_edit.clear()
            self.unlock_button.setText("Sign in")
            self.switch_button.setText(f"Back to {self.current.full_name}" if self.current else "")
            self.switch_button.setVisible(self.current is not None)
        else:
            assert self.current is not None
            self.title_label.setText("Screen locked")
            self.detail_label.setText(f"Locked at {when}.\nEnter your password to carry on.")
            self.person_label.setText(f"{self.current.full_name} · {_role_text(self.current)}")
            self.person_label.setVisible(True)
            self.username_edit.setVisible(False)
            self.unlock_button.setText("Unlock")
            self.switch_button.setText("Sign in as someone else")
            self.switch_button.setVisible(True)
        self.password_edit.clear()
        _set_message(self.message_label, "")
        self.focus_first()

    def toggle_mode(self) -> None:
        """Flip between unlock and quick switch."""
        self.set_switch_mode(not self._switch_mode)

    def focus_first(self) -> None:
        """Put the cursor in the first empty field."""
        (self.username_edit if self._switch_mode else self.password_edit).setFocus()

    def submit(self) -> bool:
        """Unlock (same person) or sign in (someone else); True on success, else shows why."""
        if self._switch_mode:
            username, purpose = self.username_edit.text(), "switch"
        else:
            assert self.current is not None
            username, purpose = self.current.username, "unlock"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self.workspace.session() as session:
                member = auth.authenticate(
                    session, username=username, password=self.password_edit.text(), purpose=purpose
                )
        except ClinicError as exc:
            _set_message(self.message_label, _clinic_error_text(exc))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.password_edit.clear()
        self.signed_in.emit(member)
        return True

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 (Qt override)
        """Tab cycles through the lock screen's own fields only, never into the covered window."""
        chain = [
            w
            for w in (self.username_edit, self.password_edit, self.unlock_button, self.switch_button)
            if w.isVisible()
        ]
        if not chain:
            return False
        focus = QApplication.focusWidget()
        index = chain.index(focus) if focus in chain else -1
        chain[(index + (1 if next else -1)) % len(chain)].setFocus(Qt.FocusReason.TabFocusReason)
        return True


class _Cover(QWidget):
    """A plain opaque cover for the app's other windows while locked (no input; unlock happens elsewhere)."""

    def __init__(self, host: QWidget, brand: str):
        super().__init__(host)
        self.brand = brand
        self.setObjectName("lockCover")
        label = QLabel("Locked", self)
        label.setStyleSheet("color: white; font-size: 14pt; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(label, alignment=Qt.AlignmentFlag.AlignCenter)
        host.installEventFilter(self)
        self.setGeometry(host.rect())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(self.brand).darker(160))
        p.end()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and obj is self.parentWidget():
            self.setGeometry(self.parentWidget().rect())
        return False


# ------------------------------------------------------------------------------------------ idle


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


class _InputBlocker(QObject):
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
        self._covers: list[_Cover] = []
        self._blocker = _InputBlocker(lambda: self._overlay, self)
        self.idle_watcher = IdleWatcher(0, self)
        self.idle_watcher.idle.connect(lambda: self.lock(reason="idle"))
        self.lock_action = QAction("Lock screen", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setToolTip("Hide patient information until you sign in again (Ctrl+L)")
        self.lock_action.triggered.connect(lambda: self.lock(reason="on demand"))
        self.switch_action = QAction("Switch person…", self)
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
            cover = _Cover(widget, brand)
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
