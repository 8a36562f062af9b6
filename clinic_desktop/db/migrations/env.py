"""Alembic environment: runs on the engine handed in by clinic_desktop.db.migrate, batch mode on SQLite."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import clinic_desktop.models  # noqa: F401  (registers every table on SQLModel.metadata)
from clinic_desktop.models import UTCDateTime

config = context.config
target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render project column types as plain SQLAlchemy types so migrations never import app code."""
    if type_ == "type":
        if isinstance(obj, UTCDateTime):
            return "sa.DateTime()"
        if type(obj).__name__ == "AutoString":
            length = getattr(obj, "length", None)
            return f"sa.String(length={length})" if length else "sa.String()"
    return False


def _configure_and_run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():  # a no-op inside the caller's transaction (migration_lock)
        context.run_migrations()


def run_migrations() -> None:
    """Run on ``config.attributes["connection"]`` (clinic_desktop.db.migrate: locked, one transaction), else
    on ``attributes["engine"]``, else (the ``alembic`` command line in a checkout) on ``sqlalchemy.url``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        _configure_and_run(connection)


run_migrations()
_ = sa  # keep the import for render_item's output
