"""Fixtures for photo tests: a Toronto clinic, a patient with a treatment session and a complication."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from clinic_desktop.models import ComplicationKind
from clinic_desktop.services.complications import ComplicationCreate, record_complication
from tests.services.helpers import TORONTO, patient, toronto_clinic, treatment


@pytest.fixture
def case(db, admin, practitioner):
    """(patient, treatment session, complication) with the clinic in Toronto."""
    toronto_clinic(db)
    p = patient(db, admin)
    ts = treatment(db, admin, p.id, practitioner.id, datetime(2026, 11, 20, 10, 0, tzinfo=TORONTO))
    comp = record_complication(
        db,
        actor=practitioner,
        data=ComplicationCreate(
            treatment_session_id=ts.id,
            kind=ComplicationKind.bruising,
            site="left cheek",
            onset_date=date(2026, 11, 21),
            severity_grade=2,
        ),
    )
    return p, ts, comp
