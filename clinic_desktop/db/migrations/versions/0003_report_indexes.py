"""complication report: covering indexes for index-range counting

Hand-written (indexes that belong to the report queries, not to one model):

- ``ix_treatment_session_report`` on treatment_session (treatment, practitioner_id, performed_at,
  archived): treatment sessions per treatment, practitioner and month are counted as index ranges, with
  no sort over the table;
- ``ix_product_use_batch_session`` on product_use (product_name, batch_number, treatment_session_id):
  treatment sessions per product batch are counted from the index alone;
- ``ix_treatment_session_archived``: a partial index of archived treatment sessions (few), so the report
  can subtract them without scanning.

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0003"
down_revision: Union[str, None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index(
        "ix_treatment_session_report",
        "treatment_session",
        ["treatment", "practitioner_id", "performed_at", "archived"],
    )
    op.create_index(
        "ix_product_use_batch_session", "product_use", ["product_name", "batch_number", "treatment_session_id"]
    )
    bind = op.get_bind()
    true = "1" if bind.dialect.name == "sqlite" else "true"
    op.execute(f"CREATE INDEX ix_treatment_session_archived ON treatment_session (id) WHERE archived = {true}")


def downgrade() -> None:
    op.drop_index("ix_treatment_session_archived", table_name="treatment_session")
    op.drop_index("ix_product_use_batch_session", table_name="product_use")
    op.drop_index("ix_treatment_session_report", table_name="treatment_session")
