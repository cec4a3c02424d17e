"""One analysis per article: its candidate sentences, their jieba words and tags, the headline, the bylines.

Summaries, keywords, sections and the flow's grouping all read the same `Analysis`, so an article is segmented
once. It is frozen (tuples all the way down) so that it can be shared between threads and pickled to processes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from summarizers import cleaning, nlp
from summarizers.base import Sentence, candidates

MAX_KEYWORD_CHARS = 30_000

Tagged = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Analysis:
    """What the summarizers know of one text (see the module docstring)."""

    text: str  # as given
    sentences: tuple[Sentence, ...]  # candidate sentences (exact substrings of `text`, furniture dropped)
    tagged: tuple[Tagged, ...]  # jieba words with POS, per sentence (simplified characters)
    names: frozenset[str]  # reporters' and photographers' names from bylines and captions
    title: str = ""  # the headline, as analysed (simplified): given, or the first line when it reads as one
    title_tagged: Tagged = ()
    analysed: str = ""  # the analysed text (sentences joined by newlines) when it differs from the original...
    original: str = ""  # ...and the same stretch in the text's own characters, to give keywords back in them

    @property
    def cleaned(self) -> str:
        """The article without furniture: its candidate sentences, one per line."""
        return "\n".join(s.text for s in self.sentences)

    @property
    def words(self) -> tuple[str, ...]:
        """All jieba words of the cleaned text, in order (the flow groups stories by these)."""
        return tuple(w for sent in self.tagged for w, _ in sent)

    @property
    def tags(self) -> tuple[str, ...]:
        """The part-of-speech tag of each of `words`."""
        return tuple(f for sent in self.tagged for _, f in sent)

    def paragraph_words(self) -> list[tuple[str, list[str]]]:
        """(paragraph text, its words) per paragraph of the cleaned text, for paragraph-level comparisons."""
        out: list[tuple[str, list[str]]] = []
        last = None
        for s, sent in zip(self.sentences, self.tagged, strict=True):
            if s.para != last:
                out.append((s.text, [w for w, _ in sent]))
                last = s.para
            else:
                text, words = out[-1]
                out[-1] = (text + s.text, words + [w for w, _ in sent])
        return out


def _full_pieces(analysis: Analysis) -> list[bool]:
    """Which candidate sentences `build` analysed whole (the rest fell past MAX_KEYWORD_CHARS)."""
    budget = MAX_KEYWORD_CHARS
    out = []
    for s in analysis.sentences:
        n = len(s.text)
        out.append(budget >= n)
        budget -= min(n, max(budget, 0))
    return out


def line_words(analysis: Analysis) -> list[list[str]]:
    """The jieba words of each non-blank line of `analysis.text` (lines split at "\\n" only), in order.

    A candidate sentence's words are the analysis's own (not segmented again); only what lies between them
    (bylines, headings, captions, the rest past the analysed stretch) is segmented here, all in one jieba
    call. Each stretch is segmented on its own, so a line's words are a function of the text alone. Text in
    traditional characters gives simplified words, as its analysis does.
    """
    text = analysis.text
    traditional = bool(analysis.analysed)
    spans = [(s.start, s.start + len(s.text), i)
             for i, (s, full) in enumerate(zip(analysis.sentences, _full_pieces(analysis), strict=True)) if full]
    spans.sort()
    lines: list[list[tuple[bool, int]]] = []  # per line: (is a sentence, sentence index or gap index)
    gaps: list[str] = []
    k = 0
    for m in _LINE.finditer(text):
        start, end = m.span()
        parts: list[tuple[bool, int]] = []
        pos = start
        while k < len(spans) and spans[k][0] < end:
            s_start, s_end, i = spans[k]
            k += 1
            if s_start < pos:  # never happens (candidates do not overlap); a gap would repeat words
                continue
            if text[pos:s_start].strip():
                parts.append((False, len(gaps)))
                gaps.append(text[pos:s_start])
            parts.append((True, i))
            pos = s_end
        if text[pos:end].strip():
            parts.append((False, len(gaps)))
            gaps.append(text[pos:end])
        if m.group().strip():
            lines.append(parts)
    gap_words: list[list[str]] = [[]]
    if gaps:
        joined = "\n".join(gaps).replace("\r", " ")  # "\r\n" would be one word: never across two gaps
        if traditional:
            joined = nlp.to_simplified(joined)
        for w in nlp.lcut(joined):
            if w == "\n":
                gap_words.append([])
            else:
                gap_words[-1].append(w)
    tagged = analysis.tagged
    out = []
    for parts in lines:
        words: list[str] = []
        for is_sentence, i in parts:
            if is_sentence:
                words.extend([p[0] for p in tagged[i]])
            else:
                words.extend(gap_words[i])
        out.append(words)
    return out


_LINE = re.compile(r"[^\n]+")


def headline(text: str) -> str:
    """The first line when it reads as a headline above a longer text (callers pass f"{title}\\n{body}")."""
    head, sep, rest = text.lstrip().partition("\n")
    if not sep or not rest.strip():
        return ""
    head = head.strip()
    if not cleaning.is_heading_line(head) or cleaning.is_byline_line(head) or cleaning.is_caption(head):
        return ""
    return head


def build(text: str, title: str | None = None) -> Analysis:
    """The analysis of `text` (uncached: see `summarizers.analyze`)."""
    nlp.warm()
    cands = candidates(text)
    pieces: list[str] = []
    budget = MAX_KEYWORD_CHARS
    for s in cands:
        piece = s.text[:budget] if budget > 0 else ""
        budget -= len(piece)
        pieces.append(piece.replace("\n", " "))
    head = headline(text[:MAX_KEYWORD_CHARS]) if title is None else " ".join(title.split())
    names = cleaning.byline_names(text[:MAX_KEYWORD_CHARS])
    if nlp.is_traditional(text):
        # jieba's dictionary and IDF are simplified: traditional text segments into junk (隨著, 顧關) otherwise
        original = "\n".join(pieces) + "\n" + head
        analysed = nlp.to_simplified(original)
        pieces = analysed.split("\n")[: len(pieces)]
        head = analysed.rpartition("\n")[2]
        names = {nlp.to_simplified(n) for n in names}
        tagged, head_tagged = _tag_all(pieces, head)
        return Analysis(text, tuple(cands), tagged, frozenset(names), head, head_tagged, analysed, original)
    tagged, head_tagged = _tag_all(pieces, head)
    return Analysis(text, tuple(cands), tagged, frozenset(names), head, head_tagged)


def _tag_all(pieces: list[str], head: str) -> tuple[tuple[Tagged, ...], Tagged]:
    """The tags of each piece and of the headline, in one jieba call: `nlp.tag(head)` is `tag_many([head])[0]`
    when the headline holds no line break (it never does: build joins its lines with spaces)."""
    if head and "\n" not in head:
        tagged = nlp.tag_many([*pieces, head])
        return tuple(tuple(t) for t in tagged[:-1]), tuple(tagged[-1])
    return tuple(tuple(t) for t in nlp.tag_many(pieces)), tuple(nlp.tag(head)) if head else ()
