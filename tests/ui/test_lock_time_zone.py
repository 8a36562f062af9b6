"""The lock screen says when it was locked in the clinic's time zone, not the PC's (issue #14, item 9)."""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QWidget

from clinic_desktop.ui.common.forms import short_time
from clinic_desktop.ui.signin.lock import LockOverlay
from tests.language import ui_like, ui_text


@pytest.fixture
def pc_in_tokyo(monkeypatch):
    """The process (the PC) in Asia/Tokyo; the clinic profile (tests/ui/conftest.py) is America/Toronto."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_locked_at_is_shown_in_the_clinics_time_zone(qtbot, main_window, staff, pc_in_tokyo):
    assert time.localtime(0).tm_hour == 9  # the PC's own clock says Tokyo (UTC+9)
    host = QWidget()
    qtbot.addWidget(host)
    moment = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)  # 09:30 in Toronto, 23:30 in Tokyo
    overlay = LockOverlay(main_window.engine, host, staff["practitioner"], locked_at=moment)
    nine_thirty = short_time(datetime(2026, 12, 1, 9, 30))  # Toronto's 09:30 as the window writes it (09 h 30)
    locked = {ui_text("LockOverlay", text).format(time=nine_thirty) for text in (
        "Locked at {time}.\nEnter your password to carry on.", "Locked at {time}.\nAny staff member can sign in here.")}
    assert overlay.detail_label.text() in locked
    overlay.set_switch_mode(True)
    assert overlay.detail_label.text() in locked
    assert overlay.locked_at.utcoffset().total_seconds() == -5 * 3600


def test_locking_now_uses_the_clinic_clock(qtbot, main_window, staff, pc_in_tokyo):
    from zoneinfo import ZoneInfo

    host = QWidget()
    qtbot.addWidget(host)
    before = datetime.now(ZoneInfo("America/Toronto"))
    overlay = LockOverlay(main_window.engine, host, staff["practitioner"])
    after = datetime.now(ZoneInfo("America/Toronto"))
    shown = ui_like("LockOverlay", "Locked at {time}.\nEnter your password to carry on.").pattern
    shown = re.fullmatch(shown.replace(".*?", "(.*?)", 1), overlay.detail_label.text())[1]
    assert shown in {short_time(before), short_time(after)}
    assert os.environ["TZ"] == "Asia/Tokyo"
