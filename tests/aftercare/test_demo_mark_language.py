"""A demo database's mark on the sheet is in the sheet's language (issue #15)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlmodel import Session, select

from clinic_desktop.models import StaffMember, TreatmentSession
from clinic_desktop.services.checkout import prepare_sheet
from clinic_desktop.services.demo import create_demo_clinic


def _text(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_demo_mark_speaks_the_sheets_language(engine):
    with Session(engine, expire_on_commit=False) as db:
        create_demo_clinic(db, password="a demo password", history_days=5, with_sheets=False)
        lea = db.exec(select(StaffMember).where(StaffMember.username == "lea")).one()
        ts = db.exec(select(TreatmentSession).order_by(TreatmentSession.id)).first()
        french = _text(prepare_sheet(db, actor=lea, treatment_session_id=ts.id, language="fr").pdf)
        english = _text(prepare_sheet(db, actor=lea, treatment_session_id=ts.id, language="en").pdf)
    assert "DÉMO (pas une vraie clinique)" in french and "not a real clinic" not in french
    assert "DEMO (not a real clinic)" in english
