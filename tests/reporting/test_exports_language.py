"""Report exports in the language of the person who exports (issue #15): the window's language (set at
sign-in, services.messages) or the command line's ``--language``. Each export is read back (csv module,
openpyxl, PDF text) in French and searched for English words of the English exports."""

from __future__ import annotations

import csv
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from clinic_desktop.services import reports
from tests.reporting.conftest import PERIOD

#: words of the English exports' fixed texts (not those French shares: Patients, codes, Page, No [numéro]) (headers, labels, sentences) that French exports never hold
ENGLISH_WORDS = {
    "Summary", "Line", "list", "listing", "About", "Period", "Made", "Clinic", "Report", "Figures", "Treatment",
    "sessions", "session", "Rate", "per", "Median", "days", "onset", "resolution", "Serious", "Open", "unresolved",
    "affected", "By", "month", "kind", "outcome", "Group", "With", "Batch", "number", "Product",
    "Practitioner", "Figure", "Value", "Monthly", "trend", "How", "counted", "identified", "De", "only",
    "Time", "zone", "Patient", "code", "Case", "Reaction", "Sex", "Expiry", "date", "Severity", "Outcome",
    "Action", "taken", "Causality", "Reported", "regulator", "reference", "yes", "no", "Yes", "the", "and",
    "of", "to", "with", "after", "complication_id", "patient_code", "treatment_date", "onset_date",
    "Resolved", "Resolving", "Bruising", "Swelling", "redness", "Related", "Possibly", "Mild", "Moderate",
}


def english_in(texts, *known) -> list[str]:
    """English words in ``texts`` (user data such as names, products and the clinic's name left out)."""
    text = " ".join(str(t) for t in texts if t is not None)
    for value in known:
        text = text.replace(value, " ")
    return sorted({w for w in re.findall(r"[A-Za-z_]+", text) if w in ENGLISH_WORDS})


def _data(db):
    """What the clinic typed (names, products, batches, sites, actions): never translated."""
    from sqlmodel import select

    from clinic_desktop.models import Complication, ProductUse, StaffMember

    values = {"Smith & Jones Aesthetics", "Mona Manager", "America/Toronto", "Europe/London"}
    for s in db.exec(select(StaffMember)):
        values.add(s.full_name)
    for u in db.exec(select(ProductUse)):
        values |= {u.product_name, u.batch_number}
    for c in db.exec(select(Complication)):
        values |= {v for v in (c.site, c.action_taken, c.kind_other, c.notes) if v}
    return sorted(values, key=len, reverse=True)


def test_csv_export_in_french(db, manager, small_clinic, tmp_path, french):
    path = tmp_path / "rapport.csv"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames[:2] == ["numero_complication", "code_patient"] and "date_apparition" in reader.fieldnames
    assert {r["grave"] for r in rows} <= {"oui", "non"}
    about = path.with_name("rapport-about.txt").read_text(encoding="utf-8")
    assert about.startswith("À propos de rapport.csv") and "Période\u00a0: du 2026-01-01 au 2026-02-28" in about
    assert "Dépersonnalisé" in about
    cells = [v for r in rows for v in r.values()]
    assert english_in([*reader.fieldnames, *cells, about], *_data(db), str(tmp_path)) == []


def test_xlsx_export_in_french(db, manager, small_clinic, tmp_path, french):
    path = tmp_path / "rapport.xlsx"
    result = reports.export_report(db, actor=manager, filters=PERIOD, fmt="xlsx", path=path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Sommaire", "Liste des cas", "À propos"]
    values = {row[0]: row[1] for row in wb["Sommaire"].iter_rows(values_only=True) if row and row[0]}
    assert values["Séances de traitement"] == result.report.treatment_sessions
    assert values["Période"] == "du 2026-01-01 au 2026-02-28"
    header = [c.value for c in wb["Liste des cas"][1]]
    assert "numero_de_lot" in header and "batch_number" not in header
    texts = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert english_in(texts, *_data(db)) == []


def test_pdf_export_in_french(db, manager, small_clinic, tmp_path, french):
    path = tmp_path / "rapport.pdf"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="pdf", path=path)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    flat = " ".join(text.split())
    assert "Rapport des complications" in flat and "Taux pour 1 000 séances de traitement" in flat
    assert "Comment les indicateurs sont calculés" in flat and "Page 1" in flat
    assert english_in([text], *_data(db)) == []


def test_line_listing_in_french(db, manager, small_clinic, tmp_path, french):
    xlsx = tmp_path / "liste.xlsx"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="listing", path=xlsx)
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Liste linéaire", "À propos"]
    header = [c.value for c in wb["Liste linéaire"][1]]
    assert header[:2] == ["No de cas", "Code du patient"] and "Numéro de lot" in header
    serious = header.index("Grave")
    assert {row[serious] for row in wb["Liste linéaire"].iter_rows(min_row=2, values_only=True)} <= {"Oui", "Non"}
    texts = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert english_in(texts, *_data(db)) == []
    as_csv = tmp_path / "liste.csv"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="listing", path=as_csv)
    with open(as_csv, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["No de cas", "Code du patient"]
    assert english_in([c for r in rows for c in r], *_data(db), str(tmp_path)) == []


def test_the_same_export_is_english_in_english(db, manager, small_clinic, tmp_path, english):
    path = tmp_path / "report.xlsx"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="xlsx", path=path)
    assert load_workbook(path).sheetnames == ["Summary", "Line list", "About"]


def test_cli_exports_follow_language(db, manager, small_clinic, db_path, tmp_path, monkeypatch, capsys):
    import io
    import sys

    from sqlmodel import select

    from clinic_desktop.cli import main
    from clinic_desktop.models import StaffMember
    from clinic_desktop.services.auth import hash_password

    member = db.exec(select(StaffMember).where(StaffMember.id == manager.id)).one()
    member.password_hash = hash_password("a long desk password")
    db.add(member)
    db.commit()
    out = tmp_path / "r.xlsx"
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long desk password\n"))
    code = main(["--language", "fr", "--db", str(db_path), "report", "complications", "--from", "2026-01-01",
                 "--to", "2026-02-28", "-o", str(out), "--user", manager.username, "--password-stdin"])
    assert code == 0, capsys.readouterr().err
    assert load_workbook(out).sheetnames[0] == "Sommaire"
