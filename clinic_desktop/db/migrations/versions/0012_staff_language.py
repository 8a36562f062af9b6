"""staff member's window language (issue #15)

One nullable column, ``staff_member.ui_language``: the language the window speaks to this person ("fr",
"en"), or NULL for the computer's language. Nothing else changes.

Revision ID: 0012
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("staff_member", sa.Column("ui_language", sa.String(length=10), nullable=True))


def downgrade() -> None:
    op.drop_column("staff_member", "ui_language")  # SQLite 3.35+ drops a column in place
