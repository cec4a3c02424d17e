"""The parser on a third set of unseen pages (tests/pages_unseen3, written by a third author to look like the
seeds), and the defects those pages exposed, each pinned by a focused test on a small page.

The pages: 要闻 pages with headlines after their bodies, kickers, far 图为 captions and slogans; 15- to 42-em
columns; two-paragraph briefs and 30-paragraph reports; stories without bylines; one reporter twice on a page;
headlines with ！/？/，; genuine reduplication (人人, 天天, 谢谢) in plain and fake-bold headlines; spaced-out
numbers and codes (2 0 0 6, 5 G, A I); a traditional-character page; CRLF line endings with trailing spaces;
a reprint across sources and a feature reusing part of a story.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from gold_pages import generated_differences, load_gold, load_module, page_problems, parse_pages

from bulletins.model import Article
from bulletins.repair import repair_display, shown_bold, strip_extraction_spaces
from bulletins.segment import parse_text

PAGES = Path(__file__).resolve().parent / "pages_unseen3"
GOLD, ID_MAP = load_gold(PAGES)


def _build():
    return load_module(PAGES / "build.py")


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[Article]]:
    return parse_pages(PAGES, GOLD)


@pytest.mark.parametrize("page", GOLD["pages"], ids=[p["source"] for p in GOLD["pages"]])
def test_unseen3_page_matches_gold(page: dict, parsed: dict[str, list[Article]]) -> None:
    problems = page_problems(page, parsed[page["source"]], ID_MAP)
    assert not problems, "\n".join(problems)


def test_pages_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The committed pages and gold are the generator's output (a gold edit cannot drift from its page)."""
    _build().main(tmp_path)
    assert generated_differences(tmp_path, PAGES, GOLD) == []


# ---- focused tests, one per defect these pages exposed -------------------------------------------------

def _para(text: str, col: int = 17) -> str:
    return "\n".join(_build().wrap(text, col))


def _page(*blocks: str) -> str:
    return "\n\n".join(b.strip("\n") for b in blocks) + "\n"


STORY_1 = ("凌晨两点，县城的街道已经安静下来，环卫工人还在清扫路面。",
           "他们负责县城主干道的夜间保洁，每晚工作6个小时，一干就是十几年。")
STORY_2 = ("在城南农贸市场，卖鱼的摊主已经在这里做了二十年生意，很多顾客都成了老朋友。",
           "“老顾客常来常往，生意一年比一年好。”摊主笑着说。")


def test_a_bold_reduplication_is_halved_once_only() -> None:
    """Collapsing 谢谢谢谢 to 谢谢 must not then halve the genuine 谢谢 as a doubled one-character run."""
    assert repair_display("谢谢谢谢") == "谢谢"
    assert repair_display("谢谢！谢谢！") == "谢谢！"
    assert repair_display("年年有余年年有余") == "年年有余"
    # the one-character runs of a doubled line still collapse
    assert repair_display("全县开工项目全县开工项目3838个个") == "全县开工项目38个"


def test_a_whole_line_in_fake_bold_is_a_headline_even_with_a_comma() -> None:
    """A doubled line as wide as a first line and holding a comma was read as the next story's first line."""
    assert shown_bold("谢谢你，守夜人谢谢你，守夜人")
    assert not shown_bold("“谢谢你，守夜人。”他说完就走了，")
    text = _page(_para(STORY_1[0]), _para(STORY_1[1]), "谢谢你，守夜人谢谢你，守夜人",
                 _para(STORY_2[0]), _para(STORY_2[1]), "常来常往常来常往\n年年有余年年有余")
    arts = parse_text(text, "t.txt")
    assert [a.title for a in arts] == ["谢谢你，守夜人", "常来常往 年年有余"]
    assert arts[1].body.startswith("在城南农贸市场")


