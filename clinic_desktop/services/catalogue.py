"""The product and batch catalogue: products (name, manufacturer, kind, unit) and their batches (lot number,
expiry, GTIN), chosen by type-ahead when a treatment session is recorded, added inline by a practitioner,
merged by a manager; and a keyboard-wedge scanner's GS1 input read with ``biip``.

Spellings that are equal once case and spaces are folded (:func:`fold_key`: "NCTF 135 HA" and
"nctf 135 ha ") are one product; near matches ("NCTF 135HA") are only listed (:func:`near_duplicates`)
for a manager to merge (:func:`merge_products`) — never merged silently. A product use keeps the
catalogue's spelling in its ``product_name`` / ``batch_number`` (so reports grouping by them group by
catalogue batch) and is linked to its batch (:class:`~clinic_desktop.models.ProductUseBatch`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from clinic_desktop.models import Batch, Product, ProductKind, ProductUse, ProductUseBatch, StaffMember
from clinic_desktop.services import audit
from clinic_desktop.services.errors import NotFound, ValidationError
from clinic_desktop.services.messages import _
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.text import fold

#: Near-match threshold (difflib ratio of the folded names, 0-1) above which two products are listed.
NEAR_RATIO = 0.9
#: Prefixes a barcode scanner sends before a GS1 symbol (ISO/IEC 15424 symbology identifiers):
#: ``]d2`` GS1 DataMatrix, ``]C1`` GS1-128, ``]Q3`` GS1 QR Code, ``]e0`` GS1 DataBar.
GS1_PREFIXES = ("]d2", "]C1", "]Q3", "]e0")
GS = "\x1d"  # FNC1 as the ASCII group separator


def fold_key(text: str | None) -> str:
    """Case- and space-folded text: ``fold_key(" nctf  135 HA ") == "nctf 135 ha"`` (accents and
    punctuation kept: "135HA" stays different from "135 HA")."""
    return " ".join((text or "").casefold().split())


def tidy(text: str | None) -> str:
    """Text as shown in the catalogue: trimmed, inner runs of spaces made one."""
    return " ".join((text or "").split())


def _active(product: Product, session: Session) -> Product:
    seen = set()
    while product.merged_into_id is not None and product.id not in seen:
        seen.add(product.id)
        product = session.get(Product, product.merged_into_id) or product
    return product


def _active_batch(b: Batch, session: Session) -> Batch:
    seen = set()
    while b.merged_into_id is not None and b.id not in seen:
        seen.add(b.id)
        b = session.get(Batch, b.merged_into_id) or b
    return b


def find_product(session: Session, name: str) -> Product | None:
    """The catalogue product whose name folds like ``name`` (a merged one leads to the product kept)."""
    row = session.exec(
        select(Product).where(Product.name_key == fold_key(name)).order_by(col(Product.id))
    ).first()
    return _active(row, session) if row is not None else None


def find_batch(session: Session, product: Product, lot_number: str) -> Batch | None:
    """The batch of ``product`` whose lot folds like ``lot_number``, or None."""
    row = session.exec(
        select(Batch)
        .where(Batch.product_id == product.id, Batch.lot_key == fold_key(lot_number))
        .order_by(col(Batch.id))
    ).first()
    return _active_batch(row, session) if row is not None else None


def product_for_gtin(session: Session, gtin: str) -> Product | None:
    """The product a GTIN (AI 01, 14 digits) was scanned for before, or None."""
    row = session.exec(select(Batch).where(Batch.gtin == gtin.strip()).order_by(col(Batch.id))).first()
    return _active(session.get(Product, row.product_id), session) if row is not None else None  # type: ignore[arg-type]


def canonical(session: Session, product_name: str, lot_number: str) -> tuple[str, str]:
    """The catalogue's spelling of (product, lot) when they are known, else the typed text tidied."""
    product = find_product(session, product_name)
    if product is None:
        return tidy(product_name), tidy(lot_number)
    found = find_batch(session, product, lot_number)
    return product.name, found.lot_number if found else tidy(lot_number)


