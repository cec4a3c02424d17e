"""Set the layout pages (pages.py) as PDFs with two typesetters, extract their text with three extractors, and
write the gold from the same source data.

    python3 tests/pages_layout/build.py [OUT_DIR]      # default: this folder

Writes OUT/pdf/<stem>.pdf, OUT/text/<stem>.txt (pdftotext default), OUT/raw/<stem>.txt (pdftotext -raw),
OUT/pdfminer/<stem>.txt (pdfminer.high_level.extract_text) and OUT/gold.json.

WeasyPrint pages: an HTML page of rectangular modules (rows of modules side by side, as a paper is made up), each
article's body flowed by CSS columns inside its module, so a paragraph runs from the bottom of one column to the
top of the next; headlines over the module's full width. reportlab pages (setter "rl"): explicit positioning, as
tests/pages_pdftext/build.py does, with STSong-Light (CID) for the text.
"""
from __future__ import annotations

import base64
import html
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import pages as src  # noqa: E402

TOP, BOTTOM = 56.0, 52.0                    # page margins (pt), as in CSS
MODES = {"text": [], "raw": ["-raw"]}      # pdftotext options per text folder; pdfminer is the third


# ---- gold -----------------------------------------------------------------------------------------------

def gold_id(stem: str, art_id: str) -> str:
    return f"{stem}-{art_id.split('-')[1]}"


def _stories(page: dict) -> list[dict]:
    """The page's stories in reading order: row by row, module by module, top to bottom."""
    out = []
    for row in page["rows"]:
        for _span, stories in row:
            out.extend(stories)
    return out


def _article_gold(stem: str, a: dict, title: str | None = None) -> dict:
    g = {"id": gold_id(stem, a["id"]), "title": " ".join(a["title"]) if title is None else title,
         "subtitle": a.get("subtitle"), "kicker": a.get("kicker"), "byline": a.get("byline"),
         "byline_form": a.get("form"), "body": "\n".join(p for p in a["paras"] if not p.startswith("#")),
         "subheads": [p[1:] for p in a["paras"] if p.startswith("#")],
         "captions": [p["caption"] for p in a.get("photos", [])], "duplicate_of": None}
    return g


def page_furniture(page: dict) -> list[str]:
    """Every printed line that belongs to no article, as printed (stripped)."""
    f = list(page_head_lines(page))
    promo = page.get("promo")
    if promo:
        f += promo["lines"]
    for s in _stories(page):
        if s.get("box") == "promo" and s is not promo:
            f += s["lines"]
        elif s.get("box") == "briefs":
            f.append(s["head"])
        elif "cont" in s:
            f.append(s["cont"]["jump"]["in"])
        elif s.get("jump"):
            f.append(s["jump"]["out"])
    if page.get("footer"):
        f.append(page["footer"])
    return f


def page_gold(page: dict) -> dict:
    stem = page["stem"]
    arts, conts = [], []
    for s in _stories(page):
        if s.get("box") == "briefs":
            for it in s["items"]:
                arts.append({"id": gold_id(stem, it["id"]), "title": "", "subtitle": None, "kicker": None,
                             "byline": it["byline"], "byline_form": "tail", "body": "\n".join(it["paras"]),
                             "subheads": [], "captions": [], "duplicate_of": None,
                             "note": f"untitled brief in the {s['head']} box"})
        elif s.get("box") == "promo":
            continue
        elif "cont" in s:
            a = s["cont"]
            j = a["jump"]
            rest = [a["paras"][j["paras"]][j["split"]:]] + a["paras"][j["paras"] + 1:]
            conts.append({"of": gold_id(_page_of(a)["stem"], a["id"]), "head": j["head"], "mark": j["in"],
                          "body": "\n".join(rest)})
        else:
            g = _article_gold(stem, s)
            if s.get("jump"):
                j = s["jump"]
                other = _cont_page(s)
                g["continued_on"] = other["stem"]
                first = a_first = s["paras"][:j["paras"]] + [s["paras"][j["paras"]][:j["split"]]]
                g["body_on_this_page"] = "\n".join(a_first)
                g["note"] = (f"jumps: {len(''.join(first))} characters here, ending {j['out']}; the rest is on "
                             f"{other['stem']} after {j['in']}. body is the whole article, the split paragraph "
                             "rejoined without a break.")
            arts.append(g)
    out = {"source": f"{stem}.pdf", "texts": f"{stem}.txt", "setter": page["setter"], "columns": page["cols"],
           "publisher": src.PAPER, "date": "2025-06-12", "encoding": None, "about": page["about"],
           "furniture": page_furniture(page), "articles": arts}
    if conts:
        out["continuations"] = conts
    for key in ("bold", "digits"):          # how a reportlab page sets headlines and figures
        if page.get(key):
            out[key] = page[key]
    return out


