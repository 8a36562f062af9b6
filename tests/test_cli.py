"""The headless CLI: ``aftercare`` renders and records the same sheet as the window; ``protocols`` checks."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from clinic_desktop.cli import main
from clinic_desktop.models import AftercareIssuance, AuditEntry, IssuanceAction
from clinic_desktop.services import auth
from tests.language import msg_like, msg_text
from tests.services.helpers import TORONTO, patient, toronto_clinic, treatment

PASSWORD = "a long desk password"


@pytest.fixture
def clinic(engine, db_path):
    """A clinic with a receptionist who has a password, and one past facial treatment session."""
    with Session(engine, expire_on_commit=False) as db:
        admin = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
        auth.create_staff(db, actor=admin, full_name="Rita Reception", username="rita", role="receptionist",
                          password=PASSWORD)
        doc = auth.create_staff(db, actor=admin, full_name="Dr. Élise Tremblay", username="elise",
                                role="practitioner", password=PASSWORD)
        toronto_clinic(db)
        p = patient(db, doc, given="Ζωή", family="Παπαδοπούλου", language="fr")
        ts = treatment(db, doc, p.id, doc.id, datetime(2025, 12, 31, 14, 0, tzinfo=TORONTO))
    engine.dispose()
    return db_path, ts.id


def _run(argv: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_aftercare_command_saves_and_records_the_sheet(clinic, tmp_path, monkeypatch, capsys, engine):
    db_path, ts_id = clinic
    out = tmp_path / "sheet.pdf"
    code = _run(["--db", str(db_path), "aftercare", "--session", str(ts_id), "-o", str(out), "--user", "rita",
                 "--password-stdin"], monkeypatch, PASSWORD + "\n")
    assert code == 0, capsys.readouterr().err
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Ζωή Παπαδοπούλου" in text
    assert "mercredi 31 décembre 2025" in text  # French: the patient's language, worked out by hand
    assert "Jours 1–2 · du jeudi 1er au vendredi 2 janvier 2026" in " ".join(text.split())
    with Session(engine) as db:
        [issuance] = db.exec(select(AftercareIssuance)).all()
        assert issuance.action == IssuanceAction.saved and issuance.language == "fr"
    # English on request, and an exact reprint of the first sheet
    code = _run(["--db", str(db_path), "aftercare", "--session", str(ts_id), "-o", str(tmp_path / "en.pdf"),
                 "--language", "en", "--user", "rita", "--password-stdin"], monkeypatch, PASSWORD)
    assert code == 0
    assert "Wed 31 Dec 2025" in PdfReader(tmp_path / "en.pdf").pages[0].extract_text()
    copy = tmp_path / "copy.pdf"
    code = _run(["--db", str(db_path), "aftercare", "--session", str(ts_id), "--reprint", str(issuance.id),
                 "-o", str(copy), "--user", "rita", "--password-stdin"], monkeypatch, PASSWORD)
    assert code == 0 and msg_like("Reprinted issuance {number} to {output}: identical to the original (SHA-256 {sha}…).").search(
        capsys.readouterr().out)
    assert copy.read_bytes() == out.read_bytes()


def test_aftercare_command_refuses_a_wrong_password_and_a_bad_path(clinic, tmp_path, monkeypatch, capsys, engine):
    db_path, ts_id = clinic
    code = _run(["--db", str(db_path), "aftercare", "--session", str(ts_id), "-o", str(tmp_path / "x.pdf"),
                 "--user", "rita", "--password-stdin"], monkeypatch, "not it")
    assert code == 1 and msg_text("The user name or password is not right.") in capsys.readouterr().err
    code = _run(["--db", str(db_path), "aftercare", "--session", str(ts_id), "-o",
                 str(tmp_path / "missing" / "x.pdf"), "--user", "rita", "--password-stdin"], monkeypatch, PASSWORD)
    err = capsys.readouterr().err
    assert code == 1 and msg_like("The folder {parent} does not exist.").search(err) and "Traceback" not in err
    code = _run(["--db", str(db_path), "aftercare", "--session", "999", "-o", str(tmp_path / "y.pdf"),
                 "--user", "rita", "--password-stdin"], monkeypatch, PASSWORD)
    assert code == 1 and msg_text("There is no treatment session number {session}.").format(session=999) in \
        capsys.readouterr().err
    with Session(engine) as db:
        assert db.exec(select(AftercareIssuance)).all() == []
        assert any(e.action.startswith("login.fail") or "fail" in e.action for e in db.exec(select(AuditEntry)))


def test_protocols_check_passes_on_the_bundled_set_and_fails_on_a_broken_file(tmp_path, capsys):
    assert main(["protocols", "check"]) == 0
    assert msg_like("All protocols in {directory} passed their checks.").search(capsys.readouterr().out)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "facial-mesotherapy.en.toml").write_text('id = "facial-mesotherapy"\nversion = 1\n', encoding="utf-8")
    assert main(["protocols", "check", "--dir", str(broken)]) == 1
    out = capsys.readouterr().out
    assert msg_text("ERROR") in out and "facial-mesotherapy.en.toml" in out


def test_protocol_approval_needs_a_manager(clinic, monkeypatch, capsys, engine):
    db_path, _ = clinic
    code = _run(["--db", str(db_path), "protocols", "approve", "hair-mesotherapy", "--user", "rita",
                 "--password-stdin"], monkeypatch, PASSWORD)
    assert code == 1 and msg_text("{name} ({role}) may not approve protocols.").format(
        name="Rita Reception", role=msg_text("receptionist")) in capsys.readouterr().err
    code = _run(["--db", str(db_path), "protocols", "approve", "hair-mesotherapy", "--user", "ada",
                 "--password-stdin"], monkeypatch, PASSWORD)
    assert code == 0 and msg_like("Approved {protocol_id} v{version} ({languages}) as {name}.").search(
        capsys.readouterr().out)


def test_module_entry_point_prints_help():
    result = subprocess.run([sys.executable, "-m", "clinic_desktop", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and "aftercare" in result.stdout and "report" in result.stdout


def test_a_file_that_is_not_a_database_gets_a_plain_message(tmp_path, monkeypatch, capsys):
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("shopping list: gloves, gauze " * 100)
    before = notes.read_bytes()
    code = _run(["--db", str(notes), "audit", "verify"], monkeypatch)
    err = capsys.readouterr().err
    assert code == 1 and msg_like("The database {shown} cannot be opened: it may be damaged or not a Clinic Desktop "
                                   "database. The file was not changed. Restore a backup, or name another file with "
                                   "--db. (Reason: {reason})").search(err) and "Traceback" not in err
    assert notes.read_bytes() == before


def test_a_mistyped_db_folder_or_a_missing_database_is_not_silently_created(tmp_path, monkeypatch, capsys):
    typo = tmp_path / "nosuch" / "folder" / "clinic.sqlite3"
    assert _run(["--db", str(typo), "staff", "list", "--user", "ada", "--password-stdin"], monkeypatch, "x") == 1
    assert msg_like("The folder {parent} does not exist; check the --db path.").search(capsys.readouterr().err)
    assert not typo.parent.exists()
    missing = tmp_path / "clinic.sqlite3"
    assert _run(["--db", str(missing), "audit", "verify"], monkeypatch) == 1
    assert msg_like("There is no database at {file} yet. Start the app once to create it (or fill a demo clinic "
                    "with the demo command); check the --db path.").search(capsys.readouterr().err)
    assert not missing.exists()


def test_report_dates_are_checked_in_plain_words(tmp_path, monkeypatch, capsys):
    with pytest.raises(SystemExit) as stop:
        _run(["report", "complications", "--from", "2026-13-01", "--to", "2026-12-31", "--user", "x"], monkeypatch)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert msg_text("“{typed}” does not exist: there is no month {month} (months go from 1 to 12).").format(
        typed="2026-13-01", month=13) in err and "fromisoformat" not in err
    with pytest.raises(SystemExit) as stop:
        _run(["report", "complications", "--from", "13/01/2026", "--to", "2026-12-31", "--user", "x"], monkeypatch)
    assert msg_text("“{typed}” is not a date; write it as YYYY-MM-DD, for example 2026-01-31").format(
        typed="13/01/2026") in capsys.readouterr().err


def test_aftercare_command_warns_before_a_draft_and_approval_is_bound_to_content(clinic, tmp_path, monkeypatch,
                                                                                  capsys, engine):
    """Issue #12 item 7: the shipped file says "approved", but only a manager's approval of this exact
    content counts; the CLI warns while it is a draft and stops warning once approved."""
    from clinic_desktop.models import Patient, TreatmentSession

    db_path, ts_id = clinic
    with Session(engine) as db:  # a character no bundled font has, in the patient's name
        patient = db.get(Patient, db.get(TreatmentSession, ts_id).patient_id)
        patient.given_names = "Zoë \U00013000"
        db.add(patient)
        db.commit()
    args = ["--db", str(db_path), "aftercare", "--session", str(ts_id), "--user", "rita", "--password-stdin"]
    assert _run([*args, "-o", str(tmp_path / "a.pdf")], monkeypatch, PASSWORD) == 0
    err = capsys.readouterr().err
    assert msg_like("Warning: {warning}").search(err) and "mésothérapie faciale" in err.lower()
    assert msg_like("{names} is a DRAFT protocol, not approved by the clinic: the sheet is marked DRAFT.").search(
        err) and msg_text("A manager can approve the current content in Approve protocols.") in err
    unprintable = msg_text("{label}: {characters} cannot be printed with the sheet's fonts and shows as "
                           "“\ufffd”.").format(label=msg_text("Patient name"),
                                                 characters="\U00013000 (U+13000 EGYPTIAN HIEROGLYPH A001)")
    assert msg_text("Warning: {warning}").format(warning=unprintable) in err
    assert _run(["--db", str(db_path), "protocols", "list"], monkeypatch) == 0
    listing = capsys.readouterr().out
    assert "facial-mesotherapy" in listing and msg_text("DRAFT (needs approval)") in listing
    assert _run(["--db", str(db_path), "protocols", "approve", "facial-mesotherapy", "--user", "ada",
                 "--password-stdin"], monkeypatch, PASSWORD) == 0
    capsys.readouterr()
    assert _run([*args, "-o", str(tmp_path / "b.pdf")], monkeypatch, PASSWORD) == 0
    assert not msg_like("{names} is a DRAFT protocol, not approved by the clinic: the sheet is marked DRAFT.").search(
        err := capsys.readouterr().err) and "DRAFT" not in err
    assert msg_text("A manager can approve the current content in Approve protocols.") not in err
