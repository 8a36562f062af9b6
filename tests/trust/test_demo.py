"""``demo`` goes only into a fresh database, which is then marked as a demo everywhere it shows."""

from __future__ import annotations

import io
import sys
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import Session, func, select

from clinic_desktop.cli import main
from clinic_desktop.models import AuditEntry, ClinicProfile, Patient, StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.demo import DemoRefused, create_demo_clinic

REAL = "the real admin's password"
DEMO_PW = "a demo password"


def _run(argv, monkeypatch, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_demo_cannot_take_over_a_live_database(engine, db_path, monkeypatch, capsys):
    with Session(engine, expire_on_commit=False) as db:
        ada = auth.create_first_admin(db, full_name="Ada Real", username="ada", password=REAL)
        before_hash = db.get(StaffMember, ada.id).password_hash
        before_audit = db.exec(select(func.count()).select_from(AuditEntry)).one()
    engine.dispose()
    assert _run(["--db", str(db_path), "demo", "--password", DEMO_PW], monkeypatch) == 1
    assert "empty database" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # there is no --force any more
        _run(["--db", str(db_path), "demo", "--password", DEMO_PW, "--force"], monkeypatch)
    with Session(engine) as db:
        member = db.exec(select(StaffMember).where(StaffMember.username == "ada")).one()
        assert member.password_hash == before_hash  # the caller's password was not given to the real ada
        assert db.exec(select(func.count()).select_from(Patient)).one() == 0
        assert db.exec(select(func.count()).select_from(AuditEntry)).one() == before_audit
        profile = db.exec(select(ClinicProfile)).first()
        assert profile is None or not profile.is_demo
    with pytest.raises(auth.AuthenticationError):
        with Session(engine) as db:
            auth.authenticate(db, username="ada", password=DEMO_PW)


def test_demo_refuses_a_database_with_only_staff(db, admin):
    with pytest.raises(DemoRefused, match="empty database"):
        create_demo_clinic(db, with_sheets=False)
    assert db.exec(select(func.count()).select_from(Patient)).one() == 0


@pytest.mark.slow
def test_a_demo_database_says_demo_on_sheets_and_reports(engine, db_path, tmp_path, monkeypatch, capsys):
    from clinic_desktop.services import reports
    from clinic_desktop.services.checkout import prepare_sheet

    with Session(engine, expire_on_commit=False) as db:
        create_demo_clinic(db, password=DEMO_PW, history_days=20, with_sheets=False)
        assert db.get(ClinicProfile, 1).is_demo
        lea = db.exec(select(StaffMember).where(StaffMember.username == "lea")).one()
        marc = db.exec(select(StaffMember).where(StaffMember.username == "marc")).one()
        from clinic_desktop.models import TreatmentSession

        ts = db.exec(select(TreatmentSession).order_by(TreatmentSession.id)).first()
        prepared = prepare_sheet(db, actor=lea, treatment_session_id=ts.id)
        out = tmp_path / "sheet.pdf"
        out.write_bytes(prepared.pdf)
        pages = PdfReader(out).pages
        assert pages and all("DEMO" in p.extract_text() for p in pages)
        today = date.today()
        filters = {"date_from": today - timedelta(days=60), "date_to": today}
        for fmt in ("pdf", "csv", "xlsx"):
            target = tmp_path / f"report.{fmt}"
            reports.export_report(db, actor=marc, filters=filters, fmt=fmt, path=target)
            if fmt == "pdf":
                report_pages = PdfReader(target).pages
                assert all("DEMO" in p.extract_text() for p in report_pages)
            elif fmt == "csv":
                assert "DEMO" in target.read_text(encoding="utf-8-sig")
            else:
                from openpyxl import load_workbook

                cells = [str(c.value) for ws in load_workbook(target) for row in ws.iter_rows() for c in row]
                assert any("DEMO" in c for c in cells)


def test_the_window_of_a_demo_database_says_demo(qtbot, engine, db):
    from clinic_desktop.ui.main_window import MainWindow

    create_demo_clinic(db, history_days=5, with_sheets=False)
    window = MainWindow(engine)
    qtbot.addWidget(window)
    assert "DEMO" in window.windowTitle()
    assert window.demo_banner is not None and "DEMO" in window.demo_banner.text()
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.demo_banner.isVisible()


def test_the_window_of_a_real_database_has_no_demo_banner(qtbot, engine, admin):
    from clinic_desktop.ui.main_window import MainWindow

    window = MainWindow(engine)
    qtbot.addWidget(window)
    assert "DEMO" not in window.windowTitle() and window.demo_banner is None
