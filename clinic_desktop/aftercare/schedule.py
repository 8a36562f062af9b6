"""The dated schedule: a protocol's phases on the calendar, and one merged plan for a whole visit.

Day ``n`` of a protocol is ``treatment_date + n days`` (day 0 is the treatment day), so month, year and
leap-day boundaries come from :mod:`datetime`. Waiting times (restrictions) are counted in hours from
the treatment; when several treatments of one visit share a restriction key (both say "exercise"),
the stricter one — the later end — is printed for all of them, and a practitioner's per-patient
``extend`` adjustment replaces it (never below the largest ``min_hours``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from clinic_desktop.aftercare.errors import SheetError
from clinic_desktop.aftercare.protocol import Protocol
from clinic_desktop.aftercare.sheet_inputs import Adjustment
from clinic_desktop.aftercare.strings import day_label, format_day, format_range


@dataclass(frozen=True)
class DatedPhase:
    """One phase on the calendar. ``end_date`` is inclusive; None for the open-ended last phase.

    ``day_label`` ("Days 1–2") and ``date_label`` ("Mon 30 Nov – Tue 1 Dec 2026") are localised;
    ``heading`` joins them: "Days 1–2 · Mon 30 Nov – Tue 1 Dec 2026".
    """

    key: str
    title: str
    start_day: int
    end_day: int | None
    start_date: date
    end_date: date | None
    day_label: str
    date_label: str
    instructions: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"{self.day_label} · {self.date_label}"


def build_schedule(protocol: Protocol, treatment_date: date, language: str) -> list[DatedPhase]:
    """The protocol's phases with real dates, labelled in ``language`` ("en" or "fr").

    Raises KeyError for an unsupported language.
    """
    out = []
    for phase in protocol.phases:
        start = treatment_date + timedelta(days=phase.start_day)
        end = None if phase.end_day is None else treatment_date + timedelta(days=phase.end_day)
        out.append(
            DatedPhase(
                key=phase.key,
                title=phase.title,
                start_day=phase.start_day,
                end_day=phase.end_day,
                start_date=start,
                end_date=end,
                day_label=day_label(phase.start_day, phase.end_day, language),
                # Open-ended: the day label already says "onward", so the date is the plain start date.
                date_label=format_range(start, end, language)
                if end is not None
                else format_day(start, language),
                instructions=tuple(phase.instructions),
            )
        )
    return out


# --------------------------------------------------------------------------------------- visit plan


@dataclass(frozen=True)
class TreatmentPlan:
    """One treatment of the visit: its protocol, date and dated phases."""

    protocol: Protocol
    treatment_date: date
    phases: list[DatedPhase]


@dataclass
class MergedRestriction:
    """One waiting time for the whole visit.

    ``hours`` counts from the treatment on ``anchor_date``; ``texts`` are the distinct protocol texts,
    each filled in with ``hours``; ``end_date`` is the date the wait ends at the same time of day
    (None when ``hours`` is not a whole number of days). ``adjusted_by`` is set for a per-patient change.
    """

    key: str
    hours: int
    anchor_date: date
    texts: list[str]
    end_date: date | None
    adjusted: bool = False
    adjusted_by: str = ""


@dataclass
class MergedAvoid:
    """Something to avoid until the end of ``until_date`` (the latest of the treatments that list it).

    ``texts``: the distinct wordings of the treatments that list this key.
    """

    key: str
    texts: list[str]
    until_date: date


@dataclass
class ProductOnSheet:
    """A recommended product, usable from ``from_date``."""

    name: str
    from_date: date
    note: str = ""


@dataclass
class VisitPlan:
    """Everything dated on one sheet: per-treatment phases, and merged waits, avoid list, follow-ups."""

    treatments: list[TreatmentPlan]
    restrictions: list[MergedRestriction]
    avoid: list[MergedAvoid]
    follow_ups: list[tuple[date, str]]
    call_clinic: list[str]
    call_emergency: list[str]
    expected_effects: list[str]
    products: list[ProductOnSheet]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (text, by)
    safety_summary: list[str] = field(default_factory=list)  # one line per protocol, for the page-1 box


def validate_adjustments(protocols: Sequence[Protocol], adjustments: Sequence[Adjustment]) -> None:
    """Check per-patient adjustments against the visit's protocols.

    ``extend`` needs a ``restriction_key`` that one of the protocols has and ``hours`` at least the
    largest ``min_hours`` of those protocols; ``note`` needs text. Raises :class:`SheetError` naming the
    restriction and the minimum.
    """
    for adj in adjustments:
        if adj.kind == "note":
            if not adj.text.strip():
                raise SheetError("A practitioner note is empty; write the note or remove it.")
            continue
        key = adj.restriction_key or ""
        found = [r for p in protocols if (r := p.restriction(key)) is not None]
        if not found:
            known = sorted({r.key for p in protocols for r in p.restrictions})
            raise SheetError(
                f"There is no waiting time “{key}” in this treatment's protocol; "
                f"choose one of: {', '.join(known)}."
            )
        if adj.hours is None:
            raise SheetError(f"Give the number of hours for the waiting time “{key}”.")
        minimum = max(r.min_hours for r in found)
        if adj.hours < minimum:
            raise SheetError(
                f"The waiting time “{key}” cannot be shorter than {minimum} hours "
                f"({adj.hours} hours was asked); it can only be lengthened."
            )


def _dedupe(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _wait_end(day: date, hours: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(hours=hours)


def plan_visit(
    treatments: Sequence[tuple[Protocol, date]],
    language: str,
    adjustments: Sequence[Adjustment] = (),
) -> VisitPlan:
    """Merge the treatments of one visit into one dated plan without contradictions.

    ``treatments``: (protocol, local treatment date) in sheet order. Waiting times with the same key
    keep the latest end (the stricter rule) and show every treatment's wording with that duration;
    ``extend`` adjustments replace it (validated first, SheetError if too short). Avoid items with
    the same key keep the latest date; follow-ups, red flags and expected effects are de-duplicated.
    """
    validate_adjustments([p for p, _ in treatments], adjustments)
    plans = [TreatmentPlan(p, d, build_schedule(p, d, language)) for p, d in treatments]

    # Waiting times: the latest end wins (same visit → usually the same date, so the longest hours).
    chosen: dict[str, tuple[int, date]] = {}
    for protocol, day in treatments:
        for r in protocol.restrictions:
            current = chosen.get(r.key)
            if current is None or _wait_end(day, r.default_hours) > _wait_end(current[1], current[0]):
                chosen[r.key] = (r.default_hours, day)
    adjusted: dict[str, Adjustment] = {}
    for adj in adjustments:
        if adj.kind == "extend" and adj.restriction_key in chosen and adj.hours is not None:
            adjusted[adj.restriction_key] = adj
    restrictions = []
    for key, (hours, anchor) in chosen.items():
        adj = adjusted.get(key)
        if adj is not None and adj.hours is not None:
            hours = adj.hours
        texts = _dedupe([r.render(hours) for p, _ in treatments if (r := p.restriction(key)) is not None])
        restrictions.append(
            MergedRestriction(
                key=key,
                hours=hours,
                anchor_date=anchor,
                texts=texts,
                end_date=anchor + timedelta(days=hours // 24) if hours % 24 == 0 else None,
                adjusted=adj is not None,
                adjusted_by=adj.by if adj is not None else "",
            )
        )

    avoid: dict[str, MergedAvoid] = {}
    for protocol, day in treatments:
        for item in protocol.avoid:
            until = day + timedelta(days=item.until_day)
            merged = avoid.setdefault(item.key, MergedAvoid(item.key, [], until))
            merged.until_date = max(merged.until_date, until)
            if item.text not in merged.texts:
                merged.texts.append(item.text)

    follow_ups = sorted(
        {(day + timedelta(days=f.day), f.kind) for p, day in treatments for f in p.follow_ups}
    )
    products = [
        ProductOnSheet(prod.name, day + timedelta(days=prod.from_day), prod.note)
        for p, day in treatments
        for prod in p.recommended_products
    ]
    return VisitPlan(
        treatments=plans,
        restrictions=restrictions,
        avoid=list(avoid.values()),
        follow_ups=follow_ups,
        call_clinic=_dedupe([s for p, _ in treatments for s in p.red_flags.call_clinic]),
        call_emergency=_dedupe([s for p, _ in treatments for s in p.red_flags.call_emergency]),
        expected_effects=_dedupe([s for p, _ in treatments for s in p.expected_effects]),
        products=products,
        notes=[(a.text, a.by) for a in adjustments if a.kind == "note" and a.text.strip()],
        safety_summary=_dedupe([p.red_flags.summary for p, _ in treatments if p.red_flags.summary]),
    )


merge_schedules = plan_visit
"""Alias: the merged schedule of several treatments on one visit."""


__all__ = [
    "DatedPhase",
    "MergedAvoid",
    "MergedRestriction",
    "ProductOnSheet",
    "TreatmentPlan",
    "VisitPlan",
    "build_schedule",
    "format_day",
    "merge_schedules",
    "plan_visit",
    "validate_adjustments",
]
