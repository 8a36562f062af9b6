"""Backup and restore in the window: retention fields for administrators only, another clinic's backup
asked about in a dialog, menus that say why they are unavailable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlmodel import Session, select

from clinic_desktop.models import AuditEntry, ClinicProfile, Patient
from clinic_desktop.services import backups
from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
from tests.language import msg_text, ui_text
from tests.ui.conftest import add_patient


def _dialog(qtbot, main_window, member) -> ClinicProfileDialog:
    main_window.set_current_staff(member)
    dialog = ClinicProfileDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    return dialog


def test_only_an_administrator_can_change_how_many_backups_are_kept(qtbot, main_window, staff, tmp_path):
    dialog = _dialog(qtbot, main_window, staff["manager"])
    boxes = (dialog.retention_daily, dialog.retention_weekly, dialog.retention_monthly)
    assert [b.value() for b in boxes] == [14, 8, 12]
    assert not any(b.isEnabled() for b in boxes)
    assert ui_text("ClinicProfileDialog", "Only an administrator changes how many backups are kept.") in \
        dialog.retention_daily.toolTip()
    dialog.show()
    dialog.grab().save(str(tmp_path / "profile-manager.png"))

    dialog = _dialog(qtbot, main_window, staff["admin"])
    boxes = (dialog.retention_daily, dialog.retention_weekly, dialog.retention_monthly)
    assert all(b.isEnabled() for b in boxes)
    assert dialog.retention_daily.minimum() == 14 and dialog.retention_weekly.minimum() == 8
    dialog.retention_daily.setValue(1)  # the box cannot go below the floor
    assert dialog.retention_daily.value() == 14
    dialog.retention_daily.setValue(30)
    dialog.retention_monthly.setValue(24)
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == ClinicProfileDialog.DialogCode.Accepted, dialog.errors.general_label().text()
    with Session(main_window.engine) as s:
        stored = s.exec(select(ClinicProfile)).one()
        assert (stored.retention_daily, stored.retention_weekly, stored.retention_monthly) == (30, 8, 24)
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "backup.retention")).one()


def _patch_dialogs(monkeypatch, chosen: Path, answers: list):
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(chosen), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))

    def warning(_parent, title, text, *rest):
        asked.append((title, text))
        return answers.pop(0) if answers else QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return asked


def _names(engine):
    with Session(engine) as s:
        return sorted(p.given_names for p in s.exec(select(Patient)))


@pytest.mark.sqlite_only
def test_restoring_another_clinics_backup_asks_first(qtbot, main_window, staff, db, clinic_profile, monkeypatch):
    import sqlite3

    ours = clinic_profile.name

    main_window.set_current_staff(staff["admin"])
    add_patient(db, staff["admin"], "Theirs")
    theirs = main_window.backup_now()
    con = sqlite3.connect(theirs)
    con.execute(
        "UPDATE clinic_profile SET clinic_id = '00000000-0000-4000-8000-0000000000ff', name = 'Other Clinic'"
    )
    con.commit()
    con.close()
    add_patient(db, staff["admin"], "Ours")
    db.close()

    asked = _patch_dialogs(monkeypatch, theirs, [QMessageBox.StandardButton.No])
    assert main_window.restore_backup() is False
    problem = msg_text("This backup belongs to another clinic (“{backup_clinic}”), not to “{current_clinic}”. "
                       "Restoring it replaces this clinic's records with that clinic's; confirm to go on. "
                       "Nothing was changed.").format(backup_clinic="Other Clinic", current_clinic=ours)
    assert asked and asked[0] == (
        ui_text("MainWindow", "Restore a backup of another clinic?"),
        ui_text("MainWindow", "{problem}\n\nRestore “{clinic}” anyway?").format(problem=problem, clinic="Other Clinic"))
    assert _names(main_window.engine) == ["Ours", "Theirs"]  # said no: nothing changed

    asked = _patch_dialogs(monkeypatch, theirs, [QMessageBox.StandardButton.Yes])
    assert main_window.restore_backup() is True
    assert len(asked) == 1
    assert _names(main_window.engine) == ["Theirs"]


@pytest.mark.sqlite_only
def test_a_refused_restore_shows_the_reason_and_changes_nothing(
    qtbot, main_window, staff, db, monkeypatch, tmp_path
):
    main_window.set_current_staff(staff["admin"])
    add_patient(db, staff["admin"], "Kept")
    db.close()
    fake = tmp_path / "fake.sqlite3"
    fake.write_text("not a backup at all " * 100)
    asked = _patch_dialogs(monkeypatch, fake, [])
    assert main_window.restore_backup() is False
    assert msg_text("{name} is not a Clinic Desktop backup (not a database file).").format(
        name="fake.sqlite3") in asked[0][1]
    assert _names(main_window.engine) == ["Kept"]


def test_menus_say_why_backups_are_unavailable(qtbot, main_window, staff, monkeypatch):
    monkeypatch.setattr(
        backups,
        "backup_availability",
        lambda engine: backups.Availability(False, "Install PostgreSQL's pg_dump."),
    )
    monkeypatch.setattr(
        backups,
        "restore_availability",
        lambda engine: backups.Availability(False, backups.PG_RESTORE_INSTRUCTIONS),
    )
    if hasattr(main_window, "_backup_availability"):
        del main_window._backup_availability
    main_window.set_current_staff(staff["admin"])
    assert not main_window.backup_action.isEnabled() and not main_window.restore_action.isEnabled()
    assert "pg_dump" in main_window.backup_action.statusTip()
    assert "pg_restore" in main_window.restore_action.toolTip()
    assert main_window.staff_action.isEnabled()
