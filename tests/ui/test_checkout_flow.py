"""Checkout through the window: patient and treatment session via the dialogs, Print aftercare, Save PDF.

The dates on the sheet are checked against values worked out by hand (year-end crossing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog
from sqlmodel import Session, select

from clinic_desktop.models import AftercareIssuance, IssuanceAction, TreatmentSession
from clinic_desktop.ui.checkout.sheet_preview import NO_PRINTER_REASON, SheetPreviewDialog
from clinic_desktop.ui.checkout.today_page import COL_PATIENT, COL_PRINTED, TodayPage
from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog
from clinic_desktop.ui.patients.patient_dialog import PatientDialog
from tests.language import msg_text, ui_text
from tests.ui.conftest import CLINIC_PHONE, EMERGENCY_PHONE, add_patient

TORONTO = ZoneInfo("America/Toronto")


def pdf_text(path: Path) -> str:
    """All the text of a PDF file, pages joined."""
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)


def with_modal(qtbot, kind: type[QDialog], act: Callable[[QDialog], None]) -> list[QDialog]:
    """Arrange for ``act(dialog)`` to run once a modal dialog of ``kind`` is open (it must close it)."""
    seen: list[QDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            try:
                act(dialog)
            except BaseException:  # a failed check: close the dialog so that exec() returns and the test
                dialog.reject()    # fails (pytest-qt reports the error) instead of waiting forever
                raise
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


@pytest.fixture
def save_to(monkeypatch, tmp_path) -> Callable[[str], Path]:
    """Make the Qt save dialog answer with a file in tmp_path (the name the app suggested, or a given one)."""
    asked: dict[str, str] = {}

    def use(name: str = "") -> Path:
        def fake(parent, caption, suggested, filter_):  # noqa: ARG001 (Qt's signature)
            asked["suggested"] = suggested
            return (str(tmp_path / (name or Path(suggested).name)), filter_)

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
        return tmp_path

    use.asked = asked  # type: ignore[attr-defined]
    return use


def _issuances(engine) -> list[AftercareIssuance]:
    with Session(engine) as s:
        return list(s.exec(select(AftercareIssuance)))


def test_new_patient_treatment_session_print_and_save(qtbot, main_window, save_to):
    page: TodayPage = main_window.pages["Today"]
    assert not page.print_button.isEnabled()  # nothing selected yet

    def fill_patient(dialog: PatientDialog) -> None:
        qtbot.keyClicks(dialog.given_names, "Aoife")
        qtbot.keyClicks(dialog.family_name, "O'Brien-Daly")
        dialog.date_of_birth.setValue(date(1988, 2, 29))
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)

    done = with_modal(qtbot, PatientDialog, fill_patient)
    qtbot.mouseClick(page.new_patient_button, Qt.MouseButton.LeftButton)
    assert done and done[0].created is not None

    def fill_treatment(dialog: TreatmentSessionDialog) -> None:
        qtbot.keyClicks(dialog.patient.search, "aoife")
        dialog.patient.refresh()
        dialog.treatment.setCurrentIndex(dialog.treatment.findData("facial-mesotherapy"))
        dialog.set_performed_at(datetime(2025, 12, 31, 16, 45))
        qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)

    done = with_modal(qtbot, TreatmentSessionDialog, fill_treatment)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert done and done[0].created is not None

    # the Today page moved to the treatment day and selected the new line
    assert page.day() == date(2025, 12, 31)
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, COL_PATIENT).data() == "Aoife O'Brien-Daly"
    assert page.proxy.index(0, COL_PRINTED).data() == "—"
    assert page.print_button.isEnabled()

    save_to()

    def print_and_save(dialog: SheetPreviewDialog) -> None:
        assert not dialog.print_button.isEnabled()  # offscreen: no printer (case C18)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.accept()

    done = with_modal(qtbot, SheetPreviewDialog, print_and_save)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert done
    [issuance] = _issuances(main_window.engine)
    assert issuance.action == IssuanceAction.saved
    assert issuance.issued_by_id == main_window.current_staff().id
    saved = Path(save_to.asked["suggested"]).name
    assert saved == f"aftercare-2025-12-31-Aoife-O'Brien-Daly-{issuance.treatment_session_id}.pdf"
    text = pdf_text(next(Path(p) for p in Path(save_to()).glob("*.pdf")))
    assert "Aoife O'Brien-Daly" in text
    assert CLINIC_PHONE in text and EMERGENCY_PHONE in text
    # worked out by hand: 31 Dec 2025 is a Wednesday, so days 1–2 are Thu 1 – Fri 2 Jan 2026
    assert "Day 0 · Wed 31 Dec 2025" in text
    assert "Days 1–2 · Thu 1 Jan – Fri 2 Jan 2026" in text
    # and the list shows the sheet as printed
    assert page.proxy.index(0, COL_PRINTED).data() == "✓"


def _treatment_on(db, staff, when: datetime, given="Suharti", family="") -> TreatmentSession:
    """A treatment session row dated ``when`` (may be later than the PC's clock: inserted as data)."""
    patient = add_patient(db, staff["practitioner"], given, family, born=date(1979, 8, 17))
    row = TreatmentSession(patient_id=patient.id, practitioner_id=staff["practitioner"].id,
                           treatment="facial-mesotherapy", performed_at=when, areas="full face")
    db.add(row)
    db.commit()
    db.refresh(row)
    return row


def _preview(qtbot, main_window, ts_id: int) -> SheetPreviewDialog:
    dialog = SheetPreviewDialog(main_window.engine, main_window.current_staff, ts_id, main_window)
    qtbot.addWidget(dialog)
    return dialog


def test_sheet_for_new_years_eve_2026(qtbot, main_window, db, staff, save_to):
    ts = _treatment_on(db, staff, datetime(2026, 12, 31, 11, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    assert dialog.prepared is not None
    assert dialog.document.pageCount() >= 1  # the preview shows the PDF
    folder = save_to("suharti.pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = pdf_text(folder / "suharti.pdf")
    assert "Suharti" in text
    assert CLINIC_PHONE in text
    # worked out by hand: 31 Dec 2026 is a Thursday; days 1–2 are Fri 1 – Sat 2 Jan 2027
    assert "Day 0 · Thu 31 Dec 2026" in text
    assert "Days 1–2 · Fri 1 Jan – Sat 2 Jan 2027" in text
    [issuance] = _issuances(main_window.engine)
    assert issuance.action == IssuanceAction.saved
    assert issuance.treatment_session_id == ts.id
    assert dialog.status_label.text() == ui_text("SheetPreviewDialog", "Saved to {path}").format(
        path=folder / "suharti.pdf")


def test_print_disabled_with_reason_without_printer(qtbot, main_window, db, staff):
    ts = _treatment_on(db, staff, datetime(2025, 6, 3, 9, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    dialog.show()
    assert not dialog.print_button.isEnabled()
    assert dialog.print_reason.text() == ui_text("SheetPreviewDialog", NO_PRINTER_REASON)
    assert dialog.print_reason.isVisible()
    assert dialog.save_button.isEnabled()
    assert dialog.print_sheet() is None
    assert _issuances(main_window.engine) == []


def test_adjustments_and_language_reach_the_sheet_and_the_issuance(qtbot, main_window, db, staff, save_to):
    ts = _treatment_on(db, staff, datetime(2025, 6, 3, 9, 0, tzinfo=TORONTO), "Zoë", "Papadopoulou")
    dialog = _preview(qtbot, main_window, ts.id)
    assert dialog.language.currentData() == "en"  # the patient's default
    dialog.restriction_hours["makeup"].setValue(96)
    dialog.note.setPlainText("Ice 10 min <twice> a day")
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.refresh_preview()
    assert dialog.error_label.isHidden()
    folder = save_to("zoe.pdf")
    issuance = dialog.save_pdf()
    assert issuance is not None
    assert issuance.language == "fr"
    kinds = {a["kind"]: a for a in issuance.adjustments}
    assert kinds["extend"]["restriction_key"] == "makeup" and kinds["extend"]["hours"] == 96
    assert kinds["note"]["text"] == "Ice 10 min <twice> a day"
    text = pdf_text(folder / "zoe.pdf")
    assert "Ice 10 min <twice> a day" in text
    assert "96" in text


def test_cancelled_or_failed_save_records_nothing(qtbot, main_window, db, staff, monkeypatch, tmp_path):
    ts = _treatment_on(db, staff, datetime(2025, 6, 3, 9, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    assert dialog.save_pdf() is None
    missing = tmp_path / "no-such-folder" / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(missing), "")))
    assert dialog.save_pdf() is None
    assert dialog.error_label.text() == ui_text("SheetPreviewDialog", "Saving: {message}").format(
        message=msg_text("The folder {parent} does not exist.").format(parent=missing.parent))
    assert not dialog.error_label.isHidden()
    assert _issuances(main_window.engine) == []


def test_save_pdf_keeps_the_name_in_its_script_is_unique_and_opens_in_the_last_folder(
        qtbot, main_window, db, staff, monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    first = _treatment_on(db, staff, datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO), "Ксения", "Павлова")
    namesake = _treatment_on(db, staff, datetime(2026, 11, 30, 15, 0, tzinfo=TORONTO), "Ксения", "Павлова")
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda _where: str(documents)))
    chosen = tmp_path / "sheets for Ксения"
    chosen.mkdir()
    asked: list[Path] = []

    def fake(parent, caption, suggested, filter_):  # noqa: ARG001 (Qt's signature)
        asked.append(Path(suggested))
        return (str(chosen / Path(suggested).name), filter_)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    for ts in (first, namesake):
        dialog = _preview(qtbot, main_window, ts.id)
        assert dialog.save_pdf() is not None
    assert asked[0] == documents / f"aftercare-2026-11-30-Ксения-Павлова-{first.id}.pdf"  # no folder used yet
    assert asked[1] == chosen / f"aftercare-2026-11-30-Ксения-Павлова-{namesake.id}.pdf"  # the last folder
    saved = sorted(p.name for p in chosen.glob("*.pdf"))
    assert saved == sorted(p.name for p in asked)  # two files, no clash


def _days_field(days: int) -> str:
    """What a wait field in days shows for ``days`` whole days on an English sheet: "21 days (504 h)" (the
    waits' boxes speak the sheet's language, whatever the window's)."""
    return f"{days} days ({days * 24} h)"


def test_long_waits_are_shown_and_typed_in_days_the_adjustment_carries_hours(qtbot, main_window, db, staff):
    ts = _treatment_on(db, staff, datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    dialog.show()
    peels = dialog.restriction_hours["other_treatments"]  # "No peels, laser treatments… for 21 days"
    assert peels.text() == _days_field(21)  # "21 days (504 h)"
    assert dialog.restriction_hours["sun"].text() == _days_field(3)
    assert dialog.sheet_language() == "en"
    assert dialog.restriction_hours["washing"].text() == "12 hours"  # short waits stay in hours
    peels.setFocus()
    peels.selectAll()
    qtbot.keyClicks(peels, "28")
    qtbot.keyClick(peels, Qt.Key.Key_Return)
    assert peels.value() == 28 * 24 and peels.text() == _days_field(28)
    peels.stepUp()
    assert peels.value() == 29 * 24  # the arrows step a whole day
    kinds = {a.restriction_key: a.hours for a in dialog.adjustments() if a.kind == "extend"}
    assert kinds == {"other_treatments": 696}


# ------------------------------------------------------------------ issue #12: warnings and failures


def test_preview_names_the_field_and_characters_that_cannot_be_printed(qtbot, main_window, db, staff, tmp_path):
    ts = _treatment_on(db, staff, datetime(2025, 6, 3, 9, 0, tzinfo=TORONTO), "Zoë \U00013000", "Martin")
    dialog = _preview(qtbot, main_window, ts.id)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "preview.png"))
    assert dialog.prepared is not None and dialog.save_button.isEnabled()
    assert not dialog.warning_label.isHidden()
    text = dialog.warning_label.text()
    from clinic_desktop.aftercare.text import describe_characters

    assert msg_text("{label}: {characters} cannot be printed with the sheet's fonts and shows as “\ufffd”.").format(
        label=msg_text("Patient name"), characters=describe_characters(("\U00013000",))) in text
    assert "U+13000" in text
    dialog.note.setPlainText("Note \U00013001")
    dialog.refresh_preview()
    assert msg_text("Personal note") in dialog.warning_label.text() and "U+13001" in dialog.warning_label.text()


def test_preview_warns_before_printing_a_draft_protocol(qtbot, main_window, db, staff):
    ts = _treatment_on(db, staff, datetime(2025, 6, 3, 9, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    # no manager approved the shipped content in this database: whatever the file says, it is a draft
    # two sentences of the catalogue; the draft is named as its file (the sheet's language, English) names it
    assert (msg_text("{names} is a DRAFT protocol, not approved by the clinic: the sheet is marked DRAFT.").format(
        names="Facial mesotherapy") + " " + msg_text("A manager can approve the current content in Approve protocols.")
    ) in dialog.warning_label.text()
    assert dialog.save_button.isEnabled()  # a warning, not a refusal


def test_a_mistyped_wait_is_explained_at_its_field_in_the_window_language(qtbot, main_window, db, staff):
    ts = _treatment_on(db, staff, datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    dialog.show()
    peels = dialog.restriction_hours["other_treatments"]
    peels.setFocus()
    peels.selectAll()
    qtbot.keyClicks(peels, "5 dayz")
    qtbot.keyClick(peels, Qt.Key.Key_Return)
    dialog.refresh_preview()
    examples = msg_text("5 days, 36 h or 1 day 12 h")
    assert dialog.wait_errors.errors_shown() == {"wait.other_treatments": msg_text(
        "“{typed}” is not a waiting time: “{unit}” is not hours, days or weeks. Type e.g. {examples}.").format(
        typed="5 dayz", unit="dayz", examples=examples)}
    assert peels.text() == "5 dayz"  # what was typed stays to be put right


def test_preview_without_emergency_number_says_so_and_disables_save(qtbot, main_window, db, staff):
    from clinic_desktop.models import ClinicProfile

    profile = db.get(ClinicProfile, 1)
    profile.emergency_phone = ""
    db.add(profile)
    db.commit()
    ts = _treatment_on(db, staff, datetime(2025, 6, 3, 9, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    assert dialog.prepared is None
    assert dialog.error_label.text() == msg_text(
        "The clinic has no emergency number, and every aftercare sheet must give one. "
        "Add it in Clinic profile → Emergency phone.")
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()


def test_layout_failure_is_a_clear_message_with_save_disabled(qtbot, main_window, db, staff, monkeypatch):
    from reportlab.platypus.doctemplate import LayoutError

    ts = _treatment_on(db, staff, datetime(2025, 6, 3, 9, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    assert dialog.save_button.isEnabled()

    def boom(*args, **kwargs):
        raise LayoutError("Flowable too large")

    monkeypatch.setattr("reportlab.platypus.doctemplate.BaseDocTemplate.build", boom)
    dialog.note.setPlainText("anything")
    dialog.refresh_preview()
    assert msg_text("The sheet could not be laid out: one of its texts (a note, the treatment areas or a name) "
                    "does not fit on a page. Shorten it and try again.") in dialog.error_label.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.document.pageCount() == 0  # the old sheet is not left on screen


def test_a_note_over_the_limit_is_refused_at_the_note(qtbot, main_window, db, staff):
    ts = _treatment_on(db, staff, datetime(2025, 6, 3, 9, 0, tzinfo=TORONTO))
    dialog = _preview(qtbot, main_window, ts.id)
    dialog.note.setPlainText("x" * 10_001)
    dialog.refresh_preview()
    from clinic_desktop.services.messages import number

    assert dialog.error_label.text() == ui_text("SheetPreviewDialog", "Personal adjustments: {message}").format(
        message=msg_text("The personal note is {length} characters long; keep it under {most} (about four "
                         "pages).").format(length=number(10_001), most=number(10_000)))
    assert number(10_000) in ("10,000", "10\u00a0000", "10\u202f000")  # the digits grouped as the language writes them
    assert not dialog.save_button.isEnabled()
