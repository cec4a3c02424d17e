"""Stage 2, units: body lines joined into paragraphs, every other line kept as a display line (headline,
kicker, subtitle, byline, caption, credit, furniture) for the headline stage."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .evidence import Line, _Info
from .linescore import (
    RUNS_ON,
    _continues,
    _exclaimed_headline,
    _looks_like_headline,
    _overwide,
    _verse_lines,
    body_score,
    open_at_end,
)
from .repair import display_width, ends_paragraph, ends_sentence, join_line_texts, shown_bold
from .vocab import (
    _INLINE_HEAD,
    _MARK,
    _PUNCT,
    _SIGN_BRACKET,
    _SIGNOFF,
    _SIGNOFF_DATE,
    _START,
    _TAIL,
    DISPLAY,
    _is_slogan,
    _phrases,
    _signature,
    jump_note,
)


@dataclass
class _Para:
    lines: list[_Info]
    text: str
    start: bool = False
    byline: str | None = None
    tail: str | None = None     # byline printed after the last sentence: （记者 黄涛）
    notes: list[str] = field(default_factory=list)     # jump lines: continues on / continued from page N


@dataclass
class _Disp:
    info: _Info
    kind: str                   # one of DISPLAY or "plain"

    @property
    def text(self) -> str:
        return self.info.line.text


def _tail_spacing(u: _Para, tail: str) -> str:
    """A closing （记者 孙婷 通讯员 潘红） wrapped over two lines lost the printed space at the break (after
    a role word, or between two whole names) when the lines were joined: put it back."""
    if len(u.lines) < 2:
        return tail
    head, nxt = u.lines[-2].norm.rstrip(), u.lines[-1].norm.strip()
    first = re.match(r"^([\u3400-\u9fff]+)", nxt)
    if not (re.search(r"(?:[记記]者|通[讯訊][员員]|[实實]习生)$", head)
            or (re.search(r"\s[\u3400-\u9fff]{2,}$", head) and first and len(first.group(1)) >= 2)):
        return tail
    m = _TAIL.search(head + " " + nxt)
    if m and "".join(m.group(1).split()) == "".join(tail.split()):
        return m.group(1)
    return tail


def _signs(prev: _Para | _Disp | None, u: _Disp, nxt: _Para | _Disp | None) -> bool:
    """A names-only line right after a finished, unsigned paragraph is that story's end signature (`宗何`,
    `（陈维连 陈传撑）`), never a headline or a subhead. A bare short line followed by more of the same story
    (a paragraph that opens no new one) is a section head (`修好路`) instead: only brackets sign it there."""
    if not (isinstance(prev, _Para) and prev.tail is None and u.kind in ("plain", "byline")
            and ends_sentence(prev.text) and _signature(u.info.norm) is not None and not _MARK.match(u.info.norm)):
        return False
    return bool(_SIGN_BRACKET.match(u.info.norm)) or not (isinstance(nxt, _Para) and not nxt.start)


def _names_under_headline(prev: _Para | _Disp | None, u: _Disp) -> bool:
    """A bare name right under a headline line is the story's byline (`田昀澍` under `奔向…“海油高地”`)."""
    return (isinstance(prev, _Disp) and prev.kind == "plain" and not _SIGN_BRACKET.match(u.info.norm)
            and _signature(u.info.norm) is not None and _PUNCT.search(prev.info.norm) is None)


def _attach_jump(done: list[_Para | _Disp], rest: list[_Para | _Disp], note: str) -> None:
    """A jump line (`（下转第二版）`) marks the paragraph it closes; `（上接第一版）` the one it opens. The line itself
    stays furniture, out of every body."""
    if note.startswith("continues"):
        target = next((u for u in reversed(done) if isinstance(u, _Para)), None)
    else:
        target = next((u for u in rest if isinstance(u, _Para)), None)
    if target is not None:
        target.notes.append(note)


def _split_inline_head(u: _Para) -> _Disp | None:
    """`【县图书馆延长开放时间】近日，…`: the bracketed headline is cut from the paragraph it opens (and a 本报讯
    marker after it read as the paragraph's start), and returned as a display line."""
    h = _INLINE_HEAD.match(u.text) if u.start else None
    if h is None:
        return None
    first = u.lines[0]
    title = h.group(1).strip()
    head = _Info(Line(title, first.line.lineno, first.line.page), title, display_width(title), first.col,
                 None, False, inline=True)
    u.text = u.text[h.end():]
    rest = _START.match(u.text)
    if rest and rest.group(0).strip():
        names = rest.group(2) or rest.group(3) or rest.group(4)
        u.byline = " ".join(names.split()) if names else None
        u.text = u.text[rest.end():]
    return _Disp(head, "plain")


def _cut_tail(u: _Para) -> None:
    """A closing （记者 …） or （陈维连 陈传撑） after the last sentence is the byline, not body text."""
    m = _TAIL.search(u.text) or _SIGN_BRACKET.search(u.text)
    if m and m.start() > 0 and ends_sentence(u.text[:m.start()]):
        u.text = u.text[:m.start()]
        u.tail = _tail_spacing(u, m.group(1)) if m.re is _TAIL else " ".join(m.group(1).split())


