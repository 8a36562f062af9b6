"""Command-line messages in the chosen language: ``--language fr`` or ``LANG=fr_CA.UTF-8`` (issue #15)."""

from __future__ import annotations

import io
import sys
from datetime import datetime

from sqlmodel import Session

from clinic_desktop.cli import main
from clinic_desktop.services import auth, messages
from tests.services.helpers import TORONTO, patient, toronto_clinic, treatment

PASSWORD = "a long desk password"


def _clinic(engine, db_path):
    with Session(engine, expire_on_commit=False) as db:
        admin = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
        toronto_clinic(db)
        p = patient(db, admin, given="Zoé", family="Roy", language="fr")
        ts = treatment(db, admin, p.id, admin.id, datetime(2025, 12, 31, 14, 0, tzinfo=TORONTO))
    engine.dispose()
    return ts.id


def _refused(db_path, ts_id, tmp_path, monkeypatch, capsys, extra):
    monkeypatch.setattr(sys, "stdin", io.StringIO("not the password"))
    code = main([*extra, "--db", str(db_path), "aftercare", "--session", str(ts_id), "-o",
                 str(tmp_path / "x.pdf"), "--user", "nobody", "--password-stdin"])
    return code, capsys.readouterr().err


def test_language_option_and_lang_choose_the_messages(engine, db_path, tmp_path, monkeypatch, capsys):
    ts_id = _clinic(engine, db_path)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    code, err = _refused(db_path, ts_id, tmp_path, monkeypatch, capsys, ["--language", "fr"])
    assert code == 1 and "Le nom d’utilisateur ou le mot de passe est inexact." in err
    code, err = _refused(db_path, ts_id, tmp_path, monkeypatch, capsys, [])
    assert code == 1 and "The user name or password is not right." in err
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    code, err = _refused(db_path, ts_id, tmp_path, monkeypatch, capsys, [])
    assert code == 1 and "mot de passe est inexact" in err
    code, err = _refused(db_path, ts_id, tmp_path, monkeypatch, capsys, ["--language", "en"])
    assert code == 1 and "not right" in err


def test_language_from_the_environment():
    assert messages.language_from_environment({"LANG": "fr_CA.UTF-8"}) == "fr"
    assert messages.language_from_environment({"LC_ALL": "fr_FR", "LANG": "en_CA"}) == "fr"
    assert messages.language_from_environment({"LANG": "de_DE.UTF-8"}) == "en"
    assert messages.language_from_environment({}) == "en"


def test_command_line_own_messages_in_french(tmp_path, capsys):
    missing = tmp_path / "no such folder" / "clinic.db"
    assert main(["--language", "fr", "--db", str(missing), "protocols", "list"]) == 1
    assert "n’existe pas" in capsys.readouterr().err
    assert main(["--language", "en", "--db", str(missing), "protocols", "list"]) == 1
    assert "does not exist" in capsys.readouterr().err
