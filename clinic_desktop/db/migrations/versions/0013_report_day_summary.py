"""complication report: treatment sessions pre-counted per UTC day, kept honest by dirty-day marks

Hand-written (tables and triggers the report owns, not models):

- ``report_day``: non-archived treatment sessions counted per UTC day, treatment and practitioner, at four
  levels: 0 every session; 1 sessions that used a product (``product_name``); 2 sessions that used a lot
  number of any product (``batch_number``); 3 sessions that used one batch of one product (both). A
  session is counted once per key however many product uses it has with that key. Fields outside a
  level's key hold ``''``.
- ``report_dirty_day``: UTC days whose counts may be stale, with a generation bumped at every mark.
  Triggers on ``treatment_session`` (insert, delete, update of treatment, practitioner, time or archived)
  and on ``product_use`` (insert, update, delete) mark the days they touch, inside the writer's own
  transaction, whichever workstation writes and whether the row comes from the app, a correction, a
  merge or raw SQL. The report counts dirty days from the raw rows and the others from ``report_day``;
  ``clinic_desktop.reporting.summary.fold_dirty_days`` recounts dirty days into ``report_day`` later and
  clears a mark only if its generation has not moved meanwhile.
- ``ix_product_use_session_batch`` on product_use (treatment_session_id, product_name, batch_number): a
  session's products and batches read from the index alone (recounting a day, the product filter on the
  sessions of complications and of the days counted raw);
- the counts of the rows already there (no day is left dirty).

Revision ID: 0013
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = [
    "CREATE TABLE report_day ("
    " level SMALLINT NOT NULL,"
    " product_name VARCHAR(200) NOT NULL,"
    " batch_number VARCHAR(80) NOT NULL,"
    " day {day_type} NOT NULL,"
    " treatment VARCHAR(80) NOT NULL,"
    " practitioner_id INTEGER NOT NULL,"
    " sessions INTEGER NOT NULL,"
    " PRIMARY KEY (level, product_name, batch_number, day, treatment, practitioner_id)){without_rowid}",
    "CREATE INDEX ix_report_day_day ON report_day (day)",
    "CREATE INDEX ix_product_use_session_batch ON product_use (treatment_session_id, product_name, batch_number)",
    "CREATE TABLE report_dirty_day (day {day_type} NOT NULL PRIMARY KEY, generation INTEGER NOT NULL)",
]

# the UTC day of a treatment session's time, as each engine stores it
_DAY = {"sqlite": "substr({t}.performed_at, 1, 10)", "postgresql": "CAST({t}.performed_at AS DATE)"}
_MARK = ("INSERT INTO report_dirty_day (day, generation) {source} "
         "ON CONFLICT (day) DO UPDATE SET generation = report_dirty_day.generation + 1")


def _mark_value(dialect: str, row: str) -> str:
    return _MARK.format(source=f"VALUES ({_DAY[dialect].format(t=row)}, 1)")


def _mark_session(dialect: str, session_id: str) -> str:
    day = _DAY[dialect].format(t="s")
    return _MARK.format(source=f"SELECT {day}, 1 FROM treatment_session s WHERE s.id = {session_id}")


def _count_sql(dialect: str) -> str:
    """Every level of ``report_day`` for the sessions whose day is in ``days`` (a CTE the caller names)."""
    day = _DAY[dialect].format(t="ts")
    false = "0" if dialect == "sqlite" else "false"
    base = (f"FROM treatment_session ts JOIN product_use pu ON pu.treatment_session_id = ts.id "
            f"WHERE ts.archived = {false}")
    return (
        f"SELECT 0, '', '', {day}, ts.treatment, ts.practitioner_id, COUNT(*) FROM treatment_session ts "
        f"WHERE ts.archived = {false} GROUP BY {day}, ts.treatment, ts.practitioner_id "
        f"UNION ALL SELECT 1, pu.product_name, '', {day}, ts.treatment, ts.practitioner_id, "
        f"COUNT(DISTINCT ts.id) {base} GROUP BY pu.product_name, {day}, ts.treatment, ts.practitioner_id "
        f"UNION ALL SELECT 2, '', pu.batch_number, {day}, ts.treatment, ts.practitioner_id, "
        f"COUNT(DISTINCT ts.id) {base} GROUP BY pu.batch_number, {day}, ts.treatment, ts.practitioner_id "
        f"UNION ALL SELECT 3, pu.product_name, pu.batch_number, {day}, ts.treatment, ts.practitioner_id, "
        f"COUNT(DISTINCT ts.id) {base} "
        f"GROUP BY pu.product_name, pu.batch_number, {day}, ts.treatment, ts.practitioner_id"
    )


def _sqlite_triggers() -> list[str]:
    d = "sqlite"
    return [
        f"CREATE TRIGGER report_dirty_ts_insert AFTER INSERT ON treatment_session BEGIN "
        f"{_mark_value(d, 'NEW')}; END",
        f"CREATE TRIGGER report_dirty_ts_delete AFTER DELETE ON treatment_session BEGIN "
        f"{_mark_value(d, 'OLD')}; END",
        "CREATE TRIGGER report_dirty_ts_update AFTER UPDATE OF treatment, practitioner_id, performed_at, "
        f"archived ON treatment_session BEGIN {_mark_value(d, 'OLD')}; {_mark_value(d, 'NEW')}; END",
        "CREATE TRIGGER report_dirty_pu_insert AFTER INSERT ON product_use BEGIN "
        f"{_mark_session(d, 'NEW.treatment_session_id')}; END",
        "CREATE TRIGGER report_dirty_pu_delete AFTER DELETE ON product_use BEGIN "
        f"{_mark_session(d, 'OLD.treatment_session_id')}; END",
        "CREATE TRIGGER report_dirty_pu_update AFTER UPDATE ON product_use BEGIN "
        f"{_mark_session(d, 'OLD.treatment_session_id')}; {_mark_session(d, 'NEW.treatment_session_id')}; END",
    ]


def _postgres_triggers() -> list[str]:
    d = "postgresql"
    return [
        "CREATE FUNCTION report_dirty_ts() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN {_mark_value(d, 'OLD')}; END IF;\n"
        f"  IF TG_OP IN ('UPDATE', 'INSERT') THEN {_mark_value(d, 'NEW')}; END IF;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER report_dirty_ts AFTER INSERT OR DELETE OR UPDATE OF treatment, practitioner_id, "
        "performed_at, archived ON treatment_session FOR EACH ROW EXECUTE FUNCTION report_dirty_ts()",
        "CREATE FUNCTION report_dirty_pu() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN {_mark_session(d, 'OLD.treatment_session_id')}; END IF;\n"
        f"  IF TG_OP IN ('UPDATE', 'INSERT') THEN {_mark_session(d, 'NEW.treatment_session_id')}; END IF;\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER report_dirty_pu AFTER INSERT OR DELETE OR UPDATE ON product_use "
        "FOR EACH ROW EXECUTE FUNCTION report_dirty_pu()",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in _TABLES:
        sqlite = dialect == "sqlite"  # SQLite: the day as the text its timestamps start with (YYYY-MM-DD)
        op.execute(statement.format(without_rowid=" WITHOUT ROWID" if sqlite else "",
                                    day_type="VARCHAR(10)" if sqlite else "DATE"))
    for statement in _sqlite_triggers() if dialect == "sqlite" else _postgres_triggers():
        op.execute(statement)
    op.execute("INSERT INTO report_day (level, product_name, batch_number, day, treatment, practitioner_id, "
               f"sessions) {_count_sql(dialect)}")
    if dialect == "postgresql":
        op.execute("ANALYZE report_day")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("ts_insert", "ts_delete", "ts_update", "pu_insert", "pu_delete", "pu_update"):
            op.execute(f"DROP TRIGGER IF EXISTS report_dirty_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS report_dirty_ts ON treatment_session")
        op.execute("DROP TRIGGER IF EXISTS report_dirty_pu ON product_use")
        op.execute("DROP FUNCTION IF EXISTS report_dirty_ts()")
        op.execute("DROP FUNCTION IF EXISTS report_dirty_pu()")
    op.execute("DROP INDEX IF EXISTS ix_product_use_session_batch")
    op.execute("DROP TABLE IF EXISTS report_dirty_day")
    op.execute("DROP TABLE IF EXISTS report_day")
