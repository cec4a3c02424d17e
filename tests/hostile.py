"""Hostile bulletins for the robustness tests (issue 6).

Everything is generated from a fixed seed, so a failing case can be replayed by its name alone; nothing large is
committed (the 50 MB file is written at test time by `write_big_file`). Each case is a `Case(name, data,
expected)`: `name` is the file name it is written under, `data` its bytes, `expected` an `Expect` saying whether the
file must be refused, must parse, or may do either — and, when it is a re-encoding or light damage of a good page,
which good page it must reproduce if it parses (so a wrong decoding that yields mojibake "articles" is caught).

The Chinese text below was written for these tests (a fictional county); it is not copied from any bulletin.
"""
from __future__ import annotations

import io
import json
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

REJECT = "reject"  # must be refused: an error naming the file and the cause
PARSE = "parse"  # must parse into well-formed articles (and reproduce `same_as` when given)
EITHER = "either"  # may parse (well-formed) or be refused (named cause); never silently vanish

SEED = 20250220
MiB = 1024 * 1024


@dataclass(frozen=True)
class Expect:
    verdict: str
    why: str
    # name of a good reference case: if this file parses, its titles must equal the reference's titles
    same_as: str | None = None
    # regex the refusal's cause should match (case-insensitive), when the cause is predictable
    cause: str | None = None


class Case(NamedTuple):
    name: str
    data: bytes
    expected: Expect


# --- a small invented corpus: title, kicker, byline, paragraphs ------------------------------------------------

ARTICLES: list[tuple[str, str | None, str, list[str]]] = [
    ("清水县召开2025年经济工作会议", None, "记者 杨明 吴芳",
     ["2月18日，清水县召开2025年经济工作会议，总结2024年经济工作，分析当前经济形势，部署今年重点任务。",
      "会议指出，2024年全县地区生产总值增长5.6%，规模以上工业增加值增长7.2%，固定资产投资稳步回升，"
      "城乡居民人均可支配收入分别增长4.8%和7.1%。",
      "会议强调，今年要抓好项目建设、产业升级和民生保障三项重点工作，坚持稳中求进，确保各项目标任务落到实处。",
      "县委、县人大、县政府、县政协有关负责同志，各乡镇、县直各部门主要负责人参加会议。"]),
    ("春耕备耕正当时", "清水县：", "通讯员 龙小燕",
     ["连日来，清水县各乡镇抢抓晴好天气，组织群众开展春耕备耕，田间地头一派繁忙景象。",
      "在平寨镇高坡村，村民们正忙着翻耕土地、清理沟渠。村党支部书记潘正华介绍，今年全村计划种植水稻八百亩，"
      "种子、化肥已全部到位。",
      "县农业农村局组织农技人员深入一线，开展技术指导，帮助群众解决生产中遇到的困难。"]),
    ("“村超”带火乡村旅游 春节假期游客超十万人次", None, "记者 张华",
     ["春节假期，清水县“村超”足球赛吸引了大量游客前来观赛，带动了餐饮、住宿和特色产品销售。",
      "据统计，假期全县共接待游客10.3万人次，实现旅游综合收入8600万元，同比分别增长21%和18%。",
      "“我们一家从广州开车过来，就是想感受一下现场的气氛。”游客陈先生说，比赛精彩，美食也很地道。",
      "县文体广电旅游局负责人表示，将继续办好群众性体育赛事，推动文旅融合发展。"]),
    ("全县新增城镇就业岗位两千余个", None, "记者 石磊",
     ["今年以来，清水县多措并举稳就业，通过举办招聘会、开展技能培训、落实创业扶持政策等方式，"
      "新增城镇就业岗位2100余个。",
      "2月15日，县人社局在县城广场举办“春风行动”专场招聘会，63家企业提供岗位1800余个，现场达成就业意向460人。",
      "县人社局相关负责人说，下一步将加强与东部地区的劳务协作，做好务工人员返岗服务。"]),
    ("清水县开展冬春森林防火专项检查", "清水县：", "通讯员 杨林",
     ["为切实做好冬春季森林防火工作，近日，清水县组织应急、林业等部门组成检查组，对重点林区开展专项检查。",
      "检查组深入各乡镇林区，查看防火物资储备、巡护值守和宣传教育等情况，对发现的问题现场督促整改。",
      "截至目前，全县共排查隐患37处，已整改35处，其余2处正在整改中。"]),
    ("老旧小区改造让居民住得更舒心", None, "记者 吴晓丽",
     ["走进清水县城关镇东门小区，只见道路平整、绿树成荫，新安装的路灯整齐排列，居民们在小广场上休闲健身。",
      "“以前一下雨到处都是积水，现在好了，出门干干净净。”在小区住了二十多年的王大妈说。",
      "2024年，全县共完成老旧小区改造12个，惠及居民2300余户，今年计划再改造8个小区。"]),
]

