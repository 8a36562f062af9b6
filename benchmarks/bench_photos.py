"""Clinical photos and the patient file (issue #16): how long things take. Not a test.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_photos.py [--runs 5]

Measures, on fresh temporary databases (nothing cached):

1. import time per photo (``services.photos.import_photo``: decode, orientation, metadata stripped,
   thumbnail, SHA-256, one transaction), for a 12-megapixel phone JPEG with EXIF and GPS, a 2-megapixel
   JPEG and a 1-megapixel PNG; median over ``--runs`` imports each;
2. the photo strip with 20 and with 2,000 photos on one patient: time for ``PhotoStrip.set_patient``
   (the list read and model reset) plus the first paint with its visible thumbnails, and how many
   thumbnails were read (only those in view);
3. the patient file of the demo clinic's busiest patient (most treatment sessions), as the demo has it
   and again after a sheet was saved for each of the patient's treatment sessions and six 12 MP photos
   were imported (identified with photos, and de-identified).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLINIC_DESKTOP_HOME", tempfile.mkdtemp(prefix="clinic-bench-home-"))


def _jpeg(width: int, height: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), (214, 170, 150))
    draw = ImageDraw.Draw(img)
    for i in range(0, width, max(1, width // 40)):  # some detail, so the JPEG is phone-sized
        draw.line((i, 0, width - i, height), fill=(120 + i % 100, 60, 80), width=3)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (43.0, 39.0, 11.0)
    exif.get_ifd(0x8769)[36867] = "2026:11:30 14:05:09"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((width, height), 40).convert("RGB").save(out, "PNG")
    return out.getvalue()


def _engine():  # noqa: ANN202
    from clinic_desktop.db import open_database

    return open_database(Path(tempfile.mkdtemp(prefix="clinic-bench-")) / "clinic.sqlite3")


def _staff(session, role: str):  # noqa: ANN001, ANN202
    from sqlmodel import select

    from clinic_desktop.models import Role, StaffMember

    return session.exec(select(StaffMember).where(StaffMember.role == Role(role))).first()


def bench_import(runs: int) -> None:
    from sqlmodel import Session

    from clinic_desktop.models import Role, StaffMember
    from clinic_desktop.services import photos
    from clinic_desktop.services.patients import PatientCreate, create_patient
    from clinic_desktop.services.treatments import TreatmentSessionCreate, record_treatment_session

    engine = _engine()
    with Session(engine, expire_on_commit=False) as s:
        doc = StaffMember(full_name="Dr Bench", username="bench", role=Role.admin)
        s.add(doc)
        s.commit()
        from datetime import UTC, date, datetime

        p = create_patient(
            s,
            actor=doc,
            data=PatientCreate(given_names="Bench", family_name="Mark", date_of_birth=date(1990, 1, 1)),
        )
        ts = record_treatment_session(
            s,
            actor=doc,
            data=TreatmentSessionCreate(
                patient_id=p.id,
                practitioner_id=doc.id,
                treatment="facial-mesotherapy",
                performed_at=datetime(2026, 11, 30, 15, tzinfo=UTC),
            ),
        )
        photos.set_consent(s, actor=doc, patient_id=p.id, purpose="record", given=True)
        target = photos.PhotoTarget(patient_id=p.id, kind="before", treatment_session_id=ts.id)
        for name, data in (
            ("12 MP JPEG (4000x3000, EXIF+GPS)", _jpeg(4000, 3000)),
            ("2 MP JPEG (1600x1200)", _jpeg(1600, 1200)),
            ("1 MP PNG (1200x900)", _png(1200, 900)),
        ):
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                photos.import_photo(s, actor=doc, data=data, filename="x", target=target)
                times.append(time.perf_counter() - t0)
            print(
                f"import {name:34s} {len(data) / 1e6:5.1f} MB  "
                f"median {statistics.median(times) * 1000:7.0f} ms"
                f"  (best {min(times) * 1000:.0f} ms, {runs} runs)"
            )
    engine.dispose()


def bench_strip(counts: tuple[int, ...] = (20, 2000)) -> None:
    from datetime import date

    from PySide6.QtWidgets import QApplication
    from sqlmodel import Session

    from clinic_desktop.models import Photo, PhotoImage, Role, StaffMember
    from clinic_desktop.services import photos
    from clinic_desktop.services.patients import PatientCreate, create_patient
    from clinic_desktop.ui.patients.photos.strip import PhotoStrip

    app = QApplication.instance() or QApplication([])
    prepared = photos.prepare_image(_jpeg(1600, 1200))
    for count in counts:
        engine = _engine()
        with Session(engine, expire_on_commit=False) as s:
            doc = StaffMember(full_name="Dr Bench", username="bench", role=Role.admin)
            s.add(doc)
            s.commit()
            p = create_patient(
                s,
                actor=doc,
                data=PatientCreate(given_names="Many", family_name="Photos", date_of_birth=date(1990, 1, 1)),
            )
            for i in range(count):  # rows as the import writes them (the import itself is timed above)
                photo = Photo(
                    patient_id=p.id,
                    kind="complication",
                    area=f"area {i % 9}",
                    taken_on=date(2026, 1, 1),
                    width=prepared.width,
                    height=prepared.height,
                    byte_size=len(prepared.content),
                    original_sha256=prepared.original_sha256,
                    content_sha256=prepared.content_sha256,
                    imported_by_id=doc.id,
                )
                s.add(photo)
                s.flush()
                s.add(PhotoImage(photo_id=photo.id, content=prepared.content, thumbnail=prepared.thumbnail))
            s.commit()
        strip = PhotoStrip(engine, lambda doc=doc: doc, lambda: None)
        strip.resize(1000, 200)
        strip.show()
        app.processEvents()
        t0 = time.perf_counter()
        strip.set_patient(p.id)
        t_list = time.perf_counter() - t0
        strip.repaint()
        app.processEvents()  # the view asks for visible icons; the batch read runs on the next turn
        app.processEvents()
        strip.repaint()
        t_all = time.perf_counter() - t0
        print(
            f"strip with {count:5d} photos: list + model {t_list * 1000:6.1f} ms, "
            "first paint with thumbnails "
            f"{t_all * 1000:6.1f} ms, thumbnails read {strip.model.thumbnail_reads}"
        )
        strip.close()
        engine.dispose()


def bench_patient_file() -> None:
    from sqlmodel import Session, func, select

    from clinic_desktop.models import TreatmentSession
    from clinic_desktop.services import checkout, photos
    from clinic_desktop.services.demo import create_demo_clinic
    from clinic_desktop.services.patient_file import write_patient_file

    engine = _engine()
    out_dir = Path(tempfile.mkdtemp(prefix="clinic-bench-file-"))
    with Session(engine, expire_on_commit=False) as s:
        create_demo_clinic(s)
        manager, doc, desk = _staff(s, "manager"), _staff(s, "practitioner"), _staff(s, "receptionist")
        pid, n = s.exec(
            select(TreatmentSession.patient_id, func.count())
            .group_by(TreatmentSession.patient_id)
            .order_by(func.count().desc())
        ).first()
        print(f"demo's busiest patient: {pid} with {n} treatment sessions")
        t0 = time.perf_counter()
        r = write_patient_file(s, actor=manager, patient_id=pid, out_path=out_dir / "as-demo.pdf")
        print(
            f"patient file as the demo has it: {time.perf_counter() - t0:.2f} s, {r.pages} pages, "
            f"{r.sheets_total} sheets"
        )
        sessions = s.exec(select(TreatmentSession).where(TreatmentSession.patient_id == pid)).all()
        for ts in sessions:
            checkout.save_sheet(s, actor=desk, treatment_session_id=ts.id, path=out_dir / f"s{ts.id}.pdf")
        data = _jpeg(4000, 3000)
        for i in range(6):
            photos.import_photo(
                s,
                actor=doc,
                data=data,
                filename=f"{i}.jpg",
                consent_just_recorded=True,
                target=photos.PhotoTarget(
                    patient_id=pid,
                    kind="before" if i % 2 else "after",
                    treatment_session_id=sessions[i % len(sessions)].id,
                ),
            )
        for label, kw in (
            ("identified, 6 photos printed", {"include_photos": True}),
            ("de-identified", {"deidentified": True}),
        ):
            t0 = time.perf_counter()
            r = write_patient_file(s, actor=manager, patient_id=pid, out_path=out_dir / "f.pdf", **kw)
            size = (out_dir / "f.pdf").stat().st_size / 1e6
            print(
                f"patient file, {len(sessions)} sheets saved, {label}: {time.perf_counter() - t0:.2f} s, "
                f"{r.pages} pages, {r.sheets_attached} sheets attached ({r.sheets_matching} identical), "
                f"{size:.1f} MB"
            )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    bench_import(args.runs)
    bench_strip()
    bench_patient_file()
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
