"""Flow cost of a 100-article day against an empty Prefect flow, in the same process.

    python benchmarks/bench_flow.py [--copies 3] [--repeat 3]

Baselines, all measured here, in this process, after a warm-up (the embedded server start, jieba's
dictionary load and the first import of everything are paid once and excluded):
- `empty`: a Prefect flow that does nothing (the fixed cost of a flow run on the embedded server);
- `work`: the same work as the real flow (ingest, summaries, keywords, grouping, sections, render, write)
  as plain function calls, no Prefect;
- `flow`: `daily_briefing` on the day's bulletins (files mode, a fresh output folder each time).
Reported: flow - empty (the target: about 1 s at most), and flow - empty - work (what the tasks cost).

The day: the shipped sample pages, `--copies` times over as if several papers printed them, every copy's
text perturbed (digits shifted, one common character swapped) so that no cache sees the same article twice;
the PDFs once. With 3 copies that is ~110 articles.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="bench-flow-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

SAMPLES = ROOT / "samples" / "bulletins"
DAY = "2025-02-20"
SWAPS = ("的", "之", "底", "地", "得")


def make_day(folder: Path, copies: int) -> list[str]:
    """Write the benchmark's bulletins (UTF-8 text copies + the original PDFs) and return their paths."""
    from bulletins.decode import decode_text
    from flows.naming import parse_name

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for src in sorted(SAMPLES.iterdir()):
        info = parse_name(src.name)
        if src.suffix == ".pdf":
            dst = folder / src.name.replace(info.date or DAY, DAY)
            dst.write_bytes(src.read_bytes())
            paths.append(str(dst))
            continue
        text, _ = decode_text(src.read_bytes(), src.name)
        page = info.page if info.date == DAY else "p09"
        for k in range(copies):
            table = {ord(str(d)): str((d + k) % 10) for d in range(10)}
            table[ord("的")] = SWAPS[k % len(SWAPS)]
            dst = folder / f"copy{k}-{info.source}_{DAY}_{page}.txt"
            dst.write_text(text.translate(table), encoding="utf-8")
            paths.append(str(dst))
    return paths


def plain_work(paths: list[str], out: Path) -> int:
    """The flow's work without Prefect, for the `work` baseline; returns the article count."""
    import summarizers
    from bulletins.ingest import ingest_one
    from flows.daily import generated_at
    from flows.group import group_articles, make_items
    from flows.naming import date_zh
    from flows.render import write_briefing
    from flows.sections import arrange

    records = []
    for p in paths:
        name = Path(p).name
        for a in ingest_one(p):
            records.append({"id": f"{name}#{a.index}", "file": name, "source": name.split("_")[0], "page": None,
                            "index": a.index, "title": a.title, "body": a.body,
                            "sentences": summarizers.summarize(a.body or a.title, max_chars=120),
                            "keywords": summarizers.keywords(f"{a.title}\n{a.body}", k=8)})
    groups = group_articles([r["body"] or r["title"] for r in records])
    items = make_items(records, groups, lambda t: (summarizers.summarize(t, max_chars=120),
                                                   summarizers.keywords(t, k=8)))
    sections = arrange(items)
    for it in items:
        it.pop("length", None)
    briefing = {"date": DAY, "date_zh": date_zh(DAY), "generated_at": generated_at(DAY, "Asia/Shanghai"),
                "title": "每日简报", "counts": {"bulletins": len(paths), "articles": len(records),
                                              "items": len(items), "merged": len(records) - len(items),
                                              "failed": 0},
                "sections": sections, "failed": [], "missing_sources": [], "method": "default"}
    write_briefing(briefing, out)
    return len(records)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from prefect import flow

    from flows.daily import daily_briefing

    @flow(name="bench-empty", persist_result=False)
    def empty() -> None:
        return None

    tmp = Path(tempfile.mkdtemp(prefix="bench-flow-"))
    paths = make_day(tmp / "day", args.copies)

    def timed(fn) -> float:
        t = time.perf_counter()
        fn()
        return time.perf_counter() - t

    counter = iter(range(10_000))

    def real() -> dict:
        return daily_briefing(files=paths, out=str(tmp / f"out{next(counter)}"), date=DAY)

    print(f"warming up (embedded Prefect server, jieba) on {len(paths)} bulletins ...", flush=True)
    empty()
    warm = real()
    n_articles = warm["counts"]["articles"]
    plain_work(paths, tmp / "plain-warm")

    # interleaved, so a change in machine load hits the three alike
    samples: dict[str, list[float]] = {"empty": [], "work": [], "flow": []}
    for _ in range(args.repeat):
        samples["empty"].append(timed(empty))
        samples["work"].append(timed(lambda: plain_work(paths, tmp / f"plain{next(counter)}")))
        samples["flow"].append(timed(real))
    t_empty, t_work, t_flow = (statistics.median(samples[k]) for k in ("empty", "work", "flow"))
    c = warm["counts"]
    print(f"day: {c['bulletins']} bulletins, {n_articles} articles -> {c['items']} items ({c['merged']} merged)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {args.repeat} interleaved runs")
    print(f"empty flow            {t_empty:7.3f} s")
    print(f"plain work, no Prefect{t_work:7.3f} s")
    print(f"daily_briefing        {t_flow:7.3f} s")
    print(f"flow - empty          {t_flow - t_empty:7.3f} s   (target: about 1 s at most for ~100 articles)")
    print(f"flow - empty - work   {t_flow - t_empty - t_work:7.3f} s   (task orchestration: "
          f"{len(paths) + 3} tasks)")
    print(f"ratio flow/work       {t_flow / t_work:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
