"""The look shared by the sign-in screens: the clinic's colour, the padlock, and the card dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop import APP_NAME

if TYPE_CHECKING:  # these load SQLAlchemy/SQLModel: the first window opens before them (issue #17)
    from clinic_desktop.models import Role, StaffMember
    from clinic_desktop.services.errors import ClinicError
    from clinic_desktop.services.workspace import Workspace

DEFAULT_BRAND = "#2f6f8f"
#: the roles' names in English, keyed by the role's value (Role is a str enum, so Role members look
#: up too); shown through :func:`role_label`, which translates them. Plain strings: no models import
#: before the first window is up.
ROLE_LABELS = {
    "receptionist": QT_TRANSLATE_NOOP("Role", "Receptionist"),
    "practitioner": QT_TRANSLATE_NOOP("Role", "Practitioner"),
    "manager": QT_TRANSLATE_NOOP("Role", "Manager"),
    "admin": QT_TRANSLATE_NOOP("Role", "Administrator"),
}


def role_label(role: Role | str) -> str:
    """The role's name in the window's language ("Receptionist" / "Réceptionniste")."""
    key = getattr(role, "value", role)
    english = ROLE_LABELS.get(key) if isinstance(key, str) else None
    if english is None:
        return str(key)
    return QCoreApplication.translate("Role", english)


def clinic_look(workspace: Workspace) -> tuple[str, str]:
    """(clinic name, brand colour) from the clinic profile, with safe defaults."""
    from clinic_desktop.services.clinic import get_clinic_profile, shown_clinic_name
    from clinic_desktop.services.workspace import Workspace

    try:
        with Workspace.of(workspace).session() as session:
            profile = get_clinic_profile(session)
    except Exception:  # the profile is decoration here; never block a sign-in over it
        profile = None
    if profile is None:
        return APP_NAME, DEFAULT_BRAND
    colour = profile.brand_colour if QColor(profile.brand_colour).isValid() else DEFAULT_BRAND
    return shown_clinic_name(profile) or APP_NAME, colour


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed into white: ``amount`` 0 is white, 1 is the colour itself."""
    c = QColor(colour)
    mix = [round(255 - (255 - v) * amount) for v in (c.red(), c.green(), c.blue())]
    return QColor(*mix).name()


def _darker(colour: str, factor: int) -> str:
    return QColor(colour).darker(factor).name()


def stylesheet(brand: str) -> str:
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


def password_edit(placeholder: str | None = None) -> QLineEdit:
    """A password field; the placeholder defaults to "Password" in the window's language."""
    if placeholder is None:
        placeholder = QCoreApplication.translate("CardDialog", "Password")
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(280)
    return edit


def message_label() -> QLabel:
    label = QLabel()
    label.setObjectName("message")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def set_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def clinic_error_text(exc: ClinicError) -> str:
    """Every message of a refusal (a ValidationError may name several fields), one per line."""
    from clinic_desktop.services.errors import ValidationError

    if isinstance(exc, ValidationError):
        return "\n".join(exc.errors.values())
    return str(exc)


def role_text(member: StaffMember) -> str:
    return role_label(member.role)


# ------------------------------------------------------------------------------------------- dialogs


class CardDialog(QDialog):
    """A dialog showing one white card on a soft background tinted with the clinic's colour.

    At start the dialog is shown before the database is open (issue #17): ``workspace`` is then None and
    ``look`` (clinic name, colour; e.g. from the start-up cache) stands in for the profile. The person types
    meanwhile; a submit made before :meth:`set_workspace` waits (button disabled) and runs once it comes.
    """

    def __init__(self, workspace: Workspace | None, parent: QWidget | None, title: str, *,
                 look: tuple[str, str] | None = None):
        super().__init__(parent)
        if workspace is not None:
            from clinic_desktop.services.workspace import Workspace

            workspace = Workspace.of(workspace)
        self.workspace = workspace
        self._waiting: tuple[QWidget, str, object] | None = None  # (button, its text, submit) until ready
        if look is None:
            look = clinic_look(workspace) if workspace is not None else (APP_NAME, DEFAULT_BRAND)
        self.clinic_name, self.brand = look
        self.setWindowTitle(f"{title} – {APP_NAME}")
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
        self._padlock = QLabel()
        head.addWidget(self._padlock)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self._clinic_label = QLabel()
        self._clinic_label.setObjectName("clinic")
        heading = QLabel(title)
        heading.setObjectName("title")
        titles.addWidget(self._clinic_label)
        titles.addWidget(heading)
        head.addLayout(titles, 1)
        self.body.addLayout(head)
        self.set_look(self.clinic_name, self.brand)

    def set_look(self, name: str, colour: str) -> None:
        """Show the clinic's ``name`` and brand ``colour`` (``#rrggbb``; an invalid one keeps the default)."""
        self.clinic_name = name or APP_NAME
        self.brand = colour if QColor(colour).isValid() else DEFAULT_BRAND
        self.setStyleSheet(stylesheet(self.brand) + f"QDialog {{ background: {_tint(self.brand, 0.10)}; }}")
        self._padlock.setPixmap(padlock_pixmap(48, self.brand))
        self._clinic_label.setText(self.clinic_name.upper())

    def set_workspace(self, workspace: Workspace) -> None:
        """The database is open: give the dialog its workspace and run a submit that was waiting for it."""
        self.workspace = workspace
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            button, text, submit = waiting
            button.setText(text)
            button.setEnabled(True)
            submit()

    def wait_for_database(self, button: QWidget, submit) -> bool:  # noqa: ANN001
        """True when the workspace is here. Else remember ``submit`` for :meth:`set_workspace`, show on
        ``button`` that the database is still being opened (disabled), and return False."""
        if self.workspace is not None:
            return True
        if self._waiting is None:
            self._waiting = (button, button.text(), submit)
            button.setText(self.tr("Opening the database…"))
            button.setEnabled(False)
        return False

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
