"""Rendering the briefing: every format carries every item, hostile text stays inert, output is stable."""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from flows.render import RenderError, md_escape, one_line, page_zh, render_all, write_briefing

ROOT = Path(__file__).resolve().parent.parent
GMAIL_CLIP_BYTES = 102 * 1024  # Gmail clips HTML mail above this


# ---------------------------------------------------------------------------------------------- fixtures

def _app(file: str, index: int, title: str, byline: str | None) -> dict:
    stem = file.rsplit(".", 1)[0]
    source, _, page = stem.rpartition("_")
    return {"file": file, "source": source.rsplit("_", 1)[0], "page": page, "index": index, "title": title,
            "byline": byline}


def make_briefing() -> dict:
    """A realistic day: three sections, one item seen on two pages, one repeating an earlier one,
    a kicker and a subtitle, a file that failed, a source that did not send."""
    p1 = "qiandongnan-daily_2025-02-20_p01.txt"
    p3 = "kaili-news_2025-02-20_p03.pdf"
    items_politics = [
        {"id": f"{p1}#0", "title": "州委常委会召开会议 研究部署春季农业生产工作",
         "kicker": "聚焦春耕", "subtitle": "要求抓好粮食生产和重要农产品稳定供给",
         "summary": "会议强调，要扛稳粮食安全责任，落实好耕地保护和种粮补贴政策，确保春播面积不减少。",
         "sentences": ["会议强调，要扛稳粮食安全责任。", "落实好耕地保护和种粮补贴政策，确保春播面积不减少。"],
         "keywords": ["春耕", "粮食安全", "耕地保护", "种粮补贴"], "section": "时政", "importance": 0.93,
         "appearances": [_app(p1, 0, "州委常委会召开会议 研究部署春季农业生产工作", "记者 杨光明"),
                         _app(p3, 2, "州委研究部署春耕生产", "通讯员 吴晓丽")],
         "repeats": None},
        {"id": f"{p1}#1", "title": "全州优化营商环境推进大会召开",
         "kicker": None, "subtitle": None,
         "summary": "大会通报了去年全州营商环境评价结果，表彰了一批先进单位，并对今年重点改革任务作出安排。",
         "sentences": ["大会通报了去年全州营商环境评价结果。"],
         "keywords": ["营商环境", "改革"], "section": "时政", "importance": 0.81,
         "appearances": [_app(p1, 1, "全州优化营商环境推进大会召开", None)], "repeats": None},
    ]
    items_economy = [
        {"id": f"{p3}#0", "title": "凯里经济开发区一季度签约项目18个 总投资56.3亿元",
         "kicker": None, "subtitle": "新能源电池材料项目占比过半",
         "summary": "签约项目涵盖新能源电池材料、智能制造和现代物流，预计全部投产后年产值可达120亿元。",
         "sentences": ["签约项目涵盖新能源电池材料、智能制造和现代物流。"],
         "keywords": ["开发区", "招商引资", "新能源"], "section": "经济", "importance": 0.77,
         "appearances": [_app(p3, 0, "凯里经济开发区一季度签约项目18个 总投资56.3亿元", "记者 潘文")],
         "repeats": None},
    ]
    items_society = [
        {"id": f"{p3}#1", "title": "雷山：苗绣工坊带动千余名妇女家门口就业",
         "kicker": "乡村振兴", "subtitle": None,
         "summary": "当地把苗绣技艺培训与订单生产结合起来，绣娘人均月增收两千元以上，产品远销海外。",
         "sentences": ["当地把苗绣技艺培训与订单生产结合起来。"],
         "keywords": ["苗绣", "就业", "乡村振兴"], "section": "社会", "importance": 0.64,
         "appearances": [_app(p3, 1, "雷山：苗绣工坊带动千余名妇女家门口就业", "本报记者 龙燕")],
         "repeats": {"id": f"{p1}#3", "title": "苗绣走出大山", "file": p1, "shared_paragraphs": 2}},
    ]
    return {
        "date": "2025-02-20", "date_zh": "2025年2月20日 星期四", "generated_at": "2025-02-20T07:00:03+08:00",
        "title": "每日简报",
        "counts": {"bulletins": 3, "articles": 9, "items": 4, "merged": 1, "failed": 1},
        "sections": [{"name": "时政", "items": items_politics}, {"name": "经济", "items": items_economy},
                     {"name": "社会", "items": items_society}],
        "failed": [{"file": "rongjiang-bulletin_2025-02-20_p02.pdf",
                    "cause": "not a PDF: the file starts with b'<html>' (a saved web page?)"}],
        "missing_sources": ["tianzhu-news"],
        "method": "default",
    }


