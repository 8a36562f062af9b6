"""What a CLI command gets: the parsed ``--db`` target and a lazily opened, migrated engine."""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_desktop import paths
from clinic_desktop.services.messages import _

if TYPE_CHECKING:  # SQLAlchemy and SQLModel load with the engine, never before the first window is up
    from sqlalchemy import Engine
    from sqlmodel import Session

    from clinic_desktop.models import StaffMember


#: The acting staff member's user name when ``--user`` is not given (every command that signs in).
ENV_USER = "CLINIC_DESKTOP_USER"


def add_sign_in_arguments(parser, *, required: bool = True) -> None:  # noqa: ANN001
    """Add ``--user NAME`` and ``--password-stdin`` to a command that acts as a signed-in staff member.

    ``--user`` may be left out when ``$CLINIC_DESKTOP_USER`` names the person (``required`` only changes
    the help text: the check is made at sign-in, see :meth:`CommandContext.sign_in`)."""
    parser.add_argument("--user", metavar="USERNAME",
                        help="your user name" + (f" (default: ${ENV_USER})" if required else ""))
    parser.add_argument("--password-stdin", action="store_true",
                        help="read your password from standard input (for scripts) instead of a hidden prompt")


class PasswordSource:
    """Hands out passwords: successive lines of standard input with ``--password-stdin``, else hidden prompts."""

    def __init__(self, from_stdin: bool):
        self._lines = iter(sys.stdin.read().splitlines()) if from_stdin else None

    def get(self, prompt: str) -> str:
        """The next password ("" when standard input has no more lines).

        Raises ClinicError in plain words when there is no terminal to ask at (a script, a pipe, a
        scheduled task) and ``--password-stdin`` was not given, instead of failing on end of input.
        """
        from clinic_desktop.services.errors import ClinicError

        if self._lines is not None:
            return next(self._lines, "")
        no_terminal = ClinicError(
            _("There is no terminal to ask for the password. Give --password-stdin and send the password "
            "on standard input (for example: --password-stdin < password.txt)."))
        try:
            if not sys.stdin or not sys.stdin.isatty():
                raise no_terminal
            return getpass.getpass(prompt)
        except (EOFError, OSError, ValueError):
            raise no_terminal from None


def resolve_username(given: str | None) -> str:
    """``--user``'s value, else ``$CLINIC_DESKTOP_USER``; raises ClinicError saying how to name the person."""
    from clinic_desktop.services.errors import ClinicError

    name = (given or "").strip() or os.environ.get(ENV_USER, "").strip()
    if not name:
        raise ClinicError(_("Name the acting staff member with --user USERNAME (or set {env_user}).").format(env_user=ENV_USER))
    return name


