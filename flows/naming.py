"""Bulletin file names -> publisher, date and page (contracts.md: `<source>_<YYYY-MM-DD>_<page>.<ext>`).

A name that does not follow the pattern still works: its source is the file stem, date and page unknown,
so a stray `scan.txt` in the inbox is briefed rather than refused.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath

_NAME = re.compile(r"^(?P<source>[A-Za-z0-9-]+)_(?P<date>\d{4}-\d{2}-\d{2})_(?P<page>[A-Za-z]*\d+)$")
_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class NameInfo:
    source: str
    date: str | None
    page: str | None

    @property
    def page_number(self) -> int | None:
        """`p03` -> 3; page 1 carries the lead stories, so importance needs the number."""
        if self.page is None:
            return None
        digits = re.sub(r"\D", "", self.page)
        return int(digits) if digits else None


def parse_name(name: str | PurePath) -> NameInfo:
    """Split a bulletin file name; an impossible date (2025-02-30) makes the name not match at all."""
    stem = PurePath(name).stem
    m = _NAME.match(stem)
    if m:
        try:
            dt.date.fromisoformat(m["date"])
        except ValueError:
            return NameInfo(stem, None, None)
        return NameInfo(m["source"], m["date"], m["page"])
    return NameInfo(stem, None, None)


def common_date(names: list[str] | list[PurePath]) -> str | None:
    """The date every file name agrees on, else None (mixed or missing dates must not pick one silently)."""
    dates = {parse_name(n).date for n in names}
    if len(dates) == 1:
        (only,) = dates
        return only
    return None


def date_zh(date: str) -> str:
    """`2025-02-20` -> `2025年2月20日 星期四`, the form a Chinese briefing heads with."""
    d = dt.date.fromisoformat(date)
    return f"{d.year}年{d.month}月{d.day}日 星期{_WEEKDAYS[d.weekday()]}"
