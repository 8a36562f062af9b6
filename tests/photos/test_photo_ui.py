"""Photos in the window: the strip on the patient's history (lazy thumbnails, add, drop, remove), the
viewer and the synchronised compare, the follow-up dialog's strip, consent, and the patient file dialog."""

# ruff: noqa: F811  (the main_window, staff and clinic_profile fixtures are imported from tests/ui)
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from sqlmodel import Session, select

from clinic_desktop.models import FollowUp, Photo, PhotoKind
from clinic_desktop.services import photos
from clinic_desktop.services.messages import short_date
from clinic_desktop.services.photos import PhotoTarget
from tests.language import msg_like, msg_text, quoted, ui_like, ui_text
from tests.photos import images
from tests.ui.conftest import add_patient, add_treatment_session, clinic_profile, main_window, staff  # noqa: F401

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def record(db, staff):  # noqa: F811
    doc = staff["practitioner"]
    p = add_patient(db, doc, "Aoife", "O'Brien-Daly")
    ts = add_treatment_session(db, doc, p, datetime(2026, 11, 25, 10, tzinfo=TORONTO))
    return p, ts


def _import(db, actor, p, ts, n: int, kind="before"):
    made = []
    for i in range(n):
        made.append(
            photos.import_photo(
                db,
                actor=actor,
                data=images.jpeg_with_exif(60 + i % 7, 40, orientation=1, taken=None),
                filename=f"p{i}.jpg",
                consent_just_recorded=True,
                target=PhotoTarget(patient_id=p.id, kind=kind, treatment_session_id=ts.id),
            )
        )
    return made


def _select(strip, rows):
    sel = strip.view.selectionModel()
    sel.clearSelection()
    from PySide6.QtCore import QItemSelectionModel

    for r in rows:
        sel.select(strip.model.index(r), QItemSelectionModel.SelectionFlag.Select)


def test_strip_reads_only_the_thumbnails_shown(qtbot, main_window, db, staff, record):  # noqa: F811
    p, ts = record
    _import(db, staff["practitioner"], p, ts, 120)
    page = main_window.show_page("Patients")
    page.select_patient(p.id)
    strip = page.photo_strip
    assert strip.model.rowCount() == 120
    assert strip.title.text() == ui_text("PhotoStrip", "<b>Photos</b> ({count})").format(count=120)
    qtbot.waitUntil(lambda: strip.model.thumbnail_reads > 0)
    shown = strip.model.thumbnail_reads
    assert shown < 40  # only the items in view (a strip is ~ 6-10 wide), never all 120
    strip.view.scrollToBottom()
    strip.view.horizontalScrollBar().setValue(strip.view.horizontalScrollBar().maximum())
    qtbot.waitUntil(lambda: strip.model.thumbnail_reads > shown)
    assert strip.model.thumbnail_reads < 120
    icon = strip.model.data(strip.model.index(119), Qt.ItemDataRole.DecorationRole)
    assert not icon.pixmap(96, 96).isNull()


def test_add_photos_asks_consent_then_attaches_to_the_selected_treatment_session(
    qtbot, main_window, db, staff, record, tmp_path
):  # noqa: F811
    p, ts = record
    page = main_window.show_page("Patients")
    page.select_patient(p.id)
    strip = page.photo_strip
    files = [tmp_path / "a.jpg", tmp_path / "notes.txt"]
    files[0].write_bytes(images.jpeg_with_exif())
    files[1].write_text("not a photo")
    assert strip.add_files(files) is None  # nothing selected in the history yet
    assert strip.message.text() == ui_text(
        "PhotoStrip", "Choose the treatment session, follow-up or complication the photos belong to.")
    assert page.select_event("treatment", ts.id)
    strip.ask_attach = lambda kinds, area: (
        ("after", "forehead", "") if kinds == [PhotoKind.before, PhotoKind.after] else None
    )
    strip.ask_consent = lambda: False
    assert strip.add_files(files) is None
    assert strip.message.text() == ui_text(
        "PhotoStrip", "No photos imported: the patient has not agreed to photographs for the record.")
    with Session(main_window.engine) as s:
        assert s.exec(select(Photo)).all() == []
    strip.ask_consent = lambda: True
    outcome = strip.add_files(files)
    assert len(outcome.imported) == 1 and ui_text("PhotoStrip", "%n photo(s) added.", 1) in strip.message.text()
    assert msg_like("{name} is not a photo that can be read ({readable}).",
                    name=quoted("notes.txt")).search(strip.message.text())
    with Session(main_window.engine) as s:
        row = s.exec(select(Photo)).one()
        assert (row.kind, row.area, row.treatment_session_id) == ("after", "forehead", ts.id)
        assert photos.has_record_consent(s, p.id)
    assert strip.model.rowCount() == 1


