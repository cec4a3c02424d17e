"""Set the held-back layout pages (pages_hechuan.py), extract their text, and write the gold from the same source data.

    python3 tests/pages_layout2/build.py [OUT_DIR]      # default: this folder

Writes OUT/pdf/<stem>.pdf, OUT/text|raw|pdfminer/<stem>.txt (as tests/pages_layout) for the PDF pages,
OUT/seedtext/<stem>.txt for the text-only page, and OUT/gold.json.

The first batch's helpers are imported, not copied: its HTML pieces (_head, _figure, _e, _png), its text
extraction (pdftotext default / -raw, pdfminer in a fresh interpreter) and its reportlab font conversion and line
wrapping (rl_pages). The CSS, the page make-ups and the bulletin setter are this batch's own.
"""
from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYOUT = HERE.parent / "pages_layout"
for p in (HERE, LAYOUT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import pages_hechuan as src  # noqa: E402


def _load(name: str, path: Path):  # noqa: ANN202 - a module
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


lb = _load("pages_layout_build", LAYOUT / "build.py")   # the first batch's build helpers
_e, _figure, _head = lb._e, lb._figure, lb._head

TOP, BOTTOM = 56.0, 52.0

# ---- gold -----------------------------------------------------------------------------------------------


def gold_id(stem: str, art_id: str) -> str:
    return f"{stem}-{art_id.split('-')[1]}"


def _stories(page: dict) -> list[dict]:
    kind = page["kind"]
    if kind == "county":
        return [*page["main"], *page["briefs"]["items"]]
    if kind == "feature":
        return [dict(page["feature"], paras=[page["feature"]["intro"], *page["feature"]["paras"]]),
                page["sidebar"]]
    if kind in ("gov", "seedtext"):
        return page["articles"]
    return [s for row in page["rows"] for _span, stories in row for s in stories]


def _cont_page(article: dict) -> dict:
    return next(p for p in src.PAGES if "rows" in p and any(s.get("cont") is article for s in _stories(p)))


def _jump_parts(a: dict) -> tuple[list[str], list[str]]:
    j = a["jump"]
    first = a["paras"][:j["paras"]] + [a["paras"][j["paras"]][:j["split"]]]
    rest = [a["paras"][j["paras"]][j["split"]:]] + a["paras"][j["paras"] + 1:]
    return first, rest


def page_furniture(page: dict) -> list[str]:
    """Every printed line that belongs to no article, as printed (stripped)."""
    kind = page["kind"]
    if kind == "gov":
        return [*page["head"], *page["issuer"], *page["distrib"], *page["printed"]]
    if kind == "seedtext":
        return [page["banner"]]
    if kind == "front":
        f = [*page["mast"], f"{page['edition']} {page['section']}", page["index_head"], *page["index"],
             *page["weather"], page["footer"]]
    else:
        f = head_lines(page)
    if kind == "county":
        f.append(page["briefs"]["head"])
    if kind == "feature":
        f += [q["text"] for q in page["feature"]["quotes"]]
    for s in _stories(page):
        if "cont" in s:
            f.append(s["cont"]["jump"]["in"])
        elif s.get("jump"):
            f.append(s["jump"]["out"])
    return f


def page_gold(page: dict) -> dict:
    stem = page["stem"]
    arts, conts = [], []
    for s in _stories(page):
        if "cont" in s:
            a = s["cont"]
            _first, rest = _jump_parts(a)
            conts.append({"of": gold_id(src.P01["stem"], a["id"]), "head": a["jump"]["head"],
                          "mark": a["jump"]["in"], "body": "\n".join(rest)})
            continue
        g = lb._article_gold(stem, s)
        g["id"] = gold_id(stem, s["id"])
        if s.get("mark"):
            g["note"] = f"brief: bold one-line title printed after {s['mark']}"
        if s.get("jump"):
            first, _rest = _jump_parts(s)
            g["continued_on"] = _cont_page(s)["stem"]
            g["body_on_this_page"] = "\n".join(first)
            g["note"] = (f"jumps: ends here with {s['jump']['out']}; the rest is on {g['continued_on']} after "
                         f"{s['jump']['in']}. body is the whole article, the split paragraph rejoined.")
        arts.append(g)
    texts = f"{stem}.txt"
    out = {"source": texts if page["setter"] == "text" else f"{stem}.pdf", "texts": texts, "setter": page["setter"],
           "columns": page.get("cols", 1), "publisher": src.GOV if page["kind"] == "gov" else src.PAPER,
           "date": src.ISO, "encoding": None, "about": page["about"], "furniture": page_furniture(page),
           "articles": arts}
    if conts:
        out["continuations"] = conts
    return out


ABOUT = (
    "Second, held-back batch of newspaper-style pages for issue 11 (never shown to the parser's authors): an "
    "invented county paper (鹤川报, 2025-09-18) and its county government office's bulletin (鹤川政务信息), set by "
    "tests/pages_layout2/build.py from pages_hechuan.py (WeasyPrint with CSS columns, reportlab with explicit positions) "
    "plus one text-only page in the seeds' style (seedtext/, no PDF). Schema and conventions of "
    "tests/pages_layout/gold.json: articles in reading order; title = printed headline lines joined with one "
    "space (a brief's ■ not part of it); kicker, subtitle (without ——), byline = names as printed (a feature's "
    "signature 文/某某 图/某某 kept whole; a bulletin item's submitting unit （县…局） is its tail byline); "
    "byline_form benbao / circle / tail / null; body = paragraphs joined by '\\n' (a feature's standfirst is its "
    "first paragraph; numbered points 一、… of a bulletin item are body paragraphs); subheads = in-article bold "
    "section heads; captions as printed. furniture = printed lines of no article (masthead, running heads, page "
    "numbers, editors, 导读 index, weather box, box heads, pull quotes (they repeat body sentences), jump lines, "
    "the bulletin's head, issuing office and date, 报：/送：/发： lines and printing line, a slogan). Jump: p01-a1 "
    "ends on p01 with （下转第3版） and is ONE article of p01 whose body is the whole text (continued_on, "
    "body_on_this_page); p03 lists the rest under continuations, as in the first batch.")


def gold() -> dict:
    return {"about": ABOUT, "pages": [page_gold(p) for p in src.PAGES]}


# ---- WeasyPrint -----------------------------------------------------------------------------------------

CSS = """
@page { size: 760pt HEIGHTpt; margin: 56pt 34pt 52pt 34pt;
  @top-left { content: TL; font: 9pt 'Noto Sans CJK SC'; }
  @top-center { content: TC; font: bold 11pt 'Noto Serif CJK SC'; }
  @top-right { content: TR; font: 9pt 'Noto Sans CJK SC'; }
  @bottom-center { content: BC; font: 7.5pt 'Noto Sans CJK SC'; } }
html { font-family: 'Noto Serif CJK SC'; font-size: 9pt; line-height: 1.55; }
body { margin: 0; }
p { margin: 0; }
.row { display: flex; padding: 5pt 0 6pt 0; border-bottom: 1.5pt double #000; }
.row:last-child { border-bottom: none; }
.mod { padding: 0 6pt; box-sizing: border-box; }
.mod + .mod { border-left: 0.4pt solid #000; }
.story + .story { margin-top: 8pt; }
.kicker { font: 11pt 'Noto Sans CJK SC'; margin: 0 0 2pt 0; color: #333; }
.title { font: bold 30pt/1.2 'Noto Serif CJK SC'; margin: 0 0 3pt 0; text-align: center; letter-spacing: 1pt; }
.title.small { font: bold 17pt/1.25 'Noto Sans CJK SC'; letter-spacing: 0; }
.sub { font: 12pt 'Noto Sans CJK SC'; margin: 0 0 5pt 0; text-align: center; }
.body { column-gap: 12pt; text-align: justify; }
.body p { text-indent: 2em; }
.body p.cont { text-indent: 0; }
.lead { font-family: 'Noto Sans CJK SC'; }
.sig { text-align: right; }
figure { margin: 3pt 0 4pt 0; break-inside: avoid; }
.photo { background: #8c8c8c; width: 100%; }
figure img { width: 100%; }
.cap { font: 7.5pt/1.35 'Noto Sans CJK SC'; margin-top: 2pt; text-indent: 0; text-align: left; }
.jump { text-align: right; font: bold 8.5pt 'Noto Sans CJK SC'; text-indent: 0 !important; }
.jumpin { font: bold 8.5pt 'Noto Sans CJK SC'; text-indent: 0 !important; }
.wide { column-span: all; margin: 6pt 0; }
.briefs { background: #eee; padding: 5pt 6pt; }
.briefs .bh { font: bold 14pt 'Noto Sans CJK SC'; text-align: center; border-bottom: 1pt solid #000;
  margin-bottom: 5pt; letter-spacing: 3pt; }
.briefs .bt { font: bold 10pt/1.4 'Noto Sans CJK SC'; margin-top: 6pt; }
.briefs p.bp { text-indent: 2em; text-align: justify; }
.mast { display: flex; border-bottom: 3pt solid #b00; padding-bottom: 5pt; align-items: flex-start; }
.mast .name { font: bold 58pt/1.05 'Noto Serif CJK SC'; color: #b00; letter-spacing: 6pt; }
.mast .en { font: 11pt 'Noto Serif CJK SC'; letter-spacing: 4pt; }
.mast .ln { font: 8.5pt 'Noto Sans CJK SC'; }
.wx { border: 1pt solid #06c; padding: 4pt 6pt; margin-left: 10pt; width: 86pt; text-align: center;
  font: 9pt/1.45 'Noto Sans CJK SC'; }
.wx div:first-child { font-weight: bold; color: #06c; }
.ix { border: 1pt solid #000; padding: 4pt 6pt; margin-left: 10pt; flex: 1; font: 9.5pt/1.6 'Noto Sans CJK SC'; }
.ix .ih { font: bold 13pt 'Noto Sans CJK SC'; color: #b00; letter-spacing: 6pt; }
.intro { font: 11pt/1.7 'Noto Sans CJK SC'; text-indent: 2em; text-align: justify; margin: 4pt 0 8pt 0;
  padding: 6pt 0; border-top: 0.6pt solid #000; border-bottom: 0.6pt solid #000; }
.body h4 { font: bold 10.5pt/1.5 'Noto Sans CJK SC'; margin: 6pt 0 3pt 0; break-after: avoid; }
.pq { font: bold 14pt/1.45 'Noto Serif CJK SC'; color: #7a1f1f; border-top: 2pt solid #7a1f1f;
  border-bottom: 2pt solid #7a1f1f; padding: 5pt 2pt; margin: 6pt 0; text-indent: 0 !important; break-inside: avoid; }
.sbox { border: 1pt solid #000; padding: 5pt 8pt; margin-top: 10pt; }
.sbox .st { font: bold 11pt 'Noto Sans CJK SC'; margin-bottom: 3pt; }
.sbox p { text-indent: 2em; text-align: justify; }
.ruled .story + .story { margin-top: 0; border-top: 0.5pt solid #000; padding-top: 3pt; }
.ruled .story { padding-bottom: 3pt; }
.ruled .rt { font: bold 11.5pt/1.5 'Noto Sans CJK SC'; margin: 0; }
.ruled .body h4 { font: bold 11.5pt/1.5 'Noto Sans CJK SC'; margin: 2pt 0 0 0; }
"""


def head_lines(page: dict) -> list[str]:
    """The running head (date, section, edition and editors) and the page number at the bottom."""
    return [src.DATE, page["section"], f"{page['edition']} {page['editors']}", page["edition"][1:3]]


def _body(a: dict, paras: list[str], cols: int, *, first_cont: bool = False, jump_in: str | None = None,
          jump_out: str | None = None, quotes: bool = False) -> str:
    """An article's body in CSS columns: 2-em indents, subheads (#) as bold heads, photos after their
    paragraph (after = index in a['paras']), pull quotes, the signature inline （…） or on its own line."""
    photos = {p["after"]: p for p in a.get("photos", [])} if not first_cont else {}
    pqs = {q["after"]: q for q in a.get("quotes", [])} if quotes else {}
    out = [f'<div class="body" style="columns:{cols}">']
    if jump_in:
        out.append(f'<p class="jumpin">{_e(jump_in)}</p>')
    sig = a.get("sig")
    last = len(paras) - 1
    for k, text in enumerate(paras):
        if text.startswith("#"):
            out.append(f"<h4>{_e(text[1:])}</h4>")
            continue
        cls = ' class="cont"' if first_cont and k == 0 else ""
        lead = f'<span class="lead">{_e(a["lead"])}</span>' if k == 0 and a.get("lead") and not first_cont else ""
        tail = _e(sig) if sig and sig.startswith("（") and k == last and not jump_out else ""
        out.append(f"<p{cls}>{lead}{_e(text)}{tail}</p>")
        if k in photos:
            out.append(_figure(photos[k]))
        if k in pqs:
            out.append(f'<p class="pq">{_e(pqs[k]["text"])}</p>')
    if sig and not sig.startswith("（") and not jump_out:
        out.append(f'<p class="sig">{_e(sig)}</p>')
    if jump_out:
        out.append(f'<p class="jump">{_e(jump_out)}</p>')
    out.append("</div>")
    return "".join(out)


def _story(s: dict, span: int, ruled: bool = False) -> str:
    if "cont" in s:
        a = s["cont"]
        _first, rest = _jump_parts(a)
        head = f'<div class="title small">{_e(a["jump"]["head"])}</div>'
        return f'<div class="story">{head}{_body(a, rest, span, first_cont=True, jump_in=a["jump"]["in"])}</div>'
    if ruled:
        h = "".join(f'<p class="rt">{_e(t)}</p>' for t in s["title"])
    else:
        h = _head(s, small=span <= 2)
    top = "".join(_figure(p) for p in s.get("photos", []) if p["after"] == -1)
    paras = _jump_parts(s)[0] if s.get("jump") else s["paras"]
    body = _body(s, paras, span, jump_out=s["jump"]["out"] if s.get("jump") else None)
    return f'<div class="story">{h}{top}{body}</div>'


def _rows(page: dict, ruled: bool = False) -> str:
    cols = page["cols"]
    rows = []
    for row in page["rows"]:
        mods = "".join(f'<div class="mod{" ruled" if ruled else ""}" style="width:{100 * span / cols:.4f}%">'
                       + "".join(_story(s, span, ruled) for s in stories) + "</div>" for span, stories in row)
        rows.append(f'<div class="row">{mods}</div>')
    return "".join(rows)


def _county(page: dict) -> str:
    """Two articles in three columns, the lower one's big photo over the three columns between them; a side
    column of briefs."""
    top, bottom = page["main"]
    photo = _figure(bottom["photos"][0])
    b = dict(bottom, photos=[])
    main = (f'<div class="story">{_head(top)}{_body(top, top["paras"], 3)}</div>'
            f'<div class="story"><div style="margin:8pt 0 6pt 0">{photo}</div>{_head(b)}{_body(b, b["paras"], 3)}</div>')
    br = page["briefs"]
    items = "".join(f'<p class="bt">{_e(it["mark"])} {_e(it["title"][0])}</p>'
                    f'<p class="bp">{_e(it["paras"][0])}{_e(it["sig"])}</p>' for it in br["items"])
    side = f'<div class="briefs"><div class="bh">{_e(br["head"])}</div>{items}</div>'
    return (f'<div class="row"><div class="mod" style="width:75%">{main}</div>'
            f'<div class="mod" style="width:25%">{side}</div></div>')


def _front(page: dict) -> str:
    name, en, l1, l2 = page["mast"]
    wx = "".join(f"<div>{_e(x)}</div>" for x in page["weather"])
    ix = "".join(f"<div>{_e(x)}</div>" for x in page["index"])
    mast = (f'<div class="mast"><div style="flex:none"><div class="name">{_e(name)}</div><div class="en">{_e(en)}'
            f'</div><div class="ln">{_e(l1)}</div><div class="ln">{_e(l2)}</div>'
            f'<div class="ln">{_e(page["edition"])} {_e(page["section"])}</div></div>'
            f'<div class="wx">{wx}</div><div class="ix"><div class="ih">{_e(page["index_head"])}</div>{ix}</div></div>')
    return mast + _rows(page)


def _feature(page: dict) -> str:
    a, sb = page["feature"], page["sidebar"]
    head = (f'<p class="kicker" style="text-align:center">{_e(a["kicker"])}</p>'
            f'<div class="title">{_e(a["title"][0])}</div><p class="sub">——{_e(a["subtitle"])}</p>')
    intro = f'<p class="intro">{_e(a["intro"])}</p>'
    side = (f'<div class="sbox"><div class="st">{_e(sb["title"][0])}</div>'
            + "".join(f"<p>{_e(p)}</p>" for p in sb["paras"]) + "</div>")
    return f'<div class="story">{head}{intro}{_body(a, a["paras"], 3, quotes=True)}</div>{side}'


def page_html(page: dict, height: float) -> str:
    margin = {"TL": None, "TC": None, "TR": None, "BC": None}
    if page["kind"] == "front":
        content = _front(page)
        margin["BC"] = page["footer"]
    else:
        d, sec, ed, num = head_lines(page)
        margin.update(TL=d, TC=sec, TR=ed, BC=num)
        content = {"county": _county, "feature": _feature,
                   "rules": lambda p: _rows(p, ruled=True)}.get(page["kind"], _rows)(page)
    style = CSS.replace("HEIGHT", f"{height:.1f}")
    for k, v in margin.items():
        style = style.replace(f"content: {k};", f"content: {lb._q(v)};")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{src.PAPER}</title>'
            f"<style>{style}</style></head><body>{content}</body></html>")


