"""What a page says about itself: the newspaper's name, the date and the edition (版) printed in its masthead.

File names (`songhe-news_2025-02-20_p01.txt`, `000_9272c14ccebe5f20.txt`) are what the sender chose; the reader of
a briefing knows the paper by the name printed on it, and a page from yesterday dropped into today's inbox
shows itself by the date it prints. The masthead sits in the first lines of a page (or, on some inner pages, the
last ones), in many orders:

    2025 年 2 月 20 日 星期四 澜江日报 第 1 版 要闻
    澜江日报 第 3 版 2025 年 2 月 20 日 星期四 社会
    今日松禾 2025 年 2 月 19 日 星期三 第 1 版

and on a real front page the date may be split over three text runs (`16` / `2024年10月` / `日 星期三`) around a
masthead that is an image. A date alone on a line is not a masthead: notices end with the issuing office and a
date (`澜江市人民政府 / 2025 年 2 月 18 日`), which must not be taken for the page's date, so a date counts only
beside a weekday or an edition. What is not printed stays None: nothing is guessed from the file name here.

Pure functions of text (or of a PDF's bytes, read with the parser's own PDF reader): no files, no Prefect.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass

HEAD_LINES = 8   # the masthead is among the first lines of a page ...
FOOT_LINES = 4   # ... or the last ones (running foot of an inner page)

_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)")
_YEAR_MONTH = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*$")
_DAY_ALONE = re.compile(r"^\s*(?P<d>\d{1,2})\s*$")
_DAY_MARK = re.compile(r"^\s*日")
_WEEKDAY = re.compile(r"(?:星期|礼拜|週|周)\s*[一二三四五六日天]")
_EDITION = re.compile(r"第\s*(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*版(?!面)|(?<![\w\d])(?P<code>[A-Z]\d{1,2})\s*版(?!面)")
_SENTENCE = re.compile(r"[，。；！？,;!?]")  # a masthead is a run of labels, never a sentence
_JUMP = re.compile(r"上接|下转|转第|接第|转\s*\d+\s*版|续\s*第")  # (上接第1版): a continuation, not a masthead
_CREDIT = re.compile(r"(?:责任编辑|编辑|校对|责编|美编|版式设计|版式|设计|值班|电话|邮箱)\s*[:：/]\s*\S+")
_LUNAR = re.compile(r"农历\s*\S+|農曆\s*\S+")
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_PAPER_END = re.compile(r"(?:日报|晚报|早报|时报|商报|新闻|新聞|日報|晚報|時報|报|報|刊)$")
_LATIN_PAPER = re.compile(r"^[A-Z][A-Z &'.-]{2,}\b(?:PRESS|NEWS|DAILY|TIMES|HERALD|POST|JOURNAL|GAZETTE|TRIBUNE)$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Provenance:
    """What the page prints; None where it prints nothing recognisable."""

    paper: str | None = None
    date: str | None = None      # ISO YYYY-MM-DD
    edition: str | None = None   # as printed, spaces folded: `第1版 要闻`, `A3版`

    def to_json(self) -> dict:
        return asdict(self)


def _norm(line: str) -> str:
    # full-width digits and letters (２０２５年) read as ASCII; spaces folded
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", line)).strip()


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _zh_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _ZH_DIGITS[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _ZH_DIGITS[tens] * 10 + (_ZH_DIGITS[ones] if ones else 0)
    return _ZH_DIGITS[text[0]]


def _find_date(line: str) -> tuple[str | None, re.Match | None]:
    for pattern in (_DATE, _DATE_ISO):
        for m in pattern.finditer(line):
            iso = _iso(m["y"], m["m"], m["d"])
            if iso:
                return iso, m
    return None, None


def _clean_name(text: str) -> str | None:
    text = text.strip(" ·|｜-—:：,，")
    if not text or len(text) > 20 or not any(unicodedata.category(c).startswith("L") for c in text):
        return None
    return text


def _masthead(line: str) -> Provenance | None:
    """One line that is a masthead: an edition, or a date beside a weekday; else None."""
    date, dm = _find_date(line)
    em = _EDITION.search(line)
    weekday = _WEEKDAY.search(line)
    if em is None and not (date and weekday):
        return None
    if len(line) > 60 or _SENTENCE.search(line) or _JUMP.search(line):  # a sentence, or (上接第1版)
        return None
    rest = line
    if dm is not None:
        rest = rest[:dm.start()] + " " + rest[dm.end():]
    rest = _LUNAR.sub(" ", _CREDIT.sub(" ", _WEEKDAY.sub(" ", rest)))
    edition = None
    paper = None
    em = _EDITION.search(rest)
    if em is not None:
        number = f"第{_zh_number(em['n'])}版" if em["n"] else f"{em['code']}版"
        before, after = rest[:em.start()], rest[em.end():]
        section = _SPACES.sub(" ", after).strip(" ·|｜-—:：")
        paper = _clean_name(_SPACES.sub(" ", before))
        if paper and " " in paper and not section:
            # `青岚日报 要闻 第1版`: the section printed before the edition
            words = paper.split(" ")
            named = [w for w in words if _PAPER_END.search(w)]
            if len(named) == 1:
                paper, section = named[0], " ".join(w for w in words if w != named[0])
        edition = f"{number} {section}".strip() if section and len(section) <= 12 else number
    else:
        paper = _clean_name(_SPACES.sub(" ", rest))
    return Provenance(paper=paper, date=date, edition=edition)


def _split_date(lines: Sequence[str]) -> str | None:
    """`2024年10月` with its day printed apart (`16` in a larger size, then `日 星期三`), as a front page's
    date box often is: the year-month line, a lone number and a line opening with 日, within two lines."""
    for i, line in enumerate(lines):
        ym = _YEAR_MONTH.search(line)
        if not ym:
            continue
        near = lines[max(0, i - 2): i + 3]
        days = [m["d"] for m in (_DAY_ALONE.match(x) for x in near) if m]
        if len(days) == 1 and any(_DAY_MARK.match(x) and _WEEKDAY.search(x) for x in near):
            return _iso(ym["y"], ym["m"], days[0])
    return None


def _paper_line(lines: Sequence[str]) -> str | None:
    """A short line that is a paper's name (`澜江日报`, `CHINA OFFSHORE OIL PRESS`), for mastheads without an
    edition line."""
    for line in lines:
        if _LATIN_PAPER.match(line):
            return line
        if 2 <= len(line) <= 8 and _PAPER_END.search(line) and " " not in line and "：" not in line:
            return line
    return None


def from_lines(lines: Sequence[str]) -> Provenance:
    """The page's masthead from its lines in reading order (text file or PDF)."""
    text = [n for n in (_norm(x) for x in lines) if n]
    head = text[:HEAD_LINES]
    foot = text[-FOOT_LINES:] if len(text) > HEAD_LINES else []
    found = [p for p in (_masthead(x) for x in head + foot) if p is not None]
    # the most complete masthead line first (the head before the foot among equals); a masthead set over
    # several lines (paper / date / edition) fills what that line lacks from the others
    found.sort(key=lambda p: -((p.edition is not None) + (p.date is not None) + (p.paper is not None)))
    paper = next((p.paper for p in found if p.paper), None)
    date = next((p.date for p in found if p.date), None)
    edition = next((p.edition for p in found if p.edition), None)
    if date is None:
        date = _split_date(head)
    if paper is None:
        paper = _paper_line(head)
    return Provenance(paper=paper, date=date, edition=edition)


def from_text(text: str) -> Provenance:
    return from_lines(text.splitlines())


def from_bytes(data: bytes, source: str) -> Provenance:
    """The masthead of one bulletin's bytes (PDF or text in any supported encoding); empty when unreadable:
    provenance is a courtesy to the reader and must never fail a page the parser could read."""
    from .decode import decode_text, is_pdf
    from .model import BulletinError

    try:
        if is_pdf(data):
            from .pdf import pdf_lines

            return from_lines([ln.text for ln in pdf_lines(data, source)])
        text, _encoding = decode_text(data, source)
        return from_text(text)
    except (BulletinError, ValueError, UnicodeError):
        return Provenance()


__all__ = ["Provenance", "from_bytes", "from_lines", "from_text"]
