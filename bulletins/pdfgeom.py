"""What a PDF page draws, as geometry: printed lines of text, rules, boxes and pictures.

Characters become `Seg`s (one printed line of one column: same row, same size, no gap wider than a
character); strokes and fills become horizontal `Rule`s, `Box`es and photos; `xy_order` reads segments
column by column (recursive XY cut). Nothing here decides what a line *means*; `regions` does.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_BOLD = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$|hei", re.I)
# Founder (方正) and similar CJK faces name their weight: 黑体 HT / 大黑 DHT / 粗 CU are heavy faces
_HANGING = set("，。、；：！？”’）》」』,.;:!?")
_HEAVY_CJK = re.compile(r"(?:^|[+_-])FZ\w*?(?:HT|CU|DH|ZH)\w*JW|Hei", re.I)


@dataclass
class Seg:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    face: str = ""
    col_x0: float = 0.0
    col_x1: float = 0.0
    n: int = 0              # reading-order number on the document (1-based), set by the caller
    page: int = 1
    ink_x1: float = 0.0     # right edge without a closing punctuation mark hung into the gutter

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Rule:
    """A horizontal stroke (a line, a thin filled band, or a box edge) with its drawn thickness."""
    x0: float
    x1: float
    top: float
    bottom: float
    full: bool = False


@dataclass
class Box:
    x0: float
    x1: float
    top: float
    bottom: float
    image: bool = False     # a picture, not a drawn shape

    def holds(self, s: Seg) -> bool:
        return self.x0 - 1 <= (s.x0 + s.x1) / 2 <= self.x1 + 1 and self.top - 1 <= s.mid_y <= self.bottom + 1


def _face(fontname: str) -> str:
    """The face without the subset prefix (`YJYRRZ+FZBSJW--GB1-0` -> `FZBSJW--GB1-0`)."""
    return fontname.split("+", 1)[-1]


def heavy_face(face: str) -> bool:
    return bool(_BOLD.search(face) or _HEAVY_CJK.search(face))


_EDGE = 0.05        # a border side narrower than this (pt) is not drawn
_BORDER = 6.0       # a border is at most this thick (pt); a wider band between two fills is a tint's margin


def _borders(rects: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict]]:
    """Filled rectangles -> (borders, plain fills). A border drawn as one filled path (an outer rectangle
    less an inner one, the way HTML renderers paint CSS borders) reaches pdfplumber as two rectangles of
    one colour, one just inside the other: such a pair is (outer, inner); only the sides where they
    differ are drawn. Identical repeats (a path painted twice) count once."""
    seen: set[tuple] = set()
    fills: list[dict] = []
    for r in rects:
        if not r.get("fill") or r.get("stroke"):
            continue
        key = (round(r["x0"], 1), round(r["x1"], 1), round(r["top"], 1), round(r["bottom"], 1),
               str(r.get("non_stroking_color")))
        if key not in seen:
            seen.add(key)
            fills.append(r)
    fills.sort(key=lambda r: -(r["x1"] - r["x0"]) * (r["bottom"] - r["top"]))
    pairs: list[tuple[dict, dict]] = []
    used: set[int] = set()
    for k, o in enumerate(fills):
        if k in used:
            continue
        for j in range(k + 1, len(fills)):
            i = fills[j]
            if j in used or str(i.get("non_stroking_color")) != str(o.get("non_stroking_color")):
                continue
            sides = (i["x0"] - o["x0"], o["x1"] - i["x1"], i["top"] - o["top"], o["bottom"] - i["bottom"])
            if all(-_EDGE <= d <= _BORDER for d in sides) and max(sides) > _EDGE:
                pairs.append((o, i))
                used.update((k, j))
                break
    return pairs, [r for k, r in enumerate(fills) if k not in used] + \
        [r for r in rects if not (r.get("fill") and not r.get("stroke"))]


def vertical_rules(page) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of the column rules drawn on a page (lines, rectangles no wider than 2 pt, or the
    left or right side of a border)."""
    out = [(ln["x0"], ln["top"], ln["bottom"]) for ln in page.lines
           if abs(ln["x1"] - ln["x0"]) <= 2 and ln["bottom"] - ln["top"] >= 20]
    pairs, rest = _borders(page.rects)
    out += [((r["x0"] + r["x1"]) / 2, r["top"], r["bottom"]) for r in rest
            if r["x1"] - r["x0"] <= 2 and r["bottom"] - r["top"] >= 20]
    for o, i in pairs:
        if o["bottom"] - o["top"] >= 20:
            out += [(x, o["top"], o["bottom"]) for x, w in (((o["x0"] + i["x0"]) / 2, i["x0"] - o["x0"]),
                                                            ((o["x1"] + i["x1"]) / 2, o["x1"] - i["x1"])) if w > _EDGE]
    return out


