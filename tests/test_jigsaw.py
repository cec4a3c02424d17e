"""The jigsaw (bulletins/jigsaw.py) on a page written for this test and laid out the way `pdftotext`'s default
mode emits a newspaper page: blocks separated by blank lines, out of reading order.

The page holds four stories: a news story in a wide column whose second block was emitted after another story's
headline; a commentary in two narrow columns whose lines come interleaved one by one; and two news stories whose
headlines were emitted together, one of them far from its body. The same stories printed in reading order are
the reference: read back together, the scrambled page must give the same articles.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bulletins import jigsaw
from bulletins.segment import parse_text

STOPS = "，。、；：！？”）》"

PARKS = ["本报讯（记者 周敏）10月8日，位于城东、城西和老城区的三座口袋公园同时向市民开放。这三座公园由闲置边角地改造"
         "而成，总面积约一万二千平方米，配有步道、座椅、儿童游乐设施和健身器材。",
         "改造过程中，县住建部门先后三次征求周边居民意见，根据大家的建议增加了遮阳廊架和夜间照明，还保留了原有的二十"
         "多棵大树。家住附近的王阿姨说：“以前这里堆满杂物，现在每天傍晚都来散步，心情舒畅多了。”",
         "据介绍，今年全县计划建成口袋公园十座，其余七座将于年底前完工。"]
COMMENT = ["口袋公园虽小，却连着居民的日常生活。",
           "建好口袋公园，首先要问需于民。选址之前多到小区里走一走，听听老人和孩子的想法，哪里需要座椅，哪里需要树荫，"
           "哪里需要健身器材，都应当心中有数，不能简单地铺草种树了事。",
           "管好口袋公园，更要久久为功。绿植需要养护，设施需要维修，卫生需要保洁，只有建立长效管护机制，明确责任主体，"
           "才能让小公园始终干净整洁、充满活力。",
           "口袋公园还可以多一些文化味道。在园内设置宣传栏、阅读角，展示本地的历史故事和先进人物，让居民在休闲娱乐的"
           "同时了解家乡、热爱家乡，小公园也能成为传承文化的新阵地。",
           "城市的温度，往往就藏在这些细微之处。把每一块边角地用好用活，让群众出门就能见绿、抬脚就能健身，获得感和"
           "幸福感自然会一点点提升。"]
GRAIN = ["本报讯（通讯员 陈立）记者从县粮食和物资储备局获悉，截至10月8日，全县已收购秋粮二万三千吨，占计划的百分之"
         "五十四。今年秋粮长势好、品质优，收购价格总体平稳。",
         "为方便农民售粮，全县十二个收购网点延长了营业时间，并开通预约售粮服务，农民通过手机即可查询价格、预约时段，"
         "平均排队时间缩短到半小时以内。"]
MARKET = ["本报讯（记者 吴霞）经过三个月的施工，城南农贸市场提升改造工程日前完工，市场重新开门迎客。改造后的市场划分"
          "为蔬菜、肉类、水产、干货等八个区域，地面全部铺设防滑地砖，还新增了公平秤和农药残留检测室。"]

MASTHEAD = "松溪日报 2025年10月9日 星期四 第1版"
PARKS_HEAD, COMMENT_HEAD, GRAIN_HEAD, MARKET_HEAD = (
    "县城新建三座口袋公园投入使用", "让小公园装下大民生", "全县秋粮收购进度过半", "城南农贸市场完成提升改造")


def wrap(paragraphs: list[str], col: int) -> list[str]:
    """Lines as a typesetter sets them: a paragraph's first line indented by two (the indent itself is lost in
    extraction), a stop never starting a line (it hangs at the end of the line before)."""
    out = []
    for p in paragraphs:
        width = col - 2
        while p:
            n = width + (1 if len(p) > width and p[width] in STOPS else 0)
            out.append(p[:n])
            p, width = p[n:], col
    return out


def page(*blocks: list[str]) -> str:
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


def interleave(lines: list[str]) -> list[str]:
    """Two columns side by side, emitted line by line across both (the left column one line longer)."""
    half = (len(lines) + 1) // 2
    left, right = lines[:half], lines[half:]
    return [x for a, b in zip(left, [*right, ""], strict=True) for x in (a, b) if x]


PARKS_LINES, COMMENT_LINES = wrap(PARKS, 20), wrap(COMMENT, 13)
GRAIN_LINES, MARKET_LINES = wrap(GRAIN, 20), wrap(MARKET, 20)

IN_ORDER = page([MASTHEAD], [PARKS_HEAD], PARKS_LINES, [COMMENT_HEAD, "□ 李青"], COMMENT_LINES,
                [GRAIN_HEAD], GRAIN_LINES, [MARKET_HEAD], MARKET_LINES)
# the parks story's column breaks after its second line (城东…同时向市 / 民开放。…), and its rest is emitted after the
# grain story's headline; the market story's headline is emitted with the grain story's, far from its body
SCRAMBLED = page([MASTHEAD], [PARKS_HEAD], PARKS_LINES[:2], [COMMENT_HEAD, "□ 李青"], interleave(COMMENT_LINES),
                 [MARKET_HEAD], [GRAIN_HEAD], PARKS_LINES[2:], GRAIN_LINES, MARKET_LINES)


def _fields(text: str) -> list[tuple[str, str | None, str]]:
    return [(a.title, a.byline, "".join(a.body.split())) for a in parse_text(text, "p.txt")]


def _numbered(text: str) -> list[tuple[str, int]]:
    return [(t, i) for i, t in enumerate(text.splitlines(), 1)]


def test_page_in_reading_order_is_left_alone() -> None:
    assert jigsaw.reorder(_numbered(IN_ORDER)) is None


def test_scrambled_page_reads_as_the_page_in_order() -> None:
    want = [(PARKS_HEAD, "记者 周敏", "".join(PARKS)[len("本报讯（记者 周敏）"):]),
            (COMMENT_HEAD, "李青", "".join(COMMENT)),
            (GRAIN_HEAD, "通讯员 陈立", "".join(GRAIN)[len("本报讯（通讯员 陈立）"):]),
            (MARKET_HEAD, "记者 吴霞", "".join(MARKET)[len("本报讯（记者 吴霞）"):])]
    assert _fields(IN_ORDER) == want
    assert _fields(SCRAMBLED) == want


def test_interleaved_columns_are_told_apart_in_reading_order() -> None:
    block = [(t, i) for i, t in enumerate(interleave(COMMENT_LINES))]
    first, second = jigsaw._deinterleave(block)
    assert [t for t, _ in first + second] == COMMENT_LINES


def test_one_column_is_not_split() -> None:
    block = [(t, i) for i, t in enumerate(COMMENT_LINES)]
    assert jigsaw._deinterleave(block) == [block]


def test_column_break_joins_where_a_word_runs_across() -> None:
    # 同时向市 / 民开放: the dictionary's 市民 runs across the cut; a line that starts a story does not continue
    assert jigsaw._word_across(PARKS_LINES[1], PARKS_LINES[2])
    assert jigsaw._join(PARKS_LINES[1], PARKS_LINES[2], 20) >= jigsaw.MOVE_STRONG
    assert jigsaw._starts_story(GRAIN_LINES[0]) and not jigsaw._starts_story(PARKS_LINES[2])


def test_open_sentence_before_a_new_story_with_no_orphan_is_left_alone() -> None:
    """A block left mid-sentence whose rest is nowhere on the page (it continues on another page): nothing moves."""
    text = page([PARKS_HEAD], PARKS_LINES[:2], [GRAIN_HEAD], GRAIN_LINES)
    assert jigsaw.reorder(_numbered(text)) is None


def test_headline_emitted_apart_goes_to_the_story_it_echoes() -> None:
    order = jigsaw.reorder(_numbered(SCRAMBLED))
    assert order is not None
    texts = [t for t, _ in order if t]
    at = texts.index(MARKET_HEAD)
    assert texts[at + 1] == MARKET_LINES[0]
    assert texts[texts.index(GRAIN_HEAD) + 1] == GRAIN_LINES[0]


def test_positions_are_the_texts_own_line_numbers() -> None:
    """Read in another order, an article still names the lines of the text it came from: its span covers the
    parks story's second block, printed after the grain story's headline."""
    lines = SCRAMBLED.splitlines()
    parks = parse_text(SCRAMBLED, "p.txt")[0]
    assert parks.position["first_line"] == lines.index(PARKS_HEAD) + 1
    assert parks.position["last_line"] == lines.index(PARKS_LINES[-1]) + 1


def test_nothing_is_lost_or_added_however_the_blocks_come() -> None:
    """Every character of the page comes back exactly once, whatever order the blocks were emitted in."""
    blocks = SCRAMBLED.strip().split("\n\n")
    rng = random.Random(11)
    for _ in range(20):
        rng.shuffle(blocks)
        text = "\n\n".join(blocks)
        order = jigsaw.reorder(_numbered(text))
        got = text if order is None else "\n".join(t for t, _ in order)
        assert Counter("".join(got.split())) == Counter("".join(text.split()))


def test_the_jigsaw_loads_jieba_with_its_cache_in_the_user_cache_never_in_tmp(tmp_path: Path) -> None:
    """A text page parsed in a fresh process (`briefing ingest` loads no summarizer) loads jieba's dictionary
    for the words across cuts through the summarizers' loader: its cache goes to the user's cache folder, not
    to a shared /tmp name (issue 12's rule)."""
    root = Path(__file__).resolve().parent.parent
    code = ("import jieba; from bulletins.ingest import ingest_one; "
            f"n = len(ingest_one({str(root / 'samples/bulletins/lanjiang-daily_2025-02-20_p01.txt')!r})); "
            "print(n, jieba.dt.initialized, jieba.dt.tmp_dir)")
    env = {k: v for k, v in os.environ.items() if k not in ("BRIEFING_CACHE_DIR", "XDG_CACHE_HOME")}
    env.update(PYTHONPATH=str(root), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    count, initialized, folder = out.stdout.split()
    assert int(count) > 0 and initialized == "True"
    assert folder == str(tmp_path / "xdg" / "morning-briefing")
    assert (tmp_path / "xdg" / "morning-briefing" / "jieba.cache").is_file()
