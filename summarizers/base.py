"""What every method shares: sentences with their offsets, the candidate filter, the limits, the budget.

A method only ranks candidate sentences; turning a ranking into a summary that keeps the contract (exact
substrings, document order, no repeats, length limit, clause cut only when no whole sentence fits) lives here,
once, so no method can break it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from summarizers import cleaning

DEFAULT_MAX_CHARS = 120
# hostile input: never look at more than this many sentences / characters of an article
MAX_CANDIDATES = 400
MAX_SCAN_CHARS = 60_000
MAX_SENTENCE_ANALYSED = 1_000

_STOP = re.compile(r"(?:[。！？!?；;]|…+|\.{3,})+[”’\"'」』）)\]】》〉]*")
# who said the quote just closed: `“……增收。”县林业局工程师龙海峰说。` is one sentence, not a quote and a stray
# `龙海峰说。` (which a summary could pick alone)
_ATTRIBUTION = re.compile(
    r"[^。！？!?；;“”\"「」]{1,30}?(?:说|说道|介绍|介绍说|表示|指出|坦言|感慨|感叹|告诉记者|强调|透露|回忆|解释|补充|称|"
    r"笑着说|高兴地说|自豪地说|激动地说)[。！!]?[”’」』）)]*[\s\u3000]*$"
)
_QUOTE_END = ("”", "’", "」", "』", '"')
CLAUSE_MARKS = "，、：；"
_SPACE = " \t\u3000\r\xa0"
# what cannot open a sentence: clause and stop marks, closing quotes and brackets
_LEADING_JUNK = _SPACE + "，、：；,:;。.！？!?”’」』）)]】》〉"


@dataclass
class Sentence:
    text: str
    start: int  # offset in the text given to summarize
    para: int  # paragraph (line) number among non-empty lines
    pos_in_para: int  # 0 for the first sentence of a paragraph
    index: int = 0  # position among the candidates
    words: list[str] = field(default_factory=list)


def split_sentences(text: str, *, limit: int = MAX_CANDIDATES, scan_chars: int = MAX_SCAN_CHARS) -> list[Sentence]:
    """Sentences of Chinese news text: ends at 。！？；… (with closing quotes/brackets) and at line breaks.

    Commas never end a sentence; text after the last stop is a sentence. Only the first `scan_chars`
    characters are split (plus the sentence running across that point), and at most `limit` sentences.
    """
    out: list[Sentence] = []
    para = -1
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        body = line.splitlines()[0]
        if not body.strip(_SPACE):
            continue
        para += 1
        pos = 0
        prev = 0
        ends = [m.end() for m in _STOP.finditer(body)]
        if not ends or ends[-1] < len(body):
            ends.append(len(body))
        ends = _join_attributions(body, ends)
        for end in ends:
            piece = body[prev:end]
            lead = len(piece) - len(piece.lstrip(_SPACE))
            piece = piece.strip(_SPACE)
            if piece:
                out.append(Sentence(piece, line_start + prev + lead, para, pos))
                pos += 1
                if len(out) >= limit:
                    return out
            prev = end
            if line_start + prev >= scan_chars:
                return out
        if offset >= scan_chars:
            break
    return out


def _join_attributions(body: str, ends: list[int]) -> list[int]:
    """Drop the break between a closing quote and the attribution that follows it (…。”龙海峰说。)."""
    if len(ends) < 2 or not any(q in body for q in _QUOTE_END):
        return ends
    kept: list[int] = []
    for i, end in enumerate(ends):
        if i + 1 < len(ends) and body[:end].endswith(_QUOTE_END) and _ATTRIBUTION.fullmatch(body, end, ends[i + 1]):
            continue
        kept.append(end)
    return kept


def candidates(text: str) -> list[Sentence]:
    """The article's own sentences: furniture dropped, opening credits trimmed (still exact substrings)."""
    sents = split_sentences(text)
    lines = [ln for ln in text[:MAX_SCAN_CHARS].splitlines() if ln.strip(_SPACE)]
    multi = len(lines) > 1
    heading_paras = {i for i, ln in enumerate(lines) if multi and cleaning.is_heading_line(ln)}
    byline_paras = {i for i, ln in enumerate(lines) if cleaning.is_byline_line(ln)}
    kept: list[Sentence] = []
    headings: list[Sentence] = []
    for s in sents:
        if s.para in byline_paras:
            continue
        cut = cleaning.leading_credit_length(s.text) if s.pos_in_para == 0 else 0
        if cut:
            rest = s.text[cut:]
            stripped = rest.lstrip(_SPACE)
            s = Sentence(stripped, s.start + cut + len(rest) - len(stripped), s.para, s.pos_in_para)
            if not stripped:
                continue
        lead_marks = len(s.text) - len(s.text.lstrip(_LEADING_JUNK))
        if lead_marks:  # `，两人请辞获得批准。` after a dropped date, `。` alone: the marks are not the sentence
            s = Sentence(s.text[lead_marks:], s.start + lead_marks, s.para, s.pos_in_para)
            if not any(ch.isalnum() for ch in s.text):
                continue
        if cleaning.is_furniture_sentence(s.text):
            continue
        if s.pos_in_para > 0 and len(s.text) <= 8 and not _STOP.search(s.text):
            continue  # a source stamp trailing the paragraph (新民网, 大河报)
        (headings if s.para in heading_paras else kept).append(s)
    if not kept:  # a text of headings only (or no punctuation at all): better than nothing
        kept = headings
    unique: list[Sentence] = []
    seen: set[str] = set()
    for s in kept:
        if s.text in seen:
            continue
        seen.add(s.text)
        s.index = len(unique)
        unique.append(s)
    return unique


