"""Cross-page duplicates: the same story printed on two pages.

A symmetric similarity (Jaccard of character 4-gram shingles of the bodies) is used, not containment:
a long feature that reuses most paragraphs of a short news story is a different article, while a story
reprinted (lightly edited) on another page shares nearly all its shingles both ways. Candidates come
from an index of a fixed sample of each body's shingles, so a day of many pages stays near linear.
"""
from __future__ import annotations

import re
import zlib

from .model import Article

THRESHOLD = 0.65
_KEEP = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")
_SAMPLE = 8          # index one shingle in _SAMPLE (chosen by hash, so both copies pick the same ones)
_MAX_POSTINGS = 500  # a shingle shared by this many bodies is boilerplate, not evidence


def shingles(text: str, k: int = 4) -> set[str]:
    s = "".join(_KEEP.findall(text))
    if len(s) <= k:
        return {s} if s else set()
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _sampled(sh: set[str]) -> list[str]:
    picked = [x for x in sh if zlib.crc32(x.encode()) % _SAMPLE == 0]
    return picked or sorted(sh)[:4]


def mark_duplicates(articles: list[Article], threshold: float = THRESHOLD) -> None:
    """Set `duplicate_of` to the id of the earliest earlier article (on another page) telling the same story."""
    sets: list[set[str]] = []
    index: dict[str, list[int]] = {}
    for pos, art in enumerate(articles):
        sh = shingles(art.body)
        sets.append(sh)
        art.duplicate_of = None
        keys = _sampled(sh) if sh else []
        candidates: set[int] = set()
        for key in keys:
            candidates.update(index.get(key, ()))
        for k in sorted(candidates):
            earlier = articles[k]
            if earlier.source == art.source:
                continue
            small, big = sorted((len(sh), len(sets[k])))
            if small < threshold * big:       # Jaccard cannot reach the threshold
                continue
            if jaccard(sh, sets[k]) >= threshold:
                art.duplicate_of = earlier.duplicate_of or earlier.id
                break
        for key in keys:
            postings = index.setdefault(key, [])
            if len(postings) < _MAX_POSTINGS:
                postings.append(pos)
