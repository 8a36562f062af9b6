"""Alembic migrations applied at start, after a backup of the file.

The migration scripts live in ``clinic_desktop/db/migrations`` (batch mode on SQLite). A database whose
revision this app does not know was written by a newer version and is refused.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from clinic_desktop.db.backup import backup_before_migration

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (with Mako) takes ~0.2 s to import: it is imported only when a migration is due, never on the
# normal start of an up-to-date database (see _up_to_date).

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseTooNewError(Exception):
    """The database was written by a newer version of Clinic Desktop; this version must not touch it."""


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at the bundled migrations (and at ``engine`` when given)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision this app knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations bundled"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_database(engine: Engine, *, backup_before_migrating: bool = True, target: str = "head") -> bool:
    """Bring the schema to ``target``; returns True if any migration ran.

    A SQLite file that already holds tables is backed up (online backup API, integrity-checked) before any
    migration runs. Raises :class:`DatabaseTooNewError` if the database's revision is unknown to this app.
    """
    if target == "head" and _up_to_date(engine):
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

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
    if backup_before_migrating:
        backup_before_migration(engine)  # SQLite copy or PostgreSQL pg_dump, rotated like the others
    command.upgrade(config, target)
    return True


def downgrade_database(engine: Engine, target: str = "base") -> None:
    """Run the downgrade path to ``target`` (tests and support use only)."""
    from alembic import command

    command.downgrade(alembic_config(engine), target)


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
