"""The correction commands: ``patients edit``, ``sessions correct``, ``sessions entered-in-error``."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session, select

from clinic_desktop.models import Patient, ProductUse, RecordRevision, TreatmentSession
from clinic_desktop.services.messages import numeric_datetime
from tests.language import msg_like, msg_text, quoted
from tests.test_cli import PASSWORD, _run, clinic  # noqa: F401 (clinic is a fixture)


CORRECTED = "{what}: {n} field(s) corrected; the old values are kept in the history."
POSSIBLY_SAME = "Possibly the same product (a manager may merge them with `products merge KEEP_ID MERGE_ID`):"


def _like(text: str) -> re.Pattern[str]:
    """``text`` (already translated, some values filled) as a pattern whose ``{placeholders}`` left match anything."""
    return re.compile(".*?".join(map(re.escape, re.split(r"\{[a-z]+\}", text))))


def _cli(db_path, monkeypatch, *argv: str, user: str = "elise") -> int:
    return _run(
        ["--db", str(db_path), *argv, "--user", user, "--password-stdin"], monkeypatch, PASSWORD + "\n"
    )


def test_patients_edit_changes_only_the_fields_given_and_asks_a_reason_for_the_name(
    clinic, monkeypatch, capsys, engine,  # noqa: F811 (clinic is a fixture)
):
    db_path, ts_id = clinic
    with Session(engine) as db:
        patient_id = db.get(TreatmentSession, ts_id).patient_id
    assert (
        _cli(
            db_path,
            monkeypatch,
            "patients",
            "edit",
            str(patient_id),
            "--phone",
            "+1 416 555 0177",
            user="rita",
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == msg_text(CORRECTED).format(
        what=msg_text("Patient {id} ({name})").format(id=patient_id, name="Ζωή Παπαδοπούλου"), n=1)
    assert (
        _cli(
            db_path,
            monkeypatch,
            "patients",
            "edit",
            str(patient_id),
            "--family-name",
            "Papadopoulou",
            user="rita",
        )
        == 1
    )
    assert msg_text("Say why the {fields} is being corrected (kept in the history).").format(
        fields=msg_text("family name")) in capsys.readouterr().err
    assert (
        _cli(
            db_path,
            monkeypatch,
            "patients",
            "edit",
            str(patient_id),
            "--family-name",
            "Papadopoulou",
            "--reason",
            "Latin spelling asked for",
            user="rita",
        )
        == 0
    )
    with Session(engine) as db:
        p = db.get(Patient, patient_id)
        assert (p.given_names, p.family_name, p.phone) == ("Ζωή", "Papadopoulou", "+1 416 555 0177")
        fields = [r.field for r in db.exec(select(RecordRevision).order_by(RecordRevision.id))]
    assert fields == ["phone", "family_name"]


def test_sessions_correct_a_batch_and_mark_entered_in_error(clinic, monkeypatch, capsys, engine):  # noqa: F811
    db_path, ts_id = clinic
    with Session(engine) as db:
        use_id = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == ts_id)).one().id
    assert (
        _cli(
            db_path,
            monkeypatch,
            "sessions",
            "correct",
            str(ts_id),
            "--product-use",
            str(use_id),
            "--batch",
            "LOT-A7",
            "--reason",
            "Lot misread",
            user="rita",
        )
        == 1
    )  # receptionists may not
    assert (
        _cli(
            db_path,
            monkeypatch,
            "sessions",
            "correct",
            str(ts_id),
            "--product-use",
            str(use_id),
            "--batch",
            "LOT-A7",
            "--time",
            "2025-12-31 15:30",
            "--reason",
            "Lot misread",
        )
        == 0
    )
    assert msg_text(CORRECTED).format(what=msg_text("Treatment session {id}").format(id=ts_id), n=2) in (
        capsys.readouterr().out)
    assert _cli(db_path, monkeypatch, "sessions", "show", str(ts_id)) == 0
    shown = capsys.readouterr().out
    batch_line = msg_text("product use {id}: {product}, batch {batch}, expires {expiry}, dose {dose}").format(
        id=use_id, product="{product}", batch="LOT-A7", expiry="2027-06-30", dose="{dose}")
    assert _like(batch_line).search(shown)
    batch_fix = msg_text("{field}: {old} → {new}").format(field=msg_text("batch number"), old=quoted("LOT-A1"),
                                                          new=quoted("LOT-A7"))
    corrected = msg_text("corrected {time} by {who}: {summary} — reason: {reason}").format(
        time="{time}", who="Dr. Élise Tremblay", summary=batch_fix, reason="Lot misread")
    assert _like(corrected).search(shown)
    assert numeric_datetime(datetime(2025, 12, 31, 15, 30)) in shown  # "2025-12-31 15:30" / "… 15 h 30"
    assert _cli(db_path, monkeypatch, "sessions", "entered-in-error", str(ts_id), "--reason", " ") == 1
    assert (
        _cli(db_path, monkeypatch, "sessions", "entered-in-error", str(ts_id), "--reason", "Wrong patient")
        == 0
    )
    with Session(engine) as db:
        row = db.get(TreatmentSession, ts_id)
        assert (row.entered_in_error, row.error_reason) == (True, "Wrong patient")
        assert db.get(ProductUse, use_id).batch_number == "LOT-A7"


def test_products_list_shows_near_duplicates_and_a_manager_merges_them(clinic, monkeypatch, capsys, engine):  # noqa: F811
    from clinic_desktop.models import Product, StaffMember
    from clinic_desktop.services import auth
    from tests.services.helpers import treatment

    db_path, ts_id = clinic
    with Session(engine, expire_on_commit=False) as db:
        ts = db.get(TreatmentSession, ts_id)
        doc = db.get(StaffMember, ts.practitioner_id)
        treatment(
            db,
            doc,
            ts.patient_id,
            doc.id,
            ts.performed_at,
            products=[treatments_use("NCTF 135 HA", "LOT-A1")],
        )
        admin = db.exec(select(StaffMember).where(StaffMember.username == "ada")).one()
        auth.create_staff(
            db, actor=admin, full_name="Mona Manager", username="mona", role="manager", password=PASSWORD
        )
    assert _cli(db_path, monkeypatch, "products", "list") == 0
    out = capsys.readouterr().out
    assert msg_text(POSSIBLY_SAME) in out and "“NCTF 135HA”" in out and "“NCTF 135 HA”" in out
    with Session(engine) as db:
        ids = {p.name: p.id for p in db.exec(select(Product))}
    keep, gone = str(ids["NCTF 135 HA"]), str(ids["NCTF 135HA"])
    assert _cli(db_path, monkeypatch, "products", "merge", keep, gone) == 1  # a practitioner may not
    assert msg_text("{name} ({role}) may not merge products of the catalogue.").format(
        name="Dr. Élise Tremblay", role=msg_text("practitioner")) in capsys.readouterr().err
    assert _cli(db_path, monkeypatch, "products", "merge", keep, gone, user="mona") == 0
    assert msg_text("Merged product {merged} into {kept} “{name}”: now {batches} batch(es), {uses} use(s); the old "
                    "spellings are kept in the history.").format(merged=gone, kept=keep, name="NCTF 135 HA", batches=1,
                                                                 uses=2) in capsys.readouterr().out
    assert _cli(db_path, monkeypatch, "products", "list") == 0
    assert msg_text(POSSIBLY_SAME) not in capsys.readouterr().out


def treatments_use(name: str, lot: str):
    from datetime import date

    from clinic_desktop.services.treatments import ProductUseCreate

    return ProductUseCreate(product_name=name, batch_number=lot, expiry_date=date(2027, 6, 30))


def test_patients_merge_needs_a_manager_and_a_reason(clinic, monkeypatch, capsys, engine):  # noqa: F811
    from datetime import date

    from clinic_desktop.models import StaffMember
    from clinic_desktop.services import auth
    from tests.services.helpers import patient

    db_path, ts_id = clinic
    with Session(engine, expire_on_commit=False) as db:
        keep_id = db.get(TreatmentSession, ts_id).patient_id
        rita = db.exec(select(StaffMember).where(StaffMember.username == "rita")).one()
        dup = patient(db, rita, given="Zoi", family="Papadopoulou", dob=date(1988, 6, 1))
        admin = db.exec(select(StaffMember).where(StaffMember.username == "ada")).one()
        auth.create_staff(
            db, actor=admin, full_name="Mona Manager", username="mona", role="manager", password=PASSWORD
        )
    assert (
        _cli(db_path, monkeypatch, "patients", "merge", str(keep_id), str(dup.id), "--reason", "twice") == 1
    )
    assert (
        _cli(
            db_path,
            monkeypatch,
            "patients",
            "merge",
            str(keep_id),
            str(dup.id),
            "--reason",
            "twice",
            user="mona",
        )
        == 0
    )
    assert msg_text("Patient {merged} merged into {kept} ({name}); it is archived with a pointer, and both "
                    "histories show the merge.").format(merged=dup.id, kept=keep_id, name="Ζωή Παπαδοπούλου") in (
        capsys.readouterr().out)
    with Session(engine) as db:
        assert db.get(Patient, dup.id).archived is True


def test_after_an_administrators_reset_the_person_must_choose_their_own_password(
    clinic, monkeypatch, capsys, engine,  # noqa: F811 (clinic is a fixture)
):
    from clinic_desktop.models import StaffMember
    from clinic_desktop.services import auth

    db_path, _ts_id = clinic
    with Session(engine, expire_on_commit=False) as db:
        admin = db.exec(select(StaffMember).where(StaffMember.username == "ada")).one()
        rita = db.exec(select(StaffMember).where(StaffMember.username == "rita")).one()
        auth.set_password(db, actor=admin, staff_id=rita.id, password="temporary but long 7")
    argv = ["--db", str(db_path), "sessions", "show", str(_ts_id), "--user", "rita", "--password-stdin"]
    assert _run(argv, monkeypatch, "temporary but long 7\n") == 1
    assert msg_text("An administrator reset your password: choose your own first with "
                    "`clinic-desktop staff password --user {user}`.").format(user="rita") in capsys.readouterr().err
    pw = ["--db", str(db_path), "staff", "password", "--user", "rita", "--password-stdin"]
    assert _run(pw, monkeypatch, "temporary but long 7\nclinic2026\n") == 1
    assert msg_like("This password is too easy to guess. {warning} A short sentence of four or five words is "
                    "better.").search(capsys.readouterr().err)
    assert _run(pw, monkeypatch, "temporary but long 7\nmy own four word sentence\n") == 0
    assert _run(argv, monkeypatch, "my own four word sentence\n") == 0
    rename = [
        "--db",
        str(db_path),
        "staff",
        "rename",
        "rita",
        "--full-name",
        "Rita Reception-Smith",
        "--user",
        "ada",
        "--password-stdin",
    ]
    assert _run(rename, monkeypatch, PASSWORD + "\n") == 0
    assert msg_text("{user}: “{old}” is now “{new}”").format(user="rita", old="Rita Reception",
                                                           new="Rita Reception-Smith") in capsys.readouterr().out
    with Session(engine) as db:
        rita = db.exec(select(StaffMember).where(StaffMember.username == "rita")).one()
        assert (rita.full_name, rita.must_change_password) == ("Rita Reception-Smith", False)
