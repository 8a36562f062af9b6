"""The messages that services give users, in the window's (or the command line's) language; no Qt.

gettext-style: a service writes its message in English inside ``_()`` (``_("Enter your password.")``,
placeholders filled afterwards with ``.format()``), so the English sentence stays where the rule is and
reads as before, the command line and the window get the same words, and Babel's ``pybabel extract``
finds every message without a table of ids to keep in step. The French catalogue is
``resources/locale/fr/LC_MESSAGES/clinic_desktop.po``, compiled to ``.mo`` (scripts/update_translations.py;
docs/translation.md); Python's own :mod:`gettext` reads it.

One language per process (one person at the desk, or one command): :func:`set_language` is called by the
window at sign-in (``ui/common/i18n.py``) and by the command line (``--language`` / ``LANG``). A message is
translated when the error is raised, so ``str(err)`` is already in the right language.
"""

from __future__ import annotations

import gettext
import os
from functools import cache

DOMAIN = "clinic_desktop"
#: the languages the window and the command line speak (codes as stored in StaffMember.ui_language)
LANGUAGES = ("en", "fr")

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def locale_dir():  # noqa: ANN201 - a Path
    """The folder holding ``<lang>/LC_MESSAGES/clinic_desktop.mo`` (bundled next to the program)."""
    from clinic_desktop import paths

    return paths.bundle_root() / "resources" / "locale"


def normalise(language: str | None) -> str | None:
    """``"fr_CA.UTF-8"``, ``"fr-FR"``, ``"FR"`` → ``"fr"``; ``"en_GB"`` → ``"en"``; unknown, empty or None → None."""
    if not language:
        return None
    code = language.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The language the computer's environment asks for (``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
    ``LANGUAGE``, first set wins), if we speak it; else ``"en"``."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(key)
        if value:
            for part in value.split(":"):
                found = normalise(part)
                if found:
                    return found
            return "en"
    return "en"


@cache
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[language], fallback=True)


def set_language(language: str | None) -> str:
    """Speak ``language`` ("fr", "fr_CA", "en", ...) from now on; unknown → English. Returns the code used."""
    global _current, _language
    _language = normalise(language) or "en"
    _current = _translations(_language) if _language != "en" else gettext.NullTranslations()
    return _language


def current_language() -> str:
    """The code set by :func:`set_language` ("en" until then)."""
    return _language


def babel_locale() -> str:
    """The Babel locale of the current language, for dates and numbers: "fr_CA" or "en_CA"."""
    return "fr_CA" if _language == "fr" else "en_CA"


def short_date(day) -> str:  # noqa: ANN001 - a datetime.date
    """``day`` as "07 May 2026" (English) or "07 mai 2026" (French: Babel's fr_CA month names)."""
    if _language == "en":
        return f"{day:%d %b %Y}"
    from babel.dates import format_date

    return format_date(day, "dd MMM y", locale="fr_CA")


def short_time(moment) -> str:  # noqa: ANN001 - a datetime or time, already in the zone to show
    """``moment``'s hour and minute on the 24-hour clock: "14:05" (English) or "14 h 05" (French: Babel's
    fr_CA short time, the Canadian way of writing a time)."""
    if _language == "en":
        return f"{moment:%H:%M}"
    from babel.dates import format_time

    return format_time(moment, "short", locale="fr_CA")


def short_datetime(moment) -> str:  # noqa: ANN001 - a datetime, already in the zone to show
    """``moment`` as "07 May 2026 14:05" / "07 mai 2026 14 h 05" (24-hour clock, as the window shows times)."""
    return f"{short_date(moment)} {short_time(moment)}"


def numeric_datetime(moment) -> str:  # noqa: ANN001 - a datetime, already in the zone to show
    """``moment`` with a numeric (ISO) date, for the command line's columns: "2025-12-31 15:30" /
    "2025-12-31 15 h 30" (:func:`short_time`)."""
    return f"{moment:%Y-%m-%d} {short_time(moment)}"


def language_name(code: str | None) -> str:
    """The name of language ``code`` ("fr", "en") in the current language, as in a sentence: "French" /
    "français" (Babel); the code itself when Babel does not know it."""
    if not code:
        return ""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(babel_locale().split("_")[0])
    except (UnknownLocaleError, ValueError):
        return code
    if not name:
        return code
    return name if _language == "fr" else name[:1].upper() + name[1:]


def number(value: float, decimals: int | None = None) -> str:
    """``value`` with the current language's separators: 1,234.5 / 1 234,5 (Babel); ``decimals`` fixes
    the digits after the point (None: as many as needed, integers none)."""
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=babel_locale())


def list_of(items: list[str]) -> str:
    """``items`` joined as a list in the current language: "A, B and C" / "A, B et C" (Babel)."""
    from babel.lists import format_list

    return format_list(list(items), locale="fr_CA" if _language == "fr" else "en_CA") if items else ""


def _(message: str) -> str:
    """``message`` (English) in the current language; the English text when no translation exists."""
    return _current.gettext(message)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` (English) for the catalogue without translating it: for tables built at import time,
    translated with ``_()`` where they are shown (``_(ALERT_CONDITIONS[code])``)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language (French: 0 and 1 are singular)."""
    return _current.ngettext(singular, plural, n)


def _install_in_lower_layers() -> None:
    """The database layer and the protocol checker (``db/``, ``aftercare/``, which may not import services)
    speak through ``_``. Installed in ``clinic_desktop.translation`` (imports nothing): neither the database
    stack nor the protocol schema is loaded by it, so the messages made at start-up are translated too."""
    from clinic_desktop import translation

    translation.set_translator(_, ngettext)


_install_in_lower_layers()
