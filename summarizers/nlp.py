"""Shared Chinese word handling: one lazily initialised jieba, the user dictionary, stopwords, IDF.

jieba is global state (one dictionary per process), so the user dictionary is loaded here once and both
segmentation and keywords see it; analyses are cached per text so that `summarize` followed by `keywords`
on the same article segments it only once. Shared tables are built under one lock, and the memos are of pure
functions, so threads may call everything here at once. jieba's prefix-dictionary cache lives in the
user's cache folder (see `cache_dir`), not in /tmp.
"""
from __future__ import annotations

import importlib.util
import logging
import math
import os
import re
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
# Bounds of the per-word memos (entries), so that memory does not grow with the day's vocabulary: each memo
# is of a pure function and is cleared whole (or, for lru_cache, evicts) past its bound. 20,000 words cover
# a day's common vocabulary; a day of 10,000 bulletins with more words recomputes some, at ~1 us each.
WORD_MEMO = 20_000
# dictionary fragments memoised by lcut (each a few characters and a float: ~150 bytes)
FRAGMENT_MEMO = 100_000
# runs of Chinese characters (clauses between punctuation) whose words lcut memoises, ~500 bytes each: a day's
# reprints, datelines and set phrases recur across bulletins and are segmented once
BLOCK_MEMO = 20_000
BLOCK_CHARS = 64  # longer runs are not memoised (they rarely recur and would weigh the memo down)
_version = 0  # bumped by load_user_dict: invalidates cached analyses
USER_WORDS: set[str] = set()


