"""Benchmark: patient search as you type on 100,000 patients (not a test; run by hand).

    python benchmarks/bench_search.py              # 100,000 patients in a temp database
    python benchmarks/bench_search.py --patients 20000 --queries 2000
    python benchmarks/bench_search.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Generates a deterministic database (seeded; names from many languages with accents, apostrophes,
hyphens, Cyrillic and Greek, single names; phones and birth dates) through the app's migrations (so the
FTS5 index is filled by its triggers), then times ``services.patients.search_patients`` — the call the
Patients page makes — over 1-4 letter prefixes of real names, full names, phone fragments and birth dates.
Prints p50 / p95 / max per kind and overall, in milliseconds. With ``--postgres URL`` (a role that may
create databases) the same people and queries run on PostgreSQL instead, in a database
``clinic_bench_search`` created for the run and dropped after it (its token table is filled by its
trigger).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

GIVEN = ["Zoë", "Aoife", "Ксения", "Nguyễn Thị", "Élise", "Marie", "Sophie", "Chloé", "Amira", "Julia", "Camille",
         "Léa", "Olivia", "Emma", "Noah", "Liam", "Jean-François", "Luc", "Suharti", "Ζωή", "Maya", "Inès", "Siobhán",
         "Mehmet", "Ana", "Björn", "Chiamaka", "Hana", "Priyanka", "Mariam", "Søren", "Yuki", "Łucja", "Hélène", "J",
         "Dolores", "Aarav", "Olumide", "Maeve", "Li", "Fatima", "Noor", "Émilie", "Gaëlle", "François", "Agnès",
         "Jürgen", "Zoltán", "Ümit", "Dmitri", "Αλέξανδρος", "Мария", "Thảo", "Minh", "José", "María", "João",
         "Anaïs", "Renée", "Côme"]
STEMS = ["Trem", "Gagn", "Bouch", "Gauth", "Mor", "Lav", "Fort", "Lebl", "Wils", "Nguy", "Mart", "Côt", "Lév",
         "O'Bri", "McCar", "Kowal", "Nowak", "Šim", "Dvoř", "Yılm", "Papad", "Pavl", "Ivan", "Hadd", "Rahm",
         "Shar", "Tan", "Wiśn", "Åkes", "Gonç", "Fernán", "Ní Bhr", "Adéb", "Okon", "Venk"]
ENDS = ["", "ay", "on", "ard", "ier", "in", "oie", "in", "anc", "en", "ez", "ski", "ová", "oğlu", "oulou", "ova",
        "ov", "ad", "an", "ma", "aka", "ska", "sson", "alves", "dez", "iain", "ayo", "wo", "ataraman", "-Daly",
        "-Holm", "thy"]


def _family(rng: random.Random) -> str:
    if rng.random() < 0.03:
        return ""  # single name
    return rng.choice(STEMS) + rng.choice(ENDS)


def build(path: Path, patients: int, seed: int) -> list[tuple[str, str, str, date]]:
    """Create the database at ``path`` with ``patients`` rows; returns (given, family, phone, born) of each."""
    from clinic_desktop.db import open_database
    from clinic_desktop.services.patients import patient_search_text
    from clinic_desktop.models import Patient

    engine = open_database(path, backup_before_migrating=False)
    engine.dispose()
    rng = random.Random(seed)
    people = []
    rows = []
    for pid in range(1, patients + 1):
        given, family = rng.choice(GIVEN), _family(rng)
        phone = f"+1 {rng.choice((416, 647, 905, 514, 438))} 555 {rng.randrange(10000):04d}"
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(65 * 365))
        people.append((given, family, phone, born))
        text = patient_search_text(Patient(given_names=given, family_name=family, phone=phone, date_of_birth=born))
        rows.append((pid, given, family, born.isoformat(), phone, text))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO patient (id, given_names, family_name, date_of_birth, sex, phone, email, preferred_language, "
        "large_print, notes, search_text, archived, created_at) "
        "VALUES (?, ?, ?, ?, NULL, ?, '', 'en', 0, '', ?, 0, '2026-01-01 00:00:00.000000')", rows)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()
    return people


def build_postgres(server_url: str, patients: int, seed: int) -> tuple[str, list[tuple[str, str, str, date]]]:
    """Create the database ``clinic_bench_search`` on the server and fill it as :func:`build` does; returns
    its URL and the people."""
    from sqlalchemy import create_engine, insert, text
    from sqlalchemy.engine import make_url

    from clinic_desktop.db import open_database
    from clinic_desktop.models import Patient
    from clinic_desktop.services.patients import patient_search_text

    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS clinic_bench_search WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE clinic_bench_search"))
    admin.dispose()
    url = make_url(server_url).set(database="clinic_bench_search").render_as_string(hide_password=False)
    engine = open_database(url)
    people = rebuild_people(patients, seed)
    rows = [dict(id=pid, given_names=given, family_name=family, date_of_birth=born, sex=None, phone=phone,
                 email="", preferred_language="en", large_print=False, notes="", archived=False,
                 created_at=datetime(2026, 1, 1, tzinfo=UTC),
                 search_text=patient_search_text(Patient(given_names=given, family_name=family, phone=phone,
                                                         date_of_birth=born)))
            for pid, (given, family, phone, born) in enumerate(people, start=1)]
    with engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(Patient.__table__), rows[start:start + 5000])
        conn.execute(text("SELECT setval(pg_get_serial_sequence('patient', 'id'), :n)"), {"n": len(rows)})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return url, people


def drop_postgres(server_url: str) -> None:
    """Drop the benchmark's database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS clinic_bench_search WITH (FORCE)"))
    admin.dispose()


