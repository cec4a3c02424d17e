"""Render the second set of unseen test pages (pages.py here) into damaged text and derive their gold.

Written apart from tests/pages_unseen by a different author. The articles are fictional. Each page is a
list of items in printed order: furniture lines, blanks and articles; an article says how its headline
stack (kicker / title lines / subtitle / byline line) is printed and whether before or after its body.
Bodies are hard-wrapped mechanically: first line short by a two-character indent, no line starting
with closing punctuation, numbers and Latin set apart from CJK by extraction spaces, a blank line at
every column break (every `height` lines) and usually between paragraphs. The gold comes from the same
clean fields, so text and gold cannot drift apart.

    python tests/pages_unseen2/render.py       # rewrite tests/pages_unseen2/*.txt and gold.json
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pages2 import ABOUT, NOTES, PAGES  # noqa: E402

NO_START = set("，。、；：！？”’）》」』…%")
NO_END = set("“‘（《「『")
_ASCII = re.compile(r"[0-9A-Za-z.%]+")
_CJK_ASCII = re.compile(r"(?<=[\u3400-\u9fff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])(?=[\u3400-\u9fff])")


def width(s: str) -> float:
    return sum(0.5 if c.isascii() else 1.0 for c in s if not c.isspace())


def tokens(text: str) -> list[str]:
    out, i = [], 0
    while i < len(text):
        m = _ASCII.match(text, i)
        if m:
            out.append(m.group(0))
            i = m.end()
        else:
            out.append(text[i])
            i += 1
    return out


def wrap(par: str, col: float) -> list[str]:
    """Hard-wrap one paragraph: first line short by the indent, closing punctuation hangs."""
    lines, cur, limit = [], "", col - 2
    toks = tokens(par)
    k = 0
    while k < len(toks):
        t = toks[k]
        if cur and width(cur + t) > limit and t[0] not in NO_START:
            carry = ""
            while cur and cur[-1] in NO_END:      # an opening bracket or quote never ends a line
                carry, cur = cur[-1] + carry, cur[:-1]
            lines.append(cur)
            cur, limit = carry, col
        cur += t
        k += 1
    if cur:
        lines.append(cur)
    return lines


def spaced(line: str, mode: str) -> str:
    """Extraction spaces between CJK and ASCII runs."""
    if mode == "tight":
        return line
    return _CJK_ASCII.sub(" ", line)


def damage_title(text: str, how: str | None) -> str:
    if how == "letters":
        return " ".join(text)
    if how == "bold":
        # fake bold: each script run printed twice
        runs = re.findall(r"[0-9A-Za-z.%]+|[^0-9A-Za-z.%]+", text)
        return "".join(r + r for r in runs)
    if how == "glyph":
        return "".join(c + c for c in text)
    return text


def render_article(a: dict, page: dict, rng: random.Random) -> list[str]:
    col = a.get("col", page.get("col", 20))
    height = a.get("height", page.get("height", 14))
    mode = a.get("spaces", page.get("spaces", "spaced"))
    double = a.get("double", False)
    body_lines: list[str] = []
    count = 0
    paras = a["paras"]
    for n, p in enumerate(paras):
        if isinstance(p, tuple):          # ("sub", text): an in-article section head
            body_lines += ["", p[1], ""]
            count = 0
            continue
        text = p
        if n == 0 and a.get("start"):
            text = a["start"] + text
        last_text = not any(isinstance(q, str) for q in paras[n + 1:])
        if last_text and a.get("tail"):
            text = text + a["tail"]
        for ln in ([text] if a.get("poem") else wrap(text, col)):
            body_lines.append(spaced(ln, mode))
            count += 1
            if double:
                body_lines.append("")
            elif count % height == 0:
                body_lines.append("")
        if not double and rng.random() < a.get("para_blank", page.get("para_blank", 0.75)) and body_lines[-1]:
            body_lines.append("")
    if a.get("furn_inside"):
        at, line = a["furn_inside"]
        body_lines[at:at] = ["", line, ""]
    body_lines += [ln for extra in a.get("after_body", []) for ln in ("", extra)]
    body_lines += [ln for extra in a.get("extra_lines_after_body", []) for ln in ("", extra)]
    head: list[str] = []
    if a.get("kicker_line", a.get("kicker")):
        head += [a.get("kicker_line", a.get("kicker")), ""]
    for t in a.get("title_lines", [a["title"]]):
        head.append(damage_title(spaced(t, a.get("title_spaces", "tight")), a.get("title_damage")))
    if a.get("subtitle_raw"):
        head.append(a["subtitle_raw"])
    elif a.get("subtitle"):
        head.append("—— " + damage_title(spaced(a["subtitle"], mode), a.get("sub_damage")))
    head.append("")
    if a.get("meta_line"):
        head += [a["meta_line"], ""]
    if a.get("byline_line"):
        head += [a["byline_line"], ""]
    caps_head = [c for c in a.get("caption_lines", []) if c[1] == "head"]
    caps_body = [c for c in a.get("caption_lines", []) if c[1] == "body"]
    for c in caps_head:
        head += [c[0], ""]
    tail_caps: list[str] = []
    for c in caps_body:
        tail_caps += [c[0], ""]
    if a.get("order", page["order"]) == "before":
        out = head + body_lines + ([""] if body_lines[-1] else []) + tail_caps
    else:
        out = body_lines + ([""] if body_lines[-1] else []) + head + tail_caps
    return out


def gold_article(a: dict, page_id: str, k: int) -> dict:
    body = [p for p in a["paras"] if isinstance(p, str)]
    return {
        "id": a.get("id", f"{page_id}-a{k}"),
        "title": " ".join(a.get("title_gold_lines", a.get("title_lines", [a["title"]]))) if "title_gold" not in a
        else a["title_gold"],
        "subtitle": a.get("subtitle"),
        "kicker": a.get("kicker"),
        "byline": a.get("byline"),
        "byline_form": a.get("byline_form"),
        "body": "\n".join(body + a.get("extra_body", [])),
        "subheads": [p[1] for p in a["paras"] if isinstance(p, tuple)],
        "captions": [c[2] if len(c) > 2 else c[0] for c in a.get("caption_lines", [])] + a.get("captions_extra", []),
        "duplicate_of": a.get("duplicate_of"),
    }


def main(out_dir: Path = HERE) -> None:
    gold_pages = []
    for page in PAGES:
        rng = random.Random(page["source"])
        lines: list[str] = []
        arts = []
        for item in page["items"]:
            if isinstance(item, str):
                lines += [item, ""]
                continue
            lines += render_article(item, page, rng)
            arts.append(item)
        text = "\n".join(lines).rstrip("\n") + "\n"
        (out_dir / page["source"]).write_text(text, encoding="utf-8")
        pid = page["source"].rsplit(".", 1)[0]
        # articles in the order their text starts (body order for after-pages equals item order)
        gold_pages.append({
            "page": pid.rsplit("_", 1)[-1], "source": page["source"], "encoding": "utf-8",
            "headline_position": page["order"] + " body", "covers": page["covers"],
            "furniture": [it for it in page["items"] if isinstance(it, str)],
            "articles": [gold_article(a, pid, k) for k, a in enumerate(arts, 1)],
        })
    gold = {"about": ABOUT, "notes": NOTES, "pages": gold_pages}
    (out_dir / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
