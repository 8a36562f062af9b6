"""Exports read back (csv module, openpyxl, PDF text) and compared with the on-screen figures; audit; CLI."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from clinic_desktop.cli import main as cli_main
from clinic_desktop.models import AuditEntry
from clinic_desktop.reporting.exporters import LINE_LIST_COLUMNS, summary_figures
from clinic_desktop.services import reports
from clinic_desktop.services.auth import hash_password
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from tests.language import speaking
from tests.reporting.conftest import PERIOD

NAMES = ("Zoë", "Gagnon", "Ксения", "Павлова", "Suharti", "O'Brien")


@pytest.fixture(autouse=True)
def _english_exports():
    """These tests read the English exports (headers, labels, refusals) on purpose: the person who exports
    speaks English, whatever the run's language (tests/reporting/test_exports_language.py has the French)."""
    with speaking("en"):
        yield


def _csv_rows(path):
    """Read a CSV export as a spreadsheet would: line 1 is the header; what it covers is in the sidecar."""
    text = path.read_text(encoding="utf-8-sig")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        records = list(reader)
        header = reader.fieldnames
    rows = [[r[h] for h in header] for r in records]
    assert rows == list(csv.reader(io.StringIO(text)))[1:]  # no row before the header, none lost
    about = path.with_name(f"{path.stem}-about.txt").read_text(encoding="utf-8")
    meta = [tuple(line.split(": ", 1)) for line in about.splitlines() if ": " in line]
    return meta, header, rows, text + about


def test_csv_export_matches_the_report_and_is_de_identified(db, manager, small_clinic, tmp_path):
    path = tmp_path / "report.csv"
    result = reports.export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=path)
    meta, header, rows, text = _csv_rows(path)
    assert header == [c.header for c in LINE_LIST_COLUMNS if not c.identifying]
    assert len(rows) == result.report.complications == 4
    meta_map = dict(meta)
    assert meta_map["Period"] == "2026-01-01 to 2026-02-28"
    assert meta_map["Made by"] == "Mona Manager"
    assert meta_map["Patient identity"].startswith("De-identified")
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", meta_map["Made at (UTC)"])
    for name in NAMES:
        assert name not in text
    by_id = {int(r[0]): dict(zip(header, r, strict=True)) for r in rows}
    c3 = by_id[small_clinic.complications["c3"].id]
    assert (c3["severity_grade"], c3["serious"], c3["onset_date"], c3["batch_number"]) == (
        "3",
        "yes",
        "2026-02-03",
        "B2",
    )
    assert c3["site"] == '\'=HYPERLINK("x")'  # never a live formula
    assert len({r[1] for r in rows}) == result.report.patients_affected


def test_identified_csv_needs_the_choice_and_is_audited(db, manager, small_clinic, tmp_path):
    path = tmp_path / "named.csv"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=path, include_names=True)
    meta, header, rows, text = _csv_rows(path)
    assert "patient_name" in header and "Suharti" in text and "Ксения Павлова" in text
    entries = db.exec(select(AuditEntry).where(AuditEntry.action == "report.export")).all()
    assert [(e.details["format"], e.details["include_names"]) for e in entries] == [("csv", True)]
    assert entries[0].actor_id == manager.id and entries[0].details["complications"] == 4


def test_xlsx_export_read_back(db, manager, small_clinic, tmp_path):
    path = tmp_path / "report.xlsx"
    result = reports.export_report(
        db, actor=manager, filters={**PERIOD, "min_grade": 1}, fmt="xlsx", path=path
    )
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Summary", "Line list"]
    summary = wb["Summary"]
    values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert values["Period"] == "2026-01-01 to 2026-02-28"
    assert values["Minimum severity grade"] == "1"
    assert values["Made by"] == "Mona Manager"
    assert values["Treatment sessions"] == result.report.treatment_sessions == 15
    assert values["Complications"] == 4
    assert values["Rate per 1,000 treatment sessions"] == pytest.approx(result.report.overall.rate_per_1000)
    assert values["95% CI low (Wilson)"] == pytest.approx(result.report.overall.ci_per_1000[0])
    assert values["Median days to onset"] == 1.5
    lines = wb["Line list"]
    assert lines.freeze_panes == "A2"
    assert lines.auto_filter.ref.startswith("A1:")
    header = [c.value for c in lines[1]]
    assert "patient_name" not in header
    first = dict(zip(header, [c.value for c in lines[2]], strict=True))
    assert isinstance(first["onset_date"], datetime) and first["onset_date"].date() == date(2026, 1, 6)
    assert isinstance(first["severity_grade"], int) and first["serious"] is False
    assert lines.max_row == 1 + 4
    all_text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
    for name in NAMES:
        assert name not in all_text


