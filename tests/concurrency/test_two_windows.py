"""Two windows on one record (issue #10 items 1-2): a stale form is refused at the form with who/when/what and
a Reload that keeps what was typed; a window whose account was disabled, or whose data was restored under
it, asks for a new sign-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.db.engine import make_engine
from clinic_desktop.models import (
    Causality,
    ClinicProfile,
    Complication,
    ComplicationKind,
    ComplicationOutcome,
    ComplicationRevision,
    FollowUp,
    FollowUpStatus,
    Patient,
    Role,
)
from clinic_desktop.services import auth, backups
from clinic_desktop.services import complications as comp
from clinic_desktop.services.clinic import today
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
from clinic_desktop.ui.complications.complication_form import ComplicationForm
from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import msg_like, msg_text, ui_like, ui_text

PASSWORD = "a long secret phrase"
#: a stale form's refusal (services/concurrency.py), and what it asks for
CHANGED_BY = "{who} changed {record} at {time} on {date} after you opened it, so your changes were not saved."
CHOOSE_RELOAD = "Choose Reload to see the record as it is now — what you typed stays in the form — then save again."


def _set(combo, value):
    combo.setCurrentIndex(combo.findData(value))


def _click_reload(errors) -> None:
    """What a click on the message's "Reload" link does."""
    label = errors.general_label()
    assert not label.isHidden() and 'href="reload"' in label.text()
    label.linkActivated.emit("reload")


def _second_engine(engine):
    """Another window's own engine on the same database (its own connections, like another workstation)."""
    if engine.dialect.name == "sqlite":
        return make_engine(str(engine.url.database))
    return make_engine(engine.url.render_as_string(hide_password=False))


def _two_workspaces(engine, first, second):
    return Workspace(engine, first), Workspace(_second_engine(engine), second)


def test_a_managers_causality_change_survives_the_practitioners_open_amendment_form(
    qtbot, engine, db, practitioner, manager, treated
):
    row = comp.record_complication(
        db,
        actor=practitioner,
        data=comp.ComplicationCreate(
            treatment_session_id=treated.id,
            kind=ComplicationKind.bruising,
            site="left cheek",
            onset_date=today(db) - timedelta(days=2),
            severity_grade=1,
            outcome=ComplicationOutcome.resolving,
        ),
    )
    desk, room = _two_workspaces(engine, manager, practitioner)
    hers = ComplicationForm(room, lambda: practitioner, complication_id=row.id)  # opened first, left open
    qtbot.addWidget(hers)
    his = ComplicationForm(desk, lambda: manager, complication_id=row.id)
    qtbot.addWidget(his)
    _set(his.causality, Causality.related)
    qtbot.keyClicks(his.reason, "Batch recall")
    qtbot.mouseClick(his.save_button, Qt.MouseButton.LeftButton)
    assert his.saved_id == row.id

    hers.site.setText("right cheek")
    qtbot.keyClicks(hers.reason, "Wrong side")
    qtbot.mouseClick(hers.save_button, Qt.MouseButton.LeftButton)
    assert hers.saved_id is None
    conflict = hers.errors.conflict
    assert (
        conflict is not None and conflict.changed_by == "Mona Manager" and conflict.fields == ("causality",)
    )
    shown = hers.errors.general_label().text()
    assert msg_like(CHANGED_BY, who="Mona Manager", record=msg_text("this complication")).search(shown)
    assert msg_text("Changed: {fields}.").format(fields=msg_text("Causality").lower()) in shown
    assert msg_text(CHOOSE_RELOAD) in shown
    with Session(engine) as s:  # nothing of hers was saved, his change stands
        saved = s.get(Complication, row.id)
        assert (saved.causality, saved.site, saved.version) == (Causality.related, "left cheek", 2)

    _click_reload(hers.errors)
    assert hers.values()["causality"] == Causality.related  # his change now shown in her form
    assert hers.site.text() == "right cheek" and hers.reason.text() == "Wrong side"  # what she typed stays
    assert "Version 2" in hers.history.topLevelItem(0).text(0)
    qtbot.mouseClick(hers.save_button, Qt.MouseButton.LeftButton)
    assert hers.saved_id == row.id
    with Session(engine) as s:
        saved = s.get(Complication, row.id)
        assert (saved.causality, saved.site, saved.version) == (Causality.related, "right cheek", 3)
        assert [
            r.changes for r in s.exec(select(ComplicationRevision).order_by(ComplicationRevision.id))
        ] == [{"causality": ["undetermined", "related"]}, {"site": ["left cheek", "right cheek"]}]


