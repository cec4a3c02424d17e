"""The rendered Markdown and text briefing of the shipped samples, pinned.

Any change in parsing, summaries, keywords, grouping, sections or templates shows up here as a diff a person can
read. After an intended change, regenerate with `BRIEFING_UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden_briefing.py`
and review the diff of `tests/golden/` before committing it.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from flows.cli import main

GOLDEN = Path(__file__).parent / "golden"
DAY = "2025-02-20"


@pytest.fixture(scope="module")
def sample_briefing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden-out")
    assert main(["run", "--out", str(out), "--date", DAY, "--no-email"]) == 0
    return out / DAY


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_sample_briefing_matches_golden(sample_briefing: Path, fmt: str) -> None:
    produced = (sample_briefing / f"briefing.{fmt}").read_text(encoding="utf-8")
    golden = GOLDEN / f"briefing_{DAY}.{fmt}"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1":
        golden.write_text(produced, encoding="utf-8")
        pytest.skip(f"BRIEFING_UPDATE_GOLDEN=1: {golden.name} rewritten, nothing compared; review `git diff` and "
                    "run again without it")
    expected = golden.read_text(encoding="utf-8")
    diff = "\n".join(difflib.unified_diff(expected.splitlines(), produced.splitlines(), "golden", "produced",
                                          lineterm="", n=1))
    assert produced == expected, f"the {fmt} briefing of the samples changed:\n{diff[:4000]}"


def test_golden_briefing_has_every_sample_story(sample_briefing: Path, samples_gold: dict) -> None:
    """The pinned text is not just any text: it carries every 2025-02-20 sample article's title once."""
    text = (GOLDEN / f"briefing_{DAY}.txt").read_text(encoding="utf-8")
    for page in samples_gold["pages"]:
        if DAY not in page["source"]:
            continue
        for art in page["articles"]:
            if art["duplicate_of"]:
                continue
            assert art["title"] in text, art["id"]
