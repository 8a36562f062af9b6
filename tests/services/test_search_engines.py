"""Patient search has the same meaning on SQLite (FTS5) and PostgreSQL (token table), cases C11 and C15:
accent- and case-blind, every word must start one of the patient's tokens, archived patients left out."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import Session

from clinic_desktop.db import open_database
from clinic_desktop.models import Role, StaffMember
from clinic_desktop.services import text_rules
from clinic_desktop.services.patients import PatientCreate, create_patient, search_patients, update_patient
from clinic_desktop.services.search import find_patient_hits, query_words

PEOPLE = [
    ("Zoë", "Martin", "", date(1988, 6, 1)),
    ("Marie", "SOCIÉTÉ", "", date(1970, 1, 2)),
    ("Aoife", "O'Brien-Daly", "(416) 555-0199", date(1985, 3, 3)),
    ("Sean", "O'Hara", "", date(1990, 5, 17)),
    ("J", "Tremblay", "+1 514 555 1234", date(2001, 7, 8)),
    ("Suharti", "", "", date(1966, 9, 9)),
    ("Ζωή", "Παπαδοπούλου", "", date(1992, 2, 2)),
    ("Ксения", "Иванова", "", date(1993, 3, 3)),
    ("Nguyễn Thị", "Hương", "", date(1994, 4, 4)),
    ("Brie", "Larson", "", date(1995, 5, 5)),
]

#: (query, given names expected, in list order: family name, then given names)
QUERIES = [
    ("zoe", ["Zoë"]), ("ZOË", ["Zoë"]), ("societe", ["Marie"]), ("OBRIEN", ["Aoife"]), ("O'Hara", ["Sean"]),
    ("brien", ["Aoife"]), ("daly", ["Aoife"]), ("rien", []), ("aly", []), ("bri", ["Aoife", "Brie"]),
    ("aoife obrien", ["Aoife"]), ("obrien aoife", ["Aoife"]), ("o", ["Aoife", "Sean"]),
    ("5550199", ["Aoife"]), ("0199", ["Aoife"]), ("514 555 1234", ["J"]), ("1234", ["J"]),
    ("1990-05-17", ["Sean"]), ("1990", ["Sean"]), ("j", ["J"]), ("j trem", ["J"]), ("suharti", ["Suharti"]),
    ("ζωη", ["Ζωή"]), ("παπα", ["Ζωή"]), ("ксен", ["Ксения"]), ("иван", ["Ксения"]),
    ("nguyen thi", ["Nguyễn Thị"]),
    ("huong", ["Nguyễn Thị"]), ("100%", []), ("o_h", ["Sean"]), ("nobody here", []), ("m", ["Zoë", "Marie"]),
]


def _fill(session: Session) -> dict[str, int]:
    actor = StaffMember(full_name="Rita Reception", username="rita", role=Role.receptionist)
    session.add(actor)
    session.commit()
    ids = {}
    for given, family, phone, born in PEOPLE:
        ids[given] = create_patient(session, actor=actor, data=PatientCreate(
            given_names=given, family_name=family, phone=phone, date_of_birth=born)).id
    return ids


def _answers(session: Session) -> dict[str, list[str]]:
    return {query: [p.given_names for p in search_patients(session, query)] for query, _ in QUERIES}


def test_word_start_accent_and_case_blind_search(db):
    _fill(db)
    for query, expected in QUERIES:
        assert sorted(p.given_names for p in search_patients(db, query)) == sorted(expected), query
        assert sorted(h.given_names for h in find_patient_hits(db, query)) == sorted(expected), query


def test_search_follows_renames_and_leaves_archived_patients_out(db):
    ids = _fill(db)
    actor = db.get(StaffMember, 1)
    update_patient(db, actor=actor, patient_id=ids["Brie"], data=PatientCreate(
        given_names="Brie", family_name="Lemaître", date_of_birth=date(1995, 5, 5)), reason="married name")
    assert [p.given_names for p in search_patients(db, "lemai")] == ["Brie"]
    assert search_patients(db, "larson") == []
    # a row written outside the services is indexed too (triggers)
    db.execute(text("UPDATE patient SET archived = :yes, search_text = :t WHERE id = :id"),
               {"yes": True, "t": "sean ohara o hara seanna", "id": ids["Sean"]})
    db.commit()
    db.expire_all()
    assert search_patients(db, "ohara") == []
    assert [p.given_names for p in search_patients(db, "ohara", include_archived=True)] == ["Sean"]
    assert [p.given_names for p in search_patients(db, "seann", include_archived=True)] == ["Sean"]


@pytest.mark.postgres_only
def test_the_same_queries_find_the_same_patients_in_the_same_order_on_both_engines(engine, tmp_path):
    sqlite_engine = open_database(tmp_path / "side.sqlite3")
    try:
        with Session(engine) as pg, Session(sqlite_engine) as lite:
            _fill(pg)
            _fill(lite)
            on_postgres, on_sqlite = _answers(pg), _answers(lite)
    finally:
        sqlite_engine.dispose()
    assert on_postgres == on_sqlite
    assert on_postgres["bri"] == ["Brie", "Aoife"]  # Larson before O'Brien-Daly on both


NAME_LETTERS = "abcdeéèëoöøçñ'-_ zΖωήКсенияß"


@pytest.mark.postgres_only
def test_generated_names_and_prefixes_find_the_same_patients_on_both_engines(engine, tmp_path):
    """Property: whatever the names (accents, apostrophes, hyphens, underscores, other scripts) and whatever
    prefix of them is typed, both engines return the same patients in the same order."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    sqlite_engine = open_database(tmp_path / "side.sqlite3")
    names = st.text(alphabet=NAME_LETTERS, min_size=1, max_size=12).filter(lambda n: n.strip())
    actor_ids: dict[str, int] = {}

    def actor(session: Session, key: str) -> StaffMember:
        if key not in actor_ids:
            member = StaffMember(full_name="Rita Reception", username="rita", role=Role.receptionist)
            session.add(member)
            session.commit()
            actor_ids[key] = member.id
        return session.get(StaffMember, actor_ids[key])

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(people=st.lists(st.tuples(names, names), min_size=1, max_size=4), cut=st.integers(1, 6),
           pick=st.integers(0, 3))
    def check(people, cut, pick):
        given_names, family = people[pick % len(people)]
        query = f"{given_names[:cut]} {family[:cut]}"
        results = []
        for key, eng in (("pg", engine), ("sqlite", sqlite_engine)):
            with Session(eng) as session:
                member = actor(session, key)
                for g, f in people:
                    create_patient(session, actor=member, data=PatientCreate(
                        given_names=g, family_name=f, date_of_birth=date(1990, 1, 1)))
                results.append([(p.given_names, p.family_name)
                                for p in search_patients(session, query, limit=500)])
        assert results[0] == results[1], query
        if query_words(query):  # the patient whose names were cut is among them, as a name is stored
            stored = (text_rules.tidy(given_names, text_rules.LINE), text_rules.tidy(family, text_rules.LINE))
            assert stored in results[0], query

    try:
        check()
    finally:
        sqlite_engine.dispose()
