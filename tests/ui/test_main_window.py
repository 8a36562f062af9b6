"""The shell: pages, the "At the desk" chooser, role-dependent menu actions, About; the clinic profile dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel
from sqlmodel import Session, select

from clinic_desktop import __version__
from clinic_desktop.models import AuditEntry, ClinicProfile, StaffMember
from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
from clinic_desktop.ui.main_window import PAGES, MainWindow
from tests.language import msg_text, ui_like, ui_text
from tests.ui.conftest import CLINIC_PHONE


def test_pages_and_navigation(main_window):
    titles = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert list(main_window.pages) == ["Today"]  # the others are built when first shown
    assert titles == [ui_text("MainWindow", title) for title, *_rest in PAGES]  # every page (Reports hidden)
    assert titles[0] == ui_text("MainWindow", "Today")
    assert main_window.current_page() is main_window.pages["Today"]


def test_adding_a_page_is_one_entry(qtbot, engine, clinic_profile, staff):
    window = MainWindow(engine, pages=[*PAGES, ("Extra", lambda w: QLabel(f"staff: {w.current_staff().full_name}"))])
    qtbot.addWidget(window)
    page = window.show_page("Extra")
    assert window.stack.currentWidget() is page


def test_staff_chooser_lists_active_staff_and_sets_the_actor(qtbot, main_window, staff, db):
    chooser = main_window.staff_chooser
    names = [chooser.itemText(i) for i in range(chooser.count())]
    # the role in the window's language ("Rita Reception (réceptionniste)"; it read "receptionist" in French)
    rita = ui_text("MainWindow", "{name} ({role})").format(name="Rita Reception",
                                                           role=ui_text("Role", "Receptionist").lower())
    assert rita in names and len(names) == 4
    assert main_window.current_staff().id == staff["practitioner"].id
    with qtbot.waitSignal(main_window.staffChanged) as blocker:
        chooser.setCurrentIndex(chooser.findData(staff["manager"].id))
    assert blocker.args[0].id == staff["manager"].id
    assert main_window.current_staff().full_name == "Mona Manager"


def test_inactive_staff_are_not_offered(qtbot, engine, clinic_profile, staff, db):
    gone = db.get(StaffMember, staff["receptionist"].id)
    gone.active = False
    db.add(gone)
    db.commit()
    window = MainWindow(engine)
    qtbot.addWidget(window)
    assert window.staff_chooser.findData(staff["receptionist"].id) == -1


def test_manager_actions_follow_the_role(main_window, staff):
    main_window.set_current_staff(staff["receptionist"])
    assert not main_window.profile_action.isEnabled()
    assert not main_window.approve_action.isEnabled()
    main_window.set_current_staff(staff["manager"])
    assert main_window.profile_action.isEnabled()
    assert main_window.approve_action.isEnabled()


def test_about_shows_version_and_font_licences(main_window):
    box = main_window.about_box()
    assert __version__ in box.text()
    assert "DejaVu" in box.informativeText()
    assert "LICENSE-DejaVu.txt" in box.detailedText()
    assert "Bitstream" in box.detailedText()  # the licence's own text


def _profile_dialog(qtbot, main_window, staff) -> ClinicProfileDialog:
    main_window.set_current_staff(staff["manager"])
    dialog = ClinicProfileDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    return dialog


def _stored_profile(engine) -> ClinicProfile:
    with Session(engine) as s:
        return s.exec(select(ClinicProfile)).one()


def test_clinic_profile_shows_and_saves(qtbot, main_window, staff, tmp_path: Path):
    dialog = _profile_dialog(qtbot, main_window, staff)
    assert dialog.phone.text() == CLINIC_PHONE
    assert dialog.timezone.currentText() == "America/Toronto"
    dialog.name.setText("Smith & Jones Aesthetics")
    dialog.brand_colour.setText("#8A2BE2")
    logo = tmp_path / "logo.png"
    image = QImage(120, 40, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    assert image.save(str(logo))
    dialog.set_logo_file(logo)
    assert dialog.logo_preview.pixmap() is not None and not dialog.logo_preview.pixmap().isNull()
    dialog.paper_size.setCurrentIndex(dialog.paper_size.findData("Letter"))
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == ClinicProfileDialog.DialogCode.Accepted, dialog.errors.general_label().text()
    stored = _stored_profile(main_window.engine)
    assert (stored.name, stored.brand_colour, stored.paper_size.value) == ("Smith & Jones Aesthetics", "#8a2be2",
                                                                           "Letter")
    # stored re-encoded as PNG (trailing bytes dropped): the same picture, not necessarily the same bytes
    assert stored.logo_png.startswith(b"\x89PNG") and QImage.fromData(stored.logo_png).size() == image.size()


def test_clinic_profile_bad_colour_and_non_image_logo_refused_at_the_field(qtbot, main_window, staff,
                                                                           tmp_path: Path):
    dialog = _profile_dialog(qtbot, main_window, staff)
    dialog.brand_colour.setText("teal")
    fake = tmp_path / "logo.png"
    fake.write_text("this is not a picture")
    dialog.set_logo_file(fake)
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() != ClinicProfileDialog.DialogCode.Accepted
    colour_label = dialog.errors.label_for("brand_colour")
    assert not colour_label.isHidden() and "#1A2B3C" in colour_label.text()
    assert dialog.brand_colour.property("invalid") is True
    logo_label = dialog.errors.label_for("logo_png")
    assert not logo_label.isHidden() and logo_label.text()
    assert dialog.logo_preview.property("invalid") is True
    stored = _stored_profile(main_window.engine)
    assert stored.brand_colour == "#2f6f8f" and stored.logo_png is None
    with Session(main_window.engine) as s:
        assert not [a for a in s.exec(select(AuditEntry)) if a.action == "clinic_profile.update"][1:]


def test_clinic_profile_errors_go_away_as_each_field_is_edited(qtbot, main_window, staff, tmp_path: Path):
    dialog = _profile_dialog(qtbot, main_window, staff)
    dialog.brand_colour.clear()
    qtbot.keyClicks(dialog.brand_colour, "blue-ish")
    assert dialog.brand_colour.text() == "blue-ish"  # not cut to seven characters
    fake = tmp_path / "logo.png"
    fake.write_text("this is not a picture")
    dialog.set_logo_file(fake)
    dialog.name.clear()
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    colour_label = dialog.errors.label_for("brand_colour")
    logo_label = dialog.errors.label_for("logo_png")
    assert colour_label.text() == msg_text("“{colour}” is not a colour; use the form #1A2B3C.").format(
        colour="blue-ish")  # quotes what was typed
    assert logo_label.text() == msg_text("This file could not be read as an image; choose a PNG or JPEG logo.")
    assert "clinic profile" not in logo_label.text().lower()  # the person is already in it
    assert set(dialog.errors.errors_shown()) == {"brand_colour", "logo_png", "name"}

    dialog.brand_colour.clear()
    qtbot.keyClicks(dialog.brand_colour, "#7a2a5c")
    assert colour_label.isHidden() and not dialog.brand_colour.property("invalid")
    assert not logo_label.isHidden() and dialog.logo_preview.property("invalid") is True  # others stay

    logo = tmp_path / "good.png"
    image = QImage(60, 20, QImage.Format.Format_ARGB32)
    image.fill(0xFF7A2A5C)
    assert image.save(str(logo))
    dialog.set_logo_file(logo)
    assert logo_label.isHidden() and not dialog.logo_preview.property("invalid")
    assert set(dialog.errors.errors_shown()) == {"name"}
    qtbot.keyClicks(dialog.name, "Clinique Lumiere")  # QTest types ASCII only
    assert dialog.errors.errors_shown() == {}


def test_clinic_profile_refused_for_a_receptionist(qtbot, main_window, staff):
    main_window.set_current_staff(staff["receptionist"])
    dialog = ClinicProfileDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    dialog.name.setText("Changed")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert msg_text("{name} ({role}) may not change the clinic profile.").format(
        name=staff["receptionist"].full_name, role=msg_text("receptionist")) in dialog.errors.general_label().text()
    assert _stored_profile(main_window.engine).name == "Clinique Smith & Jones"


class _DraftPage(QLabel):
    """A page holding unsaved work: it answers the shell's confirm_leave() with what the person chose."""

    def __init__(self, answer: bool):
        super().__init__("draft")
        self.answer = answer
        self.asked = 0

    def confirm_leave(self) -> bool:
        self.asked += 1
        return self.answer


