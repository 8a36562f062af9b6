"""Generate a large, deterministic clinic database for the complication-report benchmark.

Default size: 100,000 patients, 1,000,000 treatment sessions over two years, about 1,200,000 product uses
and 50,000 complications, with one seeded bad batch (three times the usual complication rate) so the
batch signal has something to find. The schema comes from the app's own migrations; rows are written
with raw ``executemany`` inserts in one transaction (synchronous off while generating).

    python benchmarks/gen_large_clinic.py -o .benchmarks/clinic_large.sqlite3
    python benchmarks/gen_large_clinic.py -o .benchmarks/small.sqlite3 --sessions 5000 --patients 800 --complications 250

The same arguments always produce the same database (``--seed``). Prints the time it took.
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


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).strftime(TS_FORMAT)


def _batch_code(product: str, index: int) -> str:
    initials = "".join(word[0] for word in product.split() if word[0].isalpha()).upper()
    return f"{initials}{2024 + index // 12}-{index % 12 + 1:02d}{'AB'[index % 2]}"


def generate(out: Path, *, patients: int, sessions: int, complications: int, seed: int) -> dict[str, float]:
    """Write the database at ``out`` (replacing it); returns row counts and the seconds taken."""
    from clinic_desktop.db import open_database

    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    engine = open_database(out, backup_before_migrating=False)
    engine.dispose()
    rng = random.Random(seed)
    tz = ZoneInfo(TIMEZONE)
    now = _ts(datetime(2026, 7, 1, 12, tzinfo=UTC))

    con = sqlite3.connect(out, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA foreign_keys=OFF")  # ids are generated consistently below
    con.execute("PRAGMA cache_size=-200000")
    # secondary indexes are dropped for the bulk load and rebuilt once at the end (much faster)
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
        "('treatment_session', 'product_use', 'complication')"
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    con.execute("BEGIN")
    con.execute(
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
    con.executemany(
        "INSERT INTO staff_member (id, full_name, username, role, active, failed_logins, created_at) "
        "VALUES (?, ?, ?, ?, 1, 0, ?)",
        [(i + 1, name, user, role, now) for i, (name, user, role) in enumerate(staff)],
    )
    practitioner_ids = [i + 1 for i, s in enumerate(staff) if s[2] == "practitioner"]

    # patients
    birth = []
    rows = []
    for pid in range(1, patients + 1):
        dob = date(1950, 1, 1) + timedelta(days=rng.randrange(55 * 365))
        birth.append(dob)
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        sex = rng.choice(("F", "F", "F", "M", None))
        rows.append(
            (
                pid,
                given,
                family,
                dob.isoformat(),
                sex,
                "",
                "",
                "en",
                0,
                "",
                f"{given} {family} {dob.isoformat()}".lower(),
                0,
                now,
            )
        )
        if len(rows) >= CHUNK:
            _insert_patients(con, rows)
            rows = []
    _insert_patients(con, rows)

    # treatment sessions and product uses (sessions in time order, so ids follow performed_at)
    day_offsets = sorted(rng.randrange(DAYS) for _ in range(sessions))
    ts_rows: list[tuple[object, ...]] = []
    pu_rows: list[tuple[object, ...]] = []
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
        ts_rows.append(
            (
                sid,
                patient,
                prac,
                treatment,
                _ts(local),
                "face" if treatment[0] == "f" else "scalp",
                "",
                0,
                prac,
                _ts(local),
            )
        )
        uses = []
        month_index = (day.year - 2024) * 12 + day.month - 7 + 6  # batches change monthly
        for product in rng.sample(PRODUCTS[treatment], 2 if rng.random() < 0.2 else 1):
            pu_id += 1
            batch_index = max(0, month_index - rng.randrange(2))
            uses.append((pu_id, product, batch_index))
            expiry = date(2025 + batch_index // 12, batch_index % 12 + 1, 1)
            pu_rows.append(
                (
                    pu_id,
                    sid,
                    product,
                    _batch_code(product, batch_index),
                    expiry.isoformat(),
                    round(rng.uniform(1, 3), 1),
                    "ml",
                )
            )
        session_info.append((patient, prac, day, uses))
        if len(ts_rows) >= CHUNK:
            _insert_sessions(con, ts_rows, pu_rows)
            ts_rows, pu_rows = [], []
    _insert_sessions(con, ts_rows, pu_rows)

    # complications: a base rate, three times higher after the seeded bad batch
    bad_product, bad_index = BAD_BATCH
    weights = [
        3.0 if any(p == bad_product and b == bad_index for _, p, b in info[3]) else 1.0
        for info in session_info
    ]
    chosen = rng.choices(range(sessions), weights=weights, k=complications)
    kinds = [k for k, _ in KINDS]
    kind_weights = [w for _, w in KINDS]
    today = START + timedelta(days=DAYS)
    c_rows = []
    for cid, index in enumerate(sorted(chosen), start=1):
        patient, prac, day, uses = session_info[index]
        onset = day + timedelta(days=min(rng.randrange(4) + rng.randrange(4), 14))
        grade = rng.choices((1, 2, 3, 4), weights=(70, 24, 5, 1))[0]
        serious = grade >= 3 and rng.random() < 0.5
        if onset + timedelta(days=30) > today and rng.random() < 0.6:
            outcome, resolved = rng.choice(("not_resolved", "resolving")), None
        else:
            outcome = rng.choices(("resolved", "resolved_with_sequelae", "unknown"), weights=(92, 5, 3))[0]
            resolved = None if outcome == "unknown" else onset + timedelta(days=1 + rng.randrange(20))
        use = rng.choice(uses) if rng.random() < 0.85 else None
        kind = rng.choices(kinds, weights=kind_weights)[0]
        c_rows.append(
            (
                cid,
                index + 1,
                patient,
                use[0] if use else None,
                kind,
                "tingling" if kind == "other" else "",
                "cheek" if rng.random() < 0.5 else "forehead",
                onset.isoformat(),
                grade,
                int(serious),
                "medically_significant" if serious else None,
                "cold compress",
                outcome,
                resolved.isoformat() if resolved else None,
                "possibly_related",
                onset.isoformat() if serious else None,
                f"AR-{cid:06d}" if serious else "",
                None,
                "",
                None,
                "",
                "",
                0,
                "",
                1,
                prac,
                _ts(datetime(day.year, day.month, day.day, 12, tzinfo=UTC)),
            )
        )
    con.executemany(
        "INSERT INTO complication (id, treatment_session_id, patient_id, product_use_id, kind, kind_other, site, "
        "onset_date, severity_grade, serious, serious_criterion, action_taken, outcome, resolution_date, "
        "causality, reported_regulator_on, reported_regulator_ref, reported_manufacturer_on, "
        "reported_manufacturer_ref, reported_insurer_on, reported_insurer_ref, notes, entered_in_error, "
        "error_reason, version, recorded_by_id, recorded_at) VALUES "
        "(" + ", ".join("?" * 27) + ")",
        c_rows,
    )
    for _, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {
        "patients": patients,
        "sessions": sessions,
        "product_uses": pu_id,
        "complications": complications,
        "seconds": time.perf_counter() - started,
    }


def _insert_patients(con: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    con.executemany(
        "INSERT INTO patient (id, given_names, family_name, date_of_birth, sex, phone, email, preferred_language, "
        "large_print, notes, search_text, archived, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _insert_sessions(
    con: sqlite3.Connection, ts_rows: list[tuple[object, ...]], pu_rows: list[tuple[object, ...]]
) -> None:
    con.executemany(
        "INSERT INTO treatment_session (id, patient_id, practitioner_id, treatment, performed_at, areas, notes, "
        "archived, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ts_rows,
    )
    con.executemany(
        "INSERT INTO product_use (id, treatment_session_id, product_name, batch_number, expiry_date, quantity, "
        "unit) VALUES (?, ?, ?, ?, ?, ?, ?)",
        pu_rows,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-o", "--out", default=".benchmarks/clinic_large.sqlite3", help="database file to (re)create"
    )
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=1_000_000, help="treatment sessions")
    parser.add_argument("--complications", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args(argv)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    result = generate(
        Path(args.out),
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
