"""Per-field agreement of the parser with a gold annotation.

    python -m bulletins.evaluate GOLD.json DIR [-v]

GOLD is `seeds_gold.json`-shaped (pages[] with source = file name in DIR, articles[]). Articles are
matched in order; figures are over gold articles (a missing article counts as wrong on every field).
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

from .ingest import ingest_paths

FIELDS = ("title", "kicker", "byline", "subtitle", "subheads", "captions", "duplicate_of")


def body_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def gold_dup(gold_id: str | None, id_map: dict[str, str]) -> str | None:
    return id_map.get(gold_id) if gold_id else None


def evaluate(gold: dict, directory: Path, verbose: bool = False) -> dict:
    pages = gold["pages"]
    paths = [str(directory / p["source"]) for p in pages]
    articles, errors = ingest_paths(paths)
    by_source: dict[str, list] = {}
    for a in articles:
        by_source.setdefault(a.source, []).append(a)
    id_map = {}
    for p, path in zip(pages, paths, strict=True):
        for k, g in enumerate(p["articles"]):
            id_map[g["id"]] = f"{path}#{k}"
    hits = dict.fromkeys(FIELDS, 0)
    sims: list[float] = []
    total = 0
    count_ok = 0
    caption_leaks = 0
    for p, path in zip(pages, paths, strict=True):
        got = by_source.get(path, [])
        count_ok += len(got) == len(p["articles"])
        for k, g in enumerate(p["articles"]):
            total += 1
            a = got[k] if k < len(got) else None
            if a is None:
                sims.append(0.0)
                continue
            want = dict(g, duplicate_of=gold_dup(g.get("duplicate_of"), id_map))
            for f in FIELDS:
                ok = getattr(a, f) == want.get(f)
                hits[f] += ok
                if verbose and not ok:
                    print(f"  {g['id']} {f}: got {getattr(a, f)!r} want {want.get(f)!r}", file=sys.stderr)
            sim = body_similarity(a.body, g["body"])
            sims.append(sim)
            # a caption's words may occur in the story (下司古镇); a leak is caption text gold keeps out
            caption_leaks += any(c and c in a.body and c not in g["body"] for c in a.captions)
            if verbose and sim < 0.98:
                print(f"  {g['id']} body similarity {sim:.3f}", file=sys.stderr)
                for line in difflib.unified_diff(g["body"].split("\n"), a.body.split("\n"), lineterm="", n=0):
                    print("    " + line[:120], file=sys.stderr)
    return {
        "pages": len(pages), "pages_with_right_count": count_ok, "articles": total,
        "parsed_articles": len(articles), "errors": [f"{e.source}: {e.cause}" for e in errors],
        **{f"{f}_exact": round(hits[f] / total, 3) if total else None for f in FIELDS},
        "body_similarity_mean": round(sum(sims) / len(sims), 4) if sims else None,
        "body_similarity_min": round(min(sims), 4) if sims else None,
        "bodies_ge_0.98": sum(s >= 0.98 for s in sims),
        "articles_with_caption_in_body": caption_leaks,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bulletins.evaluate", description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each mismatch on stderr")
    args = ap.parse_args(argv)
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    print(json.dumps(evaluate(gold, Path(args.directory), args.verbose), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
