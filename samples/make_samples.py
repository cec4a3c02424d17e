"""Write the sample bulletins and their gold annotation from the clean sources in `samples/src/`.

The articles are our own (fictional) writing. Each page's clean fields live in `src/<file stem>.json`; this
script renders them with the layout damage of real PDF-extracted pages (hard wraps, CJK-digit spaces,
column-break blank lines, headlines after their bodies, doubled bold text, stray captions ...) and derives the
gold from the same clean fields, so damage and gold cannot drift apart. Output is deterministic (fixed seeds,
reportlab `invariant=1`).

    python samples/make_samples.py            # rewrite samples/bulletins/ and samples/gold.json
    python samples/make_samples.py --out DIR  # write DIR/bulletins/ and DIR/gold.json instead
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

ABOUT = (
    "Gold annotation of the project's own sample bulletins (fictional articles written for this project, "
    "rendered with the layout damage of real PDF-extracted pages by samples/make_samples.py from the clean "
    "sources in samples/src/). Same schema and conventions as ../shared/seeds/seeds_gold.json: articles in the "
    "order their text starts on the page; title = repaired headline (bold doubling collapsed, letter-spacing "
    "removed, a headline printed on two lines joined with one ASCII space); subtitle = the line after '——' "
    "without the dashes; kicker = the line printed above a headline (colon kept); byline = names as printed "
    "inside 本报讯（…） / 本報訊（…） or after ○, byline_form 'benbao' / 'circle' / null; body = paragraphs joined "
    "by '\\n' with hard wraps and column-break blank lines rejoined and spaces between CJK and ASCII "
    "digits/Latin removed, excluding byline prefix, headline, kicker, subtitle, subheads, captions, photo "
    "credits and page furniture; subheads = in-article section heads in order; captions = photo captions and "
    "the photo credit belonging to the article, repaired, in printed order; duplicate_of = gold id of the "
    "earlier printing of the same story (earlier = file names in sorted order), else null. Gold ids are "
    "'<file stem>-a<n>'. Per page, beyond the seeds' keys: encoding = the Python codec the file is written in "
    "(null for PDFs), publisher, date, damage = the kinds of damage the page carries; furniture = page furniture "
    "lines (slogans, masthead/page-number lines) exactly as printed, stripped."
)

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
# characters that may not start a line (they hang at the end of the previous one, as in typesetting)
NO_START = set("，。、；：！？”’）》」』…%％")
NO_END = set("“‘（《「『")
SENTENCE_END = set("。！？”’）」…")


# ---------------------------------------------------------------- loading and resolving the clean sources

def load_sources(src: Path = SRC) -> list[dict]:
    """Pages sorted by file name: that is also the order that decides which printing is the earlier one."""
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(src.glob("*.json"))]
    pages.sort(key=lambda p: p["file"])
    return pages


def stem(file: str) -> str:
    return file.rsplit(".", 1)[0]


def resolve(pages: list[dict]) -> dict[str, dict]:
    """Give every article its gold id and expand reprints and reused paragraphs into plain paragraphs."""
    by_id: dict[str, dict] = {}
    for page in pages:
        for n, art in enumerate(page["articles"], 1):
            art["id"] = f"{stem(page['file'])}-a{n}"
            by_id[art["id"]] = art
    for page in pages:
        for art in page["articles"]:
            if "reprint_of" in art:
                orig = by_id[art["reprint_of"]]
                for key in ("title", "title_lines", "subtitle", "byline", "byline_form", "body"):
                    if key in orig and key not in art:
                        art[key] = orig[key]
                art["duplicate_of"] = art["reprint_of"]
    for art in by_id.values():
        body = []
        for para in art["body"]:
            if isinstance(para, dict):  # {"from": id, "para": i (0-based), "edit": [[old, new], ...]}
                text = _paras(by_id[para["from"]])[para["para"]]
                for old, new in para.get("edit", []):
                    if old not in text:
                        raise ValueError(f"{art['id']}: edit {old!r} not in reused paragraph")
                    text = text.replace(old, new)
                body.append(text)
            else:
                body.append(para)
        art["body"] = body
    return by_id


def _paras(art: dict) -> list[str]:
    return [p for p in art["body"] if isinstance(p, str) and not p.startswith("## ")]


def title_of(art: dict) -> str:
    return " ".join(art["title_lines"]) if art.get("title_lines") else art["title"]


# ---------------------------------------------------------------- damage primitives

def add_spaces(text: str, rate: float, rng: random.Random) -> str:
    """Extraction spaces between CJK ideographs and ASCII runs (`2 月 17 日`, `“村 BA”`).

    Decided once per ASCII run (both sides or neither), as a PDF text layer spaces one run.
    """
    if rate <= 0:
        return text

    def sub(m: re.Match) -> str:
        if rng.random() >= rate:
            return m.group(0)
        s, e = m.start(), m.end()
        left = " " if s > 0 and _CJK_RE.match(text[s - 1]) else ""
        right = " " if e < len(text) and _CJK_RE.match(text[e]) else ""
        return left + m.group(0) + right

    return re.sub(r"[A-Za-z0-9][A-Za-z0-9.%]*", sub, text)


def double_runs(text: str) -> str:
    """Bold text extracted twice: each script run doubled (`松禾县松禾县 20252025 年…年…`)."""
    runs = re.findall(f"[{CJK}\u3000-\u303f\uff00-\uffef“”‘’—…·]+|[^{CJK}\u3000-\u303f\uff00-\uffef“”‘’—…·]+",
                      text)
    return "".join(r + r for r in runs)


def vis(s: str) -> int:
    """Width in half-em units: ASCII is half as wide as a CJK character."""
    return sum(1 if ord(c) < 0x2000 else 2 for c in s)


def tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9.%+\-/:]+| |.", text)


def take_line(toks: list[str], pos: int, width: int) -> tuple[str, int]:
    """One typeset line of at most `width` CJK characters (closing punctuation may hang past the edge)."""
    units = width * 2
    line: list[str] = []
    used = 0
    while pos < len(toks):
        t = toks[pos]
        w = vis(t)
        if used + w <= units or not line or (t in NO_START and used <= units + 2):
            if not line and t == " ":
                pos += 1
                continue
            line.append(t)
            used += w
            pos += 1
        else:
            break
    while line and line[-1] in NO_END and pos < len(toks):
        pos -= 1
        line.pop()
    return "".join(line).rstrip(), pos


# ---------------------------------------------------------------- text page rendering

@dataclass
class Flow:
    """Column state of a text page: lines left in the column and its width (both change at a column break)."""

    rng: random.Random
    widths: list[int]
    heights: tuple[int, int]
    width: int = 0
    left: int = 0

    def new_column(self) -> None:
        self.width = self.rng.choice(self.widths)
        self.left = self.rng.randint(*self.heights)


@dataclass
class Page:
    lines: list[str] = field(default_factory=list)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def add(self, line: str) -> None:
        self.lines.append(line)


def render_body(page: Page, paras: list[tuple[str, str]], spec: dict, flow: Flow, rng: random.Random) -> None:
    """Hard-wrap the paragraphs into columns; a column break inside a paragraph leaves a blank line."""
    rate = spec.get("spaces", 1.0)
    sep = spec.get("para_sep", 0.7)  # chance of a blank line between paragraphs whose last line is short
    double = spec.get("double_spaced", False)
    for k, (kind, text) in enumerate(paras):
        if kind == "subhead":
            page.blank()
            page.add(text)
            page.blank()
            continue
        toks = tokens(add_spaces(text, rate, rng))
        width = flow.width
        if double:  # one column per article, blank after every line: a paragraph end must be a short line
            for width in (flow.width, flow.width - 1, flow.width + 1, flow.width - 2):
                out, pos = [], 0
                while pos < len(toks):
                    line, pos = take_line(toks, pos, width)
                    out.append(line)
                if vis(out[-1]) <= 2 * width - 8:
                    break
            else:
                raise ValueError(f"cannot end paragraph short: {text[:20]}")
            for line in out:
                page.add(line)
                page.add("")
            continue
        pos = 0
        last = ""
        while pos < len(toks):
            # break inside the paragraph (never right after a sentence end): the damage a parser must undo
            if flow.left <= 0 and last and not last.endswith(tuple(SENTENCE_END)):
                page.blank()
                flow.new_column()
            line, pos = take_line(toks, pos, flow.width)
            page.add(line)
            flow.left -= 1
            last = line
            width = flow.width
        is_last = k == len(paras) - 1
        if is_last:
            continue
        full = vis(last) > 2 * width - 8
        if full or rng.random() < sep or paras[k + 1][0] == "subhead":
            page.blank()


def article_paras(art: dict, prefix: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for p in art["body"]:
        if p.startswith("## "):
            out.append(("subhead", p[3:]))
        else:
            out.append(("para", p))
    # the 本报讯（…） byline opens the first paragraph
    if prefix:
        for i, (kind, text) in enumerate(out):
            if kind == "para":
                out[i] = (kind, prefix + text)
                break
    return out


def head_block(page: Page, art: dict, spec: dict, rng: random.Random) -> None:
    rate = spec.get("spaces", 1.0)
    lead = " " if art.get("lead_space") else ""
    if art.get("kicker"):
        page.blank()
        page.add(art["kicker"])
        page.blank()
    lines = art.get("title_lines") or [art["title"]]
    for i, t in enumerate(lines):
        if art.get("letter_spaced"):
            t = " ".join(t.replace(" ", ""))
        if art.get("title_doubled"):
            t = double_runs(t)
        else:
            t = add_spaces(t, rate, rng)
        page.add((lead if i == 0 else "") + t)
    if art.get("subtitle"):
        sub = art["subtitle"]
        sub = double_runs(sub) if art.get("subtitle_doubled") else sub
        page.add("—— " + add_spaces(sub, 1.0 if art.get("subtitle_doubled") else rate, rng))
    page.blank()
    if art.get("byline_form") == "circle":
        page.add("○ " + art["byline"])
        page.blank()


def caption_text(cap: dict, rate: float, rng: random.Random) -> str:
    t = cap["text"]
    if cap.get("doubled"):
        return add_spaces(double_runs(t), 1.0, rng)
    return add_spaces(t, rate, rng)


def render_txt(spec: dict) -> tuple[str, list[dict], list[str]]:
    """Damaged page text, the gold articles and the furniture lines as printed."""
    rng = random.Random(spec["seed"])
    rate = spec.get("spaces", 1.0)
    page = Page()
    flow = Flow(rng, spec["widths"], tuple(spec.get("column_lines", (14, 26))))
    after = spec["headline_position"] == "after body"
    bz = spec.get("benbao", "本报讯")
    captions: dict[str, list[str]] = {a["id"]: [] for a in spec["articles"]}
    furniture: list[str] = []
    deferred: dict[str, list[tuple[str, dict]]] = {}
    end_caps: list[tuple[str, dict]] = []

    def emit_furniture(where: str) -> None:
        for f in spec.get("furniture", []):
            if f["at"] == where:
                page.blank()
                line = add_spaces(f["text"], 1.0, rng) if f.get("spaced") else f["text"]
                page.add(line)
                furniture.append(line.strip())
                page.blank()

    def emit_caption(owner: str, cap: dict) -> None:
        page.blank()
        page.add(caption_text(cap, rate, rng))
        captions[owner].append(cap["text"])
        page.blank()

    emit_furniture("start")
    for art in spec["articles"]:
        flow.new_column()
        if art.get("double_spaced"):
            flow.width = art.get("width", flow.width)
        body_spec = dict(spec)
        body_spec.update({k: art[k] for k in ("spaces", "para_sep", "double_spaced") if k in art})
        prefix = ""
        if art.get("byline_form") == "benbao":
            prefix = f"{bz}（{art['byline']}）"
            if art.get("byline_own_line"):
                prefix = ""
        if not after:
            head_block(page, art, spec, rng)
        page.blank()
        if art.get("byline_form") == "benbao" and art.get("byline_own_line"):
            page.add(("  " if art.get("lead_space") and after else "") + f"{bz}（{art['byline']}）")
        paras = article_paras(art, prefix)
        if art.get("lead_space") and after and prefix:
            paras[0] = (paras[0][0], " " + paras[0][1])
        render_body(page, paras, body_spec, flow, rng)
        page.blank()
        if after:
            head_block(page, art, spec, rng)
        for cap in art.get("captions", []):
            place = cap.get("place", "near")
            if place == "near":
                emit_caption(art["id"], cap)
            elif place == "end":
                end_caps.append((art["id"], cap))
            else:  # "after:<n>" = after the block of article n of this page
                deferred.setdefault(place.split(":", 1)[1], []).append((art["id"], cap))
        n = art["id"].rsplit("-a", 1)[1]
        for owner, cap in deferred.pop(n, []):
            emit_caption(owner, cap)
        emit_furniture(f"after:{n}")
    if deferred:
        raise ValueError(f"{spec['file']}: captions placed after missing articles {sorted(deferred)}")
    emit_furniture("before-end")
    for owner, cap in end_caps:
        emit_caption(owner, cap)
    emit_furniture("end")
    text = "\n".join(page.lines).rstrip("\n") + "\n" + spec.get("tail", "")
    if spec.get("leading_blank"):
        text = "\n" + text
    gold = [gold_article(a, captions[a["id"]]) for a in spec["articles"]]
    return text, gold, furniture


def gold_article(art: dict, captions: list[str]) -> dict:
    return {
        "id": art["id"],
        "title": title_of(art),
        "subtitle": art.get("subtitle"),
        "kicker": art.get("kicker"),
        "byline": art.get("byline"),
        "byline_form": art.get("byline_form"),
        "body": "\n".join(p for p in art["body"] if not p.startswith("## ")),
        "subheads": [p[3:] for p in art["body"] if p.startswith("## ")],
        "captions": captions,
        "duplicate_of": art.get("duplicate_of"),
    }


# ---------------------------------------------------------------- PDF rendering

def render_pdf(spec: dict) -> tuple[bytes, list[dict], list[str]]:
    """A two-column page drawn with reportlab's built-in CID font (no font file needed)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = spec.get("font", "STSong-Light")
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    pw, ph = A4
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(spec["file"])
    c.setAuthor("morning-briefing samples")
    margin, gutter = 40, 18
    top, bottom = ph - 62, 58
    colw = (pw - 2 * margin - gutter) / 2
    furniture: list[str] = []

    def width_of(s: str, size: float) -> float:
        return pdfmetrics.stringWidth(s, font, size)

    # masthead and slogan (furniture)
    for f in spec.get("furniture", []):
        size = f.get("size", 9)
        c.setFont(font, size)
        y = ph - 36 if f["at"] == "top" else 30
        if f.get("align") == "center":
            c.drawCentredString(pw / 2, y, f["text"])
        else:
            c.drawString(margin, y, f["text"])
        furniture.append(f["text"])
    c.setLineWidth(0.6)
    c.line(margin, ph - 44, pw - margin, ph - 44)
    c.line(margin, 46, pw - margin, 46)
    c.line(pw / 2, bottom, pw / 2, top + 8)

    # build blocks: (kind, text, size, leading, extra)
    blocks: list[tuple[str, str, float, float, dict]] = []
    captions: dict[str, list[str]] = {}
    for art in spec["articles"]:
        captions[art["id"]] = []
        if art.get("kicker"):
            blocks.append(("kicker", art["kicker"], 11, 16, {}))
        for t in art.get("title_lines") or [art["title"]]:
            blocks.append(("title", t, 17, 24, {"bold": art.get("fake_bold", False)}))
        if art.get("subtitle"):
            blocks.append(("subtitle", "—— " + art["subtitle"], 10.5, 16, {}))
        if art.get("byline_form") == "circle":
            blocks.append(("byline", "○ " + art["byline"], 9.5, 16, {}))
        blocks.append(("gap", "", 0, 4, {}))
        first = True
        for p in art["body"]:
            if p.startswith("## "):
                blocks.append(("subhead", p[3:], 11.5, 19, {}))
                continue
            text = p
            if first and art.get("byline_form") == "benbao":
                text = f"{spec.get('benbao', '本报讯')}（{art['byline']}）" + text
            first = False
            blocks.append(("para", text, 9.5, 14, {}))
        for cap in art.get("captions", []):
            blocks.append(("photo", "", 0, cap.get("photo_h", 70), {}))
            blocks.append(("caption", cap["text"], 8, 13, {}))
            captions[art["id"]].append(cap["text"])
        blocks.append(("gap", "", 0, 14, {}))

    col, y = 0, top

    def x0() -> float:
        return margin + col * (colw + gutter)

    def need(h: float) -> None:
        nonlocal col, y
        if y - h < bottom:
            col += 1
            y = top
            if col > 1:
                raise ValueError(f"{spec['file']}: content does not fit on one A4 page")

    for kind, text, size, lead, extra in blocks:
        if kind == "gap":
            y -= lead
            continue
        if kind == "photo":
            need(lead + 14)
            c.setFillGray(0.85)
            c.rect(x0() + 10, y - lead, colw - 20, lead - 4, stroke=0, fill=1)
            c.setFillGray(0)
            y -= lead
            continue
        if kind == "para":
            toks = tokens(text)
            indent = 2 * size
            pos = 0
            firstline = True
            while pos < len(toks):
                avail = colw - (indent if firstline else 0)
                line, pos = _pdf_line(toks, pos, avail, font, size)
                need(lead)
                y -= lead
                c.setFont(font, size)
                c.drawString(x0() + (indent if firstline else 0), y, line)
                firstline = False
            continue
        need(lead)
        y -= lead
        c.setFont(font, size)
        w = width_of(text, size)
        xs = x0() + (colw - w) / 2 if kind in ("title", "subhead", "caption", "subtitle", "kicker") else x0()
        if kind == "kicker":
            xs = x0()
        c.drawString(xs, y, text)
        if extra.get("bold"):
            c.drawString(xs + 0.3, y, text)
    c.showPage()
    c.save()
    gold = [gold_article(a, captions[a["id"]]) for a in spec["articles"]]
    return buf.getvalue(), gold, furniture