def test_follow_up_dialog_all_well_twice_is_refused_at_the_second(
    qtbot, engine, db, practitioner, manager, treated
):
    fu = db.exec(select(FollowUp).where(FollowUp.treatment_session_id == treated.id)).first()
    desk, room = _two_workspaces(engine, manager, practitioner)
    first = FollowUpDialog(desk, lambda: manager, fu.id)
    second = FollowUpDialog(room, lambda: practitioner, fu.id)
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    qtbot.mouseClick(first.all_well_button, Qt.MouseButton.LeftButton)
    assert first.outcome == "all_well"
    second.notes.setText("she is fine")
    qtbot.mouseClick(second.all_well_button, Qt.MouseButton.LeftButton)
    assert second.outcome is None
    assert msg_like(CHANGED_BY, who="Mona Manager", record=msg_text("this follow-up")).search(
        second.errors.general_label().text())
    _click_reload(second.errors)
    assert not second.all_well_button.isEnabled() and not second.complication_button.isEnabled()
    assert ui_text("FollowUpDialog", "This follow-up is already recorded: {status}.").format(
        status=msg_text("All well")) in second.errors.general_label().text()
    assert second.notes.text() == "she is fine"
    with Session(engine) as s:
        row = s.get(FollowUp, fu.id)
        assert row.status == FollowUpStatus.all_well and row.done_by_id == manager.id and row.version == 2


def test_patient_form_conflict_reloads_and_keeps_the_typed_email(
    qtbot, engine, db, receptionist, manager, zoe
):
    desk, room = _two_workspaces(engine, receptionist, manager)
    mine = PatientDialog(desk, lambda: receptionist, patient_id=zoe.id)
    theirs = PatientDialog(room, lambda: manager, patient_id=zoe.id)
    qtbot.addWidget(mine)
    qtbot.addWidget(theirs)
    assert mine.given_names.text() == "Zoë" and mine.windowTitle() == ui_text("PatientDialog", "Edit patient")
    theirs.phone.setText("+1 416 555 0999")
    qtbot.mouseClick(theirs.save_button(), Qt.MouseButton.LeftButton)
    assert theirs.saved is not None
    mine.email.setText("zoe@example.org")
    qtbot.mouseClick(mine.save_button(), Qt.MouseButton.LeftButton)
    assert mine.saved is None
    assert msg_like("{record} was changed by {who} at {time} on {date} after you opened it.",
                    who="Mona Manager").search(mine.errors.general_label().text())
    assert msg_text("Changed: {fields}.").format(fields=msg_text("phone")) in mine.errors.general_label().text()
    _click_reload(mine.errors)
    assert mine.phone.text() == "+1 416 555 0999" and mine.email.text() == "zoe@example.org"
    qtbot.mouseClick(mine.save_button(), Qt.MouseButton.LeftButton)
    assert mine.saved is not None
    with Session(engine) as s:
        row = s.get(Patient, zoe.id)
        assert (row.phone, row.email, row.version) == ("+1 416 555 0999", "zoe@example.org", 3)


def test_clinic_profile_conflict_reloads_and_keeps_the_typed_website(
    qtbot, engine, db, manager, admin, clinic
):
    desk, office = _two_workspaces(engine, manager, admin)
    mine = ClinicProfileDialog(desk, lambda: manager)
    theirs = ClinicProfileDialog(office, lambda: admin)
    qtbot.addWidget(mine)
    qtbot.addWidget(theirs)
    theirs.phone.setText("+1 416 555 0111")
    qtbot.mouseClick(theirs.save_button(), Qt.MouseButton.LeftButton)
    assert theirs.saved is not None
    mine.website.setText("https://lumiere.example")
    qtbot.mouseClick(mine.save_button(), Qt.MouseButton.LeftButton)
    assert mine.saved is None
    text = mine.errors.general_label().text()
    assert msg_like(CHANGED_BY, who="Ada Admin", record=msg_text("the clinic profile")).search(text)
    assert msg_text("Changed: {fields}.").format(fields=msg_text("Phone").lower()) in text
    _click_reload(mine.errors)
    assert mine.phone.text() == "+1 416 555 0111" and mine.website.text() == "https://lumiere.example"
    assert mine.name.text() == "Clinique Lumière"
    qtbot.mouseClick(mine.save_button(), Qt.MouseButton.LeftButton)
    assert mine.saved is not None
    with Session(engine) as s:
        row = s.exec(select(ClinicProfile)).one()
        assert (row.phone, row.website) == ("+1 416 555 0111", "https://lumiere.example")


