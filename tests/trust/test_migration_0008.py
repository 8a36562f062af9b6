"""Migration 0008 (demo flag, keyed audit scheme, record hashes) down and up on a populated database."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import inspect
from sqlmodel import Session, col, select

from clinic_desktop.db.migrate import current_revision, downgrade_database, head_revision, upgrade_database
from clinic_desktop.models import AuditEntry, ClinicProfile, ComplicationKind, Patient
from clinic_desktop.services import audit
from clinic_desktop.services.complications import ComplicationCreate, record_complication
from tests.migration_helpers import revision_before
from tests.services.helpers import TORONTO, patient, toronto_clinic, treatment


def _columns(engine, name: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(name)}


def test_0008_down_and_up_on_a_populated_database(engine, db, admin, practitioner):
    toronto_clinic(db)
    p = patient(db, admin)
    ts = treatment(db, admin, p.id, practitioner.id, datetime(2026, 11, 20, 10, 0, tzinfo=TORONTO))
    record_complication(db, actor=practitioner, data=ComplicationCreate(
        treatment_session_id=ts.id, kind=ComplicationKind.bruising, site="left cheek",
        onset_date=date(2026, 11, 21), severity_grade=2))
    keyed = db.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert keyed is not None and keyed.scheme == audit.KEYED_SCHEME and keyed.record_hash
    entries = len(db.exec(select(AuditEntry)).all())
    db.close()

    downgrade_database(engine, revision_before("0008"))
    assert "is_demo" not in _columns(engine, "clinic_profile")
    assert not {"scheme", "record_hash"} & _columns(engine, "audit_entry")
    assert "audit_entry_keyed_0008" in inspect(engine).get_table_names()
    engine.dispose()

    upgrade_database(engine)
    assert current_revision(engine) == head_revision()
    with Session(engine) as s:  # everything else is still there; the flag and the columns come back empty
        assert s.get(Patient, p.id).given_names == "Zoë"
        assert len(s.exec(select(AuditEntry)).all()) == entries
        assert s.exec(select(ClinicProfile)).first().is_demo is False
        assert s.get(AuditEntry, keyed.id).scheme == audit.KEYED_SCHEME  # kept aside while down
        assert s.get(AuditEntry, keyed.id).record_hash == keyed.record_hash
        assert audit.verify_chain(s).ok
        assert "audit_entry_keyed_0008" not in inspect(engine).get_table_names()
