"""The text parser's shortcuts (issue 14) are proofs, not guesses: each gives what the longer way gives.

Each shortcut skips work only where the skipped work cannot change anything; these tests hold each one to the
computation it replaces (written out here as it was), on the committed test pages' lines and on crafted cases.
benchmarks/check_parse.py checks the whole parse, byte for byte, on every page we have.
"""
from __future__ import annotations

import random
from pathlib import Path

from bulletins import columns, jigsaw, repair
from bulletins.columns import _norm
from bulletins.decode import decode_text
from bulletins.evidence import Line, _classify
from bulletins.repair import display_width
from bulletins.vocab import _CAPTION_CREDIT, CREDIT_ENDS

HERE = Path(__file__).resolve().parent


def _page_lines() -> list[str]:
    """Every non-blank line of the committed text pages (pages written for the tests)."""
    out: list[str] = []
    for folder in ("pages_unseen", "pages_unseen2", "pages_unseen3", "pages_pdftext"):
        for path in sorted((HERE / folder).rglob("*.txt")):
            text, _ = decode_text(path.read_bytes(), path.name)     # some pages are GBK, as bulletins come
            out.extend(t for t in text.splitlines() if t.strip())
    assert len(out) > 1000
    return out


def _runs_possible(sizes: list[int]) -> bool:
    """The size test of columns._columns_of, tried on every stretch of consecutive blocks."""
    n = len(sizes)
    return any(len(run) >= columns.MIN_RUN
               and sum(size <= columns.SMALL_LINES for size in run) >= columns.SMALL_SHARE * len(run)
               for i in range(n) for j in range(i + 1, n + 1) for run in [sizes[i:j]])


def test_small_stretch_is_the_run_size_test_on_every_stretch() -> None:
    rng = random.Random(14)
    seen = set()
    for _ in range(3000):
        sizes = [rng.choice((1, 1, 2, 3, 6, 9)) for _ in range(rng.randrange(0, 26))]
        got = columns._small_stretch(sizes)
        assert got == _runs_possible(sizes), sizes
        seen.add(got)
    assert seen == {True, False}


def test_untangle_still_takes_apart_a_band_of_one_line_blocks() -> None:
    """A page that the shortcut must not skip: rows of three columns, one line a block (as pdfminer gives)."""
    cols = [[f"第{c}栏第{r}行的文字，内容不断向后延续，一直写到本栏的末尾为止" for r in range(6)] for c in range(3)]
    blocks = [[(cols[c][r], 3 * r + c + 1)] for r in range(6) for c in range(3)]
    assert columns._small_stretch([len(b) for b in blocks])
    # a page of long blocks has no run to take apart: skipped without measuring a line
    assert not columns._small_stretch([5, 1, 7, 6, 1, 8, 9, 1, 4, 6, 7, 5])


def _word_across_as_it_was(a: str, b: str) -> bool:
    tail, head = jigsaw._flat(a)[-3:], jigsaw._flat(b)[:3]
    freq = jigsaw._freq()
    for i in range(1, len(tail) + 1):
        for j in range(1, min(len(head), 4 - i) + 1):
            word = tail[-i:] + head[:j]
            if jigsaw._HAN.fullmatch(word[0]) and all(jigsaw._HAN.fullmatch(c) for c in word) \
                    and freq.get(word, 0) >= jigsaw.MIN_WORD_FREQ:
                return True
    return False


def test_word_across_gives_what_the_joined_line_gave() -> None:
    lines = _page_lines()
    pairs = list(zip(lines, lines[1:], strict=False))
    pairs += [("投入5 G", "网络建设"), ("二期工", "程成功投产"), ("二 期 工 ", "  程 成"), ("工", "程"), ("", "程"),
              ("改造A", "程"), ("　工\u3000", "\u3000程"), ("开展", "“双减”"), ("项目", "2025年")]
    found = 0
    for a, b in pairs:
        want = _word_across_as_it_was(a, b)
        assert jigsaw._word_across(a, b) == want, (a, b)
        found += want
    assert 0 < found < len(pairs)


def test_interleaving_stops_early_only_when_the_order_reads_on() -> None:
    """The early stop returns None exactly where counting every pair would have."""
    lines = [t.strip() for t in _page_lines()]
    rng = random.Random(3)
    stopped = kept = 0
    for start in range(0, len(lines) - 12, 7):
        block = lines[start:start + 12]
        if rng.random() < 0.5:      # two columns' lines alternating
            block = [x for pair in zip(block[:6], block[6:], strict=True) for x in pair]
        col = jigsaw._column(block)
        seq = sum(jigsaw._meets(a, b, col) for a, b in zip(block, block[1:], strict=False))
        if seq > jigsaw.INTERLEAVE_SEQ_SHARE * (len(block) - 1):
            assert jigsaw._interleaving(block, col) is None
            stopped += 1
        else:
            kept += 1
    assert stopped and kept


def test_classify_at_any_column_is_the_kind_at_99_unless_a_byline() -> None:
    """evidence._measured reuses the kind found at column 99 for every kind but `byline`."""
    for text in _page_lines():
        norm = _norm(text)
        width = display_width(norm)
        line = Line(text, 1)
        wide = _classify(line, norm, width, 99.0)
        if wide[0] != "byline":
            for col in (0.0, 8.0, 16.0, 24.0, 40.0):
                assert _classify(line, norm, width, col) == wide, (text, col)


def test_credit_lines_end_as_the_screen_says() -> None:
    credits = ["记者 张三 摄", "张三/摄", "摄影记者 李四 摄影", "工人们正在调试设备。 特约记者 杜鹏辉 摄", "陈维连／攝"]
    for text in [*credits, *(_norm(t) for t in _page_lines())]:
        if _CAPTION_CREDIT.search(text):
            assert text.endswith(CREDIT_ENDS), text
    assert all(_CAPTION_CREDIT.search(t) for t in credits)


def test_per_line_memo_gives_the_same_and_stays_bounded() -> None:
    long_line = "长" * (repair.LINE_CHARS + 1) + " 5 G"
    for text in ["2 月 17 日", "本 报 讯 10 月 14 日 ，", long_line, "A B两类", ""]:
        assert repair.display_width(text) == repair.display_width.__wrapped__(text)
        assert repair.strip_extraction_spaces(text) == repair.strip_extraction_spaces.__wrapped__(text)
        assert repair.unspace_justified(text) == repair.unspace_justified.__wrapped__(text)
    assert long_line not in repair.display_width.memo     # a long line is never kept
    for k in range(repair.LINE_CACHE + 50):
        repair.display_width(f"第{k}行")
    assert len(repair.display_width.memo) <= repair.LINE_CACHE


def test_a_closed_block_never_makes_an_open_piece() -> None:
    """jigsaw._pieces stops before building pieces when every block is closed: then no piece can end open,
    however its head is split off or its column measured."""
    texts = []
    for folder in ("pages_unseen", "pages_unseen2", "pages_pdftext", "pages_layout", "pages_layout2"):
        texts += [decode_text(p.read_bytes(), p.name)[0] for p in sorted((HERE / folder).rglob("*.txt"))]
    closed = opened = 0
    for text in texts:
        blocks = jigsaw._blocks([(t, k) for k, t in enumerate(text.splitlines(), 1)])
        for block in blocks:
            pieces = [jigsaw._split_head(block, 0), jigsaw._Piece(0, [], block, jigsaw._column([t for t, _ in block]))]
            if jigsaw._closed(block):
                closed += 1
                assert not any(p.open_end for p in pieces), block
            opened += any(p.open_end for p in pieces)
    assert closed > 100 and opened > 10