def test_dropping_files_on_the_strip_imports_them(qtbot, main_window, db, staff, record, tmp_path):  # noqa: F811
    p, ts = record
    photos.set_consent(db, actor=staff["practitioner"], patient_id=p.id, purpose="record", given=True)
    page = main_window.show_page("Patients")
    page.select_patient(p.id)
    page.select_event("treatment", ts.id)
    strip = page.photo_strip
    strip.ask_attach = lambda kinds, area: ("before", "chin", "")
    (tmp_path / "d.png").write_bytes(images.png())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "d.png"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    strip.dropEvent(event)
    assert strip.model.rowCount() == 1 and strip.model.photo_at(0).area == "chin"


def test_viewer_compare_zoom_and_pan_together_and_remove(qtbot, main_window, db, staff, record):  # noqa: F811
    p, ts = record
    doc = staff["practitioner"]
    big = [
        photos.import_photo(
            db,
            actor=doc,
            data=images.jpeg_with_exif(1600, 1200, orientation=1),
            filename=n,
            consent_just_recorded=True,
            target=PhotoTarget(patient_id=p.id, kind=k, treatment_session_id=ts.id),
        )
        for n, k in (("b.jpg", "before"), ("a.jpg", "after"))
    ]
    page = main_window.show_page("Patients")
    page.select_patient(p.id)
    strip = page.photo_strip
    _select(strip, [0])
    assert strip.view_button.isEnabled() and not strip.compare_button.isEnabled()
    viewer = strip.viewer_for_selected()
    qtbot.addWidget(viewer)
    assert viewer.view.item.pixmap().width() == 1600
    _select(strip, [0, 1])
    assert strip.compare_button.isEnabled()
    compare = strip.compare_for_selected()
    qtbot.addWidget(compare)
    compare.show()
    qtbot.waitExposed(compare)
    compare.left.verticalScrollBar().setValue(0)
    compare.left.set_zoom(2.0)  # zooming recentres the view: the partner must land on the same place
    assert compare.right.zoom == pytest.approx(2.0)
    for bar in ("horizontalScrollBar", "verticalScrollBar"):
        assert getattr(compare.right, bar)().value() == getattr(compare.left, bar)().value()
    compare.right.zoom_by(1.25)
    assert compare.left.zoom == pytest.approx(2.5)
    bar = compare.left.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert compare.right.horizontalScrollBar().value() == bar.value() > 0
    compare.right.verticalScrollBar().setValue(50)
    assert compare.left.verticalScrollBar().value() == 50
    # remove the first as entered in error
    _select(strip, [0])
    strip.ask_removal = lambda box, err, dele: "error"
    strip.ask_reason = lambda title, prompt: "wrong side"
    assert strip.remove_selected()
    assert strip.model.rowCount() == 1
    assert strip.message.text() == ui_text("PhotoStrip", "Photo marked as entered in error (kept, hidden).")
    with Session(main_window.engine) as s:
        assert s.get(Photo, big[0].id).error_reason == "wrong side"


def test_follow_up_dialog_shows_a_strip_that_attaches_to_the_follow_up(
    qtbot, main_window, db, staff, record, tmp_path
):  # noqa: F811
    from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog

    p, ts = record
    doc = staff["practitioner"]
    _import(db, doc, p, ts, 2)
    fu = db.exec(select(FollowUp).where(FollowUp.treatment_session_id == ts.id)).first()
    dialog = FollowUpDialog(main_window.engine, lambda: doc, fu.id)
    qtbot.addWidget(dialog)
    assert dialog.photo_strip.model.rowCount() == 2  # the patient's earlier photos, to compare with
    (tmp_path / "f.png").write_bytes(images.png())
    dialog.photo_strip.ask_attach = lambda kinds, area: (
        (kinds[0].value, "cheek", "day 3") if kinds == [PhotoKind.follow_up] else None
    )
    dialog.photo_strip.add_files([tmp_path / "f.png"])
    with Session(main_window.engine) as s:
        row = s.exec(select(Photo).where(Photo.follow_up_id == fu.id)).one()
        assert (row.kind, row.caption) == ("follow_up", "day 3")
    assert dialog.photo_strip.model.rowCount() == 3


def test_consent_dialog_records_three_separate_ticks(qtbot, main_window, db, staff, record):  # noqa: F811
    from clinic_desktop.models import PhotoConsentPurpose
    from clinic_desktop.ui.patients.photos.consent_dialog import PhotoConsentDialog

    p, _ = record
    desk = staff["receptionist"]
    dialog = PhotoConsentDialog(main_window.engine, lambda: desk, p.id)
    qtbot.addWidget(dialog)
    dialog.boxes[PhotoConsentPurpose.record].setChecked(True)
    dialog.boxes[PhotoConsentPurpose.teaching].setChecked(True)
    assert dialog.save()
    with Session(main_window.engine) as s:
        now = photos.current_consents(s, p.id)
    assert now[PhotoConsentPurpose.record].given and now[PhotoConsentPurpose.teaching].given
    assert (
        now[PhotoConsentPurpose.marketing] is None
        and now[PhotoConsentPurpose.record].recorded_by == desk.full_name
    )


