"""The HTML briefing in headless Chromium at 600 px and 375 px: no sideways scrolling, every item readable.

The fixture is built to break naive layouts: unbroken Latin runs, URL-like strings, a long Chinese summary, long
kickers and sources. Requires /usr/bin/chromium; skipped with a reason only outside CI.
"""
from __future__ import annotations

import os
from pathlib import Path

import hostile
import pytest

from flows.screenshot import CHROMIUM, WIDTHS, screenshot

pytestmark = pytest.mark.slow

LONG_LATIN = "Supercalifragilisticexpialidocious" * 6
LONG_URL = "https://www.example.gov.cn/zwgk/zcwj/2025/02/20/" + "a1b2c3d4e5f6" * 12 + ".html?from=timeline&isappinstalled=0"
LONG_ZH = "".join(p for a in hostile.ARTICLES for p in a[3])


def _item(n: int, title: str, summary: str, section: str, **extra) -> dict:
    return {
        "id": f"qingshui-daily_2025-02-20_p0{n % 4 + 1}.txt#{n}", "title": title, "kicker": extra.get("kicker"),
        "subtitle": extra.get("subtitle"), "summary": summary, "sentences": [summary],
        "keywords": extra.get("keywords", ["经济", "会议", LONG_LATIN[:40]]), "section": section,
        "importance": 1.0 / (n + 1),
        "appearances": [{"file": f"qingshui-daily_2025-02-20_p0{n % 4 + 1}.txt", "source": extra.get("source",
                                                                                                       "qingshui-daily"),
                         "page": f"p0{n % 4 + 1}", "index": n, "title": title, "byline": "记者 杨明 吴芳",
                         "provenance": {"paper": "清水日报", "date": "2025-02-20", "edition": f"第{n % 4 + 1}版 要闻",
                                        "file": f"qingshui-daily_2025-02-20_p0{n % 4 + 1}.txt"}}],
        "repeats": extra.get("repeats"),
        # the parser's notes, shown quietly under the item (one of them long and unbroken)
        "notes": ["标题由版面位置推断", "续接第" + "二" * 40 + "版：" + LONG_LATIN] if n % 2 == 0 else [],
    }


def realistic_briefing() -> dict:
    a = hostile.ARTICLES
    items_politics = [
        _item(0, a[0][0], "".join(a[0][3][:2]), "时政"),
        _item(1, a[4][0] + "——" + LONG_LATIN, a[4][3][0] + " 详见 " + LONG_URL, "时政", kicker="清水县：" + "县" * 60,
              subtitle="副标题" + LONG_URL),
    ]
    items_economy = [
        _item(2, a[2][0], LONG_ZH[:600], "经济", keywords=["“村超”", "旅游", "游客", "收入", "足球", "文旅融合"]),
        _item(3, LONG_LATIN + LONG_LATIN, "Summary without any break: " + LONG_LATIN * 3, "经济",
              source="a-very-long-publisher-name-without-spaces-" + "x" * 80),
        _item(4, a[3][0], "".join(a[3][3]), "经济",
              repeats={"id": "qingshui-news_2025-02-20_p01.txt#0", "title": a[3][0],
                       "file": "qingshui-news_2025-02-20_p01.txt", "shared_paragraphs": 2}),
    ]
    items_life = [_item(5, a[5][0], "".join(a[5][3]), "民生"), _item(6, a[1][0], a[1][3][1], "民生",
                                                                      kicker=a[1][1])]
    sections = [{"name": "时政", "items": items_politics}, {"name": "经济", "items": items_economy},
                {"name": "民生", "items": items_life}]
    n = sum(len(s["items"]) for s in sections)
    return {
        "date": "2025-02-20", "date_zh": "2025年2月20日 星期四", "generated_at": "2025-02-20T07:00:00+08:00",
        "title": "每日简报", "counts": {"bulletins": 6, "articles": 14, "items": n, "merged": 2, "failed": 2},
        "sections": sections,
        "failed": [{"file": "x" * 150 + ".pdf", "cause": "encrypted PDF: " + LONG_URL},
                   {"file": "random-07.txt", "cause": "not text (binary data)"}],
        "missing_sources": ["kaili-news", "a-source-name-" + "y" * 90], "method": "default",
    }


