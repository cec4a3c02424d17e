"""The project's fixed cost: `briefing run` on one bulletin against an empty Prefect flow with the same number
of tasks, each in a fresh process, paired in one run.

    python benchmarks/bench_flow.py [--rounds 5] [--file samples/bulletins/lanjiang-daily_2025-02-20_p01.txt]

Each round runs, in alternating order (A B, then B A, so a change in machine load hits both alike):
- `empty`: a fresh Python process that imports Prefect and runs a flow of `--tasks` no-op tasks (default 3:
  the briefing's scan, one batch of bulletins, compose; delivery is off) on the embedded server;
- `briefing`: a fresh `python -m flows.cli run FILE --no-email` (config, templates check, jieba and the
  summarizers' tables loaded, one bulletin parsed, summarised, grouped, rendered and written).
Both pay a temporary Prefect server's start, so the difference is what the project adds: imports,
dictionary loads, the work on one page, and its own Prefect calls (the briefing starts its own lean server,
flows.prefect_child; the empty flow lets Prefect start its default one).

A daily run reuses its PREFECT_HOME, whose database the server then only checks; a new home costs the
server its migrations (~5 s of CPU). So each side has one home for all rounds, warmed first by an untimed
empty run, and `--cold-rounds` more paired rounds (default 1) run on fresh homes and are reported apart.
Reported: medians of wall and CPU seconds (user + system of the process tree, from wait4) for each, and
the paired differences.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "samples" / "bulletins" / "lanjiang-daily_2025-02-20_p01.txt"

EMPTY = """
import sys
from prefect import flow, task

@task(persist_result=False)
def step(i):
    return i

@flow(name="bench-empty", persist_result=False)
def empty(n):
    return [step(i) for i in range(n)]

empty(int(sys.argv[1]))
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING",
               PYTHONPATH=str(ROOT), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120")
    return env


def timed(cmd: list[str], home: Path, cwd: Path) -> tuple[float, float]:
    """Wall and CPU (the process and the descendants it reaped) of one child."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--tasks", type=int, default=3)
    ap.add_argument("--file", type=Path, default=FILE)
    ap.add_argument("--cold-rounds", type=int, default=1, help="paired rounds on fresh PREFECT_HOMEs, reported apart")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-flow-"))
    load_before = os.getloadavg()[0]
    empty_cmd = [sys.executable, "-c", EMPTY, str(args.tasks)]
    warm = {"empty": tmp / "home-empty", "briefing": tmp / "home-briefing"}
    for home in warm.values():  # a daily run's home: its database exists (untimed)
        timed([sys.executable, "-c", EMPTY, "1"], home, tmp)
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        "warm": {"empty": [], "briefing": []}, "cold": {"empty": [], "briefing": []}}
    rounds = [("warm", r) for r in range(args.rounds)] + [("cold", r) for r in range(args.cold_rounds)]
    for kind, r in rounds:
        homes = warm if kind == "warm" else {n: tmp / f"home-{n}-cold{r}" for n in warm}
        runs = {
            "empty": lambda h=homes: timed(empty_cmd, h["empty"], tmp),
            "briefing": lambda h=homes, r=r, k=kind: timed(
                [sys.executable, "-m", "flows.cli", "run", str(args.file.resolve()), "--out",
                 str(tmp / f"out-{k}{r}"), "--no-email"], h["briefing"], tmp),
        }
        order = ["empty", "briefing"] if r % 2 == 0 else ["briefing", "empty"]
        for name in order:
            samples[kind][name].append(runs[name]())
        print(f"{kind} round {r + 1}: empty {samples[kind]['empty'][-1][0]:.2f} s, "
              f"briefing {samples[kind]['briefing'][-1][0]:.2f} s", flush=True)
    load_after = os.getloadavg()[0]

    print()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs, load average "
          f"{load_before:.1f} before / {load_after:.1f} after; medians of {args.rounds} paired rounds on warm "
          f"PREFECT_HOMEs and {args.cold_rounds} on fresh ones; {args.tasks} tasks; file {args.file.name}")
    print()
    print("| PREFECT_HOME | empty Prefect flow, wall / CPU | `briefing run` one file, wall / CPU "
          "| difference, wall / CPU (median of paired differences; goal <= 1 s wall) |")
    print("|---|---:|---:|---:|")
    for kind, got in samples.items():
        if not got["empty"]:
            continue

        def med(name: str, k: int, got: dict = got) -> float:
            return statistics.median(s[k] for s in got[name])

        diffs = [b[0] - e[0] for b, e in zip(got["briefing"], got["empty"], strict=True)]
        cdiffs = [b[1] - e[1] for b, e in zip(got["briefing"], got["empty"], strict=True)]
        what = "warm (a daily run)" if kind == "warm" else "fresh (first run)"
        print(f"| {what} | {med('empty', 0):.2f} s / {med('empty', 1):.2f} s | {med('briefing', 0):.2f} s / "
              f"{med('briefing', 1):.2f} s | **{statistics.median(diffs):.2f} s** / "
              f"{statistics.median(cdiffs):.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
