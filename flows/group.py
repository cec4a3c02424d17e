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

The words compared are the articles' paragraph words, normalised, made in the batch task and read back as word
ids (flows.daywords). Every step is linear in the day's articles: a shingle found in more than MAX_POSTINGS paragraphs (or bodies)
of the day is boilerplate and is not used to find candidates (bulletins.dedup).
"""
from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from bulletins.dedup import MAX_POSTINGS, HashedCounts, SetIndex, need
from flows.daywords import DayWords, Vocabulary, normalize, paragraph_words, paragraphs
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


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return word_shingles(segment(normalize(text)), k)


def word_shingles(words: list[str], k: int = SHINGLE) -> set[str]:
    if len(words) < k:
        return {"\x1f".join(words)} if words else set()
    return {"\x1f".join(words[i:i + k]) for i in range(len(words) - k + 1)}


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


class _Day:
    """The day's articles as word ids per paragraph, shingled on demand."""

    def __init__(self, words: DayWords, vocabulary_size: int):
        self.words = words
        self.bits = max(1, vocabulary_size).bit_length()

    def article(self, i: int) -> set[int]:
        return _pack(self.words.words(i), self.bits)

    def paragraph(self, i: int, p: int) -> set[int]:
        return _pack(self.words.words(i, p), self.bits)

    def counts(self, sets) -> Counter | HashedCounts:
        """Document frequencies for the prefix order: hashed counters when the packed shingles fit 63 bits."""
        return HashedCounts(sets) if SHINGLE * self.bits <= 63 else Counter(t for s in sets for t in s)

    def day_counts(self, paragraphs: bool) -> Counter | HashedCounts:
        """counts() of every article's shingle set, or (`paragraphs`) of every paragraph's of at least
        MIN_PARA_CHARS: the same counts, the shingles made with numpy some FLUSH words at a time instead of
        a Python set each (the counting pass was a tenth of grouping)."""
        words, n = self.words, len(self.words)
        if paragraphs:
            sets: Iterable = (self.paragraph(i, p) for i in range(n) for p, c in enumerate(words.lengths(i))
                              if c >= MIN_PARA_CHARS)
        else:
            sets = (self.article(i) for i in range(n))
        if SHINGLE * self.bits > 63:
            return self.counts(sets)
        counts = HashedCounts()
        seqs: list[array] = []
        size = 0
        for i in range(n):
            if paragraphs:
                new = [words.words(i, p) for p, c in enumerate(words.lengths(i)) if c >= MIN_PARA_CHARS]
            else:
                new = [words.words(i)]
            seqs.extend(new)
            size += sum(map(len, new))
            if size >= HashedCounts.FLUSH:
                counts.add_distinct(_shingle_runs(seqs, self.bits)[0])
                seqs, size = [], 0
        counts.add_distinct(_shingle_runs(seqs, self.bits)[0])
        return counts

    BLOCK = 256  # articles whose shingles are made in one numpy pass

    def articles(self) -> Iterator[Any]:
        """Each article's shingles (article(i)) as a sorted int64 array, in order."""
        words, n = self.words, len(self.words)
        for start in range(0, n, self.BLOCK):
            seqs = [words.words(i) for i in range(start, min(n, start + self.BLOCK))]
            tokens, bounds = _shingle_runs(seqs, self.bits)
            for j in range(len(seqs)):
                yield tokens[bounds[j]:bounds[j + 1]]

    def paragraph_block(self, start: int) -> dict[int, list[tuple[int, int, Any]]]:
        """For articles start .. start + BLOCK - 1: (number, normalised length, shingles as a sorted int64
        array) of each paragraph of at least MIN_PARA_CHARS."""
        words = self.words
        where: list[tuple[int, int, int]] = []
        seqs: list[array] = []
        for i in range(start, min(len(words), start + self.BLOCK)):
            for p, c in enumerate(words.lengths(i)):
                if c >= MIN_PARA_CHARS:
                    where.append((i, p, c))
                    seqs.append(words.words(i, p))
        tokens, bounds = _shingle_runs(seqs, self.bits)
        out: dict[int, list[tuple[int, int, Any]]] = {i: [] for i in range(start, min(len(words), start + self.BLOCK))}
        for j, (i, p, c) in enumerate(where):
            out[i].append((p, c, tokens[bounds[j]:bounds[j + 1]]))
        return out


