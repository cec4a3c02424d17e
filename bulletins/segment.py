"""Lines of one page -> articles: the public face of the text parser, and its pipeline in order.

One module per stage, each readable in one sitting (read them in this order):
  columns.py     stage 0a: columns an extractor emitted row by row, in small blocks (pdfminer, pdftotext's
                 default mode), read column by column
  jigsaw.py      stage 0: blocks an extractor emitted out of reading order put back (pdftotext's default mode)
  pieces.py      pieces of one printed line rejoined (stops at a line start, figure runs, quoted runs)
  vocab.py       what a line says by its words alone (byline, caption, credit, kicker, furniture patterns)
  evidence.py    stage 1: each line measured against the page (its column width) and given a kind by its words
  kinds.py       stage 1c: kinds refined by neighbours; the page's blank-line habits
  linescore.py   stage 1b: the body score of a plain line (does it continue a sentence?) and the width rules
  paragraphs.py  stage 2: body lines joined into paragraphs; signatures, jump lines; the rest kept as display lines
  headlines.py   stage 3: which display block heads which story; kicker / title / subtitle / byline; subheads
  orders.py      stage 3b: pages that mix headline-before and headline-after stories
  assemble.py    stage 4: articles with their captions, subheads and notes
  rematch.py     stage 5: parts the layout left apart matched by their words (captions, headlines, fragments)
`Line`, `parse_lines` and `parse_text` are the names the rest of the package uses.
"""
from __future__ import annotations

import re

from .assemble import _assemble
from .evidence import Line
from .headlines import _orientation, _split_runs
from .jigsaw import reorder
from .kinds import _infos
from .linescore import TITLE_NEVER_ENDS
from .model import Article
from .orders import _block_modes
from .paragraphs import _absorb_lists, _absorb_signoffs, _absorb_tails, _units
from .pieces import NEVER_STARTS, rejoin_pieces, split_side_by_side
from .rematch import _reassign_captions, drop_non_stories, join_fragments, match_headlines
from .repair import ends_sentence, shown_bold, undouble_glyphs
from .vocab import _HAN

__all__ = ["Line", "parse_lines", "parse_text"]


def parse_lines(lines: list[Line], source: str) -> list[Article]:
    """The articles of one page, in the order their text starts on the page."""
    infos = _infos(lines)
    units = _absorb_tails(_absorb_signoffs(_absorb_lists(_units(infos))))
    seq = _split_runs(units)
    orientation = _orientation(seq)
    drafts = _assemble(seq, orientation, _block_modes(seq, orientation))
    drafts, loose = drop_non_stories(drafts)
    drafts = join_fragments(drafts)
    match_headlines(drafts, loose)
    _reassign_captions(drafts)
    drafts.sort(key=lambda d: min(p.lines[0].line.lineno for p in d.paras))
    articles = []
    for idx, d in enumerate(drafts):
        position: dict = {"first_line": min(d.linenos), "last_line": max(d.linenos)}
        if d.pages:
            position["page"] = min(d.pages)
        articles.append(Article(
            source=source, index=idx, title=d.title, body="\n".join(p.text for p in d.paras if p.text),
            kicker=d.kicker, byline=d.byline, subtitle=d.subtitle, subheads=d.subheads,
            captions=[c for _, c in d.captions], position=position, notes=d.notes))
    return articles


_INDENT = re.compile(r"^(?:\u3000{1,4}| {2,8})(?=\S)")


_PROSE = re.compile(r"[，、；：]")
_ENDS_SENTENCE = re.compile(r"[。！？!?…；;]\s*[”’」』）)]?\s*$")


def _drawn_twice(raw: list[str], k: int) -> bool:
    """A fake-bold display line (drawn twice, slightly offset) that the extractor emitted as two identical
    lines (pdftotext -raw, pdfminer) rather than doubled glyphs: the second copy is dropped. Prose never
    repeats a whole line at once; a repeated exclamation (加油！/ 加油！) ends a sentence and is kept."""
    if k == 0:
        return False
    line = " ".join(raw[k].split())
    return (line == " ".join(raw[k - 1].split()) and len(line) >= 2 and _HAN.search(line) is not None
            and not _ENDS_SENTENCE.search(line)
            # a line that starts or ends where no headline does is prose, however it repeats
            and not NEVER_STARTS.match(line) and not TITLE_NEVER_ENDS.search(line)
            # and so is a line right under prose that ends no sentence: it continues that sentence
            and not (k >= 2 and _PROSE.search(raw[k - 2]) and not ends_sentence(raw[k - 2].strip())))


def _glyphs_doubled(text: str) -> bool:
    """Every glyph twice (两两成成以以上上) or every script run twice (两成以上两成以上): fake bold."""
    line = " ".join(text.split())
    if _HAN.search(line) is None:
        return False
    halved = undouble_glyphs(line)
    # one character over and over (的的的的) proves nothing: prose can repeat a character, not a headline
    return (halved != line and len({c for c in halved if c.isalnum()}) >= 2) or shown_bold(line)


def _in_reading_order(printed: list[Line]) -> tuple[list[Line], dict[int, int]]:
    """The printed lines with the page's blocks put back in reading order (jigsaw.py), numbered anew in that
    order (pieces of one printed line keep one number), and each new number's line number in the text."""
    order = reorder([(ln.text, ln.lineno) for ln in printed])
    if order is None:
        return printed, {}
    out: list[Line] = []
    origin: dict[int, int] = {}
    number, last = 0, None
    for text, no in order:
        if no < 0 or no != last:
            number += 1
        last = no
        out.append(Line(text, number))
        if no >= 0:
            origin[number] = no
    return out, origin


def _as_printed(articles: list[Article], origin: dict[int, int]) -> list[Article]:
    """Positions given in the text's own line numbers again: the span of the lines each article read."""
    for a in articles:
        span = [origin[n] for n in range(a.position["first_line"], a.position["last_line"] + 1) if n in origin]
        if span:
            a.position["first_line"], a.position["last_line"] = min(span), max(span)
    return articles


def parse_text(text: str, source: str) -> list[Article]:
    """Articles of a plain-text page.

    Some extractions keep the first-line indent as ideographic (or doubled) spaces; when a page does so
    consistently, it marks paragraph starts better than any width rule.
    """
    # pieces of one printed line first: a stop cut off a repeated prose line tells it from a headline drawn twice
    ordered, origin = _in_reading_order(split_side_by_side([Line(t, i) for i, t in enumerate(text.splitlines(), 1)]))
    printed = rejoin_pieces(ordered)
    raw = [ln.text for ln in printed]
    # the kept copy of a line drawn twice, or a line whose every glyph came out twice, is set in (fake) bold:
    # a headline face, as a PDF font would tell
    twice = [_drawn_twice(raw, k) for k in range(len(raw))]
    lines = [Line(ln.text, ln.lineno, role="head" if (k + 1 < len(raw) and twice[k + 1])
                  or _glyphs_doubled(ln.text) else None)
             for k, ln in enumerate(printed) if not twice[k]]
    nonblank = [ln for ln in lines if ln.text.strip()]
    indented = [ln for ln in nonblank if _INDENT.match(ln.text)]
    if len(indented) >= 3 and len(indented) >= 0.08 * len(nonblank):
        for ln in nonblank:
            ln.indent = bool(_INDENT.match(ln.text))
    return _as_printed(parse_lines(lines, source), origin)