def _pdf_line(toks: list[str], pos: int, avail: float, font: str, size: float) -> tuple[str, int]:
    """Greedy line fill; up to two closing punctuation marks hang into the gutter, as typesetters do."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(s: str) -> float:
        return stringWidth(s, font, size)

    line = ""
    while pos < len(toks):
        t = toks[pos]
        if measure(line + t) <= avail or not line or (t in NO_START and measure(line + t) <= avail + 2 * size):
            line += t
            pos += 1
        else:
            break
    while line and line[-1] in NO_END and pos < len(toks):
        line = line[:-1]
        pos -= 1
    return line, pos


# ---------------------------------------------------------------- driver

def build(out: Path, src: Path = SRC) -> list[Path]:
    pages = load_sources(src)
    resolve(pages)
    bdir = out / "bulletins"
    bdir.mkdir(parents=True, exist_ok=True)
    gold_pages = []
    written = []
    for spec in pages:
        fmt = spec["file"].rsplit(".", 1)[1]
        if fmt == "pdf":
            data, gold, furniture = render_pdf(spec)
            encoding = None
        else:
            text, gold, furniture = render_txt(spec)
            encoding = spec["encoding"]
            data = text.encode(encoding)  # strict: a character the codec lacks is an error here
        path = bdir / spec["file"]
        path.write_bytes(data)
        written.append(path)
        name = stem(spec["file"])
        _, date, pg = name.split("_")
        gold_pages.append({
            "page": pg,
            "source": spec["file"],
            "publisher": spec["publisher"],
            "date": date,
            "encoding": encoding,
            "headline_position": spec["headline_position"],
            "furniture": furniture,
            "damage": spec.get("damage", []),
            "articles": gold,
        })
    gold_doc = {"about": ABOUT, "notes": _notes(pages), "pages": gold_pages}
    gpath = out / "gold.json"
    gpath.write_text(json.dumps(gold_doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    written.append(gpath)
    return written


def _notes(pages: list[dict]) -> list[str]:
    notes: list[str] = []
    for p in pages:
        notes.extend(p.get("notes", []))
    return notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE, help="directory that receives bulletins/ and gold.json")
    args = ap.parse_args(argv)
    for p in build(args.out):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
