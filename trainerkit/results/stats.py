"""The statistics of item analysis, as plain functions of numbers: Moodle's definitions (its quiz
statistics report), written out in docs/results.md with a worked example.

Notation: s learners; x a question's marks (one per learner), m its maximum; T each learner's
total and R = T - x the rest of the test. Variances and covariances divide by s - 1. A figure
that cannot be computed (too few learners, no spread) is None, never NaN and never an error.
"""

from __future__ import annotations

import math
from typing import Sequence

Numbers = Sequence[float]

_TINY = 1e-12  # a variance this small (relative to the values) is no spread at all: rounding


def mean(xs: Numbers) -> float | None:
    """mean(x) = Σx / s; None for no values."""
    return sum(xs) / len(xs) if xs else None


def median(xs: Numbers) -> float | None:
    """The middle value of x sorted (the mean of the two middle ones for an even s); None for none."""
    if not xs:
        return None
    ys = sorted(xs)
    half = len(ys) // 2
    return ys[half] if len(ys) % 2 else (ys[half - 1] + ys[half]) / 2


def covariance(xs: Numbers, ys: Numbers) -> float | None:
    """Cov(x, y) = Σ(x - mean x)(y - mean y) / (s - 1); None for fewer than 2 learners."""
    s = len(xs)
    if s < 2 or len(ys) != s:
        return None
    mx, my = sum(xs) / s, sum(ys) / s
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (s - 1)


def variance(xs: Numbers) -> float | None:
    """V(x) = Σ(x - mean x)² / (s - 1); None for fewer than 2 learners."""
    v = covariance(xs, xs)
    if v is None:
        return None
    return 0.0 if v <= _TINY * (1 + max(abs(x) for x in xs) ** 2) else v


def sd(xs: Numbers) -> float | None:
    """sd(x) = √V(x); None for fewer than 2 learners."""
    v = variance(xs)
    return None if v is None else math.sqrt(v)


def facility(xs: Numbers, most: float) -> float | None:
    """Facility = 100 · mean(x) / m: the average mark as a percent of the maximum."""
    m = mean(xs)
    return None if m is None or most <= 0 else 100 * m / most


def sd_percent(xs: Numbers, most: float) -> float | None:
    """SD = 100 · sd(x) / m: the spread of the marks as a percent of the maximum."""
    d = sd(xs)
    return None if d is None or most <= 0 else 100 * d / most


def guess_score(kind: str, choices: int = 0) -> float | None:
    """Random guess score = 100 · the mean of the choices' fractions: 100/n for one right of n
    choices, 50 for true or false, 0 for a typed answer, None for several right answers."""
    if kind == "single":
        return 100 / choices if choices > 0 else None
    if kind == "true_false":
        return 50.0
    if kind == "multiple":
        return None
    return 0.0


def discrimination(xs: Numbers, rest: Numbers) -> float | None:
    """Discrimination index = 100 · Cov(x, R) / √(V(x) · V(R)): the correlation of the question's
    mark with the rest of the test (item-rest); None when either has no spread."""
    vx, vr, c = variance(xs), variance(rest), covariance(xs, rest)
    if vx is None or vr is None or c is None or vx == 0 or vr == 0:
        return None
    return max(-100.0, min(100.0, 100 * c / math.sqrt(vx * vr)))


def efficiency(xs: Numbers, rest: Numbers) -> float | None:
    """Discriminative efficiency = 100 · Cov(x, R) / Cov_max, Cov_max being Cov(x, R) with x and
    R each sorted ascending (the most the covariance could be); None when Cov_max is 0."""
    c = covariance(xs, rest)
    top = covariance(sorted(xs), sorted(rest))
    if c is None or top is None or variance(xs) == 0 or variance(rest) == 0 or top <= 0:
        return None
    return 100 * c / top


def alpha(items: Sequence[Numbers]) -> float | None:
    """Cronbach's alpha (KR-20 for 0/1 marks) = 100 · P/(P−1) · (1 − ΣV(x_i) / V(T)) for P
    questions, each item a list of marks in the same learners' order; None unless s > 2, P > 1
    and V(T) > 0."""
    p = len(items)
    if p < 2:
        return None
    s = len(items[0])
    if s < 3 or any(len(x) != s for x in items):
        return None
    totals = [sum(x[k] for x in items) for k in range(s)]
    vt = variance(totals)
    if not vt:
        return None
    parts = [variance(x) for x in items]
    return 100 * p / (p - 1) * (1 - sum(v or 0.0 for v in parts) / vt)


def error_ratio(cic: float | None) -> float | None:
    """Error ratio = 100 · √(1 − α/100): the share of the spread that is noise; None without α."""
    if cic is None or cic > 100:
        return None
    return 100 * math.sqrt(1 - cic / 100)


def standard_error(ratio: float | None, spread: float | None) -> float | None:
    """Standard error = ER · SD / 100: how far a learner's score may be from their true score."""
    if ratio is None or spread is None:
        return None
    return ratio * spread / 100


def halves(values: Numbers) -> tuple[list[int], list[int]]:
    """The top and bottom halves (indices into values): learners sorted by value, highest first,
    ties in the order given; s // 2 in each, so with an odd s the middle learner is in neither."""
    order = sorted(range(len(values)), key=lambda k: -values[k])
    k = len(values) // 2
    return order[:k], (order[-k:] if k else [])


def correlation_margin(s: int) -> float | None:
    """How far a correlation (on −100…100) may be off for s learners: the half-width of the 95%
    interval around 0, 100 · tanh(1.96 / √(s − 3)) (Fisher's z); None for 3 learners or fewer."""
    if s <= 3:
        return None
    return 100 * math.tanh(1.96 / math.sqrt(s - 3))


def percent(part: float, whole: float) -> float | None:
    """100 · part / whole; None when whole is 0."""
    return None if whole <= 0 else 100 * part / whole
