"""Keywords: TF-IDF on jieba's bundled IDF, weighted by position, over POS-filtered words of the article body.

Names of places and organisations are merged whole (炉碧经济开发区), frequent adjacent pairs become
keyphrases, and reporters' names, stopwords and page furniture never appear. Ties sort by first occurrence
and then by the word itself, so the result does not depend on PYTHONHASHSEED.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from summarizers import cleaning, nlp
from summarizers.base import Sentence, candidates

MAX_KEYWORD_CHARS = 30_000
# POS weights: names and nouns first, verbal nouns next, plain verbs rarely
POS_WEIGHT = {"ns": 1.3, "nt": 1.3, "nz": 1.2, "nr": 1.1, "nrt": 1.1, "nrfg": 1.1, "n": 1.0, "j": 1.0,
              "eng": 0.8, "vn": 0.8, "an": 0.5, "v": 0.35, "l": 0.4, "i": 0.3, "ORG": 1.4}
NOUNISH = {"n", "ng", "nz", "ns", "nt", "nr", "nrt", "nrfg", "j", "eng", "b", "vn", "an", "zg", "g", "ORG"}
ORG_SUFFIXES = ("有限公司", "公司", "集团", "开发区", "高新区", "园区", "产业园", "街道", "社区", "大学", "学院", "中学",
                "小学", "医院", "委员会", "政府", "人大", "政协", "银行", "研究院", "研究所", "管委会", "中心", "博物馆",
                "公园", "广场", "景区", "古镇", "基地", "村", "镇", "乡", "县", "市", "州", "区", "省")
_DIGITISH = re.compile(r"^[\d０-９.．%％·\-第]+$|\d")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z\-]+$")


@dataclass
class Analysis:
    sentences: list[Sentence]
    tagged: list[list[tuple[str, str]]]  # jieba words with POS, per sentence
    names: set[str]
    title: list[tuple[str, str]]  # words of a headline given as the first line, if any


def _title(text: str) -> str:
    """The first line when it reads as a headline above a longer text (callers pass f"{title}\\n{body}")."""
    head, sep, rest = text.lstrip().partition("\n")
    if not sep or not rest.strip():
        return ""
    head = head.strip()
    if not cleaning.is_heading_line(head) or cleaning.is_byline_line(head) or cleaning.is_caption(head):
        return ""
    return head


def _analyse(text: str) -> Analysis:
    nlp.warm()
    cands = candidates(text)
    pieces: list[str] = []
    budget = MAX_KEYWORD_CHARS
    for s in cands:
        piece = s.text[:budget] if budget > 0 else ""
        budget -= len(piece)
        pieces.append(piece)
    tagged = nlp.tag_many(pieces)
    title = _title(text[:MAX_KEYWORD_CHARS])
    return Analysis(cands, tagged, cleaning.byline_names(text[:MAX_KEYWORD_CHARS]), nlp.tag(title) if title else [])


def analyse(text: str) -> Analysis:
    """Candidate sentences with POS-tagged words, cached so summary and keywords share one segmentation."""
    return nlp.cached("analysis", text, _analyse)


def _merge_orgs(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join the nouns before a place/organisation suffix into one name (贵州 黔 玻 … 有限公司)."""
    out: list[tuple[str, str]] = []
    stop = nlp.stopwords()
    for w, f in words:
        if f in NOUNISH and w.endswith(ORG_SUFFIXES):
            j = len(out)
            length = len(w)
            while j > 0 and len(out) - j < 5:
                pw, pf = out[j - 1]
                if pf not in NOUNISH or pw in stop or length + len(pw) > 14:
                    break
                j -= 1
                length += len(pw)
            if j < len(out):
                merged = "".join(pw for pw, _ in out[j:]) + w
                del out[j:]
                out.append((merged, "ORG"))
                continue
        out.append((w, f))
    return out


