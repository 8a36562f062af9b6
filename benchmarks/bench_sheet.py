"""The aftercare sheet and "Print all unprinted", each beside a floor measured in the same run. Not a test.

    python benchmarks/bench_sheet.py [--renders N] [--sheets 100] [--postgres URL]

- **one sheet** (``render_sheet``, warm, median): floors are plain reportlab in the sheet's own font
  (NotoSans, embedded and subset the same way): (a) the sheet's own text, one plain paragraph per line of
  the rendered sheet (same words, no layout: what any PDF of this text costs); (b) for reference, a fixed
  2-page document of 36 paragraphs (issue #7's floor). Target: ≤ 2× floor (a).
- **a day of sheets** (``services.checkout.save_unprinted``, ``--sheets`` visits of one day, each a patient
  with a facial treatment): the total time and the time per sheet, with the worker processes (default)
  and rendered in one process (``workers=0``); on a new SQLite file, or on a new database of the
  PostgreSQL server at ``--postgres``. Floor: ``--sheets`` × the one-sheet render time (what one core
  needs for the PDFs alone). Target: ≤ 5 s for 100 sheets on 2 cores.
CPU time is printed too: wall time swings when other work shares the machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _logo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 190, 190), fill=(47, 111, 143, 255))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def sheet_case():
    """(inputs, protocols, logo) of a typical facial sheet (one treatment, an adjustment, a logo)."""
    from clinic_desktop.aftercare.protocol import load_bundled_protocols
    from clinic_desktop.aftercare.sheet_inputs import (
        Adjustment,
        ClinicOnSheet,
        PatientOnSheet,
        SheetInputs,
        TreatmentOnSheet,
    )

    protocol = load_bundled_protocols()[("facial-mesotherapy", "en")]
    inputs = SheetInputs(
        clinic=ClinicOnSheet(
            name="Smith & Jones Aesthetics",
            address="1200 rue Sainte-Catherine Ouest, suite 410\nMontréal QC H3B 1K9",
            phone="+1 514 555 0100", emergency_phone="+1 (514) 555-0199",
            email="care@smithjones.example", website="smithjones.example",
        ),
        patient=PatientOnSheet(display_name="Nguyễn Thị Hương", date_of_birth=date(1990, 3, 12)),
        language="en",
        treatments=[TreatmentOnSheet(
            treatment_session_id=1, protocol_id=protocol.id, protocol_version=protocol.version, approved=True,
            treatment_date=date(2026, 11, 29), treatment_time=time_of_day(14, 30),
            practitioner_name="Dr Amélie Tremblay", areas="full face")],
        adjustments=[Adjustment(kind="extend", restriction_key="makeup", hours=72, by="Dr Amélie Tremblay")],
        issued_on=date(2026, 11, 29),
    )
    return inputs, [protocol], _logo()


def sheet_lines(pdf: bytes) -> list[str]:
    """The text of a PDF, line by line (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [line for page in reader.pages for line in (page.extract_text() or "").splitlines() if line.strip()]


def plain_pdf(lines: list[str]) -> bytes:
    """Plain reportlab: one Paragraph per line in the sheet's font (NotoSans), A4, default frame."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape

    from clinic_desktop.aftercare.text import FONT, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build([Paragraph(escape(line), body) for line in lines])
    return buf.getvalue()


def fixed_two_pages() -> bytes:
    """Issue #7's floor: 36 plain paragraphs and a title (2 pages) in the sheet's font."""
    lines = ["Aftercare instructions"] + [
        f"Day {i // 8}: keep your skin clean, avoid heat and sun; step {i} of the plan, written out as a plain "
        "paragraph of ordinary length." for i in range(36)]
    return plain_pdf(lines)


def _timed(fn, n: int) -> tuple[float, float]:  # noqa: ANN001
    """(median wall ms, median CPU ms) of ``n`` calls, after one warm-up call."""
    fn()
    wall, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def bench_one_sheet(renders: int = 40) -> dict:
    """The one-sheet figures (ms), the sheet and its floors measured alternately in this process."""
    from clinic_desktop.aftercare.render import render_sheet

    inputs, protocols, logo = sheet_case()
    cold0 = time.perf_counter()
    pdf = render_sheet(inputs, protocols, logo)
    cold = (time.perf_counter() - cold0) * 1000
    lines = sheet_lines(pdf)
    words = " ".join(lines).split()
    floor_words = " ".join(sheet_lines(plain_pdf(lines))).split()
    # the floor holds the same words (but the few symbols, ⚠ ★, that the sheet takes from a symbol font)
    assert len(floor_words) == len(words) and sum(a != b for a, b in zip(words, floor_words)) <= 5
    sheet, text_floor, fixed = [], [], []
    for _ in range(max(1, renders // 5)):  # in rounds: sheet and floors meet the same machine load
        sheet.append(_timed(lambda: render_sheet(inputs, protocols, logo), 5))
        text_floor.append(_timed(lambda: plain_pdf(lines), 5))
        fixed.append(_timed(fixed_two_pages, 5))

    def med(values: list[tuple[float, float]], i: int) -> float:
        return statistics.median(v[i] for v in values)

    return {"sheet_ms": med(sheet, 0), "sheet_cpu_ms": med(sheet, 1), "floor_same_text_ms": med(text_floor, 0),
            "floor_same_text_cpu_ms": med(text_floor, 1), "floor_fixed_2_pages_ms": med(fixed, 0),
            "first_render_ms": cold, "lines": len(lines), "pages": pdf.count(b"/Type /Page\n")}


# ------------------------------------------------------------------------------------------- a day


def make_day(target: str, sheets: int, day: date) -> None:
    """A clinic (Toronto) with ``sheets`` patients, each with one facial treatment session on ``day``."""
    from sqlmodel import Session

    from clinic_desktop.db import open_database
    from clinic_desktop.models import Role, StaffMember
    from clinic_desktop.services.clinic import get_clinic_profile
    from clinic_desktop.services.patients import PatientCreate, create_patient
    from clinic_desktop.services.treatments import (
        ProductUseCreate,
        TreatmentSessionCreate,
        record_treatment_session,
    )

    engine = open_database(target, backup_before_migrating=False)
    with Session(engine, expire_on_commit=False) as s:
        prac = StaffMember(full_name="Dr. Élise Tremblay", username="elise", role=Role.practitioner)
        s.add(prac)
        s.commit()
        profile = get_clinic_profile(s)
        profile.name, profile.timezone = "Clinique Lumière & Co", "America/Toronto"
        profile.phone, profile.emergency_phone = "+1 416 555 0100", "+1 416 555 0199"
        profile.logo_png = _logo()
        s.add(profile)
        s.commit()
        from zoneinfo import ZoneInfo

        start = datetime.combine(day, time_of_day(8, 0), ZoneInfo("America/Toronto"))
        for i in range(sheets):
            p = create_patient(s, actor=prac, data=PatientCreate(
                given_names=f"Patient{i:03d}", family_name="Test", date_of_birth=date(1980, 1, 1) + timedelta(days=i)))
            record_treatment_session(s, actor=prac, data=TreatmentSessionCreate(
                patient_id=p.id, practitioner_id=prac.id, treatment="facial-mesotherapy",
                performed_at=(start + timedelta(minutes=5 * i)).astimezone(UTC), areas="full face",
                products=[ProductUseCreate(product_name="HydraGlow HA 1.5%", batch_number="L1")]))
    engine.dispose()


def _run_day(target: str, day: date, workers: int | None) -> tuple[float, float, int]:
    """(wall s, CPU s of this process, sheets) of one "Print all unprinted" over ``target``'s ``day``."""
    from sqlmodel import Session, delete, select

    from clinic_desktop.db import open_database
    from clinic_desktop.models import AftercareIssuance, AuditEntry, IssuanceTreatmentSession, StaffMember
    from clinic_desktop.services.checkout import save_unprinted

    engine = open_database(target, backup_before_migrating=False)
    with Session(engine, expire_on_commit=False) as s:  # start from a day without sheets
        s.exec(delete(IssuanceTreatmentSession))
        s.exec(delete(AftercareIssuance))
        s.commit()
        actor = s.exec(select(StaffMember)).first()
        with tempfile.TemporaryDirectory() as folder:
            t0, c0 = time.perf_counter(), time.process_time()
            steps = list(save_unprinted(s, actor=actor, day=day, folder=Path(folder), workers=workers))
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert len(list(Path(folder).glob("*.pdf"))) == steps[-1][0]
    engine.dispose()
    del AuditEntry
    return wall, cpu, steps[-1][0]


def bench_day(target: str, sheets: int = 100, runs: int = 1) -> dict:
    """The batch figures (s) on the database ``target`` (filled here with ``sheets`` visits)."""
    day = date(2026, 4, 2)
    make_day(target, sheets, day)
    pooled = [_run_day(target, day, None) for _ in range(runs)]  # what the app does (free cores)
    forced = [_run_day(target, day, 2) for _ in range(runs)]  # 2 worker processes, whatever the load
    serial = [_run_day(target, day, 0) for _ in range(runs)]
    n = pooled[0][2]
    total = statistics.median(r[0] for r in pooled)
    return {"sheets": n, "total_s": total, "per_sheet_ms": total / n * 1000,
            "main_process_cpu_s": statistics.median(r[1] for r in pooled),
            "one_process_total_s": statistics.median(r[0] for r in serial),
            "one_process_cpu_s": statistics.median(r[1] for r in serial),
            "two_workers_total_s": statistics.median(r[0] for r in forced),
            "one_process_per_sheet_ms": statistics.median(r[0] for r in serial) / n * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--sheets", type=int, default=100)
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database for the batch")
    args = parser.parse_args()
    one = bench_one_sheet(args.renders)
    print(f"one sheet: {one['sheet_ms']:.1f} ms (CPU {one['sheet_cpu_ms']:.1f}); floor, same text in plain "
          f"reportlab: {one['floor_same_text_ms']:.1f} ms (CPU {one['floor_same_text_cpu_ms']:.1f}); ratio "
          f"{one['sheet_ms'] / one['floor_same_text_ms']:.2f}; fixed 2 pages: {one['floor_fixed_2_pages_ms']:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        target = args.postgres or str(Path(tmp) / "day.sqlite3")
        day = bench_day(target, args.sheets)
    print(f"{day['sheets']} sheets: {day['total_s']:.2f} s ({day['per_sheet_ms']:.0f} ms a sheet); in one "
          f"process {day['one_process_total_s']:.2f} s ({day['one_process_per_sheet_ms']:.0f} ms a sheet); CPU: "
          f"main {day['main_process_cpu_s']:.2f} s, workers {day['workers_cpu_s']:.2f} s")
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
