"""Baseline: textrank4zh 0.3 (sentence and word TextRank over networkx), made to run on networkx 3.

textrank4zh calls `networkx.from_numpy_matrix`, removed in networkx 3.0; `_shim` supplies it from
`from_numpy_array` (same graph for a square array) instead of pinning an old networkx. Its picks are mapped
back to our candidate sentences so the shared contract holds (document order, no furniture, no repeats).
Its keyphrases come from a set, so their order varies with PYTHONHASHSEED: we sort them.
"""
from __future__ import annotations

import threading
from typing import Any

from summarizers import nlp
from summarizers.base import Limit, Sentence, candidates, select
from summarizers.keywording import MAX_KEYWORD_CHARS

_engines: dict[str, Any] = {}
# textrank4zh's engines keep the last analysis in themselves (analyze, then get_*): one caller at a time
_engine_lock = threading.Lock()


def _shim(nx: Any) -> None:
    """Give networkx 3 the function textrank4zh 0.3 calls (idempotent)."""
    if not hasattr(nx, "from_numpy_matrix"):
        nx.from_numpy_matrix = nx.from_numpy_array


def _engine(kind: str) -> Any:
    if kind not in _engines:
        import networkx as nx

        _shim(nx)
        nlp.jieba_module()
        from textrank4zh import TextRank4Keyword, TextRank4Sentence

        _engines["sentence"] = TextRank4Sentence()
        _engines["keyword"] = TextRank4Keyword()
    return _engines[kind]


def map_back(picks: list[str], cands: list[Sentence]) -> list[Sentence]:
    """Our candidate sentences holding each pick, in the pick order, each once; then the rest in order."""
    out: list[Sentence] = []
    seen: set[int] = set()
    for piece in picks:
        piece = piece.strip()
        if not piece:
            continue
        for s in cands:
            if s.index not in seen and piece in s.text:
                out.append(s)
                seen.add(s.index)
                break
    out.extend(s for s in cands if s.index not in seen)
    return out


def summarize(text: str, limit: Limit) -> list[str]:
    cands = candidates(text)
    if not cands:
        return []
    return select(cands, nlp.cached("textrank4zh-rank", text, lambda _: _rank(cands)), limit)


def _rank(cands: list[Sentence]) -> list[Sentence]:
    with _engine_lock:
        tr = _engine("sentence")
        tr.analyze(text="\n".join(s.text for s in cands), lower=True, source="all_filters")
        picks = [item.sentence for item in tr.get_key_sentences(num=len(cands), sentence_min_len=1)]
    return map_back(picks, cands)


def keywords(text: str, k: int) -> list[str]:
    """Its keyphrases (sorted: frequency, then first occurrence, then text) ahead of its keywords."""
    text = text[:MAX_KEYWORD_CHARS]
    with _engine_lock:
        tr = _engine("keyword")
        tr.analyze(text=text, lower=True, window=2)
        phrases = sorted(tr.get_keyphrases(keywords_num=20, min_occur_num=2),
                         key=lambda p: (-text.count(p), text.find(p), p))
        words = [item.word for item in tr.get_keywords(num=k + len(phrases), word_min_len=2)]
    out: list[str] = []
    for w in [*phrases, *words]:
        if w not in out:
            out.append(w)
    return out[:k]
