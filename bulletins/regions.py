"""A PDF page -> article regions: what belongs to which headline, read from the page's geometry.

One mechanism, driven by the page itself:
- the body size is the size most characters are set in; headlines are runs clearly larger (>= 1.4 x);
  vertically adjacent headline runs form a block (kicker / title / subtitle by size and order, `pdfhead`);
- the header band ends at the lowest rule across the top third of the page over which stands only what a
  running head prints (masthead-size type, date/edition lines, boxes of short lines; no story's headline
  under the date lines), or (no rule) after the rows printing a date or edition line; the footer band starts
  at a rule across the bottom third with at most two rows under it, or (no rule) is what a foot prints
  under the page's last line of running text (`_bands`): never a fixed strip of the page;
- display type holding a full stop is prose: a standfirst under its headline, a pull quote when the body
  prints its words again (`_display_prose`);
- a block heads the columns it overlaps, at their full width, and the columns beside them that open
  level with them under no headline of their own (`_blocks`);
- every other line belongs to the nearest block above it whose columns it sits in, in the same box, with
  no rule between (`_own`); a column top with no headline above continues the story at the bottom of the
  column to its left, the way a story flows (`_flow`); lines left over with two lines of body or more are
  a story without a headline, fewer are furniture (`_untitled`);
- a block that owns no body text (a promo box, a teaser) is furniture.
A page with no headline continues the last story of the page before (`Page.loose`, see `pdf.parse_pdf`).
Each story's lines are then read column by column (XY cut) and assembled by `pdfhead`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .pdfgeom import (
    Box,
    Rule,
    Seg,
    body_size,
    heavy_face,
    near_photo,
    segments,
    strokes,
    vertical_rules,
    xy_order,
)
from .repair import ends_sentence

_MARK_START = re.compile(r"^[○●◎□■◇◆☆★]")     # a byline under a commentary's title, never its subtitle

_CREDIT = re.compile(r"[记記]者|通[讯訊][员員]|[摄攝]")     # a byline or a photo credit is never a kicker
_STORY_START = re.compile(r"^\s*(?:本[报報]\S{0,12}?[讯訊]|\S{0,16}\d{1,2}月\d{1,2}日[电電])")
# a bracketed sign-off standing as a whole line: no sentence inside
_SENTENCE = re.compile(r"[，。；！？,;]")   # running text punctuates its clauses; lists and labels do not
CLOSING = re.compile(r"^[（(]\s*([^（）()，。；：！？、]{2,24}?)\s*[）)]$")
HEAD_RATIO = 1.4        # a run this many times the body size is a headline wherever it stands
MIN_HEAD = 1.2          # from this size on, a run is a headline unless it sits in running text (a subhead)
NEAR_HEAD = 1.5         # kicker/subtitle lines sit within this many of their own line heights of the title


@dataclass
class Block:
    """A headline block: its runs top to bottom, and the horizontal span of the columns it heads."""
    segs: list[Seg]
    x0: float
    x1: float
    top: float
    bottom: float
    box: int | None = None
    owned: list[Seg] = field(default_factory=list)
    lead: list[Seg] = field(default_factory=list)      # a standfirst: prose set large under the headline


@dataclass
class Page:
    """What `assemble` needs of one page: body size, leading, photos, regions, furniture."""
    body: float
    leading: float
    blocks: list[Block]
    photos: list[Box]
    furniture: list[Seg]
    order: list[Seg]
    loose: list[Seg] = field(default_factory=list)     # running text of a page without a headline
    edition: int | None = None      # the page number the paper prints in its running head (第02版)

    def last_block(self) -> Block | None:
        """The story read last on the page: it owns the page's last line of running text."""
        owner = {id(s): b for b in self.blocks for s in b.owned}
        return next((owner[id(s)] for s in reversed(self.order) if id(s) in owner), None)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _leading(segs: list[Seg], body: float) -> float:
    """Baseline-to-baseline distance of body text: the median gap to the next body line of the same column."""
    bodyish = sorted((s for s in segs if abs(s.size - body) <= 0.1 * body), key=lambda s: s.top)
    gaps = []
    for i, s in enumerate(bodyish):
        for t in bodyish[i + 1:i + 40]:
            if t.top - s.top > 0.5 * body and _overlap(s.x0, s.x1, t.x0, t.x1) > 0:
                gaps.append(t.top - s.top)
                break
    gaps.sort()
    return gaps[len(gaps) // 2] if gaps else 1.5 * body


def _column_text(segs: list[Seg], body: float, leading: float) -> bool:
    """Whether `segs` hold running text: three body-size lines stacked in a column, two justified alike,
    with a sentence among them (a weather box or a contents list stacks short lines with no punctuation)."""
    lines = [s for s in segs if abs(s.size - body) <= 0.1 * body]
    for s in lines:
        stack = [t for t in lines if _overlap(s.x0, s.x1, t.x0, t.x1) > 0 and 0 <= t.top - s.top <= 2.2 * leading]
        if len(stack) >= 3 and sum(abs(t.x1 - s.x1) <= 0.5 * body for t in stack) >= 2 and \
                any(_SENTENCE.search(t.text) for t in stack):
            return True
    return False


def _bands(segs: list[Seg], rules: list[Rule], photos: list[Box], height: float, body: float, leading: float,
           heads: list[Seg]) -> tuple[float, float]:
    """(header bottom, footer top): the page's running head and foot, found from its rules and its text.

    The header ends at the lowest rule across the page in its top third with no running text above it
    (the masthead, date lines and promo boxes sit there); the footer starts at the highest rule across
    the page in its bottom third with at most two rows and no headline under it. With no such rule, the
    footer is at most two rows under the page's last line of running text, by no photo, each line a foot's
    (`_foot_line`: small type, the imprint, the editors, the folio)."""
    x0, x1 = min(s.x0 for s in segs), max(s.x1 for s in segs)
    full = sorted((r for r in rules if r.x1 - r.x0 >= 0.8 * (x1 - x0)), key=lambda r: r.top)
    head_y, foot_y = float("-inf"), float("inf")
    for r in (r for r in full if r.bottom < height / 3):
        above = [s for s in segs if s.mid_y < r.top]
        if _column_text(above, body, leading):
            break
        if _masthead_band(above, [s for s in segs if s.mid_y > r.bottom], heads):
            head_y = r.bottom
    if head_y == float("-inf"):
        head_y = _dateline_rows(segs, heads, height)
    for r in (r for r in full if r.top > 2 * height / 3):
        under = [s for s in segs if s.mid_y > r.top]
        if len({round(s.top) for s in under}) <= 2 and not any(s in heads for s in under):
            foot_y = r.top
            break
    if foot_y == float("inf"):
        lines = [s for s in segs if abs(s.size - body) <= 0.1 * body]
        running = [s for s in lines if any(_overlap(s.x0, s.x1, t.x0, t.x1) > 0 and 0 < s.top - t.top <= 1.5 * leading
                                           for t in lines)]
        last = max((s.bottom for s in running), default=height)
        under = [s for s in segs if s.top >= last and not near_photo(s, photos, leading)]
        others = [s.bottom for s in segs if s.top >= last and s not in under] + \
            [p.bottom for p in photos if p.bottom >= last]
        if under and len({round(s.top) for s in under}) <= 2 and min(s.top for s in under) > 0.75 * height and \
                min(s.top for s in under) >= max(others, default=last) and \
                all(_foot_line(s, body) and s not in heads for s in under):
            foot_y = min(s.top for s in under) - 0.1
    return head_y, foot_y


# what only a page's running head prints: the date, the edition or issue, the paper's registration, its editors
_DATELINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月|星期[一二三四五六日天]|农历|(?<![接转轉]\s)(?<![接转轉])第\s*0*\d{1,3}\s*[版期]|总第\s*\d+\s*期"
                       r"|责任编辑|美术编辑|校对|统一连续出版物号|CN\s*\d{2}\s*-\s*\d{4}|准印证|邮发代号")