def make_big_briefing(n: int = 100) -> dict:
    """A heavy day for the size limit: n items with full-length summaries, 8 keywords, two appearances."""
    b = make_briefing()
    names = ["时政", "经济", "社会", "文化", "民生"]
    b["sections"] = [{"name": s, "items": []} for s in names]
    base = "全州各地认真贯彻落实会议精神，围绕产业发展、基础设施建设和民生保障等重点工作，细化任务清单，压实工作责任"
    for i in range(n):
        file_a = f"source-{i % 7}_2025-02-20_p{i % 8 + 1:02d}.txt"
        file_b = f"other-{i % 5}_2025-02-20_p{i % 4 + 1:02d}.pdf"
        title = f"第{i + 1}条：黔东南州推进重点项目建设现场观摩会在凯里召开"
        item = {
            "id": f"{file_a}#{i}", "title": title, "kicker": "重点项目" if i % 3 == 0 else None,
            "subtitle": "确保全年目标任务圆满完成" if i % 4 == 0 else None,
            "summary": (base + f"，推动第{i + 1}批项目早开工、早投产、早见效，为经济社会高质量发展提供有力支撑。")[:120],
            "sentences": [base + "。"], "keywords": ["重点项目", "观摩", "产业发展", "基础设施", "民生保障",
                                                  "高质量发展", "凯里", "黔东南"],
            "section": names[i % 5], "importance": 1 - i / n,
            "appearances": [_app(file_a, i, title, "记者 王建华 通讯员 李明"), _app(file_b, i, title, "记者 张薇")],
            "repeats": None,
        }
        b["sections"][i % 5]["items"].append(item)
    b["counts"] = {"bulletins": 12, "articles": 2 * n, "items": n, "merged": n, "failed": 1}
    return b


def all_items(b: dict) -> list[dict]:
    return [it for s in b["sections"] for it in s["items"]]


# ---------------------------------------------------------------------------------------------- content

class Flat:
    """The text format wraps at 72 columns for terminal mail clients (issue 15), breaking inside Chinese runs
    and at spaces: compare with all whitespace removed on both sides."""

    def __init__(self, text: str):
        self.text = re.sub(r"\s+", "", text)

    def __contains__(self, needle: str) -> bool:
        return re.sub(r"\s+", "", needle) in self.text

    def index(self, needle: str) -> int:
        return self.text.index(re.sub(r"\s+", "", needle))


@pytest.mark.parametrize("fmt", ["html", "md", "txt", "json"])
def test_every_format_has_every_title_and_summary(fmt):
    b = make_briefing()
    text = render_all(b)[fmt]
    text = Flat(text) if fmt == "txt" else text
    for item in all_items(b):
        assert item["title"] in text
        assert item["summary"] in text


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_masthead_sections_appearances_notes(fmt):
    b = make_briefing()
    text = render_all(b)[fmt]
    text = Flat(text) if fmt == "txt" else text
    assert "每日简报" in text and "2025年2月20日 星期四" in text
    assert "简报 3 份 · 文章 9 篇 · 条目 4 条 · 合并重复 1 篇 · 读取失败 1 份" in text
    # sections in the given order
    assert text.index("时政") < text.index("经济") < text.index("社会")
    # kicker, subtitle, keywords
    assert "聚焦春耕" in text and "要求抓好粮食生产和重要农产品稳定供给" in text
    assert "关键词：春耕、粮食安全、耕地保护、种粮补贴" in text
    # both appearances of the merged story, with page and reporters, and the other page's headline
    assert "第1版（记者 杨光明）" in text and "第3版（通讯员 吴晓丽）" in text
    assert "题为《州委研究部署春耕生产》" in text
    assert "本文部分内容与《苗绣走出大山》重复（2 段）" in text
    assert "今日未收到：tianzhu" in text
    assert "not a PDF: the file starts with" in text and "rongjiang" in text
    # nothing time-dependent
    assert "07:00:03" not in text and "generated_at" not in text


