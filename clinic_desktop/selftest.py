"""``clinic-desktop --self-test``: prove that this installation can do its main jobs, without a window.

What it does, in a temporary folder that is deleted afterwards (the clinic's own database is never opened):

1. the bundled files: protocols (each one parses), the bundled fonts (Noto, DejaVu) and their licences, the app icon, the
   database migrations, and the date formats of every sheet language (Babel locale data);
2. Qt without a window (the ``offscreen`` platform unless ``QT_QPA_PLATFORM`` says otherwise): the
   platform plugins of this system are present, the SVG app icon draws (image-format and icon-engine
   plugins), print support can write a page, every user-interface module imports (QtCharts, QtPdfWidgets),
   and later QtPdf opens the rendered sheet (the preview);
3. a new database through the migrations (foreign keys on), then, through the real services: the first
   administrator, a practitioner, the clinic profile (Toronto time zone, the icon as logo), the patient
   "Ксения Павлова" and a facial mesotherapy treatment session yesterday;
4. the facial aftercare sheet saved to PDF and read back: the patient's Cyrillic name, the clinic's phones,
   "Day 0" and the embedded Noto font must be in it;
5. a complication on that treatment session, and the complication report exported as PDF, CSV and XLSX,
   each read back; then the audit trail's hash chain is verified.

Exit code 0 when every check passed, 1 with the failed check and its reason otherwise. The same summary
goes to the log file. This module is an entry point beside :mod:`clinic_desktop.app`; the checks that need Qt live in
:mod:`clinic_desktop.ui.selftest_checks` (Qt stays in ``ui/``) and are imported only when they run.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from clinic_desktop import APP_NAME, __version__, paths

log = logging.getLogger(__name__)

PATIENT_GIVEN, PATIENT_FAMILY = "Ксения", "Павлова"
CLINIC_NAME = "Clinique Lumière & Co"
CLINIC_PHONE, EMERGENCY_PHONE = "+1 416 555 0100", "+1 416 555 0199"
FONT_FILES = (
    "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf",
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
)
#: Native platform plugin the real window needs, by ``sys.platform`` prefix.
NATIVE_PLATFORM = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}


class SelfTestFailure(Exception):
    """A check failed; the message says what and why, in plain words."""


@dataclass
class Check:
    """One line of the summary: the check's name, whether it passed, what was seen, its time in seconds."""

    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


@dataclass
class SelfTestResult:
    """Every check run (in order), the folder used, and the exit code (0 all passed, 1 a check failed)."""

    checks: list[Check] = field(default_factory=list)
    folder: Path | None = None

    @property
    def ok(self) -> bool:
        """True when every check passed (and at least one ran)."""
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def exit_code(self) -> int:
        """0 when :attr:`ok`, else 1."""
        return 0 if self.ok else 1

    @property
    def failure(self) -> Check | None:
        """The first failed check, or None."""
        return next((c for c in self.checks if not c.ok), None)

    def summary(self) -> str:
        """The printable summary: one line per check, then PASSED or FAILED with the reason."""
        lines = [f"{APP_NAME} {__version__} self-test ({'frozen build' if _frozen() else 'source'}, "
                 f"Python {sys.version.split()[0]}, {sys.platform})"]
        for c in self.checks:
            lines.append(f"  [{'ok' if c.ok else 'FAIL'}] {c.name} ({c.seconds * 1000:.0f} ms): {c.detail}")
        total = sum(c.seconds for c in self.checks)
        if self.ok:
            lines.append(f"self-test PASSED: {len(self.checks)} checks in {total:.1f} s")
        else:
            bad = self.failure
            reason = f"{bad.name}: {bad.detail}" if bad else "no check ran"
            lines.append(f"self-test FAILED: {reason}")
        return "\n".join(lines)


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