def _subtitle_under(prev: _Para | _Disp | None, u: _Disp) -> bool:
    """Phrases right under a headline line (no blank between): its subtitle, printed without a dash."""
    return (u.kind == "plain" and _phrases(u.info.norm) and isinstance(prev, _Disp) and prev.kind == "plain"
            and not _PUNCT.search(prev.info.norm) and not prev.info.blank_after and not _is_slogan(u.info.line.text))


def _sign(prev: _Para, u: _Disp) -> None:
    prev.tail = _signature(u.info.norm)
    if not _SIGN_BRACKET.match(u.info.norm):
        prev.notes.append("byline guessed")        # a bare name: a signature, or a stray line
    prev.lines.append(u.info)


def _absorb_tails(units: list[_Para | _Disp]) -> list[_Para | _Disp]:
    """A closing （记者 …） / （完） or an end signature is taken into the story's last paragraph as its byline; an
    inline 【headline】 is set before its paragraph as a display line; a bare name or spaced phrases under a
    headline become its byline or subtitle; a jump line marks the paragraph it closes or opens."""
    out: list[_Para | _Disp] = []
    for k, u in enumerate(units):
        prev = out[-1] if out else None
        if isinstance(u, _Para):
            if (head := _split_inline_head(u)) is not None:
                out.append(head)
            _cut_tail(u)
        elif _signs(prev, u, units[k + 1] if k + 1 < len(units) else None):
            _sign(prev, u)
            continue
        elif u.kind == "plain" and _names_under_headline(prev, u):
            u = _Disp(u.info, "byline")
        elif _subtitle_under(prev, u):
            u = _Disp(u.info, "subtitle")
        elif u.kind == "furniture" and (note := jump_note(u.info.norm)):
            _attach_jump(out, units[k + 1:], note)
        elif u.kind == "tail":
            if isinstance(prev, _Para) and prev.tail is None:
                prev.tail = _TAIL.match(u.info.norm).group(1)
                prev.lines.append(u.info)
                continue
            u = _Disp(u.info, "furniture")
        out.append(u)
    return out


def _lone_unit(infos: list[_Info], i: int, verse: set[int], bold: set[int]) -> _Para | _Disp | None:
    """The unit line i makes on its own, when it cannot start a run of body lines; None when it can."""
    info = infos[i]
    if i in verse:
        return _Para([info], info.norm)
    if info.kind in DISPLAY:
        return _Disp(info, info.kind)
    if (i in bold or info.line.role == "head" or (info.line.role == "sub" and info.kind != "start")
            or (info.kind is None and _overwide(info) and not info.terminal)
            or _exclaimed_headline(infos, i) or (info.kind is None and _phrases(info.norm))):
        return _Disp(info, "plain")
    return None


def _ends_before_indent(cur: _Info, nxt: _Info, after: _Info | None, joinable: bool) -> bool:
    """On a page that shows its indents: the paragraph ends before an indented line, or before a display line."""
    return (bool(nxt.line.indent) or not joinable
            # a short unfinished line standing between blanks after a finished paragraph is a
            # display line (a subhead), however the page indents its paragraphs
            or (cur.blank_after and nxt.blank_after and not nxt.terminal and nxt.width < nxt.col - 2)
            # an unindented short line with no punctuation, followed by a new paragraph or a
            # display line, is a headline printed after the story, not its last line
            or (not _PUNCT.search(nxt.norm) and nxt.width < nxt.col - 2
                and (after is None or after.kind is not None or bool(after.line.indent)
                     # or over a second such line: a headline on two lines
                     or (after.line.indent is not None and not _PUNCT.search(after.norm)
                         and after.width < after.col - 2))))


def _ends_without_indent(cur: _Info, nxt: _Info | None, after: _Info | None, joinable: bool) -> bool:
    """Where indents are lost: the paragraph ends where widths, blanks or the next lines say so."""
    return (not joinable or ends_paragraph(cur.width, True, cur.col, nxt.width, nxt.terminal)
            or (not nxt.terminal and not _continues(nxt))
            or (cur.blank_after and cur.sparse_blanks)
            # a line with no punctuation standing between blanks after a finished paragraph
            or (cur.blank_after and nxt.blank_after and nxt.sparse_blanks
                and not _PUNCT.search(nxt.norm) and not open_at_end(nxt.norm))
            # an unfinished line standing alone before an article start or display line
            or (not nxt.terminal and (after is None or after.kind is not None)))


def _ends_at(infos: list[_Info], k: int, joinable: bool) -> bool:
    """Whether the paragraph whose last sentence ends on line k stops there (line k+1 opens something else)."""
    cur, nxt = infos[k], infos[k + 1] if k + 1 < len(infos) else None
    after = infos[k + 2] if k + 2 < len(infos) else None
    if nxt is not None and _exclaimed_headline(infos, k + 1):
        return True         # a question/exclamation headline right under a finished paragraph is no part of it
    if nxt is not None and nxt.line.indent is not None:
        return _ends_before_indent(cur, nxt, after, joinable)
    return _ends_without_indent(cur, nxt, after, joinable)


