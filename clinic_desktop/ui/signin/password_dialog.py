"""Change my password (File menu, Ctrl+Shift+P): the current password, the new one twice; refused with the
reason when weak (services.auth.change_own_password). After an administrator's reset it opens by itself at
sign-in and must be completed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from clinic_desktop.models import StaffMember
from clinic_desktop.services import auth, preferences
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import FieldErrors, grow_to_fit
from clinic_desktop.ui.common.i18n import language_combo, language_name_or_default, set_combo_language


def _secret() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class ChangePasswordDialog(QDialog):
    """The signed-in staff member changes their own password. ``changed`` is True after a change.

    ``required``: opened because an administrator reset the password; the text says so.
    """

    def __init__(
        self,
        workspace: Workspace,
        actor: Callable[[], StaffMember | None],
        parent: QWidget | None = None,
        *,
        required: bool = False,
    ):
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ChangePasswordDialog", "Change my password"))
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.changed = False
        self.errors = FieldErrors(self)
        member = actor()
        self.intro = intro = QLabel(
            QCoreApplication.translate(
                "ChangePasswordDialog",
                "An administrator reset your password: choose your own now. "
                "A short sentence of four or five words is easy to remember and hard to guess. "
                "Your name, your user name and the clinic's name are refused.",
            )
            if required
            else QCoreApplication.translate(
                "ChangePasswordDialog",
                "A short sentence of four or five words is easy to remember and hard to guess. "
                "Your name, your user name and the clinic's name are refused.",
            )
        )
        intro.setWordWrap(True)
        self.current = _secret()
        self.new = _secret()
        self.again = _secret()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(
            QCoreApplication.translate("ChangePasswordDialog", "&Current password")
            if not required
            else QCoreApplication.translate("ChangePasswordDialog", "Password &given to you"),
            self.errors.wrap("current_password", self.current),
        )
        form.addRow(
            QCoreApplication.translate("ChangePasswordDialog", "&New password"),
            self.errors.wrap("new_password", self.new),
        )
        form.addRow(
            QCoreApplication.translate("ChangePasswordDialog", "New password &again"),
            self.errors.wrap("again", self.again),
        )
        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Save | buttons.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if member is not None:
            layout.addWidget(QLabel(f"<b>{member.full_name}</b> ({member.username})"))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors.general_label())
        # my window language, saved at once (no password needed); it applies at my next sign-in
        self.language_combo = language_combo()
        if member is not None:
            set_combo_language(self.language_combo, getattr(member, "ui_language", None))
        self.language_combo.activated.connect(lambda _index: self.save_language())
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        form.addRow(QCoreApplication.translate("ChangePasswordDialog", "My &language"), self.language_combo)
        layout.addWidget(self.language_note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.errors.changed.connect(lambda: grow_to_fit(self))

    def save_language(self) -> bool:
        """Save the language chosen for the signed-in person (services.preferences); True when saved."""
        member = self._actor()
        if member is None:
            return False
        ok, saved = self.errors.call(
            self._workspace,
            lambda session: preferences.set_language(
                session, actor=member, staff_id=member.id, language=self.language_combo.currentData()
            ),
        )
        if ok:
            self.language_note.setText(
                QCoreApplication.translate(
                    "ChangePasswordDialog", "Saved: {language} from your next sign-in."
                ).format(language=language_name_or_default(self.language_combo.currentData()))
            )
        return bool(ok)

    def save_button(self):
        """The Save button."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def save(self) -> None:
        """Change the password; every problem is shown at its field and nothing changes until all pass."""
        if self.new.text() != self.again.text():
            self.errors.show(
                {
                    "again": QCoreApplication.translate(
                        "ChangePasswordDialog", "The two new passwords differ; type the same one twice."
                    )
                }
            )
            return
        ok, _ = self.errors.call(
            self._workspace,
            lambda session: auth.change_own_password(
                session,
                actor=self._actor(),
                current_password=self.current.text(),  # type: ignore[arg-type]
                new_password=self.new.text(),
            ),
        )
        if ok:
            self.changed = True
            self.accept()