# what only a page's running foot prints: the paper's address, post code, telephone, printer, price, licence
_IMPRINT = re.compile(r"本报地址|邮编|邮政编码|电话[：:]|传真[：:]|印刷[：:]|印刷厂|定价|零售价|广告.{0,4}许可证|发行[：:]")
MASTHEAD = 1.6      # a masthead without date lines dwarfs the page's headlines by this much


def _foot_line(s: Seg, body: float) -> bool:
    """What a running foot prints: small type, the paper's imprint, the editors' credits or the edition,
    the folio (a lone page number)."""
    text = s.text.strip()
    return s.size < 0.95 * body or bool(_IMPRINT.search(text) or _DATELINE.search(text)) or \
        bool(re.fullmatch(r"[-—\s]*\d{1,3}[-—\s]*", text))


def _masthead_band(above: list[Seg], below: list[Seg], heads: list[Seg]) -> bool:
    """Whether the text over a rule is a page's running head: masthead-size type, date/edition lines, boxes
    beside them, but no story's headline. A headline set under the date lines (a feature's title under a
    section head) is the page's first story; with no date line, only type that dwarfs every headline under
    the rule is a masthead."""
    if not above:
        return True
    big = [s for s in above if s in heads]
    dates = [s for s in above if _DATELINE.search(s.text)]
    if dates:
        last = max(s.bottom for s in dates)
        return not any(s.top > last for s in big)
    largest = max((s.size for s in below if s in heads), default=0.0)
    return all(s.size >= MASTHEAD * largest for s in big)


def _dateline_rows(segs: list[Seg], heads: list[Seg], height: float) -> float:
    """With no rule closing it, the running head is the rows at the page's top that print a date or edition
    line (and what is set level with them): their bottom, or -inf. A headline's row ends it."""
    bottom = float("-inf")
    for s in sorted(segs, key=lambda s: s.top):
        if s.top > height / 3:
            break
        level = [t for t in segs if t.top < s.bottom and s.top < t.bottom and t not in heads]
        if s.top > bottom and (s in heads or not any(_DATELINE.search(t.text) for t in level)):
            break
        bottom = max(bottom, s.bottom)
    return bottom


def _head_blocks(heads: list[Seg]) -> list[list[Seg]]:
    """Vertically adjacent, horizontally overlapping headline runs -> blocks."""
    blocks: list[list[Seg]] = []
    for s in sorted(heads, key=lambda s: s.top):
        for b in blocks:
            last = b[-1]
            if 0 <= s.top - last.bottom + 2 <= 0.9 * min(s.size, last.size) + 2 and \
                    _overlap(s.x0, s.x1, min(t.x0 for t in b), max(t.x1 for t in b)) > 0:
                b.append(s)
                break
        else:
            blocks.append([s])
    return blocks


