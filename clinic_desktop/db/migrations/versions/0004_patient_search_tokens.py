"""patient search on PostgreSQL: a folded-token table kept in step by a trigger

Hand-written (raw SQL objects that autogenerate cannot express), PostgreSQL only; SQLite has its FTS5
index from 0002 and gets nothing here. It creates

- ``patient_search_token`` (patient_id, token): one row per distinct token of ``patient.search_text``
  (already folded by the app: lower case, no accents), ``token`` in the "C" collation so that a word-start
  match is an index range (``token >= 'tre' AND token < 'trf'``) whatever the server's locale;
- ``ix_patient_search_token_token`` on (token, patient_id): the range answered from the index alone;
- the trigger ``patient_search_token_sync`` (a PL/pgSQL function of the same name) that rewrites a
  patient's tokens on every insert and on every update of ``search_text`` (also rows written by raw SQL or
  restored from a dump); deleting a patient deletes its tokens (ON DELETE CASCADE);
- the tokens of the patients already there.

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0004"
down_revision: Union[str, None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: tokens are separated by white space; "_" too, as FTS5's unicode61 tokenizer does on SQLite
_SPLIT = r"regexp_split_to_table({text}, '[\s_]+')"

_POSTGRES_UP = [
    "CREATE TABLE patient_search_token ("
    " patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
    ' token VARCHAR COLLATE "C" NOT NULL,'
    " PRIMARY KEY (patient_id, token))",
    "CREATE INDEX ix_patient_search_token_token ON patient_search_token (token, patient_id)",
    "CREATE FUNCTION patient_search_token_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF TG_OP = 'UPDATE' THEN\n"
    "    IF NEW.search_text IS NOT DISTINCT FROM OLD.search_text AND NEW.id = OLD.id THEN RETURN NEW; END IF;\n"
    "    DELETE FROM patient_search_token WHERE patient_id = OLD.id;\n"
    "  END IF;\n"
    "  INSERT INTO patient_search_token (patient_id, token)\n"
    f"    SELECT DISTINCT NEW.id, t FROM {_SPLIT.format(text='NEW.search_text')} AS t WHERE t <> '';\n"
    "  RETURN NEW;\n"
    "END $$",
    "CREATE TRIGGER patient_search_token_sync AFTER INSERT OR UPDATE ON patient"
    " FOR EACH ROW EXECUTE FUNCTION patient_search_token_sync()",
    "INSERT INTO patient_search_token (patient_id, token)"
    f" SELECT DISTINCT p.id, t FROM patient p, {_SPLIT.format(text='p.search_text')} AS t WHERE t <> ''",
    "ANALYZE patient_search_token",
]
_POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS patient_search_token_sync ON patient",
    "DROP FUNCTION IF EXISTS patient_search_token_sync()",
    "DROP TABLE IF EXISTS patient_search_token",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES_DOWN:
            op.execute(statement)
