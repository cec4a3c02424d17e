"""Join an article cut by a jump line with its continuation on a later page.

`pdfhead` marks the part that stops with `（下转第二版）` by position["jump"] = {"to": 2} and the part that
opens with `（上接第一版）` by {"from": 1}; "on" adds the page number the paper printed on that page
(`第02版`), when it printed one. Two parts belong together when those numbers agree (where known) and the
continuation repeats the article's headline (papers set it over the continued part), or, printing no
headline, is the only candidate.
"""
from __future__ import annotations

import re

from .model import Article
from .repair import ends_sentence


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _fits(head: Article, tail: Article) -> bool:
    to, back = head.position.get("jump", {}), tail.position.get("jump", {})
    if "to" not in to or "from" not in back:
        return False
    if back.get("on") is not None and back["on"] != to["to"]:
        return False
    return to.get("on") is None or to["on"] == back["from"]


def join_jumps(articles: list[Article]) -> list[Article]:
    """The articles with each continued part appended to the part it continues (one article, its text
    rejoined: a paragraph split by the jump is one paragraph again); the others unchanged, in order."""
    dropped: set[int] = set()
    for head in articles:
        cands = [t for t in articles if t is not head and id(t) not in dropped and _fits(head, t)]
        same = [t for t in cands if _norm(t.title) and _norm(t.title) == _norm(head.title)]
        if same:
            tail = same[0]
        elif len(cands) == 1 and not _norm(cands[0].title):
            tail = cands[0]
        else:
            continue
        glue = "\n" if ends_sentence(head.body) else ""
        head.body = head.body + glue + tail.body if tail.body else head.body
        head.captions += [c for c in tail.captions if c not in head.captions]
        head.subheads += tail.subheads
        head.byline = head.byline or tail.byline
        page = head.position["jump"]["to"]
        head.notes = [n for n in head.notes if not n.startswith("continues on page")]
        head.notes.append(f"continued on page {page}: joined with {tail.source}")
        head.position["jump"] = {**head.position["jump"], "joined": tail.source}
        dropped.add(id(tail))
    kept = [a for a in articles if id(a) not in dropped]
    # keep each source's indexes contiguous (ids are source#index)
    seen: dict[str, int] = {}
    for a in kept:
        if any(id(d) in dropped and d.source == a.source for d in articles):
            a.index = seen.get(a.source, 0)
        seen[a.source] = a.index + 1
    return kept
