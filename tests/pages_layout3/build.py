"""Set the third held-back batch (pages_tongxi.py), extract its text, and write the gold from the same source data.

    python3 tests/pages_layout3/build.py [OUT_DIR]      # default: this folder

Writes OUT/pdf/<stem>.pdf and OUT/text|raw|pdfminer/<stem>.txt for the PDF pages (as tests/pages_layout),
OUT/seedtext/<stem>.txt for the text-only page, and OUT/gold.json.

Imported, not copied: the first batch's gold record of an article (_article_gold), photo PNG (_png), escaping,
and text extraction (pdftotext default / -raw, pdfminer in a fresh interpreter); its reportlab font subsetting
and measuring (rl_pages); the second batch's font renaming and its seeds-style damage helpers (_cut,
_spaced_digits, doubled). The CSS, the page make-ups, the line-by-line reportlab setter and the text page's
order are this batch's own.
"""
from __future__ import annotations

import base64
import importlib.util
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYOUT = HERE.parent / "pages_layout"
LAYOUT2 = HERE.parent / "pages_layout2"
for p in (HERE, LAYOUT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import pages_tongxi as src  # noqa: E402


def _load(name: str, path: Path):  # noqa: ANN202 - a module
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sys.modules[name] = mod
    return mod


lb = _load("pages_layout_build", LAYOUT / "build.py")     # first batch: gold record, PNG, extraction
lb2 = _load("pages_layout2_build", LAYOUT2 / "build.py")  # second batch: font renaming, seeds-style damage
_e = lb._e
TOP, BOTTOM = 60.0, 56.0

# ---- gold -----------------------------------------------------------------------------------------------


def gold_id(stem: str, art_id: str) -> str:
    return f"{stem}-{art_id.split('-')[1]}"


def stories(page: dict) -> list:
    """The page's items in reading order: row by row, module by module (strings name boxes)."""
    if page["kind"] == "seedtext":
        return page["articles"]
    return [s for row in page["rows"] for _span, items in row for s in items]


def jump_parts(a: dict) -> tuple[list[str], list[str]]:
    j = a["jump"]
    first = a["paras"][:j["paras"]] + [a["paras"][j["paras"]][:j["split"]]]
    rest = [a["paras"][j["paras"]][j["split"]:]] + a["paras"][j["paras"] + 1:]
    return first, rest


def cont_page(a: dict) -> dict:
    return next(p for p in src.PAGES if any(isinstance(s, dict) and s.get("cont") is a for s in stories(p)))


def head_lines(page: dict) -> list[str]:
    """Running head of an inside page (edition and section left, date right) and its foot (editors, number)."""
    return [f"{page['edition']} {page['section']}", src.DATE, page["editors"], page["edition"][1:3]]


def page_furniture(page: dict) -> list[str]:
    """Every printed line that belongs to no article, as printed (stripped)."""
    kind = page["kind"]
    if kind == "seedtext":
        return [page["banner"]]
    if kind == "front":
        f = [*page["mast"], f"{page['edition']} {page['section']}", page["index_head"], *page["index"],
             *page["weather"], *page["promo"], page["footer"], page["edition"][1:3]]
    else:
        f = head_lines(page)
    if page.get("column_logo"):
        f.append(page["column_logo"])
    for s in stories(page):
        if s == "BRIEFS":
            f.append("简讯")
        elif isinstance(s, dict) and "cont" in s:
            f.append(s["cont"]["jump"]["in"])
        elif isinstance(s, dict) and s.get("jump"):
            f.append(s["jump"]["out"])
    return f


def page_gold(page: dict) -> dict:
    stem = page["stem"]
    arts, conts = [], []
    for s in stories(page):
        if s == "BOXES":
            continue
        if s == "BRIEFS":
            for it in src.BRIEFS3:
                arts.append({"id": gold_id(stem, it["id"]), "title": "", "subtitle": None, "kicker": None,
                             "byline": it["byline"], "byline_form": "tail", "body": "\n".join(it["paras"]),
                             "subheads": [], "captions": [], "duplicate_of": None,
                             "note": "untitled brief in the 简讯 box"})
            continue
        if "cont" in s:
            a = s["cont"]
            conts.append({"of": gold_id(src.P01["stem"], a["id"]), "head": a["jump"]["head"],
                          "mark": a["jump"]["in"], "body": "\n".join(jump_parts(a)[1])})
            continue
        g = lb._article_gold(stem, s)
        g["id"] = gold_id(stem, s["id"])
        if s.get("jump"):
            other = cont_page(s)["stem"]
            g["continued_on"] = other
            g["body_on_this_page"] = "\n".join(jump_parts(s)[0])
            g["note"] = (f"jumps: ends here with {s['jump']['out']}; the rest is on {other} after {s['jump']['in']}. "
                         "body is the whole article, the split paragraph rejoined without a break.")
        arts.append(g)
    text = page["setter"] == "text"
    out = {"source": f"{stem}.txt" if text else f"{stem}.pdf", "texts": f"{stem}.txt", "setter": page["setter"],
           "columns": page.get("cols", 1), "publisher": src.PAPER, "date": src.ISO, "encoding": None,
           "about": page["about"], "furniture": page_furniture(page), "articles": arts}
    if conts:
        out["continuations"] = conts
    return out


ABOUT = (
    "Third, held-back batch of newspaper-style pages for issue 11 (written apart from the parser, never shown to "
    "its authors): an invented city daily, 桐溪日报 of 2025-11-20, set by tests/pages_layout3/build.py from "
    "pages_tongxi.py: four pages by WeasyPrint with CSS columns, one by reportlab placing every line on its own "
    "(as Founder-made PDFs do), and one text-only page in the seeds' style (seedtext/, no PDF). Schema and "
    "conventions of tests/pages_layout/gold.json: articles in reading order (row by row, module by module); "
    "title = printed headline lines joined with one space; kicker = the line over the headline; subtitle "
    "without its leading ——; byline = the names as printed inside the brackets (记者 某某 通讯员 某某), or after "
    "□ / ○, or the lone name line; byline_form benbao (本报讯（…） opening the first paragraph, not part of the "
    "body), circle (□ / ○ 某某 under the title), tail (a closing （记者 …） / （某某 某某） / □ 某某 / lone name "
    "line, not part of the body); body = paragraphs joined by '\\n' without subheads; subheads = in-article "
    "小标题 in order; captions = photo captions with their credits, as printed (a photo set between two "
    "articles belongs to the one it shows, the one under it); untitled briefs in the 简讯 box are articles with "
    "title ''. furniture = printed lines that belong to no article (masthead, date and edition lines, 导读, "
    "weather and promo boxes, running heads, editors' credits, page numbers, the 简讯 head, the column logo "
    "短评, jump lines, the text page's slogan). Jump: the lead of p01 ends with （下转第3版）; it is ONE article "
    "of p01 whose body is the whole text (continued_on names p03, body_on_this_page is the p01 part); p03 lists "
    "the rest under continuations (head = the title repeated over it, mark = （上接第1版）).")


def gold() -> dict:
    return {"about": ABOUT, "pages": [page_gold(p) for p in src.PAGES]}


# ---- WeasyPrint -----------------------------------------------------------------------------------------

CSS = """
@page { size: 820pt HEIGHTpt; margin: 60pt 38pt 56pt 38pt;
  @top-left { content: TL; font: bold 10pt 'Noto Sans CJK SC'; }
  @top-right { content: TR; font: 9pt 'Noto Sans CJK SC'; }
  @bottom-center { content: BC; font: 8pt 'Noto Sans CJK SC'; }
  @bottom-right { content: BR; font: bold 11pt 'Noto Sans CJK SC'; } }
html { font-family: 'Noto Serif CJK SC'; font-size: 9.2pt; line-height: 1.52; }
body { margin: 0; }
p { margin: 0; }
.row { display: flex; padding: 6pt 0 7pt 0; border-bottom: 1pt solid #000; }
.row:last-child { border-bottom: none; }
.mod { padding: 0 6pt; box-sizing: border-box; }
.mod + .mod { border-left: 0.5pt solid #555; }
.story + .story { margin-top: 7pt; border-top: 0.5pt dashed #555; padding-top: 5pt; }
.kicker { font: 11pt 'Noto Sans CJK SC'; margin: 0 0 1pt 0; text-align: center; }
.title { font: bold 24pt/1.22 'Noto Sans CJK SC'; margin: 0; text-align: center; }
.title.small { font: bold 16pt/1.3 'Noto Serif CJK SC'; }
.sub { font: 11.5pt 'Noto Serif CJK SC'; margin: 3pt 0 5pt 0; text-align: center; }
.top { font: 9.5pt 'Noto Sans CJK SC'; text-align: center; margin: 2pt 0 4pt 0; }
.body { column-gap: 13pt; text-align: justify; margin-top: 4pt; }
.body p { text-indent: 2em; }
.body p.cont { text-indent: 0; }
.lead { font-family: 'Noto Sans CJK SC'; font-weight: bold; }
.sig { text-align: right; }
.body h4 { font: bold 10pt/1.5 'Noto Sans CJK SC'; margin: 5pt 0 2pt 0; text-align: center; break-after: avoid; }
figure { margin: 4pt 0 4pt 0; break-inside: avoid; }
figure.wide { column-span: all; margin: 6pt 0; }
.photo { background: #8f8f8f; width: 100%; }
figure img { width: 100%; }
.cap { font: 8pt/1.35 'Noto Sans CJK SC'; margin-top: 2pt; text-indent: 0; text-align: left; }
.jump { text-align: right; font: bold 8.5pt 'Noto Sans CJK SC'; text-indent: 0 !important; }
.jumpin { font: bold 8.5pt 'Noto Sans CJK SC'; text-indent: 0 !important; }
.mast { display: flex; align-items: flex-end; border-bottom: 2.5pt solid #c00; padding-bottom: 5pt; }
.mast .name { font: bold 60pt/1.05 'Noto Serif CJK SC'; color: #c00; letter-spacing: 5pt; }
.mast .en { font: 11pt 'Noto Serif CJK SC'; letter-spacing: 5pt; color: #c00; }
.mast .lines { margin-left: 22pt; font: 9pt/1.6 'Noto Sans CJK SC'; }
.mast .ed { font: bold 12pt 'Noto Sans CJK SC'; }
.ix { border: 1pt solid #000; padding: 4pt 6pt; font: 9pt/1.55 'Noto Sans CJK SC'; }
.ix .ih { font: bold 14pt 'Noto Sans CJK SC'; color: #c00; text-align: center; letter-spacing: 8pt; }
.wx { border: 1pt solid #06c; padding: 4pt 6pt; margin-top: 8pt; text-align: center; font: 9pt/1.5 'Noto Sans CJK SC'; }
.wx div:first-child { font-weight: bold; color: #06c; }
.promo { border: 2pt solid #c00; padding: 6pt; margin-top: 8pt; text-align: center; font: bold 10pt/1.45 'Noto Sans CJK SC';
  color: #c00; }
.promo div + div { font: 9pt 'Noto Sans CJK SC'; color: #000; margin-top: 3pt; }
.logo { display: inline-block; background: #c00; color: #fff; font: bold 13pt 'Noto Sans CJK SC'; padding: 2pt 8pt;
  letter-spacing: 4pt; margin-bottom: 4pt; }
.comment .title.small { font: bold 13pt/1.35 'Noto Sans CJK SC'; text-align: left; }
.comment .body { font-family: 'Noto Sans CJK SC'; }
.briefs { border: 1pt solid #000; padding: 5pt 7pt; }
.briefs .bh { font: bold 14pt 'Noto Sans CJK SC'; text-align: center; letter-spacing: 10pt; margin-bottom: 4pt; }
.briefs p { text-indent: 2em; text-align: justify; margin-bottom: 4pt; }
"""


def _figure(p: dict, wide: bool = False) -> str:
    if p.get("img"):
        data = base64.b64encode(lb._png(180, int(180 * p["h"] / 240))).decode()
        pic = f'<img src="data:image/png;base64,{data}" style="height:{p["h"]}pt">'
    else:
        pic = f'<div class="photo" style="height:{p["h"]}pt"></div>'
    return f'<figure{" class=wide" if wide else ""}>{pic}<p class="cap">{_e(p["caption"])}</p></figure>'


def _head(a: dict, small: bool) -> str:
    h = f'<p class="kicker">{_e(a["kicker"])}</p>' if a.get("kicker") else ""
    h += "".join(f'<div class="title{" small" if small else ""}">{_e(t)}</div>' for t in a["title"])
    if a.get("subtitle"):
        h += f'<p class="sub">{"——" if len(a["title"]) == 1 else ""}{_e(a["subtitle"])}</p>'
    if a.get("top"):
        h += f'<p class="top">{_e(a["top"])}</p>'
    return h


def _body(a: dict, paras: list[str], cols: int, *, cont: bool = False, jump_out: str | None = None) -> str:
    """Paragraphs in CSS columns: 2-em indents, subheads, photos after their paragraph (across all the
    columns when wide), the signature inline （…） or on its own line, the jump line."""
    photos = {} if cont else {p["after"]: p for p in a.get("photos", [])}
    out = [f'<div class="body" style="columns:{cols}">']
    if cont:
        out.append(f'<p class="jumpin">{_e(a["jump"]["in"])}</p>')
    sig = a.get("sig")
    last = len(paras) - 1
    for k, text in enumerate(paras):
        if text.startswith("#"):
            out.append(f"<h4>{_e(text[1:])}</h4>")
            continue
        cls = ' class="cont"' if cont and k == 0 else ""
        lead = f'<span class="lead">{_e(a["lead"])}</span>' if k == 0 and a.get("lead") and not cont else ""
        tail = _e(sig) if sig and sig.startswith("（") and k == last and not jump_out else ""
        out.append(f"<p{cls}>{lead}{_e(text)}{tail}</p>")
        if k in photos:
            out.append(_figure(photos[k], wide=photos[k].get("img", False)))
    if sig and not sig.startswith("（") and not jump_out:
        out.append(f'<p class="sig">{_e(sig)}</p>')
    if jump_out:
        out.append(f'<p class="jump">{_e(jump_out)}</p>')
    out.append("</div>")
    return "".join(out)


def _boxes(page: dict) -> str:
    ix = "".join(f"<div>{_e(x)}</div>" for x in page["index"])
    wx = "".join(f"<div>{_e(x)}</div>" for x in page["weather"])
    promo = "".join(f"<div>{_e(x)}</div>" for x in page["promo"])
    return (f'<div class="ix"><div class="ih">{_e(page["index_head"])}</div>{ix}</div>'
            f'<div class="wx">{wx}</div><div class="promo">{promo}</div>')


def _briefs() -> str:
    items = "".join(f"<p>{_e(it['paras'][0])}{_e(it['sig'])}</p>" for it in src.BRIEFS3)
    return f'<div class="story briefs"><div class="bh">简讯</div>{items}</div>'


def _story(page: dict, s: object, span: int) -> str:
    if s == "BOXES":
        return _boxes(page)
    if s == "BRIEFS":
        return _briefs()
    assert isinstance(s, dict)
    if "cont" in s:
        a = s["cont"]
        head = f'<div class="title small">{_e(a["jump"]["head"])}</div>'
        return f'<div class="story">{head}{_body(a, jump_parts(a)[1], span, cont=True)}</div>'
    comment = span == 1 and s.get("form") == "circle"
    logo = f'<div class="logo">{_e(page["column_logo"])}</div>' if comment else ""
    top = "".join(_figure(p) for p in s.get("photos", []) if p["after"] == -1)
    paras = jump_parts(s)[0] if s.get("jump") else s["paras"]
    body = _body(s, paras, span, jump_out=s["jump"]["out"] if s.get("jump") else None)
    return f'<div class="story{" comment" if comment else ""}">{logo}{_head(s, span <= 2)}{top}{body}</div>'


def page_html(page: dict, height: float) -> str:
    cols = page["cols"]
    rows = []
    for row in page["rows"]:
        mods = "".join(f'<div class="mod" style="width:{100 * span / cols:.4f}%">'
                       + "".join(_story(page, s, span) for s in items) + "</div>" for span, items in row)
        rows.append(f'<div class="row">{mods}</div>')
    margin = {"TL": None, "TR": None, "BC": None, "BR": None}
    mast = ""
    if page["kind"] == "front":
        name, en, reg, date, issue = page["mast"]
        mast = (f'<div class="mast"><div><div class="name">{_e(name)}</div><div class="en">{_e(en)}</div></div>'
                f'<div class="lines"><div>{_e(reg)}</div><div>{_e(date)}</div><div>{_e(issue)}</div>'
                f'<div class="ed">{_e(page["edition"])} {_e(page["section"])}</div></div></div>')
        margin.update(BC=page["footer"], BR=page["edition"][1:3])
    else:
        margin.update(zip(("TL", "TR", "BC", "BR"), head_lines(page), strict=True))
    style = CSS.replace("HEIGHT", f"{height:.1f}")
    for k, v in margin.items():
        style = style.replace(f"content: {k};", f"content: {lb._q(v)};")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{src.PAPER}</title>'
            f"<style>{style}</style></head><body>{mast}{''.join(rows)}</body></html>")


