"""The first window at start (issue #17): sign-in or first start, shown at once while the database opens.

The app (``clinic_desktop.app``) opens the database on a worker thread and hands the result over::

    flow = StartSignIn(first_start=guess, look=cached_look)   # guess from the start-up cache / missing file
    # worker finished:  flow.database_ready(workspace, first_start=..., look=(name, colour))
    # worker failed:    flow.database_failed(message)
    staff = flow.run()             # modal, like exec(); None when closed or when the database failed
    if flow.failure: ...           # the message for the person (the dialog was closed for it)

The person types from the first moment; pressing the button before the database is open waits for it.
When the database answers differently from the guess (an administrator is needed after all, or already
exists), the right dialog replaces the first one. Imports no SQLAlchemy/SQLModel (tests/ui/test_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from clinic_desktop.ui.signin.login import LoginDialog

if TYPE_CHECKING:
    from clinic_desktop.models import StaffMember
    from clinic_desktop.services.workspace import Workspace
    from clinic_desktop.ui.signin.first_start import FirstAdminDialog


class StartSignIn(QObject):
    """Runs the start-up dialog before and after the database is open. See the module docstring."""

    def __init__(self, *, first_start: bool, look: tuple[str, str] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.first_start = first_start
        self.look = look
        self.workspace: Workspace | None = None
        self.failure: str | None = None
        self.dialog: LoginDialog | FirstAdminDialog | None = None
        self._switch = False

    def _make_dialog(self) -> LoginDialog | FirstAdminDialog:
        if not self.first_start:
            return LoginDialog(self.workspace, None, look=self.look)
        from clinic_desktop.ui.signin.first_start import FirstAdminDialog  # its forms module: only if needed

        return FirstAdminDialog(self.workspace, None, look=self.look)

    def run(self) -> StaffMember | None:
        """Show the dialog (modal) until someone is signed in (returns them), the person closes it, or the
        database cannot be opened (None; :attr:`failure` holds the message)."""
        while self.failure is None:
            self.dialog = self._make_dialog()
            code = self.dialog.exec()
            dialog, self.dialog = self.dialog, None
            dialog.deleteLater()
            if self.failure is not None:
                break
            if code == QDialog.DialogCode.Accepted and getattr(dialog, "staff", None) is not None:
                return dialog.staff
            if not self._switch:
                return None
            self._switch = False
        return None

    def database_ready(self, workspace: Workspace, *, first_start: bool, look: tuple[str, str]) -> None:
        """The database is open: ``first_start`` tells whether an administrator must be created first;
        ``look`` is the clinic's (name, colour)."""
        self.workspace, self.look = workspace, look
        dialog = self.dialog
        if first_start != self.first_start:
            self.first_start = first_start
            if dialog is not None:
                self._switch = True
                dialog.reject()
            return
        if dialog is not None:
            dialog.set_look(*look)
            dialog.set_workspace(workspace)

    def database_failed(self, message: str) -> None:
        """The database cannot be used: close the dialog; :meth:`run` returns None and the caller shows
        ``message``."""
        self.failure = message
        if self.dialog is not None:
            self.dialog.reject()
