"""Refresh the translations after strings changed in the code; run from the repository root:

    .venv/bin/python scripts/update_translations.py          # lupdate, lrelease, pybabel: .ts/.qm and .po/.mo
    .venv/bin/python scripts/update_translations.py --check  # change nothing; exit 1 if anything is stale

Window (Qt): ``pyside6-lupdate`` over every ``clinic_desktop/ui/**.py`` into
``resources/translations/clinic_desktop_fr.ts`` (new strings arrive as "unfinished": translate them in
``pyside6-linguist``) and ``clinic_desktop_en.ts`` (plural forms only: "%n photo(s)" → "1 photo" /
"2 photos"), then ``pyside6-lrelease`` into the ``.qm`` files the program loads.
Services, command line, database layer and protocol checker (gettext): ``pybabel extract`` of ``_()`` /
``N_()`` / ``ngettext()`` calls, merged into
``resources/locale/fr/LC_MESSAGES/clinic_desktop.po`` (new messages have an empty ``msgstr``: translate
them in any .po editor), compiled to ``clinic_desktop.mo``. See docs/translation.md.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
PO = ROOT / "resources" / "locale" / "fr" / "LC_MESSAGES" / "clinic_desktop.po"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A PySide6 tool next to the running Python (the venv), else on PATH."""
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def ui_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "clinic_desktop" / "ui").rglob("*.py"))


def lupdate(ts_dir: Path) -> None:
    """Bring the .ts files in ``ts_dir`` up to date with the code (obsolete strings dropped)."""
    sources = ui_sources()
    subprocess.run([tool("pyside6-lupdate"), "-extensions", "py", "-no-obsolete", "-locations", "none",
                    *sources, "-ts", str(ts_dir / "clinic_desktop_fr.ts")], cwd=ROOT, check=True,
                   capture_output=True)
    subprocess.run([tool("pyside6-lupdate"), "-pluralonly", "-no-obsolete", "-locations", "none", *sources,
                    "-ts", str(ts_dir / "clinic_desktop_en.ts")], cwd=ROOT, check=True, capture_output=True)


def lrelease(ts_dir: Path, out_dir: Path) -> None:
    """Compile every .ts of ``ts_dir`` to a .qm in ``out_dir``."""
    for ts in sorted(ts_dir.glob("clinic_desktop_*.ts")):
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(out_dir / (ts.stem + ".qm"))],
            check=True,
        )


def po_catalogue():
    """The French catalogue merged with the messages the code has now (Babel), plural forms fixed to 2."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    template = Catalog(project="Clinic Desktop")
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    for folder in ("services", "commands", "reporting", "db"):  # db: through clinic_desktop.translation
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / "clinic_desktop" / folder, keywords=keywords
        ):
            template.add(message, locations=())
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        ROOT / "clinic_desktop", keywords=keywords,
        method_map=[("cli.py", "python"), ("app.py", "python"), ("translation.py", "python")],
    ):
        template.add(message, locations=())
    for _file, _line, message, _comments, _ctx in extract_from_dir(  # the protocol checker's findings
        ROOT / "clinic_desktop" / "aftercare", method_map=[("protocol.py", "python"), ("render.py", "python")], keywords=keywords
    ):
        template.add(message, locations=())
    with PO.open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    created, revised = catalogue.creation_date, catalogue.revision_date
    catalogue.update(template, no_fuzzy_matching=True)
    # the header's dates change only by hand: the same code gives the same files (the --check compares bytes)
    catalogue.creation_date, catalogue.revision_date = created, revised
    catalogue.obsolete.clear()
    catalogue.fuzzy = False
    return catalogue


def write_po_mo(catalogue, po: Path, mo: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    with po.open("wb") as handle:
        write_po(handle, catalogue, no_location=True, width=110, omit_header=False, sort_output=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    mo.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a file would change")
    args = parser.parse_args(argv)
    if not args.check:
        lupdate(TS_DIR)
        lrelease(TS_DIR, TS_DIR)
        write_po_mo(po_catalogue(), PO, PO.with_suffix(".mo"))
        print("updated", TS_DIR.relative_to(ROOT), "and", PO.parent.relative_to(ROOT))
        return 0
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for ts in TS_DIR.glob("clinic_desktop_*.ts"):
            shutil.copy(ts, work / ts.name)
        lupdate(work)
        lrelease(work, work)
        for name in [p.name for p in TS_DIR.glob("clinic_desktop_*.*")]:
            if (work / name).read_bytes() != (TS_DIR / name).read_bytes():
                stale.append(str((TS_DIR / name).relative_to(ROOT)))
        write_po_mo(po_catalogue(), work / "c.po", work / "c.mo")
        for ours, fresh in ((PO, work / "c.po"), (PO.with_suffix(".mo"), work / "c.mo")):
            if ours.read_bytes() != fresh.read_bytes():
                stale.append(str(ours.relative_to(ROOT)))
    for name in stale:
        print("stale:", name)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
