"""Chinese news summaries (whole sentences of the article) and keywords, by named method.

Methods load lazily: the baselines' heavy libraries (snownlp, textrank4zh, networkx, scipy) are imported only
when their method is used. jieba's dictionary, tags and IDF load once per process, on first use.
Everything here is safe to call from several threads: the only shared state (jieba's tables, a small
per-text cache) is built under one lock.
"""
from __future__ import annotations

import importlib
import inspect
from functools import lru_cache

from summarizers.analysis import Analysis
from summarizers.base import resolve_limit
from summarizers.cleaning import clean_text
from summarizers.nlp import load_user_dict

METHODS: tuple[str, ...] = ("default", "lead", "textrank4zh", "snownlp", "centroid")

__all__ = ["METHODS", "Analysis", "analyze", "clean_text", "keywords", "load_user_dict", "summarize"]


def _method(name: str):
    if not isinstance(name, str) or name not in METHODS:
        raise ValueError(f"unknown method {name!r}; choose one of: {', '.join(METHODS)}")
    return importlib.import_module(f"summarizers.methods.{name}")


def analyze(text: str, *, title: str | None = None) -> Analysis:
    """The one analysis of an article (sentences, jieba words and tags), to pass to summarize/keywords.

    `title`: the headline, when it is not the first line of `text` (keywords weigh it; summaries never use it).
    """
    from summarizers import keywording

    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if title is None:
        return keywording.analyse(text)
    from summarizers.analysis import build

    return build(text, title)


def _check(analysis: Analysis | None, text: str) -> None:
    if analysis is not None and analysis.text != text:
        raise ValueError("analysis was made from a different text")


@lru_cache(maxsize=32)
def _takes_analysis(fn) -> bool:
    return "analysis" in inspect.signature(fn).parameters


def _call(fn, text: str, arg, analysis: Analysis | None):
    if analysis is not None and _takes_analysis(fn):
        return fn(text, arg, analysis=analysis)
    return fn(text, arg)


def summarize(text: str, *, method: str = "default", max_chars: int | None = None,
              max_sentences: int | None = None, ratio: float | None = None,
              analysis: Analysis | None = None) -> list[str]:
    """Whole sentences of `text` (exact substrings, document order, no repeats) within one limit.

    Without a limit the summary is about 120 characters, a briefing item. Only when no whole sentence fits
    `max_chars` is one sentence cut, after a clause mark (，、) or before ；/： when its first clause fits.
    `analysis` (from `analyze(text)`) saves segmenting the text again.
    """
    module = _method(method)
    limit = resolve_limit(text or "", max_chars, max_sentences, ratio)
    if not text or not text.strip():
        return []
    _check(analysis, text)
    return _call(module.summarize, text, limit, analysis)


def keywords(text: str, *, k: int = 8, method: str = "default", analysis: Analysis | None = None) -> list[str]:
    """The k most telling words or phrases of `text`, best first; the same on every run and whatever else is
    briefed that day (weights from jieba's bundled IDF, never from the day's articles)."""
    module = _method(method)
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a non-negative integer, got {k!r}")
    if k == 0 or not text or not text.strip():
        return []
    _check(analysis, text)
    return _call(module.keywords, text, k, analysis)
