"""Helpers for the migration tests: each revision is tested down to the revision just before it."""

from __future__ import annotations


def revision_before(revision: str) -> str:
    """The ``down_revision`` of ``revision`` in the bundled scripts (the revisions are one straight line)."""
    from alembic.script import ScriptDirectory

    from clinic_desktop.db.migrate import alembic_config

    down = ScriptDirectory.from_config(alembic_config()).get_revision(revision).down_revision
    assert isinstance(down, str), f"{revision} has no single parent"
    return down
