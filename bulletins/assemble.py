"""Stage 4, assembly: headline blocks and paragraph runs become articles (title, kicker, byline, subtitle,
subheads, captions, body), captions printed away from their story are moved to it, and what the parser was
unsure of is noted on the article."""
from __future__ import annotations

from dataclasses import dataclass, field

from .evidence import _Info
from .headlines import (
    _caption_list,
    _has_head,
    _head_parts,
    _headline_like,
    _is_run,
    _meaningful,
    _subheads,
)
from .orders import _split_block
from .paragraphs import _Disp, _Para
from .repair import repair_display
from .vocab import _CIRCLE_BYLINE, _HAN, _MARK, _SUBTITLE, _WORDISH


@dataclass
class _Draft:
    title: str = ""
    kicker: str | None = None
    byline: str | None = None
    subtitle: str | None = None
    paras: list[_Para] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    captions: list[tuple[int, str]] = field(default_factory=list)
    linenos: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    loose: list[tuple[int, str]] = field(default_factory=list)     # unprefixed display lines kept as captions
    notes: list[str] = field(default_factory=list)                 # what the parser was unsure of

    def take(self, *infos: _Info) -> None:
        for info in infos:
            self.linenos.append(info.line.lineno)
            if info.line.page is not None:
                self.pages.append(info.line.page)


def _apply_head(draft: _Draft, group: list[_Disp]) -> None:
    titles = []
    for d in group:
        draft.take(d.info)
        if d.kind == "kicker":
            draft.kicker = repair_display(d.text)
        elif d.kind == "plain":
            titles.append(repair_display(d.text))
        elif d.kind == "subtitle":
            m = _SUBTITLE.match(" ".join(d.text.split()))
            # a dash pair doubled glyph by glyph (————) leaves one dash after the marker: not the subtitle's
            draft.subtitle = repair_display(m.group(1) if m else d.text).lstrip("—─－-").strip()
        elif d.kind == "byline":
            m = _CIRCLE_BYLINE.match(" ".join(d.text.split()))
            draft.byline = " ".join((m.group(1) if m else d.text).split())
        elif d.kind in ("caption", "credit"):
            draft.captions.append((d.info.line.lineno, repair_display(d.text)))
    if titles:
        draft.title = " ".join(titles)


def _letterspaced_band(text: str) -> bool:
    """Six or more characters each standing alone (`奋 力 拼 搏 勇 争 一 流`): letter-spacing is a headline's or a
    slogan band's; a caption is never set so. Left over from every headline, the line is a slogan."""
    tokens = text.split()
    return len(tokens) >= 6 and all(len(t) == 1 and _HAN.match(t) for t in tokens)


def _add_captions(draft: _Draft, items: list[_Disp]) -> None:
    for d in items:
        if d.kind == "plain" and _letterspaced_band(d.text):
            continue
        if d.kind == "byline" and draft.byline is None and draft.paras:
            # a names line printed after the story (before the next headline) signs that story
            m = _CIRCLE_BYLINE.match(" ".join(d.text.split()))
            draft.byline = " ".join((m.group(1) if m else d.text).split())
            draft.take(d.info)
        if d.kind in ("caption", "credit", "plain"):
            draft.captions.append((d.info.line.lineno, repair_display(d.text)))
            draft.take(d.info)
            if d.kind == "plain":
                draft.loose.append(draft.captions[-1])


def _add_run(draft: _Draft, run: list[_Para]) -> None:
    for p in run:
        if p.start and not draft.paras and draft.byline is None:
            draft.byline = p.byline
        if p.tail and p.tail != "完" and draft.byline is None:
            draft.byline = " ".join(p.tail.split())
        draft.paras.append(p)
        draft.take(*p.lines)
        draft.notes.extend(n for n in p.notes if n not in draft.notes)


