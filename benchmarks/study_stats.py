"""The statistics of the LSTM-vs-GRU study: bootstrap intervals and Fisher's exact test, stdlib only.

* :func:`bootstrap_mean`: the mean of a sample and its 95% percentile
  bootstrap interval (resampling the seeds with replacement).
* :func:`bootstrap_difference`: the same for the difference of two means
  (two independent samples, each resampled on its own).
* :func:`fisher_exact`: the two-sided p-value of Fisher's exact test on a 2 × 2
  table (solved / not solved, cell A / cell B), summing every table with the
  same margins that is no more likely than the one observed.

Resampling is seeded, so the same results give the same intervals (the report
is regenerated from the JSON and must come out the same).

>>> round(fisher_exact(5, 12, 10, 12), 3)                      # the issue's memory-16 rerun
0.089
>>> bootstrap_mean([1.0, 1.0, 1.0])
{'mean': 1.0, 'low': 1.0, 'high': 1.0, 'n': 3}
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence

RESAMPLES = 2000
LEVEL = 0.95


def _percentiles(values: list[float]) -> tuple[float, float]:
    """The (2.5%, 97.5%) percentiles of the bootstrap distribution."""
    values.sort()
    tail = (1 - LEVEL) / 2
    last = len(values) - 1
    return values[round(tail * last)], values[round((1 - tail) * last)]


def _resampled_means(sample: Sequence[float], rng: random.Random) -> list[float]:
    n = len(sample)
    return [math.fsum(rng.choices(sample, k=n)) / n for _ in range(RESAMPLES)]


def bootstrap_mean(sample: Sequence[float], seed: int = 0) -> dict[str, float]:
    """``{"mean", "low", "high", "n"}``: the sample mean and its 95% bootstrap interval."""
    if not sample:
        raise ValueError("sample must not be empty")
    low, high = _percentiles(_resampled_means(sample, random.Random(seed)))
    return {"mean": statistics.fmean(sample), "low": low, "high": high, "n": len(sample)}


def bootstrap_difference(a: Sequence[float], b: Sequence[float], seed: int = 0) -> dict[str, float]:
    """``mean(a) − mean(b)`` and its 95% bootstrap interval (``a`` and ``b`` resampled independently).

    >>> d = bootstrap_difference([1.0, 1.1, 0.9, 1.0], [0.0, 0.1, -0.1, 0.0])
    >>> round(d["mean"], 6), d["low"] > 0.5
    (1.0, True)
    """
    if not a or not b:
        raise ValueError("both samples must be non-empty")
    rng = random.Random(seed)
    pairs = [x - y for x, y in zip(_resampled_means(a, rng), _resampled_means(b, rng), strict=True)]
    low, high = _percentiles(pairs)
    return {"mean": statistics.fmean(a) - statistics.fmean(b), "low": low, "high": high}


def fisher_exact(solved_a: int, n_a: int, solved_b: int, n_b: int) -> float:
    """Two-sided p-value of Fisher's exact test: are the solved rates of A and B different?

    >>> fisher_exact(10, 10, 0, 10) < 1e-4, fisher_exact(3, 10, 3, 10)
    (True, 1.0)
    """
    for name, k, n in (("a", solved_a, n_a), ("b", solved_b, n_b)):
        if not 0 <= k <= n:
            raise ValueError(f"solved_{name} must be between 0 and n_{name} = {n}, got {k}")
    solved, total = solved_a + solved_b, n_a + n_b

    def probability(k: int) -> float:  # hypergeometric: k of A's n_a among the solved
        return math.comb(n_a, k) * math.comb(n_b, solved - k) / math.comb(total, solved)

    observed = probability(solved_a)
    tables = range(max(0, solved - n_b), min(solved, n_a) + 1)
    return min(1.0, math.fsum(p for p in map(probability, tables) if p <= observed * (1 + 1e-9)))
