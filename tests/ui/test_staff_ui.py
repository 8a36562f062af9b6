"""Staff in the window: change my password (File menu, Ctrl+Shift+P), the forced change after an
administrator's reset, and renaming a staff member."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlmodel import Session, select

from clinic_desktop.models import AuditEntry, StaffMember
from clinic_desktop.services import auth
from clinic_desktop.ui.admin.staff_admin import StaffAdminDialog
from clinic_desktop.ui.signin.password_dialog import ChangePasswordDialog
from tests.language import msg_like, msg_text, ui_text
from tests.ui.test_checkout_flow import with_modal

CLICK = Qt.MouseButton.LeftButton
OLD = "the old desk sentence"


def _give_password(db, member: StaffMember, password: str = OLD) -> None:
    row = db.get(StaffMember, member.id)
    row.password_hash = auth.hash_password(password)
    db.add(row)
    db.commit()


def test_change_my_password_from_the_menu_refuses_a_weak_one_with_the_reason(qtbot, main_window, db, staff):
    _give_password(db, staff["practitioner"])
    action = main_window.password_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+P") and action.isEnabled()
    seen = {}

    def change(dialog: ChangePasswordDialog) -> None:
        qtbot.keyClicks(dialog.current, OLD)
        qtbot.keyClicks(dialog.new, "clinic2026")
        qtbot.keyClicks(dialog.again, "clinic2026")
        qtbot.mouseClick(dialog.save_button(), CLICK)
        seen["weak"] = dialog.errors.errors_shown()
        for edit in (dialog.new, dialog.again):
            edit.setText("seven green kites over the bay")
        qtbot.mouseClick(dialog.save_button(), CLICK)

    done = with_modal(qtbot, ChangePasswordDialog, change)
    action.trigger()
    assert done
    assert msg_like("This password is too easy to guess. {warning} A short sentence of four or five words is "
                    "better.").search(seen["weak"]["new_password"])
    with Session(main_window.engine) as s:
        member = s.get(StaffMember, staff["practitioner"].id)
        assert (
            auth.authenticate(s, username=member.username, password="seven green kites over the bay").id
            == member.id
        )
        assert (
            s.exec(select(AuditEntry).where(AuditEntry.action == "staff.password_change")).first() is not None
        )


def test_after_a_reset_the_person_chooses_a_new_password_at_sign_in(qtbot, main_window, db, staff):
    auth.set_password(
        db, actor=staff["admin"], staff_id=staff["receptionist"].id, password="given at the desk 1"
    )
    member = db.get(StaffMember, staff["receptionist"].id)
    assert member.must_change_password is True

    def choose(dialog: ChangePasswordDialog) -> None:
        assert dialog.intro.text() == ui_text(
            "ChangePasswordDialog", "An administrator reset your password: choose your own now. "
            "A short sentence of four or five words is easy to remember and hard to guess. "
            "Your name, your user name and the clinic's name are refused.")
        qtbot.keyClicks(dialog.current, "given at the desk 1")
        dialog.new.setText("my own quiet morning phrase")
        dialog.again.setText("my own quiet morning phrase")
        qtbot.mouseClick(dialog.save_button(), CLICK)

    done = with_modal(qtbot, ChangePasswordDialog, choose)
    main_window.set_current_staff(member)
    qtbot.waitUntil(lambda: bool(done))
    qtbot.waitUntil(
        lambda: (
            not any(
                isinstance(w, ChangePasswordDialog) and w.isVisible()
                for w in main_window.findChildren(ChangePasswordDialog)
            )
        )
    )
    with Session(main_window.engine) as s:
        assert s.get(StaffMember, member.id).must_change_password is False


def test_an_administrator_renames_a_staff_member(qtbot, engine, db, staff):
    dialog = StaffAdminDialog(engine, staff["admin"])
    qtbot.addWidget(dialog)
    dialog.select_staff(staff["receptionist"].id)
    assert dialog.rename_edit.text() == "Rita Reception"
    dialog.rename_edit.setText("  ")
    qtbot.mouseClick(dialog.rename_button, CLICK)
    assert msg_text("Enter the person's name as it should appear on records.") in \
        dialog.sel_errors.errors_shown()["full_name"]
    dialog.rename_edit.setText("Rita Reception-Smith")
    qtbot.mouseClick(dialog.rename_button, CLICK)
    assert ui_text("StaffAdminDialog", "“{old}” is now “{full_name}”.").format(
        old="Rita Reception", full_name="Rita Reception-Smith") in dialog.status_label.text()
    with Session(engine) as s:
        assert s.get(StaffMember, staff["receptionist"].id).full_name == "Rita Reception-Smith"
