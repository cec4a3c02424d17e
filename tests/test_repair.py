"""Text repairs on the damage real page extractions show (examples modelled on the seed pages)."""
from __future__ import annotations

from bulletins.repair import (
    collapse_doubled,
    display_width,
    ends_sentence,
    join_wrapped,
    repair_body,
    repair_display,
    strip_extraction_spaces,
    unspace_letterspaced,
)


def test_spaces_between_cjk_and_ascii_are_removed():
    assert strip_extraction_spaces("2 月 17 日至 19 日，会议") == "2月17日至19日，会议"
    assert strip_extraction_spaces("首期年产 20 吨 4N 镓项目") == "首期年产20吨4N镓项目"
    assert strip_extraction_spaces("“村 BA”公交车、“高铁快巴 1 号线”") == "“村BA”公交车、“高铁快巴1号线”"
    assert strip_extraction_spaces("增长了 63.99%，继 2023 年") == "增长了63.99%，继2023年"


def test_spaces_between_latin_words_survive():
    assert strip_extraction_spaces("节目中心（CGTN）和 New Year 晚会") == "节目中心（CGTN）和New Year晚会"


def test_doubled_bold_runs_collapse():
    assert repair_display("凯里市凯里市 20242024 年经济社会高质量发展综述年经济社会高质量发展综述") == \
        "凯里市2024年经济社会高质量发展综述"
    assert collapse_doubled("老旧小区改造老旧小区改造") == "老旧小区改造"
    assert collapse_doubled("凯里酸汤发展大会巡游凯里酸汤发展大会巡游") == "凯里酸汤发展大会巡游"


def test_single_character_reduplication_is_kept():
    assert collapse_doubled("人人参与天天向上") == "人人参与天天向上"
    assert collapse_doubled("凯里市政协十届五次会议召开") == "凯里市政协十届五次会议召开"


def test_letter_spaced_headline_is_rejoined():
    assert unspace_letterspaced("城 镇 建 设 提 质 群 众 幸 福 加 码") == "城镇建设提质群众幸福加码"
    assert repair_display(" 稳 中 向 好 质 量 提 升 民 生 改 善") == "稳中向好质量提升民生改善"
    # a headline whose halves are separated by one space is not letter-spaced
    assert unspace_letterspaced("“点对点”直通车 护送务工人员返岗就业") == "“点对点”直通车 护送务工人员返岗就业"


def test_sentence_end_and_width():
    assert ends_sentence("审通过！”")
    assert ends_sentence("加方便群众就近休闲健身……")
    assert not ends_sentence("缓解“坐车难”问题，凯里市采取“点对点”对接、“包车”")
    assert display_width("2025年") == 3.0


WRAPPED = """本报讯（通讯员 熊顺才）
2 月 17 日至 19 日，政治协商会议第
十届委员会第五次会议召开。

州委常委、市委书记谭夔，市委副书记、
市长杨波，市人大常委会主任李文禹，市委副
书记、市委政法委书记王柯在主席台就座。

市政协主席王凤贵讲话。市政协副主
席王丹、吴兴波、吴世军、钱阳、钟全亮、欧亚
君，市政协秘书长李仁良在主席台前排就
座。闭幕会执行主席由王丹、吴兴波、钱阳
担任。王丹主持闭幕会。
"""


def test_hard_wraps_join_and_short_sentence_ends_break():
    paras = join_wrapped(WRAPPED.splitlines()[1:])
    assert paras == [
        "2月17日至19日，政治协商会议第十届委员会第五次会议召开。",
        "州委常委、市委书记谭夔，市委副书记、市长杨波，市人大常委会主任李文禹，市委副书记、市委政法委书记王柯在主席台就座。",
        "市政协主席王凤贵讲话。市政协副主席王丹、吴兴波、吴世军、钱阳、钟全亮、欧亚君，市政协秘书长李仁良在主席台前排就座。"
        "闭幕会执行主席由王丹、吴兴波、钱阳担任。王丹主持闭幕会。",
    ]


def test_blank_line_inside_a_paragraph_is_a_column_break():
    text = ("会议期间，市委、市人大常委会、市政府领导出席\n会议，听取委员大会发言，参加小组讨论，与\n\n"
            "委员们共商改革大计，共谋发展良策。全体\n委员以饱满的政治热情、良好的履职意识、\n"
            "显了全过程人民民主的强大活力。\n")
    assert repair_body(text).count("\n") == 0
    assert "参加小组讨论，与委员们共商改革大计" in repair_body(text)


def test_full_width_sentence_end_followed_by_indented_line_breaks():
    lines = ["同一时刻的不同场景，是凯里市2024年经济社会发", "展稳中向好、质量提升、民生改善的生动缩影。",
             "隆冬时节，凯里各企业、项目正忙着抢工期、抓生产。",
             "早在2024年8月14日，全省首批光伏玻璃在炉碧", "经济开发区的贵州黔玻永太新材料有限公司成功下线交",
             "付，标志着贵州生产的光伏玻璃正式进入全球光伏组件", "供应链。"]
    paras = join_wrapped(lines)
    assert paras[1] == "隆冬时节，凯里各企业、项目正忙着抢工期、抓生产。"
    assert len(paras) == 3
