"""Alembic migrations applied at start, after a backup of the file.

The migration scripts live in ``clinic_desktop/db/migrations`` (batch mode on SQLite). A database whose
revision this app does not know was written by a newer version and is refused.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from clinic_desktop import paths
from clinic_desktop.db.backup import backup_database
from clinic_desktop.db.engine import sqlite_path

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseTooNewError(Exception):
    """The database was written by a newer version of Clinic Desktop; this version must not touch it."""


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at the bundled migrations (and at ``engine`` when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision this app knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations bundled"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_database(engine: Engine, *, backup_before_migrating: bool = True, target: str = "head") -> bool:
    """Bring the schema to ``target``; returns True if any migration ran.

    A SQLite file that already holds tables is backed up (online backup API, integrity-checked) before any
    migration runs. Raises :class:`DatabaseTooNewError` if the database's revision is unknown to this app.
    """
    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    current = current_revision(engine)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises ResolutionError / CommandError subclasses
            raise DatabaseTooNewError(
                "This database was written by a newer version of Clinic Desktop "
                f"(schema revision {current}). Install the newer version to open it; the file was not changed."
            ) from exc
    if current == script.get_current_head() and target == "head":
        return False
    db_file = sqlite_path(engine)
    if backup_before_migrating and db_file is not None and db_file.exists():
        if inspect(engine).get_table_names():
            saved = backup_database(db_file, paths.backups_dir(db_file), reason="before-migration")
            log.info("backed up %s to %s before migrating", db_file, saved)
    command.upgrade(config, target)
    return True


def downgrade_database(engine: Engine, target: str = "base") -> None:
    """Run the downgrade path to ``target`` (tests and support use only)."""
    command.downgrade(alembic_config(engine), target)
