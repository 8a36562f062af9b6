"""Backup files: written, verified, named, kept (grandfather-father-son) and cleaned up. No Qt, no ORM.

A SQLite backup is written through SQLite's online backup API under a temporary ``.partial`` name,
switched to a self-contained single file (rollback journal, no ``-wal`` beside it), checked with
``PRAGMA integrity_check``, flushed to disk, and only then renamed to
``clinic-<UTC stamp>-<reason>.sqlite3``, so a half-written or failed copy never looks like a backup.
A PostgreSQL backup (:mod:`clinic_desktop.db.pg_backup`) follows the same steps with ``pg_dump`` and
``pg_restore --list`` and ends in ``.dump``. On POSIX the backups folder is ``0700`` and each file ``0600``
from the moment it is created.

Every file under a final backup name was verified when it was written. The one place where "a backup was
just written and verified" happens is :func:`backup_written`: it runs the callables in
:data:`BACKUP_WRITTEN_HOOKS` (for example the audit-chain anchoring), then rotation runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_desktop.translation import _, ngettext

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".sqlite3"
DUMP_SUFFIX = ".dump"
PARTIAL_SUFFIX = ".partial"
STAGING_SUFFIX = ".restore-staging"
_NAME_RE = re.compile(r"^clinic-(\d{8}T\d{12})Z-(.*)\.(sqlite3|dump)$")


class BackupError(Exception):
    """A backup could not be written or does not pass its check; the message says which, in plain words and
    in the reader's language."""


# ------------------------------------------------------------------------------------- retention


@dataclass(frozen=True)
class Retention:
    """Grandfather-father-son retention: the newest backup of each of the last ``daily`` days, ``weekly``
    ISO weeks and ``monthly`` calendar months that *have* a backup is kept (counting periods with backups,
    not calendar periods, so a clinic closed for a month keeps its history). Every backup of the last
    48 hours (before the newest) is kept too, so a same-day on-demand or before-migration backup is not
    lost to the next one. A policy below :data:`RETENTION_FLOOR` is raised to it by :meth:`at_least_floor`.
    """

    daily: int = 14
    weekly: int = 8
    monthly: int = 12

    def at_least_floor(self) -> Retention:
        """This policy with each count raised to the floor (a profile may keep more, never fewer)."""
        return Retention(
            max(self.daily, RETENTION_FLOOR.daily),
            max(self.weekly, RETENTION_FLOOR.weekly),
            max(self.monthly, RETENTION_FLOOR.monthly),
        )


#: Every backup this close to the newest one is kept, whatever the policy.
RECENT_KEPT = timedelta(hours=48)

#: The least any clinic keeps: 14 daily + 8 weekly + 12 monthly backups (issue #13, item 7).
RETENTION_FLOOR = Retention(14, 8, 12)


def read_retention(db_path: Path) -> Retention | None:
    """The retention policy stored in the clinic profile of the SQLite file ``db_path``, raised to the floor;
    None when the file or the columns cannot be read (a database that will not open or migrate). Never raises.
    """
    try:
        con = sqlite3.connect(_ro_uri(db_path), uri=True)
        try:
            row = con.execute(
                "SELECT retention_daily, retention_weekly, retention_monthly FROM clinic_profile "
                "ORDER BY id LIMIT 1"
            ).fetchone()
        finally:
            con.close()
    except (sqlite3.Error, OSError):
        return None
    if row is None:
        return RETENTION_FLOOR
    return Retention(int(row[0]), int(row[1]), int(row[2])).at_least_floor()


def kept_backups(backups: Iterable[Path], retention: Retention, *, zone: tzinfo | None = None) -> set[Path]:
    """Which of ``backups`` (files named by this module) the policy keeps; unnamed files are always kept.

    Days, weeks and months are those of ``zone`` (default: this computer's local time zone).
    """
    policy = retention.at_least_floor()
    dated: list[tuple[datetime, Path]] = []
    keep: set[Path] = set()
    for path in backups:
        taken = backup_time(path)
        if taken is None:
            keep.add(path)
        else:
            dated.append((taken.astimezone(zone) if zone else taken.astimezone(), path))
    dated.sort(reverse=True)
    if dated:
        newest = dated[0][0]
        keep.update(path for taken, path in dated if newest - taken <= RECENT_KEPT)
    periods: list[tuple[int, Callable[[datetime], object]]] = [
        (policy.daily, lambda t: t.date()),
        (policy.weekly, lambda t: t.isocalendar()[:2]),
        (policy.monthly, lambda t: (t.year, t.month)),
    ]
    for count, period_of in periods:
        seen: set[object] = set()
        for taken, path in dated:  # newest first: the first seen of a period is that period's newest
            period = period_of(taken)
            if period in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(period)
            keep.add(path)
    return keep


