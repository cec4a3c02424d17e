"""The text parser's page-wide evidence (issue 11), each mechanism on a small made-up page: a line that continues
a sentence is body however short; end signatures are bylines; captions closed by a credit are captions wherever
they stand; jump lines mark the article and two pages' parts are joined; pieces of one printed line (figure runs,
stops at a line start, justified lines) are rejoined; a headless story takes the headline that echoes its lead."""
from __future__ import annotations

from pathlib import Path

from bulletins.ingest import ingest_paths
from bulletins.linescore import RUNS_ON, body_score, open_at_end
from bulletins.pieces import rejoin_pieces
from bulletins.repair import unspace_justified
from bulletins.segment import Line, parse_text


def _page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


SCHOOL_HEAD = "课后服务延时一小时 家长接娃不再犯愁"
SCHOOL_A = ("本报讯（记者 王晓燕）新学期开始，城区十二所小学全\n"
            "部推行课后服务，放学时间由下午四点半延后到五点\n"
            "半，学生可在校完成作业，参加兴趣小组活动。")
# after a column break: the first line of a paragraph, indented (the indent lost), short, after a gap
SCHOOL_B = ("“课后服务解决了我们家\n"
            "的大难题。”家长李女士说，她和丈夫都在工业园上\n"
            "班，以前每天下午都要请人帮忙接孩子，现在孩子\n"
            "在学校写完作业，回家就能安心吃饭休息。")
SCHOOL_C = ("据介绍，课后服务坚持家长自愿原则，目前报名学生\n"
            "已超过九成。（记者 王晓燕）")
ROAD_HEAD = "南环路改造工程全面完工"
ROAD = ("本报讯（通讯员 陈明）日前，南环路改造工程通过验\n"
        "收，全长3.2公里的道路完成拓宽，新增非机动车道\n"
        "和人行道，沿线路灯全部更换为节能灯具。")


def test_a_short_first_line_after_a_gap_that_runs_on_is_body_not_a_title() -> None:
    arts = parse_text(_page(SCHOOL_HEAD, SCHOOL_A, SCHOOL_B, SCHOOL_C, ROAD_HEAD, ROAD), "p.txt")
    assert [a.title for a in arts] == [SCHOOL_HEAD, ROAD_HEAD]
    assert "“课后服务解决了我们家的大难题。”" in arts[0].body
    assert arts[0].body.endswith("目前报名学生已超过九成。")


def test_the_body_score_names_its_evidence() -> None:
    lines = [Line(t, k) for k, t in enumerate(SCHOOL_B.split("\n"), 1)]
    from bulletins.kinds import _infos

    infos = _infos(lines)
    assert open_at_end(infos[0].norm)                 # the quote is left open
    assert body_score(infos, 0) >= RUNS_ON
    assert not open_at_end(ROAD_HEAD)


SIGNED = ("10月14日，县委召开全县秋冬季森林防火工作会议，安\n"
          "排部署今冬明春森林防火工作。会议要求，各乡镇要\n"
          "压实责任，加强巡查，确保不发生重大森林火灾。")
BRIEF = ("近日，城关镇组织志愿者走进敬老院，为老人打扫房\n"
         "间、理发、表演节目，陪老人们度过了愉快的一天。\n"
         "（陈维连 陈传撑）")


def test_end_signatures_are_bylines() -> None:
    page = _page("县委部署森林防火工作", SIGNED, "宗何", "志愿服务暖人心", BRIEF)
    arts = parse_text(page, "p.txt")
    assert [(a.title, a.byline) for a in arts] == [("县委部署森林防火工作", "宗何"),
                                                    ("志愿服务暖人心", "陈维连 陈传撑")]
    assert all("宗何" not in a.body and "陈维连" not in a.body for a in arts)
    # a bare name may be a stray line: the article says its byline is a guess; names in brackets are sure
    assert [a.notes for a in arts] == [["byline guessed"], []]


def test_a_bare_name_under_a_headline_and_a_lone_bullet_are_byline_and_furniture() -> None:
    page = _page("让数据多跑路", "田昀澍", "□", SIGNED)
    arts = parse_text(page, "p.txt")
    assert [(a.title, a.byline) for a in arts] == [("让数据多跑路", "田昀澍")]


def test_captions_closed_by_a_credit_are_captions_wherever_they_stand() -> None:
    page = _page("南环路改造工程全面完工", ROAD, "10月13日，改造后的南环路车流顺畅。特约记者 杜鹏辉 摄",
                 "县委部署森林防火工作", SIGNED, "陈维连/摄")
    arts = parse_text(page, "p.txt")
    assert [a.title for a in arts] == ["南环路改造工程全面完工", "县委部署森林防火工作"]
    assert arts[0].captions == ["10月13日，改造后的南环路车流顺畅。特约记者 杜鹏辉 摄"]
    assert arts[1].captions == ["陈维连/摄"]
    assert all("摄" not in a.body for a in arts)


