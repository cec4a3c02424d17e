"""Shared test setup: paths to the repo, its samples and ../shared, and a private Prefect home."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "bulletins"
SAMPLES_GOLD = ROOT / "samples" / "gold.json"
SHARED = Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
EVAL_DEV = SHARED / "eval" / "dev.jsonl"

# Prefect writes its database and settings under PREFECT_HOME: keep tests away from the user's.
_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="briefing-tests-prefect-"))
os.environ.setdefault("PREFECT_HOME", str(_PREFECT_HOME))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.skip(f"{what} not found at {path}: it lives in ../shared beside the repo (set BRIEFING_SHARED)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS, "the seed pages")


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    return json.loads(_need(SEEDS / "seeds_gold.json", "the seeds' gold annotation").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def eval_dev() -> Path:
    return _need(EVAL_DEV, "the eval dev set")


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def samples_gold() -> dict:
    return json.loads(SAMPLES_GOLD.read_text(encoding="utf-8"))
