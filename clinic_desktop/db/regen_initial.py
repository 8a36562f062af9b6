"""Developer tool (pre-release only): regenerate revision 0001 from models.py.

Run ``python -m clinic_desktop.db.regen_initial`` after changing models.py while no schema has been
released. Once a release ships, add a new revision with ``alembic revision --autogenerate`` instead.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from clinic_desktop.db.engine import make_engine
from clinic_desktop.db.migrate import MIGRATIONS_DIR, alembic_config


def main() -> None:
    """Delete and regenerate ``versions/0001_initial.py`` against an empty database."""
    versions = MIGRATIONS_DIR / "versions"
    versions.mkdir(exist_ok=True)
    for old in versions.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "empty.sqlite3")
        command.revision(alembic_config(engine), message="initial schema", autogenerate=True, rev_id="0001")
        engine.dispose()
    for path in versions.glob("0001_*.py"):
        path.rename(versions / "0001_initial.py")
    print("regenerated", versions / "0001_initial.py")


if __name__ == "__main__":
    main()