def _shingle_runs(seqs: Sequence[array], bits: int) -> tuple[Any, list[int]]:
    """The packed shingles (_pack) of many word-id sequences at once (numpy): seqs[j]'s distinct ones,
    ascending, are tokens[bounds[j]:bounds[j + 1]] (int64). One numpy pass for a block of sequences costs
    less than a Python set for each, and the sorted runs are what the index and SortedSets take."""
    import numpy as np

    short = [(j, next(iter(_pack(s, bits)))) for j, s in enumerate(seqs) if 0 < len(s) < SHINGLE]
    long_ = [j for j, s in enumerate(seqs) if len(s) >= SHINGLE]
    tokens = np.fromiter((t for _, t in short), dtype=np.int64, count=len(short))
    owner = np.fromiter((j for j, _ in short), dtype=np.int64, count=len(short))
    if long_:
        sizes = np.fromiter((len(seqs[j]) for j in long_), dtype=np.int64, count=len(long_))
        x = np.frombuffer(b"".join(seqs[j].tobytes() for j in long_), dtype=np.int32).astype(np.int64)
        seq = np.repeat(np.asarray(long_, dtype=np.int64), sizes)
        packed = (x[:-2] << (2 * bits)) | (x[1:-1] << bits) | x[2:]
        inside = seq[:-2] == seq[2:]  # a shingle's three words are of one sequence
        tokens = np.concatenate((tokens, packed[inside]))
        owner = np.concatenate((owner, seq[:-2][inside]))
    width = SHINGLE * bits
    if width < 63 and len(seqs) < 1 << (63 - width):  # (owner, token) as one int64: one sort instead of a lexsort
        key = np.sort((owner << width) | tokens)
        if len(key):
            key = key[np.concatenate(([True], key[1:] != key[:-1]))]
        tokens, owner = key & ((1 << width) - 1), key >> width
    else:
        order = np.lexsort((tokens, owner))
        tokens, owner = tokens[order], owner[order]
        first = np.ones(len(tokens), dtype=bool)
        first[1:] = (tokens[1:] != tokens[:-1]) | (owner[1:] != owner[:-1])
        tokens, owner = tokens[first], owner[first]
    return tokens, np.searchsorted(owner, np.arange(len(seqs) + 1)).tolist()


def group_articles(bodies: Sequence[str], para_words: Sequence[Sequence[Sequence]] | None = None,
                   vocabulary: Vocabulary | None = None) -> list[Group]:
    """Group article bodies given in reading order (earlier pages first); returns groups in that order.

    `para_words[i]` are the words of body i's normalised paragraphs (paragraph_words), when the caller has
    them already (as ids of `vocabulary` when one is given); else they are computed here.
    """
    if vocabulary is None or para_words is None:
        vocabulary = vocabulary or Vocabulary()
        if para_words is None:
            para_words = [paragraph_words(b) for b in bodies]
        para_words = [[vocabulary.ids(ws) for ws in words] for words in para_words]
    day = DayWords()
    for b, ids in zip(bodies, para_words, strict=True):
        day.add([len(normalize(text)) for text in paragraphs(b)], ids)
    return group_day(day, len(vocabulary), bodies.__getitem__)


def group_day(words: DayWords, vocabulary_size: int, body: Callable[[int], str]) -> list[Group]:
    """group_articles on the day as word ids (DayWords, in reading order). `body(i)` gives article i's text
    and is asked only for partial repeats (their own paragraphs), so the caller can keep the text on disk.

    Two passes over the day: near-duplicates (articles' shingles and their index), then partial repeats
    (paragraphs' shingles and theirs). A repeat needs of the first pass only which groups exist and their
    first members, all known before it starts, so the result is the one-pass result, and the two indexes
    are never in memory together. Memory: besides the word ids, each article's or paragraph's shingles as
    a sorted array of ints (8 bytes a shingle) and one prefix-filter index; a set is built only while used.
    """
    day = _Day(words, vocabulary_size)
    n = len(words)
    lengths = words.totals
    groups, group_of = _duplicates(day, lengths)
    paras = Paragraphs(day)
    for i in range(n):
        group = groups[group_of[i]]
        mine = paras.of(i)
        if group.members[0] == i:  # i began its group: it is a story of its own, perhaps reusing another
            _find_repeat(i, group, paras, lengths, group_of, groups, body, mine)
        paras.add(i, mine)
    return groups


def _duplicates(day: _Day, lengths: Sequence[int]) -> tuple[list[Group], array]:
    """The near-duplicate groups (no repeats yet) and each article's group number."""
    index = SetIndex(day.day_counts(paragraphs=False), MAX_POSTINGS)
    stored = SortedSets()
    group_of = array("q")
    groups: list[Group] = []
    for i, mine in enumerate(day.articles()):
        best, best_j = None, 0.0
        m = len(mine)
        if m:
            need_ = need(m, DUP_JACCARD)
            head = index.prefix(mine, need_)  # what i is indexed by, and what it probes with
            if lengths[i]:
                keep = []
                for j in index.candidates(head):  # earliest first: ties go earliest
                    short, long_ = sorted((lengths[i], lengths[j]))
                    if short == 0 or long_ / short > DUP_LENGTH_RATIO:
                        continue
                    # Jaccard <= min/max of the sizes, and float division is monotonic: an exact skip
                    small, large = sorted((m, stored.size(j)))
                    if small / large < DUP_JACCARD:
                        continue
                    keep.append(j)
                for j, inter in zip(keep, stored.overlaps(mine, keep), strict=True):
                    jac = inter / (m + stored.size(j) - inter)
                    if jac >= DUP_JACCARD and jac > best_j:
                        best, best_j = j, jac
            index.add(i, mine, need_, head)
        stored.add(mine)
        if best is not None:
            g = group_of[best]
            groups[g].members.append(i)
            group_of.append(g)
        else:
            group_of.append(len(groups))
            groups.append(Group([i]))
    return groups, group_of


