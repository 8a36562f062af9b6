"""The command line refuses bad input in plain words: an empty database path or address (exit code 2,
never the default database), a well-written date that does not exist (2026-02-30), a sex outside the
form's choices, control characters in names and batch numbers."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from clinic_desktop.models import Patient, ProductUse, TreatmentSession
from clinic_desktop.services.dates import month_name_and_year
from clinic_desktop.services.text_rules import describe
from tests.language import msg_like, msg_text
from tests.test_cli import PASSWORD, _run, clinic  # noqa: F401 (clinic is a fixture)

EMPTY_PATH = ("the database path is empty; name a database file (or a postgresql+psycopg:// address), or "
              "leave --db out to use the usual one")
NO_SERVER = ("the database address “{address}” names no server and no database; write it as "
             "postgresql+psycopg://USER@HOST/DATABASE")
NO_SUCH_DAY = "“{typed}” does not exist: {month} has {days} days."
NO_SUCH_MONTH = "“{typed}” does not exist: there is no month {month} (months go from 1 to 12)."
NOT_A_DATE = "“{typed}” is not a date; write it as YYYY-MM-DD, for example 2026-01-31"
BAD_LOT_CHARACTER = ("A batch (lot) number holds only letters, digits and {allowed} (as on a GS1 label); "
                     "{character} cannot be part of one.")


def _no_such_day(typed: str, year: int, month: int, days: int) -> str:
    """The refusal of a well-written day that does not exist, the month named in the run's language as
    services/dates.py names it ("February 2026" / "février 2026")."""
    return msg_text(NO_SUCH_DAY).format(typed=typed, month=month_name_and_year(year, month), days=days)


def _cli(db_path, monkeypatch, *argv: str, user: str = "elise") -> int:
    return _run(["--db", str(db_path), *argv, "--user", user, "--password-stdin"], monkeypatch, PASSWORD + "\n")


@pytest.mark.parametrize("value", ["", "   ", "\t"])
@pytest.mark.parametrize("command", [["audit", "verify"], ["staff", "list", "--user", "ada"], []])
def test_an_empty_db_path_is_refused_not_replaced_by_the_default(value, command, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    monkeypatch.setenv("CLINIC_DESKTOP_HOME", str(home))
    monkeypatch.delenv("CLINIC_DESKTOP_DB", raising=False)
    with pytest.raises(SystemExit) as stop:
        _run(["--db", value, *command], monkeypatch)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--db" in err and msg_text(EMPTY_PATH) in err and "Traceback" not in err
    assert not list(home.rglob("*.sqlite3"))  # the default database was neither created nor opened


@pytest.mark.parametrize("address", ["postgresql+psycopg://", "postgresql://  ", "sqlite://", "sqlite:///"])
def test_a_database_address_with_nothing_in_it_is_refused(address, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLINIC_DESKTOP_HOME", str(tmp_path / "home"))
    with pytest.raises(SystemExit) as stop:
        _run(["--db", address, "audit", "verify"], monkeypatch)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert msg_text(NO_SERVER).format(address=address) in err and "Traceback" not in err


@pytest.mark.parametrize("flag", ["--from", "--to"])
def test_a_report_date_that_does_not_exist_is_told_apart_from_a_format_error(flag, monkeypatch, capsys):
    other = "--to" if flag == "--from" else "--from"
    with pytest.raises(SystemExit) as stop:
        _run(["report", "complications", flag, "2026-02-30", other, "2026-01-01", "--user", "x"], monkeypatch)
    assert stop.value.code == 2
    err = capsys.readouterr().err.splitlines()[-1]  # the usage lines come first
    assert _no_such_day("2026-02-30", 2026, 2, 28) in err and not msg_like(NOT_A_DATE).search(err)
    with pytest.raises(SystemExit):
        _run(["report", "complications", flag, "2024-02-30", other, "2026-01-01", "--user", "x"], monkeypatch)
    assert _no_such_day("2024-02-30", 2024, 2, 29) in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _run(["report", "complications", flag, "2026-13-01", other, "2026-01-01", "--user", "x"], monkeypatch)
    assert msg_text(NO_SUCH_MONTH).format(typed="2026-13-01", month=13) in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _run(["report", "complications", flag, "30/02/2026", other, "2026-01-01", "--user", "x"], monkeypatch)
    assert msg_text(NOT_A_DATE).format(typed="30/02/2026") in capsys.readouterr().err


def test_a_date_that_does_not_exist_is_said_in_french(monkeypatch, capsys):
    with pytest.raises(SystemExit):
        _run(["--language", "fr", "report", "complications", "--from", "2026-02-30", "--to", "2026-03-01",
              "--user", "x"], monkeypatch)
    assert "février 2026 compte 28 jours" in capsys.readouterr().err


def test_corrections_refuse_a_day_that_does_not_exist(clinic, monkeypatch, capsys, engine):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine) as db:
        patient_id = db.get(TreatmentSession, ts_id).patient_id
        before = db.get(TreatmentSession, ts_id).performed_at
    with pytest.raises(SystemExit) as stop:
        _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--born", "1990-04-31", "--reason", "x")
    assert stop.value.code == 2 and _no_such_day("1990-04-31", 1990, 4, 30) in capsys.readouterr().err
    code = _cli(db_path, monkeypatch, "sessions", "correct", str(ts_id), "--time", "2025-02-29 10:00",
                "--reason", "typed the wrong day")
    assert code == 1 and _no_such_day("2025-02-29 10:00", 2025, 2, 28) in capsys.readouterr().err
    with Session(engine) as db:
        assert db.get(TreatmentSession, ts_id).performed_at == before


def test_patients_edit_takes_only_the_forms_sex_choices(clinic, monkeypatch, capsys, engine):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine) as db:
        patient_id = db.get(TreatmentSession, ts_id).patient_id
    with pytest.raises(SystemExit) as stop:
        _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--sex", "banana", "--reason", "x")
    err = capsys.readouterr().err
    assert stop.value.code == 2 and msg_text("“{typed}” is not one of the choices: {choices}.").format(
        typed="banana", choices="female, male, other, not_stated, none") in err
    assert _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--sex", "Not-Stated",
                "--reason", "asked") == 0
    with Session(engine) as db:
        assert db.get(Patient, patient_id).sex == "not_stated"
    assert _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--sex", "none", "--reason", "asked") == 0
    with Session(engine) as db:
        assert db.get(Patient, patient_id).sex is None


@pytest.mark.parametrize("bad", ["LOT\x07A7", "LOT\x1b[0m", "LOT\x00", "LOT\u202eA7", "LOT A7"])
def test_sessions_correct_refuses_a_batch_with_control_characters(clinic, monkeypatch, capsys, engine, bad):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine) as db:
        use_id = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts_id)).one().id
    code = _cli(db_path, monkeypatch, "sessions", "correct", str(ts_id), "--product-use", str(use_id), "--batch", bad,
                "--reason", "Lot misread")
    err = capsys.readouterr().err
    refusal = msg_text(BAD_LOT_CHARACTER).format(allowed="! \" % & ' ( ) * + , - . / : ; < = > ? _",
                                                 character=describe(bad[3]))  # "LOT" then the character
    assert code == 1 and "Traceback" not in err
    assert err.splitlines()[-1] == f"clinic-desktop: {refusal}"  # the form's one product: not numbered
    with Session(engine) as db:
        assert db.get(ProductUse, use_id).batch_number == "LOT-A1"


def test_patients_edit_refuses_a_tab_free_name_but_tidies_spaces(clinic, monkeypatch, capsys, engine):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine) as db:
        patient_id = db.get(TreatmentSession, ts_id).patient_id
    assert _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--given-names", "Zoé\tAnne ",
                "--reason", "spelling") == 0
    assert _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--family-name", "Bell\x07",
                "--reason", "spelling") == 1
    assert "U+0007" in capsys.readouterr().err
    with Session(engine) as db:
        p = db.get(Patient, patient_id)
        assert (p.given_names, p.family_name) == ("Zoé Anne", "Παπαδοπούλου")