def weasy_pdf(page: dict) -> bytes:
    """Measured on a tall sheet, then set on a sheet cut to the content (the last row runs to the margin)."""
    from weasyprint import HTML

    doc = HTML(string=page_html(page, 3000)).render()
    assert len(doc.pages) == 1, page["stem"]
    root = doc.pages[0]._page_box.children[0]
    height = TOP + BOTTOM + root.margin_height() * 0.75 + 2
    return HTML(string=page_html(page, height)).write_pdf()


# ---- reportlab: the government bulletin -----------------------------------------------------------------

GW, GMX = 595.0, 78.0
RED = (0.78, 0.05, 0.05)
GFONTS = {"serif": ("NotoSerifCJK-Regular.ttc", "HCSerif"), "sansb": ("NotoSansCJK-Bold.ttc", "HCSansBold"),
          "serifb": ("NotoSerifCJK-Bold.ttc", "HCSerifBold")}
NUMBERED = re.compile(r"^[一二三四五六七八九十]+、[^。]*。")


def _renamed(ttf: bytes, name: str) -> bytes:
    """The font under its own family and PostScript name: reportlab files faces by that name, so two subsets of
    one Noto face registered in a process (the first batch's and this one's) would otherwise share glyph codes
    and a page would print the wrong characters."""
    from fontTools.ttLib import TTFont

    f = TTFont(io.BytesIO(ttf))
    for rec in f["name"].names:
        if rec.nameID in (1, 3, 4, 6, 16):
            rec.string = name
    buf = io.BytesIO()
    f.save(buf)
    return buf.getvalue()


