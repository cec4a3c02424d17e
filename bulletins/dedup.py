"""Cross-page duplicates: the same story printed on two pages.

A symmetric similarity (Jaccard of character 4-gram shingles of the bodies) is used, not containment:
a long feature that reuses most paragraphs of a short news story is a different article, while a story
reprinted (lightly edited) on another page shares nearly all its shingles both ways.
"""
from __future__ import annotations

import re

from .model import Article

THRESHOLD = 0.65
_KEEP = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")


def shingles(text: str, k: int = 4) -> set[str]:
    s = "".join(_KEEP.findall(text))
    if len(s) <= k:
        return {s} if s else set()
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def mark_duplicates(articles: list[Article], threshold: float = THRESHOLD) -> None:
    """Set `duplicate_of` to the id of the earliest earlier article (on another page) telling the same story."""
    seen: list[tuple[Article, set[str]]] = []
    for art in articles:
        sh = shingles(art.body)
        art.duplicate_of = None
        for earlier, esh in seen:
            if earlier.source == art.source or not sh or not esh:
                continue
            small, big = sorted((len(sh), len(esh)))
            if small < threshold * big:       # Jaccard cannot reach the threshold
                continue
            if jaccard(sh, esh) >= threshold:
                art.duplicate_of = earlier.duplicate_of or earlier.id
                break
        seen.append((art, sh))
