"""One story, one item: near-duplicate grouping and partial repeats across the day's bulletins.

The same story reprinted on another page or in another paper is rarely byte-identical (a new headline,
an edited sentence, damaged extraction), so exact hashes miss it. Each article body becomes a set of word
3-shingles; the candidates come from bulletins.dedup's prefix-filter index (the detector `briefing ingest`
uses too), which finds every earlier set that can reach the threshold without comparing every pair, and the
exact Jaccard similarity of the two shingle sets decides:

- near-duplicate (same story): Jaccard >= DUP_JACCARD and neither body is more than DUP_LENGTH_RATIO times
  the other -> one item listing every appearance;
- partial repeat (a feature reusing a news story): a later article that contains most (>= REPEAT_COVERAGE
  of the characters) of an earlier article's paragraphs (a paragraph counts as reused when >= PARA_CONTAINMENT
  of its shingles are inside one of the later article's paragraphs), and is at least REPEAT_LENGTH_RATIO times
  longer. It is not dropped: it stays its own item, says which item it `repeats`, and is summarised from its
  own paragraphs only.

Every step is linear in the day's articles: a shingle found in more than MAX_POSTINGS paragraphs (or bodies)
of the day is boilerplate and is not used to find candidates (bulletins.dedup).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bulletins.dedup import MAX_POSTINGS, HashedCounts, SetIndex, need
from flows.records import Appearance, FlowArticle, Item, Repeat

SHINGLE = 3
DUP_JACCARD = 0.6
DUP_LENGTH_RATIO = 1.5
PARA_CONTAINMENT = 0.6
REPEAT_COVERAGE = 0.6
REPEAT_LENGTH_RATIO = 1.5
MIN_PARA_CHARS = 12  # shorter lines (subheads, datelines) say too little to count as a reused paragraph


def segment(text: str) -> list[str]:
    """The words of a text: the summarizers' segmenter (exactly jieba.lcut), shared with summaries and
    keywords. The one place to switch to `summarizers.analyze(text).words`."""
    from summarizers.nlp import lcut

    return lcut(text)


def normalize(text: str) -> str:
    """Drop whitespace and punctuation: PDF line breaks and full/half-width marks must not make a reprint
    look different."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return word_shingles(segment(normalize(text)), k)


