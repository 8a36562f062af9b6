"""Checkout: today's list, the dated sheet, issuances, whole-visit sheets, exact reprints, refusals."""

from __future__ import annotations

import hashlib
import io
import shutil
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import select

from clinic_desktop import paths
from clinic_desktop.aftercare.sheet_inputs import Adjustment
from clinic_desktop.models import AftercareIssuance, IssuanceAction, IssuanceTreatmentSession, ProtocolVersion
from clinic_desktop.services import checkout
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.protocols import reload_protocols
from tests.language import msg_like, msg_text

from .helpers import TORONTO, patient, toronto_clinic, treatment

#: the warnings before printing a sheet with a draft protocol in it (services/protocols.py: draft_warning)
DRAFT_WARNINGS = (
    "{names} is a DRAFT protocol, not approved by the clinic: the sheet is marked DRAFT.",
    "{names} are DRAFT protocols, not approved by the clinic: the sheet is marked DRAFT.",
    "{names} is a DRAFT protocol, not approved by the clinic: its part of the sheet is marked DRAFT.",
    "{names} are DRAFT protocols, not approved by the clinic: their parts of the sheet are marked DRAFT.",
)


def _is_draft_warning(warning: str) -> bool:
    return any(msg_like(text).search(warning) for text in DRAFT_WARNINGS)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def visit(db, practitioner, receptionist):
    toronto_clinic(db)
    p = patient(db, receptionist, given="Ксения", family="Павлова")
    ts = treatment(db, practitioner, p.id, practitioner.id, datetime(2025, 12, 31, 10, 15, tzinfo=TORONTO))
    return p, ts


def test_sheet_names_patient_clinic_phone_and_phase_dates_across_new_year(db, receptionist, visit, tmp_path):
    p, ts = visit
    issuance, path = checkout.save_sheet(db, actor=receptionist, treatment_session_id=ts.id,
                                         path=tmp_path / "sheet.pdf")
    text = pdf_text(path.read_bytes())
    assert "Ксения Павлова" in text
    assert "+1 416 555 0100" in text  # clinic phone
    assert "+1 416 555 0199" in text  # emergency phone in the red-flag box
    assert "Day 0 · Wed 31 Dec 2025" in text  # computed by hand: 2025-12-31 is a Wednesday
    assert "Days 1–2 · Thu 1 Jan – Fri 2 Jan 2026" in text  # days 1–2 run into the new year
    row = db.get(AftercareIssuance, issuance.id)
    assert row.action == IssuanceAction.saved and row.issued_by_id == receptionist.id
    assert row.protocol_id == "facial-mesotherapy" and row.language == "en"
    assert row.pdf_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    stored = db.exec(select(ProtocolVersion)).all()
    assert [(v.protocol_id, v.language) for v in stored] == [("facial-mesotherapy", "en")]


def test_today_list_shows_printed_state(db, receptionist, practitioner, visit, tmp_path):
    p, ts = visit
    rows = checkout.sessions_on(db, actor=receptionist, day=date(2025, 12, 31))
    assert [(r.patient_name, r.printed, r.performed_at.strftime("%H:%M")) for r in rows] == [
        ("Ксения Павлова", False, "10:15")]
    checkout.save_sheet(db, actor=receptionist, treatment_session_id=ts.id, path=tmp_path / "s.pdf")
    assert checkout.sessions_on(db, actor=receptionist, day=date(2025, 12, 31))[0].printed is True
    assert checkout.sessions_on(db, actor=receptionist, day=date(2026, 1, 1)) == []


def test_french_patient_gets_french_sheet_unless_overridden(db, receptionist, practitioner):
    toronto_clinic(db)
    p = patient(db, receptionist, given="Élodie", family="Gagnon", language="fr")
    ts = treatment(db, practitioner, p.id, practitioner.id, datetime(2026, 11, 29, 9, tzinfo=TORONTO))
    fr = checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=ts.id)
    assert fr.inputs.language == "fr" and "dimanche 29 novembre 2026" in pdf_text(fr.pdf)
    en = checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=ts.id, language="en")
    assert "Sun 29 Nov 2026" in pdf_text(en.pdf)
    with pytest.raises(ValidationError) as err:
        checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=ts.id, language="de")
    assert "language" in err.value.errors


def test_two_treatments_on_one_visit_share_one_sheet(db, receptionist, practitioner, tmp_path):
    toronto_clinic(db)
    p = patient(db, receptionist)
    face = treatment(db, practitioner, p.id, practitioner.id, datetime(2026, 5, 4, 10, tzinfo=TORONTO))
    hair = treatment(db, practitioner, p.id, practitioner.id, datetime(2026, 5, 4, 11, tzinfo=TORONTO),
                     kind="hair-mesotherapy")
    issuance, _ = checkout.save_sheet(db, actor=receptionist, treatment_session_id=hair.id, path=tmp_path / "v.pdf")
    links = db.exec(select(IssuanceTreatmentSession).where(IssuanceTreatmentSession.issuance_id == issuance.id)).all()
    assert sorted(link.treatment_session_id for link in links) == sorted([face.id, hair.id])
    assert issuance.protocol_id == "facial-mesotherapy,hair-mesotherapy"
    rows = checkout.sessions_on(db, actor=receptionist, day=date(2026, 5, 4))
    assert [r.printed for r in rows] == [True, True]


