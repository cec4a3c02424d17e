"""Stage 4, assembly: headline blocks and paragraph runs become articles (title, kicker, byline, subtitle,
subheads, captions, body), captions printed away from their story are moved to it, and what the parser was
unsure of is noted on the article."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .evidence import Line, _Info, _infos
from .headlines import (
    _block_modes,
    _caption_list,
    _has_head,
    _head_parts,
    _headline_like,
    _is_run,
    _meaningful,
    _orientation,
    _split_block,
    _split_runs,
    _subheads,
)
from .model import Article
from .paragraphs import _absorb_lists, _absorb_signoffs, _absorb_tails, _Disp, _Para, _units
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


def _add_run(draft: _Draft, run: list[_Para]) -> None:
    for p in run:
        if p.start and not draft.paras and draft.byline is None:
            draft.byline = p.byline
        if p.tail and p.tail != "完" and draft.byline is None:
            draft.byline = " ".join(p.tail.split())
        draft.paras.append(p)
        draft.take(*p.lines)


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
                if cur is None or (cur.paras and item[0].start):
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
            _add_captions(cur, rest)
            cur = None
            if opens:
                cur = _Draft()
                drafts.append(cur)
                _apply_head(cur, opens)
    # a "story" of punctuation or stray symbols is extraction debris, not an article
    return [d for d in drafts if len(_WORDISH.findall("".join(p.text for p in d.paras))) >= 8]


_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")


def _bigrams(text: str) -> set[str]:
    toks = _TOKEN.findall(text)
    return {toks[i] + toks[i + 1] for i in range(len(toks) - 1)}


# a caption that names itself one (图为…) is the kind printed apart from its story, at the page's foot
_FAR_CAPTION = re.compile(r"^[（(]?[图圖][为為]")


def _reassign_captions(drafts: list[_Draft]) -> None:
    """A caption printed away from its article goes to the article whose headline and story it echoes."""
    cache: dict[int, tuple[set[str], set[str]]] = {}

    def grams_of(j: int) -> tuple[set[str], set[str]]:
        if j not in cache:
            cache[j] = (_bigrams(drafts[j].title), _bigrams(" ".join(p.text for p in drafts[j].paras)))
        return cache[j]

    moves = []
    for k, d in enumerate(drafts):
        last_body = max((p.lines[-1].line.lineno for p in d.paras), default=-9)
        for cap in list(d.captions):
            if 0 < cap[0] - last_body <= 2:
                continue            # printed right under its story's last line: where it belongs
            grams = _bigrams(re.sub(r"^[（(]?[图圖][为為]", "", cap[1]))
            if len(grams) < 3:
                continue
            near = range(max(0, k - 8), min(len(drafts), k + 9))      # a stray caption stays on its page area
            scores = {j: (len(grams & grams_of(j)[0]) + len(grams & grams_of(j)[1])) / (2 * len(grams)) for j in near}
            best = max(near, key=lambda j: scores[j])
            if best != k and scores[best] >= 0.25 and scores[best] >= max(scores[k] + 0.15, 2 * scores[k]):
                moves.append((k, best, cap))
                continue
            # words every story of the page shares (the city's name) say nothing; words only one story
            # shares with the caption (集装箱, 刺绣) point at it, when the story it sits under has none
            shared = {j: grams & (grams_of(j)[0] | grams_of(j)[1]) for j in near}
            own = {j: {g for g in shared[j] if not any(g in shared[m] for m in near if m != j)} for j in near}
            ranked = sorted(near, key=lambda j: len(own[j]), reverse=True)
            top = ranked[0]
            if top != k and len(own[top]) >= 2 and not own[k] and _FAR_CAPTION.match(cap[1]) \
                    and (len(ranked) < 2 or len(own[ranked[1]]) < len(own[top])):
                moves.append((k, top, cap))
    for k, best, cap in moves:
        drafts[k].captions.remove(cap)
        drafts[best].captions.append(cap)
        drafts[best].captions.sort()


def parse_lines(lines: list[Line], source: str) -> list[Article]:
    """The articles of one page, in the order their text starts on the page."""
    infos = _infos(lines)
    units = _absorb_tails(_absorb_signoffs(_absorb_lists(_units(infos))))
    seq = _split_runs(units)
    orientation = _orientation(seq)
    drafts = _assemble(seq, orientation, _block_modes(seq, orientation))
    _reassign_captions(drafts)
    drafts.sort(key=lambda d: min(p.lines[0].line.lineno for p in d.paras))
    articles = []
    for idx, d in enumerate(drafts):
        position: dict = {"first_line": min(d.linenos), "last_line": max(d.linenos)}
        if d.pages:
            position["page"] = min(d.pages)
        articles.append(Article(
            source=source, index=idx, title=d.title, body="\n".join(p.text for p in d.paras if p.text),
            kicker=d.kicker, byline=d.byline, subtitle=d.subtitle, subheads=d.subheads,
            captions=[c for _, c in d.captions], position=position))
    return articles