def resolve_batch(
    session: Session,
    *,
    product_name: str,
    lot_number: str,
    expiry_date: date | None = None,
    gtin: str = "",
    unit: str = "ml",
) -> Batch:
    """The catalogue batch for a product use, adding the product and/or batch when new (inline, by the
    practitioner recording the treatment session; the caller checked that permission and commits).

    A batch without expiry or GTIN gets the ones given. Flushed, so the batch has an id.
    """
    product = find_product(session, product_name)
    if product is None:
        product = Product(name=tidy(product_name), name_key=fold_key(product_name), unit=unit or "ml")
        session.add(product)
        session.flush()
    found = find_batch(session, product, lot_number)
    if found is None:
        found = Batch(
            product_id=product.id,
            lot_number=tidy(lot_number),
            lot_key=fold_key(lot_number),  # type: ignore[arg-type]
            expiry_date=expiry_date,
            gtin=gtin.strip(),
        )
    else:
        if found.expiry_date is None and expiry_date is not None:
            found.expiry_date = expiry_date
        if not found.gtin and gtin.strip():
            found.gtin = gtin.strip()
    session.add(found)
    session.flush()
    return found


# ------------------------------------------------------------------------------------------ scanner


@dataclass(frozen=True)
class ScannedLabel:
    """What a GS1 barcode says: GTIN (AI 01), lot (AI 10), expiry (AI 17; None when absent)."""

    gtin: str
    lot_number: str
    expiry_date: date | None


def looks_scanned(text: str) -> bool:
    """True when ``text`` is a scanner's GS1 element string rather than a typed lot number: it starts with a
    symbology identifier (``]d2``, ``]C1``…) or FNC1 (GS), contains GS, or starts with AI 01 and 14 digits."""
    raw = text.strip("\r\n")
    if raw.startswith(GS1_PREFIXES) or GS in raw:
        return True
    return raw.startswith("01") and len(raw) > 16 and raw[2:16].isdigit()


def parse_scan(text: str) -> ScannedLabel:
    """Read a GS1 DataMatrix / GS1-128 element string typed by a keyboard-wedge scanner (with ``biip``).

    Raises ValidationError on ``batch_number`` when the text is not a GS1 message with a lot (AI 10).
    """
    import biip

    raw = text.strip("\r\n")
    if raw.startswith(GS):
        raw = raw[1:]
    try:
        result = biip.parse(raw)  # FNC1 arrives as GS, biip's default separator
    except biip.ParseError as exc:
        raise ValidationError.single(
            "batch_number", _("This barcode could not be read; type the lot number as printed on the box.")
        ) from exc
    message = result.gs1_message
    if message is None:
        raise ValidationError.single(
            "batch_number",
            _("This barcode is not a GS1 product label; type the lot number as printed on the box."),
        )
    values = {e.ai.ai: e for e in message.element_strings}
    if "10" not in values:
        raise ValidationError.single(
            "batch_number",
            _("This barcode has no lot number (AI 10); type the lot number as printed on the box."),
        )
    expiry = values["17"].date if "17" in values else None
    return ScannedLabel(
        gtin=values["01"].value if "01" in values else "", lot_number=values["10"].value, expiry_date=expiry
    )


# ------------------------------------------------------------------------------------------ lists


@dataclass(frozen=True)
class ProductRow:
    """A catalogue product with how many product uses point at its batches."""

    id: int
    name: str
    manufacturer: str
    kind: ProductKind
    unit: str
    batches: int
    uses: int
    merged_into: str = ""


def product_names(session: Session) -> list[str]:
    """Names of the products in use (merged ones left out), alphabetical, for a type-ahead list."""
    rows = session.exec(select(Product.name).where(col(Product.merged_into_id).is_(None)))
    return sorted(rows, key=lambda n: fold(n))


def lots_of(session: Session, product_name: str) -> list[Batch]:
    """Batches of the product named (folded), newest expiry first, for a type-ahead list of lot numbers."""
    product = find_product(session, product_name)
    if product is None:
        return []
    return list(
        session.exec(
            select(Batch)
            .where(Batch.product_id == product.id, col(Batch.merged_into_id).is_(None))
            .order_by(col(Batch.expiry_date).desc(), col(Batch.id).desc())
        )
    )