def test_adjustment_shorter_than_protocol_minimum_is_refused(db, practitioner, visit):
    _, ts = visit
    with pytest.raises(ValidationError) as err:
        checkout.prepare_sheet(db, actor=practitioner, treatment_session_id=ts.id,
                               adjustments=[Adjustment(kind="extend", restriction_key="makeup", hours=6)])
    assert "adjustments" in err.value.errors
    longer = checkout.prepare_sheet(db, actor=practitioner, treatment_session_id=ts.id, adjustments=[
        Adjustment(kind="extend", restriction_key="makeup", hours=72),
        Adjustment(kind="note", text="Ice 10 min\nevery evening")])
    text = pdf_text(longer.pdf)
    assert "72" in text and "Ice 10 min" in text and "every evening" in text


def test_unwritable_path_records_nothing(db, receptionist, visit, tmp_path):
    _, ts = visit
    with pytest.raises(ValidationError) as err:
        checkout.save_sheet(db, actor=receptionist, treatment_session_id=ts.id,
                            path=tmp_path / "no-such-folder" / "s.pdf")
    assert err.value.errors["path"] == msg_text("The folder {parent} does not exist.").format(
        parent=tmp_path / "no-such-folder")
    assert db.exec(select(AftercareIssuance)).all() == []


def test_reprint_is_byte_identical_after_the_protocol_file_moves_on(
        db, receptionist, visit, tmp_path, monkeypatch):
    _, ts = visit
    first, path = checkout.save_sheet(db, actor=receptionist, treatment_session_id=ts.id, path=tmp_path / "a.pdf")
    # the clinic edits its protocols: a new version with different wording
    own = tmp_path / "protocols"
    shutil.copytree(paths.protocols_dir(), own)
    facial = own / "facial-mesotherapy.en.toml"
    facial.write_text(facial.read_text(encoding="utf-8").replace('version = "1.1.0"', 'version = "1.2.0"')
                      .replace("Keep your hands off your face.", "Hands off your face, please."), encoding="utf-8")
    (own / "facial-mesotherapy.fr.toml").write_text((own / "facial-mesotherapy.fr.toml").read_text(
        encoding="utf-8").replace('version = "1.1.0"', 'version = "1.2.0"'), encoding="utf-8")
    monkeypatch.setenv(paths.ENV_PROTOCOLS, str(own))
    reload_protocols()
    newer = checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=ts.id)
    assert "Hands off your face, please." in pdf_text(newer.pdf)
    again = checkout.reprint(db, actor=receptionist, issuance_id=first.id)
    assert again.identical is True
    assert again.pdf == path.read_bytes()
    assert again.issuance.action == IssuanceAction.reprinted and again.issuance.reprint_of_id == first.id
    monkeypatch.delenv(paths.ENV_PROTOCOLS)
    reload_protocols()


def test_save_all_unprinted_can_stop_between_sheets(db, receptionist, practitioner, tmp_path):
    toronto_clinic(db)
    for i, name in enumerate(["Ana", "Bea", "Cleo"]):
        p = patient(db, receptionist, given=name, family="Test")
        treatment(db, practitioner, p.id, practitioner.id, datetime(2026, 4, 2, 9 + i, tzinfo=TORONTO))
    run = checkout.save_unprinted(db, actor=receptionist, day=date(2026, 4, 2), folder=tmp_path)
    assert next(run) == (0, 3, "")
    assert next(run) == (1, 3, "Ana Test")
    run.close()  # the user pressed Cancel
    assert len(db.exec(select(AftercareIssuance)).all()) == 1
    assert len(list(tmp_path.glob("aftercare-*.pdf"))) == 1
    rest = list(checkout.save_unprinted(db, actor=receptionist, day=date(2026, 4, 2), folder=tmp_path))
    assert rest[-1] == (2, 2, "Cleo Test")
    assert len(db.exec(select(AftercareIssuance)).all()) == 3


def test_approval_is_bound_to_content_an_edit_is_a_draft_again(db, receptionist, manager, visit, tmp_path,
                                                                monkeypatch):
    """Issue #12 item 7 / #13 item 6: the file's own status never approves; a manager's approval covers
    that content only; an edited file (even one still saying "approved") is a draft until re-approved."""
    from clinic_desktop.services.protocols import approve_protocol

    _, ts = visit
    assert checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=ts.id).inputs.treatments[0].approved \
        is False  # shipped file says approved: not trusted
    approve_protocol(db, actor=manager, protocol_id="facial-mesotherapy")
    prepared = checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=ts.id)
    assert prepared.inputs.treatments[0].approved is True
    assert not any(map(_is_draft_warning, prepared.warnings))
    own = tmp_path / "protocols"
    shutil.copytree(paths.protocols_dir(), own)
    for lang in ("en", "fr"):
        f = own / f"facial-mesotherapy.{lang}.toml"
        f.write_text(f.read_text(encoding="utf-8").replace('version = "1.1.0"', 'version = "1.2.0"')
                     .replace("Keep your hands off your face.", "Hands off, please."), encoding="utf-8")
    monkeypatch.setenv(paths.ENV_PROTOCOLS, str(own))
    reload_protocols()
    try:
        edited = checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=ts.id)
        assert edited.inputs.treatments[0].approved is False
        assert any(map(_is_draft_warning, edited.warnings))
        approve_protocol(db, actor=manager, protocol_id="facial-mesotherapy")
        assert checkout.prepare_sheet(db, actor=receptionist, treatment_session_id=ts.id).inputs.treatments[0] \
            .approved is True
    finally:
        monkeypatch.delenv(paths.ENV_PROTOCOLS)
        reload_protocols()
