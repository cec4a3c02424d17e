"""Files -> articles: decode or read the PDF, parse each page, flag cross-page duplicates.

One bad file never stops the others: `ingest_paths` collects a BulletinError per bad file and goes on.
"""
from __future__ import annotations

import re

from .decode import decode_text, is_pdf, read_bytes
from .dedup import mark_duplicates
from .limits import DEFAULT_LIMITS, Limits, check_articles, check_pdf, check_text
from .model import Article, BulletinError
from .segment import parse_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

__all__ = ["DEFAULT_MAX_BYTES", "Limits", "ingest_one", "ingest_paths", "join_continued", "mark_duplicates",
           "parse_bytes"]


def parse_bytes(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> list[Article]:
    """Articles of one bulletin's bytes (PDF or text in any supported encoding), within `limits`."""
    if is_pdf(data):
        from .pdf import parse_pdf

        check_pdf(data, source, limits)  # bombs, page count, password: before the parser reads anything
        articles = parse_pdf(data, source)
    else:
        text, _encoding = decode_text(data, source)
        check_text(text, source, limits)
        articles = parse_text(text, source)
    if not articles:
        raise BulletinError(source, "no article found (no body paragraph on the page)")
    check_articles(len(articles), sum(len(a.body) + len(a.title) for a in articles), source, limits)
    return articles


def ingest_one(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, limits: Limits = DEFAULT_LIMITS,
               follow_links: bool = True) -> list[Article]:
    """Articles of one file; raises BulletinError naming the file and the cause. `follow_links=False`
    refuses a symbolic link (the inbox's files are checked that way; a path given by hand is followed)."""
    data = read_bytes(path, max_bytes, follow_links=follow_links)
    if path.lower().endswith(".pdf") and not is_pdf(data):
        raise BulletinError(path, "not a PDF (no %PDF- header)")
    try:
        return parse_bytes(data, path, limits)
    except BulletinError:
        raise
    except (ValueError, RecursionError, MemoryError, IndexError, KeyError, TypeError) as exc:
        raise BulletinError(path, f"unreadable ({type(exc).__name__}: {exc})") from None


def ingest_paths(paths: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES, limits: Limits = DEFAULT_LIMITS
                 ) -> tuple[list[Article], list[BulletinError]]:
    """Every readable file's articles (paths in the given order, page order within) and one error per bad file."""
    articles: list[Article] = []
    errors: list[BulletinError] = []
    for path in paths:
        try:
            articles.extend(ingest_one(path, max_bytes=max_bytes, limits=limits))
        except BulletinError as exc:
            errors.append(exc)
    articles = join_continued(articles)
    mark_duplicates(articles)
    return articles, errors


_CONTINUES = re.compile(r"^continues on page (\S+)$")
_CONTINUED = re.compile(r"^continued from page (\S+)$")
_GRAM = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")


def _grams(text: str) -> set[str]:
    toks = _GRAM.findall(text)
    return {a + b for a, b in zip(toks, toks[1:], strict=False)}


_PAGE_IN_NAME = re.compile(r"(\d+)(?=\D*$)")


def _name_page(source: str) -> tuple[str, str | None]:
    """(the issue a file belongs to, its page number): the last number of the file name (`…_p02.txt`,
    `…_01.pdf`) is the page, the rest of the name stands for the issue."""
    name = source.replace("\\", "/")
    m = _PAGE_IN_NAME.search(name)
    if m is None:
        return name, None
    return name[:m.start()] + "#" + name[m.end():], str(int(m.group(1)))


def _pages(a: Article, b: Article) -> tuple[str | None, str | None] | None:
    """The page numbers of a and b when they can be pages of one issue (None when they cannot): two pages of one
    PDF, or two files whose names differ only in their page number."""
    if a.source == b.source:
        pa, pb = a.position.get("page"), b.position.get("page")
        return (None, None) if pa is None or pa == pb else (str(pa), None if pb is None else str(pb))
    issue_a, page_a = _name_page(a.source)
    issue_b, page_b = _name_page(b.source)
    if issue_a != issue_b or (page_a is not None and page_a == page_b):
        return None
    return page_a, page_b


def _same_issue(a: Article, to_page: str, b: Article) -> bool:
    """b can be the rest of a: another page of the same issue, the page a's jump line names (when the pages are
    numbered), and a's page the one b's jump line names."""
    pages = _pages(a, b)
    if pages is None or (a.source == b.source and pages == (None, None)):
        return False
    page_a, page_b = pages
    from_page = next(n for n in b.notes if _CONTINUED.match(n)).rsplit(" ", 1)[-1]
    return (page_b is None or not to_page.isdigit() or page_b == to_page) and \
        (page_a is None or not from_page.isdigit() or page_a == from_page)


def _join(a: Article, b: Article, page: str) -> None:
    """b's text, captions and subheads after a's; a's note says it was joined."""
    a.body = "\n".join(x for x in (a.body, b.body) if x)
    a.captions = [*a.captions, *b.captions]
    a.subheads = [*a.subheads, *b.subheads]
    a.notes = [n for n in a.notes if n != f"continues on page {page}"] + [f"joined with page {page}"]


def _renumber(articles: list[Article]) -> None:
    """Each page keeps its articles numbered 0, 1, 2, ... once a continuation has left it."""
    counts: dict[str, int] = {}
    for x in articles:
        x.index = counts.get(x.source, 0)
        counts[x.source] = x.index + 1


def join_continued(articles: list[Article]) -> list[Article]:
    """An article that `continues on page N` and one that is `continued from page M` on another page ingested in
    the same batch become one article: the first page's, its body followed by the rest (note `joined with page N`).

    Works from the notes alone, so the text and the PDF paths both serve. Where several continuations are
    candidates, the one whose headline shares the most words with the first part's headline and body is taken
    (a continuation repeats or shortens its headline), ties going to the first in page order."""
    rests = [b for b in articles if any(_CONTINUED.match(n) for n in b.notes)]
    gone: set[int] = set()
    for a in articles:
        m = next((m for n in a.notes if (m := _CONTINUES.match(n))), None)
        if m is None or id(a) in gone:
            continue
        own = _grams(a.title + a.body[:200])
        cands = [b for b in rests if id(b) not in gone and b is not a and _same_issue(a, m.group(1), b)]
        if cands:
            b = max(cands, key=lambda b: (len(_grams(b.title) & own), -articles.index(b)))
            _join(a, b, m.group(1))
            gone.add(id(b))
    kept = [x for x in articles if id(x) not in gone]
    if gone:
        _renumber(kept)
    return kept