def test_one_lone_line_on_a_headline_after_page_heads_the_story_above() -> None:
    """Two unsigned stories with headlines printed under them: the first headline is not a section head."""
    text = _page(_para("4月12日，县里召开安全生产和防汛工作会议，总结一季度工作，安排部署下一阶段任务。", 30),
                 _para("会议指出，今年以来全县安全生产形势总体平稳，未发生较大以上生产安全事故。", 30),
                 _para("会议要求，各地各部门要时刻绷紧防汛这根弦，压紧压实责任，全面排查隐患。", 30),
                 "县里部署安全生产和防汛工作",
                 _para("4月13日，县里在青龙水库举行防汛应急演练，应急、水务、消防等部门150余人参加。", 30),
                 _para("演练模拟强降雨导致水库水位快速上涨、下游群众需紧急转移的场景。", 30),
                 "县里举行防汛应急演练")
    arts = parse_text(text, "t.txt")
    assert [(a.title, a.subheads) for a in arts] == [("县里部署安全生产和防汛工作", []), ("县里举行防汛应急演练", [])]


def test_a_far_caption_goes_to_the_story_only_it_echoes() -> None:
    """A 图为 caption at the page foot shares the city's name with every story: words only one story shares
    (刺绣) decide, even when that share is below the general threshold."""
    text = _page(_para("本报讯（通讯员 石磊）今年以来，县里组织非遗传承人走进中小学，开设刺绣、竹编等课程。"),
                 _para("学校负责人表示，将把刺绣课程纳入课后服务，让更多学生了解家乡文化。"),
                 "非遗进校园", _para("本报讯（记者 田甜）近日，县城新建的公交候车亭投入使用，方便市民出行。"),
                 _para("候车亭配有座椅、电子站牌和夜间照明。"), "公交候车亭投用", "图为学生在学习刺绣技艺")
    arts = parse_text(text, "t.txt")
    assert [a.captions for a in arts] == [["图为学生在学习刺绣技艺"], []]


def test_spaced_out_two_character_codes_rejoin() -> None:
    """`5 G` (a digit and a letter) and `A I` (two capitals between Chinese) are codes set out letter by letter."""
    assert strip_extraction_spaces("累计建成 5 G 基站") == "累计建成5G基站"
    assert strip_extraction_spaces("推动 5 G+工业互联网") == "推动5G+工业互联网"
    assert strip_extraction_spaces("墒情， A I 摄像头") == "墒情，AI摄像头"
    # Latin words keep their spaces
    assert strip_extraction_spaces("Plan A B test") == "Plan A B test"


def test_blanks_after_sentence_ends_split_short_paragraphs() -> None:
    """On a page of one- and two-line paragraphs the column is measured from first lines; a blank line after a
    sentence end still separates paragraphs when blanks follow sentence ends and not running lines."""
    paras = ["从山间茶园到海外茶桌，一片茶叶要走多远？",
             "在云岭县和邻近的桐溪县，越来越多的茶农找到了答案。",
             "白岩村地处高山，云雾缭绕，种茶历史悠久，但过去茶叶多以散茶形式出售，价格一直上不去。",
             "近年来，村里引进龙头企业，建起标准化加工厂，统一品种、统一管护、统一收购，茶叶品质明显提升。",
             "云岭县的做法则是抱团发展。全县成立茶叶产业联合体，23家合作社共用一个品牌、一条生产线。",
             "“单打独斗拿不到大订单，联合起来就不一样了。”联合体负责人岑国梁说。",
             "去年，联合体销售茶叶460吨，销售额突破9000万元，其中出口占三成。"]
    text = _page(*[_para(p, 23) for p in paras], "一片叶子的出海路")
    arts = parse_text(text, "t.txt")
    assert len(arts) == 1 and arts[0].body.split("\n") == paras


BRIEF_1 = ("4月13日上午，城际轨道交通1号线开通试运营，全线设车站19座，全程运行约42分钟。",
           "试运营初期，列车最小行车间隔为6分钟，市民可刷交通卡或手机扫码乘车。")
