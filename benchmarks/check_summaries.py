"""Issue 14's yardstick: the summarizers' outputs (to prove them unchanged) and their CPU per article.

    python benchmarks/check_summaries.py prepare [--inbox DIR]     # parse every page once, cache the articles
    python benchmarks/check_summaries.py dump OUT.jsonl            # every output, on the code on PYTHONPATH
    python benchmarks/check_summaries.py time [--rounds 1] [--dev] # process_time per article, by phase

`prepare` parses samples/bulletins, ../shared/seeds, ../shared/real and (with --inbox) a synthetic inbox made by
benchmarks/bench_scale.py's `build_day` with `briefing ingest`'s parser, and keeps the articles in
$CHECK_CACHE (default /tmp/s5summ/articles.jsonl), so that `dump` and `time` measure the summarizers only and
two versions of them (PYTHONPATH=one tree or another) read the same articles. `dump` writes, per article, the
flow's `analyze_article` (summary, keywords, section, grouping's paragraph words), and per dev.jsonl article
the default summary (its reference budget and 120 characters) and keywords (8 and 20). Compare two dumps with
`cmp`. `time` makes what the flow's analyze_article makes (its calls, one by one, so that analysis + summary +
keywords are also timed apart from the section and grouping's words) for the inbox articles once, in a process
whose jieba and tables are loaded first (as the flow's prewarm does), and prints CPU ms per article. On a loaded machine, run it in
several fresh processes per version with --chunks and compare the sums of the per-chunk minima (`mins`): CPU
time still swells with other processes' cache traffic, and the minimum over runs discards most of that.
Not a test: it reads ../shared.

    python benchmarks/check_summaries.py mins A.chunks B.chunks    # ms/article from per-chunk minima
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CACHE = Path(os.environ.get("CHECK_CACHE", "/tmp/s5summ/articles.jsonl"))


def prepare(inbox: Path | None) -> None:
    from bulletins.ingest import ingest_one

    folders = [("samples", ROOT / "samples" / "bulletins"), ("seeds", SHARED / "seeds"), ("real", SHARED / "real")]
    if inbox is not None:
        folders.append(("inbox", inbox))
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(CACHE, "w", encoding="utf-8") as fh:
        for kind, folder in folders:
            if not folder.is_dir():
                continue
            for page in sorted(folder.iterdir()):
                if page.suffix not in (".txt", ".pdf"):
                    continue
                try:
                    arts = ingest_one(str(page))
                except Exception:  # noqa: BLE001 - a refused page has no article to check
                    continue
                for i, a in enumerate(arts):
                    fh.write(json.dumps({"kind": kind, "page": page.name, "i": i, "title": a.title,
                                         "text": a.body or a.title, "kicker": a.kicker, "subtitle": a.subtitle},
                                        ensure_ascii=False) + "\n")
                    n += 1
    print(f"{n} articles -> {CACHE}")


def _articles(kind: str | None = None) -> list[dict]:
    rows = [json.loads(line) for line in CACHE.read_text("utf-8").splitlines() if line.strip()]
    return [r for r in rows if kind is None or r["kind"] == kind]


def dump(out: Path) -> None:
    import summarizers
    from flows.daily import analyze_article

    with open(out, "w", encoding="utf-8") as fh:
        for r in _articles():
            sents, kws, words, section = analyze_article(r["title"], r["text"], "default", 120, 8,
                                                         kicker=r["kicker"], subtitle=r["subtitle"])
            fh.write(json.dumps({"page": r["page"], "i": r["i"], "summary": sents, "keywords": kws,
                                 "section": section, "words": words}, ensure_ascii=False) + "\n")
        dev = SHARED / "eval" / "dev.jsonl"
        if dev.is_file():
            for line in dev.read_text("utf-8").splitlines():
                if not line.strip():
                    continue
                r = json.loads(line)
                text = r["text"]
                fh.write(json.dumps({
                    "dev": r["id"],
                    "summary": summarizers.summarize(text, max_chars=len(r.get("summary") or "") or 120),
                    "summary120": summarizers.summarize(text),
                    "keywords": summarizers.keywords(text, k=8),
                    "keywords20": summarizers.keywords(text, k=20),
                }, ensure_ascii=False) + "\n")


CHUNK = 100  # articles per timed chunk


def timing(rounds: int, dev: bool, chunk_out: Path | None = None) -> None:
    import summarizers
    from flows.daily import analyze_article
    from flows.daywords import paragraph_words
    from flows.sections import classify
    from summarizers import nlp

    nlp.warm()
    if dev:
        rows = (SHARED / "eval" / "dev.jsonl").read_text("utf-8").splitlines()
        arts = [{"title": None, "text": json.loads(x)["text"], "kicker": None, "subtitle": None} for x in rows if x]
    else:
        arts = _articles("inbox") or _articles()
    for _ in range(rounds):
        t = {"analyze": 0.0, "summarize": 0.0, "keywords": 0.0, "words": 0.0}
        clock = time.process_time
        start = clock()
        chunks = []
        core = []  # the same pass, analysis + summary + keywords only (analyze_article's parts, timed apart)
        for j in range(0, len(arts), CHUNK):
            c0 = clock()
            inner = 0.0
            for r in arts[j:j + CHUNK]:
                text = r["text"]
                if not text.strip():
                    analyze_article(r["title"] or "", text, "default", 120, 8)
                    continue
                i0 = clock()
                an = summarizers.analyze(text, title=r["title"] or "")
                sents = summarizers.summarize(text, max_chars=120, analysis=an)
                kws = summarizers.keywords(text, k=8, analysis=an)
                inner += clock() - i0
                classify((r["kicker"] or "") + (r["title"] or "") + (r["subtitle"] or ""), kws, "".join(sents))
                paragraph_words(text, an)
            chunks.append(clock() - c0)
            core.append(inner)
        total = clock() - start
        if chunk_out is not None:
            with open(chunk_out, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(chunks) + "\n")
            with open(chunk_out.with_suffix(".core"), "a", encoding="utf-8") as fh:
                fh.write(json.dumps(core) + "\n")
        for r in arts:  # the phases, on a second pass (the cross-article memos are warm by now)
            text = r["text"]
            if not text.strip():
                continue
            a0 = clock()
            an = summarizers.analyze(text, title=r["title"])
            a1 = clock()
            summarizers.summarize(text, max_chars=120, analysis=an)
            a2 = clock()
            summarizers.keywords(text, k=8, analysis=an)
            a3 = clock()
            paragraph_words(text, an)
            a4 = clock()
            t["analyze"] += a1 - a0
            t["summarize"] += a2 - a1
            t["keywords"] += a3 - a2
            t["words"] += a4 - a3
        n = len(arts)
        phases = " ".join(f"{k} {v / n * 1000:.3f}" for k, v in t.items())
        print(f"{n} articles: analyze_article {total / n * 1000:.3f} ms/article (first pass; of which analysis, "
              f"summary, keywords {sum(core) / n * 1000:.3f}); "
              f"warm phases ms/article: {phases}; load {os.getloadavg()[0]:.2f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--inbox", type=Path)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    t = sub.add_parser("time")
    t.add_argument("--rounds", type=int, default=1)
    t.add_argument("--dev", action="store_true", help="time ../shared/eval/dev.jsonl's articles (no headline)")
    t.add_argument("--chunks", type=Path, help="append the first pass's CPU seconds per 100 articles (JSON) here")
    m = sub.add_parser("mins")
    m.add_argument("files", type=Path, nargs="+")
    args = ap.parse_args(argv)
    if args.cmd == "mins":
        for f in args.files:
            runs = [json.loads(x) for x in f.read_text("utf-8").splitlines() if x.strip()]
            best = [min(c) for c in zip(*runs, strict=True)]
            n = len(_articles("inbox") or _articles())
            print(f"{f}: {len(runs)} runs, {sum(best) / n * 1000:.3f} ms/article (sum of per-chunk minima), "
                  f"median run {sorted(sum(r) for r in runs)[len(runs) // 2] / n * 1000:.3f}")
        return 0
    if args.cmd == "prepare":
        prepare(args.inbox)
    elif args.cmd == "dump":
        dump(args.out)
    else:
        timing(args.rounds, args.dev, args.chunks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
