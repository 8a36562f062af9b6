"""Files the services write for the user: owner-only (POSIX 0600), written whole or not at all, and
operating-system errors turned into plain words (a full disk says so)."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

#: errno values that mean "no room left" (ENOSPC: disk full; EDQUOT: the user's quota is used up).
DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_disk_full(exc: BaseException) -> bool:
    """True for an OSError meaning the disk (or quota) is full, and for SQLite's "database or disk is
    full"."""
    if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database or disk is full" in text or "no space left on device" in text


def os_error_message(exc: OSError, path: Path | str) -> str:
    """A message for the user about ``exc`` while writing ``path`` (disk full, permission, other)."""
    if is_disk_full(exc):
        return (f"The disk is full: {path} could not be written. Free some space (or choose another drive) "
                "and try again; nothing already saved was lost.")
    return f"Cannot write {path}: {exc.strerror or exc}."


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (a hidden temp file beside it, then renamed), readable and
    writable by the owner only on POSIX (0600). Raises OSError (the temp file is removed; an existing
    file at ``path`` is left as it was)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path
