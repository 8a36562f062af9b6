"""Patient search as you type, on an index on both engines (cases C11, C15).

The searchable text of a patient is built by :func:`search_tokens` and stored in ``patient.search_text``.
On SQLite, migration 0002 indexes it in the FTS5 table ``patient_fts`` (prefix indexes for 1-3
characters); on PostgreSQL, migration 0004 keeps one row per token in ``patient_search_token`` (collation
"C", so a word start is an index range). Triggers keep both current. The semantics are the same on both
engines (tests/services/test_search_engines.py): every word of a query must start one of the patient's
tokens:

- names, folded (lower case, no accents, no apostrophes or hyphens): "zoe" finds "Zoë", "obrien" finds
  "O'Brien-Daly", and so do "brien" and "daly" (each part of a compound name is a token too);
- phone digits, whole and as their last 10, 7 and 4 digits ("555 1234" or "1234" find "+1 416-555-1234");
- the date of birth as YYYYMMDD ("1990-05-17", "1990 05 17", "19900517" and "1990" all find it).

Results are ordered by family name, then given names, then id. At most :data:`MAX_CANDIDATES` matches
are sorted, so a query of one or two letters that matches a third of the clinic costs no more than a
precise one (the list then shows part of the matches; typing on narrows it). Speed on 100,000 patients:
see ``benchmarks/bench_search.py``.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, column, exists, table, text
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from clinic_desktop.models import Patient
from clinic_desktop.services.text import digits, fold

#: At most this many FTS matches are sorted by name; broader queries (a letter or two) show a part.
MAX_CANDIDATES = 1000

_fts_present: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()
_tokens_present: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()

#: PostgreSQL's token table (migration 0004): one row per distinct token of a patient's search text
_TOKEN = table("patient_search_token", column("patient_id"), column("token"))


def search_tokens(given_names: str, family_name: str, phone: str, date_of_birth: Any) -> str:
    """The space-separated tokens stored in ``patient.search_text`` (see the module docstring)."""
    tokens: list[str] = []
    for name in (given_names, family_name):
        tokens += _words(name)
        # each part of "O'Brien-Daly" on its own as well as joined
        spaced = name.replace("'", " ").replace("’", " ").replace("-", " ").replace("‐", " ")
        tokens += _words(spaced)
    number = digits(phone)
    if number:
        tokens += [number] + [number[-n:] for n in (10, 7, 4) if len(number) > n]
    if date_of_birth:
        tokens.append(date_of_birth.isoformat().replace("-", ""))
    seen: set[str] = set()
    return " ".join(t for t in tokens if not (t in seen or seen.add(t)))  # type: ignore[func-returns-value]


#: The most rows one search returns (a larger ``limit`` is lowered to it, a smaller than 1 raised to 1).
MAX_LIMIT = 1000
#: Only the start of a very long query counts (nobody types more; it keeps each search cheap).
MAX_QUERY = 200
_UNSEARCHABLE = re.compile("[\x00\ud800-\udfff]")


def _tokenizer_split(text: str) -> str:
    """``text`` with every character FTS5's unicode61 tokenizer treats as a separator made a space: all
    but letters, digits and private-use characters (so ``a_b``, ``a‿b``, ``a·b`` and marks inside Indic
    words split as the index split them; a quoted multi-token word would be a phrase query, which the
    index, built with ``detail=column``, refuses)."""
    return "".join(ch if ch == " " or unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Co"
                   else " " for ch in text)


def _words(text: str) -> list[str]:
    """The folded words of ``text``, split exactly where FTS5's unicode61 tokenizer splits
    (:func:`_tokenizer_split`). Both the stored tokens (:func:`search_tokens`) and the typed words go
    through it, so FTS5 on SQLite and the token table on PostgreSQL (which splits the stored text at
    spaces) see the same words, and one typed word is never an FTS5 phrase."""
    return _tokenizer_split(fold(text)).split()


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def query_words(query: str) -> list[str]:
    """The folded words of a typed query; a query of digit groups only ("416 555 1234") becomes one number.

    Any text is safe here (it is called while typing): characters that cannot be stored (NUL, lone
    surrogates) are dropped, only the first :data:`MAX_QUERY` characters count, and each word is later
    quoted for FTS5, so its syntax (``a_b``, ``"``, ``*``, ``NEAR(…)``, ``-``) is searched as plain text."""
    query = _UNSEARCHABLE.sub("", query or "")[:MAX_QUERY]
    words = [w for w in _words(query) if w]
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


def _has_tokens(session: Session) -> bool:
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        engine = engine.engine
    found = _tokens_present.get(engine)
    if found is None:
        if engine.dialect.name != "postgresql":
            found = False
        else:
            found = session.connection().execute(
                core_select(text("to_regclass('patient_search_token') IS NOT NULL"))).scalar() is True
        _tokens_present[engine] = found
    return found


def _starts_with(token: ColumnElement, word: str) -> ColumnElement[bool]:
    """``token`` starts with ``word``, as a range of the "C"-collated index: word <= token < next(word)."""
    last = ord(word[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # no string holds a lone surrogate: jump past them
        last = 0xE000
    return and_(token >= word, token < word[:-1] + chr(last))


def _token_candidates(words: list[str]):  # noqa: ANN202  (a Core select of patient ids)
    """Ids of at most MAX_CANDIDATES patients having, for every word, a token that starts with it; the
    longest word (the fewest tokens) is looked up in the index first, the others per patient."""
    ordered = sorted(words, key=len, reverse=True)
    first = _TOKEN.alias("t0")
    stmt = core_select(first.c.patient_id).where(_starts_with(first.c.token, ordered[0]))
    for n, word in enumerate(ordered[1:], start=1):
        other = _TOKEN.alias(f"t{n}")
        stmt = stmt.where(exists().where(other.c.patient_id == first.c.patient_id,
                                         _starts_with(other.c.token, word)))
    return stmt.limit(MAX_CANDIDATES)


def _find_by_tokens(session: Session, words: list[str], *, limit: int,
                    include_archived: bool) -> list[Patient]:
    """PostgreSQL: the same matches as FTS5 on SQLite, from the token table's index."""
    return list(session.exec(_token_filtered(select(Patient), words, limit=limit,
                                             include_archived=include_archived)))


def _token_filtered(stmt, words: list[str], *, limit: int, include_archived: bool):  # noqa: ANN001, ANN202
    """``stmt`` (a select from patient) narrowed to the token matches of ``words``, in list order."""
    stmt = stmt.where(col(Patient.id).in_(_token_candidates(words)))
    if not include_archived:
        stmt = stmt.where(col(Patient.archived).is_(False))
    return stmt.order_by(col(Patient.family_name), col(Patient.given_names), col(Patient.id)).limit(limit)


def _fts_match(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _fts_sql(columns: str, include_archived: bool) -> str:
    archived = "" if include_archived else "AND p.archived = 0"
    return (f"SELECT {columns} FROM patient p WHERE p.id IN (SELECT rowid FROM patient_fts WHERE patient_fts "
            f"MATCH :m LIMIT {MAX_CANDIDATES}) {archived} ORDER BY p.family_name, p.given_names, p.id LIMIT :limit")


def find_patients(session: Session, query: str, *, limit: int = 50, include_archived: bool = False) -> list[Patient]:
    """Patients matching every word of ``query`` as a prefix of one of their tokens, by name; at most ``limit``.

    An empty query returns the most recently added patients. When more than :data:`MAX_CANDIDATES`
    patients match (a letter or two typed), the list is drawn from the first of them only: keep typing.
    Read-only; no permission check (the caller, :func:`clinic_desktop.services.patients.search_patients`,
    is the public entry point).
    """
    words = query_words(query)
    limit = _limit(limit)
    if not words:
        stmt = select(Patient)
        if not include_archived:
            stmt = stmt.where(col(Patient.archived).is_(False))
        return list(session.exec(stmt.order_by(col(Patient.id).desc()).limit(limit)))
    if not _has_fts(session):
        if _has_tokens(session):
            return _find_by_tokens(session, words, limit=limit, include_archived=include_archived)
        return _find_by_like(session, words, limit=limit, include_archived=include_archived)
    sql = text(_fts_sql("p.*", include_archived)).bindparams(m=_fts_match(words), limit=limit)
    return list(session.scalars(select(Patient).from_statement(sql)))


@dataclass(frozen=True)
class PatientHit:
    """A search result as the search list shows it (no ORM object: cheap to build by the hundred)."""

    id: int
    given_names: str
    family_name: str
    date_of_birth: date
    phone: str
    preferred_language: str

    @property
    def display_name(self) -> str:
        """Given names then family name, as typed."""
        return " ".join(p for p in (self.given_names.strip(), self.family_name.strip()) if p)


def find_patient_hits(session: Session, query: str, *, limit: int = 100) -> list[PatientHit]:
    """Like :func:`find_patients` (archived patients left out) but returns light :class:`PatientHit` rows;
    this is what the Patients page calls on every pause in typing."""
    words = query_words(query)
    limit = _limit(limit)
    if words and not _has_fts(session) and _has_tokens(session):
        stmt = select(Patient.id, Patient.given_names, Patient.family_name, Patient.date_of_birth, Patient.phone,
                      Patient.preferred_language)
        stmt = _token_filtered(stmt, words, limit=limit, include_archived=False)
        return [PatientHit(*row) for row in session.exec(stmt)]
    if not words or not _has_fts(session):
        return [PatientHit(p.id, p.given_names, p.family_name, p.date_of_birth, p.phone,  # type: ignore[arg-type]
                           p.preferred_language) for p in find_patients(session, query, limit=limit)]
    columns = "p.id, p.given_names, p.family_name, p.date_of_birth, p.phone, p.preferred_language"
    rows = session.connection().execute(text(_fts_sql(columns, False)), {"m": _fts_match(words), "limit": limit})
    return [PatientHit(r[0], r[1], r[2], r[3] if isinstance(r[3], date) else date.fromisoformat(str(r[3])), r[4], r[5])
            for r in rows]


def browse_patient_hits(session: Session, *, before_id: int | None = None, limit: int = 200) -> list[PatientHit]:
    """One page of every (not archived) patient, newest first: the ``limit`` patients with the highest ids
    below ``before_id`` (None: from the newest). Keyset paging on the primary key, so each page costs the
    same however far the list has been scrolled; the Patients page fetches the next page as it scrolls."""
    stmt = select(Patient.id, Patient.given_names, Patient.family_name, Patient.date_of_birth, Patient.phone,
                  Patient.preferred_language).where(col(Patient.archived).is_(False))
    if before_id is not None:
        stmt = stmt.where(col(Patient.id) < min(max(int(before_id), 0), 2**63 - 1))
    rows = session.exec(stmt.order_by(col(Patient.id).desc()).limit(_limit(limit)))
    return [PatientHit(*row) for row in rows]


def _find_by_like(session: Session, words: list[str], *, limit: int, include_archived: bool) -> list[Patient]:
    """Fallback without an index (another database): every word is a substring of the search text."""
    stmt = select(Patient)
    if not include_archived:
        stmt = stmt.where(col(Patient.archived).is_(False))
    for word in words:
        stmt = stmt.where(col(Patient.search_text).contains(word, autoescape=True))
    stmt = stmt.order_by(col(Patient.family_name), col(Patient.given_names), col(Patient.id)).limit(limit)
    return list(session.exec(stmt))
