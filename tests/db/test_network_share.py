"""SQLite on a network share (issue 10, item 5): UNC paths, mapped network drives, NFS/SMB/CIFS mounts are
told apart from local disks, with fake mount tables and Windows paths; the window and the clinic profile
warn and point to the PostgreSQL set-up."""

from __future__ import annotations

from pathlib import PureWindowsPath

import pytest

from clinic_desktop.db import network_share
from clinic_desktop.db.network_share import (
    DRIVE_REMOTE,
    network_share_kind,
    network_share_warning,
    parse_macos_mount,
    parse_proc_mounts,
)
from tests.language import msg_like, msg_text, ui_text

PROC_MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
server:/export/clinic /mnt/clinic nfs4 rw,relatime,vers=4.2 0 0
//nas/clinic\\040share /mnt/clinic\\040share cifs rw,relatime,vers=3.1.1 0 0
/dev/sdb1 /mnt/clinic/local-cache ext4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""

MACOS_MOUNT = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
//ana@nas.local/Clinic on /Volumes/Clinic (smbfs, nodev, nosuid, mounted by ana)
nas.local:/export on /Volumes/Export Share (nfs, nodev, nosuid)
"""

DRIVE_FIXED = 3


@pytest.mark.parametrize("path", [r"\\nas\clinic\clinic.sqlite3", r"\\?\UNC\nas\clinic\clinic.sqlite3",
                                  r"\\nas.clinic.lan\Données\Hélène\clinic.sqlite3"])
def test_unc_paths_are_network_shares(path):
    kind = network_share_kind(PureWindowsPath(path), platform="win32", drive_type=lambda root: DRIVE_FIXED)
    assert kind is not None and msg_like("a Windows network share ({share})").fullmatch(kind), kind


def test_a_mapped_network_drive_is_told_from_a_local_one():
    remote = {"Z:\\"}
    probe = lambda root: DRIVE_REMOTE if root in remote else DRIVE_FIXED  # noqa: E731
    assert network_share_kind(PureWindowsPath(r"Z:\Clinic\clinic.sqlite3"), platform="win32",
                              drive_type=probe) == msg_text("the network drive {drive}").format(drive="Z:")
    assert network_share_kind(PureWindowsPath(r"C:\Users\Hélène\AppData\Local\clinic-desktop\clinic.sqlite3"),
                              platform="win32", drive_type=probe) is None


def test_linux_mount_table_with_escapes_and_the_longest_mount_point_winning():
    mounts = parse_proc_mounts(PROC_MOUNTS)
    assert ("/mnt/clinic share", "cifs") in mounts

    def kind(path):
        return network_share_kind(path, platform="linux", mounts=mounts)

    mount = msg_text("a network file system ({kind} mount at {folder})")
    assert kind("/mnt/clinic/data/clinic.sqlite3") == mount.format(kind="nfs4", folder="/mnt/clinic")
    assert kind("/mnt/clinic share/clinic.sqlite3") == mount.format(kind="cifs", folder="/mnt/clinic share")
    assert kind("/mnt/clinic/local-cache/clinic.sqlite3") is None  # a local disk mounted inside the share
    assert kind("/mnt/clinical/clinic.sqlite3") is None  # a prefix of the name is not a parent folder
    assert kind("/home/hélène/clinic.sqlite3") is None
    assert kind("/tmp/clinic.sqlite3") is None


def test_macos_mount_output():
    mounts = parse_macos_mount(MACOS_MOUNT)
    assert ("/Volumes/Export Share", "nfs") in mounts
    assert "smbfs" in network_share_kind("/Volumes/Clinic/clinic.sqlite3", platform="darwin", mounts=mounts)
    assert "nfs" in network_share_kind("/Volumes/Export Share/c.sqlite3", platform="darwin", mounts=mounts)
    assert network_share_kind("/Users/ana/clinic.sqlite3", platform="darwin", mounts=mounts) is None


def test_this_machines_temp_folder_is_local(tmp_path):
    assert network_share_kind(tmp_path / "clinic.sqlite3") is None


def test_the_warning_says_what_and_where_to_go():
    warning = network_share_warning(PureWindowsPath(r"\\nas\clinic\clinic.sqlite3"), platform="win32")
    assert warning == msg_text(
        "The database file is on {kind}. SQLite cannot lock a file safely over a network: if two computers use it "
        "at once, records can be lost or the file damaged. Use it from one computer only, or move the clinic to a "
        "PostgreSQL server (README, \"Several workstations\").").format(
        kind=msg_text("a Windows network share ({share})").format(share=r"\\nas\clinic"))
    assert "PostgreSQL" in warning and "Several workstations" in warning


@pytest.fixture
def on_a_share(tmp_path, monkeypatch):
    """The test's temp folder is seen as an SMB mount."""
    table = [("/", "ext4"), (str(tmp_path), "cifs")]
    monkeypatch.setattr(network_share, "_read_mounts", lambda platform: table)


@pytest.mark.sqlite_only
def test_window_and_clinic_profile_warn_when_the_file_is_on_a_share(on_a_share, qtbot, engine, db, admin,
                                                                     tmp_path):
    from PySide6.QtWidgets import QLabel

    from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
    from clinic_desktop.ui.main_window import MainWindow

    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    badge = window.statusBar().findChild(QLabel, "networkShareWarning")
    assert badge is not None and badge.isVisible()
    assert badge.text() == ui_text("MainWindow", "⚠ Database on a network share")
    share = msg_text("a network file system ({kind} mount at {folder})").format(kind="cifs", folder=tmp_path)
    warning = network_share_warning(tmp_path / "x.sqlite3", mounts=[("/", "ext4"), (str(tmp_path), "cifs")])
    assert badge.toolTip() == window.status_message.message() == warning
    assert share in warning and "PostgreSQL" in warning
    dialog = ClinicProfileDialog(engine, lambda: admin, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.location_warning.isVisible() and "Several workstations" in dialog.location_warning.text()
    window.grab().save(str(tmp_path / "window-share-warning.png"))
    dialog.grab().save(str(tmp_path / "profile-share-warning.png"))


def test_no_warning_on_a_local_disk_or_on_postgresql(qtbot, engine, db, admin):
    from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
    from clinic_desktop.ui.main_window import MainWindow

    window = MainWindow(engine)
    qtbot.addWidget(window)
    assert window.location_warning is None
    dialog = ClinicProfileDialog(engine, lambda: admin, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.location_warning.isVisible()
