"""Our news summarizer: lead bias + centrality + closeness to the opening sentence, MMR under the budget.

Sentence vectors are TF-IDF over jieba words (jieba's bundled IDF), so it stays pure Python and fast.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from summarizers import keywording, nlp
from summarizers.base import Limit, Sentence, clause_cut, select

# beta: how much MMR favours a longer sentence (value x length**beta). Above 1, a budget is spent on fewer,
# fuller sentences rather than on several short ones that each carry their own lead-in; it only matters when
# many candidates compete, i.e. in long articles (dev: 8 of 32 long summaries change, +0.75 ROUGE-L; no short one)
PARAMS = {"pos": 1.0, "pos_decay": 1.0, "central": 0.6, "lead": 0.6, "para_first": 0.1, "short": 0.3,
          "mmr": 0.5, "beta": 1.5, "cut_beta": 2.0, "cut_pool": 3,
          "dependent": 0.3, "quote": 0.3}
# sentences that lean on the one before (但是…, 此外…) or are someone's quoted words read badly alone
_DEPENDENT = ("但", "而", "此外", "同时", "另外", "因此", "所以", "不过", "然而", "对此", "其中", "这", "他", "她", "它",
              "该", "此", "并", "且", "也", "还", "据此", "随后", "之后", "后来", "于是", "对于这", "，", "、")
_QUOTES = "“”\"「」"


_SKIP_TAGS = frozenset({"x", "uj", "ul", "p", "c", "m"})
# (word, tag) -> IDF weight, or 0.0 for a word that carries no content; the same for every article, so kept
# across calls (cleared when the user dictionary changes, as IDF of user words may)
_weights: dict[tuple[str, str], float] = {}
_weights_version = -1


def _weight(wf: tuple[str, str]) -> float:
    w, f = wf
    if f in _SKIP_TAGS or w in nlp.stopwords() or not any(nlp.is_content_char(ch) for ch in w):
        return 0.0
    idf, median = nlp.idf_table()
    return idf.get(w, median)


def _vectors(tagged: list[list[tuple[str, str]]]) -> list[dict[str, float]]:
    global _weights_version
    if _weights_version != nlp._version or len(_weights) > 200_000:
        _weights.clear()
        _weights_version = nlp._version
    weights = _weights
    vecs = []
    for words in tagged:
        vec: dict[str, float] = {}
        for wf in words:
            x = weights.get(wf)
            if x is None:
                x = weights[wf] = _weight(wf)
            if x:
                w = wf[0]
                vec[w] = vec.get(w, 0.0) + x
        vecs.append(vec)
    return vecs


def _norm(v: dict[str, float]) -> float:
    return math.sqrt(sum(x * x for x in v.values()))


def _cos(a: dict[str, float], b: dict[str, float], na: float, nb: float) -> float:
    if not na or not nb:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items()) / (na * nb)


def score(sentences: Sequence[Sentence], tagged: list[list[tuple[str, str]]],
          params: dict = PARAMS) -> tuple[list[float], list[dict[str, float]], list[float]]:
    """Each sentence's value for a news summary, with the vectors and norms MMR reuses."""
    vecs = _vectors(tagged)
    norms = [_norm(v) for v in vecs]
    total: Counter[str] = Counter()
    for v in vecs:
        total.update(v)
    total_sq = sum(x * x for x in total.values())
    scores = []
    for i, (s, v, nv) in enumerate(zip(sentences, vecs, norms, strict=True)):
        # cosine with the rest of the article (total minus this sentence), in O(len v)
        dot = sum(x * total[w] for w, x in v.items())
        rest_sq = total_sq - 2 * dot + nv * nv
        central = (dot - nv * nv) / (nv * math.sqrt(rest_sq)) if nv and rest_sq > 1e-12 else 0.0
        lead = 1.0 if i == 0 else _cos(v, vecs[0], nv, norms[0])
        pos = 1.0 / (1.0 + i) ** params["pos_decay"]
        sc = params["pos"] * pos + params["central"] * central + params["lead"] * lead
        if s.pos_in_para == 0:
            sc += params["para_first"]
        if len(s.text) < 10:
            sc -= params["short"]
        if i > 0 and s.text.startswith(_DEPENDENT):
            sc -= params["dependent"]
        if s.text[:1] in _QUOTES or s.text.endswith(("”", "」")):
            sc -= params["quote"]
        scores.append(sc)
    return scores, vecs, norms


def summarize(text: str, limit: Limit, params: dict = PARAMS) -> list[str]:
    analysis = keywording.analyse(text)
    cands = analysis.sentences
    if not cands:
        return []
    scores, vecs, norms = score(cands, analysis.tagged, params)
    ranked = sorted(cands, key=lambda s: (-scores[s.index], s.index))

    def mmr(pool: Sequence[Sentence], budget: int) -> list[Sentence]:
        """Greedy MMR fill; redundancy kept per sentence and updated once per pick (O(n) a step, not O(n k))."""
        chosen: list[Sentence] = []
        used = 0
        left = [s for s in pool if len(s.text) <= budget]
        red = {s.index: 0.0 for s in left}
        while left:
            best, best_val = None, -1e9
            for s in left:
                if used + len(s.text) > budget:
                    continue
                val = (scores[s.index] - params["mmr"] * red[s.index]) * len(s.text) ** params["beta"]
                if val > best_val:
                    best, best_val = s, val
            if best is None:
                break
            chosen.append(best)
            used += len(best.text)
            left.remove(best)
            b = best.index
            for s in left:
                sim = _cos(vecs[s.index], vecs[b], norms[s.index], norms[b])
                if sim > red[s.index]:
                    red[s.index] = sim
        return chosen

    if limit.max_chars is not None and not any(len(s.text) <= limit.max_chars for s in cands):
        # no whole sentence fits: among the best few, the one whose clause cut keeps the most of it
        pool = ranked[: params["cut_pool"]]

        def value(s: Sentence) -> float:
            piece = clause_cut(s.text, limit.max_chars)
            return scores[s.index] * len(piece) ** params["cut_beta"] if piece else -1e9

        if any(clause_cut(s.text, limit.max_chars) for s in cands):
            best = max(pool, key=lambda s: (value(s), -s.index))
        else:  # even every first clause is too long: the hard cut goes to the best-ranked sentence
            best = ranked[0]
        ranked = [best] + [s for s in ranked if s is not best]
    return select(cands, ranked, limit, chooser=mmr)


def keywords(text: str, k: int) -> list[str]:
    return keywording.default_keywords(text, k)
