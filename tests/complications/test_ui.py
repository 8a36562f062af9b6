"""The real forms driven by qtbot: all well in one click, a complication with every field, an amendment with
its history, the validation messages at the fields, the unsaved-work prompt, accent-blind search, recall."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import Session, select

from clinic_desktop.models import (
    Causality,
    Complication,
    ComplicationKind,
    ComplicationOutcome,
    ComplicationRevision,
    FollowUp,
    FollowUpStatus,
    ProductUse,
    SeriousCriterion,
)
from clinic_desktop.services.clinic import today
from clinic_desktop.services.complications import CTCAE_GRADES
from clinic_desktop.services.patients import PatientCreate, create_patient
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.complications.complication_form import ComplicationForm
from tests.language import msg_text, ui_like, ui_text


class FakeWindow:
    """What a page needs from the main window: the engine and the acting staff member."""

    def __init__(self, engine, staff):
        self.engine = engine
        self.staff = staff
        self.workspace = Workspace(engine, staff)
        self.messages: list[str] = []

    def current_staff(self):
        return self.staff

    def show_status(self, text: str) -> None:
        self.messages.append(text)


def _fresh(engine):
    return Session(engine, expire_on_commit=False)


def _set(combo, value):
    combo.setCurrentIndex(combo.findData(value))


def test_all_well_is_one_click_on_the_follow_ups_page(qtbot, engine, db, practitioner, treated):
    from clinic_desktop.ui.followups.followups_page import FollowUpsPage

    page = FollowUpsPage(FakeWindow(engine, practitioner))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.is_loading())  # the list is read on the thread pool
    first = page.model.rows[0]
    assert first.phone == "+1 416 555 0123" and first.days_late == 3
    page.table.selectRow(0)
    qtbot.mouseClick(page.all_well_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_loading())  # recorded on the thread pool
    with _fresh(engine) as s:
        assert s.get(FollowUp, first.follow_up_id).status == FollowUpStatus.all_well
    assert [r.follow_up_id for r in page.model.rows if r.follow_up_id == first.follow_up_id] == []


def test_follow_up_dialog_all_well_and_not_reached(qtbot, engine, db, practitioner, treated):
    from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog

    fus = list(db.exec(select(FollowUp).where(FollowUp.treatment_session_id == treated.id).order_by(FollowUp.due_date)))
    dialog = FollowUpDialog(engine, lambda: practitioner, fus[0].id)
    qtbot.addWidget(dialog)
    assert "LOT-A1" in dialog.findChildren(type(dialog.phone))[-1].text() or any(
        "LOT-A1" in label.text() for label in dialog.findChildren(type(dialog.phone)))
    dialog.reschedule.setValue(today(db) + timedelta(days=2))
    qtbot.mouseClick(dialog.not_reached_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome == "not_reached"
    again = FollowUpDialog(engine, lambda: practitioner, fus[0].id)
    qtbot.addWidget(again)
    qtbot.mouseClick(again.all_well_button, Qt.MouseButton.LeftButton)
    with _fresh(engine) as s:
        row = s.get(FollowUp, fus[0].id)
        assert (row.status, row.attempts) == (FollowUpStatus.all_well, 1)


def _fill_every_field(form, db, treated):
    t = today(db)
    uses = list(db.exec(select(ProductUse).where(ProductUse.treatment_session_id == treated.id).order_by(ProductUse.id)))
    _set(form.kind, ComplicationKind.other)
    form.kind_other.setText("tingling along the jaw")
    form.site.setText("jawline")
    form.onset.setValue(t - timedelta(days=4))
    _set(form.grade, 3)
    form.serious.setChecked(True)
    _set(form.criterion, SeriousCriterion.hospitalisation)
    form.action.setPlainText("Referred to hospital; antihistamine")
    _set(form.outcome, ComplicationOutcome.resolved)
    form.resolution.setValue(t - timedelta(days=1))
    _set(form.product, uses[1].id)
    _set(form.causality, Causality.related)
    for target, ref in (("regulator", "HC-1"), ("manufacturer", "M-2"), ("insurer", "I-3")):
        form.report_on[target].setValue(t)
        form.report_ref[target].setText(ref)
    form.notes.setPlainText("Day 1:\nIce 10 min")
    return uses


def test_complication_with_every_field_from_a_follow_up_read_back(qtbot, engine, db, practitioner, treated):
    from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog

    fu = db.exec(select(FollowUp).where(FollowUp.treatment_session_id == treated.id).order_by(FollowUp.due_date)).first()
    dialog = FollowUpDialog(engine, lambda: practitioner, fu.id)
    qtbot.addWidget(dialog)
    form = dialog.make_complication_form()
    qtbot.addWidget(form)
    name, wording = CTCAE_GRADES[1]
    assert ui_text("ComplicationForm", "<b>Grade {grade} — {name}.</b> {wording}").format(
        grade=1, name=msg_text(name), wording=msg_text(wording)) not in form.grade_wording.text()
    uses = _fill_every_field(form, db, treated)
    assert msg_text(CTCAE_GRADES[3][1]) in form.grade_wording.text()  # "Severe or medically significant…"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.saved_id is not None, form.errors.general_label().text()
    t = today(db)
    with _fresh(engine) as s:
        row = s.get(Complication, form.saved_id)
        assert (row.kind, row.kind_other, row.site, row.onset_date, row.severity_grade) == (
            ComplicationKind.other, "tingling along the jaw", "jawline", t - timedelta(days=4), 3)
        assert (row.serious, row.serious_criterion) == (True, SeriousCriterion.hospitalisation)
        assert row.action_taken == "Referred to hospital; antihistamine"
        assert (row.outcome, row.resolution_date) == (ComplicationOutcome.resolved, t - timedelta(days=1))
        assert (row.product_use_id, row.causality) == (uses[1].id, Causality.related)
        assert (row.reported_regulator_on, row.reported_regulator_ref) == (t, "HC-1")
        assert (row.reported_manufacturer_ref, row.reported_insurer_ref) == ("M-2", "I-3")
        assert row.notes == "Day 1:\nIce 10 min"
        assert s.get(FollowUp, fu.id).status == FollowUpStatus.complication


def test_amendment_through_the_form_shows_field_by_field_history(qtbot, engine, db, practitioner, manager, treated):
    form = ComplicationForm(engine, lambda: practitioner, treatment_session_id=treated.id)
    qtbot.addWidget(form)
    _set(form.kind, ComplicationKind.bruising)
    form.onset.setValue(today(db) - timedelta(days=3))
    _set(form.grade, 1)
    _set(form.outcome, ComplicationOutcome.resolving)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    cid = form.saved_id
    amend = ComplicationForm(engine, lambda: manager, complication_id=cid)
    qtbot.addWidget(amend)
    assert amend.values()["kind"] == ComplicationKind.bruising
    _set(amend.grade, 2)
    _set(amend.outcome, ComplicationOutcome.resolved)
    amend.resolution.setValue(today(db))
    qtbot.mouseClick(amend.save_button, Qt.MouseButton.LeftButton)  # no reason yet
    assert amend.saved_id is None and not amend.errors.label_for("reason").isHidden()
    qtbot.keyClicks(amend.reason, "Reviewed at day 14")
    qtbot.mouseClick(amend.save_button, Qt.MouseButton.LeftButton)
    assert amend.saved_id == cid
    with _fresh(engine) as s:
        rev = s.exec(select(ComplicationRevision)).one()
        assert rev.changes["severity_grade"] == [1, 2] and rev.changes["outcome"] == ["resolving", "resolved"]
        assert s.get(Complication, cid).version == 2
    again = ComplicationForm(engine, lambda: manager, complication_id=cid)
    qtbot.addWidget(again)
    top = again.history.topLevelItem(0)
    version = "Version {version} · {when} · {by}"
    assert ui_like("ComplicationForm", version, version=2, by="Mona Manager").search(top.text(0))
    reason = ui_text("ComplicationForm", "Reason: {reason}").format(reason="Reviewed at day 14")
    assert top.child(0).text(0) == reason
    changes = {top.child(i).text(0): (top.child(i).text(1), top.child(i).text(2)) for i in range(1, top.childCount())}
    assert changes[msg_text("Severity grade")] == (f"1 — {msg_text('Mild')}",
                                                   f"2 — {msg_text('Moderate')}")
    assert changes[msg_text("Outcome")] == (msg_text("Resolving"), msg_text("Resolved"))
    assert ui_like("ComplicationForm", version, version=1).search(again.history.topLevelItem(1).text(0))
    # entered in error, through the real button: the question comes up with the reason typed in the form
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    asked: list[str] = []

    def answer(tries: int = 300) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            if tries:
                QTimer.singleShot(10, lambda: answer(tries - 1))
            return
        asked.append(dialog.textValue())
        dialog.setTextValue("Wrong patient")
        dialog.accept()

    qtbot.keyClicks(again.reason, "Recorded on the wrong chart")
    QTimer.singleShot(0, answer)
    qtbot.mouseClick(again.error_button, Qt.MouseButton.LeftButton)
    assert asked == ["Recorded on the wrong chart"]
    with _fresh(engine) as s:
        row = s.get(Complication, cid)
        assert row.entered_in_error and row.error_reason == "Wrong patient"


@pytest.mark.parametrize("case, field", [
    ("onset_before_treatment", "onset_date"),
    ("onset_in_future", "onset_date"),
    ("resolution_before_onset", "resolution_date"),
    ("resolution_in_future", "resolution_date"),
    ("resolved_without_date", "resolution_date"),
    ("other_without_description", "kind_other"),
    ("no_grade", "severity_grade"),
    ("report_in_future", "reported_regulator_on"),
])
def test_each_bad_input_gets_a_message_at_its_field(qtbot, engine, db, practitioner, treated, case, field):
    t = today(db)
    form = ComplicationForm(engine, lambda: practitioner, treatment_session_id=treated.id)
    qtbot.addWidget(form)
    form.show()
    _set(form.kind, ComplicationKind.swelling)
    form.onset.setValue(t - timedelta(days=2))
    _set(form.grade, 2)
    if case == "onset_before_treatment":
        form.onset.setValue(t - timedelta(days=6))
    elif case == "onset_in_future":
        form.onset.setValue(t + timedelta(days=1))
    elif case == "resolution_before_onset":
        _set(form.outcome, ComplicationOutcome.resolved)
        form.resolution.setValue(t - timedelta(days=3))
    elif case == "resolution_in_future":
        _set(form.outcome, ComplicationOutcome.resolved)
        form.resolution.setValue(t + timedelta(days=2))
    elif case == "resolved_without_date":
        _set(form.outcome, ComplicationOutcome.resolved)
    elif case == "other_without_description":
        _set(form.kind, ComplicationKind.other)
    elif case == "no_grade":
        form.grade.setCurrentIndex(0)
    elif case == "report_in_future":
        form.report_on["regulator"].setValue(t + timedelta(days=1))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.saved_id is None and form.isVisible()
    label = form.errors.label_for(field)
    assert label.isVisible() and label.text()
    assert form.errors.widget_for(field) in form.errors.invalid_widgets()
    with _fresh(engine) as s:
        assert s.exec(select(Complication)).all() == []


def test_unsaved_work_prompt_on_close(qtbot, engine, db, practitioner, treated, monkeypatch):
    answers = []

    def answer(box, *_args, **_kw):
        assert box.text() == ui_text("DiscardGuard", "Discard what you typed?")
        assert box.defaultButton().text() == ui_text("DiscardGuard", "Keep editing")
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    form = ComplicationForm(engine, lambda: practitioner, treatment_session_id=treated.id)
    qtbot.addWidget(form)
    form.show()
    assert not form.has_unsaved_changes()
    qtbot.keyClicks(form.site, "left cheek")
    assert form.has_unsaved_changes()
    answers.append(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.site.text() == "left cheek"
    answers.append(QMessageBox.StandardButton.Discard)
    form.close()
    assert not form.isVisible()
    assert answers == []


def test_search_as_you_type_is_blind_to_case_and_accents(qtbot, engine, db, receptionist, clinic):
    from clinic_desktop.ui.patients.patients_page import PatientsPage, PatientTableModel

    for given, family in [("Zoë", "Tremblay"), ("Aoife", "O'Brien-Daly"), ("SOCIÉTÉ", "Dupont"), ("Suharti", ""),
                          ("Ксения", "Павлова")]:
        create_patient(db, actor=receptionist, data=PatientCreate(
            given_names=given, family_name=family, date_of_birth=__import__("datetime").date(1990, 5, 17)))
    page = PatientsPage(FakeWindow(engine, receptionist))
    qtbot.addWidget(page)
    for typed, expected in [("zoe", "Zoë Tremblay"), ("OBRIEN", "Aoife O'Brien-Daly"), ("societe", "SOCIÉTÉ Dupont"),
                            ("daly", "Aoife O'Brien-Daly"), ("ксен", "Ксения Павлова")]:
        page.search.clear()
        if typed.isascii():
            qtbot.keyClicks(page.search, typed)
        else:  # QTest can only type ASCII keys; insert() is what an input method does
            page.search.insert(typed)
        qtbot.waitUntil(lambda e=expected: [r[1] for r in page.model.rows] == [e], timeout=15000)
    index = page.model.index(0, PatientTableModel.COL_NAME)
    assert index.data() == "Ксения Павлова"
    qtbot.waitUntil(lambda: "Ксения Павлова" in page.header.text())


def test_patient_model_passes_the_model_tester(qtmodeltester, engine, db, receptionist, zoe):
    from clinic_desktop.ui.followups.followups_page import FollowUpTableModel
    from clinic_desktop.ui.patients.patients_page import PatientTableModel

    model = PatientTableModel()
    model.set_patients([zoe])
    qtmodeltester.check(model)
    qtmodeltester.check(FollowUpTableModel())


def test_patient_page_timeline_and_report_complication(qtbot, engine, db, practitioner, zoe, treated):
    from clinic_desktop.ui.patients.patients_page import PatientsPage

    page = PatientsPage(FakeWindow(engine, practitioner))
    qtbot.addWidget(page)
    page.select_patient(zoe.id)
    kinds = {page.timeline.topLevelItem(i).text(1) for i in range(page.timeline.topLevelItemCount())}
    assert {ui_text("PatientsPage", "Treatment"), ui_text("PatientsPage", "Follow-up")} <= kinds
    assert page.select_event("treatment", treated.id)
    form = page.complication_form_for()
    qtbot.addWidget(form)
    _set(form.kind, ComplicationKind.bruising)
    form.onset.setValue(today(db) - timedelta(days=1))
    _set(form.grade, 1)
    assert form.save()
    page.load_timeline()
    assert page.select_event("complication", form.saved_id)


def test_batch_recall_over_the_demo_clinic(qtbot, engine, db, tmp_path):
    from clinic_desktop.models import StaffMember
    from clinic_desktop.services.demo import BAD_BATCH, create_demo_clinic
    from clinic_desktop.ui.reports.recall_dialog import RecallDialog

    summary = create_demo_clinic(db, history_days=45, with_sheets=False)
    assert summary.patients == 30 and not summary.passwords_set
    assert {"all_well", "complication", "pending"} <= set(summary.follow_ups)
    manager = db.exec(select(StaffMember).where(StaffMember.username == "marc")).one()
    expected = db.exec(select(ProductUse).where(ProductUse.batch_number == BAD_BATCH)).all()
    assert expected
    dialog = RecallDialog(engine, lambda: manager)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.batch, BAD_BATCH.lower())
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert len(dialog.model.rows) == len(expected)
    assert all(r.phone.startswith("+1") for r in dialog.model.rows)
    written = dialog.export(tmp_path / "recall.csv")
    lines = written.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("treatment_date,patient_id,patient_name") and len(lines) == len(expected) + 1


def test_demo_refuses_a_database_with_patients(db, zoe):
    from clinic_desktop.services.demo import DemoRefused, create_demo_clinic

    with pytest.raises(DemoRefused):
        create_demo_clinic(db)


def _page_shown(calendar) -> tuple[int, int]:
    return calendar.yearShown(), calendar.monthShown()


def test_complication_dates_open_on_the_treatment_date_and_today(qtbot, engine, db, practitioner, treated):
    form = ComplicationForm(engine, lambda: practitioner, treatment_session_id=treated.id)
    qtbot.addWidget(form)
    treated_on = today(db) - timedelta(days=5)  # the fixture's treatment session
    assert _page_shown(form.onset.open_calendar()) == (treated_on.year, treated_on.month)
    form.onset.calendar().hide()
    now = today(db)
    assert _page_shown(form.resolution.open_calendar()) == (now.year, now.month)
    form.resolution.calendar().hide()
    form.onset.setFocus()
    qtbot.keyClicks(form.onset, treated_on.strftime("%d%m%Y"))
    assert form.onset.value() == treated_on


def test_follow_up_history_shows_earlier_newest_first_and_upcoming_apart(qtbot, engine, db, practitioner, zoe,
                                                                         treated):
    from clinic_desktop.services.followups import OPEN_STATUSES, record_all_well
    from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog
    from tests.complications.conftest import record_session

    older = record_session(db, practitioner, zoe.id, days_ago=60, batches=("LOT-OLD",))
    old_fus = list(db.exec(select(FollowUp).where(FollowUp.treatment_session_id == older.id)
                           .order_by(FollowUp.due_date)))
    record_all_well(db, actor=practitioner, follow_up_id=old_fus[0].id)  # one done, the rest overdue
    fus = list(db.exec(select(FollowUp).where(FollowUp.treatment_session_id == treated.id)
                       .order_by(FollowUp.due_date)))
    assert len(fus) >= 2
    this = fus[0]
    dialog = FollowUpDialog(engine, lambda: practitioner, this.id)
    qtbot.addWidget(dialog)

    def rows(group):
        return [[group.child(i).text(c) for c in range(3)] for i in range(group.childCount())]

    def day(text):  # the window's dates: "17 May 1990", "17 mai 1990"
        shown = QLocale().toDate(text, "d MMM yyyy")
        assert shown.isValid(), text
        return shown.toPython()

    earlier, upcoming = rows(dialog.earlier_group), rows(dialog.upcoming_group)
    assert dialog.earlier_group.text(0).startswith(ui_text("FollowUpDialog", "Earlier — newest first"))
    assert dialog.upcoming_group.text(0).startswith(ui_text("FollowUpDialog", "Coming up — not yet due"))
    earlier_days = [day(r[0]) for r in earlier]
    assert earlier_days == sorted(earlier_days, reverse=True)  # newest first
    upcoming_days = [day(r[0]) for r in upcoming]
    assert upcoming_days == sorted(upcoming_days) and all(d >= this.due_date for d in upcoming_days)
    others = [f for f in db.exec(select(FollowUp)) if f.id != this.id]
    not_done_later = [f for f in others if f.status in OPEN_STATUSES and f.due_date >= this.due_date]
    assert len(upcoming) == len(not_done_later)  # every future follow-up, only there
    assert len(earlier) == len(others) - len(not_done_later)
    was_due = ui_like("FollowUpDialog", "{state} (was due {date})")
    assert all(day(r[0]) < this.due_date or was_due.search(r[2]) for r in earlier)  # only done ones are later