def _box_of(s: Seg, boxes: list[Box]) -> int | None:
    inside = [k for k, b in enumerate(boxes) if b.holds(s)]
    return min(inside, key=lambda k: (boxes[k].x1 - boxes[k].x0) * (boxes[k].bottom - boxes[k].top)) \
        if inside else None


def _blocked(block: Block, s: Seg, rules: list[Rule], leading: float) -> bool:
    """A rule between the block and the line, across the line's column, that is not the headline's underline."""
    for r in rules:
        if block.bottom + 0.8 * leading < r.top and r.bottom < s.top + 1 and \
                _overlap(r.x0, r.x1, s.x0, s.x1) > 0.5 * (s.x1 - s.x0):
            return True
    return False


def _untitled(segs: list[Seg], furniture: list[Seg], body: float, leading: float) -> list[Block]:
    """Text no headline owns and no column flow continues (below a rule, in a box of briefs): stories of
    their own, untitled, when they hold at least two lines of body; otherwise furniture."""
    groups: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: s.top):
        for g in groups:
            if any(0 <= s.top - t.bottom <= 2 * leading and _overlap(s.x0, s.x1, t.x0, t.x1) > 0 for t in g):
                g.append(s)
                break
        else:
            groups.append([s])
    out = []
    for g in groups:
        if len(g) >= 2 and sum(len(s.text) for s in g) >= 20:
            out.append(Block([], min(s.x0 for s in g), max(s.x1 for s in g), min(s.top for s in g),
                             min(s.top for s in g), owned=g))
        else:
            furniture.extend(g)
    return out


def _column_of(u: Seg, lines: list[Seg], top: float, leading: float) -> list[Seg]:
    """The body lines of u's column from `top` down ten lines (its full width: first lines are indented)."""
    return [s for s in lines if 0 <= s.top - top <= 10 * leading
            and _overlap(s.x0, s.x1, u.x0, u.x1) > 0.5 * min(s.x1 - s.x0, u.x1 - u.x0)]


def _first_lines(blk: Block, lines: list[Seg], photos: list[Box], leading: float, boxes: list[Box]) -> list[Seg]:
    """The first body lines under a headline block, level with each other: within four lines of it, not
    counting the photos set between them."""
    below = [s for s in lines if s.top >= blk.bottom - 1 and _overlap(s.x0, s.x1, blk.x0, blk.x1) > 0
             and _box_of(s, boxes) == blk.box and not _MARK_START.match(s.text)]
    if not below:
        return []
    level = min(s.top for s in below)
    pictures = sum(p.bottom - p.top for p in photos if blk.bottom - leading <= p.top and p.bottom <= level + 1
                   and _overlap(p.x0, p.x1, blk.x0, blk.x1) > 0)
    if level - blk.bottom > 4 * leading + pictures + (2 * leading if pictures else 0):
        return []
    first = [s for s in below if s.top - level <= 1.5 * leading]     # a column may open under a jump line
    # ... and a column under the headline may open under a photo set at its top (and the photo's caption)
    for s in below:
        if s in first or any(_overlap(s.x0, s.x1, t.x0, t.x1) > 0 and t.top < s.top for t in below):
            continue
        if any(_overlap(s.x0, s.x1, p.x0, p.x1) > 0.5 * (s.x1 - s.x0) and blk.bottom - leading <= p.top <= level + leading
               and p.bottom <= s.top and s.top - p.bottom <= 4 * leading for p in photos):
            first.append(s)
    return first


def _closing(s: Seg, column: list[Seg], body: float) -> bool:
    """A story's sign-off: a whole line in brackets (`（县应急管理局）`, `（记者 某某）`) set in from its
    column's left edge, the way a submitting unit or a signature closes a story."""
    if not CLOSING.match(" ".join(s.text.split())):
        return False
    left = min((t.x0 for t in column if _overlap(s.x0, s.x1, t.x0, t.x1) > 0), default=s.x0)
    return s.x0 - left > 4 * body