def weasy_pdf(page: dict) -> bytes:
    """Measured on a tall sheet, then set on a sheet cut to the content (the last row runs to the margin)."""
    from weasyprint import HTML

    doc = HTML(string=page_html(page, 3000)).render()
    assert len(doc.pages) == 1, page["stem"]
    root = doc.pages[0]._page_box.children[0]
    height = TOP + BOTTOM + root.margin_height() * 0.75 + 2
    while True:         # CSS columns balance differently on the cut sheet: grow it until one page holds all
        doc = HTML(string=page_html(page, height)).render()
        if len(doc.pages) == 1:
            return doc.write_pdf()
        height += 6


# ---- reportlab, line by line ------------------------------------------------------------------------------

RW, RMX, GAP = 842.0, 36.0, 12.0
SIZE, LEAD = 9.5, 14.6
RFONTS = {"serif": ("NotoSerifCJK-Regular.ttc", "TXSerif"), "sans": ("NotoSansCJK-Regular.ttc", "TXSans"),
          "sansb": ("NotoSansCJK-Bold.ttc", "TXSansBold")}


def _rl_fonts(page: dict) -> dict[str, str]:
    import rl_pages
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    text = json.dumps(page, ensure_ascii=False) + "0123456789（）—□" + src.DATE
    out = {}
    for kind, (file, name) in RFONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            ttf = lb2._renamed(rl_pages._ttf(rl_pages.NOTO / file, text), name)
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(ttf)))
        out[kind] = name
    return out