def test_empty_day_still_has_masthead_and_failures():
    b = make_briefing()
    b["sections"] = []
    b["counts"] = {"bulletins": 1, "articles": 0, "items": 0, "merged": 0, "failed": 1}
    for fmt, text in render_all(b).items():
        if fmt != "json":
            assert "今日没有新的条目" in text and "2025年2月20日 星期四" in text and "rongjiang" in text


def test_missing_optional_fields_render():
    """The flow may leave optional keys out entirely; counts fall back to what the dict holds."""
    b = {"date": "2025-02-21", "date_zh": "2025年2月21日 星期五",
         "sections": [{"name": "时政", "items": [{"title": "只有标题的条目", "summary": "只有摘要。"}]}]}
    out = render_all(b)
    assert "只有标题的条目" in out["txt"] and "条目 1 条" in out["txt"] and "读取失败 0 份" in out["html"]


# ---------------------------------------------------------------------------------------------- hostile text

HOSTILE = "<script>alert('x')</script> **加粗** [点我](javascript:alert(1)) <img src=x onerror=alert(2)> _斜体_ `代码`"


def hostile_briefing() -> dict:
    b = make_briefing()
    item = b["sections"][0]["items"][0]
    item["title"] = HOSTILE
    item["summary"] = "1. 不是列表 # 也不是标题 | 表格 | ~~删除~~ www.evil.example http://evil.example/x &amp;"
    item["keywords"] = ["<b>关键词</b>"]
    b["failed"][0]["cause"] = "<iframe src=//evil.example>"
    return b


def test_html_autoescapes_article_text():
    html = render_all(hostile_briefing())["html"]
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<b>关键词" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;关键词&lt;/b&gt;" in html


def test_markdown_escapes_article_text_so_it_is_inert():
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py (a rich dependency) renders the check")
    md = render_all(hostile_briefing())["md"]
    html = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    for tag in ("<script", "<img", "<iframe", "<a ", "<code>", "<del>", "<s>", "<table", "<b>", "<ol"):
        assert tag not in html, tag
    assert html.count("<strong>") == 1  # the date line only, none from the article
    assert html.count("<em>") == 2  # the two subtitles only
    # yet the reader still sees the text literally
    assert "&lt;script&gt;alert('x')&lt;/script&gt; **加粗** [点我](javascript:alert(1))" in html
    assert "1. 不是列表 # 也不是标题 | 表格 | ~~删除~~" in html


def test_cr_lf_in_titles_cannot_break_lines():
    b = make_briefing()
    b["sections"][0]["items"][0]["title"] = "春耕动员\r\n## 伪造的标题\r\nBcc: evil@example.org\x00\u202e"
    b["sections"][0]["items"][0]["kicker"] = "要闻\n"
    out = render_all(b)
    for fmt in ("md", "txt"):
        lines = out[fmt].splitlines()
        assert not any(line.startswith(("## 伪造", "Bcc:", "\\#\\# 伪造")) for line in lines), fmt
        assert any("春耕动员" in line and "伪造的标题" in line and "Bcc: evil@example.org" in line
                   for line in lines), fmt
        assert "\x00" not in out[fmt] and "\u202e" not in out[fmt] and "\r" not in out[fmt]
    assert "春耕动员 ## 伪造的标题 Bcc: evil@example.org</h3>" in out["html"]
    assert "【要闻】春耕动员" in out["txt"]


