"""Corrections through the window: Edit patient, Correct a treatment session and its batch, Entered in error,
Undo "All well", and a corrected sheet for one issued before a correction. Rows and revisions read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.models import (
    AftercareIssuance,
    FollowUp,
    FollowUpStatus,
    Patient,
    ProductUse,
    RecordRevision,
    TreatmentSession,
)
from clinic_desktop.services import checkout, corrections, followups, treatments
from clinic_desktop.services.patients import PatientCreate
from clinic_desktop.ui.patients.correction_dialogs import ReasonDialog, TreatmentSessionCorrectionDialog
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import msg_like, msg_text, quoted, ui_text
from tests.ui.conftest import add_patient
from tests.ui.test_checkout_flow import pdf_text, save_to, with_modal  # noqa: F401 (save_to is a fixture)

TORONTO = ZoneInfo("America/Toronto")
CLICK = Qt.MouseButton.LeftButton


def _revisions(engine, table: str) -> list[tuple[int, str, object, object, str]]:
    with Session(engine) as s:
        return [
            (r.row_id, r.field, r.old_value, r.new_value, r.reason)
            for r in s.exec(
                select(RecordRevision).where(RecordRevision.table_name == table).order_by(RecordRevision.id)
            )
        ]


def _session_with_batch(db, doc, patient) -> TreatmentSession:
    return treatments.record_treatment_session(
        db,
        actor=doc,
        data=treatments.TreatmentSessionCreate(
            patient_id=patient.id,
            practitioner_id=doc.id,
            treatment="facial-mesotherapy",
            performed_at=datetime(2026, 11, 24, 10, tzinfo=TORONTO),
            areas="face",
            products=[
                treatments.ProductUseCreate(
                    product_name="NCTF 135HA",
                    batch_number="LOT-A1",
                    expiry_date=date(2027, 6, 30),
                    quantity=3.0,
                )
            ],
        ),
    )


def _patients_page(main_window, patient_id: int):
    page = main_window.show_page("Patients")
    page.select_patient(patient_id)
    return page


def test_edit_patient_needs_a_reason_for_the_name_and_keeps_the_old_one(qtbot, main_window, db, staff):
    patient = add_patient(db, staff["receptionist"], "Maria", "Lopez", phone="+1 514 555 0101")
    page = _patients_page(main_window, patient.id)
    assert page.edit_button.isEnabled()
    asked = {}

    def correct(dialog: PatientDialog) -> None:
        assert dialog.windowTitle() == ui_text("PatientDialog", "Edit patient")
        assert dialog.family_name.text() == "Lopez" and dialog.phone.text() == "+1 514 555 0101"
        dialog.family_name.setText("López ")
        dialog.phone.setText("+1 514 555 0199")
        qtbot.mouseClick(dialog.save_button(), CLICK)
        asked["first"] = dialog.errors.errors_shown()
        assert dialog.isVisible()  # stays open with what was typed
        qtbot.keyClicks(dialog.reason, "Accent missing on the family name")
        qtbot.mouseClick(dialog.save_button(), CLICK)

    done = with_modal(qtbot, PatientDialog, correct)
    qtbot.mouseClick(page.edit_button, CLICK)
    assert done
    assert msg_text("family name") in asked["first"]["reason"]
    with Session(main_window.engine) as s:
        row = s.get(Patient, patient.id)
        assert (row.family_name, row.phone) == ("López", "+1 514 555 0199")
    assert _revisions(main_window.engine, "patient") == [
        (patient.id, "family_name", "Lopez", "López", "Accent missing on the family name"),
        (patient.id, "phone", "+1 514 555 0101", "+1 514 555 0199", "Accent missing on the family name"),
    ]
    lines = [page.timeline.topLevelItem(i) for i in range(page.timeline.topLevelItemCount())]
    fix = next(item for item in lines if item.text(1) == ui_text("PatientsPage", "Correction"))
    assert msg_like("{title} at {time}").fullmatch(fix.text(2))
    assert fix.text(2).startswith(msg_text("Patient details corrected"))
    change = msg_text("{field}: {old} → {new}").format(field=msg_text("family name"), old=quoted("Lopez"),
                                                      new=quoted("López"))
    assert change in fix.text(3)
    assert msg_like("{who}: {summary} — reason: {reason}").fullmatch(fix.text(3))
    assert fix.text(3).endswith("Accent missing on the family name")
    assert "López" in page.header.text()


def test_a_stale_edit_form_is_refused_and_saves_nothing(qtbot, main_window, db, staff):
    patient = add_patient(db, staff["receptionist"], "Hana", "Novakova", phone="+420 555 0101")
    dialog = PatientDialog(main_window.engine, main_window.current_staff, main_window, patient_id=patient.id)
    qtbot.addWidget(dialog)
    # meanwhile, at the other desk
    corrections.edit_patient(
        db,
        actor=staff["manager"],
        patient_id=patient.id,
        data=PatientCreate(
            given_names="Hana",
            family_name="Novakova",
            date_of_birth=patient.date_of_birth,
            phone="+420 555 0199",
        ),
    )
    dialog.email.setText("hana@example.org")
    qtbot.mouseClick(dialog.save_button(), CLICK)
    message = dialog.errors.general_label().text()
    assert "Mona Manager" in message and msg_text("Changed: {fields}.").format(fields=msg_text("phone")) in message
    assert msg_text("Nothing was saved: reload it to see the current details (in a form, Reload keeps what you "
                    "typed).") in message
    with Session(main_window.engine) as s:
        assert s.get(Patient, patient.id).email == ""


def test_correct_a_mistyped_batch_from_the_history(qtbot, main_window, db, staff):
    doc = staff["practitioner"]
    patient = add_patient(db, doc, "Aoife", "O'Brien-Daly")
    ts = _session_with_batch(db, doc, patient)
    page = _patients_page(main_window, patient.id)
    assert page.select_event("treatment", ts.id)
    assert page.correct_button.isEnabled() and page.error_button.isEnabled()
    seen = {}

    def correct(dialog: TreatmentSessionCorrectionDialog) -> None:
        batch = dialog.product_cell(0, 1)
        assert batch.text() == "LOT-A1"
        batch.setText("")
        qtbot.keyClicks(dialog.reason, "Lot misread from the box")
        qtbot.mouseClick(dialog.save_button(), CLICK)
        seen["empty"] = dict(dialog.errors.errors_shown())
        qtbot.keyClicks(batch, "LOT-A7")
        qtbot.mouseClick(dialog.save_button(), CLICK)

    done = with_modal(qtbot, TreatmentSessionCorrectionDialog, correct)
    qtbot.mouseClick(page.correct_button, CLICK)
    assert done
    with Session(main_window.engine) as s:
        use = s.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts.id)).one()
    assert list(seen["empty"].values()) == [msg_text("Enter the batch (lot) number.")]  # not "Product 1: …"
    assert use.batch_number == "LOT-A7"
    assert _revisions(main_window.engine, "product_use") == [
        (use.id, "batch_number", "LOT-A1", "LOT-A7", "Lot misread from the box")
    ]
    assert page.message.text() == ui_text("PatientsPage", "Treatment session corrected; the old values are in the "
                                                          "history.")
    item = page.timeline.currentItem()
    assert msg_text("{product} (batch {batch})").format(product="NCTF 135HA", batch="LOT-A7") in item.text(3)


def test_entered_in_error_and_undo_all_well_from_the_history(qtbot, main_window, db, staff):
    doc = staff["practitioner"]
    patient = add_patient(db, doc, "Zoë", "Smith")
    wrong = _session_with_batch(db, doc, patient)
    right = _session_with_batch(db, doc, patient)
    fu = db.exec(
        select(FollowUp).where(FollowUp.treatment_session_id == right.id).order_by(FollowUp.due_date)
    ).first()
    followups.record_all_well(db, actor=doc, follow_up_id=fu.id)
    page = _patients_page(main_window, patient.id)

    def give_reason(text: str):
        def act(dialog: ReasonDialog) -> None:
            qtbot.mouseClick(dialog.ok_button(), CLICK)  # no reason: refused at the field
            assert "reason" in dialog.errors.errors_shown() and dialog.isVisible()
            qtbot.keyClicks(dialog.reason, text)
            qtbot.mouseClick(dialog.ok_button(), CLICK)

        return act

    assert page.select_event("treatment", wrong.id)
    done = with_modal(qtbot, ReasonDialog, give_reason("Recorded twice"))
    qtbot.mouseClick(page.error_button, CLICK)
    assert done
    with Session(main_window.engine) as s:
        row = s.get(TreatmentSession, wrong.id)
        assert (row.entered_in_error, row.error_reason, row.archived) == (True, "Recorded twice", True)
        assert {
            f.status for f in s.exec(select(FollowUp).where(FollowUp.treatment_session_id == wrong.id))
        } == {FollowUpStatus.cancelled}
    item = page.timeline.currentItem()
    assert item.text(2).startswith(msg_text("[entered in error] {title}").partition("{title}")[0])  # still shown
    assert not page.correct_button.isEnabled() and not page.error_button.isEnabled()

    assert page.select_event("follow_up", fu.id)
    assert page.undo_button.isEnabled()
    done = with_modal(qtbot, ReasonDialog, give_reason("Wrong patient's line clicked"))
    qtbot.mouseClick(page.undo_button, CLICK)
    assert done
    with Session(main_window.engine) as s:
        reopened = s.get(FollowUp, fu.id)
    assert (reopened.status, reopened.done_by_id) == (FollowUpStatus.pending, None)
    assert ("status", "all_well", "pending", "Wrong patient's line clicked") in [
        r[1:] for r in _revisions(main_window.engine, "follow_up") if r[0] == fu.id
    ]
    assert not page.undo_button.isEnabled()


def test_sheet_issued_before_a_correction_stays_and_a_corrected_one_is_one_click_away(
    qtbot, main_window, db, staff, tmp_path, save_to,  # noqa: F811 (save_to is a fixture)
):
    doc = staff["practitioner"]
    patient = add_patient(db, doc, "Ксения", "Павлва")
    ts = _session_with_batch(db, doc, patient)
    first, path = checkout.save_sheet(db, actor=doc, treatment_session_id=ts.id, path=tmp_path / "first.pdf")
    corrections.edit_patient(
        db,
        actor=doc,
        patient_id=patient.id,
        reason="Family name misspelt",
        data=PatientCreate(given_names="Ксения", family_name="Павлова", date_of_birth=patient.date_of_birth),
    )
    page = _patients_page(main_window, patient.id)
    assert page.select_event("issuance", first.id)
    item = page.timeline.currentItem()
    assert msg_like("{detail}; issued before a correction on {date} ({changes}) — print a corrected sheet").search(
        item.text(3)) and f"{quoted('Павлва')} → {quoted('Павлова')}" in item.text(3)
    assert page.corrected_sheet_button.isVisible() and page.corrected_sheet_button.isEnabled()
    # the sheet handed out is kept exactly: its reprint is byte-identical, with the old spelling
    copy = tmp_path / "copy.pdf"
    assert page.reprint_selected(save_to=copy)
    assert copy.read_bytes() == path.read_bytes()
    assert "Павлва" in pdf_text(copy)

    assert page.select_event("issuance", first.id)
    folder = Path(save_to("corrected.pdf"))

    def save_new(dialog) -> None:
        qtbot.mouseClick(dialog.save_button, CLICK)
        dialog.accept()

    from clinic_desktop.ui.checkout.sheet_preview import SheetPreviewDialog

    done = with_modal(qtbot, SheetPreviewDialog, save_new)
    qtbot.mouseClick(page.corrected_sheet_button, CLICK)
    assert done
    assert "Ксения Павлова" in pdf_text(folder / "corrected.pdf")
    with Session(main_window.engine) as s:
        newest = s.exec(select(AftercareIssuance).order_by(AftercareIssuance.id.desc())).first()
    assert newest.reprint_of_id is None and corrections.issuance_corrections(db, newest) == []
    assert page.select_event("issuance", newest.id)
    assert not page.corrected_sheet_button.isVisible()


def test_undo_all_well_from_the_follow_up_dialog(qtbot, main_window, db, staff):
    from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog

    doc = staff["practitioner"]
    patient = add_patient(db, doc, "Noor", "Rahman")
    ts = _session_with_batch(db, doc, patient)
    fu = db.exec(select(FollowUp).where(FollowUp.treatment_session_id == ts.id).order_by(FollowUp.due_date)).first()
    followups.record_all_well(db, actor=doc, follow_up_id=fu.id)
    dialog = FollowUpDialog(main_window.engine, main_window.current_staff, fu.id, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.undo_button.isVisible() and not dialog.all_well_button.isEnabled()

    def give_reason(reason: ReasonDialog) -> None:
        qtbot.keyClicks(reason.reason, "Recorded for the wrong patient")
        qtbot.mouseClick(reason.ok_button(), CLICK)

    done = with_modal(qtbot, ReasonDialog, give_reason)
    qtbot.mouseClick(dialog.undo_button, CLICK)
    assert done and dialog.outcome == "reopened"
    with Session(main_window.engine) as s:
        assert s.get(FollowUp, fu.id).status == FollowUpStatus.pending
    again = FollowUpDialog(main_window.engine, main_window.current_staff, fu.id, main_window)
    qtbot.addWidget(again)
    again.show()
    assert again.all_well_button.isEnabled() and not again.undo_button.isVisible()