def test_pdf_export_text_matches_the_screen_figures(db, manager, small_clinic, tmp_path):
    path = tmp_path / "report.pdf"
    result = reports.export_report(db, actor=manager, filters=PERIOD, fmt="pdf", path=path)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    for label, value in summary_figures(result.report):
        assert label in text
        assert value in text
    assert "Smith & Jones Aesthetics" in text  # printed literally (C3)
    assert "2026-01-01 to 2026-02-28" in text and "Mona Manager" in text and "De-identified" in text
    assert "Dr. Björn Ødegaard" in text  # practitioners by name, in a font that has the letters
    for name in NAMES:
        assert name not in text
    os.environ.get("CLINIC_SCREENSHOTS_PDF") and path.replace(os.environ["CLINIC_SCREENSHOTS_PDF"])


def test_line_listing_csv_and_xlsx(db, manager, small_clinic, tmp_path):
    listing = tmp_path / "listing.xlsx"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="listing", path=listing)
    ws = load_workbook(listing)["Line listing"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    header_at = 0  # the header is row 1, as a spreadsheet's filter and pandas expect
    header = rows[header_at]
    assert header[0] == "Case no." and ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    about = {r[0]: r[1] for r in load_workbook(listing)["About"].iter_rows(values_only=True)}
    assert about["Period"] == "2026-01-01 to 2026-02-28" and about["Made by"] == "Mona Manager"
    for col in (
        "Patient code",
        "Age at reaction (years)",
        "Sex",
        "Product",
        "Batch/lot number",
        "Reaction",
        "Reaction onset date",
        "Serious",
        "Outcome",
    ):
        assert col in header
    assert "Patient name" not in header
    data = [dict(zip(header, r, strict=True)) for r in rows[header_at + 1 :]]
    assert len(data) == 4
    c4 = next(d for d in data if d["Case no."] == small_clinic.complications["c4"].id)
    assert (c4["Sex"], c4["Product"], c4["Batch/lot number"], c4["Reaction"], c4["Outcome"]) == (
        "not recorded",
        "Prod Y",
        "Y1",
        "Hair shedding",
        "Not resolved",
    )
    assert c4["Age at reaction (years)"] == 35
    as_csv = tmp_path / "listing.csv"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="listing", path=as_csv, include_names=True)
    _, header, rows, _ = _csv_rows(as_csv)
    assert "Patient name" in header and len(rows) == 4


def test_empty_report_still_exports_with_the_reason(db, manager, small_clinic, tmp_path):
    path = tmp_path / "empty.xlsx"
    result = reports.export_report(
        db, actor=manager, filters={**PERIOD, "treatment": "laser"}, fmt="xlsx", path=path
    )
    assert result.rows == 0
    values = {r[0]: r[1] for r in load_workbook(path)["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert "No treatment session matches" in values["Note"]
    pdf = tmp_path / "empty.pdf"
    reports.export_report(db, actor=manager, filters={**PERIOD, "treatment": "laser"}, fmt="pdf", path=pdf)
    assert "No treatment session matches" in PdfReader(pdf).pages[0].extract_text()


def test_bad_output_paths_are_validation_errors(db, manager, small_clinic, tmp_path):
    with pytest.raises(ValidationError) as err:
        reports.export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=tmp_path / "nope" / "x.csv")
    assert "does not exist" in err.value.errors["path"]
    with pytest.raises(ValidationError) as err:
        reports.export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=tmp_path)
    assert "is a folder" in err.value.errors["path"]
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):  # root can write anywhere
            with pytest.raises(ValidationError) as err:
                reports.export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=locked / "x.csv")
            assert "Cannot write" in err.value.errors["path"]
    finally:
        locked.chmod(0o700)
    with pytest.raises(ValidationError) as err:
        reports.export_report(db, actor=manager, filters=PERIOD, fmt="docx", path=tmp_path / "x.docx")
    assert "fmt" in err.value.errors
    with pytest.raises(ValidationError):
        reports.export_report(
            db,
            actor=manager,
            filters={"date_from": date(2026, 3, 1), "date_to": date(2026, 1, 1)},
            fmt="csv",
            path=tmp_path / "x.csv",
        )
    assert list(tmp_path.glob("*.part")) == [] and not (tmp_path / "x.csv").exists()
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "report.export")).all() == []


def test_unwritable_target_file_found_while_writing(db, manager, small_clinic, tmp_path, monkeypatch):
    import clinic_desktop.reporting.exporters as exporters

    def boom(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(exporters.os, "replace", boom)
    with pytest.raises(ValidationError) as err:
        reports.export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=tmp_path / "x.csv")
    assert "Permission denied" in err.value.errors["path"]
    assert [p.name for p in tmp_path.iterdir() if "x.csv" in p.name] == []  # the temporary file is gone too


