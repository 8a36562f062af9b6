"""Patient search as you type: an FTS5 prefix index on SQLite, an indexed LIKE elsewhere (cases C11, C15).

The searchable text of a patient is built by :func:`search_tokens` and stored in ``patient.search_text``;
migration 0002 indexes it in the FTS5 table ``patient_fts`` (prefix indexes for 1-3 characters) and keeps
the index current with triggers. Every word of a query must start one of the patient's tokens:

- names, folded (lower case, no accents, no apostrophes or hyphens): "zoe" finds "Zoë", "obrien" finds
  "O'Brien-Daly", and so do "brien" and "daly" (each part of a compound name is a token too);
- phone digits, whole and as their last 10, 7 and 4 digits ("555 1234" or "1234" find "+1 416-555-1234");
- the date of birth as YYYYMMDD ("1990-05-17", "1990 05 17", "19900517" and "1990" all find it).

Results are ordered by family name, then given names, then id. Speed: p95 well under 20 ms on
100,000 patients (``benchmarks/bench_search.py``). Short prefixes that match thousands of patients are
answered by walking the name-order index and stopping at ``limit`` hits instead of sorting every match.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from clinic_desktop.models import Patient
from clinic_desktop.services.text import digits, fold

#: Above this many FTS matches, walk the name-order index instead of sorting the matches.
MANY_MATCHES = 1500

_fts_present: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def search_tokens(given_names: str, family_name: str, phone: str, date_of_birth: Any) -> str:
    """The space-separated tokens stored in ``patient.search_text`` (see the module docstring)."""
    tokens: list[str] = []
    for name in (given_names, family_name):
        tokens += fold(name).split()
        # each part of "O'Brien-Daly" on its own as well as joined
        spaced = name.replace("'", " ").replace("’", " ").replace("-", " ").replace("‐", " ")
        tokens += fold(spaced).split()
    number = digits(phone)
    if number:
        tokens += [number] + [number[-n:] for n in (10, 7, 4) if len(number) > n]
    if date_of_birth:
        tokens.append(date_of_birth.isoformat().replace("-", ""))
    seen: set[str] = set()
    return " ".join(t for t in tokens if not (t in seen or seen.add(t)))  # type: ignore[func-returns-value]


def query_words(query: str) -> list[str]:
    """The folded words of a typed query; a query of digit groups only ("416 555 1234") becomes one number."""
    words = [w for w in fold(query).split(" ") if w]
    if len(words) > 1 and all(w.isdigit() for w in words):
        return ["".join(words)]
    return words


def _has_fts(session: Session) -> bool:
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        engine = engine.engine
    found = _fts_present.get(engine)
    if found is None:
        if engine.dialect.name != "sqlite":
            found = False
        else:
            found = session.connection().execute(
                text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='patient_fts'")
            ).first() is not None
        _fts_present[engine] = found
    return found


def _fts_match(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def find_patients(session: Session, query: str, *, limit: int = 50, include_archived: bool = False) -> list[Patient]:
    """Patients matching every word of ``query`` as a prefix of one of their tokens, by name; at most ``limit``.

    An empty query returns the most recently added patients. Read-only; no permission check (the caller,
    :func:`clinic_desktop.services.patients.search_patients`, is the public entry point).
    """
    words = query_words(query)
    if not words:
        stmt = select(Patient)
        if not include_archived:
            stmt = stmt.where(col(Patient.archived).is_(False))
        return list(session.exec(stmt.order_by(col(Patient.id).desc()).limit(limit)))
    if not _has_fts(session):
        return _find_by_like(session, words, limit=limit, include_archived=include_archived)
    match = _fts_match(words)
    archived = "" if include_archived else "AND p.archived = 0"
    count = session.connection().execute(
        text(f"SELECT count(*) FROM (SELECT rowid FROM patient_fts WHERE patient_fts MATCH :m LIMIT {MANY_MATCHES})"),
        {"m": match},
    ).scalar_one()
    many = count >= MANY_MATCHES
    if many:  # walk the names in order; most rows match, so `limit` hits come quickly
        sql = (f"SELECT p.* FROM patient p INDEXED BY ix_patient_name_order WHERE +p.id IN "
               f"(SELECT rowid FROM patient_fts WHERE patient_fts MATCH :m) {archived} "
               "ORDER BY p.family_name, p.given_names LIMIT :limit")
    else:  # few matches: fetch them all and sort
        sql = (f"SELECT p.* FROM patient_fts f JOIN patient p ON p.id = f.rowid WHERE patient_fts MATCH :m "
               f"{archived} ORDER BY p.family_name, p.given_names, p.id LIMIT :limit")
    stmt = select(Patient).from_statement(text(sql).bindparams(m=match, limit=limit))
    return list(session.scalars(stmt))


def _find_by_like(session: Session, words: list[str], *, limit: int, include_archived: bool) -> list[Patient]:
    """Fallback without FTS5 (PostgreSQL): every word is a substring of the search text."""
    stmt = select(Patient)
    if not include_archived:
        stmt = stmt.where(col(Patient.archived).is_(False))
    for word in words:
        stmt = stmt.where(col(Patient.search_text).contains(word, autoescape=True))
    stmt = stmt.order_by(col(Patient.family_name), col(Patient.given_names), col(Patient.id)).limit(limit)
    return list(session.exec(stmt))
