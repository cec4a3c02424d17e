"""Compose in bounded memory (issue 14): what compose holds grows with grouping's word index, not with the
day's text or its four renderings.

The day is written straight as batch files (the JSON lines the batch tasks write), built from the shipped
samples' gold articles: sentences drawn at random under varied place names, 2-5 articles a page, 8 % of the
articles reprinted in another paper with one sentence edited, and some features that reuse a story's
paragraphs. Grouping's words are the normalised paragraphs cut in two-character pieces (the batch task uses
jieba: any cut gives grouping the same kind of work, this one costs no dictionary load).
"""
from __future__ import annotations

import json
import random
import re
import tracemalloc
from pathlib import Path

from flows.daily import compose_briefing
from flows.daywords import normalize, paragraphs
from flows.naming import parse_name
from flows.records import FlowArticle

ROOT = Path(__file__).resolve().parent.parent
DATE = "2025-02-20"
PLACES = ["清水县", "澜江市", "松禾县", "明潭县", "云岭镇", "青山乡", "石门县", "白沙镇", "龙溪县", "桃源乡"]


def _words(body: str) -> list[list[str]]:
    return [[norm[k:k + 2] for k in range(0, len(norm), 2)] for norm in map(normalize, paragraphs(body))]


def _write_day(folder: Path, n_articles: int, seed: int) -> list[str]:
    """Batch files (50 pages each) holding n_articles articles; returns their paths."""
    gold = json.loads((ROOT / "samples" / "gold.json").read_text("utf-8"))
    arts = [a for p in gold["pages"] for a in p["articles"] if a.get("title") and a.get("body")]
    pool = [s for a in arts for s in re.split(r"(?<=[。！？])", a["body"].replace("\n", "")) if len(s) >= 8]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[str, list[str]]] = []
    batch: list[str] = []
    paths: list[str] = []
    page = 0
    while len(made) < n_articles:
        src, pno = divmod(page, 20)
        file = f"memtest{src:03d}-daily_{DATE}_p{pno + 1:02d}.txt"
        for index in range(min(rng.choice((2, 3, 4, 5)), n_articles - len(made))):
            roll = rng.random()
            if made and roll < 0.08:  # a reprint, one sentence edited
                title, sents = rng.choice(made[-300:])
                sents = list(sents)
                k = rng.randrange(len(sents))
                sents[k] = re.sub(r"\d+", lambda m: str(rng.randrange(2, 9999)), sents[k]) + "。"
            elif made and roll < 0.11:  # a feature reusing an earlier story's paragraphs, and longer
                title, old = rng.choice(made[-300:])
                title = "走进" + title
                sents = rng.sample(pool, 12) + old
            else:
                tpl = rng.choice(arts)
                title = rng.choice(PLACES) + tpl["title"].split(" ")[0][:18]
                sents = [re.sub(r"\d+", lambda m: str(rng.randrange(2, 9999)), s)
                         for s in rng.sample(pool, rng.randrange(5, 10))]
            made.append((title, sents))
            body = "\n".join("".join(sents[i:i + 3]) for i in range(0, len(sents), 3))
            a = FlowArticle(id=f"{file}#{index}", file=file, source=parse_name(file).source, page=f"p{pno + 1:02d}",
                            date=DATE, index=index, title=title, body=body, byline="记者 杨明",
                            sentences=sents[:2], keywords=[title[:3], "松禾县"], para_words=_words(body),
                            provenance={"paper": None, "date": None, "edition": None, "file": file},
                            section="时政" if index == 0 else "民生")
            batch.append(a.to_line())
        page += 1
        if page % 50 == 0 or len(made) == n_articles:
            path = folder / f"batch-{len(paths):05d}.jsonl"
            path.write_text("".join(batch), encoding="utf-8")
            paths.append(str(path))
            batch = []
    return paths


def _compose(paths: list[str], out: Path) -> dict:
    return compose_briefing.fn(paths, date=DATE, tz="Asia/Shanghai", method="default", max_chars=120, k=5,
                               failed=[], missing=[], templates=None, out=str(out), write=True, mail_items=40)


def test_compose_memory_grows_with_the_word_index_not_with_the_text(tmp_path: Path, monkeypatch):
    """Before issue 14's memory work compose held every article, the briefing, its dict, the template view
    and four renderings at once: its peak (Python allocations, tracemalloc) was 6.4x the batch files' bytes
    here (~740 MB at 10,000 files). Now it keeps of each article only where its line is, grouping's shingles
    and one index at a time; it writes items as they are made and streams each format to its file: 2.3x
    here, and at most linear growth with the day."""
    import bulletins.dedup as dedup

    # Scaled to this small day what is fixed or scaled for 10,000 files (bulletins.dedup): the document-
    # frequency counters are 16 MB each whatever the day (any table size gives a valid prefix order), and
    # postings move from a dict (~70 bytes each) to numpy segments (16 bytes) every 131,072 (the segmented
    # form finds exactly what the dict finds: test_group.test_compact_postings_find_what_the_dict_finds)
    monkeypatch.setattr(dedup.HashedCounts, "BITS", 12)
    monkeypatch.setattr(dedup.SetIndex, "SEGMENT", 1 << 11)
    _compose(_write_day(tmp_path / "warm", 60, seed=1), tmp_path / "out-warm")  # templates compiled, jieba loaded

    peaks, sizes, counts = [], [], []
    for n in (300, 1200):
        paths = _write_day(tmp_path / f"day{n}", n, seed=n)
        sizes.append(sum(Path(p).stat().st_size for p in paths))
        tracemalloc.start()
        try:
            done = _compose(paths, tmp_path / f"out{n}")
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        counts.append(done["counts"])
        written = sum(Path(p).stat().st_size for p in done["paths"].values())
        assert written > sizes[-1] / 2  # the briefing is the size of the day: the bound below means something
    assert counts[1]["articles"] == 1200 and counts[1]["merged"] >= 1200 // 25, counts  # reprints were grouped
    ratio = [p / s for p, s in zip(peaks, sizes, strict=True)]
    assert peaks[1] < 4.4 * peaks[0], (peaks, sizes)  # linear, not worse
    assert ratio[1] < 3.5, f"compose peak {peaks[1] / 2**20:.1f} MiB for {sizes[1] / 2**20:.1f} MiB of batch files"


