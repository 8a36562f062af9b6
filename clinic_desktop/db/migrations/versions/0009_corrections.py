"""corrections: a field-by-field revision history, and "entered in error" for treatment sessions

- ``record_revision``: one row per field changed by a correction (table, row id, edit number of that row,
  field, old and new value as JSON, reason, staff member, UTC time). Patients, treatment sessions and
  product uses are corrected through it (services/corrections.py); nothing is overwritten without a trace.
- ``treatment_session.entered_in_error`` / ``error_reason``: a treatment session recorded by mistake is
  flagged (and archived, so reports and lists leave it out) but kept and shown in the patient's history.

Revision ID: 0009
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "record_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("edit_number", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["staff_member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_record_revision_row", "record_revision", ["table_name", "row_id", "edit_number"])
    with op.batch_alter_table("treatment_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entered_in_error", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("error_reason", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("treatment_session", schema=None) as batch_op:
        batch_op.drop_column("error_reason")
        batch_op.drop_column("entered_in_error")
    op.drop_index("ix_record_revision_row", table_name="record_revision")
    op.drop_table("record_revision")
