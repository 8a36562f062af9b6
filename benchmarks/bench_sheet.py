"""Render time of one facial aftercare sheet (warm): prints median and p95 over N renders.

Run: ``.venv/bin/python benchmarks/bench_sheet.py [N]`` (default 50). Target: median ≤ 60 ms.
CPU time is printed too: wall time swings when other work shares the machine.
Not collected by pytest (testpaths = tests/).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from datetime import date
from datetime import time as time_of_day

from PIL import Image, ImageDraw

from clinic_desktop.aftercare.protocol import load_bundled_protocols
from clinic_desktop.aftercare.render import render_sheet
from clinic_desktop.aftercare.sheet_inputs import (
    Adjustment,
    ClinicOnSheet,
    PatientOnSheet,
    SheetInputs,
    TreatmentOnSheet,
)


def _logo() -> bytes:
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 190, 190), fill=(47, 111, 143, 255))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def main(n: int = 50) -> int:
    protocol = load_bundled_protocols()[("facial-mesotherapy", "en")]
    inputs = SheetInputs(
        clinic=ClinicOnSheet(
            name="Smith & Jones Aesthetics",
            address="1200 rue Sainte-Catherine Ouest, suite 410\nMontréal QC H3B 1K9",
            phone="+1 514 555 0100",
            emergency_phone="+1 (514) 555-0199",
            email="care@smithjones.example",
            website="smithjones.example",
        ),
        patient=PatientOnSheet(display_name="Nguyễn Thị Hương", date_of_birth=date(1990, 3, 12)),
        language="en",
        treatments=[
            TreatmentOnSheet(
                treatment_session_id=1,
                protocol_id=protocol.id,
                protocol_version=protocol.version,
                approved=True,
                treatment_date=date(2026, 11, 29),
                treatment_time=time_of_day(14, 30),
                practitioner_name="Dr Amélie Tremblay",
                areas="full face",
            )
        ],
        adjustments=[Adjustment(kind="extend", restriction_key="makeup", hours=72, by="Dr Amélie Tremblay")],
        issued_on=date(2026, 11, 29),
    )
    logo = _logo()
    start = time.perf_counter()
    render_sheet(inputs, [protocol], logo)  # cold: fonts registered, logo decoded, caches filled
    cold = (time.perf_counter() - start) * 1000
    times, cpu = [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        render_sheet(inputs, [protocol], logo)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"facial sheet, {n} warm renders: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms "
          f"(first render {cold:.0f} ms); CPU time median {statistics.median(cpu):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
