"""patient search: FTS5 prefix index over patient.search_text, kept current by triggers

Hand-written (raw SQL objects that autogenerate cannot express). On SQLite it creates

- ``patient_fts``: an FTS5 table over ``patient.search_text`` (external content, so the text is stored
  once), unicode61 tokens with diacritics removed, prefix indexes for 1-3 characters so that
  search-as-you-type prefixes are answered from the index;
- three triggers that keep it in step with every insert, update and delete of ``patient`` (also rows
  written by raw SQL, e.g. bulk imports);
- ``ix_patient_name_order`` on (family_name, given_names), the order search results are listed in.

On other databases (PostgreSQL) only the name-order index is created; search falls back to LIKE there.

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0002"
down_revision: Union[str, None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_SQLITE_UP = [
    "CREATE VIRTUAL TABLE patient_fts USING fts5("
    " search_text, content='patient', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail='none')",
    "CREATE TRIGGER patient_fts_ai AFTER INSERT ON patient BEGIN"
    " INSERT INTO patient_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER patient_fts_ad AFTER DELETE ON patient BEGIN"
    " INSERT INTO patient_fts(patient_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER patient_fts_au AFTER UPDATE OF search_text ON patient BEGIN"
    " INSERT INTO patient_fts(patient_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    " INSERT INTO patient_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO patient_fts(patient_fts) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS patient_fts_au",
    "DROP TRIGGER IF EXISTS patient_fts_ad",
    "DROP TRIGGER IF EXISTS patient_fts_ai",
    "DROP TABLE IF EXISTS patient_fts",
]


def upgrade() -> None:
    op.create_index("ix_patient_name_order", "patient", ["family_name", "given_names"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    op.drop_index("ix_patient_name_order", table_name="patient")
