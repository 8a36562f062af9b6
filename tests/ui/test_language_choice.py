"""Choosing the window's language: by an administrator in Staff accounts, by the person in Change my
password, applied at sign-in (issue #15)."""

from __future__ import annotations

from sqlmodel import Session

from clinic_desktop.models import StaffMember
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.admin.staff_admin import StaffAdminDialog
from clinic_desktop.ui.common import i18n
from clinic_desktop.ui.signin.password_dialog import ChangePasswordDialog


def _choose(combo, code) -> None:
    combo.setCurrentIndex(combo.findData(code))
    combo.activated.emit(combo.currentIndex())


def test_an_administrator_sets_a_persons_language(qtbot, engine, staff):
    dialog = StaffAdminDialog(Workspace(engine), staff["admin"])
    qtbot.addWidget(dialog)
    dialog.select_staff(staff["receptionist"].id)
    names = [dialog.language_combo.itemText(i) for i in range(dialog.language_combo.count())]
    assert "Français" in names and "English" in names and "fr" not in names
    _choose(dialog.language_combo, "fr")
    with Session(engine) as s:
        assert s.get(StaffMember, staff["receptionist"].id).ui_language == "fr"
    assert "Français" in dialog.status_label.text()
    row = dialog.model.row_of(staff["receptionist"].id)
    assert dialog.model.index(row, dialog.model.COL_LANGUAGE).data() == "Français"


def test_a_person_sets_their_own_language_and_it_applies_at_sign_in(qtbot, engine, staff, qapp):
    me = staff["practitioner"]
    dialog = ChangePasswordDialog(Workspace(engine), lambda: me)
    qtbot.addWidget(dialog)
    _choose(dialog.language_combo, "fr")
    assert "Français" in dialog.language_note.text()
    with Session(engine) as s:
        member = s.get(StaffMember, me.id)
        assert member.ui_language == "fr"
    try:
        assert i18n.install_for(member) == "fr"
        assert i18n.install_for(member, forced="en") == "en"  # --language wins
    finally:
        i18n.install("en")