class _Assembler:
    """Walks the page's runs of paragraphs and blocks of display lines in order, opening a story where a
    headline block or an article start says one begins. `cur` is the story being filled; display lines seen
    before any body wait in `pending` for the first story."""

    def __init__(self, seq: list[list], orientation: str, modes: dict[int, str] | None) -> None:
        self.seq, self.orientation, self.modes = seq, orientation, modes or {}
        self.subs = _subheads(seq, orientation)
        runs = [k for k, it in enumerate(seq) if _is_run(it)]
        self.first_run, self.last_run = (runs[0], runs[-1]) if runs else (len(seq), -1)
        self.drafts: list[_Draft] = []
        self.cur: _Draft | None = None
        self.pending: list[_Disp] = []

    def open(self) -> _Draft:
        self.cur = _Draft()
        self.drafts.append(self.cur)
        return self.cur

    def park(self, items: list[_Disp]) -> None:
        """Display lines that head no story: captions of the current one, or held until the first body."""
        if self.cur is not None:
            _add_captions(self.cur, items)
        else:
            self.pending.extend(items)

    def run(self, item: list[_Para]) -> None:
        cur = self.cur
        if self.orientation == "before":
            # a story closed by its signature (（记者 …）, 宗何) ends there: text after it is another's
            signed = cur is not None and cur.paras and cur.paras[-1].tail not in (None, "完")
            if cur is None or (cur.paras and item[0].start) or signed:
                cur = self.open()
        elif cur is None:
            cur = self.open()
        if self.pending:
            _add_captions(cur, self.pending)
            self.pending = []
        _add_run(cur, item)

    def subhead(self, item: list[_Disp]) -> None:
        d = _meaningful(item)[-1]
        _add_captions(self.cur, [c for c in item if c is not d])
        self.cur.subheads.append(_MARK.sub("", repair_display(d.text)))
        self.cur.take(d.info)

    def inline(self, item: list[_Disp]) -> None:
        """A block ending on an inline 【headline】: that heads the story below; what precedes may head the one above."""
        pre, cur = item[:-1], self.cur
        group, rest = _head_parts(pre, from_end=False)
        if cur is not None and cur.paras and not cur.title and _has_head(group):
            _apply_head(cur, group)
            _add_captions(cur, rest)
        elif cur is not None:
            _add_captions(cur, pre)
        else:
            self.pending.extend(pre)
        _apply_head(self.open(), item[-1:])

    def split(self, item: list[_Disp]) -> bool:
        parts = _split_block(item) if self.cur is not None else None
        if parts is None:
            return False
        above, between, below = parts
        _apply_head(self.cur, above)
        _add_captions(self.cur, between)
        _apply_head(self.open(), below)
        return True

    def before(self, item: list[_Disp], i: int) -> None:
        """The block heads the story below it."""
        if i >= self.last_run or not _headline_like(item):
            self.park(item)
            return
        group, rest = _head_parts(item, from_end=True)
        self.park(rest)
        _apply_head(self.open(), group)

    def after(self, item: list[_Disp], i: int) -> None:
        """The block heads the story above it."""
        cur = self.cur
        if i <= self.first_run or cur is None or not _headline_like(item) or _caption_list(item):
            self.park(item)
            return
        group, rest = _head_parts(item, from_end=False)
        # a byline under the headline of a story already signed (本报讯（…）) cannot be its second one: it
        # opens the story below (○ 江海涛 over its first paragraph)
        opens = []
        while group and group[-1].kind == "byline" and cur.byline is not None and i < self.last_run:
            opens.insert(0, group.pop())
        _apply_head(cur, group)
        if cur.title:
            cur.notes.append("headline after body")
        _add_captions(cur, rest)
        self.cur = None
        if opens:
            _apply_head(self.open(), opens)

    def block(self, item: list[_Disp], i: int) -> None:
        if not item:
            self.cur = None                 # two stories meet without a headline between them
        elif i in self.subs and self.cur is not None:
            self.subhead(item)
        elif item[-1].info.inline:
            self.inline(item)
        else:
            mode = self.modes.get(i, self.orientation)
            if mode == "captions":
                self.park(item)
            elif mode == "split" and self.split(item):
                pass
            elif mode == "before":
                self.before(item, i)
            else:                           # "after", or a "split" the block cannot make
                self.after(item, i)


def _assemble(seq: list[list], orientation: str, modes: dict[int, str] | None = None) -> list[_Draft]:
    """Stories of the page from its runs and blocks, in the order read."""
    a = _Assembler(seq, orientation, modes)
    for i, item in enumerate(seq):
        if _is_run(item):
            a.run(item)
        else:
            a.block(item, i)
    # a "story" of punctuation or stray symbols is extraction debris, not an article
    return [d for d in a.drafts if len(_WORDISH.findall("".join(p.text for p in d.paras))) >= 8]
