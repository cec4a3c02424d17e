"""Score the parser (bulletins.ingest.ingest_paths) on the layout pages, or on the real page in ../shared/real.

    python3 tests/pages_layout/score.py [--mode pdf|text|raw|pdfminer|all] [--real] [-v]

Articles are matched to gold articles by body similarity, not by order: every (gold, parsed) pair of a batch is
compared on the bodies with all whitespace removed (difflib ratio), and pairs are taken best first, each article
at most once, while the ratio is >= MATCH (0.8). Per page and in total:

  found / gold      parsed articles / gold articles
  F1                article F1 of that matching (precision = matched / found, recall = matched / gold)
  titles, bylines   gold articles whose match has the same title / byline, whitespace-insensitive (a missing
                    match counts as wrong; a gold byline of null wants null)
  captions          gold articles whose match has the same captions (whitespace-insensitive, in order)
  complete          gold articles whose match holds >= 97 % of the gold body and <= 3 % text foreign to it
  leaks             parsed articles whose body holds a caption or a furniture line of the page (only strings of
                    6+ characters that no gold body of the page contains)

A jump article (gold `continued_on`) is one gold article whose body is the whole text: it is found only when the
parser joins the two parts; the `jumps` line says which parts were seen.

The real page (--real, `score_real`) is scored the same way against ../shared/real/real_gold.json (body_norm,
whitespace-insensitive); its text modes are made from the PDF at score time in a temporary folder.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bulletins.ingest import ingest_paths  # noqa: E402
from bulletins.model import Article  # noqa: E402

REAL = REPO.parent / "shared" / "real"
MODES = ("pdf", "text", "raw", "pdfminer")
MATCH = 0.8           # body similarity for an article to match a gold article
PRESENT = 0.97        # share of the gold body a complete body holds
FOREIGN = 0.03        # share of a complete body that is not in the gold body
LEAK_MIN = 6          # shortest caption / furniture string looked for inside bodies
WS = re.compile(r"\s+")
PDFMINER = "import sys; from pdfminer.high_level import extract_text; sys.stdout.write(extract_text(sys.argv[1]))"


def norm(s: str | None) -> str:
    """Whitespace removed: extractors differ in spaces and line breaks, the text does not."""
    return WS.sub("", s or "")


def similarity(a: str, b: str) -> float:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < MATCH or sm.quick_ratio() < MATCH:
        return 0.0
    return sm.ratio()


def coverage(gold: str, got: str) -> tuple[float, float]:
    """(share of the gold text present in got, share of got foreign to the gold), whitespace removed."""
    if not gold or not got:
        return 0.0, 1.0
    m = sum(b.size for b in difflib.SequenceMatcher(None, gold, got, autojunk=False).get_matching_blocks())
    return m / len(gold), (len(got) - m) / len(got)


class PageScore:
    """One page's (or a total's) counts. A plain class, not a dataclass: this file is also loaded by path
    (tests/gold_pages.load_module), where the module is not in sys.modules, which dataclasses need."""

    def __init__(self, name: str, gold: int, found: int) -> None:
        self.name, self.gold, self.found = name, gold, found
        self.matched = self.titles = self.bylines = self.captions = self.complete = self.leaks = 0
        self.problems: list[str] = []

    @property
    def f1(self) -> float:
        return 2 * self.matched / (self.gold + self.found) if self.gold + self.found else 1.0

    def row(self) -> str:
        g = self.gold
        return (f"{self.name:38} {self.found:3}/{g:<3} F1 {self.f1:4.2f}  titles {self.titles:2}/{g:<2} "
                f"bylines {self.bylines:2}/{g:<2} captions {self.captions:2}/{g:<2} complete {self.complete:2}/{g:<2}"
                f" leaks {self.leaks}")

    def as_dict(self) -> dict:
        return {"page": self.name, "gold": self.gold, "found": self.found, "matched": self.matched,
                "f1": round(self.f1, 3), "titles": self.titles, "bylines": self.bylines,
                "captions": self.captions, "complete": self.complete, "leaks": self.leaks}


def total(pages: list[PageScore], name: str = "TOTAL") -> PageScore:
    t = PageScore(name, sum(p.gold for p in pages), sum(p.found for p in pages))
    for k in ("matched", "titles", "bylines", "captions", "complete", "leaks"):
        setattr(t, k, sum(getattr(p, k) for p in pages))
    return t


def match(golds: list[dict], got: list[Article]) -> dict[int, tuple[int, float]]:
    """Gold index -> (parsed index, similarity), best pairs first, each side used once."""
    gb = [norm(g["body"]) for g in golds]
    ab = [norm(a.body) for a in got]
    pairs = sorted(((similarity(g, a), i, j) for i, g in enumerate(gb) for j, a in enumerate(ab)), reverse=True)
    out: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for s, i, j in pairs:
        if s < MATCH:
            break
        if i not in out and j not in used:
            out[i] = (j, s)
            used.add(j)
    return out


def score_batch(pages: list[dict], articles: list[Article], sources: list[str]) -> list[PageScore]:
    """pages: gold pages (articles with body, title, byline, captions; furniture); sources[k] = the parsed
    source path of pages[k]. Matching runs over the whole batch (a joined jump article spans two pages)."""
    golds = [(k, g) for k, p in enumerate(pages) for g in p["articles"]]
    m = match([g for _, g in golds], articles)
    page_of_src = {s: k for k, s in enumerate(sources)}
    scores = [PageScore(Path(s).stem, len(p["articles"]), 0) for p, s in zip(pages, sources, strict=True)]
    for a in articles:
        scores[page_of_src[a.source]].found += 1
    for gi, (k, g) in enumerate(golds):
        sc = scores[k]
        if gi not in m:
            sc.problems.append(f"{g.get('id', g['title'])}: not found")
            continue
        a, sim = articles[m[gi][0]], m[gi][1]
        sc.matched += 1
        if norm(a.title) == norm(g["title"]):
            sc.titles += 1
        else:
            sc.problems.append(f"{g.get('id', '')} title {a.title!r} != {g['title']!r}")
        if norm(a.byline) == norm(g.get("byline")) and (a.byline is None) == (g.get("byline") is None):
            sc.bylines += 1
        else:
            sc.problems.append(f"{g.get('id', '')} byline {a.byline!r} != {g.get('byline')!r}")
        if [norm(c) for c in a.captions] == [norm(c) for c in g.get("captions", [])]:
            sc.captions += 1
        else:
            sc.problems.append(f"{g.get('id', '')} captions {a.captions!r} != {g.get('captions')!r}")
        present, foreign = coverage(norm(g["body"]), norm(a.body))
        if present >= PRESENT and foreign <= FOREIGN:
            sc.complete += 1
        else:
            sc.problems.append(f"{g.get('id', '')} body sim {sim:.2f}: {present:.1%} present, {foreign:.1%} foreign")
    for k, p in enumerate(pages):
        bodies = [norm(g["body"]) for g in p["articles"]]
        strings = [norm(c) for g in p["articles"] for c in g.get("captions", [])] + [norm(f) for f in p["furniture"]]
        strings = [s for s in strings if len(s) >= LEAK_MIN and not any(s in b for b in bodies)]
        for a in articles:
            if page_of_src[a.source] == k:
                hit = [s for s in strings if s in norm(a.body)]
                if hit:
                    scores[k].leaks += 1
                    scores[k].problems.append(f"leak in {a.title!r}: {hit[0][:40]!r}")
    return scores


def jump_report(gold: dict, articles: list[Article]) -> list[str]:
    """For each jump article: does some parsed article hold >= 90 % of its page-1 part, of its page-2 part, of
    the whole (joined)?"""
    out = []
    for p in gold["pages"]:
        for g in p["articles"]:
            if not g.get("continued_on"):
                continue
            rest = next(c["body"] for q in gold["pages"] for c in q.get("continuations", []) if c["of"] == g["id"])
            seen = {name: any(coverage(norm(text), norm(a.body))[0] >= 0.9 for a in articles)
                    for name, text in (("page-1 part", g["body_on_this_page"]), ("page-2 part", rest),
                                       ("joined", g["body"]))}
            out.append(f"jump {g['id']}: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in seen.items()))
    return out


# ---- the layout pages -----------------------------------------------------------------------------------

def load_gold(folder: Path = HERE) -> dict:
    return json.loads((folder / "gold.json").read_text(encoding="utf-8"))


def page_path(folder: Path, page: dict, mode: str) -> Path:
    return folder / "pdf" / page["source"] if mode == "pdf" else folder / mode / page["texts"]


def score_pages(mode: str, folder: Path = HERE) -> dict:
    """The parser on every layout page in one batch (page order), in one mode: per-page scores, total, jumps,
    errors, problems."""
    gold = load_gold(folder)
    paths = [str(page_path(folder, p, mode)) for p in gold["pages"]]
    articles, errors = ingest_paths(paths)
    pages = score_batch(gold["pages"], articles, paths)
    return {"mode": mode, "pages": pages, "total": total(pages), "jumps": jump_report(gold, articles),
            "errors": [f"{Path(e.source).name}: {e.cause}" for e in errors], "articles": articles}


# ---- the real page --------------------------------------------------------------------------------------

def real_gold(real_dir: Path = REAL) -> dict | None:
    """real_gold.json turned into this scorer's shape (body = body_norm), or None when ../shared/real is absent."""
    f = real_dir / "real_gold.json"
    if not f.exists():
        return None
    d = json.loads(f.read_text(encoding="utf-8"))
    pages = []
    for p in d["pages"]:
        arts = [dict(a, body=a["body_norm"], id=f"{p['page']}-a{k + 1}") for k, a in enumerate(p["articles"])]
        pages.append({"source": f"{p['page']}.pdf", "texts": f"{p['page']}.txt", "furniture": p["furniture"],
                      "articles": arts})
    return {"pages": pages}