def _eligible(word: str, flag: str, names: set[str], stop: frozenset[str]) -> bool:
    if word in nlp.USER_WORDS:
        return True
    if flag not in POS_WEIGHT or word in stop or word in names:
        return False
    if _DIGITISH.search(word):
        return False
    if len(word) < 2:
        return False
    if flag == "eng" and not _LATIN.match(word):
        return False
    return all(nlp.is_content_char(ch) for ch in word)


def _rank(analysis: Analysis) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    """Candidates best first, and the words of each keyphrase."""
    idf, median = nlp.idf_table()
    parts_of: dict[str, tuple[str, ...]] = {}
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    counts: Counter[str] = Counter()
    run_counts: Counter[tuple[str, ...]] = Counter()
    order = 0
    n_sents = max(1, len(analysis.tagged))
    stop = nlp.stopwords()
    memo: dict[tuple[str, str], bool] = {}

    def eligible(w: str, f: str) -> bool:
        key = (w, f)
        if key not in memo:
            memo[key] = _eligible(w, f, analysis.names, stop)
        return memo[key]

    def weight_of(w: str, f: str) -> float:
        weight = POS_WEIGHT.get(f, 0.5)
        return max(weight, 1.4) if w in nlp.USER_WORDS else weight

    # a headline's words count like a strong first mention
    for w, f in _merge_orgs(analysis.title):
        if eligible(w, f):
            scores[w] += 2.0 * weight_of(w, f) * idf.get(w, median)
            first.setdefault(w, order)
            order += 1
    for i, words in enumerate(analysis.tagged):
        position = 1.0 + 0.8 / math.sqrt(1 + i) + (0.3 if i < n_sents * 0.2 else 0.0)
        run: list[str] = []
        for w, f in _merge_orgs(words):
            order += 1
            if not eligible(w, f):
                run = []
                continue
            scores[w] += position * weight_of(w, f) * idf.get(w, median)
            counts[w] += 1
            first.setdefault(w, order)
            if f in ("l", "i", "an") or (f == "v" and not run):
                run = []  # keyphrases are names and noun groups (乡村振兴示范点), not clauses
                continue
            run.append(w)
            for size in (2, 3):
                if len(run) >= size:
                    run_counts[tuple(run[-size:])] += 1
    # keyphrases: two keywords that stand together often enough
    for parts, c in run_counts.items():
        most = max(max(counts[p] for p in parts), 1)
        phrase = "".join(parts)
        if c >= 2 and len(phrase) <= 12 and c >= 0.5 * most:
            scores[phrase] = sum(scores[p] for p in parts) * c / most
            first.setdefault(phrase, first[parts[0]])
            parts_of[phrase] = parts
    ranked = sorted(scores, key=lambda w: (-round(scores[w], 9), first[w], w))
    return ranked, parts_of


def default_keywords(text: str, k: int) -> list[str]:
    """Best-first keywords; a word inside an already chosen keyword (or containing one) adds nothing."""
    analysis = analyse(text)
    out: list[str] = []
    ranked, parts_of = _rank(analysis)
    for w in ranked:
        if any(w in o or o in w for o in out):
            continue
        if any(p in o for p in parts_of.get(w, ()) for o in out):
            continue  # a phrase overlapping a chosen keyword repeats it
        out.append(w)
        if len(out) >= k:
            break
    return out


def plain_tfidf(text: str, k: int) -> list[str]:
    """jieba.analyse's TF-IDF keywords on the raw text (a baseline: no furniture or name filtering)."""
    nlp.jieba_module()
    import jieba.analyse

    tags = jieba.analyse.extract_tags(text[:MAX_KEYWORD_CHARS], topK=None, withWeight=True)
    pos = {}
    for w, _ in tags:
        pos[w] = text.find(w)
    tags.sort(key=lambda t: (-round(t[1], 9), pos[t[0]], t[0]))
    return [w for w, _ in tags[:k]]
