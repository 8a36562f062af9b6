"""Record treatment session with the catalogue: type-ahead product names and lots, and a keyboard-wedge
scanner's GS1 label read into the batch field (GTIN, lot, expiry); the recall then finds both sessions."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlmodel import Session, select

from clinic_desktop.models import Batch, Product, ProductUse
from clinic_desktop.services import recall
from clinic_desktop.ui.checkout.treatment_dialog import (
    COL_BATCH,
    COL_EXPIRY,
    COL_PRODUCT,
    TreatmentSessionDialog,
)
from tests.language import msg_text
from tests.ui.conftest import add_patient

GTIN = "09501101530003"


def _dialog(qtbot, main_window, patient, when: datetime) -> TreatmentSessionDialog:
    dialog = TreatmentSessionDialog(
        main_window.engine, main_window.current_staff, main_window, patient=patient
    )
    qtbot.addWidget(dialog)
    dialog.treatment.setCurrentIndex(dialog.treatment.findData("facial-mesotherapy"))
    dialog.set_performed_at(when)
    dialog.show()
    return dialog


def _type_gs(widget) -> None:
    """What a scanner sends for FNC1 between two fields: the GS character (Qt's own line edit drops it)."""
    QApplication.sendEvent(
        widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, "\x1d")
    )


def test_scanned_label_and_hand_typed_lot_are_one_batch(qtbot, main_window, db, staff):
    patient = add_patient(db, staff["practitioner"], "Hana", "Nováková")
    # 1. the box is scanned: lot and expiry fill in; the product is new, so its name is typed once
    first = _dialog(qtbot, main_window, patient, datetime(2026, 11, 2, 10, 0))
    row = first.add_product_row()
    batch = first.product_cell(row, COL_BATCH)
    qtbot.keyClicks(batch, f"]d201{GTIN}1727123110AB12")
    qtbot.keyClick(batch, Qt.Key.Key_Return)
    assert first.isVisible() and first.created is None  # the scanner's Enter did not press Save
    assert batch.text() == "AB12"
    assert first.product_cell(row, COL_EXPIRY).value() == date(2027, 12, 31)
    qtbot.keyClicks(first.product_cell(row, COL_PRODUCT), "NCTF 135 HA")
    qtbot.mouseClick(first.save_button(), Qt.MouseButton.LeftButton)
    assert first.created is not None, first.errors.errors_shown()

    # 2. by hand, another day: the catalogue offers the product and its lot as you type
    second = _dialog(qtbot, main_window, patient, datetime(2026, 11, 9, 10, 0))
    row = second.add_product_row()
    name = second.product_cell(row, COL_PRODUCT)
    qtbot.keyClicks(name, "nctf")
    completer = name.completer()
    assert completer.completionCount() == 1 and completer.currentCompletion() == "NCTF 135 HA"
    name.setText("nctf 135 ha ")
    name.editingFinished.emit()
    lots = second.product_cell(row, COL_BATCH).completer().model().stringList()
    assert lots == ["AB12"]
    qtbot.keyClicks(second.product_cell(row, COL_BATCH), "ab12")
    qtbot.mouseClick(second.save_button(), Qt.MouseButton.LeftButton)
    assert second.created is not None, second.errors.errors_shown()

    # 3. scanned again with FNC1 separators and the lot in the middle: the product comes from its GTIN
    third = _dialog(qtbot, main_window, patient, datetime(2026, 11, 16, 10, 0))
    row = third.add_product_row()
    batch = third.product_cell(row, COL_BATCH)
    qtbot.keyClicks(batch, f"01{GTIN}10AB12")
    _type_gs(batch)
    qtbot.keyClicks(batch, "17271231")
    qtbot.keyClick(batch, Qt.Key.Key_Return)
    assert (third.product_cell(row, COL_PRODUCT).text(), batch.text()) == ("NCTF 135 HA", "AB12")
    qtbot.mouseClick(third.save_button(), Qt.MouseButton.LeftButton)
    assert third.created is not None, third.errors.errors_shown()

    with Session(main_window.engine) as s:
        assert len(s.exec(select(Product)).all()) == 1
        [catalogue_batch] = s.exec(select(Batch)).all()
        assert (catalogue_batch.lot_number, catalogue_batch.gtin, catalogue_batch.expiry_date) == (
            "AB12",
            GTIN,
            date(2027, 12, 31),
        )
        assert {(u.product_name, u.batch_number) for u in s.exec(select(ProductUse))} == {
            ("NCTF 135 HA", "AB12")
        }
        rows = recall.batch_recall(s, actor=staff["practitioner"], batch_number="AB12")
    assert sorted(r.treatment_session_id for r in rows) == sorted(
        d.created.id for d in (first, second, third)
    )


def test_an_unreadable_label_is_said_at_the_batch_field(qtbot, main_window, db, staff):
    patient = add_patient(db, staff["practitioner"], "Maria", "Lopez")
    dialog = _dialog(qtbot, main_window, patient, datetime(2026, 11, 2, 10, 0))
    row = dialog.add_product_row()
    batch = dialog.product_cell(row, COL_BATCH)
    qtbot.keyClicks(batch, f"]d201{GTIN}17271231")  # no lot (AI 10) on this label
    qtbot.keyClick(batch, Qt.Key.Key_Return)
    assert msg_text("This barcode has no lot number (AI 10); type the lot number as printed on the box.") in \
        dialog.errors.errors_shown()["products[0].batch_number"]
    assert batch.property("invalid") is True
