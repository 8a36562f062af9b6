"""``demo`` goes only into a fresh database, which is then marked as a demo everywhere it shows."""

from __future__ import annotations

import io
import re
import sys
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import Session, func, select

from clinic_desktop.cli import main
from clinic_desktop.models import AuditEntry, ClinicProfile, Patient, StaffMember
from clinic_desktop.services import auth
from clinic_desktop.services.demo import DemoRefused, create_demo_clinic
from clinic_desktop.services.clinic import demo_mark
from tests.language import LANGUAGE, msg_plural, msg_text, ui_text

REAL = "the real admin's password"
DEMO_PW = "a demo password"


def _refusal(staff: int, patients: int) -> str:
    """The demo's refusal of a database that holds ``staff`` accounts and ``patients``, in the run's language."""
    return msg_text("This database already holds {staff} and {patients}; the demo clinic only goes into a new, "
                    "empty database. Choose a new file with --db (for example --db demo.sqlite3).").format(
        staff=msg_plural("{n} staff account", "{n} staff accounts", staff).format(n=staff),
        patients=msg_plural("{n} patient", "{n} patients", patients).format(n=patients))


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
    assert _refusal(1, 0) in capsys.readouterr().err
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
    staff = db.exec(select(func.count()).select_from(StaffMember)).one()
    with pytest.raises(DemoRefused, match=f"^{re.escape(_refusal(staff, 0))}$"):
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
        mark = demo_mark(LANGUAGE)  # reports speak the exporting person's language: "DEMO (not a real clinic)"
        today = date.today()
        filters = {"date_from": today - timedelta(days=60), "date_to": today}
        for fmt in ("pdf", "csv", "xlsx"):
            target = tmp_path / f"report.{fmt}"
            reports.export_report(db, actor=marc, filters=filters, fmt=fmt, path=target)
            if fmt == "pdf":
                report_pages = PdfReader(target).pages
                assert all(mark in p.extract_text() for p in report_pages)
            elif fmt == "csv":
                assert mark in target.read_text(encoding="utf-8-sig")
            else:
                from openpyxl import load_workbook

                cells = [str(c.value) for ws in load_workbook(target) for row in ws.iter_rows() for c in row]
                assert any(mark in c for c in cells)


def test_the_window_of_a_demo_database_says_demo(qtbot, engine, db):
    from clinic_desktop.ui.main_window import MainWindow

    create_demo_clinic(db, history_days=5, with_sheets=False)
    window = MainWindow(engine)
    qtbot.addWidget(window)
    mark = demo_mark(LANGUAGE)  # the window's language: "DEMO (not a real clinic)"
    assert window.windowTitle() == ui_text("MainWindow", "{app} — {demo}").format(app="Clinic Desktop", demo=mark)
    assert window.demo_banner is not None and window.demo_banner.text() == ui_text(
        "MainWindow", "{demo}: demo database, made-up patients. Do not enter real patients here.").format(demo=mark)
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.demo_banner.isVisible()


def test_the_window_of_a_real_database_has_no_demo_banner(qtbot, engine, admin):
    from clinic_desktop.ui.main_window import MainWindow

    window = MainWindow(engine)
    qtbot.addWidget(window)
    assert "DEMO" not in window.windowTitle() and demo_mark(LANGUAGE) not in window.windowTitle()
    assert window.demo_banner is None


def test_the_demo_summary_counts_in_the_right_number_in_french(tmp_path, monkeypatch, capsys):
    """"1 saisies par erreur", "53 complication", "2 annulé" read wrongly: each count is its own plural."""
    import re

    db_file = tmp_path / "demo-fr.sqlite3"
    assert _run(["--language", "fr", "--db", str(db_file), "demo", "--password", DEMO_PW, "--no-sheets"],
                monkeypatch) == 0
    out = capsys.readouterr().out
    ready = next(line for line in out.splitlines() if line.startswith("Clinique de démonstration prête"))
    found = re.findall(r"(\d+) (complications?|patients?|saisies? par erreur|modifiées?)", ready)
    assert len(found) == 4, ready
    for n, words in found:  # French: the singular for 0 and 1, the plural from 2
        assert words.split()[0].endswith("s") == (int(n) > 1), (n, words, ready)
    assert re.search(r"\d+ fiches? de soins imprimées? aujourd’hui", ready), ready
    follow_ups = next(line for line in out.splitlines() if line.startswith("Suivis"))
    assert re.fullmatch(r"Suivis\u00a0: (.+\u00a0: \d+)(, .+\u00a0: \d+)*\.", follow_ups), follow_ups
