"""The real newspaper page in ../shared/real as TEXT (pdfminer, pdftotext default, pdftotext -raw), scored against
its hand annotation (real_gold.json). The texts are made from the PDF into a temporary folder at test time: the page
is not ours, so nothing of it is committed.

    python3 tests/test_real_text.py          # prints the score per text mode

A gold article is *found* when some parsed article holds at least half of its body; its body is *complete* when
that article holds >= 97 % of the gold body's sentences (by characters, whitespace removed, in any order) and
<= 3 % of its body is foreign to the gold.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bulletins.model import Article  # noqa: E402
from bulletins.segment import parse_text  # noqa: E402

SHARED = Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared"))
REAL = SHARED / "real"
PDF = REAL / "p1_hyb_20241016_01.pdf"
GOLD = REAL / "real_gold.json"
MODES = ("pdfminer", "default", "raw")

_SENT = re.compile(r"[^。！？；]*[。！？；]?[”’」）)]*")


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT.findall(_squash(text)) if s]


def extract(mode: str, out: Path) -> str:
    """The page's text as one extractor gives it."""
    if mode == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(PDF))
    target = out / f"{mode}.txt"
    args = ["pdftotext", "-enc", "UTF-8", *(["-raw"] if mode == "raw" else []), str(PDF), str(target)]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    return target.read_text(encoding="utf-8")


def coverage(gold_body: str, body: str) -> tuple[float, float]:
    """(share of the gold body's characters whose sentence is in the body, share of the body's characters whose
    sentence is not in the gold), whitespace removed; order-free so a column read out of order still counts."""
    gold_s, got_s = _sentences(gold_body), _sentences(body)
    got_set, gold_set = set(got_s), set(gold_s)
    gold_len, got_len = sum(map(len, gold_s)) or 1, sum(map(len, got_s)) or 1
    hit = sum(len(s) for s in gold_s if s in got_set)
    foreign = sum(len(s) for s in got_s if s not in gold_set)
    return hit / gold_len, foreign / got_len


def score(articles: list[Article], gold: dict) -> dict:
    """Per gold article: found, title, byline, body complete, no caption/furniture inside a body; and totals."""
    page = gold["pages"][0]
    rows = []
    for g in page["articles"]:
        best, best_cov = None, 0.0
        for a in articles:
            cov, _ = coverage(g["body_norm"], a.body)
            if cov > best_cov:
                best, best_cov = a, cov
        found = best is not None and best_cov >= 0.5
        foreign = coverage(g["body_norm"], best.body)[1] if found else 1.0
        stray = [t for t in [*page["furniture"], *(c for x in page["articles"] for c in x["captions"])]
                 if found and len(_squash(t)) >= 6 and _squash(t) in _squash(best.body)]
        rows.append({
            "gold": g["title"], "found": found,
            # whitespace-insensitive, as tests/pages_layout/score.py: an extractor may cut a one-line headline
            # where a quoted word starts (`中国海油` / `“海能”` / …), and the text cannot tell that from two lines
            "title": found and _squash(best.title) == _squash(g["title"]),
            "byline": found and _squash(best.byline) == _squash(g["byline"]),
            "body": found and best_cov >= 0.97 and foreign <= 0.03,
            "clean": found and not stray,
            "captions": found and [_squash(c) for c in best.captions] == [_squash(c) for c in g["captions"]],
            "got_title": best.title if best else None, "got_byline": best.byline if best else None,
            "cov": round(best_cov, 3), "foreign": round(foreign, 3), "stray": stray,
        })
    totals = {k: sum(r[k] for r in rows) for k in ("found", "title", "byline", "body", "clean", "captions")}
    totals["outputs"] = len(articles)
    return {"rows": rows, "totals": totals}


def _need_real() -> dict:
    if not PDF.exists() or not GOLD.exists():
        pytest.skip(f"the real page and its gold are not at {REAL}: they live in ../shared (set BRIEFING_SHARED)")
    return json.loads(GOLD.read_text(encoding="utf-8"))


def _need_pdftotext(mode: str) -> None:
    if mode != "pdfminer" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")


@pytest.mark.parametrize("mode", MODES)
def test_real_page_text(mode: str, tmp_path: Path) -> None:
    gold = _need_real()
    _need_pdftotext(mode)
    result = score(parse_text(extract(mode, tmp_path), f"real-{mode}.txt"), gold)
    t = result["totals"]
    detail = json.dumps(result["rows"], ensure_ascii=False, indent=1)
    need = 6 if mode == "pdfminer" else 5
    assert t["found"] >= need, detail
    assert t["title"] >= need, detail
    assert t["byline"] >= need, detail
    assert t["body"] >= need, detail
    assert t["clean"] >= need, detail
    if mode == "pdfminer":
        assert t["captions"] == 6 and t["outputs"] == 6, detail


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_real_page_default_text_is_read_in_order(tmp_path: Path) -> None:
    """pdftotext's default mode emits the page's blocks out of reading order: the commentary's two columns
    interleaved line by line, '全力以赴…' over four places, a headline far from its body. Put back together
    (bulletins/jigsaw.py), every story's body is the gold body character for character, in its order."""
    gold = _need_real()
    articles = parse_text(extract("default", tmp_path), "real-default.txt")
    bodies = {_squash(a.body) for a in articles}
    missing = [g["title"] for g in gold["pages"][0]["articles"] if g["body_norm"] not in bodies]
    assert not missing, missing


def main() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / "real-text"
    tmp.mkdir(parents=True, exist_ok=True)
    for mode in MODES:
        result = score(parse_text(extract(mode, tmp), f"real-{mode}.txt"), gold)
        print(mode, result["totals"])
        if "-v" in sys.argv:
            for r in result["rows"]:
                print("   ", {k: v for k, v in r.items() if k not in ("stray",) or v})


if __name__ == "__main__":
    main()
