"""Backups and restore of the clinic's database (a SQLite file, or a PostgreSQL database via ``pg_dump``).

When backups happen (see docs/backups.md)
- before every migration (``clinic_desktop.db.migrate``; rotated like the others),
- at the first start of each day: :func:`daily_backup_if_needed`,
- on demand by an administrator: :func:`backup_now`, ``clinic-desktop backup``,
- before a restore replaces the data (the safety backup).
Every backup is verified before it gets its final name (SQLite: ``integrity_check``; PostgreSQL:
``pg_restore --list``), then :func:`clinic_desktop.db.backup.backup_written` runs, then rotation keeps
the grandfather-father-son set of the clinic profile (never fewer than 14 daily + 8 weekly + 12 monthly).

Restore (SQLite)
:func:`restore_backup` never opens or migrates the *current* database to do its work, so it also rescues a
file stuck at a half-applied migration. It checks the chosen file (:func:`check_backup_file`: a SQLite
file, ``integrity_check`` and ``foreign_key_check`` clean, a schema revision this version knows, the core
tables present), copies it to a staging file beside the database, brings the staged copy to this version's
schema, verifies its audit chain, compares its clinic id with the current one (another clinic's backup
needs ``confirm_other_clinic=True``), saves the current file as a safety backup, and swaps the staged file
in with ``os.replace`` (atomic: a crash leaves either the old or the new file, plus a staging file that the
next start removes). The restore is then audited inside the restored data; if that fails the original is
put back. Sessions opened before a restore hold stale objects: the window signs the person in again.

Restore (PostgreSQL) is refused up front with instructions: see :data:`PG_RESTORE_INSTRUCTIONS`.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import logging
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from clinic_desktop import paths
from clinic_desktop.db import pg_backup
from clinic_desktop.db.backup import plain_os_error as _plain_os_error_en
from clinic_desktop.db.backup import (
    BACKUP_WRITTEN_HOOKS,
    DUMP_SUFFIX,
    RETENTION_FLOOR,
    STAGING_SUFFIX,
    BackupError,
    Retention,
    backup_database,
    backup_reason,
    backup_time,
    broken_links,
    copy_database,
    fsync_file,
    fsync_folder,
    integrity_ok,
    list_backups,
    looks_like_sqlite,
    new_backup_name,
    private_file,
    private_folder,
    read_retention,
    remove_leftovers,
    rotate_backups,
)
from clinic_desktop.db.engine import make_engine, sqlite_path
from clinic_desktop.models import AuditEntry, ClinicProfile, Role, StaffMember
from clinic_desktop.services import audit, audit_anchor
from clinic_desktop.services.errors import ClinicError, PermissionDenied, ValidationError
from clinic_desktop.services.messages import N_, _, ngettext
from clinic_desktop.services.permissions import Permission, require

log = logging.getLogger(__name__)

#: Tables every Clinic Desktop database has had since revision 0001; a backup without one is refused.
CORE_TABLES = frozenset(
    {
        "alembic_version",
        "clinic_profile",
        "staff_member",
        "patient",
        "treatment_session",
        "follow_up",
        "complication",
        "audit_entry",
    }
)

#: Largest retention counts accepted (about ten years of each).
RETENTION_MAX = Retention(daily=3650, weekly=520, monthly=120)

PG_RESTORE_INSTRUCTIONS = N_(
    "Restoring is not done from Clinic Desktop when the clinic uses a PostgreSQL server: the server's "
    "administrator restores the backup into a new, empty database with PostgreSQL's own tools, checks it, "
    "and then points every workstation at it. For example:\n"
    "  createdb clinic_restored\n"
    "  pg_restore --no-owner --dbname=clinic_restored BACKUP.dump\n"
    "  clinic-desktop --db postgresql+psycopg://USER@HOST/clinic_restored audit verify\n"
    "then set CLINIC_DESKTOP_DB to that address on each workstation. The current database is not changed."
)
"""What to do instead of restoring into a PostgreSQL database (English; shown through ``_()``)."""

#: The plain words db/backup.py's ``plain_os_error`` gives for a disk full, a read-only file or folder and a
#: permission refused (the db layer speaks English), in our catalogue; any other error is the system's own.
_OS_ERROR_WORDS = frozenset({
    N_("the disk is full (free some space and try again)"),
    N_("the file or its folder is read-only (it must be writable)"),
    N_("you do not have permission to write there"),
})


def plain_os_error(exc: BaseException) -> str:
    """A file-system or SQLite error in the user's words and language (:data:`_OS_ERROR_WORDS`), or as is."""
    words = _plain_os_error_en(exc)
    return _(words) if words in _OS_ERROR_WORDS else words