def rotate_backups(dest_dir: Path, retention: Retention, *, zone: tzinfo | None = None) -> list[Path]:
    """Delete the backups in ``dest_dir`` that ``retention`` (raised to the floor) does not keep, per kind
    (SQLite files and PostgreSQL dumps separately); returns the deleted paths. Never deletes the newest
    backup, nor the newest backup of any week, day or month inside the policy."""
    doomed: list[Path] = []
    for suffix in (BACKUP_SUFFIX, DUMP_SUFFIX):
        files = list_backups(dest_dir, suffix=suffix)
        keep = kept_backups(files, retention, zone=zone)
        for path in files:
            if path not in keep:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                doomed.append(path)
    if doomed:
        log.info("backup rotation removed %d old backup(s) from %s", len(doomed), dest_dir)
    return doomed


# ------------------------------------------------------------------------------------------ files


def _ro_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


def private_folder(path: Path) -> Path:
    """Create ``path`` (and parents) if missing and make it owner-only (``0700``, POSIX); returns it."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            path.chmod(0o700)
    return path


def private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (``0600`` on POSIX), so no copy is ever
    world-readable. Raises ``FileExistsError`` if it exists, ``OSError`` if it cannot be created."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush ``path``'s content to the disk (``fsync``)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(path: Path) -> None:
    """Flush a folder's entries (a rename inside it) to the disk; a no-op where folders cannot be opened."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def looks_like_sqlite(path: Path) -> bool:
    """True if ``path`` is a SQLite database (an empty, missing or foreign file is not).

    The file is read through SQLite itself, never with a plain ``open()``: on POSIX, closing any other
    descriptor of a database file drops every lock this process holds on it, and another process that then
    closes its last connection would checkpoint and delete the WAL under this process's open connection,
    so later writes would vanish (SQLite's "How To Corrupt", section 2.2). Never raises.
    """
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size < 512:  # smaller than one SQLite page: not a database
            return False
        con = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            con.execute("PRAGMA schema_version").fetchone()
        finally:
            con.close()
    except (sqlite3.Error, OSError):
        return False
    return True


def integrity_ok(path: Path) -> tuple[bool, str]:
    """Run ``PRAGMA integrity_check`` on a file; returns (ok, message). Never raises for a bad file.

    A missing file, an empty file or a file that is not SQLite is reported as not ok; the message is a phrase
    in the reader's language (SQLite's own findings as SQLite wrote them), to put inside a sentence.
    """
    path = Path(path)
    if not path.is_file():
        return False, _("the file does not exist")
    if not looks_like_sqlite(path):
        return False, _("the file is not a database")
    try:
        con = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, _("not a readable database: {error}").format(error=exc)
    messages = [str(r[0]) for r in rows] or [_("no answer")]
    ok = messages == ["ok"]
    return ok, "ok" if ok else "; ".join(messages[:5])


def broken_links(path: Path) -> tuple[int, str]:
    """``PRAGMA foreign_key_check`` on a file: (how many rows point at a missing row, the first 3 of them as
    ``"table row 7 → parent"`` in the reader's language). Raises sqlite3.DatabaseError when the file cannot
    be read. The service (services/backups.py) puts it in a sentence in the user's language."""
    con = sqlite3.connect(_ro_uri(path), uri=True)
    try:
        rows = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    return len(rows), ", ".join(_("{table} row {row} → {target}").format(table=r[0], row=r[1], target=r[2])
                                for r in rows[:3])


