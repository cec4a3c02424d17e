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
from typing import Any

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


class HashedCounts:
    """Document frequencies of non-negative int tokens (< 2**63) in 2**BITS counters chosen by a
    multiplicative hash: a fixed 16 MB however many distinct tokens a day holds (a Counter of 10 million
    shingles takes a gigabyte). A collision can only raise a count; any order is a valid prefix-filter
    order, so only the boilerplate cap can feel it, and only for a token sharing a counter with a
    common one."""

    BITS = 22
    _MUL = 0x9E3779B97F4A7C15

    def __init__(self, sets: Iterable[Iterable[int]] = ()):
        import numpy as np

        self.counts = np.zeros(1 << self.BITS, dtype=np.uint32)
        # the sets' tokens are gathered in a plain list and counted a chunk at a time (one numpy call per
        # ~FLUSH tokens, not one per set: most sets are a paragraph of a few dozen shingles)
        chunk: list[int] = []
        for s in sets:
            chunk.extend(s)
            if len(chunk) >= self.FLUSH:
                self._count(chunk)
                chunk = []
        if chunk:
            self._count(chunk)

    FLUSH = 1 << 16

    def add_distinct(self, tokens: Any) -> None:
        """Count every token of `tokens` (ints, a list or a numpy array) once: the distinct tokens of one or
        more sets, one after another (a caller that makes the sets' tokens in bulk, flows.group)."""
        if len(tokens):
            self._count(tokens)

    def _count(self, tokens: Any) -> None:
        import numpy as np

        slots, n = np.unique(self._slots(np.array(tokens, dtype=np.uint64)), return_counts=True)
        self.counts[slots] += n.astype(np.uint32)  # slots are distinct: no update is lost (np.add.at is slow)

    def _slots(self, arr):  # numpy uint64 multiply wraps mod 2**64, as the Python form below does
        import numpy as np

        return ((arr * np.uint64(self._MUL)) >> np.uint64(64 - self.BITS)).astype(np.int64)

    def get(self, token: int, default: int = 0) -> int:
        return int(self.counts[((token * self._MUL) & 0xFFFFFFFFFFFFFFFF) >> (64 - self.BITS)])


