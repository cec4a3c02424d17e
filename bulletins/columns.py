"""Stage 0a: columns told apart when an extractor emits a page's columns row by row, in small blocks.

pdfminer and `pdftotext` (default mode) cut a page of three or four narrow columns into blocks of one or two
lines and emit them by height on the page: a line of the first column, the same row of the second and of the
third, the next row of the first... Inside one column the blocks keep their order, so a band of columns is a
merge of a few sequences, and it is taken apart again by the whole band's evidence:

* the page is cut into runs of body blocks at headlines, captions and stories' starts; in a run, the first k
  blocks head k columns (k = 2..5 tried) and every later block goes on the end of one of them (or, at a high
  cost, opens another: a story below or beside);
* each cut is scored by the log-odds of what meets there, true cut versus two lines of different columns: a
  dictionary word across it, a stop starting the next line, a bracket closed that the column opened; never an
  indented first line after a line cut mid-sentence, nor the rest of a sentence after a paragraph's end;
  widths: a block wider than its column is not of it;
* the emission order is by height, then left to right: a block goes to the column that waits at the highest
  row, or costs per row it skips (a column may instead be closed: it reached its foot);
* a column's foot goes on into the next column's head (that cut is scored too).

A beam search (BEAM states, at most MAX_COLUMNS first columns and MAX_OPENED in all) finds the best reading;
every cut's evidence is measured once per block, so the work is bounded by the number of blocks (a page of
more than MAX_BLOCKS is left alone). A run is rewritten only when its columns read on well in themselves (FIT)
and far better than the text order (GAIN): it then comes out as one block, read column after column.
Where the text cannot be explained so (pdftotext's default mode on most pages, reportlab pages whose figures
were drawn apart) it is left as it came.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from .repair import display_width, ends_sentence, per_line, strip_extraction_spaces, unspace_justified

# Evidence for block b going on after block a in one column, as log-odds (natural log) of how often a thing is
# seen at a true cut versus between lines of two columns, estimated from how text is set:
# a word across the cut: measured on the layout pages' true cuts (0.41 of them) and on random pairs of lines
# (0.05): ln(0.41 / 0.05), and ln(0.59 / 0.95) when it is missing;
WORD_SEEN, WORD_MISSED = 2.1, 0.48
# a stop no line starts with after an open line (about 1 in 10 true cuts, 1 in 30 others);
STOP_SEEN = 1.2
# a bracket closed that this column opened (or did not);
CLOSES = 1.5
# a first line after a paragraph's short last line (nearly always, versus one line in four);
START_AFTER_SHORT = 1.3
# after a sentence ending at full width, a first line (half the time, versus one in four) or not;
START_AFTER_FULL, RUNON_AFTER_FULL = 0.7, 0.3
# what a column never does: an open line followed by a first line or a story's start, a closed one by a stop
# or by a full line that runs on after a short last line;
NEVER = 3.0
# a block wider than its column, or whose full lines are of another width.
WIDTH_BAD = 3.0
# Emission order: per row a block stands below the row another open column waits at (ROW_SLACK forgiven), and
# once more for a column left of it on the same row; a column may instead be closed (it reached its foot).
ROW_BAD = 5.0
ROW_SLACK = 0.25
ROW_LEFT = 1.0
CLOSE = 2.0
# A column opened after a run's first blocks (a story set below or beside, inside one run) needs as much evidence
# as two impossible cuts; at most MAX_OPENED columns in a run. (Chosen on batches 1-2: 4.5 and 8 read batch 1's
# pdfminer pages at F1 0.23, 6 at 0.29; batch 2 the same at all three.)
NEW_LATE, MAX_OPENED = 6.0, 10
NEW_COLUMN = 1.0                                  # each of a band's first columns costs this much
# Columns open at once (a page of two stories side by side, four columns each, needs eight), states kept.
MAX_COLUMNS, BEAM = 5, 40
# The page is taken apart only when it has this many blocks, most of them small, and the columns read on
# better than the text order by GAIN points and by GAIN_SHARE of the text order's joins.
MIN_BLOCKS, MIN_RUN, SMALL_LINES, SMALL_SHARE = 12, 6, 1, 0.6
GAIN, GAIN_SHARE = 3.0, 0.1
FIT = 0.1
MAX_BLOCKS = 400
FULL_SLACK = 1.0
_HANG = "，。、；：！？”’）)"


Line = tuple[str, int]


@per_line
def _norm(text: str) -> str:
    return strip_extraction_spaces(unspace_justified(" ".join(text.split())))


@per_line
def _width(text: str) -> float:
    return display_width(_norm(text))


@dataclass(frozen=True)
class _Block:
    lines: tuple[Line, ...]
    widths: tuple[float, ...]
    display: bool            # no prose punctuation at all: a headline, kicker, byline, label
    start: bool              # a story's start or a caption: no column's continuation
    quote_end: bool | None   # a bracket or quote left open (True) or closed (False) by its last one; None: none
    # what the cuts look at, measured once (the work per pairing is then bounded, however long a line):
    last_ends: bool = False      # its last line ends a sentence
    last_unclosed: bool = False  # its last line leaves a bracket or quote open
    tail: str = ""               # its last characters
    first_ends: bool = False
    first_closes: bool = False   # its first line closes a bracket it did not open
    first_stop: bool = False     # its first line starts on a stop
    head: str = ""               # its first characters
    first_core: float = 0.0      # its first line's width without stops hanging at the end
    runs: tuple[float, ...] = ()  # the widths of its lines that end no sentence (they set a column's width)

    @property
    def full(self) -> float:
        return max(self.widths)


@dataclass(frozen=True)
class _Col:
    last: int                # index of its last block
    width: float             # its widest line (0 when only display lines)
    rows: float              # the row its next block would stand at
    quote: bool = False      # a bracket or quote is open at its end
    closed: bool = False     # it reached its foot: no block goes on it any more
    top: int = 0             # index of its first block
    seen: tuple[float, ...] = ()   # widths of its lines that run on (its width is known from two of them)


@dataclass
class _State:
    score: float
    cols: tuple[_Col, ...]
    row: float               # the row of the block emitted last
    parent: _State | None
    at: int                  # the column (index into cols) of the block emitted last
    prev: int                # the block this state's block went on after (-1: it opened a column)


def _unclosed(line: str) -> bool:
    """The line leaves a bracket or quote open (`本报讯（记者 罗明远 通讯员 何`)."""
    for o, c in ("（）", "()", "“”"):
        if line.rfind(o) > line.rfind(c):
            return True
    return False


def _closes(line: str) -> bool:
    """The line closes a bracket or quote it did not open (`晓琳）6月11日一早，…`)."""
    for o, c in ("（）", "()", "“”"):
        k = line.find(c)
        if k >= 0 and (line.find(o) < 0 or line.find(o) > k):
            return True
    return False


def _full(w: float, widths: tuple[float, ...]) -> bool:
    return any(abs(w - x) <= FULL_SLACK for x in widths)


def _indented(w: float, widths: tuple[float, ...], core: float | None = None) -> bool:
    """Two short of a column: a paragraph's first line (core: its width without the stops hanging at its end,
    which a typesetter may set past the indented line's edge)."""
    for x in widths:
        if core is not None and core < w and abs(core - (x - 2)) <= 0.5:
            return True
        if abs(w - (x - 2)) <= FULL_SLACK and abs(w - x) > FULL_SLACK:
            return True
    return False


