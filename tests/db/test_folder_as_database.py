"""A folder given where a database file belongs (``--db ~/Documents``, ``CLINIC_DESKTOP_DB=/tmp``) is refused
with a plain message and left exactly as it was. Before, the start-up made it owner-only (chmod 0600) as it
does for a database file: /tmp became unreadable to every other user of the machine."""

from __future__ import annotations

import os
import stat

import pytest

from clinic_desktop.cli import main
from clinic_desktop.db.engine import make_engine
from tests.language import msg_like

IS_A_FOLDER = msg_like("{path} is a folder, not a database file: give the path of a file inside it, for example {example}")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def test_a_folder_is_not_made_owner_only_and_is_refused(tmp_path):
    folder = tmp_path / "Documents"
    folder.mkdir()
    folder.chmod(0o755)
    with pytest.raises(OSError) as err:
        make_engine(folder)
    assert IS_A_FOLDER.search(str(err.value)), str(err.value)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_the_command_line_says_so_without_a_traceback(tmp_path, capsys):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    code = main(["--db", str(folder), "audit", "verify"])
    err = capsys.readouterr().err
    assert code != 0
    assert IS_A_FOLDER.search(err) and "Traceback" not in err, err
    assert stat.S_IMODE(folder.stat().st_mode) == 0o1777
