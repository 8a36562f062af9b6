"""Where the database lives, as the window needs to know it: a warning when SQLite is on a network share."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from clinic_desktop.db.engine import sqlite_path
from clinic_desktop.db.network_share import network_share_warning

log = logging.getLogger(__name__)


def database_location_warning(engine: Engine) -> str | None:
    """A warning in the user's terms when ``engine`` is a SQLite file on a network share (UNC path, mapped
    network drive, NFS/SMB/CIFS mount), else None (also for PostgreSQL, which is made for several computers).
    Never raises; logs the warning once per call."""
    path = sqlite_path(engine)
    if path is None:
        return None
    try:
        warning = network_share_warning(path)
    except Exception:  # a probe that fails must not stop the clinic's day
        log.exception("network share check failed for %s", path)
        return None
    if warning:
        log.warning("%s (%s)", warning, path)
    return warning
