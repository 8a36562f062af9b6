"""The aftercare modules' messages in the reader's language, without importing the services.

Aftercare knows nothing of the services: ``services.messages`` installs its gettext here when it is imported
(:func:`set_translator`); until then messages stay English. The strings are extracted into the service
catalogue. A module of its own, importing nothing, so that installing the translator at start-up does not
load the protocol schema (pydantic) before the sign-in window shows.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable[[str], str] = str


def set_translator(translate: Callable[[str], str]) -> None:
    """Translate the aftercare modules' messages with ``translate`` (English text in, translated text out)."""
    global _translator
    _translator = translate


def _(message: str) -> str:
    """``message`` in the reader's language (see :func:`set_translator`); English until one is installed."""
    return _translator(message)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for the catalogue without translating it now (tables built at import)."""
    return message
