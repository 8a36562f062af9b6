"""clinical photos: photo consent, photo metadata, photo image bytes (issue #16)

Three new tables, nothing else changed:

- ``photo_consent``: one dated, signed row per tick or untick of a photo consent (record / teaching /
  marketing); the latest row per purpose is the patient's current answer;
- ``photo``: a photo's metadata and links (patient; treatment session, follow-up or complication);
- ``photo_image``: the stored image and its thumbnail, one row per photo, in its own table so that
  lists of photos never read image bytes.

Kinds and purposes are plain strings (no ENUM types to create or drop on PostgreSQL).

Revision ID: 0010
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "photo_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff_member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_photo_consent_patient_id", "photo_consent", ["patient_id"])
    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("treatment_session_id", sa.Integer(), nullable=True),
        sa.Column("follow_up_id", sa.Integer(), nullable=True),
        sa.Column("complication_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("original_filename", sa.String(length=260), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("entered_in_error", sa.Boolean(), nullable=False),
        sa.Column("error_reason", sa.String(length=500), nullable=False),
        sa.Column("image_deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"]),
        sa.ForeignKeyConstraint(["treatment_session_id"], ["treatment_session.id"]),
        sa.ForeignKeyConstraint(["follow_up_id"], ["follow_up.id"]),
        sa.ForeignKeyConstraint(["complication_id"], ["complication.id"]),
        sa.ForeignKeyConstraint(["imported_by_id"], ["staff_member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("patient_id", "treatment_session_id", "follow_up_id", "complication_id"):
        op.create_index(f"ix_photo_{column}", "photo", [column])
    op.create_table(
        "photo_image",
        sa.Column("photo_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["photo_id"], ["photo.id"]),
        sa.PrimaryKeyConstraint("photo_id"),
    )


def downgrade() -> None:
    op.drop_table("photo_image")
    for column in ("complication_id", "follow_up_id", "treatment_session_id", "patient_id"):
        op.drop_index(f"ix_photo_{column}", table_name="photo")
    op.drop_table("photo")
    op.drop_index("ix_photo_consent_patient_id", table_name="photo_consent")
    op.drop_table("photo_consent")
