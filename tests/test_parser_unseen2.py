"""The parser on a second set of unseen pages (tests/pages_unseen2, written by another author), and the
defects those pages exposed, each pinned by a focused test on a small page.

The pages vary: 肩题/主题/副题 stacks with a colon-less kicker, box labels (相关新闻, 链接：), ■/□/○ bylines
(本报评论员, padded two-character names), 文/图 byline lines, （作者系…） notes, briefs columns without
bylines, notices, running footers cut into a story, fake-bold headlines with digits, captions and credits.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from gold_pages import generated_differences, load_gold, load_module, page_problems, parse_pages

from bulletins.model import Article
from bulletins.repair import repair_display
from bulletins.segment import parse_text

PAGES = Path(__file__).resolve().parent / "pages_unseen2"
GOLD, ID_MAP = load_gold(PAGES)


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[Article]]:
    return parse_pages(PAGES, GOLD)


@pytest.mark.parametrize("page", GOLD["pages"], ids=[p["source"] for p in GOLD["pages"]])
def test_unseen2_page_matches_gold(page: dict, parsed: dict[str, list[Article]]) -> None:
    problems = page_problems(page, parsed[page["source"]], ID_MAP)
    assert not problems, "\n".join(problems)


def test_pages_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The committed pages and gold are the generator's output (so a gold edit cannot drift from its page)."""
    load_module(PAGES / "render.py").main(tmp_path)
    assert generated_differences(tmp_path, PAGES, GOLD) == []


# ---- focused tests, one per defect these pages exposed -------------------------------------------------

def _wrap(text: str, col: float = 20) -> str:
    """A paragraph hard-wrapped the way the pages are (first line short by its indent)."""
    return "\n".join(load_module(PAGES / "render.py").wrap(text, col)) + "\n"


TEXT_1 = "3月4日，县里召开春季农业生产推进会，安排部署春耕备耕、农资保供和农技服务等工作，要求各乡镇抢抓农时，确保粮食播种面积稳定。"
TEXT_2 = "会议指出，今年全县粮食播种面积要稳定在30万亩以上，要加快高标准农田建设，推进农业机械化，提高农业综合生产能力。"
TEXT_3 = "近日，县城新建的12座公交候车亭投入使用，候车亭配有座椅、电子站牌和夜间照明，方便市民出行。"
BODY_1, BODY_2, BODY_3 = _wrap(TEXT_1), _wrap(TEXT_2), _wrap(TEXT_3)


def _page(*blocks: str) -> str:
    return "\n\n".join(b.strip("\n") for b in blocks) + "\n"


def test_bold_headline_with_digits_loses_its_doubled_measure_word() -> None:
    """Fake bold doubles each script run, one-character runs too: 3838个个 -> 38个."""
    assert repair_display("全县开工项目全县开工项目3838个个") == "全县开工项目38个"
    assert repair_display("凯里市凯里市 20242024 年综述年综述") == "凯里市2024年综述"
    # a line that shows no doubling keeps a genuine reduplication next to a number
    assert repair_display("人人 3 个") == "人人3个"
    assert repair_display("个个都是 3 好") == "个个都是3好"


def test_commentator_and_padded_two_character_name_are_bylines() -> None:
    page = _page("让群众办事更方便", "■ 本报评论员", BODY_1, "基层治理要细", "○ 吴 丹", BODY_3)
    arts = parse_text(page, "x.txt")
    assert [(a.title, a.byline) for a in arts] == [("让群众办事更方便", "本报评论员"), ("基层治理要细", "吴 丹")]
    assert [a.captions for a in arts] == [[], []]


def test_author_note_closes_the_commentary_body() -> None:
    page = _page("人才是乡村振兴的关键", "○ 杨晓东", BODY_1 + BODY_2 + "（作者系县委党校讲师）", "小事不小", "○ 石磊",
                 BODY_3)
    a, b = parse_text(page, "x.txt")
    assert a.body.endswith("（作者系县委党校讲师）") and a.captions == []
    assert (b.title, b.byline) == ("小事不小", "石磊")


