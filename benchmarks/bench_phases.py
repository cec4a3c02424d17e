"""Where a `briefing run`'s memory peaks: the main process's RSS and threads, sampled every 0.5 s, per phase.

    python benchmarks/bench_phases.py INBOX [--tree DIR]    # INBOX: e.g. from bench_batch.py --make 10000

Runs `python -m flows.cli run --inbox INBOX --no-email` (default task runner, a fresh PREFECT_HOME and output
folder under a temporary directory, the code of --tree, default this repo) and splits the run at its progress
lines: before the batches ("Prefect ready"), the batches, compose ("grouping, summarising and rendering").
Prints each phase's peak RSS (MiB) and most threads, and the main process's CPU seconds during the batches.
Needs psutil. Not a test.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    import psutil

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inbox", type=Path)
    ap.add_argument("--tree", type=Path, default=ROOT, help="the code to run (PYTHONPATH)")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-phases-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    env.update(PREFECT_HOME=str(work / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING", PYTHONPATH=str(args.tree), BRIEFING_PROGRESS="1",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180")
    t0 = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--inbox", str(args.inbox), "--out",
                             str(work / "out"), "--no-email", "--date", "2025-02-20"], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples: list[tuple[float, int, float, int]] = []  # (seconds, rss, cpu, threads)

    def sample() -> None:
        me = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                cpu = me.cpu_times()
                samples.append((time.time() - t0, me.memory_info().rss, cpu.user + cpu.system, me.num_threads()))
            except psutil.Error:
                break
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    marks: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if "Prefect ready" in line:
            marks["batches"] = time.time() - t0
        elif "grouping, summarising" in line:
            marks["compose"] = time.time() - t0
    proc.wait()
    sampler.join()
    end = samples[-1][0] + 1 if samples else 0.0
    edges = [("before the batches", 0.0, marks.get("batches", end)),
             ("batches", marks.get("batches", end), marks.get("compose", end)),
             ("compose and after", marks.get("compose", end), end)]
    print(f"exit {proc.returncode}; load average {os.getloadavg()[0]:.1f}")
    for name, a, b in edges:
        xs = [s for s in samples if a <= s[0] < b]
        if xs:
            print(f"{name}: {b - a:.0f} s, peak RSS {max(s[1] for s in xs) / 2**20:.0f} MiB, "
                  f"up to {max(s[3] for s in xs)} threads")
    if "batches" in marks and "compose" in marks:
        def cpu_at(t: float) -> float:
            return max((s[2] for s in samples if s[0] <= t), default=0.0)

        print(f"main process CPU during the batches: {cpu_at(marks['compose']) - cpu_at(marks['batches']):.1f} s")
    return 0 if proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
