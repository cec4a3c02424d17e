"""The held-back layout pages (tests/pages_layout2, issue 11): a county paper's pages, a government bulletin and
a text-only page in the seeds' style, written apart from the parser and never shown to its authors.

Floors hold the parser at what it reads now (2026-12-07; its first score on this batch was PDF F1 0.64, see
README): PDF 20/20 in every field, article F1 in the text modes. Also asserted: the gold is self-consistent with the committed PDFs' texts and the text-only page, the committed texts are what the
extractors give today, the build reproduces gold and texts, and ingest reads every page without error.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from gold_pages import load_module

HERE = Path(__file__).resolve().parent / "pages_layout2"
score2 = load_module(HERE / "score2.py")
score = score2.score
GOLD = score2.load_gold(HERE)
PDF_PAGES = [p for p in GOLD["pages"] if p["setter"] != "text"]
TEXT_PAGE = next(p for p in GOLD["pages"] if p["setter"] == "text")
TEXT_MODES = ("text", "raw", "pdfminer")
norm = score.norm


def _doubled(title: str) -> str:
    """A fake-bold headline as the seeds' extraction gives it: each run (Chinese, figures) twice."""
    return " ".join(r * 2 for r in re.findall(r"[0-9]+|[^0-9]+", title))


def _printed(a: dict) -> list[str]:
    """The strings an article prints, whitespace removed: headline parts (a brief's ■ title, a title printed
    doubled by fake bold), captions, subheads, and its body with the byline prefix or signature it may carry."""
    by = a.get("byline") or ""
    heads = [a.get("kicker"), a["title"], f"■{a['title']}", _doubled(a["title"]), a.get("subtitle"),
             f"——{a.get('subtitle')}", *a["captions"], *a["subheads"]]
    pre = [""] + ([f"本报讯（{by}）"] if a.get("byline_form") == "benbao" else [])
    post = [""] + ([f"（{by}）", by] if a.get("byline_form") == "tail" else [])
    return [norm(h) for h in heads if h] + [norm(p + a["body"] + q) for p in pre for q in post]


def _strings(page: dict) -> list[str]:
    furniture = [norm(f) for f in page["furniture"]]
    out = [s for a in page["articles"] for s in _printed(a)] + furniture + ["".join(furniture)]
    for c in page.get("continuations", []):
        out += [norm(c["head"]), norm(c["mark"] + c["body"])]
    return out


def _lines(path: Path) -> list[str]:
    return [norm(x) for x in path.read_text(encoding="utf-8").splitlines() if norm(x)]


def _source_text(page: dict, mode: str = "raw") -> Path:
    return score2.page_path(HERE, page, mode)


@pytest.mark.parametrize("page", GOLD["pages"], ids=[p["source"] for p in GOLD["pages"]])
def test_every_printed_line_is_gold_text_and_every_paragraph_is_printed(page: dict) -> None:
    """Each line of the page's text (pdftotext -raw for a PDF page, the file itself for the text-only page) is
    part of one gold string; each gold paragraph's two ends are in the text (for the jump article, in the text of
    the two pages)."""
    strings = _strings(page)
    lines = _lines(_source_text(page))
    assert lines
    assert [ln for ln in lines if not any(ln in s for s in strings)] == []
    text = "".join(lines)
    for a in page["articles"]:
        full = text + ("".join(_lines(_source_text(next(p for p in GOLD["pages"]
                                                         if p["source"] == f"{a['continued_on']}.pdf"))))
                       if a.get("continued_on") else "")
        for para in a["body"].split("\n"):
            p = norm(para)
            assert p[:12] in full and p[-12:] in full, (a["id"], para[:20])


def test_gold_articles_are_distinct_and_complete() -> None:
    """Ids unique, 18-24 articles; bodies real; byline forms go with bylines; the jump's parts make the body."""
    ids = [a["id"] for p in GOLD["pages"] for a in p["articles"]]
    assert len(ids) == len(set(ids)) and 18 <= len(ids) <= 24
    for p in GOLD["pages"]:
        for a in p["articles"]:
            assert len(a["body"]) >= 50 and "\n\n" not in a["body"], a["id"]
            assert (a["byline"] is None) == (a["byline_form"] is None), a["id"]
            if a.get("continued_on"):
                conts = [c for q in GOLD["pages"] for c in q.get("continuations", []) if c["of"] == a["id"]]
                assert len(conts) == 1
                assert norm(a["body"]) == norm(a["body_on_this_page"] + conts[0]["body"])


def test_text_page_has_the_seeds_kinds_of_damage() -> None:
    """The text-only page shows what its gold says it shows: lines cut mid-sentence, a blank line inside a
    paragraph, figures spaced off, a doubled and a letter-spaced headline after their articles, a caption
    between paragraphs."""
    raw = (HERE / "seedtext" / TEXT_PAGE["texts"]).read_text(encoding="utf-8")
    lines = raw.splitlines()
    arts = {a["id"].rsplit("-", 1)[1]: a for a in TEXT_PAGE["articles"]}
    assert sum(1 for ln in lines if ln and ln[-1] not in "。”）") > 20
    assert re.search(r"[\u4e00-\u9fff] \d", raw) and re.search(r"\d [\u4e00-\u9fff]", raw)
    assert _doubled(arts["a2"]["title"]) in lines and re.search(r"(\d+)\1", _doubled(arts["a2"]["title"]))
    assert any(b and a == "" and c and b[-1] not in "。”）" for b, a, c in zip(lines, lines[1:], lines[2:], strict=False))
    assert " ".join(arts["a1"]["title"]) in lines
    assert lines.index(" ".join(arts["a1"]["title"])) > lines.index(arts["a1"]["captions"][0]) > 0
    assert lines.index(arts["a1"]["captions"][0]) < next(k for k, ln in enumerate(lines) if "40 分钟" in ln)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("page", PDF_PAGES, ids=[p["source"] for p in PDF_PAGES])
