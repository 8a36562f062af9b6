"""A French patient page (issue #15): the header names the sheets' language in French, the history writes
times the Canadian way and names the sheet's language in French."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from clinic_desktop.services import checkout
from clinic_desktop.ui.common import i18n
from tests.ui.conftest import add_patient, add_treatment_session


def test_french_patient_page_names_languages_and_times_in_french(qtbot, main_window, db, staff, tmp_path):
    doc = staff["practitioner"]
    patient = add_patient(db, doc, "Zoé", "Roy", phone="+1 416 555 0102")
    ts = add_treatment_session(db, doc, patient, datetime(2025, 11, 3, 10, 5, tzinfo=ZoneInfo("America/Toronto")))
    checkout.save_sheet(db, actor=doc, treatment_session_id=ts.id, path=tmp_path / "first.pdf")
    i18n.install("fr")
    try:
        page = main_window.show_page("Patients")
        page.select_patient(patient.id)
        assert "fiches en anglais" in page.header.text(), page.header.text()
        rows = [[page.timeline.topLevelItem(i).text(c) for c in range(4)]
                for i in range(page.timeline.topLevelItemCount())]
        text = " | ".join(" ".join(r) for r in rows)
        assert "10 h 05" in text and not re.search(r"\d:\d\d", text), text
        assert "anglais" in text and ", en" not in text.replace(", en retard", ""), text
    finally:
        i18n.install("en")
