"""Backups through SQLite's online backup API, checked with ``PRAGMA integrity_check`` and rotated.

A backup is written under a temporary name, switched to a self-contained single file (rollback journal,
no ``-wal`` beside it), integrity-checked, and only then renamed to ``clinic-<UTC stamp>-<reason>.sqlite3``,
so a half-written or failed copy never looks like a backup. On POSIX the backups folder is ``0700`` and
each file ``0600`` from the moment it is created.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

BACKUP_SUFFIX = ".sqlite3"
_NAME_RE = re.compile(r"^clinic-(\d{8}T\d{12})Z-(.*)\.sqlite3$")


class BackupError(Exception):
    """A backup could not be written or does not pass the integrity check; the message says which."""


def _ro_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


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

    A missing file, an empty file or a file that is not SQLite is reported as not ok.
    """
    path = Path(path)
    if not path.is_file():
        return False, "the file does not exist"
    if not looks_like_sqlite(path):
        return False, "the file is not a database"
    try:
        con = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, f"not a readable database: {exc}"
    messages = [str(r[0]) for r in rows] or ["no answer"]
    ok = messages == ["ok"]
    return ok, "ok" if ok else "; ".join(messages[:5])


def _private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (POSIX), so no copy is ever world-readable."""
    if os.name == "posix":
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` into a new file ``target`` with the online backup API (consistent even while others
    write), leaving ``target`` a single self-contained file. Raises ``sqlite3.Error`` on failure."""
    _private_file(target)
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


def backup_database(db_path: Path, dest_dir: Path, *, reason: str, keep: int | None = None) -> Path:
    """Copy the live database at ``db_path`` into ``dest_dir`` and verify the copy.

    The file is named ``clinic-YYYYmmddTHHMMSSffffffZ-<reason>.sqlite3`` (UTC). When ``keep`` is given, only
    the newest ``keep`` backups are kept. Raises :class:`BackupError` if the database is missing, the copy
    fails, or the copy fails its integrity check (the failed copy is removed).
    """
    db_path = Path(db_path)
    if not looks_like_sqlite(db_path):
        raise BackupError(f"There is no database to back up at {db_path}.")
    dest_dir.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            dest_dir.chmod(0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safe_reason = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in reason)[:40] or "manual"
    target = dest_dir / f"clinic-{stamp}-{safe_reason}{BACKUP_SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    try:
        copy_database(db_path, partial)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup could not be written: {exc}") from exc
    ok, message = integrity_ok(partial)
    if not ok:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup {target.name} failed its integrity check: {message}")
    os.replace(partial, target)
    if keep is not None:
        rotate_backups(dest_dir, keep)
    return target


def backup_time(path: Path) -> datetime | None:
    """The UTC time encoded in a backup's file name, or None if not named by :func:`backup_database`."""
    match = _NAME_RE.match(Path(path).name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)


def backup_reason(path: Path) -> str:
    """The reason part of a backup's file name (``daily``, ``before-migration`` ...), or ``""``."""
    match = _NAME_RE.match(Path(path).name)
    return match.group(2) if match else ""


def list_backups(dest_dir: Path) -> list[Path]:
    """Backups in ``dest_dir``, newest first."""
    if not dest_dir.exists():
        return []
    return sorted(dest_dir.glob(f"clinic-*{BACKUP_SUFFIX}"), reverse=True)


def rotate_backups(dest_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` (at least 1) backups; returns the deleted paths."""
    doomed = list_backups(dest_dir)[max(keep, 1) :]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
