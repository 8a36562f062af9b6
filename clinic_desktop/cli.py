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
from clinic_desktop.services.messages import LANGUAGES, _, language_from_environment, set_language

log = logging.getLogger(__name__)


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


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run; returns the process exit code (0 success, 1 user error, 2 usage, 3 crash)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    configure_logging()
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