def test_news_office_masthead_is_furniture() -> None:
    page = _page("青枫县人民政府新闻办公室", "全县召开春耕推进会", _wrap("本报讯（记者 王晨）" + TEXT_1), "图为会议现场",
                 "县城新建公交候车亭", _wrap("本报讯（通讯员 黄山）" + TEXT_3))
    a, b = parse_text(page, "x.txt")
    assert (a.title, a.captions) == ("全县召开春耕推进会", ["图为会议现场"])
    assert (b.title, b.captions) == ("县城新建公交候车亭", [])


def test_caption_right_under_its_story_is_not_moved_by_word_overlap() -> None:
    """'图为会议现场' shares 会议 with the next story's headline, but sits right under its own story."""
    page = _page("全县优化营商环境大会召开", _wrap("本报讯（记者 王晨）" + TEXT_1), "图为会议现场",
                 "森林防火工作会议召开",
                 _wrap("本报讯（通讯员 黄山）会议要求，各乡镇要加强巡山护林，严管野外用火，完善应急预案。"))
    a, b = parse_text(page, "x.txt")
    assert (a.captions, b.captions) == (["图为会议现场"], [])


def test_long_number_wrapped_whole_to_the_next_line_keeps_the_paragraph() -> None:
    """A number too long for the room left on a line moves whole to the next: the short line before it
    is still wrapped body text, not a headline or a section head."""
    lead = ("白水县兴农种养殖专业合作社不慎遗失公章一枚，印章编号为本县公安局备案号，特此声明作废，"
            "由此产生的一切法律责任由本单位承担。")
    lost = "杨明华不慎遗失残疾人证一本，证号522631198507120011，声明作废。"
    text = _wrap(lead, 26) + "\n" + _wrap(lost, 26)
    assert text.splitlines()[-2] == "杨明华不慎遗失残疾人证一本，证号"
    (a,) = parse_text(_page("遗失声明", text), "x.txt")
    assert a.subheads == [] and a.captions == []
    assert a.body.split("\n") == [lead, lost]


def test_briefs_column_without_bylines_is_one_article_per_headline() -> None:
    page = _page("简讯", "县医院开通夜间门诊", BODY_1, "二中举办科技节", BODY_3,
                 "龙井村光伏电站并网", BODY_2)
    arts = parse_text(page, "x.txt")
    assert [(a.title, a.subheads, a.byline) for a in arts] == [
        ("县医院开通夜间门诊", [], None), ("二中举办科技节", [], None), ("龙井村光伏电站并网", [], None)]


def test_story_closed_by_its_byline_ends_before_the_next_lone_line() -> None:
    page = _page("全县森林防火会议召开", "□ 吴晓雪 石磊", BODY_1 + BODY_2, "县里发布乡村旅游线路",
                 _wrap(TEXT_3 + "（通讯员 潘光华）"), "县医院新增大型设备", BODY_2)
    arts = parse_text(page, "x.txt")
    assert [(a.title, a.byline, a.subheads) for a in arts] == [
        ("全县森林防火会议召开", "吴晓雪 石磊", []), ("县里发布乡村旅游线路", "通讯员 潘光华", []),
        ("县医院新增大型设备", None, [])]


def test_feature_with_one_unsigned_section_head_keeps_it() -> None:
    """The other side of the rule above: a lone line inside an unsigned-run feature stays a subhead."""
    page = _page("守护一江清水", "○ 记者 吴丽", BODY_1 + BODY_2, "系统治理见实效", BODY_3 + BODY_2)
    (a,) = parse_text(page, "x.txt")
    assert a.subheads == ["系统治理见实效"]


