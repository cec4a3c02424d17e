"""Stage 1, line evidence: each printed line judged with statistics of the whole page (its column width in
characters, blank-line habits, whether the line runs on into the next), before any line is grouped."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .columns import _norm
from .repair import display_width, ends_sentence, strip_extraction_spaces
from .vocab import (
    _CAPTION,
    _CAPTION_CREDIT,
    _CIRCLE_BYLINE,
    _CREDIT,
    _INLINE_HEAD,
    _KICKER,
    _OPEN_START,
    _PUNCT,
    _START,
    _SUBTITLE,
    _TAIL,
    _WORD_BYLINE,
    CREDIT_ENDS,
    _ends,
    _furniture,
    _is_slogan,
    _names_after_mark,
)


@dataclass
class Line:
    """One printed line. PDF input fills the layout fields; plain text leaves them None."""

    text: str
    lineno: int
    page: int | None = None
    width: float | None = None      # printed width in em
    col: float | None = None        # width of its column in em
    indent: bool | None = None      # starts with a first-line indent
    role: str | None = None         # from font: "head" (larger), "sub" (bold body size), "small", "body"


@dataclass
class _Info:
    line: Line
    norm: str                   # whitespace-normalised, CJK-ASCII spaces removed
    width: float
    col: float
    kind: str | None            # "start", one of DISPLAY, or None (body or plain display line)
    terminal: bool
    start_byline: str | None = None
    start_rest: str = ""
    blank_after: bool = False       # a blank line follows (plain text only)
    sparse_blanks: bool = False     # blank lines are rare around it, so one after a sentence end means a break
    tight: bool = False             # plain text that separates blocks by blank lines, and none follows this line
    inline: bool = False            # a headline printed at the head of its own paragraph: 【…】正文
    separated: bool = False         # plain text where blanks are rare and separate blocks, and one follows


def _classify(line: Line, norm: str, width: float, col: float) -> tuple[str | None, str | None, str]:
    """(kind, start byline, text after the start marker)."""
    text = line.text
    if _INLINE_HEAD.match(norm):
        return "start", None, norm
    m = _START.match(norm)
    if m and m.group(0).strip():
        names = m.group(2) or m.group(3) or m.group(4)
        byline = " ".join(names.split()) if names else None
        return "start", byline, norm[m.end():]
    if norm.count("）") + norm.count(")") > norm.count("（") + norm.count("("):
        return None, None, ""       # the rest of a bracket opened on the line before: （特约 / 通讯员 潘光华）
    if _CAPTION.match(norm):
        return "caption", None, ""
    if _TAIL.match(norm):
        # （记者 韦小川 摄） credits a photo; （记者 韦小川） or （… 摄影报道） closes a story
        return ("credit" if re.search(r"[摄攝]\s*[）)]$", norm) else "tail"), None, ""
    if _CREDIT.match(norm):
        return "credit", None, ""
    if width <= 64 and norm.endswith(CREDIT_ENDS) and _CAPTION_CREDIT.search(norm):
        return "caption", None, ""
    if width <= 64 and _SUBTITLE.match(norm):
        return "subtitle", None, ""
    if _CIRCLE_BYLINE.match(norm) and not ends_sentence(norm) and _names_after_mark(norm):
        return "byline", None, ""
    if width <= 10 and _KICKER.match(norm):
        return "kicker", None, ""
    if width <= 24 and _WORD_BYLINE.match(norm) and "，" not in norm and not ends_sentence(norm) \
            and (line.role in (None, "small", "body")) and width < col - 4:
        return "byline", None, ""
    if _furniture(text, norm):
        return "furniture", None, ""
    return None, None, ""


def _join_split_bylines(kept: list[Line], blank_after: dict[int, bool]) -> list[Line]:
    """`本报讯（记者 何晓峰 通讯员 张` + `敏）2月19日…`: a byline wrapped inside its brackets is one line."""
    out: list[Line] = []
    k = 0
    while k < len(kept):
        ln = kept[k]
        nxt = kept[k + 1] if k + 1 < len(kept) else None
        if nxt is not None and _OPEN_START.match(ln.text) and re.match(r"^[^（()）]{0,20}[）)]", nxt.text.strip()):
            head = ln.text.rstrip()
            # the break fell after a role word (记者 / 通讯员): the printed space was there
            glue = " " if re.search(r"(?:[记記]者|通[讯訊][员員]|[实實]习生|摄影)$", head) else ""
            # or between two names: a whole name (2+ characters after a space) ends the line and another of
            # 2+ starts the next (何琳 / 欧阳秀); a one-character piece is the rest of a name (蒙小 / 雨)
            tail = re.match(r"^([\u3400-\u9fff]+)", nxt.text.strip())
            if re.search(r"\s[\u3400-\u9fff]{2,}$", head) and tail and len(tail.group(1)) >= 2:
                glue = " "
            joined = Line(head + glue + nxt.text.strip(), ln.lineno, ln.page, None, ln.col, ln.indent, ln.role)
            blank_after[id(joined)] = blank_after.get(id(nxt), False)
            out.append(joined)
            k += 2
            continue
        out.append(ln)
        k += 1
    return out


def _merge_caption_wraps(out: list[_Info]) -> list[_Info]:
    """A long 图为… caption wraps: its short tail line belongs to the caption, never to a body."""
    merged: list[_Info] = []
    for info in out:
        prev = merged[-1] if merged else None
        if (prev is not None and prev.kind == "caption" and info.kind is None and prev.line.col is None
                # a caption closed by its credit (…（龙江 摄）, … 杜鹏辉 摄) is complete
                and not prev.norm.endswith(("）", ")")) and not _CAPTION_CREDIT.search(prev.norm)
                and not _START.match(info.norm)
                and (prev.width >= prev.col - 3 and info.width <= 0.6 * prev.col
                     and (info.terminal or not _PUNCT.search(info.norm))
                     # a longer tail printed right under it, ending no sentence, a blank after: the caption
                     # (set to its photo's width, which may be narrower than the text columns)
                     or prev.width >= 0.6 * prev.col and not prev.blank_after and info.blank_after
                     and info.width <= prev.width + 1 and not ends_sentence(info.norm))):
            joined = Line(prev.line.text.rstrip() + info.line.text.strip(), prev.line.lineno, prev.line.page)
            prev.line = joined
            prev.norm = prev.norm + info.norm
            prev.width += info.width
            prev.blank_after = info.blank_after
            continue
        merged.append(info)
    return merged


def _cuts_paragraph(out: list[_Info], k: int) -> bool:
    """A running head or footer extracted between two lines of one paragraph (at a column break)."""
    if out[k].kind != "furniture" or k == 0 or k + 1 >= len(out) or _is_slogan(out[k].line.text):
        return False
    prev, nxt = out[k - 1], out[k + 1]
    return (prev.kind in (None, "start") and nxt.kind is None and not prev.terminal
            and bool(_PUNCT.search(prev.norm)) and prev.width >= 0.8 * prev.col)


def _q75(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.75))]


def _wrapped(norm: str) -> bool:
    """A line that runs on (no sentence end, has punctuation): it fills its column."""
    return not ends_sentence(norm) and bool(_PUNCT.search(norm))


def _stretches(widths: list[float], norms: list[str], kinds: list[str | None], page_col: float) -> list[list[int]]:
    """Runs of body-like lines, cut at display lines, article starts and short unpunctuated lines (headlines)."""
    stretches: list[list[int]] = [[]]
    for i, (w, n, k) in enumerate(zip(widths, norms, kinds, strict=True)):
        if k not in (None, "start"):
            stretches.append([])
            continue
        ref = max((widths[j] for j in stretches[-1][-3:]), default=page_col)
        if k == "start" or (not ends_sentence(n) and not _PUNCT.search(n) and w < 0.9 * ref):
            stretches.append([])
        stretches[-1].append(i)
    return [st for st in stretches if st]


def _borrowed(own: float, runs_on: list[float], after: list[float] | None, before: list[float] | None) -> float | None:
    """The column of a stretch too short to measure: the neighbour's whose width it fits (a headline may be
    wider than neither); run-on lines fill their column, so when the neighbour's is too narrow for them (or far
    wider than two of them) the stretch is set in a column of its own and they measure it."""
    cands = [_q75(d) for d in (after, before) if d]
    if not cands:
        return None
    best = min(cands, key=lambda c: abs(c - own) if own > 0.8 * c else 99.0)
    if runs_on and (max(runs_on) > best + 1.5 or len(runs_on) >= 2 and max(runs_on) < 0.8 * best):
        best = max(runs_on)
    return best


def _columns(widths: list[float], norms: list[str], kinds: list[str | None]) -> list[float]:
    """Column width per line, estimated inside stretches of body-like lines.

    Stretches end at display lines and at short unpunctuated lines (headlines), so a narrow column is
    not judged against the wide one printed before it. A stretch too short to measure borrows the
    estimate of the neighbouring stretch (before or after) whose width it fits.
    """
    body = [w for w, k in zip(widths, kinds, strict=True) if k in (None, "start")]
    page_col = _q75(body or widths or [20.0])
    est = [page_col] * len(widths)
    stretches = _stretches(widths, norms, kinds, page_col)
    wrapped = [_wrapped(n) for n in norms]
    measured: list[list[float] | None] = []
    for st in stretches:
        full = [widths[j] for j in st if wrapped[j]]
        measured.append(full if len(full) >= 3 else None)
    nxt_m: list[list[float] | None] = [None] * len(stretches)
    prv_m: list[list[float] | None] = [None] * len(stretches)
    for n in range(len(stretches) - 2, -1, -1):
        nxt_m[n] = measured[n + 1][:8] if measured[n + 1] else nxt_m[n + 1]
    for n in range(1, len(stretches)):
        prv_m[n] = measured[n - 1][-8:] if measured[n - 1] else prv_m[n - 1]
    for n, st in enumerate(stretches):
        full_idx = [j for j in st if wrapped[j]]
        if measured[n] is None:
            best = _borrowed(max(widths[j] for j in st), [widths[j] for j in full_idx], nxt_m[n], prv_m[n])
            for i in st if best is not None else ():
                est[i] = best
            continue
        overall = [widths[j] for j in full_idx[:200]]
        window: dict[tuple[int, int], float] = {}     # neighbouring lines mostly see the same full lines
        for i in st:
            lo, hi = bisect_left(full_idx, i - 6), bisect_right(full_idx, i + 6)
            if (lo, hi) not in window:
                near = [widths[j] for j in full_idx[lo:hi]]
                window[lo, hi] = _q75(near if len(near) >= 3 else overall)
            est[i] = window[lo, hi]
    return est


def _measure_widths(kept: list[Line], nonblank: list[Line], widths: list[float]) -> list[float]:
    """The widths to measure the column by: a byline rejoined across its line break is two printed lines, so
    the column is measured by the second."""
    if len(kept) == len(nonblank):
        return widths
    printed = {ln.lineno: ln for ln in nonblank}
    measure = list(widths)
    for k, ln in enumerate(kept):
        if ln.width is None and ln is not printed.get(ln.lineno):
            tail = next((x for x in nonblank if x.lineno > ln.lineno), None)
            if tail is not None:
                measure[k] = display_width(strip_extraction_spaces(" ".join(tail.text.split())))
    return measure


def _face_kind(ln: Line, kind: str | None) -> str | None:
    """The kind as the PDF's font says it, where the path that read the PDF gave one (`role`)."""
    if ln.role == "furniture":
        return "furniture"
    if ln.role == "small" and kind is None:
        return "caption"
    if ln.role == "head" and kind not in ("subtitle", "kicker", "byline", "start", "furniture"):
        return None
    return kind


