"""What the first window shows before the database is open: the clinic's name and colour, and whether the
database last asked for a first administrator (issue #17: the sign-in dialog comes up at once, the
database stack loads while the person types).

One small JSON file in the user data folder, one entry per database, keyed by a hash of the database
target (never the target itself: a server address may hold a password). Decoration only: a missing,
broken or stale entry gives the defaults, and the real values replace it once the database is open.
Standard library only (imported before SQLAlchemy).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from clinic_desktop import paths

FILE_NAME = "start-up.json"


def cache_file() -> Path:
    """The cache file in the user data folder (``data_dir()/start-up.json``)."""
    return paths.data_dir() / FILE_NAME


def key_of(target: str) -> str:
    """The entry name for the database ``target`` (file path or URL): a SHA-256 hex digest."""
    return hashlib.sha256(str(target).encode("utf-8", "surrogatepass")).hexdigest()


def _read_all() -> dict:
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read(target: str) -> dict:
    """The entry for ``target``: ``{"name": str, "colour": "#rrggbb", "first_start": bool}``, or ``{}``."""
    entry = _read_all().get(key_of(target))
    if not isinstance(entry, dict):
        return {}
    return {"name": str(entry.get("name") or ""), "colour": str(entry.get("colour") or ""),
            "first_start": bool(entry.get("first_start"))}


def remember(target: str, *, name: str, colour: str, first_start: bool) -> None:
    """Store what the first window should show next time for ``target`` (written atomically; a folder that
    cannot be written to is ignored: the cache only saves a fraction of a second)."""
    data = _read_all()
    entry = {"name": name, "colour": colour, "first_start": bool(first_start)}
    if data.get(key_of(target)) == entry:
        return
    data[key_of(target)] = entry
    try:
        path = cache_file()
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
