"""The batch phase alone (parse, summaries, keywords, sections, grouping's words), without Prefect: CPU per file
and the process's memory, on a synthetic inbox.

    python benchmarks/bench_batch.py --make 1000 /tmp/inbox1k      # write the inbox once (bench_scale's day)
    python benchmarks/bench_batch.py /tmp/inbox1k [--profile | --growth]

`flows.daily.brief_files` over the inbox in the flow's batches, one after another in this process, after the
summarizers' tables are loaded (prewarm). Prints CPU seconds and ms per file (process time: robust to a busy
machine, unlike wall time), ru_maxrss before and after, and the load average. `--profile` prints cProfile's top
functions by own time; `--growth` traces allocations (slow) and prints what grew between the first fifth of
the batches and the end: what a day's memory grows by. Compare versions in the same spell of load (run the old
tree with PYTHONPATH pointing at it).
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inbox", type=Path)
    ap.add_argument("--make", type=int, metavar="FILES", help="write a synthetic inbox of FILES pages first")
    ap.add_argument("--files", type=int, help="only the first FILES files of the inbox")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--profile", action="store_true")
    mode.add_argument("--growth", action="store_true")
    args = ap.parse_args(argv)
    if args.make:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_scale import build_day

        print(f"{build_day(args.inbox, args.make)} articles in {args.make} files written to {args.inbox}")
        return 0
    from flows.config import load_config
    from flows.daily import batches, brief_files, prewarm

    cfg = load_config(None)
    files = sorted(p for p in args.inbox.iterdir() if p.suffix in (".txt", ".pdf"))[: args.files]
    todo = [{"path": str(p), "file": p.name, "hash": None} for p in files]
    prewarm().join()
    limits = dataclasses.asdict(cfg.limits)
    chunks = batches(todo)
    work = tempfile.mkdtemp(prefix="bench-batch-")
    snap = None

    def run() -> None:
        nonlocal snap
        for n, chunk in enumerate(chunks):
            brief_files(n, chunk, work, cfg.max_bytes, cfg.method, cfg.max_chars, cfg.keywords, limits)
            if args.growth and n == max(0, len(chunks) // 5 - 1):
                import gc
                import tracemalloc

                gc.collect()
                snap = tracemalloc.take_snapshot()

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    c0 = time.process_time()
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(run)
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    elif args.growth:
        import gc
        import tracemalloc

        tracemalloc.start(6)
        run()
        gc.collect()
        if snap is not None:
            for st in tracemalloc.take_snapshot().compare_to(snap, "traceback")[:8]:
                print(f"{st.size_diff / 2**20:+.2f} MiB {st.count_diff:+d} blocks")
                print("   " + "\n   ".join(st.traceback.format()[-4:]))
    else:
        run()
    cpu = time.process_time() - c0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(todo)} files: CPU {cpu:.2f} s, {cpu / max(1, len(todo)) * 1000:.2f} ms per file; ru_maxrss "
          f"{rss0:.0f} MiB after warm-up, {rss1:.0f} MiB at the end; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