def _measured(lines: list[Line]) -> list[_Info]:
    """Each non-blank line with its text normalised, its width, its column's width and its kind by its words."""
    blank_after: dict[int, bool] = {}
    for k, ln in enumerate(lines):
        if ln.text.strip():
            blank_after[id(ln)] = k + 1 < len(lines) and not lines[k + 1].text.strip()
    nonblank = [ln for ln in lines if ln.text.strip()]
    kept = _join_split_bylines(nonblank, blank_after)
    norms = [_norm(ln.text) for ln in kept]     # the jigsaw normalised these lines already (memoised)
    widths = [ln.width if ln.width is not None else display_width(n) for ln, n in zip(kept, norms, strict=True)]
    # the column width is estimated from body-like lines only: a long subtitle or caption would inflate it
    wide = [_classify(ln, n, w, 99.0) for ln, n, w in zip(kept, norms, widths, strict=True)]
    est = _columns(_measure_widths(kept, nonblank, widths), norms, [k for k, _, _ in wide])
    out = []
    for ln, norm, w, c, guess in zip(kept, norms, widths, est, wide, strict=True):
        col = ln.col if ln.col is not None else c
        # the column enters _classify only through a word byline's `width < col - 4` (width <= 24, so always
        # true at 99): any other kind found at 99 is the kind at every column
        kind, byline, rest = _classify(ln, norm, w, col) if guess[0] == "byline" else guess
        out.append(_Info(ln, norm, w, col, _face_kind(ln, kind), _ends(norm), byline, rest, blank_after[id(ln)]))
    out = _merge_caption_wraps(out)
    return [info for k, info in enumerate(out) if not _cuts_paragraph(out, k)]
