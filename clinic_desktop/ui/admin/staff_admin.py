"""Staff accounts (administrators): add a staff member, change a role, set a new password, deactivate.

Everything happens inside one dialog (no nested modal dialogs): the list on the left, the selected
person's actions and the "add" form on the right. Every change goes through
:mod:`clinic_desktop.services.auth`, which checks the role, refuses to leave no administrator, and audits.
Use :func:`open_staff_admin` to show it (tells other roles why they may not); the dialog itself raises
PermissionDenied for them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import Role, StaffMember
from clinic_desktop.services import auth, preferences
from clinic_desktop.services.errors import ClinicError, ConflictError, ValidationError
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import FieldErrors, only_own_default, show_permitted
from clinic_desktop.ui.common.i18n import (
    language_combo,
    language_name,
    language_name_or_default,
    set_combo_language,
)
from clinic_desktop.ui.signin.card import role_label

_Index = QModelIndex | QPersistentModelIndex


class StaffTableModel(QAbstractTableModel):
    """Staff members: name, user name, role, state."""

    COL_NAME, COL_USERNAME, COL_ROLE, COL_LANGUAGE, COL_STATE = range(5)
    HEADERS = (
        QT_TRANSLATE_NOOP("StaffTableModel", "Name"),
        QT_TRANSLATE_NOOP("StaffTableModel", "User name"),
        QT_TRANSLATE_NOOP("StaffTableModel", "Role"),
        QT_TRANSLATE_NOOP("StaffTableModel", "Language"),
        QT_TRANSLATE_NOOP("StaffTableModel", "State"),
    )

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[StaffMember] = []

    def set_rows(self, rows: list[StaffMember]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def member(self, row: int) -> StaffMember:
        """The staff member in ``row``."""
        return self._rows[row]

    def row_of(self, staff_id: int) -> int:
        """The row showing ``staff_id`` or -1."""
        return next((i for i, m in enumerate(self._rows) if m.id == staff_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("StaffTableModel", self.HEADERS[section])
        return None

    @staticmethod
    def _state(m: StaffMember) -> str:
        if not m.active:
            return QCoreApplication.translate("StaffTableModel", "deactivated")
        if m.locked_until:
            return QCoreApplication.translate("StaffTableModel", "active · locked after wrong passwords")
        return QCoreApplication.translate("StaffTableModel", "active")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        m = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                m.full_name,
                m.username,
                role_label(m.role),
                language_name(m.ui_language)
                if m.ui_language
                else QCoreApplication.translate("StaffTableModel", "computer's"),
                self._state(m),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not m.active:
            from PySide6.QtGui import QColor

            return QColor("#8a8a8a")
        return None


def _role_combo() -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role_label(role), role.value)
    return combo


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class StaffAdminDialog(QDialog):
    """Manage staff accounts. Raises PermissionDenied (audited) unless ``actor`` is an administrator."""

    def __init__(self, workspace: Workspace, actor: StaffMember, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = Workspace.of(workspace)
        self.actor = actor
        with Workspace.of(workspace).session() as session:
            rows = auth.list_staff(session, actor=actor)  # the permission check
        self.setWindowTitle(QCoreApplication.translate("StaffAdminDialog", "Staff accounts"))
        self.resize(940, 560)

        self.model = StaffTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        # selected person
        self.selected_box = QGroupBox(QCoreApplication.translate("StaffAdminDialog", "Selected staff member"))
        self.sel_errors = FieldErrors(self.selected_box)
        self.role_combo = _role_combo()
        self.role_combo.setAccessibleName(QCoreApplication.translate("StaffAdminDialog", "Role"))
        self.apply_role_button = QPushButton(QCoreApplication.translate("StaffAdminDialog", "Change role"))
        self.apply_role_button.clicked.connect(self.change_role)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role_combo, 1)
        role_row.addWidget(self.apply_role_button)
        role_wrap = QWidget()
        role_wrap.setLayout(role_row)
        role_row.setContentsMargins(0, 0, 0, 0)
        self.reset_password_edit = _password_edit()
        self.reset_password_edit.setPlaceholderText(
            QCoreApplication.translate(
                "StaffAdminDialog", "New password (at least {MIN_PASSWORD_LENGTH} characters)"
            ).format(MIN_PASSWORD_LENGTH=auth.MIN_PASSWORD_LENGTH)
        )
        self.reset_button = QPushButton(QCoreApplication.translate("StaffAdminDialog", "Set new password"))
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button = QPushButton(QCoreApplication.translate("StaffAdminDialog", "Deactivate"))
        self.active_button.clicked.connect(self.toggle_active)
        self.rename_edit = QLineEdit()
        self.rename_edit.setAccessibleName(QCoreApplication.translate("StaffAdminDialog", "New name"))
        self.rename_edit.setPlaceholderText(
            QCoreApplication.translate("StaffAdminDialog", "The name as it should appear on records")
        )
        self.rename_button = QPushButton(QCoreApplication.translate("StaffAdminDialog", "Rename"))
        self.rename_button.clicked.connect(self.rename)
        rename_row = QHBoxLayout()
        rename_row.setContentsMargins(0, 0, 0, 0)
        rename_row.addWidget(self.rename_edit, 1)
        rename_row.addWidget(self.rename_button)
        rename_wrap = QWidget()
        rename_wrap.setLayout(rename_row)
        sel_form = QFormLayout(self.selected_box)
        # the person's own language for the window (or the computer's); applied at their next sign-in
        self.language_combo = language_combo()
        self.language_combo.activated.connect(lambda _index: self.change_language())
        sel_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "Name"),
            self.sel_errors.wrap("full_name", rename_wrap),
        )
        sel_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "Role"), self.sel_errors.wrap("role", role_wrap)
        )
        sel_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "Language"),
            self.sel_errors.wrap("language", self.language_combo),
        )
        sel_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "Password"),
            self.sel_errors.wrap("password", self.reset_password_edit),
        )
        sel_form.addRow("", self.reset_button)
        sel_form.addRow("", self.sel_errors.wrap("active", self.active_button))
        sel_form.addRow(self.sel_errors.general_label())

        # add form
        self.add_box = QGroupBox(QCoreApplication.translate("StaffAdminDialog", "Add a staff member"))
        self.add_errors = FieldErrors(self.add_box)
        self.full_name_edit = QLineEdit()
        self.username_edit = QLineEdit()
        self.new_role_combo = _role_combo()
        self.new_password_edit = _password_edit()
        self.new_password_edit.setPlaceholderText(
            QCoreApplication.translate("StaffAdminDialog", "They can sign in with it, then change it")
        )
        self.add_button = QPushButton(QCoreApplication.translate("StaffAdminDialog", "Add staff member"))
        self.add_button.clicked.connect(self.add_staff)
        add_form = QFormLayout(self.add_box)
        add_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "Full name"),
            self.add_errors.wrap("full_name", self.full_name_edit),
        )
        add_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "User name"),
            self.add_errors.wrap("username", self.username_edit),
        )
        add_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "Role"),
            self.add_errors.wrap("role", self.new_role_combo),
        )
        self.new_language_combo = language_combo()
        add_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "Language"),
            self.add_errors.wrap("language", self.new_language_combo),
        )
        add_form.addRow(
            QCoreApplication.translate("StaffAdminDialog", "First password"),
            self.add_errors.wrap("password", self.new_password_edit),
        )
        add_form.addRow("", self.add_button)
        add_form.addRow(self.add_errors.general_label())

        right = QVBoxLayout()
        right.addWidget(self.selected_box)
        right.addWidget(self.add_box)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.status_label)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.set_rows(rows)
        if rows:
            self.select_staff(rows[0].id or 0)
        self._selection_changed()
        # Enter never presses a button of another group: in the add form it adds, in the rename or
        # new-password field it does that field's own action; on the role box it does nothing
        only_own_default(self)
        for edit in (self.full_name_edit, self.username_edit, self.new_password_edit):
            edit.returnPressed.connect(self.add_staff)
        self.rename_edit.returnPressed.connect(self.rename)
        self.reset_password_edit.returnPressed.connect(self.reset_password)

    # -- helpers

    def selected(self) -> StaffMember | None:
        """The selected staff member, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.member(rows[0].row()) if rows else None

    def select_staff(self, staff_id: int) -> None:
        """Select the row of ``staff_id``."""
        row = self.model.row_of(staff_id)
        if row >= 0:
            self.table.selectRow(row)

    def reload(self, select_id: int | None = None) -> None:
        """Reload the list, keeping (or moving) the selection."""
        current = self.selected()
        keep = select_id if select_id is not None else (current.id if current else None)
        with self.workspace.session() as session:
            self.model.set_rows(auth.list_staff(session, actor=self.actor))
        if keep is not None:
            self.select_staff(keep)
        self._selection_changed()

    def _selection_changed(self, *_: Any) -> None:
        member = self.selected()
        self.selected_box.setEnabled(member is not None)
        self.sel_errors.clear()
        if member is None:
            self.selected_box.setTitle(
                QCoreApplication.translate("StaffAdminDialog", "Selected staff member")
            )
            return
        self.selected_box.setTitle(f"{member.full_name} ({member.username})")
        set_combo_language(self.language_combo, getattr(member, "ui_language", None))
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role(member.role).value))
        self.rename_edit.setText(member.full_name)
        self.active_button.setText(
            QCoreApplication.translate("StaffAdminDialog", "Deactivate")
            if member.active
            else QCoreApplication.translate("StaffAdminDialog", "Reactivate")
        )
        self.active_button.setEnabled(member.id != self.actor.id or not member.active)

    def _run(self, errors: FieldErrors, action: Any) -> Any:
        try:
            with self.workspace.session() as session:
                result = action(session)
        except ValidationError as exc:
            errors.show(exc.errors)
            return None
        except ConflictError as exc:  # another administrator changed this account since the list was read
            errors.show_conflict(exc, self.reload)
            return None
        except ClinicError as exc:
            errors.show_message(str(exc))
            return None
        errors.clear()
        return result

    # -- actions (each one service call)

    def add_staff(self) -> StaffMember | None:
        """Create the staff member from the add form; returns it, or None (errors shown by the fields)."""
        member = self._run(
            self.add_errors,
            lambda s: auth.create_staff(
                s,
                actor=self.actor,
                full_name=self.full_name_edit.text(),
                username=self.username_edit.text(),
                role=self.new_role_combo.currentData(),
                password=self.new_password_edit.text(),
            ),
        )
        if member is not None and self.new_language_combo.currentData() is not None:
            member = (
                self._run(
                    self.add_errors,
                    lambda s: preferences.set_language(
                        s,
                        actor=self.actor,
                        staff_id=member.id,
                        language=self.new_language_combo.currentData(),
                    ),
                )
                or member
            )
        if member is not None:
            for edit in (self.full_name_edit, self.username_edit, self.new_password_edit):
                edit.clear()
            self.reload(select_id=member.id)
            self.status_label.setText(
                QCoreApplication.translate("StaffAdminDialog", "{name} added as {role}.").format(
                    name=member.full_name, role=role_label(member.role).lower()
                )
            )
        return member

    def change_role(self) -> bool:
        """Give the selected person the role chosen in the combo box."""
        member = self.selected()
        if member is None:
            return False
        role = self.role_combo.currentData()
        done = self._run(
            self.sel_errors,
            lambda s: auth.update_staff_role(
                s, actor=self.actor, staff_id=member.id, role=role, expected_version=member.version
            ),
        )
        if done is not None:
            self.reload()
            self.status_label.setText(
                QCoreApplication.translate("StaffAdminDialog", "{name} is now {role}.").format(
                    name=member.full_name, role=role_label(role).lower()
                )
            )
        return done is not None

    def reset_password(self) -> bool:
        """Set the typed password for the selected person (clears their lockout)."""
        member = self.selected()
        if member is None:
            return False
        done = self._run(
            self.sel_errors,
            lambda s: auth.set_password(
                s, actor=self.actor, staff_id=member.id, password=self.reset_password_edit.text()
            ),
        )
        if done is not None:
            self.reset_password_edit.clear()
            self.reload()
            self.status_label.setText(
                QCoreApplication.translate(
                    "StaffAdminDialog",
                    "New password set for {full_name}. Tell them in person; they choose their own at their next sign-in.",
                ).format(full_name=member.full_name)
            )
        return done is not None

    def rename(self) -> bool:
        """Give the selected person the name typed (records show the new name; the user name stays)."""
        member = self.selected()
        if member is None:
            return False
        old = member.full_name
        done = self._run(
            self.sel_errors,
            lambda s: auth.rename_staff(
                s, actor=self.actor, staff_id=member.id, full_name=self.rename_edit.text()
            ),
        )
        if done is not None:
            self.reload(select_id=member.id)
            self.status_label.setText(
                QCoreApplication.translate("StaffAdminDialog", "“{old}” is now “{full_name}”.").format(
                    old=old, full_name=done.full_name
                )
            )
        return done is not None

    def change_language(self) -> bool:
        """Give the selected person the window language chosen in the combo box (their next sign-in)."""
        member = self.selected()
        if member is None:
            return False
        language = self.language_combo.currentData()
        done = self._run(
            self.sel_errors,
            lambda s: preferences.set_language(s, actor=self.actor, staff_id=member.id, language=language),
        )
        if done is not None:
            self.reload()
            self.status_label.setText(
                QCoreApplication.translate(
                    "StaffAdminDialog", "{name} will see the window in {language} at their next sign-in."
                ).format(name=member.full_name, language=language_name_or_default(language))
            )
        return done is not None

    def toggle_active(self) -> bool:
        """Deactivate the selected person, or reactivate them if they are deactivated."""
        member = self.selected()
        if member is None:
            return False
        service = auth.deactivate_staff if member.active else auth.reactivate_staff
        done = self._run(
            self.sel_errors,
            lambda s: service(s, actor=self.actor, staff_id=member.id, expected_version=member.version),
        )
        if done is not None:
            self.reload()
            text = (
                QCoreApplication.translate("StaffAdminDialog", "{name} is active again.")
                if done.active
                else QCoreApplication.translate("StaffAdminDialog", "{name} is deactivated.")
            )
            self.status_label.setText(text.format(name=member.full_name))
        return done is not None


def open_staff_admin(
    workspace: Workspace, actor: StaffMember, parent: QWidget | None = None
) -> StaffAdminDialog | None:
    """Show the staff dialog (non-modal) and return it, or tell the person why they may not (None)."""
    return show_permitted(lambda: StaffAdminDialog(workspace, actor, parent), parent,  # type: ignore[return-value]
                          QCoreApplication.translate("staff_admin", "Staff accounts"))
