"""Files -> articles: decode or read the PDF, parse each page, flag cross-page duplicates.

One bad file never stops the others: `ingest_paths` collects a BulletinError per bad file and goes on.
"""
from __future__ import annotations

from .decode import decode_text, is_pdf, read_bytes
from .dedup import mark_duplicates
from .limits import DEFAULT_LIMITS, Limits, check_articles, check_pdf, check_text
from .model import Article, BulletinError
from .segment import parse_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

__all__ = ["DEFAULT_MAX_BYTES", "Limits", "ingest_one", "ingest_paths", "mark_duplicates", "parse_bytes"]


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
    mark_duplicates(articles)
    return articles, errors