def _gov_fonts(page: dict) -> dict[str, str]:
    import rl_pages
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    text = json.dumps(page, ensure_ascii=False) + "0123456789（）"
    out = {}
    for kind, (file, name) in GFONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(_renamed(rl_pages._ttf(rl_pages.NOTO / file, text), name))))
        out[kind] = name
    return out


def gov_pdf(page: dict) -> bytes:
    """One column, explicit positions: red head, items (bold centred title, 2-em indented paragraphs, a
    numbered point's first sentence in bold), the submitting unit right-aligned, the issuer and date, the
    distribution lines between rules at the foot."""
    import rl_pages
    from reportlab.pdfgen import canvas

    f = _gov_fonts(page)
    ops: list[tuple] = []          # (kind, ...) top-down
    y = 70.0
    avail = GW - 2 * GMX

    def text(x: float, yy: float, s: str, font: str, size: float, color: tuple = (0, 0, 0), space: float = 0) -> None:
        ops.append(("text", x, yy, s, font, size, color, space))

    def right(yy: float, s: str, font: str, size: float) -> None:
        text(GW - GMX - rl_pages.width(s, font, size), yy, s, font, size)

    name, issue, editor, date = page["head"]
    size = 40
    w = rl_pages.width(name, f["serifb"], size) + 8 * (len(name) - 1)
    y += 40
    text((GW - w) / 2, y, name, f["serifb"], size, RED, 8)
    y += 30
    text((GW - rl_pages.width(issue, f["serif"], 14)) / 2, y, issue, f["serif"], 14)
    y += 26
    text(GMX, y, editor, f["serif"], 12)
    right(y, date, f["serif"], 12)
    y += 8
    ops.append(("rule", GMX - 10, y, GW - GMX + 10, 2.0, RED))
    y += 30
    body, lead = 13.0, 23.0
    for a in page["articles"]:
        for tl in rl_pages.wrap(a["title"][0], avail - 40, f["sansb"], 17, 0):
            text((GW - rl_pages.width(tl, f["sansb"], 17)) / 2, y, tl, f["sansb"], 17)
            y += 27
        y += 4
        for para in a["paras"]:
            m = NUMBERED.match(para)
            nb = len(m.group()) if m else 0
            pos = 0
            for k, ln in enumerate(rl_pages.wrap(para, avail, f["serif"], body, 2 * body)):
                x = GMX + (2 * body if k == 0 else 0)
                bold, rest = ln[:max(0, nb - pos)], ln[max(0, nb - pos):]
                if bold:
                    text(x, y, bold, f["sansb"], body)
                    x += rl_pages.width(bold, f["sansb"], body)
                if rest:
                    text(x, y, rest, f["serif"], body)
                pos += len(ln)
                y += lead
        right(y, a["sig"], f["serif"], body)
        y += lead + 14
    y += 10
    for s in page["issuer"]:
        right(y, s, f["serif"], body)
        y += lead
    y += 60
    ops.append(("rule", GMX - 10, y, GW - GMX + 10, 0.8, (0, 0, 0)))
    y += 20
    for s in page["distrib"]:
        for k, ln in enumerate(rl_pages.wrap(s, avail, f["serif"], 11.5, 0)):
            text(GMX + (3 * 11.5 if k else 0), y, ln, f["serif"], 11.5)
            y += 19
    y -= 11
    ops.append(("rule", GMX - 10, y, GW - GMX + 10, 0.8, (0, 0, 0)))
    y += 19
    left, rt = page["printed"]
    text(GMX, y, left, f["serif"], 11.5)
    right(y, rt, f["serif"], 11.5)
    y += 8
    ops.append(("rule", GMX - 10, y, GW - GMX + 10, 0.8, (0, 0, 0)))
    height = max(842.0, y + 60)

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(GW, height), invariant=1)
    c.setTitle(src.GOV)
    for op in ops:
        if op[0] == "text":
            _k, x, yy, s, font, size, color, space = op
            c.setFillColorRGB(*color)
            cx = x
            for piece, lat in rl_pages.runs(s):
                fn = rl_pages.LATIN if lat else font
                t = c.beginText(cx, height - yy)
                t.setFont(fn, size)
                t.setCharSpace(space)
                t.textOut(piece)
                c.drawText(t)
                cx += rl_pages.width(piece, font, size) + space * len(piece)
        else:
            _k, x1, yy, x2, lw, color = op
            c.setStrokeColorRGB(*color)
            c.setLineWidth(lw)
            c.line(x1, height - yy, x2, height - yy)
    c.showPage()
    c.save()
    return buf.getvalue()


