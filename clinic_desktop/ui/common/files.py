"""Asking where to save a file: the folder used last time (remembered per user), else the Documents folder.

``ask_save_path(parent, "Save aftercare sheet", "aftercare-….pdf", "PDF files (*.pdf)")`` opens the save
dialog there with the suggested name and remembers the folder chosen. The remembered folder is kept in
``ui-settings.ini`` in the user's data folder (:func:`clinic_desktop.paths.data_dir`, so tests and portable
installs redirect it with ``CLINIC_DESKTOP_HOME``); a folder that no longer exists is skipped.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from clinic_desktop import paths

LAST_FOLDER_KEY = "files/last_save_folder"


def ui_settings() -> QSettings:
    """The per-user settings of the window (an INI file beside the user's data)."""
    return QSettings(str(paths.data_dir() / "ui-settings.ini"), QSettings.Format.IniFormat)


def default_save_folder() -> Path:
    """Where a save dialog opens: the last folder saved to, else Documents, else the home folder."""
    remembered = ui_settings().value(LAST_FOLDER_KEY, "", type=str)
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    for location in (QStandardPaths.StandardLocation.DocumentsLocation,
                     QStandardPaths.StandardLocation.HomeLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


def remember_save_folder(folder: Path) -> None:
    """Open the next save dialog in ``folder``."""
    settings = ui_settings()
    settings.setValue(LAST_FOLDER_KEY, str(folder))
    settings.sync()


def ask_save_path(parent: QWidget | None, title: str, file_name: str, file_filter: str,
                  suffix: str = ".pdf") -> Path | None:
    """Ask where to save ``file_name``; the chosen path (``suffix`` added if missing) or None if cancelled.

    The dialog opens in :func:`default_save_folder`; the folder chosen is remembered for next time.
    """
    suggested = str(default_save_folder() / file_name)
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not chosen:
        return None
    target = Path(chosen)
    if suffix and target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    remember_save_folder(target.parent)
    return target
