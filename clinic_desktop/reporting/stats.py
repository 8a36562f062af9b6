"""Small, dependency-free statistics for complication reports.

- :func:`wilson_interval`: 95 % Wilson score interval for a proportion (Wilson 1927; recommended over the
  normal approximation for small counts and rare events by Brown, Cai & DasGupta 2001).
- :func:`fisher_exact_greater`: one-sided Fisher exact test on a 2x2 table (is the first row's event rate
  higher than the second's?), summed from the hypergeometric distribution in log space so it stays fast
  and exact enough for tables of a million treatment sessions.
- :func:`median_from_counts`: the median of integer values given as a histogram (value -> count), which
  is what SQL ``GROUP BY`` hands back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

Z_95 = 1.959963984540054  # two-sided 95 % normal quantile


def wilson_interval(events: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for ``events`` out of ``total`` as proportions in [0, 1].

    Returns None when ``total`` is 0 (no denominator, no interval). Raises ``ValueError`` for negative
    counts or ``events > total``.
    """
    if events < 0 or total < 0 or events > total:
        raise ValueError(f"need 0 <= events <= total, got {events} of {total}")
    if total == 0:
        return None
    p = events / total
    z2 = z * z
    denom = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denom
    half = (z / denom) * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    low = 0.0 if events == 0 else max(0.0, centre - half)
    high = 1.0 if events == total else min(1.0, centre + half)
    return low, high


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact_greater(a: int, b: int, c: int, d: int) -> float:
    """One-sided Fisher exact p-value that row 1's event rate exceeds row 2's.

    The table is ``[[a, b], [c, d]]``: row 1 = events ``a`` and non-events ``b`` (e.g. the batch under
    test), row 2 = events ``c`` and non-events ``d`` (the other batches of the same product). The p-value
    is P(X >= a) for X hypergeometric with the table's margins. Terms are summed from ``a`` upward with the
    pmf ratio recurrence and stop once they no longer change the sum. Raises ``ValueError`` for negatives.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("table cells must be non-negative")
    row1, col1, total = a + b, a + c, a + b + c + d
    k_max = min(row1, col1)
    k_min = max(0, row1 + col1 - total)
    if a <= k_min:
        return 1.0
    log_p = _log_comb(col1, a) + _log_comb(total - col1, row1 - a) - _log_comb(total, row1)
    term = math.exp(log_p)
    p_value = term
    k = a
    while k < k_max:
        # pmf(k + 1) / pmf(k) for the hypergeometric distribution
        term *= (col1 - k) * (row1 - k) / ((k + 1) * (total - col1 - row1 + k + 1))
        k += 1
        p_value += term
        if term < p_value * 1e-17:
            break
    return min(1.0, p_value)


def median_from_counts(counts: Mapping[int, int] | Mapping[float, int]) -> float | None:
    """The median of a multiset given as ``{value: how many}``; the mean of the two middle values when even.

    Returns None for an empty histogram. Zero and negative counts are ignored.
    """
    items = sorted((value, n) for value, n in counts.items() if n > 0)
    total = sum(n for _, n in items)
    if total == 0:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2  # 0-based ranks of the middle value(s)
    lower = upper = None
    seen = 0
    for value, n in items:
        if lower is None and seen + n > lower_rank:
            lower = value
        if seen + n > upper_rank:
            upper = value
            break
        seen += n
    assert lower is not None and upper is not None
    return (lower + upper) / 2


def per_thousand(events: int, total: int) -> float | None:
    """``events`` per 1,000 of ``total``; None when ``total`` is 0."""
    return None if total == 0 else 1000.0 * events / total