def _hostile_typed_day():
    """A typed briefing whose text tries to break every format (markup, Markdown, line breaks, controls)."""
    from flows.records import Appearance, Briefing, Item, Repeat, Section

    items = []
    for k, title in enumerate(["县里<script>alert(1)</script>开会", "**加粗**与[链接](http://x)\n第二行",
                               "# 标题\r\n- 列表", "普通的一条消息", "\u202e反向\u0007控制"]):
        file = f"kaili-news_{DATE}_p0{1 + k % 3}.txt"
        items.append(Item(id=f"{file}#{k}", title=title, kicker="【要闻】" if k == 0 else None,
                          subtitle="副题\n换行" if k == 1 else None, summary=f"摘要{k}：含 & < > 符号。",
                          sentences=[f"摘要{k}。"], keywords=["春耕", "<b>"],
                          appearances=[Appearance(file, "kaili-news", file[22:25], k, title, "记者 王芳",
                                                  {"paper": "凯里日报", "date": DATE, "edition": "第1版",
                                                   "file": file}, ["标题为推断"])],
                          repeats=Repeat("a#0", "原文《一》", "a.txt", 2) if k == 3 else None, length=300 + k,
                          section="时政" if k < 3 else "民生", importance=3.0 - k * 0.1, notes=["标题为推断"],
                          provenance={"paper": "凯里日报", "date": DATE, "edition": None, "file": file}))
    return Briefing(date=DATE, date_zh="2025年2月20日 星期四", generated_at="2025-02-20T00:00:00+08:00",
                    title="每日简报", counts={"bulletins": 3, "articles": 6, "items": 5, "merged": 1, "failed": 1},
                    sections=[Section("时政", items[:3]), Section("民生", items[3:]), Section("其他", [])],
                    failed=[{"file": "bad\n.txt", "cause": "empty"}], missing_sources=["黔东南日报"],
                    method="default",
                    date_mismatch=[{"file": "x.txt", "paper": None, "printed_date": "2025-02-19"}])


def test_streamed_files_are_the_rendered_texts_byte_for_byte(tmp_path: Path):
    """write_streamed (Jinja's generate(), json's iterencode, items read back from an ItemStore one at a
    time) writes exactly what render_all renders from the whole dict, in every format."""
    from dataclasses import replace

    from flows.records import ItemStore, Section, StoredItem
    from flows.render import render_all, render_text, write_streamed

    day = _hostile_typed_day()
    expected = render_all(day.to_dict())
    store = ItemStore(tmp_path / "items.jsonl")
    stored = replace(day, sections=[Section(s.name, [StoredItem(it.id, it.section, it.importance, store.add(it),
                                                                store) for it in s.items]) for s in day.sections])
    store.seal()
    paths = write_streamed(stored, tmp_path / "out")
    for fmt, text in expected.items():
        assert paths[fmt].read_bytes() == text.encode("utf-8"), fmt
    assert render_text(stored, "md") == expected["md"]
    assert json.loads(paths["json"].read_text("utf-8")) == day.to_dict()
    store.close()


def test_word_ids_spilled_to_a_file_group_as_in_memory(tmp_path: Path):
    """Grouping's word ids kept in a file (read back at each article's step) give the same groups, repeats
    and own paragraphs as the ids kept in memory, in the reading order read_day sorts to."""
    from flows.daywords import DayWords, Vocabulary
    from flows.group import group_day

    paths = _write_day(tmp_path / "day", 300, seed=5)
    lines = [json.loads(line) for p in paths for line in Path(p).read_text("utf-8").splitlines()]
    perm = list(reversed(range(len(lines))))  # a reading order that is not the file order
    vocabulary = Vocabulary()
    ids = [[vocabulary.ids(ws.split(" ") if ws else []) for ws in d["para_words"]] for d in lines]
    results = []
    for spill in (None, tmp_path / "words.bin"):
        words = DayWords(spill)
        for d, para_ids in zip(lines, ids, strict=True):
            words.add([len(normalize(t)) for t in paragraphs(d["body"])], para_ids)
        words.reorder(perm)
        groups = group_day(words, len(vocabulary), lambda i: lines[perm[i]]["body"])
        words.close()
        results.append([(g.members, g.repeats, g.shared_paragraphs, g.own_paragraphs) for g in groups])
    assert results[0] == results[1]
    assert any(len(m) > 1 for m, *_ in results[0]) and any(r is not None for _, r, *_ in results[0])
