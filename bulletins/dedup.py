"""Near-duplicate detection: one exact set-similarity index, used by `briefing ingest` (cross-page duplicates,
below) and by the flow's grouping (flows/group.py: reprints and partial repeats).

A symmetric similarity (Jaccard of shingle sets) finds reprints; containment (the share of one set inside
another) finds a paragraph reused in a longer text. Both are computed exactly on the candidate pairs, and the
candidates come from prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007): order every token of the day
rarest first; a set indexed by its first |S| - need + 1 tokens is found by any set sharing at least `need` of
its tokens. Unlike MinHash LSH nothing is missed by chance, and the work per article is bounded: a token
shared by more than MAX_POSTINGS sets of the day is boilerplate (a byline formula, a standing slogan), not
evidence, and is never indexed — so a day of n articles costs O(n) lookups, not O(n^2) comparisons.

`briefing ingest` marks duplicates with character 4-grams of the bodies at Jaccard >= THRESHOLD (0.65)
across different pages, not containment: a long feature that reuses most paragraphs of a short news story is
a different article, while a story reprinted (lightly edited) on another page shares nearly all its
shingles both ways.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

from .model import Article

THRESHOLD = 0.65
MAX_POSTINGS = 500  # a token in more sets than this (of the day) is boilerplate, not evidence
_KEEP = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")


def shingles(text: str, k: int = 4) -> set[str]:
    s = "".join(_KEEP.findall(text))
    if len(s) <= k:
        return {s} if s else set()
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def need(size: int, threshold: float) -> int:
    """The fewest shared tokens n with n / size >= threshold (the same float test the callers apply)."""
    n = max(1, math.ceil(threshold * size) - 1)
    while n / size < threshold:
        n += 1
    return n


class SetIndex:
    """Prefix-filter index over the day's token sets; `vocabulary` is every set of the day (for the order).

    `add(key, tokens, need)` indexes a set that must be found by any probe sharing >= `need` of its tokens;
    `candidates(tokens)` returns the keys of the added sets the probe's tokens reach, in insertion order.
    """

    def __init__(self, vocabulary: Iterable[Iterable[Hashable]], max_postings: int = MAX_POSTINGS):
        df: Counter = Counter()
        for s in vocabulary:
            df.update(s)
        self.df = df
        self.max_postings = max_postings
        self.postings: dict[Hashable, list] = {}
        self.order: dict = {}  # key -> insertion rank

    def prefix(self, tokens: Iterable[Hashable], need_: int) -> list:
        """The rarest len - need + 1 tokens (ties by the token itself, so the order is the same every run)."""
        ranked = sorted(tokens, key=lambda t: (self.df.get(t, 0), t))
        return ranked[:max(0, len(ranked) - need_ + 1)]

    def add(self, key: Hashable, tokens: Iterable[Hashable], need_: int) -> None:
        self.order.setdefault(key, len(self.order))
        cap = self.max_postings
        for t in self.prefix(tokens, need_):
            if self.df.get(t, 0) > cap:
                break  # rarest first: every later token is at least as common
            self.postings.setdefault(t, []).append(key)

    def candidates(self, tokens: Iterable[Hashable]) -> list:
        found: set = set()
        cap = self.max_postings
        for t in tokens:
            if self.df.get(t, 0) <= cap:
                found.update(self.postings.get(t, ()))
        return sorted(found, key=self.order.__getitem__)


def similar_earlier(sets: Sequence[set], threshold: float, max_postings: int = MAX_POSTINGS):
    """For each set in order: the earlier sets (by position) with Jaccard >= threshold, as (j, jaccard),
    earliest first. A generator, so a caller can stop early or interleave its own bookkeeping."""
    index = SetIndex(sets, max_postings)
    for i, s in enumerate(sets):
        hits = []
        if s:
            n = need(len(s), threshold)
            for j in index.candidates(index.prefix(s, n)):
                jac = jaccard(s, sets[j])
                if jac >= threshold:
                    hits.append((j, jac))
            index.add(i, s, n)
        yield hits


def mark_duplicates(articles: list[Article], threshold: float = THRESHOLD) -> None:
    """Set `duplicate_of` to the id of the earliest earlier article (on another page) telling the same story."""
    sets = [shingles(a.body) for a in articles]
    for art, hits in zip(articles, similar_earlier(sets, threshold), strict=True):
        art.duplicate_of = None
        for k, _ in hits:
            earlier = articles[k]
            if earlier.source != art.source:
                art.duplicate_of = earlier.duplicate_of or earlier.id
                break