def _is_head(s: Seg, inner: list[Seg], body: float, leading: float, photos: list[Box],
             rules: list[Rule] = ()) -> bool:
    """Clearly larger than body; or a little larger with no running text right above it in its column
    (a story's headline set small to fit a narrow column, where a subhead sits between paragraphs)."""
    if s.size >= HEAD_RATIO * body:
        return True
    if s.size < MIN_HEAD * body:
        return False
    # a story's opening (本报讯…) right under it or right over it (a page setting headlines under their
    # stories) never follows a subhead
    if any(_STORY_START.match(t.text) and _overlap(s.x0, s.x1, t.x0, t.x1) > 0 and
           (0 <= t.top - s.bottom <= 2 * leading or 0 <= s.top - t.bottom <= 2 * leading) for t in inner):
        return True
    above = [t for t in inner if abs(t.size - body) <= 0.1 * body and _overlap(s.x0, s.x1, t.x0, t.x1) > 0
             and t.bottom <= s.top + 1]
    if not above:
        return True
    col = max(above, key=lambda t: t.bottom)
    # the nearest line above across the column (a sign-off set right may sit beside the headline's span)
    x0, x1 = min(t.x0 for t in above), max(t.x1 for t in above)
    column = [t for t in inner if abs(t.size - body) <= 0.1 * body and _overlap(x0, x1, t.x0, t.x1) > 0
              and t.bottom <= s.top + 1]
    if _closing(max(column, key=lambda t: t.bottom), column, body):
        return True     # the story above has signed off: what follows in display type opens the next one
    prev = max(t.bottom for t in column)
    if any(prev - 1 <= r.top and r.bottom <= s.top + 1 and _overlap(r.x0, r.x1, s.x0, s.x1) > 0.5 * (s.x1 - s.x0)
           for r in rules):
        return True     # a rule drawn between it and the running text above closes that story
    # (the column's last line may be a paragraph's short last line, beside the subhead rather than over it)
    last = max(t.bottom for t in inner if abs(t.size - body) <= 0.1 * body and _overlap(col.x0, col.x1, t.x0, t.x1) > 0
               and t.bottom <= s.top + 1)
    # the gap up to that text, less the photos and small print (captions) set in it across the column
    between = [(p.top, p.bottom) for p in photos if last - 1 <= p.top and p.bottom <= s.top + 1
               and _overlap(col.x0, col.x1, p.x0, p.x1) > 0]
    between += [(t.top, t.bottom) for t in inner if t.size < 0.95 * body and last - 1 <= t.top and t.bottom <= s.top + 1
                and _overlap(col.x0, col.x1, t.x0, t.x1) > 0]
    return s.top - last - sum(b - a for a, b in between) > (2 + len(between)) * leading    # items keep a margin


def _runs(segs: list[Seg]) -> list[list[Seg]]:
    """Lines of one setting stacked into paragraphs: same size, overlapping, less than a line apart."""
    groups: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: s.top):
        g = next((g for g in groups if abs(g[-1].size - s.size) <= 0.05 * s.size and
                  0 <= s.top - g[-1].bottom + 2 <= 0.9 * s.size + 2 and _overlap(s.x0, s.x1, g[-1].x0, g[-1].x1) > 0), None)
        if g is None:
            groups.append([s])
        else:
            g.append(s)
    return groups


def _grams(text: str) -> set[str]:
    t = re.sub(r"[\s，。、；：！？“”‘’「」《》（）,.;:!?\"'()]", "", text)
    return {t[k:k + 3] for k in range(len(t) - 2)}


def _frames(r: Rule, g: list[Seg], leading: float) -> bool:
    """Rule `r` is drawn right over or right under the display lines `g`, across them."""
    top, bottom = min(s.top for s in g), max(s.bottom for s in g)
    x0, x1 = min(s.x0 for s in g), max(s.x1 for s in g)
    return _overlap(r.x0, r.x1, x0, x1) > 0.5 * (x1 - x0) and r.x1 - r.x0 <= 1.5 * (x1 - x0) + 4 * leading and \
        (0 <= top - r.bottom <= leading or 0 <= r.top - bottom <= leading)


def _display_prose(inner: list[Seg], body: float) -> tuple[list[list[Seg]], list[Seg]]:
    """Paragraphs set larger than body that read as prose (a full stop: no headline prints one):
    (standfirsts and other display prose, kept as text; pull quotes, whose words the body prints again)."""
    grams: set[str] = set()
    for s in inner:
        if abs(s.size - body) <= 0.1 * body:
            grams |= _grams(s.text)
    prose, quotes = [], []
    for g in _runs([s for s in inner if s.size >= 1.05 * body]):
        if "。" not in "".join(s.text for s in g):
            continue
        mine = set().union(*(_grams(s.text) for s in g))
        if mine and len(mine & grams) >= 0.6 * len(mine):
            quotes.extend(g)
        else:
            prose.append(g)
    return prose, quotes