def _core(line: str, width: float) -> float:
    """A line's width without the stops hanging at its end (set past the column's edge by some typesetters)."""
    return width - (len(line) - len(line.rstrip(_HANG)))


def _width_cost(b: _Block, width: float) -> float:
    """A block wider than its column, or whose full lines are of another width, is not of it."""
    if width and (b.full > width + FULL_SLACK + 0.5 or (len(b.lines) >= 2 and abs(b.full - width) > FULL_SLACK + 0.5)):
        return WIDTH_BAD
    return 0.0


def _after_open(a: _Block, b: _Block, starts: bool, word_across) -> float:  # noqa: ANN001
    """b after a line cut mid-sentence: never a first line; a stop or a word across the cut says it goes on."""
    if starts:
        return -NEVER
    return (STOP_SEEN if b.first_stop else 0.0) + (WORD_SEEN if word_across(a.tail, b.head) else -WORD_MISSED)


def _after_closed(a: _Block, b: _Block, starts: bool, ref: tuple[float, ...]) -> float:
    """b after a line that closes a sentence: something starts (a sentence at full width may also go on)."""
    if b.first_stop:
        return -NEVER
    if _full(a.widths[-1], ref):
        return START_AFTER_FULL if starts else -RUNON_AFTER_FULL
    if starts:
        return START_AFTER_SHORT
    return -NEVER if _full(b.widths[0], ref) and not b.first_ends else 0.0


