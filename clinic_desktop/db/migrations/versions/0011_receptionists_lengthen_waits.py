"""clinic profile: may receptionists change the waiting times on an aftercare sheet? (issue #14, item 8)

- ``receptionists_may_lengthen_waits`` (default false): lengthening a protocol's waiting times for one
  patient is a practitioner's decision (practitioners, managers and administrators may); a clinic can
  allow its receptionists too. services/checkout.py: prepare_sheet enforces it.

Batch mode on SQLite; both directions work on a populated database, on SQLite and PostgreSQL.

Revision ID: 0011
Revises: 0010
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clinic_profile") as batch:
        batch.add_column(sa.Column("receptionists_may_lengthen_waits", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("clinic_profile") as batch:
        batch.drop_column("receptionists_may_lengthen_waits")
