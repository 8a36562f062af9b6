"""The database layer's messages in the reader's language (issue #15): a server that cannot be used, a folder
given as the database, a database too new or kept busy, a file on a network share, backups that cannot be
written or checked. The db layer may not import the services: it speaks through ``clinic_desktop.translation``,
where ``services.messages`` installs its gettext. Each sentence is checked in English (as before) and in
French (whole French sentences, the inserted phrases too, French typography)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path, PureWindowsPath

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from clinic_desktop.db import backup, migrate, pg_backup
from clinic_desktop.db.backup import (
    BackupError,
    backup_database,
    foreign_keys_ok,
    integrity_ok,
    plain_os_error,
)
from clinic_desktop.db.engine import (
    DatabaseServerTooOldError,
    check_server_version,
    make_engine,
    server_problem,
)
from clinic_desktop.db.migrate import DatabaseTooNewError
from clinic_desktop.db.network_share import network_share_kind, network_share_warning
from tests.language import speaking

NBSP, NNBSP = "\u00a0", "\u202f"
URL = make_url("postgresql+psycopg://desk@clinic-server:5433/clinic")


def _french_typography(text: str) -> None:
    """No ordinary space before : ; ? ! and none inside « »."""
    for mark in ":;?!":
        assert f" {mark}" not in text.replace("://", ""), (mark, text)
    assert "« " not in text and " »" not in text, text


class _Driver(Exception):
    """A driver error as psycopg raises it: ``sqlstate`` or none."""

    def __init__(self, message: str, sqlstate: str | None = None):
        super().__init__(message)
        self.sqlstate = sqlstate


class OperationalError(_Driver):
    """Named like psycopg's: a connection failure without SQLSTATE (server down, wrong host or port)."""


class _Wrapped(Exception):
    def __init__(self, orig: BaseException):
        super().__init__(str(orig))
        self.orig = orig


SERVER_CASES = {
    "pg_hba": _Wrapped(_Driver('no pg_hba.conf entry for host "10.0.0.9"', "28000")),
    "password": _Wrapped(_Driver("password authentication failed", "28P01")),
    "database": _Wrapped(_Driver('database "clinic" does not exist', "3D000")),
    "unreachable": _Wrapped(OperationalError("connection refused")),
}


def test_server_problems_keep_their_english_sentences():
    with speaking("en"):
        said = {case: server_problem(exc, URL) for case, exc in SERVER_CASES.items()}
    assert said["pg_hba"].startswith("The database server at clinic-server:5433 does not accept connections from "
                                     "this computer for the user desk and the database clinic.")
    assert said["password"].startswith("The database server at clinic-server:5433 did not accept the user name desk "
                                       "with the password given.")
    assert said["database"].startswith("There is no database named clinic on the server at clinic-server:5433.")
    assert said["unreachable"] == (
        "The database server at clinic-server:5433 cannot be reached. Check that the server computer is on and "
        "PostgreSQL is running there, that this computer is on the clinic's network, and the host name and port "
        "in the database address. Nothing was changed.")


def test_server_problems_are_whole_french_sentences():
    with speaking("fr"):
        said = {case: server_problem(exc, URL) for case, exc in SERVER_CASES.items()}
    assert "n’accepte pas les connexions de cet ordinateur pour l’utilisateur desk et la base de données clinic" \
        in said["pg_hba"], said["pg_hba"]
    assert "n’a pas accepté le nom d’utilisateur desk" in said["password"], said["password"]
    assert said["database"].startswith("Il n’y a aucune base de données nommée clinic sur le serveur"), said["database"]
    assert said["unreachable"].startswith(
        "Le serveur de bases de données à l’adresse clinic-server:5433 est injoignable."), said["unreachable"]
    for case, message in said.items():
        assert message.endswith("Rien n’a été modifié."), (case, message)
        assert "Nothing" not in message and "server" not in message.replace("clinic-server", ""), (case, message)
        _french_typography(message)
    with speaking("fr"):  # a URL without user or database names says so in French too
        bare = server_problem(SERVER_CASES["pg_hba"], make_url("postgresql+psycopg://clinic-server"))
    assert "(aucun nom d’utilisateur)" in bare and "(aucun nom de base de données)" in bare, bare
    assert "localhost" not in bare and "clinic-server:5432" in bare


def test_a_folder_given_as_the_database_is_refused_in_the_readers_language(tmp_path):
    for language, words in (("en", "is a folder, not a database file"),
                            ("fr", "est un dossier, pas un fichier de base de données")):
        with speaking(language), pytest.raises(IsADirectoryError) as caught:
            make_engine(tmp_path)
        assert words in caught.value.strerror and str(tmp_path / "clinic.sqlite3") in caught.value.strerror
    _french_typography(caught.value.strerror)


