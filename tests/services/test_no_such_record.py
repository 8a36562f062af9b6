"""A record number no record can have is refused in one whole sentence of the reader's language, naming the
kind of record (the French noun's gender differs: one sentence per kind, never an English noun slotted in)."""

from __future__ import annotations

import pytest

from clinic_desktop.services.errors import NotFound
from clinic_desktop.services.limits import check_id
from tests.language import speaking


@pytest.mark.parametrize(("what", "english", "french"), [
    ("patient", "There is no patient number 0.", "Il n’y a pas de patient numéro 0."),
    ("follow-up", "There is no follow-up number 0.", "Il n’y a pas de suivi numéro 0."),
    ("treatment session", "There is no treatment session number 0.",
     "Il n’y a pas de séance de traitement numéro 0."),
])
def test_an_impossible_number_is_refused_in_the_readers_words(what, english, french):
    for language, expected in (("en", english), ("fr", french)):
        with speaking(language), pytest.raises(NotFound) as refused:
            check_id(0, what)
        assert str(refused.value) == expected
    assert check_id(7, what) == 7
