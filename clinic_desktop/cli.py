"""The ``clinic-desktop`` entry point: no sub-command opens the window; sub-commands run headless."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from clinic_desktop import APP_NAME, __version__
from clinic_desktop.commands import COMMAND_MODULES
from clinic_desktop.commands.context import CommandContext
from clinic_desktop.logging_setup import configure_logging, log_file_path
from clinic_desktop.services.messages import LANGUAGES, _, language_from_environment, normalise, set_language

log = logging.getLogger(__name__)


def database_argument(text: str) -> str:
    """An argparse type for ``--db``: a file path or a database address, as typed.

    An empty or all-space value, or an address with nothing after the scheme (``postgresql+psycopg://``,
    ``sqlite://``), is refused in plain words (argparse then exits with code 2) rather than quietly
    replaced by the default database. Light: the window's start reads it before SQLAlchemy is loaded.
    """
    from urllib.parse import urlsplit

    from clinic_desktop.paths import is_url

    if not text.strip():
        raise argparse.ArgumentTypeError(_(
            "the database path is empty; name a database file (or a postgresql+psycopg:// address), or "
            "leave --db out to use the usual one"))
    if is_url(text.strip()):
        parts = urlsplit(text.strip())
        if not parts.netloc.strip() and not parts.path.strip("/ "):
            raise argparse.ArgumentTypeError(_(
                "the database address “{address}” names no server and no database; write it as "
                "postgresql+psycopg://USER@HOST/DATABASE").format(address=text))
    return text


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="clinic-desktop",
        description=f"{APP_NAME}: patient record, aftercare sheets and complication register.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=database_argument,
        help="database file to use (or a postgresql:// URL); default: $CLINIC_DESKTOP_DB or the user data folder",
    )
    parser.add_argument(
        "--language",
        dest="ui_language",  # sub-commands have their own --language (a sheet's language)
        choices=LANGUAGES,
        help="language of the window and of messages (fr, en); default: the computer's (LANG)",
    )
    parser.add_argument("--self-test", action="store_true", help="check this installation; exit 0 or 1")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: ANN201 - leave the wording of usage errors to the full parser
        raise ValueError(message)


def _window_start(argv: Sequence[str]) -> CommandContext | None:
    """The context for opening the window when ``argv`` holds nothing but ``--db`` (the everyday start),
    else None. Decided without importing any sub-command: they load the database stack, which the first
    window does not wait for (issue #17)."""
    light = _QuietParser(add_help=False, allow_abbrev=False)
    light.add_argument("--db", type=database_argument)
    try:
        known, rest = light.parse_known_args(list(argv))
    except ValueError:  # "--db" without its value, or an empty one: the full parser says so
        return None
    return None if rest else CommandContext(db_arg=known.db, may_create=True)


def _early_language(argv: Sequence[str]) -> str | None:
    """The value of the program's own ``--language`` (before the sub-command; a sub-command's ``--language``
    is a sheet's language), read before parsing so that argparse's own errors speak it too; None if absent."""
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        name, _eq, value = arg.partition("=")
        if len(name) > 4 and "--language".startswith(name):  # argparse accepts --lang, --langu, ...
            if value:
                return value
            return args[i + 1] if i + 1 < len(args) else None
        if name == "--db" or (len(name) > 2 and "--db".startswith(name)):
            i += 1 if value else 2
            continue
        if not arg.startswith("-"):
            return None  # the sub-command: what follows is its own
        i += 1
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run; returns the process exit code (0 success, 1 user error, 2 usage, 3 crash)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    configure_logging()
    window = _window_start(argv)
    if window is not None:
        from clinic_desktop.app import run_gui

        return run_gui(window, argv)
    from clinic_desktop.commands import argparse_messages

    argparse_messages.install()  # argparse's own errors ("invalid choice", "usage:") in our language
    set_language(normalise(_early_language(argv)) or language_from_environment())
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.ui_language or language_from_environment())  # messages; help texts stay English
    ctx = CommandContext(db_arg=args.db, may_create=args.command is None or getattr(args, "creates_database", False))
    if args.self_test:
        return __import__("clinic_desktop.selftest", fromlist=["main"]).main()
    if args.command is None:
        from clinic_desktop.app import run_gui

        return run_gui(ctx, argv, language=args.ui_language)
    from clinic_desktop.db import DatabaseTooNewError
    from clinic_desktop.services.errors import ClinicError

    try:
        return int(args.handler(args, ctx) or 0)
    except (ClinicError, DatabaseTooNewError, OSError) as exc:
        log.info("command %s refused: %s", args.command, exc)
        print(f"clinic-desktop: {exc}", file=sys.stderr)
        return 1
    except Exception:  # a bug: keep the traceback in the log, give the user the log's path
        log.exception("command %s failed", args.command)
        message = _("an unexpected error occurred; details are in {path}").format(path=log_file_path())
        print(f"clinic-desktop: {message}", file=sys.stderr)
        return 3
    finally:
        ctx.close()  # no connection outlives the command (a restore needs the file to itself)


if __name__ == "__main__":
    sys.exit(main())
