"""Stage 1c, line kinds refined by their neighbours, and the page's blank-line habits.

A line's words give it a kind (evidence.py); some kinds depend on what stands around the line: a dash line under
prose is no subtitle, parallel phrases under a kicker are a headline, a short line over a headline with a subtitle
is its kicker. Then each line learns how the page uses blank lines around it (rare blanks separate paragraphs;
blanks after every line mean nothing).
"""
from __future__ import annotations

import re
from bisect import bisect_left

from .evidence import Line, _Info, _measured
from .repair import display_width, ends_sentence, repair_display
from .vocab import _BOX_LABEL, _LONG_KICKER, _PUNCT, _is_slogan, _known_slogan

# Blank lines separate the page's blocks when at least this many follow lines (and 5 % of them).
BLOCK_BLANKS_MIN, BLOCK_BLANKS_SHARE = 3, 0.05
# Blanks are rare around a line when at most this share of the 13 lines around it are followed by one.
SPARSE_BLANKS_SHARE = 0.4


def _infos(lines: list[Line]) -> list[_Info]:
    """Every non-blank line of the page with its kind and its blank-line evidence."""
    out = _captions_closed_by_credits(_measured(lines))
    _drop_false_subtitles(out)
    _slogans_set_as_headlines(out)
    _long_kickers(out)
    _kickers_without_colon(out)
    _colons_ending_sentences(out)
    _blank_habits(out)
    return out


def _captions_closed_by_credits(out: list[_Info]) -> list[_Info]:
    """A sentence standing alone (after a finished sentence or a display line) right over a bracketed photo credit
    (`整治后的青岚河城区段成了市民休闲的好去处。` / `（吴晓东/摄）`) is the photo's caption, closed by its credit."""
    merged: list[_Info] = []
    for info in out:
        prev = merged[-1] if merged else None
        before = merged[-2] if len(merged) >= 2 else None
        if (info.kind == "credit" and re.match(r"^[（(].*[摄攝]\s*[）)]$", info.norm) and prev is not None
                and prev.kind is None
                and prev.terminal and prev.line.width is None
                and (before is None or before.terminal or before.kind not in (None, "start"))):
            prev.kind = "caption"
            prev.line = Line(prev.line.text.rstrip() + info.line.text.strip(), prev.line.lineno, prev.line.page)
            prev.norm += info.norm
            prev.blank_after = info.blank_after
            continue
        merged.append(info)
    return merged


def _drop_false_subtitles(out: list[_Info]) -> None:
    """A wrapped body line may start with a dash pair (…综合体——凯旋…): a subtitle follows a headline."""
    for prev, info in zip([None, *out], out, strict=False):
        if info.kind == "subtitle" and (ends_sentence(info.norm) or "，" in info.norm or (
                prev is not None and prev.kind in (None, "start") and (prev.terminal or _PUNCT.search(prev.norm)))):
            info.kind = None


def _slogans_set_as_headlines(out: list[_Info]) -> None:
    """Parallel phrases are a slogan, unless set as a headline: under a kicker or over a subtitle/byline."""
    for k, info in enumerate(out):
        if info.kind == "furniture" and _is_slogan(info.line.text) and not _known_slogan(info.norm):
            prev = out[k - 1] if k > 0 else None
            nxt = out[k + 1] if k + 1 < len(out) else None
            if (prev is not None and prev.kind == "kicker") or (nxt is not None and nxt.kind in ("subtitle", "byline")):
                info.kind = None


def _long_kickers(out: list[_Info]) -> None:
    """A longer line ending in a colon, standing alone over a short unpunctuated line, is a kicker too."""
    for k, info in enumerate(out):
        if info.kind is None and _LONG_KICKER.match(info.norm) and info.width <= 18 and k + 1 < len(out):
            prev = out[k - 1] if k > 0 else None
            nxt = out[k + 1]
            if (prev is None or prev.kind is not None or prev.terminal) and nxt.kind is None \
                    and not _PUNCT.search(nxt.norm) and nxt.width <= 24:
                info.kind = "kicker"