# ------------------------------------------------------------------------------------------ PDF checks


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF: pypdf when installed, else the page objects counted in the bytes (reportlab output)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_text(data: bytes) -> str | None:
    """The text of every page (pypdf), or None when pypdf is not installed."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def check_pdf(path: Path, *, expect: Iterable[str] = (), fonts: Iterable[str] = ("NotoSans",),
              min_pages: int = 1) -> str:
    """Check a PDF file: header and end marker, at least ``min_pages`` pages, the ``fonts`` embedded, and
    every string of ``expect`` in its text (when pypdf is installed). Returns a one-line description;
    raises SelfTestFailure with the reason."""
    if not path.is_file():
        raise SelfTestFailure(f"{path.name} was not written")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise SelfTestFailure(f"{path.name} is not a complete PDF ({len(data)} bytes)")
    pages = pdf_page_count(data)
    if pages < min_pages:
        raise SelfTestFailure(f"{path.name} has {pages} page(s), expected at least {min_pages}")
    for font in fonts:
        if not re.search(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?" + re.escape(font.encode()), data):
            raise SelfTestFailure(f"{path.name} does not embed the bundled font {font}")
    text = pdf_text(data)
    checked = "text not read (pypdf is not installed)"
    if text is not None:
        flat = " ".join(text.split())
        missing = [s for s in expect if " ".join(s.split()) not in flat]
        if missing:
            raise SelfTestFailure(f"{path.name} lacks {', '.join(repr(m) for m in missing)}")
        checked = f"text has {len(list(expect))} expected strings"
    return f"{path.name}: {len(data):,} bytes, {pages} page(s), fonts {', '.join(fonts)} embedded, {checked}"


# ------------------------------------------------------------------------------------------ the checks


def _bundled_files() -> str:
    from clinic_desktop.aftercare.protocol import ProtocolError, load_bundled_protocols
    from clinic_desktop.db.migrate import MIGRATIONS_DIR

    problems: list[str] = []
    folder = paths.protocols_dir()
    try:
        protocols = load_bundled_protocols(folder)
    except ProtocolError as exc:
        raise SelfTestFailure(f"a protocol file in {folder} is invalid: {exc}") from exc
    if not protocols:
        problems.append(f"no aftercare protocol (*.toml) in {folder}")
    elif ("facial-mesotherapy", "en") not in protocols:
        problems.append(f"the English facial mesotherapy protocol is missing from {folder}")
    fonts = paths.fonts_dir()
    missing_fonts = [f for f in FONT_FILES if not (fonts / f).is_file()]
    if missing_fonts:
        problems.append(f"font file(s) {', '.join(missing_fonts)} missing from {fonts}")
    if not list(fonts.glob("LICENSE*")) and not list(fonts.glob("OFL*")):
        problems.append(f"the fonts' licence file is missing from {fonts}")
    if not (paths.resources_dir() / "icons" / "clinic-desktop.svg").is_file():
        problems.append("the app icon resources/icons/clinic-desktop.svg is missing")
    migrations = sorted(p.name for p in (Path(MIGRATIONS_DIR) / "versions").glob("*.py"))
    if not (Path(MIGRATIONS_DIR) / "env.py").is_file() or not migrations:
        problems.append(f"the database migrations are missing from {MIGRATIONS_DIR}")
    if problems:
        raise SelfTestFailure("; ".join(problems))
    langs = sorted({lang for _, lang in protocols})
    return (f"{len(protocols)} protocols ({', '.join(langs)}) in {folder}, {len(FONT_FILES)} fonts + "
            f"licence, icon, {len(migrations)} migrations; "
            f"reportlab C speed-ups {'on' if _rl_accel() else 'OFF'}")


def _rl_accel() -> bool:
    """True when reportlab uses the rl-accel C extension (sheets render faster; optional)."""
    try:
        import _rl_accel  # noqa: F401
    except ImportError:
        return False
    return True


def _locale_data() -> str:
    from clinic_desktop.aftercare.strings import LOCALES, format_day

    shown = []
    for language in LOCALES:
        try:
            shown.append(f"{language}: {format_day(date(2026, 12, 31), language)}")
        except Exception as exc:  # babel raises UnknownLocaleError, or OSError for a missing .dat file
            raise SelfTestFailure(f"the date format of {language!r} cannot be loaded: {exc}") from exc
    return "; ".join(shown)


def _ui_checks() -> Any:
    """The Qt half of the self-test (imported when it runs, so the checks before it need no Qt)."""
    from clinic_desktop.ui import selftest_checks

    return selftest_checks


def _database(ctx: dict[str, Any]) -> str:
    from sqlalchemy import text

    from clinic_desktop.db import open_database
    from clinic_desktop.db.migrate import current_revision, head_revision

    db_file = ctx["folder"] / "self-test.sqlite3"
    engine = open_database(db_file, backup_before_migrating=False)
    ctx["engine"] = engine
    with engine.connect() as conn:
        fk = conn.execute(text("PRAGMA foreign_keys")).scalar()
        journal = conn.execute(text("PRAGMA journal_mode")).scalar()
    revision, head = current_revision(engine), head_revision()
    if revision != head:
        raise SelfTestFailure(f"the new database is at schema {revision}, expected {head}")
    if fk != 1:
        raise SelfTestFailure("foreign keys are not enforced on the database connection")
    return f"migrated to {head}; foreign_keys=1, journal {journal}"


def _record_visit(ctx: dict[str, Any]) -> str:
    from sqlmodel import Session

    from clinic_desktop.models import Role
    from clinic_desktop.services import auth
    from clinic_desktop.services.clinic import ClinicProfileUpdate, today, update_clinic_profile
    from clinic_desktop.services.patients import PatientCreate, create_patient
    from clinic_desktop.services.treatments import (
        ProductUseCreate,
        TreatmentSessionCreate,
        record_treatment_session,
    )

    session = Session(ctx["engine"], expire_on_commit=False)
    ctx["session"] = session
    password = "self-test: a long pass phrase 42"
    admin = auth.create_first_admin(session, full_name="Self-test Administrator", username="selftest-admin",
                                    password=password)
    practitioner = auth.create_staff(session, actor=admin, full_name="Dr. Élise Tremblay",
                                     username="selftest-elise", role=Role.practitioner, password=password)
    update_clinic_profile(session, actor=admin, data=ClinicProfileUpdate(
        name=CLINIC_NAME, address="123 Queen St W, Toronto ON", phone=CLINIC_PHONE,
        emergency_phone=EMERGENCY_PHONE, timezone="America/Toronto", logo_png=ctx.get("logo_png")))
    patient = create_patient(session, actor=practitioner, data=PatientCreate(
        given_names=PATIENT_GIVEN, family_name=PATIENT_FAMILY, date_of_birth=date(1990, 5, 17),
        phone="+1 416 555 0123", preferred_language="en"))
    day = today(session) - timedelta(days=1)
    performed = datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)  # 10:00 or 11:00 in Toronto
    ts = record_treatment_session(session, actor=practitioner, data=TreatmentSessionCreate(
        patient_id=patient.id, practitioner_id=practitioner.id, treatment="facial-mesotherapy",
        performed_at=performed, areas="cheeks, forehead", products=[ProductUseCreate(
            product_name="HydraGlow HA 1.5%", batch_number="SELFTEST-01", expiry_date=date(2030, 1, 31),
            quantity=2.0, unit="ml")]))
    ctx.update(admin=admin, practitioner=practitioner, patient=patient, treatment_session=ts, treated_on=day)
    return (f"administrator and practitioner (argon2 passwords), clinic profile with logo, patient "
            f"{patient.display_name}, treatment session {ts.id} on {day.isoformat()}")


def _aftercare_sheet(ctx: dict[str, Any]) -> str:
    from clinic_desktop.services.checkout import save_sheet

    path = ctx["folder"] / "aftercare-sheet.pdf"
    issuance, written = save_sheet(ctx["session"], actor=ctx["practitioner"],
                                   treatment_session_id=ctx["treatment_session"].id, path=path)
    ctx["sheet"] = written
    detail = check_pdf(written, expect=(f"{PATIENT_GIVEN} {PATIENT_FAMILY}", CLINIC_NAME, CLINIC_PHONE,
                                        EMERGENCY_PHONE, "Day 0", str(ctx["treated_on"].year)))
    return f"{detail}; issuance {issuance.id} recorded"


def _complication_report(ctx: dict[str, Any]) -> str:
    import csv

    from clinic_desktop.models import ComplicationKind, ComplicationOutcome
    from clinic_desktop.services import reports
    from clinic_desktop.services.complications import ComplicationCreate, record_complication
    from clinic_desktop.services.treatments import product_uses

    session, ts, day = ctx["session"], ctx["treatment_session"], ctx["treated_on"]
    use = product_uses(session, ts.id)[0]
    record_complication(session, actor=ctx["practitioner"], data=ComplicationCreate(
        treatment_session_id=ts.id, kind=ComplicationKind.bruising, site="left cheek", onset_date=day,
        severity_grade=1, outcome=ComplicationOutcome.resolving, product_use_id=use.id,
        action_taken="cold compress"))
    filters = {"date_from": day - timedelta(days=30), "date_to": day + timedelta(days=1)}
    folder: Path = ctx["folder"]
    done = []
    result = reports.export_report(session, actor=ctx["admin"], filters=filters, fmt="pdf",
                                   path=folder / "complication-report.pdf")
    if result.report.complications != 1 or result.report.treatment_sessions != 1:
        raise SelfTestFailure(f"the report counts {result.report.complications} complication(s) in "
                              f"{result.report.treatment_sessions} treatment session(s), expected 1 in 1")
    done.append(check_pdf(result.path, expect=("Complication report", CLINIC_NAME)))
    csv_path = reports.export_report(session, actor=ctx["admin"], filters=filters, fmt="csv",
                                     path=folder / "complication-report.csv").path
    text = csv_path.read_text(encoding="utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    if len(rows) != 2 or "severity_grade" not in rows[0] or PATIENT_FAMILY in text:
        raise SelfTestFailure(f"{csv_path.name}: expected a header and one de-identified row, "
                              f"got {len(rows)} rows")
    done.append(f"{csv_path.name}: header + 1 row, de-identified")
    xlsx_path = reports.export_report(session, actor=ctx["admin"], filters=filters, fmt="xlsx",
                                      path=folder / "complication-report.xlsx").path
    if not zipfile.is_zipfile(xlsx_path):
        raise SelfTestFailure(f"{xlsx_path.name} is not an XLSX (zip) file")
    from openpyxl import load_workbook

    book = load_workbook(xlsx_path, read_only=True)
    try:
        sheets = book.sheetnames
    finally:
        book.close()
    if len(sheets) < 2:
        raise SelfTestFailure(f"{xlsx_path.name} has sheets {sheets}, expected a summary and a line list")
    done.append(f"{xlsx_path.name}: sheets {', '.join(sheets)}")
    return "; ".join(done)


def _audit_chain(ctx: dict[str, Any]) -> str:
    from clinic_desktop.services.audit import verify_chain

    check = verify_chain(ctx["session"])
    if not check.ok:
        raise SelfTestFailure(f"the audit trail does not verify: {check.message}")
    return f"{check.checked} audit entries, hash chain intact"


STEPS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("bundled files", lambda ctx: _bundled_files()),
    ("date formats (Babel locale data)", lambda ctx: _locale_data()),
    ("Qt without a window", lambda ctx: _ui_checks().qt_checks(ctx)),
    ("user interface modules", lambda ctx: _ui_checks().ui_modules(ctx)),
    ("window translations (French)", lambda ctx: _ui_checks().translations_check(ctx)),
    ("database", _database),
    ("staff, clinic, patient, treatment session", _record_visit),
    ("facial aftercare sheet", _aftercare_sheet),
    ("sheet preview (QtPdf)", lambda ctx: _ui_checks().qt_pdf_check(ctx)),
    ("complication report exports", _complication_report),
    ("audit trail", _audit_chain),
]


def run_self_test(folder: Path | None = None, *, keep: bool = False) -> SelfTestResult:
    """Run every check in order, stopping at the first failure (later checks need the earlier ones).

    ``folder``: where to write the temporary database and files (default: a new temp folder, deleted at the
    end unless ``keep``). Never raises for a failed check: the failure is in the result. Unexpected
    errors count as failures, with the exception's type and message.
    """
    own = folder is None
    work = Path(tempfile.mkdtemp(prefix="clinic-desktop-selftest-")) if own else Path(folder)  # type: ignore[arg-type]
    work.mkdir(parents=True, exist_ok=True)
    result = SelfTestResult(folder=work)
    ctx: dict[str, Any] = {"folder": work}
    try:
        for name, step in STEPS:
            started = time.perf_counter()
            try:
                detail, ok = step(ctx), True
            except SelfTestFailure as exc:
                detail, ok = str(exc), False
            except Exception as exc:  # a missing module or library in a build is exactly what this finds
                log.exception("self-test step %r failed", name)
                detail, ok = f"{type(exc).__name__}: {exc}", False
            result.checks.append(Check(name, ok, detail, time.perf_counter() - started))
            if not ok:
                break
    finally:
        if ctx.get("session") is not None:
            ctx["session"].close()
        if ctx.get("engine") is not None:
            ctx["engine"].dispose()
        if own and not keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def main(*, keep: bool = False, out: TextIO | None = None) -> int:
    """Run the self-test, print the summary (and log it); returns the exit code, 0 or 1."""
    stream = out or sys.stdout
    result = run_self_test(keep=keep)
    summary = result.summary()
    if keep:
        summary += f"\nfiles kept in {result.folder}"
    (log.info if result.ok else log.error)("%s", summary)
    try:
        print(summary, file=stream, flush=True)
    except (OSError, AttributeError):  # a windowed build on Windows has no console: the log has it
        pass
    return result.exit_code
