"""Which parameters `default` keeps: each feature's cross-validated gain against its per-fold spread.

    python3 benchmarks/tune_default.py [--data ../shared/eval/dev.jsonl] [--folds 5]

For every feature of summarizers.tuning.GRID, the k-fold cross-validated ROUGE-L of the full grid is compared,
article by article, with the grid where that feature is held at its neutral value (the parameter tuned on
the other folds in both). A feature is kept when its mean gain exceeds the standard deviation of its
per-fold gains; the chosen configuration (on the whole dev set, each length bucket weighing half) is what
summarizers/methods/default.py ships. Tune on the dev set only.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarizers import tuning

ROOT = Path(__file__).resolve().parent.parent
NEUTRAL = {"pos": 0.0, "cut_pool": 1}  # pos 0: no lead prior in the fill; cut_pool 1: cut the event sentence


def _cv(rows, cfgs, parts, weights):
    matrix = tuning.score_matrix(rows, cfgs)
    return tuning.cross_validate(matrix, parts, weights)["scores"], matrix


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--long-min", type=int, default=500)
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    is_long = [len(r["text"]) >= args.long_min for r in rows]
    parts = tuning.folds(len(rows), args.folds)
    weights = tuning.bucket_weights(is_long)
    full_cfgs = tuning.configs()
    full, matrix = _cv(rows, full_cfgs, parts, weights)
    best = full_cfgs[tuning.best_config(matrix, weights)]
    print(f"{len(rows)} articles, {args.folds} folds; chosen on all of dev: {best}\n")
    print("| feature | without (CV) short / long | with (CV) short / long | gain all | per-fold gains | sd | kept |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in tuning.GRID:
        grid = {**tuning.GRID, name: (NEUTRAL[name],)}
        cfgs = tuning.configs(grid)
        rows_idx = [full_cfgs.index(c) for c in cfgs]
        without = tuning.cross_validate([matrix[i] for i in rows_idx], parts, weights)["scores"]
        gains = [a - b for a, b in zip(full, without, strict=True)]
        fold_gains = [sum(gains[i] for i in p) / len(p) for p in parts]
        mean = sum(gains) / len(gains)
        sd = (sum((g - sum(fold_gains) / len(fold_gains)) ** 2 for g in fold_gains) / (len(fold_gains) - 1)) ** 0.5

        def by(v, want):
            xs = [x for x, lg in zip(v, is_long, strict=True) if lg == want]
            return sum(xs) / len(xs)

        print(f"| {name} | {by(without, False):.2f} / {by(without, True):.2f} | {by(full, False):.2f} / "
              f"{by(full, True):.2f} | {mean:+.2f} | {min(fold_gains):+.2f}..{max(fold_gains):+.2f} | {sd:.2f} | "
              f"{'yes' if mean > sd else 'no'} |")


if __name__ == "__main__":
    main()
