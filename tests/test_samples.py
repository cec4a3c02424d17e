"""The committed sample bulletins: reproducible from their clean sources, in their declared encodings, and
with a gold annotation that is faithful to the damaged text (parser tests compare against it)."""
from __future__ import annotations

import re
import subprocess
import sys
from difflib import SequenceMatcher
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
NAME = re.compile(r"^[A-Za-z0-9-]+_\d{4}-\d{2}-\d{2}_p\d{2}\.(txt|pdf)$")
ARTICLE_KEYS = {"id", "title", "subtitle", "kicker", "byline", "byline_form", "body", "subheads", "captions",
                "duplicate_of"}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _text(samples_dir: Path, page: dict) -> str:
    return (samples_dir / page["source"]).read_bytes().decode(page["encoding"])


def _txt_pages(gold: dict) -> list[dict]:
    return [p for p in gold["pages"] if p["source"].endswith(".txt")]


def _pdf_pages(gold: dict) -> list[dict]:
    return [p for p in gold["pages"] if p["source"].endswith(".pdf")]


def _glyphs(path: Path) -> list[tuple]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [(c["text"], round(c["x0"], 1), round(c["top"], 1), round(c["size"], 1))
                for page in pdf.pages for c in page.chars]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    subprocess.run([sys.executable, str(SAMPLES / "make_samples.py"), "--out", str(out)], check=True,
                   capture_output=True)
    return out


def test_committed_samples_equal_generator_output(regenerated: Path, samples_dir: Path) -> None:
    fresh = sorted(p.name for p in (regenerated / "bulletins").iterdir())
    committed = sorted(p.name for p in samples_dir.iterdir())
    assert committed == fresh
    for name in fresh:
        old, new = samples_dir / name, regenerated / "bulletins" / name
        if name.endswith(".pdf"):
            # invariant=1 makes PDFs byte-reproducible, but another reportlab version may serialise them
            # differently: compare what a reader sees (each glyph, where and how large) instead of bytes
            assert _glyphs(old) == _glyphs(new), name
        else:
            assert old.read_bytes() == new.read_bytes(), name
    assert (SAMPLES / "gold.json").read_bytes() == (regenerated / "gold.json").read_bytes()


def test_set_size_names_and_schema(samples_gold: dict, samples_dir: Path) -> None:
    pages = samples_gold["pages"]
    assert len(pages) >= 7
    assert sum(len(p["articles"]) for p in pages) >= 24
    assert len({p["source"].split("_")[0] for p in pages}) >= 3
    assert len(_pdf_pages(samples_gold)) >= 2
    ids = [a["id"] for p in pages for a in p["articles"]]
    assert len(ids) == len(set(ids))
    for p in pages:
        assert NAME.match(p["source"]), p["source"]
        assert (samples_dir / p["source"]).is_file()
        assert p["headline_position"] in ("before body", "after body")
        for a in p["articles"]:
            assert set(a) == ARTICLE_KEYS, a["id"]
            assert a["byline_form"] in ("benbao", "circle", None)
            assert (a["byline"] is None) == (a["byline_form"] is None), a["id"]
            assert a["title"] and a["body"], a["id"]
    for p in _txt_pages(samples_gold):
        assert 1500 <= len(_text(samples_dir, p)) <= 5000, p["source"]


def test_txt_pages_are_in_their_declared_encoding(samples_gold: dict, samples_dir: Path) -> None:
    encodings = {p["encoding"] for p in _txt_pages(samples_gold)}
    assert {"utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16"} <= encodings
    for p in _txt_pages(samples_gold):
        data = (samples_dir / p["source"]).read_bytes()
        text = data.decode(p["encoding"])  # strict
        assert text.encode(p["encoding"]) == data, p["source"]
        if p["encoding"] == "utf-8-sig":
            assert data.startswith(b"\xef\xbb\xbf")
        if p["encoding"] == "utf-16":
            assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
        if p["encoding"] in ("gbk", "gb18030", "big5"):
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
        if p["encoding"] == "gb18030":  # it must need GB18030: a character GBK lacks
            with pytest.raises(UnicodeDecodeError):
                data.decode("gbk")


def test_charset_normalizer_recovers_every_txt_page(samples_gold: dict, samples_dir: Path) -> None:
    import charset_normalizer
    for p in _txt_pages(samples_gold):
        data = (samples_dir / p["source"]).read_bytes()
        best = charset_normalizer.from_bytes(data).best()
        assert best is not None, p["source"]
        assert str(best).lstrip("\ufeff") == data.decode(p["encoding"]).lstrip("\ufeff"), p["source"]


def test_gold_bodies_exclude_captions_bylines_headlines_and_furniture(samples_gold: dict) -> None:
    for p in samples_gold["pages"]:
        for a in p["articles"]:
            body = a["body"]
            paras = body.split("\n")
            for cap in a["captions"]:  # a short caption may name a place the body names: only whole lines count
                assert cap not in paras, (a["id"], cap)
            assert "图为" not in body and "圖為" not in body, a["id"]
            assert not re.search(r"本[报報]讯", body), a["id"]
            assert "○" not in body, a["id"]
            if a["byline"]:
                assert a["byline"] not in body, a["id"]
            assert a["title"] not in paras, a["id"]
            for sh in a["subheads"]:
                assert sh not in paras, a["id"]
            for f in p["furniture"]:
                assert f not in body, (a["id"], f)
            # extraction spaces between CJK and digits/Latin are repaired in the gold
            assert not re.search(r"[\u4e00-\u9fff] [0-9A-Za-z]|[0-9A-Za-z%] [\u4e00-\u9fff]", body), a["id"]


