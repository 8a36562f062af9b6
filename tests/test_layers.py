"""DESIGN.md's layers: Qt only in ui/ (and the app entry points); imports only point down."""

from __future__ import annotations

import ast
from pathlib import Path

import clinic_desktop

PACKAGE = Path(clinic_desktop.__file__).parent
QT_ALLOWED = {"ui", "app.py", "__main__.py"}
# what each layer may import from the package (models.py and the small shared modules are below everyone)
LOWER = {
    # translation: the services' gettext, installed there (imports nothing), for the db and aftercare messages
    "db": {"db", "models", "paths", "translation"},
    "aftercare": {"aftercare", "paths", "translation"},
    # services.messages: the exports speak the language of the person exporting; services.protocols: the
    # treatments' names in that language (issue #15)
    "reporting": {"reporting", "models", "paths", "services.text", "services.errors", "services.messages",
                  "services.protocols", "aftercare", "translation"},
    "services": {"services", "aftercare", "reporting", "db", "models", "paths", "translation"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules() -> list[tuple[str, Path]]:
    return [(str(p.relative_to(PACKAGE)), p) for p in sorted(PACKAGE.rglob("*.py"))]


def test_qt_is_imported_only_in_ui():
    offenders = []
    for rel, path in _modules():
        if rel.split("/")[0] in QT_ALLOWED:
            continue
        qt = {m for m in _imports(path) if m.split(".")[0] in {"PySide6", "shiboken6"}}
        if qt:
            offenders.append(f"{rel}: {sorted(qt)}")
    assert offenders == []


def test_lower_layers_do_not_import_upper_ones():
    offenders = []
    for rel, path in _modules():
        layer = rel.split("/")[0]
        if layer not in LOWER:
            continue
        for module in _imports(path):
            if not module.startswith("clinic_desktop."):
                continue
            inner = module.removeprefix("clinic_desktop.")
            if not any(inner == ok or inner.startswith(ok + ".") for ok in LOWER[layer]):
                offenders.append(f"{rel} imports {module}")
    assert offenders == []


def test_ui_reaches_the_database_only_through_the_workspace_and_services():
    """Issue #10 item 2: no sqlmodel/sqlalchemy under ui/ — pages and dialogs get a services.workspace.Workspace."""
    offenders = []
    for rel, path in _modules():
        if rel.split("/")[0] != "ui":
            continue
        found = {m for m in _imports(path) if m.split(".")[0] in {"sqlmodel", "sqlalchemy"}}
        if found:
            offenders.append(f"{rel}: {sorted(found)}")
    assert offenders == []


UI_JOBS = {"signin", "checkout", "patients", "followups", "complications", "reports", "admin", "common"}


def test_ui_is_laid_out_by_job_and_common_uses_no_job_folder():
    """Issue #14 item 1: every ui/ module sits in a job folder (only the shell and the self-test checks stay
    at the top), and ui/common/ imports no job folder, so shared widgets never depend on one page."""
    ui = PACKAGE / "ui"
    top = sorted(p.name for p in ui.glob("*.py"))
    assert top == ["__init__.py", "main_window.py", "selftest_checks.py"]
    folders = {p.name for p in ui.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == UI_JOBS
    offenders = []
    for path in sorted((ui / "common").rglob("*.py")):
        for module in _imports(path):
            parts = module.split(".")
            if parts[:2] == ["clinic_desktop", "ui"] and len(parts) > 2 and parts[2] != "common":
                offenders.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offenders == []


def test_the_lower_layers_translator_hook_imports_nothing():
    """``clinic_desktop.translation`` is imported by the database layer, whose messages are made before
    sign-in and at start-up: it must stay free of imports (no database stack, no protocol schema)."""
    found = _imports(PACKAGE / "translation.py")
    assert found <= {"__future__", "collections.abc"}, found
