"""clinic profile: emergency line hours, country and emergency services number (issue #12, safety box)

- ``country`` (ISO 3166-1 alpha-2, default "CA"): gives the emergency services number printed on every
  aftercare sheet (911, 112, 999, 000 …; clinic_desktop.aftercare.emergency);
- ``emergency_hours``: when the clinic's emergency line is staffed ("" = day and night);
- ``emergency_services``: the emergency services number typed by the clinic when its country is not in
  the table (or to override it).

Batch mode on SQLite; both directions work on a populated database, on SQLite and PostgreSQL.

Revision ID: 0007
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("clinic_profile") as batch:
        batch.add_column(sa.Column("country", sa.String(length=2), nullable=False, server_default="CA"))
        batch.add_column(sa.Column("emergency_hours", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("emergency_services", sa.String(length=20), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("clinic_profile") as batch:
        batch.drop_column("emergency_services")
        batch.drop_column("emergency_hours")
        batch.drop_column("country")
