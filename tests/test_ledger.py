"""The ledger, the delivery record and the run lock (flows/ledger.py)."""
from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from flows import ledger as L
from flows.naming import common_date, date_zh, parse_name


def test_names_split_into_source_date_page():
    info = parse_name("kaili-news_2025-02-20_p03.pdf")
    assert (info.source, info.date, info.page, info.page_number) == ("kaili-news", "2025-02-20", "p03", 3)
    odd = parse_name("scan 0001.txt")
    assert (odd.source, odd.date, odd.page) == ("scan 0001", None, None)
    assert parse_name("kaili-news_2025-02-30_p01.txt").date is None  # no such day
    assert common_date(["a_2025-02-20_p01.txt", "b_2025-02-20_p02.pdf"]) == "2025-02-20"
    assert common_date(["a_2025-02-20_p01.txt", "b_2025-02-21_p02.pdf"]) is None
    assert common_date(["a_2025-02-20_p01.txt", "notes.txt"]) is None
    assert date_zh("2025-02-20") == "2025年2月20日 星期四"


def test_renamed_file_is_not_new_edited_file_is(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = inbox / "kaili-news_2025-02-20_p01.txt"
    page.write_text("凯里市召开春耕备耕工作推进会。\n", encoding="utf-8")
    ledger = L.Ledger.load(tmp_path / "state")
    digest = L.file_hash(page)
    assert ledger.is_new(digest, "2025-02-20")
    ledger.record(digest, file=page.name, date="2025-02-20", status="ok", articles=1)
    ledger.save()

    renamed = page.rename(inbox / "copy-of-page.txt")
    reloaded = L.Ledger.load(tmp_path / "state")
    assert not reloaded.is_new(L.file_hash(renamed), "2025-02-21")
    assert reloaded.is_new(L.file_hash(renamed), "2025-02-20")  # a rerun of the same day briefs it again
    renamed.write_text("凯里市召开春耕备耕工作推进会（更正稿）。\n", encoding="utf-8")
    assert reloaded.is_new(L.file_hash(renamed), "2025-02-21")

    # recording the renamed copy keeps the first name and first date
    reloaded.record(digest, file="copy-of-page.txt", date="2025-02-21", status="ok", articles=1)
    assert reloaded.entries[digest]["file"] == page.name and reloaded.entries[digest]["date"] == "2025-02-20"


def test_atomic_write_leaves_old_file_when_serialisation_fails(tmp_path):
    path = tmp_path / "ledger.json"
    L.atomic_write_json(path, {"a": 1})
    with pytest.raises(TypeError):
        L.atomic_write_json(path, {"a": object()})
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]  # no temp file left behind


def test_unreadable_ledger_names_the_file(tmp_path):
    (tmp_path / "ledger.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(L.StateError, match="ledger.json"):
        L.Ledger.load(tmp_path)


def test_missing_sources_learned_from_history_and_config(tmp_path):
    ledger = L.Ledger(tmp_path)
    history = {"2025-02-17": ["kaili-news", "qiandongnan-daily", "rare-weekly"],
               "2025-02-18": ["kaili-news", "qiandongnan-daily"],
               "2025-02-19": ["kaili-news"]}
    n = 0
    for date, sources in history.items():
        for s in sources:
            n += 1
            ledger.record(f"h{n}", file=f"{s}_{date}_p01.txt", date=date, status="ok", articles=3)
    assert L.missing_sources(ledger, "2025-02-20", {"kaili-news"}) == ["qiandongnan-daily"]
    assert L.missing_sources(ledger, "2025-02-20", {"kaili-news"}, ["songhe-news"]) == ["qiandongnan-daily",
                                                                                        "songhe-news"]
    assert L.missing_sources(ledger, "2025-02-20", {"kaili-news", "qiandongnan-daily"}) == []
    # only the last runs count: over the last two dates qiandongnan-daily sent once, kaili-news twice
    assert L.missing_sources(ledger, "2025-02-20", set(), last_runs=2) == ["kaili-news"]
    assert L.missing_sources(ledger, "2025-02-20", set(), last_runs=3) == ["kaili-news", "qiandongnan-daily"]


def test_deliveries_remember_content_per_date(tmp_path):
    assert L.already_sent(tmp_path, "2025-02-20", "abc") is None
    L.record_delivery(tmp_path, "2025-02-20", "abc", "<id@x>", 2)
    assert L.already_sent(tmp_path, "2025-02-20", "abc")["message_id"] == "<id@x>"
    assert L.already_sent(tmp_path, "2025-02-20", "def") is None
    assert L.already_sent(tmp_path, "2025-02-21", "abc") is None


def _hold_lock(state_dir: str, ready, seconds: float, done: str | None = None) -> None:
    with L.state_lock(state_dir):
        ready.set()
        time.sleep(seconds)
        if done:  # written while still holding the lock: whoever gets the lock next must see it
            Path(done).write_text("finished", encoding="utf-8")


def test_lock_excludes_a_second_run_and_is_freed_when_the_holder_dies(tmp_path):
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, 30.0))
    holder.start()
    try:
        assert ready.wait(20)
        with pytest.raises(L.LockBusy, match=r"another briefing run holds .*lock \(waited 0.5 s\)"), \
                L.state_lock(tmp_path, wait=0.5):
            pass
        os.kill(holder.pid, 9)  # a crashed run: the kernel drops its flock
        holder.join(20)
        with L.state_lock(tmp_path, wait=5) as path:
            assert Path(path).read_text().strip() == str(os.getpid())
    finally:
        if holder.is_alive():
            holder.kill()
        holder.join(20)


def test_second_run_waits_for_the_first_to_finish(tmp_path):
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    done = tmp_path / "first-run-finished"
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, 0.7, str(done)))
    holder.start()
    try:
        assert ready.wait(20)
        assert not done.exists()
        with L.state_lock(tmp_path, wait=15) as path:
            # we hold the lock only after the first run let go of it, so its last write is already there
            assert done.read_text(encoding="utf-8") == "finished"
            assert Path(path).read_text().strip() == str(os.getpid())
    finally:
        if holder.is_alive():
            holder.kill()
        holder.join(20)
