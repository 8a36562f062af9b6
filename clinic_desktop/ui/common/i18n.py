"""The window's language: Qt's translators (ours and Qt's own ``qtbase``), QLocale, and language names.

:func:`install` loads ``resources/translations/clinic_desktop_<lang>.qm`` (every ``tr()`` /
``QCoreApplication.translate`` string of ``ui/``) and Qt's ``qtbase_<lang>.qm`` (standard buttons, file and
print dialogs), sets the default QLocale (dates, times and numbers in the window), and the services'
message language (:mod:`clinic_desktop.services.messages`). The app calls it at start with the computer's
language (or ``--language``) and again at sign-in with the person's own choice (``StaffMember.ui_language``).
Widgets built after the call speak the new language. See docs/translation.md.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QComboBox

from clinic_desktop.services import messages

log = logging.getLogger(__name__)

#: the languages the window speaks, as stored in StaffMember.ui_language
LANGUAGES = messages.LANGUAGES
#: the territory used when the computer's locale is in another language (Canada first: Quebec's clinics)
DEFAULT_TERRITORY = {"fr": "fr_CA", "en": "en_CA"}

_installed: list[QTranslator] = []
_language = "en"


def translations_dir() -> Path:
    """``resources/translations`` (bundled beside the program in the frozen build)."""
    from clinic_desktop import paths

    return paths.resources_dir() / "translations"


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own ``qtbase_<lang>.qm`` may be: the bundle's copy first, then Qt's installation."""
    return [translations_dir(), Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]


def system_language() -> str:
    """The computer's language if the window speaks it ("fr", "en"), else "en"."""
    return messages.normalise(QLocale.system().name()) or "en"


def resolve(language: str | None) -> str:
    """``language`` ("fr", "fr_CA", "en"...) as one of :data:`LANGUAGES`; None or unknown: the computer's."""
    return messages.normalise(language) or system_language()


def current_language() -> str:
    """The language last installed ("en" before any :func:`install`)."""
    return _language


def _locale_for(language: str) -> QLocale:
    system = QLocale.system()
    if messages.normalise(system.name()) == language:
        return system  # keep the computer's territory (fr_FR, fr_BE, en_GB ...) for dates and numbers
    return QLocale(DEFAULT_TERRITORY[language])


def install(language: str | None = None) -> str:
    """Speak ``language`` (None: the computer's) from now on; returns the code installed ("fr"/"en").

    Removes the translators of a previous call; a missing .qm is logged and the window stays in English
    for those strings (never an error).
    """
    global _language
    app = QCoreApplication.instance()
    code = resolve(language)
    for old in _installed:
        if app is not None:
            app.removeTranslator(old)
    _installed.clear()
    if app is not None:  # English too: its .qm holds the plural forms ("1 photo", "2 photos")
        ours = QTranslator(app)
        if ours.load(f"clinic_desktop_{code}", str(translations_dir())):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("no window translation for %s in %s", code, translations_dir())
    if code != "en" and app is not None:
        for folder in qt_translations_dirs():
            qt = QTranslator(app)
            if qt.load(f"qtbase_{code}", str(folder)):
                app.installTranslator(qt)
                _installed.append(qt)
                break
        else:
            log.warning("Qt's own translation qtbase_%s was not found", code)
    QLocale.setDefault(_locale_for(code))
    messages.set_language(code)
    _language = code
    return code


_other_language: dict[str, QTranslator | None] = {}


def translate_in(language: str | None, context: str, source: str, n: int = -1) -> str:
    """``source`` (a ``tr()`` text of ``context``) in ``language`` ("fr", "en") whatever the window speaks:
    for the parts of the window that speak the SHEET's language (the sheet preview's panel). ``n`` picks the
    ``%n`` plural form and fills it in. None or the window's own language: the installed translation, as
    ``tr()``. A missing .qm gives the English source (logged once), never an error."""
    code = messages.normalise(language)
    if code is None or code == _language:
        text = QCoreApplication.translate(context, source, None, n)
    else:
        if code not in _other_language:
            translator = QTranslator()
            _other_language[code] = translator if translator.load(f"clinic_desktop_{code}",
                                                                 str(translations_dir())) else None
            if _other_language[code] is None:
                log.warning("no window translation for %s in %s", code, translations_dir())
        translator = _other_language[code]
        text = (translator.translate(context, source, None, n) if translator else "") or source
    return text.replace("%n", str(n)) if n >= 0 else text


def install_for(member: object | None, forced: str | None = None) -> str:
    """At sign-in: ``forced`` (``--language``) if given, else the staff member's own ``ui_language``, else
    the computer's language. Returns the code installed."""
    return install(forced or getattr(member, "ui_language", None))


@functools.cache  # a list row each: the Patients list asks once per patient
def language_name(code: str) -> str:
    """The language's own name, capitalised as in a list: "fr" → "Français", "en" → "English" (Babel)."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def language_in_sentence(code: str | None) -> str:
    """The language's name in the window's language, for a sentence: "fr" → "français" / "French", "en" →
    "anglais" / "English" (Babel, :func:`services.messages.language_name`); lists of languages to choose
    from use :func:`language_name` (each language's own name)."""
    return messages.language_name(code)


def language_name_or_default(code: str | None) -> str:
    """:func:`language_name`, or "Computer's language (Français)" for None (the person chose no language)."""
    if not code:
        return QCoreApplication.translate("i18n", "Computer's language ({language})").format(
            language=language_name(system_language())
        )
    return language_name(code)


def language_combo(*, with_default: bool = True) -> QComboBox:
    """A chooser of the window's language: item data "fr"/"en" (None: the computer's language)."""
    combo = QComboBox()
    if with_default:
        combo.addItem(language_name_or_default(None), None)
    for code in LANGUAGES:
        combo.addItem(language_name(code), code)
    return combo


def set_combo_language(combo: QComboBox, code: str | None) -> None:
    """Select ``code`` (None: the computer's language) in a :func:`language_combo`."""
    index = combo.findData(code) if code else 0
    combo.setCurrentIndex(max(index, 0))
