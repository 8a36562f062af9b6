"""The complication form's choices change only by a deliberate action (issue #14: a typed space on the
focused Kind box changed the kind): typed characters and the mouse wheel leave them alone; the arrow keys
and the pop-up list (opened with Space, F4 or Alt+Down) choose."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from clinic_desktop.models import ComplicationKind
from clinic_desktop.ui.complications.complication_form import ComplicationForm


@pytest.fixture
def form(qtbot, engine, practitioner, treated):
    dialog = ComplicationForm(engine, lambda: practitioner, treatment_session_id=treated.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_typed_characters_on_the_focused_kind_box_change_nothing(qtbot, form):
    form.kind.setCurrentIndex(form.kind.findData(ComplicationKind.swelling))
    form.kind.setFocus()
    for key in (Qt.Key.Key_Space, Qt.Key.Key_B, Qt.Key.Key_I, Qt.Key.Key_N, Qt.Key.Key_O, Qt.Key.Key_1):
        qtbot.keyClick(form.kind, key)
    qtbot.keyClicks(form.kind, " bruising infection nodule")
    QApplication.processEvents()
    form.kind.hidePopup()
    assert form.kind.currentData() == ComplicationKind.swelling


@pytest.mark.parametrize("box", ["kind", "grade", "causality", "outcome", "product"])
def test_every_choice_ignores_typing_and_the_wheel(qtbot, form, box):
    combo = getattr(form, box)
    before = combo.currentIndex()
    combo.setFocus()
    qtbot.keyClicks(combo, "a s 3 x")
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(combo.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    combo.hidePopup()
    assert combo.currentIndex() == before


def test_the_arrow_keys_choose_the_kind(qtbot, form):
    form.kind.setCurrentIndex(0)  # "Choose…"
    form.kind.setFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)
    assert form.kind.currentIndex() == 1
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)
    qtbot.keyClick(form.kind, Qt.Key.Key_Up)
    assert form.kind.currentIndex() == 1 and form.kind.currentData() is not None


def test_space_opens_the_list_and_enter_in_it_chooses(qtbot, form):
    form.kind.setFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Space)
    view = form.kind.view()
    assert view.isVisible()
    target = form.kind.findData(ComplicationKind.nodule_or_papule)
    view.setCurrentIndex(form.kind.model().index(target, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert form.kind.currentData() == ComplicationKind.nodule_or_papule
