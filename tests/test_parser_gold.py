"""The parser against hand-made gold: the two real seed pages and every sample page.

Gold articles are matched to parsed ones in order. Titles, kickers, bylines, subtitles, subheads and
captions must be exact, bodies at least 98% similar, no caption text inside a body, and duplicates
flagged exactly where gold says.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from gold_pages import gold_ids, page_problems, parse_pages

from bulletins.ingest import ingest_paths
from bulletins.model import Article


def parse_gold_pages(gold: dict, directory: Path) -> tuple[dict[str, list[Article]], dict[str, str]]:
    """Parse every gold page (in the gold's order) in one batch; map gold ids to parsed ids."""
    return parse_pages(directory, gold), gold_ids(directory, gold)


@pytest.fixture(scope="module")
def seeds_parsed(seeds_dir, seeds_gold):
    return parse_gold_pages(seeds_gold, seeds_dir)


@pytest.fixture(scope="module")
def samples_parsed(samples_dir, samples_gold):
    return parse_gold_pages(samples_gold, samples_dir)


def test_seed_pages_match_gold(seeds_gold, seeds_parsed):
    parsed, id_map = seeds_parsed
    problems = [p for page in seeds_gold["pages"] for p in page_problems(page, parsed[page["source"]], id_map)]
    assert not problems, "\n".join(problems)


def test_seed_feature_reusing_a_story_is_not_a_duplicate(seeds_gold, seeds_parsed):
    """Page 003's feature reuses 12 of 14 paragraphs of 000-a3 but is a different, longer story."""
    parsed, _ = seeds_parsed
    assert all(a.duplicate_of is None for arts in parsed.values() for a in arts)
    feature = parsed[seeds_gold["pages"][1]["source"]][0]
    assert len(feature.subheads) == 3 and feature.body.count("\n") > 40


def test_sample_pages_match_gold(samples_gold, samples_parsed):
    parsed, id_map = samples_parsed
    problems = [p for page in samples_gold["pages"] for p in page_problems(page, parsed[page["source"]], id_map)]
    assert not problems, "\n".join(problems)


def test_samples_duplicate_is_flagged(samples_gold, samples_parsed):
    parsed, id_map = samples_parsed
    wanted = {id_map[g["id"]]: id_map[g["duplicate_of"]] for p in samples_gold["pages"] for g in p["articles"]
              if g.get("duplicate_of")}
    assert wanted, "the samples' gold should contain a reprinted story"
    flagged = {a.id: a.duplicate_of for arts in parsed.values() for a in arts if a.duplicate_of}
    assert flagged == wanted


def test_headline_position_is_read_from_the_text_not_the_file_name(seeds_dir, seeds_gold, tmp_path):
    """Renamed pages parse the same: nothing depends on the file name."""
    for page in seeds_gold["pages"]:
        src = seeds_dir / page["source"]
        renamed = tmp_path / ("renamed_" + page["page"] + "_x.txt")
        renamed.write_bytes(src.read_bytes())
        a1, _ = ingest_paths([str(src)])
        a2, _ = ingest_paths([str(renamed)])
        assert [(a.title, a.body) for a in a1] == [(a.title, a.body) for a in a2]


def test_duplicates_use_a_symmetric_similarity():
    """A reprint (lightly edited) is flagged; a long feature that contains a short story is not."""
    from bulletins.ingest import mark_duplicates

    story = ["本报讯（记者 王晨）县里召开春季农业生产工作会议，部署春耕备耕、农资保供和农技服务等工作。",
             "会议要求，各乡镇要抓住春耕关键时节，落实粮食播种面积，做好种子、化肥、农药等农资储备供应。",
             "据了解，今年全县计划种植水稻十二万亩、玉米八万亩，目前各类农资已储备到位。"]
    extra = [f"第{k}部分，全县各地围绕产业发展、基础设施、公共服务、乡村治理推进了第{k}批重点项目建设。" for k in range(12)]
    reprint = [story[0], story[1].replace("各乡镇", "各乡镇（街道）"), story[2]]
    arts = [Article("p1.txt", 0, "春耕", "\n".join(story)),
            Article("p2.txt", 0, "春耕备耕", "\n".join(reprint)),
            Article("p3.txt", 0, "综述", "\n".join(story + extra))]
    mark_duplicates(arts)
    assert [a.duplicate_of for a in arts] == [None, "p1.txt#0", None]


FURNITURE_PAGE = """凯里新闻 2025年2月20日 星期四 第3版

凯里市召开2025年全市经济工作会议暨
优化营商环境大会

本报讯（记者 王晨 通讯员
张敏）2月19日，县里召开春季农业生产工作会议，
部署春耕备耕、农资保供和农技服务等工作。会议要求，各乡镇要
抓住春耕关键时节，落实粮食播种面积，做好种子、化肥、农药等
农资储备供应。

图为会议现场，县委副书记、县长陈立新在会上作了讲话，对全县
工作提出要求。

记者 王晨 摄

（下转第2版）

责任编辑：张三 美术编辑：李四
"""


def test_page_furniture_wrapped_byline_and_wrapped_caption():
    from bulletins.segment import parse_text

    (a,) = parse_text(FURNITURE_PAGE, "furniture.txt")
    assert a.title == "凯里市召开2025年全市经济工作会议暨 优化营商环境大会"
    assert a.byline == "记者 王晨 通讯员 张敏"
    assert a.body == ("2月19日，县里召开春季农业生产工作会议，部署春耕备耕、农资保供和农技服务等工作。"
                      "会议要求，各乡镇要抓住春耕关键时节，落实粮食播种面积，做好种子、化肥、农药等农资储备供应。")
    assert a.captions == ["图为会议现场，县委副书记、县长陈立新在会上作了讲话，对全县工作提出要求。", "记者 王晨 摄"]


def test_ideographic_space_indents_mark_paragraphs():
    """Extractions that keep first-line indents (　　) are split exactly there, even after a full line."""
    from bulletins.segment import parse_text

    page = ("县里召开春季农业生产会议\n\n"
            "　　本报讯（记者 王晨）2月19日，县里召开春季农业生产工作会议，\n部署春耕备耕、农资保供和农技服务等工作。\n"
            "　　会议要求，各乡镇要抓住春耕关键时节，落实粮食播种面积，做好种子\n"
            "农资储备供应。会议强调，要加强农技服务指导，组织农技人员深入田间。\n"
            "　　据了解，今年全县计划种植水稻十二万亩、玉米八万亩，目前各类农资\n已储备到位。\n")
    (a,) = parse_text(page, "indented.txt")
    assert a.body.split("\n") == [
        "2月19日，县里召开春季农业生产工作会议，部署春耕备耕、农资保供和农技服务等工作。",
        "会议要求，各乡镇要抓住春耕关键时节，落实粮食播种面积，做好种子农资储备供应。会议强调，要加强农技服务指导，组织农技人员深入田间。",
        "据了解，今年全县计划种植水稻十二万亩、玉米八万亩，目前各类农资已储备到位。",
    ]


def test_headline_ending_in_an_exclamation_is_not_a_sentence():
    from bulletins.segment import parse_text

    page = ("县里召开春季农业生产会议\n\n本报讯（记者 王晨）2月19日，县里召开春季农业生产工作会议，部署春耕\n"
            "备耕、农资保供和农技服务等工作。\n\n这里的春天静悄悄！\n\n"
            "本报讯（通讯员 石磊）连日来，县城各中小学陆续开学，交警部门在校园周\n边增派警力，护航学生平安上学。\n")
    arts = parse_text(page, "x.txt")
    assert [a.title for a in arts] == ["县里召开春季农业生产会议", "这里的春天静悄悄！"]
    assert arts[0].body.endswith("农技服务等工作。")
