"""The third held-back layout batch (tests/pages_layout3, issue 11): 桐溪日报's pages written apart from the parser.

Nothing is built here: the PDFs and texts are committed. The PDF mode is scored and held at the first score
recorded in tests/pages_layout3/README.md (parser at fd1984d), so the batch is a regression test that cannot fall
silently; a floor is raised, never lowered, when the parser improves. The gold is checked against the pages
themselves: every gold string is printed, every printed line is gold text or furniture.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from gold_pages import load_module

HERE = Path(__file__).resolve().parent / "pages_layout3"
score3 = load_module(HERE / "score3.py")
score = score3.score
GOLD = score3.load_gold(HERE)
PDF_PAGES = [p for p in GOLD["pages"] if p["setter"] != "text"]
TEXT_PAGE = next(p for p in GOLD["pages"] if p["setter"] == "text")
TEXT_MODES = ("text", "raw", "pdfminer")
NO_PDFTOTEXT = shutil.which("pdftotext") is None
norm = score.norm

# The first score, PDF mode (README: parser at fd1984d, 2026-12-07) was matched 21, titles 20, bylines 20,
# captions 19, complete 20, F1 0.89, 2 leaks. The floors are raised to what the parser reads now (after the
# general fixes of 3a9d6de), so the batch holds the parser where it is; never lowered.
FIRST_PDF = {"matched": 22, "titles": 22, "bylines": 22, "captions": 22, "complete": 22}
FIRST_PDF_F1, FIRST_PDF_LEAKS = 0.999, 0
# text modes: article F1 floors at today's figures (first score: text 0.00, raw 0.70, pdfminer 0.25)
TEXT_F1 = {"text": 0.0, "raw": 0.70, "pdfminer": 0.31}


def _doubled(s: str) -> str:
    """A fake-bold line as the seeds' extraction gives it: each run (Chinese, figures) twice."""
    return " ".join(r * 2 for r in re.findall(r"[0-9]+|[^0-9]+", s))


def _page(name: str) -> dict:
    return next(p for p in GOLD["pages"] if p["texts"].endswith(f"_{name}.txt"))


def _fresh_raw(page: dict, tmp_path: Path) -> str:
    """The committed PDF's text by pdftotext -raw (content-stream order keeps each column's paragraphs whole)."""
    out = tmp_path / f"{page['texts']}"
    subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(HERE / "pdf" / page["source"]), str(out)], check=True)
    return out.read_text(encoding="utf-8")


def _gold_strings(page: dict, marks: bool = False) -> list[str]:
    """What a page's gold says is printed on it, whitespace removed: each article's headline parts, captions,
    subheads, its byline prefix or signature and each paragraph (on this page); the continuations; furniture.
    marks: also the signatures with the mark they may carry (□ / ○), for matching printed lines."""
    out = []
    for a in page["articles"]:
        out += [a[k] for k in ("kicker", "title", "subtitle") if a.get(k)] + a["captions"] + a["subheads"]
        if marks and a.get("subtitle"):                            # ——subtitle, plain or doubled
            out += [f"——{a['subtitle']}", f"——{_doubled(a['subtitle'])}"]
        paras = a.get("body_on_this_page", a["body"]).split("\n")
        out += paras
        by = a["byline"]
        if a["byline_form"] == "benbao":
            out.append(f"本报讯（{by}）" + paras[0])
        elif a["byline_form"] == "tail" and len(by.split()) > 1:   # （记者 某某） / （某某 某某） ending the text
            out.append(paras[-1] + f"（{by}）")
        elif by:                                                   # □ / ○ 某某, or a lone name line
            out += [by, *([f"□{by}", f"○{by}"] if marks else [])]
    for c in page.get("continuations", []):
        out += [c["head"], c["mark"], *c["body"].split("\n")]
    return [norm(s) for s in out + page["furniture"] if norm(s)]


