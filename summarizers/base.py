"""What every method shares: sentences with their offsets, the candidate filter, the limits, the budget.

A method only ranks candidate sentences; turning a ranking into a summary that keeps the contract (exact
substrings, document order, no repeats, length limit, clause cut only when no whole sentence fits) lives here,
once, so no method can break it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarizers import cleaning

DEFAULT_MAX_CHARS = 120
# hostile input: never look at more than this many sentences / characters of an article
MAX_CANDIDATES = 400
MAX_SCAN_CHARS = 60_000
MAX_SENTENCE_ANALYSED = 1_000

# a sentence ends at 。！？ (and an ellipsis), with any closing quotes/brackets; `；` ends a clause, not a sentence
_STOP = re.compile(r"(?:[。！？!?]|…+|\.{3,})+[”’\"'」』）)\]】》〉]*")
_SAY = (r"(?:说|說|说道|說道|介绍|介紹|介绍说|介紹說|表示|指出|坦言|感慨|感叹|感嘆|告诉记者|告訴記者|告诉笔者|告訴筆者|对记者说|強調|强调|透露|回忆|回憶|"
        r"解释|解釋|补充|補充|称|稱|问道|問道|笑着说|笑著說|高兴地说|高興地說|自豪地说|自豪地說|激动地说|激動地說)")
# who said the quote just closed: `“……增收。”县林业局工程师龙海峰说。` is one sentence, not a quote and a stray
# `龙海峰说。` (which a summary could pick alone)
_ATTRIBUTION = re.compile(rf"[^。！？!?；;“”\"「」]{{1,30}}?{_SAY}[。！!]?[”’」』）)]*[\s\u3000]*$")
# a sentence that only says who spoke (`82岁的陈阿嬷笑着说。`): it leans on the quote before it
_ATTRIBUTION_ONLY = re.compile(rf"[^。！？!?；;，,“”\"「」：:]{{0,24}}?{_SAY}[。！!]?[”’」』）)]*")
_QUOTE_END = ("”", "’", "」", "』", '"')
CLAUSE_MARKS = "，、：；"
# a summary never ends on these: the reader expects what follows
_OPEN_END = "：；:;，,、"
_SPACE = " \t\u3000\r\xa0"
# what cannot open a sentence: clause and stop marks, closing quotes and brackets
_LEADING_JUNK = _SPACE + "，、：；,:;。.！？!?”’」』）)]】》〉"
# a sentence that leans on the one before it: a connective or a pronoun pointing back
_DEPENDENT = ("但", "而", "此外", "同时", "另外", "因此", "所以", "不过", "然而", "对此", "其中", "这", "他们", "他", "她", "它",
              "该", "此", "并", "且", "也", "还", "据此", "随后", "之后", "后来", "于是", "对于这", "與此同時", "与此同时",
              "這", "該", "並", "還", "隨後", "於是", "對此", "因為", "因而", "从而", "從而", "甚至", "尤其", "另一方面")
# numbered list items: 一、 （二） 3. ⑵ 第三，
_ITEM = re.compile(r"^(?:[（(]([一二三四五六七八九十\d]{1,3})[）)]|([一二三四五六七八九十]{1,3})[、．.]|(\d{1,2})[、．.](?!\d)"
                   r"|第([一二三四五六七八九十]{1,3})[，、是])")
_CN_NUM = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the text given to summarize
    para: int  # paragraph (line) number among non-empty lines
    pos_in_para: int  # 0 for the first sentence of a paragraph
    index: int = 0  # position among the candidates
    leans_on: int | None = None  # the candidate (index) this one cannot be read without
    alone: bool = True  # False: never in a summary (a bare number or phone line)


def split_sentences(text: str, *, limit: int = MAX_CANDIDATES, scan_chars: int = MAX_SCAN_CHARS) -> list[Sentence]:
    """Sentences of Chinese news text: ends at 。！？… (with closing quotes/brackets) and at line breaks.

    Commas and semicolons never end a sentence; text after the last stop is a sentence. Only the first
    `scan_chars` characters are split (plus the sentence running across that point), and at most `limit`
    sentences. Linear in the text: each line is scanned once, and no stop mark past the scan window is sought.
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
        ends: list[int] = []
        for m in _STOP.finditer(body):
            ends.append(m.end())
            if line_start + m.end() >= scan_chars:
                break  # nothing past the scan window is looked at
        else:
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
    """Drop the break between a closing quote and the attribution that follows it (…。”龙海峰说。).

    Linear: `endswith` is asked of the body at an offset (no prefix copy), and the attribution pattern is
    bounded (30 characters), so each break costs O(1).
    """
    if len(ends) < 2:
        return ends
    kept: list[int] = []
    for i, end in enumerate(ends):
        if (i + 1 < len(ends) and body.endswith(_QUOTE_END, 0, end) and ends[i + 1] - end <= 40
                and _ATTRIBUTION.fullmatch(body, end, ends[i + 1])):
            continue
        kept.append(end)
    return kept


