"""Render every page and main dialog offscreen at 1024×700 and 1920×1080 into docs/screenshots/.

Usage: ``python scripts/screenshots.py [OUT_DIR] [--language fr]`` (default: docs/screenshots beside this
script, in English; ``--language fr`` renders the window in French, to look at, e.g. into a scratch folder).
Builds a throw-away demo clinic in a temporary folder (never the real database). Writes, per screen of
``scripts/screens.py`` and per size, ``<name>-1024.png`` and ``<name>-1920.png``: a page inside the main
window, a dialog over the (dimmed) window as a person sees it. Also the files the README links to:
``window-follow-ups.png``, ``lock-screen.png`` and the aftercare sheet pages ``sheet-facial-en-1.png``,
``sheet-facial-en-2.png``, ``sheet-facial-fr-1.png``. Prints a line for each screen that does not fit
(a window pushed wider or taller than the screen, a dialog larger than the screen).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = ((1024, 700), (1920, 1080))


def _settle(app, wait_ms: int = 0, widget=None) -> None:  # noqa: ANN001
    """Let the window paint; ``widget`` still reading on the thread pool (``is_loading()``, the audit
    viewer's ``is_checking()``) is waited for (at most 10 s), so the picture shows its answer."""
    from PySide6.QtTest import QTest

    for _ in range(3):
        app.processEvents()
    busy = [getattr(widget, name) for name in ("is_loading", "is_checking") if hasattr(widget, name)]
    if busy:
        import time

        end = time.monotonic() + 10
        while any(b() for b in busy) and time.monotonic() < end:
            QTest.qWait(20)
        app.processEvents()
    if wait_ms:
        QTest.qWait(wait_ms)  # the PDF preview renders its pages in the background


def _save(picture, target: Path) -> Path:  # noqa: ANN001 (a QPixmap or QImage)
    """Write ``picture`` as a PNG of 256 colours (a third of the size; text and lines stay sharp)."""
    from PIL import Image

    picture.save(str(target))
    with Image.open(target) as image:
        flat = Image.new("RGB", image.size, "white")  # a PDF page renders on transparent: put it on paper
        flat.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
        small = flat.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(target, optimize=True)
    return target


def _over_window(window, dialog, size):  # noqa: ANN001, ANN202
    """The window's picture, dimmed, with ``dialog`` drawn in its middle (as the desktop shows it)."""
    from PySide6.QtGui import QColor, QPainter

    picture = window.grab()
    shot = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))
    x = max(0, (size[0] - shot.width()) // 2)
    y = max(0, (size[1] - shot.height()) // 2)
    painter.setPen(QColor("#5f6b75"))
    painter.drawRect(x - 1, y - 1, shot.width() + 1, shot.height() + 1)
    painter.drawPixmap(x, y, shot)
    painter.end()
    return picture


def main(argv: list[str]) -> int:
    """Each screen size in its own process, on an offscreen screen of exactly that size."""
    language = "en"
    if "--language" in argv:
        at = argv.index("--language")
        language = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for width, height in SIZES:
        config = Path(tempfile.mkdtemp(prefix="clinic-screen-")) / "screen.json"
        config.write_text(
            json.dumps(
                {
                    "screens": [
                        {
                            "name": "desk",
                            "x": 0,
                            "y": 0,
                            "width": width,
                            "height": height,
                            "logicalDpi": 96,
                            "dpr": 1,
                        }
                    ]
                }
            )
        )
        env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", CLINIC_SCREENSHOTS_LANGUAGE=language)
        failed |= subprocess.call(
            [sys.executable, __file__, "--one-size", str(out), f"{width}x{height}"], env=env
        )
    return failed


def one_size(out: Path, width: int, height: int) -> int:
    """Render every screen at ``width`` × ``height`` (the offscreen screen is that size) into ``out``."""
    home = Path(tempfile.mkdtemp(prefix="clinic-screens-"))
    os.environ["CLINIC_DESKTOP_HOME"] = str(home)
    os.environ["CLINIC_DESKTOP_AUDIT_KEY_FILE"] = str(home / "audit.key")

    from PySide6.QtWidgets import QApplication, QDialog

    from scripts.screens import admin_window, demo_engine, screens

    app = QApplication.instance() or QApplication([])
    from clinic_desktop.ui.common import i18n

    i18n.install(os.environ.get("CLINIC_SCREENSHOTS_LANGUAGE", "en"))
    engine = demo_engine(home, history_days=60)
    window = admin_window(engine)
    problems: list[str] = []
    written: list[Path] = []
    window.resize(width, height)
    window.show()
    _settle(app)
    for screen in screens(engine):
        widget = screen.build(window)
        if screen.name == "page-reports":
            widget.run_report()  # the default period's figures, as a manager sees them after "Show report"
        window.resize(width, height)
        _settle(app)
        if isinstance(widget, QDialog):
            widget.show()
            _settle(app, 1500 if screen.name == "dialog-sheet-preview" else 0, widget)
            if widget.width() > width or widget.height() > height:
                problems.append(
                    f"{screen.name} at {width}×{height}: the dialog is {widget.width()}×"
                    f"{widget.height()}, larger than the screen"
                )
                widget.resize(min(widget.width(), width), min(widget.height(), height))
                _settle(app)
            picture = _over_window(window, widget, (width, height))
            QDialog.reject(widget)  # closes without asking (nothing was typed)
            widget.deleteLater()
        else:
            if window.width() > width or window.height() > height:
                problems.append(
                    f"{screen.name} at {width}×{height}: the window grew to {window.width()}×"
                    f"{window.height()}"
                )
            _settle(app, 0, widget)
            picture = window.grab()
        written.append(_save(picture, out / f"{screen.name}-{width}.png"))
    if width == 1024:
        written += _readme_pictures(app, window, engine, out)
    for line in problems:
        print("does not fit:", line)
    print(f"{len(written)} pictures in {out}")
    return 0


def _readme_pictures(app, window, engine, out: Path) -> list[Path]:  # noqa: ANN001
    """The pictures the README links to: the Follow-ups page, the lock screen, aftercare sheet pages."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument
    from sqlmodel import Session, col, select

    from clinic_desktop.models import TreatmentSession
    from clinic_desktop.services import checkout
    from clinic_desktop.ui.signin.lock import LockOverlay

    written = []
    window.resize(1024, 700)
    _settle(app, 0, window.show_page("Follow-ups"))
    written.append(_save(window.grab(), out / "window-follow-ups.png"))
    overlay = LockOverlay(engine, window, window.current_staff())
    overlay.show()
    _settle(app)
    written.append(_save(window.grab(), out / "lock-screen.png"))
    overlay.deleteLater()
    with Session(engine, expire_on_commit=False) as session:
        facial = session.exec(
            select(TreatmentSession)
            .where(TreatmentSession.treatment == "facial-mesotherapy")
            .order_by(col(TreatmentSession.performed_at).desc())
        ).first()
        for language, pages in (("en", 2), ("fr", 1)):
            prepared = checkout.prepare_sheet(
                session,
                actor=window.current_staff(),
                language=language,
                treatment_session_id=facial.id,
                whole_visit=False,
            )
            session.rollback()
            buffer = QBuffer()
            buffer.setData(QByteArray(prepared.pdf))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            document = QPdfDocument()
            document.load(buffer)
            for index in range(min(pages, document.pageCount())):
                points = document.pagePointSize(index)
                image = document.render(
                    index, QSize(round(points.width() * 1.4), round(points.height() * 1.4))
                )
                written.append(_save(image, out / f"sheet-facial-{language}-{index + 1}.png"))
    return written


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one-size"]:
        size = sys.argv[3].split("x")
        raise SystemExit(one_size(Path(sys.argv[2]), int(size[0]), int(size[1])))
    raise SystemExit(main(sys.argv[1:]))
