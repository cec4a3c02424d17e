"""PDF bulletins: open the file safely, then read each page as regions of the page.

`parse_pdf` reads a page's geometry (`pdfgeom`: lines of text, rules, boxes, photos), finds which lines each
headline owns (`regions`) and assembles each story (`pdfhead`); a page that prints no headline continues
the last story of the page before, or, first in its file, is read as annotated lines by the text parser.
`pdf_lines` gives those annotated lines (font size marks headlines and captions, x positions columns and
first-line indents). Every way a PDF can fail to open becomes a BulletinError naming the file and the
cause (`_read_pages`). `page.dedupe_chars()` drops the doubled glyphs of fake-bold printing.
"""
from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable

from .model import Article, BulletinError
from .pdfgeom import segments as _segments
from .pdfgeom import xy_order as _xy_order
from .segment import Line, parse_lines


def _read_pages(data: bytes, source: str, per_page: Callable[[int, object], None]) -> None:
    """Open the PDF and hand each page (fake-bold glyphs deduplicated) to `per_page`; every way a PDF can
    fail to open or parse becomes a BulletinError naming the file and the cause."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    tail = data[-2048:]
    if b"%%EOF" not in tail:
        raise BulletinError(source, "truncated PDF (no %%EOF end marker)")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for pno, page in enumerate(pdf.pages, 1):
                per_page(pno, page.dedupe_chars(tolerance=1))
    except BulletinError:
        raise
    except PDFPasswordIncorrect:
        raise BulletinError(source, "encrypted PDF (needs a password to open)") from None
    except (PDFSyntaxError, PSException) as exc:
        raise BulletinError(source, f"damaged or truncated PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pdfminer raises many ad-hoc types on broken files
        raise BulletinError(source, f"unreadable PDF ({type(exc).__name__}: {exc})") from None


def _check_unicode(segs: list, source: str) -> None:
    if sum("(cid:" in s.text for s in segs) > len(segs) / 5:
        raise BulletinError(source, "PDF text cannot be extracted (glyphs without a Unicode map, "
                                    "e.g. an encrypted or subset font)")


def _page_lines(page, pno: int, base: int, source: str) -> list[Line]:
    """Annotated lines of one page, numbered from base + 1."""
    lines: list[Line] = []
    segs = _segments(page.chars)
    if not segs:
        return lines
    weights: Counter[float] = Counter()
    for s in segs:
        weights[round(s.size, 1)] += len(s.text)
    body = weights.most_common(1)[0][0]
    _check_unicode(segs, source)
    height = float(page.height or 0) or max(s.bottom for s in segs)
    ordered = _xy_order(segs, body)
    # bold marks a subhead only where body text is not itself set in a bold/hei face
    body_segs = [s for s in ordered if abs(s.size - body) <= 0.05 * body]
    bold_body = sum(len(s.text) for s in body_segs if s.bold) > 0.5 * sum(len(s.text) for s in body_segs)
    if bold_body:
        for s in ordered:
            s.bold = False
    if all(abs(s.size - body) <= 0.05 * body and not s.bold for s in ordered):
        # one size, no bold: the PDF knows nothing plain text does not; read it as text
        return [Line(s.text, base + k + 1, page=pno) for k, s in enumerate(ordered)]
    for s in ordered:
        em = s.size or body
        if s.bottom < 0.06 * height or s.top > 0.94 * height:
            role = "furniture"      # running head / foot in the page margins
        elif s.size >= 1.45 * body:
            role = "head"
        elif s.size <= 0.9 * body:
            role = "small"
        elif s.size >= 1.1 * body or s.bold:
            role = "sub"
        else:
            role = "body"
        col = (s.col_x1 - s.col_x0) / em if s.col_x1 > s.col_x0 else None
        indent = (s.x0 - s.col_x0) > 0.8 * em
        lines.append(Line(s.text, base + len(lines) + 1, page=pno, width=(s.x1 - s.x0) / em,
                          col=col, indent=indent, role=role))
    return lines


def pdf_lines(data: bytes, source: str) -> list[Line]:
    """Annotated lines of every page of a PDF, in reading order (the text parser's view of a PDF)."""
    lines: list[Line] = []
    _read_pages(data, source, lambda pno, page: lines.extend(_page_lines(page, pno, len(lines), source)))
    if not lines:
        raise BulletinError(source, "no text layer in PDF (scanned image?)")
    return lines


def parse_pdf(data: bytes, source: str) -> list[Article]:
    """Articles of a PDF: each page read as regions of the page (`regions`, `pdfhead`); a page that prints
    no headline at all is read as annotated lines by the text parser."""
    from .pdfgeom import segments
    from .pdfhead import assemble
    from .regions import read_page

    stories: list = []          # per page: (regions, blocks) or the articles the text parser read
    count = {"lines": 0, "text": 0}

    def per_page(pno: int, page) -> None:
        segs = segments(page.chars)
        if not segs:
            return
        count["text"] += 1
        _check_unicode(segs, source)
        before = stories[-1] if stories and not isinstance(stories[-1], list) else None
        regions = read_page(page, count["lines"], pno, before.body if before else None)
        last = before.last_block() if before else None
        if regions is not None and not regions.blocks and last is not None:
            last.owned.extend(regions.loose)    # no headline: the last story of the page before runs on
            count["lines"] += len(regions.order)
        elif regions is None or not regions.blocks:
            lines = _page_lines(page, pno, count["lines"], source)
            count["lines"] += len(lines)
            stories.append(parse_lines(lines, source) if lines else [])
        else:
            count["lines"] += len(regions.order)
            stories.append(regions)

    _read_pages(data, source, per_page)
    if not count["text"]:
        raise BulletinError(source, "no text layer in PDF (scanned image?)")
    articles: list[Article] = []
    for item in stories:
        articles.extend(item if isinstance(item, list) else (a for b in item.blocks for a in assemble(item, b, source, 0)))
    for k, a in enumerate(articles):
        a.index = k
    return articles