def list_products(session: Session, *, include_merged: bool = False) -> list[ProductRow]:
    """Every catalogue product with its batch and use counts, alphabetical."""
    uses = dict(
        session.exec(
            select(Batch.product_id, func.count(col(ProductUseBatch.product_use_id)))
            .join(ProductUseBatch, col(ProductUseBatch.batch_id) == Batch.id)
            .group_by(Batch.product_id)
        ).all()
    )
    batches = dict(
        session.exec(
            select(Batch.product_id, func.count(col(Batch.id)))
            .where(col(Batch.merged_into_id).is_(None))
            .group_by(Batch.product_id)
        ).all()
    )
    names = {p.id: p.name for p in session.exec(select(Product))}
    out = []
    for p in session.exec(select(Product)):
        if p.merged_into_id is not None and not include_merged:
            continue
        out.append(
            ProductRow(
                p.id,
                p.name,
                p.manufacturer,
                ProductKind(p.kind),
                p.unit,  # type: ignore[arg-type]
                batches.get(p.id, 0),
                uses.get(p.id, 0),
                names.get(p.merged_into_id, "") if p.merged_into_id else "",
            )
        )
    return sorted(out, key=lambda r: fold(r.name))


@dataclass(frozen=True)
class NearMatch:
    """Two products whose names are close (e.g. "NCTF 135HA" / "NCTF 135 HA"): a manager may merge them."""

    first: ProductRow
    second: ProductRow
    similarity: float  # 0-1


def near_duplicates(session: Session) -> list[NearMatch]:
    """Pairs of products (not merged) whose names match once spaces, punctuation and accents are ignored,
    or are at least :data:`NEAR_RATIO` alike; most alike first. Never merges anything."""
    rows = list_products(session)
    squashed = {r.id: fold(r.name).replace(" ", "") for r in rows}
    pairs = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            ratio = (
                1.0
                if squashed[a.id] == squashed[b.id]
                else difflib.SequenceMatcher(None, squashed[a.id], squashed[b.id]).ratio()
            )
            if ratio >= NEAR_RATIO:
                pairs.append(NearMatch(a, b, round(ratio, 3)))
    return sorted(pairs, key=lambda m: -m.similarity)


# ------------------------------------------------------------------------------------------ edit


def update_product(session: Session, *, actor: StaffMember, product_id: int, name: str | None = None,
                   manufacturer: str | None = None, kind: str | None = None,
                   unit: str | None = None, expected_version: int | None = None) -> Product:
    """Set a catalogue product's name, manufacturer, kind (medicine or device) or unit; the fields given
    change, each kept in the revision history. A new name is written to the product's uses too (so the
    report rows follow it). Needs ``manage_catalogue``. Raises ValidationError (``name`` empty or another
    product's, ``kind``, ``unit``), NotFound, PermissionDenied. Audited as ``product.update``."""
    from clinic_desktop.services.corrections import _check_version, _record
    from clinic_desktop.services.treatments import UNITS

    require(session, actor, Permission.manage_catalogue)
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(_("There is no product number {product_id}.").format(product_id=product_id))
    _check_version(session, "product", product, expected_version, _("the product “{name}”").format(name=product.name))
    new: dict[str, object] = {}
    from clinic_desktop.services.limits import text_errors

    errors: dict[str, str] = text_errors({"name": name or "", "manufacturer": manufacturer or ""}, Product)
    if name is not None and "name" not in errors:
        other = find_product(session, name)
        if not tidy(name):
            errors["name"] = _("Enter the product's name.")
        elif other is not None and other.id != product.id:
            errors["name"] = _("“{name}” is already in the catalogue; merge the two instead.").format(name=other.name)
        else:
            new["name"] = tidy(name)
    if manufacturer is not None:
        new["manufacturer"] = tidy(manufacturer)
    if kind is not None:
        if kind not in {k.value for k in ProductKind}:
            errors["kind"] = _("Choose medicine or device.")
        else:
            new["kind"] = ProductKind(kind)
    if unit is not None:
        if unit not in UNITS:
            errors["unit"] = _("Choose a unit ({join}).").format(join=', '.join(UNITS))
        else:
            new["unit"] = unit
    if errors:
        raise ValidationError(errors)
    changes = {k: (getattr(product, k), v) for k, v in new.items() if getattr(product, k) != v}
    if not changes:
        return product
    for k, (_old, value) in changes.items():
        setattr(product, k, value)
    if "name" in changes:
        product.name_key = fold_key(product.name)
        for use in session.exec(select(ProductUse).join(ProductUseBatch, col(ProductUseBatch.product_use_id)
                                                        == ProductUse.id).join(Batch, col(Batch.id) ==
                                                                                ProductUseBatch.batch_id)
                                .where(Batch.product_id == product.id)):
            use.product_name = product.name
            session.add(use)
    session.add(product)
    _record(session, actor=actor, table="product", row_id=product.id, changes=changes,  # type: ignore[arg-type]
            reason="catalogue edit")
    audit.record(session, actor=actor, action="product.update", entity="product", entity_id=product.id,
                 details={k: [str(getattr(o, "value", o)), str(getattr(n, "value", n))]
                          for k, (o, n) in changes.items()})
    session.commit()
    session.refresh(product)
    return product