def _blocks(inner: list[Seg], body: float, leading: float, boxes: list[Box], photos: list[Box],
            rules: list[Rule] = (), prose: list[list[Seg]] = ()) -> list[Block]:
    """Headline blocks with the horizontal span of the columns each heads.

    A block heads the columns it overlaps, at their full width, and the columns beside them that start
    level with them under no headline of their own (a headline centred over 2 of 4 columns); then the
    display lines right above it (kicker) and below it (subtitle) within that span join it. Display
    prose (`_display_prose`) is never a headline; right under one it is the story's standfirst."""
    lines = [s for s in inner if abs(s.size - body) <= 0.1 * body]
    in_prose = {id(s) for g in prose for s in g}
    heads = [s for s in inner if id(s) not in in_prose and _is_head(s, inner, body, leading, photos, rules)]
    # display lines: larger than body, a —— subtitle, or a short line in a heavy face the body does not use
    body_heavy = sum(len(s.text) for s in lines if heavy_face(s.face)) > sum(len(s.text) for s in lines) / 2
    display = [s for s in inner if s not in heads and not _MARK_START.match(s.text) and not _CREDIT.search(s.text)
               and id(s) not in in_prose
               and (s.size >= 1.05 * body or s.text.startswith(("——", "──"))
                    or (heavy_face(s.face) and not body_heavy and len(s.text) <= 24 and not ends_sentence(s.text))
                    or _lone_label(s, lines, leading))]
    blocks = []
    for b in _head_blocks(heads):
        blk = Block(b, min(t.x0 for t in b), max(t.x1 for t in b), min(t.top for t in b), max(t.bottom for t in b))
        blk.box = _box_of(b[0], boxes)
        blocks.append(blk)
    _attach(blocks, display, boxes)          # a subtitle under the title widens the block first
    for g in prose:
        top = min(s.top for s in g)
        x0, x1 = min(s.x0 for s in g), max(s.x1 for s in g)
        over = [b for b in blocks if not b.lead and b.box == _box_of(g[0], boxes) and _overlap(x0, x1, b.x0, b.x1) > 0
                and 0 <= top - b.bottom <= max(NEAR_HEAD * g[0].size, 2 * leading)]
        if over:
            blk = max(over, key=lambda b: b.bottom)
            blk.lead = sorted(g, key=lambda s: s.top)
            blk.bottom = max(s.bottom for s in g)
            blk.x0, blk.x1 = min(blk.x0, x0), max(blk.x1, x1)
    for blk in blocks:
        blk.owned = _first_lines(blk, lines, photos, leading, boxes)
    subs = _beside_subheads(blocks, lines, body, leading, rules)
    blocks = [b for b in blocks if not any(t in subs for t in b.segs)]
    claimed = {id(s) for b in blocks for s in b.owned}
    for blk in blocks:
        under, blk.owned = blk.owned, []
        if not under:
            continue
        level = min(u.top for u in under)
        # columns beside may open anywhere from the headline down to the first line under it (a photo
        # under the headline pushes its own column down)
        # (a column start: nothing above it up to the headline but a photo's caption or small print)
        starts = [s for s in lines + display + subs if blk.bottom - 0.5 * leading <= s.top <= level + 1.5 * leading
                  and id(s) not in claimed
                  and _box_of(s, boxes) == blk.box
                  and not any(_overlap(s.x0, s.x1, t.x0, t.x1) > 0 and blk.top < t.bottom <= s.top
                              for t in inner if t not in blk.segs and t.size >= 0.95 * body)]
        grew = True
        while grew:
            cols = under + [c for u in under for c in _column_of(u, lines, max(blk.bottom, u.top - leading), leading)]
            blk.x0, blk.x1 = min([blk.x0] + [s.x0 for s in cols]), max([blk.x1] + [s.x1 for s in cols])
            # a gutter away, an indent allowed
            near = [s for s in starts if s not in under and (0 <= blk.x0 - s.x1 <= 5 * body or 0 <= s.x0 - blk.x1 <= 5 * body)]
            under.extend(near)
            grew = bool(near)
    _attach(blocks, display, boxes)          # ... and the kicker and subtitle set over or under the head
    return _stack(blocks)


def _beside_subheads(blocks: list[Block], lines: list[Seg], body: float, leading: float,
                     rules: list[Rule]) -> list[Seg]:
    """Display lines taken for headlines that are a story's subhead at the top of its next column.

    A story flowing into the next column starts that column level with its own first line of text, not
    level with its headline; a headline of another story beside it stands level with that headline. So
    a block in less than headline type (`MIN_HEAD` .. `HEAD_RATIO`), no larger than a neighbour's title,
    set a gutter to the right of that neighbour's first lines and nearer their level than its headline's,
    over text that opens no story (本报讯…), with no rule between, is a subhead of the neighbour's story."""
    subs: list[Seg] = []
    for w in blocks:
        size = max(t.size for t in w.segs)
        if size >= HEAD_RATIO * body or not w.owned or any(_STORY_START.match(t.text) for t in w.owned):
            continue
        for b in blocks:
            if b is w or not b.owned or b.box != w.box or max(t.size for t in b.segs) < size - 0.05 * size:
                continue
            level = min(t.top for t in b.owned)
            x1 = max(t.x1 for t in b.owned)
            beside = 0 <= w.x0 - x1 <= 5 * body and b.bottom - 0.5 * leading <= w.top <= level + leading \
                and abs(w.top - level) < abs(w.top - b.top)
            # ... or opening a column right under the story's headline block (its standfirst), the way a
            # feature's first subhead does: no story's headline stands right under another's
            under = _overlap(w.x0, w.x1, b.x0, b.x1) > 0 and 0 <= w.top - b.bottom <= 2.5 * leading \
                and not w.segs[0].text.startswith(("——", "──"))
            if (beside or under) \
                    and not any(r.top > b.bottom + 0.8 * leading and r.bottom < w.top and r.x0 < w.x1 and w.x0 < r.x1 for r in rules):
                subs.extend(w.segs)
                break
    return subs


def _lone_label(s: Seg, lines: list[Seg], leading: float) -> bool:
    """A short line about body size standing alone (no line of its column right over or under it) and
    holding no sentence nor a bracketed sign-off: a kicker or subtitle when it stands right by a headline
    (`_attach` decides)."""
    text = s.text.strip()
    return len(text) <= 24 and not _SENTENCE.search(text) and not ends_sentence(text) and \
        not text.startswith(("（", "(")) and not text.endswith(("）", ")")) and \
        not any(t is not s and _overlap(s.x0, s.x1, t.x0, t.x1) > 0 and abs(t.top - s.top) <= 1.5 * leading for t in lines)


