"""Every message of the command line in French under ``--language fr`` or ``LANG=fr_CA.UTF-8`` (issue #15):
argparse's own errors ("usage:", "invalid choice", "the following arguments are required") and each
sub-command's output. Each command is run through ``main(argv)`` and its output searched for English words
taken from the command line's English messages."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session

from clinic_desktop.cli import main
from clinic_desktop.models import TreatmentSession
from tests.test_cli import PASSWORD, _run, clinic  # noqa: F401 (clinic is a fixture)

#: words of the command line's English messages (argparse's and ours) that French output never contains
ENGLISH_WORDS = {
    "usage", "error", "invalid", "choice", "choose", "following", "required", "unrecognized", "expected",
    "Wrote", "written", "checked", "backup", "field", "corrected", "nothing", "change", "Treatment", "session",
    "sessions", "areas", "product", "batch", "expires", "approved", "DRAFT", "Warning", "Saved", "sheet",
    "identified", "names", "Records", "trail", "the", "and", "of", "with", "is", "not", "was", "to", "by", "at",
    "reason", "history", "values", "kept", "Rate", "per", "Period", "rate", "complication", "after",
}
ENGLISH_WORDS -= {"complication"}  # the same word in French


def english_in(text: str, *paths) -> list[str]:
    for path in paths:
        text = text.replace(str(path), " ")
    text = re.sub(r"clinic-desktop(?: [a-z][a-z-]*)*", " ", text)  # the program and sub-command names
    text = re.sub(r"(?<![\w])-{1,2}[\w-]+|\b[A-Z][A-Z_0-9]+\b|\{[^}]*\}", " ", text)  # options, METAVARS
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text) if w in ENGLISH_WORDS})


@pytest.fixture
def french_env(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def _usage_error(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("how", ["option", "LANG"])
def test_argparse_own_errors_are_french(how, tmp_path, french_env, monkeypatch, capsys):
    if how == "LANG":
        monkeypatch.setenv("LANG", "fr_CA.UTF-8")
        lead = []
    else:
        lead = ["--language", "fr"]
    db = tmp_path / "c.db"
    err = _usage_error([*lead, "--db", str(db), "report", "complications", "--format", "docx"], capsys)
    assert "utilisation\u00a0: clinic-desktop" in err and "choix invalide\u00a0: 'docx'" in err, err
    assert english_in(err, db) == []
    err = _usage_error([*lead, "--db", str(db), "sessions", "show"], capsys)
    assert "les arguments suivants sont requis\u00a0: SESSION_ID" in err and english_in(err, db) == []
    err = _usage_error([*lead, "--db", str(db), "sessions", "show", "x"], capsys)
    assert "valeur int invalide" in err and english_in(err, db) == []
    err = _usage_error([*lead, "--db", str(db), "protocols", "list", "--nope"], capsys)
    assert "arguments non reconnus\u00a0: --nope" in err and english_in(err, db) == []


def test_a_wrong_language_is_refused_in_the_computer_language(tmp_path, french_env, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    err = _usage_error(["--language", "de", "protocols", "list"], capsys)
    assert "argument --language\u00a0: choix invalide\u00a0: 'de'" in err
    monkeypatch.setenv("LANG", "C.UTF-8")
    err = _usage_error(["--language", "de", "protocols", "list"], capsys)
    assert "argument --language: invalid choice: 'de'" in err


def test_english_stays_english(tmp_path, french_env, capsys):
    err = _usage_error(["--language", "en", "--db", str(tmp_path / "c.db"), "sessions", "show"], capsys)
    assert "usage: clinic-desktop" in err and "the following arguments are required: SESSION_ID" in err


def _fr(db_path, monkeypatch, *argv, user="elise"):
    sign_in = ["--user", user, "--password-stdin"] if user else []
    return _run(["--language", "fr", "--db", str(db_path), *argv, *sign_in], monkeypatch, PASSWORD + "\n")


def test_each_subcommand_speaks_french(clinic, tmp_path, french_env, monkeypatch, capsys, engine):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine) as db:
        patient_id = db.get(TreatmentSession, ts_id).patient_id
    outputs = {}

    def run(name, *argv, user="elise", code=0):
        got = _fr(db_path, monkeypatch, *argv, user=user)
        captured = capsys.readouterr()
        outputs[name] = captured.out + captured.err
        assert got == code, (name, outputs[name])

    run("patients edit", "patients", "edit", str(patient_id), "--phone", "+1 416 555 0177", user="rita")
    run("patients edit, nothing", "patients", "edit", str(patient_id), "--phone", "+1 416 555 0177", user="rita")
    run("sessions correct", "sessions", "correct", str(ts_id), "--areas", "front", "--reason", "Erreur")
    run("sessions show", "sessions", "show", str(ts_id))
    run("aftercare (draft)", "aftercare", "--session", str(ts_id), "-o", str(tmp_path / "f.pdf"))
    run("protocols list", "protocols", "list", user=None)
    run("backup", "backup", user="ada")
    run("report csv", "report", "complications", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "csv",
        "-o", str(tmp_path / "r.csv"), user="ada")
    run("report summary", "report", "complications", "--from", "2025-01-01", "--to", "2025-12-31", user="ada")
    run("staff list", "staff", "list", user="ada")
    run("products list", "products", "list")
    run("refused", "sessions", "show", "999", code=1)
    assert "Séance de traitement" in outputs["sessions show"] and "Mésothérapie faciale" in outputs["sessions show"]
    assert "BROUILLON" in outputs["aftercare (draft)"]
    assert "champ(s) corrigé(s)" in outputs["patients edit"] and "rien à changer" in outputs["patients edit, nothing"]
    assert "sauvegarde écrite et vérifiée" in outputs["backup"] and "écrit" in outputs["report csv"]
    found = {name: english_in(text, tmp_path, db_path) for name, text in outputs.items()}
    assert {name: words for name, words in found.items() if words} == {}, outputs