class Lines:
    """Draw operations top-down; each text line becomes its own text object at its own position."""

    def __init__(self) -> None:
        self.ops: list[tuple] = []

    def text(self, x: float, y: float, s: str, font: str, size: float, space: float = 0.0) -> None:
        self.ops.append(("text", x, y, s, font, size, space))

    def line(self, x1: float, y1: float, x2: float, y2: float, lw: float = 0.5) -> None:
        self.ops.append(("line", x1, y1, x2, y2, lw))

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        self.ops.append(("rect", x, y, w, h))


def _col_w(span: int, cols: int) -> float:
    colw = (RW - 2 * RMX - (cols - 1) * GAP) / cols
    return span * colw + (span - 1) * GAP


def _article_items(a: dict, colw: float, f: dict) -> list[tuple]:
    """An article's body as items: ('line', text, justify, font) for each wrapped line, ('gap',) between a
    subhead and the text, ('sig', text) for a signature on its own line, ('photo', h, caption lines)."""
    import rl_pages

    items: list[tuple] = []
    photos = {p["after"]: p for p in a.get("photos", []) if p["after"] >= 0}
    last = len(a["paras"]) - 1
    for k, para in enumerate(a["paras"]):
        text = (a.get("lead", "") if k == 0 else "") + para
        if a.get("sig", "").startswith("（") and k == last:
            text += a["sig"]
        ls = rl_pages.wrap(text, colw, f["serif"], SIZE, 2 * SIZE)
        for n, ln in enumerate(ls):
            items.append(("line", ln, n < len(ls) - 1, 2 * SIZE if n == 0 else 0.0))
        if k in photos:
            p = photos[k]
            items.append(("photo", p["h"], rl_pages.wrap(p["caption"], colw, f["sans"], 8, 0)))
    if a.get("sig") and not a["sig"].startswith("（"):
        items.append(("sig", a["sig"]))
    return items