class OtherClinicBackup(ClinicError):
    """The backup belongs to another clinic (different clinic id, or name when it has no id); restoring it
    needs ``confirm_other_clinic=True``. ``backup_clinic`` and ``current_clinic`` are the clinics' names."""

    def __init__(self, backup_clinic: str, current_clinic: str):
        self.backup_clinic = backup_clinic
        self.current_clinic = current_clinic
        super().__init__(_(
            "This backup belongs to another clinic (“{backup_clinic}”), not to “{current_clinic}”. "
            "Restoring it replaces this clinic's records with that clinic's; confirm to go on. "
            "Nothing was changed.").format(backup_clinic=backup_clinic, current_clinic=current_clinic))


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: ``path``, its UTC time (from the name), ``reason`` and size in bytes."""

    path: Path
    taken_at: datetime | None
    reason: str
    size_bytes: int


@dataclass(frozen=True)
class BackupCheck:
    """What :func:`check_backup_file` found: schema ``revision``, the backup's ``clinic_id`` (None before
    revision 0005) and ``clinic_name`` (None when it has no profile yet)."""

    revision: str
    clinic_id: str | None
    clinic_name: str | None


@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore_backup` did: the file restored from, the safety backup of the replaced data (None
    when there was no database before), the schema revision found in the backup, whether it was migrated to
    this version's schema, and whether it came from another clinic (confirmed)."""

    restored_from: Path
    safety_backup: Path | None
    backup_revision: str
    migrated: bool
    other_clinic: bool = False


@dataclass(frozen=True)
class Availability:
    """Whether backups (or restore) can run here: ``ok``, and when not, ``reason`` saying what to do."""

    ok: bool
    reason: str = ""


# ---------------------------------------------------------------------------------------- where


def backups_folder(engine: Engine) -> Path:
    """The owner-only folder holding this database's backups (created if missing): ``backups`` beside a
    SQLite file; ``backups`` in the user's data folder for a PostgreSQL database."""
    db_file = sqlite_path(engine)
    if db_file is None and engine.dialect.name != "postgresql":
        raise ClinicError(_("This kind of database cannot be backed up by Clinic Desktop."))
    try:
        if db_file is not None:
            return private_folder(paths.backups_dir(db_file))
        return private_folder(paths.server_backups_dir(engine.url))
    except OSError as exc:
        raise ClinicError(_("The backups folder cannot be created: {error}.").format(
            error=plain_os_error(exc))) from exc


def backup_availability(engine: Engine) -> Availability:
    """Can this database be backed up now? SQLite always; PostgreSQL when ``pg_dump`` is found."""
    if sqlite_path(engine) is not None:
        return Availability(True)
    if engine.dialect.name == "postgresql":
        found = pg_backup.find_tool("pg_dump") and pg_backup.find_tool("pg_restore")
        return Availability(True) if found else Availability(False, _(pg_backup.MISSING_TOOLS))
    return Availability(False, _("This kind of database cannot be backed up by Clinic Desktop."))


def restore_availability(engine: Engine) -> Availability:
    """Can a backup be restored from Clinic Desktop here? SQLite: yes; PostgreSQL: no, with instructions."""
    if sqlite_path(engine) is not None:
        return Availability(True)
    return Availability(False, _(PG_RESTORE_INSTRUCTIONS))


def list_backup_files(engine: Engine) -> list[BackupInfo]:
    """This database's backups, newest first (no permission needed: it lists file names only)."""
    suffix = None if sqlite_path(engine) is None else ".sqlite3"
    out = []
    for path in list_backups(backups_folder(engine), suffix=DUMP_SUFFIX if suffix is None else suffix):
        with contextlib.suppress(OSError):
            out.append(BackupInfo(path, backup_time(path), backup_reason(path), path.stat().st_size))
    return out


def clean_leftovers(target: str | os.PathLike[str]) -> list[Path]:
    """At start: remove the staging and ``.partial`` files that a killed restore or backup left beside the
    database ``target`` (a file path; URLs have none). Logged; returns the removed paths; never raises."""
    text = str(target)
    if "://" in text:
        from sqlalchemy.engine import make_url

        try:
            folder = paths.server_backups_dir(make_url(text))
        except Exception:  # an unparseable URL: opening it fails with its own message
            return []
        return remove_leftovers(None, folder) if folder.is_dir() else []
    db_file = Path(text)
    return remove_leftovers(db_file, db_file.parent / "backups")


