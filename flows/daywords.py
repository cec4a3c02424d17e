"""The day's words, as grouping needs them: made in the batch task, read back by compose.

Grouping (flows.group) compares articles by their words, paragraph by paragraph, with whitespace and
punctuation dropped, so that PDF line breaks and full/half-width marks do not make a reprint look different
(`normalize`). Each article's paragraph words come from its one analysis in the batch task
(`paragraph_words`) and travel in the batch file; compose reads them back as 4-byte word ids
(`Vocabulary`), one array per article, spilled to a file (`DayWords`, filled by `read_day`), so no article's
words are held as strings and memory stays bounded at 10,000 files.
"""
from __future__ import annotations

import os
import re
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from flows.records import BatchLines, FlowArticle


def normalize(text: str) -> str:
    """Drop whitespace and punctuation: PDF line breaks and full/half-width marks must not make a reprint
    look different."""
    return unicodedata.normalize("NFKC", text).translate(_DROPPED)


class _Dropped(dict):
    """str.translate's table for normalize: a code point -> None (whitespace, punctuation: dropped) or
    itself, decided the first time it is seen (a character at a time in Python was most of normalize's
    cost). Holds at most LIMIT code points; past that, a new one is decided every time it is met."""

    LIMIT = 1 << 16

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        keep = None if ch.isspace() or unicodedata.category(ch).startswith("P") else code
        if len(self) < self.LIMIT:
            self[code] = keep
        return keep


_DROPPED = _Dropped()


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
    get = memo.get
    out = []
    for words in line_words(analysis):
        normal = [get(w) for w in words]  # one C-level pass for the words seen before (nearly all)...
        if None in normal:  # ...and normalize() for the new ones
            normal = [n if n is not None else memo.setdefault(w, normalize(w))
                      for w, n in zip(words, normal, strict=True)]
        out.append([n for n in normal if n])
    return out


_normal_words: dict[str, str] = {}  # word -> normalize(word): a pure function, so racing writes agree; cleared
# whole past summarizers.nlp.WORD_MEMO words, so it is bounded whatever the day's vocabulary


class Vocabulary:
    """Word -> id (from 1, in the order first seen: the same every run), so a day's words are held as 4-byte
    ints; compose fills it while it reads the batch files, so no article's words are ever held as strings."""

    def __init__(self) -> None:
        self.table: dict[str, int] = {}

    def ids(self, words: Sequence[str]) -> array:
        table = self.table
        return array("i", [table.setdefault(w, len(table) + 1) for w in words])

    def __len__(self) -> int:
        return len(self.table)


class DayWords:
    """The day's articles as grouping needs them and no more: one array('i') per article holding its
    paragraph count P, each paragraph's normalised length, each paragraph's word count, then the word ids of
    its paragraphs in order (4 bytes a word, no text, one object an article).

    With `spill` (a file path) the arrays go to that file and only their offsets stay in memory: grouping
    needs article i's words only at step i (and in the two counting passes, in order), so each is read
    back once a pass (the last one read is kept)."""

    def __init__(self, spill: str | os.PathLike | None = None) -> None:
        self.arts: list[array] = []
        self._fh = open(spill, "w+b") if spill is not None else None  # noqa: SIM115 - closed by close()
        self._where = array("q")  # spilled: byte offset of article k's array, then its end
        self._order: array | None = None  # spilled and reordered: article i is the order[i]-th written
        self._last: tuple[int, array] | None = None
        # each article's normalised length (the sum of its paragraphs': normalize() drops every line break),
        # kept in memory (8 bytes an article) so grouping and the items need not read the words back for it
        self.totals = array("q")

    def add(self, lengths: Sequence[int], para_ids: Sequence[Sequence[int]]) -> None:
        """One article: its paragraphs' normalised lengths and word ids (as many of each)."""
        if len(lengths) != len(para_ids):
            raise ValueError(f"{len(lengths)} paragraph lengths for {len(para_ids)} paragraphs' words")
        a = array("i", [len(lengths)])
        a.extend(lengths)
        self.totals.append(sum(lengths))
        a.extend(len(ids) for ids in para_ids)
        for ids in para_ids:
            a.extend(ids)
        if self._fh is None:
            self.arts.append(a)
            return
        if not self._where:
            self._where.append(0)
        a.tofile(self._fh)
        self._where.append(self._where[-1] + a.itemsize * len(a))

    def reorder(self, perm: Sequence[int]) -> None:
        """Article i becomes the perm[i]-th added."""
        self.totals = array("q", (self.totals[k] for k in perm))
        if self._fh is None:
            self.arts = [self.arts[k] for k in perm]
        else:
            self._order = array("q", perm)
            self._last = None

    def __len__(self) -> int:
        return len(self.arts) if self._fh is None else max(0, len(self._where) - 1)

    def _art(self, i: int) -> array:
        if self._fh is None:
            return self.arts[i]
        if self._last is not None and self._last[0] == i:
            return self._last[1]
        k = self._order[i] if self._order is not None else i
        self._fh.flush()
        a = array("i")
        a.frombytes(os.pread(self._fh.fileno(), self._where[k + 1] - self._where[k], self._where[k]))
        self._last = (i, a)
        return a

    def lengths(self, i: int) -> array:
        """The normalised length of each paragraph of article i."""
        a = self._art(i)
        return a[1:1 + a[0]]

    def words(self, i: int, p: int | None = None) -> array:
        """The word ids of paragraph p of article i (all its paragraphs' run together when p is None)."""
        a = self._art(i)
        n = a[0]
        if p is None:
            return a[1 + 2 * n:]
        start = 1 + 2 * n + sum(a[1 + n:1 + n + p])
        return a[start:start + a[1 + n + p]]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def read_day(lines: BatchLines, vocabulary: Vocabulary, order: Callable[[str], Any],
             visit: Callable[[FlowArticle], None] | None = None,
             spill: str | os.PathLike | None = None) -> tuple[DayWords, list[tuple[int, int]]]:
    """What grouping needs of the batch files' articles, in reading order (sorted by (order(file), index)):
    their words as ids and their paragraphs' normalised lengths (DayWords), and where each article's line
    is ((batch, offset) for `lines.article`). `visit(article)` sees each article once, in file order, for
    what the caller counts; no article is kept. `spill`: where DayWords keeps the word ids (else in memory)."""
    words = DayWords(spill)
    locs: list[tuple[int, int]] = []
    keys: list[tuple[Any, int]] = []
    orders: dict[str, Any] = {}
    for b, offset, line in lines.scan():
        a = FlowArticle.from_line(line, vocabulary)
        if a.file not in orders:
            orders[a.file] = order(a.file)
        keys.append((orders[a.file], a.index))
        locs.append((b, offset))
        words.add([len(normalize(t)) for t in paragraphs(a.body or a.title)], a.para_words)
        if visit is not None:
            visit(a)
    perm = sorted(range(len(keys)), key=keys.__getitem__)
    words.reorder(perm)
    return words, [locs[k] for k in perm]
