"""The flow's typed records and batches: what the batch tasks write is what compose reads back."""
from __future__ import annotations

from pathlib import Path

from bulletins.model import Article
from flows.daily import BATCH_FILES, MIN_BATCHES, batches, brief_files, read_batches
from flows.naming import parse_name
from flows.records import FlowArticle


def test_flow_article_survives_its_json_line():
    art = Article(source="songhe-news_2025-02-20_p02.txt", index=3, title="县城新增两条公交线路",
                  body="本报讯 县城新增两条公交线路。\n线路覆盖城东新区和高铁站。", kicker="民生",
                  byline="记者 王芳", notes=["标题为推断", "续见第4版"])
    words = [["本报讯", "县城", "新增", "两条", "公交", "线路"], ["线路", "覆盖", "城东", "新区"], []]
    a = FlowArticle.from_article(art, "songhe-news_2025-02-20_p02.txt", parse_name(art.source),
                                 ["县城新增两条公交线路。"], ["公交", "线路"], words,
                                 {"paper": "今日松禾", "date": "2025-02-20", "edition": "第2版 综合",
                                  "file": "songhe-news_2025-02-20_p02.txt"})
    back = FlowArticle.from_line(a.to_line())
    assert back == a
    assert back.id == "songhe-news_2025-02-20_p02.txt#3" and back.page == "p02" and back.date == "2025-02-20"
    assert back.notes == ["标题为推断", "续见第4版"]
    assert back.provenance == {"paper": "今日松禾", "date": "2025-02-20", "edition": "第2版 综合",
                               "file": "songhe-news_2025-02-20_p02.txt"}


def test_batches_keep_reading_order_and_give_two_workers_even_shares():
    todo = [{"file": f"f{i:04d}"} for i in range(1000)]
    chunks = batches(todo)
    assert [t for c in chunks for t in c] == todo
    assert max(len(c) for c in chunks) == BATCH_FILES and len(chunks) == 1000 // BATCH_FILES
    few = batches(todo[:10])
    assert len(few) >= MIN_BATCHES - 1 and [t for c in few for t in c] == todo[:10]
    assert batches([]) == [] and batches(todo[:1]) == [todo[:1]]


def test_a_batch_writes_its_articles_and_reports_each_file(tmp_path: Path, samples_dir: Path):
    good = samples_dir / "songhe-news_2025-02-20_p02.txt"
    empty = tmp_path / "empty_2025-02-20_p09.txt"
    empty.write_bytes(b"")
    todo = [{"path": str(good), "file": good.name, "hash": "h1"},
            {"path": str(empty), "file": empty.name, "hash": "h2"}]
    res = brief_files(7, todo, str(tmp_path), 2_000_000, "default", 120, 5)
    assert Path(res["path"]).name == "batch-00007.jsonl"
    (ok, bad) = res["files"]
    assert ok["file"] == good.name and ok["articles"] >= 2 and "error" not in ok
    assert bad["file"] == empty.name and "empty" in bad["error"].lower()
    records = read_batches([res["path"]])
    assert len(records) == ok["articles"]
    assert [r.index for r in records] == sorted(r.index for r in records)
    assert all(r.file == good.name and r.sentences and len(r.keywords) <= 5 for r in records)
    assert all(len(r.para_words) == len([p for p in r.body.split("\n") if p.strip()]) for r in records)


def test_batches_run_at_once_on_threads_write_what_they_write_one_by_one(tmp_path: Path, samples_dir: Path):
    """No lock around the batch work any more: four batches on four threads give the same article files,
    byte for byte, as the same batches one after another."""
    from concurrent.futures import ThreadPoolExecutor

    files = sorted(p for p in samples_dir.iterdir() if p.suffix == ".txt")
    todo = [{"path": str(p), "file": p.name, "hash": p.name} for p in files]
    chunks = batches(todo)
    assert len(chunks) >= 4

    def run(folder: Path) -> list[bytes]:
        folder.mkdir()
        return [Path(brief_files(n, c, str(folder), 2_000_000, "default", 120, 8)["path"]).read_bytes()
                for n, c in enumerate(chunks)]

    one_by_one = run(tmp_path / "seq")
    (tmp_path / "par").mkdir()
    with ThreadPoolExecutor(4) as pool:
        paths = list(pool.map(lambda nc: brief_files(nc[0], nc[1], str(tmp_path / "par"), 2_000_000, "default",
                                                     120, 8)["path"], enumerate(chunks)))
    assert [Path(p).read_bytes() for p in paths] == one_by_one
    assert all(one_by_one)