# -------------------------------------------------------------------------------------- retention


def retention_of(profile: ClinicProfile | None) -> Retention:
    """A clinic profile's backup retention, raised to the floor (the floor itself without a profile)."""
    if profile is None:
        return RETENTION_FLOOR
    return Retention(
        profile.retention_daily, profile.retention_weekly, profile.retention_monthly
    ).at_least_floor()


def retention(session: Session) -> Retention:
    """The clinic's backup retention (raised to the floor of 14 daily + 8 weekly + 12 monthly)."""
    return retention_of(session.exec(select(ClinicProfile).order_by(ClinicProfile.id).limit(1)).first())


def set_backup_retention(
    session: Session, *, actor: StaffMember, daily: int, weekly: int, monthly: int
) -> Retention:
    """Change how many daily, weekly and monthly backups are kept. Needs ``manage_backups`` (administrators:
    erasing history is an administrator's decision, issue #13 item 7).

    Raises PermissionDenied (audited), or ValidationError naming ``retention_daily`` / ``retention_weekly`` /
    ``retention_monthly`` for a count below the floor (14 / 8 / 12) or above ten years. Audited; commits.
    """
    require(session, actor, Permission.manage_backups)
    errors: dict[str, str] = {}
    asked = {"retention_daily": daily, "retention_weekly": weekly, "retention_monthly": monthly}
    words = {"retention_daily": "daily", "retention_weekly": "weekly", "retention_monthly": "monthly"}
    keep = {  # one sentence per kind, for the translations
        "daily": _("Keep between {floor} and {most} daily backups (at least {floor}, so history is never lost)."),
        "weekly": _("Keep between {floor} and {most} weekly backups (at least {floor}, so history is never lost)."),
        "monthly": _("Keep between {floor} and {most} monthly backups (at least {floor}, so history is never "
                     "lost)."),
    }
    for field, value in asked.items():
        key = words[field]
        floor, most = getattr(RETENTION_FLOOR, key), getattr(RETENTION_MAX, key)
        if not isinstance(value, int) or isinstance(value, bool) or not floor <= value <= most:
            errors[field] = keep[key].format(floor=floor, most=most)
    if errors:
        raise ValidationError(errors)
    from clinic_desktop.services.clinic import get_clinic_profile

    profile = get_clinic_profile(session)
    before = retention(session)
    profile.retention_daily, profile.retention_weekly, profile.retention_monthly = daily, weekly, monthly
    session.add(profile)
    audit.record(
        session,
        actor=actor,
        action="backup.retention",
        entity="clinic_profile",
        entity_id=profile.id,
        details={"before": [before.daily, before.weekly, before.monthly], "after": [daily, weekly, monthly]},
    )
    session.commit()
    return Retention(daily, weekly, monthly)


# ------------------------------------------------------------------------------------------ backup


#: The session whose database :func:`_write_backup` is backing up right now (None outside it).
_anchoring: contextvars.ContextVar[Session | None] = contextvars.ContextVar("backup_anchoring", default=None)


def _anchor_backup(path: Path) -> None:
    """:data:`clinic_desktop.db.backup.BACKUP_WRITTEN_HOOKS` entry: after a verified backup taken by
    :func:`_write_backup` (on demand, daily, automatic), anchor the audit chain's head in the anchors file
    beside it and in its manifest (docs/security.md). Other backups (before a migration, the safety copy of a
    restore) are not anchored."""
    session = _anchoring.get()
    if session is None:
        return
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    audit_anchor.write_anchor(session, audit_anchor.anchor_folder(engine), source="backup",
                              manifest_path=audit_anchor.manifest_for(path))


BACKUP_WRITTEN_HOOKS.append(_anchor_backup)


def _write_backup(
    session: Session, *, actor: StaffMember | None, reason: str, now: datetime | None = None
) -> Path:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    policy = retention(session)
    folder = backups_folder(engine)
    token = _anchoring.set(session)  # the backup_written hook anchors this session's audit head
    try:
        db_file = sqlite_path(engine)
        if db_file is not None:
            target = backup_database(db_file, folder, reason=reason, retention=policy, now=now)
        else:
            target = pg_backup.dump_database(engine.url, folder, reason=reason, retention=policy, now=now)
    except BackupError as exc:
        raise ClinicError(str(exc)) from exc
    finally:
        _anchoring.reset(token)
    audit.record(
        session,
        actor=actor,
        action="backup.create",
        entity="backup",
        details={"file": target.name, "reason": reason},
    )
    session.commit()
    return target


