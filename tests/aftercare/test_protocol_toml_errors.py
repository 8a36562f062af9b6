"""A protocol file that is not valid TOML (issue #15): the checker says so in one sentence of the reader's
language that keeps where (line and column, or the very end of the file) and what the TOML parser found,
that detail translated too when it is one of the parser's known messages."""

from __future__ import annotations

import pytest

from clinic_desktop.aftercare.protocol import ProtocolError, parse_protocol
from tests.language import speaking


def _refusal(text: str, language: str) -> ProtocolError:
    with speaking(language), pytest.raises(ProtocolError) as caught:
        parse_protocol(text, source="broken.fr.toml")
    return caught.value


BROKEN_TABLE = "id = 'broken'\nlanguage = 'fr'\n[[phases]\n"


def test_the_line_and_column_are_kept_in_an_english_sentence():
    err = _refusal(BROKEN_TABLE, "en")
    assert err.field == ""  # the place is in the sentence: "line 3" is no field of the protocol
    assert err.message == ("the file is not valid TOML at line 3, column 9 (Expected ']]' at the end of an array "
                           "declaration)")
    assert str(err) == "broken.fr.toml: " + err.message
    assert err.errors == [("", err.message)]


def test_the_line_and_column_are_kept_in_a_french_sentence():
    err = _refusal(BROKEN_TABLE, "fr")
    assert err.message == ("le fichier n’est pas du TOML valide à la ligne 3, colonne 9 («\u00a0]]\u00a0» attendu à la "
                           "fin d’une déclaration de tableau)")


@pytest.mark.parametrize(("text", "english", "french"), [
    ("id = ", "the file is not valid TOML at its very end (Invalid value)",
     "le fichier n’est pas du TOML valide tout à la fin (valeur non valide)"),
    ("a = 1\na = 2\n", "the file is not valid TOML at line 2, column 6 (Cannot overwrite a value)",
     "le fichier n’est pas du TOML valide à la ligne 2, colonne 6 (impossible de remplacer une valeur déjà donnée)"),
    ("[phases]\n[phases]\n", "the file is not valid TOML at line 2, column 8 (Cannot declare phases twice)",
     "le fichier n’est pas du TOML valide à la ligne 2, colonne 8 (impossible de déclarer phases deux fois)"),
    ('title = "Soins', "the file is not valid TOML at its very end (Unterminated string)",
     "le fichier n’est pas du TOML valide tout à la fin (chaîne non terminée)"),
    ('key = "C:\\Temp"', "the file is not valid TOML at line 1, column 12 (Unescaped '\\' in a string)",
     "le fichier n’est pas du TOML valide à la ligne 1, colonne 12 («\u00a0\\\u00a0» non échappé dans une chaîne)"),
    ("x = 1 2", "the file is not valid TOML at line 1, column 7 (Expected newline or end of document after a "
                "statement)",
     "le fichier n’est pas du TOML valide à la ligne 1, colonne 7 (fin de ligne ou fin du fichier attendue après "
     "une instruction)"),
])
def test_the_parsers_findings_are_said_in_the_readers_language(text, english, french):
    assert _refusal(text, "en").message == english
    assert _refusal(text, "fr").message == french


def test_a_finding_the_checker_does_not_know_passes_through_with_its_place(monkeypatch):
    import tomllib

    def unknown(text):
        raise tomllib.TOMLDecodeError("Something new in a later Python (at line 4, column 2)")

    monkeypatch.setattr(tomllib, "loads", unknown)
    assert _refusal("x = 1", "fr").message == ("le fichier n’est pas du TOML valide à la ligne 4, colonne 2 "
                                               "(Something new in a later Python)")
    assert _refusal("x = 1", "en").message == ("the file is not valid TOML at line 4, column 2 (Something new in a "
                                               "later Python)")