@dataclass
class CommandContext:
    """Lazily opens the database named by ``--db`` (or the environment / default) for a command."""

    db_arg: str | None = None
    may_create: bool = True  # False for commands that only make sense on an existing database
    _engine: Engine | None = field(default=None, init=False, repr=False)

    @property
    def db_target(self) -> str:
        """The SQLite file path or SQLAlchemy URL to open (may hold a password: show :attr:`db_display`)."""
        return paths.database_target(self.db_arg)

    @property
    def db_display(self) -> str:
        """The database as it may be shown or logged: a file path, or a URL with its password hidden."""
        from clinic_desktop.db.engine import display_target

        return display_target(self.db_target)

    def engine(self) -> Engine:
        """The migrated engine (opened on first use).

        Raises DatabaseTooNewError for a newer database, and ClinicError in plain words when ``--db`` names a
        folder that does not exist, when a command that needs data finds no database there (``may_create``
        False), when the file is not a readable Clinic Desktop database (the file is left untouched), when
        another process keeps it busy while a migration is due, and for a database server that cannot be
        reached, refuses the sign-in, lacks the database or is too old (see
        :func:`clinic_desktop.db.engine.server_problem`). No message holds a password.
        """
        if self._engine is None:
            from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

            from clinic_desktop.db import open_database
            from clinic_desktop.db.engine import DatabaseServerTooOldError, is_url, server_problem
            from clinic_desktop.db.migrate import DatabaseBusyError
            from clinic_desktop.services.errors import ClinicError

            target = self.db_target
            shown = self.db_display
            file = self.db_file()
            if file is not None and self.db_arg and not file.parent.is_dir():
                raise ClinicError(_("The folder {parent} does not exist; check the --db path.").format(parent=file.parent))
            if file is not None and not self.may_create and not file.exists():
                raise ClinicError(_("There is no database at {file} yet. Start the app once to create it (or fill a demo clinic with the demo command); check the --db path.").format(file=file))
            from clinic_desktop.services.backups import clean_leftovers

            clean_leftovers(target)  # what a killed restore or backup left behind (logged)
            try:
                self._engine = open_database(target)
            except (DatabaseBusyError, DatabaseServerTooOldError) as exc:
                raise ClinicError(str(exc)) from exc
            except (NoSuchModuleError, ArgumentError, ModuleNotFoundError) as exc:
                raise ClinicError(
                    _("Clinic Desktop cannot use the database address {shown}: PostgreSQL support is not installed or the address is not one it knows (expected postgresql+psycopg://USER@HOST/DATABASE). Install it with: pip install \"clinic-desktop[postgres]\".").format(shown=shown)) from exc
            except SQLAlchemyError as exc:
                problem = server_problem(exc, target) if is_url(target) and file is None else None
                if problem is not None:
                    raise ClinicError(problem) from exc
                raise ClinicError(
                    _("The database {shown} cannot be opened: it may be damaged or not a Clinic Desktop database. The file was not changed. Restore a backup, or name another file with --db. (Reason: {reason})").format(shown=shown, reason=_reason(exc, target))) from exc
        return self._engine

    def close(self) -> None:
        """Close the engine's pooled connections (the next :meth:`engine` call opens it again)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def session(self) -> Session:
        """A new SQLModel session on the engine (use as a context manager)."""
        from sqlmodel import Session

        return Session(self.engine(), expire_on_commit=False)

    def sign_in(self, username: str, *, password_stdin: bool = False, purpose: str = "cli",
                passwords: PasswordSource | None = None) -> StaffMember:
        """Authenticate ``username`` (password from stdin or a prompt) exactly like the window's sign-in.

        Failed attempts are counted, slowed down and audited. Raises AuthenticationError with a plain message.
        """
        from clinic_desktop.services import auth

        username = resolve_username(username)
        source = passwords or PasswordSource(password_stdin)
        password = source.get(_("Password for {user}: ").format(user=username))
        with self.session() as session:
            member = auth.authenticate(session, username=username, password=password, purpose=purpose)
        if member.must_change_password and purpose != "staff password":
            from clinic_desktop.services.errors import AuthenticationError

            raise AuthenticationError(_("An administrator reset your password: choose your own first with "
                                        "`clinic-desktop staff password --user {user}`.").format(user=member.username))
        return member

    def db_file(self) -> Path | None:
        """The SQLite file (also when given as a ``sqlite:///`` URL), or None for a server URL."""
        from sqlalchemy.engine import make_url

        from clinic_desktop.db.engine import is_url

        target = self.db_target
        if not is_url(target):
            return Path(target)
        url = make_url(target)
        return Path(url.database) if url.drivername.startswith("sqlite") and url.database else None


def _reason(exc: Exception, target: str) -> str:
    """The driver's own words for a failure, with any password of ``target`` blanked out."""
    from sqlalchemy.engine import make_url

    from clinic_desktop.db.engine import is_url

    words = str(getattr(exc, "orig", None) or exc).strip()
    reason = words.splitlines()[0] if words else type(exc).__name__
    if is_url(target):
        password = make_url(target).password
        if password:
            reason = reason.replace(str(password), "***")
    return reason