def foreign_keys_ok(path: Path) -> tuple[bool, str]:
    """Run ``PRAGMA foreign_key_check`` on a file; returns (ok, message naming up to 3 broken links, in the
    reader's language)."""
    try:
        count, shown = broken_links(path)
    except sqlite3.DatabaseError as exc:
        return False, _("not a readable database: {error}").format(error=exc)
    if not count:
        return True, "ok"
    return False, ngettext("{n} record points at a record that does not exist ({links})",
                           "{n} records point at records that do not exist ({links})", count).format(
        n=count, links=shown)


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` into a new file ``target`` with the online backup API (consistent even while others
    write), leaving ``target`` a single self-contained, owner-only file flushed to disk.

    Raises ``sqlite3.Error`` or ``OSError`` on failure (``target`` may then exist, half-written).
    """
    private_file(target)
    src = sqlite3.connect(_ro_uri(source), uri=True)
    try:
        dest = sqlite3.connect(str(target))
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        src.close()
    fsync_file(target)


def new_backup_name(
    dest_dir: Path, reason: str, *, suffix: str = BACKUP_SUFFIX, now: datetime | None = None
) -> Path:
    """``dest_dir/clinic-YYYYmmddTHHMMSSffffffZ-<reason><suffix>`` for the UTC time ``now`` (default: now)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safe_reason = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in reason)[:40] or "manual"
    return dest_dir / f"clinic-{stamp}-{safe_reason}{suffix}"


#: Called with the path of every backup just written and verified (SQLite file or PostgreSQL dump),
#: before rotation. A hook that raises is logged and does not undo the backup.
BACKUP_WRITTEN_HOOKS: list[Callable[[Path], None]] = []


def backup_written(path: Path) -> None:
    """The single place where "a backup was just written and verified" happens: runs
    :data:`BACKUP_WRITTEN_HOOKS` in order (each failure is logged, never raised)."""
    log.info("backup written and verified: %s", path)
    for hook in list(BACKUP_WRITTEN_HOOKS):
        try:
            hook(path)
        except Exception:  # a hook (e.g. anchoring) must not turn a good backup into a failure
            log.exception("after-backup step %r failed for %s", hook, path)


class _ProfileRetention:
    """Marker: read the retention policy from the database being backed up."""


#: ``backup_database(..., retention=FROM_PROFILE)``: rotate by the clinic profile of the backed-up file
#: (the floor if it has no profile yet; no rotation if the profile cannot be read).
FROM_PROFILE = _ProfileRetention()


def backup_database(
    db_path: Path,
    dest_dir: Path,
    *,
    reason: str,
    retention: Retention | _ProfileRetention | None = FROM_PROFILE,
    now: datetime | None = None,
) -> Path:
    """Copy the live SQLite database at ``db_path`` into ``dest_dir``, verify the copy, then rotate.

    The file is named ``clinic-YYYYmmddTHHMMSSffffffZ-<reason>.sqlite3`` (UTC, ``now`` for tests).
    ``retention``: a policy, :data:`FROM_PROFILE` (default: the database's own clinic profile, so the
    before-migration backups are rotated too), or None (no rotation). Raises :class:`BackupError` if the
    database is missing, the copy fails (disk full, read-only folder) or fails its integrity check; the
    failed copy is removed.
    """
    db_path = Path(db_path)
    if not looks_like_sqlite(db_path):
        raise BackupError(_("There is no database to back up at {path}.").format(path=db_path))
    try:
        private_folder(dest_dir)
    except OSError as exc:
        raise BackupError(_("The backups folder {folder} cannot be created: {reason}").format(
            folder=dest_dir, reason=plain_os_error(exc))) from exc
    target = new_backup_name(dest_dir, reason, now=now)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        copy_database(db_path, partial)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The backup could not be written: {reason}").format(
            reason=plain_os_error(exc))) from exc
    ok, message = integrity_ok(partial)
    if not ok:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The backup {name} failed its integrity check: {reason}").format(
            name=target.name, reason=message))
    os.replace(partial, target)
    with contextlib.suppress(OSError):
        fsync_folder(dest_dir)
    backup_written(target)
    policy = read_retention(db_path) if isinstance(retention, _ProfileRetention) else retention
    if policy is not None:
        rotate_backups(dest_dir, policy)
    return target


def plain_os_error(exc: BaseException) -> str:
    """A file-system or SQLite error in the user's words and language, as a phrase to put inside a sentence:
    disk full, read-only, no permission, or the error's own text as is."""
    import errno

    text = str(exc)
    code = getattr(exc, "errno", None)
    lowered = text.lower()
    if code == errno.ENOSPC or "disk is full" in lowered or "database or disk is full" in lowered:
        return _("the disk is full (free some space and try again)")
    if code == errno.EROFS or "read-only" in lowered or "readonly" in lowered:
        return _("the file or its folder is read-only (it must be writable)")
    if code in (errno.EACCES, errno.EPERM) or "permission denied" in lowered:
        return _("you do not have permission to write there")
    return text


def backup_time(path: Path) -> datetime | None:
    """The UTC time encoded in a backup's file name, or None if not named by :func:`new_backup_name`."""
    match = _NAME_RE.match(Path(path).name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)


def backup_reason(path: Path) -> str:
    """The reason part of a backup's file name (``daily``, ``before-migration`` ...), or ``""``."""
    match = _NAME_RE.match(Path(path).name)
    return match.group(2) if match else ""


def list_backups(dest_dir: Path, *, suffix: str | None = BACKUP_SUFFIX) -> list[Path]:
    """Backups in ``dest_dir`` with ``suffix`` (``.sqlite3``, ``.dump``; None for both), newest first."""
    if not dest_dir.exists():
        return []
    suffixes = (BACKUP_SUFFIX, DUMP_SUFFIX) if suffix is None else (suffix,)
    found = [p for s in suffixes for p in dest_dir.glob(f"clinic-*{s}") if backup_time(p) is not None]
    return sorted(found, key=lambda p: p.name, reverse=True)


def remove_leftovers(db_path: Path | None, dest_dir: Path | None) -> list[Path]:
    """Delete what a killed backup or restore left behind: ``<db>.restore-staging*`` beside the database
    and ``*.partial`` in the backups folder. Logged; returns the removed paths. Never raises."""
    found: list[Path] = []
    with contextlib.suppress(OSError):
        if db_path is not None and db_path.parent.is_dir():
            found += [p for p in db_path.parent.glob(db_path.name + STAGING_SUFFIX + "*") if p.is_file()]
        if dest_dir is not None and dest_dir.is_dir():
            found += [p for p in dest_dir.glob("*" + PARTIAL_SUFFIX) if p.is_file()]
    removed = []
    for path in found:
        try:
            path.unlink()
        except OSError as exc:
            log.warning("could not remove the leftover file %s: %s", path, exc)
        else:
            removed.append(path)
            log.warning("removed %s, left behind by a backup or restore that was interrupted", path)
    return removed


def backup_before_migration(engine: Engine) -> Path | None:
    """Back up a database that holds tables before a migration runs; returns the backup or None.

    SQLite: an online copy beside the file (rotated by the file's own clinic profile). PostgreSQL: a
    ``pg_dump`` into the user's data folder; when the tools are missing it is logged and None returned (a
    PostgreSQL migration runs in one transaction, so the clinic is not stopped for want of a client tool).
    Raises :class:`BackupError` when a copy is attempted and fails (the migration must then not run).
    """
    from sqlalchemy import inspect

    from clinic_desktop import paths
    from clinic_desktop.db.engine import sqlite_path

    db_file = sqlite_path(engine)
    if db_file is not None:
        if not db_file.exists() or not inspect(engine).get_table_names():
            return None
        saved = backup_database(db_file, paths.backups_dir(db_file), reason="before-migration")
        log.info("backed up %s to %s before migrating", db_file, saved)
        return saved
    if engine.dialect.name != "postgresql" or not inspect(engine).get_table_names():
        return None
    from clinic_desktop.db import pg_backup

    if pg_backup.find_tool("pg_dump") is None or pg_backup.find_tool("pg_restore") is None:
        log.warning("no backup before migrating: %s", pg_backup.MISSING_TOOLS)
        return None
    return pg_backup.dump_database(
        engine.url,
        private_folder(paths.server_backups_dir(engine.url)),
        reason="before-migration",
        retention=_server_retention(engine),
    )


def _server_retention(engine: Engine) -> Retention | None:
    """The retention stored in a server database's clinic profile (floor if none; None if unreadable)."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT retention_daily, retention_weekly, retention_monthly FROM clinic_profile "
                    "ORDER BY id LIMIT 1"
                )
            ).first()
    except SQLAlchemyError:
        return None
    return Retention(int(row[0]), int(row[1]), int(row[2])).at_least_floor() if row else RETENTION_FLOOR
