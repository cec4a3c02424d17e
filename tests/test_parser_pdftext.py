"""The parser on pages damaged by REAL PDF text extractors (tests/pages_pdftext): eight newspaper pages set with
reportlab (2-4 columns, headlines above and under bodies, kickers, 本报讯 and ○ bylines, photo captions, slogan
bands, a long feature with subtitle and section heads, fake-bold and letter-spaced headlines, figures set in
Times) and extracted by pdftotext (reading order), pdftotext -raw (content-stream order), pdfplumber's and
pdfminer.six's extract_text(); and the defects those extractions exposed, each pinned by a focused test on a small page.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from gold_pages import generated_differences, load_gold, load_module, page_problems, parse_pages

from bulletins.model import Article
from bulletins.repair import repair_display
from bulletins.segment import parse_text

HERE = Path(__file__).resolve().parent / "pages_pdftext"
FOLDERS = {"default": HERE, "raw": HERE / "raw", "pdfplumber": HERE / "pdfplumber", "pdfminer": HERE / "pdfminer"}
GOLDS = {mode: load_gold(folder) for mode, folder in FOLDERS.items()}
CASES = [(mode, p) for mode, (gold, _) in GOLDS.items() for p in gold["pages"]]


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict[str, list[Article]]]:
    return {mode: parse_pages(FOLDERS[mode], gold) for mode, (gold, _) in GOLDS.items()}


@pytest.mark.parametrize(("mode", "page"), CASES, ids=[f"{m}-{p['source']}" for m, p in CASES])
def test_extracted_page_matches_gold(mode: str, page: dict, parsed: dict) -> None:
    problems = page_problems(page, parsed[mode][page["source"]], GOLDS[mode][1])
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pages_are_what_the_generator_extracts(tmp_path: Path) -> None:
    """The committed pages and gold are the generator's output: set the PDFs again, extract them again."""
    load_module(HERE / "build.py").main(tmp_path)
    for mode, folder in FOLDERS.items():
        assert generated_differences(tmp_path / folder.relative_to(HERE), folder, GOLDS[mode][0]) == [], mode


# ---- focused tests, one per defect these extractions exposed ------------------------------------------

STORY_A = ["本报讯（通讯员 韦小林）近日，山后村的果园里，村民们正忙着给",
           "桃树疏花、施肥，为今年的丰收打好基础。",
           "今年，全村桃树种植面积达到800亩，预计产量",
           "比去年增长两成。"]
STORY_B = ["傍晚时分，河滨公园里散步的市民越来越多，",
           "健身步道上不时有人跑过。",
           "公园去年完成改造，新增绿地1.2万平方米，成了",
           "周边居民休闲的好去处。"]


def _page(*blocks: list[str] | str) -> str:
    return "\n\n".join(b if isinstance(b, str) else "\n".join(b) for b in blocks) + "\n"


def test_a_circle_byline_under_a_signed_storys_headline_opens_the_next_story() -> None:
    """Headline under its body, then ○ 江涛 over the next body: the story above is already signed by its
    本报讯（…）, so the names are not its second byline (they were taken for it, and the next story lost them)."""
    text = _page(STORY_A, "山后村桃花开满坡", "○ 江涛\n" + "\n".join(STORY_B), "河滨公园人气旺")
    arts = parse_text(text, "t.txt")
    assert [(a.title, a.byline) for a in arts] == [("山后村桃花开满坡", "通讯员 韦小林"), ("河滨公园人气旺", "江涛")]


def _wrap(text: str, col: int = 22) -> list[str]:
    """Hard-wrap as a column does: the first line two ems short (its indent), closing marks never lead."""
    lines, cur, width = [], "", col - 2
    for ch in text:
        if len(cur) >= width and ch not in "，。、；：？！”）":
            lines.append(cur)
            cur, width = "", col
        cur += ch
    return lines + [cur]


def _feature(blank: bool, twice: bool) -> str:
    """A feature with a mid-page photo: its captions sit between the first section and the second's head."""
    heads = {"石桥镇的变化", "——一个山区小镇的五年", "道路畅通了", "产业兴起来了"}
    paras = [["五年前，石桥镇还是一个交通不便的山区小镇，年轻人大多外出打工，镇上显得冷冷清清。",
              "如今走进石桥镇，街道干净整洁，商铺一家挨着一家，来往的车辆络绎不绝。"],
             ["2021年，连接县城的二级公路建成通车，从镇上到县城只要半个小时，比过去节省了一个多小时。",
              "公路通了，镇上的蔬菜、水果和土鸡蛋也能及时运出去，卖上一个好价钱。",
              "“以前菜烂在地里也运不出去，现在收购商直接开车到地头来收。”菜农老杨说。"],
             ["镇里抓住交通改善的机遇，引进了一家竹制品加工厂，带动200多名群众在家门口就业。",
              "“在家门口上班，还能照顾老人孩子。”在厂里务工的村民说，她每个月能挣3000多元。"]]
    blocks = [["石桥镇的变化", "——一个山区小镇的五年", "○ 罗文"], *[_wrap(p) for p in paras[0]],
              ["道路畅通了"], *[_wrap(p) for p in paras[1]],
              ["（本版图片由石桥镇党政办提供）", "新修的公路", "镇上的集市"],
              ["产业兴起来了"], *[_wrap(p) for p in paras[2]]]
    lines: list[str] = []
    for block in blocks:
        for ln in block:
            lines += [ln, ln] if twice and ln in heads else [ln]
        if blank:
            lines.append("")
    return "\n".join(lines) + "\n"


