"""The administration windows in the window's language (issue #15): the audit trail's times written the way
the language writes a date and a time, and the clinic profile's name field showing the default name as the
rest of the window does ("Ma clinique"), without storing the translation unless the person means it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from sqlmodel import Session

from clinic_desktop.models import DEFAULT_CLINIC_NAME, AuditEntry, ClinicProfile
from clinic_desktop.services.clinic import get_clinic_profile
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common import i18n
from tests.language import LANGUAGE

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def window_language(qapp):
    """``speak("fr")`` installs a window language for the test; the run's language comes back after."""
    yield i18n.install
    i18n.install(LANGUAGE)


def _entry(at: datetime) -> AuditEntry:
    return AuditEntry(id=7, at=at, actor_name="Mona Manager", action="patient.update", entity="patient",
                      entity_id=3, details={})


@pytest.mark.parametrize(("language", "shown"), [("en", "07 May 2026 14:05:33"), ("fr", "07 mai 2026 14 h 05 min 33 s")])
def test_audit_trail_times_are_written_the_window_languages_way(window_language, language, shown):
    from clinic_desktop.ui.admin.audit_viewer import AuditTableModel

    window_language(language)
    model = AuditTableModel([_entry(datetime(2026, 5, 7, 18, 5, 33, tzinfo=UTC))], zone=TORONTO)
    assert model.index(0, AuditTableModel.COL_WHEN).data() == shown  # the clinic's time (UTC-4 in May)


def test_the_audit_trail_time_column_holds_a_french_time(qtbot, window_language, engine, admin):
    from clinic_desktop.ui.admin.audit_viewer import AuditTableModel, AuditViewerDialog

    window_language("fr")
    dialog = AuditViewerDialog(Workspace(engine), admin)
    qtbot.addWidget(dialog)
    dialog.show()
    model = AuditTableModel([_entry(datetime(2026, month, 28, 23, 58, 58, tzinfo=UTC)) for month in range(1, 13)],
                            zone=UTC)
    longest = max((model.index(row, AuditTableModel.COL_WHEN).data() for row in range(12)),
                  key=dialog.table.fontMetrics().horizontalAdvance)
    assert "h" in longest and "min" in longest, longest
    width = dialog.table.horizontalHeader().sectionSize(AuditTableModel.COL_WHEN)
    assert width > dialog.table.fontMetrics().horizontalAdvance(longest), (longest, width)


def _stored_name(engine) -> str:
    with Session(engine) as session:
        return get_clinic_profile(session).name


def _profile_dialog(qtbot, engine, manager):
    from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog

    dialog = ClinicProfileDialog(Workspace(engine, manager), lambda: manager)
    qtbot.addWidget(dialog)
    return dialog


def test_the_profile_shows_the_default_name_in_the_window_language_and_keeps_it_stored_as_is(
    qtbot, window_language, engine, db, manager
):
    assert get_clinic_profile(db).name == DEFAULT_CLINIC_NAME
    window_language("fr")
    dialog = _profile_dialog(qtbot, engine, manager)
    assert dialog.name.text() == "Ma clinique"
    dialog.phone.setText("+1 514 555 0134")  # saved with another change, the name untouched
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.saved is not None
    # still the default: each person keeps seeing it in their own language
    assert _stored_name(engine) == DEFAULT_CLINIC_NAME
    window_language("en")
    assert _profile_dialog(qtbot, engine, manager).name.text() == "My Clinic"


def test_a_name_typed_in_the_profile_is_stored_as_typed(qtbot, window_language, engine, db, manager):
    window_language("fr")
    dialog = _profile_dialog(qtbot, engine, manager)
    dialog.name.setText("Clinique Lumière")
    qtbot.mouseClick(dialog.save_button(), Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and _stored_name(engine) == "Clinique Lumière"
    assert _profile_dialog(qtbot, engine, manager).name.text() == "Clinique Lumière"


def test_the_profile_reloaded_after_a_conflict_still_shows_the_default_name_translated(
    qtbot, window_language, engine, db, manager, admin
):
    window_language("fr")
    mine = _profile_dialog(qtbot, engine, manager)
    theirs = _profile_dialog(qtbot, engine, admin)
    theirs.phone.setText("+1 416 555 0111")
    qtbot.mouseClick(theirs.save_button(), Qt.MouseButton.LeftButton)
    assert theirs.saved is not None
    mine.website.setText("https://lumiere.example")
    qtbot.mouseClick(mine.save_button(), Qt.MouseButton.LeftButton)
    assert mine.saved is None  # refused: someone else saved first
    mine.reload()
    assert mine.name.text() == "Ma clinique" and mine.phone.text() == "+1 416 555 0111"
    assert mine.website.text() == "https://lumiere.example"  # what this person typed stays
    qtbot.mouseClick(mine.save_button(), Qt.MouseButton.LeftButton)
    assert mine.saved is not None and _stored_name(engine) == DEFAULT_CLINIC_NAME
    with Session(engine) as session:
        assert session.get(ClinicProfile, mine.saved.id).website == "https://lumiere.example"


def test_a_finding_about_the_whole_protocol_file_is_one_line_without_an_empty_field(
    qtbot, engine, manager, monkeypatch
):
    """In the run's language (the suite runs once in each)."""
    from clinic_desktop.aftercare.protocol import Finding, ProtocolError, parse_protocol
    from clinic_desktop.services import protocols
    from clinic_desktop.ui.main_window import ProtocolApprovalDialog
    from tests.language import msg_text, ui_text

    with pytest.raises(ProtocolError) as caught:
        parse_protocol("id = 'broken'\n[[phases]\n", source="broken.fr.toml")
    finding = Finding("error", caught.value.file, caught.value.field, caught.value.message)
    assert finding.field == "" and finding.message == msg_text(
        "the file is not valid TOML at line {line}, column {column} ({detail})").format(
        line=2, column=9, detail=msg_text("Expected ']]' at the end of an array declaration"))
    monkeypatch.setattr(protocols, "protocol_findings", lambda directory=None: [finding])
    dialog = ProtocolApprovalDialog(Workspace(engine, manager), lambda: manager)
    qtbot.addWidget(dialog)
    assert dialog.checks.item(0).text() == ui_text("ProtocolApprovalDialog", "{level}: {file}: {message}").format(
        level=ui_text("ProtocolApprovalDialog", "Error"), file="broken.fr.toml", message=finding.message)
