"""Render the unseen test pages (pages.py) into damaged plain text and derive their gold annotation.

The articles are fictional, written for these tests. Layout (which display line goes where, how a headline
is damaged) is spelled out per page in pages.py; only the hard wrapping of body paragraphs is mechanical:
first lines short by a two-character indent, closing punctuation hanging at the line end, numbers and
Latin set with extraction spaces (per page: tight, spaced, or every character spaced), blank lines at column
breaks. The gold is derived from the same clean fields, so the two cannot drift apart.

    python tests/pages_unseen/render.py          # rewrite tests/pages_unseen/*.txt and gold.json
    python tests/pages_unseen/render.py DIR      # write them to DIR instead
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NO_START = set("，。、；：！？”’）》」』…%％")
NO_END = set("“‘（《「『")
_ASCII = re.compile(r"[0-9A-Za-z.%]+")
_IDEO = re.compile(r"[\u3400-\u9fff]")

ABOUT = (
    "Gold annotation of held-out-style test pages written for this project (fictional articles, rendered by "
    "tests/pages_unseen/render.py with the damage seen on real PDF-extracted pages). Same schema and "
    "conventions as samples/gold.json and ../shared/seeds/seeds_gold.json: articles in the order their text "
    "starts on the page; title = repaired headline (letter-spacing and bold doubling removed, a headline on "
    "two lines joined with one ASCII space); kicker = line above the headline (colon kept); subtitle = text "
    "after '——'; byline = names as printed inside 本报讯（…）/ …电（…） / after ○ / on a lone 记者 line / in "
    "a trailing （记者 …） or after 本报讯 … 报道, with the printed single spaces; body = paragraphs joined by "
    "'\\n', hard wraps and column-break blanks rejoined, extraction spaces between CJK and ASCII and inside "
    "spaced-out numbers/codes removed, excluding byline, end mark （完）, headline, kicker, subtitle, subheads, "
    "captions, photo credits and page furniture; captions in printed order incl. credits; duplicate_of null."
)


def tokens(text: str, style: str, rng: random.Random) -> list[tuple[str, float, bool]]:
    """(printed text, width, is_ascii_run) per unit; extraction spaces are added around ASCII runs."""
    out: list[tuple[str, float, bool]] = []
    pos = 0
    for m in _ASCII.finditer(text):
        out.extend((c, 1.0, False) for c in text[pos:m.start()])
        run = m.group(0)
        width = 0.5 * len(run)
        if style == "chars":
            run = " ".join(run)
        out.append((run, width, True))
        pos = m.end()
    out.extend((c, 1.0, False) for c in text[pos:])
    return out


def join_tokens(toks: list[tuple[str, float, bool]], style: str, rng: random.Random) -> str:
    s = ""
    for k, (t, _w, asc) in enumerate(toks):
        spaced = style in ("spaced", "chars") or (style == "mixed" and rng.random() < 0.5)
        if asc and spaced:
            # extraction spaces fall between ideographs and ASCII, not next to punctuation
            if s and _IDEO.match(s[-1]):
                s += " "
            s += t
            if k + 1 < len(toks) and _IDEO.match(toks[k + 1][0]):
                s += " "
        else:
            s += t
    return s.strip()


def wrap(text: str, col: int, style: str, rng: random.Random, indent: int = 2) -> list[str]:
    toks = tokens(text, style, rng)
    lines: list[list] = [[]]
    width = 0.0
    limit = col - indent
    for tok in toks:
        t, w, _ = tok
        if width + w > limit + 1e-9 and lines[-1]:
            if t in NO_START:               # hangs at the end of the line
                lines[-1].append(tok)
                width += w
                continue
            carry = []
            while lines[-1] and lines[-1][-1][0] in NO_END:
                carry.insert(0, lines[-1].pop())
            lines.append(carry)
            width = sum(x[1] for x in carry)
            limit = col
        lines[-1].append(tok)
        width += w
    return [join_tokens(ln, style, rng) for ln in lines if ln]


def render_page(page: dict) -> tuple[str, dict]:
    rng = random.Random(page["seed"])
    col, style = page["col"], page["style"]
    arts = page["articles"]
    out: list[str] = []
    body_lines = 0

    def blank() -> None:
        if page.get("blanks", True) and out and out[-1] != "":
            out.append("")

    def emit_para(text: str, width: int) -> None:
        nonlocal body_lines
        for k, ln in enumerate(wrap(text, width, style, rng)):
            out.append(page.get("indent", "") + ln if k == 0 else ln)
            body_lines += 1
            if page.get("double"):
                out.append("")
            elif page.get("colbreak") and body_lines % page["colbreak"] == 0:
                out.append("")
        if page.get("para_blank", 1.0) > rng.random():
            blank()

    for item in page["layout"]:
        kind = item[0]
        if kind == "line":
            blank()
            out.append(item[1])
        elif kind == "lines":          # consecutive display lines, no blank between
            blank()
            out.extend(item[1:])
        elif kind == "body":
            art = arts[item[1]]
            lo = item[2] if len(item) > 2 else 0
            hi = item[3] if len(item) > 3 else None
            blank()
            paras = art["body"][lo:hi]
            for k, p in enumerate(paras):
                if isinstance(p, dict):
                    blank()
                    out.append(p["sub"])
                    blank()
                    continue
                text = p
                if lo == 0 and k == 0 and art.get("lead_line"):
                    out.append(art["lead_line"])
                if lo == 0 and k == 0 and art.get("lead"):
                    text = art["lead"] + p
                last = hi is None and k == len(paras) - 1
                if last and art.get("tail"):
                    text = text + art["tail"]
                emit_para(text, art.get("col", col))       # a story may be set in its own column width
                if last and art.get("tail_line"):
                    out.append(art["tail_line"])
                    blank()
        else:
            raise ValueError(kind)
    text = "\n".join(out).strip("\n") + "\n"
    gold_articles = []
    for n, key in enumerate(page["order"], 1):
        a = arts[key]
        gold_articles.append({
            "id": f"{page['file'].rsplit('.', 1)[0]}-a{n}",
            "title": a["title"], "subtitle": a.get("subtitle"), "kicker": a.get("kicker"),
            "byline": a.get("byline"), "byline_form": a.get("byline_form"),
            "body": "\n".join(p for p in a["body"] if isinstance(p, str)),
            "subheads": [p["sub_gold"] if "sub_gold" in p else p["sub"] for p in a["body"] if isinstance(p, dict)],
            "captions": a.get("captions", []), "duplicate_of": a.get("duplicate_of"),
        })
    gold = {"source": page["file"], "encoding": page["encoding"], "headline_position": page["position"],
            "covers": page["covers"], "articles": gold_articles}
    return text, gold


def main(argv: list[str] | None = None) -> int:
    out = Path(argv[0]) if argv else HERE        # render.py [OUT_DIR]
    sys.path.insert(0, str(HERE))
    from pages import NOTES, PAGES

    out.mkdir(parents=True, exist_ok=True)
    gold_pages = []
    for page in PAGES:
        text, gold = render_page(page)
        if page.get("crlf"):
            text = text.replace("\n", "\r\n")
        data = text.encode(page["encoding"])
        (out / page["file"]).write_bytes(data)
        gold_pages.append(gold)
    gold = {"about": ABOUT, "notes": NOTES, "pages": gold_pages}
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