def _stack(blocks: list[Block]) -> list[Block]:
    """A smaller block right over another within its span (a kicker set large over its title) is part of
    it: nothing of a story can stand between them."""
    for a in sorted(blocks, key=lambda b: b.top):
        below = [b for b in blocks if b is not a and b.box == a.box and _overlap(a.x0, a.x1, b.x0, b.x1) > 0
                 and 0 <= b.top - a.bottom <= NEAR_HEAD * a.segs[-1].size
                 and max(t.size for t in a.segs) < max(t.size for t in b.segs)]     # a kicker is the smaller
        if below:
            b = min(below, key=lambda b: b.top)
            b.segs = sorted(a.segs + b.segs, key=lambda t: t.top)
            b.x0, b.x1, b.top = min(a.x0, b.x0), max(a.x1, b.x1), min(a.top, b.top)
            blocks.remove(a)
    return blocks


def _attach(blocks: list[Block], display: list[Seg], boxes: list[Box]) -> None:
    """Display lines right above a block (kicker) or below it (subtitle), within its span, join it."""
    for blk in blocks:
        for s in sorted(display, key=lambda s: s.top):
            near = NEAR_HEAD * s.size
            if _overlap(s.x0, s.x1, blk.x0, blk.x1) > 0 and _box_of(s, boxes) == blk.box and \
                    (0 <= blk.top - s.bottom <= near or 0 <= s.top - blk.bottom <= near):
                blk.segs.append(s)
                blk.top, blk.bottom = min(blk.top, s.top), max(blk.bottom, s.bottom)
                blk.x0, blk.x1 = min(blk.x0, s.x0), max(blk.x1, s.x1)
                display.remove(s)
        blk.segs.sort(key=lambda t: t.top)


@dataclass
class _Geometry:
    body: float
    leading: float
    rules: list[Rule]
    boxes: list[Box]
    photos: list[Box]
    head_y: float
    face: str           # the body's face


def _own(rest: list[Seg], blocks: list[Block], geo: _Geometry) -> list[Seg]:
    """Give each line to the nearest block above it whose columns it sits in (same box, no rule, no other
    headline between); return the lines no block owns."""
    orphans = []
    for s in rest:
        box = _box_of(s, geo.boxes)
        cands = [b for b in blocks if b.bottom <= s.top + 1 and b.box == box and
                 _overlap(s.x0, s.x1, b.x0, b.x1) > 0.3 * min(s.x1 - s.x0, b.x1 - b.x0)
                 and not _blocked(b, s, geo.rules, geo.leading)]
        # a headline standing between, over any part of the line, cuts the story above it off
        cands = [b for b in cands if not any(c is not b and c.box == box and b.bottom <= c.top and c.bottom <= s.top + 1
                                             and _overlap(s.x0, s.x1, c.x0, c.x1) > 0 for c in blocks)]
        if cands:
            max(cands, key=lambda b: b.bottom).owned.append(s)
        else:
            orphans.append(s)
    return orphans


def _flow(orphans: list[Seg], blocks: list[Block], inner: list[Seg], furniture: list[Seg],
          geo: _Geometry) -> list[Seg]:
    """A column top with no headline above continues the story at the bottom of the column to its left
    (no rule running across both between them); small type that is no caption is furniture. Returns the
    lines left over: stories without a headline."""
    body, boxes, rules = geo.body, geo.boxes, geo.rules
    orphan_ids = {id(s) for s in orphans}
    untitled: list[Seg] = []
    for s in sorted(orphans, key=lambda s: (s.x0, s.top)):
        left = [(t, b) for b in blocks for t in b.owned
                if t.x1 <= s.x0 + 0.5 * body and _box_of(t, boxes) == _box_of(s, boxes)
                and abs(t.size - body) <= 0.1 * body and t.bottom > s.top
                and not any(min(s.top, t.top) < r.top < max(s.top, t.top) and r.x0 < min(s.x1, t.x1)
                            and max(s.x0, t.x0) < r.x1 for r in rules)]
        # a column top: nothing above it in its column but other such lines, and no rule
        column_top = not any(t.bottom <= s.top and _overlap(s.x0, s.x1, t.x0, t.x1) > 0 and id(t) not in orphan_ids
                             for t in inner) and \
            not any(geo.head_y < r.top and r.bottom <= s.top and _overlap(r.x0, r.x1, s.x0, s.x1) > 0.5 * (s.x1 - s.x0)
                    for r in rules)
        # body and subheads flow on, and captions by a photo; other small type does not
        stacked = any(t is not s and abs(t.size - s.size) < 0.1 * body and _overlap(s.x0, s.x1, t.x0, t.x1) > 0
                      and 0 < abs(t.top - s.top) <= 1.5 * geo.leading for t in inner)
        if not 0.9 * body <= s.size < HEAD_RATIO * body and not near_photo(s, geo.photos, geo.leading):
            furniture.append(s)
        elif not stacked and s.size <= 1.02 * body and (s.face != geo.face or s.size < 0.98 * body) \
                and not near_photo(s, geo.photos, geo.leading):
            furniture.append(s)     # a lone line in another setting (a running head with no rule under it)
        elif (run_on := _run_on(s, blocks, rules, geo.leading)) is not None:
            run_on.owned.append(s)      # right under a line of a story that flowed here: the column goes on
        elif not left or not column_top:
            under = _headed_under(s, orphans, blocks, geo)
            if under is not None:
                under.owned.append(s)   # the caption of a photo set over a story's headline: that story's
            else:
                untitled.append(s)
        else:
            col_x = max(t.x0 for t, _ in left)
            _, b = max(((t, b) for t, b in left if t.x1 >= col_x), key=lambda tb: tb[0].bottom)
            b.owned.append(s)
    return untitled


