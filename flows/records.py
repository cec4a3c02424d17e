"""The article, the briefing item and the briefing as the flow carries them: one typed shape each.

`FlowArticle` is built once from a `bulletins.Article` in the batch task (with its summary, keywords and the
words grouping needs), written to the run's state folder as one JSON line, and read back by compose;
`Item` is one story of the briefing (its representative article plus every appearance); `Briefing` is what
render and mail consume. `to_dict()` gives the JSON shape of `briefing.json` (key order fixed here).

Memory: compose holds none of the day's text. It keeps where each article's line is (`BatchLines`: batch
number and byte offset) and reads it again when it needs it; each finished item is written as one JSON line
(`ItemStore`) and held as a `StoredItem` (id, section, importance, offset), which renders and mails like an
`Item`: its `to_dict()` reads the line back.
"""
from __future__ import annotations

import json
import os
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

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
    def from_line(cls, line: str | bytes, vocabulary: Any = None, words: bool = True) -> FlowArticle:
        """Read back a line; with a `flows.daywords.Vocabulary` the paragraph words come back as word ids;
        `words=False` leaves them out (compose re-reading an article for its item needs none)."""
        d = json.loads(line)
        if not words:
            d["para_words"] = []
            return cls(**d)
        split = [ws.split(" ") if ws else [] for ws in d["para_words"]]
        d["para_words"] = [vocabulary.ids(ws) for ws in split] if vocabulary is not None else split
        return cls(**d)


class BatchLines:
    """The batch files' JSON lines, read in order (`scan`) or again one at a time by (batch, offset) (`line`):
    compose keeps 12 bytes an article instead of the article. A few files stay open (least recently used
    first closed), so a day of thousands of batches does not run out of file descriptors."""

    OPEN = 8

    def __init__(self, paths: list[str]) -> None:
        self.paths = list(paths)
        self._open: OrderedDict[int, BinaryIO] = OrderedDict()

    def scan(self) -> Iterator[tuple[int, int, bytes]]:
        """(batch number, byte offset, line) of every line, batch by batch."""
        for b, path in enumerate(self.paths):
            with open(path, "rb") as fh:
                offset = 0
                for line in fh:
                    yield b, offset, line
                    offset += len(line)

    def line(self, batch: int, offset: int) -> bytes:
        fh = self._open.pop(batch, None)
        if fh is None:
            if len(self._open) >= self.OPEN:
                self._open.popitem(last=False)[1].close()
            fh = open(self.paths[batch], "rb")  # noqa: SIM115 - kept open, closed by close()
        self._open[batch] = fh
        fh.seek(offset)
        return fh.readline()

    def article(self, batch: int, offset: int) -> FlowArticle:
        return FlowArticle.from_line(self.line(batch, offset), words=False)

    def close(self) -> None:
        while self._open:
            self._open.popitem()[1].close()


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
    items: list[Item | StoredItem]

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


class ItemStore:
    """Finished items as JSON lines in a file (the run's folder): written once, read back by offset for
    each rendering. Open for appending until `seal()`, then for reading."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._fh: BinaryIO = open(self.path, "wb")  # noqa: SIM115 - closed by close()
        self._writing = True
        self.size = 0

    def add(self, item: Item) -> int:
        """Write the item (its final dict: section and importance set); returns its offset."""
        offset = self.size
        data = json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n"
        self._fh.write(data)
        self.size += len(data)
        return offset

    def seal(self) -> None:
        self._fh.close()
        self._fh = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        self._writing = False

    def get(self, offset: int) -> dict[str, Any]:
        if self._writing:
            self.seal()
        self._fh.seek(offset)
        return json.loads(self._fh.readline())

    def close(self) -> None:
        self._fh.close()


@dataclass(slots=True)
class StoredItem:
    """An item written to an ItemStore: what ranking and the mail's cap need in memory (id, section,
    importance), the rest read back by `to_dict()`, the same dict `Item.to_dict()` gave."""

    id: str
    section: str
    importance: float
    offset: int
    store: ItemStore

    def to_dict(self) -> dict[str, Any]:
        return self.store.get(self.offset)
