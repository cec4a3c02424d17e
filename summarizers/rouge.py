"""Character ROUGE-1/2/L F1 exactly as ../shared/eval/score.py scores (our own implementation).

Tokens: NFKC, lower case, every character except Unicode categories P, S, Z, C; clipped n-gram counts;
ROUGE-L is the F1 of the longest common subsequence.
"""
from __future__ import annotations

import unicodedata
from collections import Counter


def tokens(text: str) -> list[str]:
    """The characters that count (see module docstring)."""
    norm = unicodedata.normalize("NFKC", text or "").lower()
    return [ch for ch in norm if unicodedata.category(ch)[0] not in "PSZC"]


def _f1(overlap: int, hyp: int, ref: int) -> float:
    if not overlap or not hyp or not ref:
        return 0.0
    p, r = overlap / hyp, overlap / ref
    return 2 * p * r / (p + r)


def rouge_n(hyp: list[str], ref: list[str], n: int) -> float:
    h = Counter(tuple(hyp[i:i + n]) for i in range(len(hyp) - n + 1))
    r = Counter(tuple(ref[i:i + n]) for i in range(len(ref) - n + 1))
    return _f1(sum((h & r).values()), sum(h.values()), sum(r.values()))


def lcs(a: list[str], b: list[str]) -> int:
    """LCS length by the classic row DP over the shorter sequence (O(len a * len b), fine for summaries)."""
    if not a or not b:
        return 0
    if len(b) > len(a):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(hyp: list[str], ref: list[str]) -> float:
    return _f1(lcs(hyp, ref), len(hyp), len(ref))


def scores(hyp_text: str, ref_text: str) -> dict[str, float]:
    """ROUGE-1/2/L F1 x 100 of one summary against one reference."""
    hyp, ref = tokens(hyp_text), tokens(ref_text)
    return {"rouge1": 100 * rouge_n(hyp, ref, 1), "rouge2": 100 * rouge_n(hyp, ref, 2),
            "rougeL": 100 * rouge_l(hyp, ref)}
