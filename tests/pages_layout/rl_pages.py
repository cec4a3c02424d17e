"""The reportlab typesetter of the layout pages: explicit positions, as a layout program writes them.

Fonts: reportlab's built-in STSong-Light is a CID font without embedded glyphs, which pdftotext reads only with
poppler-data (absent here, and often elsewhere), so the pages use Noto CJK SC (fonts-noto-cjk), subset to the
characters the pages print and converted from CFF to TrueType outlines with fontTools (reportlab embeds TrueType
only). Digits and Latin are set in Times-Roman.

A page is laid out top-down in rows of modules (see pages.py); each article's body is wrapped to its column width,
justified, and its lines (with photos and captions as unbreakable items) are balanced over the module's columns,
so a paragraph runs from the bottom of one column to the top of the next. The sheet is cut to its content, so the
last row runs to the bottom margin. Page options: bold = "double" (headline drawn twice 0.35 pt apart) or
"stroke" (text render mode 2); digits = "later" (the article's Times runs are drawn after all its Chinese text,
content-stream order by font).
"""
from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pages as src

W = 842.0
MARGIN_X, TOP, BOTTOM = 36.0, 60.0, 48.0
GAP = 14.0                       # between columns
SIZE, LEAD = 9.5, 14.5           # body text
CAP_SIZE, CAP_LEAD = 8.0, 11.5
LATIN = "Times-Roman"
ASCII_RUN = re.compile(r"[0-9A-Za-z.%@]+")
NO_START = set("，。、；：？！”）》」』%")
NOTO = Path("/usr/share/fonts/opentype/noto")
FONTS = {"serif": ("NotoSerifCJK-Regular.ttc", "QLSerif"), "serifb": ("NotoSerifCJK-Bold.ttc", "QLSerifBold"),
         "sans": ("NotoSansCJK-Regular.ttc", "QLSans"), "sansb": ("NotoSansCJK-Bold.ttc", "QLSansBold")}
SC_INDEX = 2                     # Noto CJK collections: JP, KR, SC, TC, HK


# ---- fonts ----------------------------------------------------------------------------------------------

def _all_text() -> str:
    """Every character a reportlab page may print (the fonts are subset to them)."""
    out = [src.PAPER, src.DATE, "0123456789第版", "（）“”□——·/ 责任编辑美术简讯"]
    def walk(x: object) -> None:
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)
    for p in src.PAGES:
        if p["setter"] == "rl":
            walk(p)
    return "".join(out)


def _ttf(path: Path, text: str) -> bytes:
    """A CFF-flavoured OpenType CJK font subset to `text` and given TrueType (quadratic) outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    f = TTFont(str(path), fontNumber=SC_INDEX, lazy=False)
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.desubroutinize = True
    opts.layout_features = []
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(text=text)
    sub.subset(f)
    gs = f.getGlyphSet()
    order = f.getGlyphOrder()
    glyphs = {}
    for g in order:
        pen = TTGlyphPen(gs)
        gs[g].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[g] = pen.glyph()
    f["loca"] = newTable("loca")
    glyf = f["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for t in ("CFF ", "VORG", "vhea", "vmtx"):
        if t in f:
            del f[t]
    glyf.compile(f)
    hmtx = f["hmtx"]
    for g, gl in glyphs.items():
        hmtx[g] = (hmtx[g][0], getattr(gl, "xMin", 0))
    maxp = f["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for k in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
              "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, k, 1 if k == "maxZones" else 0)
    f["head"].glyphDataFormat = 0
    post = f["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    f.sfntVersion = "\x00\x01\x00\x00"
    buf = io.BytesIO()
    f.save(buf)
    return buf.getvalue()


@cache
def fonts() -> dict[str, str]:
    """Register the four faces once; kind -> reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    text = _all_text()
    for file, name in FONTS.values():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(_ttf(NOTO / file, text))))
    return {k: name for k, (_f, name) in FONTS.items()}


# ---- text measuring and wrapping ------------------------------------------------------------------------

def runs(text: str) -> list[tuple[str, bool]]:
    out, pos = [], 0
    for m in ASCII_RUN.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return sum(pdfmetrics.stringWidth(p, LATIN if lat else font, size) for p, lat in runs(text))