FURNITURE = ["清水日报", "2025年2月20日 星期四", "第3版", "责任编辑：杨丽", "版式：吴强", "校对：张敏",
             "广 告", "欢迎订阅2025年度《清水日报》", "邮发代号：66-18"]

LATIN = ("The county held its annual economic work conference on Tuesday. Officials reviewed last year's growth "
         "of 5.6 percent and set priorities for projects, industry and public services in the coming year. ")


def wrap(text: str, width: int = 19) -> list[str]:
    """Hard-wrap like a PDF column extraction does: fixed width, no regard for words or punctuation."""
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def page_text(articles: list[tuple[str, str | None, str, list[str]]], *, width: int = 19) -> str:
    """A bulletin page in the common 'headline, byline, wrapped body' layout."""
    out: list[str] = []
    for title, kicker, byline, paras in articles:
        if kicker:
            out.append(kicker)
        out.append(title)
        out.append("")
        for i, para in enumerate(paras):
            text = f"本报讯（{byline}）{para}" if i == 0 else para
            out.extend(wrap(text, width))
            out.append("")
        out.append("")
    return "\n".join(out)


def synthetic_pages() -> list[tuple[str, str]]:
    """Good pages built from the invented corpus: (file name, text)."""
    a = ARTICLES
    return [
        ("qingshui-daily_2025-02-20_p01.txt", page_text([a[0], a[1], a[2]])),
        ("qingshui-daily_2025-02-20_p02.txt", page_text([a[3], a[4], a[5]])),
        ("qingshui-news_2025-02-20_p01.txt", page_text([a[2], a[5]], width=23)),
        ("qingshui-news_2025-02-20_p02.txt", page_text([a[1], a[3]], width=15)),
        ("qingshui-gov_2025-02-20_p01.txt", page_text([a[4], a[0]], width=21)),
        ("qingshui-gov_2025-02-20_p02.txt", page_text([a[5], a[2], a[3], a[1]], width=19)),
    ]


def _decode_sample(data: bytes, encoding: str | None) -> str | None:
    """A sample page's text: its encoding from gold.json when known, else a BOM or strict UTF-8."""
    tries = [encoding] if encoding else []
    tries += ["utf-16"] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else []
    for enc in tries + ["utf-8-sig"]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def good_pages(samples_dir: Path | None = None) -> list[tuple[str, bytes, str | None]]:
    """The good reference pages: (file name, bytes, text or None for PDF): shipped samples first, then ours."""
    pages: list[tuple[str, bytes, str | None]] = []
    if samples_dir is not None and Path(samples_dir).is_dir():
        gold = Path(samples_dir).parent / "gold.json"
        encodings = {}
        if gold.is_file():
            encodings = {pg["source"]: pg.get("encoding") for pg in json.loads(gold.read_text("utf-8"))["pages"]}
        for p in sorted(Path(samples_dir).iterdir()):
            if p.suffix.lower() == ".txt":
                data = p.read_bytes()
                pages.append((p.name, data, _decode_sample(data, encodings.get(p.name))))
            elif p.suffix.lower() == ".pdf":
                pages.append((p.name, p.read_bytes(), None))
    for name, text in synthetic_pages():
        pages.append((name, text.encode("utf-8"), text))
    return pages


# --- PDFs -----------------------------------------------------------------------------------------------------

def _canvas(buf: io.BytesIO, **kw):  # noqa: ANN202 - reportlab types are not exported
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return canvas.Canvas(buf, pagesize=(595, 842), invariant=1, **kw)


