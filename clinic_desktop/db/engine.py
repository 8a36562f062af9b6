"""Engine construction. Every SQLite connection gets foreign keys, WAL, a busy timeout and full sync."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import time
from pathlib import Path, PurePath

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import ConnectionPoolEntry

from clinic_desktop.paths import is_url  # noqa: F401 - also part of this module's interface
from clinic_desktop.translation import _

BUSY_TIMEOUT_MS = 5000

def sqlite_url(path: str | os.PathLike[str]) -> URL:
    """The SQLAlchemy URL of the SQLite file ``path``, built as a structure (never by string formatting), so
    any character a file name may hold (``%``, ``#``, ``?``, spaces, backslashes, drive letters, any script)
    reaches SQLite unchanged: ``URL.create("sqlite", database=str(path)).database == str(path)``."""
    return URL.create("sqlite", database=str(path))


def display_target(target: str | os.PathLike[str] | URL | Engine) -> str:
    """A database target as it may be shown or logged: a file path as is, a URL with its password hidden."""
    if isinstance(target, Engine):
        target = target.url
    if isinstance(target, URL):
        return str(target.database) if target.drivername.startswith("sqlite") else target.render_as_string(
            hide_password=True)
    if is_url(target):
        try:
            return make_url(str(target)).render_as_string(hide_password=True)
        except Exception:  # an unparseable URL: show its scheme only, never what could be a password
            return str(target).split("://", 1)[0] + "://…"
    return str(target)


#: How long a new connection keeps asking for WAL while another process creates or migrates the file (s).
WAL_WAIT_SECONDS = 30.0


def _set_wal(cursor: sqlite3.Cursor) -> None:
    """``PRAGMA journal_mode=WAL``, asked again while another process holds the file's lock: SQLite answers
    "database is locked" at once here (no busy handler) when a second workstation start-up meets the first
    one's migration of a new file. Raises ``sqlite3.OperationalError`` after :data:`WAL_WAIT_SECONDS`."""
    deadline = time.monotonic() + WAL_WAIT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _set_wal(cursor)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(target: str | os.PathLike[str]) -> Engine:
    """An engine for a SQLite file path, or for any SQLAlchemy URL (``postgresql+psycopg://…``).

    For SQLite the parent folder is created and, on POSIX, the file is made readable by its owner only.
    Raises ``IsADirectoryError`` (an ``OSError``) when ``target`` is a folder, ``OSError`` when the folder
    cannot be created.
    """
    if is_url(target):
        url = make_url(str(target))
        if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
            return make_engine(Path(url.database))
        engine = create_engine(url, pool_pre_ping=True)
    else:
        path = Path(target)
        if path.is_dir():  # never chmod a folder (``--db /tmp`` made /tmp owner-only before)
            raise IsADirectoryError(errno.EISDIR, _(
                "{path} is a folder, not a database file: give the path of a file inside it, for example "
                "{example}").format(path=path, example=path / "clinic.sqlite3"), str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(sqlite_url(path), connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        if os.name == "posix":
            if not path.exists():
                path.touch(mode=0o600)
            else:
                try:
                    path.chmod(0o600)
                except OSError:
                    pass
    return engine


#: The oldest PostgreSQL major version Clinic Desktop supports (tested on 15; 13 is the oldest still
#: maintained by the PostgreSQL project when this was written).
MIN_POSTGRES_VERSION = 13

_AUTH_STATES = {"28000", "28P01"}  # invalid_authorization_specification (no such role), invalid_password
_NO_DATABASE_STATES = {"3D000"}  # invalid_catalog_name


class DatabaseServerTooOldError(Exception):
    """The PostgreSQL server is older than :data:`MIN_POSTGRES_VERSION`; nothing was changed on it.
    ``str(err)`` is the message for the user (the CLI and the window turn it into a ClinicError)."""


def check_server_version(engine: Engine) -> None:
    """Connect once and refuse a PostgreSQL server older than :data:`MIN_POSTGRES_VERSION` (SQLite and
    other databases pass). Raises :class:`DatabaseServerTooOldError` (message in the user's terms) and
    whatever the driver raises when the server cannot be reached (see :func:`server_problem`)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect():
        version = engine.dialect.server_version_info or ()
    if version and version[0] < MIN_POSTGRES_VERSION:
        shown = ".".join(str(part) for part in version[:2])
        raise DatabaseServerTooOldError(_(
            "The database server {server} runs PostgreSQL {version}; Clinic Desktop needs PostgreSQL "
            "{minimum} or newer. Ask whoever looks after the server to upgrade it. Nothing was "
            "changed.").format(server=display_target(engine), version=shown, minimum=MIN_POSTGRES_VERSION))


def _state_from_message(message: str) -> str | None:
    """The SQLSTATE of a failed connection, read from the server's message (psycopg gives no SQLSTATE for
    errors raised while connecting; the server sends these messages in English unless lc_messages says
    otherwise, when the general "cannot be reached" answer is given)."""
    if re.search(r'database "[^"]*" does not exist', message):
        return "3D000"
    if re.search(r"password authentication failed|no password supplied|role \"[^\"]*\" does not exist|"
                 r"authentication failed", message):
        return "28P01"
    if "pg_hba.conf" in message:
        return "28000"
    return None


def server_problem(exc: BaseException, target: str | URL) -> str | None:
    """A message in the user's terms for a database server that cannot be used, or None when ``exc`` is
    something else (then the caller's general message applies).

    Told apart by the driver's SQLSTATE (psycopg): wrong user name or password (28000, 28P01), no such
    database (3D000), and a connection failure without SQLSTATE (server down, wrong host or port, no
    network). The message names the server without any password, in the reader's language.
    """
    url = make_url(str(target)) if not isinstance(target, URL) else target
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None) or _state_from_message(str(orig))
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    user = url.username or _("(no user name)")
    database = url.database or _("(no database name)")
    if state == "28000" and "pg_hba.conf" in str(orig):
        return _("The database server at {where} does not accept connections from this computer for the "
                 "user {user} and the database {database}. Whoever looks after the server adds this "
                 "computer's network to its pg_hba.conf (README, \"Several workstations\"). Nothing was "
                 "changed.").format(
            where=where, user=user, database=database)
    if state in _AUTH_STATES:
        return _("The database server at {where} did not accept the user name {user} with the password "
                 "given. Check the user name in the database address and the password (in ~/.pgpass or "
                 "PGPASSWORD), or ask whoever set up the server. Nothing was changed.").format(
            where=where, user=user)
    if state in _NO_DATABASE_STATES:
        return _("There is no database named {database} on the server at {where}. Check the name at the end "
                 "of the database address (--db or CLINIC_DESKTOP_DB), or create the database as the "
                 "README's \"Several workstations\" section shows. Nothing was changed.").format(
            database=database, where=where)
    if state is None and type(orig).__name__ == "OperationalError":
        return _("The database server at {where} cannot be reached. Check that the server computer is on "
                 "and PostgreSQL is running there, that this computer is on the clinic's network, and the "
                 "host name and port in the database address. Nothing was changed.").format(where=where)
    return None


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind a SQLite engine, or None for other databases and in-memory SQLite."""
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def open_database(target: str | os.PathLike[str], *, backup_before_migrating: bool = True) -> Engine:
    """Make the engine and bring the schema to the newest revision (backing the file up first if needed).

    Raises :class:`clinic_desktop.db.migrate.DatabaseTooNewError` for a database written by a newer app,
    :class:`DatabaseServerTooOldError` for a PostgreSQL server older than :data:`MIN_POSTGRES_VERSION`,
    :class:`clinic_desktop.db.migrate.DatabaseBusyError` when another process keeps a SQLite file busy.
    """
    from clinic_desktop.db.migrate import upgrade_database

    engine = make_engine(target)
    check_server_version(engine)
    upgrade_database(engine, backup_before_migrating=backup_before_migrating)
    return engine