def segments(chars: list[dict], vrules: list[tuple[float, float, float]] = ()) -> list[Seg]:
    """Chars -> horizontal runs: same row, same size, no gap wider than 1.2 characters, no column rule
    between two neighbours."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if not ch.get("text") or ch["text"] in "\n\r":
            continue
        size = float(ch.get("size") or 10.0)
        # the nearest recent row of the same size, by its latest glyph (columns may sit a little higher or
        # lower than their neighbours, and figures set in another font a little off the baseline) ...
        near = [r for r in rows[-6:] if abs(r[-1]["top"] - ch["top"]) <= 0.4 * size
                and abs(float(r[-1].get("size") or 10.0) - size) <= 0.6]
        row = min(near, key=lambda r: abs(r[-1]["top"] - ch["top"]), default=None)
        # ... but never two glyphs stacked at the same place (two lines of one column)
        if row is not None and abs(row[-1]["top"] - ch["top"]) > 0.5 and \
                any(c["x0"] < ch["x1"] and ch["x0"] < c["x1"] for c in row):
            row = None
        if row is None:
            rows.append([ch])
        else:
            row.append(ch)
    segs: list[Seg] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    channel = _channels(rows)
    for row in rows:
        cur: list[dict] = []
        ink: dict | None = None     # the last glyph of `cur` that is not a space
        for ch in row:
            size = float(ch.get("size") or 10.0)
            # a gap wider than 1.2 characters, or a column rule drawn between (a space glyph may fill the
            # gutter), or a narrower gap on a white channel that runs down the page (a narrow gutter)
            gap = ch["x0"] - ink["x1"] if ink is not None and ch["text"].strip() and cur[-1] is ink else 0.0
            if cur and (ch["x0"] - cur[-1]["x1"] > 1.2 * size or
                        gap > _CHANNEL_GAP * size and channel[round((ink["x1"] + ch["x0"]) / 2)] >= _CHANNEL_ROWS or
                        any(cur[-1]["x0"] + cur[-1]["x1"] < 2 * x < ch["x0"] + ch["x1"]     # glyph centres
                            and top <= ch["bottom"] and ch["top"] <= bottom
                            for x, top, bottom in vrules)):
                segs.append(make_seg(cur))
                cur, ink = [], None
            cur.append(ch)
            if ch["text"].strip():
                ink = ch
        if cur:
            segs.append(make_seg(cur))
    return [s for s in segs if s.text.strip()]


_CHANNEL_GAP = 0.7      # a gap between glyphs this many characters wide may be a gutter ...
_CHANNEL_ROWS = 6       # ... when at least this many rows leave the same place white


def _channels(rows: list[list[dict]]) -> Counter[int]:
    """Per x (whole points): how many rows leave a gap there wider than `_CHANNEL_GAP` characters between
    two neighbouring glyphs (no space glyph between). Justification falls anywhere; a column gutter falls
    at the same x on every row of its columns."""
    cover: Counter[int] = Counter()
    for row in rows:
        for a, b in zip(row, row[1:], strict=False):      # a space glyph between is a word space, stretched by justification
            if a["text"].strip() and b["text"].strip() and b["x0"] - a["x1"] > _CHANNEL_GAP * float(b.get("size") or 10.0):
                for x in range(round(a["x1"]), round(b["x0"]) + 1):
                    cover[x] += 1
    return cover


def make_seg(chars: list[dict]) -> Seg:
    sizes = sorted(float(c.get("size") or 10.0) for c in chars)
    size = sizes[len(sizes) // 2]
    parts = []
    prev = None
    for c in chars:
        if prev is not None and c["text"] != " " and prev["text"] != " " and c["x0"] - prev["x1"] > 0.3 * size:
            parts.append(" ")
        parts.append(c["text"])
        prev = c
    text = " ".join("".join(parts).split())
    faces = Counter(_face(str(c.get("fontname", ""))) for c in chars if c["text"].strip())
    face = faces.most_common(1)[0][0] if faces else ""
    bold = sum(bool(_BOLD.search(str(c.get("fontname", "")))) for c in chars) > len(chars) / 2
    core = [c for c in chars if c["text"].strip() and c["text"] not in _HANGING] or chars
    return Seg(text, min(c["x0"] for c in chars), max(c["x1"] for c in chars), min(c["top"] for c in chars),
               max(c["bottom"] for c in chars), size, bold, face, ink_x1=max(c["x1"] for c in core))


def body_size(segs: list[Seg]) -> float:
    """The size most characters are set in."""
    weights: Counter[float] = Counter()
    for s in segs:
        weights[round(s.size, 1)] += len(s.text)
    return weights.most_common(1)[0][0]


def _vertical_cut(segs: list[Seg], body: float) -> float | None:
    """The middle of the widest x gap that no segment crosses, if at least 0.8 em wide."""
    spans = sorted((s.x0, min(s.x1, s.ink_x1 or s.x1)) for s in segs)
    if len(spans) < 2:
        return None
    best_gap, cut = 0.0, None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach > best_gap:
            best_gap, cut = x0 - reach, (reach + x0) / 2
        reach = max(reach, x1)
    return cut if best_gap >= 0.8 * body else None


SPAN_GAP = 4.0      # a gap this many body sizes tall across every column is a photo or a band set across them


def _bands(segs: list[Seg], body: float, gap: float = 1.2) -> list[list[Seg]]:
    """Split top to bottom at gaps taller than `gap` body sizes (a line of body text)."""
    ordered = sorted(segs, key=lambda s: (s.top, s.x0))
    bands: list[list[Seg]] = [[ordered[0]]]
    bottom = ordered[0].bottom
    for s in ordered[1:]:
        if s.top - bottom >= gap * body:
            bands.append([])
        bands[-1].append(s)
        bottom = max(bottom, s.bottom)
    return bands


def _extent(segs: list[Seg], body: float) -> tuple[float, float]:
    """Left and right edge of a column, from its body-size lines (headlines may overhang)."""
    ref = [s for s in segs if abs(s.size - body) <= 0.15 * body] or segs
    return min(s.x0 for s in ref), max(s.x1 for s in ref)


def xy_order(segs: list[Seg], body: float, region: tuple[float, float] | None = None,
             story: bool = False) -> list[Seg]:
    """Reading order by recursive XY cut: columns left to right, each top to bottom; sets col_x0/col_x1.
    `story`: the lines of one story, whose text flows over, then under a gap set across all its columns
    (on a whole page such a gap may only part rows of stories, whose order the columns give)."""
    if not segs:
        return []
    if region is None:
        region = _extent(segs, body)
    if len(segs) == 1:
        segs[0].col_x0, segs[0].col_x1 = region
        return segs
    # a tall gap across all the columns (a photo set across them), with text across them over and under
    # it: the columns above are read before the columns below, the way text flows round a spanning picture
    x0, x1 = min(s.x0 for s in segs), max(s.x1 for s in segs)

    def across(band: list[Seg]) -> bool:
        return max(s.x1 for s in band) - min(s.x0 for s in band) >= 0.8 * (x1 - x0)

    # (text across the whole width over and under the gap: columns merely ending at other heights, or a
    # short line over them, make no such gap)
    tall: list[list[Seg]] = []
    for band in _bands(segs, body, SPAN_GAP) if story else []:
        if tall and across(tall[-1]) and across(band):
            tall.append(band)
        elif tall:
            tall[-1] = tall[-1] + band
        else:
            tall.append(band)
    if story and len(tall) > 1:
        return [t for band in tall for t in xy_order(band, body, region, story)]
    # vertical cut: the widest x gap no body-size segment crosses (a headline may overhang its column)
    bodyish = [s for s in segs if abs(s.size - body) <= 0.15 * body]
    cut = _vertical_cut(bodyish if len(bodyish) >= 3 else segs, body)
    if cut is not None:
        # a banner straddles the gutter (print never overlaps a neighbouring column otherwise)
        spanning = [s for s in segs if min(cut - s.x0, s.x1 - cut) > 1.0 * s.size]
        if spanning:
            # banners (masthead, slogan, a headline across columns) separate stacks of columns
            spanning.sort(key=lambda s: s.top)
            slots: list[list[Seg]] = [[] for _ in range(len(spanning) + 1)]
            for s in segs:
                if s not in spanning:
                    slots[sum(1 for b in spanning if (b.top + b.bottom) / 2 < s.top)].append(s)
            out: list[Seg] = []
            for n, slot in enumerate(slots):
                if slot:
                    out.extend(xy_order(slot, body, _extent(slot, body), story))
                if n < len(spanning):
                    spanning[n].col_x0, spanning[n].col_x1 = spanning[n].x0, spanning[n].x1
                    out.append(spanning[n])
            return out
        left = [s for s in segs if (s.x0 + s.x1) / 2 < cut]
        right = [s for s in segs if (s.x0 + s.x1) / 2 >= cut]
        if left and right:
            return xy_order(left, body, _extent(left, body), story) + xy_order(right, body, _extent(right, body), story)
    # horizontal cuts at clear gaps (wider than a line of body text)
    ordered = sorted(segs, key=lambda s: (s.top, s.x0))
    bands = _bands(segs, body)
    if len(bands) > 1:
        out = []
        for band in bands:
            out.extend(xy_order(band, body, region, story))
        return out
    for s in ordered:
        s.col_x0, s.col_x1 = region
    return ordered


def near_photo(s: Seg, photos: list[Box], leading: float) -> bool:
    """Set right under, over, beside or across a picture (a caption's place)."""
    for p in photos:
        below = 0 <= s.top - p.bottom <= 2 * leading or abs(s.top - p.bottom) <= leading
        above = 0 <= p.top - s.bottom <= leading
        beside = min(abs(s.x0 - p.x1), abs(p.x0 - s.x1)) <= 2 * s.size and p.top <= s.mid_y <= p.bottom
        inside = p.x0 <= s.x0 and s.x1 <= p.x1 and p.top <= s.mid_y <= p.bottom     # set over a clipped picture
        if (below or above) and min(s.x1, p.x1) - max(s.x0, p.x0) > 0 or beside or inside:
            return True
    return False


def strokes(page, body: float) -> tuple[list[Rule], list[Box], list[Box]]:
    """Horizontal rules, boxes (stroked frames) and photos (images, large filled rectangles) of a page;
    the caller decides by what they hold which frames are boxes and which fills are pictures."""
    rules: list[Rule] = []
    boxes: list[Box] = []
    photos: list[Box] = []
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) <= 2 and ln["x1"] - ln["x0"] >= 2 * body:
            half = float(ln.get("linewidth") or 0) / 2
            rules.append(Rule(ln["x0"], ln["x1"], ln["top"] - half, ln["bottom"] + half))
    pairs, rest = _borders(page.rects)
    for o, i in pairs:
        w, h = o["x1"] - o["x0"], o["bottom"] - o["top"]
        drawn = [d > _EDGE for d in (i["x0"] - o["x0"], o["x1"] - i["x1"], i["top"] - o["top"], o["bottom"] - i["bottom"])]
        if all(drawn) and w >= 3 * body and h >= 3 * body:
            boxes.append(Box(o["x0"], o["x1"], o["top"], o["bottom"]))      # a frame: all four sides drawn
            continue
        # sides left undrawn: what the page shows is rules (a border under a story, rules round a standfirst)
        if drawn[2] and w >= 2 * body:
            rules.append(Rule(o["x0"], o["x1"], o["top"], i["top"]))
        if drawn[3] and w >= 2 * body:
            rules.append(Rule(o["x0"], o["x1"], i["bottom"], o["bottom"]))
    for r in rest:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if w >= 2 * body and h <= 1.5 * body and (r.get("fill") or h <= 2):
            rules.append(Rule(r["x0"], r["x1"], r["top"], r["bottom"]))
        elif r.get("stroke") and not r.get("fill") and w >= 3 * body and h >= 3 * body:
            boxes.append(Box(r["x0"], r["x1"], r["top"], r["bottom"]))
        elif r.get("fill") and w >= 3 * body and h >= 3 * body:
            photos.append(Box(r["x0"], r["x1"], r["top"], r["bottom"]))
    for im in page.images:
        if im["x1"] - im["x0"] >= 2 * body and im["bottom"] - im["top"] >= 2 * body:
            photos.append(Box(im["x0"], im["x1"], im["top"], im["bottom"], image=True))
    return rules, boxes, photos
