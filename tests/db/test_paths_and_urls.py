"""Any path, any URL (issue 10, item 4): Windows shapes, ``%``, ``#``, spaces and any script, first start.

Alembic used to get the engine's URL rendered as a string through ``set_main_option``, whose ConfigParser
reads ``%`` (every percent-encoded backslash, drive colon or accented letter) as interpolation: every
Windows install failed at its first start.
"""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from clinic_desktop import paths
from clinic_desktop.commands.context import CommandContext
from clinic_desktop.db.engine import display_target, is_url, make_engine, sqlite_path, sqlite_url
from clinic_desktop.db.migrate import alembic_config, current_revision, head_revision
from clinic_desktop.services.errors import ClinicError
from tests.language import msg_text

pytestmark = pytest.mark.sqlite_only

WINDOWS_PATHS = [
    r"C:\Users\Helene\AppData\Local\clinic-desktop\clinic.sqlite3",
    r"C:\Users\Hélène\AppData\Local\clinic-desktop\clinic.sqlite3",
    r"D:\Clinique 100% #2\données\clinic.sqlite3",
    r"\\server\share\clinic\clinic.sqlite3",
]

#: a real folder here with a space, ``%``, ``#`` and letters from five scripts
ODD_FOLDER = "Hélène 100% #1 Ελένη Елена 李 هيلين"


def test_alembic_config_takes_the_engine_of_a_windows_path_as_given():
    """The reproduction from the issue: this raised ``ValueError: invalid interpolation syntax``."""
    engine = create_engine("sqlite:///C:\\Users\\Helene\\AppData\\Local\\clinic-desktop\\clinic.sqlite3")
    config = alembic_config(engine)
    assert config.attributes["engine"] is engine
    assert config.get_main_option("sqlalchemy.url") is None  # no URL string through ConfigParser


@pytest.mark.parametrize("windows_path", WINDOWS_PATHS)
def test_windows_paths_survive_the_url_building(windows_path):
    path = PureWindowsPath(windows_path)
    assert not is_url(path) and not is_url(str(path))
    url = sqlite_url(path)
    assert url.database == windows_path
    engine = create_engine(url)  # no connection: this is not Windows
    assert engine.url.database == windows_path
    assert str(sqlite_path(engine)) == str(Path(windows_path))
    assert make_url(url.render_as_string(hide_password=False)).database == windows_path
    alembic_config(engine)  # no ValueError from % in the rendered URL
    assert display_target(engine) == windows_path


def test_a_postgres_url_with_an_encoded_password_is_never_shown_or_given_to_configparser():
    target = "postgresql+psycopg://clinic:p%25ss%40word@db.clinic.lan:5433/clinic"
    assert is_url(target)
    engine = make_engine(target)
    alembic_config(engine)
    shown = display_target(target)
    assert "p%25ss" not in shown and "p%ss" not in shown and "word" not in shown
    assert shown == "postgresql+psycopg://clinic:***@db.clinic.lan:5433/clinic"
    assert display_target(engine) == shown
    engine.dispose()


def _first_start(ctx: CommandContext) -> Path:
    engine = ctx.engine()
    try:
        assert current_revision(engine) == head_revision()
        assert "patient" in inspect(engine).get_table_names()
        file = sqlite_path(engine)
        assert file is not None and file.exists()
        return file
    finally:
        engine.dispose()


def test_first_start_migrates_in_a_folder_with_odd_characters_given_as_db(tmp_path):
    folder = tmp_path / ODD_FOLDER
    folder.mkdir()
    target = folder / "100% clinic #1.sqlite3"
    assert _first_start(CommandContext(db_arg=str(target))) == target


def test_first_start_migrates_with_clinic_desktop_db_as_a_path_and_as_a_url(tmp_path, monkeypatch):
    folder = tmp_path / ODD_FOLDER
    folder.mkdir()
    as_path = folder / "clinic.sqlite3"
    monkeypatch.setenv(paths.ENV_DB, str(as_path))
    assert _first_start(CommandContext()) == as_path
    as_url = folder / "via url.sqlite3"
    monkeypatch.setenv(paths.ENV_DB, sqlite_url(as_url).render_as_string())
    ctx = CommandContext()
    assert ctx.db_file() == as_url
    assert _first_start(ctx) == as_url


def test_first_start_migrates_under_clinic_desktop_home_with_odd_characters(tmp_path, monkeypatch):
    home = tmp_path / ODD_FOLDER
    monkeypatch.setenv(paths.ENV_HOME, str(home))
    assert _first_start(CommandContext()) == home / "data" / paths.DB_FILENAME
    # the backup before a later migration lands beside it, in the same odd folder
    assert paths.backups_dir(home / "data" / paths.DB_FILENAME).is_dir()


def test_clinic_desktop_db_as_a_postgres_url_is_taken_as_a_url(monkeypatch):
    monkeypatch.setenv(paths.ENV_DB, "postgresql+psycopg://clinic:secret@127.0.0.1:1/clinic")
    ctx = CommandContext()
    assert ctx.db_target == "postgresql+psycopg://clinic:secret@127.0.0.1:1/clinic"
    assert ctx.db_file() is None
    assert "secret" not in ctx.db_display
    with pytest.raises(ClinicError) as caught:
        ctx.engine()
    assert str(caught.value) == msg_text(
        "The database server at {where} cannot be reached. Check that the server computer is on and PostgreSQL is "
        "running there, that this computer is on the clinic's network, and the host name and port in the database "
        "address. Nothing was changed.").format(where="127.0.0.1:1")
    assert "secret" not in str(caught.value)
