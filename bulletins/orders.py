"""Stage 3b, mixed orders: which story each headline block heads when the page-wide order leaves a story
headless (a banner story extracted first, a block holding two headlines). A small dynamic programme over the
blocks between stories, with named costs, picks the cheapest reading in which every story has one headline."""
from __future__ import annotations

from .headlines import _caption_list, _has_head, _head_parts, _headline_like, _is_run, _meaningful, _subheads
from .paragraphs import _Disp

_HEADLESS, _LEFTOVER, _AGAINST, _SPLIT = 3.0, 1.5, 0.6, 0.8


def _wasted(rest: list[_Disp]) -> bool:
    """Headline material (not captions) left over after a block's headline group was taken."""
    return any(d.kind in ("plain", "kicker", "subtitle", "byline") for d in rest)


def _split_block(items: list[_Disp]) -> tuple[list[_Disp], list[_Disp], list[_Disp]] | None:
    """(headline of the story above, its captions, headline of the story below) for a block holding two."""
    first, rest = _head_parts(items, from_end=False)
    if not _has_head(first):
        return None
    second, between = _head_parts(rest, from_end=True)
    if not _has_head(second) or _wasted(between):
        return None
    return first, between, second


def _block_options(item: list[_Disp], orientation: str, first: bool, last: bool) -> dict[str, float]:
    """Cost of each way a display block can serve its neighbours: 'after' = headline of the story above,
    'before' = of the story below, 'split' = both, 'captions' = neither."""
    if item and item[-1].info.inline:
        # the inline headline heads the story below; what precedes it may head the story above
        pre = item[:-1]
        if not first and _has_head(_head_parts(pre, from_end=False)[0]):
            return {"split": 0.0}
        return {"before": _LEFTOVER if _wasted(pre) else 0.0}
    opts = {"captions": _LEFTOVER if _wasted(item) and not _caption_list(item) else 0.0}
    if _caption_list(item):
        return opts
    if not first:
        group, rest = _head_parts(item, from_end=False)
        if _has_head(group):
            opts["after"] = (_AGAINST if orientation == "before" else 0.0) + (_LEFTOVER if _wasted(rest) else 0.0)
    if not last:
        group, rest = _head_parts(item, from_end=True)
        if _has_head(group):
            opts["before"] = (_AGAINST if orientation == "after" else 0.0) + (_LEFTOVER if _wasted(rest) else 0.0)
    if not first and not last and _split_block(item) is not None:
        opts["split"] = _SPLIT
    return opts


_State = dict[bool, tuple[float, list[str]]]     # does the current story have its headline? -> (cost, choices)


def _bounds(seq: list[list], orientation: str, first_run: int, last_run: int) -> list[int | None]:
    """Boundaries between consecutive stories: a block index, or None where two stories meet without one."""
    subs = _subheads(seq, orientation)
    bounds: list[int | None] = []
    for i in range(first_run + 1, last_run):
        item = seq[i]
        if _is_run(item) or i in subs:
            continue
        if not item:
            bounds.append(None)
        elif _headline_like(item):
            bounds.append(i)
        elif orientation == "before" and seq[i + 1][0].start:
            bounds.append(None)
    return bounds


def _step(states: _State, opts: dict[str, float]) -> _State:
    """The cheapest path to each state after one more boundary block read each possible way."""
    nxt: _State = {}
    for has, (cost, path) in states.items():
        for opt, c in opts.items():
            if has and opt in ("after", "split"):
                continue
            total = cost + c + (_HEADLESS if not has and opt not in ("after", "split") else 0.0)
            new_has = opt in ("before", "split")
            if new_has not in nxt or total < nxt[new_has][0]:
                nxt[new_has] = (total, [*path, opt])
    return nxt


def _cheapest(seq: list[list], orientation: str, first_opts: dict[str, float], bounds: list[int | None],
              last_opts: dict[str, float]) -> tuple[float, list[str]] | None:
    """The cheapest consistent reading: (cost, choice per block from the first to the last)."""
    states: _State = {}
    for opt, c in first_opts.items():
        has = opt == "before"
        if has not in states or c < states[has][0]:
            states[has] = (c, [opt])
    for b in bounds:
        states = _step(states, {"none": 0.0} if b is None else _block_options(seq[b], orientation, False, False))
    best: tuple[float, list[str]] | None = None
    for has, (cost, path) in states.items():
        for opt, c in last_opts.items():
            if has and opt == "after":
                continue
            total = cost + c + (_HEADLESS if not has and opt != "after" else 0.0)
            if best is None or total < best[0]:
                best = (total, [*path, opt])
    return best


