"""A synthetic day of N bulletin files through `briefing run`, per task runner: wall, CPU, Prefect's CPU share,
peak RSS.

    python benchmarks/bench_scale.py [--files 10 100 1000 10000] [--runners default dask] [--rounds 1] [--no-plain]
                                     [--no-cold] [--keep DIR]

The day is built from the shipped samples' gold articles: each synthetic article takes a sample headline
under a varied place name and a body of sentences drawn at random from every sample body (numbers re-rolled);
a page carries 2-5 articles (3.5 on average) in the plain "headline / 本报讯（byline）wrapped body" layout, 20 pages
per source, and 8 % of the articles are reprints of an earlier one in another paper (one sentence edited), so
grouping has real work.

Each run is a fresh child process (`python -m flows.cli run --inbox ... --no-email`) with its own output
folder. A daily run reuses its PREFECT_HOME, whose database the temporary server then only checks; a new
home costs the server its migrations (~5 s of CPU, not the flow's). So per size, every child (plain, empty,
each runner) uses one PREFECT_HOME warmed first by an untimed empty flow run, and one more `briefing run`
on the default runner with a fresh home is reported as `default, fresh home` (`--no-cold` skips it).
Figures:
- wall: the child's wall time (it includes the temporary Prefect server's start);
- CPU: user + system seconds of the whole process tree (the child, the embedded server, Dask workers), the
  larger of wait4's figure (reaped descendants) and a 0.25 s sampler that remembers every process it saw;
- Prefect's CPU share: 1 - plain / CPU, where `plain` is the CPU of the same work without Prefect (the flow's
  step functions called in order in one fresh process: scan, ingest + summaries, compose and write), measured
  in the same round on the same inbox;
- the fixed part of that share: the CPU of an empty Prefect flow with as many (no-op) tasks as the run
  had, in a fresh process on its own embedded server (`empty` column): what the briefing cannot shed
  short of running without Prefect; `Prefect above empty` = (CPU - plain - empty) / CPU is what the
  flow's design (batching, what it passes) adds;
- peak RSS: the largest summed RSS of the process tree seen by the sampler (and ru_maxrss, the largest single
  process).
A linear fit of wall, and of CPU, against files (over the sizes run, >= 100 files; the median of `--rounds`) gives
the marginal ms per file.
Not a test: at 10,000 files it takes minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from flows.prefect_child import is_server  # noqa: E402 - the run's own test of a temporary server

GOLD = ROOT / "samples" / "gold.json"
DATE = "2025-02-20"
PAGES_PER_SOURCE = 20
REPRINT = 0.08
PLACES = ["清水县", "澜江市", "松禾县", "明潭县", "云岭镇", "青山乡", "石门县", "白沙镇", "龙溪县", "桃源乡",
          "金河县", "红岩镇", "凤鸣县", "碧水乡", "长坪镇", "高坡乡", "双江县", "南山镇", "北岭县", "东湖乡"]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？])", text.replace("\n", "")) if len(s) >= 8]


def build_day(inbox: Path, n_files: int, seed: int = 2025) -> int:
    """Write the synthetic inbox of n_files pages; returns the number of articles."""
    gold = json.loads(GOLD.read_text("utf-8"))
    arts = [a for p in gold["pages"] for a in p["articles"] if a.get("title") and a.get("body")]
    pool = [s for a in arts for s in _sentences(a["body"])]
    rng = random.Random(seed)
    inbox.mkdir(parents=True, exist_ok=True)
    made: list[tuple[int, str, list[str], str]] = []  # (source, title, body sentences, byline)
    for page_no in range(n_files):
        src, page = divmod(page_no, PAGES_PER_SOURCE)
        lines: list[str] = []
        for _ in range(rng.choice((2, 3, 4, 5))):
            earlier = [m for m in made[-400:] if m[0] != src]
            if earlier and rng.random() < REPRINT:
                _, title, body, byline = rng.choice(earlier)
                body = list(body)
                k = rng.randrange(len(body))
                body[k] = re.sub(r"\d+", lambda m: str(rng.randrange(2, 9999)), body[k]) + "。"
            else:
                tpl = rng.choice(arts)
                place = rng.choice(PLACES)
                title = f"{place}{tpl['title'].split(' ')[0][:18]}"
                if rng.random() < 0.5:
                    title += f"（第{rng.randrange(2, 99)}期）"
                body = [place + s if i == 0 else s for i, s in enumerate(rng.sample(pool, rng.randrange(5, 10)))]
                body = [re.sub(r"\d+(?:\.\d+)?", lambda m: str(rng.randrange(2, 9999)), s) for s in body]
                byline = tpl.get("byline") or "记者 杨明"
            made.append((src, title, body, byline))
            paras = ["".join(body[i:i + 3]) for i in range(0, len(body), 3)]
            lines += [title, ""]
            for j, para in enumerate(paras):
                text = f"本报讯（{byline}）{para}" if j == 0 else para
                lines += [text[k:k + 19] for k in range(0, len(text), 19)] + [""]
            lines.append("")
        name = f"bench{src:03d}-daily_{DATE}_p{page + 1:02d}.txt"
        (inbox / name).write_text("\n".join(lines), encoding="utf-8")
    return len(made)


class TreeSampler:
    """Every 0.25 s: summed RSS of the process tree (peak kept) and each process's CPU seconds (last seen kept,
    so a process that ends between two samples still counts with its last figure)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.cpu, self.server_cpu = pid, 0, {}, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self.stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            total = 0
            for p in procs:
                try:
                    with p.oneshot():
                        total += p.memory_info().rss
                        t = p.cpu_times()
                        self.cpu[p.pid] = t.user + t.system
                        if p.pid != self.pid and is_server(p.pid):
                            self.server_cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.stop.wait(0.25)

    def __enter__(self) -> TreeSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING", PYTHONPATH=str(ROOT),
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180")
    return env


