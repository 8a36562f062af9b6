"""The PostgreSQL tools reach the URL's database, with the password from wherever the README says it may be."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from clinic_desktop.db.pg_backup import connection_env


def test_pgpassword_and_pgpassfile_from_the_environment_are_kept_other_pg_variables_are_not(monkeypatch):
    """Fresh-user trial: with the password in PGPASSWORD (as the README allows) every backup failed with
    "fe_sendauth: no password supplied", because all PG* variables were dropped."""
    monkeypatch.setenv("PGPASSWORD", "from the environment")
    monkeypatch.setenv("PGPASSFILE", "/somewhere/pgpass")
    monkeypatch.setenv("PGDATABASE", "another_database")
    monkeypatch.setenv("PGHOST", "elsewhere.invalid")
    env = connection_env(make_url("postgresql+psycopg://clinic@127.0.0.1:5432/clinic"))
    assert env["PGPASSWORD"] == "from the environment" and env["PGPASSFILE"] == "/somewhere/pgpass"
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == ("127.0.0.1", "5432", "clinic", "clinic")
    with_password = connection_env(make_url("postgresql+psycopg://clinic:in%20the%20url@127.0.0.1/clinic"))
    assert with_password["PGPASSWORD"] == "in the url"


def test_each_server_database_has_its_own_backups_folder():
    """Fresh-user trial: dumps of two PostgreSQL databases shared one folder, so `backup list` showed the
    other's dumps, one database's daily backup could be skipped and rotation mixed them."""
    from clinic_desktop import paths

    one = paths.server_backups_dir(make_url("postgresql+psycopg://clinic:pw@127.0.0.1:5432/clinic"))
    two = paths.server_backups_dir(make_url("postgresql+psycopg://clinic@127.0.0.1:5432/clinic2"))
    other_server = paths.server_backups_dir(make_url("postgresql+psycopg://clinic@db.example:6432/clinic"))
    assert len({one, two, other_server}) == 3
    assert one.parent == paths.data_dir() / "backups" and one.name == "127.0.0.1-5432-clinic"
    assert "pw" not in str(one)