def test_patient_file_dialog_builds_on_a_worker_and_can_be_cancelled(
    qtbot, main_window, db, staff, record, tmp_path
):  # noqa: F811
    from pypdf import PdfReader

    from clinic_desktop.ui.patients.photos.patient_file_dialog import PatientFileDialog

    p, ts = record
    _import(db, staff["practitioner"], p, ts, 2)
    manager = staff["manager"]
    dialog = PatientFileDialog(main_window.engine, lambda: manager, p.id, patient_name="Aoife O'Brien-Daly")
    qtbot.addWidget(dialog)
    assert dialog.identified.isChecked() and dialog.photos.isEnabled()
    dialog.photos.setChecked(True)
    dialog.deidentified.setChecked(True)
    assert not dialog.photos.isEnabled() and not dialog.photos.isChecked()
    dialog.identified.setChecked(True)
    dialog.photos.setChecked(True)
    out = tmp_path / "file.pdf"
    with qtbot.waitSignal(dialog.start(out).signals.finished, timeout=30000):
        pass
    assert dialog.result.photos_printed == 2 and out.exists()
    assert ui_like("PatientFileDialog", "Saved {path} — {pages} pages, {sheets} aftercare sheet(s) attached ({same}), "
                   "{photos} photo(s).", path=out).search(dialog.message.text())
    assert len(PdfReader(out).pages) == dialog.result.pages
    stopped = tmp_path / "stopped.pdf"
    worker = dialog.start(stopped)
    worker.cancel()
    qtbot.waitUntil(lambda: worker.done, timeout=30000)
    qtbot.waitUntil(lambda: dialog.status == ui_text("PatientFileDialog", "Stopped: no file was written."),
                    timeout=5000)
    assert not stopped.exists() and not list(tmp_path.glob(".stopped*"))


def test_patient_file_dialog_offers_only_deidentified_to_a_practitioner_and_menu_has_the_action(
    qtbot, main_window, staff, record
):  # noqa: F811
    from clinic_desktop.ui.patients.photos.patient_file_dialog import PatientFileDialog

    p, _ = record
    dialog = PatientFileDialog(main_window.engine, lambda: staff["practitioner"], p.id)
    qtbot.addWidget(dialog)
    assert (
        not dialog.identified.isEnabled()
        and dialog.deidentified.isChecked()
        and not dialog.photos.isEnabled()
    )
    assert main_window.patient_file_action.text() == ui_text("hooks", "Patient &file for insurer / regulator…")
    page = main_window.show_page("Patients")
    assert page.patient_file_button.text() == ui_text("hooks", "Patient file…")


def test_photo_list_model_passes_the_model_tester(qapp, qtmodeltester):
    from clinic_desktop.services.photos import PhotoRow
    from clinic_desktop.ui.patients.photos.strip import PhotoListModel

    asked: list[list[int]] = []
    model = PhotoListModel(lambda ids: asked.append(sorted(ids)) or {}, None)
    model.set_photos(
        [PhotoRow(i, "before", "cheek", "", date(2026, 11, i), 1, None, None) for i in range(1, 6)]
    )
    qtmodeltester.check(model)
    model.load_pending()
    assert asked and set(asked[-1]) <= {1, 2, 3, 4, 5}
    shown = f"{msg_text('Before')} · cheek · {short_date(date(2026, 11, 1))}"  # "Before · cheek · 01 Nov 2026"
    assert model.data(model.index(0), Qt.ItemDataRole.DisplayRole) == shown


def test_camera_button_only_where_a_camera_is_found(qtbot, main_window):  # noqa: F811
    from clinic_desktop.ui.patients.photos.camera import camera_available

    page = main_window.show_page("Patients")
    assert page.photo_strip.camera_button.isVisibleTo(page) == camera_available()


def test_unticking_record_consent_offers_to_delete_the_images(qtbot, main_window, db, staff, record):
    from clinic_desktop.models import PhotoConsentPurpose, PhotoImage
    from clinic_desktop.ui.patients.photos.consent_dialog import PhotoConsentDialog

    p, ts = record
    doc = staff["practitioner"]
    _import(db, doc, p, ts, 2)
    dialog = PhotoConsentDialog(main_window.engine, lambda: doc, p.id)
    qtbot.addWidget(dialog)
    dialog.boxes[PhotoConsentPurpose.record].setChecked(False)
    asked = []
    dialog.ask_delete = lambda n: asked.append(n) or None  # cancel: nothing recorded
    assert not dialog.save() and asked == [2]
    with Session(main_window.engine) as s:
        assert photos.has_record_consent(s, p.id) and len(s.exec(select(PhotoImage)).all()) == 2
    dialog.ask_delete = lambda n: True
    assert dialog.save()
    with Session(main_window.engine) as s:
        assert not photos.has_record_consent(s, p.id) and s.exec(select(PhotoImage)).all() == []
