"""First start: create the administrator account."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from clinic_desktop.models import StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.errors import ClinicError, ValidationError
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import FieldErrors
from clinic_desktop.ui.signin.card import CardDialog, password_edit


class FirstAdminDialog(CardDialog):
    """First start: the person setting the clinic up creates the administrator account with a password of
    their choice. On accept, :attr:`staff` is the new administrator (already signed in)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent, QCoreApplication.translate("FirstAdminDialog", "Welcome"))
        self.staff: StaffMember | None = None
        intro = QLabel(
            QCoreApplication.translate(
                "FirstAdminDialog",
                "Create the administrator account. The administrator adds the other staff members and makes backups. Choose a password only you know; there is no default password.",
            )
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
        self.full_name_edit.setPlaceholderText(
            QCoreApplication.translate("FirstAdminDialog", "e.g. Dr. Élise Tremblay")
        )
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText(QCoreApplication.translate("FirstAdminDialog", "e.g. elise"))
        self.password_edit = password_edit(
            QCoreApplication.translate("FirstAdminDialog", "At least {count} characters").format(
                count=auth.MIN_PASSWORD_LENGTH
            )
        )
        self.confirm_edit = password_edit(QCoreApplication.translate("FirstAdminDialog", "Type it again"))
        form.addRow(
            QCoreApplication.translate("FirstAdminDialog", "Full name"),
            self.errors.wrap("full_name", self.full_name_edit),
        )
        form.addRow(
            QCoreApplication.translate("FirstAdminDialog", "User name"),
            self.errors.wrap("username", self.username_edit),
        )
        form.addRow(
            QCoreApplication.translate("FirstAdminDialog", "Password"),
            self.errors.wrap("password", self.password_edit),
        )
        form.addRow(
            QCoreApplication.translate("FirstAdminDialog", "Password again"),
            self.errors.wrap("confirm", self.confirm_edit),
        )
        self.body.addLayout(form)
        self.body.addWidget(self.errors.general_label())
        self.create_button = QPushButton(
            QCoreApplication.translate("FirstAdminDialog", "Create administrator")
        )
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
                auth.check_new_account(
                    session,
                    full_name=self.full_name_edit.text(),
                    username=self.username_edit.text(),
                    password=self.password_edit.text(),
                )
        except ValidationError as exc:
            found.update(exc.errors)
        if self.password_edit.text() != self.confirm_edit.text():
            found["confirm"] = QCoreApplication.translate("FirstAdminDialog", "The two passwords differ.")
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
