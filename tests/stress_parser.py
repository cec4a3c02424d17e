"""Stress the page -> articles parser with perturbed re-renderings of the unseen test pages.

The gold sets fix one rendering per page; a held-out page differs in column width, blank lines, line
endings, indents, furniture and article order. This script re-renders the pages of tests/pages_unseen
(render.py + pages.py) and tests/pages_unseen2 (render.py + pages2.py) through their own generators
(imported, not edited) with such perturbations, derives the gold from the same data, and reports
per-field exactness and the failing cases.

    python tests/stress_parser.py --seed 1 --renders 200 [-v]
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gold_pages import load_module  # noqa: E402

from bulletins.ingest import parse_bytes  # noqa: E402
from bulletins.model import BulletinError  # noqa: E402

FIELDS = ("title", "kicker", "byline", "subtitle", "subheads", "captions", "body")
SLOGANS = ("绿水青山就是金山银山", "践行社会主义核心价值观", "文明城市 你我共建")


_R1: ModuleType | None = None
_R2: ModuleType | None = None


def _mods() -> tuple[ModuleType, list, ModuleType]:
    global _R1, _R2
    if _R1 is None:
        _R1 = load_module(HERE / "pages_unseen" / "render.py")
        _R2 = load_module(HERE / "pages_unseen2" / "render.py")
    pages1 = load_module(HERE / "pages_unseen" / "pages.py").PAGES
    assert _R2 is not None
    return _R1, pages1, _R2


def _post(text: str, opts: dict) -> str:
    """Line-level damage that does not move any text between fields."""
    lines = text.split("\n")
    if opts["trailing"]:
        lines = [ln + " " * (1 + (k % 3)) if ln else ln for k, ln in enumerate(lines)]
    text = "\n".join(lines)
    if opts["crlf"]:
        text = text.replace("\n", "\r\n")
    return text


def render_v1(r1: ModuleType, page: dict, rng: random.Random) -> tuple[str, dict, dict]:
    """A pages_unseen page with a new column width, blank pattern and indent (layout order kept)."""
    page = copy.deepcopy(page)
    col = rng.randint(12, 50)
    opts = {"set": "unseen", "col": col, "para_blank": rng.choice([0.0, 1.0, 0.6]),
            "indent": rng.choice(["", "\u3000\u3000", "  "]), "crlf": rng.random() < 0.3,
            "trailing": rng.random() < 0.3}
    page["col"] = col
    page["seed"] = rng.randrange(10**6)
    page["para_blank"] = opts["para_blank"]
    page["indent"] = opts["indent"]
    page.pop("crlf", None)
    for a in page["articles"].values():
        a.pop("col", None)
    text, gold = r1.render_page(page)
    return _post(text, opts), gold, opts


def render_v2(r2: ModuleType, page: dict, rng: random.Random) -> tuple[str, dict, dict]:
    """A pages_unseen2 page: new widths/blanks/indents, articles maybe reversed, slogans between them,
    blank lines between articles present or absent."""
    page = copy.deepcopy(page)
    col = rng.randint(12, 50)
    opts = {"set": "unseen2", "col": col, "para_blank": rng.choice([0.0, 1.0, 0.75]),
            "height": rng.choice([8, 14, 25, 1000]), "indent": rng.choice(["", "\u3000\u3000"]),
            "reverse": rng.random() < 0.4, "slogan": rng.random() < 0.3,
            "art_blank": rng.random() < 0.7, "crlf": rng.random() < 0.3, "trailing": rng.random() < 0.3}
    page["col"], page["height"], page["para_blank"] = col, opts["height"], opts["para_blank"]
    items = page["items"]
    for it in items:
        if isinstance(it, dict):
            for k in ("col", "height", "para_blank"):
                it.pop(k, None)
    if opts["reverse"]:
        slots = [k for k, it in enumerate(items) if isinstance(it, dict)]
        arts = [items[k] for k in slots][::-1]
        for k, a in zip(slots, arts, strict=True):
            items[k] = a
    orig_wrap = r2.wrap
    indent = opts["indent"]

    def wrap(par: str, c: float) -> list[str]:
        lines = orig_wrap(par, c)
        return [indent + lines[0]] + lines[1:] if lines else lines

    r2.wrap = wrap
    try:
        prng = random.Random(rng.randrange(10**6))
        chunks: list[list[str]] = []
        arts_out = []
        for it in items:
            if isinstance(it, str):
                chunks.append([it])
                continue
            if opts["slogan"] and arts_out:
                chunks.append([rng.choice(SLOGANS)])
            lines = r2.render_article(it, page, prng)
            while lines and not lines[-1]:
                lines.pop()
            chunks.append(lines)
            arts_out.append(it)
    finally:
        r2.wrap = orig_wrap
    out: list[str] = []
    for ch in chunks:
        if out:
            out += [""] if opts["art_blank"] else []
        out += ch
    text = "\n".join(out) + "\n"
    pid = page["source"].rsplit(".", 1)[0]
    gold = {"source": page["source"], "articles": [r2.gold_article(a, pid, k) for k, a in enumerate(arts_out, 1)]}
    return _post(text, opts), gold, opts


def check(text: str, gold: dict) -> tuple[list[str], list]:
    """Mismatches of one rendering, as 'article field: got / want' strings, and the parsed articles."""
    try:
        got = parse_bytes(text.encode("utf-8"), gold["source"])
    except BulletinError as exc:
        return [f"error: {exc}"], []
    want = gold["articles"]
    errs = []
    if len(got) != len(want):
        errs.append(f"count: got {len(got)} want {len(want)} "
                    f"titles got {[a.title for a in got]} want {[g['title'] for g in want]}")
    for k, g in enumerate(want):
        if k >= len(got):
            break
        for f in FIELDS:
            a = getattr(got[k], f)
            if a != g.get(f):
                errs.append(f"a{k + 1} {f}: got {str(a)[:90]!r} want {str(g.get(f))[:90]!r}")
    return errs, got


def run(seed: int, renders: int, verbose: bool = False) -> dict:
    r1, pages1, r2 = _mods()
    pages2 = r2.PAGES
    rng = random.Random(seed)
    field_hits = dict.fromkeys(FIELDS, 0)
    arts_total = 0
    exact = 0
    failures = []
    for n in range(renders):
        if n % 2 == 0:
            page = pages1[rng.randrange(len(pages1))]
            text, gold, opts = render_v1(r1, page, rng)
        else:
            page = pages2[rng.randrange(len(pages2))]
            text, gold, opts = render_v2(r2, page, rng)
        errs, got = check(text, gold)
        for k, g in enumerate(gold["articles"]):
            arts_total += 1
            for f in FIELDS:
                field_hits[f] += k < len(got) and getattr(got[k], f) == g.get(f)
        if errs:
            failures.append({"render": n, "source": gold["source"], "opts": opts, "errors": errs,
                             **({"text": text} if verbose else {})})
        else:
            exact += 1
    return {"seed": seed, "renders": renders, "fully_exact": exact,
            "exact_rate": round(exact / renders, 3) if renders else None, "articles": arts_total,
            **{f"{f}_exact": round(field_hits[f] / arts_total, 3) for f in FIELDS},
            "failures": failures}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--renders", type=int, default=100)
    ap.add_argument("-v", "--verbose", action="store_true", help="include the failing texts")
    args = ap.parse_args(argv)
    res = run(args.seed, args.renders, args.verbose)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
