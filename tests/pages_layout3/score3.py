"""Score the parser on the third held-back batch with the second batch's scorer (tests/pages_layout2/score2.py,
imported, on this folder; it scores with the first batch's tests/pages_layout/score.py).

    python3 tests/pages_layout3/score3.py [--mode pdf|text|raw|pdfminer|all] [-v] [--json]

The five PDF pages are parsed in one batch per mode (so the jump p01 -> p03 can be joined) and scored by
score.score_batch / score.jump_report, exactly as the first batch; the text-only page in the seeds' style
(seedtext/) has one input whatever the mode and is scored on its own, printed as mode `seedtext`.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load_score2():  # noqa: ANN202 - a module
    """The second batch's score2.py, loaded by path (it puts the parser under test first on sys.path)."""
    if "pages_layout2_score2" in sys.modules:
        return sys.modules["pages_layout2_score2"]
    spec = importlib.util.spec_from_file_location("pages_layout2_score2", HERE.parent / "pages_layout2" / "score2.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sys.modules["pages_layout2_score2"] = mod
    return mod


score2 = _load_score2()
score = score2.score
MODES = score2.MODES
page_path, pages_of = score2.page_path, score2.pages_of


def load_gold(folder: Path = HERE) -> dict:
    return score2.load_gold(folder)


def score_pages(mode: str, folder: Path = HERE) -> dict:
    """score2.score_pages on this batch (pdf | text | raw | pdfminer: the five PDF pages; seedtext: the
    text-only page)."""
    return score2.score_pages(mode, folder)


def main(argv: list[str] | None = None) -> int:
    return score2.main(argv, HERE, __doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
