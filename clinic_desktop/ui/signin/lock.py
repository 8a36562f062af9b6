"""The lock screen over the window (unlock, or quick switch to another staff member)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QLinearGradient,
    QPainter,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.ui.common.forms import short_time
from clinic_desktop.models import StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.clinic import clinic_zone
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.signin.card import (
    clinic_error_text,
    clinic_look,
    message_label,
    padlock_pixmap,
    password_edit,
    role_text,
    set_message,
    stylesheet,
)


def _clinic_zone(workspace: Workspace) -> tzinfo:
    """The clinic's time zone; UTC if the profile cannot be read (the lock screen must always show)."""
    try:
        with workspace.session() as session:
            return clinic_zone(session)
    except Exception:  # noqa: BLE001 (decoration: never block unlocking over it)
        return UTC


class LockOverlay(QWidget):
    """An opaque lock screen covering ``host`` (a window): the clinic's name, who is signed in and since
    when it is locked, a password field to unlock, and "Sign in as someone else" for a quick switch.

    ``locked_at`` (an aware time, default now) is shown in the clinic's time zone (the clinic profile's),
    not the PC's: a workstation set to another zone still says the clinic's "Locked at 09:30".

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
        self.clinic_name, self.brand = clinic_look(workspace)
        self.zone = _clinic_zone(self.workspace)
        self.locked_at = (locked_at or datetime.now(UTC)).astimezone(self.zone)
        self.setObjectName("lockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet(stylesheet(self.brand))
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
        footer = QLabel(self.tr("Patient information is hidden while the screen is locked."))
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
        self.title_label = QLabel(self.tr("Screen locked"))
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
        self.username_edit.setPlaceholderText(self.tr("User name"))
        self.username_edit.setAccessibleName(self.tr("User name"))
        body.addWidget(self.username_edit)
        self.password_edit = password_edit()
        self.password_edit.setAccessibleName(self.tr("Password"))
        body.addWidget(self.password_edit)
        self.message_label = message_label()
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.message_label)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self.submit)
        body.addWidget(self.unlock_button)
        self.switch_button = QPushButton(self.tr("Sign in as someone else"))
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
        when = short_time(self.locked_at)
        if on:
            self.title_label.setText(self.tr("Sign in"))
            self.detail_label.setText(self.tr("Locked at {time}.\nAny staff member can sign in here.").format(
                time=when))
            self.person_label.setVisible(False)
            self.username_edit.setVisible(True)
            self.username_edit.clear()
            self.unlock_button.setText(self.tr("Sign in"))
            self.switch_button.setText(self.tr("Back to {name}").format(name=self.current.full_name)
                                       if self.current else "")
            self.switch_button.setVisible(self.current is not None)
        else:
            assert self.current is not None
            self.title_label.setText(self.tr("Screen locked"))
            self.detail_label.setText(self.tr("Locked at {time}.\nEnter your password to carry on.").format(
                time=when))
            self.person_label.setText(self.tr("{name} · {role}").format(name=self.current.full_name,
                                                                         role=role_text(self.current)))
            self.person_label.setVisible(True)
            self.username_edit.setVisible(False)
            self.unlock_button.setText(self.tr("Unlock"))
            self.switch_button.setText(self.tr("Sign in as someone else"))
            self.switch_button.setVisible(True)
        self.password_edit.clear()
        set_message(self.message_label, "")
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
            set_message(self.message_label, clinic_error_text(exc))
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


class Cover(QWidget):
    """A plain opaque cover for the app's other windows while locked (no input; unlock happens elsewhere)."""

    def __init__(self, host: QWidget, brand: str):
        super().__init__(host)
        self.brand = brand
        self.setObjectName("lockCover")
        label = QLabel(self.tr("Locked"), self)
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