def _runs_into_next(infos: list[_Info], k: int, first: bool, joinable: bool) -> bool:
    """Whether unfinished line k (the run's first line when `first`) goes on into line k+1."""
    cur, nxt = infos[k], infos[k + 1] if k + 1 < len(infos) else None
    if not joinable:
        return False
    indents_apart = bool(nxt.line.indent) and cur.line.indent is not None
    if first and cur.blank_after and cur.sparse_blanks and not _PUNCT.search(cur.norm) \
            and not _PUNCT.search(nxt.norm) and not open_at_end(cur.norm):
        return False                # display lines set apart by blanks: nothing in them runs on
    if body_score(infos, k) >= RUNS_ON and not indents_apart:
        return True                 # it continues a sentence: body, however short
    if first and cur.kind is None and _looks_like_headline(cur, nxt, infos[k + 2] if k + 2 < len(infos) else None):
        return False
    return (_continues(cur, nxt) or cur.kind == "start") and not indents_apart


def _chain(infos: list[_Info], i: int, bold: set[int]) -> tuple[list[_Info], bool]:
    """The body lines from line i that read as one paragraph, and whether a sentence end closed it."""
    chain = [infos[i]]
    while True:
        k = i + len(chain) - 1
        cur = infos[k]
        nxt = infos[k + 1] if k + 1 < len(infos) else None
        joinable = (nxt is not None and nxt.kind is None and nxt.line.role not in ("head", "small", "sub")
                    and not _overwide(nxt) and k + 1 not in bold)
        if cur.kind == "start" and not cur.start_rest:
            go = joinable
        elif cur.terminal:
            if _ends_at(infos, k, joinable):
                return chain, True
            go = True
        else:
            go = _runs_into_next(infos, k, len(chain) == 1, joinable)
        if not go:
            return chain, False
        chain.append(nxt)


def _units(infos: list[_Info]) -> list[_Para | _Disp]:
    """Paragraphs (body lines joined) and display lines, in page order."""
    units: list[_Para | _Disp] = []
    verse = _verse_lines(infos)
    # a line printed twice over in fake bold is a headline even when its width and commas look like prose
    bold = {k for k, info in enumerate(infos) if info.kind is None and shown_bold(info.norm)}
    i = 0
    while i < len(infos):
        lone = _lone_unit(infos, i, verse, bold)
        if lone is not None:
            units.append(lone)
            i += 1
            continue
        chain, ended = _chain(infos, i, bold)
        i += len(chain)
        first = chain[0]
        if ended or len(chain) >= 3 or first.kind == "start" or first.line.role == "body" and len(chain) >= 2:
            texts = [c.start_rest if c.kind == "start" else c.norm for c in chain]
            units.append(_Para(chain, join_line_texts(texts), first.kind == "start", first.start_byline))
        else:
            units.extend(_Disp(c, "plain") for c in chain)
    return units


def _absorb_lists(units: list[_Para | _Disp]) -> list[_Para | _Disp]:
    """Rows of a list introduced by `…如下：` (杨秀英 女 城关镇 保洁员) are body lines of that story,
    not headlines or captions: short, unpunctuated, their fields set apart by spaces."""
    out: list[_Para | _Disp] = []
    listing = False
    for u in units:
        if isinstance(u, _Para):
            listing = bool(re.search(r"[：:]$", u.text))
        elif listing and u.kind == "plain" and len(u.info.norm.split()) >= 3 and not _PUNCT.search(u.info.norm) \
                and sum(len(t) >= 2 for t in u.info.norm.split()) >= 2 and not _is_slogan(u.info.line.text):
            out.append(_Para([u.info], u.info.norm))
            continue
        elif u.kind != "furniture":
            listing = False
        out.append(u)
    return out


def _absorb_signoffs(units: list[_Para | _Disp]) -> list[_Para | _Disp]:
    """A notice's sign-off (issuer, contact, date on their own lines) belongs to its body."""
    out: list[_Para | _Disp] = []
    i = 0
    while i < len(units):
        u = units[i]
        out.append(u)
        i += 1
        if not isinstance(u, _Para):
            continue
        j = i
        while j < len(units) and j - i < 4 and isinstance(units[j], _Disp) \
                and (units[j].kind == "plain" and _SIGNOFF.match(units[j].info.norm)
                     or units[j].kind in ("plain", "furniture") and _SIGNOFF_DATE.match(units[j].info.norm)):
            j += 1
            if _SIGNOFF_DATE.match(units[j - 1].info.norm):
                break
        if j > i and _SIGNOFF_DATE.match(units[j - 1].info.norm):
            out.extend(_Para([d.info], d.info.norm) for d in units[i:j])
            i = j
    return out