def _have_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: the browser check must run there (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} not installed (Debian package chromium); CI runs this test")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    _have_browser()
    from flows.render import render_all

    briefing = realistic_briefing()
    folder = tmp_path_factory.mktemp("browser") / "2025-02-20"
    folder.mkdir()
    html = folder / "briefing.html"
    html.write_text(render_all(briefing)["html"], encoding="utf-8")
    out = Path(os.environ.get("BRIEFING_SCREENSHOTS", folder / "screenshots"))
    return briefing, screenshot(html, out)


def test_both_widths_measured(reports):
    _, got = reports
    assert [r.width for r in got] == list(WIDTHS)
    for r in got:
        assert r.png.stat().st_size > 10_000, f"{r.png} looks blank"
        assert r.viewport_width == r.width


@pytest.mark.parametrize("index", range(len(WIDTHS)), ids=[f"{w}px" for w in WIDTHS])
def test_no_horizontal_overflow(reports, index):
    r = reports[1][index]
    assert r.scroll_width <= r.viewport_width, (
        f"{r.width} px: page is {r.scroll_width} px wide, it scrolls sideways; see {r.png}")


@pytest.mark.parametrize("index", range(len(WIDTHS)), ids=[f"{w}px" for w in WIDTHS])
def test_every_title_and_summary_visible(reports, index):
    briefing, got = reports
    r = got[index]
    n_items = sum(len(s["items"]) for s in briefing["sections"])
    titles = [e for e in r.elements if e.kind == "title"]
    summaries = [e for e in r.elements if e.kind == "summary"]
    assert len(titles) == n_items and len(summaries) == n_items, (
        f"found {len(titles)} .item-title and {len(summaries)} .item-summary for {n_items} items: "
        "the HTML template must mark each item's title and summary with these classes")
    invisible = [f"{e.kind} {e.text!r}: {e.reason}" for e in r.elements if not e.visible]
    assert not invisible, f"{r.width} px ({r.png}):\n" + "\n".join(invisible)


@pytest.mark.parametrize("index", range(len(WIDTHS)), ids=[f"{w}px" for w in WIDTHS])
def test_light_mode_text_is_readable(reports, index):
    """Every text against its own background meets WCAG AA (4.5:1; 3:1 for large text)."""
    r = reports[1][index]
    assert len(r.texts) > 30, "the contrast check found too few texts to mean anything"
    low = [f"{t.ratio:.2f}:1 < {t.needed:g}:1 {t.text!r}" for t in r.texts if not t.ok]
    assert not low, f"{r.width} px ({r.png}):\n" + "\n".join(low)


@pytest.fixture(scope="module")
def dark_reports(reports):
    first = reports[1][0]
    return screenshot(first.html, first.png.parent, scheme="dark")


@pytest.mark.parametrize("index", range(len(WIDTHS)), ids=[f"{w}px" for w in WIDTHS])
def test_dark_mode_is_dark_readable_and_fits(reports, dark_reports, index):
    """A client in dark mode (prefers-color-scheme: dark; Apple Mail, iOS, Outlook.com) gets a dark page whose
    texts keep AA contrast; nothing else about the layout changes."""
    from flows.screenshot import luminance

    r, light = dark_reports[index], reports[1][index]
    assert r.scheme == "dark" and r.png.name.endswith("-dark.png") and r.png.stat().st_size > 10_000
    assert r.page_background is not None and luminance(r.page_background) < 0.02, r.page_background
    assert light.page_background is not None and luminance(light.page_background) > 0.8
    assert r.scroll_width <= r.viewport_width
    assert not [e for e in r.elements if not e.visible]
    assert len(r.texts) == len(light.texts)
    low = [f"{t.ratio:.2f}:1 < {t.needed:g}:1 {t.text!r}" for t in r.texts if not t.ok]
    assert not low, f"{r.width} px dark ({r.png}):\n" + "\n".join(low)