def _draw_line(out: Lines, x: float, y: float, ln: str, colw: float, justify: bool, indent: float, font: str) -> None:
    """One line, justified by character spacing like a layout program does; figures and Latin in Times."""
    import rl_pages

    w = rl_pages.width(ln, font, SIZE)
    space = (colw - indent - w) / max(1, len(ln) - 1) if justify else 0.0
    space = max(0.0, min(space, 3.0))
    out.text(x + indent, y, ln, font, SIZE, space)


def _module(out: Lines, a: dict, x: float, y: float, span: int, cols: int, f: dict) -> float:
    """An article in its module (span columns from x, top y): top photo, headline, subtitle, body lines
    balanced over the columns. Returns the module's bottom."""
    import rl_pages

    w = _col_w(span, cols)
    colw = _col_w(1, cols)
    for p in (p for p in a.get("photos", []) if p["after"] == -1):
        out.rect(x, y, w, p["h"])
        y += p["h"] + 11
        for cl in rl_pages.wrap(p["caption"], w, f["sans"], 8, 0):
            out.text(x, y, cl, f["sans"], 8)
            y += 11.5
        y += 14
    tsize = 22 if span >= 3 else 17
    heads = [(a["kicker"], tsize - 5)] if a.get("kicker") else []
    for t, size in heads + [(t, tsize) for t in a["title"]]:        # a kicker over the title, in a smaller size
        y += size * 1.05
        out.text(x + (w - rl_pages.width(t, f["sansb"], size)) / 2, y, t, f["sansb"], size)
        y += size * 0.3
    if a.get("subtitle"):
        s = "——" + a["subtitle"]
        y += 15
        out.text(x + (w - rl_pages.width(s, f["serif"], 11.5)) / 2, y, s, f["serif"], 11.5)
    y += 10
    items = _article_items(a, colw, f)

    def height(it: tuple) -> float:
        if it[0] == "photo":
            return it[1] + 6 + len(it[2]) * 11.5 + 4
        return LEAD

    total = sum(height(it) for it in items)
    per = total / span
    cx, cy, col, bottom = x, y, 0, y
    for it in items:
        h = height(it)
        if cy - y + h > per + LEAD * 0.6 and col < span - 1:
            col += 1
            cx, cy = x + col * (colw + GAP), y
        if it[0] == "line":
            _draw_line(out, cx, cy + SIZE, it[1], colw, it[2], it[3], f["serif"])
        elif it[0] == "sig":
            out.text(cx + colw - rl_pages.width(it[1], f["serif"], SIZE), cy + SIZE, it[1], f["serif"], SIZE)
        else:
            out.rect(cx, cy + 2, colw, it[1])
            yy = cy + it[1] + 2 + 11
            for cl in it[2]:
                out.text(cx, yy, cl, f["sans"], 8)
                yy += 11.5
        cy += h
        bottom = max(bottom, cy)
    for c in range(1, span):
        xx = x + c * (colw + GAP) - GAP / 2
        out.line(xx, y, xx, bottom, 0.3)
    return bottom


