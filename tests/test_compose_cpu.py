"""Issue 14's CPU work on compose (grouping and writing the briefing) changes no result: each faster form
is checked here against the plain form it replaced, on realistic or exhaustive input."""
from __future__ import annotations

import random
import unicodedata
from array import array
from pathlib import Path

import pytest

from flows.daywords import DayWords, normalize, paragraphs
from flows.group import SortedSets, _Day, _pack, _shingle_runs, group_articles


def _normalize_per_character(text: str) -> str:
    """normalize() as it was: NFKC, then a Python test of every character."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def test_normalize_table_drops_exactly_what_the_character_test_dropped():
    """Every code point (surrogates aside), in runs, then realistic mixed text: the translate table keeps
    and drops the same characters as the per-character test (its memo is bounded: past LIMIT it decides
    each time, which this run of a million code points goes through)."""
    points = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    for start in range(0, len(points), 4096):
        text = "".join(map(chr, points[start:start + 4096]))
        assert normalize(text) == _normalize_per_character(text), hex(points[start])
    rng = random.Random(3)
    pieces = list("澜江市召开春耕会议，。、“”（）《》！？ \u3000\t\n１２３ＡＢﾊﾟ①") + ["\u0301", "e\u0301", "\u2028"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 80)))
        assert normalize(text) == _normalize_per_character(text)


def _sequences(rng: random.Random, n: int, vocabulary: int) -> list[array]:
    """Word-id sequences like paragraphs: empty, one or two words, and longer ones repeating phrases (so a
    shingle occurs twice in one sequence and in many sequences)."""
    out = []
    for _ in range(n):
        size = rng.choice([0, 1, 2, 3, 5, 20, 60, 150])
        phrase = [rng.randrange(1, vocabulary) for _ in range(4)]
        ids = []
        while len(ids) < size:
            ids.extend(phrase if rng.random() < 0.3 else [rng.randrange(1, vocabulary)])
        out.append(array("i", ids[:size]))
    return out


def test_shingle_runs_are_each_sequences_pack_sorted():
    rng = random.Random(7)
    for vocabulary in (5, 300, 200_000):
        bits = vocabulary.bit_length()
        seqs = _sequences(rng, 400, vocabulary)
        tokens, bounds = _shingle_runs(seqs, bits)
        assert len(bounds) == len(seqs) + 1
        for j, s in enumerate(seqs):
            assert tokens[bounds[j]:bounds[j + 1]].tolist() == sorted(_pack(s, bits)), (vocabulary, j, list(s))


def test_sorted_sets_count_what_set_intersection_counts():
    rng = random.Random(11)
    stored = SortedSets()
    sets = []
    for _ in range(300):
        s = {rng.randrange(0, 1 << rng.choice([6, 12, 50])) for _ in range(rng.randrange(0, 80))}
        sets.append(s)
        stored.add(SortedSets.sorted_array(s))
    assert [stored.size(k) for k in range(len(sets))] == [len(s) for s in sets]
    for _ in range(200):
        probe = set(rng.choice(sets)) | {rng.randrange(0, 1 << 12) for _ in range(rng.randrange(0, 40))}
        keys = rng.sample(range(len(sets)), rng.randrange(0, 40))
        assert stored.overlaps(SortedSets.sorted_array(probe), keys) == [len(probe & sets[k]) for k in keys]
    assert stored.overlaps(SortedSets.sorted_array(set()), [0, 1]) == [0, 0]


@pytest.mark.parametrize("spill", [False, True])
def test_day_counts_are_the_counts_of_each_set(tmp_path: Path, spill: bool):
    """The numpy counting passes give the document frequencies that counting each Python set gave, for the
    articles and for the paragraphs long enough to count, whether the words are in memory or spilled."""
    rng = random.Random(5)
    words = DayWords(tmp_path / "w.bin" if spill else None)
    for _ in range(700):
        paras = _sequences(rng, rng.randrange(0, 6), 3000)
        words.add([rng.choice([3, 11, 12, 40]) for _ in paras], paras)
    words.reorder(list(reversed(range(700))))
    day = _Day(words, 3000)
    for paragraphs_ in (False, True):
        if paragraphs_:
            sets = [day.paragraph(i, p) for i in range(700) for p, c in enumerate(words.lengths(i)) if c >= 12]
        else:
            sets = [day.article(i) for i in range(700)]
        assert (day.day_counts(paragraphs_).counts == day.counts(sets).counts).all()
    assert [a.tolist() for a in day.articles()] == [sorted(day.article(i)) for i in range(700)]
    words.close()


def test_grouping_with_keys_out_of_order_finds_the_same_candidates():
    """SetIndex sorts int keys added in increasing order by value (their insertion order); keys added out
    of order still come back in insertion order."""
    from bulletins.dedup import SetIndex

    sets = [{1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}, {1, 2, 3, 9}]
    for keys in ([0, 1, 2, 3], [3, 1, 2, 0], ["c", "a", "d", "b"]):
        index = SetIndex(sets)
        for k, s in zip(keys, sets, strict=True):
            index.add(k, s, 1)
        assert index.ascending == (keys == [0, 1, 2, 3])
        assert index.candidates({3}) == [keys[0], keys[1], keys[2], keys[3]]
        assert index.candidates({9, 6}) == [k for k, s in zip(keys, sets, strict=True) if s & {9, 6}]


def test_streamed_formats_side_by_side_equal_the_whole_rendering(tmp_path: Path):
    """write_streamed writes the formats side by side and reuses each item's dict and view across them
    (flows.render.Recent); a day of many items, and a user template that walks the items twice (a list of
    titles, then the items: the second walk is far behind the other formats), still write exactly what
    render_all renders from the whole dict."""
    from flows.records import Appearance, Briefing, Item, ItemStore, Section, StoredItem
    from flows.render import TEMPLATE_NAMES, render_all, write_streamed

    date = "2025-02-20"
    items = []
    for k in range(150):
        file = f"kaili-news_{date}_p{1 + k % 8:02d}.txt"
        items.append(Item(id=f"{file}#{k}", title=f"第{k}条：县里召开会议<b>{k}</b>", kicker=None, subtitle=None,
                          summary=f"摘要{k}，含 & 符号。" * (1 + k % 3), sentences=[f"摘要{k}。"],
                          keywords=["春耕", f"词{k}"],
                          appearances=[Appearance(file, "kaili-news", f"p{1 + k % 8:02d}", k, f"第{k}条", None,
                                                  {"paper": "凯里日报", "date": date, "edition": None, "file": file},
                                                  [])],
                          repeats=None, length=200 + k, section="时政" if k % 3 else "民生",
                          importance=5 - k / 100, notes=[], provenance={}))
    day = Briefing(date=date, date_zh="2025年2月20日", generated_at="2025-02-20T00:00:00+08:00", title="每日简报",
                   counts={"bulletins": 8, "articles": 150, "items": 150, "merged": 0, "failed": 0},
                   sections=[Section("时政", [it for it in items if it.section == "时政"]),
                             Section("民生", [it for it in items if it.section == "民生"])],
                   failed=[], missing_sources=[], method="default")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / TEMPLATE_NAMES["md"]).write_text(
        "{% for s in sections %}{% for it in s['items'] %}- {{ it.title }}\n{% endfor %}{% endfor %}\n"
        "{% for s in sections %}## {{ s.name }}\n{% for it in s['items'] %}{{ it.title }}：{{ it.summary }}\n"
        "{% endfor %}{% endfor %}", "utf-8")
    for folder in (None, templates):
        expected = render_all(day.to_dict(), folder)
        store = ItemStore(tmp_path / f"items-{folder is None}.jsonl")
        stored = Briefing(**{**{f: getattr(day, f) for f in day.__dataclass_fields__},
                             "sections": [Section(s.name, [StoredItem(it.id, it.section, it.importance, store.add(it),
                                                                      store) for it in s.items])
                                          for s in day.sections]})
        store.seal()
        paths = write_streamed(stored, tmp_path / f"out-{folder is None}", folder)
        for fmt, text in expected.items():
            assert paths[fmt].read_bytes() == text.encode("utf-8"), (fmt, folder)
        store.close()
    assert "- 第149条" in expected["md"] and expected["md"].count("第149条") == 2


def test_grouping_of_a_synthetic_day_is_unchanged_by_the_block_size(monkeypatch):
    """Shingles are made a block of articles at a time: the groups do not depend on where blocks end."""
    rng = random.Random(2)
    sentences = [f"{rng.choice('澜江松禾凯里')}市召开第{k}次会议，部署{rng.choice('春耕防汛招商')}工作，要求各乡镇落实到位。"
                 for k in range(60)]
    bodies = []
    for n in range(120):
        if n % 7 == 3 and bodies:
            bodies.append(bodies[rng.randrange(len(bodies))])  # a reprint
            continue
        bodies.append("\n".join("".join(rng.sample(sentences, 3)) for _ in range(rng.randrange(1, 5))))
    words = [[list(p) for p in paragraphs(b)] for b in bodies]

    def summary():
        return [(g.members, g.repeats, g.shared_paragraphs, g.own_paragraphs) for g in group_articles(bodies, words)]

    whole = summary()
    monkeypatch.setattr(_Day, "BLOCK", 7)
    assert summary() == whole
    assert any(len(m) > 1 for m, *_ in whole)


def _md_escape_always_substituting(value) -> str:
    """md_escape as it was: every substitution run on every text."""
    import re

    from flows.render import _MD_LEADING, _MD_ORDERED, _MD_SPECIAL, one_line

    text = _MD_SPECIAL.sub(r"\\\1", one_line(value))
    text = _MD_LEADING.sub(r"\\\1", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    text = re.sub(r"(?i)\b(www)\.", r"\1\\.", text)
    return text.replace("://", "\\://")


def test_md_escape_fast_path_escapes_what_every_substitution_escaped():
    from flows.render import md_escape

    rng = random.Random(9)
    pieces = ["县里开会", "a", "1", "12", "١٢", ".", ")", "-", "+", "=", "*", "_", "`", "[", "]", "<", ">", "#", "|",
              "~", "&", "\\", "www.", "WwW.", "xwww.", "http://", ":/", " ", "\n", "\u3000", "，"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
        assert md_escape(text) == _md_escape_always_substituting(text), repr(text)


def test_view_fields_render_as_plain_dicts_do():
    """The template view's dicts answer `x.key` as an attribute (no exception per access); a template sees
    what it saw on a plain dict: the value, a dict method for a key named like one, undefined when missing."""
    import jinja2

    from flows.render import _Fields

    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    source = "{{ x.title }}|{{ x['title'] }}|{{ x.items is callable }}|{{ x.get('n') }}|{{ x.missing is defined }}"
    plain = {"title": "春耕<b>", "items": [1, 2], "n": 3}
    assert env.from_string(source).render(x=_Fields(plain)) == env.from_string(source).render(x=plain) \
        == "春耕<b>|春耕<b>|True|3|False"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ x.missing }}").render(x=_Fields(plain))
    with pytest.raises(AttributeError):
        _Fields(plain).missing  # noqa: B018 - the attribute access is the test
