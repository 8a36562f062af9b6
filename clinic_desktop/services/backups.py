"""Backups and restore of the clinic's SQLite file (a PostgreSQL server is backed up with its own tools).

When backups happen
- before every migration (``clinic_desktop.db.migrate``),
- at the first start of each day: :func:`daily_backup_if_needed` (call it once at start, after opening),
- on demand by an administrator: :func:`backup_now`, ``clinic-desktop backup``,
- before a restore replaces the data: :func:`restore_backup`.
Each is written with SQLite's online backup API, integrity-checked, and rotated to the clinic profile's
``backups_keep`` newest files. Backups live in ``<folder of the database>/backups``.

Restore
:func:`restore_backup` checks the chosen file (a SQLite file, passes ``PRAGMA integrity_check``, holds a
Clinic Desktop schema this version knows), copies it to a staging file, backs up the current database,
and then copies the staged data *into* the live file with the online backup API. That last step is one
SQLite write transaction: it waits for other connections to finish, and a crash part-way leaves the old
data in place. The file keeps its name, permissions and engine, so nothing has to be reopened — but every
``Session`` opened before the restore holds stale objects: close them and open new ones, and reload what
the window shows (the UI should treat a restore like a fresh start and sign the person in again).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from clinic_desktop import paths
from clinic_desktop.db.backup import (
    BackupError,
    backup_database,
    backup_reason,
    backup_time,
    copy_database,
    integrity_ok,
    list_backups,
    looks_like_sqlite,
    rotate_backups,
)
from clinic_desktop.db.engine import make_engine, sqlite_path
from clinic_desktop.db.migrate import alembic_config, head_revision, upgrade_database
from clinic_desktop.models import ClinicProfile, StaffMember
from clinic_desktop.services import audit, audit_anchor
from clinic_desktop.services.errors import ClinicError, ValidationError
from clinic_desktop.services.permissions import Permission, require

log = logging.getLogger(__name__)

DEFAULT_KEEP = 14


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: ``path``, its UTC time (from the name), ``reason`` and size in bytes."""

    path: Path
    taken_at: datetime | None
    reason: str
    size_bytes: int


