"""Restore rescues a database that will not migrate or open; killed restores leave nothing behind;
disk-full and read-only failures say so in plain words and leave the original as it was."""

from __future__ import annotations

import io
import logging
import os
import re
import sqlite3
import stat
import subprocess
import sys
from datetime import date

import pytest
from sqlmodel import Session, select

from clinic_desktop.cli import main
from clinic_desktop.db import make_engine
from clinic_desktop.db.backup import integrity_ok, list_backups
from clinic_desktop.models import Patient
from clinic_desktop.services import auth, backups
from clinic_desktop.services.errors import ClinicError
from tests.language import msg_like, msg_plural, msg_text

pytestmark = pytest.mark.sqlite_only

PASSWORD = "correct horse battery"
DISK_FULL = msg_text("the disk is full (free some space and try again)")
#: the audit check's "intact" line (`audit verify`), its plural form
INTACT = msg_like(msg_plural("audit trail intact ({count} entry: {detail})", "audit trail intact ({count} entries: {detail})",
                             2))


@pytest.fixture
def run(monkeypatch, capsys, tmp_path):
    def _run(db, *args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--db", str(db), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def _clinic_with_a_backup(engine, db):
    ada = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
    db.add(Patient(given_names="Kept", family_name="Test", date_of_birth=date(1990, 1, 1)))
    db.commit()
    saved = backups.backup_now(db, actor=ada)
    db.close()
    engine.dispose()
    return ada, saved


def _names(db_path):
    engine = make_engine(db_path)
    try:
        with Session(engine) as s:
            return sorted(p.given_names for p in s.exec(select(Patient)))
    finally:
        engine.dispose()


def test_cli_restore_works_on_a_file_stuck_at_a_half_applied_migration(engine, db, db_path, run):
    _, saved = _clinic_with_a_backup(engine, db)
    con = sqlite3.connect(db_path)  # revision says 0001, but 0002's search table is already there
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    started = subprocess.run(
        [sys.executable, "-m", "clinic_desktop", "--db", str(db_path), "backup", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode != 0, started.stdout  # the file will not migrate (every start is refused) ...
    code, out, err = run(
        db_path, "restore", str(saved), "--user", "ada", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 0, err  # ... but restore brings it back, without migrating it first
    assert "before-restore" in out
    assert _names(db_path) == ["Kept"]
    code, out, _ = run(db_path, "audit", "verify")
    assert code == 0 and INTACT.search(out), out


def test_cli_restore_works_when_the_current_file_is_not_a_database_at_all(engine, db, db_path, run):
    _, saved = _clinic_with_a_backup(engine, db)
    for side in ("-wal", "-shm"):
        (db_path.parent / (db_path.name + side)).unlink(missing_ok=True)
    db_path.write_bytes(b"\x00garbage" * 1000)
    code, _, err = run(
        db_path, "restore", str(saved), "--user", "ada", "--password-stdin", stdin="wrong one\n"
    )
    assert (
        code == 1 and msg_text("The user name or password is not right.") in err
    )  # checked against the backup's staff, since the file is unreadable
    code, out, err = run(
        db_path, "restore", str(saved), "--user", "ada", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 0, err
    assert _names(db_path) == ["Kept"]
    raw = [p for p in list_backups(saved.parent) if "before-restore-raw" in p.name]
    assert raw and raw[0].read_bytes() == b"\x00garbage" * 1000  # even garbage is kept before replacing


def test_leftovers_of_a_killed_restore_are_removed_at_the_next_start(engine, db, db_path, run, caplog):
    _, saved = _clinic_with_a_backup(engine, db)
    staging = db_path.with_name(db_path.name + ".restore-staging")
    staging.write_bytes(saved.read_bytes())
    staging_wal = db_path.with_name(db_path.name + ".restore-staging-wal")
    staging_wal.write_bytes(b"x")
    partial = saved.with_name(saved.name.replace(".sqlite3", "-2.sqlite3") + ".partial")
    partial.write_bytes(b"half")
    with caplog.at_level(logging.WARNING):
        code, out, _ = run(db_path, "backup", "list")
    assert code == 0
    assert not staging.exists() and not staging_wal.exists() and not partial.exists()
    assert "interrupted" in caplog.text and "restore-staging" in caplog.text
    assert str(partial) not in out


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_staging_and_safety_copies_are_owner_only(engine, db, db_path, monkeypatch):
    ada, saved = _clinic_with_a_backup(engine, db)
    seen = {}
    original = backups._swap

    def spy(staged, live, lock):
        seen["staging"] = stat.S_IMODE(staged.stat().st_mode)
        return original(staged, live, lock)

    monkeypatch.setattr(backups, "_swap", spy)
    result = backups.restore_backup(db_path, actor=ada, backup_path=saved)
    assert seen["staging"] == 0o600
    assert stat.S_IMODE(result.safety_backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


# ------------------------------------------------------------------ real small and read-only file systems


@pytest.fixture
def small_mount(tmp_path):
    """A tmpfs of the asked size (KiB) mounted in tmp_path; skipped where mounting is not allowed."""
    mounted = []

    def _mount(size_kib: int):
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(point)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip("cannot mount a small file system here (needs root)")
        mounted.append(point)
        return point

    yield _mount
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


def _clinic_on(folder, tmp_path):
    from clinic_desktop.db import open_database

    live = folder / "clinic.sqlite3"
    engine = open_database(live)
    with Session(engine, expire_on_commit=False) as db:
        ada, saved = _clinic_with_a_backup(engine, db)
    outside = tmp_path / "chosen.sqlite3"
    outside.write_bytes(saved.read_bytes())
    for path in list_backups(saved.parent):
        path.unlink()
    return live, ada, outside


def test_a_restore_onto_a_full_disk_says_so_and_keeps_the_original(small_mount, tmp_path):
    built = tmp_path / "built"
    built.mkdir()
    source, ada, chosen = _clinic_on(built, tmp_path)
    folder = small_mount(source.stat().st_size // 1024 + 96)  # room for the database, not for a second copy
    live = folder / "clinic.sqlite3"
    live.write_bytes(source.read_bytes())
    live.chmod(0o600)
    before = live.read_bytes()
    with pytest.raises(ClinicError, match=re.escape(DISK_FULL)) as err:
        backups.restore_backup(live, actor=ada, backup_path=chosen)
    assert msg_like("The restore could not write in {folder}: {error}. The current data was not changed.",
                    error=DISK_FULL).search(str(err.value))
    assert live.read_bytes() == before and integrity_ok(live) == (True, "ok")
    assert not list(folder.glob("*.restore-staging*"))


def test_a_restore_onto_a_read_only_folder_says_so_and_keeps_the_original(small_mount, tmp_path):
    folder = small_mount(4096)
    live, ada, chosen = _clinic_on(folder, tmp_path)
    before = live.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    read_only = [msg_like("The database file {path} is read-only, so it cannot be replaced. Make it writable and try "
                          "again. Nothing was changed."),
                 msg_like("The folder {folder} is read-only, so the restore cannot write there. Nothing was changed."),
                 msg_like("the file or its folder is read-only (it must be writable)")]
    with pytest.raises(ClinicError, match="|".join(f"(?:{p.pattern})" for p in read_only)):
        backups.restore_backup(live, actor=ada, backup_path=chosen)
    assert live.read_bytes() == before


def test_cli_asks_for_other_clinic_confirmation_with_a_flag(engine, db, db_path, run):
    from clinic_desktop.services.clinic import get_clinic_profile

    get_clinic_profile(db)
    _, saved = _clinic_with_a_backup(engine, db)
    con = sqlite3.connect(saved)
    con.execute(
        "UPDATE clinic_profile SET clinic_id = '00000000-0000-4000-8000-0000000000aa', name = 'Elsewhere'"
    )
    con.commit()
    con.close()
    args = ("restore", str(saved), "--user", "ada", "--password-stdin")
    code, _, err = run(db_path, *args, stdin=PASSWORD + "\n")
    assert code == 1 and msg_like("{problem} (add --other-clinic to confirm)").search(err)
    assert msg_like("This backup belongs to another clinic (“{backup_clinic}”), not to “{current_clinic}”. Restoring it "
                    "replaces this clinic's records with that clinic's; confirm to go on. Nothing was changed.",
                    backup_clinic="Elsewhere").search(err)
    code, out, err = run(db_path, *args, "--other-clinic", stdin=PASSWORD + "\n")
    assert code == 0, err
    assert msg_text("the restored data belongs to another clinic (confirmed)") in out


@pytest.mark.parametrize("step", ["staged", "safety-partial", "safety", "swapped"])
def test_a_restore_killed_at_any_step_leaves_old_or_new_data_whole_and_nothing_behind(
    engine, db, db_path, run, step, caplog
):
    from pathlib import Path

    from clinic_desktop.models import AuditEntry
    from clinic_desktop.services import audit

    _, saved = _clinic_with_a_backup(engine, db)
    later = make_engine(db_path)
    with Session(later) as s:
        s.add(Patient(given_names="Later", family_name="Test", date_of_birth=date(1990, 1, 1)))
        s.commit()
    later.dispose()
    helper = Path(__file__).with_name("kill_restore.py")
    done = subprocess.run(
        [sys.executable, str(helper), str(db_path), str(saved), step],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stderr  # killed, as asked
    with caplog.at_level(logging.WARNING):
        code, _, err = run(db_path, "backup", "list")  # the next start
    assert code == 0, err
    assert not list(db_path.parent.glob("*.restore-staging*"))
    assert not list(saved.parent.glob("*.partial"))
    names = _names(db_path)
    assert names == (["Kept"] if step == "swapped" else ["Kept", "Later"])
    assert integrity_ok(db_path) == (True, "ok")
    check = make_engine(db_path)
    try:
        with Session(check) as s:
            assert audit.verify_chain(s).ok
            restored = s.exec(select(AuditEntry).where(AuditEntry.action == "backup.restore")).all()
            assert len(restored) == (1 if step == "swapped" else 0)  # a completed restore is always audited
    finally:
        check.dispose()