def _page_of(article: dict) -> dict:
    return next(p for p in src.PAGES if article in _stories(p))


def _cont_page(article: dict) -> dict:
    return next(p for p in src.PAGES if any(s.get("cont") is article for s in _stories(p)))


ABOUT = (
    "Newspaper-style pages of an invented city daily (青岚日报, 2025-06-12), written for issue 11 apart from the "
    "parser, set by tests/pages_layout/build.py from pages.py (WeasyPrint with CSS columns, and reportlab with "
    "explicit positions). Schema and conventions of samples/gold.json and tests/pages_pdftext/gold.json: articles "
    "in reading order (row by row, module by module); title = the printed headline lines joined with one space; "
    "kicker = the line over the headline; subtitle without its leading ——; byline = the names only; byline_form "
    "'benbao' (本报讯（…） opening the first paragraph, not part of the body), 'circle' (□ 某某 under the title), "
    "'tail' (a closing （记者 …） / （某某 某某） / □ 某某 / lone name line, not part of the body), null; body = "
    "paragraphs joined by '\\n'; captions = photo captions with their credits, as printed; untitled briefs in a 简讯 "
    "box are articles with title ''. furniture = printed lines that belong to no article (masthead, date lines, "
    "edition, editors, footer, promo boxes, the 简讯 box head, jump lines). Jump: the article that ends on page 1 "
    "with （下转第二版） is ONE article of page 1 whose body is the whole text (continued_on names page 2; "
    "body_on_this_page is the page-1 part); page 2 lists the rest under continuations (of = that gold id, head = "
    "the title repeated over it, mark = （上接第一版）). A parser that ingests both pages together should join "
    "the page-2 part to the page-1 article (the split paragraph rejoined without a line break: page 1 stops "
    "mid-sentence) and report no separate article for it; parsed alone, page 1 gives the first part with a note. "
    "Pages set by reportlab say how: bold 'double' (headline drawn twice, 0.35 pt apart) or 'stroke' (outlined "
    "glyphs), digits 'later' (figures and Latin drawn after the article's Chinese text, so stream-order "
    "extractors give them apart). subheads = in-article section heads, in order.")


def gold() -> dict:
    return {"about": ABOUT, "pages": [page_gold(p) for p in src.PAGES]}


# ---- WeasyPrint -----------------------------------------------------------------------------------------

CSS = """
@page { size: 900pt HEIGHTpt; margin: 56pt 40pt 52pt 40pt;
  @top-left { content: var(--tl); font: 9pt 'Noto Sans CJK SC'; }
  @top-center { content: var(--tc); font: bold 12pt 'Noto Sans CJK SC'; }
  @top-right { content: var(--tr); font: 9pt 'Noto Sans CJK SC'; }
  @bottom-center { content: var(--bc); font: 7.5pt 'Noto Sans CJK SC'; }
  @bottom-right { content: var(--br); font: 9pt 'Noto Sans CJK SC'; } }
html { font-family: 'Noto Serif CJK SC'; font-size: 9.5pt; line-height: 1.5; }
body { margin: 0; }
.row { display: flex; border-bottom: 0.8pt solid #000; padding: 6pt 0 8pt 0; }
.row:last-child { border-bottom: none; }
.mod { padding: 0 7pt; box-sizing: border-box; }
.mod + .mod { border-left: 0.5pt solid #444; }
.story + .story { border-top: 0.5pt solid #444; margin-top: 6pt; padding-top: 6pt; }
.kicker { font: bold 12pt 'Noto Sans CJK SC'; margin: 2pt 0 2pt 0; }
.title { font: bold 26pt/1.25 'Noto Sans CJK SC'; margin: 0 0 3pt 0; text-align: center; }
.title.small { font-size: 19pt; }
.sub { font: bold 13pt 'Noto Serif CJK SC'; margin: 0 0 6pt 0; text-align: center; }
.top { font: 10pt 'Noto Sans CJK SC'; text-align: center; margin: 2pt 0 4pt 0; }
.body { column-gap: 14pt; column-rule: 0.3pt solid #999; text-align: justify; }
.body p { margin: 0; text-indent: 2em; }
.body p.cont { text-indent: 0; }
.lead { font-family: 'Noto Sans CJK SC'; font-weight: bold; }
.sig { text-align: right; text-indent: 0 !important; }
figure { margin: 4pt 0 5pt 0; break-inside: avoid; }
.photo { background: #9a9a9a; width: 100%; }
figure img { width: 100%; }
.cap { font: 8pt/1.35 'Noto Sans CJK SC'; margin-top: 2pt; text-indent: 0; text-align: left; }
.jump { text-align: right; font: 8.5pt 'Noto Sans CJK SC'; text-indent: 0 !important; }
.jumpin { font: 8.5pt 'Noto Sans CJK SC'; text-indent: 0 !important; }
.box { border: 1.2pt solid #000; padding: 5pt 7pt; }
.box .bh { font: bold 15pt 'Noto Sans CJK SC'; text-align: center; margin-bottom: 4pt; }
.box p { margin: 0 0 3pt 0; text-indent: 2em; text-align: justify; }
.promo { border: 2pt solid #a00; padding: 8pt; text-align: center; }
.promo div { font: bold 13pt/1.4 'Noto Sans CJK SC'; color: #a00; }
.promo div + div { font-size: 11pt; }
.mast { display: flex; border-bottom: 2pt solid #a00; padding-bottom: 6pt; }
.mast .name { font: bold 64pt/1.1 'Noto Serif CJK SC'; color: #a00; letter-spacing: 4pt; }
.mast .en { font: 12pt 'Noto Serif CJK SC'; letter-spacing: 3pt; }
.mast .ln { font: 9pt 'Noto Sans CJK SC'; }
"""


