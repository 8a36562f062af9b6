"""Shared fixtures: every test gets its own temp user folders and a freshly migrated database.

The ``engine`` fixture (and ``db`` on it) runs each test on SQLite and, when ``CLINIC_TEST_POSTGRES_URL``
names a PostgreSQL server (``postgresql+psycopg://postgres@127.0.0.1:PORT/postgres``, a role that may
create databases), on PostgreSQL too: each test gets a fresh database copied from a template migrated once
per run, dropped afterwards. ``@pytest.mark.sqlite_only`` / ``@pytest.mark.postgres_only`` keep a test to
one engine. The run's summary says whether the PostgreSQL leg ran.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: tests never need a display

from tests.language import LANGUAGE, SYSTEM_LANG, ui_text  # noqa: E402 (after the platform, before Qt)

# the same start whatever the computer's language (a French desk runs the suite too): English, or French with
# CLINIC_TEST_LANGUAGE=fr (tests/language.py); tests that want one language say so (--language fr, LANG in
# monkeypatch, ui.common.i18n.install("fr"))
for _key in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_key, None)
os.environ["LANG"] = SYSTEM_LANG

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from clinic_desktop.db import open_database
from clinic_desktop.models import Role, StaffMember

POSTGRES_ENV = "CLINIC_TEST_POSTGRES_URL"
POSTGRES_URL = os.environ.get(POSTGRES_ENV, "").strip()
# per process: each pytest-xdist worker ("gw0", "gw1"...) has its own template and copies on the server
_RUN_TAG = f"clinic_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
_database_numbers = itertools.count(1)
_postgres_counts = {"tests": 0}


class _DatabasePool:
    """Per-test PostgreSQL databases, copied from the migrated template on a worker thread one test ahead
    (a copy takes 0.1-0.5 s, mostly server time, done while the previous test runs). Used databases are
    dropped on the same thread a few tests later: a window left by a test may still run a timer on its
    database during the next test or two."""

    KEEP_USED = 4

    def __init__(self, template: str):
        from concurrent.futures import ThreadPoolExecutor

        self.template = template
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        self.used: list[str] = []
        self.ready = self.worker.submit(self._create)

    def _run(self, sql: str) -> None:
        admin = _admin_engine()
        try:
            with admin.connect() as conn:
                conn.execute(text(sql))
        finally:
            admin.dispose()

    def _create(self) -> str:
        name = f"{_RUN_TAG}_{next(_database_numbers)}"
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    def take(self) -> str:
        """The name of a fresh database (waits for the copy under way); the next copy starts at once."""
        name = self.ready.result()
        self.ready = self.worker.submit(self._create)
        return name

    def give_back(self, name: str) -> None:
        """``name``'s test is over: drop it a few tests from now."""
        self.used.append(name)
        while len(self.used) > self.KEEP_USED:
            self.worker.submit(self._run, f'DROP DATABASE IF EXISTS "{self.used.pop(0)}" WITH (FORCE)')

    def close(self) -> None:
        """Drop every database made, once the worker is done."""
        self.used.append(self.ready.result())
        for name in self.used:
            self.worker.submit(self._run, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.worker.shutdown(wait=True)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses ``engine`` (directly or through ``db``, staff fixtures...) runs per engine."""
    if "engine_kind" not in metafunc.fixturenames:
        return
    definition = metafunc.definition
    kinds: list = []
    if definition.get_closest_marker("postgres_only") is None:
        kinds.append("sqlite")
    # a test that asks for db_path works on the SQLite file itself (backups, tampering, file CLI): SQLite only
    if definition.get_closest_marker("sqlite_only") is None and "db_path" not in metafunc.fixturenames:
        kinds.append("postgresql" if POSTGRES_URL else pytest.param(
            "postgresql", marks=pytest.mark.skip(reason=f"no PostgreSQL server: {POSTGRES_ENV} is not set")))
    metafunc.parametrize("engine_kind", kinds)


def _admin_engine() -> Engine:
    return create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _database_url(name: str) -> URL:
    return make_url(POSTGRES_URL).set(database=name)


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[_DatabasePool]:
    """The pool of per-test databases, all copies of a template migrated to head once per run (``CREATE
    DATABASE ... TEMPLATE``); the template and every copy are dropped at the end of the run."""
    name = f"{_RUN_TAG}_template"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    migrated = open_database(_database_url(name).render_as_string(hide_password=False))
    migrated.dispose()
    pool = _DatabasePool(name)
    yield pool
    pool.close()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """URL (with any password: never print it) of a fresh, migrated PostgreSQL database for this test."""
    pool: _DatabasePool = request.getfixturevalue("postgres_databases")
    name = pool.take()
    request.node.user_properties.append(("postgres_database", name))  # counted in the summary
    yield _database_url(name).render_as_string(hide_password=False)
    pool.give_back(name)


@pytest.fixture
def empty_db_target(request: pytest.FixtureRequest, engine_kind: str) -> Iterator[str]:
    """A database with nothing in it yet (a first start): a new SQLite file's path, or the URL of a new,
    empty PostgreSQL database (dropped after the test)."""
    if engine_kind != "postgresql":
        yield str(request.getfixturevalue("tmp_path") / "empty.sqlite3")
        return
    name = f"{_RUN_TAG}_empty_{next(_database_numbers)}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield _database_url(name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def engine_kind(request: pytest.FixtureRequest) -> str:
    """"sqlite" or "postgresql": the engine this run of the test uses (see pytest_generate_tests)."""
    return getattr(request, "param", "sqlite")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count the tests that ran on a PostgreSQL database (the reports of xdist's workers come here too)."""
    if report.when == "setup" and any(key == "postgres_database" for key, _v in report.user_properties):
        _postgres_counts["tests"] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    """Say plainly whether the PostgreSQL leg ran, and in which language the run was (the French leg)."""
    if LANGUAGE != "en":
        terminalreporter.write_line(f"Language: {LANGUAGE} (CLINIC_TEST_LANGUAGE)")
    if POSTGRES_URL:
        from clinic_desktop.db.engine import display_target

        terminalreporter.write_line(f"PostgreSQL leg: ran {_postgres_counts['tests']} tests on "
                                    f"{display_target(POSTGRES_URL)}")
    else:
        terminalreporter.write_line(f"PostgreSQL leg: SKIPPED ({POSTGRES_ENV} is not set; .ci/run sets it)",
                                    yellow=True, bold=True)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data and log folders at a temp folder; never touch the real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CLINIC_DESKTOP_HOME", str(home))
    monkeypatch.delenv("CLINIC_DESKTOP_DB", raising=False)
    # one audit key for the whole run, as on one computer (module-wide databases outlive a test's home)
    monkeypatch.setenv("CLINIC_DESKTOP_AUDIT_KEY_FILE", str(tmp_path_factory.getbasetemp() / "audit.key"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a new, empty SQLite file for this test."""
    return tmp_path / "clinic.sqlite3"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per run (per xdist worker): each test's ``engine`` starts from a
    copy of it instead of running every migration again (0.2-0.5 s a test on 2 cores, a copy takes ms)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    open_database(path).dispose()  # the last connection closed: the WAL is folded into the file
    return path


@pytest.fixture
def engine(request: pytest.FixtureRequest, engine_kind: str) -> Iterator[Engine]:
    """An engine on a migrated temp database: the ``db_path`` SQLite file (a copy of the migrated template),
    or a fresh PostgreSQL database (a copy of its template). ``open_database`` still runs on it: it finds
    the schema at head and migrates nothing."""
    if engine_kind == "postgresql":
        eng = open_database(request.getfixturevalue("postgres_url"))
    else:
        path: Path = request.getfixturevalue("db_path")
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        eng = open_database(path)
    yield eng
    eng.dispose()


@pytest.fixture
def db_target(request: pytest.FixtureRequest, engine_kind: str) -> str:
    """What the ``engine`` fixture opened, for a second engine or process on the same database (the SQLite
    file's path, or the PostgreSQL URL): ``open_database(db_target)``, ``--db db_target``."""
    if engine_kind == "postgresql":
        return request.getfixturevalue("postgres_url")
    return str(request.getfixturevalue("db_path"))


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A SQLModel session on the temp database."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


def _make_staff(db: Session, name: str, username: str, role: Role) -> StaffMember:
    # the French leg: the fixtures' staff chose French (English run: no choice, the computer's language)
    member = StaffMember(full_name=name, username=username, role=role,
                         ui_language=LANGUAGE if LANGUAGE != "en" else None)
    db.add(member)
    db.commit()
    db.refresh(member)
    return member


@pytest.fixture
def admin(db: Session) -> StaffMember:
    """An administrator."""
    return _make_staff(db, "Ada Admin", "admin", Role.admin)


@pytest.fixture
def manager(db: Session) -> StaffMember:
    """A manager."""
    return _make_staff(db, "Mona Manager", "mona", Role.manager)


@pytest.fixture
def practitioner(db: Session) -> StaffMember:
    """A practitioner (Dr. Élise Tremblay)."""
    return _make_staff(db, "Dr. Élise Tremblay", "elise", Role.practitioner)


@pytest.fixture
def receptionist(db: Session) -> StaffMember:
    """A receptionist."""
    return _make_staff(db, "Rita Reception", "rita", Role.receptionist)


@pytest.fixture(autouse=True)
def _discard_question_answered_at_teardown(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A form left with typed work asks "Discard what you typed?" when pytest-qt closes it at teardown; a
    real modal box would wait forever headless, so that question is answered "Discard" (tests that check
    the question patch ``QMessageBox.exec`` themselves). Other message boxes are untouched."""
    import sys

    asked: list[str] = []
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QMessageBox

        original = QMessageBox.exec

        def exec_(box: QMessageBox) -> int:
            if box.text() == ui_text("DiscardGuard", "Discard what you typed?"):
                asked.append(box.text())
                return QMessageBox.StandardButton.Discard
            return original(box)

        monkeypatch.setattr(QMessageBox, "exec", exec_)
    yield asked


@pytest.fixture(autouse=True)
def _window_language(request):
    """Widget tests run in the suite's language (English, or French with CLINIC_TEST_LANGUAGE=fr) with its
    translators loaded on the test QApplication (English: the plural forms, "1 photo added."), as the app
    does at start; service messages speak that language, and do again after every test (a CLI test may set
    the other one)."""
    from clinic_desktop.services import messages

    messages.set_language(LANGUAGE)
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        request.getfixturevalue("qapp")
        from clinic_desktop.ui.common import i18n

        i18n.install(LANGUAGE)
    yield
    messages.set_language(LANGUAGE)


@pytest.fixture
def french():
    """The service messages in French for one test, then the run's language again (tests/language.py
    ``speaking``). Window tests that need the French translators installed define their own."""
    from tests.language import speaking

    with speaking("fr"):
        yield


@pytest.fixture
def english():
    """The service messages in English for one test, then the run's language again."""
    from tests.language import speaking

    with speaking("en"):
        yield
