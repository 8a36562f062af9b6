"""complication report: complications copied beside their session's day; the Follow-ups page's open index

Hand-written (tables and triggers the report owns, not models):

- ``report_complication``: one row per complication that is not entered in error, after a treatment session
  that is not archived, keyed by the session's UTC day (``report_day.day``), with the session's time,
  treatment and practitioner and the complication's patient, product use, kind, grade, outcome,
  seriousness, onset and resolution dates: the report reads them in one range scan instead of looking
  every complication's session up among a million (0.05-0.2 s over 50,000 complications).
- ``report_complication_use``: the product batches each of those complications counts for (its product
  use, or every product use of its session when none is recorded), with the filter columns: the batch
  figures without a product-use lookup per complication.
- Both are kept honest by the dirty-day marks of migration 0013: new triggers on ``complication``
  (insert, delete, update of what the tables copy, patient merges included) and on ``product_use``
  (update: the days of the complications attributed to it, whichever session they follow) mark the
  day; the 0013 triggers already mark the days of session and product-use writes. The report reads the
  rows of clean days and recounts dirty days from the raw rows; the fold rebuilds those of the days it
  folds. Local
  dates (months, days to onset) are computed in the report from the stored UTC time, so a change of the
  clinic's time zone needs no recount.
- ``ix_follow_up_open`` on follow_up (status, due_date, treatment_session_id): the Follow-ups page's
  counts per bucket read the open follow-ups from the index alone instead of walking every follow-up
  due before the date and reading its row (the plan went from ``ix_follow_up_due_date (due_date<?)``,
  one row read per follow-up ever due, to ``COVERING INDEX ix_follow_up_open (status=? AND due_date<?)``).
- the rows of the complications already there (no day is left dirty).

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = [
    "CREATE TABLE report_complication ("
    " day {day_type} NOT NULL,"
    " complication_id INTEGER NOT NULL,"
    " performed_at {time_type} NOT NULL,"
    " treatment_session_id INTEGER NOT NULL,"
    " patient_id INTEGER NOT NULL,"
    " product_use_id INTEGER,"
    " treatment VARCHAR(80) NOT NULL,"
    " practitioner_id INTEGER NOT NULL,"
    " kind VARCHAR(23) NOT NULL,"
    " severity_grade INTEGER NOT NULL,"
    " outcome VARCHAR(22) NOT NULL,"
    " serious BOOLEAN NOT NULL,"
    " onset_date DATE NOT NULL,"
    " resolution_date DATE,"
    " PRIMARY KEY (day, complication_id)){without_rowid}",
    "CREATE TABLE report_complication_use ("
    " day {day_type} NOT NULL,"
    " complication_id INTEGER NOT NULL,"
    " product_name VARCHAR(200) NOT NULL,"
    " batch_number VARCHAR(80) NOT NULL,"
    " performed_at {time_type} NOT NULL,"
    " treatment_session_id INTEGER NOT NULL,"
    " treatment VARCHAR(80) NOT NULL,"
    " practitioner_id INTEGER NOT NULL,"
    " severity_grade INTEGER NOT NULL,"
    " outcome VARCHAR(22) NOT NULL,"
    " serious BOOLEAN NOT NULL,"
    " PRIMARY KEY (day, complication_id, product_name, batch_number)){without_rowid}",
    "CREATE INDEX ix_follow_up_open ON follow_up (status, due_date, treatment_session_id)",
]

_DAY = {"sqlite": "substr({t}.performed_at, 1, 10)", "postgresql": "CAST({t}.performed_at AS DATE)"}
_MARK = ("INSERT INTO report_dirty_day (day, generation) "
         "SELECT {day}, 1 FROM treatment_session s WHERE s.id = {session_id} "
         "ON CONFLICT (day) DO UPDATE SET generation = report_dirty_day.generation + 1")
# the days of the complications attributed to a product use (their session may not be the use's)
_MARK_ATTRIBUTED = ("INSERT INTO report_dirty_day (day, generation) "
                    "SELECT DISTINCT {day}, 1 FROM complication c JOIN treatment_session s "
                    "ON s.id = c.treatment_session_id WHERE c.product_use_id = {use_id} "
                    "ON CONFLICT (day) DO UPDATE SET generation = report_dirty_day.generation + 1")
# what report_complication copies from a complication: a change to any of them marks the day
_COPIED = ("treatment_session_id, patient_id, product_use_id, kind, severity_grade, outcome, serious, "
           "onset_date, resolution_date, entered_in_error")


def _mark(dialect: str, session_id: str) -> str:
    return _MARK.format(day=_DAY[dialect].format(t="s"), session_id=session_id)


def _mark_attributed(dialect: str, use_id: str) -> str:
    # DISTINCT then ON CONFLICT: PostgreSQL refuses to update one row twice in one statement
    return _MARK_ATTRIBUTED.format(day=_DAY[dialect].format(t="s"), use_id=use_id)


def _rows_sql(dialect: str, sessions: str) -> tuple[str, str]:
    """(INSERT of report_complication, INSERT of report_complication_use) for the treatment sessions
    ``sessions`` yields as ``ts`` (a FROM clause; the fold passes the sessions of its days)."""
    day = _DAY[dialect].format(t="ts")
    false = "0" if dialect == "sqlite" else "false"
    keep = f"WHERE ts.archived = {false} AND c.entered_in_error = {false}"
    joined = f"FROM {sessions} JOIN complication c ON c.treatment_session_id = ts.id"
    main = (
        "INSERT INTO report_complication (day, complication_id, performed_at, treatment_session_id, "
        "patient_id, product_use_id, treatment, practitioner_id, kind, severity_grade, outcome, serious, "
        "onset_date, resolution_date) "
        f"SELECT {day}, c.id, ts.performed_at, ts.id, c.patient_id, c.product_use_id, ts.treatment, "
        "ts.practitioner_id, c.kind, c.severity_grade, c.outcome, c.serious, c.onset_date, c.resolution_date "
        f"{joined} {keep}"
    )
    cols = (f"{day}, c.id, pu.product_name, pu.batch_number, ts.performed_at, ts.id, ts.treatment, "
            "ts.practitioner_id, c.severity_grade, c.outcome, c.serious")
    uses = (
        "INSERT INTO report_complication_use (day, complication_id, product_name, batch_number, "
        "performed_at, treatment_session_id, treatment, practitioner_id, severity_grade, outcome, serious) "
        f"SELECT {cols} {joined} JOIN product_use pu ON pu.id = c.product_use_id {keep} "
        f"UNION SELECT {cols} {joined} JOIN product_use pu ON pu.treatment_session_id = ts.id "
        f"{keep} AND c.product_use_id IS NULL"
    )
    return main, uses


def _sqlite_triggers() -> list[str]:
    d = "sqlite"
    return [
        "CREATE TRIGGER report_dirty_c_insert AFTER INSERT ON complication BEGIN "
        f"{_mark(d, 'NEW.treatment_session_id')}; END",
        "CREATE TRIGGER report_dirty_c_delete AFTER DELETE ON complication BEGIN "
        f"{_mark(d, 'OLD.treatment_session_id')}; END",
        f"CREATE TRIGGER report_dirty_c_update AFTER UPDATE OF {_COPIED} ON complication BEGIN "
        f"{_mark(d, 'OLD.treatment_session_id')}; {_mark(d, 'NEW.treatment_session_id')}; END",
        # a use is deleted only once no complication points at it (the foreign key): clearing the link is
        # an update of the complication, which marks its day; so only updates of the use need this
        "CREATE TRIGGER report_dirty_pu_attributed_update AFTER UPDATE ON product_use BEGIN "
        f"{_mark_attributed(d, 'OLD.id')}; END",
    ]


def _postgres_triggers() -> list[str]:
    d = "postgresql"
    return [
        "CREATE FUNCTION report_dirty_c() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN {_mark(d, 'OLD.treatment_session_id')}; END IF;\n"
        f"  IF TG_OP IN ('UPDATE', 'INSERT') THEN {_mark(d, 'NEW.treatment_session_id')}; END IF;\n"
        "  RETURN NULL;\n"
        "END $$",
        f"CREATE TRIGGER report_dirty_c AFTER INSERT OR DELETE OR UPDATE OF {_COPIED} ON complication "
        "FOR EACH ROW EXECUTE FUNCTION report_dirty_c()",
        "CREATE FUNCTION report_dirty_pu_attributed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"  {_mark_attributed(d, 'OLD.id')};\n"
        "  RETURN NULL;\n"
        "END $$",
        "CREATE TRIGGER report_dirty_pu_attributed AFTER UPDATE ON product_use "
        "FOR EACH ROW EXECUTE FUNCTION report_dirty_pu_attributed()",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    sqlite = dialect == "sqlite"
    for statement in _TABLES:
        op.execute(statement.format(without_rowid=" WITHOUT ROWID" if sqlite else "",
                                    day_type="VARCHAR(10)" if sqlite else "DATE",
                                    time_type="DATETIME" if sqlite else "TIMESTAMP WITHOUT TIME ZONE"))
    for statement in _sqlite_triggers() if sqlite else _postgres_triggers():
        op.execute(statement)
    for statement in _rows_sql(dialect, "treatment_session ts"):
        op.execute(statement)
    if sqlite:
        op.execute("ANALYZE follow_up")
    else:
        op.execute("ANALYZE report_complication")
        op.execute("ANALYZE report_complication_use")
        op.execute("ANALYZE follow_up")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("c_insert", "c_delete", "c_update", "pu_attributed_update"):
            op.execute(f"DROP TRIGGER IF EXISTS report_dirty_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS report_dirty_c ON complication")
        op.execute("DROP TRIGGER IF EXISTS report_dirty_pu_attributed ON product_use")
        op.execute("DROP FUNCTION IF EXISTS report_dirty_c()")
        op.execute("DROP FUNCTION IF EXISTS report_dirty_pu_attributed()")
    op.execute("DROP INDEX IF EXISTS ix_follow_up_open")
    op.execute("DROP TABLE IF EXISTS report_complication_use")
    op.execute("DROP TABLE IF EXISTS report_complication")