def test_running_footer_cut_into_a_paragraph_is_dropped_and_the_paragraph_rejoined() -> None:
    page = _page("本报讯（记者 吴丽）走进城南片区的桂花小区，平整的道\n路、整齐的停车位、新装的电梯，让这个老",
                 "2025年3月9日 星期日 编辑：吴芳 校对：龙琴",
                 "小区焕发出新的生机，居民们纷纷点赞。\n今年全市计划再改造老旧小区40个，让更\n多居民住得舒心。",
                 "灵溪市：", "老旧小区改造惠及居民1.2万户")
    (a,) = parse_text(page, "x.txt")
    assert (a.kicker, a.title) == ("灵溪市：", "老旧小区改造惠及居民1.2万户")
    assert a.body.startswith("走进城南片区的桂花小区，平整的道路、整齐的停车位、新装的电梯，让这个老小区焕发出新的生机")


@pytest.mark.parametrize("order", ["before", "after"])
def test_colon_less_kicker_over_a_headline_with_subtitle(order: str) -> None:
    head = ("奋力推进“四化”建设", "全市一季度集中开工项目38个\n—— 总投资126亿元")
    body = _wrap("本报讯（记者 石磊）3月7日，全市一季度重大项目集中开工仪式举行，38个项目集中开工。") + BODY_2
    page = _page(*head, body) if order == "before" else _page(body, *head)
    (a,) = parse_text(page, "x.txt")
    assert (a.kicker, a.title, a.subtitle, a.captions) == (
        "奋力推进“四化”建设", "全市一季度集中开工项目38个", "总投资126亿元", [])


def test_two_unpunctuated_lines_with_no_blank_stay_one_headline() -> None:
    """The kicker rule needs the blank line: a headline set on two lines is joined, not split."""
    page = _page("三穗县：", "春季招聘会\n搭起就业“连心桥”", _wrap("本报讯（通讯员 杨秀英）" + TEXT_1))
    (a,) = parse_text(page, "x.txt")
    assert (a.kicker, a.title) == ("三穗县：", "春季招聘会 搭起就业“连心桥”")


def test_box_label_over_a_headline_is_its_kicker() -> None:
    page = _page("守护一江清水", "○ 记者 吴丽", BODY_1 + BODY_2, "清水江灵溪段", "相关新闻", "全市发布美丽河湖名单",
                 BODY_3, "链接：", "河湖长制", BODY_2)
    arts = parse_text(page, "x.txt")
    assert [(a.kicker, a.title) for a in arts] == [
        (None, "守护一江清水"), ("相关新闻", "全市发布美丽河湖名单"), ("链接：", "河湖长制")]
    assert arts[0].captions == ["清水江灵溪段"]


def test_special_correspondent_in_every_byline_form() -> None:
    """特约 qualifies 通讯员 as it does 记者: after ○, on a lone line, and closing a story."""
    page = _page("小山村里的养蜂经", "○ 特约通讯员 杨帆", BODY_1 + BODY_2, "县城新建公交候车亭", "特约通讯员 龙承志",
                 BODY_3, "县里发布春季旅游线路", _wrap(TEXT_2 + "（特约通讯员 潘光华）"))
    arts = parse_text(page, "x.txt")
    assert [(a.title, a.byline, a.captions) for a in arts] == [
        ("小山村里的养蜂经", "特约通讯员 杨帆", []), ("县城新建公交候车亭", "特约通讯员 龙承志", []),
        ("县里发布春季旅游线路", "特约通讯员 潘光华", [])]
    assert arts[2].body == TEXT_2


def test_text_and_photo_byline_line_with_slashes() -> None:
    page = _page("白水县5G基站实现乡镇全覆盖", "文/记者 石磊 图/通讯员 龙江", BODY_1 + BODY_2)
    (a,) = parse_text(page, "x.txt")
    assert (a.title, a.byline, a.captions) == ("白水县5G基站实现乡镇全覆盖", "文/记者 石磊 图/通讯员 龙江", [])


