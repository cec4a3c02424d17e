"""Stage 5, matching by words: where the layout left a story and its parts apart (a caption printed away from
its story, a headline block holding two stories' headlines, a column read out of order), the words they share
decide. Each move needs a clear margin over every other story, so a page read right is left alone.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable

from .assemble import _Draft
from .vocab import _phrases

_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")


def _bigrams(text: str) -> set[str]:
    toks = _TOKEN.findall(text)
    return {toks[i] + toks[i + 1] for i in range(len(toks) - 1)}


# a caption that names itself one (图为…) is the kind printed apart from its story, at the page's foot
_FAR_CAPTION = re.compile(r"^[（(]?[图圖][为為]")


def _told_by(caption: str, drafts: list[_Draft], k: int) -> int | None:
    """The one other story that tells the caption's sentence word for word (`…发布会在集团总部召开。` in its lead),
    when the story it stands with does not: the photo is that story's, wherever the extractor put it."""
    sentence = "".join(re.split(r"[。！？]", caption, maxsplit=1)[0].split())
    if len(sentence) < 10:
        return None
    if sentence in "".join(_text(drafts[k]).split()):
        return None
    tellers = [j for j, d in enumerate(drafts) if j != k and sentence in "".join(_text(d).split())]
    return tellers[0] if len(tellers) == 1 else None


def _reassign_captions(drafts: list[_Draft]) -> None:
    """A caption printed away from its article goes to the article whose headline and story it echoes."""
    cache: dict[int, tuple[set[str], set[str]]] = {}

    def grams_of(j: int) -> tuple[set[str], set[str]]:
        if j not in cache:
            cache[j] = (_bigrams(drafts[j].title), _bigrams(" ".join(p.text for p in drafts[j].paras)))
        return cache[j]

    moves = []
    for k, d in enumerate(drafts):
        last_body = max((p.lines[-1].line.lineno for p in d.paras), default=-9)
        for cap in list(d.captions):
            told = _told_by(cap[1], drafts, k)
            if told is not None:
                moves.append((k, told, cap))
                continue
            if 0 < cap[0] - last_body <= 2:
                continue            # printed right under its story's last line: where it belongs
            grams = _bigrams(re.sub(r"^[（(]?[图圖][为為]", "", cap[1]))
            if len(grams) < 3:
                continue
            near = range(max(0, k - 8), min(len(drafts), k + 9))      # a stray caption stays on its page area
            scores = {j: (len(grams & grams_of(j)[0]) + len(grams & grams_of(j)[1])) / (2 * len(grams)) for j in near}
            best = max(near, key=lambda j: scores[j])
            if best != k and scores[best] >= 0.25 and scores[best] >= max(scores[k] + 0.15, 2 * scores[k]):
                moves.append((k, best, cap))
                continue
            # words every story of the page shares (the city's name) say nothing; words only one story
            # shares with the caption (集装箱, 刺绣) point at it, when the story it sits under has none
            shared = {j: grams & (grams_of(j)[0] | grams_of(j)[1]) for j in near}
            own = {j: {g for g in shared[j] if not any(g in shared[m] for m in near if m != j)} for j in near}
            ranked = sorted(near, key=lambda j: len(own[j]), reverse=True)
            top = ranked[0]
            if top != k and len(own[top]) >= 2 and not own[k] and _FAR_CAPTION.match(cap[1]) \
                    and (len(ranked) < 2 or len(own[ranked[1]]) < len(own[top])):
                moves.append((k, top, cap))
    for k, best, cap in moves:
        drafts[k].captions.remove(cap)
        drafts[best].captions.append(cap)
        drafts[best].captions.sort()


# ---- stories the layout left headless, and headlines or text it left elsewhere -------------------------------

# A headline repeats words of its story's lead: the share of the line's character pairs found in the first
# LEAD_CHARS characters of a body (a real page: 0.6-0.9 for the story's own headline, under 0.2 for others').
LEAD_CHARS = 300
ECHO_STRONG = 0.45
# ...and it must echo that story at least this many times better than the story it stands with.
ECHO_MARGIN = 2.0
# A headless run of body text with no article start (本报讯) and no byline is a piece of a story beside it (a
# column read out of order) when their words agree this much (tf-idf cosine of character pairs; on the real
# page 0.19 for the fragment's own story, 0.03 for the other neighbour, under 0.14 for any story at all)...
FRAGMENT_SIMILAR = 0.1
# ...and this many times more than with the story on its other side.
FRAGMENT_MARGIN = 2.0
# A "story" this short that ends no sentence is a promo box or a stray label (`…杂志发表…重要文章：`), not an article.
MIN_STORY_CHARS = 60