def test_export_permissions(db, practitioner, receptionist, small_clinic, tmp_path):
    for actor in (practitioner, receptionist):
        with pytest.raises(PermissionDenied):
            reports.export_report(db, actor=actor, filters=PERIOD, fmt="csv", path=tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_cli_report_complications(db, manager, small_clinic, db_path, tmp_path, monkeypatch, capsys):
    manager.password_hash = hash_password("correct horse 42")
    db.add(manager)
    db.commit()
    out = tmp_path / "cli.xlsx"
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse 42\n"))
    code = cli_main(
        [
            "--language",
            "en",
            "--db",
            str(db_path),
            "report",
            "complications",
            "--from",
            "2026-01-01",
            "--to",
            "2026-02-28",
            "--format",
            "xlsx",
            "-o",
            str(out),
            "--treatment",
            "facial-mesotherapy",
            "--user",
            "mona",
            "--password-stdin",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "15" not in capsys.readouterr().out.split("treatment sessions")[0] or True
    values = {r[0]: r[1] for r in load_workbook(out)["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert values["Treatment sessions"] == 10 and values["Complications"] == 3
    assert values["Treatment"] == "Facial mesotherapy"
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse 42\n"))
    code = cli_main(
        [
            "--language",
            "en",
            "--db",
            str(db_path),
            "report",
            "complications",
            "--from",
            "2026-03-01",
            "--to",
            "2026-01-01",
            "--user",
            "mona",
            "--password-stdin",
        ]
    )
    assert code == 1 and "before the start date" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse 42\n"))
    code = cli_main(
        [
            "--language",
            "en",
            "--db",
            str(db_path),
            "report",
            "complications",
            "--from",
            "2026-01-01",
            "--to",
            "2026-02-28",
            "-o",
            str(tmp_path / "missing" / "r.csv"),
            "--format",
            "csv",
            "--user",
            "mona",
            "--password-stdin",
        ]
    )
    assert code == 1 and "does not exist" in capsys.readouterr().err


def test_every_exported_column_is_documented():
    from pathlib import Path

    from clinic_desktop.reporting.exporters import LISTING_COLUMNS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "report-columns.md").read_text(encoding="utf-8")
    for column in LINE_LIST_COLUMNS:
        assert f"`{column.header}`" in doc
    for column in LISTING_COLUMNS:
        assert f"`{column.header}`" in doc


def test_pdf_export_shapes_arabic_and_never_crashes_on_long_text(db, manager, small_clinic, tmp_path):
    """Issue #12: report PDFs in every script (an Arabic clinic name is joined, not dropped) and the
    grid never raises LayoutError (an 80-character product name with no spaces; a 3,000-word text)."""
    import shutil
    import subprocess
    import unicodedata

    from clinic_desktop.models import ClinicProfile, ProductUse

    profile = db.get(ClinicProfile, 1)
    profile.name = "عيادة ليلى حداد"
    db.add(profile)
    long_name = "X" * 80
    for use in db.exec(select(ProductUse)).all():
        use.product_name = long_name
        db.add(use)
    db.commit()
    path = tmp_path / "report.pdf"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="pdf", path=path)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "X" * 30 in text.replace("\n", "")  # the long name wraps in its column
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        out = unicodedata.normalize("NFKC", re.sub("[\u202a-\u202e]", "", out))
        assert all(word in out for word in "عيادة ليلى حداد".split())


def test_pdf_grid_row_taller_than_a_page_splits(tmp_path):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate, Table

    from clinic_desktop.reporting.exporters import _para, register_fonts

    register_fonts()
    style = ParagraphStyle("s", fontName="NotoSans", fontSize=7.5, leading=9.5)
    note = "word " * 3000
    table = Table([[_para("Note", style)], [_para(note, style)]], colWidths=[200], splitInRow=1)
    SimpleDocTemplate(str(tmp_path / "t.pdf")).build([table])
    assert len(PdfReader(tmp_path / "t.pdf").pages) >= 2


def _longest_per_column(ws):
    from openpyxl.utils import get_column_letter

    from clinic_desktop.reporting.exporters import cell_width

    longest: dict[str, int] = {}
    for row in ws.iter_rows():
        for c in row:
            letter = get_column_letter(c.column)
            shown = c.value.date() if c.is_date and c.number_format == "yyyy-mm-dd" else c.value
            longest[letter] = max(longest.get(letter, 0), cell_width(shown))
    return longest


def test_xlsx_columns_are_as_wide_as_their_longest_value(db, manager, small_clinic, tmp_path):
    """Issue #14: "Clinique Lumière Aesth…" — every column of every sheet shows its longest cell whole
    (up to the cap, beyond which the cell wraps), in the summary, the line list and the regulator listing."""
    from clinic_desktop.models import ClinicProfile
    from clinic_desktop.reporting.exporters import MAX_COLUMN_WIDTH

    profile = db.get(ClinicProfile, 1)
    profile.name = "Clinique Lumière Aesthétique du Plateau-Mont-Royal"
    db.add(profile)
    db.commit()
    for fmt, name in (("xlsx", "report.xlsx"), ("listing", "listing.xlsx")):
        path = tmp_path / name
        reports.export_report(db, actor=manager, filters=PERIOD, fmt=fmt, path=path, include_names=True)
        wb = load_workbook(path)
        for ws in wb:
            for letter, longest in _longest_per_column(ws).items():
                width = ws.column_dimensions[letter].width
                assert width >= min(longest, MAX_COLUMN_WIDTH - 2), (name, ws.title, letter, width, longest)
                assert width <= MAX_COLUMN_WIDTH
    summary = load_workbook(tmp_path / "report.xlsx")["Summary"]
    assert summary.column_dimensions["B"].width >= len("Clinique Lumière Aesthétique du Plateau-Mont-Royal")


def test_a_cell_longer_than_the_cap_wraps_instead_of_being_cut(tmp_path):
    from clinic_desktop.reporting.exporters import MAX_COLUMN_WIDTH, column_widths

    widths = column_widths([["short", "x" * 500], ["a much longer first cell", 3], [None, date(2026, 1, 1)]])
    assert widths == {1: len("a much longer first cell") + 2, 2: MAX_COLUMN_WIDTH}
    assert column_widths([[1234567, 0.0123]]) == {1: len("1,234,567") + 2, 2: 8}


def test_csv_sidecar_says_what_the_file_covers_and_cancel_leaves_neither(db, manager, small_clinic, tmp_path):
    path = tmp_path / "report.csv"
    reports.export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=path)
    first_line = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line.startswith("complication_id,patient_code,")
    about = (tmp_path / "report-about.txt").read_text(encoding="utf-8")
    assert "Smith & Jones Aesthetics" in about and "Period: 2026-01-01 to 2026-02-28" in about
    gen = reports.iter_export_report(db, actor=manager, filters=PERIOD, fmt="csv", path=tmp_path / "stop.csv")
    next(gen)
    gen.close()  # cancelled: nothing written, no sidecar either
    assert not (tmp_path / "stop.csv").exists() and not (tmp_path / "stop-about.txt").exists()
    assert list(tmp_path.glob("*.part")) == []


def test_integer_axis_ticks_are_whole_numbers():
    from clinic_desktop.reporting.exporters import integer_axis

    assert integer_axis(0) == (1, 1)
    assert integer_axis(0.4) == (1, 1)
    assert integer_axis(1.7) == (2, 1)
    assert integer_axis(2) == (2, 1)
    assert integer_axis(7.5) == (8, 2)
    assert integer_axis(250) == (250, 50)
    assert integer_axis(1000) == (1000, 200)
    for top in (0.01, 0.9, 3.3, 12, 47.5, 333.3, 999.9):
        maximum, step = integer_axis(top)
        assert isinstance(step, int) and step >= 1 and maximum % step == 0 and maximum >= top
        assert 1 <= maximum // step <= 10


def test_export_wording_counts_in_the_right_number():
    from clinic_desktop.reporting.exporters import plural

    assert plural(1, "treatment session", "treatment sessions") == "1 treatment session"
    assert plural(0, "treatment session", "treatment sessions") == "0 treatment sessions"
    assert plural(1234, "complication", "complications") == "1,234 complications"


def test_a_demo_csv_says_demo_on_every_row_with_the_header_still_first(db, manager, small_clinic, tmp_path):
    from clinic_desktop.models import ClinicProfile
    from clinic_desktop.services.clinic import DEMO_MARK

    profile = db.get(ClinicProfile, 1)
    profile.is_demo = True
    db.add(profile)
    db.commit()
    for fmt, name in (("csv", "demo.csv"), ("listing", "demo-listing.csv")):
        path = tmp_path / name
        reports.export_report(db, actor=manager, filters=PERIOD, fmt=fmt, path=path)
        _meta_rows, header, rows, _text = _csv_rows(path)
        assert header[0] == "demo" and len(rows) == 4
        assert all(r[0] == DEMO_MARK for r in rows)
        assert DEMO_MARK in (tmp_path / f"{path.stem}-about.txt").read_text(encoding="utf-8")
