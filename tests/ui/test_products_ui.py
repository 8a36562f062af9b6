"""Clinic → Products and batches: the catalogue with possible duplicates; a manager merges two spellings."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from sqlmodel import Session, select

from clinic_desktop.models import ProductUse
from clinic_desktop.services.treatments import ProductUseCreate
from clinic_desktop.ui.admin.products_dialog import ProductsDialog
from tests.language import ui_text
from tests.services.helpers import treatment
from tests.ui.conftest import add_patient


def test_a_manager_merges_two_spellings_keeping_the_one_chosen(qtbot, main_window, db, staff):
    doc = staff["practitioner"]
    p = add_patient(db, doc, "Zoë", "Martin")
    for when, name in ((datetime(2026, 11, 2, 10, tzinfo=UTC), "NCTF 135HA"),
                       (datetime(2026, 11, 9, 10, tzinfo=UTC), "NCTF 135 HA")):
        treatment(db, doc, p.id, doc.id, when, products=[ProductUseCreate(product_name=name, batch_number="AB12")])
    dialog = ProductsDialog(main_window.engine, main_window.current_staff, main_window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and dialog.near.count() == 1
    assert not dialog.keep_first.isEnabled()  # a practitioner sees them but may not merge
    main_window.set_current_staff(staff["manager"])
    dialog.reload()
    keep = dialog.pairs[0].second.name
    button = dialog.keep_second
    assert button.text() == ui_text("ProductsDialog", "Merge, keeping “{name}”").format(name=keep) and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1 and dialog.near.count() == 0
    assert dialog.table.item(0, 0).text() == keep and dialog.table.item(0, 4).text() == "2"
    with Session(main_window.engine) as s:
        assert {u.product_name for u in s.exec(select(ProductUse))} == {keep}