def word_shingles(words: list[str], k: int = SHINGLE) -> set[str]:
    if len(words) < k:
        return {"\x1f".join(words)} if words else set()
    return {"\x1f".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def paragraphs(body: str) -> list[str]:
    """Paragraphs are the body's non-empty lines (the parser joins a paragraph's lines into one)."""
    return [p.strip() for p in re.split(r"\n+", body) if p.strip()]


def paragraph_words(body: str, analysis: Any = None) -> list[list[str]]:
    """The words of each paragraph, normalised (no whitespace or punctuation, NFKC): what grouping needs of an
    article, computed once in the batch task from the article's one analysis (`summarizers.analyze(body)`,
    the one its summary and keywords came from: passed in, or made here), so the body is not segmented again.

    The words are the analysis's: the body segmented sentence by sentence as written, each word then
    normalised (a word left empty, a mark or a space, is dropped), plus the bylines, headings and captions
    between them. Before, the normalised paragraph was segmented whole, so a word could span a dropped comma
    (日澜江市 is now 日 | 澜江市): no grouping changed on the samples or the seeds; on benchmarks/bench_scale.py's
    1,000-file day the same stories merge, and 14 of 3,298 items name another (or a new) earlier article as
    the one they partly repeat (benchmarks/check_outputs.py)."""
    from summarizers import nlp
    from summarizers.analysis import line_words

    if not body.strip():
        return []
    if analysis is None or analysis.text != body:
        import summarizers

        analysis = summarizers.analyze(body)
    memo = _normal_words
    if len(memo) > nlp.WORD_MEMO:
        memo.clear()
    out = []
    for words in line_words(analysis):
        normal = []
        for w in words:
            n = memo.get(w)
            if n is None:
                n = memo[w] = normalize(w)
            if n:
                normal.append(n)
        out.append(normal)
    return out


_normal_words: dict[str, str] = {}  # word -> normalize(word): a pure function, so racing writes agree; cleared
# whole past summarizers.nlp.WORD_MEMO words, so it is bounded whatever the day's vocabulary


@dataclass
class Group:
    """`members` index the input articles in their order; the first is the representative."""

    members: list[int]
    repeats: int | None = None  # index of the earlier group's representative
    shared_paragraphs: int = 0
    own_paragraphs: list[str] = field(default_factory=list)


def _pack(ids: Sequence[int], bits: int) -> set[int]:
    """Word 3-shingles of a word-id sequence as ints (ids start at 1; a text of fewer than 3 words is one
    shingle padded with 0): exact, and a fraction of the memory of joined strings."""
    if len(ids) < SHINGLE:
        if not ids:
            return set()
        v = 0
        for w in ids:
            v = (v << bits) | w
        return {v << (bits * (SHINGLE - len(ids)))}
    shift2 = 2 * bits
    return {(ids[k] << shift2) | (ids[k + 1] << bits) | ids[k + 2] for k in range(len(ids) - 2)}


class Vocabulary:
    """Word -> id (from 1, in the order first seen: the same every run), so a day's words are held as 4-byte
    ints; compose fills it while it reads the batch files, so no article's words are ever held as strings."""

    def __init__(self) -> None:
        self.table: dict[str, int] = {}

    def ids(self, words: Sequence[str]):
        from array import array

        table = self.table
        return array("i", [table.setdefault(w, len(table) + 1) for w in words])

    def __len__(self) -> int:
        return len(self.table)


class _Day:
    """The day's articles as word ids per paragraph, shingled on demand."""

    def __init__(self, paras: Sequence[Sequence[Sequence[int]]], vocabulary_size: int):
        self.paras = paras
        self.bits = max(1, vocabulary_size).bit_length()

    def article(self, i: int) -> set[int]:
        flat: list[int] = []
        for ids in self.paras[i]:
            flat.extend(ids)
        return _pack(flat, self.bits)

    def paragraph(self, i: int, p: int) -> set[int]:
        return _pack(self.paras[i][p], self.bits)

    def counts(self, sets) -> Counter | HashedCounts:
        """Document frequencies for the prefix order: hashed counters when the packed shingles fit 63 bits."""
        return HashedCounts(sets) if SHINGLE * self.bits <= 63 else Counter(t for s in sets for t in s)


def group_articles(bodies: Sequence[str], para_words: Sequence[Sequence[Sequence]] | None = None,
                   vocabulary: Vocabulary | None = None) -> list[Group]:
    """Group article bodies given in reading order (earlier pages first); returns groups in that order.

    `para_words[i]` are the words of body i's normalised paragraphs (paragraph_words), when the caller has
    them already (as ids of `vocabulary` when one is given); else they are computed here. Memory: the day is
    held as word ids, each article's and paragraph's shingles as a sorted array of ints (8 bytes a
    shingle); a set is built only while used.
    """
    from array import array

    arts = [[(text, len(normalize(text))) for text in paragraphs(b)] for b in bodies]
    if vocabulary is None:
        vocabulary = Vocabulary()
        if para_words is None:
            para_words = [paragraph_words(b) for b in bodies]
        para_words = [[vocabulary.ids(ws) for ws in words] for words in para_words]
    day = _Day(para_words, len(vocabulary))
    del para_words
    n = len(arts)
    # normalize() drops every line break, so a body's length is the sum of its paragraphs'
    lengths = [sum(chars for _, chars in paras) for paras in arts]
    index = SetIndex(day.counts(day.article(i) for i in range(n)), MAX_POSTINGS)
    stored: list[array] = []
    group_of: dict[int, int] = {}
    groups: list[Group] = []
    paras = Paragraphs(day, arts)

    for i in range(n):
        mine_set = day.article(i)
        best, best_j = None, 0.0
        if mine_set:
            need_ = need(len(mine_set), DUP_JACCARD)
            if lengths[i]:
                for j in index.candidates(index.prefix(mine_set, need_)):  # earliest first: ties go earliest
                    short, long_ = sorted((lengths[i], lengths[j]))
                    if short == 0 or long_ / short > DUP_LENGTH_RATIO:
                        continue
                    inter = len(mine_set.intersection(stored[j]))
                    jac = inter / (len(mine_set) + len(stored[j]) - inter)
                    if jac >= DUP_JACCARD and jac > best_j:
                        best, best_j = j, jac
            index.add(i, mine_set, need_)
        stored.append(array("q", sorted(mine_set)))
        if best is not None:
            g = group_of[best]
            groups[g].members.append(i)
            group_of[i] = g
        else:
            group_of[i] = len(groups)
            groups.append(Group([i]))
            _find_repeat(i, groups[-1], paras, lengths, group_of, groups)
        paras.add(i)
    return groups


class Paragraphs:
    """Earlier articles' paragraphs as shingle sets, in a prefix-filter index (bulletins.dedup.SetIndex).

    A reused paragraph is often extended or trimmed ("公司副总经理刘浩介绍。" becomes "...刘浩说。刘浩告诉笔者，
    ..."), which drags its Jaccard similarity down while the old paragraph is still contained in the new one;
    containment (the share of the old paragraph's shingles found in the new one) measures reuse. A paragraph
    is indexed by its rarest shingles, enough that any paragraph containing PARA_CONTAINMENT of it shares one.
    """

    def __init__(self, day: _Day, arts: Sequence[list[tuple[str, int]]]) -> None:
        """`arts`: every article's (text, normalised length) per paragraph."""
        self.day, self.arts = day, arts
        self.sets: dict[tuple[int, int], object] = {}
        self.keys: list[tuple[int, int]] = []  # int key (the index's) -> (article, paragraph)
        self.chars: dict[tuple[int, int], int] = {}
        self.totals: dict[int, int] = {}
        self.index = SetIndex(day.counts(day.paragraph(i, p) for i, paras in enumerate(arts)
                                         for p, (_, n) in enumerate(paras) if n >= MIN_PARA_CHARS), MAX_POSTINGS)

    def add(self, article: int) -> None:
        from array import array

        for p, (_, n) in enumerate(self.arts[article]):
            if n < MIN_PARA_CHARS:
                continue
            key = (article, p)
            sh = self.day.paragraph(article, p)
            self.sets[key], self.chars[key] = array("q", sorted(sh)), n
            self.totals[article] = self.totals.get(article, 0) + n
            self.keys.append(key)
            self.index.add(len(self.keys) - 1, sh, need(len(sh), PARA_CONTAINMENT))

    def contained_in(self, article: int, p: int) -> list[tuple[int, int]]:
        """Earlier paragraphs whose shingles are mostly (>= PARA_CONTAINMENT) inside paragraph p's."""
        mine = self.day.paragraph(article, p)
        out = []
        for k in self.index.candidates(mine):
            key = self.keys[k]
            theirs = self.sets[key]
            if len(mine.intersection(theirs)) / len(theirs) >= PARA_CONTAINMENT:
                out.append(key)
        return out

    def total_chars(self, article: int) -> int:
        return self.totals.get(article, 0)


def _find_repeat(i: int, group: Group, paras: Paragraphs, lengths: list[int], group_of: dict[int, int],
                 groups: list[Group]) -> None:
    """Does article i reuse most paragraphs of one earlier, much shorter article?"""
    mine = paras.arts[i]
    matched: dict[int, set[int]] = {}       # earlier article -> its paragraphs found again in i
    mine_matched: dict[int, set[int]] = {}  # earlier article -> i's paragraphs that reuse them
    for p, (_, n) in enumerate(mine):
        if n < MIN_PARA_CHARS:
            continue
        for j, q in paras.contained_in(i, p):
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
    group.own_paragraphs = [t for p, (t, _) in enumerate(mine) if p not in mine_matched[best]]


def make_items(records: Sequence[FlowArticle], groups: Sequence[Group],
               resummarize: Callable[[str], list[str]]) -> list[Item]:
    """Items (without section/importance) from the day's articles, one per group.

    `resummarize(text)` -> summary sentences is called only for partial repeats, on their own paragraphs, so
    the shared paragraphs are not summarised twice.
    """
    items = []
    for g in groups:
        rep = records[g.members[0]]
        sentences, kws = list(rep.sentences), list(rep.keywords)
        repeats = None
        if g.repeats is not None:
            earlier = records[g.repeats]
            repeats = Repeat(earlier.id, earlier.title, earlier.file, g.shared_paragraphs)
            own = "\n".join(g.own_paragraphs)
            if own.strip():
                # the summary tells what this printing adds; its keywords and section stay the article's
                # own, so they do not change with what else is briefed that day
                sentences = resummarize(own)
        items.append(Item(
            id=rep.id, title=rep.title, kicker=rep.kicker, subtitle=rep.subtitle, summary="".join(sentences),
            sentences=sentences, keywords=kws,
            appearances=[Appearance(records[m].file, records[m].source, records[m].page, records[m].index,
                                    records[m].title, records[m].byline, dict(records[m].provenance),
                                    list(records[m].notes)) for m in g.members],
            repeats=repeats, length=len(normalize(rep.body)),
            notes=list(dict.fromkeys(n for m in g.members for n in records[m].notes)),
            provenance=dict(rep.provenance), section=rep.section,
        ))
    return items
