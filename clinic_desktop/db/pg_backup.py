"""Backups of a PostgreSQL database with ``pg_dump`` (custom format), verified with ``pg_restore --list``.

The tools are looked up on ``PATH`` first, then in the usual PostgreSQL install folders (Debian/Ubuntu
``/usr/lib/postgresql/<version>/bin``, RHEL ``/usr/pgsql-<version>/bin``, Homebrew, Postgres.app, the
Windows installer's ``Program Files\\PostgreSQL\\<version>\\bin``), newest version first. The connection is
passed through the environment (``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGDATABASE`` and the password as
``PGPASSWORD``): the password is never on a command line nor in the log.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL

from clinic_desktop.db.backup import (
    DUMP_SUFFIX,
    PARTIAL_SUFFIX,
    BackupError,
    Retention,
    backup_written,
    fsync_file,
    fsync_folder,
    new_backup_name,
    plain_os_error,
    private_file,
    private_folder,
    rotate_backups,
)
from clinic_desktop.translation import N_, _

log = logging.getLogger(__name__)

#: What the window and the CLI say when ``pg_dump`` / ``pg_restore`` cannot be found: English, marked for the
#: catalogue; shown through ``_(MISSING_TOOLS)`` (the reader's language at the time it is shown).
MISSING_TOOLS = N_(
    "Backups of a PostgreSQL database need PostgreSQL's pg_dump and pg_restore, which were not found on this "
    "computer. Install PostgreSQL's client tools (for example the postgresql-client package, or the "
    'PostgreSQL installer\'s "Command Line Tools"), or back up on the server with pg_dump.'
)

#: Longest a dump or its check may take, in seconds.
TOOL_TIMEOUT_S = 3600

_INSTALL_GLOBS = (
    "/usr/lib/postgresql/*/bin",
    "/usr/pgsql-*/bin",
    "/opt/homebrew/opt/postgresql*/bin",
    "/usr/local/opt/postgresql*/bin",
    "/Applications/Postgres.app/Contents/Versions/*/bin",
    "/usr/local/pgsql/bin",
    r"C:\Program Files\PostgreSQL\*\bin",
)


def _version_key(folder: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", folder)) or (0,)


def find_tool(name: str, *, extra_globs: tuple[str, ...] = ()) -> Path | None:
    """The path of PostgreSQL tool ``name`` (``pg_dump``, ``pg_restore``): on PATH, else the newest in the
    usual install folders (and ``extra_globs``); None when not found. Never raises."""
    found = shutil.which(name)
    if found:
        return Path(found)
    exe = name + (".exe" if os.name == "nt" else "")
    for pattern in (*extra_globs, *_INSTALL_GLOBS):
        for folder in sorted(glob.glob(pattern), key=_version_key, reverse=True):
            candidate = Path(folder) / exe
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    return None


def connection_env(url: URL) -> dict[str, str]:
    """The environment for a PostgreSQL tool to reach ``url``'s database (password in ``PGPASSWORD``).

    The connection variables are taken from the URL alone (so a stray ``PGHOST`` or ``PGDATABASE`` cannot
    point the tool at another database), but the ways the README gives to keep a password out of the URL
    still work: ``PGPASSWORD`` and ``PGPASSFILE`` from the environment are kept when the URL has no password
    (``~/.pgpass`` is read by the tool itself)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") or k in ("PGPASSWORD", "PGPASSFILE")}
    if url.host:
        env["PGHOST"] = url.host
    if url.port:
        env["PGPORT"] = str(url.port)
    if url.username:
        env["PGUSER"] = url.username
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    if url.database:
        env["PGDATABASE"] = url.database
    for key, var in (("sslmode", "PGSSLMODE"), ("host", "PGHOST"), ("port", "PGPORT")):
        value = url.query.get(key)
        if isinstance(value, str):
            env[var] = value
    return env


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (fixed argv, no shell; the password is in env only)
        argv, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else _("no message")


def verify_dump(dump: Path, *, pg_restore: Path | None = None) -> tuple[bool, str]:
    """``pg_restore --list`` on a dump: ok when it reads and lists the Clinic Desktop core tables; else
    (False, why) in the reader's language (the tool's own first line as it wrote it)."""
    tool = pg_restore or find_tool("pg_restore")
    if tool is None:
        return False, _(MISSING_TOOLS)
    try:
        done = _run(
            [str(tool), "--list", str(dump)], {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return False, str(exc)
    if done.returncode != 0:
        return False, _first_line(done.stderr)
    for table in ("alembic_version", "audit_entry", "patient", "staff_member"):
        if not re.search(rf"\bTABLE\b.*\b{table}\b", done.stdout):
            return False, _("the backup file has no {table} table").format(table=table)
    return True, "ok"


def dump_database(
    url: URL,
    dest_dir: Path,
    *,
    reason: str,
    retention: Retention | None,
    now: datetime | None = None,
) -> Path:
    """Back up the PostgreSQL database at ``url`` into ``dest_dir`` as ``clinic-<UTC stamp>-<reason>.dump``
    (``pg_dump -Fc``), verify it with ``pg_restore --list``, run the after-backup hooks, then rotate by
    ``retention`` (None: no rotation). Raises :class:`BackupError` in plain words when the tools are
    missing, the server refuses, the disk is full or the dump does not verify (the partial file is removed).
    """
    pg_dump, pg_restore = find_tool("pg_dump"), find_tool("pg_restore")
    if pg_dump is None or pg_restore is None:
        raise BackupError(_(MISSING_TOOLS))
    shown = url.render_as_string(hide_password=True)
    try:
        private_folder(dest_dir)
        target = new_backup_name(dest_dir, reason, suffix=DUMP_SUFFIX, now=now)
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        private_file(partial)
    except OSError as exc:
        raise BackupError(_("The backup could not be written in {folder}: {reason}").format(
            folder=dest_dir, reason=plain_os_error(exc))) from exc
    try:
        try:
            done = _run([str(pg_dump), "-Fc", "--no-password", "-f", str(partial)], connection_env(url))
        except (OSError, subprocess.SubprocessError) as exc:
            raise BackupError(_("pg_dump could not run: {reason}").format(
                reason=plain_os_error(exc))) from exc
        if done.returncode != 0:
            raise BackupError(_("pg_dump could not back up {database}: {reason}").format(
                database=shown, reason=_first_line(done.stderr)))
        ok, message = verify_dump(partial, pg_restore=pg_restore)
        if not ok:
            raise BackupError(_("The backup {name} failed its check (pg_restore --list): {reason}").format(
                name=target.name, reason=message))
        fsync_file(partial)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):
        fsync_folder(dest_dir)
    log.info("PostgreSQL backup of %s written to %s", shown, target)
    backup_written(target)
    if retention is not None:
        rotate_backups(dest_dir, retention)
    return target