def test_a_server_too_old_is_refused_in_the_readers_language(monkeypatch):
    engine = create_engine("postgresql+psycopg://desk@clinic-server/clinic")

    class _Connection:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(engine, "connect", lambda: _Connection())
    monkeypatch.setattr(engine.dialect, "server_version_info", (12, 17), raising=False)
    said = {}
    for language in ("en", "fr"):
        with speaking(language), pytest.raises(DatabaseServerTooOldError) as caught:
            check_server_version(engine)
        said[language] = str(caught.value)
    assert "runs PostgreSQL 12.17; Clinic Desktop needs PostgreSQL 13 or newer" in said["en"]
    assert said["fr"].startswith("Le serveur de bases de données postgresql+psycopg://desk@clinic-server/clinic "
                                 f"utilise PostgreSQL 12.17{NNBSP}; Clinic Desktop a besoin de PostgreSQL 13 ou "
                                 "plus récent."), said["fr"]
    assert said["fr"].endswith("Rien n’a été modifié.")


@pytest.mark.sqlite_only
def test_a_database_too_new_or_kept_busy_is_said_in_the_readers_language(engine, db_path):
    with speaking("fr"):
        busy = migrate._busy_message(engine)
    assert busy.startswith(f"La base de données {db_path} doit être mise à jour pour cette version de Clinic "
                           "Desktop"), busy
    assert "plus de 30 secondes" in busy and busy.endswith("Rien n’a été modifié."), busy
    with speaking("en"):
        assert migrate._busy_message(engine).startswith(f"The database {db_path} needs updating to this version")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999_future'"))
    for language, words in (("en", "This database was written by a newer version of Clinic Desktop (schema "
                                   "revision 9999_future)."),
                            ("fr", "Cette base de données a été écrite par une version plus récente de Clinic "
                                   "Desktop (révision du schéma 9999_future).")):
        with speaking(language), pytest.raises(DatabaseTooNewError) as caught:
            migrate.upgrade_database(engine)
        assert str(caught.value).startswith(words), str(caught.value)
    _french_typography(str(caught.value))


SHARES = {
    "unc": dict(path=PureWindowsPath(r"\\nas\clinic\clinic.sqlite3"), platform="win32"),
    "drive": dict(path=PureWindowsPath(r"Z:\Clinic\clinic.sqlite3"), platform="win32", drive_type=lambda root: 4),
    "mount": dict(path="/mnt/clinic/clinic.sqlite3", platform="linux", mounts=[("/", "ext4"), ("/mnt/clinic", "nfs4")]),
}


def test_a_network_share_is_named_in_the_readers_language():
    said = {}
    for language in ("en", "fr"):
        with speaking(language):
            said[language] = {case: (network_share_kind(**probe), network_share_warning(**probe))
                              for case, probe in SHARES.items()}
    assert [kind for kind, _warning in said["en"].values()] == [
        r"a Windows network share (\\nas\clinic)", "the network drive Z:",
        "a network file system (nfs4 mount at /mnt/clinic)"]
    assert [kind for kind, _warning in said["fr"].values()] == [
        r"un partage réseau Windows (\\nas\clinic)", "le lecteur réseau Z:",
        "un système de fichiers réseau (montage nfs4 sur /mnt/clinic)"]
    assert said["en"]["drive"][1].startswith("The database file is on the network drive Z:. SQLite cannot lock")
    for kind, warning in said["fr"].values():
        assert warning.startswith(f"Le fichier de base de données se trouve sur {kind}. SQLite ne peut pas "
                                  "verrouiller un fichier"), warning
        assert "PostgreSQL" in warning and "computer" not in warning
        _french_typography(warning)


def test_missing_postgres_tools_are_said_in_the_readers_language_when_shown(tmp_path, monkeypatch):
    """MISSING_TOOLS is built at import (English, marked for the catalogue) and translated where shown."""
    from clinic_desktop.services import backups

    monkeypatch.setattr(pg_backup, "find_tool", lambda name, **kw: None)
    engine = create_engine("postgresql+psycopg://desk@clinic-server/clinic")
    for language, start in (("en", "Backups of a PostgreSQL database need PostgreSQL's pg_dump and pg_restore"),
                            ("fr", "Les sauvegardes d’une base de données PostgreSQL ont besoin des outils "
                                   "pg_dump et pg_restore")):
        with speaking(language):
            with pytest.raises(BackupError) as caught:
                pg_backup.dump_database(URL, tmp_path, reason="manual", retention=None)
            ok, reason = pg_backup.verify_dump(tmp_path / "x.dump")
            available = backups.backup_availability(engine)
        assert str(caught.value).startswith(start) and not ok and reason.startswith(start), str(caught.value)
        assert available.reason.startswith(start) and not available.ok, available
    _french_typography(str(caught.value))