def backup_now(session: Session, *, actor: StaffMember, reason: str = "on-demand") -> Path:
    """Back up the database now; returns the new backup's path. Needs ``manage_backups`` (admin).

    Raises PermissionDenied (audited), or ClinicError when the copy cannot be written or fails its check,
    or when a PostgreSQL server's backup tool is missing (the message says what to install). Commits;
    audited as ``backup.create`` (the entry is in the live database, not in the backup it describes).
    """
    require(session, actor, Permission.manage_backups)
    return _write_backup(session, actor=actor, reason=reason)


def automatic_backup(engine: Engine, *, reason: str, now: datetime | None = None) -> Path:
    """A backup nobody asked for by hand (daily, command line, scheduled); audited with no actor.

    Raises ClinicError as :func:`backup_now` does."""
    with Session(engine, expire_on_commit=False) as session:
        return _write_backup(session, actor=None, reason=reason, now=now)


def daily_backup_if_needed(
    engine: Engine, db_path: Path | None = None, *, today: datetime | None = None
) -> Path | None:
    """At the first start of a day (local time of this computer), back up; returns the path or None.

    Any backup already taken that day (for any reason) counts. Returns None for an empty SQLite database
    and for a PostgreSQL server without ``pg_dump`` (logged). ``today`` (aware) is for tests and is also
    the new backup's time. Raises ClinicError if the copy is bad.
    """
    db_file = Path(db_path) if db_path else sqlite_path(engine)
    if db_file is not None and not looks_like_sqlite(db_file):
        return None
    if db_file is None:
        available = backup_availability(engine)
        if not available.ok:
            log.warning("no daily backup: %s", available.reason)
            return None
    now_local = (today or datetime.now().astimezone()).astimezone()
    for item in list_backup_files(engine):
        taken = item.taken_at
        if taken is not None and taken.astimezone(now_local.tzinfo).date() == now_local.date():
            return None
    return automatic_backup(engine, reason="daily", now=today)


# ------------------------------------------------------------------------------------------ restore


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from clinic_desktop.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _clinic_identity(path: Path) -> tuple[str | None, str | None] | None:
    """(clinic_id, name) from a SQLite file's profile; (None, None) without a profile or id column; None when
    the file cannot be read at all. Never raises."""
    try:
        con = _ro(path)
        try:
            columns = {row[1] for row in con.execute("PRAGMA table_info(clinic_profile)")}
            if not columns:
                return (None, None)
            id_column = "clinic_id" if "clinic_id" in columns else "NULL"
            row = con.execute(f"SELECT {id_column}, name FROM clinic_profile ORDER BY id LIMIT 1").fetchone()
        finally:
            con.close()
    except (sqlite3.Error, OSError):
        return None
    return (row[0], row[1]) if row else (None, None)


def check_backup_file(backup_path: Path | str) -> BackupCheck:
    """Check, without changing anything, that ``backup_path`` is a restorable Clinic Desktop backup.

    Raises ValidationError on ``backup_path`` when the file is missing, not a database, damaged
    (``integrity_check``), holds records that point at missing records (``foreign_key_check``), is not a
    Clinic Desktop database (no revision or missing core tables), or was written by a newer version.
    (The audit chain is verified on the staged copy by :func:`restore_backup`.)
    """
    path = Path(backup_path)
    field = "backup_path"
    try:
        exists = path.is_file()
    except (OSError, ValueError):  # a name the system cannot hold (a NUL character, too long)
        exists = False
    if not exists:
        raise ValidationError.single(field, _("There is no file at {path}.").format(path=path))
    if not looks_like_sqlite(path):
        raise ValidationError.single(
            field, _("{name} is not a Clinic Desktop backup (not a database file).").format(name=path.name)
        )
    ok, message = integrity_ok(path)
    if not ok:
        raise ValidationError.single(field, _("{name} is damaged and cannot be restored ({problem}).").format(
            name=path.name, problem=message))
    try:
        con = _ro(path)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            rows = (
                con.execute("SELECT version_num FROM alembic_version").fetchall()
                if "alembic_version" in tables
                else []
            )
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError.single(field, _("{name} cannot be read: {error}").format(
            name=path.name, error=exc)) from exc
    if not rows:
        raise ValidationError.single(field, _("{name} is a database, but not a Clinic Desktop backup.").format(
            name=path.name))
    revision = str(rows[0][0])
    if revision not in _known_revisions():
        raise ValidationError.single(
            field,
            _("{name} was written by a newer version of Clinic Desktop (schema {revision}). Install that version "
              "to restore it; nothing was changed.").format(name=path.name, revision=revision),
        )
    missing = sorted(CORE_TABLES - tables)
    if missing:
        raise ValidationError.single(
            field,
            _("{name} is not a complete Clinic Desktop backup: its core tables are missing ({tables}). Nothing "
              "was changed.").format(name=path.name, tables=", ".join(missing)),
        )
    try:
        count, shown = broken_links(path)
        problem = ngettext("{n} record points at a record that does not exist ({shown})",
                           "{n} records point at records that do not exist ({shown})", count).format(
            n=count, shown=shown) if count else ""
    except sqlite3.DatabaseError as exc:
        raise ValidationError.single(field, _("{name} cannot be read: {error}").format(
            name=path.name, error=exc)) from exc
    if problem:
        raise ValidationError.single(field, _("{name} is damaged and cannot be restored: {problem}.").format(
            name=path.name, problem=problem))
    identity = _clinic_identity(path) or (None, None)
    return BackupCheck(revision, identity[0], identity[1])


