"""Generate a large, deterministic clinic database for the report, search and follow-up benchmarks.

Default size: 100,000 patients, 1,000,000 treatment sessions over two years, about 1,200,000 product uses,
1,000,000 follow-ups and 50,000 complications, with one seeded bad batch (three times the usual complication
rate) so the batch signal has something to find. The schema comes from the app's own migrations. SQLite:
``executemany`` inserts in one transaction (synchronous off, secondary indexes rebuilt at the end);
PostgreSQL: ``COPY`` into a migrated empty database. Either way the report's day counts (migration 0013) and
the search index are filled once at the end, as the app's own triggers would have filled them row by row.

    python benchmarks/gen_large_clinic.py -o .benchmarks/clinic_large.sqlite3
    python benchmarks/gen_large_clinic.py -o .benchmarks/small.sqlite3 --sessions 5000 --patients 800 --complications 250
    python benchmarks/gen_large_clinic.py -o postgresql+psycopg://postgres@127.0.0.1:5432/clinic_large

The same arguments always produce the same rows (``--seed``). Prints the time it took.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

TIMEZONE = "America/Toronto"
START = date(2024, 7, 1)
DAYS = 730  # 2024-07-01 .. 2026-06-30
TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime on SQLite

GIVEN = [
    "Zoë",
    "Aoife",
    "Ксения",
    "Nguyễn Thị",
    "Élise",
    "Marie",
    "Sophie",
    "Chloé",
    "Amira",
    "Julia",
    "Camille",
    "Léa",
    "Olivia",
    "Emma",
    "Noah",
    "Liam",
    "Jean",
    "Luc",
    "Suharti",
    "Ζωή",
    "Maya",
    "Inès",
]
FAMILY = [
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "O'Brien-Daly",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Павлова",
    "Παπαδοπούλου",
    "Hương",
    "Smith",
    "Nguyen",
    "Martin",
    "",
    "Leblanc",
    "Wilson",
]
PRODUCTS = {
    "facial-mesotherapy": ["Revita Meso Complex", "HydraGlow HA 1.5%", "Vita-C Radiance Cocktail"],
    "hair-mesotherapy": ["Scalp Vital Plus", "Follica Peptide Blend"],
}
BAD_BATCH = ("HydraGlow HA 1.5%", 7)  # product, batch index: the seeded bad batch
KINDS = [
    ("bruising", 30),
    ("swelling", 22),
    ("prolonged_redness", 14),
    ("lasting_sensitivity", 6),
    ("hyperpigmentation", 3),
    ("infection", 2),
    ("inflamed_injection_site", 6),
    ("pain_or_tenderness", 8),
    ("nodule_or_papule", 4),
    ("hypersensitivity", 1),
    ("hair_shedding", 2),
    ("uneven_result", 1),
    ("headache", 1),
    ("other", 1),
]
CHUNK = 50_000
TODAY = START + timedelta(days=DAYS)  # 2026-07-01: "today" in the generated clinic

# columns written per table (the others take their server defaults)
COLUMNS = {
    "patient": ("id", "given_names", "family_name", "date_of_birth", "sex", "phone", "email", "preferred_language",
                "large_print", "notes", "search_text", "archived", "created_at"),
    "treatment_session": ("id", "patient_id", "practitioner_id", "treatment", "performed_at", "areas", "notes",
                          "archived", "created_by_id", "created_at"),
    "product_use": ("id", "treatment_session_id", "product_name", "batch_number", "expiry_date", "quantity", "unit"),
    "follow_up": ("id", "treatment_session_id", "kind", "due_date", "status", "attempts", "done_at", "done_by_id",
                  "notes", "created_at"),
    "complication": ("id", "treatment_session_id", "patient_id", "product_use_id", "kind", "kind_other", "site",
                     "onset_date", "severity_grade", "serious", "serious_criterion", "action_taken", "outcome",
                     "resolution_date", "causality", "reported_regulator_on", "reported_regulator_ref",
                     "reported_manufacturer_on", "reported_manufacturer_ref", "reported_insurer_on",
                     "reported_insurer_ref", "notes", "entered_in_error", "error_reason", "version", "recorded_by_id",
                     "recorded_at"),
}
# tables whose rows the report's triggers (migration 0013) would mark day by day: switched off while loading,
# every day recounted once at the end
LOADED = ("patient", "treatment_session", "product_use", "follow_up", "complication")


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).strftime(TS_FORMAT)


def _batch_code(product: str, index: int) -> str:
    initials = "".join(word[0] for word in product.split() if word[0].isalpha()).upper()
    return f"{initials}{2024 + index // 12}-{index % 12 + 1:02d}{'AB'[index % 2]}"


class SqliteSink:
    """Rows into a SQLite file with executemany, secondary indexes dropped while loading and rebuilt."""

    dialect = "sqlite"

    def __init__(self, out: Path):
        from clinic_desktop.db import open_database

        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
        engine = open_database(out, backup_before_migrating=False)
        engine.dispose()
        self.con = sqlite3.connect(out, isolation_level=None)
        self.con.execute("PRAGMA synchronous=OFF")
        self.con.execute("PRAGMA foreign_keys=OFF")  # ids are generated consistently
        self.con.execute("PRAGMA cache_size=-200000")
        self.indexes = self.con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
            "('treatment_session', 'product_use', 'complication', 'follow_up')"
        ).fetchall()
        for name, _ in self.indexes:
            self.con.execute(f'DROP INDEX "{name}"')
        self.triggers = self.con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_dirty_%'"
        ).fetchall()
        for name, _ in self.triggers:
            self.con.execute(f'DROP TRIGGER "{name}"')
        self.con.execute("BEGIN")

    def ts(self, value: datetime) -> object:
        return _ts(value)

    def day(self, value: date | None) -> object:
        return value.isoformat() if value else None

    def flag(self, value: bool) -> object:
        return int(value)

    def execute(self, sql: str, params: tuple = ()) -> None:
        self.con.execute(sql, params)

    def insert(self, table: str, rows: list[tuple[object, ...]], columns: tuple[str, ...] | None = None) -> None:
        columns = columns or COLUMNS[table]
        self.con.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
        )

    def finish(self) -> None:
        for _, sql in self.indexes:
            self.con.execute(sql)
        for _, sql in self.triggers:
            self.con.execute(sql)
        self.con.execute("INSERT INTO report_dirty_day (day, generation) SELECT DISTINCT substr(performed_at, 1, 10), "
                         "1 FROM treatment_session")
        self.con.execute("COMMIT")
        self.con.close()


class PostgresSink:
    """Rows into a new PostgreSQL database with COPY; user triggers off while loading (the search tokens and
    the report's day counts are then filled in one statement each)."""

    dialect = "postgresql"

    def __init__(self, url: str):
        import psycopg
        from sqlalchemy.engine import make_url

        from clinic_desktop.db import open_database

        engine = open_database(url)
        engine.dispose()
        u = make_url(url)
        self.con = psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password,
                                   dbname=u.database)
        for table in LOADED:
            self.con.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")

    def ts(self, value: datetime) -> object:
        return value.astimezone(UTC).replace(tzinfo=None)

    def day(self, value: date | None) -> object:
        return value

    def flag(self, value: bool) -> object:
        return bool(value)

    def execute(self, sql: str, params: tuple = ()) -> None:
        self.con.execute(sql.replace("?", "%s"), params)

    def insert(self, table: str, rows: list[tuple[object, ...]], columns: tuple[str, ...] | None = None) -> None:
        columns = columns or COLUMNS[table]
        with self.con.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        for table in LOADED:
            self.con.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        self.con.execute("INSERT INTO patient_search_token (patient_id, token) SELECT DISTINCT p.id, t FROM patient p, "
                         "regexp_split_to_table(p.search_text, '[\\s_]+') AS t WHERE t <> ''")
        for table in ("patient", "treatment_session", "product_use", "follow_up", "complication", "staff_member"):
            self.con.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
        self.con.execute("INSERT INTO report_dirty_day (day, generation) SELECT DISTINCT CAST(performed_at AS DATE), 1 "
                         "FROM treatment_session")
        self.con.commit()
        self.con.close()


