"""Alembic migrations applied at start, after a backup of the file.

The migration scripts live in ``clinic_desktop/db/migrations`` (batch mode on SQLite). A database whose
revision this app does not know was written by a newer version and is refused.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from clinic_desktop.db.backup import backup_before_migration
from clinic_desktop.db.engine import _sqlite_pragmas, sqlite_path
from clinic_desktop.translation import _

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (with Mako) takes ~0.2 s to import: it is imported only when a migration is due, never on the
# normal start of an up-to-date database (see _up_to_date).

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: The PostgreSQL advisory lock every Clinic Desktop migration takes first (any 64-bit number unique to the
#: app would do: this one spells "ClinicDk" in ASCII).
PG_MIGRATION_LOCK = 0x436C696E69634B


#: How long a migration waits for another process to let go of a SQLite file before refusing (seconds): a
#: migration running in another instance takes a few seconds at most; longer than this, someone is working.
MIGRATION_WAIT_S = 30


class DatabaseTooNewError(Exception):
    """The database was written by a newer version of Clinic Desktop; this version must not touch it.
    ``str(err)`` is the message for the user, in their language."""


class DatabaseBusyError(Exception):
    """A migration is due but another Clinic Desktop (window, workstation, command) holds the SQLite file
    busy for longer than :data:`MIGRATION_WAIT_S`; nothing was changed. ``str(err)`` is the message for the
    user (the CLI and the window turn it into a ClinicError)."""


def alembic_config(engine: Engine | None = None, *, connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the bundled migrations.

    The database is handed over as objects, never as a URL string: ``config.attributes["connection"]`` (a
    connection already inside the migration's transaction, used by env.py as is) or
    ``config.attributes["engine"]``. A URL would go through ConfigParser, which reads ``%`` (every
    percent-encoded path or password) as interpolation.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this app knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations bundled"
    return head


def current_revision(engine: Engine | Connection) -> str | None:
    """The revision stamped in the database, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    if isinstance(engine, Connection):
        return MigrationContext.configure(engine).get_current_revision()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _busy_message(engine: Engine) -> str:
    """Why a migration was refused: another process kept the SQLite file busy (the reader's language)."""
    return _("The database {path} needs updating to this version of Clinic Desktop, but another Clinic "
             "Desktop (another window, workstation or command) kept it busy for more than {seconds} "
             "seconds. Close Clinic Desktop everywhere else that uses this database, then start it again. "
             "Nothing was changed.").format(path=sqlite_path(engine), seconds=f"{MIGRATION_WAIT_S:g}")


@contextmanager
def migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection inside one transaction that holds the migration lock; committed when the block ends,
    rolled back (with everything the block did) when it raises.

    PostgreSQL: ``pg_advisory_xact_lock`` (waits for a migration running elsewhere; released at the end of
    the transaction). SQLite: ``BEGIN EXCLUSIVE`` on a connection with pysqlite's own transaction handling
    turned off (SQLAlchemy's "serializable isolation / savepoints / transactional DDL" recipe for pysqlite),
    so DDL runs inside the transaction too and a failed or killed migration leaves none of its objects.
    Raises :class:`DatabaseBusyError` when another process keeps the SQLite file busy beyond
    :data:`MIGRATION_WAIT_S`.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn, conn.begin():
            conn.execute(select(func.pg_advisory_xact_lock(PG_MIGRATION_LOCK)))
            yield conn
        return
    if engine.dialect.name != "sqlite" or sqlite_path(engine) is None:
        with engine.begin() as conn:
            yield conn
        return
    exclusive = create_engine(engine.url, poolclass=NullPool, connect_args={"timeout": MIGRATION_WAIT_S})
    event.listen(exclusive, "connect", _sqlite_pragmas)
    event.listen(exclusive, "connect", _driver_transactions_off)
    event.listen(exclusive, "connect", _wait_for_the_lock)
    event.listen(exclusive, "begin", _begin_exclusive)
    try:
        with exclusive.connect() as conn:
            try:
                conn.begin()
            except OperationalError as exc:
                log.warning("migration refused: database busy (%s)", exc.orig)
                raise DatabaseBusyError(_busy_message(engine)) from exc
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
    finally:
        exclusive.dispose()


def _driver_transactions_off(dbapi_connection, _record) -> None:  # noqa: ANN001
    dbapi_connection.isolation_level = None  # pysqlite emits no BEGIN / COMMIT of its own


def _wait_for_the_lock(dbapi_connection, _record) -> None:  # noqa: ANN001
    dbapi_connection.execute(f"PRAGMA busy_timeout={int(MIGRATION_WAIT_S * 1000)}")


def _begin_exclusive(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN EXCLUSIVE")


def upgrade_database(engine: Engine, *, backup_before_migrating: bool = True, target: str = "head") -> bool:
    """Bring the schema to ``target``; returns True if any migration ran.

    Runs under :func:`migration_lock`, in one transaction, and reads the revision again once the lock is
    held: of two start-ups racing on one database, the second waits, finds the work done and returns False.
    A SQLite file that already holds tables is backed up (online backup API, integrity-checked) before any
    migration runs. Raises :class:`DatabaseTooNewError` if the database's revision is unknown to this app,
    :class:`DatabaseBusyError` when another process keeps a SQLite file busy.
    """
    if target == "head" and _up_to_date(engine):
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    with migration_lock(engine) as connection:
        current = current_revision(connection)
        if current is not None:
            try:
                script.get_revision(current)
            except Exception as exc:  # alembic raises ResolutionError / CommandError subclasses
                raise DatabaseTooNewError(_(
                    "This database was written by a newer version of Clinic Desktop (schema revision "
                    "{revision}). Install the newer version to open it; the file was not changed.").format(
                    revision=current)) from exc
        if current == script.get_current_head() and target == "head":
            return False
        if backup_before_migrating:
            # SQLite copy or PostgreSQL pg_dump, rotated like the others. On SQLite (WAL) the copy reads the
            # last committed state while this connection holds the write lock.
            backup_before_migration(engine)
        command.upgrade(alembic_config(connection=connection), target)
    return True


def downgrade_database(engine: Engine, target: str = "base") -> None:
    """Run the downgrade path to ``target`` under :func:`migration_lock` (tests and support use only)."""
    from alembic import command

    with migration_lock(engine) as connection:
        command.downgrade(alembic_config(connection=connection), target)


_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*[\"']([^\"']+)[\"']\s*$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(?:None|[\"']([^\"']+)[\"'])\s*$",
                            re.MULTILINE)


def _head_from_files() -> str | None:
    """The head revision read from the scripts' ``revision`` / ``down_revision`` lines, without Alembic;
    None when a script has another shape (a merge, a computed value) or there is not exactly one head."""
    revisions: dict[str, str | None] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions[revision.group(1)] = down.group(1)
    heads = set(revisions) - {d for d in revisions.values() if d}
    return heads.pop() if len(heads) == 1 else None


def _up_to_date(engine: Engine) -> bool:
    """True when the database is stamped with this app's head revision (the normal start: no Alembic)."""
    head = _head_from_files()
    if head is None:
        return False
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return False
        stamped = [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]
    return stamped == [head]
