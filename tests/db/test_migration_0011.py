"""Migration 0011 (receptionists may lengthen waits) down and up on a populated database."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlmodel import Session

from clinic_desktop.db.migrate import downgrade_database, upgrade_database
from clinic_desktop.models import ClinicProfile, StaffMember
from clinic_desktop.services.clinic import get_clinic_profile
from tests.migration_helpers import revision_before


def test_0011_down_and_up_keeps_the_profile_and_defaults_to_practitioners_only(engine):
    with Session(engine, expire_on_commit=False) as s:
        profile = get_clinic_profile(s)
        profile.name, profile.email = "Clinique Lumière", "desk@clinique.example"
        profile.receptionists_may_lengthen_waits = True
        s.add(profile)
        s.add(StaffMember(full_name="Rita", username="rita", role="receptionist"))
        s.commit()
    downgrade_database(engine, revision_before("0011"))
    assert "receptionists_may_lengthen_waits" not in {
        c["name"] for c in inspect(engine).get_columns("clinic_profile")
    }
    upgrade_database(engine)
    with Session(engine) as s:
        row = s.get(ClinicProfile, 1)
        assert (row.name, row.email) == ("Clinique Lumière", "desk@clinique.example")
        assert row.receptionists_may_lengthen_waits is False  # back to the safe default
        assert s.get(StaffMember, 1).username == "rita"