def rl_pdf(page: dict) -> bytes:
    import rl_pages
    from reportlab.pdfgen import canvas

    f = _rl_fonts(page)
    out = Lines()
    left, date, editors, number = head_lines(page)
    out.text(RMX, 40, left, f["sansb"], 11)
    out.text(RW - RMX - rl_pages.width(date, f["sans"], 9), 40, date, f["sans"], 9)
    out.line(RMX, 47, RW - RMX, 47, 1.2)
    y = 58.0
    cols = page["cols"]
    for r, row in enumerate(page["rows"]):
        if r:
            out.line(RMX, y, RW - RMX, y, 0.8)
            y += 8
        x, bottom = RMX, y
        for k, (span, items) in enumerate(row):
            if k:
                out.line(x - GAP / 2, y, x - GAP / 2, y + 10, 0)
            yy = y
            for a in items:
                yy = _module(out, a, x, yy, span, cols, f) + 10
            bottom = max(bottom, yy)
            x += _col_w(span, cols) + GAP
        y = bottom + 4
    y += 10
    out.line(RMX, y, RW - RMX, y, 0.8)
    y += 16
    out.text((RW - rl_pages.width(editors, f["sans"], 8)) / 2, y, editors, f["sans"], 8)
    out.text(RW - RMX - rl_pages.width(number, f["sansb"], 11), y, number, f["sansb"], 11)
    height = y + 30

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(RW, height), invariant=1)
    c.setTitle(src.PAPER)
    for op in out.ops:
        if op[0] == "text":
            _k, x, yy, s, font, size, space = op
            cx = x
            for piece, lat in rl_pages.runs(s):
                t = c.beginText(cx, height - yy)
                t.setFont(rl_pages.LATIN if lat else font, size)
                t.setCharSpace(space)
                t.textOut(piece)
                c.drawText(t)
                cx += rl_pages.width(piece, font, size) + space * len(piece)
        elif op[0] == "line":
            _k, x1, y1, x2, y2, lw = op
            if lw:
                c.setLineWidth(lw)
                c.line(x1, height - y1, x2, height - y2)
        else:
            _k, x, yy, w, h = op
            c.setFillGray(0.6)
            c.rect(x, height - yy - h, w, h, stroke=0, fill=1)
            c.setFillGray(0)
    c.showPage()
    c.save()
    return buf.getvalue()