@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore_backup` did: the file restored from, the safety backup of the replaced data,
    the schema revision found in the backup, and whether it was then migrated to this version's schema."""

    restored_from: Path
    safety_backup: Path
    backup_revision: str
    migrated: bool


def _db_file(engine: Engine) -> Path:
    path = sqlite_path(engine)
    if path is None:
        raise ClinicError(
            "This clinic uses a database server; back it up with the server's own tools "
            "(for example pg_dump)."
        )
    return path


def _keep(session: Session) -> int:
    profile = session.get(ClinicProfile, 1) or session.exec(select(ClinicProfile)).first()
    return max(1, profile.backups_keep) if profile else DEFAULT_KEEP


def backups_folder(engine: Engine) -> Path:
    """The folder holding this database's backups (created if missing)."""
    return paths.backups_dir(_db_file(engine))


def list_backup_files(engine: Engine) -> list[BackupInfo]:
    """This database's backups, newest first (no permission needed: it lists file names only)."""
    out = []
    for path in list_backups(backups_folder(engine)):
        with contextlib.suppress(OSError):
            out.append(BackupInfo(path, backup_time(path), backup_reason(path), path.stat().st_size))
    return out


def _write_backup(session: Session, *, actor: StaffMember | None, reason: str) -> Path:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    db_file = _db_file(engine)
    try:
        target = backup_database(db_file, paths.backups_dir(db_file), reason=reason, keep=_keep(session))
    except BackupError as exc:
        raise ClinicError(str(exc)) from exc
    audit_anchor.write_anchor(session, target.parent, source="backup", manifest_path=audit_anchor.manifest_for(target))  # noqa: E501 (one line, for the merge)
    audit.record(
        session,
        actor=actor,
        action="backup.create",
        entity="backup",
        details={"file": target.name, "reason": reason},
    )
    session.commit()
    log.info("backup written: %s (%s)", target, reason)
    return target


def backup_now(session: Session, *, actor: StaffMember, reason: str = "on-demand") -> Path:
    """Back up the database now; returns the new backup's path. Needs ``manage_backups`` (admin).

    Raises PermissionDenied (audited), or ClinicError when the copy fails its integrity check or the
    database is a server. Commits; audited as ``backup.create`` (the entry is in the live file, not in the
    backup it describes).
    """
    require(session, actor, Permission.manage_backups)
    return _write_backup(session, actor=actor, reason=reason)


def automatic_backup(engine: Engine, *, reason: str) -> Path:
    """A backup nobody asked for by hand (daily, command line, scheduled); audited with no actor."""
    with Session(engine, expire_on_commit=False) as session:
        return _write_backup(session, actor=None, reason=reason)


def daily_backup_if_needed(
    engine: Engine, db_path: Path | None = None, *, today: datetime | None = None
) -> Path | None:
    """At the first start of a day (local time of this computer), back up; returns the path or None.

    Any backup already taken today (for any reason) counts. Returns None for a database server or a
    database with no data yet. ``today`` (aware) is for tests. Raises ClinicError if the copy is bad.
    """
    db_file = Path(db_path) if db_path else sqlite_path(engine)
    if db_file is None or not looks_like_sqlite(db_file):
        return None
    now_local = (today or datetime.now().astimezone()).astimezone()
    for path in list_backups(paths.backups_dir(db_file)):
        taken = backup_time(path)
        if taken is not None and taken.astimezone(now_local.tzinfo).date() == now_local.date():
            return None
    return automatic_backup(engine, reason="daily")


# ------------------------------------------------------------------------------------------ restore


def _revision_of(path: Path) -> str | None:
    con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            return None
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(rev[0]) if rev else None
    finally:
        con.close()


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def check_backup_file(backup_path: Path) -> str:
    """Check that ``backup_path`` can be restored; returns its schema revision.

    Raises ValidationError on ``backup_path`` when the file is missing, not a database, damaged, not a
    Clinic Desktop database, or written by a newer version of Clinic Desktop.
    """
    path = Path(backup_path)
    field = "backup_path"
    if not path.is_file():
        raise ValidationError.single(field, f"There is no file at {path}.")
    if not looks_like_sqlite(path):
        raise ValidationError.single(
            field, f"{path.name} is not a Clinic Desktop backup (not a database file)."
        )
    ok, message = integrity_ok(path)
    if not ok:
        raise ValidationError.single(field, f"{path.name} is damaged and cannot be restored ({message}).")
    try:
        revision = _revision_of(path)
    except sqlite3.DatabaseError as exc:
        raise ValidationError.single(field, f"{path.name} cannot be read: {exc}") from exc
    if revision is None:
        raise ValidationError.single(field, f"{path.name} is a database, but not a Clinic Desktop backup.")
    if revision not in _known_revisions():
        raise ValidationError.single(
            field,
            f"{path.name} was written by a newer version of Clinic Desktop (schema {revision}). "
            "Install that version to restore it; nothing was changed.",
        )
    return revision


def _copy_into_live(staged: Path, live: Path) -> None:
    """Overwrite the live database's content with ``staged`` in one SQLite write transaction."""
    src = sqlite3.connect(staged.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(str(live), timeout=30)
        try:
            dest.execute("PRAGMA busy_timeout=30000")
            src.backup(dest)
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dest.close()
    finally:
        src.close()


def restore_backup(
    engine_or_path: Engine | Path | str, *, actor: StaffMember, backup_path: Path | str
) -> RestoreResult:
    """Replace the database's content with a backup, after checking the backup and saving the current data.

    ``engine_or_path`` is the open engine (the app) or the database file (the CLI). ``actor`` must be an
    administrator in the *current* database (``manage_backups``). Steps: check the backup
    (:func:`check_backup_file`), stage a copy, back up the current file (reason ``before-restore``), copy the
    staged data into the live file, migrate it if it is older than this version, and audit
    ``backup.restore`` in both the replaced data (inside the safety backup) and the restored data.

    Raises PermissionDenied (audited), ValidationError on ``backup_path`` (nothing changed), or
    ClinicError if a step fails (the live data is then unchanged or restorable from the safety backup).
    The engine stays usable; sessions opened before must be closed and reopened (see the module docs).
    """
    own_engine = not isinstance(engine_or_path, Engine)
    engine = make_engine(engine_or_path) if own_engine else engine_or_path
    assert isinstance(engine, Engine)
    try:
        return _restore(engine, actor=actor, backup_path=Path(backup_path))
    finally:
        if own_engine:
            engine.dispose()


def _restore(engine: Engine, *, actor: StaffMember, backup_path: Path) -> RestoreResult:
    db_file = _db_file(engine)
    with Session(engine, expire_on_commit=False) as session:
        require(session, actor, Permission.manage_backups)
        keep = _keep(session)
    revision = check_backup_file(backup_path)

    staged = db_file.with_name(db_file.name + ".restore-staging")
    staged.unlink(missing_ok=True)
    try:
        try:
            copy_database(backup_path, staged)
        except (sqlite3.Error, OSError) as exc:
            raise ClinicError(f"The backup could not be read: {exc}") from exc
        ok, message = integrity_ok(staged)
        if not ok:
            raise ValidationError.single(
                "backup_path", f"{backup_path.name} could not be copied intact ({message})."
            )

        with Session(engine, expire_on_commit=False) as session:  # lands in the safety backup
            audit.record(
                session,
                actor=actor,
                action="backup.restore_started",
                entity="backup",
                details={"from": backup_path.name},
            )
            session.commit()
        try:
            safety = backup_database(db_file, paths.backups_dir(db_file), reason="before-restore", keep=None)
        except BackupError as exc:
            raise ClinicError(
                f"The current data could not be backed up, so nothing was restored: {exc}"
            ) from exc

        engine.dispose()  # return pooled connections; the copy below waits for any still in use
        try:
            _copy_into_live(staged, db_file)
        except sqlite3.Error as exc:
            raise ClinicError(
                f"The restore failed ({exc}). The data before the restore is saved in {safety}."
            ) from exc
    finally:
        staged.unlink(missing_ok=True)

    migrated = revision != head_revision()
    if migrated:
        upgrade_database(engine, backup_before_migrating=False)  # the backup itself is the pre-migration copy
    engine.dispose()

    with Session(engine, expire_on_commit=False) as session:
        present = session.get(StaffMember, actor.id) if actor.id is not None else None
        same_person = present is not None and present.username == actor.username
        audit.record(
            session,
            actor=present if same_person else None,
            action="backup.restore",
            entity="backup",
            details={
                "from": backup_path.name,
                "safety_backup": safety.name,
                "by": actor.full_name,
                "by_username": actor.username,
                "revision": revision,
                "migrated": migrated,
            },
        )
        session.commit()
        # the anchors before this one describe the data just replaced
        audit_anchor.write_anchor(session, paths.backups_dir(db_file), source="restore")
    rotate_backups(paths.backups_dir(db_file), keep)  # only now: the chosen backup was needed until here
    log.info("restored %s from %s (safety backup %s)", db_file, backup_path, safety)
    return RestoreResult(backup_path, safety, revision, migrated)
