"""Backups through SQLite's online backup API, checked with ``PRAGMA integrity_check`` and rotated."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

BACKUP_SUFFIX = ".sqlite3"


class BackupError(Exception):
    """A backup could not be written or does not pass the integrity check; the message says which."""


def integrity_ok(path: Path) -> tuple[bool, str]:
    """Run ``PRAGMA integrity_check`` on a file; returns (ok, message). Never raises for a bad file."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("PRAGMA integrity_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, f"not a readable database: {exc}"
    message = row[0] if row else "no answer"
    return message == "ok", message


def backup_database(db_path: Path, dest_dir: Path, *, reason: str, keep: int | None = None) -> Path:
    """Copy the live database at ``db_path`` into ``dest_dir`` and verify the copy.

    The file is named ``clinic-YYYYmmddTHHMMSSffffffZ-<reason>.sqlite3`` (UTC). When ``keep`` is given, only
    the newest ``keep`` backups are kept. Raises :class:`BackupError` if the copy fails its integrity check.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safe_reason = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in reason)[:40] or "manual"
    target = dest_dir / f"clinic-{stamp}-{safe_reason}{BACKUP_SUFFIX}"
    source = sqlite3.connect(str(db_path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    if os.name == "posix":
        target.chmod(0o600)
    ok, message = integrity_ok(target)
    if not ok:
        raise BackupError(f"The backup {target.name} failed its integrity check: {message}")
    if keep is not None:
        rotate_backups(dest_dir, keep)
    return target


def list_backups(dest_dir: Path) -> list[Path]:
    """Backups in ``dest_dir``, newest first."""
    if not dest_dir.exists():
        return []
    return sorted(dest_dir.glob(f"clinic-*{BACKUP_SUFFIX}"), reverse=True)


def rotate_backups(dest_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` (at least 1) backups; returns the deleted paths."""
    doomed = list_backups(dest_dir)[max(keep, 1):]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
