"""The checks of ``clinic-desktop --self-test`` that need Qt (see :mod:`clinic_desktop.selftest`).

Each takes the self-test's context dict (``folder``, ``sheet`` …), raises SelfTestFailure with a plain
reason, and returns a one-line summary. No window is ever shown (offscreen unless QT_QPA_PLATFORM is set).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from clinic_desktop import APP_NAME, paths
from clinic_desktop.selftest import NATIVE_PLATFORM, SelfTestFailure


def qt_checks(ctx: dict[str, Any]) -> str:
    """Platform plugins, the SVG icon, image formats, print support (QApplication reused if one exists)."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a window
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLibraryInfo
    from PySide6.QtGui import QIcon, QImageReader, QPainter
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "clinic-desktop"])
    ctx["qt_app"] = app
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    found = sorted({re.sub(r"^(lib)?q|\.(so|dll|dylib)$", "", p.name)
                    for p in (plugins / "platforms").glob("*q*")})
    native = next((v for k, v in NATIVE_PLATFORM.items() if sys.platform.startswith(k)), None)
    if native and native not in found:
        raise SelfTestFailure(f"the {native} platform plugin (the window) is missing from "
                              f"{plugins / 'platforms'}; "
                              f"found: {', '.join(found) or 'none'}")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "jpeg", "svg"} - formats
    if missing:
        raise SelfTestFailure(f"Qt cannot read {', '.join(sorted(missing))} images "
                              "(image-format plugins missing)")
    icon_path = paths.resources_dir() / "icons" / "clinic-desktop.svg"
    pixmap = QIcon(str(icon_path)).pixmap(256, 256)
    if pixmap.isNull():
        raise SelfTestFailure(f"the app icon {icon_path.name} does not draw (SVG icon engine missing)")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.toImage().save(buffer, "PNG")
    buffer.close()
    ctx["logo_png"] = bytes(data.data())
    printed = ctx["folder"] / "qt-print-test.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    painter = QPainter()
    if not painter.begin(printer):
        raise SelfTestFailure("Qt print support cannot start a page")
    painter.drawText(100, 100, f"{APP_NAME} print test")
    painter.end()
    if not printed.is_file() or printed.stat().st_size < 200:
        raise SelfTestFailure("Qt print support wrote no page")
    return (f"platform {app.platformName()}, platform plugins {', '.join(found)}; "
            f"image formats png/jpeg/svg; icon drawn {pixmap.width()}x{pixmap.height()}; "
            "print support wrote a page")


def translations_check(ctx: dict[str, Any]) -> str:
    """The window's French (our .qm and Qt's own qtbase_fr.qm) and the services' French catalogue load and
    translate; English is installed again afterwards."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from clinic_desktop.services import messages
    from clinic_desktop.ui.common import i18n

    try:
        i18n.install("fr")
        ours = QCoreApplication.translate("LoginDialog", "Sign in")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qt_own = box.buttons()[0].text().replace("&", "")
        box.deleteLater()
        service = messages._("The user name or password is not right.")
    finally:
        i18n.install("en")
    if ours == "Sign in":
        raise SelfTestFailure(f"the window's French translation is missing from {i18n.translations_dir()}")
    if qt_own == "Cancel":
        raise SelfTestFailure("Qt's own French translation (qtbase_fr.qm) is missing")
    if service.startswith("The user name"):
        raise SelfTestFailure(f"the French message catalogue is missing from {messages.locale_dir()}")
    return f"window “{ours}”, Qt “{qt_own}”, messages “{service}”"


def ui_modules(ctx: dict[str, Any]) -> str:
    """Import every module of ``clinic_desktop.ui`` (pages, dialogs, the report chart) and build a chart view:
    a module or Qt library left out of a build fails here rather than when a page is first opened."""
    import importlib
    import pkgutil

    import clinic_desktop.ui as ui

    names = sorted(m.name for m in pkgutil.walk_packages(ui.__path__, "clinic_desktop.ui.") if not m.ispkg)
    if not names:
        raise SelfTestFailure("no user-interface module was found in the build")
    for name in names:
        importlib.import_module(name)
    from PySide6.QtCharts import QChart, QChartView
    from PySide6.QtPdfWidgets import QPdfView

    view = QChartView(QChart())
    pdf_view = QPdfView()
    view.deleteLater()
    pdf_view.deleteLater()
    return f"{len(names)} modules imported; chart and PDF views built (not shown)"


def qt_pdf_check(ctx: dict[str, Any]) -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    try:
        error = document.load(str(ctx["sheet"]))
        if error != QPdfDocument.Error.None_:
            raise SelfTestFailure(f"QtPdf cannot open the sheet for preview: {error.name}")
        pages = document.pageCount()
        image = document.render(0, QSize(300, 424))
        if image.isNull():
            raise SelfTestFailure("QtPdf opened the sheet but cannot draw its first page")
    finally:
        document.close()
    return f"QtPdf opened the sheet ({pages} page(s)) and drew page 1 at {image.width()}x{image.height()}"
