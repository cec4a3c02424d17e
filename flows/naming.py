"""Bulletin file names -> publisher, date and page (contracts.md: `<source>_<YYYY-MM-DD>_<page>.<ext>`).

A name that does not follow the pattern still works: its source is the file stem, date and page unknown,
so a stray `scan.txt` in the inbox is briefed rather than refused.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

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


def display_name(name: str) -> str:
    """A file name as text that can be printed, logged and written to JSON.

    Bulletins unpacked from a Windows zip often carry GBK-encoded names, which a UTF-8 system hands over as
    undecodable bytes (surrogate escapes). Such a name is decoded as GB18030 (then Big5) so the editor sees
    `黔东南日报_第一版.txt`, else shown with `\\xNN` escapes; a name that is already valid text is kept.
    The file itself is still opened and moved by its real path.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    if "/" in name:  # a path: each part on its own (a UTF-8 folder may hold a GBK-named file)
        return "/".join(display_name(part) for part in name.split("/"))
    raw = os.fsencode(name)
    for encoding in ("gb18030", "big5"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


# ------------------------------------------------------------------------------ what the page itself prints

def page_provenance(path: str, file: str, max_bytes: int | None = None) -> dict:
    """`{paper, date, edition, file}`: the masthead the page prints (bulletins.provenance) and the file it came
    from. Read again from the file, so it never depends on how the parser split the page; a file that cannot
    be read again yields Nones (the parser already judged it readable)."""
    from bulletins.provenance import Provenance, from_bytes

    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1 if max_bytes else -1)
        prov = from_bytes(data, path)
    except OSError:
        prov = Provenance()
    return {**prov.to_json(), "file": file}


def date_mismatch(records: Iterable[Any], date: str) -> list[dict]:
    """The pages whose printed date is not the briefing's `date` ({file, paper, printed_date}), for the
    briefing to name: a page printed for another day in today's inbox is worth a reader's second look."""
    mismatched: dict[str, dict] = {}
    for r in records:
        prov = r.provenance or {}
        if prov.get("date") and prov["date"] != date and r.file not in mismatched:
            mismatched[r.file] = {"file": r.file, "paper": prov.get("paper"), "printed_date": prov["date"]}
    return sorted(mismatched.values(), key=lambda m: m["file"])
