"""Is a SQLite file on a network share? SQLite's file locking is not reliable over NFS/SMB (sqlite.org,
"How To Corrupt An SQLite Database File", section 2.1: "Filesystems with broken or missing lock
implementations"), so the app warns and points to PostgreSQL for several workstations.

Detected: UNC paths (``\\\\server\\share\\…``), Windows drive letters mapped to a network share
(``GetDriveTypeW`` = ``DRIVE_REMOTE``, through ctypes, on Windows only), and, on Linux, NFS / SMB / CIFS
and other network file systems from ``/proc/mounts``; on macOS from the output of ``mount``. Every probe
can be given its input (a mount table, a drive-type function) so the detection is tested anywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

from clinic_desktop.translation import _

#: file-system types that live on another machine (Linux /proc/mounts names, macOS ``mount`` names)
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb", "afpfs", "webdav", "davfs", "fuse.sshfs", "sshfs",
    "9p", "afs", "ncpfs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "gpfs", "fuse.rclone",
})

DRIVE_REMOTE = 4  # GetDriveTypeW's value for a network drive

_MACOS_MOUNT_LINE = re.compile(r"^(?P<source>.+?) on (?P<point>/.*?) \((?P<type>[^,)]+)")


def _unescape_mount_point(text: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash in mount points as octal escapes (``\\040``)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def parse_proc_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) pairs from the text of Linux's ``/proc/mounts``."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((_unescape_mount_point(fields[1]), fields[2]))
    return mounts


def parse_macos_mount(text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) pairs from the output of macOS's ``mount`` command
    (``//ana@server/clinic on /Volumes/clinic (smbfs, nodev, nosuid, mounted by ana)``)."""
    mounts = []
    for line in text.splitlines():
        match = _MACOS_MOUNT_LINE.match(line.strip())
        if match:
            mounts.append((match.group("point"), match.group("type").strip()))
    return mounts


def _mount_of(path: PurePosixPath, mounts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The mount holding ``path``: the longest mount point that is ``path`` or one of its parents."""
    best: tuple[str, str] | None = None
    for point, fstype in mounts:
        mount_path = PurePosixPath(point)
        if (path == mount_path or mount_path in path.parents) and (best is None or len(point) > len(best[0])):
            best = (point, fstype)
    return best


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _read_mounts(platform: str) -> list[tuple[str, str]]:
    try:
        if platform.startswith("linux"):
            return parse_proc_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
        if platform == "darwin":
            out = subprocess.run(["mount"], capture_output=True, text=True, timeout=5, check=False).stdout
            return parse_macos_mount(out)
    except (OSError, subprocess.SubprocessError):
        return []
    return []


def network_share_kind(path: str | os.PathLike[str], *, platform: str | None = None,
                       mounts: list[tuple[str, str]] | None = None,
                       drive_type: Callable[[str], int] | None = None) -> str | None:
    """How ``path`` (a SQLite file or the folder it will be in) is on another machine, in the user's terms and
    language, as it fits after "on" ("a Windows network share (\\\\nas\\clinic)", "the network drive Z:",
    "a network file system (nfs4 mount at /mnt/clinic)"), or None for a local disk.

    ``platform`` defaults to ``sys.platform``; ``mounts`` ((mount point, fs type) pairs) to the system's mount
    table; ``drive_type`` to ``GetDriveTypeW`` on Windows. Never raises: a probe that fails says "local".
    """
    platform = platform or sys.platform
    text = str(path)
    windows = platform == "win32" or isinstance(path, PureWindowsPath)
    if windows or text.startswith("\\\\"):
        win = PureWindowsPath(text)
        if win.drive.startswith("\\\\") or text.startswith("\\\\"):
            return _("a Windows network share ({share})").format(share=win.drive or text)
        if windows and win.drive:
            probe = drive_type or (_windows_drive_type if platform == "win32" else None)
            try:
                if probe is not None and probe(win.drive + "\\") == DRIVE_REMOTE:
                    return _("the network drive {drive}").format(drive=win.drive)
            except (OSError, AttributeError, ValueError):
                return None
        return None
    posix = PurePosixPath(os.path.realpath(text))  # a symlink into a mounted share counts as the share
    table = mounts if mounts is not None else _read_mounts(platform)
    found = _mount_of(posix, table)
    if found is not None and found[1].lower() in NETWORK_FS_TYPES:
        return _("a network file system ({kind} mount at {folder})").format(kind=found[1], folder=found[0])
    return None


def network_share_warning(path: str | os.PathLike[str], **probes) -> str | None:  # noqa: ANN003
    """The warning the window shows when the SQLite file at ``path`` is on a network share, else None.
    ``probes`` are passed to :func:`network_share_kind` (tests)."""
    kind = network_share_kind(path, **probes)
    if kind is None:
        return None
    return _("The database file is on {kind}. SQLite cannot lock a file safely over a network: if two "
             "computers use it at once, records can be lost or the file damaged. Use it from one computer "
             "only, or move the clinic to a PostgreSQL server (README, \"Several workstations\").").format(
        kind=kind)
