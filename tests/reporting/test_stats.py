"""Statistics: Wilson interval, Fisher exact test, Holm correction, medians — against hand computation."""

from __future__ import annotations

import math

import pytest

from clinic_desktop.reporting.query import holm_adjust
from clinic_desktop.reporting.stats import (
    fisher_exact_greater,
    median_from_counts,
    per_thousand,
    wilson_interval,
)


def test_wilson_interval_matches_the_formula_worked_by_hand():
    # 3 of 15: p = 0.2, z = 1.959964; centre = (p + z²/2n) / (1 + z²/n); half = z/(1+z²/n) * sqrt(p(1-p)/n + z²/4n²)
    z = 1.959963984540054
    p = 0.2  # of n = 15
    centre = (p + z * z / 30) / (1 + z * z / 15)
    half = z / (1 + z * z / 15) * math.sqrt(p * 0.8 / 15 + z * z / (4 * 225))
    low, high = wilson_interval(3, 15)
    assert low == pytest.approx(centre - half) and high == pytest.approx(centre + half)
    assert (round(low, 4), round(high, 4)) == (0.0705, 0.4519)  # published value for 3/15


def test_wilson_interval_edges():
    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson_interval(10, 10)
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-4)
    with pytest.raises(ValueError):
        wilson_interval(5, 3)


def _fisher_by_hand(a: int, b: int, c: int, d: int) -> float:
    row1, col1, n = a + b, a + c, a + b + c + d
    return sum(
        math.comb(col1, k) * math.comb(n - col1, row1 - k) for k in range(a, min(row1, col1) + 1)
    ) / math.comb(n, row1)


def test_fisher_exact_matches_hypergeometric_sum_by_hand():
    # the lady tasting tea: [[3, 1], [1, 3]] one-sided p = 17/70
    assert fisher_exact_greater(3, 1, 1, 3) == pytest.approx(17 / 70)
    for table in [(5, 95, 10, 890), (0, 10, 3, 7), (3, 997, 2, 3998), (12, 88, 20, 880), (1, 0, 0, 1)]:
        assert fisher_exact_greater(*table) == pytest.approx(_fisher_by_hand(*table), rel=1e-9)


def test_fisher_exact_is_fast_and_sane_on_a_million_sessions():
    p = fisher_exact_greater(900, 9_100, 40_000, 950_000)  # 9 % against 4 %
    assert 0 <= p < 1e-50
    assert fisher_exact_greater(400, 9_600, 40_000, 950_000) > 0.5  # 4 % against 4 %


def test_holm_adjustment_by_hand():
    # sorted p: 0.01 (x3 = 0.03), 0.02 (x2 = 0.04), 0.04 (x1 = 0.04)
    assert holm_adjust([0.04, 0.01, 0.02]) == pytest.approx([0.04, 0.03, 0.04])
    assert holm_adjust([]) == []


def test_median_from_counts():
    assert median_from_counts({}) is None
    assert median_from_counts({3: 1}) == 3
    assert median_from_counts({0: 1, 1: 1, 2: 1, 3: 1}) == 1.5
    assert median_from_counts({1: 2, 10: 1}) == 1
    assert median_from_counts({4: 1, 10: 1}) == 7
    assert median_from_counts({5: 0, 2: 3}) == 2


def test_per_thousand():
    assert per_thousand(3, 15) == pytest.approx(200.0)
    assert per_thousand(1, 0) is None