BRIEF_2 = ("记者从市生态环境局获悉，一季度全市空气质量优良天数比例达到96.7%，同比提高2.2个百分点。",
           "全市国控、省控断面水质全部达到或优于Ⅲ类标准。")


def test_a_photo_credit_in_reporter_brackets_is_a_caption_not_a_closing_byline() -> None:
    """（记者 韦小川 摄） under a 图为 caption credits the photo; it was taken for a story's closing byline and lost."""
    text = _page(_para("本报讯（记者 韦小川）" + BRIEF_1[0], 20), _para(BRIEF_1[1], 20), "轨道交通1号线开通试运营",
                 "图为首批乘客在站台候车\n（记者 韦小川 摄）",
                 _para("本报讯（记者 潘思雨）" + BRIEF_2[0], 20), _para(BRIEF_2[1], 20), "一季度空气质量持续向好")
    arts = parse_text(text, "t.txt")
    assert arts[0].captions == ["图为首批乘客在站台候车", "（记者 韦小川 摄）"]
    assert arts[0].byline == "记者 韦小川"


def test_a_two_line_headline_whose_first_line_ends_on_a_comma() -> None:
    text = _page(_para("本报讯（记者 潘思雨）" + BRIEF_2[0], 20), _para(BRIEF_2[1], 20), "天更蓝了，\n水更清了",
                 _para("本报讯（记者 韦小川）" + BRIEF_1[0], 20), _para(BRIEF_1[1], 20), "轨道交通1号线开通试运营")
    arts = parse_text(text, "t.txt")
    assert [(a.title, a.captions) for a in arts] == [("天更蓝了， 水更清了", []), ("轨道交通1号线开通试运营", [])]


def test_a_far_caption_wrapped_with_a_long_second_line_stays_one_caption() -> None:
    cap = "图为农机手驾驶插秧机在石桥镇的稻田里作业，身后是一行行整齐的秧苗"
    text = _page(_para("本报讯（通讯员 卢晓）早上6点，农机手就来到了田边，给插秧机加油、检查秧盘。", 20),
                 _para("据了解，今年全市水稻机插秧率预计达到75%以上，比去年提高5个百分点。", 20),
                 "春耕一线：农机手的一天", _para(cap, 20).replace("\n  ", "\n"), "强信心 稳增长 惠民生")
    arts = parse_text(text, "t.txt")
    assert arts[0].captions == [cap]
    assert "秧苗" not in arts[0].body.split("\n")[-1][-3:]
    # a caption set to its photo's width, narrower than the text column
    text = _page(_para("本报讯（通讯员 卢晓）早上6点，农机手就来到了田边，给插秧机加油、检查秧盘，准备下田。", 28),
                 _para("据了解，今年全市水稻机插秧率预计达到75%以上，比去年提高5个百分点，农机服务更加完善。", 28),
                 "春耕一线：农机手的一天", _para(cap, 20).replace("\n  ", "\n"), "强信心 稳增长 惠民生")
    assert parse_text(text, "t.txt")[0].captions == [cap]


def test_a_headline_over_a_first_line_where_short_paragraphs_hide_the_column() -> None:
    """14-em column, one-sentence paragraphs: the column is measured at first-line width, so the unsigned brief's
    first line looked full and swallowed the headline printed above it; the wider line after it shows it is a
    first line. (The end of the marathon page, rendered as on the page.)"""
    build = _build()
    page = next(p for p in build.PAGES if p["id"] == "p13")
    story, brief = page["articles"]
    page = dict(page, articles=[dict(story, paras=story["paras"][-8:]), brief])
    arts = parse_text(build.render(page), "t.txt")
    assert [a.title for a in arts] == ["万人奔跑在桐溪河畔", "县图书馆延长开放时间"]
    assert arts[1].body.split("\n") == brief["paras"]


