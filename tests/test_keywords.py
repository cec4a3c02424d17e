"""keywords(): telling words, no stopwords or reporters' names, whole place names, stable across hash seeds."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import summarizers
from summarizers import nlp

ARTICLE = ("本报讯（通讯员 熊顺才 龙艺）2月15日，在凯里市农村劳动力“点对点”返岗就业欢送仪式上，两辆直通车即将启程。"
           "凯里市采取“点对点”对接、“包车”输送等方式组织农民工有序返岗复工。\n"
           "据了解，炉碧经济开发区的企业今年新增岗位300余个，农民工返岗就业积极性高。\n"
           "截至目前，凯里市已护送200余名农民工赶赴广州、深圳等地返岗复工。\n图为返岗直通车")


def test_seed_keywords_are_telling(seeds_gold):
    stop = nlp.stopwords()
    for page in seeds_gold["pages"]:
        for a in page["articles"]:
            raw = f"本报讯（{a['byline']}）\n{a['body']}\n" + "\n".join(a["captions"])
            kws = summarizers.keywords(raw, k=8)
            assert len(kws) == 8, a["id"]
            names = [n for n in a["byline"].split() if n not in ("通讯员", "记者")]
            for w in kws:
                assert w not in stop, (a["id"], w)
                assert w not in names, (a["id"], w)
                assert len(w) >= 2, (a["id"], w)
                assert w in a["body"], (a["id"], w)  # never from byline or captions alone
            # the article's place is among its keywords, whole
            assert any("凯里" in w for w in kws), (a["id"], kws)


def test_snownlp_baseline_is_worse_than_ours(seeds_gold):
    """snownlp's keywords on the seeds include single characters (年, 市, 里, 大); ours never do."""
    singles = 0
    for page in seeds_gold["pages"]:
        for a in page["articles"]:
            singles += sum(len(w) == 1 for w in summarizers.keywords(a["body"], method="snownlp"))
            assert all(len(w) >= 2 for w in summarizers.keywords(a["body"]))
    assert singles >= 3


def test_reporters_names_and_stopwords_excluded():
    kws = summarizers.keywords(ARTICLE, k=10)
    assert "熊顺才" not in kws and "龙艺" not in kws
    assert not set(kws) & {"表示", "进行", "工作", "记者", "通讯员", "本报", "据了解", "截至目前"}
    assert "凯里市" in kws[:3]
    assert "炉碧经济开发区" in kws  # place/organisation kept whole
    assert "返岗" in kws or "返岗复工" in kws


def test_keyphrase_from_words_standing_together():
    text = ("乡村振兴示范点建设加快。各地乡村振兴示范点陆续完工。乡村振兴示范点带动群众增收。"
            "专家认为，乡村振兴需要人才。")
    kws = summarizers.keywords(text, k=5)
    assert any(w.startswith("乡村振兴") and len(w) > 4 for w in kws), kws


def test_k_and_methods():
    assert len(summarizers.keywords(ARTICLE, k=3)) == 3
    assert summarizers.keywords(ARTICLE, k=0) == []
    with pytest.raises(ValueError):
        summarizers.keywords(ARTICLE, k=-1)
    for method in summarizers.METHODS:
        kws = summarizers.keywords(ARTICLE, k=5, method=method)
        assert 1 <= len(kws) <= 5 and len(set(kws)) == len(kws), method


def test_user_dict_is_honoured_by_segmentation_and_keywords(tmp_path):
    text = "蓝江县枫木塘片区今年建成三座冷库。枫木塘片区的冷库可储存蔬菜两千吨。村民说枫木塘片区变了样。"
    path = tmp_path / "user.txt"
    path.write_text("# 本地地名\n枫木塘片区 50 ns\n", encoding="utf-8")
    assert summarizers.load_user_dict(path) == 1
    assert "枫木塘片区" in nlp.cut(text)
    assert summarizers.keywords(text, k=3)[0] == "枫木塘片区"
    with pytest.raises(FileNotFoundError, match="missing.txt"):
        summarizers.load_user_dict(tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_text("一 二 三 四 五\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:1"):
        summarizers.load_user_dict(bad)


_DETERMINISM = """
import json, sys, summarizers
text = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps({m: [summarizers.keywords(text, k=10, method=m), summarizers.summarize(text, method=m)]
                  for m in summarizers.METHODS}, ensure_ascii=False))
"""


@pytest.mark.slow
def test_same_keywords_under_every_hash_seed(tmp_path, seeds_gold):
    """textrank4zh's keyphrases come from a set: unsorted they would change with PYTHONHASHSEED."""
    body = seeds_gold["pages"][0]["articles"][2]["body"]
    path = tmp_path / "article.txt"
    path.write_text(body, encoding="utf-8")
    outputs = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _DETERMINISM, str(path)], capture_output=True, text=True,
                             env=env, check=True, timeout=300)
        outputs.append(json.loads(run.stdout))
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == set(summarizers.METHODS)
    assert all(len(v[0]) == 10 for v in outputs[0].values())


# --- fragments seen on real bulletins: measures glued to a number, HMM pieces of two words, split names ---

FOREST = ("澜江市人民政府关于春季森林防火的通告\n"
          "为切实做好春季森林防火工作，现将有关事项通告如下。每年2月1日至5月31日为全市春季森林防火期。"
          "防火期内，林区禁止野外用火，严禁烧荒、烧秸秆。\n"
          "2月16日晚，青龙山林场组织扑火队员开展演练，1200余人挥锹铲土，6名非遗传承人也参加了宣传活动。"
          "林场职工高兴地说，防火意识提高了。\n"
          "全市各地要把森林防火责任落实到山头地块，做到早发现、早处置。")


