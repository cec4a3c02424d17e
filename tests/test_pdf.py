"""PDF bulletins: what the PDF knows (font size, weight, position) gives better articles than its text.

The proof compares, against the samples' gold, the parse of each sample PDF with the parse of the
plain text that `pdfplumber.extract_text()` and `pdftotext` give for the same file.
"""
from __future__ import annotations

import difflib
import io
import shutil
import subprocess

import pdfplumber
import pytest

from bulletins.model import BulletinError
from bulletins.pdf import parse_pdf, pdf_lines
from bulletins.segment import parse_text


def score(articles, gold_articles) -> float:
    """Mean over gold articles of (exact title + exact byline + exact captions + body similarity) / 4."""
    total = 0.0
    for k, g in enumerate(gold_articles):
        if k >= len(articles):
            continue
        a = articles[k]
        sim = difflib.SequenceMatcher(None, a.body, g["body"], autojunk=False).ratio()
        total += ((a.title == g["title"]) + (a.byline == g["byline"]) + (a.captions == g["captions"]) + sim) / 4
    return total / len(gold_articles)


@pytest.fixture(scope="module")
def pdf_pages(samples_dir, samples_gold):
    pages = [p for p in samples_gold["pages"] if p["source"].endswith(".pdf")]
    assert pages, "the samples should include PDF pages"
    return [(p, (samples_dir / p["source"]).read_bytes()) for p in pages]


def test_pdf_parse_matches_gold(pdf_pages):
    for page, data in pdf_pages:
        arts = parse_pdf(data, page["source"])
        assert [a.title for a in arts] == [g["title"] for g in page["articles"]]
        assert [a.subheads for a in arts] == [g["subheads"] for g in page["articles"]]
        assert [a.captions for a in arts] == [g["captions"] for g in page["articles"]]
        assert score(arts, page["articles"]) > 0.99
        assert all(a.position.get("page") == 1 for a in arts)


