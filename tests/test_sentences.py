"""Sentence splitting for Chinese news and the furniture filter (what is not the article)."""
from __future__ import annotations

from summarizers import clean_text
from summarizers.base import candidates, clause_cut, split_sentences


def texts(sents):
    return [s.text for s in sents]


def test_stops_closing_quotes_and_ellipsis():
    # issue 12: `；` ends a clause, not a sentence
    text = "他说：“今天开会。”大家都同意！真的吗？是的；我们走吧……然后呢"
    assert texts(split_sentences(text)) == ["他说：“今天开会。”", "大家都同意！", "真的吗？", "是的；我们走吧……", "然后呢"]


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


def test_attribution_after_a_closing_quote_stays_with_the_quote():
    text = ("油茶林里一片繁忙。“今年的油茶长势好，预计能带动群众增收。”县林业局工程师龙海峰说。"
            "“我们还要扩种！”村民杨大姐笑着说。“去年卖了多少？”记者问道。他说：“今天开会。”大家都同意！")
    got = texts(split_sentences(text))
    assert got == ["油茶林里一片繁忙。", "“今年的油茶长势好，预计能带动群众增收。”县林业局工程师龙海峰说。",
                   "“我们还要扩种！”村民杨大姐笑着说。", "“去年卖了多少？”记者问道。", "他说：“今天开会。”",
                   "大家都同意！"]
    for s in split_sentences(text):
        assert text[s.start:s.start + len(s.text)] == s.text


def test_a_long_sentence_after_a_quote_is_not_an_attribution():
    text = "“我们很满意。”村民王大姐高兴地说，今年家里的油茶收入翻了一番，日子越过越红火。"
    assert texts(split_sentences(text)) == ["“我们很满意。”", "村民王大姐高兴地说，今年家里的油茶收入翻了一番，日子越过越红火。"]


def test_summary_never_holds_a_stray_attribution():
    import summarizers

    text = ("今年以来，松禾县新种油茶一万亩，带动两千户群众增收。\n"
            "“今年的油茶长势好，预计能带动群众增收。”县林业局工程师龙海峰说。\n"
            "全县油茶加工厂已有五家，年加工能力达到三千吨。")
    for budget in (30, 60, 90, 200):
        for s in summarizers.summarize(text, max_chars=budget):
            assert not s.startswith("县林业局"), (budget, s)


def test_our_segmenter_is_exactly_jieba(seeds_gold):
    """nlp.lcut replaces jieba.lcut for speed; it must give the very same words, user words included."""
    import jieba
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from summarizers import nlp

    texts = [a["body"] for p in seeds_gold["pages"] for a in p["articles"]]
    texts += ["“今年的油茶长势好。”县林业局工程师龙海峰说。2025年2月16日晚，1200余人挥锹铲土。",
              "Hello 世界 abc-123 ５月 \u3000\t\r\n 炉碧经济开发区、松禾县新材料产业园", ""]
    for t in texts + texts:  # the second time each clause comes from lcut's memo of runs (nlp._blocks)
        assert nlp.lcut(t) == jieba.lcut(t), t[:40]

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="的一是在不了有和人这中大为上个国我以要他时来用们县市区乡镇村长江山松禾龙海峰说。，、“”\n 12ab-.%",
                   max_size=80))
    def same(t):
        assert nlp.lcut(t) == jieba.lcut(t)

    same()


def test_a_sentence_left_after_a_dropped_date_loses_its_leading_marks():
    # web copies often drop the date and keep its comma: the summary must not open with `，`
    text = "事故发生后，两人向单位提出辞职。，两人请辞获得批准。\n。\n”随后他们离开了公司。"
    got = candidates(text)
    assert texts(got) == ["事故发生后，两人向单位提出辞职。", "两人请辞获得批准。", "随后他们离开了公司。"]
    for s in got:
        assert text[s.start:s.start + len(s.text)] == s.text


def test_web_follow_us_lines_and_source_stamps_are_furniture():
    text = ("市民可通过关注“松禾发布”微信公众号查询办事进度。该平台上线一周办件三千余件。\n"
            "更多精彩新闻，欢迎关注松禾日报公众微信号:songhedaily\n文章来源：松禾日报")
    assert texts(candidates(text)) == ["市民可通过关注“松禾发布”微信公众号查询办事进度。", "该平台上线一周办件三千余件。"]
