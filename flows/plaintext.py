"""Wrapping for the plain-text briefing, as a terminal mail client (mutt, alpine, `mail`) shows it.

Chinese has no spaces to break at and each character takes two terminal columns, so Jinja's `wordwrap` (which
breaks at spaces and counts characters) leaves a summary as one 300-column line. This wraps by display width,
keeps Latin words and numbers whole where it can, and follows the usual line-breaking rules of Chinese
typesetting: no line opens with closing punctuation (，。、）》” ...) and none ends with an opening one (（《“).
"""
from __future__ import annotations

import re
import unicodedata

WIDTH = 72
_NO_START = set("，。、；：？！）》」』】〕〉”’…—·,.;:?!)]}%")
_NO_END = set("（《「『【〔〈“‘([{")
_TOKEN = re.compile(r"[A-Za-z0-9@#$%&+\-_./:=?]+|\s+|.", re.S)


_CHAR_WIDTH: dict[str, int] = {}  # a character's columns, remembered: wrap asks for most characters many times


def _char_width(c: str) -> int:
    w = _CHAR_WIDTH.get(c)
    if w is None:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if len(_CHAR_WIDTH) < 1 << 16:  # bounded: a day's text uses a few thousand characters
            _CHAR_WIDTH[c] = w
    return w


def width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def wrap(text: str, columns: int = WIDTH, indent: str = "", first: str | None = None) -> str:
    """`text` in lines of at most `columns` display columns (a longer unbreakable token gets a line of its
    own), each line after the first prefixed by `indent`, the first by `first` (default `indent`)."""
    lead = indent if first is None else first
    tokens = [t for t in _TOKEN.findall(" ".join(str(text).split()))]
    lines: list[str] = []
    line, used = lead, width(lead)
    last = len(line)
    for tok in tokens:
        w = width(tok)
        if tok.isspace():
            if used > width(indent if lines else lead):
                line, used = line + " ", used + 1
            continue
        if used + w > columns and line.strip():
            # kinsoku: a closing mark takes the character before it to the next line (so the line stays in
            # its width), an opening mark at the end of a line goes down with what it opens
            carry = ""
            if tok[0] in _NO_START:
                head = line[:last]
                if head.strip() and line[last:] and line[last] not in _NO_START:
                    carry, line = line[last:], head
                else:  # nothing else on the line, or a run of closing marks: let it hang
                    line, used = line + tok, used + w
                    continue
            while line.strip() and line[-1] in _NO_END:
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line.rstrip())
            line = indent + carry
            used = width(line)
        last = len(line)  # where the last token starts, for the kinsoku carry above
        line, used = line + tok, used + w
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


__all__ = ["WIDTH", "width", "wrap"]
