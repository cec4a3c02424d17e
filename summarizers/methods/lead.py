"""Lead: the article's opening sentences, the classic news baseline (lead bias is strong in news).

Under a character budget it takes sentences in document order, each one that still fits.
"""
from __future__ import annotations

from summarizers import keywording
from summarizers.base import Limit, candidates, select


def summarize(text: str, limit: Limit) -> list[str]:
    cands = candidates(text)
    return select(cands, cands, limit)


def keywords(text: str, k: int) -> list[str]:
    """Plain TF-IDF on jieba's bundled IDF: the usual cheap baseline."""
    return keywording.plain_tfidf(text, k)