def run_child(cmd: list[str], work: Path, tag: str, home: Path) -> dict:
    """Run cmd as a child with PREFECT_HOME=home; wall, tree CPU, server CPU, peak tree RSS, maxrss."""
    log = open(work / f"log-{tag}.txt", "w")  # noqa: SIM115 - closed below
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, env=_env(home), stdout=log, stderr=subprocess.STDOUT)
    with TreeSampler(proc.pid) as s:
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    log.close()
    waited = usage.ru_utime + usage.ru_stime  # the child and the descendants it reaped
    sampled = sum(s.cpu.values())
    return {"exit": os.waitstatus_to_exitcode(status), "wall": wall, "cpu": max(waited, sampled),
            "server_cpu": sum(s.server_cpu.values()), "peak": s.peak, "maxrss": usage.ru_maxrss * 1024,
            "log": str(work / f"log-{tag}.txt")}


def run_flow(inbox: Path, work: Path, runner: str, tag: str, home: Path) -> dict:
    out = work / f"out-{tag}"
    cmd = [sys.executable, "-m", "flows.cli", "run", "--inbox", str(inbox), "--out", str(out), "--no-email",
           "--date", DATE, "--task-runner", runner]
    r = run_child(cmd, work, tag, home)
    bj = out / DATE / "briefing.json"
    r["counts"] = json.loads(bj.read_text("utf-8")).get("counts", {}) if bj.is_file() else {}
    return r


def plain(inbox: str, out: str) -> None:
    """The flow's work without Prefect, in this process: its step functions called in order."""
    from flows import daily
    from flows.config import load_config

    cfg = load_config(None, env={}, out=out)
    state = str(Path(out) / ".state")
    scan = daily.scan_inbox.fn(inbox, None, state, DATE)
    todo = [t for t in scan["taken"] if "error" not in t]
    if hasattr(daily, "run_plain"):  # the batched flow says how its own steps chain
        daily.run_plain(todo, cfg, DATE, state)
        return
    results = []
    for t in todo:
        res = daily.brief_bulletin.fn(t["path"], t["file"], cfg.max_bytes, cfg.method, cfg.max_chars, cfg.keywords)
        res["hash"] = t["hash"]
        results.append(res)
    daily.compose_briefing.fn(results, date=DATE, tz=cfg.timezone, method=cfg.method, max_chars=cfg.max_chars,
                              k=cfg.keywords, failed=[], missing=[], templates=None, out=out, write=True)


