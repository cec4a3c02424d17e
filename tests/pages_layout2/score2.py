"""Score the parser on the held-back batch with the first batch's scorer (tests/pages_layout/score.py, imported).

    python3 tests/pages_layout2/score2.py [--mode pdf|text|raw|pdfminer|all] [-v] [--json]

The six PDF pages are parsed in one batch per mode (so the jump p01 -> p03 can be joined) and scored by
score.score_batch / score.jump_report, exactly as the first batch; the text-only page in the seeds' style
(seedtext/) has one input whatever the mode and is scored on its own, printed as mode `seedtext`.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYOUT = HERE.parent / "pages_layout"


# the parser under test is the one first on sys.path (PYTHONPATH=/work/main scores main): imported before
# score.py, which would otherwise put this worktree first
import bulletins.ingest  # noqa: E402,F401


def _load_score():  # noqa: ANN202 - a module
    """The first batch's score.py, loaded by path (tests/gold_pages.load_module does the same in tests)."""
    if "pages_layout_score" in sys.modules:
        return sys.modules["pages_layout_score"]
    spec = importlib.util.spec_from_file_location("pages_layout_score", LAYOUT / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sys.modules["pages_layout_score"] = mod
    return mod


score = _load_score()
MODES = (*score.MODES, "seedtext")


def load_gold(folder: Path = HERE) -> dict:
    return json.loads((folder / "gold.json").read_text(encoding="utf-8"))


def page_path(folder: Path, page: dict, mode: str) -> Path:
    """A page's input in a mode: the PDF, one of its three extracted texts, or the text-only page's file."""
    if page["setter"] == "text":
        return folder / "seedtext" / page["texts"]
    return score.page_path(folder, page, mode)


def pages_of(gold: dict, mode: str) -> list[dict]:
    text = mode == "seedtext"
    return [p for p in gold["pages"] if (p["setter"] == "text") == text]


def score_pages(mode: str, folder: Path = HERE) -> dict:
    """The parser on the batch's pages of one mode (pdf | text | raw | pdfminer: the six PDF pages; seedtext:
    the text-only page), in the shape of score.score_pages."""
    from bulletins.ingest import ingest_paths

    gold = load_gold(folder)
    pages = pages_of(gold, mode)
    paths = [str(page_path(folder, p, mode)) for p in pages]
    articles, errors = ingest_paths(paths)
    scores = score.score_batch(pages, articles, paths)
    return {"mode": mode, "pages": scores, "total": score.total(scores),
            "jumps": score.jump_report({"pages": pages}, articles),
            "errors": [f"{Path(e.source).name}: {e.cause}" for e in errors], "articles": articles}


def main(argv: list[str] | None = None, folder: Path = HERE, description: str | None = None) -> int:
    """The command line; a later batch laid out as this one (tests/pages_layout3) runs it on its own folder."""
    ap = argparse.ArgumentParser(description=description or __doc__.split("\n")[0])
    ap.add_argument("--mode", choices=(*MODES, "all"), default="all")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list each mismatch")
    args = ap.parse_args(argv)
    totals = {}
    for mode in MODES if args.mode == "all" else (args.mode,):
        result = score_pages(mode, folder)
        totals[mode] = result["total"].as_dict()
        if not args.json:
            print(score.report(result, args.verbose))
    if args.json:
        print(json.dumps(totals, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
