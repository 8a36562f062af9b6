"""The window in French (issue #15): the .ts files are complete and current, follow the OQLF vocabulary and
French spacing, and every page and dialog this branch owns shows no English word when French is installed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTableWidget,
    QWidget,
)

from clinic_desktop.ui.common import i18n

ROOT = Path(__file__).resolve().parents[2]
FR_TS = ROOT / "resources" / "translations" / "clinic_desktop_fr.ts"
EN_TS = ROOT / "resources" / "translations" / "clinic_desktop_en.ts"
NBSP = ("\u00a0", "\u202f")
#: set CLINIC_TEST_SCREENSHOTS=<folder> to keep a picture of every screen rendered in French
SCREENSHOTS = Path(os.environ.get("CLINIC_TEST_SCREENSHOTS", "/nonexistent"))


def _messages(path: Path):
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            yield name, message.findtext("source"), translation, forms


@pytest.mark.parametrize("path", [FR_TS, EN_TS], ids=lambda p: p.name)
def test_every_string_is_translated(path):
    problems = [
        f"{ctx}: {src!r}"
        for ctx, src, translation, forms in _messages(path)
        if translation.get("type") in ("unfinished", "vanished", "obsolete")
        or not all(f.strip() for f in forms)
    ]
    assert problems == []


def test_every_string_is_filed_under_the_context_that_asks_for_it():
    """lupdate files a string it cannot tie to a class or a literal ``translate("Context", ...)`` (a
    ``tr(text)`` helper of our own) under an empty context, where the window's own lookup never finds it:
    that string stays English in French (it did: the "Discard what you typed?" question)."""
    homeless = [src for ctx, src, _t, _f in _messages(FR_TS) if not ctx]
    assert homeless == []


#: functions that translate a parameter on purpose: page titles marked with QT_TRANSLATE_NOOP at the table
# add_page: the page titles, given literally to tr() by its callers; translate_in: the words of a field that
# speaks another language than the window (WaitEdit passes each source to self.tr() literally as well)
TRANSLATES_A_PARAMETER = {("main_window.py", "add_page"), ("i18n.py", "translate_in")}


def test_no_helper_hides_strings_from_lupdate():
    """A helper such as ``def _tr(text): return translate("Ctx", text)`` hides every string passed to it from
    lupdate: they never reach the .ts and stay English in French (the sheet preview's "Saving: …",
    "Personal adjustments: …" and the discard question were). Strings go to ``tr()``/``translate()``
    literally."""
    import ast

    found = []
    for path in sorted((ROOT / "clinic_desktop" / "ui").rglob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef | ast.Lambda) or (path.name, getattr(fn, "name", "")) in \
                    TRANSLATES_A_PARAMETER:
                continue
            params = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
            for call in ast.walk(fn):
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
                    index = {"translate": 1, "tr": 0}.get(call.func.attr)
                    if index is not None and len(call.args) > index and isinstance(call.args[index], ast.Name) \
                            and call.args[index].id in params:
                        found.append(f"{path.name}:{call.lineno} {getattr(fn, 'name', 'lambda')}")
    assert found == []


def test_the_translations_are_current_with_the_code():
    """lupdate over ui/ finds no new string and lrelease gives the committed .qm; the .po/.mo likewise."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_french_spacing_before_double_punctuation():
    """A no-break space (U+00A0, or the narrow U+202F) before : ; ! ? — never a plain space or none.
    File-dialog filters (";;") and times ("12:30") are not sentences."""
    bad = []
    for ctx, src, _t, forms in _messages(FR_TS):
        for text in forms:
            plain = re.sub(r"\(\*[^)]*\)|;;|\d:\d|https?://\S+|<[^>]+>|\{[^}]*\}", "", text)
            for match in re.finditer(r"(.)([:;!?])", plain):
                if match.group(1) not in NBSP:
                    bad.append(f"{ctx}: {text!r}")
                    break
    assert bad == []


# English term → the OQLF's French term for health software; a translation of a string holding the English
# term must use the French one
VOCABULARY = {
    r"\baftercare sheets?\b": r"fiches? de soins",
    r"\bfollow-ups?\b": r"suivis?",
    r"\bbatch number\b": r"numéro de lot",
    r"\bcomplications?\b": r"complications?|effets? indésirables?",
    r"\badverse events?\b": r"effets? indésirables?",
}