def _plain_write_error(exc: BaseException, folder: Path) -> ClinicError:
    return ClinicError(
        _("The restore could not write in {folder}: {error}. The current data was not changed.").format(
            folder=folder, error=plain_os_error(exc))
    )


def _stage(backup_path: Path, staged: Path) -> tuple[bool, str | None, str | None]:
    """Copy the backup to ``staged``, bring it to this version's schema and verify it; returns
    (migrated, clinic_id, clinic_name) of the staged copy. Raises ValidationError / ClinicError."""
    from clinic_desktop.db.migrate import current_revision, head_revision, upgrade_database

    field = "backup_path"
    try:
        copy_database(backup_path, staged)
    except (sqlite3.Error, OSError) as exc:
        raise _plain_write_error(exc, staged.parent) from exc
    ok, message = integrity_ok(staged)
    if not ok:
        raise ValidationError.single(field, _("{name} could not be copied intact ({problem}).").format(
            name=backup_path.name, problem=message))
    engine = make_engine(staged)
    try:
        migrated = current_revision(engine) != head_revision()
        try:
            upgrade_database(engine, backup_before_migrating=False)
        except Exception as exc:  # Alembic raises many kinds; the backup is refused, nothing changed
            log.exception("the staged copy of %s could not be migrated", backup_path)
            raise ValidationError.single(
                field,
                _("{name} could not be brought up to this version's schema ({error}). Nothing was changed.").format(
                    name=backup_path.name, error=exc),
            ) from exc
        with Session(engine) as session:
            try:
                chain = audit.verify_chain(session)
            except SQLAlchemyError as exc:
                raise ValidationError.single(
                    field, _("{name}: its audit trail cannot be read.").format(name=backup_path.name)
                ) from exc
            if not chain.ok:
                raise ValidationError.single(
                    field,
                    _("{name} has a broken audit trail ({problem}), so it may have been tampered with; it is not "
                      "restored. Nothing was changed.").format(name=backup_path.name, problem=chain.message),
                )
    finally:
        engine.dispose()
    con = sqlite3.connect(str(staged))
    try:
        con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        con.close()
    identity = _clinic_identity(staged) or (None, None)
    return migrated, identity[0], identity[1]


def _set_clinic_id(staged: Path, clinic_id: str) -> None:
    con = sqlite3.connect(str(staged))
    try:
        con.execute("UPDATE clinic_profile SET clinic_id = ?", (clinic_id,))
        con.commit()
    finally:
        con.close()


def _authorise(db_file: Path, engine: Engine | None, actor: StaffMember) -> bool:
    """Check ``manage_backups`` in the current database; True if checked there, False when the current
    database cannot be read (the actor is then checked in the staged backup). Raises PermissionDenied."""
    if not looks_like_sqlite(db_file):
        return False
    own = engine is None
    eng = engine or make_engine(db_file)
    try:
        with Session(eng, expire_on_commit=False) as session:
            require(session, actor, Permission.manage_backups)
        return True
    except SQLAlchemyError:
        log.warning(
            "the current database %s cannot be read; checking the administrator in the backup", db_file
        )
        return False
    finally:
        if own:
            eng.dispose()


