"""A wrapped line above a splitter or a table keeps the height its text needs (the report's batch signal had
its second line cut at 1024 px in French, and the chart below it lost its axes: docs/screenshots)."""

from __future__ import annotations

from PySide6.QtWidgets import QTextEdit, QVBoxLayout, QWidget

from clinic_desktop.ui.common.forms import WrappedLabel

TEXT = ("Signal de lot : HydraGlow HA 1.5%, lot HG24-117B — 9 sur 16 séances de traitement avec une "
        "complication (562,5 pour 1 000, autres lots 0,0 ; p de Holm = 6,8e-06)")


def test_the_label_asks_for_every_line_at_its_width_and_follows_a_resize(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    label = WrappedLabel()
    layout.addWidget(label)
    layout.addWidget(QTextEdit(), 1)  # the page's splitter: takes whatever height is left
    qtbot.addWidget(window)
    window.resize(500, 400)
    window.show()
    qtbot.waitExposed(window)
    label.setText(TEXT)
    qtbot.wait(10)
    line = label.fontMetrics().lineSpacing()
    narrow = label.minimumHeight()
    assert narrow == label.heightForWidth(label.width()) >= 2 * line  # wrapped: two lines or more at 500 px
    assert label.height() >= narrow
    window.resize(260, 400)
    qtbot.wait(10)
    assert label.minimumHeight() == label.heightForWidth(label.width()) > narrow  # narrower: more lines
    assert label.height() >= label.minimumHeight()
    label.setText("")
    assert label.minimumHeight() == 0  # an empty message takes no room