# ---- the text-only page in the seeds' style -------------------------------------------------------------

def _cut_para(text: str, blank_inside: bool = False) -> str:
    lines = lb2._cut(lb2._spaced_digits(text))
    if blank_inside and len(lines) > 3:          # a column break inside the paragraph
        lines[2:2] = [""]
    return "\n".join(lines)


def seed_text(page: dict) -> str:
    """The first article: letter-spaced headline at its top, subtitle doubled run by run, ○ byline, subheads on
    lines of their own; the second: 本报讯（…） on its own line, headline after the article, doubled by fake bold; the third: a
    caption between paragraphs, its signature at the end, kicker and headline after it; a slogan at the end."""
    a1, a2, a3 = page["articles"]
    blocks = [" ".join(a1["title"][0]), "—— " + lb2.doubled(a1["subtitle"]), a1["top"]]
    for k, para in enumerate(a1["paras"]):
        blocks.append(para[1:] if para.startswith("#") else _cut_para(para, blank_inside=k == 2))
    blocks.append(a2["lead"])
    for k, para in enumerate(a2["paras"]):
        blocks.append(_cut_para(para, blank_inside=k == 2))
    blocks.append(lb2.doubled(a2["title"][0]))
    cap = {p["after"]: p["caption"] for p in a3["photos"]}
    last = len(a3["paras"]) - 1
    for k, para in enumerate(a3["paras"]):
        blocks.append(_cut_para(para + (a3["sig"] if k == last else "")))
        if k in cap:
            blocks.append(cap[k])
    blocks.append(f"{a3['kicker']}\n{a3['title'][0]}")
    blocks.append(page["banner"])
    return "\n\n" + "\n\n".join(blocks) + "\n"


# ---- driver ---------------------------------------------------------------------------------------------


def main(out: Path = HERE) -> None:
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    (out / "seedtext").mkdir(parents=True, exist_ok=True)
    for page in src.PAGES:
        if page["setter"] == "text":
            (out / "seedtext" / f"{page['stem']}.txt").write_text(seed_text(page), encoding="utf-8")
            continue
        pdf = out / "pdf" / f"{page['stem']}.pdf"
        pdf.write_bytes(weasy_pdf(page) if page["setter"] == "weasy" else rl_pdf(page))
        lb.extract(pdf, out, page["stem"])
    (out / "gold.json").write_text(json.dumps(gold(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
