"""Every summary, keyword list, section and grouping word list, dumped so that two versions can be compared.

    python benchmarks/check_outputs.py dump OUT.jsonl [--inbox DIR]   # on the code as it is now
    python benchmarks/check_outputs.py diff BEFORE.jsonl AFTER.jsonl   # exit 1 and name the first differences

Speed work must not change any output: this dumps `summarizers.summarize` (default, lead, centroid; the dev
set's reference budget and the briefing's 120 characters) and `summarizers.keywords` for every article of
../shared/eval/dev.jsonl, and the flow's `analyze_article` (summary, keywords, section, grouping's paragraph
words) for every article that `briefing ingest` finds in samples/bulletins, ../shared/seeds, ../shared/real
and, with --inbox, a synthetic inbox (benchmarks/bench_scale.py's `build_day`). With --groups it also dumps the
grouping of all those flow articles (flows.group.group_articles). Not a test: it reads ../shared.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _pages(inbox: Path | None) -> list[Path]:
    folders = [ROOT / "samples" / "bulletins", SHARED / "seeds", SHARED / "real"]
    if inbox is not None:
        folders.append(inbox)
    return [p for f in folders if f.is_dir() for p in sorted(f.iterdir()) if p.suffix in (".txt", ".pdf")]


def dump(out: Path, inbox: Path | None, groups: bool) -> None:
    import summarizers
    from bulletins.ingest import ingest_one
    from flows.daily import analyze_article

    with open(out, "w", encoding="utf-8") as fh:
        dev = SHARED / "eval" / "dev.jsonl"
        rows = [json.loads(line) for line in dev.read_text("utf-8").splitlines() if line.strip()] \
            if dev.is_file() else []
        for r in rows:
            text = r["text"]
            rec: dict = {"dev": r["id"]}
            for method in ("default", "lead", "centroid"):
                rec[method] = [summarizers.summarize(text, method=method, max_chars=len(r.get("summary") or "")
                                                     or 120),
                               summarizers.summarize(text, method=method)]
            rec["keywords"] = summarizers.keywords(text, k=8)
            rec["keywords20"] = summarizers.keywords(text, k=20)
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        bodies, words = [], []
        for page in _pages(inbox):
            try:
                arts = ingest_one(str(page))
            except Exception as exc:  # noqa: BLE001 - a page the parser refuses is named, not fatal
                fh.write(json.dumps({"page": page.name, "error": str(exc)}, ensure_ascii=False) + "\n")
                continue
            for i, a in enumerate(arts):
                text = a.body or a.title
                sents, kws, para_words, section = analyze_article(a.title, text, "default", 120, 8,
                                                                  kicker=a.kicker, subtitle=a.subtitle)
                fh.write(json.dumps({"page": page.name, "i": i, "summary": sents, "keywords": kws,
                                     "section": section, "words": para_words}, ensure_ascii=False) + "\n")
                bodies.append(text)
                words.append(para_words)
        if groups:
            from flows.group import group_articles

            for g in group_articles(bodies, words):
                fh.write(json.dumps({"group": g.members, "repeats": g.repeats, "shared": g.shared_paragraphs,
                                     "own": g.own_paragraphs}, ensure_ascii=False) + "\n")


def diff(before: Path, after: Path, fields: set[str] | None) -> int:
    a = before.read_text("utf-8").splitlines()
    b = after.read_text("utf-8").splitlines()
    bad = 0
    if len(a) != len(b):
        print(f"line counts differ: {len(a)} vs {len(b)}")
        bad += 1
    for n, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x == y:
            continue
        rx, ry = json.loads(x), json.loads(y)
        keys = [k for k in rx.keys() | ry.keys() if rx.get(k) != ry.get(k) and (fields is None or k in fields)]
        if keys:
            bad += 1
            if bad <= 10:
                print(f"line {n}: {', '.join(sorted(keys))} differ ({rx.get('dev') or rx.get('page')})")
    print(f"{len(a)} lines, {bad} differ" + (f" (in {', '.join(sorted(fields))})" if fields else ""))
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--inbox", type=Path)
    d.add_argument("--groups", action="store_true")
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--fields", nargs="*", help="compare only these fields (default: all)")
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out, args.inbox, args.groups)
        return 0
    return diff(args.before, args.after, set(args.fields) if args.fields else None)


if __name__ == "__main__":
    sys.exit(main())
