"""The batch phase's one analysis per article and its bounded memos (issue 14).

Grouping's paragraph words come from the article's analysis (the words its summary and keywords were made
from), so the body is not segmented a second time; the summarizers' per-word memos stay within
summarizers.nlp.WORD_MEMO / FRAGMENT_MEMO entries however large the day's vocabulary, without changing any
output.
"""
from __future__ import annotations

import random

import pytest

import summarizers
from flows import daywords
from flows.daily import analyze_article
from flows.daywords import normalize, paragraph_words, paragraphs
from summarizers import keywording, nlp
from summarizers.analysis import MAX_KEYWORD_CHARS
from summarizers.methods import default

WORD_MEMO = nlp.WORD_MEMO  # before any test changes it

BODY = "\n".join([
    "本报讯（记者 杨光明 通讯员 吴晓丽）2月19日，凯里市召开春耕备耕工作推进会，安排部署今年粮食生产和农资保供工作。",
    "稳面积 保供给",
    "会议指出，今年全市计划种植水稻12.5万亩、玉米8万亩，各乡镇要把任务落实到村、到户、到田块。",
    "会上，市农业农村局通报了去年粮食生产情况，三棵树镇、舟溪镇作了交流发言。“今年要多种优质稻。”龙海峰说。",
    "图为村民在田间育秧。 杨光明 摄",
    "会议要求，要抓好种子、化肥、农药等农资调运储备，加强市场巡查。会议要求，要抓好种子、化肥、农药等农资调运储备，加强市场巡查。",
])


def _joined(words: list[list[str]]) -> list[str]:
    return ["".join(ws) for ws in words]


def test_paragraph_words_cover_every_paragraph_in_order():
    """Every character grouping keeps (no space, no mark) is in exactly one word, in order, paragraph by
    paragraph: the byline, the subhead, the caption and the repeated sentence included."""
    words = paragraph_words(BODY)
    assert _joined(words) == [normalize(p) for p in paragraphs(BODY)]
    assert all(w and w == normalize(w) for ws in words for w in ws)
    assert "".join(words[4]).endswith("杨光明摄") and words[4][-1] == "摄"  # a caption: no candidate sentence


def test_paragraph_words_reuse_the_analysis(monkeypatch):
    """Given the article's analysis, only the stretches between its sentences are segmented: one jieba call at
    most, none for a body of plain sentences."""
    calls = []
    real = nlp.lcut

    def counting(text: str) -> list[str]:
        calls.append(text)
        return real(text)

    plain = "凯里市召开春耕备耕工作推进会，安排部署今年粮食生产。\n会议指出，各乡镇要把任务落实到村、到户。"
    for body, most in ((BODY, 1), (plain, 0)):
        analysis = summarizers.analyze(body, title="凯里市部署春耕")
        monkeypatch.setattr(nlp, "lcut", counting)
        calls.clear()
        words = paragraph_words(body, analysis)
        monkeypatch.setattr(nlp, "lcut", real)
        assert len(calls) <= most
        assert _joined(words) == [normalize(p) for p in paragraphs(body)]
    assert "召开" in [w for ws in paragraph_words(plain) for w in ws]