class SortedSets:
    """Sets of non-negative ints below 2**63, each sorted in one flat array (8 bytes an element, no object
    a set), whose overlaps with one probe are counted for many stored sets at once (numpy): the candidate
    checks of both grouping passes, which set by set in Python were a third of grouping's CPU."""

    def __init__(self) -> None:
        self.flat = array("q")
        self.starts = array("q", [0])

    @staticmethod
    def sorted_array(tokens: set[int]) -> Any:
        import numpy as np

        out = np.fromiter(tokens, dtype=np.int64, count=len(tokens))
        out.sort()
        return out

    def add(self, sorted_tokens: Any) -> None:
        """Store a set given as sorted_array's output; its key is the number of sets added before it."""
        self.flat.frombytes(sorted_tokens.tobytes())
        self.starts.append(len(self.flat))

    def size(self, key: int) -> int:
        return self.starts[key + 1] - self.starts[key]

    def __len__(self) -> int:
        return len(self.starts) - 1

    def overlaps(self, probe: Any, keys: Sequence[int]) -> list[int]:
        """|probe & set k| for each k of keys (probe: a sorted_array), in the order of keys."""
        if not keys:
            return []
        import numpy as np

        if not len(probe):
            return [0] * len(keys)
        starts = np.frombuffer(self.starts, dtype=np.int64)
        k = np.asarray(keys, dtype=np.int64)
        lo = starts[k]
        sizes = starts[k + 1] - lo
        ends = np.cumsum(sizes)
        where = np.arange(int(ends[-1]), dtype=np.int64) + np.repeat(lo - (ends - sizes), sizes)
        del starts  # the arrays' buffers must not stay exported: add() grows them
        values = np.frombuffer(self.flat, dtype=np.int64)[where]
        pos = np.searchsorted(probe, values)
        np.minimum(pos, len(probe) - 1, out=pos)
        hits = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum(probe[pos] == values, out=hits[1:])
        return (hits[ends] - hits[ends - sizes]).tolist()


class Paragraphs:
    """Earlier articles' paragraphs as shingle sets, in a prefix-filter index (bulletins.dedup.SetIndex).

    A reused paragraph is often extended or trimmed ("公司副总经理刘浩介绍。" becomes "...刘浩说。刘浩告诉笔者，
    ..."), which drags its Jaccard similarity down while the old paragraph is still contained in the new one;
    containment (the share of the old paragraph's shingles found in the new one) measures reuse. A paragraph
    is indexed by its rarest shingles, enough that any paragraph containing PARA_CONTAINMENT of it shares one.
    Each indexed paragraph has a key (0, 1, ...) into flat arrays: its article, its number in the article,
    its normalised length, its sorted shingles.
    """

    def __init__(self, day: _Day) -> None:
        self.day = day
        words = day.words
        self.sets = SortedSets()
        self.needs = array("q")  # the overlap that makes key k contained: need(size, PARA_CONTAINMENT)
        self.owner, self.number, self.chars = array("i"), array("i"), array("q")
        self.totals = array("q", bytes(8 * len(words)))
        self.index = SetIndex(day.day_counts(paragraphs=True), MAX_POSTINGS)
        self._block: dict[int, list[tuple[int, int, Any]]] = {}

    def of(self, article: int) -> list[tuple[int, int, Any]]:
        """(number, normalised length, shingles as a sorted int64 array) of each of the article's paragraphs
        long enough to count: made once for both its probes (contained_in) and its indexing (add), a block
        of articles at a time (grouping asks for them in order)."""
        if article not in self._block:
            self._block = self.day.paragraph_block(article)
        return self._block[article]

    def add(self, article: int, paras: list[tuple[int, int, Any]] | None = None) -> None:
        """Index the article's paragraphs (`paras`: its `of(article)`, when the caller has it)."""
        for p, n, sh in self.of(article) if paras is None else paras:
            key = len(self.sets)
            self.sets.add(sh)
            need_ = need(len(sh), PARA_CONTAINMENT)
            self.needs.append(need_)
            self.owner.append(article)
            self.number.append(p)
            self.chars.append(n)
            self.totals[article] += n
            self.index.add(key, sh, need_)

    def contained_in(self, article: int, p: int, para: tuple[int, int, Any] | None = None,
                     lengths: Sequence[int] | None = None) -> list[int]:
        """Keys of earlier paragraphs whose shingles are mostly (>= PARA_CONTAINMENT) inside paragraph p's
        (`para`: its entry of `of(article)`, when the caller has it). With `lengths` (each article's
        normalised length), only paragraphs of articles that `article` is at least REPEAT_LENGTH_RATIO times
        longer than: the only ones _find_repeat can name, so the others are not checked at all."""
        if para is None:
            mine = SortedSets.sorted_array(self.day.paragraph(article, p))
        else:
            mine = para[2]
        needs, m = self.needs, len(mine)
        # need(size) is the least overlap with overlap / size >= PARA_CONTAINMENT (the same float test)
        if lengths is None:
            keys = [k for k in self.index.candidates(mine) if needs[k] <= m]
        else:
            owner, mine_length = self.owner, lengths[article]
            keys = [k for k in self.index.candidates(mine)
                    if needs[k] <= m and not mine_length < REPEAT_LENGTH_RATIO * lengths[owner[k]]]
        return [k for k, c in zip(keys, self.sets.overlaps(mine, keys), strict=True) if c >= needs[k]]


