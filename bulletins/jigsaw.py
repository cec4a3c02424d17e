"""Stage 0 for text that lost the page's reading order: its blank-line-separated blocks put back together.

`pdftotext` in its default mode emits a page's blocks in an order that is not the reading order: a column that
continues a story stands before the story's headline, two narrow columns come interleaved line by line, a
headline stands far from its body. The blocks are pieces of a jigsaw, chained by evidence of the whole page:

* a column has the same width in characters in all its blocks, and a line stops mid-sentence only where its
  column is full;
* a block whose open sentence the next block does not take up (that block starts a story, or is a headline)
  is a *break*; a block whose first line starts nothing (full width, a stop no line starts with, or the end of
  a sentence), standing after a headline or after an open sentence it does not finish, is an *orphan*;
* a break is continued by the orphan whose first characters finish its last word (`…二期工` + `程成功投产`:
  the dictionary knows `工程`; a cut falls inside a word about half of the time, two unrelated lines meet
  inside one about one time in twenty), clear of every rival; failing words, by the only orphan of its width
  left for it, where both widths are measured on three lines or more;
* lines that alternate between two columns are told apart the same way: read one after the other they rarely
  read on, read column by column they often do;
* a headline the moves left stranded goes to the story whose lead it echoes.

Before any of this, columns.py takes apart the bands of narrow columns that pdfminer and pdftotext emit row by
row, a line or two a block (each band then comes as one block, read column by column).

The text order stands wherever nothing contradicts it: when no block breaks and none interleaves, the page is
returned as it was, and the later stages see exactly the text they always saw. The dictionary (jieba's) is
loaded once per process, on the first text page that needs a word looked up (about a second).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .columns import _norm, _width, untangle
from .repair import ends_sentence
from .vocab import _CAPTION, _CAPTION_CREDIT, _START, _SUBTITLE, CREDIT_ENDS

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
# Bounds on the work, far above any newspaper page (a page has tens of blocks; a column, tens of lines): a larger
# block is not searched for two columns, a page of more pieces is left in its order.
INTERLEAVE_MAX_LINES = 240
MAX_PIECES = 400
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
    """jieba's word counts, loaded once, on the first page that needs them, by the summarizers' loader (one
    dictionary per process, its cache in the user's cache folder, never in /tmp)."""
    global _FREQ
    if _FREQ is None:
        from summarizers.nlp import jieba_module

        _FREQ = jieba_module().dt.FREQ
    return _FREQ


def _flat(text: str) -> str:
    return "".join(text.split())


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def _flat_ends(text: str) -> tuple[str, str]:
    """The last three and the first three characters of the text without its whitespace (= _flat(text)[-3:],
    _flat(text)[:3], without joining the whole line)."""
    tail: list[str] = []
    for c in reversed(text):
        if not c.isspace():
            tail.append(c)
            if len(tail) == 3:
                break
    head: list[str] = []
    for c in text:
        if not c.isspace():
            head.append(c)
            if len(head) == 3:
                break
    return "".join(reversed(tail)), "".join(head)


def _word_across(a: str, b: str) -> bool:
    """Does a dictionary word run from the end of line a into the start of line b?"""
    tail, head = _flat_ends(a)[0], _flat_ends(b)[1]
    freq = _freq()
    # a word is all Han: tail[-i:] must be (so no longer tail is once it is not), and so must head[:j]
    heads = 0
    while heads < len(head) and _is_han(head[heads]):
        heads += 1
    for i in range(1, len(tail) + 1):
        if not _is_han(tail[-i]):
            break
        for j in range(1, min(heads, 4 - i) + 1):
            if freq.get(tail[-i:] + head[:j], 0) >= MIN_WORD_FREQ:
                return True
    return False


def _is_display(line: str) -> bool:
    """A headline, kicker, subtitle or byline line: no prose punctuation at all."""
    norm = _norm(line)
    return bool(norm) and (_SUBTITLE.match(norm) is not None or not _PROSE.search(norm))


def _starts_story(line: str) -> bool:
    """A line no continuation starts with: an article start (本报讯…) or a photo caption."""
    norm = _norm(line)
    return bool(_START.match(norm) or _CAPTION.match(norm)
                or (norm.endswith(CREDIT_ENDS) and _CAPTION_CREDIT.search(norm)))


def _column(lines: list[str]) -> float:
    """A block's usual line width: the upper quartile of its prose lines (the widest when there are few)."""
    widths = sorted(_width(t) for t in lines if _PROSE.search(t))
    if not widths:
        return 0.0
    return widths[int(len(widths) * 0.75)] if len(widths) >= 4 else widths[-1]


@dataclass
class _Piece:
    """One block of the page (or one column of an interleaved block): headline lines, then body lines."""

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


def _opens_story(line: str) -> bool:
    """A story's first line (本报讯…)."""
    return _START.match(_norm(line)) is not None


def _is_caption(line: str) -> bool:
    """A photo caption or credit: set apart from every column."""
    norm = _norm(line)
    return bool(_CAPTION.match(norm) or (norm.endswith(CREDIT_ENDS) and _CAPTION_CREDIT.search(norm)))


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
        on = _meets(lines[k - 1], lines[k], col)       # the same for every state
        for j, ((cuts, switches), assign) in best.items():
            own = assign[k - 1]
            for cand, gain, chain in ((j, on, own),
                                      (k - 1, _meets(lines[j], lines[k], col) if j >= 0 else 0, 1 - own)):
                total = (cuts + gain, switches + (chain != own))
                if cand not in nxt or total > nxt[cand][0]:
                    nxt[cand] = (total, [*assign, chain])
        best = nxt
    (cuts, _), assign = max(best.values(), key=lambda v: v[0])
    return cuts, assign


def _column_lines(texts: list[str], col: float) -> bool:
    """Only lines of prose, most of them full: a run of figures or labels set apart is not a column."""
    return all(_HAN.search(t) for t in texts) and sum(_width(t) < col - 2 for t in texts) <= INTERLEAVE_SHORT * len(texts)


def _interleaving(texts: list[str], col: float) -> list[int] | None:
    """The column of each line when the lines read far better as two columns than in their order; else None."""
    limit, seq = INTERLEAVE_SEQ_SHARE * (len(texts) - 1), 0
    for a, b in zip(texts, texts[1:], strict=False):
        seq += _meets(a, b, col)
        if seq > limit:         # already reads on too often in its order: the rest cannot change that
            return None
    cuts, assign = _two_chains(texts, col)
    switches = sum(x != y for x, y in zip(assign, assign[1:], strict=False))
    return assign if cuts >= seq + INTERLEAVE_GAIN and switches >= len(texts) / 3 else None


def _deinterleave(block: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """A block whose lines alternate between two columns, as its two columns (in reading order); else itself."""
    if not INTERLEAVE_MIN_LINES <= len(block) <= INTERLEAVE_MAX_LINES:
        return [block]
    col = _column([t for t, _ in block])
    lines = [(half, no) for text, no in block for half in _halves(text, col)]
    texts = [t for t, _ in lines]
    assign = _interleaving(texts, col) if _column_lines(texts, col) else None
    if assign is None:
        return [block]
    return _read_order([[ln for ln, c in zip(lines, assign, strict=True) if c == k] for k in (0, 1)], col)


def _read_order(chains: list[list[tuple[str, int]]], col: float) -> list[list[tuple[str, int]]]:
    """The column whose first line runs on at full width continues the other: it is read second."""
    runs = [bool(ch) and not ends_sentence(ch[0][0].strip()) and _width(ch[0][0]) >= col - FULL_SLACK
            for ch in chains]
    return chains[::-1] if runs[0] and not runs[1] else chains


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


def _clear(pairs: list[tuple[float, _Piece, _Piece]]) -> list[tuple[float, _Piece, _Piece]]:
    """The pairings that no other free pairing of either piece comes within MOVE_MARGIN of (linear: each
    piece's two best scores are counted once)."""
    tops: dict[tuple[str, int], list[float]] = {}
    for sc, x, y in pairs:
        for key in (("x", x.idx), ("y", y.idx)):
            tops[key] = sorted([*tops.get(key, []), sc], reverse=True)[:2]

    def rival(key: tuple[str, int], sc: float) -> float:
        best = tops[key]
        return best[1] if best[0] == sc and len(best) > 1 else (best[0] if best[0] != sc else float("-inf"))

    return [(sc, x, y) for sc, x, y in pairs
            if max(rival(("x", x.idx), sc), rival(("y", y.idx), sc)) <= sc - MOVE_MARGIN]


def _text_order(pieces: list[_Piece]) -> tuple[dict[int, int], list[_Piece]]:
    """The chains the text order gives (each piece to the next where nothing says otherwise), and the breaks:
    pieces whose open sentence the next piece does not continue."""
    nxt: dict[int, int] = {}
    breaks = []
    for k, x in enumerate(pieces):
        s = pieces[k + 1] if k + 1 < len(pieces) else None
        if _sequential(x, s):
            nxt[x.idx] = s.idx
        elif x.open_end:
            breaks.append(x)
    return nxt, breaks


def _orphans(pieces: list[_Piece], followers: set[int]) -> list[_Piece]:
    """Pieces that lost their place: a first line that starts nothing, after a headline or after an open
    sentence it does not finish (after a finished sentence, a block may be the story's next paragraph)."""
    return [y for k, y in enumerate(pieces) if y.idx not in followers and y.body and _orphan_start(y)
            and k > 0 and (not pieces[k - 1].body or pieces[k - 1].open_end)]


_Pair = tuple[float, _Piece, _Piece]


def _fits(pair: _Pair) -> bool:
    """Without words to go by: widths measured on both sides and agreeing closely, and a first line of prose."""
    sc, x, y = pair
    return (sc >= MOVE_MIN and x.reliable and y.reliable and abs(x.col - y.col) <= FULL_SLACK
            and _BODY_PUNCT.search(y.body[0][0]) is not None)


def _choose(pairs: list[_Pair]) -> _Pair | None:
    """The pairing to make next: the strongest on words or stops that is clear of its rivals; else the only
    pairing left for both its pieces among those that fit."""
    strong = [p for p in _clear(pairs) if p[0] >= MOVE_STRONG]
    if strong:
        return max(strong, key=lambda t: t[0])
    fit = [p for p in pairs if _fits(p)]
    xs, ys = Counter(p[1].idx for p in fit), Counter(p[2].idx for p in fit)
    only = [p for p in fit if xs[p[1].idx] == 1 and ys[p[2].idx] == 1]
    return only[0] if only else None


def _link(pieces: list[_Piece]) -> tuple[dict[int, int], set[int]]:
    """The next piece of each piece's chain, and the pieces moved out of text order to get there.

    The text order stands wherever nothing contradicts it. Where it breaks an open sentence, the break is
    matched to an orphan: first by words across the cut or a stop, then where only one orphan of the column
    is left for only one break. A moved piece's headline lines stay where they were printed."""
    nxt, breaks = _text_order(pieces)
    orphans = _orphans(pieces, set(nxt.values()))
    moved: set[int] = set()

    def chain_end(i: int) -> int:
        while i in nxt:
            i = nxt[i]
        return i

    pairs = _pairs(breaks, orphans)
    while pairs:
        # no pairing closes a loop: y's chain must not lead back to x
        chosen = _choose([(sc, x, y) for sc, x, y in pairs if chain_end(y.idx) != x.idx])
        if chosen is None:
            break
        _, x, y = chosen
        pairs = [p for p in pairs if p[1] is not x and p[2] is not y]
        nxt[x.idx] = y.idx
        moved.add(y.idx)
        y.detached = bool(y.head)
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


def _stranded(chains: list[list[_Piece]]) -> list[int]:
    """Headline lines the moves left stranded: a moved body's head, or a lone headline now followed by
    another headline (or by nothing)."""
    out = []
    for k, ch in enumerate(chains):
        after = chains[k + 1][0] if k + 1 < len(chains) else None
        lone = not ch[0].body and len(ch) == 1 and (after is None or bool(after.head) or not after.body)
        if ch[0].left or lone:
            out.append(k)
    return out


def _takes(p: _Piece, subtitle: bool) -> bool:
    """p can take a stranded line: a subtitle when p has its headline, a headline when p starts a story bare."""
    if not p.body or p.detached:        # a moved body's headline lines are not with it
        return False
    return bool(p.head) if subtitle else not p.head and _starts_story(p.body[0][0])


def _home(k: int, chains: list[list[_Piece]], leads: list[str]) -> int | None:
    """The story whose lead a stranded headline echoes clearly: a headline goes before a story's start (本报讯,
    its photo), a subtitle (——…) under a story's headline."""
    text = " ".join(t for t, _ in chains[k][0].head)
    subtitle = _SUBTITLE.match(_norm(text)) is not None
    targets = [j for j, ch in enumerate(chains) if j != k and _takes(ch[0], subtitle)]
    echoes = sorted(((_echo(text, leads[j]), j) for j in targets), reverse=True)
    if echoes and echoes[0][0] >= ECHO_STRONG and (len(echoes) < 2 or echoes[0][0] >= ECHO_MARGIN * echoes[1][0]):
        return echoes[0][1]
    return None


def _place_heads(chains: list[list[_Piece]]) -> list[list[_Piece]]:
    """Stranded headline lines go to the story whose lead they echo; the others stay where they were printed."""
    leads = [_flat("".join(t for p in ch for t, _ in p.body))[:LEAD_CHARS] for ch in chains]
    moves = {k: j for k in _stranded(chains) if (j := _home(k, chains, leads)) is not None}
    out: list[list[_Piece]] = []
    for j, ch in enumerate(chains):
        if j not in moves:
            mine = [chains[k][0] for k, t in moves.items() if t == j]
            subs = [p for p in mine if _takes(ch[0], True) and _SUBTITLE.match(_norm(p.head[0][0]))]
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


def _closed(block: list[tuple[str, int]]) -> bool:
    """The piece made of this block cannot end open (_Piece.open_end is False whatever its head and column): its
    last line ends a sentence or on no open character, or is a display line alone or after a sentence's end."""
    last = block[-1][0].strip()
    if ends_sentence(last) or not _OPEN_TAIL.search(last):
        return True
    # (the piece's body ends on the block's last line; its line before is the block's, or there is none)
    return _is_display(last) and (len(block) == 1 or ends_sentence(block[-2][0].strip()))


def _pieces(lines: list[tuple[str, int]]) -> tuple[list[_Piece], bool] | None:
    """The page's blocks (interleaved columns told apart) as pieces, and whether any block was interleaved;
    None when nothing can move: no block interleaved and none can end open (no piece is a break, so the
    jigsaw pairs nothing), and the pieces are not built."""
    parts: list[list[tuple[str, int]]] = []
    blocks = _blocks(lines)
    bands = untangle(blocks, _is_display, _opens_story, _is_caption, _word_across, lambda t: bool(_NEVER_STARTS.match(t)))
    interleaved = bands is not None
    for b in bands or blocks:
        cols = _deinterleave(b)
        interleaved |= len(cols) > 1
        parts.extend(cols)
    if not interleaved and all(_closed(part) for part in parts):
        return None
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
    got = _pieces(lines)
    if got is None:
        return None
    pieces, interleaved = got
    if len(pieces) > MAX_PIECES:
        return None
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
