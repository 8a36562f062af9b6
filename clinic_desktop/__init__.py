"""Clinic Desktop: offline patient record, aftercare sheets and complication register for aesthetic clinics."""

#: The version (the one place it is written: pyproject.toml reads it from here). A literal, not
#: ``importlib.metadata.version()``: that import alone costs tens of milliseconds before the first window.
__version__ = "0.1.0"

APP_NAME = "Clinic Desktop"
APP_ID = "clinic-desktop"
