"""The patient file PDF: contents read back from the PDF, attached sheets checked against their hashes."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader
from sqlmodel import select

from clinic_desktop.models import AftercareIssuance, AuditEntry
from clinic_desktop.services import checkout, photos
from clinic_desktop.services.complications import ComplicationAmend, amend_complication, fields_of
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from clinic_desktop.services.patient_file import build_patient_file, write_patient_file
from clinic_desktop.services.photos import PhotoTarget
from tests.language import speaking
from tests.photos import images


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English file back word for word (test_patient_file_french.py has the French one):
    the file speaks the exporting person's language, English here whatever the run's."""
    with speaking("en"):
        yield


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def full_case(db, practitioner, receptionist, case, tmp_path):
    """The case with a saved sheet, an amended complication and two photos (one hidden)."""
    p, ts, comp = case
    issuance, _ = checkout.save_sheet(
        db, actor=receptionist, treatment_session_id=ts.id, path=tmp_path / "s.pdf"
    )
    amend = fields_of(comp).model_dump() | {"severity_grade": 3, "reason": "swelling spread"}
    amend_complication(db, actor=practitioner, complication_id=comp.id, data=ComplicationAmend(**amend))
    before = photos.import_photo(
        db,
        actor=practitioner,
        data=images.jpeg_with_exif(600, 400),
        filename="b.jpg",
        consent_just_recorded=True,
        target=PhotoTarget(patient_id=p.id, kind="before", treatment_session_id=ts.id, area="left cheek"),
    )
    wrong = photos.import_photo(
        db,
        actor=practitioner,
        data=images.png(),
        filename="w.png",
        target=PhotoTarget(patient_id=p.id, kind="complication", complication_id=comp.id),
    )
    photos.mark_entered_in_error(db, actor=practitioner, photo_id=wrong.id, reason="other patient")
    return p, ts, comp, issuance, before


def test_identified_file_with_photos_holds_every_part_and_the_exact_sheet(db, manager, full_case, tmp_path):
    p, ts, comp, issuance, before = full_case
    out = tmp_path / "file.pdf"
    result = write_patient_file(
        db, actor=manager, patient_id=p.id, out_path=out, complication_id=comp.id, include_photos=True
    )
    assert out.exists() and result.pages == len(PdfReader(out).pages) >= 5
    text = _text(out)
    for needle in [
        "Patient file for insurer / regulator",
        "Clinique Lumière & Co",
        "Zoë O'Brien",
        "01 Jun 1988",
        "Mona Manager (manager)",
        "Concerning",
        f"Complication {comp.id}: Bruising",
        "NCTF 135HA, batch LOT-A1",
        "Summary of events",
        "swelling spread",
        "Severity grade 2",
        "identical",
        "Before · left cheek",
        "Audit excerpt",
        "photo.import",
        "What was verified",
        "audit trail intact",
        "1 of 1 re-printed byte-identical",
        "What was not verified",
        "entered in error",
    ]:
        assert needle.replace("\n", " ") in text.replace("\n", " "), needle
    assert "photographs included" in text
    squeezed = "".join(text.split())  # a hash may wrap inside its table cell
    assert issuance.pdf_sha256 in squeezed and before.content_sha256 in squeezed
    reader = PdfReader(out)
    attached = reader.attachments
    assert list(attached) == [f"aftercare-sheet-issuance-{issuance.id}.pdf"]
    sheet = attached[f"aftercare-sheet-issuance-{issuance.id}.pdf"][0]
    assert hashlib.sha256(sheet).hexdigest() == db.get(AftercareIssuance, issuance.id).pdf_sha256
    assert "Zoë O'Brien" in "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(sheet)).pages)
    images_in_pdf = [img for page in reader.pages for img in page.images]
    assert len(images_in_pdf) == 1  # the before photo; the one entered in error is not shown
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "patient_file.export")).one()
    assert entry.details["photos_included"] is True and entry.actor_id == manager.id
    assert result.sheets_matching == result.sheets_total == 1 and result.photos_printed == 1


def test_deidentified_file_has_initials_age_local_number_and_no_photo_or_sheet(
    db, manager, full_case, tmp_path
):
    from clinic_desktop.services.patients import PatientCreate, update_patient

    p, *_ = full_case
    data = {k: getattr(p, k) for k in PatientCreate.model_fields if hasattr(p, k)}
    new_phone = PatientCreate(**(data | {"phone": "+1 416 555 0177"}))
    update_patient(db, actor=manager, patient_id=p.id, data=new_phone)
    out = tmp_path / "deid.pdf"
    write_patient_file(db, actor=manager, patient_id=p.id, out_path=out, deidentified=True)
    text = _text(out)
    from clinic_desktop.services.clinic import today
    from clinic_desktop.services.messages import short_date
    from clinic_desktop.services.patient_file import age_on

    on = today(db)  # the clinic's today: the age is the patient's on the day the file is written
    age = f"{age_on(p.date_of_birth, on)} years on {short_date(on)}"  # "38 years on 01 Dec 2026"
    assert "Z. O." in text and f"P-{p.id:06d}" in text and age in text
    assert "Zoë" not in text and "O'Brien" not in text and "1988" not in text
    assert "555 0177" not in text and "changes: phone" in text  # the amendment is named, its values are not
    reader = PdfReader(out)
    assert not reader.attachments and not [img for page in reader.pages for img in page.images]
    assert "never part of a de-identified file" in text
    with pytest.raises(ValidationError):
        write_patient_file(
            db, actor=manager, patient_id=p.id, out_path=out, deidentified=True, include_photos=True
        )


