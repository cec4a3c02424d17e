"""Stage 0 for text that lost the page's reading order: its blank-line-separated blocks put back together.

`pdftotext` in its default mode emits a page's blocks in an order that is not the reading order: a column that
continues a story stands before the story's headline, two narrow columns come interleaved line by line, a
headline stands far from its body. The blocks are pieces of a jigsaw, chained here by evidence of the whole page:

* a column has the same width in characters in all its blocks;
* a block that ends mid-sentence is continued by a block whose first line is no paragraph's start (full width,
  or a stop that no line starts with) and whose first characters finish the last word of the block before
  (`…二期工` + `程成功投产`: the dictionary knows `工程`); a cut falls inside a word about half of the time, two
  unrelated lines meet inside one about one time in twenty;
* lines that alternate between two columns are told apart the same way: read one after the other they rarely
  meet inside a word, read column by column they often do;
* a headline set apart from its story echoes the story's lead.

A continuation that the text order already gives is kept; a block is moved only where the text order breaks a
sentence (the block after an open end starts a story, or is a headline) and one continuation is clearly the
best. When nothing breaks, the text is returned as it was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .repair import display_width, ends_sentence, strip_extraction_spaces, unspace_justified
from .vocab import _CAPTION, _CAPTION_CREDIT, _START, _SUBTITLE

# A word of the dictionary counts as evidence when it is at least this common (jieba's counts: rare entries
# join unrelated characters too easily).
MIN_WORD_FREQ = 20
# Two blocks are of one column when their usual line widths differ by at most this many characters.
WIDTH_SLACK = 1.5
# A block's width is trusted to differ from another's when measured on at least this many lines of prose.
RELIABLE_LINES = 3
# A line at most this much short of its column is full width: no paragraph starts on it (a first line is
# indented by two characters).
FULL_SLACK = 1.0
# Join evidence, in points: a word across the cut, a line starting on a stop, a full-width first line.
WORD_POINTS, STOP_POINTS, FULL_POINTS = 2.0, 2.0, 1.0
# A block is moved on a word across the cut or a stop (MOVE_STRONG), with this margin over any rival pairing;
# or, as the only orphan left for the only break of its column, on a full-width first line (MOVE_MIN).
MOVE_STRONG, MOVE_MIN, MOVE_MARGIN = 2.0, 1.0, 1.0
# Interleaved columns: a block of at least this many lines whose column-by-column reading meets inside words
# at least INTERLEAVE_GAIN more times than its line-by-line reading, which itself reads on at most
# INTERLEAVE_SEQ_SHARE of the time (true wraps: about half).
INTERLEAVE_MIN_LINES = 8
INTERLEAVE_GAIN = 4
INTERLEAVE_SEQ_SHARE = 0.2
# ...and whose lines all carry words, at most this share of them short of the column (paragraph ends).
INTERLEAVE_SHORT = 0.25
# A headline echoes its story's lead: the share of its character pairs found in the lead's first LEAD_CHARS.
LEAD_CHARS = 300
ECHO_STRONG, ECHO_MARGIN = 0.45, 2.0

# a story's first sentence opens on its date (`10月9日，…`); a byline line opens on a mark or a title (□ 田昀澍)
_DATE_LEAD = re.compile(r"^\d{1,2}月\d{1,2}日[，,]")
_BYLINE_MARK = re.compile(r"^(?:[□■○●◎◇◆]|(?:本报)?(?:记者|通讯员))")
_BODY_PUNCT = re.compile(r"[，。、；！？,;!?]")
_PROSE = re.compile(r"[，。、；：！？,;!?]")
_NEVER_STARTS = re.compile(r"^[，。、；：！？）》」』”’…,.;:!?%)]")
_OPEN_TAIL = re.compile(r"[\u3400-\u9fff0-9A-Za-z，、；：“‘（《(]$")
_HAN = re.compile(r"[\u3400-\u9fff]")
_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")

_FREQ: dict[str, int] | None = None


def _freq() -> dict[str, int]:
    """jieba's word counts, loaded once, on the first page that needs them."""
    global _FREQ
    if _FREQ is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _FREQ = jieba.dt.FREQ
    return _FREQ


def _norm(text: str) -> str:
    return strip_extraction_spaces(unspace_justified(" ".join(text.split())))


