"""The article record shared by the parser, the summarizers' callers and the flow."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


class BulletinError(Exception):
    """A bulletin that cannot be read; names the file and the cause so it can be set aside."""

    def __init__(self, source: str, cause: str):
        super().__init__(f"{source}: {cause}")
        self.source = source
        self.cause = cause


@dataclass
class Article:
    source: str
    index: int
    title: str
    body: str
    kicker: str | None = None
    byline: str | None = None
    subtitle: str | None = None
    subheads: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    # where the article sits on its page: first/last line numbers of the text (1-based) and, for PDF, the page
    position: dict = field(default_factory=dict)
    # what the parser was unsure of ("title guessed", "continues on page 2"): shown quietly in the briefing
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.source}#{self.index}"

    def to_json(self) -> dict:
        """The `briefing ingest --json` object: the fixed keys first, extras after."""
        d = asdict(self)
        keys = ["source", "index", "title", "kicker", "byline", "body", "subheads", "captions", "duplicate_of",
                "subtitle", "position", "notes"]
        return {k: d[k] for k in keys}
