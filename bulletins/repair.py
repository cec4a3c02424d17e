"""Pure text repairs for damaged page extractions.

Extraction from a typeset page leaves four kinds of damage that these functions undo without touching
any other character: spaces between CJK and ASCII, doubled runs from fake-bold glyphs, letter-spaced
headlines, and hard-wrapped lines (with column-break blank lines) instead of paragraphs.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar, cast

# CJK ideographs, CJK/fullwidth punctuation and the curly quotes/dashes Chinese text sets full width.
CJK_CLASS = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201f\u2026\u2014\u00b7"
_CJK = f"[{CJK_CLASS}]"
_ASCII_WORD = r"[0-9A-Za-z.%]"
_SPACE_AFTER_CJK = re.compile(f"(?<={_CJK})[ \\t\\u00a0\\u3000]+(?={_ASCII_WORD})")
_SPACE_BEFORE_CJK = re.compile(f"(?<={_ASCII_WORD})[ \\t\\u00a0\\u3000]+(?={_CJK})")
_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SCRIPT_RUNS = re.compile(r"[0-9A-Za-z.%]+|[^0-9A-Za-z.%]+")

# A sentence ends with one of these, optionally followed by closing quotes/brackets.
_END_MARK = re.compile(r"[。！？!?…；;：:][”’」』）)〕】\"']*$")


# a number or code whose every character was set apart (`2 0 2 5 年`, `G 3 2 0 国道`, `3 8 . 6`)
_SPACED_OUT = re.compile(r"(?<![0-9A-Za-z.%])[0-9A-Za-z.%](?: [0-9A-Za-z.%])+(?![0-9A-Za-z.%])")


_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _beside_cjk(text: str, start: int, end: int) -> bool:
    """Whether the run at text[start:end] has CJK on both sides (spaces between ignored)."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    return bool(before and after and re.match(_CJK, before[-1]) and _CJK_CHAR.match(after[0]))


def _unspace_run(m: re.Match) -> str:
    run = m.group(0)
    chars = run.replace(" ", "")
    # two lone digits are one number split by letter-spacing; a digit and a letter one code (`5 G`);
    # two capitals set between Chinese words an acronym (`A I 摄像头`); other lone letters may be words
    if len(chars) >= 3 or chars.isdigit():
        return chars
    if any(c.isdigit() for c in chars) and any(c.isalpha() for c in chars):
        return chars
    if chars.isupper() and _beside_cjk(m.string, m.start(), m.end()):
        return chars
    return run


# Pure per-line functions that the parser's stages call on the same line many times (one line is measured by
# several stages) are memoised: up to LINE_CACHE lines (a few pages'; emptied when full), lines of at most
# LINE_CHARS only, so the memory held stays bounded (at most a few MB per function) whatever the input.
LINE_CACHE, LINE_CHARS = 1 << 12, 200


_F = TypeVar("_F", bound=Callable[[str], Any])


def per_line(fn: _F) -> _F:
    """`fn` (pure, of one line's text, never None) memoised for lines up to LINE_CHARS long. The memo is
    emptied when full (cheaper than an LRU's bookkeeping, and a page's lines come together)."""
    memo: dict[str, Any] = {}

    @wraps(fn)
    def call(text: str) -> Any:
        got = memo.get(text)
        if got is None:
            got = fn(text)
            if len(text) <= LINE_CHARS:
                if len(memo) >= LINE_CACHE:
                    memo.clear()
                memo[text] = got
        return got

    call.memo = memo  # type: ignore[attr-defined]  # for the tests: its size stays bounded
    return cast(_F, call)


@per_line
def strip_extraction_spaces(text: str) -> str:
    """Drop the spaces extraction puts between CJK and ASCII digits/Latin/'.'/'%' (2 月 17 日 -> 2月17日),
    and inside numbers or codes set out character by character (2 0 2 5 -> 2025)."""
    if " " in text:
        text = _SPACED_OUT.sub(_unspace_run, text)
    text = _SPACE_AFTER_CJK.sub("", text)
    return _SPACE_BEFORE_CJK.sub("", text)