def _headed_under(s: Seg, orphans: list[Seg], blocks: list[Block], geo: _Geometry) -> Block | None:
    """For a caption line touching a photo that no story over it owns: the story whose headline stands
    right under the caption (a photo set over a headline is that story's)."""
    if s.size >= 0.95 * geo.body or not near_photo(s, geo.photos, geo.leading):
        return None
    stack = [s]
    for t in sorted(orphans, key=lambda t: t.top):      # the caption's lines under this one
        if t.top > stack[-1].top and abs(t.size - s.size) <= 0.05 * s.size and t.top - stack[-1].bottom <= geo.leading \
                and _overlap(t.x0, t.x1, s.x0, s.x1) > 0:
            stack.append(t)
    bottom = stack[-1].bottom
    below = [b for b in blocks if b.segs and b.box == _box_of(s, geo.boxes) and 0 <= b.top - bottom <= 2 * geo.leading
             and _overlap(b.x0, b.x1, s.x0, s.x1) > 0]
    return min(below, key=lambda b: b.top) if below else None


def _run_on(s: Seg, blocks: list[Block], rules: list[Rule], leading: float) -> Block | None:
    """The story owning the line set right over `s` in its column (no rule between), if any; a short
    line set flush right (a signature) may stand past a short last line, at the column's right edge."""
    def edge(t: Seg, b: Block) -> float:
        return max(u.x1 for u in b.owned if _overlap(u.x0, u.x1, t.x0, t.x1) > 0 and abs(u.size - t.size) <= 0.1 * t.size)

    short = len(s.text.replace(" ", "")) <= 8
    above = [(t, b) for b in blocks for t in b.owned if 0 <= s.top - t.bottom <= leading
             and abs(t.size - s.size) <= 0.1 * s.size
             and (_overlap(s.x0, s.x1, t.x0, t.x1) > 0 or short and s.x0 > t.x0 and abs(s.x1 - edge(t, b)) <= 2 * s.size)]
    if not above:
        return None
    t, b = max(above, key=lambda tb: tb[0].bottom)
    if any(t.bottom <= r.top and r.bottom <= s.top and _overlap(r.x0, r.x1, s.x0, s.x1) > 0 for r in rules):
        return None
    return b


_EDITION = re.compile(r"第\s*0*(\d{1,2})\s*版")


def _regions(inner: list[Seg], geo: _Geometry) -> tuple[list[Block], list[Seg]]:
    """Blocks owning their lines, and the lines that turned out furniture (`read_page` steps 2-4)."""
    body, leading = geo.body, geo.leading
    prose, quotes = _display_prose(inner, body)
    dropped: list[Seg] = list(quotes)       # a pull quote prints the body's words again
    inner = [s for s in inner if s not in quotes]
    if quotes:      # ... and the rules framing it set it off from the column it interrupts: no story ends there
        framing = [r for r in geo.rules for g in _runs(quotes) if _frames(r, g, leading)]
        geo = replace(geo, rules=[r for r in geo.rules if not any(r is f for f in framing)])
    blocks = _blocks(inner, body, leading, geo.boxes, geo.photos, geo.rules, prose)
    in_blocks = {id(s) for b in blocks for s in b.segs + b.lead}
    rest = [s for s in inner if id(s) not in in_blocks]
    orphans = _own(rest, blocks, geo)
    untitled = _flow(orphans, blocks, inner, dropped, geo)
    _rehome_captions(blocks, geo)
    blocks.extend(_untitled(untitled, dropped, body, leading))
    return blocks, dropped


def _grams2(text: str) -> set[str]:
    t = re.sub(r"[\s，。、；：！？“”‘’「」《》（）,.;:!?\"'()/]", "", text)
    return {t[k:k + 2] for k in range(len(t) - 1)}


def _rehome_captions(blocks: list[Block], geo: _Geometry) -> None:
    """A caption goes with the photo it touches; a photo set between the end of one story and the headline
    of the next belongs to the one whose words its caption shares (what it shows, whose reporter took it).
    Small type touching a photo, owned by the story above, with another story's headline right under it,
    moves to that story when its words are more that story's."""
    body, leading = geo.body, geo.leading
    for a in blocks:
        caps = [s for s in a.owned if s.size < 0.95 * body and near_photo(s, geo.photos, leading)]
        if not caps:
            continue
        bottom, x0, x1 = max(s.bottom for s in caps), min(s.x0 for s in caps), max(s.x1 for s in caps)
        if any(t.top > bottom and abs(t.size - body) <= 0.1 * body and _overlap(t.x0, t.x1, x0, x1) > 0
               and t not in caps for t in a.owned):
            continue        # the story above goes on under the caption: its own photo
        below = [b for b in blocks if b is not a and b.segs and b.box == a.box and 0 <= b.top - bottom <= 2 * leading
                 and _overlap(b.x0, b.x1, x0, x1) > 0]
        if not below:
            continue
        b = min(below, key=lambda b: b.top)
        words = set().union(*(_grams2(s.text) for s in caps))
        mine = set().union(*(_grams2(s.text) for s in a.segs + a.lead + a.owned if s not in caps))
        theirs = set().union(*(_grams2(s.text) for s in b.segs + b.lead + b.owned))
        if len(words & theirs) > len(words & mine):
            a.owned = [s for s in a.owned if s not in caps]
            b.owned.extend(caps)


