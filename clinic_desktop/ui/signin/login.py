"""The sign-in dialog at start."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clinic_desktop.models import StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.signin.card import (
    CardDialog,
    clinic_error_text,
    message_label,
    password_edit,
    set_message,
)


class LoginDialog(CardDialog):
    """Sign-in at start. On accept, :attr:`staff` is the signed-in StaffMember.

    A wrong password, an unknown user or a locked account shows the auth service's message under the
    fields; the dialog stays open (the account's lockout delay is kept in the database).
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *, username: str = ""):
        super().__init__(workspace, parent, QCoreApplication.translate("LoginDialog", "Sign in"))
        self.staff: StaffMember | None = None
        hint = QLabel(QCoreApplication.translate("LoginDialog", "Sign in to see patient records."))
        hint.setObjectName("subtitle")
        self.body.addWidget(hint)
        self.username_edit = QLineEdit(username)
        self.username_edit.setPlaceholderText(QCoreApplication.translate("LoginDialog", "User name"))
        self.password_edit = password_edit()
        self.body.addWidget(self.username_edit)
        self.body.addWidget(self.password_edit)
        self.message_label = message_label()
        self.body.addWidget(self.message_label)
        self.sign_in_button = QPushButton(QCoreApplication.translate("LoginDialog", "Sign in"))
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        self.body.addWidget(self.sign_in_button)
        forgot = QLabel(
            QCoreApplication.translate(
                "LoginDialog", "Forgot your password? An administrator can set a new one."
            )
        )
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
            set_message(self.message_label, clinic_error_text(exc))
            self.fit_to_content()
            self.password_edit.clear()
            self.password_edit.setFocus()
            return False
        set_message(self.message_label, "")
        self.accept()
        return True
