"""Defects found by re-rendering the test pages with held-out-style perturbations (tests/stress_parser.py).

Each page below is small but laid out as a real extraction would be; the last test keeps the measured
exactness of a fixed-seed stress run from sliding back.
"""
from __future__ import annotations

import sys
from pathlib import Path

from bulletins.repair import shown_bold
from bulletins.segment import parse_text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stress_parser  # noqa: E402

IND = "\u3000\u3000"


def test_question_headline_under_indented_paragraph_starts_a_story() -> None:
    # indents mark paragraphs and there is no blank line: the question headline and its lone byline
    # line must not be glued to the end of the story above
    text = "\n".join([
        "锦屏新闻 2025年3月11日 星期二 第2版",
        "林权改革激活“绿色银行”",
        IND + "本报讯（记者 龙涛 通讯员 杨柳）3月10日，锦屏县首笔林业碳汇收益权质押贷款在县农商",
        "银行发放，当地一家林业合作社凭借未来的碳汇收益获得贷款300万元。",
        IND + "截至目前，全县已累计发放林权抵押贷款2.6亿元，带动林农户均增收4000余元。",
        "春茶开采价几何？",
        "本报记者 欧阳雪",
        IND + "3月上旬，锦屏县的早春茶陆续开采。在县城茶叶交易市场，一芽一叶的鲜叶收购价达到",
        "每斤80元左右，比去年同期略有上涨。",
        IND + "县茶产业发展中心负责人介绍，全县茶园面积已达11万亩，今年预计春茶产值可突破5亿元。",
    ]) + "\n"
    arts = parse_text(text, "jinping-news_2025-03-11_p02.txt")
    assert [a.title for a in arts] == ["林权改革激活“绿色银行”", "春茶开采价几何？"]
    assert arts[0].body.endswith("带动林农户均增收4000余元。")
    assert arts[1].byline == "本报记者 欧阳雪"
    assert arts[1].body.startswith("3月上旬，")


def test_verb_led_slogan_between_stories_is_furniture() -> None:
    # 践行 + a known slogan, printed between two stories, is neither a caption nor part of a headline
    text = "\n".join([
        "县人民医院新增CT等大型设备",
        "",
        "日前，县人民医院新采购的128排螺旋CT、1.5T磁共振等大型医疗设备完成安装调试，正",
        "式投入使用。",
        "",
        "据介绍，新设备扫描速度更快、辐射剂量更低、成像更清晰，能够满足心脑血管、肿瘤等",
        "疾病的诊断需要。",
        "",
        "践行社会主义核心价值观",
        "青枫二中举办科技文化节",
        "",
        "3月4日，青枫县第二中学第五届科技文化节开幕，全校1200余名学生参加了机器人编程、",
        "航模制作和科普讲座等活动。",
        "",
        "学校负责人表示，科技文化节已连续举办五年，成为学生展示创新能力的重要平台。",
    ]) + "\n"
    arts = parse_text(text, "qingfeng-gov_2025-03-05_p02.txt")
    assert [a.title for a in arts] == ["县人民医院新增CT等大型设备", "青枫二中举办科技文化节"]
    assert all(a.captions == [] for a in arts)
    assert all("核心价值观" not in a.body for a in arts)


def test_two_line_headline_after_indented_paragraph() -> None:
    # a headline on two lines printed right under an indented story (blank lines part the paragraphs but
    # not the stories): its first line is not the story's last line
    text = "\n".join([
        "东林日报 2025年3月2日 星期日 第1版 要闻",
        "",
        "《东林市城市绿化条例》4月1日起施行",
        "",
        IND + "本报讯（记者 张可欣）日前，东林市人大常委会审议通过《东林市城市绿化条例》，经省",
        "人大常委会批准，将于4月1日起正式施行。",
        "",
        IND + "《条例》共六章四十二条，对城市绿化规划、建设、保护和管理作出全面规范，明确新建",
        "居住区绿地率不得低于30%。",
        "",
        IND + "针对擅自砍伐、移植树木问题，《条例》规定应当报城市绿化主管部门审批。",
        "东林至白水高速公路",
        "控制性工程全面复工",
        "",
        IND + "本报讯（记者 罗文静）3月1日，东林至白水高速公路东林隧道、清江特大桥等控制性工程",
        "全面复工，1200余名建设者重返工地。",
        "",
        IND + "项目负责人介绍，今年计划完成投资28亿元，力争年底实现主线贯通。",
    ]) + "\n"
    arts = parse_text(text, "donglin-daily_2025-03-02_p01.txt")
    assert [a.title for a in arts] == ["《东林市城市绿化条例》4月1日起施行", "东林至白水高速公路 控制性工程全面复工"]
    assert arts[0].body.endswith("应当报城市绿化主管部门审批。")
    assert arts[1].byline == "记者 罗文静"


