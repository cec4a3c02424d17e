"""Stage 1, line evidence: each printed line judged with statistics of the whole page (its column width in
characters, blank-line habits, whether the line runs on into the next), before any line is grouped."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .repair import display_width, ends_sentence, repair_display, strip_extraction_spaces, unspace_justified
from .vocab import (
    _ASCII_RUN,
    _BOX_LABEL,
    _CAPTION,
    _CAPTION_CREDIT,
    _CIRCLE_BYLINE,
    _CREDIT,
    _INLINE_HEAD,
    _KICKER,
    _LONG_KICKER,
    _NOTICE_TITLE,
    _OPEN_START,
    _PUNCT,
    _START,
    _SUBTITLE,
    _TAIL,
    _WORD_BYLINE,
    _ends,
    _furniture,
    _is_slogan,
    _known_slogan,
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
    if _CAPTION_CREDIT.search(norm) and width <= 64:
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


def _infos(lines: list[Line]) -> list[_Info]:
    blank_after: dict[int, bool] = {}
    for k, ln in enumerate(lines):
        if ln.text.strip():
            blank_after[id(ln)] = k + 1 < len(lines) and not lines[k + 1].text.strip()
    nonblank = [ln for ln in lines if ln.text.strip()]
    kept = _join_split_bylines(nonblank, blank_after)
    norms = [strip_extraction_spaces(unspace_justified(" ".join(ln.text.split()))) for ln in kept]
    widths = [ln.width if ln.width is not None else display_width(n) for ln, n in zip(kept, norms, strict=True)]
    # the column width is estimated from body-like lines only: a long subtitle or caption would inflate it
    first = [_classify(ln, n, w, 99.0)[0] for ln, n, w in zip(kept, norms, widths, strict=True)]
    measure = widths
    if len(kept) < len(nonblank):
        # a byline rejoined across its line break is two printed lines: measure the column by the second
        printed = {ln.lineno: ln for ln in nonblank}
        measure = list(widths)
        for k, ln in enumerate(kept):
            if ln.width is None and ln is not printed.get(ln.lineno):
                tail = next((x for x in nonblank if x.lineno > ln.lineno), None)
                if tail is not None:
                    measure[k] = display_width(strip_extraction_spaces(" ".join(tail.text.split())))
    est = _columns(measure, norms, first)
    out = []
    for ln, norm, w, c in zip(kept, norms, widths, est, strict=True):
        col = ln.col if ln.col is not None else c
        kind, byline, rest = _classify(ln, norm, w, col)
        if ln.role == "furniture":
            kind = "furniture"
        elif ln.role == "small" and kind is None:
            kind = "caption"
        if ln.role == "head" and kind not in ("subtitle", "kicker", "byline", "start"):
            kind = None if kind != "furniture" else kind
        out.append(_Info(ln, norm, w, col, kind, _ends(norm), byline, rest, blank_after[id(ln)]))
    out = _merge_caption_wraps(out)
    out = [info for k, info in enumerate(out) if not _cuts_paragraph(out, k)]
    # a wrapped body line may start with a dash pair (…综合体——凯旋…): a subtitle follows a headline
    for prev, info in zip([None, *out], out, strict=False):
        if info.kind == "subtitle" and (ends_sentence(info.norm) or "，" in info.norm or (
                prev is not None and prev.kind in (None, "start") and (prev.terminal or _PUNCT.search(prev.norm)))):
            info.kind = None
    # parallel phrases are a slogan, unless set as a headline: under a kicker or over a subtitle/byline
    for k, info in enumerate(out):
        if info.kind == "furniture" and _is_slogan(info.line.text) and not _known_slogan(info.norm):
            prev = out[k - 1] if k > 0 else None
            nxt = out[k + 1] if k + 1 < len(out) else None
            if (prev is not None and prev.kind == "kicker") or (nxt is not None and nxt.kind in ("subtitle", "byline")):
                info.kind = None
    # a longer line ending in a colon, standing alone over a short unpunctuated line, is a kicker too
    for k, info in enumerate(out):
        if info.kind is None and _LONG_KICKER.match(info.norm) and info.width <= 18 and k + 1 < len(out):
            prev = out[k - 1] if k > 0 else None
            nxt = out[k + 1]
            if (prev is None or prev.kind is not None or prev.terminal) and nxt.kind is None \
                    and not _PUNCT.search(nxt.norm) and nxt.width <= 24:
                info.kind = "kicker"
    # a short unpunctuated line set apart by a blank over a headline with a subtitle (肩题/主题/副题), or a
    # box label over a headline (相关新闻), is a kicker printed without its colon
    for k, info in enumerate(out[:-2]):
        nxt, sub = out[k + 1], out[k + 2]
        prev = out[k - 1] if k > 0 else None
        label = bool(_BOX_LABEL.match(info.norm))
        if (info.kind is None or label) and info.blank_after and info.line.width is None \
                and not _PUNCT.search(info.norm) \
                and info.width <= 16 and nxt.kind is None and not _PUNCT.search(nxt.norm) \
                and display_width(repair_display(nxt.line.text)) <= 24 \
                and (sub.kind == "subtitle" and not nxt.blank_after
                     and (prev is None or prev.kind != "kicker" and (prev.kind is not None or prev.terminal))
                     or label):
            info.kind = "kicker"
    # a kicker-like "…如下：" that ends a wrapped sentence is body text
    for prev, info in zip(out, out[1:], strict=False):
        if info.kind == "kicker" and prev.kind in (None, "start") and not prev.terminal \
                and _PUNCT.search(prev.norm) and prev.width >= 0.6 * prev.col:
            info.kind = None
            info.terminal = True
    # where blank lines are rare (not a double-spaced column) a blank after a sentence end is a paragraph break
    flags = [i.blank_after for i in out]
    blocks_by_blanks = sum(flags) >= max(3, 0.05 * len(flags))
    # whether the body text nearby is double-spaced (then a blank after a display line means nothing)
    body_idx = [k for k, i in enumerate(out) if i.kind is None and i.width >= 0.6 * i.col]
    for k, info in enumerate(out):
        near = flags[max(0, k - 6):k + 7]
        info.sparse_blanks = sum(near) <= len(near) * 0.4
        if not info.sparse_blanks and info.blank_after and info.terminal:
            # blanks that nearly all follow sentence ends, yet not after every line, separate paragraphs
            # (short paragraphs make them frequent); a column break rarely falls at a sentence end
            body = [i for i in out[max(0, k - 8):k + 9] if i.kind is None and _PUNCT.search(i.norm)]  # prose
            blanks = [i for i in body if i.blank_after]
            running = [i for i in body if not i.terminal]
            info.sparse_blanks = (len(blanks) >= 4 and len(running) >= 3
                                  and sum(i.blank_after for i in running) <= 0.25 * len(running)
                                  and sum(i.terminal for i in blanks) >= 0.85 * len(blanks))
        info.tight = blocks_by_blanks and info.line.width is None and not info.blank_after
        if blocks_by_blanks and info.line.width is None and info.blank_after:
            lo = bisect_left(body_idx, k)
            around = body_idx[max(0, lo - 4):lo + 4]
            info.separated = sum(flags[j] for j in around) <= 0.5 * len(around)
    return out


def _cuts_paragraph(out: list[_Info], k: int) -> bool:
    """A running head or footer extracted between two lines of one paragraph (at a column break)."""
    if out[k].kind != "furniture" or k == 0 or k + 1 >= len(out) or _is_slogan(out[k].line.text):
        return False
    prev, nxt = out[k - 1], out[k + 1]
    return (prev.kind in (None, "start") and nxt.kind is None and not prev.terminal
            and bool(_PUNCT.search(prev.norm)) and prev.width >= 0.8 * prev.col)


def _columns(widths: list[float], norms: list[str], kinds: list[str | None]) -> list[float]:
    """Column width per line, estimated inside stretches of body-like lines.

    Stretches end at display lines and at short unpunctuated lines (headlines), so a narrow column is
    not judged against the wide one printed before it. A stretch too short to measure borrows the
    estimate of the neighbouring stretch (before or after) whose width it fits.
    """
    body = [w for w, k in zip(widths, kinds, strict=True) if k in (None, "start")]
    page = sorted(body or widths or [20.0])
    page_col = page[min(len(page) - 1, int(len(page) * 0.75))]
    est = [page_col] * len(widths)

    def wrapped(j: int) -> bool:
        """A line that runs on (no sentence end, has punctuation): it fills its column."""
        return not ends_sentence(norms[j]) and bool(_PUNCT.search(norms[j]))

    stretches: list[list[int]] = [[]]
    for i, (w, n, k) in enumerate(zip(widths, norms, kinds, strict=True)):
        if k not in (None, "start"):
            stretches.append([])
            continue
        ref = max((widths[j] for j in stretches[-1][-3:]), default=page_col)
        if k == "start" or (not ends_sentence(n) and not _PUNCT.search(n) and w < 0.9 * ref):
            stretches.append([])
        stretches[-1].append(i)
    stretches = [st for st in stretches if st]
    measured: list[list[float] | None] = []
    for st in stretches:
        full = [widths[j] for j in st if wrapped(j)]
        measured.append(full if len(full) >= 3 else None)
    nxt_m: list[list[float] | None] = [None] * len(stretches)
    prv_m: list[list[float] | None] = [None] * len(stretches)
    for n in range(len(stretches) - 2, -1, -1):
        nxt_m[n] = measured[n + 1][:8] if measured[n + 1] else nxt_m[n + 1]
    for n in range(1, len(stretches)):
        prv_m[n] = measured[n - 1][-8:] if measured[n - 1] else prv_m[n - 1]
    for n, st in enumerate(stretches):
        full_idx = [j for j in st if wrapped(j)]
        if measured[n] is None:
            after, before = nxt_m[n], prv_m[n]
            own = max(widths[j] for j in st)
            cands = [sorted(d)[min(len(d) - 1, int(len(d) * 0.75))] for d in (after, before) if d]
            if cands:
                # the neighbour whose column this stretch fits (a headline may be wider than neither)
                best = min(cands, key=lambda c: abs(c - own) if own > 0.8 * c else 99.0)
                # run-on lines fill their column: when the neighbour's is too narrow for them (or far wider
                # than two of them), this stretch is set in a column of its own and they measure it
                runs_on = [widths[j] for j in full_idx]
                if runs_on and (max(runs_on) > best + 1.5 or len(runs_on) >= 2 and max(runs_on) < 0.8 * best):
                    best = max(runs_on)
                for i in st:
                    est[i] = best
            continue
        overall = sorted(widths[j] for j in full_idx[:200])
        for i in st:
            lo, hi = bisect_left(full_idx, i - 6), bisect_right(full_idx, i + 6)
            near = sorted(widths[j] for j in full_idx[lo:hi])
            if len(near) < 3:
                near = overall
            est[i] = near[min(len(near) - 1, int(len(near) * 0.75))]
    return est


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
            and cur.width <= cur.col - 2.5 and not re.search(r"[0-9A-Za-z]", cur.norm)
            and bool(_PUNCT.search(nxt.norm)))


def _exclaimed_headline(infos: list[_Info], i: int) -> bool:
    """A short line ending in ！/？ set between a kicker and a body start is a headline, not a sentence."""
    info = infos[i]
    if info.kind is not None or not re.search(r"[！？!?][”’」]?$", info.norm) or _PUNCT.search(info.norm[:-1]):
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
    return (info.kind is None and bool(re.search(r"[！？!?][”’」]?$", info.norm))
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