@dataclass(frozen=True)
class Limit:
    max_chars: int | None = None
    max_sentences: int | None = None


def resolve_limit(text: str, max_chars: int | None, max_sentences: int | None, ratio: float | None) -> Limit:
    """Exactly one limit (or the briefing default); `ratio` is a share of the article's characters."""
    given = [name for name, v in (("max_chars", max_chars), ("max_sentences", max_sentences), ("ratio", ratio))
             if v is not None]
    if len(given) > 1:
        raise ValueError(f"give at most one of max_chars, max_sentences, ratio (got {', '.join(given)})")
    if max_chars is not None:
        if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
            raise ValueError(f"max_chars must be a positive integer, got {max_chars!r}")
        return Limit(max_chars=max_chars)
    if max_sentences is not None:
        if isinstance(max_sentences, bool) or not isinstance(max_sentences, int) or max_sentences < 1:
            raise ValueError(f"max_sentences must be a positive integer, got {max_sentences!r}")
        return Limit(max_sentences=max_sentences)
    if ratio is not None:
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 < ratio <= 1:
            raise ValueError(f"ratio must be a number in (0, 1], got {ratio!r}")
        return Limit(max_chars=max(1, math.floor(ratio * len(text.strip()))))
    return Limit(max_chars=DEFAULT_MAX_CHARS)


def clause_cut(sentence: str, max_chars: int) -> str | None:
    """The longest prefix ending with a clause mark (，、：；) that fits, or None if even the first clause is too long."""
    for i in range(min(len(sentence), max_chars) - 1, -1, -1):
        if sentence[i] in CLAUSE_MARKS:
            return sentence[: i + 1]
    return None


def cut_best(ranked: Sequence[Sentence], max_chars: int) -> str:
    """No whole sentence fits: the best sentence that allows a clause cut, else a hard cut of the best one."""
    for s in ranked:
        piece = clause_cut(s.text, max_chars)
        if piece:
            return piece
    return ranked[0].text[:max_chars]


def select(cands: Sequence[Sentence], ranked: Sequence[Sentence], limit: Limit,
           chooser: Callable[[Sequence[Sentence], int], list[Sentence]] | None = None) -> list[str]:
    """Turn a ranking into the summary: fill the limit in rank order, return in document order."""
    if not cands:
        return []
    if limit.max_sentences is not None:
        chosen = list(ranked[: limit.max_sentences])
    else:
        budget = limit.max_chars or DEFAULT_MAX_CHARS
        if not any(len(s.text) <= budget for s in cands):
            return [cut_best(ranked, budget)]
        if chooser is not None:
            chosen = chooser(ranked, budget)
        else:
            chosen, used = [], 0
            for s in ranked:
                if used + len(s.text) <= budget:
                    chosen.append(s)
                    used += len(s.text)
    chosen.sort(key=lambda s: s.start)
    out: list[str] = []
    for s in chosen:
        if s.text not in out:
            out.append(s.text)
    return out
