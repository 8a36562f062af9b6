"""Migration 0009 (corrections) down and up on a populated database: rows, history and indexes survive."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import inspect
from sqlmodel import Session, select

from clinic_desktop.db.migrate import downgrade_database, upgrade_database
from clinic_desktop.models import Patient, RecordRevision, StaffMember, TreatmentSession
from clinic_desktop.services import corrections
from tests.migration_helpers import revision_before


def test_0009_down_and_up_keeps_the_treatment_sessions(engine):
    with Session(engine, expire_on_commit=False) as s:
        staff = StaffMember(full_name="P", username="p", role="practitioner")
        patient = Patient(given_names="Zoë", family_name="O'Brien", date_of_birth=date(1990, 1, 1))
        s.add_all([staff, patient])
        s.commit()
        for hour in (9, 10, 11):
            s.add(
                TreatmentSession(
                    patient_id=patient.id,
                    practitioner_id=staff.id,
                    treatment="facial-mesotherapy",
                    performed_at=datetime(2026, 11, 29, hour, tzinfo=UTC),
                )
            )
        s.commit()
        first = s.exec(select(TreatmentSession).order_by(TreatmentSession.id)).first()
        corrections.mark_treatment_session_entered_in_error(
            s, actor=staff, treatment_session_id=first.id, reason="twice"
        )
    indexes_before = {i["name"] for i in inspect(engine).get_indexes("treatment_session")}
    downgrade_database(engine, revision_before("0009"))
    inspector = inspect(engine)
    assert "record_revision" not in inspector.get_table_names()
    assert "entered_in_error" not in {c["name"] for c in inspector.get_columns("treatment_session")}
    upgrade_database(engine)
    inspector = inspect(engine)
    assert {i["name"] for i in inspector.get_indexes("treatment_session")} == indexes_before
    with Session(engine) as s:
        rows = s.exec(select(TreatmentSession).order_by(TreatmentSession.id)).all()
        assert [(r.performed_at.hour, r.entered_in_error, r.archived) for r in rows] == [
            (9, False, True),
            (10, False, False),
            (11, False, False),
        ]  # the flag goes with its column
        assert s.exec(select(RecordRevision)).all() == []