def wrap(text: str, avail: float, font: str, size: float, indent: float) -> list[str]:
    """Greedy by measured width; closing punctuation never starts a line; a Latin/digit run is not split."""
    tokens = re.findall(r"[0-9A-Za-z.%@]+|.", text)
    lines, cur, room = [], "", avail - indent
    for t in tokens:
        if cur and width(cur + t, font, size) > room and t[0] not in NO_START:
            lines.append(cur)
            cur, room = "", avail
        cur += t
    if cur:
        lines.append(cur)
    return lines


# ---- layout: draw operations in top-down coordinates ----------------------------------------------------

class Ops:
    """Draw operations collected top-down (y grows downwards), emitted once the sheet height is known."""

    def __init__(self) -> None:
        self.items: list[tuple] = []
        self.later: list[tuple] = []

    def text(self, x: float, y: float, s: str, font: str, size: float, *, space: float = 0.0,
             bold: str | None = None, digits_later: bool = False) -> None:
        """One line at baseline y: CJK runs in `font`, Latin/digit runs in Times; char spacing `space`."""
        cx = x
        for piece, lat in runs(s):
            f = LATIN if lat else font
            op = ("text", cx, y, piece, f, size, space, bold)
            (self.later if lat and digits_later else self.items).append(op)
            cx += width(piece, font, size) + space * len(piece)

    def flush_later(self) -> None:
        self.items += self.later
        self.later = []

    def rect(self, x: float, y: float, w: float, h: float, fill: float | None = None, lw: float = 0.8) -> None:
        self.items.append(("rect", x, y, w, h, fill, lw))

    def line(self, x1: float, y1: float, x2: float, y2: float, lw: float = 0.5) -> None:
        self.items.append(("line", x1, y1, x2, y2, lw))


def head_lines(page: dict) -> list[str]:
    return [src.DATE, page["section"], f"{page['edition']} {page['editors']}", page["edition"][1:3]]


