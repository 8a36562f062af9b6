"""The aftercare package's user-facing error (re-exported by :mod:`clinic_desktop.aftercare.render`)."""

from __future__ import annotations


class SheetError(Exception):
    """An aftercare sheet cannot be rendered as asked; ``str(exc)`` is a message for the user."""
