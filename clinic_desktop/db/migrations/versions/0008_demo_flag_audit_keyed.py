"""trust: demo flag on the clinic profile; keyed audit scheme and record hashes on audit entries

- ``clinic_profile.is_demo`` (bool, default false): the database was filled by ``demo`` and every window,
  sheet and report made from it says DEMO;
- ``audit_entry.scheme`` (int, default 1): how ``entry_hash`` was computed (1 = SHA-256 of the entry,
  the scheme of every entry written before this revision; 2 = HMAC-SHA256 with the clinic's audit key);
- ``audit_entry.record_hash`` (str, default ""): SHA-256 of the changed row's content after the change,
  for the clinical rows whose changes are audited (see ``services/audit.py``).

A keyed entry's hash covers its scheme and record hash, so going down keeps both for every entry that has
them in the side table ``audit_entry_keyed_0008`` (left alone by the older schema), and coming back up puts
them back and drops it: down and up again, the audit chain still verifies.

Revision ID: 0008
Revises: 0006
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_STASH = "audit_entry_keyed_0008"


def upgrade() -> None:
    with op.batch_alter_table("clinic_profile") as batch:
        batch.add_column(sa.Column("is_demo", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("scheme", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("record_hash", sa.String(length=64), nullable=False, server_default=""))
    if sa.inspect(op.get_bind()).has_table(_STASH):  # an earlier downgrade kept the keyed entries' columns
        op.execute(
            f"UPDATE audit_entry SET "
            f"scheme = (SELECT k.scheme FROM {_STASH} k WHERE k.id = audit_entry.id), "
            f"record_hash = (SELECT k.record_hash FROM {_STASH} k WHERE k.id = audit_entry.id) "
            f"WHERE id IN (SELECT id FROM {_STASH})"
        )
        op.drop_table(_STASH)


def downgrade() -> None:
    op.create_table(
        _STASH,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("scheme", sa.Integer(), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
    )
    op.execute(
        f"INSERT INTO {_STASH} (id, scheme, record_hash) SELECT id, scheme, record_hash FROM audit_entry "
        "WHERE scheme <> 1 OR record_hash <> ''"
    )
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("record_hash")
        batch.drop_column("scheme")
    with op.batch_alter_table("clinic_profile") as batch:
        batch.drop_column("is_demo")
