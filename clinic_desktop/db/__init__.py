"""Database layer: engine with SQLite pragmas, backups, and Alembic migrations (no Qt here)."""

from clinic_desktop.db.engine import make_engine, open_database
from clinic_desktop.db.migrate import DatabaseTooNewError, upgrade_database

__all__ = ["DatabaseTooNewError", "make_engine", "open_database", "upgrade_database"]