def test_caption_closed_by_its_credit_does_not_swallow_the_next_headline() -> None:
    caption = "图为技术人员在调试新建的基站设备（龙江 摄）"
    page = _page("县里5G基站实现全覆盖", _wrap("本报讯（记者 石磊）" + TEXT_1, len(caption)), caption,
                 "大山深处的“追光者”\n——记高坡供电所所长杨勇", "○ 记者 罗文静", _wrap(TEXT_2, len(caption)))
    a, b = parse_text(page, "x.txt")
    assert a.captions == [caption]
    assert (b.title, b.subtitle, b.byline) == ("大山深处的“追光者”", "记高坡供电所所长杨勇", "记者 罗文静")


def test_rows_of_a_list_introduced_by_a_colon_stay_in_the_body() -> None:
    intro = "经报名、资格审查、面试等程序，现将拟聘用人员名单公示如下："
    rows = ["杨秀英 女 城关镇 保洁员", "吴光明 男 龙塘镇 护林员", "潘小红 女 高坡乡 公共服务协理员"]
    close = "公示期为2025年3月13日至3月19日。如有异议，请向县人力资源和社会保障局反映。"
    page = _page("公益性岗位拟聘用人员公示", _wrap(intro, 26), *rows, _wrap(close, 26), "青枫县人力资源和社会保障局",
                 "2025年3月13日")
    (a,) = parse_text(page, "x.txt")
    assert a.captions == [] and a.subheads == []
    assert a.body.split("\n") == [intro, *rows, close, "青枫县人力资源和社会保障局", "2025年3月13日"]


def test_front_page_imprint_weather_contents_and_qr_prompt_are_furniture() -> None:
    page = _page("洪水新闻", "中共洪水县委机关报 洪水县融媒体中心主办", "国内统一连续出版物号：CN52-0099 第1268期",
                 "今日天气：多云转晴 8℃～19℃", "全县项目推进会召开", _wrap("本报讯（记者 吴江）" + TEXT_1), "扫码观看视频",
                 "县城新建公交候车亭", _wrap("本报讯（通讯员 杨梅）" + TEXT_3), "本期导读", "▶2版 春风送暖，就业有“岗”")
    a, b = parse_text(page, "x.txt")
    assert (a.title, a.byline, a.body, a.captions) == ("全县项目推进会召开", "记者 吴江", TEXT_1, [])
    assert (b.title, b.byline, b.body, b.captions) == ("县城新建公交候车亭", "通讯员 杨梅", TEXT_3, [])


def test_poem_lines_are_kept_as_lines() -> None:
    verse = ["春风翻过苗岭，", "把沉睡的山村轻轻唤醒，", "梯田里的水，", "映着一片湛蓝的天空。", "芦笙吹响的时候，",
             "桃花开满了寨子。"]
    page = _page("母亲的菜园", "○ 杨晓东", BODY_1 + BODY_2 + BODY_1, "春到苗岭", "○ 龙 琴", "\n".join(verse[:4]),
                 "\n".join(verse[4:]))
    a, b = parse_text(page, "x.txt")
    assert (a.body, a.byline) == (TEXT_1 + "\n" + TEXT_2 + "\n" + TEXT_1, "杨晓东")
    assert (b.title, b.byline, b.body.split("\n")) == ("春到苗岭", "龙 琴", verse)


def test_gold_covers_what_this_author_varied() -> None:
    covers = " ".join(c for p in GOLD["pages"] for c in p["covers"])
    for need in ("headline before", "headline after", "colon-less kicker", "相关新闻", "■ 本报评论员", "（作者系…）",
                 "briefs without bylines", "notice page", "公示", "编者按", "图①", "running head", "footer mid-story",
                 "reprint", "本报3月1日讯", "特约通讯员", "文/图", "实习生", "（… 摄）", "interview", "poem", "weather box",
                 "bold-doubled headline", "letter-spaced headline", "subheads", "double-spaced", "新华社"):
        assert need in covers, need
