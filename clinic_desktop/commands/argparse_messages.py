"""argparse's own messages ("usage:", "error:", "invalid choice", "the following arguments are required")
in the command line's language.

argparse (Python's standard library) translates its messages with :mod:`gettext`'s module functions
(``gettext.gettext`` / ``gettext.ngettext``), which read the default domain and the computer's ``LANG``,
not ``--language``. :func:`install` points argparse at our catalogue (:mod:`clinic_desktop.services.
messages`), so its messages follow the same choice as every other message of the command line. The English
texts are listed below (as Python 3.11 to 3.13 write them) so that ``pybabel extract`` puts them in our
``.po``; help texts stay English (docs/translation.md).
"""

from __future__ import annotations

import argparse

from clinic_desktop.services import messages
from clinic_desktop.services.messages import N_, ngettext

#: argparse's messages that a person can read when a command is mistyped (plus the "usage:" heading)
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


def _plural_messages(n: int) -> list[str]:  # never called: marks argparse's plural messages for extraction
    return [ngettext("expected %s argument", "expected %s arguments", n)]


def install() -> None:
    """From now on argparse speaks the language of :func:`clinic_desktop.services.messages.set_language`
    (looked up at each message, so a later ``set_language`` applies too)."""
    argparse._ = messages._  # type: ignore[attr-defined]
    argparse.ngettext = messages.ngettext  # type: ignore[attr-defined]
