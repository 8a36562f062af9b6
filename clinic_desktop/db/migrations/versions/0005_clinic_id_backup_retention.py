"""clinic profile: a stable clinic id, and grandfather-father-son backup retention

- ``clinic_id``: a UUID (36 characters) generated once for this clinic; a restore compares it with the
  backup's to catch a backup of another clinic. Existing profiles get a new UUID here.
- ``retention_daily`` / ``retention_weekly`` / ``retention_monthly`` replace ``backups_keep``: how many
  days, ISO weeks and months keep their newest backup (floor 14 / 8 / 12, enforced by the service).
  An old ``backups_keep`` larger than the daily floor becomes the daily count.

Revision ID: 0005
Revises: 0003
"""
import uuid
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_FLOOR = {"retention_daily": 14, "retention_weekly": 8, "retention_monthly": 12}


def upgrade() -> None:
    with op.batch_alter_table("clinic_profile") as batch:
        batch.add_column(sa.Column("clinic_id", sa.String(length=36), nullable=True))
        for name, floor in _FLOOR.items():
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default=str(floor)))
    bind = op.get_bind()
    profile = sa.table(
        "clinic_profile",
        sa.column("id", sa.Integer),
        sa.column("clinic_id", sa.String),
        sa.column("backups_keep", sa.Integer),
        sa.column("retention_daily", sa.Integer),
    )
    for row in bind.execute(sa.select(profile.c.id, profile.c.backups_keep)).all():
        bind.execute(
            profile.update()
            .where(profile.c.id == row.id)
            .values(clinic_id=str(uuid.uuid4()), retention_daily=max(14, int(row.backups_keep or 0)))
        )
    with op.batch_alter_table("clinic_profile") as batch:
        batch.drop_column("backups_keep")


def downgrade() -> None:
    with op.batch_alter_table("clinic_profile") as batch:
        batch.add_column(sa.Column("backups_keep", sa.Integer(), nullable=False, server_default="14"))
    bind = op.get_bind()
    profile = sa.table(
        "clinic_profile",
        sa.column("backups_keep", sa.Integer),
        sa.column("retention_daily", sa.Integer),
    )
    bind.execute(profile.update().values(backups_keep=profile.c.retention_daily))
    with op.batch_alter_table("clinic_profile") as batch:
        batch.drop_column("clinic_id")
        for name in _FLOOR:
            batch.drop_column(name)
