"""PDF page -> annotated lines, using what the PDF knows and plain text does not.

Font size marks headlines (larger) and captions (smaller); a bold face at body size marks subheads;
x positions separate columns (recursive XY cut) and reveal first-line indents, so paragraphs need no
guessing from line widths. `page.dedupe_chars()` drops the doubled glyphs of fake-bold printing.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from .model import Article, BulletinError
from .segment import Line, parse_lines

_BOLD = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$|hei", re.I)


@dataclass
class _Seg:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    col_x0: float = 0.0
    col_x1: float = 0.0


def _segments(chars: list[dict]) -> list[_Seg]:
    """Chars -> horizontal runs: same row, same size, no gap wider than one character."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if not ch.get("text") or ch["text"] in "\n\r":
            continue
        size = float(ch.get("size") or 10.0)
        for row in reversed(rows[-6:]):
            ref = row[0]
            if abs(ref["top"] - ch["top"]) <= 0.4 * size and abs(float(ref.get("size") or 10.0) - size) <= 0.6:
                row.append(ch)
                break
        else:
            rows.append([ch])
    segs: list[_Seg] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        cur: list[dict] = []
        for ch in row:
            size = float(ch.get("size") or 10.0)
            if cur and ch["x0"] - cur[-1]["x1"] > 1.2 * size:
                segs.append(_make_seg(cur))
                cur = []
            cur.append(ch)
        if cur:
            segs.append(_make_seg(cur))
    return [s for s in segs if s.text.strip()]


def _make_seg(chars: list[dict]) -> _Seg:
    sizes = sorted(float(c.get("size") or 10.0) for c in chars)
    size = sizes[len(sizes) // 2]
    parts = []
    prev = None
    for c in chars:
        if prev is not None and c["text"] != " " and prev["text"] != " " and c["x0"] - prev["x1"] > 0.3 * size:
            parts.append(" ")
        parts.append(c["text"])
        prev = c
    text = " ".join("".join(parts).split())
    bold = sum(bool(_BOLD.search(str(c.get("fontname", "")))) for c in chars) > len(chars) / 2
    return _Seg(text, min(c["x0"] for c in chars), max(c["x1"] for c in chars), min(c["top"] for c in chars),
                max(c["bottom"] for c in chars), size, bold)


def _vertical_cut(segs: list[_Seg], body: float) -> float | None:
    """The middle of the widest x gap that no segment crosses, if at least 0.8 em wide."""
    spans = sorted((s.x0, s.x1) for s in segs)
    if len(spans) < 2:
        return None
    best_gap, cut = 0.0, None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach > best_gap:
            best_gap, cut = x0 - reach, (reach + x0) / 2
        reach = max(reach, x1)
    return cut if best_gap >= 0.8 * body else None


def _bands(segs: list[_Seg], body: float) -> list[list[_Seg]]:
    """Split top to bottom at gaps taller than a line of body text."""
    ordered = sorted(segs, key=lambda s: (s.top, s.x0))
    bands: list[list[_Seg]] = [[ordered[0]]]
    bottom = ordered[0].bottom
    for s in ordered[1:]:
        if s.top - bottom >= 1.2 * body:
            bands.append([])
        bands[-1].append(s)
        bottom = max(bottom, s.bottom)
    return bands


def _extent(segs: list[_Seg], body: float) -> tuple[float, float]:
    """Left and right edge of a column, from its body-size lines (headlines may overhang)."""
    ref = [s for s in segs if abs(s.size - body) <= 0.15 * body] or segs
    return min(s.x0 for s in ref), max(s.x1 for s in ref)


def _xy_order(segs: list[_Seg], body: float, region: tuple[float, float] | None = None) -> list[_Seg]:
    """Reading order by recursive XY cut: columns left to right, each top to bottom."""
    if not segs:
        return []
    if region is None:
        region = _extent(segs, body)
    if len(segs) == 1:
        segs[0].col_x0, segs[0].col_x1 = region
        return segs
    # vertical cut: the widest x gap no body-size segment crosses (a headline may overhang its column)
    bodyish = [s for s in segs if abs(s.size - body) <= 0.15 * body]
    cut = _vertical_cut(bodyish if len(bodyish) >= 3 else segs, body)
    if cut is not None:
        # a banner straddles the gutter (print never overlaps a neighbouring column otherwise)
        spanning = [s for s in segs if min(cut - s.x0, s.x1 - cut) > 1.0 * s.size]
        if spanning:
            # banners (masthead, slogan, a headline across columns) separate stacks of columns
            spanning.sort(key=lambda s: s.top)
            slots: list[list[_Seg]] = [[] for _ in range(len(spanning) + 1)]
            for s in segs:
                if s not in spanning:
                    slots[sum(1 for b in spanning if (b.top + b.bottom) / 2 < s.top)].append(s)
            out: list[_Seg] = []
            for n, slot in enumerate(slots):
                if slot:
                    out.extend(_xy_order(slot, body, _extent(slot, body)))
                if n < len(spanning):
                    spanning[n].col_x0, spanning[n].col_x1 = spanning[n].x0, spanning[n].x1
                    out.append(spanning[n])
            return out
        else:
            left = [s for s in segs if (s.x0 + s.x1) / 2 < cut]
            right = [s for s in segs if (s.x0 + s.x1) / 2 >= cut]
            if left and right:
                return _xy_order(left, body, _extent(left, body)) + _xy_order(right, body, _extent(right, body))
    # horizontal cuts at clear gaps (wider than a line of body text)
    ordered = sorted(segs, key=lambda s: (s.top, s.x0))
    bands = _bands(segs, body)
    if len(bands) > 1:
        out: list[_Seg] = []
        for band in bands:
            out.extend(_xy_order(band, body, region))
        return out
    for s in ordered:
        s.col_x0, s.col_x1 = region
    return ordered


def pdf_lines(data: bytes, source: str) -> list[Line]:
    """Annotated lines of every page of a PDF, in reading order."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    tail = data[-2048:]
    if b"%%EOF" not in tail:
        raise BulletinError(source, "truncated PDF (no %%EOF end marker)")
    lines: list[Line] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for pno, page in enumerate(pdf.pages, 1):
                page = page.dedupe_chars(tolerance=1)
                segs = _segments(page.chars)
                if not segs:
                    continue
                weights: Counter[float] = Counter()
                for s in segs:
                    weights[round(s.size, 1)] += len(s.text)
                body = weights.most_common(1)[0][0]
                if sum("(cid:" in s.text for s in segs) > len(segs) / 5:
                    raise BulletinError(source, "PDF text cannot be extracted (glyphs without a Unicode map, "
                                                "e.g. an encrypted or subset font)")
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
                    base = len(lines)
                    lines.extend([Line(s.text, base + k + 1, page=pno) for k, s in enumerate(ordered)])
                    continue
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
                    lines.append(Line(s.text, len(lines) + 1, page=pno, width=(s.x1 - s.x0) / em,
                                      col=col, indent=indent, role=role))
    except BulletinError:
        raise
    except PDFPasswordIncorrect:
        raise BulletinError(source, "encrypted PDF (needs a password to open)") from None
    except (PDFSyntaxError, PSException) as exc:
        raise BulletinError(source, f"damaged or truncated PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pdfminer raises many ad-hoc types on broken files
        raise BulletinError(source, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    if not lines:
        raise BulletinError(source, "no text layer in PDF (scanned image?)")
    return lines


def parse_pdf(data: bytes, source: str) -> list[Article]:
    return parse_lines(pdf_lines(data, source), source)
