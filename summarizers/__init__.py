"""Chinese news summaries (whole sentences of the article) and keywords, by named method.

Methods load lazily: the baselines' heavy libraries (snownlp, textrank4zh, networkx, scipy) are imported only
when their method is used.
"""
from __future__ import annotations

import importlib

from summarizers.base import resolve_limit
from summarizers.cleaning import clean_text
from summarizers.nlp import load_user_dict

METHODS: tuple[str, ...] = ("default", "lead", "textrank4zh", "snownlp", "centroid")

__all__ = ["METHODS", "clean_text", "keywords", "load_user_dict", "summarize"]


def _method(name: str):
    if not isinstance(name, str) or name not in METHODS:
        raise ValueError(f"unknown method {name!r}; choose one of: {', '.join(METHODS)}")
    return importlib.import_module(f"summarizers.methods.{name}")


def summarize(text: str, *, method: str = "default", max_chars: int | None = None,
              max_sentences: int | None = None, ratio: float | None = None) -> list[str]:
    """Whole sentences of `text` (exact substrings, document order, no repeats) within one limit.

    Without a limit the summary is about 120 characters, a briefing item. Only when no whole sentence fits
    `max_chars` is the best sentence cut, after a clause mark (，、：；) when its first clause fits.
    """
    module = _method(method)
    limit = resolve_limit(text or "", max_chars, max_sentences, ratio)
    if not text or not text.strip():
        return []
    return module.summarize(text, limit)


def keywords(text: str, *, k: int = 8, method: str = "default") -> list[str]:
    """The k most telling words or phrases of `text`, best first; the same on every run."""
    module = _method(method)
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a non-negative integer, got {k!r}")
    if k == 0 or not text or not text.strip():
        return []
    return module.keywords(text, k)