class Setter:
    def __init__(self, page: dict) -> None:
        self.page = page
        self.f = fonts()
        self.ops = Ops()
        self.cols = page["cols"]
        self.colw = (W - 2 * MARGIN_X - GAP * (self.cols - 1)) / self.cols

    # -- headline block --
    def headline(self, a: dict, x: float, y: float, w: float) -> float:
        ops, f = self.ops, self.f
        bold = self.page.get("bold")
        if a.get("kicker"):
            y += 15
            ops.text(x, y, a["kicker"], f["sansb"], 11.5)
            y += 5
        size = min(26.0, 0.92 * w / max(width(t, f["sansb"], 1.0) for t in a["title"]))
        for t in a["title"]:
            y += size * 1.25
            ops.text(x + (w - width(t, f["sansb"], size)) / 2, y, t, f["sansb"], size, bold=bold)
        if a.get("subtitle"):
            sub = ("——" if len(a["title"]) == 1 else "") + a["subtitle"]
            ssize = min(13.0, 0.95 * w / width(sub, f["serifb"], 1.0))
            y += ssize * 1.6
            ops.text(x + (w - width(sub, f["serifb"], ssize)) / 2, y, sub, f["serifb"], ssize)
        if a.get("top"):
            y += 17
            ops.text(x + (w - width(a["top"], f["sans"], 10)) / 2, y, a["top"], f["sans"], 10)
        return y + 8

    # -- body items --
    def caption_items(self, cap: str, w: float) -> list[tuple]:
        return [("cap", ln, CAP_LEAD) for ln in wrap(cap, w, self.f["sans"], CAP_SIZE, 0)]

    def body_items(self, a: dict, cw: float) -> list[tuple]:
        """(kind, payload, height) in printed order: text lines (text, indent, justify, lead-prefix length),
        subheads, photos with captions (unbreakable), the closing signature."""
        f = self.f
        items: list[tuple] = []
        photos = {p["after"]: p for p in a.get("photos", []) if p["after"] >= 0}
        sig = a.get("sig")
        paras = a["paras"]
        first = True
        for k, p in enumerate(paras):
            if p.startswith("#"):
                items.append(("sub", p[1:], 24.0))
                continue
            text = p
            lead = 0
            if first and a.get("lead"):
                text, lead = a["lead"] + p, len(a["lead"])
            first = False
            if sig and sig.startswith("（") and k == len(paras) - 1:
                text += sig
            lines = wrap(text, cw, f["serif"], SIZE, 2 * SIZE)
            for j, ln in enumerate(lines):
                items.append(("line", (ln, 2 * SIZE if j == 0 else 0.0, j < len(lines) - 1, lead), LEAD))
                lead = max(0, lead - len(ln))
            if k in photos:
                ph = photos[k]
                caps = self.caption_items(ph["caption"], cw)
                items.append(("photo", (ph["h"], caps), ph["h"] + 6 + CAP_LEAD * len(caps) + 6))
        if sig and not sig.startswith("（"):
            items.append(("sig", sig, LEAD))
        return items

    def balance(self, items: list[tuple], k: int) -> list[list[tuple]]:
        """Items into k columns of the least height that holds them (photos are not split)."""
        total = sum(h for *_x, h in items)
        target = max(max(h for *_x, h in items), total / k)
        while True:
            cols: list[list[tuple]] = [[]]
            used = 0.0
            for it in items:
                if used + it[-1] > target + 0.01 and cols[-1]:
                    cols.append([])
                    used = 0.0
                cols[-1].append(it)
                used += it[-1]
            if len(cols) <= k:
                return cols
            target += LEAD / 2

    def draw_items(self, cols: list[list[tuple]], x: float, y: float, cw: float, gap: float) -> float:
        f, ops = self.f, self.ops
        later = self.page.get("digits") == "later"
        bottom = y
        for c, items in enumerate(cols):
            cx, cy = x + c * (cw + gap), y
            for kind, payload, h in items:
                if kind == "line":
                    ln, indent, justify, lead = payload
                    space = 0.0
                    if justify and len(ln) > 1:
                        space = max(0.0, (cw - indent - width(ln, f["serif"], SIZE)) / (len(ln) - 1))
                        space = min(space, 1.5)
                    base = cy + LEAD - 3.5
                    if lead:
                        ops.text(cx + indent, base, ln[:lead], f["sansb"], SIZE, space=space, digits_later=later)
                        off = width(ln[:lead], f["sansb"], SIZE) + space * lead
                        ops.text(cx + indent + off, base, ln[lead:], f["serif"], SIZE, space=space,
                                 digits_later=later)
                    else:
                        ops.text(cx + indent, base, ln, f["serif"], SIZE, space=space, digits_later=later)
                elif kind == "sub":
                    ops.text(cx + (cw - width(payload, f["sansb"], 11)) / 2, cy + 17, payload, f["sansb"], 11)
                elif kind == "sig":
                    ops.text(cx + cw - width(payload, f["serif"], SIZE), cy + LEAD - 3.5, payload, f["serif"], SIZE)
                elif kind == "photo":
                    ph, caps = payload
                    ops.rect(cx, cy + 3, cw, ph, fill=0.62, lw=0)
                    ty = cy + 3 + ph + 3
                    for _k, capline, ch in caps:
                        ty += ch
                        ops.text(cx, ty - 2.5, capline, f["sans"], CAP_SIZE, digits_later=later)
                cy += h
            bottom = max(bottom, cy)
        return bottom

    # -- stories --
    def story(self, s: dict, x: float, y: float, w: float, span: int) -> float:
        f, ops = self.f, self.ops
        later = self.page.get("digits") == "later"
        if s.get("box") == "promo":
            lines = s["lines"]
            y0 = y + 4
            ty = y0 + 4
            for k, ln in enumerate(lines):
                size = 13.0 if k == 0 else 10.0
                size = min(size, 0.9 * w / width(ln, f["sansb"], 1.0))
                ty += size * 1.5
                ops.text(x + (w - width(ln, f["sansb"], size)) / 2, ty, ln, f["sansb"], size)
            ops.rect(x, y0, w, ty - y0 + 8, lw=1.8)
            return ty + 12
        if s.get("box") == "briefs":
            y0 = y + 4
            ty = y0 + 22
            ops.text(x + (w - width(s["head"], f["sansb"], 14)) / 2, ty, s["head"], f["sansb"], 14)
            ty += 6
            inner = w - 12
            for it in s["items"]:
                a = {"paras": it["paras"], "sig": it["sig"]}
                ty = self.draw_items([self.body_items(a, inner)], x + 6, ty, inner, 0) + 4
            if later:
                ops.flush_later()
            ops.rect(x, y0, w, ty - y0 + 4, lw=1.2)
            return ty + 10
        y = self.headline(s, x, y, w)
        for p in s.get("photos", []):
            if p["after"] == -1:
                ops.rect(x, y, w, p["h"], fill=0.62, lw=0)
                y += p["h"] + 3
                for _k, capline, ch in self.caption_items(p["caption"], w):
                    y += ch
                    ops.text(x, y - 2.5, capline, f["sans"], CAP_SIZE, digits_later=later)
                y += 6
        k = s.get("cols", span)
        cw = (w - GAP * (k - 1)) / k
        cols = self.balance(self.body_items(s, cw), k)
        bottom = self.draw_items(cols, x, y, cw, GAP)
        for c in range(1, len(cols)):
            lx = x + c * (cw + GAP) - GAP / 2
            ops.line(lx, y + 2, lx, bottom, 0.3)
        if later:
            ops.flush_later()
        return bottom + 6

    def layout(self) -> float:
        f, ops, page = self.f, self.ops, self.page
        d, sec, ed, num = head_lines(page)
        ops.text(MARGIN_X, TOP - 20, d, f["sans"], 9)
        ops.text((W - width(sec, f["sansb"], 13)) / 2, TOP - 20, sec, f["sansb"], 13)
        ops.text(W - MARGIN_X - width(ed, f["sans"], 9), TOP - 20, ed, f["sans"], 9)
        ops.line(MARGIN_X, TOP - 12, W - MARGIN_X, TOP - 12, 1.2)
        y = TOP
        for r, row in enumerate(page["rows"]):
            col0, bottom = 0, y
            tops = []
            for span, stories in row:
                x = MARGIN_X + col0 * (self.colw + GAP)
                w = span * self.colw + (span - 1) * GAP
                sy = y
                for j, s in enumerate(stories):
                    if j:
                        ops.line(x, sy, x + w, sy, 0.5)
                    sy = self.story(s, x, sy, w, span)
                tops.append((x, col0))
                bottom = max(bottom, sy)
                col0 += span
            for x, _c0 in tops[1:]:
                ops.line(x - GAP / 2, y + 4, x - GAP / 2, bottom - 2, 0.5)
            if r < len(page["rows"]) - 1:
                ops.line(MARGIN_X, bottom + 2, W - MARGIN_X, bottom + 2, 0.9)
            y = bottom + 6
        self.num = num
        return y


