"""One story, one item: near-duplicate grouping and partial repeats across the day's bulletins.

The same story reprinted on another page or in another paper is rarely byte-identical (a new headline,
an edited sentence, damaged extraction), so exact hashes miss it. Each article body becomes a set of
jieba word 3-shingles, summarised by a datasketch MinHash; MinHashLSH finds candidates without comparing
every pair, and the exact Jaccard similarity of the two shingle sets decides (the MinHash estimate wobbles by
+-0.05 at 128 permutations, enough to merge a follow-up story that shares two of its four paragraphs).
128 permutations, not 64: with LSH bands tuned for 0.4, 64 permutations miss a pair at Jaccard 0.6 about 11% of
the time (128: about 1%); the permutations and the band layout are computed once per process, not per article:

- near-duplicate (same story): Jaccard >= DUP_JACCARD and neither body is more than DUP_LENGTH_RATIO times
  the other -> one item listing every appearance;
- partial repeat (a feature reusing a news story): a later article that contains most (>= REPEAT_COVERAGE
  of the characters) of an earlier article's paragraphs (a paragraph counts as reused when >= PARA_CONTAINMENT
  of its shingles are inside one of the later article's paragraphs), and is at least REPEAT_LENGTH_RATIO times longer. It is not dropped: it stays its own item,
  says which item it `repeats`, and is summarised from its own paragraphs only.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3
DUP_JACCARD = 0.6
LSH_THRESHOLD = 0.4  # candidates only: the exact Jaccard of the two shingle sets decides
DUP_LENGTH_RATIO = 1.5
PARA_CONTAINMENT = 0.6
REPEAT_COVERAGE = 0.6
REPEAT_LENGTH_RATIO = 1.5
MIN_PARA_CHARS = 12  # shorter lines (subheads, datelines) say too little to count as a reused paragraph

_jieba = None


def _cut(text: str) -> list[str]:
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba.lcut(text)


def normalize(text: str) -> str:
    """Drop whitespace and punctuation: PDF line breaks and full/half-width marks must not make a reprint
    look different."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return word_shingles(_cut(normalize(text)), k)


def word_shingles(words: list[str], k: int = SHINGLE) -> set[str]:
    if len(words) < k:
        return {"\x1f".join(words)} if words else set()
    return {"\x1f".join(words[i:i + k]) for i in range(len(words) - k + 1)}


@lru_cache(maxsize=1)
def _permutations() -> tuple:
    """datasketch draws NUM_PERM random permutations for every new MinHash (~0.3 ms each); the same seed gives
    the same ones, so draw them once."""
    template = MinHash(num_perm=NUM_PERM, seed=1)
    return template.permutations, template.scheme


