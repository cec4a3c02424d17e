"""Lead: the article's opening sentences, the classic news baseline (lead bias is strong in news).

Under a character budget it takes sentences in document order, each one that still fits.
"""
from __future__ import annotations

from summarizers import keywording
from summarizers.analysis import Analysis
from summarizers.base import Limit, candidates, select


def summarize(text: str, limit: Limit, analysis: Analysis | None = None) -> list[str]:
    cands = list(analysis.sentences) if analysis is not None else candidates(text)
    return select(cands, cands, limit)


def keywords(text: str, k: int) -> list[str]:
    """Plain TF-IDF on jieba's bundled IDF: the usual cheap baseline."""
    return keywording.plain_tfidf(text, k)