def test_a_lone_sentence_over_a_bracketed_photo_credit_is_the_caption() -> None:
    # pdftotext -raw prints a photo's caption and its credit between two paragraphs of the story
    first, rest = ROAD.split("\n", 2)[:2], ROAD.split("\n", 2)[2]
    page = _page("南环路改造工程全面完工", "\n".join([*first, rest, "改造后的南环路成了市民散步的好去处。", "（吴晓东/摄）",
                                                 "据介绍，南环路是城区南部的主干道，改造前路面破损，\n高峰时段拥堵严重。"]))
    (a,) = parse_text(page, "p.txt")
    assert a.captions == ["改造后的南环路成了市民散步的好去处。（吴晓东/摄）"]
    assert "好去处" not in a.body and a.body.endswith("高峰时段拥堵严重。")


def test_page_foot_credits_phone_and_latin_masthead_are_furniture() -> None:
    page = _page("CHINA RIVER DAILY", "南环路改造工程全面完工", ROAD,
                 "本期值班副总编 / 李华 责任编辑 / 王芳 责任校对 / 赵敏 电话：", "（0851）84528274")
    arts = parse_text(page, "p.txt")
    assert [a.title for a in arts] == ["南环路改造工程全面完工"]
    assert arts[0].captions == [] and "84528274" not in arts[0].body and "王芳" not in arts[0].body


def test_jump_lines_mark_the_article_and_stay_out_of_its_body() -> None:
    arts = parse_text(_page("县委部署森林防火工作", SIGNED, "（下转第二版）", "南环路改造工程全面完工", ROAD), "p1.txt")
    assert arts[0].notes == ["continues on page 2"] and "下转" not in arts[0].body
    assert arts[1].notes == []
    rest = parse_text(_page("（上接第一版）", "会议强调，要加强宣传教育，引导群众文明祭扫，\n从源头上减少火灾隐患。"), "p2.txt")
    assert rest[0].notes == ["continued from page 1"] and "上接" not in rest[0].body


def test_two_pages_ingested_together_join_the_continued_article(tmp_path: Path) -> None:
    p1, p2 = tmp_path / "a_p01.txt", tmp_path / "a_p02.txt"
    p1.write_text(_page("县委部署森林防火工作", SIGNED, "（下转第二版）", "南环路改造工程全面完工", ROAD),
                  encoding="utf-8")
    p2.write_text(_page("森林防火", "（上接第一版）", "会议强调，要加强宣传教育，引导群众文明祭扫，\n"
                        "从源头上减少火灾隐患。", "志愿服务暖人心", BRIEF), encoding="utf-8")
    arts, errors = ingest_paths([str(p1), str(p2)])
    assert not errors
    assert [a.title for a in arts] == ["县委部署森林防火工作", "南环路改造工程全面完工", "志愿服务暖人心"]
    first = arts[0]
    assert first.body.endswith("引导群众文明祭扫，从源头上减少火灾隐患。")
    assert first.notes == ["joined with page 2"]
    assert [(a.source, a.index) for a in arts[1:]] == [(str(p1), 1), (str(p2), 0)]
    # alone, each page keeps its part and its note; another paper's page 2 is not this story's rest
    alone, _ = ingest_paths([str(p1)])
    assert alone[0].notes == ["continues on page 2"]
    other = tmp_path / "b_p02.txt"
    other.write_text(p2.read_text(encoding="utf-8"), encoding="utf-8")
    apart, _ = ingest_paths([str(p1), str(other)])
    assert len(apart) == 4 and apart[0].notes == ["continues on page 2"]
    assert apart[2].notes == ["continued from page 1"] and apart[2].title == "森林防火"


def test_figure_runs_and_stops_at_a_line_start_rejoin_their_line() -> None:
    # a Founder-made PDF: the figures of the first printed line are runs of their own
    text = ["本报讯 今年", "5", "月 1", "9", "日，全县首批十二个村级", "养老服务站同时投入运行，服务覆盖全县老人",
            "三千余名", "。"]
    joined = [ln.text for ln in rejoin_pieces([Line(t, k) for k, t in enumerate(text, 1)])]
    assert joined[0] == "本报讯 今年5月19日，全县首批十二个村级"
    assert joined[-1] == "三千余名。"
    arts = parse_text(_page("村级养老服务站投用", "\n".join(text)), "p.txt")
    assert [a.title for a in arts] == ["村级养老服务站投用"]
    assert arts[0].body == "今年5月19日，全县首批十二个村级养老服务站同时投入运行，服务覆盖全县老人三千余名。"


def test_justified_lines_spread_glyph_by_glyph_are_rejoined() -> None:
    assert unspace_justified("本 报 讯 10 月 14 日 ， 中 国 海 油") == "本报讯10月14日，中国海油"
    assert unspace_justified("吴 丹") == "吴 丹"
    assert unspace_justified("LNG （液化天然气） 贸易、油气") == "LNG （液化天然气） 贸易、油气"


