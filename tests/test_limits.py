"""bulletins.limits on crafted PDF bytes: chained deflate bombs, pages hidden in compressed object streams,
streams that are not valid zlib, and text/article budgets."""
from __future__ import annotations

import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import hostile_pdf  # noqa: E402

from bulletins.limits import Limits, check_articles, check_pdf, check_text  # noqa: E402
from bulletins.model import BulletinError  # noqa: E402

MiB = 1 << 20


def _stream(obj: int, data: bytes, extra: bytes = b"") -> bytes:
    return (b"%d 0 obj\n<< /Length %d %s>>\nstream\n" % (obj, len(data), extra) + data + b"\nendstream\nendobj\n")


def test_a_bomb_behind_two_deflate_layers_is_refused() -> None:
    inner = hostile_pdf.deflated_zeros(256 * MiB)
    outer = zlib.compress(inner, 9)  # the first layer alone inflates to only ~256 KB
    pdf = b"%PDF-1.7\n" + _stream(4, outer, b"/Filter [/FlateDecode /FlateDecode] ") + b"%%EOF\n"
    with pytest.raises(BulletinError, match="compressed stream too large"):
        check_pdf(pdf, "double.pdf", Limits(max_inflated_bytes=64 * MiB))


def test_many_streams_each_under_budget_are_refused_together() -> None:
    one = hostile_pdf.deflated_zeros(40 * MiB)
    pdf = b"%PDF-1.7\n" + b"".join(_stream(i, one, b"/Filter /FlateDecode ") for i in range(1, 8)) + b"%%EOF\n"
    check_pdf(pdf[: pdf.index(b"3 0 obj")], "two.pdf", Limits(max_inflated_bytes=64 * MiB))
    with pytest.raises(BulletinError, match="in all"):
        check_pdf(pdf, "seven.pdf", Limits(max_inflated_bytes=64 * MiB))


def test_pages_packed_in_an_object_stream_are_counted() -> None:
    pages = b" ".join(b"<< /Type /Page /Parent 2 0 R >>" for _ in range(150))
    pdf = b"%PDF-1.7\n" + _stream(5, zlib.compress(pages), b"/Type /ObjStm /N 150 /First 0 /Filter /FlateDecode ")
    assert b"/Type /Page " not in pdf
    with pytest.raises(BulletinError, match="too many pages"):
        check_pdf(pdf + b"%%EOF\n", "packed.pdf", Limits(max_pages=100))
    check_pdf(pdf + b"%%EOF\n", "packed.pdf", Limits(max_pages=150))


def test_a_stream_that_is_not_zlib_is_left_to_the_parser() -> None:
    pdf = b"%PDF-1.7\n" + _stream(4, b"not zlib at all" * 100, b"/Filter /FlateDecode ") + b"%%EOF\n"
    check_pdf(pdf, "junk.pdf", Limits())


def test_text_and_article_budgets_name_the_figure_and_the_key() -> None:
    check_text("新" * 100, "a.txt", Limits(max_text_chars=100))
    with pytest.raises(BulletinError, match=r"too much text \(101 characters, limit max_text_chars 100\)"):
        check_text("新" * 101, "a.txt", Limits(max_text_chars=100))
    with pytest.raises(BulletinError, match=r"too many articles \(4, limit max_articles 3\)"):
        check_articles(4, 10, "a.txt", Limits(max_articles=3))
