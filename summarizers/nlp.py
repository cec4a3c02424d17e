"""Shared Chinese word handling: one lazily initialised jieba, the user dictionary, stopwords, IDF.

jieba is global state (one dictionary per process), so the user dictionary is loaded here once and both
segmentation and keywords see it; analyses are cached per text so that `summarize` followed by `keywords`
on the same article segments it only once.
"""
from __future__ import annotations

import logging
import os
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

_lock = threading.RLock()
_ready = False
_version = 0  # bumped by load_user_dict: invalidates cached analyses
USER_WORDS: set[str] = set()


def jieba_module() -> Any:
    """jieba, initialised once (its first use costs ~1 s to build or load the prefix dictionary)."""
    global _ready
    import jieba

    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _ready = True
    return jieba


def load_user_dict(path: str | os.PathLike[str]) -> int:
    """Add the words of a jieba user dictionary (`word [freq] [tag]` per line) to segmentation and keywords.

    Returns the number of words added. Raises FileNotFoundError / ValueError naming the file.
    """
    global _version
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileNotFoundError(f"{p}: user dictionary not found") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p}: user dictionary is not UTF-8 ({exc.reason})") from None
    jieba = jieba_module()
    added = 0
    with _lock:
        for lineno, line in enumerate(raw.splitlines(), 1):
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            word, freq, tag = parts[0], None, None
            for extra in parts[1:3]:
                if extra.isdigit():
                    freq = int(extra)
                else:
                    tag = extra
            if len(parts) > 3:
                raise ValueError(f"{p}:{lineno}: expected 'word [freq] [tag]', got {line.strip()!r}")
            jieba.add_word(word, freq, tag or "nz")
            USER_WORDS.add(word)
            added += 1
        _version += 1
        _cache.clear()
    return added


def warm() -> None:
    """Build every lazily loaded table once, under one lock, so concurrent first calls agree."""
    if _tag_table is not None:
        return
    with _lock:
        jieba_module()
        stopwords()
        idf_table()
        _tags()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Our own list of function words and news filler (summarizers/data/stopwords.txt)."""
    text = resources.files("summarizers").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.split() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF (jieba/analyse/idf.txt) and its median, for words it does not know."""
    jieba = jieba_module()
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    table: dict[str, float] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, value = line.rstrip("\n").partition(" ")
            if value:
                table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2]


def is_content_char(ch: str) -> bool:
    """The characters the ROUGE scorer keeps (no punctuation, symbols, separators, controls)."""
    return unicodedata.category(ch)[0] not in "PSZC"


_cache: OrderedDict[tuple, Any] = OrderedDict()
_CACHE_SIZE = 64


def cached(kind: str, text: str, compute: Callable[[str], Any]) -> Any:
    """A small LRU of per-text analyses, keyed by kind, text and user-dictionary version."""
    key = (kind, _version, text)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute(text)
    with _lock:
        _cache[key] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def cut(text: str) -> list[str]:
    """jieba words of one sentence (HMM on, so unknown names hold together)."""
    return jieba_module().lcut(text)


_tag_table: dict[str, str] | None = None


def _tags() -> dict[str, str]:
    """jieba's part-of-speech table for dictionary words, including user-dictionary words and tags."""
    global _tag_table
    jieba_module()
    import jieba.posseg as pseg

    with _lock:
        pseg.dt.makesure_userdict_loaded()
        _tag_table = pseg.dt.word_tag_tab
    return _tag_table


def _guess(word: str) -> str:
    if not any(is_content_char(ch) for ch in word):
        return "x"
    if word.isascii():
        return "m" if any(ch.isdigit() for ch in word) else "eng"
    if any(ch.isdigit() for ch in word):
        return "m"
    return "nz" if len(word) >= 2 else "x"


def tag(text: str) -> list[tuple[str, str]]:
    """jieba words with part-of-speech tags.

    Tags come from jieba's dictionary; words only jieba's HMM finds (mostly names) are tagged nz. This is
    ~10x faster than jieba.posseg, whose second HMM over unknown stretches dominates the cost.
    """
    table = _tags()
    return [(w, table.get(w) or _guess(w)) for w in jieba_module().lcut(text)]


def tag_many(texts: list[str]) -> list[list[tuple[str, str]]]:
    """`tag` of each text (none may contain a newline), with one jieba call for all: less per-call overhead."""
    table = _tags()
    out: list[list[tuple[str, str]]] = [[]]
    for w in jieba_module().lcut("\n".join(texts)):
        if w == "\n":
            out.append([])
        else:
            out[-1].append((w, table.get(w) or _guess(w)))
    if len(out) != len(texts):  # a text held a line break after all: fall back to one call each
        return [tag(t) for t in texts]
    return out
