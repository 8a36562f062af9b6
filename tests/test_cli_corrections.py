"""The correction commands: ``patients edit``, ``sessions correct``, ``sessions entered-in-error``."""

from __future__ import annotations

from sqlmodel import Session, select

from clinic_desktop.models import Patient, ProductUse, RecordRevision, TreatmentSession
from tests.test_cli import PASSWORD, _run, clinic  # noqa: F401 (clinic is a fixture)


def _cli(db_path, monkeypatch, *argv: str, user: str = "elise") -> int:
    return _run(["--db", str(db_path), *argv, "--user", user, "--password-stdin"], monkeypatch, PASSWORD + "\n")


def test_patients_edit_changes_only_the_fields_given_and_asks_a_reason_for_the_name(
        clinic, monkeypatch, capsys, engine):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine) as db:
        patient_id = db.get(TreatmentSession, ts_id).patient_id
    assert _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--phone", "+1 416 555 0177",
                user="rita") == 0
    assert "Patient" in capsys.readouterr().out
    assert _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--family-name", "Papadopoulou",
                user="rita") == 1
    assert "Say why the family name is being corrected" in capsys.readouterr().err
    assert _cli(db_path, monkeypatch, "patients", "edit", str(patient_id), "--family-name", "Papadopoulou",
                "--reason", "Latin spelling asked for", user="rita") == 0
    with Session(engine) as db:
        p = db.get(Patient, patient_id)
        assert (p.given_names, p.family_name, p.phone) == ("Ζωή", "Papadopoulou", "+1 416 555 0177")
        fields = [r.field for r in db.exec(select(RecordRevision).order_by(RecordRevision.id))]
    assert fields == ["phone", "family_name"]


def test_sessions_correct_a_batch_and_mark_entered_in_error(clinic, monkeypatch, capsys, engine):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine) as db:
        use_id = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts_id)).one().id
    assert _cli(db_path, monkeypatch, "sessions", "correct", str(ts_id), "--product-use", str(use_id),
                "--batch", "LOT-A7", "--reason", "Lot misread", user="rita") == 1  # receptionists may not
    assert _cli(db_path, monkeypatch, "sessions", "correct", str(ts_id), "--product-use", str(use_id),
                "--batch", "LOT-A7", "--time", "2025-12-31 15:30", "--reason", "Lot misread") == 0
    assert "2 field(s) corrected" in capsys.readouterr().out
    assert _cli(db_path, monkeypatch, "sessions", "show", str(ts_id)) == 0
    shown = capsys.readouterr().out
    assert "batch LOT-A7" in shown and "batch number: “LOT-A1” → “LOT-A7” — reason: Lot misread" in shown
    assert "2025-12-31 15:30" in shown
    assert _cli(db_path, monkeypatch, "sessions", "entered-in-error", str(ts_id), "--reason", " ") == 1
    assert _cli(db_path, monkeypatch, "sessions", "entered-in-error", str(ts_id), "--reason", "Wrong patient") == 0
    with Session(engine) as db:
        row = db.get(TreatmentSession, ts_id)
        assert (row.entered_in_error, row.error_reason) == (True, "Wrong patient")
        assert db.get(ProductUse, use_id).batch_number == "LOT-A7"