def collapse_doubled(text: str, min_run: int = 2) -> str:
    """Collapse runs printed twice by fake-bold extraction (`松禾县松禾县` -> `松禾县`).

    Only runs of at least `min_run` characters are collapsed, longest first, so genuine one-character
    reduplication (人人, 天天) survives. Meant for display lines (headlines, captions), not body text.
    """
    if len(text) > 300:           # a display line is short; never spend quadratic time on a long one
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        best = 0
        for k in range((n - i) // 2, min_run - 1, -1):
            if text[i:i + k] == text[i + k:i + 2 * k] and not text[i:i + k].isspace():
                best = k
                break
        if best:
            out.append(text[i:i + best])
            i += 2 * best
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def unspace_letterspaced(text: str) -> str:
    """Rejoin a letter-spaced headline (`稳 中 向 好` -> `稳中向好`): every token is one CJK character."""
    tokens = text.split()
    if len(tokens) >= 3 and all(len(t) == 1 for t in tokens) and sum(bool(_IDEOGRAPH.match(t)) for t in tokens) >= 3:
        return "".join(tokens)
    return text


# a justified line that pdfminer spread out glyph by glyph (`主 动 担 当 、 拥 抱 变 化`): at least this share of
# its tokens are one character, and it has at least this many tokens (a spaced name `吴 丹` has two)
JUSTIFIED_SINGLE_SHARE = 0.7
JUSTIFIED_MIN_TOKENS = 6
_WIDE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》（）]")


@per_line
def unspace_justified(text: str) -> str:
    """Rejoin a body line that justification spread out character by character (`本 报 讯 10 月 14 日 ，`):
    the spaces between wide characters were never typed; those between two Latin words or numbers stay."""
    tokens = text.split()
    if len(tokens) < JUSTIFIED_MIN_TOKENS or sum(len(t) == 1 for t in tokens) < JUSTIFIED_SINGLE_SHARE * len(tokens):
        return text
    out = tokens[0]
    for t in tokens[1:]:
        out += t if _WIDE.match(out[-1]) or _WIDE.match(t[0]) else " " + t
    return out


def undouble_glyphs(text: str) -> str:
    """Halve a line whose every character was extracted twice (`县县委委召召开开` -> `县委召开`).

    Fake bold drawn glyph by glyph comes out doubled per character rather than per run; only a line
    made entirely of such pairs (at least four) is halved, so genuine reduplication (人人, 天天) survives.
    """
    chars = text.replace(" ", "")
    if len(chars) < 8 or len(chars) % 2 or any(chars[k] != chars[k + 1] for k in range(0, len(chars), 2)):
        return text
    return chars[::2]


# a one-character CJK script run (between digits/Latin and the line's end): `38个个` of a bold `3838个个`
# (full-width punctuation belongs to the CJK run: 谢谢！谢谢！ is one doubled run, not a lone 谢谢)
_LONE_DOUBLED = re.compile(f"(?<!{_CJK})([\u3400-\u9fff])\\1(?!{_CJK})")


_ASCII_RUN = re.compile(r"[0-9A-Za-z.%]+")


def _mark_run(m: re.Match) -> str:
    """A figure or Latin run as one private-use character, distinct per position, so it matches nothing."""
    return chr(0xE000 + m.start() % 0x1000)


def repair_display(text: str) -> str:
    """Repair a headline/subtitle/caption/subhead line: spacing, letter-spacing, bold doubling."""
    text = undouble_glyphs(" ".join(text.split()))
    text = unspace_letterspaced(text)
    text = strip_extraction_spaces(text)
    # a run doubled around a space (`20242024 年`) collapses once the CJK spaces are gone; but a number that
    # only looks doubled (2020, 1515) is kept on a line whose script runs are not doubled: fake bold doubles
    # every run of a line, never its figures alone
    if collapse_doubled(_ASCII_RUN.sub(_mark_run, text)) == _ASCII_RUN.sub(_mark_run, text):
        return text
    out = collapse_doubled(text)
    if out != text:
        # fake bold doubles every script run, one-character runs too; only on a line shown to be doubled,
        # and only pairs standing alone in the printed line: collapsing first would leave a genuine
        # reduplication alone (谢谢谢谢 -> 谢谢) and then halve it again
        out = collapse_doubled(_LONE_DOUBLED.sub(r"\1", text))
    return out


