"""Engine construction. Every SQLite connection gets foreign keys, WAL, a busy timeout and full sync."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(target: str | os.PathLike[str]) -> Engine:
    """An engine for a SQLite file path, or for any SQLAlchemy URL (``postgresql+psycopg://…``).

    For SQLite the parent folder is created and, on POSIX, the file is made readable by its owner only.
    Raises ``OSError`` when the folder cannot be created.
    """
    text = str(target)
    if "://" in text:
        engine = create_engine(text, pool_pre_ping=True)
    else:
        path = Path(text)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
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


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind a SQLite engine, or None for other databases and in-memory SQLite."""
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def open_database(target: str | os.PathLike[str], *, backup_before_migrating: bool = True) -> Engine:
    """Make the engine and bring the schema to the newest revision (backing the file up first if needed).

    Raises :class:`clinic_desktop.db.migrate.DatabaseTooNewError` for a database written by a newer app.
    """
    from clinic_desktop.db.migrate import upgrade_database

    engine = make_engine(target)
    upgrade_database(engine, backup_before_migrating=backup_before_migrating)
    return engine
