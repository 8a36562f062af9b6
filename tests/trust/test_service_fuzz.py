"""Hypothesis over every service that takes user input: only the project's own errors, nothing saved on refusal.

Bounded examples here (a few seconds per service); ``scripts/fuzz_services.py N`` runs N per service.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from sqlmodel import Session

from clinic_desktop.db import open_database
from tests.trust.service_fuzz import Tally, make_people, run_one, targets

EXAMPLES = 12


@pytest.fixture(scope="module")
def fuzz_clinic(tmp_path_factory):
    engine = open_database(tmp_path_factory.mktemp("fuzz") / "clinic.sqlite3")
    with Session(engine, expire_on_commit=False) as db:
        people = make_people(db)
    yield engine, people
    engine.dispose()


def _names() -> list[str]:
    from types import SimpleNamespace

    from tests.trust.service_fuzz import People

    someone = SimpleNamespace(id=1)
    return sorted(targets(People(someone, someone, someone, someone, 1, 1, 1, 1)))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", _names())
def test_service_refuses_any_input_with_its_own_errors(fuzz_clinic, name):
    engine, people = fuzz_clinic
    strategy, call = targets(people)[name]
    tally = Tally()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(kwargs=strategy)
    def prop(kwargs):
        error = run_one(engine, people, call, kwargs, tally)
        if error is not None:
            raise error

    prop()
    assert tally.calls >= EXAMPLES and tally.unhandled == 0


@pytest.mark.parametrize("query", ["a_b", "a‿b", "a·b", "नमस्ते", "x\u200dy", '"', "NEAR(a b)", "*", "-zoe",
                                   "\ud800", "a" * 5000, "O'Brien-Daly"])
def test_search_as_you_type_takes_any_text(db, receptionist, query):
    """The Patients page searches on every pause in typing: FTS5 syntax and odd characters are plain text."""
    from datetime import date

    from clinic_desktop.services.patients import PatientCreate, create_patient, search_patients
    from clinic_desktop.services.search import find_patient_hits

    create_patient(db, actor=receptionist, data=PatientCreate(given_names="नमस्ते", family_name="O'Brien-Daly",
                                                              date_of_birth=date(1990, 1, 1)))
    search_patients(db, query)
    hits = find_patient_hits(db, query)
    if query in ("नमस्ते", "O'Brien-Daly"):
        assert [h.family_name for h in hits] == ["O'Brien-Daly"]
