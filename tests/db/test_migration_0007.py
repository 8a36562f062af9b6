"""Revision 0007 (clinic profile: emergency line hours, country, emergency services number): down and up
on a populated database, data kept (case C9). Written with SQLAlchemy constructs, so it runs on any engine
the ``engine`` fixture gives."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlmodel import Session

from clinic_desktop.db.migrate import downgrade_database, upgrade_database
from clinic_desktop.models import ClinicProfile, utcnow
from tests.migration_helpers import revision_before


def test_0007_down_and_up_on_a_populated_database(engine):
    with Session(engine) as s:
        s.add(ClinicProfile(id=1, name="Clinique Lumière", emergency_phone="+1 514 555 0199", country="FR",
                            emergency_hours="lun.–ven. 9 h – 18 h", emergency_services="15", updated_at=utcnow()))
        s.commit()
    downgrade_database(engine, revision_before("0007"))
    columns = {c["name"] for c in inspect(engine).get_columns("clinic_profile")}
    assert not {"country", "emergency_hours", "emergency_services"} & columns
    upgrade_database(engine, backup_before_migrating=False)
    with Session(engine) as s:
        profile = s.get(ClinicProfile, 1)
        assert profile.name == "Clinique Lumière" and profile.emergency_phone == "+1 514 555 0199"
        assert (profile.country, profile.emergency_hours, profile.emergency_services) == ("CA", "", "")
