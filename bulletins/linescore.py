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
from .repair import display_width, per_line
from .vocab import _ASCII_RUN, _NOTICE_TITLE, _PUNCT

# A headline never ends on a comma, an enumeration comma, a semicolon, or an opening bracket or quote: its
# sentence runs on into the next line.
TITLE_NEVER_ENDS = re.compile(r"[，、；,;（(“‘《〈【「『]$")
_OPENERS, _CLOSERS = "（(“‘《〈【「『", "）)”’》〉】」』"
_OPENER, _CLOSER = re.compile(f"[{re.escape(_OPENERS)}]"), re.compile(f"[{re.escape(_CLOSERS)}]")
# Punctuation inside the line (not at its end): prose has it, most headlines have none.
_INNER = re.compile(r"[，、；：,;:]")
_LATIN = re.compile(r"[0-9A-Za-z]")
_EXCLAIMED = re.compile(r"[！？!?][”’」]?$")
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
    return len(_OPENER.findall(norm)) > len(_CLOSER.findall(norm))


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


def _reads_on(nxt: _Info | None, col: float | None) -> bool:
    """The next line can continue a sentence: prose (or a full line) set as body, not a display line or a start."""
    return nxt is not None and nxt.kind is None and bool(
        _PUNCT.search(nxt.norm) or nxt.terminal or (col is not None and nxt.width >= col - FULL_LINE_SLACK))


def _width_evidence(cur: _Info, nxt: _Info, col: float | None) -> int:
    """Prose short of its column by an indent over a full line, or prose filling its column."""
    if col is None:
        return 0
    short = col - cur.width
    if FIRST_LINE_SHORT_MIN <= short <= FIRST_LINE_SHORT_MAX and nxt.width >= col - FULL_LINE_SLACK:
        return W_FIRST_LINE
    if short < FIRST_LINE_SHORT_MIN and cur.width <= col + FULL_LINE_SLACK:
        return W_FULL_RUN_ON
    return 0


_UNMEASURED = object()


def body_score(infos: list[_Info], k: int) -> int:
    """How strongly line k runs on into line k+1 as one sentence (>= RUNS_ON: it is body)."""
    cur = infos[k]
    nxt = infos[k + 1] if k + 1 < len(infos) else None
    if cur.terminal or cur.kind is not None or cur.line.width is not None:
        return 0
    if nxt is None or nxt.kind is not None:
        return 0
    # the local column is measured only where something asks for it (a read-on test or the width evidence)
    col = local_column(infos, k) if not (_PUNCT.search(nxt.norm) or nxt.terminal) else _UNMEASURED
    if col is not _UNMEASURED and not _reads_on(nxt, col):
        return 0
    opened = open_at_end(cur.norm)
    score = W_OPEN_END if opened else 0
    if opened or _INNER.search(cur.norm[:-1]):
        score += _width_evidence(cur, nxt, local_column(infos, k) if col is _UNMEASURED else col)
    if not _PUNCT.search(cur.norm) and not opened:
        score += W_NO_PUNCT
    return score


# ---- the width rules, used where the score above is not decisive ----------------------------------------

@per_line
def _narrow_width(text: str) -> float:
    """Width with curly quotes counted half: typesetting often compresses them."""
    return display_width(text) - 0.5 * sum(1 for c in text if c in "“”‘’")


def _overwide(info: _Info) -> bool:
    """Wider than its column: a headline or caption spanning columns, not a wrapped body line."""
    return info.line.col is None and _narrow_width(info.norm) > max(info.col + 4, info.col * 1.25)


