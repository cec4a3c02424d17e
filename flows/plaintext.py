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


def width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int = WIDTH, indent: str = "", first: str | None = None) -> str:
    """`text` in lines of at most `columns` display columns (a longer unbreakable token gets a line of its
    own), each line after the first prefixed by `indent`, the first by `first` (default `indent`)."""
    lead = indent if first is None else first
    tokens = [t for t in _TOKEN.findall(" ".join(str(text).split()))]
    lines: list[str] = []
    line, used = lead, width(lead)
    for tok in tokens:
        w = width(tok)
        if tok.isspace():
            if used > width(indent if lines else lead):
                line, used = line + " ", used + 1
            continue
        if used + w > columns and line.strip():
            # kinsoku: carry an opening mark to the next line, pull a closing mark onto this one
            if tok[0] in _NO_START:
                line, used = line + tok, used + w
                continue
            carry = ""
            while line and line[-1] in _NO_END:
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line.rstrip())
            line = indent + carry
            used = width(line)
        line, used = line + tok, used + w
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


__all__ = ["WIDTH", "width", "wrap"]