def pdf_page(text: str, *, encrypt: object = None) -> bytes:
    """A one-column PDF page with a real text layer (reportlab CID font), deterministic bytes."""
    buf = io.BytesIO()
    c = _canvas(buf, encrypt=encrypt)
    y = 800
    for line in text.split("\n"):
        if y < 40:
            c.showPage()
            y = 800
        c.setFont("STSong-Light", 11)
        c.drawString(40, y, line)
        y -= 16
    c.save()
    return buf.getvalue()


def pdf_no_text(pages: int = 1, seed: int = 0) -> bytes:
    """A PDF that looks like a scanned page: only drawn shapes, no text layer."""
    rng = random.Random(seed)
    buf = io.BytesIO()
    c = _canvas(buf)
    for _ in range(pages):
        for _ in range(200):
            x, y = rng.uniform(20, 560), rng.uniform(20, 800)
            c.rect(x, y, rng.uniform(2, 30), rng.uniform(1, 8), fill=1, stroke=0)
        c.line(20, 420, 575, 420)
        c.circle(300, 600, 80)
        c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf(text: str, user_password: str = "secret") -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return pdf_page(text, encrypt=StandardEncryption(user_password, ownerPassword="owner-secret"))


# --- byte-level damage ----------------------------------------------------------------------------------------

BINARY_HEADERS = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8,
    "gif": b"GIF89a\x01\x00\x01\x00",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    "exe": b"MZ\x90\x00\x03\x00\x00\x00",
    "sqlite": b"SQLite format 3\x00",
    "docx": b"PK\x03\x04\x14\x00\x06\x00",
    "class": b"\xca\xfe\xba\xbe\x00\x00\x004",
    "pdfhead": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
}