@lru_cache(maxsize=1)
def _lsh_params() -> tuple[int, int]:
    """MinHashLSH's (bands, rows) for LSH_THRESHOLD: it finds them by numeric integration (~30 ms) on every
    construction; they depend only on the two constants."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def minhash(tokens: set[str]) -> MinHash:
    perms, scheme = _permutations()
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=perms, scheme=scheme)
    m.update_batch([t.encode("utf-8") for t in sorted(tokens)])
    return m


def paragraphs(body: str) -> list[str]:
    """Paragraphs are the body's non-empty lines (the parser joins a paragraph's lines into one)."""
    return [p.strip() for p in re.split(r"\n+", body) if p.strip()]


@dataclass
class Group:
    """`members` index the input articles in their order; the first is the representative."""

    members: list[int]
    repeats: int | None = None  # index of the earlier group's representative
    shared_paragraphs: int = 0
    own_paragraphs: list[str] = field(default_factory=list)


def group_articles(bodies: Sequence[str]) -> list[Group]:
    """Group article bodies given in reading order (earlier pages first); returns groups in that order."""
    # normalise and segment each paragraph once; the article's words are its paragraphs' words in order
    arts = [[(text, normalize(text)) for text in paragraphs(b)] for b in bodies]
    para_words = [[_cut(norm) for _, norm in paras] for paras in arts]
    sets = [word_shingles([w for ws in words for w in ws]) for words in para_words]
    sigs = [minhash(s) for s in sets]
    # normalize() drops every line break, so a body's length is the sum of its paragraphs'
    lengths = [sum(len(norm) for _, norm in paras) for paras in arts]
    lsh = MinHashLSH(num_perm=NUM_PERM, params=_lsh_params())
    group_of: dict[int, int] = {}
    groups: list[Group] = []
    paras = Paragraphs()

    for i, sig in enumerate(sigs):
        best, best_j = None, 0.0
        for j in sorted(int(key) for key in lsh.query(sig)) if lengths[i] else ():  # sorted: ties go earliest
            short, long_ = sorted((lengths[i], lengths[j]))
            if short == 0 or long_ / short > DUP_LENGTH_RATIO:
                continue
            jac = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if jac >= DUP_JACCARD and jac > best_j:
                best, best_j = j, jac
        mine = [(text, len(norm), words) for (text, norm), words in zip(arts[i], para_words[i], strict=True)]
        if best is not None:
            g = group_of[best]
            groups[g].members.append(i)
            group_of[i] = g
        else:
            group_of[i] = len(groups)
            groups.append(Group([i]))
            _find_repeat(i, mine, groups[-1], paras, lengths, group_of, groups)
        lsh.insert(str(i), sig)
        paras.add(i, mine)
    return groups


class Paragraphs:
    """Earlier articles' paragraphs as shingle sets, with an inverted index shingle -> paragraphs.

    A reused paragraph is often extended or trimmed ("公司副总经理刘浩介绍。" becomes "...刘浩说。刘浩告诉笔者，
    ..."), which drags its Jaccard similarity down while the old paragraph is still contained in the new one;
    containment (the share of the old paragraph's shingles found in the new one) measures reuse, and exact
    sets are cheap at a day's volume (a few hundred paragraphs).
    """

    def __init__(self) -> None:
        self.sizes: dict[tuple[int, int], int] = {}
        self.chars: dict[tuple[int, int], int] = {}
        self.totals: dict[int, int] = {}
        self.index: dict[str, list[tuple[int, int]]] = {}

    def add(self, article: int, paras: list[tuple[str, int, list[str]]]) -> None:
        """`paras`: (text, normalised length, words) per paragraph."""
        index = self.index
        for p, (_, n, words) in enumerate(paras):
            if n < MIN_PARA_CHARS:
                continue
            key = (article, p)
            sh = word_shingles(words)
            self.sizes[key], self.chars[key] = len(sh), n
            self.totals[article] = self.totals.get(article, 0) + n
            for s in sh:  # a set: each paragraph is listed once per shingle
                postings = index.get(s)
                if postings is None:
                    index[s] = [key]
                else:
                    postings.append(key)

    def contained_in(self, words: list[str]) -> list[tuple[int, int]]:
        """Earlier paragraphs whose shingles are mostly (>= PARA_CONTAINMENT) inside these words'."""
        hits: dict[tuple[int, int], int] = {}
        index = self.index
        for s in word_shingles(words):
            for key in index.get(s, ()):
                hits[key] = hits.get(key, 0) + 1
        return [key for key, n in hits.items() if n / self.sizes[key] >= PARA_CONTAINMENT]

    def total_chars(self, article: int) -> int:
        return self.totals.get(article, 0)


def _find_repeat(i: int, mine: list[tuple[str, int, list[str]]], group: Group, paras: Paragraphs,
                 lengths: list[int], group_of: dict[int, int], groups: list[Group]) -> None:
    """Does article i reuse most paragraphs of one earlier, much shorter article?"""
    matched: dict[int, set[int]] = {}       # earlier article -> its paragraphs found again in i
    mine_matched: dict[int, set[int]] = {}  # earlier article -> i's paragraphs that reuse them
    for p, (_, n, words) in enumerate(mine):
        if n < MIN_PARA_CHARS:
            continue
        for j, q in paras.contained_in(words):
            matched.setdefault(j, set()).add(q)
            mine_matched.setdefault(j, set()).add(p)
    best, best_cov = None, 0.0
    for j, qs in sorted(matched.items()):
        if lengths[i] < REPEAT_LENGTH_RATIO * lengths[j]:
            continue
        total = paras.total_chars(j)
        cov = sum(paras.chars[(j, q)] for q in qs) / total if total else 0.0
        if cov >= REPEAT_COVERAGE and cov > best_cov:
            best, best_cov = j, cov
    if best is None:
        return
    group.repeats = groups[group_of[best]].members[0]
    group.shared_paragraphs = len(matched[best])
    group.own_paragraphs = [t for p, (t, _, _) in enumerate(mine) if p not in mine_matched[best]]


def make_items(records: Sequence[dict], groups: Sequence[Group],
               resummarize: Callable[[str], tuple[list[str], list[str]]]) -> list[dict]:
    """Items in the briefing shape (without section/importance) from per-article records.

    A record carries id, file, source, page, index, title, body, byline, kicker, subtitle, sentences,
    keywords. `resummarize(text)` -> (sentences, keywords) is called only for partial repeats, on their
    own paragraphs, so the shared paragraphs are not summarised twice.
    """
    items = []
    for g in groups:
        rep = records[g.members[0]]
        sentences, kws = list(rep["sentences"]), list(rep["keywords"])
        repeats = None
        if g.repeats is not None:
            earlier = records[g.repeats]
            repeats = {"id": earlier["id"], "title": earlier["title"], "file": earlier["file"],
                       "shared_paragraphs": g.shared_paragraphs}
            own = "\n".join(g.own_paragraphs)
            if own.strip():
                sentences, kws = resummarize(own)
        items.append({
            "id": rep["id"], "title": rep["title"], "kicker": rep.get("kicker"), "subtitle": rep.get("subtitle"),
            "summary": "".join(sentences), "sentences": sentences, "keywords": kws,
            "appearances": [{"file": records[m]["file"], "source": records[m]["source"],
                             "page": records[m]["page"], "index": records[m]["index"],
                             "title": records[m]["title"], "byline": records[m].get("byline")}
                            for m in g.members],
            "repeats": repeats,
            "length": len(normalize(rep["body"])),
        })
    return items
