"""``clinic-desktop patient-file``: writes the PDF for a manager, refuses a receptionist, plain messages."""

from __future__ import annotations

from pypdf import PdfReader
from sqlmodel import Session, select

from clinic_desktop.models import AuditEntry
from clinic_desktop.services import auth
from tests.language import msg_like, msg_text
from tests.test_cli import PASSWORD, _run, clinic  # noqa: F401  (the fixture)


def _target(engine, db_path) -> str:
    """What --db names: the SQLite file, or the PostgreSQL URL the suite runs on."""
    if engine.dialect.name == "sqlite":
        return str(db_path)
    return engine.url.render_as_string(hide_password=False)


def test_patient_file_command(clinic, tmp_path, monkeypatch, capsys, engine):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine, expire_on_commit=False) as db:
        ada = auth.authenticate(db, username="ada", password=PASSWORD)
        auth.create_staff(
            db, actor=ada, full_name="Mona Manager", username="mona", role="manager", password=PASSWORD
        )
    engine.dispose()
    out = tmp_path / "file.pdf"
    assert (
        _run(
            [
                "--db",
                _target(engine, db_path),
                "patient-file",
                "--patient",
                "1",
                "-o",
                str(out),
                "--deidentified",
                "--user",
                "mona",
                "--password-stdin",
            ],
            monkeypatch,
            PASSWORD,
        )
        == 0
    )
    said = capsys.readouterr().out
    assert msg_like("Wrote {path}: {pages}; {sheets}, {matching} of {total} identical to the recorded hash; "
                    "{photos}; {trail}.", path=out, trail=msg_text("audit trail intact")).search(said), said
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    variant = msg_text("De-identified (initials, age and local number; no photographs; notes left out)")
    assert "".join(variant.split()) in "".join(text.split()) and "Παπαδοπούλου" not in text and "P-000001" in text
    with Session(engine) as db:
        assert db.exec(select(AuditEntry).where(AuditEntry.action == "patient_file.export")).one()
    assert (
        _run(
            [
                "--db",
                _target(engine, db_path),
                "patient-file",
                "--patient",
                "1",
                "-o",
                str(tmp_path / "r.pdf"),
                "--user",
                "rita",
                "--password-stdin",
            ],
            monkeypatch,
            PASSWORD,
        )
        == 1
    )
    refusal = msg_like("{name} ({role}) may not export reports with patient names.", role=msg_text("receptionist"))
    assert refusal.search(capsys.readouterr().err) and not (tmp_path / "r.pdf").exists()
    assert (
        _run(
            [
                "--db",
                _target(engine, db_path),
                "patient-file",
                "--patient",
                "77",
                "-o",
                str(out),
                "--user",
                "mona",
                "--password-stdin",
            ],
            monkeypatch,
            PASSWORD,
        )
        == 1
    )
    assert msg_text("There is no patient number {id}.").format(id=77) in capsys.readouterr().err
