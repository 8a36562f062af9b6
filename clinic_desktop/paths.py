"""Where things live: bundled data (protocols, fonts, icons) and the user's own folders.

Bundled data is found next to the package in a source checkout and under ``sys._MEIPASS`` in a
PyInstaller build. User folders come from platformdirs and can be redirected for tests and portable
installs with ``CLINIC_DESKTOP_HOME`` (one folder holding ``data/`` and ``logs/``) or, for the database
alone, ``--db`` / ``CLINIC_DESKTOP_DB`` (a file path of any shape, or a ``postgresql+psycopg://`` URL: see
:func:`database_target`). Nothing here runs at import time.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PurePath

import platformdirs

from clinic_desktop import APP_ID

ENV_HOME = "CLINIC_DESKTOP_HOME"
ENV_DB = "CLINIC_DESKTOP_DB"
ENV_PROTOCOLS = "CLINIC_DESKTOP_PROTOCOLS"
DB_FILENAME = "clinic.sqlite3"


def bundle_root() -> Path:
    """Folder holding ``protocols/`` and ``resources/``: the repo root, or the frozen bundle's root."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The bundled ``resources/`` folder (fonts with their licences, icons, default logo)."""
    return bundle_root() / "resources"


def protocols_dir() -> Path:
    """The protocols folder: ``$CLINIC_DESKTOP_PROTOCOLS`` (a clinic's own edited set) or the bundled one."""
    override = os.environ.get(ENV_PROTOCOLS, "").strip()
    if override:
        return Path(override).expanduser()
    return bundle_root() / "protocols"


def fonts_dir() -> Path:
    """The bundled fonts folder (TTF files with their licence files)."""
    return resources_dir() / "fonts"


def _home_override() -> Path | None:
    value = os.environ.get(ENV_HOME, "").strip()
    return Path(value).expanduser() if value else None


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing and make it owner-only (0700) on POSIX; returns it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        try:
            path.chmod(0o700)
        except OSError:  # not ours (a shared folder named by an override): leave it as it is
            pass
    return path


def data_dir() -> Path:
    """The user's data folder (database, backups); created on first use."""
    home = _home_override()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
    return private_dir(path)


def log_dir() -> Path:
    """The user's log folder; created on first use."""
    home = _home_override()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_ID, appauthor=False))
    return private_dir(path)


def backups_dir(db_path: Path) -> Path:
    """Folder for the automatic and on-demand backups of the database at ``db_path``."""
    path = db_path.parent / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The SQLite file to open: ``--db`` if given, else ``$CLINIC_DESKTOP_DB``, else the data folder's file.

    For a target that may be a server URL use :func:`database_target`."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DB, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    return data_dir() / DB_FILENAME


#: ``scheme://`` or ``scheme+driver://`` at the start of a database target (``C:\\x`` and ``/x`` are paths).
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def is_url(target: str | os.PathLike[str]) -> bool:
    """True when ``target`` is a SQLAlchemy URL (``postgresql+psycopg://…``, ``sqlite:///…``), False for a
    file path of any shape (POSIX, ``C:\\…``, ``\\\\server\\share\\…``, with spaces, ``%`` or ``#``).
    Here, not in db/engine.py: the start-up reads it before SQLAlchemy is loaded."""
    return not isinstance(target, PurePath) and bool(_URL_SCHEME.match(str(target)))


def database_target(cli_value: str | os.PathLike[str] | None = None) -> str:
    """What to open: ``--db`` if given, else ``$CLINIC_DESKTOP_DB``, else the data folder's SQLite file.

    Either of the first two may be a SQLAlchemy URL (``postgresql+psycopg://user@host/db``, returned as
    typed) or a file path of any shape (spaces, ``%``, ``#``, any script; returned absolute).
    """
    for value in (cli_value, os.environ.get(ENV_DB, "").strip()):
        if value:
            return str(value) if is_url(value) else str(Path(value).expanduser().resolve())
    return str(data_dir() / DB_FILENAME)


def server_backups_dir(url: object) -> Path:
    """Backups folder of a database on a server (``url``: a SQLAlchemy URL): one folder per server and
    database under the data folder's ``backups/``, e.g. ``backups/127.0.0.1-5432-clinic``, so the backups,
    anchors and rotation of two databases never mix. Not created here."""
    host = str(getattr(url, "host", None) or "local")
    port = str(getattr(url, "port", None) or "5432")
    database = str(getattr(url, "database", None) or "default")
    name = "-".join(part for part in (host, port, database))
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
    return data_dir() / "backups" / safe