def page_head_lines(page: dict) -> list[str]:
    """The furniture printed at the top (and the page number at the bottom)."""
    if page.get("front"):
        return [src.PAPER, "QINGLAN DAILY", "中共青岚市委主管主办 国内统一连续出版物号 CN 52-0071 今日八版",
                f"{src.DATE} {src.LUNAR}", f"{page['edition']} {page['section']}"]
    if page["setter"] == "weasy":
        return [src.DATE, page["section"], f"{page['edition']} {page['editors']}", page["edition"][1:3]]
    return rl_head_lines(page)


def _png(w: int, h: int) -> bytes:
    """A small grey photo-like PNG (a diagonal gradient with a band), written without any image library."""
    rows = b"".join(b"\x00" + bytes(min(255, 60 + (x + 2 * y) % 150 + (40 if h // 3 < y < h // 2 else 0))
                                    for x in range(w)) for y in range(h))
    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _e(s: str) -> str:
    return html.escape(s, quote=False)


def _figure(p: dict) -> str:
    if p.get("img"):
        data = base64.b64encode(_png(160, int(160 * p["h"] / 200))).decode()
        pic = f'<img src="data:image/png;base64,{data}" style="height:{p["h"]}pt">'
    else:
        pic = f'<div class="photo" style="height:{p["h"]}pt"></div>'
    return f'<figure>{pic}<p class="cap">{_e(p["caption"])}</p></figure>'


def _head(a: dict, small: bool = False) -> str:
    h = ""
    if a.get("kicker"):
        h += f'<p class="kicker">{_e(a["kicker"])}</p>'
    h += "".join(f'<div class="title{" small" if small else ""}">{_e(t)}</div>' for t in a["title"])
    if a.get("subtitle"):
        dash = "——" if len(a["title"]) == 1 else ""
        h += f'<p class="sub">{dash}{_e(a["subtitle"])}</p>'
    if a.get("top"):
        h += f'<p class="top">{_e(a["top"])}</p>'
    return h


def _body(a: dict, paras: list[str], cols: int, first_cont: bool = False, jump_in: str | None = None,
          jump_out: str | None = None, offset: int = 0) -> str:
    photos = {p["after"]: p for p in a.get("photos", [])} if not first_cont else {}
    out = [f'<div class="body" style="columns:{cols}">']
    if jump_in:
        out.append(f'<p class="jumpin">{_e(jump_in)}</p>')
    sig = a.get("sig")
    for k, text in enumerate(paras):
        cls = ' class="cont"' if first_cont and k == 0 else ""
        lead = f'<span class="lead">{_e(a["lead"])}</span>' if k == 0 and a.get("lead") and not first_cont else ""
        tail = ""
        if sig and sig.startswith("（") and k == len(paras) - 1 and not jump_out:
            tail = _e(sig)
        out.append(f"<p{cls}>{lead}{_e(text)}{tail}</p>")
        if (k + offset) in photos:
            out.append(_figure(photos[k + offset]))
    if sig and not sig.startswith("（") and not jump_out:
        out.append(f'<p class="sig">{_e(sig)}</p>')
    if jump_out:
        out.append(f'<p class="jump">{_e(jump_out)}</p>')
    out.append("</div>")
    return "".join(out)


def _story(s: dict, span: int) -> str:
    if s.get("box") == "promo":
        return '<div class="story promo">' + "".join(f"<div>{_e(x)}</div>" for x in s["lines"]) + "</div>"
    if s.get("box") == "briefs":
        items = "".join(f"<p>{_e(it['paras'][0])}{_e(it['sig'])}</p>" for it in s["items"])
        return f'<div class="story box"><div class="bh">{_e(s["head"])}</div>{items}</div>'
    if "cont" in s:
        a = s["cont"]
        j = a["jump"]
        rest = [a["paras"][j["paras"]][j["split"]:]] + a["paras"][j["paras"] + 1:]
        head = f'<div class="title small">{_e(j["head"])}</div>'
        return (f'<div class="story">{head}'
                + _body(a, rest, s.get("cols", span), first_cont=True, jump_in=j["in"]) + "</div>")
    cols = s.get("cols", span)
    h = _head(s, small=span <= 2)
    top = "".join(_figure(p) for p in s.get("photos", []) if p["after"] == -1)
    if s.get("jump"):
        j = s["jump"]
        paras = s["paras"][:j["paras"]] + [s["paras"][j["paras"]][:j["split"]]]
        body = _body(s, paras, cols, jump_out=j["out"])
    else:
        body = _body(s, s["paras"], cols)
    return f'<div class="story">{h}{top}{body}</div>'


def page_html(page: dict, height: float) -> str:
    cols = page["cols"]
    if page.get("front"):
        l0, l1, l2, l3, l4 = page_head_lines(page)
        promo = page["promo"]
        head = (f'<div class="mast"><div style="flex:3"><div class="name">{_e(l0)}</div><div class="en">{_e(l1)}'
                f'</div><div class="ln">{_e(l2)}</div><div class="ln">{_e(l3)}</div><div class="ln">{_e(l4)}</div>'
                f'</div><div style="flex:2;padding-top:20pt">{_story(promo, 2)}</div></div>')
        margin = {"--bc": page["footer"]}
    else:
        d, sec, ed, num = page_head_lines(page)
        head = ""
        margin = {"--tl": d, "--tc": sec, "--tr": ed, "--br": num}
        if page.get("footer"):
            margin["--bc"] = page["footer"]
    rows = []
    for row in page["rows"]:
        mods = "".join(f'<div class="mod" style="width:{100 * span / cols:.4f}%">'
                       + "".join(_story(s, span) for s in stories) + "</div>" for span, stories in row)
        rows.append(f'<div class="row">{mods}</div>')
    # the margin boxes' texts are written into the CSS (WeasyPrint margin boxes do not read custom properties)
    style = CSS.replace("var(--tl)", _q(margin.get("--tl"))).replace("var(--tc)", _q(margin.get("--tc"))) \
        .replace("var(--tr)", _q(margin.get("--tr"))).replace("var(--bc)", _q(margin.get("--bc"))) \
        .replace("var(--br)", _q(margin.get("--br"))).replace("HEIGHT", f"{height:.1f}")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{src.PAPER}</title>'
            f"<style>{style}</style></head><body>{head}{''.join(rows)}</body></html>")


def _q(v: str | None) -> str:
    return "none" if v is None else '"' + v.replace('"', '\\"') + '"'


def weasy_pdf(page: dict) -> bytes:
    """Set the page twice: once on a tall sheet to measure its content, then on a sheet cut to that height, so
    the last row's columns run down to the bottom margin as on a made-up page."""
    from weasyprint import HTML

    doc = HTML(string=page_html(page, 3000)).render()
    assert len(doc.pages) == 1, page["stem"]
    root = doc.pages[0]._page_box.children[0]
    height = TOP + BOTTOM + root.margin_height() * 0.75 + 2
    return HTML(string=page_html(page, height)).write_pdf()


# ---- reportlab ------------------------------------------------------------------------------------------

def rl_head_lines(page: dict) -> list[str]:
    import rl_pages

    return rl_pages.head_lines(page)


def rl_pdf(page: dict) -> bytes:
    import rl_pages

    return rl_pages.render(page)


# ---- driver ---------------------------------------------------------------------------------------------

PDFMINER = "import sys; from pdfminer.high_level import extract_text; sys.stdout.write(extract_text(sys.argv[1]))"


def pdfminer_text(pdf: Path) -> str:
    """pdfminer's extract_text in a fresh interpreter: it breaks ties between equally distant text boxes by
    id(), so in a long-lived process the box order depends on what was allocated before."""
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-c", PDFMINER, str(pdf)], check=True, capture_output=True,
                          env=env).stdout.decode("utf-8")


def extract(pdf: Path, out: Path, stem: str) -> None:
    """The page's text as the three extractors give it."""
    for mode, opts in MODES.items():
        (out / mode).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftotext", *opts, "-enc", "UTF-8", str(pdf), str(out / mode / f"{stem}.txt")],
                       check=True)
    (out / "pdfminer").mkdir(parents=True, exist_ok=True)
    (out / "pdfminer" / f"{stem}.txt").write_text(pdfminer_text(pdf), encoding="utf-8")


def main(out: Path = HERE) -> None:
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    for page in src.PAGES:
        pdf = out / "pdf" / f"{page['stem']}.pdf"
        pdf.write_bytes(weasy_pdf(page) if page["setter"] == "weasy" else rl_pdf(page))
        extract(pdf, out, page["stem"])
    (out / "gold.json").write_text(json.dumps(gold(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
