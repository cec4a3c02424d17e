"""Sentence splitting for Chinese news and the furniture filter (what is not the article)."""
from __future__ import annotations

from summarizers import clean_text
from summarizers.base import candidates, clause_cut, split_sentences


def texts(sents):
    return [s.text for s in sents]


def test_stops_closing_quotes_and_ellipsis():
    text = "他说：“今天开会。”大家都同意！真的吗？是的；我们走吧……然后呢"
    assert texts(split_sentences(text)) == ["他说：“今天开会。”", "大家都同意！", "真的吗？", "是的；", "我们走吧……", "然后呢"]


def test_closing_bracket_after_stop_stays_with_the_sentence():
    assert texts(split_sentences("会议结束。下一条！）继续")) == ["会议结束。", "下一条！）", "继续"]


def test_commas_never_end_a_sentence_and_paragraphs_do():
    text = "第一段，有逗号、顿号：还有冒号\n\n第二段开头。第二句\n"
    got = split_sentences(text)
    assert texts(got) == ["第一段，有逗号、顿号：还有冒号", "第二段开头。", "第二句"]
    assert [s.para for s in got] == [0, 1, 1] and [s.pos_in_para for s in got] == [0, 0, 1]
    for s in got:
        assert text[s.start:s.start + len(s.text)] == s.text


def test_offsets_are_exact_with_indents_and_crlf():
    text = "\u3000\u3000首段第一句。 第二句！\r\n  次段。"
    for s in split_sentences(text):
        assert text[s.start:s.start + len(s.text)] == s.text
    assert texts(split_sentences(text)) == ["首段第一句。", "第二句！", "次段。"]


def test_candidates_drop_bylines_captions_headings_and_keep_offsets():
    text = ("城镇建设提质群众幸福加码\n本报讯（通讯员 熊顺才 龙艺）2月17日，会议在凯里召开。会期三天。\n"
            "○ 通讯员 张冰冰\n图为会议现场\n（本版图片均由市融媒体中心提供）\n新华社北京3月1日电\n"
            "（记者 王五）大会通过了决议。\n新民网")
    got = candidates(text)
    assert texts(got) == ["2月17日，会议在凯里召开。", "会期三天。", "大会通过了决议。"]
    for s in got:
        assert text[s.start:s.start + len(s.text)] == s.text


def test_candidates_drop_repeats_and_trailing_source_stamps():
    text = "市里召开会议，部署春耕。市里召开会议，部署春耕。会议要求抓好落实。大河报"
    assert texts(candidates(text)) == ["市里召开会议，部署春耕。", "会议要求抓好落实。"]


def test_headings_only_text_still_has_candidates():
    assert texts(candidates("没有标点的一行\n另一行也没有")) == ["没有标点的一行", "另一行也没有"]


def test_clean_text_keeps_the_article_only():
    text = "标题一行\n本报讯（记者 张三）今天下雨。\n图为雨景\n明天放晴。"
    assert clean_text(text) == "今天下雨。\n明天放晴。"


def test_clause_cut_ends_with_a_clause_mark_or_gives_up():
    s = "据了解，为帮助外出务工人员安全、有序返岗就业，凯里市组织专车。"
    assert clause_cut(s, 30) == "据了解，为帮助外出务工人员安全、有序返岗就业，"
    assert clause_cut(s, 10) == "据了解，"
    assert clause_cut(s, 3) is None
