"""How far extractive summaries can go on a reference set under our contract: an oracle that sees the reference.

For every article it greedily adds whole candidate sentences (document order, total ≤ the reference length)
while character ROUGE-L against the reference still rises; when no whole sentence fits it takes the best clause
cut (or hard cut) of any sentence. No method can know the reference, so this is an upper bound that puts the
methods' figures from `briefing eval` in proportion, e.g. how much of the distance to the ceiling a gain of
8 ROUGE-L points would be.

    python benchmarks/eval_ceiling.py [--data ../shared/eval/dev.jsonl] [--long-min 500]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarizers.base import candidates, clause_cut
from summarizers.rouge import scores


def oracle(text: str, reference: str) -> float:
    """ROUGE-L of the greedy oracle summary of one article (budget = reference length)."""
    budget = len(reference)
    sents = [s.text for s in candidates(text)]
    if not sents:
        return 0.0
    if not any(len(t) <= budget for t in sents):
        return max(scores(clause_cut(t, budget) or t[:budget], reference)["rougeL"] for t in sents)
    chosen: list[int] = []
    best = 0.0
    while True:
        used = sum(len(sents[j]) for j in chosen)
        pick = None
        for i, t in enumerate(sents):
            if i in chosen or used + len(t) > budget:
                continue
            value = scores("".join(sents[j] for j in sorted([*chosen, i])), reference)["rougeL"]
            if value > best:
                best, pick = value, i
        if pick is None:
            return best
        chosen.append(pick)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared/eval/dev.jsonl"))
    ap.add_argument("--long-min", type=int, default=500)
    args = ap.parse_args()
    rows = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()]
    buckets: dict[str, list[float]] = {"short": [], "long": []}
    for row in rows:
        bucket = "long" if len(row["text"]) >= args.long_min else "short"
        buckets[bucket].append(oracle(row["text"], row["summary"]))
    print("| bucket | n | oracle ROUGE-L |\n|---|---:|---:|")
    for name, values in buckets.items():
        if values:
            print(f"| {name} | {len(values)} | {sum(values) / len(values):.2f} |")


if __name__ == "__main__":
    main()
