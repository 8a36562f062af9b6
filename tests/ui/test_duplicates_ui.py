"""Case C17 in the window: a new patient who may already be recorded is shown with the possible matches;
the user opens the existing one or creates anyway (warned, never blocked; names stored trimmed)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.models import Patient
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import msg_text
from tests.ui.conftest import add_patient
from tests.ui.test_checkout_flow import with_modal

CLICK = Qt.MouseButton.LeftButton


def _names(engine) -> list[str]:
    with Session(engine) as s:
        return sorted(f"{p.given_names}|{p.family_name}" for p in s.exec(select(Patient)))


def test_same_folded_name_and_birth_date_is_shown_then_created_anyway(qtbot, main_window, db, staff):
    add_patient(db, staff["receptionist"], "Maria", "Lopez", born=date(1990, 5, 17), phone="+1 514 555 0101")
    dialog = PatientDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.given_names, "MARIA ")
    qtbot.keyClicks(dialog.family_name, "LOPEZ ")
    dialog.date_of_birth.setValue(date(1990, 5, 17))
    qtbot.mouseClick(dialog.save_button(), CLICK)
    assert dialog.isVisible() and dialog.duplicates_box.isVisible()
    assert dialog.duplicates.count() == 1
    from clinic_desktop.services.messages import short_date

    assert dialog.duplicates.item(0).text() == msg_text("{name} · born {born} · {contact} — {why}").format(
        name="Maria Lopez", born=short_date(date(1990, 5, 17)), contact="+1 514 555 0101",
        why=msg_text("same name and date of birth"))  # "Maria Lopez · born 17 May 1990 · +1 514 555 0101 — same…"
    assert short_date(date(1990, 5, 17)) in ("17 May 1990", "17 mai 1990")
    assert _names(main_window.engine) == ["Maria|Lopez"]  # nothing created yet
    qtbot.mouseClick(dialog.anyway_button, CLICK)
    assert dialog.created is not None
    assert _names(main_window.engine) == ["MARIA|LOPEZ", "Maria|Lopez"]  # trimmed


def test_same_phone_opens_the_existing_patient_instead(qtbot, main_window, db, staff):
    hana = add_patient(db, staff["receptionist"], "Hana", "Nováková", phone="+420 601 555 010")
    today = main_window.show_page("Today")

    def fill_and_open(dialog: PatientDialog) -> None:
        qtbot.keyClicks(dialog.given_names, "Hana")
        qtbot.keyClicks(dialog.family_name, "Novakova")
        dialog.date_of_birth.setValue(date(1991, 1, 1))
        qtbot.keyClicks(dialog.phone, "601 555 010")
        qtbot.mouseClick(dialog.save_button(), CLICK)
        assert "Hana Nováková" in dialog.duplicates.item(0).text()
        assert dialog.duplicates.item(0).text().endswith("— " + msg_text("same phone"))
        qtbot.mouseClick(dialog.open_button, CLICK)

    done = with_modal(qtbot, PatientDialog, fill_and_open)
    today.new_patient()
    assert done
    assert _names(main_window.engine) == ["Hana|Nováková"]
    page = main_window.show_page("Patients")
    assert page.patient_id == hana.id and "Hana Nováková" in page.header.text()


def test_a_manager_merges_the_duplicate_from_the_patients_page(qtbot, main_window, db, staff):
    from datetime import UTC, datetime

    from clinic_desktop.models import TreatmentSession
    from clinic_desktop.ui.patients.correction_dialogs import MergePatientsDialog
    from tests.ui.conftest import add_treatment_session

    keep = add_patient(db, staff["receptionist"], "Hana", "Nováková", phone="+420 601 555 010")
    dup = add_patient(db, staff["receptionist"], "Hana", "Novakova", phone="601 555 010")
    ts = add_treatment_session(db, staff["practitioner"], dup, datetime(2026, 11, 20, 10, tzinfo=UTC))
    page = main_window.show_page("Patients")
    page.select_patient(keep.id)
    assert not page.merge_button.isVisible()  # practitioners do not merge
    main_window.set_current_staff(staff["manager"])
    page.select_patient(keep.id)
    assert page.merge_button.isVisible() and page.merge_button.isEnabled()

    def merge(dialog: MergePatientsDialog) -> None:
        assert dialog.candidates.count() == 1 and dialog.candidates.item(0).text().startswith("Hana Novakova")
        qtbot.mouseClick(dialog.ok_button(), CLICK)  # no reason yet: said at the field
        assert "reason" in dialog.errors.errors_shown()
        qtbot.keyClicks(dialog.reason, "Registered twice")
        qtbot.mouseClick(dialog.ok_button(), CLICK)

    done = with_modal(qtbot, MergePatientsDialog, merge)
    qtbot.mouseClick(page.merge_button, CLICK)
    assert done
    with Session(main_window.engine) as s:
        assert s.get(TreatmentSession, ts.id).patient_id == keep.id
        assert s.get(Patient, dup.id).archived is True
    lines = [page.timeline.topLevelItem(i).text(2) for i in range(page.timeline.topLevelItemCount())]
    merged = msg_text("{name}'s record merged into this one at {time}").partition("{time}")[0].format(
        name="Hana Novakova")
    assert any(line.startswith(merged) for line in lines)
    from clinic_desktop.services.protocols import treatment_name

    assert any(line.startswith(treatment_name("facial-mesotherapy")) for line in lines)  # the session moved here
