"""`briefing ingest PATH... [--json] [--max-bytes N]`: bulletin files -> articles.

Every bad file gets one line on stderr naming it and the cause and is set aside; the exit status is
non-zero only when no file at all could be read, so one broken page never hides the good ones.
"""
from __future__ import annotations

import argparse
import json
import sys

from bulletins.ingest import DEFAULT_MAX_BYTES, ingest_paths
from flows.inbox import printable
from flows.naming import display_name


def _one_line(text: str) -> str:
    # printable: GBK names decoded, CR/LF and escape sequences shown as \r \n \x1b (no forged lines)
    return printable(str(text))


def main(args: argparse.Namespace) -> int:
    paths: list[str] = list(args.paths)
    max_bytes = getattr(args, "max_bytes", None) or DEFAULT_MAX_BYTES
    articles, errors = ingest_paths(paths, max_bytes=max_bytes)
    for err in errors:
        print(f"briefing: error: {_one_line(err.source)}: {_one_line(err.cause)}", file=sys.stderr)
    try:
        _print(paths, articles, getattr(args, "json", False))
    except BrokenPipeError:       # `briefing ingest ... | head`: the reader left, not an error of ours
        return 0
    failed = {e.source for e in errors}
    return 0 if any(p not in failed for p in paths) else 1


def _print(paths: list[str], articles: list, as_json: bool) -> None:
    if as_json:
        rows = [a.to_json() for a in articles]
        for row in rows:
            row["source"] = display_name(row["source"])
            if row["duplicate_of"]:
                row["duplicate_of"] = display_name(row["duplicate_of"])
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        by_source: dict[str, list] = {}
        for a in articles:
            by_source.setdefault(a.source, []).append(a)
        for path in dict.fromkeys(paths):
            found = by_source.get(path)
            if not found:
                continue
            print(f"{_one_line(path)}: {len(found)} article{'s' if len(found) != 1 else ''}")
            for a in found:
                extra = f" [duplicate of {_one_line(a.duplicate_of)}]" if a.duplicate_of else ""
                title = a.title or "(no headline)"
                print(f"  #{a.index} {title} — {len(a.body)} chars{extra}")
    sys.stdout.flush()