def rebuild_people(patients: int, seed: int) -> list[tuple[str, str, str, date]]:
    """The same people :func:`build` wrote (same seed), without writing them again."""
    rng = random.Random(seed)
    people = []
    for _ in range(patients):
        given, family = rng.choice(GIVEN), _family(rng)
        phone = f"+1 {rng.choice((416, 647, 905, 514, 438))} 555 {rng.randrange(10000):04d}"
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(65 * 365))
        people.append((given, family, phone, born))
    return people


def queries(people: list[tuple[str, str, str, date]], n: int, seed: int) -> list[tuple[str, str]]:
    """(kind, query) pairs: 1-4 letter prefixes as typed, full names, phone fragments, birth dates."""
    rng = random.Random(seed + 1)
    out: list[tuple[str, str]] = []
    while len(out) < n:
        given, family, phone, born = rng.choice(people)
        name = rng.choice([given, family or given])
        for k in (1, 2, 3, 4):
            out.append((f"prefix-{k}", name[:k]))
        out.append(("full name", f"{given} {family}".strip().lower()))
        out.append(("phone", phone[-8:]))
        out.append(("birth date", born.isoformat()))
    return out[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=3500)
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database at this path instead of a temp one")
    parser.add_argument("--postgres", metavar="URL", help="run on PostgreSQL: a server URL whose role may "
                        "create databases (the benchmark's database is created and dropped)")
    args = parser.parse_args(argv)
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.services.patients import search_patients
    from clinic_desktop.services.search import find_patient_hits

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "search.sqlite3"
        started = time.perf_counter()
        if args.postgres:
            target, people = build_postgres(args.postgres, args.patients, args.seed)
        elif args.keep and args.keep.exists():
            target, people = path, rebuild_people(args.patients, args.seed)
        else:
            target, people = path, build(path, args.patients, args.seed)
        print(f"{args.patients:,} patients ready in {time.perf_counter() - started:.1f} s")
        engine = open_database(target, backup_before_migrating=False)
        timings: dict[str, list[float]] = {}
        with Session(engine) as session:
            search_patients(session, "warm up")
            for kind, query in queries(people, args.queries, args.seed):
                t0 = time.perf_counter()
                found = find_patient_hits(session, query, limit=100)  # what the Patients page calls
                timings.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
                if kind == "full name":
                    assert found, query
                t0 = time.perf_counter()
                search_patients(session, query, limit=50)  # the public service (ORM Patient objects)
                timings.setdefault("ORM, 50", []).append((time.perf_counter() - t0) * 1000)
                session.expunge_all()
        engine.dispose()
        if args.postgres:
            drop_postgres(args.postgres)

    def line(name: str, values: list[float]) -> str:
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        return (f"{name:<12} n={len(values):>5}  p50 {statistics.median(values):6.2f} ms  p95 {p95:6.2f} ms  "
                f"max {values[-1]:6.2f} ms")

    for kind in sorted(timings):
        print(line(kind, timings[kind]))
    print(line("ALL (page)", [v for k, vs in timings.items() if k != "ORM, 50" for v in vs]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
