"""The layout pages (tests/pages_layout, issue 11): newspaper-style pages written apart from the parser, set by
WeasyPrint (CSS columns) and reportlab, with their pdftotext / pdftotext -raw / pdfminer texts.

No accuracy threshold is asserted yet (the lead sets them once the new parser lands): the scores are printed
(pytest -s). What is asserted: the gold is self-consistent with the committed PDFs and texts, the committed
files are what build.py makes, and ingest reads every page without error and finds articles on each.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from gold_pages import load_module

from bulletins.model import Article

HERE = Path(__file__).resolve().parent / "pages_layout"
sys.path.insert(0, str(HERE))
score = load_module(HERE / "score.py")

GOLD = score.load_gold(HERE)
TEXT_MODES = ("text", "raw", "pdfminer")
norm = score.norm


def _printed(a: dict) -> list[str]:
    """The strings an article prints, whitespace removed: headline parts, and its body with the byline prefix
    or signature it may carry."""
    by = a.get("byline") or ""
    heads = [a.get("kicker"), a["title"], a.get("subtitle"), f"——{a.get('subtitle')}", f"□{by}", *a["captions"],
             *a["subheads"]]
    pre = [""] + ([f"本报讯（{by}）"] if a.get("byline_form") == "benbao" else [])
    post = [""] + ([f"（{by}）", by, f"□{by}"] if a.get("byline_form") == "tail" else [])
    return [norm(h) for h in heads if h] + [norm(p + a["body"] + q) for p in pre for q in post]


ASCII = re.compile(r"[0-9A-Za-z.%@]+")


def _key(page: dict) -> Callable[[str], str]:
    """Whitespace removed; on a page whose figures are drawn apart from the Chinese text (digits 'later'),
    figures and Latin removed too (the raw text gives them on lines of their own)."""
    if page.get("digits") == "later":
        return lambda s: ASCII.sub("", norm(s))
    return norm


def _raw_lines(page: dict) -> list[str]:
    key = _key(page)
    lines = (HERE / "raw" / page["texts"]).read_text(encoding="utf-8").splitlines()
    return [key(x) for x in lines if key(x)]


@pytest.mark.parametrize("page", GOLD["pages"], ids=[p["source"] for p in GOLD["pages"]])
def test_every_printed_line_is_gold_text_and_every_paragraph_is_printed(page: dict) -> None:
    """Each line pdftotext -raw gives is part of one gold string (an article's headline, body with its byline,
    a caption, a furniture line, a jump continuation); each gold paragraph's ends are on the page (or, for the
    jump article, on the page it continues on)."""
    # a running head's parts share one baseline and come out as one line: furniture also counts joined
    key = _key(page)
    furniture = [key(f) for f in page["furniture"]]
    strings = [key(s) for a in page["articles"] for s in _printed(a)] + furniture + ["".join(furniture)]
    for c in page.get("continuations", []):
        strings += [key(c["head"]), key(c["body"])]
    lines = _raw_lines(page)
    stray = [ln for ln in lines if not any(ln in s for s in strings)]
    assert stray == []
    texts = {p["source"]: "".join(_raw_lines(p)) for p in GOLD["pages"]}
    for a in page["articles"]:
        text = texts[page["source"]]
        if a.get("continued_on"):
            text += texts[f"{a['continued_on']}.pdf"]
        for para in a["body"].split("\n"):
            p = _key(page)(para)
            assert p[:12] in text and p[-12:] in text, (a["id"], para[:20])


def test_gold_articles_are_distinct_and_complete() -> None:
    """Ids unique; every article has a body, a byline form that goes with its byline; jumps point at a page
    that continues them."""
    ids = [a["id"] for p in GOLD["pages"] for a in p["articles"]]
    assert len(ids) == len(set(ids))
    stems = {p["source"][:-4] for p in GOLD["pages"]}
    for p in GOLD["pages"]:
        for a in p["articles"]:
            assert len(a["body"]) >= 50 and "\n\n" not in a["body"], a["id"]
            assert (a["byline"] is None) == (a["byline_form"] is None), a["id"]
            if a.get("continued_on"):
                assert a["continued_on"] in stems
                conts = [c for q in GOLD["pages"] for c in q.get("continuations", []) if c["of"] == a["id"]]
                assert len(conts) == 1 and a["body"].endswith(conts[0]["body"].split("\n")[-1])
                assert norm(a["body"]) == norm(a["body_on_this_page"] + conts[0]["body"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("page", GOLD["pages"], ids=[p["source"] for p in GOLD["pages"]])
def test_committed_texts_are_the_committed_pdfs_text(page: dict, tmp_path: Path) -> None:
    """The three text folders hold exactly what the extractors give for the committed PDF."""
    paths = score.extract_texts(HERE / "pdf" / page["source"], tmp_path)
    for mode in TEXT_MODES:
        assert paths[mode].read_text(encoding="utf-8") == (HERE / mode / page["texts"]).read_text(encoding="utf-8"), mode


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pages_are_what_build_makes(tmp_path: Path) -> None:
    """Set every page again: the gold is identical, and the extracted texts are (the PDF bytes are not compared:
    font subsets and producer strings vary with the typesetter's version)."""
    pytest.importorskip("weasyprint", reason="weasyprint is not installed (pip install -e .[test])")
    spec = importlib.util.spec_from_file_location("pages_layout_build", HERE / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.main(tmp_path)
    assert json.loads((tmp_path / "gold.json").read_text(encoding="utf-8")) == GOLD
    for p in GOLD["pages"]:
        for mode in TEXT_MODES:
            assert (tmp_path / mode / p["texts"]).read_text(encoding="utf-8") == \
                (HERE / mode / p["texts"]).read_text(encoding="utf-8"), (mode, p["texts"])


# article F1 per mode on 2026-12-07 (first scores of the new design: pdf 0.51, text 0.03, raw 0.60, pdfminer
# 0.06): floors, never lowered (the PDF mode's 33/33 is held by tests/test_pdf_regions.py)
F1_FLOOR = {"pdf": 0.999, "text": 0.06, "raw": 0.60, "pdfminer": 0.29}


@pytest.mark.parametrize("mode", score.MODES)
def test_ingest_reads_every_page_and_finds_articles(mode: str) -> None:
    """Every page is read without error and yields articles, at an article F1 no lower than today's (F1_FLOOR);
    the scores are printed."""
    result = score.score_pages(mode, HERE)
    print("\n" + score.report(result))
    assert result["errors"] == []
    assert result["total"].f1 >= F1_FLOOR[mode] - 0.005, (mode, result["total"].f1)
    assert all(p.found > 0 for p in result["pages"]), [p.name for p in result["pages"] if p.found == 0]
    assert {a.source for a in result["articles"]} == {str(score.page_path(HERE, p, mode)) for p in GOLD["pages"]}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("mode", score.MODES)
def test_real_page_is_scored(mode: str) -> None:
    """The real page in ../shared/real scored the same way (printed); it is read without error."""
    result = score.score_real(mode)
    if result is None:
        pytest.skip(f"{score.REAL} is absent (the real page is not in the repository)")
    print("\n" + score.report(result))
    assert result["errors"] == []
    assert result["total"].gold == 6 and result["total"].found > 0


def _as_parsed(page: dict, source: str) -> list[Article]:
    """The gold page's articles as a perfect parser would return them."""
    return [Article(source=source, index=k, title=g["title"], body=g["body"], kicker=g["kicker"],
                    byline=g["byline"], subtitle=g["subtitle"], captions=list(g["captions"]))
            for k, g in enumerate(page["articles"])]


def test_the_scorer_gives_the_gold_full_marks_and_counts_each_kind_of_fault() -> None:
    """score_batch on the gold itself: every article matched, right and complete; then one article lost, one
    cut in two at a paragraph, one with a caption pasted into its body and a wrong title, one with its
    byline dropped: each fault counted where it is, whatever the order of the articles."""
    pages = GOLD["pages"][:3]
    sources = [p["source"] for p in pages]
    parsed = [a for p, s in zip(pages, sources, strict=True) for a in _as_parsed(p, s)]
    perfect = score.total(score.score_batch(pages, list(reversed(parsed)), sources))
    assert (perfect.found, perfect.matched, perfect.titles, perfect.bylines, perfect.complete, perfect.leaks) == (
        perfect.gold, perfect.gold, perfect.gold, perfect.gold, perfect.gold, 0)
    assert perfect.f1 == 1.0
    p1 = [a for a in parsed if a.source == sources[0]]
    cut, lost, leaky, unsigned = p1[0], p1[1], p1[3], [a for a in parsed if a.source == sources[1]][0]
    paras = cut.body.split("\n")
    half = Article(source=cut.source, index=99, title="", body="\n".join(paras[2:]))
    cut.body = "\n".join(paras[:2])
    leaky.body += "\n" + pages[0]["articles"][0]["captions"][0]
    leaky.title = "第01版 要闻"
    unsigned.byline = None
    scores = score.score_batch(pages, [a for a in parsed if a is not lost] + [half], sources)
    first = scores[0]
    assert (first.gold, first.found, first.matched) == (4, 4, 2)      # lost and cut: unmatched; the half: extra
    assert (first.titles, first.complete, first.leaks) == (1, 1, 1)    # the leaky one: wrong title, foreign text
    assert scores[1].bylines == scores[1].gold - 1 and scores[1].matched == scores[1].gold
    assert scores[2].f1 == 1.0