def test_a_traditional_opening_with_bao_dao_in_its_taiwan_spelling() -> None:
    """本報訊 記者 林嘉欣 報導 (導, not 道) opens a story: its names are the byline, not body text."""
    text = _page(_para("本報訊 記者 林嘉欣 報導 4月15日晚，鶴川市全民運動會在市體育中心開幕，3200名運動員參加。", 19),
                 _para("本屆運動會設田徑、游泳、籃球等18個大項，比賽將持續到6月底。", 19), "全民運動會開幕")
    arts = parse_text(text, "t.txt")
    assert [(a.title, a.byline) for a in arts] == [("全民運動會開幕", "記者 林嘉欣")]
    assert arts[0].body.startswith("4月15日晚")


def test_a_byline_wrapped_inside_its_brackets_does_not_widen_the_column() -> None:
    """本报讯（记者 田甜 实习生 蒙小 / 雨）…: the rejoined line is two printed lines; measured as one it set a
    26-em column for the 13-em story under it, and its next line was taken as a short paragraph end.
    (The 13-em page, rendered as on the page.)"""
    build = _build()
    page = next(p for p in build.PAGES if p["id"] == "p17")
    arts = parse_text(build.render(page), "t.txt")
    assert [a.title for a in arts] == [a["title"] for a in page["articles"]]
    assert arts[-1].byline == "记者 田甜 实习生 蒙小雨"
    assert arts[-1].body.split("\n") == page["articles"][-1]["paras"]


def test_a_byline_broken_between_two_names_keeps_the_printed_space() -> None:
    """（通讯员 龚振华 何琳 / 欧阳秀）: the break fell on the space between two names; 蒙小 / 雨 is one name."""
    text = _page("本报讯（通讯员 龚振华 何琳\n欧阳秀）4 月 16 日，桐溪县召开招商\n引资工作推进大会，总结一季度工作。",
                 "会议要求，各部门要当好服务企业\n的“店小二”，推动项目早落地。", "桐溪县召开招商引资推进大会",
                 "本报讯（记者 田甜 实习生 蒙小\n雨）4 月 12 日至 14 日，桐溪县的 8\n家茶企携 30 余款产品参加茶博会。",
                 "展会期间，桐溪茶企共签订购销合\n同 1200 万元。", "桐溪茶叶亮相春季茶博会")
    arts = parse_text(text, "t.txt")
    assert [a.byline for a in arts] == ["通讯员 龚振华 何琳 欧阳秀", "记者 田甜 实习生 蒙小雨"]


def test_question_headlines_closing_the_page_head_the_last_story() -> None:
    """停车难谁来解？ / 停车位从哪来？ as the page's last lines were read as the story's closing sentences, and
    every headline above moved down one story."""
    build = _build()
    page = next(p for p in build.PAGES if p["id"] == "p18")
    arts = parse_text(build.render(page), "t.txt")
    assert [(a.title, a.byline, a.subtitle) for a in arts] == [
        ("一条老街的新生", "记者 潘思雨", "青岚市西门老街改造见闻"), ("停车难谁来解？ 停车位从哪来？", "记者 韦小川", None)]
    assert arts[1].body.split("\n") == page["articles"][1]["paras"]


def test_blank_lines_after_sentence_ends_split_paragraphs_between_section_heads() -> None:
    """The blank-line rule counts prose lines only: a feature's section heads (with blanks after them) do not
    make the page look double-spaced, so a kinsoku-widened full line before a blank still ends its paragraph."""
    build = _build()
    page = next(p for p in build.PAGES if p["id"] == "p18")
    arts = parse_text(build.render(page), "t.txt")
    want = [p for p in page["articles"][0]["paras"] if not p.startswith("#")]
    assert arts[0].body.split("\n") == want
    assert arts[0].subheads == ["留住老街的“魂”", "让老街“活”起来"]