def _item_number(text: str) -> int | None:
    m = _ITEM.match(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    if raw.isdigit():
        return int(raw)
    if len(raw) == 1:
        return _CN_NUM.get(raw)
    if raw[0] == "十":
        return 10 + _CN_NUM.get(raw[1], 0)
    return _CN_NUM.get(raw[0], 0) * 10 + (_CN_NUM.get(raw[-1], 0) if raw[-1] != "十" else 0)


def is_bare_number(text: str) -> bool:
    """A sentence that is only a number, a phone line or a code (`049-2221234。`, `电话：0855-8221234`)."""
    if len(text) > 40:
        return False
    cjk = len(_CJK_RE.findall(text))
    if cjk > 4:
        return False
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 3 and digits >= cjk


def is_attribution_only(text: str) -> bool:
    """`82歲的陳阿嬤笑著說。`: who spoke, and nothing said."""
    return bool(_ATTRIBUTION_ONLY.fullmatch(text.strip(_SPACE)))


def _links(sents: list[Sentence]) -> list[Sentence]:
    """Mark what each candidate leans on: the previous sentence for a connective, a pronoun or a lone
    attribution; the previous item for a list item after the first; nothing may be a bare number alone.
    Each sentence's index is its place in `sents` (set here, so candidates builds each sentence once less)."""
    out: list[Sentence] = []
    last_item: dict[int, int] = {}  # item number -> candidate index of its latest occurrence
    for i, s in enumerate(sents):
        leans: int | None = None
        text = s.text
        num = _item_number(text)
        if num is not None:
            if num > 1:
                prev_item = last_item.get(num - 1)
                leans = prev_item if prev_item is not None else (i - 1 if i > 0 else None)
            last_item[num] = i
        elif i > 0 and (text.startswith(_DEPENDENT) or is_attribution_only(text)):
            leans = i - 1
        out.append(Sentence(text, s.start, s.para, s.pos_in_para, i, leans, not is_bare_number(text)))
    return out


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
        unique.append(s)
    return _links(unique)


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
    """The longest prefix that fits and ends after ，or 、 (or just before ；/：, which never end a summary),
    or None if even the first clause is too long."""
    for i in range(min(len(sentence), max_chars + 1) - 1, 0, -1):
        ch = sentence[i]
        if ch in "，、" and i + 1 <= max_chars:
            return sentence[: i + 1]
        if ch in "；：" and sentence[:i].strip(_SPACE):
            return sentence[:i]
    return None


def unit(s: Sentence, cands: Sequence[Sentence], chosen: set[int], depth: int = 4) -> list[Sentence] | None:
    """`s` with what it cannot be read without: the sentences it leans on (back) and, when it ends open
    (：；，), the sentence that completes it (forward). None when the chain is longer than `depth`."""
    out = [s]
    cur = s
    while cur.leans_on is not None and cur.leans_on not in chosen:
        cur = cands[cur.leans_on]
        out.append(cur)
        if len(out) > depth:
            return None
    cur = s
    while cur.text.endswith(tuple(_OPEN_END)) and cur.index + 1 < len(cands) and cur.index + 1 not in chosen:
        cur = cands[cur.index + 1]
        out.append(cur)
        if len(out) > depth:
            return None
    if any(not x.alone for x in out):
        return None
    return out


def cut_best(ranked: Sequence[Sentence], max_chars: int) -> str:
    """No whole sentence fits: the best sentence that stands alone and allows a clause cut, else a hard cut."""
    pool = [s for s in ranked if s.leans_on is None and s.alone] or list(ranked)
    for s in pool:
        piece = clause_cut(s.text, max_chars)
        if piece:
            return piece
    return pool[0].text[:max_chars]


def fill(ranked: Sequence[Sentence], cands: Sequence[Sentence], budget: int) -> list[Sentence]:
    """Take sentences in rank order, each with what it leans on, while the whole still fits."""
    chosen: list[Sentence] = []
    taken: set[int] = set()
    used = 0
    shortest = min((len(s.text) for s in cands), default=0)
    for s in ranked:
        if budget - used < shortest:
            break  # nothing more can fit
        if s.index in taken or len(s.text) > budget - used:
            continue
        group = unit(s, cands, taken)
        if group is None:
            continue
        cost = sum(len(x.text) for x in group if x.index not in taken)
        if used + cost <= budget:
            for x in group:
                if x.index not in taken:
                    taken.add(x.index)
                    chosen.append(x)
            used += cost
    return chosen


def loose_fill(ranked: Sequence[Sentence], budget: int) -> list[Sentence]:
    """Rank-order fill that ignores what sentences lean on (for texts where nothing stands alone)."""
    chosen, used = [], 0
    for s in ranked:
        if used + len(s.text) <= budget:
            chosen.append(s)
            used += len(s.text)
    return chosen


def select(cands: Sequence[Sentence], ranked: Sequence[Sentence], limit: Limit,
           chooser: Callable[[Sequence[Sentence], int], list[Sentence]] | None = None) -> list[str]:
    """Turn a ranking into the summary: fill the limit in rank order, return in document order.

    Whole sentences, each with what it leans on (`unit`); only when no such sentence fits is one sentence cut
    (`cut_best`): a credit, a later list item or a phone number is never the summary on its own.
    """
    if not cands:
        return []
    if limit.max_sentences is not None:
        chosen: list[Sentence] = []
        taken: set[int] = set()
        for s in ranked:
            group = unit(s, cands, taken)
            if group is None or s.index in taken:
                continue
            if len(taken) + len(group) > limit.max_sentences:
                continue
            chosen.extend(group)
            taken.update(x.index for x in group)
        if not chosen:
            chosen = [ranked[0]]
    else:
        budget = limit.max_chars or DEFAULT_MAX_CHARS
        chosen = chooser(ranked, budget) if chooser is not None else fill(ranked, cands, budget)
        if not chosen and not any(s.leans_on is None and s.alone for s in cands):
            chosen = loose_fill(ranked, budget)  # a text of numbers or credits only: its sentences as they are
        if not chosen:  # no sentence that can stand alone fits whole: one sentence cut at a clause
            return [cut_best(ranked, budget)]
    chosen.sort(key=lambda s: s.start)
    out: list[str] = []
    for s in chosen:
        if s.text not in out:
            out.append(s.text)
    return out
