"""Bytes of a bulletin file -> text, or a BulletinError that names the file and the cause.

Encodings are detected, not guessed from the file name: a BOM or strict UTF-8 first (cheap and
unambiguous), then charset-normalizer for GB18030/GBK, Big5 and UTF-16 without BOM. A decoding that
yields control characters or hardly any Chinese is rejected rather than passed on as mojibake.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import threading

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from .model import BulletinError

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (e.g. .docx)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an OLE document (e.g. .doc)",
}
# form feed (\x0c) is not among them: text extractions (pdftotext) separate pages with it
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ACCEPTED = ("utf_8", "utf_8_sig", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936",
             "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "hz", "ascii")


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a FIFO (named pipe)")."""
    return next((what for test, what in _KINDS if test(mode)), "a special file")


def read_bytes(path: str, max_bytes: int, *, follow_links: bool = True) -> bytes:
    """The file's bytes, refusing what is missing, empty, not a regular file or over `max_bytes` before
    reading it all.

    Opened with O_NONBLOCK (a FIFO cannot block the run) and checked with fstat on the open descriptor (no
    swap between check and read); `follow_links=False` adds O_NOFOLLOW, for inbox files that must not lead
    elsewhere.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            why = "a symbolic link (not followed)" if not follow_links else "a loop of symbolic links"
            raise BulletinError(path, f"cannot read file ({why})") from None
        raise BulletinError(path, f"cannot read file ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise BulletinError(path, f"{kind_of(st.st_mode)}, not a regular file; not read")
        if st.st_size > max_bytes:
            raise BulletinError(path, f"too large ({st.st_size} bytes, limit --max-bytes {max_bytes})")
        if st.st_size == 0:
            raise BulletinError(path, "empty file (0 bytes)")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise BulletinError(path, f"cannot read file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise BulletinError(path, f"too large (over {max_bytes} bytes, limit --max-bytes)")
    if not data:
        raise BulletinError(path, "empty file (0 bytes)")
    return data


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def _plausible(text: str) -> bool:
    """Decoded Chinese text has no control characters and a fair share of Han characters."""
    visible = len(text) - len(_SPACE.findall(text))  # counted in C: this runs on every page, twice
    if not visible:
        return True
    if len(_CONTROL.findall(text)) > max(2, visible // 200):
        return False
    han = len(_HAN.findall(text))
    non_ascii = len(_NON_ASCII_VISIBLE.findall(text))
    # mojibake from a wrong 8-bit codec is non-ASCII but not Han
    return non_ascii == 0 or han >= 0.5 * non_ascii


# re's \s is exactly str.isspace() on str patterns (both use Py_UNICODE_ISSPACE)
_SPACE = re.compile(r"\s")
_NON_ASCII_VISIBLE = re.compile(r"[^\x00-\x7f\s]")
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_SOMETHING_VISIBLE = re.compile(rf"[^\s{_INVISIBLE}]")
_last = threading.local()  # the last page this thread decoded: provenance reads the same bytes again
_MEMO_BYTES = 1 << 20


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text bulletin; returns (text, encoding name) or raises BulletinError.

    The same bytes decoded again by the same thread (the flow reads a page's masthead after parsing it)
    return the last result instead of decoding twice; only a success is kept, and only of a page under 1 MiB.
    """
    last = getattr(_last, "page", None)
    if last is not None and last[0] == data:
        return last[1]
    result = _decode_text(data, source)
    _last.page = (data, result) if len(data) <= _MEMO_BYTES else None
    return result


def _decode_text(data: bytes, source: str) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise BulletinError(source, f"undecodable: starts with a {enc} BOM but byte {exc.start} "
                                            f"is invalid {enc}") from None
            return _checked(text, enc, source)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BulletinError(source, f"binary data, not a text bulletin (looks like {what})")
    try:
        return _checked(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        # NUL bytes: UTF-16/32 without a BOM, or binary. Let charset-normalizer decide among those.
        best = from_bytes(data, cp_isolation=["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]).best()
        if best is None or not _plausible(str(best)):
            raise BulletinError(source, "binary data, not a text bulletin (contains NUL bytes)")
        return _checked(str(best), best.encoding, source)
    best = from_bytes(data).best()
    if best is None or best.encoding not in _ACCEPTED:
        mended = _mended(data)
        if mended is None:
            raise BulletinError(source, "undecodable: not UTF-8, GB18030/GBK, Big5 or UTF-16 text")
        return _checked(*mended, source)
    return _checked(str(best), best.encoding, source)


def _mended(data: bytes) -> tuple[str, str] | None:
    """A page with a few broken bytes (a cut-off last character, a bad copy) is still that page: decode it
    leniently and drop the broken characters, when they are few and the rest reads as Chinese."""
    readings = []
    for enc in ("utf-8", "gb18030", "big5"):
        text = data.decode(enc, errors="replace")
        bad = len(_CONTROL.findall(text))  # a flipped byte may also give a control character
        if bad <= max(6, len(text) // 300):
            text = _CONTROL.sub("", text)
            if _plausible(text):
                # Big5 bytes also read as (wrong) GB18030 Chinese: charset-normalizer's mess ratio tells them apart
                readings.append((mess_ratio(text[:20_000], 1.0), bad, text, enc))
    if not readings:
        return None
    _, bad, text, enc = min(readings, key=lambda r: (r[0], r[1]))
    return text, f"{enc} ({bad} broken characters dropped)"


_LOST = re.compile(r"(?<=[\u3400-\u9fff])\?+|\?+(?=[\u3400-\u9fff])")


def _checked(text: str, encoding: str, source: str) -> tuple[str, str]:
    """Judged by whether the bytes decode: text that is valid UTF-8 (or UTF-16/32 with its BOM) is the page
    as written, and a '?' beside Chinese in it is a character like any other. Only a legacy encoding
    (GBK, Big5, ...) can have lost characters to '?' when the page was saved in it: there, many '?' among
    the Han characters still mean a lossy save."""
    if text.startswith("\ufeff"):
        text = text[1:]
    visible = len(text) - len(_SPACE.findall(text))
    if len(_CONTROL.findall(text)) > max(2, visible // 200):
        raise BulletinError(source, f"binary data, not a text bulletin (decodes as {encoding} to control characters)")
    if not _SOMETHING_VISIBLE.search(text):
        raise BulletinError(source, "empty file (only whitespace)")
    if not _plausible(text):
        raise BulletinError(source, f"undecodable: as {encoding} it gives hardly any Chinese characters (mojibake)")
    if not encoding.lower().replace("-", "_").startswith("utf"):
        han = len(_HAN.findall(text))
        lost = len(_LOST.findall(text))
        if lost >= 3 and lost >= 0.005 * han:
            raise BulletinError(source, f"undecodable: {lost} characters were lost as '?' (saved in {encoding}, "
                                        "an encoding that lacks them)")
    # the few control characters tolerated above are dropped, not passed on into titles and summaries
    return _CONTROL.sub("", text), encoding
