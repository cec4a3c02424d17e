"""What a page prints about itself (bulletins.provenance): paper, date, edition from the masthead, on the
samples (text in five encodings and PDF), the real front page in ../shared, and the layouts that mislead."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED

from bulletins.provenance import Provenance, from_bytes, from_lines, from_text

# what each sample page's masthead says (read off the pages; two pages have no masthead at all)
SAMPLES = {
    "lanjiang-daily_2025-02-20_p01.txt": ("澜江日报", "2025-02-20", "第1版 要闻"),  # date, paper, edition
    "lanjiang-daily_2025-02-20_p02.txt": ("澜江日报", "2025-02-20", "第2版 经济·民生"),  # masthead at the foot
    "lanjiang-daily_2025-02-20_p03.txt": ("澜江日报", "2025-02-20", "第3版 社会"),  # paper, edition, date
    "lanjiang-daily_2025-02-20_p04.pdf": ("澜江日报", "2025-02-20", "第4版 文旅"),
    "mingtan-news_2025-02-20_p01.txt": ("明潭縣政新聞", "2025-02-20", "第1版"),  # Big5, traditional
    "songhe-news_2025-02-19_p01.txt": ("今日松禾", "2025-02-19", "第1版"),
    "songhe-news_2025-02-20_p01.txt": (None, None, None),
    "songhe-news_2025-02-20_p02.txt": ("今日松禾", "2025-02-20", "第2版 综合"),  # UTF-8 with BOM
    "songhe-news_2025-02-20_p03.txt": (None, None, None),
    "songhe-news_2025-02-20_p04.pdf": ("今日松禾", "2025-02-20", "第4版 教育 民生"),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_mastheads(samples_dir, name):
    paper, date, edition = SAMPLES[name]
    assert from_bytes((samples_dir / name).read_bytes(), name) == Provenance(paper, date, edition)


def test_every_sample_is_covered(samples_dir):
    assert sorted(p.name for p in samples_dir.iterdir() if p.suffix in (".txt", ".pdf")) == sorted(SAMPLES)


def test_real_front_page():
    """The real page prints its date in three runs (`16` above `2024年10月` and `日 星期三`); its Chinese name
    and `01 要闻` are images, so only the English masthead line is text."""
    pdf = SHARED / "real" / "p1_hyb_20241016_01.pdf"
    if not pdf.exists():
        pytest.skip(f"the real page is not at {pdf} (../shared beside the repo; set BRIEFING_SHARED)")
    prov = from_bytes(pdf.read_bytes(), pdf.name)
    assert prov.date == "2024-10-16"
    assert prov.paper == "CHINA OFFSHORE OIL PRESS"
    assert prov.edition is None  # not in the text layer: nothing is guessed


def test_a_notice_signature_date_is_not_the_page_date():
    page = ["澜江市人民政府关于春节期间停水的通知", "因管网改造，2月21日城区部分区域停水。",
            "特此通知。", "澜江市人民政府", "2025 年 2 月 18 日", "建设生态美丽澜江"]
    assert from_lines(page) == Provenance()


def test_a_date_in_the_first_sentence_is_not_a_masthead():
    page = ["县委召开常委会", "本报讯 2025年2月18日，县委书记主持召开县委常委会会议，研究部署第2版面提到的工作。"]
    assert from_lines(page) == Provenance()


def test_full_width_digits_and_chinese_edition_numbers():
    assert from_text("清水晚报　２０２５年３月１日　星期六　第十二版　副刊\n正文") == Provenance(
        "清水晚报", "2025-03-01", "第12版 副刊")


def test_edition_codes_and_iso_dates():
    assert from_text("THE QINGSHUI DAILY  2025-03-01  A3版 要闻\n正文") == Provenance(
        "THE QINGSHUI DAILY", "2025-03-01", "A3版 要闻")


def test_an_impossible_date_is_not_read():
    assert from_text("清水日报 2025年2月30日 星期日 第1版").date is None


def test_undecodable_bytes_give_an_empty_provenance_not_an_error():
    assert from_bytes(b"%PDF-1.4 garbage", "x.pdf") == Provenance()
    assert from_bytes(b"", "x.txt") == Provenance()


def test_pure_function_of_text(tmp_path: Path):
    """No file, clock or environment involved: the same text gives the same answer."""
    text = "今日松禾 2025 年 2 月 19 日 星期三 第 1 版\n正文"
    assert from_text(text) == from_text(text) == Provenance("今日松禾", "2025-02-19", "第1版")
    assert from_text(text).to_json() == {"paper": "今日松禾", "date": "2025-02-19", "edition": "第1版"}


def test_a_masthead_over_three_lines_with_lunar_date():
    page = ["清溪日报", "2025 年 3 月 4 日 星期二 农历二月初五", "第1版 要闻", "清溪县：", "春季重大项目集中开工",
            "本报讯（记者 罗雪梅）3月3日，全县春季重大项目集中开工。"]
    assert from_lines(page) == Provenance("清溪日报", "2025-03-04", "第1版 要闻")


def test_editor_credits_and_continuations_are_not_the_paper():
    page = ["2025年3月2日 星期日 编辑：潘婷 校对：杨柳", "（上接第1版）", "本报讯（通讯员 石磊）走进便民服务中心。",
            "东林日报 第2版 综合"]
    assert from_lines(page) == Provenance("东林日报", "2025-03-02", "第2版 综合")
    assert from_lines(["（上接第1版）", "正文继续。"]) == Provenance()


def test_section_printed_before_the_edition():
    assert from_text("2025 年 4 月 14 日  星期一  青岚日报  要闻  第 1 版\n正文") == Provenance(
        "青岚日报", "2025-04-14", "第1版 要闻")
