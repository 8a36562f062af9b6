"""``clinic-desktop --self-test`` run in-process (not frozen): it passes on this tree, and fails with a clear
reason when a bundled resource is missing (case C6)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from clinic_desktop.cli import main as cli_main
from clinic_desktop.selftest import STEPS, SelfTestFailure, check_pdf, run_self_test


def test_self_test_passes_and_writes_real_files(tmp_path):
    result = run_self_test(tmp_path)
    assert result.ok, result.summary()
    assert result.exit_code == 0
    assert [c.name for c in result.checks] == [name for name, _ in STEPS]
    sheet = PdfReader(io.BytesIO((tmp_path / "aftercare-sheet.pdf").read_bytes()))
    text = "\n".join(page.extract_text() for page in sheet.pages)
    assert "Ксения Павлова" in text and "+1 416 555 0199" in text
    report = PdfReader(tmp_path / "complication-report.pdf")
    assert "Complication report" in report.pages[0].extract_text()
    assert (tmp_path / "complication-report.csv").read_text(encoding="utf-8-sig").count("bruising") == 1
    assert (tmp_path / "complication-report.xlsx").stat().st_size > 0
    assert "self-test PASSED" in result.summary()


def test_cli_flag_fails_with_the_reason_when_protocols_are_missing(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "no-protocols"
    empty.mkdir()
    monkeypatch.setenv("CLINIC_DESKTOP_PROTOCOLS", str(empty))
    assert cli_main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] bundled files" in out
    assert f"self-test FAILED: bundled files: no aftercare protocol (*.toml) in {empty}" in out
    assert "[ok] database" not in out  # stops at the first failure


def test_pdf_check_names_what_is_wrong(tmp_path):
    bad = tmp_path / "sheet.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(SelfTestFailure, match=r"^sheet.pdf is not a complete PDF \(9 bytes\)$"):
        check_pdf(bad)
    with pytest.raises(SelfTestFailure, match=r"^missing.pdf was not written$"):
        check_pdf(tmp_path / "missing.pdf")