def join_score(a: _Block, b: _Block, width: float, page: tuple[float, ...], word_across,  # noqa: ANN001
               quote: bool = False) -> float:
    """Evidence that block b goes on after block a in one column of this width (0: not known yet, the page's
    column widths stand in): the log-odds of what is seen at the cut, b after a versus b after a line of
    another column. Only what tells the two apart counts; a full line after a full line says nothing."""
    ref = (width,) if width else page
    score = -_width_cost(b, width)
    # a paragraph's first line (a short line that ends a sentence may as well be a paragraph's last)
    starts = b.start or (_indented(b.widths[0], ref, b.first_core) and not b.first_ends)
    if b.first_closes:
        # the bracket it closes was opened in this column, or elsewhere
        score += CLOSES if quote or a.last_unclosed else -CLOSES
    # a line stops mid-sentence where its column is full (a story's first line, spaced, or a paragraph's
    # first line ending on a comma is narrower by a few)
    if not a.last_ends and (any(a.widths[-1] >= x - 3.0 for x in ref) or a.last_unclosed or quote):
        return score + _after_open(a, b, starts, word_across)
    return score + _after_closed(a, b, starts, ref)


def _block(lines: list[Line], is_display, is_start, never_starts) -> _Block:  # noqa: ANN001
    widths = tuple(_width(t) for t, _ in lines)
    start = is_start(lines[0][0])
    last, first = lines[-1][0].strip(), lines[0][0].strip()
    return _Block(tuple(lines), widths, not start and all(is_display(t) for t, _ in lines), start,
                  _last_bracket(" ".join(t for t, _ in lines)),
                  last_ends=ends_sentence(last), last_unclosed=_unclosed(last), tail="".join(last[-12:].split()),
                  first_ends=ends_sentence(first), first_closes=_closes(first), first_stop=bool(never_starts(first)),
                  head="".join(first[:12].split()), first_core=_core(first, widths[0]),
                  runs=tuple(w for (t, _), w in zip(lines, widths, strict=True) if not ends_sentence(t.strip())))


def _last_bracket(text: str) -> bool | None:
    """Whether the text's last bracket or quote opens (True) or closes (False) one; None when it has none."""
    opens, closes = max(text.rfind(c) for c in "（(“"), max(text.rfind(c) for c in "）)”")
    return None if opens < 0 and closes < 0 else opens > closes


def _as_prose(b: _Block, page: tuple[float, ...]) -> _Block:
    """A line without punctuation about as wide as a column or its indented first line is prose, not a
    headline (a column's line holds no stop about one time in five; a headline is rarely a column wide)."""
    if b.display and all(any(x - 3.0 <= w <= x + FULL_SLACK for x in page) for w in b.widths):
        return replace(b, display=False)
    return b


def page_widths(blocks: list[list[Line]], is_display) -> tuple[float, ...]:  # noqa: ANN001
    """The page's column widths: the common widths of lines that run on (most are full; a paragraph's
    indented first line, two short, is not taken for a column of its own)."""
    counts: Counter[float] = Counter()
    for b in blocks:
        for t, _ in b:
            if not is_display(t) and not ends_sentence(t.strip()):
                counts[round(_width(t) * 2) / 2] += 1
    total = sum(counts.values())
    modes = [w for w, n in counts.items() if n >= max(4, 0.08 * total)]
    return tuple(w for w in modes if not any(abs(m - (w + 2)) <= 0.5 and counts[m] > counts[w] for m in modes))