def _continues(info: _Info, nxt: _Info | None = None) -> bool:
    """A non-terminal line wide enough to be wrapped body text (not a short display line)."""
    if info.line.role in ("head", "small", "sub") or _overwide(info):
        return False
    # a long number or code that did not fit at the end of the line moved whole to the next one
    lead = _ASCII_RUN.match(nxt.norm) if nxt is not None and info.line.width is None else None
    if lead and _PUNCT.search(info.norm) and info.width + 0.5 * len(lead.group(0)) >= info.col - 1.5:
        return True
    if info.line.col is not None and info.line.width is not None:
        return info.width >= info.col * 0.8
    # a first line is short by its indent; an unpunctuated short line is more likely a headline
    slack = 5.0 if _PUNCT.search(info.norm) else 3.5
    # each number or Latin word makes the measured width uncertain (digit width varies by font,
    # a long number wraps early), so allow some extra room per run
    slack += min(3.0, 1.0 * len(_ASCII_RUN.findall(info.norm)))
    return info.width >= info.col - slack


def _looks_like_headline(cur: _Info, nxt: _Info | None, after: _Info | None = None) -> bool:
    """An unpunctuated line followed by a paragraph's first line is a headline, not a first line itself.

    A paragraph's (indented) first line is followed by a full line; a headline is followed by a first line.
    """
    if cur.line.col is not None or _PUNCT.search(cur.norm):
        return False
    if _NOTICE_TITLE.search(cur.norm):
        return True
    # digits make widths unreliable (a long number wraps early), so only all-CJK lines qualify.
    # The next line is a first line when it is short of the column, or of the line after it (where short
    # paragraphs leave mostly first lines to measure the column by)
    first = nxt is not None and (nxt.width <= nxt.col - 1.5 or (
        after is not None and after.kind is None and after.width >= nxt.width + 1.5 and not after.terminal))
    return (nxt is not None and nxt.kind is None and not nxt.terminal and first
            and cur.width <= cur.col - 2.5 and not _LATIN.search(cur.norm)
            and bool(_PUNCT.search(nxt.norm)))


def _exclaimed_headline(infos: list[_Info], i: int) -> bool:
    """A short line ending in ！/？ set between a kicker and a body start is a headline, not a sentence."""
    info = infos[i]
    if info.kind is not None or not _EXCLAIMED.search(info.norm) or _PUNCT.search(info.norm[:-1]):
        return False
    if info.line.col is None and info.width > info.col - 4:
        return False
    prev = infos[i - 1] if i > 0 else None
    nxt = infos[i + 1] if i + 1 < len(infos) else None
    if (prev is not None and prev.kind == "kicker") or (nxt is not None and nxt.kind in ("start", "subtitle", "byline")):
        return True
    # the page's last text lines (one, or two questions stacked) after a finished paragraph: the closing
    # story's headline, printed under it — a story never ends the page headless
    rest = infos[i + 1:]
    if rest and _short_exclaimed(rest[0]):
        rest = rest[1:]
    return (prev is not None and (prev.terminal and prev.kind is None or _short_exclaimed(prev))
            and all(x.kind in ("furniture", "caption", "credit") for x in rest))


def _short_exclaimed(info: _Info) -> bool:
    return (info.kind is None and bool(_EXCLAIMED.search(info.norm))
            and not _PUNCT.search(info.norm[:-1]) and (info.line.col is not None or info.width <= info.col - 4))


_VERSE_END = re.compile(r"[，。！？；、…,!?;][”’」』]?$")


def _verse_lines(infos: list[_Info]) -> set[int]:
    """Lines of a poem: four or more consecutive short body lines, most ending in punctuation, on a page
    whose prose fills a much wider column. Each is a line of its own, never wrapped prose."""
    prose = sorted(i.width for i in infos if i.kind is None and i.line.width is None and not i.terminal
                   and _PUNCT.search(i.norm))
    if len(prose) < 8:
        return set()
    page_col = prose[int(len(prose) * 0.75)]
    out: set[int] = set()
    k = 0
    while k < len(infos):
        j = k
        while j < len(infos) and infos[j].kind is None and infos[j].line.width is None \
                and infos[j].width <= 0.6 * page_col and not _ASCII_RUN.search(infos[j].norm):
            j += 1
        if j - k >= 4 and sum(bool(_VERSE_END.search(infos[m].norm)) for m in range(k, j)) * 2 >= j - k:
            out.update(range(k, j))
        k = max(j, k + 1)
    return out