def test_oqlf_vocabulary():
    bad = []
    for ctx, src, _t, forms in _messages(FR_TS):
        for english, french in VOCABULARY.items():
            if re.search(english, src, re.I) and not all(re.search(french, f, re.I) for f in forms):
                bad.append(f"{ctx}: {src!r} → {forms!r} (want {french})")
    assert bad == []


def test_the_services_catalogue_is_complete():
    from babel.messages.pofile import read_po

    with (ROOT / "resources/locale/fr/LC_MESSAGES/clinic_desktop.po").open("rb") as handle:
        catalogue = read_po(handle)
    empty = [
        m.id
        for m in catalogue
        if m.id and (not m.string or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert empty == []


# ---------------------------------------------------------------------------------- rendered in French

#: words that show the window is still English (whole words, case-sensitive as they appear on buttons)
ENGLISH_WORDS = {
    "Save",
    "Cancel",
    "Close",
    "Delete",
    "Add",
    "Remove",
    "Name",
    "Password",
    "User",
    "Sign",
    "Welcome",
    "Role",
    "Language",
    "Change",
    "Reason",
    "Products",
    "Product",
    "Batch",
    "Merge",
    "Photos",
    "Camera",
    "View",
    "Compare",
    "Treatment",
    "Practitioner",
    "Receptionist",
    "Manager",
    "Administrator",
    "Record",
    "Staff",
    "Selected",
    "Reactivate",
    "Deactivate",
    "Rename",
    "Quantity",
    "Unit",
    "Expiry",
    "Lock",
    "Choose",
    "Sheet",
    "the",
    "and",
    "of",
    "your",
    # treatment names and dates in English (protocol names, strftime month names), found in review
    "Facial",
    "mesotherapy",
    "Hair",
    "Due",
    "Overdue",
    "noted",
    "Jan",
    "Feb",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
}
#: pages and dialogs whose files other branches wrap in tr(): expected to show English here. The lead empties
#: this set after merging them (and refreshing the .ts: docs/translation.md); the test then covers them too.
STILL_ENGLISH_UNTIL_MERGE: set[str] = set()


def visible_texts(root: QWidget) -> list[str]:
    """Every text a person can read in ``root``: labels, buttons, group titles, placeholders, tooltips,
    combo items, table headers and the window title."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTableView | QTableWidget) and widget.model() is not None:
            model = widget.model()
            from PySide6.QtCore import Qt

            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())
            ]
    return [re.sub(r"<[^>]+>|&(?!amp;)", "", t) for t in texts if t]


def english_words(root: QWidget, allowed: set[str] = frozenset()) -> list[str]:
    found = []
    for text in visible_texts(root):
        for word in re.findall(
            r"\w+", text
        ):  # words the same in both languages (Patient, Type, Notes) are not listed
            if word in ENGLISH_WORDS and word not in allowed:
                found.append(f"{word!r} in {text!r}")
    return found


@pytest.fixture
def french(qapp):
    assert i18n.install("fr") == "fr"
    yield
    i18n.install("en")


def _dialogs(workspace, admin):
    from clinic_desktop.ui.admin.audit_viewer import AuditViewerDialog
    from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
    from clinic_desktop.ui.admin.products_dialog import ProductsDialog
    from clinic_desktop.ui.admin.staff_admin import StaffAdminDialog
    from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog
    from clinic_desktop.ui.main_window import MainWindow
    from clinic_desktop.ui.patients.patient_dialog import PatientDialog
    from clinic_desktop.ui.signin.first_start import FirstAdminDialog
    from clinic_desktop.ui.signin.lock import LockOverlay
    from clinic_desktop.ui.signin.login import LoginDialog
    from clinic_desktop.ui.signin.password_dialog import ChangePasswordDialog

    def window():
        main = MainWindow(workspace)
        main.set_current_staff(next(m for m in main._members.values() if m.id == admin.id))
        return main

    def page(title):
        def build():
            main = window()
            main.show_page(title)
            return main

        return build

    def lock():
        host = QWidget()
        host.resize(900, 700)
        overlay = LockOverlay(workspace, host, admin)
        overlay.resize(host.size())
        return host

    def sheet_preview():
        from datetime import UTC, datetime

        from clinic_desktop.services import patients, treatments
        from clinic_desktop.ui.checkout.sheet_preview import SheetPreviewDialog

        with workspace.session() as db:
            p = patients.create_patient(
                db,
                actor=admin,
                data=patients.PatientCreate(
                    given_names="Zoé",
                    family_name="Roy",
                    date_of_birth=date(1980, 1, 2),
                    preferred_language="fr",
                ),
            )
            ts = treatments.record_treatment_session(
                db,
                actor=admin,
                data=treatments.TreatmentSessionCreate(
                    patient_id=p.id,
                    practitioner_id=admin.id,
                    treatment="facial-mesotherapy",
                    performed_at=datetime.now(UTC),
                ),
            )
        return SheetPreviewDialog(workspace, lambda: admin, ts.id)

    return {
        "main window": window,
        **{f"page {t}": page(t) for t in ("Today", "Follow-ups", "Patients", "Reports")},
        "lock screen": lock,
        "patient form": lambda: PatientDialog(workspace, lambda: admin),
        "clinic profile": lambda: ClinicProfileDialog(workspace, lambda: admin),
        "audit trail": lambda: AuditViewerDialog(workspace, admin),
        "sheet preview": sheet_preview,
        "sign-in": lambda: LoginDialog(workspace),
        "first start": lambda: FirstAdminDialog(workspace),
        "change my password": lambda: ChangePasswordDialog(workspace, lambda: admin),
        "staff accounts": lambda: StaffAdminDialog(workspace, admin),
        "products": lambda: ProductsDialog(workspace, lambda: admin),
        "treatment session": lambda: TreatmentSessionDialog(workspace, lambda: admin),
    }


ALL_SCREENS = [
    "sign-in",
    "first start",
    "change my password",
    "staff accounts",
    "products",
    "treatment session",
    "main window",
    "page Today",
    "page Follow-ups",
    "page Patients",
    "page Reports",
    "lock screen",
    "patient form",
    "clinic profile",
    "audit trail",
    "sheet preview",
]


@pytest.mark.parametrize("name", ALL_SCREENS)
def test_dialog_shows_no_english_in_french(qtbot, french, engine, admin, name):
    from clinic_desktop.services.workspace import Workspace

    workspace = Workspace(engine)
    dialog = _dialogs(workspace, admin)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save(
        str(SCREENSHOTS / f"fr-{name.replace(' ', '-')}.png")
    ) if SCREENSHOTS.is_dir() else None
    found = english_words(dialog)
    if name in STILL_ENGLISH_UNTIL_MERGE:
        if found:
            pytest.xfail(f"{name}: its strings are wrapped in another branch: {found[:3]}")
        pytest.fail(f"{name} shows no English any more: take it out of STILL_ENGLISH_UNTIL_MERGE")
    assert found == []


def test_the_same_dialog_is_english_again_after_switching_back(qtbot, engine, admin):
    from clinic_desktop.services.workspace import Workspace
    from clinic_desktop.ui.signin.login import LoginDialog

    i18n.install("fr")
    french_dialog = LoginDialog(Workspace(engine))
    qtbot.addWidget(french_dialog)
    assert french_dialog.sign_in_button.text() == "Se connecter"
    i18n.install("en")
    english = LoginDialog(Workspace(engine))
    qtbot.addWidget(english)
    assert english.sign_in_button.text() == "Sign in"


def test_language_names_are_shown_in_their_own_language(qapp):
    combo = i18n.language_combo()
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[1:] == ["English", "Français"] and "fr" not in names and "en" not in names


def test_qt_own_dialog_buttons_are_french(qtbot, french):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Annuler", "Enregistrer"]


def test_dates_and_numbers_follow_the_language(qapp):
    from PySide6.QtCore import QDate, QLocale

    i18n.install("fr")
    try:
        assert QLocale().toString(QDate(2026, 3, 5), "d MMMM yyyy") == "5 mars 2026"
        assert QLocale().toString(1234.5, "f", 1) in ("1\u00a0234,5", "1\u202f234,5", "1 234,5")
    finally:
        i18n.install("en")
    assert QLocale().toString(QDate(2026, 3, 5), "d MMMM yyyy") == "5 March 2026"
    assert QCoreApplication.translate("PhotoStrip", "%n photo(s) added.", "", 2) == "2 photos added."


def test_the_frozen_build_bundles_qt_own_french():
    """build.spec copies qtbase_fr.qm beside our .qm files (resources/ is bundled whole)."""
    import ast

    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    function = next(
        n for n in ast.parse(spec).body if isinstance(n, ast.FunctionDef) and n.name == "qt_translations"
    )
    scope = {"Path": Path, "WINDOW_LANGUAGES": ("en", "fr")}
    exec(compile(ast.Module(body=[function], type_ignores=[]), "build.spec", "exec"), scope)
    assert [Path(src).name for src, dest in scope["qt_translations"]()] == ["qtbase_fr.qm"]
    assert (ROOT / "resources" / "translations" / "clinic_desktop_fr.qm").stat().st_size > 1000


def _po_messages():
    from babel.messages.pofile import read_po

    with (ROOT / "resources/locale/fr/LC_MESSAGES/clinic_desktop.po").open("rb") as handle:
        for m in read_po(handle):
            if m.id:
                ids = m.id if isinstance(m.id, tuple) else (m.id,)
                forms = m.string if isinstance(m.string, tuple) else (m.string,)
                yield ids[0], list(forms)


def _placeholders(text: str) -> set[str]:
    return {name.split(":")[0].split("!")[0] for name in re.findall(r"(?<!\{)\{([^{}]*)\}", text)}


def test_translations_keep_the_placeholders():
    """A translation fills the same {names} (and %n for plurals) as the English, or .format() would fail."""
    bad = []
    for ctx, src, _t, forms in _messages(FR_TS):
        for index, text in enumerate(forms):
            singular = index == 0 and len(forms) > 1  # "sa photo" may leave %n out
            if _placeholders(text) != _placeholders(src) or ("%n" in src) != ("%n" in text) and not singular:
                bad.append(f"{ctx}: {src!r} → {text!r}")
    for src, forms in _po_messages():
        for text in forms:
            if not _placeholders(text) <= _placeholders(src) | {"n"}:
                bad.append(f"{src!r} → {text!r}")
    assert bad == []


def test_service_messages_french_spacing_and_vocabulary():
    bad = []
    for src, forms in _po_messages():
        for text in forms:
            plain = re.sub(r"\(\*[^)]*\)|;;|\d:\d|\S+://\S+|\{[^}]*\}|--\S+", "", text)
            if any(m.group(1) not in NBSP for m in re.finditer(r"(.)([:;!?])", plain)):
                bad.append(f"spacing: {text!r}")
            for english, french in VOCABULARY.items():
                if re.search(english, src, re.I) and not re.search(french, text, re.I):
                    bad.append(f"term: {src!r} → {text!r} (want {french})")
    assert bad == []


def test_audit_trail_column_titles_and_times_fit_in_french(qtbot, french, engine, admin):
    """The French titles ("Quand (Fuseau/Zone)", "Enregistrement") are longer than the English ones: each
    column is at least as wide as its title, and the time column as a whole time."""
    from PySide6.QtCore import Qt

    from clinic_desktop.services.workspace import Workspace
    from clinic_desktop.ui.admin.audit_viewer import AuditTableModel, AuditViewerDialog

    dialog = AuditViewerDialog(Workspace(engine), admin)
    qtbot.addWidget(dialog)
    dialog.show()
    header = dialog.table.horizontalHeader()
    too_narrow = [
        title
        for column in range(dialog.model.columnCount() - 1)  # the last one stretches
        if header.sectionSize(column)
        < header.fontMetrics().horizontalAdvance(title := dialog.model.headerData(column, Qt.Orientation.Horizontal))
    ]
    assert too_narrow == []
    assert header.sectionSize(AuditTableModel.COL_WHEN) > dialog.table.fontMetrics().horizontalAdvance(
        "0000-00-00 00:00:00"
    )
