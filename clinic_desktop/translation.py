"""The lower layers' messages (``db/``, ``aftercare/``) in the reader's language, without the services.

The database and aftercare layers know nothing of the services: ``services.messages`` installs its gettext
here when it is imported (:func:`set_translator`); until then messages stay English. Their strings are
extracted into the services' catalogue (scripts/update_translations.py). A module of its own, importing
nothing: the database layer's messages are also made before sign-in and at start-up (a server that cannot
be reached, a file on a network share), and installing the translator there must not load the database
stack nor the protocol schema (pydantic) before the sign-in window shows (tests/ui/test_startup.py).

    from clinic_desktop.translation import N_, _

    raise BackupError(_("There is no database to back up at {path}.").format(path=db_path))

Like ``services.messages``: one whole sentence per string, values as named placeholders filled after
translation; tables built at import are marked with :func:`N_` and translated with :func:`_` where shown.
"""

from __future__ import annotations

from collections.abc import Callable

def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


_translator: Callable[[str], str] = str
_plural: Callable[[str, str, int], str] = _english_plural


def set_translator(translate: Callable[[str], str],
                   plural: Callable[[str, str, int], str] | None = None) -> None:
    """Translate the lower layers' messages with ``translate`` (English text in, translated text out) and
    their plurals with ``plural`` (``ngettext``: singular, plural, count; English forms when None)."""
    global _translator, _plural
    _translator = translate
    _plural = plural or _english_plural


def _(message: str) -> str:
    """``message`` in the reader's language (see :func:`set_translator`); English until one is installed."""
    return _translator(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the reader's language (see :func:`set_translator`)."""
    return _plural(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for the catalogue without translating it now (tables built at import)."""
    return message
