"""The app's rotating log file. Tracebacks go here, never to the user."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from pathlib import Path

from clinic_desktop import paths

LOG_FILENAME = "clinic-desktop.log"


def log_file_path() -> Path:
    """Full path of the current log file."""
    return paths.log_dir() / LOG_FILENAME


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created owner-only (0600 on POSIX): logs can name patients."""

    def _open(self):  # type: ignore[no-untyped-def]  (logging's own signature)
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def configure_logging(level: int = logging.INFO) -> Path:
    """Attach a rotating file handler (1 MB x 5) to the root logger once; returns the log file's path."""
    path = log_file_path()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = _PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
