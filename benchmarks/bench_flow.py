"""The project's fixed cost: `briefing run` on one bulletin against an empty Prefect flow with the same number
of tasks, each in a fresh process, paired in one run.

    python benchmarks/bench_flow.py [--rounds 5] [--file samples/bulletins/lanjiang-daily_2025-02-20_p01.txt]

Each round runs, in alternating order (A B, then B A, so a change in machine load hits both alike):
- `empty`: a fresh Python process that imports Prefect and runs a flow of `--tasks` no-op tasks (default 3:
  the briefing's scan, one batch of bulletins, compose; delivery is off) on the embedded server;
- `briefing`: a fresh `python -m flows.cli run FILE --no-email` (config, templates check, jieba and the
  summarizers' tables loaded, one bulletin parsed, summarised, grouped, rendered and written).
Both pay the embedded server's start (5-11 s on this machine), so the difference is what the project adds:
imports, dictionary loads, the work on one page, and its own Prefect calls. Reported: medians of wall and
CPU seconds (user + system of the process tree, from wait4) for each, and the paired differences.
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
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-flow-"))
    load_before = os.getloadavg()[0]
    empty_cmd = [sys.executable, "-c", EMPTY, str(args.tasks)]
    samples: dict[str, list[tuple[float, float]]] = {"empty": [], "briefing": []}
    for r in range(args.rounds):
        runs = {
            "empty": lambda r=r: timed(empty_cmd, tmp / f"home-e{r}", tmp),
            "briefing": lambda r=r: timed([sys.executable, "-m", "flows.cli", "run", str(args.file.resolve()),
                                           "--out", str(tmp / f"out{r}"), "--no-email"], tmp / f"home-b{r}", tmp),
        }
        order = ["empty", "briefing"] if r % 2 == 0 else ["briefing", "empty"]
        for name in order:
            samples[name].append(runs[name]())
        print(f"round {r + 1}: empty {samples['empty'][-1][0]:.2f} s, briefing {samples['briefing'][-1][0]:.2f} s",
              flush=True)
    load_after = os.getloadavg()[0]

    def med(name: str, k: int) -> float:
        return statistics.median(s[k] for s in samples[name])

    diffs = [b[0] - e[0] for b, e in zip(samples["briefing"], samples["empty"], strict=True)]
    cdiffs = [b[1] - e[1] for b, e in zip(samples["briefing"], samples["empty"], strict=True)]
    print()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs, load average "
          f"{load_before:.1f} before / {load_after:.1f} after; medians of {args.rounds} paired rounds; "
          f"{args.tasks} tasks; file {args.file.name}")
    print()
    print("| | wall | CPU |")
    print("|---|---:|---:|")
    print(f"| empty Prefect flow, {args.tasks} tasks | {med('empty', 0):.2f} s | {med('empty', 1):.2f} s |")
    print(f"| `briefing run` one file | {med('briefing', 0):.2f} s | {med('briefing', 1):.2f} s |")
    print(f"| **difference** (median of paired differences; goal <= 1 s) | **{statistics.median(diffs):.2f} s** | "
          f"{statistics.median(cdiffs):.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