def test_identified_file_needs_a_manager_and_photos_are_listed_not_shown_by_default(
    db, practitioner, manager, full_case, tmp_path
):
    p, *_ = full_case
    with pytest.raises(PermissionDenied):
        write_patient_file(db, actor=practitioner, patient_id=p.id, out_path=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    out = tmp_path / "plain.pdf"
    write_patient_file(db, actor=manager, patient_id=p.id, out_path=out)
    reader = PdfReader(out)
    assert not [img for page in reader.pages for img in page.images]
    assert "not printed in this file" in _text(out)


def test_cancel_leaves_no_file(db, manager, full_case, tmp_path):
    p, *_ = full_case
    out = tmp_path / "cancelled.pdf"

    class Flag:
        value = False

        def __bool__(self):
            return self.value

    flag = Flag()
    gen = build_patient_file(db, actor=manager, patient_id=p.id, out_path=out, cancel=flag)
    next(gen)
    flag.value = True
    with pytest.raises(StopIteration) as stop:
        while True:
            next(gen)
    assert stop.value.value is None
    assert list(tmp_path.glob("cancelled*")) == [] and list(tmp_path.glob(".cancelled*")) == []
    assert not db.exec(select(AuditEntry).where(AuditEntry.action == "patient_file.export")).all()


def test_a_changed_sheet_record_is_reported_not_hidden(db, manager, full_case, tmp_path):
    p, _, _, issuance, _ = full_case
    row = db.get(AftercareIssuance, issuance.id)
    row.pdf_sha256 = "0" * 64
    db.add(row)
    db.commit()
    out = tmp_path / "f.pdf"
    result = write_patient_file(db, actor=manager, patient_id=p.id, out_path=out)
    assert result.sheets_matching == 0 and result.sheets_total == 1
    assert "NOT identical" in _text(out) and "0 of 1 re-printed" in _text(out)


@pytest.mark.slow
def test_demo_patient_with_photos_and_a_complication(db, tmp_path):
    """The demo clinic: a patient with a complication gets photos and a sheet; the file opens and every
    attached sheet matches the SHA-256 of its issuance."""
    from clinic_desktop.models import Complication, Role, StaffMember
    from clinic_desktop.services.demo import create_demo_clinic

    create_demo_clinic(db, history_days=45)
    manager = db.exec(select(StaffMember).where(StaffMember.role == Role.manager)).first()
    doc = db.exec(select(StaffMember).where(StaffMember.role == Role.practitioner)).first()
    desk = db.exec(select(StaffMember).where(StaffMember.role == Role.receptionist)).first()
    comp = db.exec(select(Complication).where(Complication.entered_in_error == False)).first()  # noqa: E712
    checkout.save_sheet(
        db, actor=desk, treatment_session_id=comp.treatment_session_id, path=tmp_path / "s.pdf"
    )
    for kind, link in (
        ("before", {"treatment_session_id": comp.treatment_session_id}),
        ("complication", {"complication_id": comp.id}),
    ):
        photos.import_photo(
            db,
            actor=doc,
            data=images.jpeg_with_exif(900, 600),
            filename=f"{kind}.jpg",
            consent_just_recorded=True,
            target=PhotoTarget(patient_id=comp.patient_id, kind=kind, area=comp.site, **link),
        )
    out = tmp_path / "demo.pdf"
    result = write_patient_file(
        db,
        actor=manager,
        patient_id=comp.patient_id,
        out_path=out,
        include_photos=True,
        complication_id=comp.id,
    )
    reader = PdfReader(out)
    assert len(reader.pages) == result.pages and result.photos_printed == 2 and result.audit_chain_ok
    recorded = {
        f"aftercare-sheet-issuance-{i.id}.pdf": i.pdf_sha256 for i in db.exec(select(AftercareIssuance))
    }
    assert reader.attachments and result.sheets_attached == len(reader.attachments)
    for name, [data] in reader.attachments.items():
        assert hashlib.sha256(data).hexdigest() == recorded[name]
    assert result.sheets_matching == result.sheets_total