def _flip(segs: list[Seg], height: float) -> None:
    for s in segs:
        s.top, s.bottom = height - s.bottom, height - s.top


def _flip_rule(r: Rule, height: float) -> Rule:
    return Rule(r.x0, r.x1, height - r.bottom, height - r.top, r.full)


def _flip_box(b: Box, height: float) -> Box:
    return Box(b.x0, b.x1, height - b.bottom, height - b.top, b.image)


def _edition(furniture: list[Seg]) -> int | None:
    """The paper's own page number, from its running head or foot (`第02版`)."""
    found = {int(m.group(1)) for s in furniture for m in _EDITION.finditer(s.text)}
    return found.pop() if len(found) == 1 else None


def read_page(page, n0: int = 0, pno: int = 1, body_hint: float | None = None) -> Page | None:
    """The page's regions (no block when it prints no headline: `loose` then holds its running text),
    or None when it has no text."""
    segs = segments(page.chars, vertical_rules(page))
    if not segs:
        return None
    for s in segs:
        s.page = pno
    body = body_size(segs)
    if body_hint and sum(len(s.text) for s in segs) < 300:
        body = body_hint        # too little text to tell: the body size of the page before
    height = float(page.height or 0) or max(s.bottom for s in segs)
    leading = _leading(segs, body)
    rules, boxes, photos = strokes(page, body)
    # a filled rectangle with text inside is a tinted box, not a picture; an empty frame is a picture's
    for p in list(photos):
        if not p.image and sum(Box.holds(p, s) for s in segs) >= 2:
            photos.remove(p)
            boxes.append(p)
    for b in list(boxes):
        if not any(b.holds(s) for s in segs):
            boxes.remove(b)
            photos.append(b)
    rules.extend(Rule(b.x0, b.x1, y - 0.5, y + 0.5) for b in boxes for y in (b.top, b.bottom))
    heads = [s for s in segs if s.size >= HEAD_RATIO * body]
    head_y, foot_y = _bands(segs, rules, photos, height, body, leading, heads)
    furniture = [s for s in segs if s.mid_y <= head_y or s.mid_y >= foot_y]
    inner = [s for s in segs if s not in furniture]
    if not any(_is_head(s, inner, body, leading, photos, rules) for s in inner):
        order = xy_order(inner, body) if inner else []
        for k, s in enumerate(order, n0 + 1):
            s.n = k
        return Page(body, leading, [], photos, furniture, order, loose=order, edition=_edition(furniture))
    faces = Counter(s.face for s in inner for _ in s.text if abs(s.size - body) <= 0.1 * body)
    geo = _Geometry(body, leading, rules, boxes, photos, head_y, faces.most_common(1)[0][0] if faces else "")
    blocks, dropped = _regions(inner, geo)
    # a page may set its headlines under their stories: read it upside down too, and keep that reading
    # when it leaves far less text without a headline
    flipped = _Geometry(body, leading, [_flip_rule(r, height) for r in rules], [_flip_box(b, height) for b in boxes],
                        [_flip_box(b, height) for b in photos], height - foot_y, geo.face)
    _flip(segs, height)
    blocks_up, dropped_up = _regions(inner, flipped)
    _flip(segs, height)
    loose, loose_up = (sum(len(s.text) for b in bs if not b.segs for s in b.owned) for bs in (blocks, blocks_up))
    if loose >= 100 and 2 * loose_up <= loose:
        blocks, dropped = blocks_up, dropped_up
        for b in blocks:
            b.top, b.bottom = height - b.bottom, height - b.top
    furniture.extend(dropped)
    for b in blocks:
        # a headline with no body, or a line or two of it (a promo box, a teaser: 详见第三版); or lines
        # with no sentence among them (a contents box of headlines and page numbers, the weather)
        text = [s.text for s in b.owned if abs(s.size - body) <= 0.15 * body]
        if sum(len(t) for t in text) < 30 or not any(_SENTENCE.search(t) for t in text):
            furniture.extend(b.segs + b.lead + b.owned)
            b.owned = []
    blocks = [b for b in blocks if b.owned]
    order = xy_order([s for s in segs if s not in furniture], body)
    for k, s in enumerate(order, n0 + 1):
        s.n = k
    # stories in the order their body text is read (headlines across columns would muddle an XY cut)
    rank = {id(s): k for k, s in enumerate(xy_order([s for s in order if abs(s.size - body) <= 0.1 * body], body))}
    blocks.sort(key=lambda b: min((rank[id(s)] for s in b.owned if id(s) in rank), default=len(rank)))
    return Page(body, leading, blocks, photos, furniture, order, edition=_edition(furniture))