def test_one_line_md_escape_page_zh_units():
    assert one_line("  a\r\n\tb\u3000\u3000c\x1b[31m ") == "a b c [31m"
    assert one_line(None) == ""
    assert md_escape("- 项目") == "\\- 项目" and md_escape("2025. 年") == "2025\\. 年"
    assert md_escape("a_b*c") == "a\\_b\\*c"
    assert md_escape("见 https://x.example") == "见 https\\://x.example"
    assert page_zh("p03") == "第3版" and page_zh("P12") == "第12版" and page_zh("A2") == "A2"


# ---------------------------------------------------------------------------------------------- HTML for mail

class _TagBalance(HTMLParser):
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


def test_html_is_well_formed_mail_html():
    html = render_all(make_briefing())["html"]
    parser = _TagBalance()
    parser.feed(html)
    assert parser.errors == [] and parser.stack == []
    tags = parser.tags
    assert ("meta", {"charset": "utf-8"}) in tags
    assert any(t == "meta" and a.get("name") == "viewport" and "width=device-width" in a.get("content", "")
               for t, a in tags)
    assert "max-width:600px" in html and "width:100%" in html
    # inline styles carry the look: every heading and paragraph has its own style attribute
    assert all("style" in a for t, a in tags if t in ("h1", "h2", "h3", "p", "td"))
    # no external resources (mail clients block them, and we promise offline output)
    lowered = html.lower()
    for needle in ("src=", "<link", "@import", "url(", "http://", "https://"):
        assert needle not in lowered, needle


def test_html_for_a_100_item_day_stays_under_gmail_clipping():
    b = make_big_briefing(100)
    html = render_all(b)["html"]
    size = len(html.encode("utf-8"))
    assert size < GMAIL_CLIP_BYTES, f"{size} bytes"
    assert html.count("<h3") == 100


# ---------------------------------------------------------------------------------------------- JSON, stability

def test_json_round_trips_every_field_in_order():
    b = make_briefing()
    text = render_all(b)["json"]
    assert json.loads(text) == b
    assert list(json.loads(text)) == list(b)
    assert "每日简报" in text and "\\u" not in text  # ensure_ascii=False: readable Chinese
    assert text.endswith("}\n") and text.startswith('{\n  "date": "2025-02-20"')


def test_render_does_not_mutate_and_is_byte_identical():
    b = make_briefing()
    before = copy.deepcopy(b)
    first = render_all(b)
    assert b == before
    assert render_all(copy.deepcopy(b)) == first


