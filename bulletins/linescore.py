"""Stage 1b, the body score of a plain line: does this line continue a sentence into the next one?

A line that continues a sentence is body, however short it is and whatever stands before it (a gap, a caption,
a column break): after a column break the indented first line of a paragraph (`“课后服务解决了我们家`) is short
and follows a gap, the two marks of a headline, and the width rules alone open a new article there. One pass adds
up named pieces of evidence; each threshold below says what it stands for. Where the evidence is weak the older
width rules (evidence.py) decide, and where the text cannot decide a paragraph stays with its article.
"""
from __future__ import annotations

import re

from .evidence import _Info
from .vocab import _PUNCT

# A headline never ends on a comma, an enumeration comma, a semicolon, or an opening bracket or quote: its
# sentence runs on into the next line.
TITLE_NEVER_ENDS = re.compile(r"[，、；,;（(“‘《〈【「『]$")
_OPENERS, _CLOSERS = "（(“‘《〈【「『", "）)”’》〉】」』"
# Punctuation inside the line (not at its end): prose has it, most headlines have none.
_INNER = re.compile(r"[，、；：,;:]")
# A paragraph's first line is short of its column by the indent the extractor dropped: two characters set,
# counted here with a margin for figures and quotes (from 0.5 to 3.5 characters short).
FIRST_LINE_SHORT_MIN, FIRST_LINE_SHORT_MAX = 0.5, 3.5
# The line's own column is measured on the run-on lines that follow it (up to this many), not the page's:
# pages mix columns of 13 and 20 characters, and a caption or headline nearby is wider than either.
LOCAL_COLUMN_LINES = 6
# At least this many of them are needed to measure it.
LOCAL_COLUMN_MIN = 2
# A line this close to its column (in characters) fills it.
FULL_LINE_SLACK = 1.0
# Weights of the evidence, and the score at which a line is body whatever the width rules say.
W_OPEN_END = 2          # ends on a comma or leaves a bracket/quote open
W_FIRST_LINE = 2        # prose short of its column by an indent, over a full run-on line
W_FULL_RUN_ON = 2       # prose that fills its column and ends mid-sentence
W_NO_PUNCT = -3         # no sentence punctuation at all and nothing left open: a headline's shape
RUNS_ON = 2


def open_at_end(norm: str) -> bool:
    """The line stops where no headline stops: on a comma, or with a bracket or quote still open."""
    if TITLE_NEVER_ENDS.search(norm):
        return True
    return sum(norm.count(c) for c in _OPENERS) > sum(norm.count(c) for c in _CLOSERS)


def local_column(infos: list[_Info], k: int) -> float | None:
    """The width of the column line k is set in, from the run-on prose lines right after it."""
    widths = []
    for info in infos[k + 1:k + 1 + 2 * LOCAL_COLUMN_LINES]:
        if info.kind not in (None, "start") or info.line.width is not None:
            break
        if not info.terminal and _PUNCT.search(info.norm):
            widths.append(info.width)
        if len(widths) >= LOCAL_COLUMN_LINES:
            break
    if len(widths) < LOCAL_COLUMN_MIN:
        return None
    widths.sort()
    return widths[len(widths) // 2]


def body_score(infos: list[_Info], k: int) -> int:
    """How strongly line k runs on into line k+1 as one sentence (>= RUNS_ON: it is body)."""
    cur = infos[k]
    nxt = infos[k + 1] if k + 1 < len(infos) else None
    if nxt is None or cur.terminal or cur.kind is not None or cur.line.width is not None:
        return 0
    # the next line must read on: prose (or a full line) set as body, not a display line or a new article's start
    col = local_column(infos, k)
    if nxt.kind is not None or not (_PUNCT.search(nxt.norm) or nxt.terminal
                                    or (col is not None and nxt.width >= col - FULL_LINE_SLACK)):
        return 0
    score = 0
    opened = open_at_end(cur.norm)
    if opened:
        score += W_OPEN_END
    prose = bool(_INNER.search(cur.norm[:-1])) or opened
    if prose and col is not None:
        short = col - cur.width
        if FIRST_LINE_SHORT_MIN <= short <= FIRST_LINE_SHORT_MAX and nxt.width >= col - FULL_LINE_SLACK:
            score += W_FIRST_LINE
        elif short < FIRST_LINE_SHORT_MIN and cur.width <= col + FULL_LINE_SLACK:
            score += W_FULL_RUN_ON
    if not _PUNCT.search(cur.norm) and not opened:
        score += W_NO_PUNCT
    return score
