"""row versions: optimistic concurrency on every record that changes; unique complication revisions

- ``version`` (INTEGER NOT NULL DEFAULT 1) on patient, treatment_session, product_use, follow_up,
  staff_member and clinic_profile, ``row_version`` on protocol_version (its ``version`` is the protocol's own
  number); complication keeps its existing ``version``. SQLAlchemy's ``version_id_col`` uses them to refuse
  an UPDATE made from a stale copy (docs/concurrency.md).
- ``staff_member.access_epoch`` (INTEGER NOT NULL DEFAULT 0): bumped when an account is deactivated,
  reactivated, re-roled or its password reset, so that open windows signed in as that person ask them to
  sign in again.
- ``database_epoch``: one row whose token changes when a backup is restored.
- ``uq_complication_revision_version`` on complication_revision (complication_id, version). Databases
  written before this revision may hold duplicate numbers (two workstations amending at once); they are
  renumbered first — each complication's revisions in the order they were written become 1, 2, 3 … —
  and the complication's version is raised to at least one more than its last revision.

Revision ID: 0006
Revises: 0003
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSIONED = ("patient", "treatment_session", "product_use", "follow_up", "staff_member", "clinic_profile")


def _renumber_revisions() -> None:
    """Give each complication's revisions the numbers 1..n in the order written (by id)."""
    bind = op.get_bind()
    revisions = sa.table("complication_revision", sa.column("id", sa.Integer),
                         sa.column("complication_id", sa.Integer), sa.column("version", sa.Integer))
    complications = sa.table("complication", sa.column("id", sa.Integer), sa.column("version", sa.Integer))
    rows = bind.execute(sa.select(revisions.c.id, revisions.c.complication_id, revisions.c.version)
                        .order_by(revisions.c.complication_id, revisions.c.id)).all()
    count: dict[int, int] = {}
    for rev_id, complication_id, number in rows:
        count[complication_id] = count.get(complication_id, 0) + 1
        if number != count[complication_id]:
            bind.execute(sa.update(revisions).where(revisions.c.id == rev_id)
                         .values(version=count[complication_id]))
    for complication_id, n in count.items():
        bind.execute(sa.update(complications)
                     .where(complications.c.id == complication_id, complications.c.version < n + 1)
                     .values(version=n + 1))


def upgrade() -> None:
    # plain ADD COLUMN (a constant default fills existing rows), never a batch copy of the table: copying
    # patient would drop its search triggers (0002)
    for table in _VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.add_column("protocol_version",
                  sa.Column("row_version", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.add_column("staff_member",
                  sa.Column("access_epoch", sa.Integer(), nullable=False, server_default=sa.text("0")))
    op.create_table(
        "database_epoch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _renumber_revisions()
    with op.batch_alter_table("complication_revision") as batch_op:
        batch_op.create_unique_constraint("uq_complication_revision_version", ["complication_id", "version"])


def downgrade() -> None:
    with op.batch_alter_table("complication_revision") as batch_op:
        batch_op.drop_constraint("uq_complication_revision_version", type_="unique")
    op.drop_table("database_epoch")
    # plain DROP COLUMN (SQLite 3.35+), not a batch copy, for the same reason
    op.drop_column("staff_member", "access_epoch")
    op.drop_column("protocol_version", "row_version")
    for table in reversed(_VERSIONED):
        op.drop_column(table, "version")
