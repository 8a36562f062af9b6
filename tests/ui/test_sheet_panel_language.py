"""The sheet preview panel speaks the sheet's language and follows the Language box (issue #15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from clinic_desktop.ui.checkout.sheet_preview import SheetPreviewDialog
from tests.ui.conftest import add_patient, add_treatment_session


def test_panel_texts_switch_with_the_sheet_language(qtbot, main_window, db, staff, tmp_path):
    patient = add_patient(db, staff["practitioner"], "Zoé", "Roy", preferred_language="fr")
    ts = add_treatment_session(db, staff["practitioner"], patient, datetime.now(UTC) - timedelta(hours=2))
    dialog = SheetPreviewDialog(main_window.engine, main_window.current_staff, ts.id, main_window)
    qtbot.addWidget(dialog)
    assert dialog.sheet_language() == "fr"
    assert dialog.restrictions_box.title() == "Délais d’attente pour ce patient"
    assert dialog.language_label.text() == "&Langue"
    assert dialog.large_print.text() == "Gros caractères" and dialog.note_label.text() == "&Note personnelle"
    french_rules = [label.text() for label in dialog._rule_labels.values()]
    assert french_rules and all(text.strip() for text in french_rules)
    assert dialog.restriction_hours and all(s.toolTip().startswith("Protocole\u00a0:")
                                            for s in dialog.restriction_hours.values())
    assert dialog.grab().save(str(tmp_path / "sheet-preview-fr.png"))  # renders in French without error

    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.restrictions_box.title() == "Waiting times for this patient"
    assert dialog.language_label.text() == "&Language"
    assert dialog.large_print.text() == "Large print" and dialog.note_label.text() == "Personal &note"
    english_rules = [label.text() for label in dialog._rule_labels.values()]
    assert english_rules != french_rules and len(english_rules) == len(french_rules)
    assert all(s.toolTip().startswith("Protocol:") for s in dialog.restriction_hours.values())
    key, spin = next(iter(dialog.restriction_hours.items()))
    spin.setValue(spin.value() + 24)  # the sentence follows the hours, in the sheet's language
    assert dialog._rule_labels[key].text() == dialog._rules[key].render(spin.value())


def test_the_waits_are_written_in_the_sheets_language_whatever_the_window_speaks(qtbot, main_window, db, staff):
    """The waits' boxes read "12 hours" beside an English sentence and "12 heures" beside a French one, in a
    French window and in an English one alike (they once showed the window's units beside the sheet's words);
    a wait typed another way stays as typed when the language changes."""
    patient = add_patient(db, staff["practitioner"], "Ann", "Lee", preferred_language="en")
    ts = add_treatment_session(db, staff["practitioner"], patient, datetime.now(UTC) - timedelta(hours=2))
    dialog = SheetPreviewDialog(main_window.engine, main_window.current_staff, ts.id, main_window)
    qtbot.addWidget(dialog)
    shown = {key: spin.text() for key, spin in dialog.restriction_hours.items()}
    assert shown and all(("hour" in text or "day" in text) and "heure" not in text and "jour" not in text
                         for text in shown.values()), shown
    typed_key, typed = next(iter(dialog.restriction_hours.items()))
    typed.setText("2 days 1 h")
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    french = {key: spin.text() for key, spin in dialog.restriction_hours.items() if key != typed_key}
    assert french and all(("heure" in text or "jour" in text) and "hour" not in text and "day" not in text
                          for text in french.values()), french
    assert typed.text() == "2 days 1 h" and typed.value() == 49
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert {key: spin.text() for key, spin in dialog.restriction_hours.items() if key != typed_key} == {
        key: text for key, text in shown.items() if key != typed_key}
