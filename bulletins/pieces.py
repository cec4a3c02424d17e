"""Pieces of one printed line, rejoined before any line is judged.

Extractors break a printed line where its font changes: `pdftotext -raw` puts a quoted phrase (`“头雁效应”`) or
the punctuation after it (`。`, `、保障`) on lines of their own, and Founder-made PDFs set figures as separate
runs, so pdftotext gives `5` / `月 1` / `9` between the words of a sentence. Each piece is short and would pass for
a headline; each is part of the sentence around it.
"""
from __future__ import annotations

import re

from .evidence import Line
from .repair import display_width, ends_sentence

# Chinese typesetting never starts a line with these (行首禁则): a line that does continues the line before it.
NEVER_STARTS = re.compile(r"^[，。、；：！？）》」』”’…,.;:!?%)]")
# A run of figures set apart (`5`, `月 1`, `9`, `：3`): at most this many characters, digits with at most one
# date or measure character or punctuation beside them.
DIGIT_RUN_MAX = 4
_DIGIT_RUN = re.compile(r"^[：:，,]?\d{1,3}(?:[年月日号时点分秒%．.]\d{0,2})?[：:，,]?$|^[年月日号时点分秒%．.]\s*\d{1,3}$")
# A line ending on an opening quote or bracket (`“深`) is continued by the next piece of its printed line.
_OPEN_END = re.compile(r"[“‘（(《「『][^”’）)》」』\s]{0,3}$")
# A paragraph's first line is short of its column by an indent of this many characters.
FIRST_LINE_INDENT = 2.0
# Pieces are rejoined only while together they still fit the column (in characters, with this much slack for
# figures set narrow): two whole lines never are.
FIT_SLACK = 2.0
_PROSE_MARK = re.compile(r"[，。、；]")
_CLAUSE_MARK = re.compile(r"[，、；：,;:]")
_CLAUSE_CN = re.compile(r"[，、；：]")
_ENDS_DIGIT = re.compile(r"\d$")
_UNIT_START = re.compile(r"^[年月日号时点分秒%]")


def _page_column(lines: list[Line]) -> float:
    """The page's usual body line width: the upper quartile of the lines that carry prose punctuation."""
    widths = sorted(display_width(" ".join(ln.text.split())) for ln in lines if _PROSE_MARK.search(ln.text))
    if not widths:
        return 0.0
    # a short text gives no quartile to trust: its widest prose line stands for the column
    return widths[int(len(widths) * 0.75)] if len(widths) >= 8 else widths[-1]


def _digit_run(text: str) -> bool:
    compact = "".join(text.split())
    return 0 < len(compact) <= DIGIT_RUN_MAX and bool(_DIGIT_RUN.match(compact))


def _with(ln: Line, text: str) -> Line:
    return Line(text, ln.lineno, ln.page, ln.width, ln.col, ln.indent, ln.role)


def _continues_piece(head: str, text: str) -> bool:
    """`text` is the next piece of the printed line `head` ends: a figure run, what follows an open quote or a
    figure (`…今年5` + `月19日，…`), or a quoted run after prose (`凝析油外输作业，` + `“深海一号”超深…`: a line
    of prose is short only where it ends a paragraph, and this one ends no sentence)."""
    return not ends_sentence(head) and bool(
        _digit_run(text) or _OPEN_END.search(head)
        or (text.startswith(("“", "‘")) and _CLAUSE_MARK.search(head))
        or (_ENDS_DIGIT.search(head) and _UNIT_START.match(text)))


def _rest_after_stop(head: str, text: str, after: str | None, col: float) -> bool:
    """A quoted run that the extractor cut from the printed line it ends (`行开发与建设。` + `“深海一号”二期作为我国
    自主`): shorter than a paragraph's first line could be (the column less an indent of two), and followed by a
    full line of the column that runs on, which a headline never is."""
    return (text.startswith(("“", "‘")) and ends_sentence(head) and after is not None
            and display_width(text) < col - FIRST_LINE_INDENT - FIT_SLACK
            and display_width(" ".join(after.split())) >= col - 1 and not ends_sentence(after)
            and bool(_CLAUSE_CN.search(after)))


def _glue(head: str, text: str, after: str | None, adjacent: bool, col: float) -> str | None:
    """What `text` adds to the printed line `head` ends, if it is a piece of it; None when it is a line of its own.
    A whole line that merely starts on a stop (and does not fit) gives back only its stops."""
    fits = col > 0 and display_width(" ".join(head.split())) + display_width(text) <= col + FIT_SLACK
    if NEVER_STARTS.match(text):
        if fits:
            return text
        return _STOPS.match(text).group(0) if adjacent else None
    if adjacent and fits and (_continues_piece(head, text) or _rest_after_stop(head, text, after, col)):
        return "".join(text.split()) if _digit_run(text) else text
    return None


_STOPS = re.compile(r"^[，。、；：！？）》」』”’…,.;:!?%)]+")


def rejoin_pieces(lines: list[Line]) -> list[Line]:
    """Lines of plain text (blank lines kept) with the pieces of one printed line joined into it."""
    col = _page_column(lines)
    out: list[Line] = []
    for i, ln in enumerate(lines):
        text = ln.text.strip()
        prev = next((k for k in range(len(out) - 1, -1, -1) if out[k].text.strip()), None)
        if prev is None or not text or ln.width is not None or out[prev].width is not None:
            out.append(ln)
            continue
        after = lines[i + 1].text.strip() if i + 1 < len(lines) else None
        piece = _glue(out[prev].text.rstrip(), text, after, prev == len(out) - 1, col)
        if piece is None:
            out.append(ln)
            continue
        out[prev] = _with(out[prev], out[prev].text.rstrip() + piece)
        rest = text[len(piece):].lstrip() if text.startswith(piece) and piece != text else ""
        if rest:
            out.append(_with(ln, rest))
    return out


# Two headlines set side by side in neighbouring columns, which pdftotext puts on one line: a headline in plain
# setting, then one letter-spaced (`中国海油“海能”人工智能模型发布 中 国 海 油 党 组 召 开`).
_SIDE_BY_SIDE = re.compile(r"^(\S[^，。；！？,;!?]*?\S{2})\s+((?:[\u3400-\u9fff]\s+){3,}[\u3400-\u9fff])$")


def split_side_by_side(lines: list[Line]) -> list[Line]:
    """Each of two headlines printed side by side on a line of its own (they head different stories)."""
    out: list[Line] = []
    for ln in lines:
        m = _SIDE_BY_SIDE.match(ln.text.strip()) if ln.width is None else None
        # the first is set plainly: words of four or more characters, no punctuation at all
        if m and not re.search(r"[，。、；：！？,;:!?]", m.group(1)) and max(map(len, m.group(1).split())) >= 4:
            out.extend((_with(ln, m.group(1)), _with(ln, m.group(2))))
        else:
            out.append(ln)
    return out
