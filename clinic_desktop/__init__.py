"""Clinic Desktop: offline patient record, aftercare sheets and complication register for aesthetic clinics."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clinic-desktop")
except PackageNotFoundError:  # running from a source tree or a frozen build without metadata
    __version__ = "0.1.0"

APP_NAME = "Clinic Desktop"
APP_ID = "clinic-desktop"
