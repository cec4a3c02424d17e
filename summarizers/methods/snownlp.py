"""Baseline: snownlp's TextRank summary and keywords.

snownlp splits on commas too, so its "sentences" are clauses and its summary repeats them; we keep snownlp's
own ranking of clauses and map each pick back to the whole candidate sentence holding it (document order, no
repeats), so the shared contract holds. Its keywords are returned as snownlp gives them.
"""
from __future__ import annotations

from summarizers import nlp
from summarizers.base import Limit, Sentence, candidates, select
from summarizers.keywording import MAX_KEYWORD_CHARS
from summarizers.methods.textrank4zh import map_back


def _snownlp(text: str):
    nlp.jieba_module()  # not needed by snownlp, but keeps timings comparable (one warm process)
    from snownlp import SnowNLP

    return SnowNLP(text)


def summarize(text: str, limit: Limit) -> list[str]:
    cands = candidates(text)
    if not cands:
        return []
    return select(cands, nlp.cached("snownlp-rank", text, lambda _: _rank(cands)), limit)


def _rank(cands: list[Sentence]) -> list[Sentence]:
    s = _snownlp("\n".join(c.text for c in cands))
    return map_back(s.summary(limit=len(s.sentences)), cands)


def keywords(text: str, k: int) -> list[str]:
    return list(_snownlp(text[:MAX_KEYWORD_CHARS]).keywords(limit=k))