def test_pdf_beats_its_extracted_text(pdf_pages):
    """Columns, headlines and captions are lost in plain extraction; the PDF parse keeps them."""
    for page, data in pdf_pages:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            plain = "\n".join(p.extract_text() or "" for p in pdf.pages)
        from_pdf = score(parse_pdf(data, page["source"]), page["articles"])
        from_text = score(parse_text(plain, page["source"]), page["articles"])
        assert from_pdf > 0.99
        assert from_pdf > from_text + 0.3, (page["source"], from_pdf, from_text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_beats_pdftotext(pdf_pages):
    for page, data in pdf_pages:
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
        from_text = score(parse_text(text.decode("utf-8"), page["source"]), page["articles"])
        assert score(parse_pdf(data, page["source"]), page["articles"]) > from_text + 0.3


def make_pdf(draw) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    draw(c, A4)
    c.showPage()
    c.save()
    return buf.getvalue()


BODY = ["本报讯（通讯员 石磊）2月16日晚，县“村BA”春季联赛在溪口镇文化广场", "开赛。来自全县12个乡镇的24支村级篮球队将在一个多月时间里展",
        "开86场比赛。", "开幕式上，苗族芦笙舞、侗族大歌等民族文艺节目轮番上演，现场", "观众超过5000人，气氛热烈。"]


def _page(c, size, fake_bold=True, caption="联赛揭幕战现场", subhead="赛事带动消费"):
    font = "STSong-Light"
    x, y = 60, size[1] - 100
    c.setFont(font, 18)
    for dx in ((0, 0.3) if fake_bold else (0,)):
        c.drawString(x + 40 + dx, y, "村BA春季联赛开赛")         # fake bold: drawn twice, 0.3 pt apart
    y -= 30
    c.setFont(font, 10)
    for k, line in enumerate(BODY):
        c.drawString(x + (20 if k in (0, 3) else 0), y, line)
        y -= 15
    c.setFont(font, 12)
    c.drawString(x + 60, y - 4, subhead)
    y -= 22
    c.setFont(font, 10)
    c.drawString(x + 20, y, "据悉，联赛期间溪口镇将同步举办农特产品展销和美食夜市，推出")
    y -= 15
    c.drawString(x, y, "酸汤鱼、糯米饭等特色小吃。")
    y -= 30
    c.setFont(font, 8)
    c.drawString(x + 60, y, caption)


def test_font_size_and_weight_mark_headline_subhead_and_caption():
    arts = parse_pdf(make_pdf(_page), "cba.pdf")
    assert len(arts) == 1
    a = arts[0]
    assert a.title == "村BA春季联赛开赛"                 # dedupe_chars removed the doubled glyphs
    assert a.byline == "通讯员 石磊"
    assert a.subheads == ["赛事带动消费"]                 # larger than body, between paragraphs
    assert a.captions == ["联赛揭幕战现场"]               # smaller type, no 图为 needed
    assert a.body.split("\n") == [
        "2月16日晚，县“村BA”春季联赛在溪口镇文化广场开赛。来自全县12个乡镇的24支村级篮球队将在一个多月时间里展开86场比赛。",
        "开幕式上，苗族芦笙舞、侗族大歌等民族文艺节目轮番上演，现场观众超过5000人，气氛热烈。",
        "据悉，联赛期间溪口镇将同步举办农特产品展销和美食夜市，推出酸汤鱼、糯米饭等特色小吃。",
    ]


def test_fake_bold_would_double_the_headline_without_dedupe():
    """The doubled glyphs really are in the file: only dedupe_chars() makes the title clean."""
    data = make_pdf(_page)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        raw = "".join(ch["text"] for ch in pdf.pages[0].chars if ch["size"] > 15)
    assert raw.count("村") == 2
    assert [ln.text for ln in pdf_lines(data, "x") if ln.role == "head"] == ["村BA春季联赛开赛"]


def test_truncated_pdf_is_refused_with_its_cause(pdf_pages):
    data = pdf_pages[0][1]
    with pytest.raises(BulletinError, match="truncated"):
        parse_pdf(data[: len(data) // 3], "cut.pdf")


def test_damaged_pdf_is_refused_with_its_cause():
    with pytest.raises(BulletinError) as err:
        parse_pdf(b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n", "broken.pdf")
    assert err.value.source == "broken.pdf" and "PDF" in err.value.cause


def test_pdf_without_text_layer_is_refused():
    def blank(c, size):
        c.rect(50, 50, 200, 200, fill=1)

    with pytest.raises(BulletinError, match="no text layer"):
        parse_pdf(make_pdf(blank), "scan.pdf")


STORY_A = ["本报讯（记者 王晨）2月19日，县里召开春季农业生产工作会议，部署春耕备耕、农资保供和农技服务等工作。",
           "会议要求，各乡镇要抓住春耕关键时节，落实粮食播种面积，做好种子、化肥、农药等农资储备供应。",
           "会议强调，要加强农技服务指导，组织农技人员深入田间地头，帮助群众解决生产中遇到的实际困难，确保不误农时。",
           "据了解，今年全县计划种植水稻十二万亩、玉米八万亩，目前各类农资已储备到位，农机检修全部完成。"]
STORY_B = ["本报讯（通讯员 石磊）连日来，县城各中小学陆续开学，交警部门在校园周边增派警力，护航学生平安上学。",
           "交警大队负责人表示，将持续开展校园周边交通秩序整治，严查超员超速等违法行为。"]


def _columns_page(c, size):
    """Three columns: a banner headline across all of them, story A flowing from column 1 into column 2,
    story B with its own headline in column 3, a small caption under a photo, running head and foot."""
    font, body = "STSong-Light", 10.0
    pw, ph = size
    c.setFont(font, 8)
    c.drawString(40, ph - 30, "县融媒体中心 2025年2月20日 星期四 第2版")
    c.drawCentredString(pw / 2, 24, "奋进新征程 建功新时代")
    c.setFont(font, 22)
    c.drawCentredString(pw / 2, ph - 80, "全县春季农业生产全面展开")
    xs, colw, top, bottom = (40, 215, 390), 160, ph - 120, 580
    per_line = int(colw // body)

    def lines_of(paras):
        for para in paras:
            text, first = para, True
            while text:
                n = per_line - (2 if first else 0)
                yield text[:n], first
                text, first = text[n:], False

    col, y = 0, top
    for line, first in lines_of(STORY_A):
        if y < bottom:
            col, y = col + 1, top
        c.setFont(font, body)
        c.drawString(xs[col] + (2 * body if first else 0), y, line)
        y -= 15
    c.setFillGray(0.8)
    c.rect(xs[1], y - 90, colw, 80, fill=1, stroke=0)
    c.setFillGray(0)
    c.setFont(font, 8)
    c.drawString(xs[1] + 20, y - 104, "农机手在田间翻耕土地")
    c.setFont(font, 16)
    c.drawString(xs[2] + 8, top, "交警护航开学季")
    y = top - 30
    for line, first in lines_of(STORY_B):
        c.setFont(font, body)
        c.drawString(xs[2] + (2 * body if first else 0), y, line)
        y -= 15


def test_columns_banner_headline_caption_and_running_heads():
    arts = parse_pdf(make_pdf(_columns_page), "cols.pdf")
    assert [a.title for a in arts] == ["全县春季农业生产全面展开", "交警护航开学季"]
    assert arts[0].body.split("\n") == [p.split("）", 1)[1] if p.startswith("本报讯") else p for p in STORY_A]
    assert arts[0].byline == "记者 王晨" and arts[1].byline == "通讯员 石磊"
    assert arts[0].captions == ["农机手在田间翻耕土地"] and arts[1].captions == []
    assert arts[1].body.split("\n") == [STORY_B[0].split("）", 1)[1], STORY_B[1]]
    assert not any("星期四" in a.body or "新征程" in a.body for a in arts)