def _authorise_in(staged: Path, actor: StaffMember) -> None:
    engine = make_engine(staged)
    try:
        with Session(engine) as session:
            member = session.exec(select(StaffMember).where(StaffMember.username == actor.username)).first()
            if member is None or not member.active or Role(member.role) is not Role.admin:
                raise PermissionDenied(_(
                    "The current database cannot be read, so only an administrator of the backup being "
                    "restored may restore it."
                ))
    finally:
        engine.dispose()
    con = sqlite3.connect(str(staged))
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _safety_copy(db_file: Path, folder: Path) -> Path | None:
    """Save the current file before it is replaced: an online backup, or (a file SQLite cannot read) a
    byte copy. None when there is no current file. Raises ClinicError if neither can be written."""
    if not db_file.exists():
        return None
    if looks_like_sqlite(db_file):
        try:
            return backup_database(db_file, folder, reason="before-restore", retention=None)
        except BackupError as exc:
            log.warning("online safety backup failed (%s); copying the file's bytes instead", exc)
    target = new_backup_name(folder, "before-restore-raw")
    try:
        private_file(target)
        shutil.copyfile(db_file, target)
        fsync_file(target)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise ClinicError(
            _("The current data could not be saved first ({error}), so nothing was restored.").format(
                error=plain_os_error(exc))
        ) from exc
    return target