def _over_a_headline(info: _Info, nxt: _Info) -> bool:
    """Short, unpunctuated, set apart by a blank, over a short unpunctuated line: a kicker's shape."""
    return (info.blank_after and info.line.width is None and not _PUNCT.search(info.norm) and info.width <= 16
            and nxt.kind is None and not _PUNCT.search(nxt.norm) and display_width(repair_display(nxt.line.text)) <= 24)


def _kickers_without_colon(out: list[_Info]) -> None:
    """A short unpunctuated line set apart by a blank over a headline with a subtitle (肩题/主题/副题), or a box
    label over a headline (相关新闻), is a kicker printed without its colon."""
    for k, info in enumerate(out[:-2]):
        nxt, sub = out[k + 1], out[k + 2]
        prev = out[k - 1] if k > 0 else None
        label = bool(_BOX_LABEL.match(info.norm))
        if not ((info.kind is None or label) and _over_a_headline(info, nxt)):
            continue
        if label or (sub.kind == "subtitle" and not nxt.blank_after and not _signs_story_above(prev)
                     and (prev is None or prev.kind != "kicker" and (prev.kind is not None or prev.terminal))):
            info.kind = "kicker"


def _signs_story_above(prev: _Info | None) -> bool:
    """A line printed in one block with the finished story above it (no blank between) closes that story:
    a signature (宗何), not a kicker over the next headline."""
    return (prev is not None and prev.line.width is None and not prev.blank_after
            and prev.kind in (None, "start") and prev.terminal)


def _colons_ending_sentences(out: list[_Info]) -> None:
    """A kicker-like "…如下：" that ends a wrapped sentence is body text."""
    for prev, info in zip(out, out[1:], strict=False):
        if info.kind == "kicker" and prev.kind in (None, "start") and not prev.terminal \
                and _PUNCT.search(prev.norm) and prev.width >= 0.6 * prev.col:
            info.kind = None
            info.terminal = True


def _paragraph_blanks(out: list[_Info], k: int) -> bool:
    """Blanks that nearly all follow sentence ends, yet not after every line, separate paragraphs (short
    paragraphs make them frequent); a column break rarely falls at a sentence end."""
    body = [i for i in out[max(0, k - 8):k + 9] if i.kind is None and _PUNCT.search(i.norm)]  # prose
    blanks = [i for i in body if i.blank_after]
    running = [i for i in body if not i.terminal]
    return (len(blanks) >= 4 and len(running) >= 3
            and sum(i.blank_after for i in running) <= 0.25 * len(running)
            and sum(i.terminal for i in blanks) >= 0.85 * len(blanks))


def _blank_habits(out: list[_Info]) -> None:
    """Where blank lines are rare (not a double-spaced column) a blank after a sentence end is a paragraph break;
    where they separate blocks, a line with none after it is tight to the next."""
    flags = [i.blank_after for i in out]
    blocks_by_blanks = sum(flags) >= max(BLOCK_BLANKS_MIN, BLOCK_BLANKS_SHARE * len(flags))
    # whether the body text nearby is double-spaced (then a blank after a display line means nothing)
    body_idx = [k for k, i in enumerate(out) if i.kind is None and i.width >= 0.6 * i.col]
    for k, info in enumerate(out):
        near = flags[max(0, k - 6):k + 7]
        info.sparse_blanks = sum(near) <= len(near) * SPARSE_BLANKS_SHARE
        if not info.sparse_blanks and info.blank_after and info.terminal:
            info.sparse_blanks = _paragraph_blanks(out, k)
        info.tight = blocks_by_blanks and info.line.width is None and not info.blank_after
        if blocks_by_blanks and info.line.width is None and info.blank_after:
            lo = bisect_left(body_idx, k)
            around = body_idx[max(0, lo - 4):lo + 4]
            info.separated = sum(flags[j] for j in around) <= 0.5 * len(around)
