"""What a CLI command gets: the parsed ``--db`` target and a lazily opened, migrated engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from clinic_desktop import paths


@dataclass
class CommandContext:
    """Lazily opens the database named by ``--db`` (or the environment / default) for a command."""

    db_arg: str | None = None
    _engine: Engine | None = field(default=None, init=False, repr=False)

    @property
    def db_target(self) -> str:
        """The SQLite file path or SQLAlchemy URL to open."""
        if self.db_arg and "://" in self.db_arg:
            return self.db_arg
        return str(paths.default_db_path(self.db_arg))

    def engine(self) -> Engine:
        """The migrated engine (opened on first use). Raises DatabaseTooNewError for a newer database."""
        if self._engine is None:
            from clinic_desktop.db import open_database

            self._engine = open_database(self.db_target)
        return self._engine

    def session(self) -> Session:
        """A new SQLModel session on the engine (use as a context manager)."""
        return Session(self.engine(), expire_on_commit=False)

    def db_file(self) -> Path | None:
        """The SQLite file, or None for a server URL."""
        return None if "://" in self.db_target else Path(self.db_target)