def generate(out: Path | str, *, patients: int, sessions: int, complications: int, seed: int) -> dict[str, float]:
    """Write the clinic to ``out``: a SQLite file (replaced) or a ``postgresql+psycopg://`` URL of an empty
    database (migrated, then loaded with COPY). Returns row counts and the seconds taken.

    Besides patients, treatment sessions, product uses and complications, every treatment session has its
    phone-check follow-up two days later: done ("all well") when due before today, except about 2 % left
    open (forgotten or not reached) so the Follow-ups page's overdue list grows with the clinic's history."""
    from clinic_desktop.services.search import search_tokens

    started = time.perf_counter()
    target = str(out)
    sink = PostgresSink(target) if target.startswith("postgresql") else SqliteSink(Path(target))
    rng = random.Random(seed)
    tz = ZoneInfo(TIMEZONE)
    now = sink.ts(datetime(2026, 7, 1, 12, tzinfo=UTC))
    F, T = sink.flag(False), sink.flag(True)

    sink.execute(
        "INSERT INTO clinic_profile (id, name, address, phone, emergency_phone, email, website, brand_colour, "
        "paper_size, default_language, timezone, idle_lock_minutes, clinic_id) VALUES "
        "(1, 'Benchmark Aesthetics & Co', '1 Rue Test, Montréal', '514-555-0100', '514-555-0199', '', '', "
        "'#2f6f8f', 'A4', 'en', ?, 5, ?)",
        (TIMEZONE, str(uuid.uuid4())),
    )
    staff = [
        ("Ada Admin", "admin", "admin"),
        ("Mona Manager", "mona", "manager"),
        ("Rita Reception", "rita", "receptionist"),
    ]
    staff += [(f"Dr. Practitioner {i:02d}", f"prac{i:02d}", "practitioner") for i in range(1, 13)]
    sink.insert("staff_member", [(i + 1, name, user, role, T, 0, now) for i, (name, user, role) in enumerate(staff)],
                ("id", "full_name", "username", "role", "active", "failed_logins", "created_at"))
    practitioner_ids = [i + 1 for i, s in enumerate(staff) if s[2] == "practitioner"]

    # patients
    rows = []
    for pid in range(1, patients + 1):
        dob = date(1950, 1, 1) + timedelta(days=rng.randrange(55 * 365))
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        sex = rng.choice(("F", "F", "F", "M", None))
        phone = f"+1 514 555 {pid % 10000:04d}"
        rows.append((pid, given, family, sink.day(dob), sex, phone, "", "en", F, "",
                     search_tokens(given, family, phone, dob), F, now))
        if len(rows) >= CHUNK:
            sink.insert("patient", rows)
            rows = []
    sink.insert("patient", rows)

    # treatment sessions, product uses, follow-ups (sessions in time order, so ids follow performed_at)
    day_offsets = sorted(rng.randrange(DAYS) for _ in range(sessions))
    ts_rows: list[tuple[object, ...]] = []
    pu_rows: list[tuple[object, ...]] = []
    fu_rows: list[tuple[object, ...]] = []
    session_info: list[tuple[int, int, date, list[tuple[int, str, int]]]] = []  # patient, prac, day, uses
    pu_id = 0
    for sid, offset in enumerate(day_offsets, start=1):
        day = START + timedelta(days=offset)
        local = datetime(
            day.year, day.month, day.day, rng.randrange(9, 19), rng.randrange(0, 60, 5), tzinfo=tz
        )
        treatment = "facial-mesotherapy" if rng.random() < 0.7 else "hair-mesotherapy"
        patient = rng.randrange(1, patients + 1)
        prac = rng.choice(practitioner_ids)
        ts_rows.append((sid, patient, prac, treatment, sink.ts(local), "face" if treatment[0] == "f" else "scalp",
                        "", F, prac, sink.ts(local)))
        uses = []
        month_index = (day.year - 2024) * 12 + day.month - 7 + 6  # batches change monthly
        for product in rng.sample(PRODUCTS[treatment], 2 if rng.random() < 0.2 else 1):
            pu_id += 1
            batch_index = max(0, month_index - rng.randrange(2))
            uses.append((pu_id, product, batch_index))
            expiry = date(2025 + batch_index // 12, batch_index % 12 + 1, 1)
            pu_rows.append((pu_id, sid, product, _batch_code(product, batch_index), sink.day(expiry),
                            round(rng.uniform(1, 3), 1), "ml"))
        due = day + timedelta(days=2)
        left_open = due > TODAY or rng.random() < 0.02
        status = ("pending" if rng.random() < 0.7 else "not_reached") if left_open else "all_well"
        done_at = None if left_open else sink.ts(datetime(due.year, due.month, due.day, 15, tzinfo=UTC))
        fu_rows.append((sid, sid, "phone_check", sink.day(due), status, 0 if status == "pending" else 1, done_at,
                        None if left_open else prac, "", sink.ts(local)))
        session_info.append((patient, prac, day, uses))
        if len(ts_rows) >= CHUNK:
            sink.insert("treatment_session", ts_rows)
            sink.insert("product_use", pu_rows)
            sink.insert("follow_up", fu_rows)
            ts_rows, pu_rows, fu_rows = [], [], []
    sink.insert("treatment_session", ts_rows)
    sink.insert("product_use", pu_rows)
    sink.insert("follow_up", fu_rows)

    # complications: a base rate, three times higher after the seeded bad batch
    bad_product, bad_index = BAD_BATCH
    weights = [
        3.0 if any(p == bad_product and b == bad_index for _, p, b in info[3]) else 1.0
        for info in session_info
    ]
    chosen = rng.choices(range(sessions), weights=weights, k=complications)
    kinds = [k for k, _ in KINDS]
    kind_weights = [w for _, w in KINDS]
    c_rows = []
    for cid, index in enumerate(sorted(chosen), start=1):
        patient, prac, day, uses = session_info[index]
        onset = day + timedelta(days=min(rng.randrange(4) + rng.randrange(4), 14))
        grade = rng.choices((1, 2, 3, 4), weights=(70, 24, 5, 1))[0]
        serious = grade >= 3 and rng.random() < 0.5
        if onset + timedelta(days=30) > TODAY and rng.random() < 0.6:
            outcome, resolved = rng.choice(("not_resolved", "resolving")), None
        else:
            outcome = rng.choices(("resolved", "resolved_with_sequelae", "unknown"), weights=(92, 5, 3))[0]
            resolved = None if outcome == "unknown" else onset + timedelta(days=1 + rng.randrange(20))
        use = rng.choice(uses) if rng.random() < 0.85 else None
        kind = rng.choices(kinds, weights=kind_weights)[0]
        c_rows.append((
            cid, index + 1, patient, use[0] if use else None, kind, "tingling" if kind == "other" else "",
            "cheek" if rng.random() < 0.5 else "forehead", sink.day(onset), grade, sink.flag(serious),
            "medically_significant" if serious else None, "cold compress", outcome, sink.day(resolved),
            "possibly_related", sink.day(onset) if serious else None, f"AR-{cid:06d}" if serious else "",
            None, "", None, "", "", F, "", 1, prac,
            sink.ts(datetime(day.year, day.month, day.day, 12, tzinfo=UTC)),
        ))
    sink.insert("complication", c_rows)
    sink.finish()
    _fold_and_analyze(target)
    return {
        "patients": patients,
        "sessions": sessions,
        "product_uses": pu_id,
        "complications": complications,
        "seconds": time.perf_counter() - started,
    }


def _fold_and_analyze(target: str) -> None:
    """Count every day into the report's summary (migration 0013), then refresh the planner statistics."""
    from sqlalchemy import text
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.reporting.summary import fold_dirty_days

    engine = open_database(target, backup_before_migrating=False)
    with Session(engine) as session:
        fold_dirty_days(session)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        else:
            conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-o", "--out", default=".benchmarks/clinic_large.sqlite3",
        help="database file to (re)create, or the postgresql+psycopg:// URL of an empty database"
    )
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=1_000_000, help="treatment sessions")
    parser.add_argument("--complications", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args(argv)
    if not args.out.startswith("postgresql"):
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    result = generate(
        args.out,
        patients=args.patients,
        sessions=args.sessions,
        complications=args.complications,
        seed=args.seed,
    )
    print(
        f"wrote {args.out}: {result['patients']:,} patients, {result['sessions']:,} treatment sessions, "
        f"{result['product_uses']:,} product uses, {result['complications']:,} complications "
        f"in {result['seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