def test_gold_is_faithful_to_the_damaged_text(samples_gold: dict, samples_dir: Path) -> None:
    """Every gold paragraph, caption and byline is in the page once whitespace is ignored, yet the page is
    really damaged: most multi-line paragraphs do not survive as one printed line."""
    for p in _txt_pages(samples_gold):
        raw = _text(samples_dir, p)
        flat = _squash(raw)
        lines = set(raw.splitlines())
        wrapped = total = 0
        for a in p["articles"]:
            for para in a["body"].split("\n"):
                assert _squash(para) in flat, (a["id"], para[:20])
                if len(para) > 30:
                    total += 1
                    wrapped += para not in lines
            for cap in a["captions"]:
                assert _squash(cap) in flat, (a["id"], cap)
            if a["byline"]:
                assert a["byline"] in raw, a["id"]
        assert total and wrapped == total, p["source"]
        for f in p["furniture"]:
            assert f in lines or " " + f in lines, (p["source"], f)


def test_layout_damage_kinds_are_each_on_two_pages(samples_gold: dict, samples_dir: Path) -> None:
    txt = {p["source"]: _text(samples_dir, p) for p in _txt_pages(samples_gold)}
    checks = {
        "cjk-digit spaces": lambda t: re.search(r"\d 月 \d", t),
        "letter-spaced headline": lambda t: re.search(r"^ ?(\S ){5,}\S$", t, re.M),
        "subtitle": lambda t: "\n—— " in t,
        "circle byline": lambda t: "\n○ " in t,
        "kicker": lambda t: re.search(r"^\S{2,4}[县市縣]：$", t, re.M),
    }
    for kind, check in checks.items():
        assert sum(1 for t in txt.values() if check(t)) >= 2, kind
    # a column break leaves a blank line inside a paragraph: find the paragraph's printed span
    broken_pages = set()
    for p in _txt_pages(samples_gold):
        for a in p["articles"]:
            for para in a["body"].split("\n"):
                m = re.search(r"\s*".join(map(re.escape, _squash(para))), txt[p["source"]])
                if m and "\n\n" in m.group(0):
                    broken_pages.add(p["source"])
    assert len(broken_pages) >= 2
    positions = [p["headline_position"] for p in _txt_pages(samples_gold)]
    assert positions.count("after body") >= 2 and positions.count("before body") >= 2
    two_line = [a for p in samples_gold["pages"] for a in p["articles"] if " " in a["title"]]
    assert len({a["id"].rsplit("-a", 1)[0] for a in two_line}) >= 2
    doubled = [c for t in txt.values() for c in re.findall(r"^(\S{4,})\1$", t, re.M)]
    assert len(doubled) >= 2


def test_one_reprint_is_a_duplicate_and_the_reused_feature_is_not(samples_gold: dict) -> None:
    arts = {a["id"]: a for p in samples_gold["pages"] for a in p["articles"]}
    dups = [a for a in arts.values() if a["duplicate_of"]]
    assert len(dups) == 1
    (dup,) = dups
    orig = arts[dup["duplicate_of"]]
    assert sorted(arts).index(orig["id"]) < sorted(arts).index(dup["id"])  # file order decides "earlier"
    assert orig["body"] == dup["body"] and orig["title"] == dup["title"]
    # the longest feature reuses, lightly edited, several paragraphs of another article but is its own story
    feature = max(arts.values(), key=lambda a: len(a["body"]))
    assert feature["duplicate_of"] is None and len(feature["subheads"]) >= 3
    best = 0
    for other in arts.values():
        if other is feature:
            continue
        near = sum(1 for fp in feature["body"].split("\n")
                   if any(SequenceMatcher(None, fp, op).ratio() > 0.8 for op in other["body"].split("\n")))
        best = max(best, near)
    assert 3 <= best < len(feature["body"].split("\n")) / 2


def test_pdf_pages_extract_in_unicode_and_dedupe_removes_fake_bold(samples_gold: dict, samples_dir: Path) -> None:
    import pdfplumber
    for p in _pdf_pages(samples_gold):
        with pdfplumber.open(samples_dir / p["source"]) as pdf:
            page = pdf.pages[0]
            deduped = page.dedupe_chars()
            assert len(deduped.chars) < len(page.chars)  # the fake-bold headline is drawn twice
            # the columns lie between the rules under the masthead and above the slogan (both span the page)
            half, top, bottom = page.width / 2, 46, page.height - 48
            cols = [deduped.crop((0, top, half, bottom)), deduped.crop((half, top, page.width, bottom))]
            flat = _squash("".join(c.extract_text() for c in cols))
            whole = deduped.extract_text()
            raw = _squash("".join(page.crop(c.bbox).extract_text() for c in cols))
        # the fake-bold headline comes out with every character doubled until dedupe_chars() collapses it
        bold = [a["title"] for a in p["articles"] if "".join(ch * 2 for ch in _squash(a["title"])[:4]) in raw]
        assert len(bold) == 1, p["source"]
        assert "".join(ch * 2 for ch in _squash(bold[0])[:4]) not in flat
        for a in p["articles"]:
            for para in a["body"].split("\n"):
                assert _squash(para) in flat, (a["id"], para[:20])
            assert _squash(a["title"]) in flat, a["id"]
            for cap in a["captions"]:
                assert _squash(cap) in flat, (a["id"], cap)
        for f in p["furniture"]:
            assert f in whole, (p["source"], f)
