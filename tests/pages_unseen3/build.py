"""Writes the third set of unseen pages and their gold from one description (python3 build.py [OUT_DIR]).

Each page is a list of articles (clean title, kicker, byline, paragraphs, captions) plus a layout: column width,
headline before/after the body, where captions are printed, blank-line style, extraction spaces, fake-bold or
letter-spaced headlines, line endings, encoding. The page is rendered with the seeds' damage from the same data
the gold is written from, so the two cannot drift apart.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from pages_text import PAGES  # noqa: E402  (the page descriptions, kept apart from the renderer)

_CLOSE = "，。、；：！？”’）》」』…%"
_OPEN = "“‘（《「『"


def width(s: str) -> float:
    return sum(0.5 if ord(c) < 0x2000 and c != " " else (0 if c == " " else 1) for c in s)


def tokens(text: str) -> list[str]:
    """Unbreakable pieces: an ASCII run, or one other character."""
    return re.findall(r"[0-9A-Za-z.%+\-/:]+|.", text)


def wrap(text: str, col: int, indent: int = 2) -> list[str]:
    """Greedy hard wrap; closing punctuation never starts a line, opening never ends one."""
    lines: list[str] = []
    cur = ""
    limit = col - indent
    for t in tokens(text):
        if width(cur) + width(t) > limit and cur:
            if t[0] in _CLOSE:
                cur += t
                lines.append(cur)
                cur = ""
                limit = col
                continue
            if cur[-1] in _OPEN:
                lines.append(cur[:-1])
                cur = cur[-1] + t
            else:
                lines.append(cur)
                cur = t
            limit = col
        else:
            cur += t
    if cur:
        lines.append(cur)
    return lines


_HAN = r"[\u3400-\u9fff]"


def space_line(line: str, rng: random.Random, rate: float, spaceout: float) -> str:
    """The extraction spaces: around ASCII runs next to CJK, and inside spaced-out numbers/codes."""
    def one(m: re.Match) -> str:
        run = m.group(0)
        if spaceout and len(run) >= 2 and rng.random() < spaceout:
            run = " ".join(run)
        pre = " " if m.start() > 0 and re.match(_HAN, line[m.start() - 1]) and rng.random() < rate else ""
        post = " " if m.end() < len(line) and re.match(_HAN, line[m.end()]) and rng.random() < rate else ""
        return pre + run + post
    return re.sub(r"[0-9A-Za-z][0-9A-Za-z.%]*", one, line)


def bold(title: str) -> str:
    """Fake bold: every script run printed twice (青岚市 2025 年 -> 青岚市青岚市 20252025 年年)."""
    runs = re.findall(r"[0-9A-Za-z.%]+|[^0-9A-Za-z.% ]+| ", title)
    out = []
    for r in runs:
        if r == " ":
            out.append(" ")
            continue
        if re.match(r"[0-9A-Za-z]", r):
            out.append(" " + r + r + " ")
        else:
            out.append(r + r)
    return re.sub(" +", " ", "".join(out)).strip()


def letterspace(title: str) -> str:
    return " ".join(title.replace(" ", ""))


def head_lines(a: dict) -> list[str]:
    lines = a.get("head_print") or a["title"].split(" ")
    style = a.get("style")
    if style == "bold":
        return [bold(x) for x in lines]
    if style == "spaced":
        return [letterspace(x) for x in lines]
    return lines


def body_lines(a: dict, lay: dict, rng: random.Random) -> list[str]:
    col = lay["col"]
    out: list[str] = []
    prefix = ""
    if a.get("form") == "benbao":
        prefix = a.get("open") or f"{lay.get('benbao', '本报讯')}（{a['byline']}）"
    for k, para in enumerate(a["paras"]):
        if para.startswith("#"):
            out += ["", para[1:], ""]
            continue
        text = para
        if k == 0 and prefix:
            if a.get("prefix_alone"):
                out.append(prefix)
            else:
                text = prefix + text
        lines = wrap(text, col, 0 if (k == 0 and prefix and not a.get("prefix_alone")) else lay.get("indent", 2))
        if lay.get("keep_indent"):
            lines[0] = "\u3000\u3000" + lines[0]
        lines = [space_line(x, rng, lay.get("spaces", 0.8), lay.get("spaceout", 0.0)) for x in lines]
        for j, ln in enumerate(lines):
            out.append(ln)
            if lay.get("blanks") == "double" or (0 < j < len(lines) - 1 and rng.random() < lay.get("colbreak", 0.04)):
                out.append("")
        if lay.get("blanks") in ("para", "double") and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return out


def display_block(a: dict, lay: dict) -> list[str]:
    """Headline block: kicker, headline line(s), subtitle, circle byline."""
    out: list[str] = []
    if a.get("kicker"):
        out += [a["kicker"], ""]
    out += head_lines(a)
    if a.get("subtitle"):
        sub = a["subtitle"]
        out.append("—— " + (bold(sub) if a.get("bold_subtitle") else sub))
    if a.get("form") == "circle":
        out += ["", "○ " + a["byline"]]
    return out


def render(page: dict) -> str:
    lay = page["layout"]
    rng = random.Random(page["seed"])
    blocks: list[list[str]] = []
    if page.get("masthead"):
        blocks.append([page["masthead"]])
    far: list[str] = [page["credit"]] if page.get("credit") else []
    for a in page["articles"]:
        if a.get("cap_place") != "after" and not a.get("cap_before_head"):
            for c in a.get("captions", []):
                far += ["\n".join(wrap(c, a["cap_wrap"], 0))] if a.get("cap_wrap") else [bold(c) if a.get("bold_caps") else c]
    last = len(page["articles"]) - 1
    for k, a in enumerate(page["articles"]):
        caps = [c if not a.get("bold_caps") else bold(c) for c in a.get("captions", [])]
        if lay["head"] == "before":
            blocks.append(display_block(a, lay))
            blocks.append(body_lines(a, lay, rng))
        else:
            blocks.append(body_lines(a, lay, rng))
            if a.get("cap_before_head") and caps:
                blocks.append(caps)
            blocks.append(display_block(a, lay))
        if a.get("cap_place") == "after" and caps and not a.get("cap_before_head"):
            blocks.append(caps)
        if k == page.get("far_at", last):
            if far:
                blocks.append(far if lay.get("caps_tight") else [x for c in far for x in (c, "")][:-1])
            if page.get("slogan"):
                blocks.append([page["slogan"]])
    lines: list[str] = []
    for b in blocks:
        lines += b + [""]
    text = "\n".join(lines)
    if lay.get("trailing"):
        text = "\n".join(ln + " " * rng.choice((0, 1, 2, 4)) for ln in text.split("\n"))
    if lay.get("crlf"):
        text = text.replace("\n", "\r\n")
    return text


def gold_article(pid: str, k: int, a: dict) -> dict:
    return {
        "id": f"{pid}-a{k + 1}", "title": a["title"], "subtitle": a.get("subtitle"), "kicker": a.get("kicker"),
        "byline": a.get("byline"), "byline_form": a.get("form"),
        "body": "\n".join(p for p in a["paras"] if not p.startswith("#")),
        "subheads": [p[1:] for p in a["paras"] if p.startswith("#")],
        "captions": ([] if not a.get("credit_here") else [a["credit_here"]]) + list(a.get("captions", [])),
        "duplicate_of": a.get("duplicate_of"),
    }


def main(out: Path = HERE) -> None:
    out.mkdir(parents=True, exist_ok=True)
    gold_pages = []
    for page in PAGES:
        text = render(page)
        enc = page.get("encoding", "utf-8")
        (out / page["source"]).write_bytes(text.encode(enc))
        pid = page["id"]
        arts = []
        for k, a in enumerate(page["articles"]):
            g = gold_article(pid, k, a)
            if page.get("credit") and k == 0 and len(page["articles"]) == 1:
                g["captions"].insert(0, page["credit"])
            arts.append(g)
        gold_pages.append({"source": page["source"], "encoding": enc, "about": page["about"],
                           "layout": page["layout"], "articles": arts})
    gold = {
        "about": "Third set of unseen pages (tests/pages_unseen3), written by a third author to look like the seeds "
                 "(headline after body, kickers, far captions, slogans, ○ features) with other widths, sizes, "
                 "scripts and line endings. Conventions are those of seeds_gold.json.",
        "notes": [
            "p1-a2 caption '图为青岚港集装箱码头一角' is printed at the page foot after p1-a4's headline; assigned to "
            "p1-a2 by sense (its story is about the port's container traffic; p1-a4 only mentions the port), as "
            "seed 000-a2's caption. p5-a3's '图为学生在学习刺绣技艺' likewise (刺绣 lessons), not p5-a4 above it.",
            "p3-a1 paragraph 3 ('G60高速青岚段…拥堵明显。扩容工程完工后…'): its first line ends a sentence at the "
            "full width of an indented first line, so it is one paragraph by the convention; from the text alone it "
            "cannot be told from a one-line paragraph (the indent is lost). p11-a1 '…治理工程。' / '同时，…' is the "
            "same judgment on a 40-em page. Both are true ambiguities for a text-only parser.",
            "p6: genuine reduplication is kept: 人人, 天天/周周, 常来常往, 年年有余, 谢谢; the fake-bold lines double "
            "each whole script run (谢谢你，守夜人谢谢你，守夜人), so only that doubling is removed. p6-a5 "
            "'谢谢' is printed in bold as '谢谢谢谢' and is '谢谢', not '谢'.",
            "p9-a1 reprints p1-a3 in full under another source: duplicate_of p1-a3. p9-a2 reuses three paragraphs "
            "of p1-a4 among seven of its own: not a duplicate (as seed 003-a1).",
            "p12-a2's headline is printed on two lines, the first ending with '，': joined with one ASCII space "
            "('天更蓝了， 水更清了') per the convention. p12-a1's credit '（记者 韦小川 摄）' under its caption is a "
            "caption (photo credit), not a closing byline.",
            "p3-a2: '5 G', 'A I' set out letter by letter are '5G', 'AI'.",
            "p18-a2's headline is two questions on two lines, the last lines of the page: joined with one ASCII "
            "space. p17-a1's byline bracket breaks between two names ('何琳' / '欧阳秀'): the printed space is kept.",
        ],
        "pages": gold_pages,
    }
    (out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