def render(page: dict) -> bytes:
    """The page's PDF bytes (deterministic: reportlab's invariant mode)."""
    from reportlab.pdfgen import canvas

    st = Setter(page)
    content_bottom = st.layout()
    height = content_bottom + BOTTOM
    f = st.f
    st.ops.text(W - MARGIN_X - width(st.num, f["sans"], 9), height - 24, st.num, f["sans"], 9)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, height), invariant=1, pageCompression=1)
    c.setTitle(src.PAPER)
    for op in st.ops.items:
        if op[0] == "text":
            _, x, y, s, font, size, space, bold = op
            passes = [(0.0, 0)]
            if bold == "double":
                passes = [(0.0, 0), (0.35, 0)]
            elif bold == "stroke":
                passes = [(0.0, 2)]
            for dx, mode in passes:
                c.saveState()                   # the text render mode outlives BT/ET: keep it to this run
                t = c.beginText(x + dx, height - y)
                t.setFont(font, size)
                t.setCharSpace(space)
                if mode:
                    c.setLineWidth(0.45)
                    t.setTextRenderMode(mode)
                t.textOut(s)
                c.drawText(t)
                c.restoreState()
        elif op[0] == "rect":
            _, x, y, w, h, fill, lw = op
            if fill is not None:
                c.setFillGray(fill)
                c.rect(x, height - y - h, w, h, stroke=0, fill=1)
                c.setFillGray(0)
            else:
                c.setLineWidth(lw)
                c.rect(x, height - y - h, w, h, stroke=1, fill=0)
        elif op[0] == "line":
            _, x1, y1, x2, y2, lw = op
            c.setLineWidth(lw)
            c.line(x1, height - y1, x2, height - y2)
    c.showPage()
    c.save()
    return buf.getvalue()