def test_no_keyword_is_a_measure_glued_to_its_number():
    kws = summarizers.keywords(FOREST, k=30)
    assert "森林防火" in kws or "防火" in kws, kws
    for w in kws:
        assert w not in ("日为全市", "余人挥", "日晚", "名非", "地说"), kws
        assert w[0] not in "日月年个余多名万亿", kws  # here every such word follows a number


def test_generic_words_and_titles_do_not_make_an_organisation():
    text = ("县十八届人大四次会议闭幕\n"
            "大会审议通过了县长陈立新代表县人民政府所作的政府工作报告。"
            "报告指出，过去一年全县地区生产总值完成一百二十亿元，力争城镇新增就业五千人。"
            "大会号召全县人民凝心聚力，推动县域经济高质量发展。县人民政府将认真落实大会决议。")
    kws = summarizers.keywords(text, k=20)
    assert not any(("县长" in w and w != "县长") or "陈立新" in w or w.startswith("全县地区") or w == "力争城镇"
                   for w in kws), kws
    assert "县人民政府" in kws, kws


def test_people_named_only_when_the_headline_names_them_or_they_act_twice():
    # issue 12 changed the rule: a person who acts in two sentences is a keyword too; one who only sits on
    # the rostrum (or acts once) is not, unless the headline names them
    body = ("县政协十一届四次会议圆满完成各项议程。县政协主席潘永和在闭幕会上讲话。"
            "县领导杨光荣、吴德胜在主席台就座。会议选举产生了新增补的政协常委，审议通过了提案工作报告。")
    kws = summarizers.keywords("县政协十一届四次会议闭幕\n" + body, k=20)
    assert not any("永和" in w or "光荣" in w or "德胜" in w for w in kws), kws
    named = summarizers.keywords("潘永和在县政协闭幕会上讲话\n" + body, k=20)
    assert "潘永和" in named, named
    assert "永和" not in named
    acting = body + "潘永和强调，要围绕中心、服务大局，积极建言献策。潘永和指出，委员们要当好政策宣传员。"
    kws = summarizers.keywords("县政协十一届四次会议闭幕\n" + acting, k=20)
    assert "潘永和" in kws and not any("光荣" in w or "德胜" in w for w in kws), kws


def test_traditional_text_is_analysed_in_simplified_and_answered_in_its_own_characters():
    from summarizers import nlp

    text = ("縣府召開防汛整備會議 汛期前完成清淤\n"
            "明潭縣政府昨日召開防汛整備會議，要求各鄉鎮公所在汛期前完成排水溝渠清淤。"
            "隨著梅雨季節將至，縣內部分低窪地區容易淹水，抽水站也陸續完成檢修。"
            "縣長表示，各鄉鎮公所要加強巡查，清淤工作務必在五月底前完成。")
    assert nlp.is_traditional(text) and not nlp.is_traditional(FOREST)
    assert len(nlp.to_simplified(text)) == len(text)
    kws = summarizers.keywords(text, k=10)
    assert len(kws) == 10
    for w in kws:
        assert w in text, w  # the text's own (traditional) characters
        assert w not in ("隨著", "陸續", "召開", "地區"), kws
    assert "清淤" in kws and "防汛" in kws, kws
    assert any(w.startswith("明潭縣") for w in kws), kws


def test_measures_after_numbers_in_simplified_and_traditional_text():
    simplified = ("澜江干流出境断面水质保持Ⅱ类\n全市3个国控断面水质全部达标，2个省控断面水质稳定。"
                  "市生态环境局介绍，全市3个国控断面连续三年达标。")
    traditional = ("縣府召開防汛整備會議\n明潭縣政府2月18日召開防汛整備會議。縣府要求各鄉鎮公所於汛期前完成清淤，"
                   "2月18日召開的會議也部署了抽水站檢修。")
    for text in (simplified, traditional):
        kws = summarizers.keywords(text, k=15)
        assert kws and not any(w[0] in "日个" for w in kws), kws
        assert all(w in text for w in kws), kws


def test_plain_words_jieba_tags_as_names_are_not_taken_for_people():
    # jieba's dictionary tags 春耕 (spring ploughing) nr; without a surname it is a plain word, and a keyword here
    got = summarizers.keywords("市里召开会议，部署春耕工作。会议要求各地抓好落实，确保不误农时。", k=8)
    assert "春耕" in got
    # a real person (surname 韦) the headline does not name still stays out
    text = "县农业农村局局长韦光明介绍，今年全县春耕备耕进展顺利。韦光明说，要抓好种子供应。"
    assert "韦光明" not in summarizers.keywords(text, k=8)


def test_a_word_tail_glued_to_the_next_word_is_no_keyword():
    # jieba cuts 农业农村局局长 as 农业|农村|局局长: 局局长 is a junk dictionary entry, not a keyword
    text = "县农业农村局局长韦光明介绍，今年全县春耕备耕进展顺利。县农业农村局局长韦光明说，要抓好种子供应。"
    assert "局局长" not in summarizers.keywords(text, k=10)
    # a true reduplication stays a word
    assert "娃娃鱼" in summarizers.keywords("今年娃娃鱼繁殖情况良好，保护区内娃娃鱼幼苗数量增加。", k=5)


def test_time_words_and_glued_fragments_make_no_keyword():
    text = ("威廉王子今天上午来到西双版纳，参观了当地的野生动物保护工作。今天上午，他还走访了傣族村落。\n"
            "十年后，当年的“敬礼男孩”在老家安静地读小学。老家的小学去年翻修一新，孩子们在新教室里上课。")
    got = summarizers.keywords(text, k=12)
    assert "今天上午" not in got
    assert not any("安静" in w for w in got), got  # 老家|安静|地读|小学 is no organisation