def _mutations(rng: random.Random, text: str) -> Iterator[tuple[str, bytes]]:
    """Seeded light-to-heavy damage of one good page's text, as bytes."""
    raw = text.encode("utf-8")
    lines = text.split("\n")
    cut = rng.randrange(1, max(2, len(raw)))
    yield "cut-random", raw[:cut]
    # cut inside a multi-byte character on purpose
    mb = [i for i in range(1, len(raw)) if (raw[i] & 0xC0) == 0x80]
    if mb:
        yield "cut-inside-char", raw[:rng.choice(mb)]
    keep = [ln for ln in lines if rng.random() > 0.3]
    yield "lines-dropped", "\n".join(keep).encode()
    dup = [ln for ln in lines for _ in range(rng.choice((1, 1, 2, 3)))]
    yield "lines-doubled", "\n".join(dup).encode()
    shuf = lines[:]
    rng.shuffle(shuf)
    yield "lines-shuffled", "\n".join(shuf).encode()
    ctrl = "".join(ch + (chr(rng.choice([1, 2, 7, 8, 11, 12, 27, 127])) if rng.random() < 0.02 else "")
                   for ch in text)
    yield "control-chars", ctrl.encode()
    invis = "".join(ch + (rng.choice(["\u200b", "\ufeff", "\u202e", "\u00ad", "\u2028", "\u3000"])
                          if rng.random() < 0.03 else "") for ch in text)
    yield "invisible-chars", invis.encode()
    flip = bytearray(raw)
    for _ in range(max(1, len(flip) // 200)):
        flip[rng.randrange(len(flip))] = rng.randrange(256)
    yield "bytes-flipped", bytes(flip)
    yield "invalid-utf8", raw[: len(raw) // 2] + b"\xed\xa0\x80\xc0\xaf\xff\xfe" + raw[len(raw) // 2:]
    yield "one-line", text.replace("\n", "").encode()
    yield "letter-spaced", "\n".join(" ".join(ln) for ln in lines).encode()
    yield "bold-doubled", "\n".join("".join(ch * 2 for ch in ln) if rng.random() < 0.3 else ln
                                    for ln in lines).encode()
    yield "cr-only", text.replace("\n", "\r").encode()
    yield "emoji-and-latin", "\n".join(ln + (" 🎉😀 https://example.org/" + "x" * rng.randrange(50, 400)
                                             if rng.random() < 0.2 else "") for ln in lines).encode()
    yield "fullwidth-digits", text.translate(str.maketrans("0123456789%", "０１２３４５６７８９％")).encode()


def _mojibake(text: str) -> Iterator[tuple[str, bytes, str]]:
    """(variant, bytes, verdict) of one good page in wrong or unusual encodings."""
    try:
        yield "gbk", text.encode("gbk"), PARSE
    except UnicodeEncodeError:  # traditional characters GBK lacks: '?' in their place, refusal is right
        yield "gbk", text.encode("gbk", errors="replace"), EITHER
    yield "gb18030", text.encode("gb18030"), PARSE
    yield "utf8-bom", b"\xef\xbb\xbf" + text.encode("utf-8"), PARSE
    yield "utf16-bom", text.encode("utf-16"), PARSE
    yield "crlf", text.replace("\n", "\r\n").encode("utf-8"), PARSE
    yield "utf16le-nobom", text.encode("utf-16-le"), EITHER
    yield "utf16be-nobom", text.encode("utf-16-be"), EITHER
    # GBK bytes that went through a latin-1 decode and were saved as UTF-8 (classic mojibake)
    yield "gbk-as-latin1", text.encode("gbk", errors="replace").decode("latin-1").encode("utf-8"), EITHER
    # UTF-8 bytes shown as cp1252/latin-1 and saved again as UTF-8
    yield "utf8-as-latin1", text.encode("utf-8").decode("latin-1").encode("utf-8"), EITHER
    yield "big5-trad", text.encode("big5", errors="replace"), EITHER


def _mixed(text: str) -> bytes:
    lines = text.split("\n")
    half = len(lines) // 2
    return ("\n".join(lines[:half]) + "\n").encode("utf-8") + "\n".join(lines[half:]).encode("gbk", "replace")


def cases(samples_dir: Path | None = None, seed: int = SEED) -> list[Case]:
    """All hostile (and good reference) cases, deterministic for a given seed and samples folder."""
    rng = random.Random(seed)
    out: list[Case] = []

    def add(name: str, data: bytes, verdict: str, why: str, same_as: str | None = None,
            cause: str | None = None) -> None:
        out.append(Case(name, data, Expect(verdict, why, same_as, cause)))

    refs = good_pages(samples_dir)
    for name, data, _text in refs:
        add(name, data, PARSE, "good page")

    # empty and blank
    add("empty.txt", b"", REJECT, "empty file", cause=r"empty|no text|0 bytes|空")
    add("empty.pdf", b"", REJECT, "empty file", cause=r"empty|no text|0 bytes|空|pdf")
    blanks = {"spaces": b" " * 500, "newlines": b"\n" * 300, "tabs-crlf": b"\t \r\n" * 100,
              "ideographic-space": "\u3000\n".encode() * 200, "nbsp": "\u00a0 \n".encode() * 100,
              "zero-width": "\u200b\u200c\u200d\ufeff\n".encode() * 50, "bom-only": b"\xef\xbb\xbf",
              "utf16-bom-only": b"\xff\xfe", "utf16-spaces": " \n".encode("utf-16") * 80,
              "gbk-fullwidth-space": "\u3000\u3000\n".encode("gbk") * 90}
    for k, v in blanks.items():
        add(f"blank-{k}.txt", v, REJECT, "whitespace only")

    # binary files, named as bulletins
    for kind, head in BINARY_HEADERS.items():
        for ext, size in ((".txt", 2000), (".pdf", 5000), (".txt", 70000)):
            add(f"binary-{kind}-{size}{ext}", head + rng.randbytes(size), REJECT, f"{kind} binary")
    # random bytes
    for i in range(60):
        size = rng.choice((64, 300, 1000, 4096, 20000, 100000))
        add(f"random-{i:02d}-{size}{rng.choice(('.txt', '.pdf', '.TXT', ''))}", rng.randbytes(size), REJECT,
            "random bytes")
    # random high bytes: decodes as GB18030 gibberish, no control characters to give it away
    for i in range(20):
        size = rng.choice((200, 2000, 20000))
        add(f"random-high-{i:02d}.txt", bytes(rng.randrange(0x81, 0xFF) for _ in range(size)), EITHER,
            "random high bytes (valid-looking GBK)")

    # encodings, mixtures and damage of every good text page
    texts = [(n, t) for n, _d, t in refs if t]
    for name, text in texts:
        stem = Path(name).stem
        for variant, data, verdict in _mojibake(text):
            add(f"{stem}.{variant}.txt", data, verdict, f"good page as {variant}", same_as=name)
        add(f"{stem}.mixed-utf8-gbk.txt", _mixed(text), EITHER, "UTF-8 half + GBK half")
        add(f"{stem}.nul-inside.txt", "".join(ch + ("\x00" if rng.random() < 0.01 else "") for ch in text)
            .encode(), EITHER, "NUL bytes inside text")
        for round_ in (1, 2):
            for variant, data in _mutations(random.Random(f"{seed}-{name}-{round_}"), text):
                add(f"{stem}.{variant}-{round_}.txt", data, EITHER, f"damaged page: {variant}")
    # good pages under awkward but valid names
    if texts:
        name, text = texts[-1]
        for odd in ("with space 空格 2025-02-20.txt", "-leading-dash.txt", "UPPER.TXT", "中文名字_2025-02-20_p01.txt",
                    "x" * 180 + ".txt"):
            add(odd, text.encode(), PARSE, "good page, awkward file name", same_as=name)
        add("no-extension", text.encode(), EITHER, "good text page without extension", same_as=name)
        add("text-named.pdf", text.encode(), EITHER, "text page named .pdf", same_as=name)

    # PDFs
    good_pdf_text = page_text(ARTICLES[:3])
    plain = pdf_page(good_pdf_text)
    add("qingshui-daily_2025-02-20_p05.pdf", plain, PARSE, "good PDF page")
    for frac in (0.05, 0.2, 0.4, 0.6, 0.8, 0.95):
        add(f"truncated-{int(frac * 100):02d}.pdf", plain[: int(len(plain) * frac)], EITHER, "truncated PDF")
    add("truncated-minus1.pdf", plain[:-1], EITHER, "PDF missing its last byte")
    add("truncated-no-eof.pdf", plain[: plain.rfind(b"startxref")], EITHER, "PDF without xref trailer")
    add("pdf-header-only.pdf", b"%PDF-1.4\n", REJECT, "PDF header only")
    add("encrypted.pdf", encrypted_pdf(good_pdf_text), REJECT, "encrypted PDF (user password)",
        cause=r"encrypt|password|加密|密码")
    add("encrypted-owner-only.pdf", encrypted_pdf(good_pdf_text, user_password=""), EITHER,
        "PDF encrypted with an owner password only (opens without one)", same_as="qingshui-daily_2025-02-20_p05.pdf")
    for n in (1, 3):
        add(f"no-text-layer-{n}p.pdf", pdf_no_text(n, seed=n), REJECT, "PDF without a text layer (scan)",
            cause=r"text|scan|image|文字|文本")
    add("pdf-named.txt", plain, EITHER, "PDF named .txt", same_as="qingshui-daily_2025-02-20_p05.pdf")
    zbomb = b"%PDF-1.4\n1 0 obj<</Length 0/Filter/FlateDecode>>stream\n" + zlib.compress(b"\x00" * 5_000_000) + \
        b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    add("pdf-deflate-bomb.pdf", zbomb, REJECT, "PDF whose only stream inflates to 5 MB of NULs")

    # pathological text
    body = "".join(p for a in ARTICLES for p in a[3])
    add("one-line-200k.txt", (body * (200_000 // len(body) + 1))[:200_000].encode(), EITHER,
        "one 200,000-character line")
    add("one-line-200k-latin.txt", ("a" * 200_000).encode(), EITHER, "one 200,000-character Latin token")
    add("one-line-200k-comma.txt", ("，" * 200_000).encode(), REJECT, "200,000 commas", cause=None)
    puncts = {"cjk": "，。、；：？！“”‘’（）《》【】——……·", "ascii": "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~",
              "mixed": "，,。.！!？?……...——--"}
    for k, p in puncts.items():
        lines = ["".join(rng.choice(p) for _ in range(rng.randrange(1, 30))) for _ in range(60)]
        add(f"punct-only-{k}.txt", "\n".join(lines).encode(), REJECT, "punctuation only")
    add("latin-only.txt", "\n".join(wrap(LATIN * 12, 60)).encode(), EITHER, "Latin text only")
    add("lorem-only.txt", ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 40).encode(), EITHER,
        "Latin text only")
    add("digits-only.txt", "\n".join(str(rng.randrange(10 ** 12)) for _ in range(100)).encode(), EITHER,
        "digits only")
    add("no-article-furniture.txt", "\n".join(FURNITURE).encode(), EITHER, "page furniture, no article")
    add("no-article-ads.txt", "\n".join(FURNITURE * 3 + ["联系电话：0855-8888888"] * 5).encode("gbk"), EITHER,
        "masthead and ads only, GBK")
    title = ARTICLES[0][0]
    add("headline-x10000.txt", ((title + "\n") * 10_000).encode(), EITHER, "the same headline 10,000 times")
    add("headline-body-x10000.txt", ((title + "\n本报讯（记者 杨明）" + ARTICLES[0][3][0] + "\n\n") * 10_000).encode(),
        EITHER, "the same headline and lead 10,000 times")
    add("byline-only-x500.txt", ("本报讯（记者 杨明 吴芳）\n" * 500).encode(), EITHER, "bylines only")
    add("nul-only.txt", b"\x00" * 4096, REJECT, "NUL bytes only")
    add("nul-utf8-title.txt", ("\x00".join(title) + "\n" + page_text(ARTICLES[:1])).encode(), EITHER,
        "NUL between every headline character")
    add("deep-brackets.txt", ("（" * 5000 + "会议" + "）" * 5000).encode(), EITHER, "5,000 nested brackets")
    add("many-short-lines.txt", "\n".join(rng.choice("会议经济发展") for _ in range(50_000)).encode(), EITHER,
        "50,000 one-character lines")
    add("surrogate-escapes.txt", b"\xed\xa0\xbd\xed\xb8\x80" * 100 + page_text(ARTICLES[:1]).encode(), EITHER,
        "CESU-8 surrogates before a good article")
    add("json-disguised.txt", json.dumps({"title": title, "body": ARTICLES[0][3]}, ensure_ascii=False).encode(),
        EITHER, "a JSON object instead of a page")
    add("html-disguised.txt", ("<html><body><h1>" + title + "</h1><script>alert(1)</script><p>" +
                               ARTICLES[0][3][0] + "</p></body></html>").encode(), EITHER, "HTML instead of a page")
    names = [c.name for c in out]
    assert len(names) == len(set(names)), "case names must be unique"
    return out


def write_cases(selected: list[Case], folder: Path) -> dict[str, Path]:
    """Write each case under its name; returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for case in selected:
        p = folder / case.name
        p.write_bytes(case.data)
        paths[case.name] = p
    return paths


def write_big_file(path: Path, size: int = 50 * MiB) -> Path:
    """A valid UTF-8 Chinese page of `size` bytes, written in chunks (never held in memory whole)."""
    chunk = (page_text(ARTICLES) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        written = 0
        while written < size:
            part = chunk[: size - written]
            f.write(part)
            written += len(part)
    return path


def decoded_texts(selected: list[Case], limit_chars: int = 250_000) -> list[tuple[str, str]]:
    """The hostile bytes as the strings a careless caller would hand the summarizers: several decodings each."""
    out: list[tuple[str, str]] = []
    for case in selected:
        data = case.data[: limit_chars * 4]
        seen: set[str] = set()
        for enc in ("utf-8", "gb18030", "latin-1", "utf-16-le"):
            text = data.decode(enc, errors="replace")[:limit_chars]
            if text not in seen:
                seen.add(text)
                out.append((f"{case.name}|{enc}", text))
    return out


# --- hypothesis strategies --------------------------------------------------------------------------------------

def bulletin_text_strategy():  # noqa: ANN201 - hypothesis strategy type
    """Text shaped like a damaged bulletin: CJK runs, punctuation, digits, Latin, odd spaces, short and long lines."""
    from hypothesis import strategies as st

    cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
    punct = st.sampled_from(list("，。、；：？！“”（）《》—…·%.,-:0123456789 \u3000\t\u200b\ufeff\x00\r"))
    other = st.characters(blacklist_categories=("Cs",))
    char = st.one_of(cjk, cjk, cjk, punct, other)
    line = st.one_of(st.text(char, max_size=30), st.text(char, min_size=40, max_size=400),
                     st.sampled_from([a[0] for a in ARTICLES] + [f"本报讯（{a[2]}）" for a in ARTICLES] + FURNITURE))
    return st.lists(line, max_size=60).map("\n".join)