def _hold_exclusively(db_file: Path) -> sqlite3.Connection | None:
    """A connection holding the live file in rollback-journal mode with a write lock, so no other writer
    can slip in before the swap; None when the file is not readable SQLite. Raises ClinicError when another
    window or program has the database open."""
    if not looks_like_sqlite(db_file):
        return None
    busy = ClinicError(
        "Another Clinic Desktop window or program is using the database. Close it (on every workstation "
        "that uses this file) and try again. Nothing was changed."
    )
    try:
        con = sqlite3.connect(str(db_file), timeout=5, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise busy
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        con.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise busy from exc
        return None
    except ClinicError:
        con.close()
        raise
    return con


def _swap(staged: Path, db_file: Path, lock: sqlite3.Connection | None) -> None:
    """``os.replace`` the staged file over the live one (atomic), with its ``-wal``/``-shm`` cleared."""
    fsync_file(staged)
    if lock is not None and os.name == "nt":  # Windows cannot replace an open file
        lock.close()
        lock = None
    try:
        for side in ("-wal", "-shm"):
            Path(str(db_file) + side).unlink(missing_ok=True)
        os.replace(staged, db_file)
        fsync_folder(db_file.parent)
    finally:
        if lock is not None:
            with contextlib.suppress(sqlite3.Error):
                lock.close()


def _record_restore(staged: Path, actor: StaffMember, details: dict[str, object]) -> str:
    """Write the ``backup.restore`` entry into the staged copy, chained to its last entry, *before* the swap:
    the rename then brings data and entry in together, so a restore killed at any point is either not done
    or done and audited. Returns the entry's hash; the file is left self-contained (no ``-wal``)."""
    engine = make_engine(staged)
    try:
        with Session(engine, expire_on_commit=False) as session:
            present = session.exec(select(StaffMember).where(StaffMember.username == actor.username)).first()
            entry = audit.record(session, actor=present, action="backup.restore", entity="backup", details=details)
            session.commit()
            digest = entry.entry_hash
            from clinic_desktop.services.workspace import bump_database_epoch

            bump_database_epoch(session)  # every open window (here and on other workstations) signs in again
    finally:
        engine.dispose()
    con = sqlite3.connect(str(staged))
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()
    return digest


def _check_swapped(db_file: Path, digest: str) -> None:
    """After the swap: the live file is the staged one (its newest audit entry is this restore's) and reads
    whole. Raises ClinicError otherwise."""
    con = _ro(db_file)
    try:
        last = con.execute("SELECT entry_hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        quick = con.execute("PRAGMA quick_check").fetchone()
    finally:
        con.close()
    if not last or last[0] != digest or not quick or quick[0] != "ok":
        raise ClinicError(_("the restored file does not read back as it was written"))


def restore_backup(
    engine_or_path: Engine | Path | str,
    *,
    actor: StaffMember,
    backup_path: Path | str,
    confirm_other_clinic: bool = False,
) -> RestoreResult:
    """Replace the database with a backup, after checking the backup and saving the current data.

    ``engine_or_path`` is the open engine (the app) or the database file (the CLI); the current file is
    never migrated and need not be openable. ``actor`` must be an administrator in the current database,
    or, when it cannot be read, in the backup. A backup of another clinic needs ``confirm_other_clinic``.

    Raises PermissionDenied (audited where possible); ValidationError on ``backup_path`` (nothing changed);
    OtherClinicBackup (nothing changed); ClinicError in plain words when the disk is full, a file or folder
    is read-only, another program has the database open, the server is PostgreSQL (with instructions), or a
    step after the swap failed (the original was then put back). Other engines must then open new sessions.
    """
    if isinstance(engine_or_path, Engine):
        engine: Engine | None = engine_or_path
        db_file = sqlite_path(engine_or_path)
        if db_file is None:
            raise ClinicError(_(PG_RESTORE_INSTRUCTIONS))
    else:
        text = str(engine_or_path)
        if "://" in text:
            raise ClinicError(_(PG_RESTORE_INSTRUCTIONS))
        engine, db_file = None, Path(text)
    return _restore(db_file, engine, actor=actor, backup_path=Path(backup_path), confirm=confirm_other_clinic)


def _restore(
    db_file: Path, engine: Engine | None, *, actor: StaffMember, backup_path: Path, confirm: bool
) -> RestoreResult:
    checked_in_current = _authorise(db_file, engine, actor)
    check = check_backup_file(backup_path)
    folder = db_file.parent
    if not folder.is_dir():
        raise ClinicError(_("The folder {folder} does not exist; nothing was restored.").format(folder=folder))
    if db_file.exists() and not os.access(db_file, os.W_OK):
        raise ClinicError(
            _("The database file {path} is read-only, so it cannot be replaced. Make it writable and try again. "
              "Nothing was changed.").format(path=db_file)
        )
    if not os.access(folder, os.W_OK):
        raise ClinicError(
            _("The folder {folder} is read-only, so the restore cannot write there. Nothing was changed.").format(
                folder=folder)
        )
    staged = db_file.with_name(db_file.name + STAGING_SUFFIX)
    remove_leftovers(db_file, None)
    current = _clinic_identity(db_file) if db_file.exists() else None
    try:
        migrated, staged_id, staged_name = _stage(backup_path, staged)
        if not checked_in_current:
            _authorise_in(staged, actor)
        other = _other_clinic(current, check, staged_name)
        if other and not confirm:
            raise OtherClinicBackup(staged_name or "?", (current or (None, None))[1] or "?")
        if not other and check.clinic_id is None and current and current[0]:
            _set_clinic_id(staged, current[0])  # a backup from before clinic ids takes this clinic's id
        if checked_in_current:
            _audit_started(db_file, engine, actor, backup_path)
        if engine is not None:  # this engine's own connections must not count as "another program"
            engine.dispose()
        gc.collect()  # sessions and engines nobody holds any more close their connections
        if engine is not None:
            engine.dispose()
        lock = _hold_exclusively(db_file)
        try:
            try:
                backups = private_folder(paths.backups_dir(db_file))
            except OSError as exc:
                raise _plain_write_error(exc, db_file.parent / "backups") from exc
            safety = _safety_copy(db_file, backups)
            details: dict[str, object] = {
                "from": backup_path.name,
                "safety_backup": safety.name if safety else None,
                "by": actor.full_name,
                "by_username": actor.username,
                "revision": check.revision,
                "migrated": migrated,
                "other_clinic": other,
            }
            try:
                digest = _record_restore(staged, actor, details)
            except SQLAlchemyError as exc:
                raise ClinicError(_("The restore could not be recorded in the backup's audit trail ({exc}). "
                                    "Nothing was changed.").format(exc=exc)) from exc
        except BaseException:
            if lock is not None:
                lock.close()
            raise
        if engine is not None:
            engine.dispose()  # pooled connections point at the file being replaced
        try:
            _swap(staged, db_file, lock)
        except OSError as exc:
            raise _plain_write_error(exc, folder) from exc
    finally:
        for leftover in (
            staged,
            Path(str(staged) + "-wal"),
            Path(str(staged) + "-shm"),
            Path(str(staged) + "-journal"),
        ):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)

    try:
        _check_swapped(db_file, digest)
    except Exception as exc:  # anything after the swap: put the original back, and say so
        log.exception("the restore of %s failed after the swap; putting the original back", backup_path)
        if engine is not None:
            engine.dispose()
        raise _put_back(db_file, safety, exc) from exc
    if engine is not None:
        engine.dispose()
    _anchor_restore(db_file, engine)
    policy = read_retention(db_file)
    if policy is not None:
        rotate_backups(
            paths.backups_dir(db_file), policy
        )  # only now: the chosen backup was needed until here
    log.info("restored %s from %s (safety backup %s)", db_file, backup_path, safety)
    return RestoreResult(backup_path, safety, check.revision, migrated, other)


def _anchor_restore(db_file: Path, engine: Engine | None) -> None:
    """After a completed restore: a signed ``restore`` anchor of the restored trail (the anchors before it
    describe the data just replaced). Logged, never raised: the restore itself is done."""
    eng = engine or make_engine(db_file)
    try:
        with Session(eng, expire_on_commit=False) as session:
            audit_anchor.write_anchor(session, paths.backups_dir(db_file), source="restore")
    except Exception:
        log.exception("the restore's audit anchor could not be written")
    finally:
        eng.dispose()


def _other_clinic(
    current: tuple[str | None, str | None] | None, check: BackupCheck, staged_name: str | None
) -> bool:
    if not current:
        return False
    current_id, current_name = current
    if current_id and check.clinic_id:
        return current_id != check.clinic_id
    if current_name and staged_name:
        return current_name.strip().casefold() != staged_name.strip().casefold()
    return False


def _audit_started(db_file: Path, engine: Engine | None, actor: StaffMember, backup_path: Path) -> None:
    """``backup.restore_started`` in the current data (it lands in the safety backup); best effort."""
    eng = engine or make_engine(db_file)
    try:
        with Session(eng, expire_on_commit=False) as session:
            audit.record(
                session,
                actor=actor,
                action="backup.restore_started",
                entity="backup",
                details={"from": backup_path.name},
            )
            session.commit()
    except SQLAlchemyError:
        log.warning("could not note the restore's start in the current database", exc_info=True)
    finally:
        if engine is None:
            eng.dispose()
        else:
            eng.dispose()


def _put_back(db_file: Path, safety: Path | None, cause: BaseException) -> ClinicError:
    """After a failed post-swap step: copy the safety backup back in place (atomically); the error to raise."""
    if safety is None:
        return ClinicError(
            _("The restore failed after replacing the file ({cause}); there was no data before it.").format(
                cause=cause)
        )
    back = db_file.with_name(db_file.name + STAGING_SUFFIX + "-back")
    try:
        back.unlink(missing_ok=True)
        private_file(back)
        shutil.copyfile(safety, back)
        fsync_file(back)
        for side in ("-wal", "-shm"):
            Path(str(db_file) + side).unlink(missing_ok=True)
        os.replace(back, db_file)
        fsync_folder(db_file.parent)
    except OSError as exc:
        back.unlink(missing_ok=True)
        return ClinicError(
            _("The restore failed ({cause}) and the original could not be put back ({error}). The data from "
              "before the restore is safe in {path}; restore that file.").format(
                cause=cause, error=plain_os_error(exc), path=safety)
        )
    return ClinicError(
        _("The restore failed after the files were swapped ({cause}), so the original data was put back (it is "
          "also kept in {name}). Nothing was lost.").format(cause=cause, name=safety.name)
    )


def sign_in_for_restore(
    target: str | os.PathLike[str], *, backup_path: Path | str, username: str, password: str
) -> StaffMember:
    """Sign an administrator in for a restore without migrating the current database.

    The password is checked in the current database if it can be read as it is; otherwise (a file that
    will not open or migrate) in a private temporary copy of the backup, brought to this version's schema.
    Raises ValidationError / AuthenticationError as :func:`clinic_desktop.services.auth.authenticate`, or
    ValidationError on ``backup_path`` when the backup itself cannot be used.
    """
    from clinic_desktop.services import auth

    db_file = Path(target)
    if looks_like_sqlite(db_file):
        engine = make_engine(db_file)
        try:
            with Session(engine, expire_on_commit=False) as session:
                return auth.authenticate(session, username=username, password=password, purpose="restore")
        except SQLAlchemyError:
            log.warning("cannot sign in against %s as it is; using the backup's staff list", db_file)
        finally:
            engine.dispose()
    check_backup_file(backup_path)
    with tempfile.TemporaryDirectory(prefix="clinic-restore-") as tmp:
        staged = Path(tmp) / "staged.sqlite3"
        _stage(Path(backup_path), staged)
        engine = make_engine(staged)
        try:
            with Session(engine, expire_on_commit=False) as session:
                return auth.authenticate(session, username=username, password=password, purpose="restore")
        finally:
            engine.dispose()


__all__ = [
    "AuditEntry",
    "Availability",
    "BackupCheck",
    "BackupInfo",
    "OtherClinicBackup",
    "RestoreResult",
    "automatic_backup",
    "backup_availability",
    "backup_now",
    "backups_folder",
    "check_backup_file",
    "clean_leftovers",
    "daily_backup_if_needed",
    "list_backup_files",
    "restore_availability",
    "restore_backup",
    "retention",
    "set_backup_retention",
    "sign_in_for_restore",
]
