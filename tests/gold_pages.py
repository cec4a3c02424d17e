"""Comparing parsed pages with a gold annotation (the schema of samples/gold.json), shared by the parser tests
on pages written apart from the parser (tests/pages_unseen, tests/pages_unseen2)."""
from __future__ import annotations

import difflib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from bulletins.ingest import ingest_paths
from bulletins.model import Article

EXACT = ("title", "kicker", "byline", "subtitle", "subheads", "captions", "duplicate_of")


def similarity(a: str, b: str) -> float:
    """The measure bulletins/evaluate.py uses."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def gold_ids(folder: Path, gold: dict) -> dict[str, str]:
    """Gold id -> the id the parser gives that article (source path # index)."""
    return {g["id"]: f"{folder / p['source']}#{k}" for p in gold["pages"] for k, g in enumerate(p["articles"])}


def load_gold(folder: Path) -> tuple[dict, dict[str, str]]:
    """The folder's gold.json, and its id map."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return gold, gold_ids(folder, gold)


def parse_pages(folder: Path, gold: dict) -> dict[str, list[Article]]:
    """Every page parsed in one batch, in the gold's page order (which decides which printing is the earlier)."""
    articles, errors = ingest_paths([str(folder / p["source"]) for p in gold["pages"]])
    assert not errors, [f"{e.source}: {e.cause}" for e in errors]
    out: dict[str, list[Article]] = {p["source"]: [] for p in gold["pages"]}
    for a in articles:
        out[Path(a.source).name].append(a)
    return out


def page_problems(page: dict, got: list[Article], ids: dict[str, str]) -> list[str]:
    """Every field of the page's articles that differs from the gold (bodies: similarity below 0.98, or a
    caption inside a body)."""
    problems = []
    if len(got) != len(page["articles"]):
        problems.append(f"{len(got)} articles, gold has {len(page['articles'])}: {[a.title for a in got]}")
    for g, a in zip(page["articles"], got, strict=False):
        want = dict(g, duplicate_of=ids[g["duplicate_of"]] if g.get("duplicate_of") else None)
        for field in EXACT:
            if getattr(a, field) != want.get(field):
                problems.append(f"{g['id']} {field}: {getattr(a, field)!r} != gold {want.get(field)!r}")
        sim = similarity(a.body, g["body"])
        if sim < 0.98:
            problems.append(f"{g['id']} body similarity {sim:.3f}")
        for cap in a.captions:
            if cap in a.body and cap not in g["body"]:
                problems.append(f"{g['id']} caption {cap!r} inside the body")
    return problems


_modules: dict[Path, ModuleType] = {}


def load_module(path: Path) -> ModuleType:
    """A page generator (render.py, build.py) loaded from its file, once; its folder goes on sys.path so its own
    sibling imports (pages.py, …) resolve."""
    path = path.resolve()
    if path not in _modules:
        if str(path.parent) not in sys.path:
            sys.path.insert(0, str(path.parent))
        spec = importlib.util.spec_from_file_location(f"generator_{path.parent.name}_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _modules[path] = module
    return _modules[path]


def generated_differences(out: Path, folder: Path, gold: dict) -> list[str]:
    """Pages and gold.json a generator wrote into `out` that differ from the committed ones in `folder`."""
    names = [p["source"] for p in gold["pages"]] + ["gold.json"]
    return [name for name in names if (out / name).read_bytes() != (folder / name).read_bytes()]
