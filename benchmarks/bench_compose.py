"""CPU of the compose step alone (grouping, sections, writing the briefing), for paired before/after runs.

    python benchmarks/bench_compose.py prepare INBOX WORK   # the batch files of a day (brief_files), once
    python benchmarks/bench_compose.py time WORK OUT         # compose_briefing.fn on them: prints CPU seconds

`time` runs in whatever tree PYTHONPATH names, so two trees can be timed on the same batch files in turn
(alternate them and quote the load average: the machine is shared). OUT gets the four briefing files, to
compare byte for byte (cmp -r).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

DATE = "2025-02-20"


def prepare(inbox: str, work: str) -> None:
    from flows import daily
    from flows.config import load_config

    cfg = load_config(None, env={}, out=str(Path(work) / "out"))
    state = str(Path(work) / ".state")
    scan = daily.scan_inbox.fn(inbox, None, state, DATE)
    todo = [t for t in scan["taken"] if "error" not in t]
    batch_dir = Path(work) / "batches"
    batch_dir.mkdir(parents=True, exist_ok=True)
    paths = [daily.brief_files(n, chunk, str(batch_dir), cfg.max_bytes, cfg.method, cfg.max_chars, cfg.keywords,
                               dataclasses.asdict(cfg.limits))["path"]
             for n, chunk in enumerate(daily.batches(todo))]
    (Path(work) / "batches.json").write_text(json.dumps(paths), "utf-8")


def run(work: str, out: str) -> float:
    """compose_briefing.fn on the prepared batches; returns its process CPU seconds."""
    import summarizers
    from flows import daily
    from flows.config import load_config

    summarizers.summarize("预热。", method="default", max_chars=120)  # load the tables outside the timing
    cfg = load_config(None, env={}, out=out)
    paths = json.loads((Path(work) / "batches.json").read_text("utf-8"))
    t0 = time.process_time()
    res = daily.compose_briefing.fn(paths, date=DATE, tz=cfg.timezone, method=cfg.method, max_chars=cfg.max_chars,
                              k=cfg.keywords, failed=[], missing=[], templates=None, out=out, write=True,
                              mail_items=cfg.email.max_items)
    cpu = time.process_time() - t0
    # what compose hands the flow besides the files (counts, the mail's rendering), to compare too
    res = {k: v for k, v in res.items() if k != "paths"}
    Path(out, "returned.json").write_text(json.dumps(res, ensure_ascii=False, indent=1, sort_keys=True).replace(str(Path(out)), "OUT"), "utf-8")
    return cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("inbox")
    p.add_argument("work")
    t = sub.add_parser("time")
    t.add_argument("work")
    t.add_argument("out")
    args = ap.parse_args()
    if args.cmd == "prepare":
        prepare(args.inbox, args.work)
    else:
        cpu = run(args.work, args.out)
        print(f"compose CPU {cpu:.3f} s  load {os.getloadavg()[0]:.2f}  tree {sys.path[0] if sys.path else ''}")


if __name__ == "__main__":
    main()