# ------------------------------------------------------------------------------------------ merge


def merge_products(
    session: Session, *, actor: StaffMember, keep_id: int, merge_id: int, reason: str = "",
    expected_versions: dict[int, int] | None = None,
) -> Product:
    """Merge product ``merge_id`` into ``keep_id`` (two spellings of one product become one).

    Each batch of the merged product joins the kept product's batch with the same folded lot number, or
    moves to the kept product; every product use then shows the kept spelling, the old one kept in the
    revision history. The merged product stays, pointing at the one kept. Needs ``manage_catalogue``
    (managers, admins). ``expected_versions`` maps product id to the version the list was read at (a stale
    one is refused with ConflictError). Raises NotFound, ValidationError (``merge_id``: same product or
    already merged), PermissionDenied. Audited as ``product.merge``.
    """
    from clinic_desktop.services.corrections import _check_version, _record

    require(session, actor, Permission.manage_catalogue)
    keep, gone = session.get(Product, keep_id), session.get(Product, merge_id)
    if keep is None or gone is None:
        raise NotFound(_("There is no product number {value}.").format(value=keep_id if keep is None else merge_id))
    if keep.id == gone.id:
        raise ValidationError.single("merge_id", _("Choose two different products to merge."))
    if gone.merged_into_id is not None or keep.merged_into_id is not None:
        raise ValidationError.single("merge_id", _("One of these products was already merged into another."))
    for p in (keep, gone):
        _check_version(session, "product", p, (expected_versions or {}).get(p.id), _("the product “{name}”").format(name=p.name))  # type: ignore[arg-type]
    why = tidy(reason) or f"Products merged: “{gone.name}” is “{keep.name}”"
    moved_uses = 0
    for b in list(session.exec(select(Batch).where(Batch.product_id == gone.id))):
        target = find_batch(session, keep, b.lot_number)
        if target is None:
            b.product_id = keep.id  # type: ignore[assignment]
            target = b
        else:
            b.merged_into_id = target.id
            if target.expiry_date is None:
                target.expiry_date = b.expiry_date
            if not target.gtin:
                target.gtin = b.gtin
        session.add(b)
        session.add(target)
        for use, link in session.exec(
            select(ProductUse, ProductUseBatch)
            .join(ProductUseBatch, col(ProductUseBatch.product_use_id) == ProductUse.id)
            .where(ProductUseBatch.batch_id == b.id)
        ):
            changes = {}
            if use.product_name != keep.name:
                changes["product_name"] = (use.product_name, keep.name)
            if use.batch_number != target.lot_number:
                changes["batch_number"] = (use.batch_number, target.lot_number)
            link.batch_id = target.id  # type: ignore[assignment]
            session.add(link)
            use.product_name, use.batch_number = keep.name, target.lot_number
            session.add(use)
            if changes:
                _record(
                    session,
                    actor=actor,
                    table="product_use",
                    row_id=use.id,
                    changes=changes,  # type: ignore[arg-type]
                    reason=why,
                )
            moved_uses += 1
    gone.merged_into_id = keep.id
    session.add(gone)
    audit.record(
        session,
        actor=actor,
        action="product.merge",
        entity="product",
        entity_id=keep.id,
        details={
            "kept": keep.name,
            "merged": gone.name,
            "merged_id": gone.id,
            "product_uses": moved_uses,
            "reason": why,
        },
    )
    session.commit()
    session.refresh(keep)
    return keep
