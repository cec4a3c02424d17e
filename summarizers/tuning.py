"""Choosing `default`'s parameters honestly: k-fold cross-validation over a reference set, bootstrap intervals.

Every configuration of GRID is scored on every article once (a matrix), so cross-validation only picks, for each
fold, the configuration with the best mean on the other folds and reports its score on the held-out fold.
Nothing here reads files: callers pass rows of {"text", "summary"}.
"""
from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from typing import Any

from summarizers import rouge
from summarizers.base import resolve_limit

# the two parameters left after cross-validation dropped the rest (see benchmarks/tune_default.py)
GRID: dict[str, tuple[float, ...]] = {"pos": (0.0, 0.25, 0.5, 1.0), "cut_pool": (1, 2, 3, 5)}


def configs(grid: dict[str, Sequence[float]] = GRID) -> list[dict[str, float]]:
    keys = sorted(grid)
    return [dict(zip(keys, values, strict=True)) for values in itertools.product(*(grid[k] for k in keys))]


def score_matrix(rows: Sequence[dict], cfgs: Sequence[dict[str, float]], metric: str = "rougeL") -> list[list[float]]:
    """ROUGE of every configuration (rows of the result) on every article (columns); budget = reference length."""
    from summarizers import analyze
    from summarizers.methods import default

    analyses = [analyze(r["text"]) for r in rows]
    out = []
    for cfg in cfgs:
        params = {**default.PARAMS, **cfg}
        line = []
        for r, a in zip(rows, analyses, strict=True):
            limit = resolve_limit(r["text"], max(1, len(r["summary"])), None, None)
            pred = "".join(default.summarize(r["text"], limit, params=params, analysis=a)) if r["text"].strip() else ""
            line.append(rouge.scores(pred, r["summary"])[metric])
        out.append(line)
    return out


def folds(n: int, k: int, seed: int = 0) -> list[list[int]]:
    """k folds of article indices, shuffled with a fixed seed (the same folds on every run)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


def _mean(xs: Iterable[float]) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0


def cross_validate(matrix: Sequence[Sequence[float]], parts: Sequence[Sequence[int]],
                   weights: Sequence[float] | None = None) -> dict[str, Any]:
    """Per-article held-out scores: each fold scored with the configuration best on the other folds.

    `weights` (per article) let the choice weigh length buckets equally; the held-out scores are not weighted.
    """
    n = len(matrix[0])
    w = list(weights) if weights is not None else [1.0] * n
    held = [0.0] * n
    chosen = []
    for part in parts:
        inside = set(part)
        train = [i for i in range(n) if i not in inside]
        best = max(range(len(matrix)), key=lambda c: (sum(matrix[c][i] * w[i] for i in train), -c))
        chosen.append(best)
        for i in part:
            held[i] = matrix[best][i]
    return {"scores": held, "chosen": chosen}


def bucket_weights(long: Sequence[bool]) -> list[float]:
    """Weights that make each length bucket count equally in a choice (32 long articles weigh as 200 short)."""
    n_long = sum(long) or 1
    n_short = (len(long) - sum(long)) or 1
    return [0.5 / n_long if x else 0.5 / n_short for x in long]


def best_config(matrix: Sequence[Sequence[float]], weights: Sequence[float] | None = None) -> int:
    n = len(matrix[0])
    w = list(weights) if weights is not None else [1.0] * n
    return max(range(len(matrix)), key=lambda c: (sum(matrix[c][i] * w[i] for i in range(n)), -c))


def bootstrap_ci(values: Sequence[float], rounds: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95 % percentile bootstrap interval of the mean (fixed seed: the same interval on every run)."""
    if not values:
        return (0.0, 0.0)
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(values[rng.randrange(n)] for _ in range(n)) / n for _ in range(rounds))
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


def fold_spread(values: Sequence[float], parts: Sequence[Sequence[int]]) -> tuple[float, float, float]:
    """(min, max, standard deviation) of the per-fold means."""
    means = [_mean(values[i] for i in p) for p in parts if p]
    m = _mean(means)
    sd = (sum((x - m) ** 2 for x in means) / max(1, len(means) - 1)) ** 0.5
    return min(means), max(means), sd
