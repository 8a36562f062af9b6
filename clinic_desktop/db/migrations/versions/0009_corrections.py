"""corrections: a field-by-field revision history, "entered in error" for treatment sessions, and the
product and batch catalogue

- ``record_revision``: one row per field changed by a correction (table, row id, edit number of that row,
  field, old and new value as JSON, reason, staff member, UTC time). Patients, treatment sessions and
  product uses are corrected through it (services/corrections.py); nothing is overwritten without a trace.
- ``treatment_session.entered_in_error`` / ``error_reason``: a treatment session recorded by mistake is
  flagged (and archived, so reports and lists leave it out) but kept and shown in the patient's history.
- ``patient.allergies`` / ``conditions``: the patient's alerts (allergies; pregnancy, anticoagulants…).
- ``staff_member.must_change_password``: set by an administrator's reset; cleared by the person's own change.
- ``patient_merge``: a duplicate patient merged by a manager into the one kept (archived, with a pointer).
- ``product`` and ``batch`` (the catalogue) and ``product_use_batch`` (each product use's batch: a table of
  its own, so ``product_use``, which complications point at, is never copied). Existing free-text uses
  move into it: spellings equal after folding case and spaces ("NCTF 135 HA" / "nctf 135 ha ") join one
  product (one batch per folded lot number); the product use's text is set to the catalogue's spelling and
  the old spelling kept in ``record_revision`` (no staff member: the migration). Near matches ("NCTF 135HA")
  stay separate products, for a manager to merge (services.catalogue.near_duplicates) — never merged here.

Revision ID: 0009
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

def _key(text: str | None) -> str:
    """Case and space folding (as services.catalogue.fold_key; copied so the migration stays fixed)."""
    return " ".join((text or "").casefold().split())


revision: str = "0009"
down_revision: Union[str, None] = "0008"
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
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["changed_by_id"], ["staff_member.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_record_revision_row", "record_revision", ["table_name", "row_id", "edit_number"])
    # added in place (SQLite's ALTER TABLE ADD COLUMN), never by copying the table others point at
    op.add_column("treatment_session", sa.Column("entered_in_error", sa.Boolean(), nullable=False,
                                                 server_default=sa.false()))
    op.add_column("treatment_session", sa.Column("error_reason", sa.String(), nullable=False, server_default=""))

    op.add_column("staff_member", sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    op.add_column("patient", sa.Column("allergies", sa.String(), nullable=False, server_default=""))
    op.add_column("patient", sa.Column("conditions", sa.JSON(), nullable=False, server_default="[]"))

    op.create_table(
        "patient_merge",
        sa.Column("merged_patient_id", sa.Integer(), nullable=False),
        sa.Column("kept_patient_id", sa.Integer(), nullable=False),
        sa.Column("merged_by_id", sa.Integer(), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["merged_patient_id"], ["patient.id"]),
        sa.ForeignKeyConstraint(["kept_patient_id"], ["patient.id"]),
        sa.ForeignKeyConstraint(["merged_by_id"], ["staff_member.id"]),
        sa.PrimaryKeyConstraint("merged_patient_id"),
    )
    op.create_index("ix_patient_merge_kept_patient_id", "patient_merge", ["kept_patient_id"])

    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("manufacturer", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.Enum("medicine", "device", name="productkind"), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["merged_into_id"], ["product.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_product_name_key", "product", ["name_key"])
    op.create_table(
        "batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("lot_number", sa.String(length=80), nullable=False),
        sa.Column("lot_key", sa.String(length=80), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"]),
        sa.ForeignKeyConstraint(["merged_into_id"], ["batch.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_batch_product_lot", "batch", ["product_id", "lot_key"])
    op.create_index("ix_batch_lot_key", "batch", ["lot_key"])
    op.create_index("ix_batch_gtin", "batch", ["gtin"])
    op.create_table(
        "product_use_batch",
        sa.Column("product_use_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["product_use_id"], ["product_use.id"]),
        sa.ForeignKeyConstraint(["batch_id"], ["batch.id"]),
        sa.PrimaryKeyConstraint("product_use_id"),
    )
    op.create_index("ix_product_use_batch_batch_id", "product_use_batch", ["batch_id"])
    _move_product_uses_into_the_catalogue()


def _move_product_uses_into_the_catalogue() -> None:
    """One product per folded name, one batch per folded lot of it; each product use points at its batch."""
    from datetime import UTC, datetime

    bind = op.get_bind()
    meta = sa.MetaData()
    product_use = sa.Table("product_use", meta, autoload_with=bind)
    product = sa.Table("product", meta, autoload_with=bind)
    batch = sa.Table("batch", meta, autoload_with=bind)
    revision_t = sa.Table("record_revision", meta, autoload_with=bind)
    link = sa.Table("product_use_batch", meta, autoload_with=bind)
    now = datetime.now(UTC).replace(tzinfo=None)
    spellings = bind.execute(
        sa.select(product_use.c.product_name, product_use.c.batch_number, sa.func.min(product_use.c.id),
                  sa.func.min(product_use.c.expiry_date), sa.func.min(product_use.c.unit))
        .group_by(product_use.c.product_name, product_use.c.batch_number)
        .order_by(sa.func.min(product_use.c.id))).all()
    products: dict[str, tuple[int, str]] = {}
    batches: dict[tuple[int, str], tuple[int, str]] = {}
    respell: list[tuple[str, str, str, str]] = []
    for name, lot, _first_id, expiry, unit in spellings:
        key = _key(name)
        if key not in products:
            shown = " ".join((name or "").split())
            new_id = bind.execute(product.insert().values(
                name=shown, name_key=key, manufacturer="", kind="medicine", unit=unit or "ml",
                created_at=now)).inserted_primary_key[0]
            products[key] = (new_id, shown)
        product_id, product_name = products[key]
        lot_key = _key(lot)
        if (product_id, lot_key) not in batches:
            shown_lot = " ".join((lot or "").split())
            new_id = bind.execute(batch.insert().values(
                product_id=product_id, lot_number=shown_lot, lot_key=lot_key, expiry_date=expiry, gtin="",
                created_at=now)).inserted_primary_key[0]
            batches[(product_id, lot_key)] = (new_id, shown_lot)
        batch_id, lot_number = batches[(product_id, lot_key)]
        same = (product_use.c.product_name == name) & (product_use.c.batch_number == lot)
        bind.execute(link.insert().from_select(["product_use_id", "batch_id"], sa.select(
            product_use.c.id, sa.literal(batch_id, sa.Integer())).where(same)))
        if name != product_name or lot != lot_number:
            respell.append((name, lot, product_name, lot_number))
    # every use is linked before any text changes, so no spelling is matched twice
    reason = "Catalogue: the same product and batch once case and spaces are folded"
    for name, lot, product_name, lot_number in respell:  # keep the spelling each had, field by field
        same = (product_use.c.product_name == name) & (product_use.c.batch_number == lot)
        for (use_id,) in bind.execute(sa.select(product_use.c.id).where(same)).all():
            for field, old, new in (("product_name", name, product_name), ("batch_number", lot, lot_number)):
                if old != new:
                    bind.execute(revision_t.insert().values(  # the table is new: edit 1 of the row
                        table_name="product_use", row_id=use_id, edit_number=1, field=field, old_value=old,
                        new_value=new, reason=reason, changed_by_id=None, changed_at=now))
        bind.execute(product_use.update().where(same).values(product_name=product_name, batch_number=lot_number))


def downgrade() -> None:
    op.drop_index("ix_product_use_batch_batch_id", table_name="product_use_batch")
    op.drop_table("product_use_batch")
    op.drop_index("ix_batch_gtin", table_name="batch")
    op.drop_index("ix_batch_lot_key", table_name="batch")
    op.drop_index("ix_batch_product_lot", table_name="batch")
    op.drop_table("batch")
    op.drop_index("ix_product_name_key", table_name="product")
    op.drop_table("product")
    sa.Enum(name="productkind").drop(op.get_bind(), checkfirst=True)
    # not batch mode: copying treatment_session (which product uses, follow-ups and issuances point at)
    # would break those links on SQLite; SQLite 3.35+ drops a plain column in place
    op.drop_index("ix_patient_merge_kept_patient_id", table_name="patient_merge")
    op.drop_table("patient_merge")
    op.drop_column("staff_member", "must_change_password")
    op.drop_column("patient", "conditions")
    op.drop_column("patient", "allergies")
    op.drop_column("treatment_session", "error_reason")
    op.drop_column("treatment_session", "entered_in_error")
    op.drop_index("ix_record_revision_row", table_name="record_revision")
    op.drop_table("record_revision")
