"""Speed and memory of every summarizer method on the same articles, as ratios to the baselines.

    python benchmarks/bench_summarizers.py [--data ../shared/eval/dev.jsonl] [--methods default lead ...]

Each method runs in its own fresh process (so ru_maxrss is its own and import costs do not leak between
methods): one warm-up article (jieba's dictionary load is not counted), then summary + keywords of every
article timed, then a second pass under tracemalloc for the peak of Python allocations. Without ../shared the
articles of samples/gold.json are used. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "dev.jsonl"
WARMUP = "松禾县召开会议，部署春耕生产。会议要求各地抓好落实。"


def load_articles(data: Path | None) -> tuple[str, list[dict]]:
    """(label, [{text, budget}]) from a dev JSONL (budget = reference length) or the samples' gold bodies."""
    if data is not None and data.is_file():
        rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
        return str(data), [{"text": r["text"], "budget": len(r.get("summary") or "") or 120} for r in rows]
    gold = json.loads((ROOT / "samples" / "gold.json").read_text(encoding="utf-8"))
    arts = [{"text": a["body"], "budget": 120} for p in gold["pages"] for a in p["articles"] if a.get("body")]
    return "samples/gold.json (../shared not found)", arts


def worker(method: str, data: Path | None, k: int, memory: bool) -> dict:
    import summarizers
    from summarizers import nlp

    _, arts = load_articles(data)
    summarizers.summarize(WARMUP, method=method)
    summarizers.keywords(WARMUP, method=method, k=k)
    nlp._cache.clear()
    started, started_cpu = time.perf_counter(), time.process_time()
    for a in arts:
        summarizers.summarize(a["text"], method=method, max_chars=a["budget"])
        summarizers.keywords(a["text"], method=method, k=k)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - started_cpu
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = 0
    if memory:
        nlp._cache.clear()
        tracemalloc.start()
        for a in arts:
            summarizers.summarize(a["text"], method=method, max_chars=a["budget"])
            summarizers.keywords(a["text"], method=method, k=k)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    chars = sum(len(a["text"]) for a in arts)
    return {"method": method, "articles": len(arts), "chars": chars, "seconds": seconds, "cpu": cpu,
            "maxrss_mib": maxrss_kib / 1024, "tracemalloc_peak_mib": peak / 2**20}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--methods", nargs="+")
    ap.add_argument("--keywords", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds over all methods, interleaved so a busy spell hits every method; the fastest counts")
    ap.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.keywords, args.memory)))
        return 0

    import summarizers

    methods = args.methods or list(summarizers.METHODS)
    label, arts = load_articles(args.data)
    best: dict[str, dict] = {}
    for round_no in range(args.rounds):
        for m in methods:
            cmd = [sys.executable, __file__, "--worker", m, "--data", str(args.data), "--keywords", str(args.keywords)]
            run = subprocess.run(cmd + (["--memory"] if round_no == 0 else []), capture_output=True, text=True,
                                 cwd=ROOT)
            if run.returncode:
                print(f"{m}: failed\n{run.stderr}", file=sys.stderr)
                return 1
            r = json.loads(run.stdout.strip().splitlines()[-1])
            if m not in best:
                best[m] = r
            else:
                for key in ("seconds", "cpu"):
                    best[m][key] = min(best[m][key], r[key])
                best[m]["maxrss_mib"] = max(best[m]["maxrss_mib"], r["maxrss_mib"])
    results = [best[m] for m in methods]
    speed = {r["method"]: r["chars"] / r["cpu"] for r in results}
    print(f"Summary + {args.keywords} keywords per article; {len(arts)} articles, "
          f"{sum(len(a['text']) for a in arts):,} characters from {label}")
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"one process per method and round, warm (jieba loaded), best of {args.rounds} interleaved rounds\n")
    print("chars/s and ms/article in CPU time of the (single-threaded) process, robust to a busy machine; "
          "wall-clock chars/s beside them.\n")
    print("| method | chars/s (CPU) | ms/article (CPU) | × textrank4zh | × snownlp | chars/s (wall) "
          "| peak tracemalloc MiB | ru_maxrss MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        s = speed[r["method"]]
        vs = [f"{s / speed[b]:.1f}" if b in speed else "–" for b in ("textrank4zh", "snownlp")]
        print(f"| {r['method']} | {s:,.0f} | {1000 * r['cpu'] / r['articles']:.2f} | {vs[0]} | {vs[1]} | "
              f"{r['chars'] / r['seconds']:,.0f} | {r['tracemalloc_peak_mib']:.1f} | {r['maxrss_mib']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