def test_numbered_subhead_between_blanks_on_indented_page() -> None:
    # on a page that marks paragraphs by indents, a short numbered line set between blank lines is a
    # subhead, not the end of the paragraph above it
    text = "\n".join([
        "兰溪新闻 2025年3月14日 星期五 第2版",
        "一个村的“美丽蝶变”",
        "—— 兰溪县桃源村人居环境整治见闻",
        "本报记者 程亮",
        IND + "春日的桃源村，白墙青瓦的民居错落有致，房前屋后的小菜园整",
        "整齐齐，村道两旁栽满了花草。",
        IND + "很难想象，几年前这里还是污水横流、垃圾乱堆的模样。",
        "",
        "一、从“脏乱差”到“洁净美”",
        "",
        IND + "2022年起，桃源村以人居环境整治为突破口，拆除危旧房屋和",
        "残垣断壁86处，新建污水管网5.2公里。",
        "",
        "二、从“要我干”到“我要干”",
        "",
        IND + "村里把环境卫生写进村规民约，每月评选“美丽庭院”，评上的",
        "农户可以在村里的积分超市兑换生活用品。",
    ]) + "\n"
    arts = parse_text(text, "lanxi-news_2025-03-14_p02.txt")
    assert len(arts) == 1
    assert arts[0].subheads == ["一、从“脏乱差”到“洁净美”", "二、从“要我干”到“我要干”"]
    assert arts[0].body.split("\n")[1] == "很难想象，几年前这里还是污水横流、垃圾乱堆的模样。"


def test_closing_byline_wrapped_after_role_word_keeps_its_space() -> None:
    # the line broke at the space after 通讯员: joining the lines must not glue the role word to the name
    text = "\n".join([
        "云溪日报 2025年3月5日 星期三 第2版",
        "",
        "春季动物防疫工作启动",
        "",
        "3月起，云溪县全面启动春季重大",
        "动物疫病集中免疫工作，组织180余名",
        "防疫员深入村寨，为生猪、牛、羊和家",
        "禽开展免疫注射。",
        "",
        "县农业农村局要求，各乡镇要做到",
        "应免尽免、不留死角，同时加强对养殖",
        "场户的消毒指导和疫情监测，确保畜牧",
        "业生产安全。（记者 孙婷 通讯员",
        "潘红）",
    ]) + "\n"
    arts = parse_text(text, "yunxi-daily_2025-03-05_p02.txt")
    assert len(arts) == 1
    assert arts[0].byline == "记者 孙婷 通讯员 潘红"
    assert arts[0].body.endswith("确保畜牧业生产安全。")


def test_repeating_prose_line_is_not_fake_bold() -> None:
    # 一。的的…一。的的… repeats itself but has only two characters besides punctuation: taking it for a
    # bold headline dropped it from the body (found by tests/test_repair_properties.py)
    assert not shown_bold("一。的的的的的的的的一。的的的的的的的的")
    assert not shown_bold("是。一的的的的的的的是。一的的的的的的的")    # a full stop: prose
    assert shown_bold("谢谢你，守夜人谢谢你，守夜人")
    page = ("县政协会议召开\n\n本报讯（通讯员 张三 李四）的的的的的的的的\n"
            "一。的的的的的的的的一。的的的的的的的的\n的。\n")
    arts = parse_text(page, "prop.txt")
    assert len(arts) == 1
    assert arts[0].body == "的的的的的的的的一。的的的的的的的的一。的的的的的的的的的。"
    # one character over and over is not every glyph doubled either; a figure label 图一 needs its text
    page = ("县政协会议召开\n\n本报讯（通讯员 张三 李四）的的\n的的的的的，的的的的的的的的\n"
            "的的的的的的。的的的的的。的\n的的的的的的的的的的的的的的\n图一 1。\n")
    arts = parse_text(page, "prop.txt")
    assert len(arts) == 1 and arts[0].captions == []
    assert arts[0].body.endswith("的的的的的的的的的的的的的的图一1。")
    page = ("县政协会议召开\n\n本报讯（通讯员 张三 李四）的的\n的。的的的 1。的的的的的的的\n的的。的的的的的的的的的的的\n"
            "的的。的的的，的的的的的的的\n图一的，的的的，的的的。\n")
    arts = parse_text(page, "prop.txt")
    assert arts[0].captions == [] and arts[0].body.endswith("的的的图一的，的的的，的的的。")


def test_stress_run_stays_exact() -> None:
    # a fixed seed makes the renders reproducible; the figure is what the parser reached when written
    res = stress_parser.run(seed=7, renders=30)
    assert res["renders"] == 30
    assert res["exact_rate"] >= RATE_FLOOR, res["failures"]


RATE_FLOOR = 0.86    # measured 0.867 (26 of 30 renders fully exact) when the fixes went in
