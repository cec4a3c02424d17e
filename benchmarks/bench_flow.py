"""Flow cost of a ~100-article day against an empty Prefect flow, in the same process.

    python benchmarks/bench_flow.py [--copies 3] [--repeat 5]

Baselines, all measured here, in this process, after a warm-up (the embedded server start, jieba's
dictionary load and the first import of everything are paid once and excluded):
- `empty`: a Prefect flow that does nothing (the fixed cost of a flow run on the embedded server);
- `work`: the flow's task bodies called as plain functions, no Prefect (scan with content hashes, then per
  bulletin ingest + summaries + keywords, then grouping, sections, render and write): the same work on the
  same files;
- `flow`: `daily_briefing` on the day's bulletins (files mode, a fresh output folder each time).
Reported per day: flow - empty (the issue's bar: about 1 s at most for a 100-article day), and
flow - empty - work, Prefect's own share (tasks, state, the artifact, the state lock).

Each flow is timed twice: with Prefect's flow-run heartbeats off (the exact figures, used for the bar) and at
Prefect's default. Prefect 3.8 ends a flow run by joining its heartbeat thread, which sleeps in 1 s steps, so
with heartbeats on every run's wall time is rounded up to a whole number of seconds (empty ~1.06 s, a body of
0.1-0.9 s also ~1.06 s, 1.1 s -> ~2.1 s): differences between such runs are 0, 1 or 2 s, never the cost.

Two days, measured in the same interleaved rounds:
- `mixed`: the shipped sample pages, `--copies` times over as if several papers printed them, every copy's
  text perturbed (digits shifted, one common character swapped) so that no cache sees the same article twice
  in a run; the two sample PDFs once. With 3 copies: 26 bulletins, ~110 articles, 2 PDFs.
- `text`: the same day without the PDFs (~100 articles). Parsing a PDF is pdfplumber's real work, not flow
  overhead; both figures are reported, and the PDF parsing time is measured on its own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import AbstractContextManager
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


def no_heartbeats() -> AbstractContextManager:
    """Prefect 3.8 joins a flow run's heartbeat thread at the end, and that thread sleeps in whole seconds, so
    every flow run's wall time is rounded up to the next second; without heartbeats the time is exact."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def plain_work(paths: list[str], out: Path) -> None:
    """The flow's task bodies without Prefect (the `work` baseline): same functions, same arguments."""
    from flows import daily
    from flows.config import load_config

    cfg = load_config(None, env={}, out=str(out))
    scan = daily.scan_inbox.fn(None, paths, str(out / ".state"), DAY)
    results = []
    for t in scan["taken"]:
        res = daily.brief_bulletin.fn(t["path"], t["file"], cfg.max_bytes, cfg.method, cfg.max_chars, cfg.keywords)
        res["hash"] = t["hash"]
        results.append(res)
    daily.compose_briefing.fn(results, date=DAY, tz=cfg.timezone, method=cfg.method, max_chars=cfg.max_chars,
                              k=cfg.keywords, failed=[], missing=[], templates=None, out=str(out), write=True)


def composition(paths: list[str]) -> dict:
    """Bulletins, articles, and how many of each are PDF, by parsing each file once."""
    from bulletins.ingest import ingest_one

    pdfs = [p for p in paths if p.endswith(".pdf")]
    arts = {p: len(ingest_one(p)) for p in paths}
    return {"bulletins": len(paths), "pdf_bulletins": len(pdfs), "articles": sum(arts.values()),
            "pdf_articles": sum(arts[p] for p in pdfs)}


