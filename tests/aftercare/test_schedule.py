"""The dated schedule: real calendar dates per phase (leap years, new year), and merging a visit."""

from __future__ import annotations

from datetime import date

import pytest

from clinic_desktop.aftercare.errors import SheetError
from clinic_desktop.aftercare.schedule import build_schedule, plan_visit, validate_adjustments
from clinic_desktop.aftercare.sheet_inputs import Adjustment

from .conftest import FACIAL, HAIR

# Expected strings written out by hand (not computed with the formatter under test).
EXPECTED = {
    ("en", date(2026, 2, 28)): [
        "Day 0 · Sat 28 Feb 2026",
        "Days 1–2 · Sun 1 Mar – Mon 2 Mar 2026",
        "Days 3–6 · Tue 3 Mar – Fri 6 Mar 2026",
        "Day 7 onward · Sat 7 Mar 2026",
    ],
    ("en", date(2028, 2, 28)): [
        "Day 0 · Mon 28 Feb 2028",
        "Days 1–2 · Tue 29 Feb – Wed 1 Mar 2028",
        "Days 3–6 · Thu 2 Mar – Sun 5 Mar 2028",
        "Day 7 onward · Mon 6 Mar 2028",
    ],
    ("en", date(2026, 12, 31)): [
        "Day 0 · Thu 31 Dec 2026",
        "Days 1–2 · Fri 1 Jan – Sat 2 Jan 2027",
        "Days 3–6 · Sun 3 Jan – Wed 6 Jan 2027",
        "Day 7 onward · Thu 7 Jan 2027",
    ],
    ("fr", date(2026, 2, 28)): [
        "Jour 0 · samedi 28 février 2026",
        "Jours 1–2 · du dimanche 1er au lundi 2 mars 2026",
        "Jours 3–6 · du mardi 3 au vendredi 6 mars 2026",
        "À partir du jour 7 · samedi 7 mars 2026",
    ],
    ("fr", date(2028, 2, 28)): [
        "Jour 0 · lundi 28 février 2028",
        "Jours 1–2 · du mardi 29 février au mercredi 1er mars 2028",
        "Jours 3–6 · du jeudi 2 au dimanche 5 mars 2028",
        "À partir du jour 7 · lundi 6 mars 2028",
    ],
    ("fr", date(2026, 12, 31)): [
        "Jour 0 · jeudi 31 décembre 2026",
        "Jours 1–2 · du vendredi 1er au samedi 2 janvier 2027",
        "Jours 3–6 · du dimanche 3 au mercredi 6 janvier 2027",
        "À partir du jour 7 · jeudi 7 janvier 2027",
    ],
}


@pytest.mark.parametrize(("language", "day"), list(EXPECTED))
def test_phase_headings_have_real_localised_dates(bundled, language, day):
    phases = build_schedule(bundled[(FACIAL, language)], day, language)
    assert [p.heading for p in phases] == EXPECTED[(language, day)]


def test_phase_dates_cross_the_leap_day_and_new_year(bundled):
    phases = build_schedule(bundled[(FACIAL, "en")], date(2028, 2, 28), "en")
    assert phases[1].start_date == date(2028, 2, 29)
    assert phases[1].end_date == date(2028, 3, 1)
    assert phases[-1].end_date is None
    phases = build_schedule(bundled[(FACIAL, "en")], date(2026, 12, 31), "en")
    assert phases[2].end_date == date(2027, 1, 6)


def test_merged_visit_keeps_the_stricter_rule(bundled):
    plan = plan_visit(
        [(bundled[(FACIAL, "en")], date(2026, 11, 29)), (bundled[(HAIR, "en")], date(2026, 11, 29))], "en"
    )
    by_key = {r.key: r for r in plan.restrictions}
    # Facial says 24 h for exercise and heat, hair says 48 h: the sheet shows 48 h for both wordings.
    assert by_key["exercise"].hours == 48
    assert by_key["exercise"].texts == ["No exercise or sweating for 48 hours."]
    assert by_key["heat"].hours == 48
    assert all("48 hours" in text for text in by_key["heat"].texts)
    assert by_key["heat"].end_date == date(2026, 12, 1)
    # Keys only one treatment has are kept; each treatment keeps its own phases.
    assert {"washing", "hair_washing", "makeup"} <= by_key.keys()
    assert [len(t.phases) for t in plan.treatments] == [4, 3]
    # Avoid items shared by key keep the later date (facial scrubs day 14 beats hair scrubs day 7).
    scrubs = {a.key: a for a in plan.avoid}["scrubs"]
    assert scrubs.until_date == date(2026, 12, 27) and len(scrubs.texts) == 2  # day 28 (issue #12)
    assert plan.follow_ups == [(date(2026, 12, 1), "phone_check"), (date(2026, 12, 13), "review")]


def test_extend_adjustment_replaces_the_default_and_is_marked(bundled):
    adj = Adjustment(kind="extend", restriction_key="makeup", hours=72, by="Dr Tremblay")
    plan = plan_visit([(bundled[(FACIAL, "en")], date(2026, 11, 29))], "en", [adj])
    makeup = {r.key: r for r in plan.restrictions}["makeup"]
    assert makeup.hours == 72 and makeup.adjusted and makeup.adjusted_by == "Dr Tremblay"
    assert makeup.texts[0].startswith("No makeup for 72 hours.")
    assert makeup.end_date == date(2026, 12, 2)


def test_adjustment_below_the_minimum_is_refused_naming_the_restriction(bundled):
    facial = bundled[(FACIAL, "en")]
    with pytest.raises(SheetError, match="makeup.*24 hours"):
        validate_adjustments([facial], [Adjustment(kind="extend", restriction_key="makeup", hours=12)])
    with pytest.raises(SheetError, match="sunbathing"):
        validate_adjustments([facial], [Adjustment(kind="extend", restriction_key="sunbathing", hours=100)])
    # With two treatments the larger minimum applies (hair heat: at least 48 h).
    hair = bundled[(HAIR, "en")]
    with pytest.raises(SheetError, match="heat.*48 hours"):
        validate_adjustments([facial, hair], [Adjustment(kind="extend", restriction_key="heat", hours=30)])
    validate_adjustments(
        [facial],
        [
            Adjustment(kind="extend", restriction_key="makeup", hours=24),
            Adjustment(kind="note", text="Ice 10 min"),
        ],
    )
