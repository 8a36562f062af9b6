"""Restore never wipes the live data: a file that only looks like a Clinic Desktop backup is refused."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlmodel import Session, select

from clinic_desktop.models import Patient
from clinic_desktop.services import auth, backups
from clinic_desktop.services.errors import ValidationError
from tests.language import msg_like, msg_plural

pytestmark = pytest.mark.sqlite_only

PASSWORD = "a long secret phrase"


@pytest.fixture
def ada(db):
    return auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)


def _add_patients(db, *names):
    for name in names:
        db.add(Patient(given_names=name, family_name="Test", date_of_birth=date(1990, 1, 1)))
    db.commit()


def _names(engine):
    with Session(engine) as s:
        return sorted(p.given_names for p in s.exec(select(Patient)))


def _plausible_fake(path, revision):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    con.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    con.execute("CREATE TABLE filler (x)")  # over one page, so it passes the 'is a database' check
    con.executemany("INSERT INTO filler VALUES (?)", [("x" * 200,)] * 50)
    con.commit()
    con.close()


def test_a_file_with_only_a_plausible_revision_row_is_refused_and_the_data_kept(
    engine, db, db_path, ada, tmp_path
):
    from clinic_desktop.db.migrate import head_revision

    _add_patients(db, "Zoë", "Kept")
    db.close()
    fake = tmp_path / "fake.sqlite3"
    _plausible_fake(fake, head_revision())
    with pytest.raises(ValidationError, match=msg_like(
            "{name} is not a complete Clinic Desktop backup: its core tables are missing ({tables}). Nothing was "
            "changed.", name=fake.name)) as err:
        backups.restore_backup(engine, actor=ada, backup_path=fake)
    assert list(err.value.errors) == ["backup_path"]
    assert _names(engine) == ["Kept", "Zoë"]
    # and the clinic keeps working: a real backup still restores afterwards
    with Session(engine, expire_on_commit=False) as s:
        good = backups.backup_now(s, actor=ada)
    _add_patients(Session(engine), "Later")
    backups.restore_backup(engine, actor=ada, backup_path=good)
    assert _names(engine) == ["Kept", "Zoë"]


def _backup_of(engine, ada):
    with Session(engine, expire_on_commit=False) as s:
        return backups.backup_now(s, actor=ada)


def _edit(path, *statements):
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def test_a_backup_with_a_broken_audit_trail_or_dangling_records_is_refused(engine, db, ada, tmp_path):
    _add_patients(db, "Zoë")
    db.close()
    good = _backup_of(engine, ada)
    rewritten = tmp_path / "rewritten.sqlite3"
    rewritten.write_bytes(good.read_bytes())
    _edit(rewritten, "UPDATE audit_entry SET actor_name = 'Someone Else' WHERE id = 1")
    dangling = tmp_path / "dangling.sqlite3"
    dangling.write_bytes(good.read_bytes())
    _edit(
        dangling, "PRAGMA foreign_keys=OFF", "DELETE FROM staff_member"
    )  # the audit entries still name them
    _add_patients(Session(engine), "Later")
    broken = msg_like("{name} has a broken audit trail ({problem}), so it may have been tampered with; it is not "
                      "restored. Nothing was changed.", name=rewritten.name)
    links = msg_plural("{n} record points at a record that does not exist ({shown})",
                       "{n} records point at records that do not exist ({shown})", 1)  # one entry's author
    dangles = msg_like("{name} is damaged and cannot be restored: {problem}.", name=dangling.name,
                       problem=links.format(n="\0", shown="\0"))  # "\0": a value left open
    for bad, message in [(rewritten, broken), (dangling, dangles)]:
        with pytest.raises(ValidationError, match=message):
            backups.restore_backup(engine, actor=ada, backup_path=bad)
        assert _names(engine) == ["Later", "Zoë"]
    assert not list(engine_dir(engine).glob("*.restore-staging*"))


def engine_dir(engine):
    from clinic_desktop.db.engine import sqlite_path

    return sqlite_path(engine).parent


def test_a_backup_of_another_clinic_needs_confirmation(engine, db, ada, tmp_path):
    from clinic_desktop.services.clinic import get_clinic_profile

    get_clinic_profile(db)
    _add_patients(db, "Ours")
    db.close()
    theirs = _backup_of(engine, ada)
    _edit(
        theirs,
        "UPDATE clinic_profile SET clinic_id = '00000000-0000-4000-8000-000000000001', "
        "name = 'Other Aesthetics'",
    )
    _add_patients(Session(engine), "Later")
    with pytest.raises(backups.OtherClinicBackup, match="Other Aesthetics") as err:
        backups.restore_backup(engine, actor=ada, backup_path=theirs)
    assert err.value.backup_clinic == "Other Aesthetics"
    assert _names(engine) == ["Later", "Ours"]
    result = backups.restore_backup(engine, actor=ada, backup_path=theirs, confirm_other_clinic=True)
    assert result.other_clinic and _names(engine) == ["Ours"]
    with Session(engine) as s:
        from clinic_desktop.models import ClinicProfile

        assert s.exec(select(ClinicProfile)).one().clinic_id == "00000000-0000-4000-8000-000000000001"


def test_the_clinic_id_is_generated_once_and_kept_by_backups(engine, db, ada):
    from clinic_desktop.models import ClinicProfile
    from clinic_desktop.services.clinic import get_clinic_profile

    first = get_clinic_profile(db).clinic_id
    assert first and len(first) == 36
    db.close()
    saved = _backup_of(engine, ada)
    backups.restore_backup(engine, actor=ada, backup_path=saved)  # same clinic: no question asked
    with Session(engine) as s:
        assert s.exec(select(ClinicProfile)).one().clinic_id == first


def test_a_failure_after_the_swap_puts_the_original_back(engine, db, db_path, ada, monkeypatch):
    _add_patients(db, "Original")
    db.close()
    saved = _backup_of(engine, ada)
    _add_patients(Session(engine), "Added later")

    def fail(*_a, **_k):
        raise OSError("simulated failure after the swap")

    monkeypatch.setattr(backups, "_check_swapped", fail)  # the step that runs after os.replace
    with pytest.raises(backups.ClinicError, match=msg_like(
            "The restore failed after the files were swapped ({cause}), so the original data was put back (it is "
            "also kept in {name}). Nothing was lost.")):
        backups.restore_backup(engine, actor=ada, backup_path=saved)
    assert _names(engine) == ["Added later", "Original"]
    from clinic_desktop.db.backup import integrity_ok

    assert integrity_ok(db_path) == (True, "ok")


def test_a_backup_with_another_page_size_restores(engine, db, ada, tmp_path):
    _add_patients(db, "Zoë")
    db.close()
    saved = _backup_of(engine, ada)
    big_pages = tmp_path / "big-pages.sqlite3"
    con = sqlite3.connect(saved)
    con.execute(f"VACUUM INTO '{big_pages}'")
    con.close()
    con = sqlite3.connect(big_pages)
    con.execute("PRAGMA page_size=65536")
    con.execute("VACUUM")
    assert con.execute("PRAGMA page_size").fetchone()[0] == 65536
    con.close()
    _add_patients(Session(engine), "Later")
    backups.restore_backup(engine, actor=ada, backup_path=big_pages)
    assert _names(engine) == ["Zoë"]


def test_every_completed_restore_is_audited_in_the_restored_data_and_chains(engine, db, ada):
    from clinic_desktop.models import AuditEntry
    from clinic_desktop.services import audit

    db.close()
    saved = _backup_of(engine, ada)
    for _ in range(2):
        backups.restore_backup(engine, actor=ada, backup_path=saved)
    with Session(engine) as s:
        assert audit.verify_chain(s).ok
        restores = s.exec(select(AuditEntry).where(AuditEntry.action == "backup.restore")).all()
        assert len(restores) == 1  # the second restore brought back the state before the first one
        assert restores[0].actor_id == ada.id and restores[0].details["from"] == saved.name


def test_any_input_is_refused_with_the_projects_own_errors_and_nothing_changes(engine, db, ada, tmp_path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from clinic_desktop.services.errors import ClinicError

    _add_patients(db, "Kept")
    junk = tmp_path / "junk.sqlite3"

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(name=st.text(max_size=40), content=st.binary(max_size=2048))
    def restore_anything(name, content):
        junk.write_bytes(content)
        for candidate in (junk, tmp_path / name):
            try:
                backups.restore_backup(engine, actor=ada, backup_path=candidate)
            except ClinicError:
                pass
        assert _names(engine) == ["Kept"]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(min_value=-(2**70), max_value=2**70), st.integers(), st.integers())
    def retention_anything(daily, weekly, monthly):
        with Session(engine, expire_on_commit=False) as s:
            try:
                backups.set_backup_retention(s, actor=ada, daily=daily, weekly=weekly, monthly=monthly)
            except ClinicError:
                assert backups.retention(s) == backups.RETENTION_FLOOR  # nothing saved by a refusal
            else:
                backups.set_backup_retention(s, actor=ada, daily=14, weekly=8, monthly=12)

    restore_anything()
    retention_anything()