def _text(d: _Draft) -> str:
    return "".join(p.text for p in d.paras)


def _verbatim(line: str, body: str) -> bool:
    """The lead repeats the headline word for word (`中国海油党组召开2024年…`): stronger than any share of words,
    which one story's `中国海油…党组…召开` can match as well as the other's."""
    return "".join(line.split()) in "".join(body[:LEAD_CHARS].split())


def _echo(line: str, body: str) -> float:
    grams = _bigrams(line)
    return len(grams & _bigrams(body[:LEAD_CHARS])) / len(grams) if len(grams) >= 3 else 0.0


def drop_non_stories(drafts: list[_Draft]) -> tuple[list[_Draft], list[tuple[int, str]]]:
    """Drafts too short to be a story and ending mid-sentence are set aside; their headline lines stay
    available to a story that has none (they are what a promo box or a misread headline block leaves)."""
    kept, loose = [], []
    for d in drafts:
        text = _text(d)
        if len(text) < MIN_STORY_CHARS and not re.search(r"[。！？!?…][”’」』）)]*$", text):
            if d.title:
                loose.append((min(d.linenos, default=0), d.title))
            loose.extend(d.loose)
            continue
        kept.append(d)
    return kept, loose


def _weighted(drafts: list[_Draft]) -> list[dict[str, float]]:
    """Each story's character pairs weighted by how few stories of the page use them (tf-idf): the city's name
    says nothing, `发布会` or `巡视` says which story."""
    counts = []
    for d in drafts:
        toks = _TOKEN.findall(_text(d))
        c: dict[str, int] = {}
        for a, b in zip(toks, toks[1:], strict=False):
            c[a + b] = c.get(a + b, 0) + 1
        counts.append(c)
    df: dict[str, int] = {}
    for c in counts:
        for g in c:
            df[g] = df.get(g, 0) + 1
    n = len(counts)
    return [{g: k * math.log((n + 1) / df[g]) for g, k in c.items()} for c in counts]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    num = sum(v * b.get(g, 0.0) for g, v in a.items())
    den = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return num / den if den else 0.0


def join_fragments(drafts: list[_Draft]) -> list[_Draft]:
    """A headless, unsigned run of body text that opens no article is the rest of a story the extractor set
    next to it (a column read before or after its story): of the two stories beside it in the text, the one
    whose words it shares (tf-idf cosine >= FRAGMENT_SIMILAR, FRAGMENT_MARGIN times the other's) takes it,
    at the end of its body (text before a story's 本报讯 cannot be its beginning)."""
    out = list(drafts)
    k = 0
    while k < len(out):
        d = out[k]
        # the page's first text, or a part marked (上接…), is the rest of a story from another page: left alone
        if d.title or d.byline or not d.paras or d.paras[0].start or len(out) < 2 or k == 0 \
                or any(n.startswith("continued from") for n in d.notes):
            k += 1
            continue
        vecs = _weighted(out)
        beside = [j for j in (k - 1, k + 1) if 0 <= j < len(out)]
        sims = sorted(((_cosine(vecs[k], vecs[j]), j) for j in beside), reverse=True)
        best, j = sims[0]
        other = sims[1][0] if len(sims) > 1 else 0.0
        if best >= FRAGMENT_SIMILAR and best >= FRAGMENT_MARGIN * other:
            host = out[j]
            host.paras.extend(d.paras)
            host.linenos.extend(d.linenos)
            host.captions.extend(d.captions)
            host.loose.extend(d.loose)
            host.notes.append("text joined from elsewhere on the page")
            del out[k]
            continue
        k += 1
    return out


def _second_line(title: str, lead: str, pool: list) -> str:
    """A headline's second line left elsewhere on the page: the loose line whose words follow the first line's
    in the story's lead (`中国海油党组召开` + `2024年下半年巡视动员部署会`), joined with one space."""
    flat = "".join(lead[:LEAD_CHARS].split())
    head = "".join(title.split())
    more = _take_loose(pool, lambda line: head + line in flat)
    return title if more is None else f"{title} {more}"


