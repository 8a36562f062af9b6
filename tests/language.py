"""The language the suite runs in, and expected UI text stated through the catalogues.

``CLINIC_TEST_LANGUAGE=fr`` runs the window and command-line tests with the French translation loaded
(tests/conftest.py installs it on the test QApplication, sets the service messages' language and the
computer's ``LANG``, and gives the fixtures' staff that ``ui_language``); unset or ``en`` is English, as
before. Tests that look for or check window text write it through the catalogue so they pass in both:

    qtbot.mouseClick(find_button(window, ui_text("PatientForm", "Save")), ...)
    assert str(err) == msg_text("Enter your password.")

:func:`ui_text` reads the same compiled ``resources/translations/clinic_desktop_<lang>.qm`` the app loads
(Qt's own ``qtbase_<lang>.qm`` for standard buttons via :func:`qt_text`), :func:`msg_text` the services'
``.mo``. A source text missing from the catalogue comes back unchanged (English), as in the app, so a test
written that way still fails in French when the window shows a string nobody translated.
See docs/translation.md.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from clinic_desktop.services import messages

LANGUAGE_ENV = "CLINIC_TEST_LANGUAGE"
#: "en" or "fr": the language of this run (CLINIC_TEST_LANGUAGE; unknown values are refused at start)
LANGUAGE = (os.environ.get(LANGUAGE_ENV) or "en").strip().lower()
if LANGUAGE not in messages.LANGUAGES:
    raise SystemExit(f"{LANGUAGE_ENV}={LANGUAGE!r}: use one of {', '.join(messages.LANGUAGES)}")
FRENCH = LANGUAGE == "fr"
#: the computer's LANG during the run: the suite's language (the CLI and QLocale.system() follow it)
SYSTEM_LANG = "fr_CA.UTF-8" if FRENCH else "C.UTF-8"


@functools.cache
def _translator(name: str):  # noqa: ANN202 - a QTranslator or None
    from PySide6.QtCore import QTranslator

    from clinic_desktop.ui.common import i18n

    folders = [i18n.translations_dir()]
    if name.startswith("qtbase"):
        folders = i18n.qt_translations_dirs()
    for folder in folders:
        translator = QTranslator()
        if translator.load(name, str(folder)):
            return translator
    if name.startswith("qtbase"):
        return None  # Qt's own strings stay English, as in the app when Qt ships no qtbase_<lang>
    raise FileNotFoundError(f"{name}.qm not found in {folders}: run scripts/update_translations.py")


def ui_text(context: str, source: str, n: int = -1, disambiguation: str | None = None) -> str:
    """``source`` (the English text as written in ``tr()`` / ``QCoreApplication.translate(context, ...)``)
    as the window shows it in this run's language; ``n`` fills ``%n`` plurals. The English run gives the
    English text (plural forms from ``clinic_desktop_en.qm``)."""
    translated = _translator(f"clinic_desktop_{LANGUAGE}").translate(context, source, disambiguation, n)
    translated = translated or source
    return translated.replace("%n", str(n)) if n >= 0 else translated  # as QCoreApplication.translate does


def qt_text(context: str, source: str) -> str:
    """A string of Qt's own (``qt_text("QPlatformTheme", "&Yes")``, standard buttons) in this run's language."""
    if not FRENCH:
        return source
    translator = _translator(f"qtbase_{LANGUAGE}")
    return (translator.translate(context, source) if translator else "") or source


def msg_text(message: str) -> str:
    """A service or command-line message (the English ``_()`` text) in this run's language."""
    return messages._translations(LANGUAGE).gettext(message) if FRENCH else message


def quoted(text: str) -> str:
    """``text`` quoted as a record's history quotes a value (services/corrections.py): “Lopez” / « Lopez »."""
    return msg_text("“{text}”").format(text=text)


def msg_plural(singular: str, plural: str, n: int) -> str:
    """``ngettext(singular, plural, n)`` of the services' catalogue in this run's language."""
    if FRENCH:
        return messages._translations(LANGUAGE).ngettext(singular, plural, n)
    return singular if n == 1 else plural


class _AnyValue(dict):
    def __missing__(self, key: str) -> str:
        return "\0"  # a placeholder left open: matches anything


def _pattern(text: str, values: dict[str, object] | None = None) -> re.Pattern[str]:
    if values:  # the placeholders named are filled in, the others match anything
        text = text.format_map(_AnyValue(values))
    parts = re.split(r"\x00|\{[^{}]*\}|%n|%\d" if not values else r"\x00|%n|%\d", text)
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def ui_like(context: str, source: str, n: int = -1, **values: object) -> re.Pattern[str]:
    """:func:`ui_text` as a pattern whose ``{placeholders}`` match anything: ``assert ui_like("Ctx", "Saved
    to {path}.").search(label.text())`` checks the sentence without rebuilding the values. Placeholders
    given as keywords are filled in (``ui_like("Ctx", "{who} changed it at {time}.", who="Mona")``)."""
    return _pattern(ui_text(context, source, n) if n >= 0 else ui_text(context, source), values)


def msg_like(message: str, **values: object) -> re.Pattern[str]:
    """:func:`msg_text` as a pattern whose ``{placeholders}`` match anything, those given as keywords filled
    in (see :func:`ui_like`)."""
    return _pattern(msg_text(message), values)


def cannot_be_opened(text: str) -> bool:
    """True when ``text`` holds the "database cannot be opened" message, either form (the window's or the
    command line's), in the run's language."""
    return any(msg_like(message).search(text) for message in (
        "The database cannot be opened:\n{database}\n\nIt may be damaged, not a Clinic Desktop database, or in a "
        "folder you cannot write to. The file was not changed. Restore a backup, or start with another file "
        "(clinic-desktop --db PATH).\n\nReason: {reason}",
        "The database {shown} cannot be opened: it may be damaged or not a Clinic Desktop database. The file was "
        "not changed. Restore a backup, or name another file with --db. (Reason: {reason})"))


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """The service (and database-layer) messages in ``language`` for the block, the language before it
    again after, whatever happens: ``with speaking("en"): ...`` for a test about one language's wording."""
    before = messages.current_language()
    messages.set_language(language)
    try:
        yield
    finally:
        messages.set_language(before)
