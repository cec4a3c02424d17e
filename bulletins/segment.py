"""Lines of one page -> articles: the public face of the text parser.

The work is done in stages, one module each, read in this order:
  vocab.py       what a line says by its words alone (byline, caption, credit, kicker, furniture patterns)
  evidence.py    stage 1: each line judged with the whole page's statistics (column width, run-on lines)
  paragraphs.py  stage 2: body lines joined into paragraphs; the rest kept as display lines
  headlines.py   stage 3: which display block heads which story, and how it splits into kicker/title/subtitle
  assemble.py    stage 4: articles, captions, subheads, notes
This module reads a plain-text page into `Line`s (fake-bold and indent evidence) and hands them on.
`Line`, `parse_lines` and `parse_text` are the names the rest of the package uses.
"""
from __future__ import annotations

import re

from .assemble import parse_lines
from .evidence import Line
from .model import Article
from .repair import shown_bold, undouble_glyphs
from .vocab import _HAN

__all__ = ["Line", "parse_lines", "parse_text"]


_INDENT = re.compile(r"^(?:\u3000{1,4}| {2,8})(?=\S)")


_ENDS_SENTENCE = re.compile(r"[。！？!?…；;]\s*[”’」』）)]?\s*$")


def _drawn_twice(raw: list[str], k: int) -> bool:
    """A fake-bold display line (drawn twice, slightly offset) that the extractor emitted as two identical
    lines (pdftotext -raw, pdfminer) rather than doubled glyphs: the second copy is dropped. Prose never
    repeats a whole line at once; a repeated exclamation (加油！/ 加油！) ends a sentence and is kept."""
    if k == 0:
        return False
    line = " ".join(raw[k].split())
    return (line == " ".join(raw[k - 1].split()) and len(line) >= 2 and _HAN.search(line) is not None
            and not _ENDS_SENTENCE.search(line))


def _glyphs_doubled(text: str) -> bool:
    """Every glyph twice (两两成成以以上上) or every script run twice (两成以上两成以上): fake bold."""
    line = " ".join(text.split())
    if _HAN.search(line) is None:
        return False
    halved = undouble_glyphs(line)
    # one character over and over (的的的的) proves nothing: prose can repeat a character, not a headline
    return (halved != line and len({c for c in halved if c.isalnum()}) >= 2) or shown_bold(line)


def parse_text(text: str, source: str) -> list[Article]:
    """Articles of a plain-text page.

    Some extractions keep the first-line indent as ideographic (or doubled) spaces; when a page does so
    consistently, it marks paragraph starts better than any width rule.
    """
    raw = text.splitlines()
    # the kept copy of a line drawn twice, or a line whose every glyph came out twice, is set in (fake) bold:
    # a headline face, as a PDF font would tell
    lines = [Line(t, i, role="head" if (i < len(raw) and _drawn_twice(raw, i)) or _glyphs_doubled(t) else None)
             for i, t in enumerate(raw, 1) if not _drawn_twice(raw, i - 1)]
    nonblank = [ln for ln in lines if ln.text.strip()]
    indented = [ln for ln in nonblank if _INDENT.match(ln.text)]
    if len(indented) >= 3 and len(indented) >= 0.08 * len(nonblank):
        for ln in nonblank:
            ln.indent = bool(_INDENT.match(ln.text))
    return parse_lines(lines, source)
