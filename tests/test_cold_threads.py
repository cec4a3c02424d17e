"""The flow's batches run in threads from a cold start (its work lock is gone): the summarizers' lazily built
tables must give every thread the same answers.

A fresh interpreter per round, eight threads released at once into `summarizers.analyze` on traditional and
simplified texts (the traditional-character table, jieba, tags and IDF are all built under contention), with the
interpreter switching threads as often as it can.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = """
import sys, threading, summarizers
sys.setswitchinterval(1e-6)  # switch threads as often as possible: contention on every lazy table
texts = ["明潭縣政府今天召開防汛會議，要求各鄉鎮公所完成溝渠清淤。" * 3, "松禾县召开春耕备耕工作会议。" * 3] * 4
barrier = threading.Barrier(len(texts))
errors, results = [], [None] * len(texts)

def work(i):
    barrier.wait()
    try:
        a = summarizers.analyze(texts[i])
        results[i] = (summarizers.summarize(texts[i], analysis=a), summarizers.keywords(texts[i], analysis=a))
    except BaseException as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
for t in threads: t.start()
for t in threads: t.join()
assert not errors, errors
assert all(results[i] == results[i % 2] for i in range(len(texts))), results
print("ok")
"""


def test_threads_on_a_cold_start_build_every_table_once_and_agree():
    for _ in range(3):
        run = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]