@pytest.mark.skipif(NO_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("page", PDF_PAGES, ids=[p["source"] for p in PDF_PAGES])
def test_every_gold_string_is_in_the_pdfs_text(page: dict, tmp_path: Path) -> None:
    """Each gold body paragraph, headline part, caption, subhead, byline and furniture line is printed on the
    committed PDF (its text by pdftotext -raw, whitespace removed)."""
    text = norm(_fresh_raw(page, tmp_path))
    missing = [s for s in _gold_strings(page) if s not in text]
    assert missing == []


def test_every_gold_string_is_on_the_text_page() -> None:
    """The same for the text-only page, where the first article's subtitle is printed doubled."""
    text = norm((HERE / "seedtext" / TEXT_PAGE["texts"]).read_text(encoding="utf-8"))
    a1 = TEXT_PAGE["articles"][0]
    strings = [s for s in _gold_strings(TEXT_PAGE) if s != norm(a1["subtitle"])]
    assert [s for s in strings if s not in text] == []
    assert norm(_doubled(a1["subtitle"])) in text


@pytest.mark.parametrize("page", GOLD["pages"], ids=[p["source"] for p in GOLD["pages"]])
def test_every_printed_line_is_gold_text(page: dict) -> None:
    """The gold is complete: each non-blank line of the page's committed text (pdftotext -raw; the text page
    itself) is part of a gold string (a doubled line: of a gold string doubled run by run)."""
    folder = "seedtext" if page["setter"] == "text" else "raw"
    strings = _gold_strings(page, marks=True)
    strings += [norm(_doubled(s)) for s in strings] + ["".join(norm(f) for f in page["furniture"])]
    lines = [norm(x) for x in (HERE / folder / page["texts"]).read_text(encoding="utf-8").splitlines() if norm(x)]
    assert len(lines) > 10
    assert [ln for ln in lines if not any(ln in s for s in strings)] == []


def test_gold_is_consistent() -> None:
    """Ids unique, 25 articles; bodies real; byline forms go with bylines; the jump's two parts make its body
    and its continuation is on the page it names."""
    ids = [a["id"] for p in GOLD["pages"] for a in p["articles"]]
    assert len(ids) == len(set(ids)) == 25
    for p in GOLD["pages"]:
        for a in p["articles"]:
            assert len(a["body"]) >= 40 and "\n\n" not in a["body"], a["id"]
            assert (a["byline"] is None) == (a["byline_form"] is None), a["id"]
            assert a["title"] or "简讯" in a.get("note", ""), a["id"]
    jumps = [(p, a) for p in GOLD["pages"] for a in p["articles"] if a.get("continued_on")]
    assert len(jumps) == 1
    _p, a = jumps[0]
    target = next(q for q in GOLD["pages"] if q["source"] == f"{a['continued_on']}.pdf")
    (cont,) = [c for c in target["continuations"] if c["of"] == a["id"]]
    assert a["body_on_this_page"] + cont["body"] == a["body"]


def test_text_page_has_the_seeds_kinds_of_damage() -> None:
    """Lines cut mid-sentence, a blank line inside a paragraph, figures spaced off, a letter-spaced headline,
    a doubled headline after its article, a caption between two paragraphs."""
    raw = (HERE / "seedtext" / TEXT_PAGE["texts"]).read_text(encoding="utf-8")
    lines = raw.splitlines()
    a1, a2, a3 = TEXT_PAGE["articles"]
    assert sum(1 for ln in lines if ln and ln[-1] not in "。”）") > 20
    assert re.search(r"[\u4e00-\u9fff] \d", raw) and re.search(r"\d [\u4e00-\u9fff]", raw)
    assert any(b and a == "" and c and b[-1] not in "。”）" for b, a, c in zip(lines, lines[1:], lines[2:], strict=False))
    assert " ".join(a1["title"]) in lines
    doubled = lines.index(_doubled(a2["title"]))
    before = next(ln for ln in reversed(lines[:doubled]) if ln.strip())
    assert len(norm(before)) > 3 and norm(a2["body"]).endswith(norm(before))     # after its article
    cap = lines.index(a3["captions"][0])
    first, second = (norm(p) for p in a3["body"].split("\n")[:2])
    assert norm("".join(lines[:cap])).endswith(first) and norm("".join(lines[cap + 1:])).startswith(second)


@pytest.mark.skipif(NO_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("page", PDF_PAGES, ids=[p["source"] for p in PDF_PAGES])
def test_committed_texts_are_the_committed_pdfs_text(page: dict, tmp_path: Path) -> None:
    """The three text folders hold exactly what the extractors give for the committed PDF."""
    paths = score.extract_texts(HERE / "pdf" / page["source"], tmp_path)
    for mode in TEXT_MODES:
        assert paths[mode].read_text(encoding="utf-8") == (HERE / mode / page["texts"]).read_text(encoding="utf-8"), mode


def test_pdfs_print_what_their_about_says() -> None:
    """The lead of the front page runs in four columns above and below its photo, which spans them; the
    reportlab page puts each line in a text object of its own (as Founder-made PDFs do)."""
    import pdfplumber
    from pdfminer.pdfpage import PDFPage

    front = _page("p01")
    lead = front["articles"][0]
    paras = lead["body"].split("\n")
    with pdfplumber.open(HERE / "pdf" / front["source"]) as pdf:
        page = pdf.pages[0]
        photo = max(page.images, key=lambda im: im["width"])
        words = page.extract_words(keep_blank_chars=True)
    assert photo["width"] > 0.6 * page.width
    above = [w for w in words if w["bottom"] < photo["top"] and w["x0"] < photo["x1"]]
    below = [w for w in words if w["top"] > photo["bottom"] and w["x0"] < photo["x1"]]
    assert norm(paras[0])[:10] in norm("".join(w["text"] for w in above))
    assert norm(paras[2])[:10] in norm("".join(w["text"] for w in below))
    rl = _page("p04")
    with open(HERE / "pdf" / rl["source"], "rb") as fh:
        (pg,) = list(PDFPage.get_pages(fh))
        content = b"".join(s.get_data() for s in (pg.contents or []))
    lines = [ln for ln in (HERE / "raw" / rl["texts"]).read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert content.count(b"BT") >= len(lines) > 60


def test_pdf_mode_holds_its_first_score() -> None:
    """The parser on the five PDF pages (one batch, so the jump can be joined) scores no lower than it did
    at the first score, and leaks no more."""
    result = score3.score_pages("pdf", HERE)
    print("\n" + score.report(result))
    t = result["total"]
    assert result["errors"] == []
    assert t.gold == 22
    got = {k: getattr(t, k) for k in FIRST_PDF}
    assert all(got[k] >= v for k, v in FIRST_PDF.items()), (got, FIRST_PDF)
    assert t.f1 >= FIRST_PDF_F1 and t.leaks <= FIRST_PDF_LEAKS, (t.f1, t.leaks)


@pytest.mark.parametrize("mode", [m for m in score3.MODES if m != "pdf"])
def test_ingest_reads_every_page_of_the_other_modes(mode: str) -> None:
    """Every page of the other modes is read without error and yields articles, at an article F1 no lower than
    today's (TEXT_F1); the scores are printed (pytest -s)."""
    result = score3.score_pages(mode, HERE)
    print("\n" + score.report(result))
    assert result["errors"] == []
    if mode in TEXT_F1:
        assert result["total"].f1 >= TEXT_F1[mode] - 0.005, (mode, result["total"].f1)
    pages = score3.pages_of(GOLD, mode)
    assert {a.source for a in result["articles"]} == {str(score3.page_path(HERE, p, mode)) for p in pages}