def test_switching_page_or_closing_asks_a_page_with_unsaved_work(qtbot, engine, clinic_profile, staff):
    draft = _DraftPage(answer=False)
    window = MainWindow(engine, pages=[("Draft", lambda w: draft), ("Other", lambda w: QLabel("other"))])
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)  # the person clicks "Other" and answers "stay"
    assert draft.asked == 1
    assert window.nav.currentRow() == 0 and window.current_page() is draft
    assert window.close() is False and window.isVisible()
    draft.answer = True  # now they discard the draft
    window.nav.setCurrentRow(1)
    assert window.nav.currentRow() == 1 and window.current_page() is not draft


@pytest.mark.sqlite_only  # SQLite file backups; PostgreSQL backups (pg_dump) are tested with their service
def test_admin_backs_up_and_restores_from_the_menu(qtbot, main_window, staff, db, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from clinic_desktop.models import Patient
    from tests.ui.conftest import add_patient

    main_window.set_current_staff(staff["practitioner"])
    assert not main_window.backup_action.isEnabled() and not main_window.restore_action.isEnabled()
    main_window.set_current_staff(staff["admin"])
    assert main_window.backup_action.isEnabled()
    add_patient(db, staff["admin"], "Kept", "Before")
    backup = main_window.backup_now()
    assert backup is not None and backup.exists()
    add_patient(db, staff["admin"], "Added", "After")
    db.close()  # the test's own session; the window holds none open
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    assert main_window.restore_backup() is True, warnings
    with Session(main_window.engine) as session:
        names = sorted(p.given_names for p in session.exec(select(Patient)))
    assert names == ["Kept"]
    actions = [e.action for e in Session(main_window.engine).exec(select(AuditEntry))]
    assert any("restore" in a for a in actions)


def test_long_status_messages_never_run_into_the_signed_in_label(qtbot, engine, clinic_profile, staff):
    from clinic_desktop.ui.signin.session_guard import SessionGuard

    guard = SessionGuard(engine)
    guard.set_current_staff(staff["admin"])
    window = MainWindow(engine, guard=guard)
    qtbot.addWidget(window)
    window.resize(760, 500)
    window.show()
    qtbot.waitExposed(window)
    long = "Backup written and checked: " + "/very/long/folder/name" * 12 + "/clinic-backup.sqlite3"
    window.show_status(long)
    label, message = window.signed_in_label, window.status_message
    qtbot.waitUntil(lambda: message.width() > 0)
    assert ui_like("MainWindow", "Signed in: <b>{name}</b> ({role}) · {keys} locks").match(label.text())
    right_of_message = message.mapTo(window, message.rect().topRight()).x()
    left_of_label = label.mapTo(window, label.rect().topLeft()).x()
    assert right_of_message < left_of_label  # side by side, no overlap
    assert label.width() >= label.sizeHint().width()  # the signed-in label keeps its room
    assert message.text().endswith("…") and message.message() == long and message.toolTip() == long
    window.show_status("Clinic profile saved.")
    assert message.text() == "Clinic profile saved." and message.toolTip() == ""


def test_a_recommended_product_that_contradicts_the_avoid_list_is_reported_in_the_app(
        qtbot, engine, clinic_profile, staff, tmp_path, monkeypatch):
    import shutil

    from clinic_desktop import paths
    from clinic_desktop.services.protocols import reload_protocols
    from clinic_desktop.ui.main_window import ProtocolApprovalDialog

    own = tmp_path / "protocols"
    shutil.copytree(paths.protocols_dir(), own)
    facial = own / "facial-mesotherapy.en.toml"
    facial.write_text(facial.read_text(encoding="utf-8") + '''
[[recommended_products]]
name = "Glycolic peel pads"
tags = ["peel", "acid"]
from_day = 3
''', encoding="utf-8")
    monkeypatch.setenv(paths.ENV_PROTOCOLS, str(own))
    reload_protocols()
    try:
        window = MainWindow(engine)
        qtbot.addWidget(window)
        window.set_current_staff(staff["manager"])
        checks = ui_text("MainWindow", "Protocol checks: {errors} error(s), {warnings} warning(s) — see Clinic → "
                         "Approve protocols…").format(errors=0, warnings=1)
        qtbot.waitUntil(lambda: checks in window.status_message.message())
        dialog = ProtocolApprovalDialog(engine, window.current_staff, window)
        qtbot.addWidget(dialog)
        lines = [dialog.checks.item(i).text() for i in range(dialog.checks.count())]
        line = ui_text("ProtocolApprovalDialog", "{level}: {file}, {field}: {message}")
        start = line.split("{field}")[0].format(level=ui_text("ProtocolApprovalDialog", "Warning"),
                                                file="facial-mesotherapy.en.toml") + "recommended_products"
        assert len(lines) == 1 and lines[0].startswith(start)
        assert "Glycolic peel pads" in lines[0]
    finally:
        monkeypatch.delenv(paths.ENV_PROTOCOLS)
        reload_protocols()


def test_a_new_idle_lock_time_applies_as_soon_as_the_profile_is_saved(qtbot, engine, clinic_profile, staff):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
    from clinic_desktop.ui.signin.session_guard import SessionGuard

    guard = SessionGuard(engine)
    guard.set_current_staff(staff["manager"])
    window = MainWindow(engine, guard=guard)
    qtbot.addWidget(window)
    guard.attach(window)
    assert guard.idle_watcher.timeout_ms == 5 * 60_000  # the profile's default

    def fill(tries: int = 300) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ClinicProfileDialog):
            if tries:
                QTimer.singleShot(10, lambda: fill(tries - 1))
            return
        dialog.idle_lock_minutes.setValue(2)
        dialog.save()

    QTimer.singleShot(0, fill)
    window.open_clinic_profile()
    assert guard.idle_watcher.timeout_ms == 2 * 60_000