def test_a_section_head_after_a_photos_captions_stays_a_section_head() -> None:
    """Captions of a mid-feature photo, then (after a blank) the next section's head: the head was read as a
    new headless story's headline and the rest of the feature was lost to it."""
    arts = parse_text(_feature(blank=True, twice=False), "t.txt")
    assert [(a.title, a.subtitle, a.byline) for a in arts] == [("石桥镇的变化", "一个山区小镇的五年", "罗文")]
    assert arts[0].subheads == ["道路畅通了", "产业兴起来了"]
    assert arts[0].captions == ["（本版图片由石桥镇党政办提供）", "新修的公路", "镇上的集市"]
    assert arts[0].body.endswith("她每个月能挣3000多元。")


def test_without_blank_lines_a_bold_section_head_after_captions_is_told_by_its_face() -> None:
    """pdftotext -raw keeps no blanks; the section heads are fake bold, emitted as the line twice."""
    arts = parse_text(_feature(blank=False, twice=True), "t.txt")
    assert [(a.title, a.subtitle, a.subheads) for a in arts] == [
        ("石桥镇的变化", "一个山区小镇的五年", ["道路畅通了", "产业兴起来了"])]
    assert arts[0].captions == ["（本版图片由石桥镇党政办提供）", "新修的公路", "镇上的集市"]
    assert len(arts[0].body.split("\n")) == 7


def test_a_fake_bold_line_emitted_twice_is_one_headline_line() -> None:
    """Fake bold drawn as the whole line twice comes out of pdftotext -raw / pdfminer as two identical lines;
    the copy is dropped and the line counts as bold, so a two-line headline under it joins."""
    text = "\n".join(STORY_A + ["山后村：", "桃花开满坡", "桃花开满坡"] + STORY_B
                     + ["小小口袋公园", "小小口袋公园", "撑起市民幸福感", "撑起市民幸福感"]) + "\n"
    arts = parse_text(text, "t.txt")
    assert [(a.kicker, a.title) for a in arts] == [("山后村：", "桃花开满坡"), (None, "小小口袋公园 撑起市民幸福感")]
    assert arts[1].captions == []
    # a sentence said twice is prose, not a doubled line
    arts = parse_text(_page(STORY_B[:2] + ["“加油！”", "“加油！”", "观众们喊道。"], "河滨公园人气旺"), "t.txt")
    assert arts[0].body.count("“加油！”") == 2


def test_glyph_doubled_lines_are_bold_and_a_doubled_dash_pair_is_not_the_subtitle() -> None:
    """pdfplumber doubles fake bold glyph by glyph: 小小小小快快递递站站 / ————云云溪溪…"""
    text = "\n".join(STORY_A + ["小小小小快快递递站站", "打打通通农农村村物物流流最最后后一一公公里里"] + STORY_B
                     + ["河河滨滨公公园园人人气气旺旺", "————一一座座公公园园的的新新生生"]) + "\n"
    arts = parse_text(text, "t.txt")
    assert [(a.title, a.subtitle, a.captions) for a in arts] == [
        ("小小快递站 打通农村物流最后一公里", None, []), ("河滨公园人气旺", "一座公园的新生", [])]


def test_a_letter_spaced_slogan_band_is_not_a_caption() -> None:
    """pdftotext -raw sets the page's slogan band out letter by letter, gaps and all: it is left over from
    every headline, and a caption is never letter-spaced."""
    text = _page(STORY_A, "山后村桃花开满坡", STORY_B, "河滨公园人气旺", "守 护 绿 水 青 山 建 设 美 丽 家 园")
    arts = parse_text(text, "t.txt")
    assert [(a.title, a.captions) for a in arts] == [("山后村桃花开满坡", []), ("河滨公园人气旺", [])]


def test_a_figure_that_only_looks_doubled_is_kept_on_a_line_not_in_bold() -> None:
    """——云溪市 2020 年以来…: a year like 2020 was halved as a fake-bold doubling; fake bold doubles every
    run of a line, so figures are collapsed only where the script runs are doubled too."""
    assert repair_display("——云溪市 2020 年以来乡村振兴工作纪实") == "——云溪市2020年以来乡村振兴工作纪实"
    assert repair_display("第1515次列车准点发车") == "第1515次列车准点发车"
    # a bold line still collapses, figures and all
    assert repair_display("云溪市云溪市 20202020 年以来年以来") == "云溪市2020年以来"
    text = "\n".join(STORY_A + ["石桥镇2020年以来的变化"]) + "\n"
    assert parse_text(text, "t.txt")[0].title == "石桥镇2020年以来的变化"


def test_a_line_doubled_run_by_run_is_bold_and_joins_a_two_line_headline() -> None:
    """pdfminer: the first headline line drawn twice as a whole (two lines), the second run by run in line
    (两成以上两成以上): both are bold, one headline on two lines, not a headline and a caption."""
    text = _page(STORY_A + ["一季度外贸进出口增长", "一季度外贸进出口增长", "两成以上两成以上"], STORY_B, "河滨公园人气旺")
    arts = parse_text(text, "t.txt")
    assert [(a.title, a.captions) for a in arts] == [("一季度外贸进出口增长 两成以上", []), ("河滨公园人气旺", [])]