@per_line
def shown_bold(text: str) -> bool:
    """A line printed in fake bold as a whole (谢谢你，守夜人谢谢你，守夜人): every script run of it is
    printed twice. Wrapped prose never repeats itself like that; a display line does."""
    chars = "".join(text.split())
    if len(chars) < 6 or len(chars) > 120 or len(chars) % 2:
        return False
    runs = _SCRIPT_RUNS.findall(chars)
    halves = []
    for run in runs:
        h = len(run) // 2
        if len(run) % 2 or run[:h] != run[h:]:
            return False
        halves.append(run[:h])
    # a headline uses several different characters; one repeated character (的的的的, 的。的的) proves
    # nothing, and punctuation does not count as a character of its own
    longest = max(halves, key=len)
    # a headline has no full stop or semicolon: a run holding one is a sentence of prose
    if any(c in "。；;" for h in halves for c in h):
        return False
    return len(longest) >= 3 and len({c for c in longest if c.isalnum()}) >= 3


_NARROW = re.compile(r"[^\s\u2000-\U0010ffff]")
_SPACE = re.compile(r"\s")


@per_line
def display_width(text: str) -> float:
    """Printed width in em: CJK/full-width characters 1, ASCII 0.5 (spaces ignored)."""
    return len(text) - len(_SPACE.findall(text)) - 0.5 * len(_NARROW.findall(text))


def ends_sentence(text: str) -> bool:
    """True when the line ends a sentence (。！？… possibly followed by closing quotes/brackets)."""
    return bool(_END_MARK.search(text.rstrip()))


def ends_paragraph(width: float, terminal: bool, col: float, next_width: float | None,
                   next_terminal: bool = False) -> bool:
    """Whether a paragraph ends after a line (gold's rule).

    A line that ends a sentence short of the column width ends its paragraph; so does one that ends a
    sentence at full width when the next line is short by a first-line indent (a new paragraph starts).
    """
    if next_width is None:
        return True
    if not terminal:
        return False
    if width <= col - 1.5:
        return True
    return col - 4.5 <= next_width <= col - 1.5 and not next_terminal


def paragraph_breaks(widths: Sequence[float], terminal: Sequence[bool], col: Sequence[float]) -> list[bool]:
    """For each line, whether a paragraph ends after it (see `ends_paragraph`)."""
    n = len(widths)
    return [ends_paragraph(widths[i], terminal[i], col[i], widths[i + 1] if i + 1 < n else None,
                           terminal[i + 1] if i + 1 < n else False) for i in range(n)]


def estimate_columns(widths: Sequence[float], window: int = 8, floor: float = 8.0) -> list[float]:
    """Local column width per line: the 75th percentile of nearby line widths (full lines dominate)."""
    n = len(widths)
    cols = []
    for i in range(n):
        near = sorted(w for w in widths[max(0, i - window):i + window + 1] if w >= floor)
        if not near:
            near = sorted(widths[max(0, i - window):i + window + 1]) or [0.0]
        cols.append(near[min(len(near) - 1, int(len(near) * 0.75))])
    return cols


def join_wrapped(lines: Sequence[str]) -> list[str]:
    """Rejoin hard-wrapped body lines into paragraphs; blank lines are column breaks, not breaks.

    Every non-space character is kept in order; only the line breaks and CJK-ASCII spaces change.
    """
    texts = [strip_extraction_spaces(" ".join(ln.split())) for ln in lines if ln.strip()]
    if not texts:
        return []
    widths = [display_width(t) for t in texts]
    terminal = [ends_sentence(t) for t in texts]
    breaks = paragraph_breaks(widths, terminal, estimate_columns(widths))
    paragraphs, cur = [], []
    for text, brk in zip(texts, breaks, strict=True):
        cur.append(text)
        if brk:
            paragraphs.append(join_line_texts(cur))
            cur = []
    if cur:
        paragraphs.append(join_line_texts(cur))
    return paragraphs


def join_line_texts(parts: Sequence[str]) -> str:
    """Join wrapped pieces of one paragraph; a space survives only between two Latin words."""
    out = ""
    for p in parts:
        p = p.strip()
        if out and p and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalpha():
            out += " "
        out += p
    return strip_extraction_spaces(out)


def repair_body(text: str) -> str:
    """A damaged body text -> its paragraphs joined by '\\n'."""
    return "\n".join(join_wrapped(text.splitlines()))


def cjk_chars(text: str) -> str:
    """The ideographs of `text` in order (what the repair must never lose or reorder)."""
    return "".join(_IDEOGRAPH.findall(text))
