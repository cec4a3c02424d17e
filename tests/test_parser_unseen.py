"""The parser on pages written apart from the samples (tests/pages_unseen), and the defects they exposed.

The pages vary what a held-out set plausibly varies: headline before / after / mixed on one page, kickers,
subtitles, every common byline form, captions and credits, running heads and slogans, letter-spaced and
bold-doubled headlines, spaced-out numbers, full-width digits, a briefs page, a one-story page, GBK,
GB18030 and UTF-16 without BOM. Gold articles are matched to parsed ones in order.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from gold_pages import generated_differences, load_gold, load_module, page_problems, parse_pages, similarity

from bulletins.decode import decode_text
from bulletins.model import Article
from bulletins.repair import repair_display, strip_extraction_spaces
from bulletins.segment import parse_text

PAGES = Path(__file__).resolve().parent / "pages_unseen"
GOLD, ID_MAP = load_gold(PAGES)


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[Article]]:
    return parse_pages(PAGES, GOLD)


@pytest.mark.parametrize("page", GOLD["pages"], ids=[p["source"] for p in GOLD["pages"]])
def test_unseen_page_matches_gold(page: dict, parsed: dict[str, list[Article]]) -> None:
    problems = page_problems(page, parsed[page["source"]], ID_MAP)
    assert not problems, "\n".join(problems)


def test_reprint_is_flagged_and_follow_up_is_not(parsed: dict[str, list[Article]]) -> None:
    flagged = {a.id: a.duplicate_of for arts in parsed.values() for a in arts if a.duplicate_of}
    wanted = {ID_MAP[g["id"]]: ID_MAP[g["duplicate_of"]] for p in GOLD["pages"] for g in p["articles"]
              if g.get("duplicate_of")}
    assert wanted and flagged == wanted


def test_gold_covers_what_a_held_out_set_varies() -> None:
    covers = " ".join(c for p in GOLD["pages"] for c in p["covers"])
    for need in ("headline before", "headline after", "mixed headline order", "kicker", "subtitle", "GBK",
                 "UTF-16", "full-width digits", "letter-spaced", "doubled", "subheads", "briefs", "（完）",
                 "新华社", "lone 记者", "▲", "no blank lines", "indents", "CRLF", "【】", "continued from another page",
                 "reprint", "long kicker", "different column widths"):
        assert need in covers, need
    assert {p["encoding"] for p in GOLD["pages"]} >= {"utf-8", "gbk", "utf-16-le"}


def test_committed_pages_equal_their_renderer_output(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(PAGES / "render.py"), str(tmp_path)], check=True, capture_output=True)
    assert generated_differences(tmp_path, PAGES, GOLD) == []


# ---------------------------------------------------------------- focused tests, one per defect fixed

def test_numbers_set_out_character_by_character_are_rejoined() -> None:
    assert strip_extraction_spaces("计划于 2 0 2 7 年底建成") == "计划于2027年底建成"
    assert strip_extraction_spaces("G 3 2 0 国道全长 3 8 . 6 公里") == "G320国道全长38.6公里"
    assert strip_extraction_spaces("上世纪 9 0 年代") == "上世纪90年代"
    # ordinary extraction spaces and words stay as they were
    assert strip_extraction_spaces("2 月 17 日") == "2月17日"
    assert strip_extraction_spaces("A B 两类") == "A B两类"
    assert strip_extraction_spaces("4000 到 5000 元") == "4000到5000元"
    assert repair_display("云溪县召开 2 0 2 5 年教育工作会议暨") == "云溪县召开2025年教育工作会议暨"


def _page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


BODY_A = ("3月3日，县里召开春季农业生产工作会议，部署春耕备耕、\n农资保供和农技服务等工作。会议要求，各乡镇要抓住春\n"
          "耕关键时节，落实粮食播种面积，做好农资储备供应。")
BODY_B = ("近日，县城新建的120个智能充电桩投入使用。这批充电桩\n分布在县城12个公共停车场和4个居民小区，车主通过手\n"
          "机即可查询空闲桩位、扫码充电。")
BODY_C = ("3月4日，县消防救援大队走进城东社区开展消防宣传活动，\n向居民讲解家庭用火用电常识，现场演示灭火器的使用方\n"
          "法，并组织居民进行了火灾逃生演练。")


def test_running_heads_and_section_labels_are_furniture() -> None:
    page = _page("云溪日报 第 2 版", "第2版 综合新闻", "简讯", "县里部署春耕生产", "本报讯（记者 王晨）" + BODY_A,
                 "临山新闻 第1版")
    (a,) = parse_text(page, "x.txt")
    assert (a.title, a.captions, a.byline) == ("县里部署春耕生产", [], "记者 王晨")


def test_trailing_byline_and_end_mark_close_a_story() -> None:
    page = _page("县里部署春耕生产", BODY_A + "（记者 王晨）", "县城新增充电桩120个",
                 "新华社南宁3月4日电（记者 梁宇）" + BODY_B, "（完）", "消防宣传进社区", BODY_C + "（记者 孙婷 通讯员 潘红）")
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["县里部署春耕生产", "县城新增充电桩120个", "消防宣传进社区"]
    assert [a.byline for a in arts] == ["记者 王晨", "记者 梁宇", "记者 孙婷 通讯员 潘红"]
    assert arts[0].body.endswith("做好农资储备供应。")
    assert arts[1].body.endswith("扫码充电。") and arts[1].captions == []
    assert arts[2].body.endswith("火灾逃生演练。")


def test_benbao_byline_without_brackets() -> None:
    (a,) = parse_text(_page("县里部署春耕生产", "本报讯 记者 潘明 报道 " + BODY_A), "x.txt")
    assert a.byline == "记者 潘明"
    assert a.body.startswith("3月3日，县里")
    (b,) = parse_text(_page("县里部署春耕生产", "本报记者 潘明 报道 " + BODY_A), "x.txt")
    assert (b.byline, b.body) == ("本报记者 潘明", a.body)
    # a sentence that merely starts with 本报记者 is body text
    (c,) = parse_text(_page("县里部署春耕生产", "本报记者从县农业农村局获悉，全县计划种植水稻\n"
                                              "十二万亩、玉米八万亩，目前各类农资已储备到位。"), "x.txt")
    assert c.byline is None
    assert c.body == "本报记者从县农业农村局获悉，全县计划种植水稻十二万亩、玉米八万亩，目前各类农资已储备到位。"
    (d,) = parse_text(_page("县城新增充电桩120个", "新华社记者 王强 李明", BODY_B), "x.txt")
    assert d.byline == "新华社记者 王强 李明"


def test_lone_line_after_a_benbao_story_heads_the_next_story() -> None:
    """A 本报讯 news item has no section heads: the lone line is the headline of a story without byline."""
    page = _page("县里部署春耕生产", "本报讯（记者 王晨）" + BODY_A, "县城新增充电桩120个", BODY_B,
                 "消防宣传进社区", "本报讯（通讯员 马骏）" + BODY_C)
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["县里部署春耕生产", "县城新增充电桩120个", "消防宣传进社区"]
    assert all(a.subheads == [] for a in arts)


def test_mixed_page_banner_headline_first_then_headlines_after() -> None:
    page = _page("河州日报 2025年3月6日 星期四", "县里部署春耕生产", "本报讯（记者 王晨）" + BODY_A,
                 "本报讯（通讯员 黄山）" + BODY_B, "县城新增充电桩120个", "图为车主在充电",
                 "本报讯（通讯员 马骏）" + BODY_C, "消防宣传进社区", "——城东社区开展消防演练", "○ 记者 邓宁")
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["县里部署春耕生产", "县城新增充电桩120个", "消防宣传进社区"]
    assert arts[1].captions == ["图为车主在充电"]
    assert (arts[2].subtitle, arts[2].byline) == ("城东社区开展消防演练", "记者 邓宁")


def test_mixed_page_one_block_holding_two_headlines() -> None:
    page = _page("本报讯（记者 王晨）" + BODY_A, "县里部署春耕生产", "图为会议现场", "县城新增充电桩120个",
                 "记者 何丽 罗军", BODY_B, "消防宣传进社区", "本报讯（通讯员 马骏）" + BODY_C)
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["县里部署春耕生产", "县城新增充电桩120个", "消防宣传进社区"]
    assert arts[0].captions == ["图为会议现场"]
    assert arts[1].byline == "记者 何丽 罗军"


def test_pure_pages_keep_their_orientation() -> None:
    """The per-block reading only steps in where the page-wide one leaves a story headless."""
    before = _page("县里部署春耕生产", "本报讯（记者 王晨）" + BODY_A, "图为会议现场", "县城新增充电桩120个",
                   "本报讯（通讯员 黄山）" + BODY_B)
    after = _page("本报讯（记者 王晨）" + BODY_A, "县里部署春耕生产", "图为会议现场",
                  "本报讯（通讯员 黄山）" + BODY_B, "县城新增充电桩120个")
    for page in (before, after):
        arts = parse_text(page, "x.txt")
        assert [(a.title, a.captions) for a in arts] == [("县里部署春耕生产", ["图为会议现场"]),
                                                         ("县城新增充电桩120个", [])]


def test_headline_on_two_lines_is_one_block() -> None:
    """Where blanks separate blocks, two unpunctuated lines printed together are one headline."""
    page = ("县里推出十项便民举措\n让群众办事更省心\n\n本报讯（记者 王晨）" + BODY_A + "\n\n图为办事大厅\n\n"
            "县城新增充电桩120个\n\n本报讯（通讯员 黄山）" + BODY_B + "\n")
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["县里推出十项便民举措 让群众办事更省心", "县城新增充电桩120个"]
    assert arts[0].captions == ["图为办事大厅"]


def test_parallel_phrase_headline_over_a_byline_is_no_slogan() -> None:
    page = _page("本报讯（记者 王晨）" + BODY_A, "县里部署春耕生产", BODY_B, "一条便民路 连起两个村", "记者 吴刚 罗兰",
                 BODY_C, "消防宣传进社区", "新时代 新征程 新伟业")
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["县里部署春耕生产", "一条便民路 连起两个村", "消防宣传进社区"]
    assert arts[1].byline == "记者 吴刚 罗兰"


def test_utf16_without_bom_and_gbk_decode() -> None:
    text = _page("县里部署春耕生产", "本报讯（记者 王晨）" + BODY_A)
    for enc in ("utf-16-le", "utf-16-be", "gbk"):
        assert decode_text(text.encode(enc), "x.txt")[0] == text, enc


def test_indented_page_headline_after_a_story_is_not_its_last_line() -> None:
    """With 　　 indents, an unindented line normally continues a paragraph; a short unpunctuated one
    followed by a display line or a new paragraph is the headline printed after the story."""
    ind = "\u3000\u3000"
    page = (ind + "本报讯（记者 王晨）3月3日，县里召开春季农业生产工作会议，部\n署春耕备耕、农资保供和农技服务等工作。\n\n"
            + ind + "会议要求，各乡镇要抓住春耕关键时节，落实粮食播种面积，做\n好种子、化肥、农药等农资储备供应。\n\n"
            "县里部署春耕生产\n\n图为会议现场\n\n"
            + ind + "近日，县城新建的120个智能充电桩投入使用。这批充电\n桩分布在县城12个公共停车场和4个居民小区。\n\n"
            "县城新增充电桩120个\n")
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["县里部署春耕生产", "县城新增充电桩120个"]
    assert arts[0].body == ("3月3日，县里召开春季农业生产工作会议，部署春耕备耕、农资保供和农技服务等工作。\n"
                            "会议要求，各乡镇要抓住春耕关键时节，落实粮食播种面积，做好种子、化肥、农药等农资储备供应。")
    assert arts[0].captions == ["图为会议现场"]


def test_marked_subheads_are_not_circle_bylines() -> None:
    long_body = "\n".join([BODY_A, "", BODY_B, "", "◆ 产业升级步伐加快", "", BODY_C, "", "◆ 文旅融合前景可期", "", BODY_A])
    page = _page("古城焕新 游人如织", "——锦屏县隆里古城保护利用纪实", "■ 记者 龙涛", long_body)
    (a,) = parse_text(page, "x.txt")
    assert a.byline == "记者 龙涛"
    assert a.subheads == ["产业升级步伐加快", "文旅融合前景可期"]
    (b,) = parse_text(_page("县里部署春耕生产", "○ 雷子德", BODY_A), "x.txt")
    assert b.byline == "雷子德"


def test_caption_printed_between_headline_and_story() -> None:
    before = _page("县里部署春耕生产", "本报讯（记者 王晨）" + BODY_A, "县城新增充电桩120个", "图为车主在充电",
                   "本报讯（通讯员 黄山）" + BODY_B)
    arts = parse_text(before, "x.txt")
    assert [(a.title, a.captions) for a in arts] == [("县里部署春耕生产", []), ("县城新增充电桩120个", ["图为车主在充电"])]
    after = _page("本报讯（记者 王晨）" + BODY_A, "图为会议现场", "县里部署春耕生产", "本报讯（通讯员 黄山）" + BODY_B,
                  "▲车主在充电", "县城新增充电桩120个")
    arts = parse_text(after, "x.txt")
    assert [(a.title, a.captions) for a in arts] == [("县里部署春耕生产", ["图为会议现场"]),
                                                     ("县城新增充电桩120个", ["▲车主在充电"])]


def test_headline_doubled_glyph_by_glyph_is_halved() -> None:
    assert repair_display("县县委委召召开开全全会会") == "县委召开全会"
    assert repair_display("人人都是安全员") == "人人都是安全员"          # genuine reduplication stays
    assert repair_display("天天向上") == "天天向上"
    (a,) = parse_text(_page("县县委委召召开开全全会会部部署署全全年年工工作作", "本报讯（记者 王晨）" + BODY_A), "x.txt")
    assert a.title == "县委召开全会部署全年工作"


def test_web_page_metadata_line_is_furniture() -> None:
    page = _page("县里部署春耕生产", "发布时间：2025-03-14 09:30 来源：县农业农村局 浏览次数：126",
                 "本报讯（记者 王晨）" + BODY_A, "（责任编辑：方敏）")
    (a,) = parse_text(page, "x.txt")
    assert (a.title, a.captions, a.byline) == ("县里部署春耕生产", [], "记者 王晨")
    assert a.body.endswith("做好农资储备供应。")


def test_inline_bracketed_headlines_open_their_briefs() -> None:
    page = _page("简讯", "【县图书馆开展读书月活动】本报讯（通讯员 莫晓）3月起，县图书馆开展\n春季读书月活动。",
                 "【城区新增充电桩120个】" + BODY_B)
    arts = parse_text(page, "x.txt")
    assert [(a.title, a.byline) for a in arts] == [("县图书馆开展读书月活动", "通讯员 莫晓"), ("城区新增充电桩120个", None)]
    assert arts[1].body.startswith("近日，县城新建")
    # on a page that prints headlines after their stories, the story before an inline brief keeps its own
    after = _page("本报讯（记者 王晨）" + BODY_A, "县里部署春耕生产", "【城区新增充电桩120个】" + BODY_B)
    assert [a.title for a in parse_text(after, "x.txt")] == ["县里部署春耕生产", "城区新增充电桩120个"]


def test_long_kicker_with_colon_and_agency_photo_credit() -> None:
    page = _page("深入学习贯彻全国两会精神：", "县里部署春耕生产", "本报讯（记者 王晨）" + BODY_A, "图为会议现场",
                 "新华社记者 王强 摄", "县城新增充电桩120个", "本报讯（通讯员 黄山）" + BODY_B)
    arts = parse_text(page, "x.txt")
    assert [(a.kicker, a.title) for a in arts] == [("深入学习贯彻全国两会精神：", "县里部署春耕生产"),
                                                   (None, "县城新增充电桩120个")]
    assert arts[0].captions == ["图为会议现场", "新华社记者 王强 摄"]


def test_story_in_a_medium_column_between_wide_and_narrow_ones() -> None:
    """An unpunctuated run-on line splits a stretch; its pieces must not borrow a narrower column."""
    page = ("锦屏县一季度重点项目建设提速\n\n本报讯（记者 龙涛）今年以来，锦屏县抢抓春季施工黄\n"
            "金期，全力推进重点项目建设。截至3月15日，全县实施重点\n项目98个，已完成投资21.6亿元，占年度计划的24%。\n"
            "在锦屏县工业园区，一期标准厂房主体工程已经完工，施\n工人员正在进行内部装修。项目负责人介绍，厂房将于4月底\n"
            "交付使用，已有5家企业签约入驻。\n\n春季学期“营养餐”全面供应\n\n本报讯（通讯员 吴迪）新学期开学\n"
            "以来，锦屏县农村义务教育学生营养改善\n计划全面实施，全县86所中小学的2.1万\n名学生每天都能吃上营养午餐。\n\n"
            "县教育局要求各学校严格落实食材采\n购、储存和加工等环节的管理制度，实行\n校长陪餐制度，确保学生吃得安全、吃得\n营养。\n\n"
            "县城开展文明交通劝导\n\n本报讯（通讯员 杨柳）\n连日来，锦屏县组织志愿者\n在县城主要路口开展文明交\n"
            "通劝导活动，劝导行人和非\n机动车驾驶人遵守交通规则。\n")
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["锦屏县一季度重点项目建设提速", "春季学期“营养餐”全面供应", "县城开展文明交通劝导"]
    assert arts[1].body.split("\n") == [
        "新学期开学以来，锦屏县农村义务教育学生营养改善计划全面实施，全县86所中小学的2.1万名学生每天都能吃上营养午餐。",
        "县教育局要求各学校严格落实食材采购、储存和加工等环节的管理制度，实行校长陪餐制度，确保学生吃得安全、吃得营养。"]


def test_lost_headline_does_not_turn_the_page_around() -> None:
    """A one-story page whose headline is lost keeps its captions as captions (no re-reading of the page)."""
    long_body = "\n".join([BODY_A, "", BODY_B, "", "产业升级步伐加快", "", BODY_C, "", BODY_A])
    page = _page("——锦屏县隆里古城保护利用纪实", "○ 记者 龙涛", long_body, "（本版图片均由锦屏县融媒体中心提供）",
                 "古城夜景", "游客在古城内参观")
    (a,) = parse_text(page, "x.txt")
    assert (a.title, a.byline, a.subtitle) == ("", "记者 龙涛", "锦屏县隆里古城保护利用纪实")
    assert a.captions == ["（本版图片均由锦屏县融媒体中心提供）", "古城夜景", "游客在古城内参观"]


@pytest.mark.parametrize("order", [(0, 1), (1, 0)], ids=["after-page-first", "before-page-first"])
def test_real_pages_of_opposite_orders_in_one_text(seeds_dir: Path, seeds_gold: dict, order: tuple[int, int]) -> None:
    """A multi-page extraction (pages joined by form feeds) mixes a headline-after page with a
    headline-before one: every story must still get its own headline, captions and body."""
    pages = [seeds_gold["pages"][k] for k in order]
    text = "\f".join((seeds_dir / p["source"]).read_text(encoding="utf-8") for p in pages)
    got = parse_text(text, "two-pages.txt")
    want = [g for p in pages for g in p["articles"]]
    assert [(a.title, a.kicker, a.subtitle, a.byline, a.captions, a.subheads) for a in got] == \
        [(g["title"], g["kicker"], g["subtitle"], g["byline"], g["captions"], g["subheads"]) for g in want]
    assert all(similarity(a.body, g["body"]) >= 0.98 for a, g in zip(got, want, strict=True))


def test_form_feeds_between_pages_are_no_binary_data() -> None:
    text = "\f".join([_page("县里部署春耕生产", "本报讯（记者 王晨）" + BODY_A),
                      _page("县城新增充电桩120个", "本报讯（通讯员 黄山）" + BODY_B),
                      _page("消防宣传进社区", "本报讯（通讯员 马骏）" + BODY_C), ""])
    decoded, _ = decode_text(text.encode("utf-8"), "x.txt")
    assert [a.title for a in parse_text(decoded, "x.txt")] == ["县里部署春耕生产", "县城新增充电桩120个", "消防宣传进社区"]


def _seed_layouts(seeds_gold: dict, trials: int) -> list[tuple[str, dict]]:
    """The real news stories of the seeds, re-set by the page renderer in random orders, column widths,
    spacing styles and headline orders (before / after / banner-before-then-after / after-then-before).

    Left out: a before-story directly followed by an after-story that opens without any marker
    (本报讯 …): nothing in the text separates the two bodies, so no reader could split them.
    """
    import random

    render_page = load_module(PAGES / "render.py").render_page

    arts = {}
    for p in seeds_gold["pages"]:
        for a in p["articles"]:
            d = dict(a, body=a["body"].split("\n"))
            if a["byline_form"] == "benbao":
                d["lead"] = f"本报讯（{a['byline']}）"
            arts[a["id"]] = d
    news = [k for k in arts if len(arts[k]["body"]) < 30]

    def head(a: dict) -> list[tuple]:
        lines = ([a["kicker"]] if a.get("kicker") else []) + a["title"].split(" ")
        lines += ["—— " + a["subtitle"]] if a.get("subtitle") else []
        lines += ["○ " + a["byline"]] if a.get("byline_form") == "circle" else []
        return [("lines", *lines)]

    rng = random.Random(20250220)
    pages = []
    while len(pages) < trials:
        order = rng.sample(news, rng.randint(3, min(5, len(news))))
        kind = rng.choice(["before", "after", "banner-first", "after-first"])
        n = len(order)
        modes = {"before": ["before"] * n, "after": ["after"] * n, "banner-first": ["before"] + ["after"] * (n - 1),
                 "after-first": ["after"] + ["before"] * (n - 1)}[kind]
        if any(m1 == "before" and m2 == "after" and arts[b]["byline_form"] != "benbao"
               for m1, m2, b in zip(modes, modes[1:], order[1:], strict=False)):
            continue
        layout: list[tuple] = []
        for key, mode in zip(order, modes, strict=True):
            caps = [("line", c) for c in arts[key].get("captions", [])]
            layout += (head(arts[key]) + [("body", key)] if mode == "before" else [("body", key)] + head(arts[key])) + caps
        page = {"file": "x.txt", "encoding": "utf-8", "col": rng.choice([18, 20, 22]), "seed": len(pages),
                "style": rng.choice(["spaced", "tight", "mixed"]), "colbreak": 18, "para_blank": 0.7, "position": kind,
                "covers": [], "articles": arts, "order": order, "layout": layout}
        text, gold = render_page(page)
        pages.append((f"{kind} {order}", {"text": text, "articles": gold["articles"]}))
    return pages


def test_real_stories_reset_in_pure_and_mixed_layouts(seeds_gold: dict) -> None:
    problems = []
    for name, page in _seed_layouts(seeds_gold, 60):
        got = parse_text(page["text"], "x.txt")
        if len(got) != len(page["articles"]):
            problems.append(f"{name}: {len(got)} articles")
            continue
        for a, g in zip(got, page["articles"], strict=True):
            for field in ("title", "kicker", "byline", "subtitle", "subheads", "captions"):
                if getattr(a, field) != g[field]:
                    problems.append(f"{name}: {field} {getattr(a, field)!r} != {g[field]!r}")
            if similarity(a.body, g["body"]) < 0.98:
                problems.append(f"{name}: body of {g['title']!r}")
    assert not problems, "\n".join(problems[:20])
