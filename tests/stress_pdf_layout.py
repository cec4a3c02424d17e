"""Stress of the PDF path: the WeasyPrint layout pages (tests/pages_layout) set again with other type and
rules (body 10.5 / 8.5 pt, small titles, no rules, narrow gutters, no indents), scored against the same gold
(the text is the same, only the geometry moves). A script, not a test: `python3 tests/stress_pdf_layout.py`.
"""
from __future__ import annotations

import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "pages_layout"))

from gold_pages import load_module  # noqa: E402

from bulletins.pdf import parse_pdf  # noqa: E402

VARIANTS = {
    "base": [],
    "body10.5": [("font-size: 9.5pt; line-height: 1.5", "font-size: 10.5pt; line-height: 1.45")],
    "body8.5": [("font-size: 9.5pt; line-height: 1.5", "font-size: 8.5pt; line-height: 1.6")],
    "smalltitles": [("bold 26pt/1.25", "bold 17pt/1.25"), (".title.small { font-size: 19pt; }", ".title.small { font-size: 14pt; }")],
    "norules": [("border-bottom: 0.8pt solid #000;", ""), ("column-rule: 0.3pt solid #999;", ""),
                ("border-left: 0.5pt solid #444;", ""), ("border-top: 0.5pt solid #444;", "")],
    "narrowgap": [("column-gap: 14pt", "column-gap: 8pt")],
    "noindent": [("text-indent: 2em; }\n.body p.cont", "text-indent: 0; margin-bottom: 4pt; }\n.body p.cont")],
}


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def cover(got: str, want: str) -> tuple[float, float]:
    same = sum(m.size for m in SequenceMatcher(None, got, want, autojunk=False).get_matching_blocks())
    return same / max(1, len(want)), (len(got) - same) / max(1, len(got))


def main() -> None:
    build = load_module(HERE / "pages_layout" / "build.py")
    pages = load_module(HERE / "pages_layout" / "pages.py").PAGES
    gold = {p["source"].rsplit(".", 1)[0]: p for p in json.loads((HERE / "pages_layout" / "gold.json").read_text())["pages"]}
    css = build.CSS
    for name, subs in VARIANTS.items():
        build.CSS = css
        for old, new in subs:
            build.CSS = build.CSS.replace(old, new)
        tot = dict(gold=0, found=0, titles=0, bylines=0, complete=0)
        for page in (p for p in pages if p.get("setter") == "weasy" and p["stem"] in gold):
            arts = parse_pdf(build.weasy_pdf(page), page["stem"])
            tot["found"] += len(arts)
            for g in gold[page["stem"]]["articles"]:
                want = norm(g.get("body_on_this_page") or g["body"])
                best = max(arts, key=lambda a, want=want: cover(norm(a.body), want)[0])
                got, foreign = cover(norm(best.body), want)
                tot["gold"] += 1
                tot["titles"] += norm(best.title) == norm(g["title"])
                tot["bylines"] += norm(best.byline) == norm(g["byline"])
                tot["complete"] += got >= 0.97 and foreign <= 0.03
        print(name, tot, flush=True)


if __name__ == "__main__":
    main()