def _column(c: _Col | None, i: int, b: _Block, rows: float) -> _Col:
    """Column c (or a new one) with block b on its end. Its width is known once two lines that run on agree
    (an indented first line, two short, does not set it)."""
    seen = c.seen if c else ()
    if not b.display:
        seen = tuple(sorted((*seen, *sorted(b.runs, reverse=True)[:3]), reverse=True)[:3])
    width = next((x for x, y in zip(seen, seen[1:], strict=False) if x - y <= FULL_SLACK), 0.0)
    return _Col(i, width, rows, _quote_after(c.quote if c else False, b), top=c.top if c else i, seen=seen)


def _quote_after(quote: bool, b: _Block) -> bool:
    """Whether a bracket or quote is still open after block b."""
    return quote if b.quote_end is None else b.quote_end


def _row_cost(st: _State, row: float, k: int) -> tuple[float, tuple[_Col, ...]]:
    """Rows out of the emission order (by height, then left to right) when the block stands at this row in
    column k (k == len(cols): a new column) while another column waits at a higher row (or at the same row,
    left of it); or, where cheaper, the cost of closing those columns (they reached their foot). Returns the
    cost and the columns after it."""
    cost, cols = 0.0, list(st.cols)
    for j, c in enumerate(st.cols):
        if j == k or c.closed:
            continue
        behind = row - c.rows - ROW_SLACK
        late = ROW_BAD * max(0.0, behind) + (ROW_BAD * ROW_LEFT if j < k and abs(behind + ROW_SLACK) <= ROW_SLACK else 0.0)
        if late > CLOSE:
            cost += CLOSE
            cols[j] = replace(c, closed=True)
        else:
            cost += late
    return cost, tuple(cols)


def _next_states(st: _State, i: int, b: _Block, score_of) -> list[_State]:  # noqa: ANN001
    """The states after block i: on the end of an open column, or opening a new one (a band below, or beside)."""
    out = []
    nb = float(len(b.lines))
    for j, c in enumerate(st.cols):
        if c.closed:
            continue
        cost, after = _row_cost(st, c.rows, j)
        sc = st.score + score_of(c.last, i, c.width, c.quote) - cost
        out.append(_State(sc, (*after[:j], _column(c, i, b, c.rows + nb), *after[j + 1:]), c.rows, st, j, c.last))
    if len(st.cols) < MAX_OPENED:
        cost, after = _row_cost(st, st.row, len(st.cols))
        new = replace(_column(None, i, b, st.row + nb), top=i)
        out.append(_State(st.score - NEW_LATE - cost, (*after, new), st.row, st, len(st.cols), -1))
    return out


def _assign_k(bl: list[_Block], k: int, score_of) -> tuple[float, list[int]]:  # noqa: ANN001
    """The best reading of a run of blocks as k columns whose first blocks are the run's first k, and any
    columns opened later (score, the column of each block, columns numbered as they open): a beam search."""
    cols = tuple(replace(_column(None, j, bl[j], float(len(bl[j].lines))), top=j) for j in range(k))
    beam = [_State(0.0, cols, 0.0, None, k - 1, -1)]
    for i in range(k, len(bl)):
        cand: dict[tuple, _State] = {}
        for st in beam:
            for nxt in _next_states(st, i, bl[i], score_of):
                key = tuple((x.last, x.rows, x.closed) for x in nxt.cols)
                if key not in cand or cand[key].score < nxt.score:
                    cand[key] = nxt
        beam = sorted(cand.values(), key=lambda s: -s.score)[:BEAM]

    def read_on(st: _State) -> float:
        """The band read column after column: each column's foot goes on into the next column's head."""
        return sum(score_of(c.last, d.top, c.width, c.quote) for c, d in zip(st.cols, st.cols[1:], strict=False))

    best = max(beam, key=lambda s: s.score + read_on(s))
    label = [0] * len(bl)
    st: _State | None = best
    for i in range(len(bl) - 1, k - 1, -1):
        assert st is not None
        label[i] = st.at
        st = st.parent
    for j in range(k):
        label[j] = j
    return best.score + read_on(best), label