def _find_repeat(i: int, group: Group, paras: Paragraphs, lengths: Sequence[int], group_of: Sequence[int],
                 groups: list[Group], body: Callable[[int], str],
                 mine: list[tuple[int, int, Any]] | None = None) -> None:
    """Does article i reuse most paragraphs of one earlier, much shorter article? (`mine`: paras.of(i))"""
    matched: dict[int, dict[int, int]] = {}  # earlier article -> its paragraphs found again in i (-> chars)
    mine_matched: dict[int, set[int]] = {}  # earlier article -> i's paragraphs that reuse them
    for para in paras.of(i) if mine is None else mine:
        p = para[0]
        for k in paras.contained_in(i, p, para, lengths):
            j = paras.owner[k]
            matched.setdefault(j, {})[paras.number[k]] = paras.chars[k]
            mine_matched.setdefault(j, set()).add(p)
    best, best_cov = None, 0.0
    for j, qs in sorted(matched.items()):
        if lengths[i] < REPEAT_LENGTH_RATIO * lengths[j]:
            continue
        total = paras.totals[j]
        cov = sum(qs.values()) / total if total else 0.0
        if cov >= REPEAT_COVERAGE and cov > best_cov:
            best, best_cov = j, cov
    if best is None:
        return
    group.repeats = groups[group_of[best]].members[0]
    group.shared_paragraphs = len(matched[best])
    group.own_paragraphs = [t for p, t in enumerate(paragraphs(body(i))) if p not in mine_matched[best]]


def make_items(records: Sequence[FlowArticle], groups: Sequence[Group],
               resummarize: Callable[[str], list[str]]) -> list[Item]:
    """Items (without section/importance) from the day's articles, one per group (iter_items)."""
    return list(iter_items(groups, records.__getitem__, resummarize))


def iter_items(groups: Iterable[Group], article: Callable[[int], FlowArticle],
               resummarize: Callable[[str], list[str]], length: Callable[[int], int] | None = None) -> Iterator[Item]:
    """Items (without section/importance), one per group, made one at a time: `article(i)` gives the i-th
    article of the day (compose reads it back from its batch file), so only one group's articles are held.

    `resummarize(text)` -> summary sentences is called only for partial repeats, on their own paragraphs, so
    the shared paragraphs are not summarised twice. `length(i)`: article i's normalised length when the
    caller has it (DayWords.totals: the same number, the sum of its paragraphs'), else it is computed here.
    """
    for g in groups:
        members = [article(m) for m in g.members]
        rep = members[0]
        sentences, kws = list(rep.sentences), list(rep.keywords)
        repeats = None
        if g.repeats is not None:
            earlier = article(g.repeats)
            repeats = Repeat(earlier.id, earlier.title, earlier.file, g.shared_paragraphs)
            own = "\n".join(g.own_paragraphs)
            if own.strip():
                # the summary tells what this printing adds; its keywords and section stay the article's
                # own, so they do not change with what else is briefed that day
                sentences = resummarize(own)
        yield Item(
            id=rep.id, title=rep.title, kicker=rep.kicker, subtitle=rep.subtitle, summary="".join(sentences),
            sentences=sentences, keywords=kws,
            appearances=[Appearance(m.file, m.source, m.page, m.index, m.title, m.byline, dict(m.provenance),
                                    list(m.notes)) for m in members],
            repeats=repeats,
            length=length(g.members[0]) if length is not None and rep.body else len(normalize(rep.body)),
            notes=list(dict.fromkeys(n for m in members for n in m.notes)),
            provenance=dict(rep.provenance), section=rep.section,
        )