class SetIndex:
    """Prefix-filter index over the day's token sets; `vocabulary` is every set of the day (for the order),
    or a ready HashedCounts for int tokens.

    `add(key, tokens, need)` indexes a set that must be found by any probe sharing >= `need` of its tokens;
    `candidates(tokens)` returns the keys of the added sets the probe's tokens reach, in insertion order.
    With int tokens and int keys (HashedCounts), postings older than the last SEGMENT additions live in
    sorted numpy segments (16 bytes a posting, merged as they grow: O(n log n) in all) instead of a dict of
    lists (~100 bytes a posting: a gigabyte at 10,000 bulletins).
    """

    SEGMENT = 1 << 17

    def __init__(self, vocabulary: Iterable[Iterable[Hashable]] | HashedCounts, max_postings: int = MAX_POSTINGS):
        if isinstance(vocabulary, HashedCounts):
            self.df: Counter | HashedCounts = vocabulary
        else:
            self.df = Counter()
            for s in vocabulary:
                self.df.update(s)
        self.compact = isinstance(vocabulary, HashedCounts)
        self.max_postings = max_postings
        self.postings: dict[Hashable, list] = {}
        self.buffered = 0
        self.segments: list[tuple] = []  # (sorted tokens, keys) numpy arrays, largest first
        self.order: dict = {}  # key -> insertion rank
        self.ascending = True  # every key so far an int greater than the one before (then rank = value order)
        self._last_key: Any = -1

    def _ranked(self, tokens: Iterable[Hashable]) -> tuple[list, list[int]]:
        """The tokens rarest first (ties by the token itself, so the order is the same every run), with
        their document frequencies."""
        df = self.df
        if isinstance(df, HashedCounts):
            import numpy as np

            arr = _uint64(tokens)
            counts = df.counts[df._slots(arr)]
            order = np.lexsort((arr, counts))
            return arr[order].tolist(), counts[order].tolist()
        ranked = sorted(tokens, key=lambda t: (df.get(t, 0), t))
        return ranked, [df.get(t, 0) for t in ranked]

    def prefix(self, tokens: Iterable[Hashable], need_: int) -> list:
        """The rarest len - need + 1 tokens that are not boilerplate (df <= max_postings)."""
        df = self.df
        if isinstance(df, HashedCounts):  # _ranked's order, kept in numpy
            import numpy as np

            arr = _uint64(tokens)
            counts = df.counts[df._slots(arr)]
            head = np.lexsort((arr, counts))[:max(0, len(arr) - need_ + 1)]
            return arr[head[counts[head] <= self.max_postings]].tolist()
        ranked, dfs = self._ranked(tokens)
        keep = max(0, len(ranked) - need_ + 1)
        cap = self.max_postings
        return [t for t, d in zip(ranked[:keep], dfs[:keep], strict=True) if d <= cap]

    def add(self, key: Hashable, tokens: Iterable[Hashable], need_: int, prefix: list | None = None) -> None:
        """`prefix`: `self.prefix(tokens, need_)` when the caller has it already (it probed with it)."""
        if self.ascending and not (type(key) is int and key > self._last_key):
            self.ascending = False
        else:
            self._last_key = key
        self.order.setdefault(key, len(self.order))
        postings = self.postings
        head = self.prefix(tokens, need_) if prefix is None else prefix
        for t in head:
            hit = postings.get(t)
            if hit is None:
                postings[t] = [key]  # (setdefault would make a list on every call)
            else:
                hit.append(key)
        self.buffered += len(head)
        if self.compact and self.buffered >= self.SEGMENT:
            self._flush()

    def _flush(self) -> None:
        import numpy as np

        toks = np.fromiter((t for t, ks in self.postings.items() for _ in ks), dtype=np.uint64, count=self.buffered)
        keys = np.fromiter((k for ks in self.postings.values() for k in ks), dtype=np.int64, count=self.buffered)
        self.postings, self.buffered = {}, 0
        seg = (toks, keys)
        while self.segments and len(self.segments[-1][0]) <= 2 * len(seg[0]):
            old = self.segments.pop()
            toks, keys = np.concatenate((old[0], seg[0])), np.concatenate((old[1], seg[1]))
            seg = (toks, keys)
        order = np.argsort(seg[0], kind="stable")
        self.segments.append((seg[0][order], seg[1][order]))

    def candidates(self, tokens: Iterable[Hashable]) -> list:
        """Keys of the added sets sharing an indexed token with `tokens` (a boilerplate token is indexed
        nowhere, so it finds nothing), in insertion order."""
        probe = None
        if _is_array(tokens):
            probe, tokens = tokens, tokens.tolist()
        elif not isinstance(tokens, list | set | frozenset | tuple):
            tokens = list(tokens)  # read twice below
        found: set = set()
        postings = self.postings
        for t in tokens:
            hit = postings.get(t)
            if hit:
                found.update(hit)
        if self.segments:
            import numpy as np

            probe = _uint64(tokens if probe is None else probe)
            for toks, keys in self.segments:
                lo = np.searchsorted(toks, probe, "left")
                hi = np.searchsorted(toks, probe, "right")
                met = hi > lo
                if met.any():
                    lo, hi = lo[met], hi[met]
                    sizes = hi - lo
                    ends = np.cumsum(sizes)
                    found.update(keys[np.arange(int(ends[-1])) + np.repeat(lo - (ends - sizes), sizes)].tolist())
        if self.ascending:  # int keys added in increasing order: their order is their value's
            return sorted(found)
        return sorted(found, key=self.order.__getitem__)


def _is_array(tokens: Any) -> bool:
    return type(tokens).__name__ == "ndarray"  # without importing numpy for a caller that has none


def _uint64(tokens: Iterable[int]) -> Any:
    """Non-negative int tokens (an iterable, or a numpy int array: flows.group's sorted shingles) as uint64."""
    import numpy as np

    if _is_array(tokens):
        return tokens.astype(np.uint64)
    return np.fromiter(tokens, dtype=np.uint64)


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
