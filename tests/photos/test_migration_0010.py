"""Migration 0010 (clinical photos) down and up on a database holding photos (case C9)."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlmodel import Session, select

from clinic_desktop.db.migrate import current_revision, downgrade_database, head_revision, upgrade_database
from clinic_desktop.models import Patient, PhotoImage
from clinic_desktop.services import photos
from clinic_desktop.services.photos import PhotoTarget
from tests.migration_helpers import revision_before
from tests.photos import images


def test_0010_down_and_up_on_a_populated_database(engine, db, practitioner, case):
    p, ts, _ = case
    photos.import_photo(
        db,
        actor=practitioner,
        data=images.png(),
        filename="a.png",
        consent_just_recorded=True,
        target=PhotoTarget(patient_id=p.id, kind="before", treatment_session_id=ts.id),
    )
    db.close()
    downgrade_database(engine, revision_before("0010"))
    names = inspect(engine).get_table_names()
    assert not {"photo", "photo_image", "photo_consent"} & set(names)
    with Session(engine) as s:  # everything else is still there
        assert s.get(Patient, p.id).given_names == "Zoë"
    upgrade_database(engine)
    assert current_revision(engine) == head_revision()
    with Session(engine) as s:
        assert s.exec(select(PhotoImage)).all() == []
        photos.import_photo(
            s,
            actor=practitioner,
            data=images.png(),
            filename="b.png",
            consent_just_recorded=True,
            target=PhotoTarget(patient_id=p.id, kind="before", treatment_session_id=ts.id),
        )
        assert len(s.exec(select(PhotoImage)).all()) == 1