def extract_texts(pdf: Path, out: Path) -> dict[str, Path]:
    """The PDF's text by pdftotext (default, -raw) and pdfminer, written into out/<mode>/<stem>.txt."""
    paths = {}
    for mode, opts in (("text", []), ("raw", ["-raw"])):
        (out / mode).mkdir(parents=True, exist_ok=True)
        paths[mode] = out / mode / f"{pdf.stem}.txt"
        subprocess.run(["pdftotext", *opts, "-enc", "UTF-8", str(pdf), str(paths[mode])], check=True)
    (out / "pdfminer").mkdir(parents=True, exist_ok=True)
    paths["pdfminer"] = out / "pdfminer" / f"{pdf.stem}.txt"
    # in a fresh interpreter: pdfminer breaks ties between equally distant boxes by id(), so in a long-lived
    # process its box order depends on what was allocated before
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    text = subprocess.run([sys.executable, "-c", PDFMINER, str(pdf)], check=True, capture_output=True, env=env).stdout
    paths["pdfminer"].write_bytes(text)
    return paths


def score_real(mode: str, real_dir: Path = REAL) -> dict | None:
    """The parser on the real page(s) of ../shared/real in one mode (pdf | text | raw | pdfminer); None when
    the folder is absent. Text modes need pdftotext (raises FileNotFoundError without it)."""
    gold = real_gold(real_dir)
    if gold is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for p in gold["pages"]:
            pdf = real_dir / p["source"]
            if mode == "pdf":
                paths.append(str(pdf))
            else:
                # the text keeps the PDF's stem, so the parser sees the same kind of name
                paths.append(str(extract_texts(pdf, Path(tmp))[mode]))
        articles, errors = ingest_paths(paths)
        pages = score_batch(gold["pages"], articles, paths)
    return {"mode": mode, "pages": pages, "total": total(pages), "jumps": [],
            "errors": [f"{Path(e.source).name}: {e.cause}" for e in errors], "articles": articles}


# ---- CLI ------------------------------------------------------------------------------------------------

def report(result: dict, verbose: bool = False) -> str:
    lines = [f"== mode {result['mode']}"]
    for p in result["pages"]:
        lines.append("  " + p.row())
        if verbose:
            lines += [f"      {x}" for x in p.problems]
    lines.append("  " + result["total"].row())
    lines += [f"  {j}" for j in result["jumps"]]
    lines += [f"  error: {e}" for e in result["errors"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=(*MODES, "all"), default="all")
    ap.add_argument("--real", action="store_true", help="score ../shared/real instead of the layout pages")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list each mismatch")
    args = ap.parse_args(argv)
    modes = MODES if args.mode == "all" else (args.mode,)
    if args.real and modes != ("pdf",) and shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is not installed: text modes of the real page cannot be made", file=sys.stderr)
        return 2
    totals = {}
    for mode in modes:
        result = score_real(mode) if args.real else score_pages(mode)
        if result is None:
            print(f"{REAL} is absent: nothing to score", file=sys.stderr)
            return 2
        totals[mode] = result["total"].as_dict()
        if not args.json:
            print(report(result, args.verbose))
    if args.json:
        print(json.dumps(totals, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