def test_paragraph_words_of_traditional_and_very_long_text():
    """Traditional text gives the simplified words its analysis uses; text past the analysed stretch
    (MAX_KEYWORD_CHARS) is still all there."""
    trad = "縣政府召開會議，部署春耕生產工作。\n會議要求各鄉鎮抓好農資調運。"
    words = paragraph_words(trad)
    assert _joined(words) == [normalize(nlp.to_simplified(p)) for p in paragraphs(trad)]
    sentence = "凯里市召开春耕备耕工作推进会，安排部署今年粮食生产和农资保供工作。"
    rng = random.Random(7)
    long_body = "\n".join(sentence.replace("凯里", rng.choice("东南西北中") + rng.choice("山水林田湖"))
                          for _ in range(MAX_KEYWORD_CHARS // len(sentence) + 50))
    assert _joined(paragraph_words(long_body)) == [normalize(p) for p in paragraphs(long_body)]


def test_section_is_the_one_classify_article_gives():
    """analyze_article files the article from the summary and keywords it just made (default, 120 characters,
    8 or more keywords): the same section as flows.sections.classify_article computes on its own."""
    from flows.sections import classify_article

    for k in (8, 12):
        _, kws, _, section = analyze_article("凯里市部署春耕生产", BODY, "default", 120, k, kicker="春耕时节")
        assert len(kws) <= k
        assert section == classify_article("凯里市部署春耕生产", BODY, kicker="春耕时节")
    # other settings: classify_article's own default summary and keywords, not the run's
    assert analyze_article("凯里市部署春耕生产", BODY, "lead", 40, 3)[3] == classify_article("凯里市部署春耕生产", BODY)


def _vocabulary_day(n: int, seed: int = 3) -> list[str]:
    """Articles full of names no dictionary knows (random rare characters): a day whose vocabulary grows with
    every article, as a real day's names, places and numbers do."""
    rng = random.Random(seed)
    rare = [chr(c) for c in range(0x4E00, 0x9FA5) if c % 7 == 3]

    def name() -> str:
        return "".join(rng.choice(rare) for _ in range(rng.choice((2, 3, 3, 4))))

    return ["\n".join(f"{name()}镇{name()}村召开{name()}工作会，{name()}、{name()}出席。{rng.randrange(10, 99999)}亩{name()}已完成。"
                      for _ in range(4)) for _ in range(n)]


def test_memos_stay_bounded_over_a_long_vocabulary(monkeypatch):
    """With the bounds set small, a day of ever-new words leaves every per-word memo within its bound (plus
    one article's words, added after the check), and the outputs are what they were with the memos intact."""
    articles = _vocabulary_day(60)
    before = [(summarizers.summarize(a, max_chars=60), summarizers.keywords(a, k=5), paragraph_words(a))
              for a in articles[:3]]
    bound = 200
    monkeypatch.setattr(nlp, "WORD_MEMO", bound)
    monkeypatch.setattr(nlp, "FRAGMENT_MEMO", 5 * bound)
    monkeypatch.setattr(nlp, "BLOCK_MEMO", bound)
    per_article = 400  # more than the distinct words (and dictionary fragments) of one article here
    seen_hmm = seen_blocks = 0
    for a in articles:
        nlp._cache.clear()  # no shortcut through the per-text analysis cache
        summarizers.summarize(a, max_chars=60)
        summarizers.keywords(a, k=5)
        paragraph_words(a)
        seen_hmm = max(seen_hmm, len(nlp._hmm))
        seen_blocks = max(seen_blocks, len(nlp._blocks))
        assert len(nlp._hmm) <= bound + per_article
        assert len(nlp._blocks) <= bound + per_article
        assert len(nlp._logf) <= 5 * bound + 5 * per_article
        assert len(nlp._pairs[1]) <= bound + per_article
        assert len(default._memo) <= bound + per_article
        assert len(keywording._plains[1]) <= bound + per_article
        assert len(daywords._normal_words) <= bound + per_article
    assert seen_hmm > bound and seen_blocks > bound  # the day did outgrow the bound: the clearing was exercised
    for fn in (keywording._base, keywording._plain_eligible, default._weight, nlp._guess):
        info = fn.cache_info()
        assert info.maxsize == WORD_MEMO  # an lru_cache's bound is set when the module loads
        assert info.currsize <= info.maxsize
    nlp._cache.clear()
    after = [(summarizers.summarize(a, max_chars=60), summarizers.keywords(a, k=5), paragraph_words(a))
             for a in articles[:3]]
    assert after == before


def test_tag_table_is_jiebas_dictionary():
    """The tag table is read from jieba's dictionary (not through jieba.posseg) and agrees with it word for
    word (words of a user dictionary aside: those carry the user's tags)."""
    import jieba.posseg as pseg

    table = nlp._tags()
    theirs = pseg.dt.word_tag_tab
    assert len(theirs) > 300_000
    assert all(table.get(w) == t for w, t in theirs.items() if w not in nlp.USER_WORDS)
    assert table["蝴蝶鱼"] == theirs["蝴蝶鱼"]


def _old_plausible(text: str) -> bool:
    """decode._plausible as it was before it counted with regular expressions (the reference)."""
    import re

    visible = [c for c in text if not c.isspace()]
    if not visible:
        return True
    if len(re.findall(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]", text)) > max(2, len(visible) // 200):
        return False
    han = len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]", text))
    non_ascii = sum(1 for c in visible if ord(c) > 127)
    return non_ascii == 0 or han >= 0.5 * non_ascii


def test_decode_counts_as_before_and_decodes_a_page_once():
    """The page checks count as they did (whitespace of every kind, zero-width marks, controls, mojibake),
    and the same bytes decoded again by the same thread (provenance after parsing) give the same text,
    while a failure is still named with its own file."""
    from bulletins import decode
    from bulletins.model import BulletinError

    rng = random.Random(11)
    alphabet = ["凯", "里", "。", " ", "\u3000", "\xa0", "\u2028", "\x1c", "\n", "\t", "a", "1", "\u200b", "\ufeff",
                "é", "Ã", "\x07", "\ufffd", "\x85", "？"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        assert decode._plausible(text) == _old_plausible(text), repr(text)
    page = "松禾县召开春耕生产会议\n本报讯 会议要求各地抓好落实。".encode("gb18030")
    first = decode.decode_text(page, "a.txt")
    assert decode.decode_text(bytes(page), "b.txt") == first == ("松禾县召开春耕生产会议\n本报讯 会议要求各地抓好落实。",
                                                                first[1])
    for source in ("x.txt", "y.txt"):
        with pytest.raises(BulletinError) as err:
            decode.decode_text(b"\x00\x01\x02\x03" * 50, source)
        assert source in str(err.value)
    with pytest.raises(BulletinError, match="only whitespace"):
        decode.decode_text("\u200b \u3000\n".encode(), "z.txt")


def test_batches_of_one_process_work_at_most_batch_slots_at_once(monkeypatch):
    """Prefect's default runner gives every batch a thread; only BATCH_SLOTS of them hold a batch's work at
    once (the others wait with their file list only), and every batch still completes."""
    import threading

    from flows import daily

    inside, most, lock = 0, 0, threading.Lock()
    go = threading.Event()

    def fake(batch, *args):
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        go.wait(30)
        with lock:
            inside -= 1
        return {"path": f"batch-{batch}", "files": []}

    monkeypatch.setattr(daily, "_brief_files", fake)
    done: list[dict] = []
    threads = [threading.Thread(target=lambda n=n: done.append(daily.brief_files(n, [], "/nonexistent", 1, "default",
                                                                                    120, 8)))
               for n in range(3 * daily.BATCH_SLOTS)]
    for t in threads:
        t.start()
    for _ in range(3000):  # until the slots are taken (whatever the load)
        if inside >= daily.BATCH_SLOTS:
            break
        go.wait(0.01)
    go.wait(0.5)  # the other threads have had their chance to enter
    assert most == daily.BATCH_SLOTS
    go.set()
    for t in threads:
        t.join(30)
    assert sorted(d["path"] for d in done) == sorted(f"batch-{n}" for n in range(3 * daily.BATCH_SLOTS))
    assert most == daily.BATCH_SLOTS