EMPTY = """
import sys
from prefect import flow, task

@task(persist_result=False)
def step(i):
    return i

@flow(name="bench-empty", persist_result=False)
def empty(n):
    return [f.result() for f in [step.submit(i) for i in range(n)]]

empty(int(sys.argv[1]))
"""


def n_tasks(n_files: int) -> int:
    """Tasks of a run over n_files good files with e-mail off: scan, the batches (or one per file), compose."""
    sys.path.insert(0, str(ROOT))
    from flows import daily

    if hasattr(daily, "batches"):
        return len(daily.batches([{}] * n_files)) + 2
    return n_files + 2


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return slope, my - slope * mx


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, nargs="+", default=[10, 100, 1000, 10_000])
    ap.add_argument("--runners", nargs="+", default=["default", "dask"], choices=["default", "dask"])
    ap.add_argument("--no-plain", action="store_true", help="skip the no-Prefect baseline (no Prefect share)")
    ap.add_argument("--no-cold", action="store_true", help="skip the default runner's run on a fresh PREFECT_HOME")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="runs of each runner per size, alternating their order (Dask / default: the median)")
    ap.add_argument("--plain-child", nargs=2, metavar=("INBOX", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.plain_child:
        plain(*args.plain_child)
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    plains: list[dict] = []
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}, commit {_commit()}", flush=True)
    for n in args.files:
        inbox = work / f"inbox-{n}"
        shutil.rmtree(inbox, ignore_errors=True)
        n_art = build_day(inbox, n)
        size = sum(p.stat().st_size for p in inbox.iterdir())
        print(f"{n} files: {n_art} articles ({size / 1e6:.1f} MB)", flush=True)
        home = work / f"prefect-{n}"  # a daily run's home: warmed once (untimed), then used by every child
        shutil.rmtree(home, ignore_errors=True)
        warmup = run_child([sys.executable, "-c", EMPTY, "1"], work, f"warmup-{n}", home)
        print(f"  warm-up of PREFECT_HOME (untimed): exit {warmup['exit']}, {warmup['cpu']:.1f} s CPU", flush=True)
        bases: dict[int, dict] = {}

        def plain_round(k: int, n: int = n, inbox: Path = inbox, home: Path = home,
                        bases: dict[int, dict] = bases) -> dict | None:
            """The plain work, once per round, just before that round's runs (Prefect's share is taken
            against the plain run of its own round: the same minutes, the same load)."""
            if args.no_plain:
                return None
            if k not in bases:
                out = work / f"plain-{n}-r{k}"
                shutil.rmtree(out, ignore_errors=True)
                b = run_child([sys.executable, str(Path(__file__).resolve()), "--plain-child", str(inbox),
                               str(out)], work, f"plain-{n}-r{k}", home)
                print(f"  plain (no Prefect){f', round {k + 1}' if args.rounds > 1 else ''}: exit {b['exit']}, "
                      f"{b['wall']:.1f} s wall, {b['cpu']:.1f} s CPU", flush=True)
                b.update(files=n, runner="plain", load=os.getloadavg()[0], counts={}, share=None, empty=None,
                         above=None)
                plains.append(b)
                bases[k] = b
            return bases[k]

        plain_round(0)
        empty = None
        if not args.no_plain:
            empty = run_child([sys.executable, "-c", EMPTY, str(n_tasks(n))], work, f"empty-{n}", home)
            print(f"  empty flow, {n_tasks(n)} tasks: exit {empty['exit']}, {empty['wall']:.1f} s wall, "
                  f"{empty['cpu']:.1f} s CPU", flush=True)
        kinds = []
        for k in range(args.rounds):  # A B, then B A, ...: a change in load hits both runners alike
            order = args.runners if k % 2 == 0 else list(reversed(args.runners))
            kinds += [(runner, home, k) for runner in order]
        if not args.no_cold:
            kinds.append(("default, fresh home", work / f"prefect-{n}-fresh", 0))
        for label, run_home, k in kinds:
            runner = label.split(",")[0]
            tag = f"{runner}-{n}" + ("-fresh" if run_home != home else "") + (f"-r{k}" if k else "")
            shutil.rmtree(run_home if run_home != home else work / "none", ignore_errors=True)
            src = work / f"inbox-{tag}"  # a run moves failed files aside and records the ledger
            shutil.rmtree(src, ignore_errors=True)
            shutil.copytree(inbox, src)
            base = plain_round(k)
            r = run_flow(src, work, runner, tag, run_home)
            ok = base and empty and base["exit"] == 0 and empty["exit"] == 0 and r["cpu"]
            r.update(files=n, runner=label, load=os.getloadavg()[0],
                     share=(1 - base["cpu"] / r["cpu"]) if ok else None,
                     empty=empty["cpu"] if ok else None,
                     above=((r["cpu"] - base["cpu"] - empty["cpu"]) / r["cpu"]) if ok else None)
            rows.append(r)
            print(f"  {label}: exit {r['exit']}, {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, "
                  f"peak {r['peak'] / 2**20:.0f} MiB, log {r['log']}", flush=True)
    print()
    print("| files | runner | exit | wall s | CPU s | server CPU s | empty flow CPU s | Prefect share "
          "| Prefect above empty | peak tree RSS MiB | max proc RSS MiB | articles | items | load |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def pct(x: float | None) -> str:
        return f"{100 * x:.0f} %" if x is not None else "-"

    for r in rows:
        c = r["counts"]
        emp = f"{r['empty']:.1f}" if r["empty"] is not None else "-"
        print(f"| {r['files']} | {r['runner']} | {r['exit']} | {r['wall']:.1f} | {r['cpu']:.1f} | "
              f"{r['server_cpu']:.1f} | {emp} | {pct(r['share'])} | {pct(r['above'])} | "
              f"{r['peak'] / 2**20:.0f} | {r['maxrss'] / 2**20:.0f} | "
              f"{c.get('articles', '-')} | {c.get('items', '-')} | {r['load']:.1f} |")
    for n in args.files:
        for runner in args.runners:
            shares = [r["share"] for r in rows if r["files"] == n and r["runner"] == runner and r["share"] is not None]
            if len(shares) > 1:
                print(f"{n} files, {runner}: Prefect's share {100 * statistics.median(shares):.0f} % (median of "
                      f"{', '.join(f'{100 * x:.0f}' for x in shares)} %)")
        ps = [p["cpu"] for p in plains if p["files"] == n]
        if len(ps) > 1:
            print(f"{n} files, plain: {', '.join(f'{x:.1f}' for x in ps)} s CPU")
    for runner in args.runners:
        for what in ("wall", "cpu"):
            pts = [(n, statistics.median(r[what] for r in rows if r["runner"] == runner and r["files"] == n))
                   for n in args.files if n >= 100 and any(r["runner"] == runner and r["files"] == n for r in rows)]
            if len(pts) >= 2:
                slope, icpt = linear_fit([p[0] for p in pts], [p[1] for p in pts])
                print(f"\n{runner}: linear fit of {what} over {[p[0] for p in pts]} files: {1000 * slope:.1f} ms per "
                      f"file + {icpt:.1f} s")
    for n in args.files:
        d = {runner: [r["wall"] for r in rows if r["files"] == n and r["runner"] == runner]
             for runner in ("default", "dask")}
        if d["default"] and d["dask"]:
            ratios = [a / b for a, b in zip(d["dask"], d["default"], strict=False)]
            print(f"{n} files: dask / default wall {statistics.median(ratios):.2f}"
                  + (f" (median of {', '.join(f'{x:.2f}' for x in ratios)})" if len(ratios) > 1 else ""))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r["exit"] == 0 for r in rows) else 1


def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=False).stdout.strip() or "?"
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
