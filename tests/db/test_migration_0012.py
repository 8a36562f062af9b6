"""Migration 0012 (a staff member's window language) down and up on a populated database."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlmodel import Session, select

from clinic_desktop.db.migrate import downgrade_database, upgrade_database
from clinic_desktop.models import StaffMember
from clinic_desktop.services import preferences
from tests.migration_helpers import revision_before


def test_0012_down_and_up_keeps_the_staff(engine):
    with Session(engine, expire_on_commit=False) as s:
        people = [StaffMember(full_name=f"P{i}", username=f"p{i}", role="admin") for i in range(3)]
        s.add_all(people)
        s.commit()
        preferences.set_language(s, actor=people[0], staff_id=people[0].id, language="fr")
    downgrade_database(engine, revision_before("0012"))
    assert "ui_language" not in {c["name"] for c in inspect(engine).get_columns("staff_member")}
    upgrade_database(engine)
    with Session(engine) as s:
        rows = s.exec(select(StaffMember).order_by(StaffMember.id)).all()
        assert [(r.username, r.ui_language) for r in rows] == [("p0", None), ("p1", None), ("p2", None)]
        preferences.set_language(s, actor=rows[0], staff_id=rows[1].id, language="fr")
        assert s.get(StaffMember, rows[1].id).ui_language == "fr"
