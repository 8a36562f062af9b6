"""Photos travel with the database: a backup holds them, a restore brings them back intact."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from clinic_desktop.models import Photo, PhotoImage
from clinic_desktop.services import photos
from clinic_desktop.services.backups import backup_now, restore_backup
from clinic_desktop.services.photos import PhotoTarget
from tests.language import msg_plural, msg_text
from tests.photos import images


@pytest.mark.sqlite_only  # backups of the SQLite file (PostgreSQL is backed up with pg_dump, bytea included)
def test_backup_and_restore_keep_photos_byte_for_byte(engine, db, admin, practitioner, case):
    p, ts, _ = case
    target = PhotoTarget(patient_id=p.id, kind="before", treatment_session_id=ts.id)
    kept = photos.import_photo(
        db,
        actor=practitioner,
        data=images.jpeg_with_exif(),
        filename="kept.jpg",
        target=target,
        consent_just_recorded=True,
    )
    stored = db.get(PhotoImage, kept.id).content
    backup = backup_now(db, actor=admin)
    photos.import_photo(db, actor=practitioner, data=images.png(), filename="later.png", target=target)
    db.close()
    restore_backup(engine, actor=admin, backup_path=backup)
    with Session(engine) as s:
        assert [ph.original_filename for ph in s.exec(select(Photo))] == ["kept.jpg"]
        assert s.get(PhotoImage, kept.id).content == stored
        assert photos.verify_photos(s).ok


def _target(engine, db_path) -> str:
    """What --db names: the SQLite file, or the PostgreSQL URL the suite runs on."""
    if engine.dialect.name == "sqlite":
        return str(db_path)
    return engine.url.render_as_string(hide_password=False)


def test_photos_verify_command(engine, db, db_path, practitioner, case, monkeypatch, capsys):
    from clinic_desktop.cli import main

    p, ts, _ = case
    photo = photos.import_photo(
        db,
        actor=practitioner,
        data=images.png(),
        filename="a.png",
        consent_just_recorded=True,
        target=PhotoTarget(patient_id=p.id, kind="before", treatment_session_id=ts.id),
    )
    assert main(["--db", _target(engine, db_path), "photos", "verify"]) == 0
    assert msg_plural("photos intact ({n} checked)", "photos intact ({n} checked)", 1).format(n=1) in (
        capsys.readouterr().out)
    row = db.get(PhotoImage, photo.id)
    row.content = row.content + b"x"
    db.add(row)
    db.commit()
    assert main(["--db", _target(engine, db_path), "photos", "verify", "--patient", str(p.id)]) == 1
    assert msg_text("photo {ids} changed since import").format(ids=photo.id) in capsys.readouterr().out