def test_pg_dump_failures_are_said_in_the_readers_language(tmp_path, monkeypatch):
    import subprocess

    monkeypatch.setattr(pg_backup, "find_tool", lambda name, **kw: Path("/usr/bin") / name)

    def refused(argv, env):
        return subprocess.CompletedProcess(argv, 1, "", "pg_dump: error: connection refused\n")

    monkeypatch.setattr(pg_backup, "_run", refused)
    said = {}
    for language in ("en", "fr"):
        with speaking(language), pytest.raises(BackupError) as caught:
            pg_backup.dump_database(URL, tmp_path / language, reason="manual", retention=None)
        said[language] = str(caught.value)
    shown = URL.render_as_string(hide_password=True)
    assert said["en"] == f"pg_dump could not back up {shown}: pg_dump: error: connection refused"
    assert said["fr"] == f"pg_dump n’a pas pu sauvegarder {shown}{NBSP}: pg_dump: error: connection refused"

    def listed_without_tables(argv, env):
        if "--list" in argv:
            return subprocess.CompletedProcess(argv, 0, "; an empty archive\n", "")
        Path(argv[argv.index("-f") + 1]).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(argv, 0, "", "")

    monkeypatch.setattr(pg_backup, "_run", listed_without_tables)
    with speaking("fr"), pytest.raises(BackupError) as caught:
        pg_backup.dump_database(URL, tmp_path / "check", reason="manual", retention=None)
    assert "n’a pas passé sa vérification (pg_restore --list)" in str(caught.value), str(caught.value)
    assert "le fichier de sauvegarde n’a pas de table alembic_version" in str(caught.value)
    _french_typography(str(caught.value))


def test_file_backup_failures_are_said_in_the_readers_language(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere.sqlite3"
    for language, words in (("en", f"There is no database to back up at {missing}."),
                            ("fr", f"Il n’y a aucune base de données à sauvegarder à l’emplacement {missing}.")):
        with speaking(language), pytest.raises(BackupError) as caught:
            backup_database(missing, tmp_path / "backups", reason="manual")
        assert str(caught.value) == words
    with speaking("fr"):
        assert integrity_ok(missing) == (False, "le fichier n’existe pas")
        (tmp_path / "text.sqlite3").write_text("not a database " * 100)
        assert integrity_ok(tmp_path / "text.sqlite3") == (False, "le fichier n’est pas une base de données")
        assert plain_os_error(OSError(errno.ENOSPC, "No space left on device")) == \
            "le disque est plein (libérez de l’espace et réessayez)"
        assert plain_os_error(OSError(errno.EROFS, "Read-only file system")).startswith(
            "le fichier ou son dossier est en lecture seule")
        assert plain_os_error(PermissionError(errno.EACCES, "Permission denied")) == \
            "vous n’avez pas la permission d’écrire à cet endroit"
    with speaking("en"):
        assert plain_os_error(OSError(errno.ENOSPC, "x")) == "the disk is full (free some space and try again)"

    real = tmp_path / "clinic.sqlite3"
    con = sqlite3.connect(real)
    con.execute("CREATE TABLE t (x TEXT)")
    con.execute("INSERT INTO t VALUES ('" + "x" * 600 + "')")
    con.commit()
    con.close()

    def full_disk(source, target):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "copy_database", full_disk)
    with speaking("fr"), pytest.raises(BackupError) as caught:
        backup_database(real, tmp_path / "backups", reason="manual", retention=None)
    assert str(caught.value) == f"La sauvegarde n’a pas pu être écrite{NBSP}: le disque est plein (libérez de " \
                                "l’espace et réessayez)"
    monkeypatch.undo()
    monkeypatch.setattr(backup, "integrity_ok", lambda path: (False, "*** in database main ***"))
    with speaking("fr"), pytest.raises(BackupError) as caught:
        backup_database(real, tmp_path / "backups", reason="manual", retention=None)
    assert "n’a pas passé la vérification d’intégrité" in str(caught.value), str(caught.value)
    monkeypatch.setattr(backup, "private_folder", lambda path: (_ for _ in ()).throw(
        OSError(errno.EROFS, "Read-only file system")))
    with speaking("fr"), pytest.raises(BackupError) as caught:
        backup_database(real, tmp_path / "ro", reason="manual", retention=None)
    assert str(caught.value).startswith(f"Le dossier des sauvegardes {tmp_path / 'ro'} ne peut pas être créé{NBSP}:")


def test_broken_links_are_counted_in_the_readers_language(tmp_path):
    path = tmp_path / "links.sqlite3"
    con = sqlite3.connect(path)
    con.executescript("""
        PRAGMA foreign_keys=OFF;
        CREATE TABLE parent (id INTEGER PRIMARY KEY);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));
        INSERT INTO child VALUES (1, 7);
    """)
    con.commit()
    con.close()
    said = {}
    for language in ("en", "fr"):
        with speaking(language):
            said[language] = foreign_keys_ok(path)
    assert said["en"] == (False, "1 record points at a record that does not exist (child row 1 → parent)")
    assert said["fr"] == (False, "1 enregistrement renvoie à un enregistrement qui n’existe pas "
                                 "(table child, ligne 1 → parent)")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO child VALUES (2, 8)")
    con.commit()
    con.close()
    with speaking("fr"):
        assert foreign_keys_ok(path)[1].startswith("2 enregistrements renvoient à des enregistrements qui "
                                                   "n’existent pas")