def test_byte_identical_across_processes(tmp_path):
    """Hash seeds differ between processes; the output must not."""
    src = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
           "from pathlib import Path; from test_render import make_briefing; "
           "from flows.render import write_briefing; write_briefing(make_briefing(), Path(sys.argv[1]))")
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run([sys.executable, "-c", src, str(out)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        digests.append({p.name: p.read_bytes() for p in sorted((out / "2025-02-20").iterdir())})
    assert digests[0] == digests[1] and len(digests[0]) == 4


# ---------------------------------------------------------------------------------------------- files, templates

def test_write_briefing_writes_four_files_atomically(tmp_path):
    b = make_briefing()
    paths = write_briefing(b, tmp_path)
    assert set(paths) == {"html", "md", "txt", "json"}
    folder = tmp_path / "2025-02-20"
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.html", "briefing.json", "briefing.md",
                                                       "briefing.txt"]
    assert paths["txt"].read_text(encoding="utf-8") == render_all(b)["txt"]
    # a second run replaces the files in place, leaving no temporary files behind
    b["sections"][0]["items"][0]["summary"] = "更新后的摘要。"
    write_briefing(b, tmp_path)
    assert "更新后的摘要。" in paths["md"].read_text(encoding="utf-8")
    assert len(list(folder.iterdir())) == 4


def test_write_briefing_refuses_a_date_that_is_not_a_date(tmp_path):
    b = make_briefing()
    b["date"] = "../../etc"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        write_briefing(b, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_custom_template_folder_overrides_and_falls_back(tmp_path):
    (tmp_path / "briefing.txt.j2").write_text(
        "{{ title }}｜{{ date_zh }}\n{% for s in sections %}{% for it in s['items'] %}* {{ it.title }}\n"
        "{% endfor %}{% endfor %}", encoding="utf-8")
    (tmp_path / "briefing.html.j2").write_text(
        "{% extends 'briefing.base.j2' %}{% block body %}<b>{{ title }}</b>{% endblock %}", encoding="utf-8")
    (tmp_path / "briefing.base.j2").write_text("<html>{% block body %}{% endblock %}</html>", encoding="utf-8")
    b = make_briefing()
    b["title"] = "<黔东南>晨报"
    out = render_all(b, tmp_path)
    assert out["txt"].startswith("<黔东南>晨报｜2025年2月20日 星期四\n* 州委常委会召开会议")
    assert out["html"] == "<html><b>&lt;黔东南&gt;晨报</b></html>"  # the user's html is autoescaped too
    assert out["md"] == render_all(b)["md"]  # not in their folder: ours
    paths = write_briefing(b, tmp_path / "out", templates=tmp_path)
    assert paths["txt"].read_text(encoding="utf-8") == out["txt"]


def test_template_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "briefing.md.j2").write_text("# {{ title }}\n\n{% for s in sections %}\n{{ s.name }\n",
                                             encoding="utf-8")
    with pytest.raises(RenderError) as info:
        write_briefing(make_briefing(), tmp_path / "out", templates=tmp_path)
    msg = str(info.value)
    assert str(tmp_path / "briefing.md.j2") in msg and ":4:" in msg
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_template_runtime_error_names_file_and_line(tmp_path):
    (tmp_path / "briefing.txt.j2").write_text("{{ title }}\n{{ date_zh }}\n{{ no_such_field }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        render_all(make_briefing(), tmp_path)
    msg = str(info.value)
    assert "briefing.txt.j2:3" in msg and "no_such_field" in msg


def test_missing_template_folder_is_an_error(tmp_path):
    with pytest.raises(RenderError, match="template folder not found"):
        render_all(make_briefing(), tmp_path / "nope")


@pytest.mark.slow
def test_html_fits_a_phone_screen_in_a_real_browser():
    """Chromium at phone and desktop widths: no sideways scrolling, the column caps at 600 px."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright drives the browser check")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Debian chromium not found at /usr/bin/chromium")
    b = make_big_briefing(20)
    b["failed"].append({"file": "x" * 120 + ".txt", "cause": "decoded as " + "乱码" * 40})
    html = render_all(b)["html"]
    measured = {}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        try:
            for width in (360, 1024):
                page = browser.new_page(viewport={"width": width, "height": 800})
                requests: list[str] = []
                page.on("request", lambda r, seen=requests: seen.append(r.url))
                page.set_content(html)
                measured[width] = page.evaluate(
                    "[document.documentElement.scrollWidth,"
                    " document.querySelector('table table').getBoundingClientRect().width,"
                    " parseFloat(getComputedStyle(document.querySelector('h3 + p, h3 ~ p')).fontSize)]")
                assert requests == [], requests  # nothing fetched from anywhere
        finally:
            browser.close()
    assert measured[360][0] <= 360 and measured[360][1] <= 360
    assert measured[1024][1] == 600
    assert measured[360][2] >= 13  # body text stays legible on a phone


# ---------------------------------------------------------------------------------------------- the mail cap

def _typed_day(n_per_section: dict[str, int], summary_chars: int = 90):
    """A typed briefing with the given number of items per section, importance falling within each."""
    from flows.records import Appearance, Briefing, Item, Section

    stems = "春耕备耕项目签约苗绣工坊就业河长巡河水质达标文化旅游节开幕"
    sections = []
    k = 0
    for name, n in n_per_section.items():
        items = []
        for i in range(n):
            k += 1
            file = f"kaili-news_2025-02-20_p{1 + i % 8:02d}.txt"
            title = f"{stems[k % 20:k % 20 + 6]}第{k}条"
            items.append(Item(id=f"{file}#{k}", title=title, kicker=None, subtitle=None,
                              summary=(stems * 10)[:summary_chars] + "。", sentences=[], keywords=["春耕"],
                              appearances=[Appearance(file, "kaili-news", file[22:25], k, title, None)],
                              repeats=None, section=name, importance=round(3.0 - i * 0.01 - k * 0.0001, 4),
                              provenance={"paper": "kaili-news", "date": "2025-02-20", "edition": None,
                                          "file": file}))
        sections.append(Section(name, items))
    total = sum(n_per_section.values())
    return Briefing(date="2025-02-20", date_zh="2025年2月20日 星期四", generated_at="2025-02-20T00:00:00+08:00",
                    title="每日简报", counts={"bulletins": 8, "articles": total, "items": total, "merged": 0,
                                           "failed": 0},
                    sections=sections, failed=[], missing_sources=[], method="default")


def test_mail_carries_the_cap_most_important_first_every_section_and_says_how_many_more():
    from flows.render import mail_rendering

    day = _typed_day({"时政": 30, "经济": 12, "民生": 6, "其他": 2})
    full = "/srv/briefings/2025-02-20/briefing.html"
    capped, mail = mail_rendering(day, None, 10, full)
    kept = [it for s in capped["sections"] for it in s["items"]]
    assert len(kept) == 10
    assert [s["name"] for s in capped["sections"]] == ["时政", "经济", "民生", "其他"]  # every section
    everything = sorted((it for s in day.sections for it in s.items), key=lambda it: -it.importance)
    leads = {s.items[0].id for s in day.sections}
    rest = [it.id for it in everything if it.id not in leads][:10 - len(leads)]
    assert {it["id"] for it in kept} == leads | set(rest)  # the leads, then the most important of the rest
    assert capped["omitted"] == 40 and capped["counts"]["items"] == 50
    for fmt in ("txt", "md", "html"):
        assert "另有 40 条未列入本邮件" in mail[fmt], fmt
    assert full in mail["txt"] and full in mail["html"]
    assert all(it["title"] in mail["txt"] for it in kept)
    dropped = [it.title for it in everything if it.id not in {k["id"] for k in kept}]
    assert not any(t in mail["txt"] for t in dropped)


def test_mail_html_stays_under_100_kb_whatever_the_cap():
    from flows.render import MAIL_HTML_LIMIT, mail_rendering

    day = _typed_day({"时政": 400, "经济": 300}, summary_chars=300)
    capped, mail = mail_rendering(day, None, 1000, None)
    assert len(mail["html"].encode("utf-8")) <= MAIL_HTML_LIMIT < GMAIL_CLIP_BYTES
    n = sum(len(s["items"]) for s in capped["sections"])
    assert 1 <= n < 700 and capped["omitted"] == 700 - n
    assert f"另有 {700 - n} 条未列入本邮件" in mail["txt"]


def test_a_day_that_fits_is_mailed_whole_without_a_notice():
    from flows.render import mail_rendering

    day = _typed_day({"时政": 3, "经济": 2})
    capped, mail = mail_rendering(day, None, 40, "/x/briefing.html")
    assert capped == day.to_dict() and "omitted" not in capped
    assert mail == render_all(day.to_dict())


def test_text_width_fast_paths_equal_the_per_character_rule():
    """plaintext.width (ASCII fast path, remembered characters) gives what the per-character rule gives, on
    every code point of the basic plane and on mixed strings, asked twice (the second time from memory)."""
    import unicodedata

    from flows.plaintext import width

    def rule(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    chars = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000]
    for _ in range(2):
        assert [width(c) for c in chars] == [rule(c) for c in chars]
    mixed = ["", "abc 123", "澜江市2025年GDP增长5.2%", "（记者 王小明）", "ＡＢＣ１２３", "é漢字ｶﾀｶﾅ", "\t\n"]
    assert [width(t) for t in mixed] == [rule(t) for t in mixed]
    assert width("澜江") == 4 and width("ab") == 2