def pdf_parse_time(paths: list[str], repeat: int) -> float:
    """Median time to parse the day's PDFs alone (pdfplumber + our layout rules), no summaries."""
    from bulletins.ingest import ingest_one

    pdfs = [p for p in paths if p.endswith(".pdf")]
    if not pdfs:
        return 0.0
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for p in pdfs:
            ingest_one(p)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import prefect
    from prefect import flow

    from flows.daily import daily_briefing

    @flow(name="bench-empty", persist_result=False)
    def empty() -> None:
        return None

    tmp = Path(tempfile.mkdtemp(prefix="bench-flow-"))
    days = {"mixed": make_day(tmp / "day", args.copies)}
    days["text"] = [p for p in days["mixed"] if not p.endswith(".pdf")]
    counter = iter(range(100_000))

    def timed(fn) -> float:
        t = time.perf_counter()
        fn()
        return time.perf_counter() - t

    def real(day: str) -> dict:
        return daily_briefing(files=days[day], out=str(tmp / f"out{next(counter)}"), date=DAY)

    def work(day: str) -> None:
        plain_work(days[day], tmp / f"plain{next(counter)}")

    print(f"warming up (embedded Prefect server, jieba) on {len(days['mixed'])} bulletins ...", flush=True)
    load_before = os.getloadavg()[0]
    empty()
    counts = {day: real(day)["counts"] for day in days}
    for day in days:
        work(day)
    comp = {day: composition(paths) for day, paths in days.items()}

    # interleaved, so a change in machine load hits every measurement alike; each flow twice, with Prefect's
    # flow-run heartbeats off (exact timings) and at Prefect's default (what a user's clock shows)
    samples: dict[str, list[float]] = {}

    def add(key: str, seconds: float) -> None:
        samples.setdefault(key, []).append(seconds)

    for _ in range(args.repeat):
        with no_heartbeats():
            add("empty-off", timed(empty))
        add("empty-on", timed(empty))
        for day in days:
            add(f"work-{day}", timed(lambda day=day: work(day)))
            with no_heartbeats():
                add(f"flow-{day}-off", timed(lambda day=day: real(day)))
            add(f"flow-{day}-on", timed(lambda day=day: real(day)))
    med = {k: statistics.median(v) for k, v in samples.items()}
    pdf_time = pdf_parse_time(days["mixed"], args.repeat)
    load_after = os.getloadavg()[0]

    def row(label: str, values: list[str]) -> str:
        return f"| {label:<58} | " + " | ".join(f"{v:>11}" for v in values) + " |"

    def secs(x: float) -> str:
        return f"{x:.2f} s"

    names = list(days)
    print()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs, load average "
          f"{load_before:.1f} before / {load_after:.1f} after; Python {sys.version.split()[0]}, "
          f"Prefect {prefect.__version__}; medians of {args.repeat} interleaved runs")
    print()
    print(row("", ["mixed day", "text only"]))
    print("|" + "-" * 60 + "|" + "|".join("-" * 13 for _ in names) + "|")
    print(row("bulletins (of which PDF)", [f"{comp[d]['bulletins']} ({comp[d]['pdf_bulletins']})" for d in names]))
    print(row("articles (of which from PDF)", [f"{comp[d]['articles']} ({comp[d]['pdf_articles']})" for d in names]))
    print(row("items in the briefing (merged)", [f"{counts[d]['items']} ({counts[d]['merged']})" for d in names]))
    print(row("Prefect tasks", [str(comp[d]["bulletins"] + 2) for d in names]))
    print(row("work without Prefect", [secs(med[f"work-{d}"]) for d in names]))
    print(row("of which parsing the PDFs (pdfplumber + layout)", [secs(pdf_time), secs(0.0)]))
    print(row("heartbeats off: empty flow", [secs(med["empty-off"])] * len(names)))
    print(row("heartbeats off: daily_briefing", [secs(med[f"flow-{d}-off"]) for d in names]))
    print(row("heartbeats off: **flow - empty** (bar: about 1 s)",
              [f"**{secs(med[f'flow-{d}-off'] - med['empty-off'])}**" for d in names]))
    print(row("heartbeats off: Prefect's share (flow - empty - work)",
              [secs(med[f"flow-{d}-off"] - med["empty-off"] - med[f"work-{d}"]) for d in names]))
    print(row("Prefect default: empty flow", [secs(med["empty-on"])] * len(names)))
    print(row("Prefect default: daily_briefing", [secs(med[f"flow-{d}-on"]) for d in names]))
    print(row("Prefect default: flow - empty (whole seconds, see README)",
              [secs(med[f"flow-{d}-on"] - med["empty-on"]) for d in names]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