def _flat(text: str) -> str:
    return "".join(text.split())


def _width(text: str) -> float:
    return display_width(_norm(text))


def _word_across(a: str, b: str) -> bool:
    """Does a dictionary word run from the end of line a into the start of line b?"""
    tail, head = _flat(a)[-3:], _flat(b)[:3]
    freq = _freq()
    for i in range(1, len(tail) + 1):
        for j in range(1, min(len(head), 4 - i) + 1):
            word = tail[-i:] + head[:j]
            if _HAN.fullmatch(word[0]) and all(_HAN.fullmatch(c) for c in word) and freq.get(word, 0) >= MIN_WORD_FREQ:
                return True
    return False


def _is_display(line: str) -> bool:
    """A headline, kicker, subtitle or byline line: no prose punctuation at all."""
    norm = _norm(line)
    return bool(norm) and (_SUBTITLE.match(norm) is not None or not _PROSE.search(norm))


def _starts_story(line: str) -> bool:
    """A line no continuation starts with: an article start (本报讯…) or a photo caption."""
    norm = _norm(line)
    return bool(_START.match(norm) or _CAPTION.match(norm) or _CAPTION_CREDIT.search(norm))


def _column(lines: list[str]) -> float:
    """A block's usual line width: the upper quartile of its prose lines (the widest when there are few)."""
    widths = sorted(_width(t) for t in lines if _PROSE.search(t))
    if not widths:
        return 0.0
    return widths[int(len(widths) * 0.75)] if len(widths) >= 4 else widths[-1]


@dataclass
class _Piece:
    idx: int
    head: list[tuple[str, int]]                 # leading display lines (text, line number)
    body: list[tuple[str, int]]
    col: float = 0.0
    detached: bool = False                      # its head was left behind when its body was moved
    left: bool = False                          # the head some moved body left behind
    subtitles: list[_Piece] = field(default_factory=list)

    @property
    def open_end(self) -> bool:
        """Its body ends mid-sentence (a wrapped line, not a signature or a closing bracket)."""
        if not self.body:
            return False
        last = self.body[-1][0].strip()
        if ends_sentence(last) or not _OPEN_TAIL.search(last):
            return False
        # a line without punctuation after a sentence's end is a signature (宗何), not a wrapped line
        before = self.body[-2][0].strip() if len(self.body) > 1 else ""
        if _is_display(last) and (not before or ends_sentence(before)):
            return False
        # a line stops mid-sentence only where its column is full
        return self.measured and _width(last) >= self.col - WIDTH_SLACK

    @property
    def measured(self) -> bool:
        """Its column width is known from at least two lines of prose."""
        return sum(bool(_PROSE.search(t)) for t, _ in self.body) >= 2

    @property
    def reliable(self) -> bool:
        """Its column width is known well enough to tell it from another: from RELIABLE_LINES lines of prose."""
        return sum(bool(_PROSE.search(t)) for t, _ in self.body) >= RELIABLE_LINES


def _split_head(lines: list[tuple[str, int]], idx: int) -> _Piece:
    """A block as a piece: its leading headline lines (when something says they are: nothing but them, a
    dash or byline mark, or a story's first line after them) and its body."""
    k = 0
    while k < len(lines) and _is_display(lines[k][0]):
        k += 1
    marked = any(_SUBTITLE.match(_norm(t)) or _BYLINE_MARK.match(_norm(t)) for t, _ in lines[:k])
    if k < len(lines) and not marked and not _starts_story(lines[k][0]) and not _DATE_LEAD.match(_norm(lines[k][0])):
        k = 0
    body = lines[k:]
    piece = _Piece(idx, lines[:k], body)
    piece.col = _column([t for t, _ in body])
    return piece


def _runs_on(prev: _Piece, line: str) -> bool:
    """A line without punctuation that finishes the word the block before left open (`央视华` + `语环球节目中心…`)
    is body, not a headline."""
    return prev.open_end and not _SUBTITLE.match(_norm(line)) and _join(prev.body[-1][0], line, prev.col) >= MOVE_STRONG


