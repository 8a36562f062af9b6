"""Grandfather-father-son retention with a floor; only an administrator changes it (issue #13, item 7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from clinic_desktop.db.backup import (
    RETENTION_FLOOR,
    Retention,
    backup_database,
    backup_time,
    list_backups,
    new_backup_name,
    rotate_backups,
)
from clinic_desktop.models import AuditEntry
from clinic_desktop.services import backups, clinic
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from tests.language import msg_text

START = datetime(2026, 1, 1, 8, 30, tzinfo=UTC)


def _touch_backup(folder, when, reason="daily"):
    path = new_backup_name(folder, reason, now=when)
    path.write_bytes(b"")
    return path


def _week(path):
    return backup_time(path).isocalendar()[:2]


def test_a_simulated_year_of_daily_backups_keeps_the_floor_and_every_recent_week(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    written = []
    for day in range(400):  # a year and five weeks
        written.append(_touch_backup(folder, START + timedelta(days=day)))
        rotate_backups(folder, Retention(1, 1, 1), zone=UTC)  # asks for less than the floor: floor applies
        present = set(list_backups(folder))
        # never: the newest backup of any of the last 8 weeks deleted
        weeks_seen = []
        for path in sorted(written, reverse=True):
            if _week(path) not in weeks_seen:
                weeks_seen.append(_week(path))
                if len(weeks_seen) <= RETENTION_FLOOR.weekly:
                    assert path in present, (day, path.name)
    kept = list_backups(folder)
    days = sorted({backup_time(p).date() for p in kept}, reverse=True)
    newest = backup_time(written[-1]).date()
    assert [d for d in days if (newest - d).days < 14] == [newest - timedelta(days=i) for i in range(14)]
    months = {(backup_time(p).year, backup_time(p).month) for p in kept}
    assert len(months) == 12  # Mar 2026 .. Feb 2027: the two oldest months dropped out
    assert (2026, 1) not in months and (2026, 2) not in months
    weeks = {_week(p) for p in kept}
    assert len(weeks) >= 8
    # 14 daily + the older weeks' and months' newest: far fewer than 365, never below the floor
    assert 14 + 6 <= len(kept) <= 14 + 8 + 12


def test_a_clinic_closed_for_two_months_keeps_its_history(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    before = [_touch_backup(folder, START + timedelta(days=d)) for d in range(20)]
    after_break = START + timedelta(days=80)
    _touch_backup(folder, after_break)
    rotate_backups(folder, RETENTION_FLOOR, zone=UTC)
    kept = list_backups(folder)
    assert len([p for p in kept if p in before]) >= 13  # the days before the break still count as days


def test_a_profile_may_keep_more_than_the_floor(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in range(60):
        _touch_backup(folder, START + timedelta(days=day))
    rotate_backups(folder, Retention(daily=40, weekly=8, monthly=12), zone=UTC)
    days = {backup_time(p).date() for p in list_backups(folder)}
    assert all(START.date() + timedelta(days=d) in days for d in range(20, 60))


@pytest.mark.sqlite_only
def test_before_migration_backups_are_rotated_and_count(tmp_path, engine, db_path):
    folder = db_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    old = [_touch_backup(folder, START + timedelta(days=d), "before-migration") for d in range(60)]
    made = backup_database(db_path, folder, reason="before-migration", now=START + timedelta(days=61))
    kept = list_backups(folder)
    assert made in kept
    assert len(kept) < len(old)  # rotation ran on the before-migration path
    assert old[-1] in kept


def test_only_an_administrator_changes_retention_and_never_below_the_floor(db, admin, manager, tmp_path):
    with pytest.raises(PermissionDenied):
        backups.set_backup_retention(db, actor=manager, daily=14, weekly=8, monthly=12)
    with pytest.raises(ValidationError) as err:
        backups.set_backup_retention(db, actor=admin, daily=1, weekly=0, monthly=12)
    assert set(err.value.errors) == {"retention_daily", "retention_weekly"}
    assert err.value.errors["retention_daily"] == msg_text(
        "Keep between {floor} and {most} daily backups (at least {floor}, so history is never lost).").format(
        floor=14, most=backups.RETENTION_MAX.daily)
    assert backups.retention(db) == RETENTION_FLOOR  # nothing saved
    backups.set_backup_retention(db, actor=admin, daily=30, weekly=10, monthly=24)
    assert backups.retention(db) == Retention(30, 10, 24)
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "backup.retention")).one()
    assert entry.details == {"before": [14, 8, 12], "after": [30, 10, 24]}


def test_the_clinic_profile_form_cannot_change_retention(db, manager):
    data = clinic.ClinicProfileUpdate(name="Smith & Jones Aesthetics")
    assert "backups_keep" not in clinic.ClinicProfileUpdate.model_fields
    clinic.update_clinic_profile(db, actor=manager, data=data)
    assert backups.retention(db) == RETENTION_FLOOR


@pytest.mark.sqlite_only
def test_migration_0005_keeps_a_larger_old_count_and_goes_down_and_up(tmp_path):
    import sqlite3

    from clinic_desktop.db import make_engine
    from clinic_desktop.db.migrate import downgrade_database, upgrade_database

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    try:
        upgrade_database(engine, target="0003", backup_before_migrating=False)
        con = sqlite3.connect(path)
        con.execute(
            "INSERT INTO clinic_profile (id, name, address, phone, emergency_phone, email, website, brand_colour, "
            "paper_size, default_language, timezone, idle_lock_minutes, backups_keep) "
            "VALUES (1, 'Old Clinic', '', '', '', '', '', '#2f6f8f', 'A4', 'en', 'UTC', 5, 30)"
        )
        con.commit()
        con.close()
        upgrade_database(engine, backup_before_migrating=False)
        con = sqlite3.connect(path)
        row = con.execute(
            "SELECT clinic_id, retention_daily, retention_weekly, retention_monthly FROM clinic_profile"
        ).fetchone()
        con.close()
        assert len(row[0]) == 36 and row[1:] == (30, 8, 12)
        downgrade_database(engine, "0003")
        con = sqlite3.connect(path)
        assert con.execute("SELECT backups_keep FROM clinic_profile").fetchone() == (30,)
        con.close()
        upgrade_database(engine, backup_before_migrating=False)
    finally:
        engine.dispose()
