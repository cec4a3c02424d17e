"""Our news summarizer: Lead, made to say what happened and then add what the rest of the article adds.

1. The event sentence (the opening paragraph's first sentence that stands alone) comes first when it fits.
2. The rest of the budget goes to the sentences closest to the whole article (TF-IDF cosine over jieba words,
   weighted by jieba's bundled IDF: a fixed reference, so an article's summary never depends on the day's
   other articles), each with whatever it leans on (base.unit), plus a small lead prior.
3. When no whole sentence fits, the clause cut (base.clause_cut) of one of the first `cut_pool` sentences that
   stand alone: the one that keeps the most characters.

No number here is fitted: the two candidate parameters (a lead prior in the fill, a wider pool for the cut)
did not gain more than their per-fold spread under 5-fold cross-validation over the whole dev set
(`python3 benchmarks/tune_default.py`) and are held neutral; the old default's twelve weights are gone.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from summarizers import keywording, nlp
from summarizers.analysis import Analysis
from summarizers.base import Limit, Sentence, clause_cut, cut_best, fill, loose_fill, select

# Both parameters are held at their neutral value: under 5-fold cross-validation on dev neither gained more
# than its per-fold spread (benchmarks/tune_default.py), so they were dropped, with the old default's twelve.
# pos: weight of a lead prior 1/(1+i) against centrality when filling after the event sentence (0: none)
# cut_pool: how many opening stand-alone sentences compete for the clause cut when no sentence fits (1: the event)
PARAMS: dict[str, float] = {"pos": 0.0, "cut_pool": 1}

_CLOSED = tuple("。！？!?…”’」』）)")  # a sentence that ends here needs nothing after it (not ：；，)
_SKIP_TAGS = frozenset({"x", "uj", "ul", "p", "c", "m"})


@lru_cache(maxsize=nlp.WORD_MEMO)
def _weight(wf: tuple[str, str], version: int) -> float:
    """IDF weight of a (word, tag), 0.0 for one that carries no content: the same for every article, so
    memoised across articles (lru_cache is thread-safe; `version` is the user-dictionary version)."""
    w, f = wf
    if f in _SKIP_TAGS or w in nlp.stopwords() or not any(nlp.is_content_char(ch) for ch in w):
        return 0.0
    idf, median = nlp.idf_table()
    return idf.get(w, median)


_memo: dict[tuple[str, str], float] = {}  # a plain-dict front for _weight, for `_memo_version`: pure values, so
# a racing write stores the same number; replaced by a new dict when it grows too big or the version changes
_memo_version = -1


def _weights() -> dict[tuple[str, str], float]:
    """The (word, tag) -> weight memo of the current user-dictionary version (as nlp._pair_memo: the version
    is read first and a new version or an overgrown memo gets a new dict, so no thread mixes versions)."""
    global _memo, _memo_version
    version = nlp._version
    memo = _memo
    if version != _memo_version or len(memo) > nlp.WORD_MEMO:
        memo = {}
        _memo, _memo_version = memo, version
    return memo


def vectors(analysis: Analysis) -> list[dict[str, float]]:
    """TF-IDF vector of each candidate sentence."""
    version = nlp._version
    memo = _weights()
    get = memo.get
    vecs = []
    for words in analysis.tagged:
        vec: dict[str, float] = {}
        for wf in words:
            x = get(wf)
            if x is None:
                x = memo[wf] = _weight(wf, version)
            if x:
                w = wf[0]
                vec[w] = vec.get(w, 0.0) + x
        vecs.append(vec)
    return vecs


def centrality(vecs: list[dict[str, float]]) -> list[float]:
    """Cosine of each sentence with the rest of the article (the total minus itself), O(total words)."""
    total: Counter[str] = Counter()
    for v in vecs:
        total.update(v)
    total_sq = sum(x * x for x in total.values())
    out = []
    for v in vecs:
        nv2 = sum(x * x for x in v.values())
        dot = sum(x * total[w] for w, x in v.items())
        rest_sq = total_sq - 2 * dot + nv2
        out.append((dot - nv2) / math.sqrt(nv2 * rest_sq) if nv2 and rest_sq > 1e-12 else 0.0)
    return out


def event_sentence(cands: Sequence[Sentence]) -> Sentence | None:
    """The first sentence of the opening paragraph that stands alone (no connective, no lone quote credit)."""
    if not cands:
        return None
    first_para = cands[0].para
    for s in cands:
        if s.para != first_para:
            break
        if s.leans_on is None and s.alone:
            return s
    return None


def rank(analysis: Analysis, params: dict[str, float] = PARAMS) -> list[Sentence]:
    """Candidates best first: the event sentence, then by centrality plus the lead prior."""
    cands = list(analysis.sentences)
    central = centrality(vectors(analysis))
    pos = params["pos"]
    scores = [c + pos / (1 + i) for i, c in enumerate(central)]
    event = event_sentence(cands)
    return sorted(cands, key=lambda s: (s is not event, -scores[s.index], s.index))


def summarize(text: str, limit: Limit, params: dict[str, float] = PARAMS, analysis: Analysis | None = None) -> list[str]:
    analysis = analysis or keywording.analyse(text)
    cands = list(analysis.sentences)
    if not cands:
        return []
    budget = limit.max_chars
    if budget is None:
        return select(cands, rank(analysis, params), limit)
    event = event_sentence(cands)
    if event is not None and event.text.endswith(_CLOSED) and len(event.text) <= budget and all(
            len(s.text) > budget - len(event.text) for s in cands if s is not event):
        return [event.text]  # the event fills the budget: nothing to rank (most short news)
    pool = [s for s in cands if s.leans_on is None and s.alone][: int(params["cut_pool"])] or cands[:1]
    best = max(pool, key=lambda s: (len(clause_cut(s.text, budget) or ""), -s.index))
    if not any(len(s.text) <= budget for s in cands) and clause_cut(best.text, budget):
        return [clause_cut(best.text, budget) or ""]  # nothing fits whole: the cut needs no ranking
    ranked = rank(analysis, params)
    chosen = fill(ranked, cands, budget)
    if not chosen and not any(s.leans_on is None and s.alone for s in cands):
        chosen = loose_fill(ranked, budget)  # a text of numbers or credits only: its sentences as they are
    if chosen:
        return [s.text for s in sorted(chosen, key=lambda s: s.start)]
    # no sentence that may stand alone fits whole: among the first stand-alone sentences, the clause cut that
    # keeps the most (select's cut_best: else a hard cut of the best-ranked one)
    return [cut_best([best] + [s for s in ranked if s is not best], budget)]


def keywords(text: str, k: int, analysis: Analysis | None = None) -> list[str]:
    return keywording.default_keywords(text, k, analysis=analysis)