LEAD = ("本报讯（记者 郝明）10月13日，随着中心平台完工装\n"
        "船，我国海上首个多层稠油热采项目在青岛实现陆地\n"
        "建造完工。该项目是我国海上迄今为止最大规模的稠\n"
        "油热采建造项目，两座平台均重约一万六千吨。")


def test_a_headless_story_takes_the_headline_that_echoes_its_lead() -> None:
    # two headlines stacked over one story (an extractor's reading order); the other story has none
    page = _page("县委部署森林防火工作", "我国海上首个多层稠油热采项目陆地完工", SIGNED, LEAD)
    arts = parse_text(page, "p.txt")
    assert [a.title for a in arts] == ["县委部署森林防火工作", "我国海上首个多层稠油热采项目陆地完工"]
    # the block's last line went to the story under it first: both stories' headlines are guesses, and say so
    assert arts[1].notes == ["title guessed"] and arts[0].notes == ["title guessed"]


def test_kicker_two_line_title_and_a_subtitle_without_a_dash_in_one_block() -> None:
    # pdftotext -raw prints a headline stack with no blank lines: 肩题, a title on two lines, a 副题 of two clauses
    head = "\n".join(["城市更新", "老旧小区", "换上“新衣裳”", "今年改造小区42个 惠及居民1.6万户", "□ 本报记者 罗明"])
    body = ("今年以来，我市老旧小区改造全面提速，城区四十二个小\n区陆续开工，改造内容包括屋面防水、外墙保温、管网更\n"
            "新和加装电梯等，惠及居民一万六千多户。\n改造中，各小区坚持先征求意见再定方案，居民提出的\n"
            "停车难、晾晒难等问题都写进了改造清单。")
    (a,) = parse_text(head + "\n" + body + "\n", "p.txt")
    assert (a.kicker, a.title, a.subtitle, a.byline) == ("城市更新", "老旧小区 换上“新衣裳”",
                                                         "今年改造小区42个 惠及居民1.6万户", "本报记者 罗明")


def test_join_works_from_notes_alone_as_the_pdf_path_leaves_them() -> None:
    from bulletins.ingest import join_continued
    from bulletins.model import Article

    def art(source: str, index: int, title: str, body: str, notes: list[str]) -> Article:
        return Article(source=source, index=index, title=title, body=body, position={"page": 1}, notes=notes)

    head = art("in/daily_01.pdf", 0, "县委部署森林防火工作", "会议要求，各乡镇要压实责任。", ["continues on page 2"])
    other = art("in/daily_01.pdf", 1, "南环路改造工程全面完工", "日前，南环路改造工程通过验收。", [])
    rest = art("in/daily_02.pdf", 0, "森林防火", "会议强调，要加强宣传教育。", ["continued from page 1"])
    wrong_page = art("in/daily_03.pdf", 0, "森林防火", "另一段文字。", ["continued from page 1"])
    kept = join_continued([head, other, rest, wrong_page])
    assert [a.title for a in kept] == ["县委部署森林防火工作", "南环路改造工程全面完工", "森林防火"]
    assert head.body == "会议要求，各乡镇要压实责任。\n会议强调，要加强宣传教育。" and head.notes == ["joined with page 2"]
    assert kept[2] is wrong_page and wrong_page.index == 0


HARVEST = ("10月9日，全县秋冬种生产全面铺开，各乡镇组织农机\n"
           "手抢抓晴好天气翻耕整地，已完成播种六万余亩，占\n"
           "计划的七成以上。")


def test_a_name_closing_a_story_in_its_block_is_its_signature_not_the_next_headline_kicker() -> None:
    # the name is printed in one block with the finished story above it; a headline and its ——subtitle follow
    page = _page("县委部署森林防火工作", SIGNED + "\n宗何", "秋冬种生产全面铺开\n——各乡镇抢抓农时综述", HARVEST)
    arts = parse_text(page, "p.txt")
    assert [(a.kicker, a.title, a.byline) for a in arts] == [(None, "县委部署森林防火工作", "宗何"),
                                                              (None, "秋冬种生产全面铺开", None)]


CLINIC = ("本报讯（通讯员 龙燕）县医共体远程会诊覆盖全部乡镇卫生\n"
          "院。今年以来，县人民医院通过远程会诊为乡镇患者\n"
          "提供诊疗服务三千六百余例，基层首诊率明显提高。")


def test_a_headlines_first_line_taken_by_another_story_rejoins_its_second_line() -> None:
    # two headlines side by side on one printed line (the second letter-spaced), the second's other line apart
    # (printed over another story), and the story itself headless
    page = _page("县委部署森林防火工作 县 医 共 体 远 程 会 诊", SIGNED, "覆盖全部乡镇卫生院", ROAD_HEAD, ROAD, CLINIC)
    arts = parse_text(page, "p.txt")
    assert [a.title for a in arts] == ["县委部署森林防火工作", ROAD_HEAD, "县医共体远程会诊 覆盖全部乡镇卫生院"]