def _text_order(bl: list[_Block], score_of) -> float:  # noqa: ANN001
    """The text order's own score: each block on the end of one column."""
    c = _column(None, 0, bl[0], float(len(bl[0].lines)))
    total = 0.0
    for i in range(1, len(bl)):
        total += score_of(c.last, i, c.width, c.quote)
        c = _column(c, i, bl[i], c.rows + len(bl[i].lines))
    return total


def _runs(every: list[_Block], blocks: list[list[Line]], is_free) -> list[list[int]]:  # noqa: ANN001
    """The page's runs of body blocks: headlines, captions and stories' starts set bands of columns apart."""
    runs: list[list[int]] = [[]]
    for i, b in enumerate(every):
        if b.display or is_free(blocks[i][0][0]):
            runs.append([])
            continue
        if b.start and runs[-1]:
            runs.append([])
        runs[-1].append(i)
    return [r for r in runs if r]


def _columns_of(run: list[int], every: list[_Block], page: tuple[float, ...], word_across):  # noqa: ANN001, ANN202
    """The columns of one run (lists of block indices), or None when the text order reads as well."""
    if len(run) < MIN_RUN or sum(len(every[i].lines) <= SMALL_LINES for i in run) < SMALL_SHARE * len(run):
        return None
    bl = [every[i] for i in run]
    cache: dict[tuple, float] = {}

    def score_of(a: int, b: int, width: float, quote: bool = False) -> float:
        key = (a, b, width, quote)
        if key not in cache:
            cache[key] = join_score(bl[a], bl[b], width, page, word_across, quote)
        return cache[key]

    base = _text_order(bl, score_of)
    tried = [(*_assign_k(bl, k, score_of), k) for k in range(2, MAX_COLUMNS + 1) if len(run) >= 2 * k]
    if not tried:
        return None
    best, label, k = max(tried, key=lambda t: t[0] - NEW_COLUMN * t[2])
    # the columns must read on well in themselves (a band the model cannot explain is left as it came), and
    # far better than the text order
    if best < -FIT * len(run) or best - NEW_COLUMN * (k - 1) - base < max(GAIN, GAIN_SHARE * len(run)):
        return None
    return [[run[i] for i in range(len(run)) if label[i] == j] for j in range(max(label) + 1)]


def _small_stretch(sizes: list[int]) -> bool:
    """Whether some stretch of consecutive blocks could be a run that _columns_of takes up: at least MIN_RUN
    blocks, SMALL_SHARE of them small. A run is such a stretch, so where none is, nothing can be untangled,
    and the page is spared measuring its blocks (the test is the one _columns_of makes, on every stretch)."""
    small = [0]
    for size in sizes:
        small.append(small[-1] + (size <= SMALL_LINES))
    n = len(sizes)
    return any(small[j] - small[i] >= SMALL_SHARE * (j - i)
               for i in range(n - MIN_RUN + 1) for j in range(i + MIN_RUN, n + 1))


def untangle(blocks: list[list[Line]], is_display, is_start, is_free, word_across, never_starts) -> list[list[Line]] | None:  # noqa: ANN001
    """The page's blocks with each band of interleaved columns read column by column (each column's blocks
    joined into one block, in the band's place), or None when nothing reads better so."""
    n = len(blocks)
    if not MIN_BLOCKS <= n <= MAX_BLOCKS or not _small_stretch([len(b) for b in blocks]):
        return None
    page = page_widths(blocks, is_display)
    every = [_block(b, is_display, is_start, never_starts) for b in blocks]
    # a line without stops stays a headline where it comes first after headlines, captions or the page's top
    for k in range(1, n):
        if not (every[k - 1].display or is_free(blocks[k - 1][0][0])):
            every[k] = _as_prose(every[k], page)
    out: list[list[Line]] = []
    done: set[int] = set()
    changed = False
    found = {}
    for run in _runs(every, blocks, is_free):
        cols = _columns_of(run, every, page, word_across)
        if cols:
            found[run[0]] = (run, cols)
    for i in range(n):
        if i in found:
            run, cols = found[i]
            out.append([ln for col in cols for j in col for ln in blocks[j]])
            done.update(run)
            changed = True
        elif i not in done:
            out.append(blocks[i])
    return out if changed else None