@pytest.fixture
def team(db):
    ada = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
    elise = auth.create_staff(
        db,
        actor=ada,
        full_name="Dr. Élise Tremblay",
        username="elise",
        role=Role.practitioner,
        password="elise secret pass",
    )
    return {"ada": ada, "elise": elise}


def _signed_in_window(qtbot, engine, member):
    from clinic_desktop.ui.main_window import MainWindow
    from clinic_desktop.ui.signin.session_guard import SessionGuard

    workspace = Workspace(_second_engine(engine))
    guard = SessionGuard(workspace)
    guard.set_current_staff(member)
    window = MainWindow(workspace, guard=guard)
    qtbot.addWidget(window)
    guard.attach(window, idle_minutes=0)
    window.guard_keepalive = guard
    window.show()
    qtbot.waitExposed(window)
    return window, guard


def test_a_window_whose_account_was_disabled_elsewhere_asks_for_a_new_sign_in(qtbot, engine, db, team):
    window, guard = _signed_in_window(qtbot, engine, team["elise"])
    assert window.current_staff().username == "elise" and window.check_workspace()
    with Session(engine, expire_on_commit=False) as office:  # the administrator, in another window
        auth.deactivate_staff(office, actor=team["ada"], staff_id=team["elise"].id)
    assert not window.check_workspace()  # what the timer and the focus do
    qtbot.waitUntil(lambda: guard.is_locked)
    assert window.current_staff() is None and guard.current_staff is None
    assert guard.overlay.switch_mode
    deactivated = msg_text("Your account was deactivated by an administrator.")
    assert window.status_message.message() == deactivated
    assert guard.overlay.detail_label.text() == ui_text("MainWindow", "{reason}\nAny staff member can sign in here.").format(
        reason=deactivated)


@pytest.mark.sqlite_only  # backups and restore are SQLite file copies in this branch
def test_a_restore_in_one_window_makes_the_other_sign_in_again(qtbot, engine, db, team):
    window, guard = _signed_in_window(qtbot, engine, team["ada"])
    with Session(engine, expire_on_commit=False) as office:
        saved = backups.backup_now(office, actor=team["ada"])
    # A restore refuses while any other connection has the SQLite file open (tests/backup_restore): here the
    # other window holds none at that moment (its pooled connection closed), as after it was left idle.
    db.close()
    window.workspace.engine.dispose()
    backups.restore_backup(engine, actor=team["ada"], backup_path=saved)
    assert not window.check_workspace()
    qtbot.waitUntil(lambda: guard.is_locked)
    assert window.current_staff() is None and window.status_message.message() == msg_text(
        "The data was replaced (a backup was restored), so please sign in again.")
    overlay = guard.overlay
    overlay.username_edit.setText("ada")
    overlay.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(guard.staff_changed):
        qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    assert window.current_staff().username == "ada" and window.check_workspace()


def test_one_click_all_well_from_a_stale_list_keeps_the_other_desks_note(
    qtbot, engine, db, practitioner, manager, treated
):
    from clinic_desktop.services import followups
    from clinic_desktop.ui.followups.followups_page import FollowUpsPage
    from tests.complications.test_ui import FakeWindow

    page = FollowUpsPage(FakeWindow(engine, practitioner))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.is_loading())  # the list is read on the thread pool
    first = page.model.rows[0]
    page.table.selectRow(0)
    with Session(_second_engine(engine), expire_on_commit=False) as desk:  # the desk calls first: no answer
        followups.record_not_reached(
            desk,
            actor=manager,
            follow_up_id=first.follow_up_id,
            reschedule_to=today(desk),
            notes="left a voicemail",
        )
    qtbot.mouseClick(page.all_well_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_loading())  # recorded (here: refused) on the thread pool
    assert ui_like("FollowUpsPage", "{who} changed this follow-up of {patient} after the list was shown, so nothing "
                   "was recorded; the list is up to date now.", who="Mona Manager").fullmatch(page.message.text())
    with Session(engine) as s:
        row = s.get(FollowUp, first.follow_up_id)
        assert row.status == FollowUpStatus.not_reached and "left a voicemail" in row.notes
    r = page.model.row_of(first.follow_up_id)  # the line is given back, as it is now
    assert r >= 0 and page.model.rows[r].attempts == first.attempts + 1 and page.model.rows[r].version > first.version
    assert page.model.flags(page.model.index(r, 0)) & Qt.ItemFlag.ItemIsEnabled
