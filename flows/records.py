"""The article, the briefing item and the briefing as the flow carries them: one typed shape each.

`FlowArticle` is built once from a `bulletins.Article` in the batch task (with its summary, keywords and the
words grouping needs), written to the run's state folder as one JSON line, and read back by compose;
`Item` is one story of the briefing (its representative article plus every appearance); `Briefing` is what
render and mail consume. `to_dict()` gives the JSON shape of `briefing.json` (key order fixed here).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bulletins.model import Article
from flows.naming import NameInfo


@dataclass(slots=True)
class FlowArticle:
    """One parsed article of one bulletin file, summarised; `para_words` are the words of each normalised
    paragraph (grouping's input, from the one segmentation of the article)."""

    id: str
    file: str
    source: str
    page: str | None
    date: str | None
    index: int
    title: str
    body: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    notes: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    para_words: list = field(default_factory=list)  # list[list[str]], or word-id arrays once read back
    # what the page itself prints (paper, date, edition) and the file: flows.naming.page_provenance
    provenance: dict[str, Any] = field(default_factory=dict)
    section: str = ""  # decided from the article alone (flows.sections.classify_article); "" = not yet

    @classmethod
    def from_article(cls, a: Article, file: str, info: NameInfo, sentences: list[str], keywords: list[str],
                     para_words: list[list[str]], provenance: dict[str, Any] | None = None,
                     section: str = "") -> FlowArticle:
        return cls(id=f"{file}#{a.index}", file=file, source=info.source, page=info.page, date=info.date,
                   index=a.index, title=a.title, body=a.body, kicker=a.kicker, subtitle=a.subtitle,
                   byline=a.byline, notes=list(a.notes), sentences=list(sentences), keywords=list(keywords),
                   para_words=para_words,
                   provenance=provenance or {"paper": None, "date": None, "edition": None, "file": file},
                   section=section)

    def to_line(self) -> str:
        """One JSON line; paragraph words joined by spaces (normalised text holds no whitespace)."""
        d = {name: getattr(self, name) for name in self.__slots__}
        d["para_words"] = [" ".join(ws) for ws in self.para_words]
        return json.dumps(d, ensure_ascii=False) + "\n"

    @classmethod
    def from_line(cls, line: str, vocabulary: Any = None) -> FlowArticle:
        """Read back a line; with a `flows.group.Vocabulary` the paragraph words come back as word ids."""
        d = json.loads(line)
        words = [ws.split(" ") if ws else [] for ws in d["para_words"]]
        d["para_words"] = [vocabulary.ids(ws) for ws in words] if vocabulary is not None else words
        return cls(**d)


@dataclass(slots=True)
class Appearance:
    file: str
    source: str
    page: str | None
    index: int
    title: str
    byline: str | None
    provenance: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "source": self.source, "page": self.page, "index": self.index,
                "title": self.title, "byline": self.byline, "provenance": dict(self.provenance),
                "notes": list(self.notes)}


@dataclass(slots=True)
class Repeat:
    """The earlier story a partial repeat reuses."""

    id: str
    title: str
    file: str
    shared_paragraphs: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "file": self.file, "shared_paragraphs": self.shared_paragraphs}


@dataclass(slots=True)
class Item:
    """One story of the briefing; `length` (normalised body characters) feeds importance and is not shown."""

    id: str
    title: str
    kicker: str | None
    subtitle: str | None
    summary: str
    sentences: list[str]
    keywords: list[str]
    appearances: list[Appearance]
    repeats: Repeat | None
    length: int = 0
    section: str = "其他"
    importance: float = 0.0
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kicker": self.kicker, "subtitle": self.subtitle,
                "summary": self.summary, "sentences": list(self.sentences), "keywords": list(self.keywords),
                "appearances": [a.to_dict() for a in self.appearances],
                "repeats": self.repeats.to_dict() if self.repeats else None,
                "section": self.section, "importance": self.importance, "notes": list(self.notes),
                "provenance": dict(self.provenance)}


@dataclass(slots=True)
class Section:
    name: str
    items: list[Item]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "items": [it.to_dict() for it in self.items]}


@dataclass(slots=True)
class Briefing:
    date: str
    date_zh: str
    generated_at: str
    title: str
    counts: dict[str, int]
    sections: list[Section]
    failed: list[dict[str, str]]
    missing_sources: list[str]
    method: str
    # pages whose printed date is not the briefing's: {file, paper, printed_date}
    date_mismatch: list[dict[str, Any]] = field(default_factory=list)
    # set on the capped (email) rendering: items left out, and where the full briefing is
    omitted: int = 0
    full_briefing: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"date": self.date, "date_zh": self.date_zh, "generated_at": self.generated_at, "title": self.title,
             "counts": dict(self.counts), "sections": [s.to_dict() for s in self.sections],
             "failed": list(self.failed), "missing_sources": list(self.missing_sources),
             "date_mismatch": list(self.date_mismatch), "method": self.method}
        if self.omitted or self.full_briefing:
            d["omitted"] = self.omitted
            d["full_briefing"] = self.full_briefing
        return d
