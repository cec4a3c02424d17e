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


def _assemble(seq: list[list], orientation: str, modes: dict[int, str] | None = None) -> list[_Draft]:
    subs = _subheads(seq, orientation)
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    pending: list[_Disp] = []           # captions seen before any body
    run_idx = [k for k, it in enumerate(seq) if _is_run(it)]

    def park(items: list[_Disp]) -> None:
        """Display lines that head no story: captions of the current one, or held until the first body."""
        if cur is not None:
            _add_captions(cur, items)
        else:
            pending.extend(items)

    first_run, last_run = (run_idx[0], run_idx[-1]) if run_idx else (len(seq), -1)
    for i, item in enumerate(seq):
        if _is_run(item):
            if orientation == "before":
                # a story closed by its signature (（记者 …）, 宗何) ends there: text after it is another's
                signed = cur is not None and cur.paras and cur.paras[-1].tail not in (None, "完")
                if cur is None or (cur.paras and item[0].start) or signed:
                    cur = _Draft()
                    drafts.append(cur)
            else:
                if cur is None:
                    cur = _Draft()
                    drafts.append(cur)
            if pending:
                _add_captions(cur, pending)
                pending = []
            _add_run(cur, item)
            continue
        if not item:
            cur = None                  # two stories meet without a headline between them
            continue
        if i in subs and cur is not None:
            d = _meaningful(item)[-1]
            _add_captions(cur, [c for c in item if c is not d])
            cur.subheads.append(_MARK.sub("", repair_display(d.text)))
            cur.take(d.info)
            continue
        has_run_after = i < last_run
        has_run_before = i > first_run
        if item[-1].info.inline:
            pre = item[:-1]
            group, rest = _head_parts(pre, from_end=False)
            if cur is not None and cur.paras and not cur.title and _has_head(group):
                _apply_head(cur, group)
                _add_captions(cur, rest)
            elif cur is not None:
                _add_captions(cur, pre)
            else:
                pending.extend(pre)
            cur = _Draft()
            drafts.append(cur)
            _apply_head(cur, item[-1:])
            continue
        mode = (modes or {}).get(i, orientation)
        if mode == "captions":
            park(item)
            continue
        if mode == "split" and cur is not None and (parts := _split_block(item)) is not None:
            above, between, below = parts
            _apply_head(cur, above)
            _add_captions(cur, between)
            cur = _Draft()
            drafts.append(cur)
            _apply_head(cur, below)
            continue
        if mode == "before":
            if not has_run_after or not _headline_like(item):
                park(item)
                continue
            group, rest = _head_parts(item, from_end=True)
            park(rest)
            cur = _Draft()
            drafts.append(cur)
            _apply_head(cur, group)
        else:
            if not has_run_before or cur is None or not _headline_like(item) or _caption_list(item):
                park(item)
                continue
            group, rest = _head_parts(item, from_end=False)
            # a byline under the headline of a story already signed (本报讯（…）) cannot be its second one: it
            # opens the story below (○ 江海涛 over its first paragraph)
            opens = []
            while group and group[-1].kind == "byline" and cur.byline is not None and has_run_after:
                opens.insert(0, group.pop())
            _apply_head(cur, group)
            if cur.title:
                cur.notes.append("headline after body")
            _add_captions(cur, rest)
            cur = None
            if opens:
                cur = _Draft()
                drafts.append(cur)
                _apply_head(cur, opens)
    # a "story" of punctuation or stray symbols is extraction debris, not an article
    return [d for d in drafts if len(_WORDISH.findall("".join(p.text for p in d.paras))) >= 8]
