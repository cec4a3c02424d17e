"""A synthetic day of 10,000 articles through `briefing run`, once per task runner: wall time and peak memory.

    python benchmarks/bench_scale.py [--articles 10000] [--runners default dask] [--keep DIR]

The day is built from the shipped samples' gold articles: each synthetic article takes a sample headline
under a varied place name and a body of sentences drawn at random from every sample body (numbers re-rolled),
so no two articles share most of their text and grouping cannot collapse the day. Pages carry 5 articles in
the plain "headline / 本报讯（byline）wrapped body" layout, 20 pages per source.

Each run is a fresh child process (`python -m flows.cli run --inbox ... --no-email`) with its own PREFECT_HOME
and output folder. Figures: wall time of the child; ru_maxrss from wait4 (the largest single process among the
child and the descendants it reaped: Dask workers, the embedded Prefect server); and, sampled every 0.25 s,
the peak summed RSS of the whole process tree. Not a test: it takes minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "samples" / "gold.json"
DATE = "2025-02-20"
PER_PAGE = 5
PAGES_PER_SOURCE = 20
PLACES = ["清水县", "澜江市", "松禾县", "明潭县", "云岭镇", "青山乡", "石门县", "白沙镇", "龙溪县", "桃源乡",
          "金河县", "红岩镇", "凤鸣县", "碧水乡", "长坪镇", "高坡乡", "双江县", "南山镇", "北岭县", "东湖乡"]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？])", text.replace("\n", "")) if len(s) >= 8]


def build_day(inbox: Path, n_articles: int, seed: int = 2025) -> int:
    """Write the synthetic inbox; returns the number of pages."""
    gold = json.loads(GOLD.read_text("utf-8"))
    arts = [a for p in gold["pages"] for a in p["articles"] if a.get("title") and a.get("body")]
    pool = [s for a in arts for s in _sentences(a["body"])]
    rng = random.Random(seed)
    inbox.mkdir(parents=True, exist_ok=True)
    pages = 0
    made = 0
    while made < n_articles:
        src, page = divmod(pages, PAGES_PER_SOURCE)
        lines: list[str] = []
        for _ in range(min(PER_PAGE, n_articles - made)):
            tpl = rng.choice(arts)
            place = rng.choice(PLACES)
            title = f"{place}{tpl['title'].split(' ')[0][:18]}"
            if rng.random() < 0.5:
                title += f"（第{rng.randrange(2, 99)}期）"
            body = [place + s if i == 0 else s for i, s in enumerate(rng.sample(pool, rng.randrange(5, 10)))]
            body = [re.sub(r"\d+(?:\.\d+)?", lambda m: str(rng.randrange(2, 9999)), s) for s in body]
            paras = ["".join(body[i:i + 3]) for i in range(0, len(body), 3)]
            byline = tpl.get("byline") or "记者 杨明"
            lines += [title, ""]
            for j, para in enumerate(paras):
                text = f"本报讯（{byline}）{para}" if j == 0 else para
                lines += [text[k:k + 19] for k in range(0, len(text), 19)] + [""]
            lines.append("")
            made += 1
        name = f"bench{src:03d}-daily_{DATE}_p{page + 1:02d}.txt"
        (inbox / name).write_text("\n".join(lines), encoding="utf-8")
        pages += 1
    return pages


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_once(inbox: Path, work: Path, runner: str) -> dict:
    """One `briefing run` in a child process; wall time, maxrss (KiB) and peak tree RSS (bytes)."""
    out = work / f"out-{runner}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update(PREFECT_HOME=str(work / f"prefect-{runner}"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING", PYTHONPATH=str(ROOT),
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120")
    cmd = [sys.executable, "-m", "flows.cli", "run", "--inbox", str(inbox), "--out", str(out), "--no-email",
           "--date", DATE, "--task-runner", runner]
    log = open(work / f"log-{runner}.txt", "w")  # noqa: SIM115 - closed below
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            stop.wait(0.25)

    try:
        import psutil  # noqa: F401

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    except ImportError:
        sampler = None
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    if sampler:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    log.close()
    counts = {}
    bj = out / DATE / "briefing.json"
    if bj.is_file():
        counts = json.loads(bj.read_text("utf-8")).get("counts", {})
    return {"runner": runner, "exit": proc.returncode, "wall_s": wall, "maxrss_kib": usage.ru_maxrss,
            "tree_peak": peak[0], "counts": counts, "log": str(work / f"log-{runner}.txt")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--runners", nargs="+", default=["default", "dask"], choices=["default", "dask"])
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    inbox = work / "inbox"
    t = time.perf_counter()
    pages = build_day(inbox, args.articles)
    size = sum(p.stat().st_size for p in inbox.iterdir())
    print(f"synthetic day: {args.articles} articles on {pages} pages ({size / 1e6:.1f} MB) "
          f"built in {time.perf_counter() - t:.1f} s in {inbox}", flush=True)
    rows = []
    for runner in args.runners:
        # each run gets its own copy: a run moves failed files aside and records the ledger
        src = work / f"inbox-{runner}"
        shutil.rmtree(src, ignore_errors=True)
        shutil.copytree(inbox, src)
        r = run_once(src, work, runner)
        rows.append(r)
        print(f"  {runner}: exit {r['exit']}, {r['wall_s']:.1f} s, log {r['log']}", flush=True)
    print()
    print(f"{'runner':<8} {'exit':>4} {'wall s':>8} {'art/s':>7} {'maxrss MiB':>11} {'tree peak MiB':>14} "
          f"{'bulletins':>9} {'articles':>8} {'items':>6} {'merged':>6} {'failed':>6}")
    for r in rows:
        c = r["counts"]
        rate = (c.get("articles") or 0) / r["wall_s"] if r["wall_s"] else 0
        print(f"{r['runner']:<8} {r['exit']:>4} {r['wall_s']:>8.1f} {rate:>7.1f} {r['maxrss_kib'] / 1024:>11.0f} "
              f"{r['tree_peak'] / 2**20:>14.0f} {c.get('bulletins', '-'):>9} {c.get('articles', '-'):>8} "
              f"{c.get('items', '-'):>6} {c.get('merged', '-'):>6} {c.get('failed', '-'):>6}")
    if len(rows) == 2 and rows[0]["wall_s"] and rows[1]["wall_s"]:
        print(f"\n{rows[1]['runner']} / {rows[0]['runner']} wall-time ratio: {rows[1]['wall_s'] / rows[0]['wall_s']:.2f}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r["exit"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
