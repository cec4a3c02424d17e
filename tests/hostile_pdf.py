"""Hostile PDFs for the budget tests, built at test time (nothing large is committed).

`bomb_pdf`: a valid one-page PDF whose content stream is a deflate stream of `inflated` zero bytes (2 GiB
compresses to ~2 MB). `many_pages_pdf`: a real PDF (reportlab, a CID font) with one short Chinese story per page.
`encrypted_pdf`: a page that opens only with a user password. The Chinese text is our own.
"""
from __future__ import annotations

import io
import struct
import zlib

GiB = 1024 ** 3
_ZEROS = bytes(1 << 20)


def deflated_zeros(inflated: int) -> bytes:
    """zlib data that inflates to `inflated` zero bytes (a whole number of MiB), built in milliseconds:
    after a full flush every 1 MiB of zeros compresses to the same bytes, so one such block is repeated,
    then an empty final block and the Adler-32 of the zeros close the stream."""
    n = max(1, inflated >> 20)
    c = zlib.compressobj(9)
    first = c.compress(_ZEROS) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(_ZEROS) + c.flush(zlib.Z_FULL_FLUSH)
    adler = (((n << 20) % 65521) << 16) | 1
    return first + block * (n - 1) + b"\x03\x00" + struct.pack(">I", adler)


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def bomb_pdf(inflated: int = 2 * GiB) -> bytes:
    """One page whose content stream inflates to `inflated` bytes."""
    data = deflated_zeros(inflated)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ])


STORY = ("清水县召开春季农业生产现场会", "3月2日，清水县在平寨镇召开春季农业生产现场会，部署今年春耕备耕工作。"
         "会议要求各乡镇抓紧落实种子、化肥等农资供应，确保不误农时。与会人员实地察看了高坡村育秧大棚。")


def many_pages_pdf(pages: int = 2000) -> bytes:
    """A real PDF of `pages` pages, one headline and one paragraph each (reportlab, STSong-Light)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    title, body = STORY
    for n in range(pages):
        c.setFont("STSong-Light", 22)
        c.drawString(60, 760, f"{title}（{n + 1}）")
        c.setFont("STSong-Light", 11)
        for k in range(0, len(body), 40):
            c.drawString(60, 720 - 16 * (k // 40), body[k:k + 40])
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf(password: str = "open-sesame") -> bytes:
    """A one-page PDF that needs `password` to open (reportlab's standard encryption)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=StandardEncryption(password, canPrint=0))
    c.setFont("STSong-Light", 22)
    c.drawString(60, 760, STORY[0])
    c.setFont("STSong-Light", 11)
    c.drawString(60, 720, STORY[1][:40])
    c.showPage()
    c.save()
    return buf.getvalue()