def _take_loose(pool: list, fits: Callable[[str], bool]) -> str | None:
    """The first loose line of four characters or more that `fits` (spaces removed) accepts, taken out of the
    pool and out of the captions of the story that held it."""
    for entry in list(pool):
        more = "".join(entry[0].split())
        if len(more) >= 4 and fits(more):
            pool.remove(entry)
            owner, item = entry[1], entry[2]
            if owner is not None and item in owner.captions:
                owner.captions.remove(item)
            return entry[0]
    return None


def _first_line(title: str, lead: str, d: _Draft, drafts: list[_Draft], pool: list) -> str:
    """A headline's first line left elsewhere on the page, when the line just matched is its second: the loose
    line, or the title another story took (from a block holding two headlines), whose words come right before
    it in the story's lead (`中国海油党组召开` + `2024年下半年巡视动员部署会`). That story looks again."""
    flat = "".join(lead[:LEAD_CHARS].split())
    tail = "".join(title.split())
    more = _take_loose(pool, lambda line: line + tail in flat)
    if more is not None:
        return f"{more} {title}"
    for o in drafts:
        more = "".join(o.title.split())
        if o is not d and len(more) >= 4 and more + tail in flat and not _verbatim(o.title, _text(o)):
            first = o.title
            o.title = ""
            return f"{first} {title}"
    return title


def _take_subtitle(d: _Draft, item: tuple[int, str], pool: list) -> None:
    """Phrases printed right under the headline just matched (`汪东进致辞 周心怀出席并讲话 俞进主持`) are its subtitle."""
    for entry in list(pool):
        text, owner, other = entry
        if other is not None and 0 < other[0] - item[0] <= 2 and _phrases(text):
            d.subtitle = text
            pool.remove(entry)
            if owner is not None and other in owner.captions:
                owner.captions.remove(other)
            return


_Pool = list[tuple[str, "_Draft | None", "tuple[int, str] | None"]]


def _best_headline(d: _Draft, drafts: list[_Draft], pool: _Pool) -> tuple | None:
    """(echo, text, owner, pool item, story robbed) of the headline that best echoes d's lead, if one clearly does."""
    lead = _text(d)
    cands = [(text, owner, item, None) for text, owner, item in pool]
    cands += [(o.title, o, None, o) for o in drafts if o.title and o is not d]
    best = None
    for text, owner, item, robbed in cands:
        echo = _echo(text, lead)
        own = _echo(text, _text(robbed)) if robbed is not None else 0.0
        clear = echo >= ECHO_MARGIN * own or (
            robbed is not None and _verbatim(text, lead) and not _verbatim(text, _text(robbed)))
        if echo >= ECHO_STRONG and clear and (best is None or echo > best[0]):
            best = (echo, text, owner, item, robbed)
    return best


def _give(d: _Draft, best: tuple, pool: _Pool, drafts: list[_Draft]) -> None:
    """d takes the headline: from the story it was robbed of, or out of the pool (and its owner's captions)."""
    _, text, owner, item, robbed = best
    if robbed is not None:
        robbed.title = ""
    elif item is not None:
        pool[:] = [x for x in pool if x[2] is not item]
        if owner is not None and item in owner.captions:
            owner.captions.remove(item)
    d.title = _second_line(_first_line(text, _text(d), d, drafts, pool), _text(d), pool)
    d.notes.append("title guessed")
    if item is not None and d.subtitle is None:
        _take_subtitle(d, item, pool)


def match_headlines(drafts: list[_Draft], loose: list[tuple[int, str]]) -> None:
    """A headless story takes the headline that echoes its lead: a display line left over on the page, or the
    title of a story whose own lead it does not echo (a block holding two headlines gave it to the wrong one).
    The story robbed of its title then looks again in the same way."""
    pool: _Pool = [(item[1], d, item) for d in drafts for item in d.loose]
    pool += [(item[1], None, item) for item in loose]
    for _ in range(2 * len(drafts)):
        moved = False
        for d in [d for d in drafts if not d.title]:
            best = _best_headline(d, drafts, pool)
            if best is not None:
                _give(d, best, pool, drafts)
                moved = True
        if not moved:
            return