def test_committed_texts_are_the_committed_pdfs_text(page: dict, tmp_path: Path) -> None:
    """The three text folders hold exactly what the extractors give for the committed PDF."""
    paths = score.extract_texts(HERE / "pdf" / page["source"], tmp_path)
    for mode in TEXT_MODES:
        assert paths[mode].read_text(encoding="utf-8") == (HERE / mode / page["texts"]).read_text(encoding="utf-8"), mode


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pages_are_what_build_makes(tmp_path: Path) -> None:
    """Set every page again: gold, text-only page and extracted texts identical (PDF bytes are not compared:
    font subsets and producer strings vary with the typesetter's version)."""
    pytest.importorskip("weasyprint", reason="weasyprint is not installed (pip install -e .[test])")
    build = load_module(HERE / "build.py")
    build.main(tmp_path)
    assert json.loads((tmp_path / "gold.json").read_text(encoding="utf-8")) == GOLD
    name = TEXT_PAGE["texts"]
    assert (tmp_path / "seedtext" / name).read_text(encoding="utf-8") == \
        (HERE / "seedtext" / name).read_text(encoding="utf-8")
    for p in PDF_PAGES:
        for mode in TEXT_MODES:
            assert (tmp_path / mode / p["texts"]).read_text(encoding="utf-8") == \
                (HERE / mode / p["texts"]).read_text(encoding="utf-8"), (mode, p["texts"])


# article F1 per mode now (first scores: pdf 0.64, text 0.15, raw 0.65, pdfminer 0.28, seedtext 1.00): floors
F1_FLOOR = {"pdf": 0.999, "text": 0.20, "raw": 0.65, "pdfminer": 0.33, "seedtext": 0.999}
PDF_FLOOR = {"titles": 20, "bylines": 20, "captions": 20, "complete": 20}


@pytest.mark.parametrize("mode", score2.MODES)
def test_ingest_reads_every_page(mode: str) -> None:
    """Every page of the mode is read without error, every input yields articles, and the article F1 is no
    lower than today's (F1_FLOOR; in PDF mode every field 20/20); the scores are printed."""
    result = score2.score_pages(mode, HERE)
    print("\n" + score.report(result))
    assert result["errors"] == []
    assert result["total"].f1 >= F1_FLOOR[mode] - 0.005, (mode, result["total"].f1)
    if mode == "pdf":
        got = {k: getattr(result["total"], k) for k in PDF_FLOOR}
        assert got == PDF_FLOOR and result["total"].leaks == 0, got
    pages = score2.pages_of(GOLD, mode)
    assert result["total"].gold == sum(len(p["articles"]) for p in pages)
    assert {a.source for a in result["articles"]} == {str(score2.page_path(HERE, p, mode)) for p in pages}


def _chars(stem: str, text: str) -> list[dict]:
    """The PDF characters printing `text` (its last occurrence: the first may be in an index box), spaces
    ignored."""
    import pdfplumber

    want = norm(text)
    with pdfplumber.open(HERE / "pdf" / f"{stem}.pdf") as pdf:
        chars = [c for c in pdf.pages[0].chars if not c["text"].isspace()]
    owner = [c for c in chars for _ in c["text"]]          # one entry per character of the joined text
    i = "".join(c["text"] for c in chars).rfind(want)
    assert i >= 0, (stem, text)
    return list({id(c): c for c in owner[i:i + len(want)]}.values())


def _style(chars: list[dict]) -> set[tuple[float, str]]:
    return {(round(c["size"], 1), c["fontname"].split("+")[-1]) for c in chars}


def test_pdf_pages_print_what_their_about_says() -> None:
    """The typographic traits the batch is about are in the PDFs: on the ruled page titles and subheads share
    size and face; the feature's standfirst is larger than its body; the front-page headline spans the page;
    each brief's title is bold after a ■."""
    pages = {p["source"][:-4].rsplit("_", 1)[1] if "gov" not in p["source"] else "gov": p for p in PDF_PAGES}
    ruled = pages["p06"]
    stem = ruled["source"][:-4]
    heads = {s for a in ruled["articles"] for s in _style(_chars(stem, a["title"]))}
    subs = {s for a in ruled["articles"] for h in a["subheads"] for s in _style(_chars(stem, h))}
    body = _style(_chars(stem, ruled["articles"][1]["body"].split("\n")[0][:20]))
    assert len(heads) == 1 and heads == subs and not heads & body
    feat = pages["p05"]
    paras = feat["articles"][0]["body"].split("\n")
    intro, text = (_chars(feat["source"][:-4], p[:20]) for p in paras[:2])
    assert min(c["size"] for c in intro) > max(c["size"] for c in text)
    front = pages["p01"]
    lead = _chars(front["source"][:-4], front["articles"][0]["title"])
    assert max(c["x1"] for c in lead) - min(c["x0"] for c in lead) > 0.5 * 760
    county = pages["p02"]
    for a in county["articles"][2:]:
        chars = _chars(county["source"][:-4], "■" + a["title"])
        assert chars[0]["text"] == "■" and all("Bold" in c["fontname"] for c in chars), a["id"]
