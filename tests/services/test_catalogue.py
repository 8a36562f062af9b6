"""Product and batch catalogue: scanner input (GS1 via biip), one batch however it was entered, recall by
catalogue batch, near duplicates listed (never merged silently), a manager's merge with history, and the
migration of free-text product uses on the demo database (counts before and after)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from clinic_desktop.db.migrate import downgrade_database, upgrade_database
from clinic_desktop.models import Batch, Product, ProductUse, ProductUseBatch, RecordRevision
from clinic_desktop.services import catalogue, recall
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from clinic_desktop.services.treatments import ProductUseCreate

from .helpers import patient, treatment
from tests.language import msg_text
from tests.migration_helpers import revision_before

GTIN = "09501101530003"
SCANS = {
    "DataMatrix with ]d2": f"]d201{GTIN}1727123110AB12",
    "FNC1 as GS, lot not last": f"\x1d01{GTIN}10AB12\x1d17271231",
    "GS1-128 with ]C1": f"]C101{GTIN}1727123110AB12\r",
}


@pytest.mark.parametrize("text", SCANS.values(), ids=SCANS.keys())
def test_scanner_input_gives_gtin_lot_and_expiry(text):
    assert catalogue.looks_scanned(text)
    assert catalogue.parse_scan(text) == catalogue.ScannedLabel(GTIN, "AB12", date(2027, 12, 31))


def test_a_typed_lot_is_not_taken_for_a_scan_and_a_label_without_lot_is_refused():
    for typed in ("AB12", "NC24-0412A", "0123", "10AB12"):
        assert not catalogue.looks_scanned(typed)
    with pytest.raises(ValidationError) as err:
        catalogue.parse_scan(f"]d201{GTIN}17271231")
    assert err.value.errors["batch_number"] == msg_text(
        "This barcode has no lot number (AI 10); type the lot number as printed on the box.")


def test_recall_finds_a_batch_entered_by_scanner_and_by_hand(db, practitioner):
    p = patient(db, practitioner)
    label = catalogue.parse_scan(SCANS["DataMatrix with ]d2"])
    scanned = treatment(
        db,
        practitioner,
        p.id,
        practitioner.id,
        datetime(2026, 11, 2, 10, tzinfo=UTC),
        products=[
            ProductUseCreate(
                product_name="NCTF 135 HA",
                batch_number=label.lot_number,
                expiry_date=label.expiry_date,
                gtin=label.gtin,
                quantity=3.0,
            )
        ],
    )
    by_hand = treatment(
        db,
        practitioner,
        p.id,
        practitioner.id,
        datetime(2026, 11, 9, 10, tzinfo=UTC),
        products=[
            ProductUseCreate(
                product_name="nctf  135 ha ", batch_number=" ab12", expiry_date=date(2027, 12, 31)
            )
        ],
    )
    # the next box scanned with no name typed: the product comes from its GTIN
    scanned_only = treatment(
        db,
        practitioner,
        p.id,
        practitioner.id,
        datetime(2026, 11, 16, 10, tzinfo=UTC),
        products=[ProductUseCreate(product_name="", batch_number="AB12", gtin=GTIN)],
    )
    uses = db.exec(select(ProductUse).order_by(ProductUse.id)).all()
    assert len({db.get(ProductUseBatch, u.id).batch_id for u in uses}) == 1
    assert {(u.product_name, u.batch_number) for u in uses} == {
        ("NCTF 135 HA", "AB12")
    }  # the catalogue's spelling
    assert len(db.exec(select(Product)).all()) == 1 and len(db.exec(select(Batch)).all()) == 1
    rows = recall.batch_recall(db, actor=practitioner, batch_number="ab12")
    assert sorted(r.treatment_session_id for r in rows) == sorted([scanned.id, by_hand.id, scanned_only.id])
    assert (
        len(recall.batch_recall(db, actor=practitioner, batch_number="AB12", product_name="NCTF 135 HA")) == 3
    )


def test_an_unknown_gtin_without_a_name_is_asked_for_at_the_field(db, practitioner):
    p = patient(db, practitioner)
    with pytest.raises(ValidationError) as err:
        treatment(
            db,
            practitioner,
            p.id,
            practitioner.id,
            datetime(2026, 11, 2, 10, tzinfo=UTC),
            products=[ProductUseCreate(product_name="", batch_number="AB12", gtin=GTIN)],
        )
    assert err.value.errors["products[0].product_name"] == msg_text(
        "Product {number}: this barcode's product (GTIN {gtin}) is new to the catalogue; type its name "
        "once.").format(number=1, gtin=GTIN)
    assert db.exec(select(Product)).all() == []


def test_near_duplicates_are_listed_and_a_manager_merges_them_with_history(db, practitioner, manager):
    p = patient(db, practitioner)
    one = treatment(
        db,
        practitioner,
        p.id,
        practitioner.id,
        datetime(2026, 11, 2, 10, tzinfo=UTC),
        products=[ProductUseCreate(product_name="NCTF 135HA", batch_number="AB12")],
    )
    treatment(
        db,
        practitioner,
        p.id,
        practitioner.id,
        datetime(2026, 11, 9, 10, tzinfo=UTC),
        products=[
            ProductUseCreate(product_name="NCTF 135 HA", batch_number="ab12"),
            ProductUseCreate(product_name="Hydra Glow", batch_number="HG1"),
        ],
    )
    [match] = catalogue.near_duplicates(db)
    assert {match.first.name, match.second.name} == {"NCTF 135HA", "NCTF 135 HA"}
    assert len(catalogue.list_products(db)) == 3  # listed, not merged
    keep = next(r for r in catalogue.list_products(db) if r.name == "NCTF 135 HA")
    gone = next(r for r in catalogue.list_products(db) if r.name == "NCTF 135HA")
    with pytest.raises(PermissionDenied):
        catalogue.merge_products(db, actor=practitioner, keep_id=keep.id, merge_id=gone.id)
    catalogue.merge_products(db, actor=manager, keep_id=keep.id, merge_id=gone.id)
    rows = catalogue.list_products(db)
    assert [(r.name, r.batches, r.uses) for r in rows] == [("Hydra Glow", 1, 1), ("NCTF 135 HA", 1, 2)]
    assert catalogue.near_duplicates(db) == []
    use = db.exec(select(ProductUse).where(ProductUse.treatment_session_id == one.id)).one()
    assert (use.product_name, use.batch_number) == ("NCTF 135 HA", "ab12")
    revs = db.exec(select(RecordRevision).where(RecordRevision.row_id == use.id)).all()
    assert {(r.field, r.old_value, r.new_value) for r in revs} == {
        ("product_name", "NCTF 135HA", "NCTF 135 HA"),
        ("batch_number", "AB12", "ab12"),
    }
    # typing the merged spelling again finds the product kept
    assert catalogue.find_product(db, "NCTF 135HA").name == "NCTF 135 HA"


def test_migration_moves_the_demo_clinics_product_uses_into_the_catalogue(engine, db):
    from clinic_desktop.services.demo import create_demo_clinic

    create_demo_clinic(db, history_days=45, with_sheets=False)
    db.close()
    downgrade_database(engine, revision_before("0009"))
    with engine.begin() as conn:  # the spellings retyped at the desk before the catalogue
        ids = [
            r[0]
            for r in conn.execute(
                sa.text("SELECT id FROM product_use WHERE product_name = 'NCTF 135HA' ORDER BY id")
            )
        ]
        assert len(ids) >= 6
        third = len(ids) // 3
        conn.execute(
            sa.text(
                "UPDATE product_use SET product_name = 'NCTF 135 HA' WHERE id IN ({})".format(
                    ",".join(map(str, ids[:third]))
                )
            )
        )
        conn.execute(
            sa.text(
                "UPDATE product_use SET product_name = 'nctf 135 ha ', batch_number = "
                "lower(batch_number) WHERE id IN ({})".format(",".join(map(str, ids[third : 2 * third])))
            )
        )
        uses = conn.execute(sa.text("SELECT COUNT(*) FROM product_use")).scalar()
        spellings = conn.execute(sa.text("SELECT COUNT(DISTINCT product_name) FROM product_use")).scalar()
        pairs = conn.execute(sa.text("SELECT DISTINCT product_name, batch_number FROM product_use")).all()
    folded = {(" ".join(n.casefold().split()), " ".join(b.casefold().split())) for n, b in pairs}
    assert len(folded) < len(pairs)  # some lots are spelt two ways
    upgrade_database(engine)
    with Session(engine) as s:
        products = s.exec(select(Product)).all()
        batches = s.exec(select(Batch)).all()
        moved = s.exec(select(ProductUse)).all()
        revisions = s.exec(select(RecordRevision).where(RecordRevision.table_name == "product_use")).all()
        links = {link.product_use_id: link.batch_id for link in s.exec(select(ProductUseBatch))}
        assert len(moved) == uses and set(links) == {u.id for u in moved}  # every use is in the catalogue
        assert len(products) == spellings - 1  # "NCTF 135 HA" and "nctf 135 ha " joined; "NCTF 135HA" did not
        assert len(batches) == len(folded)  # a lower-cased lot joined its upper-case batch
        names = sorted(p.name for p in products)
        assert "NCTF 135 HA" in names and "NCTF 135HA" in names
        changed = [u for u in moved if u.id in ids[third : 2 * third]]
        assert {u.product_name for u in changed} == {"NCTF 135 HA"} and all(
            u.batch_number.isupper() or "-" in u.batch_number for u in changed
        )
        assert len(revisions) == 2 * third and all(r.changed_by_id is None for r in revisions)
        [match] = [m for m in catalogue.near_duplicates(s) if "NCTF" in m.first.name]
        assert {match.first.name, match.second.name} == {"NCTF 135 HA", "NCTF 135HA"}
        # the report's batch rows come from the catalogue's spelling: one row per catalogue batch
        per_batch = {(u.product_name, u.batch_number, links[u.id]) for u in moved}
        assert len(per_batch) == len(batches) == len({(u.product_name, u.batch_number) for u in moved})


def test_a_manager_sets_manufacturer_kind_and_a_new_name_that_the_uses_follow(db, practitioner, manager):
    p = patient(db, practitioner)
    treatment(db, practitioner, p.id, practitioner.id, datetime(2026, 11, 2, 10, tzinfo=UTC),
              products=[ProductUseCreate(product_name="nctf 135", batch_number="AB12")])
    product = db.exec(select(Product)).one()
    with pytest.raises(PermissionDenied):
        catalogue.update_product(db, actor=practitioner, product_id=product.id, manufacturer="Filorga")
    with pytest.raises(ValidationError) as err:
        catalogue.update_product(db, actor=manager, product_id=product.id, kind="cream", unit="litres")
    assert set(err.value.errors) == {"kind", "unit"}
    catalogue.update_product(db, actor=manager, product_id=product.id, name="NCTF 135 HA",
                             manufacturer="Filorga", kind="medicine")
    row = db.get(Product, product.id)
    assert (row.name, row.name_key, row.manufacturer) == ("NCTF 135 HA", "nctf 135 ha", "Filorga")
    assert db.exec(select(ProductUse)).one().product_name == "NCTF 135 HA"
    fields = {r.field for r in db.exec(select(RecordRevision).where(RecordRevision.table_name == "product"))}
    assert fields == {"name", "manufacturer"}


def test_a_merge_from_a_stale_list_is_refused(db, practitioner, manager):
    from clinic_desktop.services.corrections import current_version
    from clinic_desktop.services.errors import ConflictError

    p = patient(db, practitioner)
    for name in ("NCTF 135HA", "NCTF 135 HA"):
        treatment(db, practitioner, p.id, practitioner.id, datetime(2026, 11, 2, 10, tzinfo=UTC),
                  products=[ProductUseCreate(product_name=name, batch_number="AB12")])
    a, b = db.exec(select(Product).order_by(Product.id)).all()
    seen = {x.id: current_version(db, "product", x) for x in (a, b)}
    catalogue.update_product(db, actor=manager, product_id=b.id, manufacturer="Filorga")  # meanwhile
    with pytest.raises(ConflictError) as err:
        catalogue.merge_products(db, actor=manager, keep_id=a.id, merge_id=b.id, expected_versions=seen)
    assert err.value.changed_by == "Mona Manager" and err.value.fields == ("manufacturer",)
    assert db.get(Product, b.id).merged_into_id is None
