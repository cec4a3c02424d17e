"""Hostile text through every summarizer method: the contract holds for anything a caller can pass.

The texts are the hostile bulletins decoded the ways a careless caller would (UTF-8/GB18030/latin-1/UTF-16 with
replacement characters), plus hypothesis-generated damaged pages. Only bad *arguments* may raise, and only
ValueError.
"""
from __future__ import annotations

import math
import random

import hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import summarizers

DEFAULT_MAX_CHARS = 120  # the documented budget when no limit is given
HYPOTHESIS_PER_METHOD = 60
# (texts, longest text) per method, drawn with a fixed seed from ~3,000 decoded hostile texts. The baselines
# are slow on CJK gibberish (textrank4zh: 20-60 s for one 2,000-character text), so they see a smaller share of
# shorter texts: their speed is a benchmark matter, their contract is what this file checks.
PER_METHOD = {"default": (300, None), "lead": (200, None), "centroid": (200, None), "snownlp": (100, 6_000),
              "textrank4zh": (30, 1_200)}


def contract_problems(text: str, result: object, *, max_chars: int | None = None,
                      max_sentences: int | None = None, ratio: float | None = None) -> list[str]:
    """What is wrong with a summarize() result (empty when it keeps the contract)."""
    if not isinstance(result, list) or not all(isinstance(s, str) for s in result):
        return [f"not a list of str: {type(result).__name__}"]
    problems = []
    pos = 0
    for s in result:
        if not s:
            problems.append("empty sentence")
            continue
        at = text.find(s, pos)
        if at < 0:
            problems.append(f"not a substring in document order: {s[:40]!r}"
                            + (" (substring, but out of order)" if s in text else ""))
        else:
            pos = at + len(s)
    if len(set(result)) != len(result):
        problems.append("repeated sentence")
    total = sum(map(len, result))
    if max_sentences is not None:
        if len(result) > max_sentences:
            problems.append(f"{len(result)} sentences > max_sentences {max_sentences}")
    else:
        if ratio is not None:
            budget = max(1, math.floor(ratio * len(text.strip())))
        else:
            budget = max_chars if max_chars is not None else DEFAULT_MAX_CHARS
        if total > budget:
            problems.append(f"{total} characters > budget {budget}")
    return problems


def keyword_problems(result: object, k: int) -> list[str]:
    if not isinstance(result, list) or not all(isinstance(w, str) for w in result):
        return [f"not a list of str: {type(result).__name__}"]
    problems = []
    if len(result) > k:
        problems.append(f"{len(result)} keywords > k={k}")
    if any(not w.strip() for w in result):
        problems.append(f"empty keyword in {result}")
    return problems


@pytest.fixture(scope="module")
def texts(samples_dir) -> list[tuple[str, str]]:
    return hostile.decoded_texts(hostile.cases(samples_dir))


BUDGETS = [{}, {"max_chars": 1}, {"max_chars": 7}, {"max_chars": 60}, {"max_chars": 120}, {"max_chars": 600},
           {"max_sentences": 1}, {"max_sentences": 3}, {"ratio": 0.01}, {"ratio": 0.3}, {"ratio": 1.0}]


@pytest.mark.parametrize("method", summarizers.METHODS)
def test_hostile_texts_keep_the_contract(method, texts):
    """Every decoded hostile text, with a seeded budget each: the result obeys the contract, nothing raises."""
    rng = random.Random(f"{hostile.SEED}-{method}")
    n, longest = PER_METHOD.get(method, (30, 1_200))
    pool = [(name, t) for name, t in texts if longest is None or len(t) <= longest]
    chosen = rng.sample(pool, min(n, len(pool)))
    problems = []
    tried = 0
    for name, text in chosen:
        budget = rng.choice(BUDGETS)
        k = rng.choice((0, 1, 8, 30))
        try:
            result = summarizers.summarize(text, method=method, **budget)
            words = summarizers.keywords(text, k=k, method=method)
        except Exception as exc:  # noqa: BLE001 - any exception here is the finding
            problems.append(f"{name} {budget}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        tried += 1
        problems += [f"{name} {budget}: {p}" for p in contract_problems(text, result, **budget)]
        problems += [f"{name} k={k}: {p}" for p in keyword_problems(words, k)]
    assert tried == len(chosen) or problems
    assert not problems, f"{method}: {len(problems)} problems in {len(chosen)} texts:\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("method", summarizers.METHODS)
@settings(max_examples=HYPOTHESIS_PER_METHOD, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=st.one_of(hostile.bulletin_text_strategy(), st.text()),
       budget=st.sampled_from(BUDGETS), k=st.integers(min_value=0, max_value=50))
def test_hypothesis_texts_keep_the_contract(method, text, budget, k):
    result = summarizers.summarize(text, method=method, **budget)
    assert not contract_problems(text, result, **budget), (contract_problems(text, result, **budget), result)
    words = summarizers.keywords(text, k=k, method=method)
    assert not keyword_problems(words, k), (keyword_problems(words, k), words)


BAD_SUMMARIZE_ARGS = [{"method": "no-such-method"}, {"method": None}, {"max_chars": 0}, {"max_chars": -5},
                      {"max_chars": 2.5}, {"max_chars": True}, {"max_sentences": 0}, {"ratio": 0},
                      {"ratio": -0.5}, {"ratio": 1.5}, {"max_chars": 50, "ratio": 0.5}]
BAD_KEYWORD_ARGS = [{"k": -1}, {"k": "8"}, {"k": 2.0}, {"method": "nope"}]


@pytest.mark.parametrize("kwargs", BAD_SUMMARIZE_ARGS, ids=str)
def test_bad_summarize_arguments_raise_value_error(kwargs):
    text = hostile.synthetic_pages()[0][1]
    with pytest.raises(ValueError):
        summarizers.summarize(text, **kwargs)


@pytest.mark.parametrize("kwargs", BAD_KEYWORD_ARGS, ids=str)
def test_bad_keyword_arguments_raise_value_error(kwargs):
    text = hostile.synthetic_pages()[0][1]
    with pytest.raises(ValueError):
        summarizers.keywords(text, **kwargs)


@pytest.mark.parametrize("method", summarizers.METHODS)
def test_real_page_summary_is_its_own_sentences(method):
    """Sanity on a good page: the hostile checks above are not passing because everything comes back empty."""
    text = "\n".join(p for a in hostile.ARTICLES[:2] for p in a[3])
    result = summarizers.summarize(text, method=method, max_chars=120)
    assert result and not contract_problems(text, result, max_chars=120), result
    words = summarizers.keywords(text, k=5, method=method)
    assert 1 <= len(words) <= 5, words


def test_clean_text_takes_every_hostile_text(texts):
    """clean_text runs first in every caller: it must return a string for anything, never raise."""
    problems = []
    for name, text in texts:
        try:
            out = summarizers.clean_text(text)
        except Exception as exc:  # noqa: BLE001 - any exception here is the finding
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        if not isinstance(out, str):
            problems.append(f"{name}: returned {type(out).__name__}")
    assert len(texts) >= 500 and not problems, "\n".join(problems[:40])