def cache_dir() -> Path:
    """Where jieba keeps its prefix-dictionary cache: BRIEFING_CACHE_DIR, else the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache)/morning-briefing. Never a shared /tmp name, which another user may own."""
    given = os.environ.get("BRIEFING_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "morning-briefing"


def _private_cache_dir() -> str:
    """The cache folder, created (0700) if need be; a fresh private temporary folder if it cannot be."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.access(folder, os.W_OK | os.X_OK):
            return str(folder)
    except OSError:
        pass
    import tempfile

    return tempfile.mkdtemp(prefix="morning-briefing-jieba-")


def jieba_module() -> Any:
    """jieba, initialised once per process, on first use (~1 s to build or load the prefix dictionary)."""
    global _ready
    import jieba

    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                if not jieba.dt.initialized:
                    jieba.dt.tmp_dir = _private_cache_dir()
                    jieba.dt.cache_file = "jieba.cache"
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
        _dictionary_words.cache_clear()  # only needed while the tables are built


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
    floats: dict[float, float] = {}  # 3,300 distinct values among 270,000 words: one float object each (8 MB)
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, _, value = line.rstrip("\n").partition(" ")
            if value:
                v = float(value)
                table[word] = floats.setdefault(v, v)
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


_PREFIX: Any = object()  # memo value of a dictionary prefix that is no word itself (freq 0)
_logf: dict[str, Any] = {}  # word -> its log-probability, or _PREFIX: one lookup per candidate word
_hmm: dict[str, list[str]] = {}  # jieba's HMM words of an unknown stretch: names recur across articles
_blocks: dict[str, tuple[str, ...]] = {}  # a run of Chinese characters -> its words
_logf_key: tuple = ()


def lcut(text: str) -> list[str]:
    """Exactly `jieba.lcut(text)` (accurate mode, HMM on), about a third faster.

    jieba's own `cut` builds a DAG dict, then a route with a generator and a log() per candidate word at
    every position; here both happen in one backward pass with each word's log-probability memoised across
    calls. Same dictionary (user words included), same tie-breaking (the longer word), same HMM for unknown
    stretches, so the words are identical; jieba's global state is left untouched.
    """
    global _logf_key, _blocks
    jieba = jieba_module()
    from jieba import finalseg, re_han_default, re_skip_default

    dt = jieba.dt
    key = (dt.total, _version, id(dt.FREQ), len(finalseg.Force_Split_Words))
    if key != _logf_key or len(_logf) > FRAGMENT_MEMO or len(_hmm) > WORD_MEMO or len(_blocks) > BLOCK_MEMO:
        with _lock:  # one thread resets the memo; others keep using values that are valid for their key
            if key != _logf_key:
                _logf.clear()
                _hmm.clear()
                _blocks = {}  # a new dict: a racing thread's late write (old dictionary) lands in the old one
                _logf_key = key
            # past its bound, each memo is emptied on its own (its values stay valid: same key)
            if len(_logf) > FRAGMENT_MEMO:
                _logf.clear()
            if len(_hmm) > WORD_MEMO:
                _hmm.clear()
            if len(_blocks) > BLOCK_MEMO:
                _blocks = {}
    freq_of = dt.FREQ
    logf = _logf  # memo of pure functions of (word, dictionary): a racing write stores the same value
    logf_get = logf.get
    prefix = _PREFIX
    logtotal = math.log(dt.total)
    hmm_cache = _hmm
    blocks = _blocks
    blocks_get = blocks.get
    out: list[str] = []
    append = out.append
    extend = out.extend
    # the pattern has one group, so split() alternates: the text between runs (even places), a run (odd places);
    # a stretch between runs holds no character of a run, so its place says what jieba's re_han.match would
    for at, blk in enumerate(re_han_default.split(text)):
        if not blk:
            continue
        if not at & 1:
            if len(blk) == 1:  # one mark or space: what the split below gives for it
                append(blk)
                continue
            for x in re_skip_default.split(blk):
                if re_skip_default.match(x):
                    append(x)
                else:
                    extend(x)
            continue
        done = blocks_get(blk)
        if done is not None:
            extend(done)
            continue
        first = len(out)
        n = len(blk)
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best = 0.0
            best_end = -1
            i = k
            frag = blk[k]
            while True:
                lf = logf_get(frag)
                if lf is None:  # not memoised yet: a dictionary word, a prefix (freq 0), or neither
                    f = freq_of.get(frag)
                    if f is None:
                        break
                    lf = logf[frag] = (math.log(f) - logtotal) if f else prefix
                if lf is not prefix:
                    sc = lf + score[i + 1]
                    if best_end < 0 or sc >= best:  # max() over (score, end): a tie goes to the longer word
                        best, best_end = sc, i
                i += 1
                if i >= n:
                    break
                frag = blk[k:i + 1]
            if best_end < 0:
                best = (math.log(freq_of.get(blk[k]) or 1) - logtotal) + score[k + 1]
                best_end = k
            score[k] = best
            end[k] = best_end
        x = 0
        buf = ""
        while x <= n:
            if x < n:
                y = end[x] + 1
                if y - x == 1:
                    buf += blk[x]
                    x = y
                    continue
            if buf:
                if len(buf) == 1:
                    append(buf)
                elif not freq_of.get(buf):
                    words = hmm_cache.get(buf)
                    if words is None:
                        words = hmm_cache[buf] = list(finalseg.cut(buf))
                    out.extend(words)
                else:
                    out.extend(buf)
                buf = ""
            if x == n:
                break
            append(blk[x:y])
            x = y
        if n <= BLOCK_CHARS:
            blocks[blk] = tuple(out[first:])
    return out


def cut(text: str) -> list[str]:
    """jieba words of one sentence (HMM on, so unknown names hold together)."""
    return lcut(text)


_tag_table: dict[str, str] | None = None


def _tags() -> dict[str, str]:
    """jieba's part-of-speech table for dictionary words, including user-dictionary words and tags.

    Read from jieba's dictionary file as jieba.posseg reads it (word freq tag per line), without importing
    jieba.posseg (whose own HMM tables the summarizers never use), and keyed by the dictionary's own string
    objects (`_dictionary_words`). Words added by `load_user_dict` are merged in with their tags.
    """
    global _tag_table, _tags_merged
    jieba = jieba_module()
    with _lock:
        table = _tag_table
        if table is None:
            table = _read_tags(jieba.dt)
        user = jieba.dt.user_word_tag_tab
        if user and _tags_merged != (_version, len(user)):
            table.update(user)
            _tags_merged = (_version, len(user))
        _tag_table = table
    return table


_tags_merged: tuple[int, int] = (-1, 0)


def _read_tags(dt: Any) -> dict[str, str]:
    canon = _dictionary_words()
    tags: dict[str, str] = {}  # 55 distinct tags: one string object each
    table: dict[str, str] = {}
    with dt.get_dict_file() as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip().decode("utf-8")
            if not line:
                continue
            try:
                word, _, tag = line.split(" ")
            except ValueError:
                raise ValueError(f"invalid POS dictionary entry at line {lineno}: {line}") from None
            table[canon.get(word, word)] = tags.setdefault(tag, tag)
    return table


@lru_cache(maxsize=1)
def _dictionary_words() -> dict[str, str]:
    """Each word of jieba's dictionary mapped to itself, to key the tag table with the dictionary's own string
    objects: jieba and the tags read the same 350,000 words from their own files, and one object per word
    (and one per tag value) saves ~30 MB for ~0.1 s when the tables load. Dropped once they are built."""
    return {w: w for w in jieba_module().dt.FREQ}


@lru_cache(maxsize=WORD_MEMO)
def _guess(word: str) -> str:
    if not any(is_content_char(ch) for ch in word):
        return "x"
    if word.isascii():
        return "m" if any(ch.isdigit() for ch in word) else "eng"
    if any(ch.isdigit() for ch in word):
        return "m"
    return "nz" if len(word) >= 2 else "x"


_pairs: tuple[int, dict[str, tuple[str, str]]] = (-1, {})


def _pair_memo() -> dict[str, tuple[str, str]]:
    """word -> (word, tag), shared across articles for the current user-dictionary version.

    Read the version before the tag table: a memo is only ever filled from a table at least as new as its
    label, and a new version gets a new dict (never a cleared one), so a racing thread's late writes land in a
    memo nobody reads any more. Values are pure functions of (word, tables), so racing writes agree.
    """
    global _pairs
    ver, memo = _pairs
    if ver != _version or len(memo) > WORD_MEMO:
        memo = {}
        _pairs = (_version, memo)
    return memo


def tag(text: str) -> list[tuple[str, str]]:
    """jieba words with part-of-speech tags.

    Tags come from jieba's dictionary; words only jieba's HMM finds (mostly names) are tagged nz. This is
    ~10x faster than jieba.posseg, whose second HMM over unknown stretches dominates the cost.
    """
    return tag_many([text])[0] if "\n" not in text else _tag_lines(text)


def _tag_lines(text: str) -> list[tuple[str, str]]:
    """`tag` of a text that may hold line breaks (a line break is a word here; tag_many splits at it)."""
    memo = _pair_memo()
    table = _tags()
    out: list[tuple[str, str]] = []
    for w in lcut(text):
        p = memo.get(w)
        if p is None:
            p = (w, table.get(w) or _guess(w))
            if w != "\n":  # never memoised: tag_many reads a miss on "\n" as the end of a text
                memo[w] = p
        out.append(p)
    return out


def tag_many(texts: list[str]) -> list[list[tuple[str, str]]]:
    """`tag` of each text (none may contain a newline), with one jieba call for all: less per-call overhead.

    Each word's (word, tag) pair is looked up once per process (`_pair_memo`), not rebuilt per occurrence;
    the lookups are one list comprehension, and only the misses (new words, and the "\n" between texts, never
    memoised) are visited one by one, found by `list.index`.
    """
    memo = _pair_memo()
    get = memo.get
    table = _tags()
    words = lcut("\n".join(texts))
    pairs: list[Any] = [get(w) for w in words]
    breaks: list[int] = []
    i = -1
    index = pairs.index
    while True:
        try:
            i = index(None, i + 1)
        except ValueError:
            break
        w = words[i]
        if w == "\n":
            breaks.append(i)
        else:
            pairs[i] = memo[w] = (w, table.get(w) or _guess(w))
    if len(breaks) + 1 != len(texts):  # a text held a line break after all: fall back to one call each
        return [_tag_lines(t) for t in texts]
    out = []
    start = 0
    for b in breaks:
        out.append(pairs[start:b])
        start = b + 1
    out.append(pairs[start:])
    return out


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional -> simplified, one character for one, so offsets never move.

    Read from snownlp's own conversion table (`snownlp/normal/zh.py`, a dependency) by parsing the file, not
    importing the package: importing snownlp loads its models, which the default method must not pay for.
    Without snownlp the table is empty and traditional text is analysed as it is.
    """
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.origin:
        return {}
    path = Path(spec.origin).parent / "normal" / "zh.py"
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    # the `zh2hans = {...}` literal read with a pattern, not ast.parse: CPython 3.11's AST constructor keeps one
    # recursion counter per interpreter, so ast.parse here while another thread (Prefect's, a batch's) parses
    # too fails with "SystemError: AST constructor recursion depth mismatch"
    start = source.find("zh2hans = {")
    end = source.find("}", start)
    if start < 0 or end < 0:
        return {}
    pairs = ((m.group(2), m.group(4)) for m in _T2S_PAIR.finditer(source, start, end))
    return {ord(k): v for k, v in pairs if k != v}


_T2S_PAIR = re.compile(r"""(['"])(.)\1\s*:\s*(['"])(.)\3""")


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(map(chr, _t2s_table()))) + "]")


_CJK_CHAR = re.compile("[\u4e00-\u9fff]")


def is_traditional(text: str) -> bool:
    """Text written in traditional characters (a Big5 page): jieba's dictionary and IDF only know simplified."""
    sample = text[:5000]
    hits = len(_traditional_chars().findall(sample))
    return hits >= 3 and hits >= 0.05 * len(_CJK_CHAR.findall(sample))


def to_simplified(text: str) -> str:
    """The same text in simplified characters, character for character (for analysis only)."""
    return text.translate(_t2s_table())
