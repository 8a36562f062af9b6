"""The administration windows in the window's language (issue #15): the audit trail's times written the way
the language writes a date and a time, and the clinic profile's name field showing the default name as the
rest of the window does ("Ma clinique"), without storing the translation unless the person means it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from clinic_desktop.models import AuditEntry
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
