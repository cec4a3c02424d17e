"""Budgets for one bulletin file: what a hostile or broken file may cost before it is refused.

A 2 MB PDF can hold a deflate stream of 2 GiB, and a PDF of 2,000 pages would be read whole. So a PDF is
checked *before* it is parsed: every FlateDecode stream (chains of them too) is inflated in 64 KiB steps with
`zlib.decompressobj(...).decompress(data, max_length)` and counted, never kept, so the check costs bounded
memory and stops at the first stream over budget; pages are counted by their `/Type /Page` objects, also
those packed in compressed object streams. Text is measured after decoding, articles after parsing. Each
refusal is a BulletinError naming the file, the figure and the setting that limits it.

Not checked before parsing: LZW-compressed streams (rare; their worst ratio is bounded by the codes, about
1:2700, so `max_bytes` bounds them) and the streams of an encrypted PDF (ciphertext; read by pdfminer).
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from .model import BulletinError

MiB = 1024 * 1024

DEFAULT_MAX_PAGES = 100
DEFAULT_MAX_TEXT_CHARS = 1_000_000
DEFAULT_MAX_INFLATED = 64 * MiB
DEFAULT_MAX_ARTICLES = 500
_STEP = 64 * 1024
_KEEP_OBJSTM = 8 * MiB  # object streams are kept (to count the pages inside) up to this size


@dataclass(frozen=True)
class Limits:
    """Per-file budgets; the config keys of the same names set them (see config.example.toml)."""

    max_pages: int = DEFAULT_MAX_PAGES
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    max_inflated_bytes: int = DEFAULT_MAX_INFLATED
    max_articles: int = DEFAULT_MAX_ARTICLES

    @property
    def max_inflated_total(self) -> int:
        """All streams of one PDF together: four times one stream's budget."""
        return 4 * self.max_inflated_bytes


DEFAULT_LIMITS = Limits()

_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"endstream")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_FLATE = {b"FlateDecode", b"Fl"}


class _Over(Exception):
    pass


def _inflate(data: bytes, layers: int, budget: int, keep: bool) -> tuple[int, bytes]:
    """Size of `data` after `layers` rounds of inflate, in bounded memory; raises _Over past `budget`.
    Returns (size, output when `keep` and small enough); a stream that is not valid zlib counts as read so far."""
    decs = [zlib.decompressobj() for _ in range(layers)]
    total = 0
    kept = bytearray()

    def feed(level: int, chunk: bytes) -> None:
        nonlocal total
        d = decs[level]
        buf = chunk
        while True:
            if d.eof:
                return
            out = d.decompress(buf, _STEP)
            buf = d.unconsumed_tail
            if out:
                if level + 1 < layers:
                    feed(level + 1, out)
                else:
                    total += len(out)
                    if total > budget:
                        raise _Over
                    if keep and len(kept) < _KEEP_OBJSTM:
                        kept.extend(out)
            if not buf and len(out) < _STEP:
                return

    try:
        feed(0, data)
    except zlib.error:
        pass
    return total, bytes(kept)


def _stream_dict(data: bytes, start: int) -> bytes:
    """The dictionary before a `stream` keyword: back to its `N G obj` (at most 4 KiB back)."""
    head = data[max(0, start - 4096):start]
    objs = list(_OBJ.finditer(head))
    return head[objs[-1].end():] if objs else head


def check_pdf(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a PDF over a budget, or one that needs a password, before any parser touches it."""
    total = 0
    pages = len(_PAGE.findall(data))
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            break
        begin = m.end()
        end_m = _ENDSTREAM.search(data, begin)
        end = end_m.start() if end_m else len(data)
        pos = end_m.end() if end_m else len(data)
        if data[max(0, m.start() - 3):m.start()] == b"end":
            continue
        head = _stream_dict(data, m.start())
        f = _FILTER.search(head)
        if not f:
            continue
        names = _NAME.findall(f.group(1))
        layers = 0
        for n in names:  # the leading FlateDecode layers: what can be inflated in a stream
            if n not in _FLATE:
                break
            layers += 1
        if not layers:
            continue
        is_objstm = bool(_OBJSTM.search(head))
        budget = min(limits.max_inflated_bytes, limits.max_inflated_total - total)
        try:
            size, out = _inflate(data[begin:end], layers, budget, keep=is_objstm and layers == len(names))
        except _Over:
            if budget < limits.max_inflated_bytes:
                raise BulletinError(source, f"too much compressed data (its streams inflate to over "
                                            f"{limits.max_inflated_total} bytes in all; limit 4 × "
                                            f"max_inflated_bytes {limits.max_inflated_bytes})") from None
            raise BulletinError(source, f"compressed stream too large (at byte {begin} it inflates to over "
                                        f"{limits.max_inflated_bytes} bytes; limit max_inflated_bytes — a "
                                        "decompression bomb?)") from None
        total += size
        if out:
            pages += len(_PAGE.findall(out))
        if pages > limits.max_pages:
            break
    if pages > limits.max_pages:
        raise BulletinError(source, f"too many pages (over {limits.max_pages} /Page objects, limit max_pages "
                                    f"{limits.max_pages}); split the file or raise max_pages")
    if _ENCRYPT.search(data) and _needs_password(data):
        raise BulletinError(source, "encrypted PDF (needs a password)")


def _needs_password(data: bytes) -> bool:
    """An encrypted PDF may still open with the empty user password (owner-only protection): only the
    ones that do not are refused here."""
    import io

    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        return True
    except Exception:  # noqa: BLE001 - anything else is the parser's to report, with its own message
        return False
    return False


def check_text(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse text over the character budget (a real page holds some 5,000-20,000 characters)."""
    if len(text) > limits.max_text_chars:
        raise BulletinError(source, f"too much text ({len(text)} characters, limit max_text_chars "
                                    f"{limits.max_text_chars})")


def check_articles(count: int, chars: int, source: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a parse that found more articles (or more text) than one bulletin can hold."""
    if count > limits.max_articles:
        raise BulletinError(source, f"too many articles ({count}, limit max_articles {limits.max_articles})")
    if chars > limits.max_text_chars:
        raise BulletinError(source, f"too much text ({chars} characters in its articles, limit max_text_chars "
                                    f"{limits.max_text_chars})")
