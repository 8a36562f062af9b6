"""Benchmark: patient search as you type on 100,000 patients (not a test; run by hand).

    python benchmarks/bench_search.py              # 100,000 patients in a temp database
    python benchmarks/bench_search.py --patients 20000 --queries 2000

Generates a deterministic database (seeded; names from many languages with accents, apostrophes,
hyphens, Cyrillic and Greek, single names; phones and birth dates) through the app's migrations (so the
FTS5 index is filled by its triggers), then times ``services.patients.search_patients`` — the call the
Patients page makes — over 1-4 letter prefixes of real names, full names, phone fragments and birth dates.
Prints p50 / p95 / max per kind and overall, in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
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
    args = parser.parse_args(argv)
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.services.patients import search_patients
    from clinic_desktop.services.search import find_patient_hits

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "search.sqlite3"
        started = time.perf_counter()
        if args.keep and args.keep.exists():
            people = rebuild_people(args.patients, args.seed)
        else:
            people = build(path, args.patients, args.seed)
        print(f"{args.patients:,} patients ready in {time.perf_counter() - started:.1f} s")
        engine = open_database(path, backup_before_migrating=False)
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
