"""Waits on the sheet preview (issue #14, items 8 and 9): typed as words, explained at the field when below
the protocol's minimum (never snapped back), read-only with the reason for a receptionist."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from clinic_desktop.models import TreatmentSession
from clinic_desktop.services.clinic import ClinicProfileUpdate, get_clinic_profile, update_clinic_profile
from clinic_desktop.services.durations import EXAMPLES
from clinic_desktop.ui.checkout.sheet_preview import SheetPreviewDialog
from tests.language import msg_text, ui_text
from tests.ui.conftest import add_patient
from tests.ui.test_checkout_flow import TORONTO


@pytest.fixture
def visit(db, staff) -> TreatmentSession:
    patient = add_patient(db, staff["practitioner"], "Suharti")
    row = TreatmentSession(
        patient_id=patient.id,
        practitioner_id=staff["practitioner"].id,
        treatment="facial-mesotherapy",
        performed_at=datetime(2026, 11, 30, 10, tzinfo=TORONTO),
    )
    db.add(row)
    db.commit()
    return row


def _preview(qtbot, main_window, staff, visit, role="practitioner") -> SheetPreviewDialog:
    member = next(m for m in main_window._members.values() if m.id == staff[role].id)
    main_window.set_current_staff(member)
    dialog = SheetPreviewDialog(main_window.engine, main_window.current_staff, visit.id, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # the patient's sheet is in English: the waits' boxes speak it ("36 hours") in a French window too, while
    # the explanations under them are for the person at the desk (the window's language: wait_text)
    assert dialog.sheet_language() == "en"
    return dialog


def _type(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _message_under(field) -> str:
    labels = [w for w in field.parentWidget().findChildren(QLabel) if w.property("role") == "field-error"]
    return " ".join(label.text() for label in labels if label.isVisibleTo(field.window()))



def wait_text(english: str) -> str:
    """A wait as the field shows it, written in English ("36 hours", "35 days (840 h)", "72 hours (3 days)"), in
    the run's language (WaitEdit's own plurals)."""
    if match := re.fullmatch(r"(\d+) hours", english):
        return ui_text("WaitEdit", "%n hour(s)", int(match[1]))
    if match := re.fullmatch(r"(\d+) days \((\d+) h\)", english):
        return ui_text("WaitEdit", "{wait} ({hours} h)").format(wait=ui_text("WaitEdit", "%n day(s)", int(match[1])),
                                                                 hours=match[2])
    match = re.fullmatch(r"(\d+) hours \((\d+) days\)", english)
    return ui_text("WaitEdit", "{hours} hours ({days})").format(hours=match[1],
                                                                days=ui_text("WaitEdit", "%n day(s)", int(match[2])))

@pytest.mark.parametrize(
    "key,typed,hours,shown",
    [
        ("washing", "5 days", 120, "120 hours"),  # an hours box took "5 days" (it reverted before)
        ("makeup", "36 h", 36, "36 hours"),
        ("makeup", "1 day 12 h", 36, "36 hours"),
        ("exercise", "1 jour 12 h", 36, "36 hours"),
        ("other_treatments", "5 semaines", 35 * 24, "35 days (840 h)"),
        ("other_treatments", "30 jours", 720, "30 days (720 h)"),
        ("other_treatments", "28", 28 * 24, "28 days (672 h)"),  # a bare number in a days box: days
    ],
)
def test_waits_typed_as_words_are_read_and_reach_the_adjustments(
    qtbot, main_window, staff, visit, key, typed, hours, shown
):
    dialog = _preview(qtbot, main_window, staff, visit)
    field = dialog.restriction_hours[key]
    _type(qtbot, field, typed)
    assert field.value() == hours and field.text() == shown  # the sheet's language (English)
    assert _message_under(field) == ""
    dialog.refresh_preview()
    assert dialog.prepared is not None and dialog.save_button.isEnabled()
    assert {a.restriction_key: a.hours for a in dialog.adjustments() if a.kind == "extend"} == {key: hours}


def test_a_wait_below_the_minimum_explains_itself_and_stays_as_typed(qtbot, main_window, staff, visit):
    dialog = _preview(qtbot, main_window, staff, visit)
    sun = dialog.restriction_hours["sun"]  # the protocol's minimum: 72 hours
    _type(qtbot, sun, "2 days")
    assert sun.text() == "2 days"  # not snapped back to 3 days
    assert ui_text("WaitEdit", "The protocol's minimum is {minimum}: a wait can be lengthened, not shortened.").format(
        minimum=wait_text("72 hours (3 days)")) in _message_under(sun)
    assert sun.property("invalid") is True
    dialog.refresh_preview()
    assert dialog.prepared is None and not dialog.save_button.isEnabled()
    assert wait_text("72 hours (3 days)") in dialog.error_label.text()
    _type(qtbot, sun, "4 days")
    assert _message_under(sun) == "" and not sun.property("invalid")
    dialog.refresh_preview()
    assert dialog.prepared is not None and dialog.save_button.isEnabled()


def test_text_that_is_not_a_wait_is_kept_and_explained(qtbot, main_window, staff, visit):
    dialog = _preview(qtbot, main_window, staff, visit)
    washing = dialog.restriction_hours["washing"]
    _type(qtbot, washing, "5 dayz")
    assert washing.text() == "5 dayz"
    assert msg_text("“{typed}” is not a waiting time: “{unit}” is not hours, days or weeks. Type e.g. {examples}.").format(
        typed="5 dayz", unit="dayz", examples=msg_text(EXAMPLES)) in _message_under(washing)
    dialog.refresh_preview()
    assert not dialog.save_button.isEnabled()


def test_arrows_step_and_never_go_below_the_minimum(qtbot, main_window, staff, visit):
    dialog = _preview(qtbot, main_window, staff, visit)
    makeup = dialog.restriction_hours["makeup"]  # 48 h, minimum 24 h
    makeup.setFocus()
    for _ in range(30):
        qtbot.keyClick(makeup, Qt.Key.Key_Down)
    assert makeup.value() == 24 and makeup.text() == "24 hours"  # the sheet's language (English)
    qtbot.keyClick(makeup, Qt.Key.Key_Up)
    assert makeup.value() == 25


def test_a_receptionist_sees_the_waits_read_only_with_the_reason(qtbot, main_window, staff, visit):
    dialog = _preview(qtbot, main_window, staff, visit, role="receptionist")
    makeup = dialog.restriction_hours["makeup"]
    assert makeup.isReadOnly()
    assert ui_text("SheetPreviewDialog", "Changing a waiting time is a practitioner's decision: ask a practitioner, or a "
                   "manager can allow receptionists in the clinic profile.") in makeup.toolTip()
    before = makeup.text()
    makeup.setFocus()
    qtbot.keyClicks(makeup, "9 days")
    qtbot.keyClick(makeup, Qt.Key.Key_Up)
    assert makeup.text() == before
    assert dialog.adjustments() == []


def test_a_receptionist_may_change_waits_where_the_clinic_allows_it(qtbot, main_window, staff, visit, db):
    profile = get_clinic_profile(db)
    update_clinic_profile(
        db,
        actor=staff["manager"],
        expected_version=profile.version,
        data=ClinicProfileUpdate(
            name=profile.name,
            emergency_phone=profile.emergency_phone,
            timezone=profile.timezone,
            receptionists_may_lengthen_waits=True,
        ),
    )
    dialog = _preview(qtbot, main_window, staff, visit, role="receptionist")
    makeup = dialog.restriction_hours["makeup"]
    assert not makeup.isReadOnly()
    _type(qtbot, makeup, "3 days")
    dialog.refresh_preview()
    assert dialog.prepared is not None
    assert dialog.prepared.inputs.adjustments[0].hours == 72
    QApplication.processEvents()