def test_clinic_profile_emergency_fields_save_and_reach_the_sheet(qtbot, main_window, staff, tmp_path: Path):
    """Issue #12: when the clinic's line is answered, and the country giving the emergency services number."""
    dialog = _profile_dialog(qtbot, main_window, staff)
    assert dialog.country.currentData() == "CA"  # the default: 911
    dialog.emergency_hours.setText("Mon–Fri 8:00–20:00")
    dialog.country.setCurrentIndex(dialog.country.findData("GB"))
    dialog.grab().save(str(tmp_path / "profile.png"))
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == ClinicProfileDialog.DialogCode.Accepted, dialog.errors.general_label().text()
    stored = _stored_profile(main_window.engine)
    assert (stored.country, stored.emergency_hours, stored.emergency_services) == ("GB", "Mon–Fri 8:00–20:00", "")


def test_clinic_profile_unknown_country_needs_its_emergency_number_at_the_field(qtbot, main_window, staff):
    dialog = _profile_dialog(qtbot, main_window, staff)
    dialog.country.setEditText("ZZ")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() != ClinicProfileDialog.DialogCode.Accepted
    label = dialog.errors.label_for("emergency_services")
    assert not label.isHidden() and "ZZ" in label.text()
    assert _stored_profile(main_window.engine).country == "CA"  # nothing saved
    dialog.emergency_services.setText("911")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == ClinicProfileDialog.DialogCode.Accepted
    assert (_stored_profile(main_window.engine).country, _stored_profile(main_window.engine).emergency_services) \
        == ("ZZ", "911")
