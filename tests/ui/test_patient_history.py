"""The patient's history: an issuance shows its per-patient adjustments, and Reprint gives the same bytes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from clinic_desktop.aftercare.sheet_inputs import Adjustment
from clinic_desktop.models import AftercareIssuance, IssuanceAction
from clinic_desktop.services import checkout
from tests.language import FRENCH, msg_text, ui_text
from tests.ui.conftest import add_patient, add_treatment_session

TORONTO = ZoneInfo("America/Toronto")


def test_history_shows_adjustments_and_reprint_is_byte_identical(qtbot, main_window, db, staff, tmp_path):
    doc = staff["practitioner"]
    patient = add_patient(db, doc, "Ζωή", "Παπαδοπούλου", phone="+1 416 555 0102")
    ts = add_treatment_session(db, doc, patient, datetime(2025, 11, 3, 10, tzinfo=TORONTO))
    first, sheet = checkout.save_sheet(db, actor=doc, treatment_session_id=ts.id, path=tmp_path / "first.pdf",
                                       adjustments=[Adjustment(kind="extend", restriction_key="makeup", hours=72),
                                                    Adjustment(kind="note", text="Ice 10 min\nafter dinner")])
    page = main_window.show_page("Patients")
    page.select_patient(patient.id)
    assert page.select_event("issuance", first.id)
    item = page.timeline.currentItem()
    assert msg_text("{restriction} wait {hours} h ({by})").format(
        restriction=msg_text("makeup"), hours=72, by="Dr. Élise Tremblay") in item.text(3)
    if FRENCH:  # the wait by its name in the window's language, never its key
        assert "makeup" not in item.text(3) and msg_text("makeup") in item.text(3)
    assert msg_text("note “{text}”").format(text="Ice 10 min after dinner") in item.text(3)
    assert page.reprint_button.isEnabled()

    copy = tmp_path / "copy.pdf"
    assert page.reprint_selected(save_to=copy) is True
    assert ui_text("PatientsPage", "Reprinted: identical to the original, byte for byte.") in page.message.text()
    assert copy.read_bytes() == sheet.read_bytes()
    with Session(main_window.engine) as session:
        rows = session.exec(select(AftercareIssuance).order_by(AftercareIssuance.id)).all()
    assert [(r.action, r.reprint_of_id) for r in rows] == [(IssuanceAction.saved, None),
                                                          (IssuanceAction.reprinted, first.id)]
    # the reprint is itself in the history now
    assert page.select_event("issuance", rows[1].id)