def _block_modes(seq: list[list], orientation: str) -> dict[int, str]:
    """Per display block, which story it heads, when the page-wide orientation leaves a story headless.

    A page may print one story's headline above it and the next one's below (a banner story extracted
    first, or a block holding two headlines). Every story needs exactly one headline: a dynamic programme
    over the blocks between stories picks the cheapest consistent reading, preferring the page's
    orientation, and is used only where the page-wide reading leaves some story without a headline.
    """
    runs = [k for k, it in enumerate(seq) if _is_run(it)]
    if not runs:
        return {}
    first_run, last_run = runs[0], runs[-1]
    bounds = _bounds(seq, orientation, first_run, last_run)
    head = [i for i in range(first_run) if seq[i] and _headline_like(seq[i])]
    tail = [i for i in range(last_run + 1, len(seq)) if seq[i] and _headline_like(seq[i])]
    first_opts = _block_options(seq[head[-1]], orientation, True, False) if head else {"captions": 0.0}
    last_opts = _block_options(seq[tail[0]], orientation, False, True) if tail else {"captions": 0.0}
    best = _cheapest(seq, orientation, first_opts, bounds, last_opts)
    if best is None:
        return {}
    idx = [head[-1] if head else None, *bounds, tail[0] if tail else None]
    modes = {i: m for i, m in zip(idx, best[1], strict=True) if i is not None and m != "none"}
    # the page-wide reading, scored the same way: keep it unless it leaves a story headless while
    # headline material goes unused elsewhere (a headless story alone is more often a lost headline or
    # a continued story, and re-reading the whole page for it would spoil its neighbours)
    pure = "before" if orientation == "before" else "after"
    pure_cost, pure_opts, last_headless = _pure_reading(seq, idx, orientation, pure)
    if pure_cost < _HEADLESS + _LEFTOVER or best[0] >= pure_cost - 1.0:
        return {}
    if not _mixed_evidence(seq, idx, orientation, pure_opts, last_headless):
        return {}
    return modes


_STRONG = ("kicker", "subtitle", "byline")


def _mixed_evidence(seq: list[list], idx: list[int | None], orientation: str, pure_opts: list[str],
                    last_headless: bool) -> bool:
    """Signs that the page really mixes orders, rather than having lost one headline: headline
    material with a kicker, subtitle or byline left unused; a before-page ending on a bare headline;
    an after-page ending on a story with no headline after it."""
    for i, opt in zip(idx, pure_opts, strict=True):
        if i is None:
            continue
        item = seq[i]
        if opt == "captions":
            rest = item
        else:
            rest = _head_parts(item, from_end=opt == "before")[1]
        if any(d.kind in _STRONG for d in rest) and any(d.kind == "plain" for d in rest):
            return True
    tail = idx[-1]
    if orientation == "before" and tail is not None and pure_opts[-1] == "captions":
        kinds = [d.kind for d in _meaningful(seq[tail])]
        # a bare headline (with its own captions after it), not a list of unprefixed captions
        if kinds and kinds[0] in ("plain", "kicker") and 0 < kinds.count("plain") <= 3:
            return True
    return orientation == "after" and last_headless and tail is None


def _pure_reading(seq: list[list], idx: list[int | None], orientation: str, pure: str
                  ) -> tuple[float, list[str], bool]:
    """Reading every block the page-wide way (what `_assemble` does without modes): its cost, the
    choice per block, and whether the last story is left headless."""
    cost, has = 0.0, False
    choices: list[str] = []
    for k, i in enumerate(idx):
        first, last = k == 0, k == len(idx) - 1
        if i is None:
            choices.append("none")
            if not first:
                cost += _HEADLESS if not has else 0.0
                if last and not has:
                    return cost, choices, True
                has = False
            continue
        opts = _block_options(seq[i], orientation, first, last)
        opt = pure if pure in opts and not (pure == "after" and has) else "captions"
        if opt not in opts:             # an inline 【headline】 heads the story it opens, whatever the page does
            opt = next(iter(opts))
        if first and opt == "after":
            opt = "captions"
        cost += opts[opt]
        choices.append(opt)
        headless = not first and opt not in ("after", "split") and not has
        if headless:
            cost += _HEADLESS
        has = opt in ("before", "split")
        if last:
            return cost, choices, headless
    return cost, choices, False
