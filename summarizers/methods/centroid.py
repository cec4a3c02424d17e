"""Variant of default without the news priors: TF-IDF centrality + MMR only (to measure what lead bias buys)."""
from __future__ import annotations

from summarizers import keywording
from summarizers.base import Limit
from summarizers.methods import default

PARAMS = {**default.PARAMS, "pos": 0.0, "lead": 0.0, "para_first": 0.0}


def summarize(text: str, limit: Limit) -> list[str]:
    return default.summarize(text, limit, params=PARAMS)


def keywords(text: str, k: int) -> list[str]:
    return keywording.default_keywords(text, k)