def _blocks(lines: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    blocks: list[list[tuple[str, int]]] = [[]]
    for text, no in lines:
        if text.strip():
            blocks[-1].append((text, no))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _join(a: str, b: str, col: float) -> float:
    """Evidence that line b continues line a (a ends mid-sentence)."""
    score = 0.0
    if _NEVER_STARTS.match(b.strip()):
        score += STOP_POINTS
    if _word_across(a, b):
        score += WORD_POINTS
    width = _width(b)
    if col and width >= col - FULL_SLACK:
        score += FULL_POINTS
    elif not ends_sentence(b.strip()):
        score -= FULL_POINTS        # a short line that runs on is a paragraph's indented first line
    return score


# ---- interleaved columns ---------------------------------------------------------------------------------

def _halves(text: str, col: float) -> list[str]:
    """A line holding two columns' lines side by side (`手。加快发展…人工智能， 一方面，要加快打通…`), cut at the
    space that leaves each half about one column wide."""
    if col <= 0 or _width(text) < 1.6 * col:
        return [text]
    for m in re.finditer(r"\s+", text.strip()):
        left, right = text.strip()[:m.start()], text.strip()[m.end():]
        if abs(_width(left) - col) <= 2 and abs(_width(right) - col) <= 2:
            return [left, right]
    return [text]


def _meets(a: str, b: str, col: float) -> int:
    """1 when line b reads on from line a: a word or a stop across the cut, or, after a finished sentence, a
    paragraph's first line (short of the column by its indent of two)."""
    if ends_sentence(a.strip()):
        return 1 if col and abs(_width(b) - (col - 2)) <= 1 and not ends_sentence(b.strip()) else 0
    return 1 if _word_across(a, b) or _NEVER_STARTS.match(b.strip()) else 0


def _two_chains(lines: list[str], col: float) -> tuple[int, list[int]]:
    """The best split of the lines into two columns read in order (most cuts inside a word; where the words
    cannot tell, the columns alternate, as interleaved lines do): (cuts, chain of each line). A small dynamic
    programme over the last line of the other chain."""
    n = len(lines)
    # best[j] = ((cuts, switches), assignment) with the current line last of its chain and j last of the other
    best: dict[int, tuple[tuple[int, int], list[int]]] = {-1: ((0, 0), [0])}
    for k in range(1, n):
        nxt: dict[int, tuple[tuple[int, int], list[int]]] = {}
        for j, ((cuts, switches), assign) in best.items():
            own = assign[k - 1]
            for cand, gain, chain in ((j, _meets(lines[k - 1], lines[k], col), own),
                                      (k - 1, _meets(lines[j], lines[k], col) if j >= 0 else 0, 1 - own)):
                total = (cuts + gain, switches + (chain != own))
                if cand not in nxt or total > nxt[cand][0]:
                    nxt[cand] = (total, [*assign, chain])
        best = nxt
    (cuts, _), assign = max(best.values(), key=lambda v: v[0])
    return cuts, assign


def _deinterleave(block: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """A block whose lines alternate between two columns, as its two columns (in reading order); else itself."""
    if len(block) < INTERLEAVE_MIN_LINES:
        return [block]
    col = _column([t for t, _ in block])
    lines = [(half, no) for text, no in block for half in _halves(text, col)]
    texts = [t for t, _ in lines]
    # only lines of prose, most of them full: a run of figures or labels set apart is not a column
    if any(not _HAN.search(t) for t in texts) or sum(_width(t) < col - 2 for t in texts) > INTERLEAVE_SHORT * len(texts):
        return [block]
    seq = sum(_meets(a, b, col) for a, b in zip(texts, texts[1:], strict=False))
    cuts, assign = _two_chains(texts, col)
    switches = sum(x != y for x, y in zip(assign, assign[1:], strict=False))
    if cuts < seq + INTERLEAVE_GAIN or seq > INTERLEAVE_SEQ_SHARE * (len(texts) - 1) or switches < len(lines) / 3:
        return [block]
    chains = [[ln for ln, c in zip(lines, assign, strict=True) if c == k] for k in (0, 1)]
    # the column whose first line runs on at full width continues the other: it is read second
    first, second = chains
    full = [bool(ch) and not ends_sentence(ch[0][0].strip()) and _width(ch[0][0]) >= col - FULL_SLACK
            for ch in chains]
    if full[0] and not full[1]:
        first, second = second, first
    return [first, second]


# ---- the jigsaw ----------------------------------------------------------------------------------------

def _same_column(x: _Piece, y: _Piece) -> bool:
    """Widths say nothing against it (a width known from one or two lines is not trusted to differ)."""
    return not (x.reliable and y.reliable) or abs(x.col - y.col) <= WIDTH_SLACK


def _sequential(x: _Piece, s: _Piece | None) -> bool:
    """The block after x in the text goes on with x's column: nothing says otherwise (a headline, an article
    start, a different width)."""
    if s is None or s.head or not s.body or not x.body or _starts_story(s.body[0][0]) or not _same_column(x, s):
        return False
    # after a closed end, the next block is of this column only if their widths agree
    return x.open_end or (x.reliable and s.reliable)


def _orphan_start(y: _Piece) -> bool:
    """y's first line is no paragraph's or story's start: the rest of a sentence begun elsewhere."""
    if not y.measured or _starts_story(y.body[0][0]):
        return False
    first = y.body[0][0].strip()
    return bool(_NEVER_STARTS.match(first)) or ends_sentence(first) or _width(first) >= y.col - FULL_SLACK


def _pairs(breaks: list[_Piece], orphans: list[_Piece]) -> list[tuple[float, _Piece, _Piece]]:
    return [(_join(x.body[-1][0], y.body[0][0], x.col), x, y)
            for x in breaks for y in orphans if y.idx != x.idx and _same_column(x, y)]


def _clear(score: float, x: _Piece, y: _Piece, pairs: list[tuple[float, _Piece, _Piece]]) -> bool:
    """No other free pairing of x or of y comes within MOVE_MARGIN of this one."""
    return all(s <= score - MOVE_MARGIN for s, a, b in pairs if (a is x) != (b is y))


def _link(pieces: list[_Piece]) -> tuple[dict[int, int], set[int]]:
    """The next piece of each piece's chain, and the pieces moved out of text order to get there.

    The text order stands wherever nothing contradicts it. Where it breaks an open sentence, the break is
    matched to an orphan (a block whose first line starts no paragraph and follows nothing that continues
    into it): first by words across the cut or a stop (the strongest, clear of every rival first), then
    where only one orphan of the column is left for only one break."""
    nxt: dict[int, int] = {}
    breaks = []
    for k, x in enumerate(pieces):
        s = pieces[k + 1] if k + 1 < len(pieces) else None
        if _sequential(x, s):
            nxt[x.idx] = s.idx
        elif x.open_end:
            breaks.append(x)
    followers = set(nxt.values())
    # a block after a finished sentence may be that story's next paragraph: only a block after a headline, or
    # after a sentence left open that it does not finish, has lost its place
    orphans = [y for k, y in enumerate(pieces) if y.idx not in followers and y.body and _orphan_start(y)
               and k > 0 and (not pieces[k - 1].body or pieces[k - 1].open_end)]
    moved: set[int] = set()

    def chain_end(i: int) -> int:
        while i in nxt:
            i = nxt[i]
        return i

    while breaks and orphans:
        # no pairing closes a loop: y's chain must not lead back to x
        pairs = [(sc, x, y) for sc, x, y in _pairs(breaks, orphans) if chain_end(y.idx) != x.idx]
        strong = [(sc, x, y) for sc, x, y in pairs if sc >= MOVE_STRONG and _clear(sc, x, y, pairs)]
        # without words to go by, only widths measured on both sides and agreeing closely say "same column"
        fit = [(sc, x, y) for sc, x, y in pairs if sc >= MOVE_MIN and x.reliable and y.reliable
               and abs(x.col - y.col) <= FULL_SLACK and _BODY_PUNCT.search(y.body[0][0])]
        only = [(sc, x, y) for sc, x, y in fit
                if sum(a is x for _, a, _ in fit) == 1 and sum(b is y for _, _, b in fit) == 1]
        chosen = max(strong, key=lambda t: t[0]) if strong else (only[0] if only else None)
        if chosen is None:
            break
        _, x, y = chosen
        nxt[x.idx] = y.idx
        moved.add(y.idx)
        breaks.remove(x)
        orphans.remove(y)
        if y.head:         # its headline lines stay where they were printed
            y.detached = True
    return nxt, moved


def _bigrams(text: str) -> set[str]:
    toks = _TOKEN.findall(text)
    return {toks[i] + toks[i + 1] for i in range(len(toks) - 1)}


def _echo(line: str, lead: str) -> float:
    grams = _bigrams(line)
    return len(grams & _bigrams(lead)) / len(grams) if len(grams) >= 3 else 0.0


def _chains(pieces: list[_Piece], nxt: dict[int, int]) -> list[list[_Piece]]:
    by_idx = {p.idx: p for p in pieces}
    followers = set(nxt.values())
    out = []
    for p in pieces:
        if p.idx in followers:
            continue
        chain = [p]
        while chain[-1].idx in nxt:
            chain.append(by_idx[nxt[chain[-1].idx]])
        out.append(chain)
    return out


def _place_heads(chains: list[list[_Piece]]) -> list[list[_Piece]]:
    """Headline lines left stranded by the moves (a detached head, or a lone headline now followed by another
    headline) go to the story whose lead they echo clearly: a subtitle (——…) under that story's headline,
    anything else before the story."""
    leads = [_flat("".join(t for p in ch for t, _ in p.body))[:LEAD_CHARS] for ch in chains]
    stranded = []
    for k, ch in enumerate(chains):
        p = ch[0]
        after = chains[k + 1][0] if k + 1 < len(chains) else None
        lone = not p.body and len(ch) == 1 and (after is None or after.head or not after.body)
        if p.left or lone:
            stranded.append(k)
    moves: dict[int, int] = {}
    for k in stranded:
        text = " ".join(t for t, _ in chains[k][0].head)
        subtitle = _SUBTITLE.match(_norm(text)) is not None
        # a headline goes before a story's start (本报讯, its photo), a subtitle under a story's headline
        targets = [j for j, ch in enumerate(chains) if j != k and ch[0].body
                   and (ch[0].head if subtitle else not ch[0].head and _starts_story(ch[0].body[0][0]))]
        echoes = sorted(((_echo(text, leads[j]), j) for j in targets), reverse=True)
        if echoes and echoes[0][0] >= ECHO_STRONG and (len(echoes) < 2 or echoes[0][0] >= ECHO_MARGIN * echoes[1][0]):
            moves[k] = echoes[0][1]
    if not moves:
        return chains
    out: list[list[_Piece]] = []
    for j, ch in enumerate(chains):
        if j in moves:
            continue
        mine = [chains[k][0] for k, t in moves.items() if t == j]
        subs = [p for p in mine if p.head and _SUBTITLE.match(_norm(p.head[0][0])) and ch[0].head]
        ch[0].subtitles.extend(subs)
        out.append([p for p in mine if p not in subs] + ch)
    return out


def _emit(chains: list[list[_Piece]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for ch in chains:
        for p in ch:
            # a moved body's head was left where it was printed, as a piece of its own
            lines = list(p.body) if p.detached else [*p.head, *(ln for s in p.subtitles for ln in s.head), *p.body]
            if lines:
                out.extend(lines)
                out.append(("", -1))
    return out


def _pieces(lines: list[tuple[str, int]]) -> tuple[list[_Piece], bool]:
    """The page's blocks (interleaved columns told apart) as pieces, and whether any block was interleaved."""
    parts: list[list[tuple[str, int]]] = []
    interleaved = False
    for b in _blocks(lines):
        cols = _deinterleave(b)
        interleaved |= len(cols) > 1
        parts.extend(cols)
    pieces: list[_Piece] = []
    for part in parts:
        p = _split_head(part, len(pieces))
        if pieces and p.head and _runs_on(pieces[-1], p.head[0][0]):
            p = _Piece(len(pieces), [], part, _column([t for t, _ in part]))
        pieces.append(p)
    return pieces, interleaved


def reorder(lines: list[tuple[str, int]]) -> list[tuple[str, int]] | None:
    """The page's lines (text, line number; blank lines included) in reading order, or None when the text
    order is kept: no block ends mid-sentence without its continuation after it, and no block interleaves
    two columns."""
    pieces, interleaved = _pieces(lines)
    nxt, moved = _link(pieces)
    if not moved and not interleaved:
        return None
    # a detached head becomes a lone headline piece where it was printed
    final: list[_Piece] = []
    for p in pieces:
        if p.detached:
            final.append(_Piece(-1 - p.idx, p.head, [], left=True))
        final.append(p)
    chains = _chains(final, nxt)
    if moved:
        chains = _place_heads(chains)
    return _emit(chains)