# ---- the text-only page in the seeds' style -------------------------------------------------------------

WRAP = 19                                  # characters per extracted line (a narrow column)
DIGITS = re.compile(r"[0-9][0-9.%]*")


def _spaced_digits(s: str) -> str:
    """Extraction puts a space on each side of a figure run written as a separate text run."""
    return DIGITS.sub(lambda m: f" {m.group()} ", s).replace("  ", " ").strip()


def _cut(s: str) -> list[str]:
    out, cur, n = [], "", 0
    for ch in s:
        cur += ch
        n += ch != " "
        if n >= WRAP:
            out.append(cur.strip())
            cur, n = "", 0
    if cur.strip():
        out.append(cur.strip())
    return out


def doubled(title: str) -> str:
    """A fake-bold headline as the seeds' extraction gives it: each run (Chinese, figures) printed twice."""
    return " ".join(r * 2 for r in re.findall(r"[0-9]+|[^0-9]+", title))


def seed_text(page: dict) -> str:
    """Bodies hard-wrapped mid-sentence, headlines after their article (doubled or letter-spaced where the
    page says), a caption line between paragraphs, a letter-spaced slogan at the end."""
    blocks = [""]
    for a in page["articles"]:
        if a.get("lead"):
            blocks.append(a["lead"])
        caps = {p["after"]: p["caption"] for p in a.get("photos", [])}
        last = len(a["paras"]) - 1
        for k, para in enumerate(a["paras"]):
            lines = _cut(_spaced_digits(para + (a.get("sig", "") if k == last else "")))
            if k == 1 and len(lines) > 3:           # a column break inside the paragraph
                lines[2:2] = [""]
            blocks.append("\n".join(lines))
            if k in caps:
                blocks.append(caps[k])
        title = a["title"][0]
        if a["id"] == page["doubled"]:
            title = doubled(title)
        elif a["id"] == page["spaced"]:
            title = " ".join(title)
        head = ([a["kicker"]] if a.get("kicker") else []) + [title]
        blocks.append("\n".join(head))
    blocks.append(page["banner"])
    return "\n\n".join(blocks) + "\n"


# ---- driver ---------------------------------------------------------------------------------------------


def main(out: Path = HERE) -> None:
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    (out / "seedtext").mkdir(parents=True, exist_ok=True)
    for page in src.PAGES:
        if page["setter"] == "text":
            (out / "seedtext" / f"{page['stem']}.txt").write_text(seed_text(page), encoding="utf-8")
            continue
        pdf = out / "pdf" / f"{page['stem']}.pdf"
        pdf.write_bytes(weasy_pdf(page) if page["setter"] == "weasy" else gov_pdf(page))
        lb.extract(pdf, out, page["stem"])
    (out / "gold.json").write_text(json.dumps(gold(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
