"""Variant of default without the news priors: centrality alone (to measure what the lead prior buys)."""
from __future__ import annotations

from summarizers import keywording
from summarizers.analysis import Analysis
from summarizers.base import Limit, fill, select
from summarizers.methods import default


def summarize(text: str, limit: Limit, analysis: Analysis | None = None) -> list[str]:
    analysis = analysis or keywording.analyse(text)
    cands = list(analysis.sentences)
    if not cands:
        return []
    central = default.centrality(default.vectors(analysis))
    ranked = sorted(cands, key=lambda s: (-central[s.index], s.index))
    return select(cands, ranked, limit, chooser=lambda r, b: fill(r, cands, b))


def keywords(text: str, k: int, analysis: Analysis | None = None) -> list[str]:
    return keywording.default_keywords(text, k, analysis=analysis)
