"""The app's rotating log file. Tracebacks go here, never to the user."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from clinic_desktop import paths

LOG_FILENAME = "clinic-desktop.log"


def log_file_path() -> Path:
    """Full path of the current log file."""
    return paths.log_dir() / LOG_FILENAME


def configure_logging(level: int = logging.INFO) -> Path:
    """Attach a rotating file handler (1 MB x 5) to the root logger once; returns the log file's path."""
    path = log_file_path()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
