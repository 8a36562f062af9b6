"""Every command that signs in takes CLINIC_DESKTOP_USER, and with no terminal says how to give a password."""

from __future__ import annotations

import io
import sys

import pytest
from sqlmodel import Session

from clinic_desktop.cli import main
from clinic_desktop.services import auth
from tests.language import msg_like, msg_text

PASSWORD = "a long desk password"
NO_TERMINAL = ("There is no terminal to ask for the password. Give --password-stdin and send the password on "
               "standard input (for example: --password-stdin < password.txt).")
UNEXPECTED = msg_like("an unexpected error occurred; details are in {path}")


@pytest.fixture
def clinic(engine, db_path):
    with Session(engine, expire_on_commit=False) as db:
        auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
    engine.dispose()
    return db_path


def _commands(db_path, tmp_path):
    db = ["--db", str(db_path)]
    return {
        "staff list": db + ["staff", "list"],
        "staff add": db + ["staff", "add", "--username", "newbie", "--full-name", "New Person",
                           "--role", "receptionist"],
        "recall": db + ["recall", "LOT-1"],
        "report": db + ["report", "complications", "--from", "2026-01-01", "--to", "2026-01-31", "-o",
                        str(tmp_path / "r.csv")],
        "backup": db + ["backup"],
        "aftercare": db + ["aftercare", "--session", "1", "-o", str(tmp_path / "s.pdf")],
    }


@pytest.mark.parametrize("command", ["staff list", "staff add", "recall", "report", "backup", "aftercare"])
def test_the_user_comes_from_the_environment(clinic, tmp_path, monkeypatch, capsys, command):
    argv = _commands(clinic, tmp_path)[command] + ["--password-stdin"]
    monkeypatch.setenv("CLINIC_DESKTOP_USER", "ada")
    stdin = PASSWORD + "\n" + ("another long password\n" if command == "staff add" else "")
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    err = capsys.readouterr().err
    required = msg_text("the following arguments are required: %s") % ""  # argparse's, in our catalogue
    assert "--user" not in err and "required" not in err and required not in err, err
    if command == "aftercare":  # signed in, then refused for the missing treatment session
        assert msg_text("There is no treatment session number {session}.").format(session=1) in err
    else:
        assert code == 0, err


@pytest.mark.parametrize("command", ["staff list", "recall", "report", "backup", "aftercare"])
def test_no_terminal_and_no_password_stdin_is_a_clear_message(clinic, tmp_path, monkeypatch, capsys, command):
    monkeypatch.setenv("CLINIC_DESKTOP_USER", "ada")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # a script: not a terminal, nothing to read
    code = main(_commands(clinic, tmp_path)[command])
    err = capsys.readouterr().err
    assert code == 1
    assert f"clinic-desktop: {msg_text(NO_TERMINAL)}" in err
    assert "unexpected error" not in err and not UNEXPECTED.search(err)


def test_no_user_at_all_says_how_to_name_one(clinic, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CLINIC_DESKTOP_USER", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD))
    assert main(_commands(clinic, tmp_path)["staff list"] + ["--password-stdin"]) == 1
    assert msg_text("Name the acting staff member with --user USERNAME (or set {env_user}).").format(
        env_user="CLINIC_DESKTOP_USER") in capsys.readouterr().err
