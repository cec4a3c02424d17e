"""Lines of one page -> articles.

The page is first cut into units: paragraphs (hard-wrapped body lines rejoined) and display lines
(headline, kicker, subtitle, byline, caption, photo credit, furniture). Runs of paragraphs and blocks of
display lines then alternate; whether a page prints its headlines before or after their bodies is read
from the text itself (does the page open on a body or on a headline? does it close on a headline or on
captions?), never from a file name or a switch. Where that page-wide reading leaves a story headless
while headline material goes unused (a page, or a multi-page text, that mixes both orders), each block
is decided on its own (`_block_modes`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .model import Article
from .repair import (
    display_width,
    ends_paragraph,
    ends_sentence,
    join_line_texts,
    repair_display,
    shown_bold,
    strip_extraction_spaces,
    undouble_glyphs,
)


@dataclass
class Line:
    """One printed line. PDF input fills the layout fields; plain text leaves them None."""

    text: str
    lineno: int
    page: int | None = None
    width: float | None = None      # printed width in em
    col: float | None = None        # width of its column in em
    indent: bool | None = None      # starts with a first-line indent
    role: str | None = None         # from font: "head" (larger), "sub" (bold body size), "small", "body"


# 本报讯（通讯员 吴明亮 杨春燕 石慧） / 本报2月19日讯（记者 …） / 新华社北京2月19日电（记者 …）
_START = re.compile(r"^\s*((?:本[报報][讯訊]|本[报報][^\s（(，。]{1,12}[讯訊]|[^\s（(，。]{0,16}\d{1,2}月\d{1,2}日[电讯電訊])"
                    r"\s*[（(]([^（()）]{1,60})[）)]"
                    # 本报讯 记者 潘明 报道：… (the names set between the marker and 报道, no brackets)
                    r"|本[报報][讯訊]\s+((?:本[报報])?(?:[记記]者|通[讯訊][员員]|特[约約][记記]者)\s*[^\s，。：:（()）]{2,4}"
                    r"(?:\s+(?:[记記]者|通[讯訊][员員])?\s*[^\s，。：:（()）]{2,4}){0,4})\s*[报報][道導][：:]?"
                    # 本报记者 潘明 报道 …
                    r"|(本[报報][记記]者\s*[^\s，。：:（()）]{2,4}(?:\s+(?:通[讯訊][员員])?\s*[^\s，。：:（()）]{2,4}){0,4})"
                    r"\s*[报報][道導][：:]?"
                    r"|本[报報][讯訊]\s*)\s*")
# what closes a story after its last sentence: （记者 黄涛） / （通讯员 潘红） / （完）
_TAIL = re.compile(r"[（(]\s*((?:(?:本[报報]|特[约約]|[见見]习)?(?:[记記]者|通[讯訊][员員])|[实實]习生)\s*[^（()）。，]{2,40}?"
                   r"|完)\s*[）)]$")
_CIRCLE_BYLINE = re.compile(r"^[○●◎□■◇◆☆★]\s*(\S.{0,40})$")
_WORD_BYLINE = re.compile(r"^((?:本[报報]|特[约約]|[见見]习|新[华華]社)?(?:[记記]者|通[讯訊][员員])|文/[图圖]|文／[图圖]|[图圖]/文|文[：:]|撰文|[文图圖]\s*[/／](?=\s*\S))[\s：:/／]*\S")
_SUBTITLE = re.compile(r"^\s*(?:——|──|－－|--|—\s|─\s)\s*(\S.*)$")
_LONG_KICKER = re.compile(r"^[^。！？，；]{2,18}[：:]$")
_KICKER = re.compile(r"^[^。！？，]{1,14}[：:]$")
_CAPTION = re.compile(r"^(?:[▲△]|[（(]?\s*(?:[图圖][为為]|[图圖]片[为為]|[上下左右][图圖]|[图圖][一二三①②③④⑤⑥](?=\s*[：:、．.]|\s+[\u3400-\u9fff“《（(])|[图圖]\s*[:：]))")
_CREDIT = re.compile(r"^[（(][^（()）]{0,40}(?:提供|[摄攝]|供[图圖]|[图圖]片)[^（()）]{0,6}[）)]$"
                     r"|^(?:[摄攝]影|[图圖]片|[图圖])[：:／/]\s*\S{2,12}$"
                     r"|^(?:(?:本[报報]|特[约約]|[见見]习|新[华華]社)?(?:[记記]者|通[讯訊][员員]))\s*[^\s，。]{2,4}(?:\s+[^\s，。]{2,4}){0,2}"
                     r"\s*[摄攝]$"
                     r"|^[^\s，。]{2,4}(?:\s+[^\s，。]{2,4}){0,2}\s+[摄攝]$")
_PAGE_NO = re.compile(r"^(?:第\s*)?[0-9０-９A-Za-z]{1,4}\s*(?:版|页)?$|^第[一二三四五六七八九十]+版$|^-\s*\d+\s*-$")
_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,6}(?:星期|週|周)[一二三四五六日天]|星期[一二三四五六日天]\s*$")
_EDITOR = re.compile(r"^[（(【\[]?[\u4e00-\u9fff]{0,4}(?:[编編][辑輯]|[责責][编編]|校[对對]|[审審][核校]|美[编編]|[组組]版|排版|版式|[终終][审審]|[统統][筹籌]|[设設][计計])\s*[：:]\s*\S")
_JUMP = re.compile(r"^[（(]?\s*(?:[下上][转接轉]|[转轉接]第|[转轉][见見])[^（()）]{0,12}[）)]?$")
_DATE_ONLY = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_MASTHEAD = re.compile(r"(?:日[报報]|晚[报報]|[报報]社|融媒[体體]中心|新[闻聞](?:[办辦](?:公室)?)?)\s*$|^(?:要[闻聞]|[综綜]合|[时時]政|民生|[专專][题題]|特刊|副刊)(?:\s|$)")
_HAN = re.compile(r"[\u3400-\u9fff]")
_NOTICE_TITLE = re.compile(r"(?:公告|通告|通知|启事|啟事|公示|声明|聲明|倡议书|倡議書|告知书|告知書|的函)$")
_WORDISH = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")
_ASCII_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.:%/-]*")
# sentence punctuation: body lines are full of it, headlines (which may quote “…”) rarely have it
_RUNS_ON = re.compile(r"[暨的和与及之对为把向从以在、—]$")
_PUNCT = re.compile(r"[，。、；：！？…,;:!?]")
_HEAD_STOP = re.compile(r"[，。；;,.：:]")
_SLOGAN_TOKEN = re.compile(r"^[\u3400-\u9fff]{2,10}$")

DISPLAY = ("byline", "subtitle", "kicker", "caption", "credit", "furniture", "tail")


@dataclass
class _Info:
    line: Line
    norm: str                   # whitespace-normalised, CJK-ASCII spaces removed
    width: float
    col: float
    kind: str | None            # "start", one of DISPLAY, or None (body or plain display line)
    terminal: bool
    start_byline: str | None = None
    start_rest: str = ""
    blank_after: bool = False       # a blank line follows (plain text only)
    sparse_blanks: bool = False     # blank lines are rare around it, so one after a sentence end means a break
    tight: bool = False             # plain text that separates blocks by blank lines, and none follows this line
    inline: bool = False            # a headline printed at the head of its own paragraph: 【…】正文
    separated: bool = False         # plain text where blanks are rare and separate blocks, and one follows


@dataclass
class _Para:
    lines: list[_Info]
    text: str
    start: bool = False
    byline: str | None = None
    tail: str | None = None     # byline printed after the last sentence: （记者 黄涛）


@dataclass
class _Disp:
    info: _Info
    kind: str                   # one of DISPLAY or "plain"

    @property
    def text(self) -> str:
        return self.info.line.text


@dataclass
class _Draft:
    title: str = ""
    kicker: str | None = None
    byline: str | None = None
    subtitle: str | None = None
    paras: list[_Para] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    captions: list[tuple[int, str]] = field(default_factory=list)
    linenos: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    def take(self, *infos: _Info) -> None:
        for info in infos:
            self.linenos.append(info.line.lineno)
            if info.line.page is not None:
                self.pages.append(info.line.page)


# well-known slogans printed as page furniture, compared without spaces
SLOGANS = frozenset({
    "绿水青山就是金山银山", "不忘初心牢记使命", "新时代新征程新伟业", "奋进新征程建功新时代", "以人民为中心",
    "江山就是人民人民就是江山", "撸起袖子加油干", "踔厉奋发勇毅前行", "守正创新", "实干兴邦", "空谈误国实干兴邦",
    "富强民主文明和谐", "社会主义核心价值观", "中国梦", "凝心聚力", "团结奋进",
})
_SIGNOFF_DATE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$")
_SIGNOFF = re.compile(r"^(?:[\u3400-\u9fff（）()]{2,24}(?:政府|公司|局|委员会|办公室|中心|委|部|院|会|所|队|站|厅|处|社|行|馆|办)"
                      r"|(?:服务|咨询|举报|联系|监督)?(?:电话|热线|联系人|地址|邮箱)[：:].{3,30})$")


# a slogan is often printed with an exhortation in front: 践行社会主义核心价值观, 弘扬…
_SLOGAN_VERB = re.compile(r"^(?:培育和践行|践行|弘扬|牢记|坚持|唱响|争做|争当|大力弘扬|积极践行)")


def _known_slogan(text: str) -> bool:
    """A well-known slogan, alone or after an exhortation verb (compared without spaces)."""
    compact = "".join(text.split())
    if compact in SLOGANS:
        return True
    m = _SLOGAN_VERB.match(compact)
    return m is not None and compact[m.end():] in SLOGANS


def _is_slogan(text: str) -> bool:
    """Parallel phrases set apart by spaces: 新时代 新征程 新伟业 / 奋进新征程 建功新时代."""
    tokens = text.split()
    if not tokens or not all(_SLOGAN_TOKEN.match(t) for t in tokens):
        return False
    lengths = {len(t) for t in tokens}
    return (len(tokens) >= 3 and len(lengths) <= 2) or (len(tokens) == 2 and len(lengths) == 1 and min(lengths) >= 4)


# a web page's metadata line: 发布时间：2025-03-14 09:30 来源：… 浏览次数：126
_META = re.compile(r"^[（(【\[]?\s*(?:发布时间|发布日期|发表时间|更新时间|信息来源|文章来源|来源|浏览次数|阅读次数|点击数|"
                   r"阅读量|字号)\s*[：:]")
_META_FIELD = re.compile(r"(?:时间|日期|来源|作者|次数|点击数|阅读量|字号|编辑)\s*[：:]")


# a front page's imprint, weather box, contents (导读) and QR-code prompts
_IMPRINT = re.compile(r"机关[报報]|出版物[号號]|[刊][号號][：:]|CN\s*\d{2}\s*[-－]\s*\d{4}|[邮郵][发發]代[号號]|^今日天[气氣]|"
                      r"^天[气氣](?:预报)?[：:]|^[▶►]\s*\d+\s*版|^本期[导導][读讀]$|^[导導][读讀]$")
_QR = re.compile(r"^(?:[扫掃](?:码|碼|一[扫掃])|[长長]按).{0,12}$|二[维維][码碼]")
_IMPRINT_HINT = re.compile(r"[机機刊N代气氣▶►导導扫掃维維按]")     # a cheap screen: most lines have none


def _furniture(text: str, norm: str) -> bool:
    if _IMPRINT_HINT.search(norm) and (_IMPRINT.search(norm) or (
            _QR.search(norm) and display_width(norm) <= 16 and not _PUNCT.search(norm))):
        return True
    if _META.match(norm) and (len(_META_FIELD.findall(norm)) >= 2 or display_width(norm) <= 30):
        return True
    if _PAGE_NO.match(norm) or _DATE_LINE.search(norm) or _EDITOR.match(norm) or _JUMP.match(norm) \
            or _DATE_ONLY.match(norm):
        return True
    if _is_slogan(text) or _known_slogan(text):
        return True
    if display_width(norm) <= 12 and bool(_MASTHEAD.search(norm)) and not ends_sentence(norm):
        return True
    return _furniture_tokens(norm)


# pieces of a page's running head: paper name, page number, section label, date
_FURN_PAPER = re.compile(r"^[\u3400-\u9fff]{1,8}(?:日[报報]|晚[报報]|[时時][报報]|[周週][报報]|新[闻聞]|融媒[体體]?)$")
_FURN_SECTION = re.compile(r"^(?:要[闻聞]|[综綜]合(?:新[闻聞])?|[简簡][讯訊]|快[讯訊]|短[讯訊]|[时時]政|民生|[专專][题題]|特刊|副刊|"
                           r"[经經]济|社会|社會|文化|[体體]育|[教]育|法治|[视視]点|[国國]内|[国國]际|[国國]際|本地|地方|[县縣]域|"
                           r"[评評]论|理论|[图圖]片新[闻聞]|本地新[闻聞]|[国國]内新[闻聞]|[国國][际際]新[闻聞]|[乡鄉]村振[兴興])$")
_FURN_DATE = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日$|^星期[一二三四五六日天]$|^农历\S{2,8}$")


def _furniture_tokens(norm: str) -> bool:
    """A running head made only of paper name, page number, section label and date (`第1版 要闻`, `简讯`)."""
    if len(norm) > 40 or _PUNCT.search(norm):
        return False
    tokens = norm.split()
    if not tokens or len(tokens) > 6 or display_width(norm) > 30:
        return False
    kinds = []
    for t in tokens:
        if _PAGE_NO.match(t) or _FURN_DATE.match(t):
            kinds.append("anchor")
        elif _FURN_PAPER.match(t):
            kinds.append("anchor")
        elif _FURN_SECTION.match(t):
            kinds.append("section")
        else:
            return False
    # a lone section label (简讯) heads the page; a lone paper-like name may be a headline (…新闻) unless short
    return len(tokens) > 1 or kinds[0] == "section"


_ROLE = re.compile(r"^(?:(?:本[报報]|特[约約]|[见見]习)?(?:[记記]者|[评評]论[员員]|通[讯訊][员員])|[实實]习生|作者|撰文|摄影|文/|文／|[图圖]/|[图圖]／|文[：:]|[图圖][：:])")
_NAME = re.compile(r"^[\u3400-\u9fff·]{2,3}$")
_NAMES = re.compile(r"^[\u3400-\u9fff·]{2,4}$")
_MARK = re.compile(r"^[○●◎□■◇◆☆★]\s*")


def _names_after_mark(norm: str) -> bool:
    """`○ 通讯员 吴明亮` / `○ 罗晓东` are bylines; `◆ 修旧如旧留住乡愁` is a marked subhead."""
    rest = _MARK.sub("", norm)
    if _ROLE.match(rest):
        return True
    tokens = rest.split()
    if len(tokens) == 2 and all(len(t) == 1 for t in tokens):
        tokens = ["".join(tokens)]         # a two-character name padded to the width of three: 吴 丹
    if len(tokens) == 1:
        return bool(_NAME.match(tokens[0]))
    return 1 < len(tokens) <= 4 and all(_NAMES.match(t) for t in tokens)


def _classify(line: Line, norm: str, width: float, col: float) -> tuple[str | None, str | None, str]:
    """(kind, start byline, text after the start marker)."""
    text = line.text
    if _INLINE_HEAD.match(norm):
        return "start", None, norm
    m = _START.match(norm)
    if m and m.group(0).strip():
        names = m.group(2) or m.group(3) or m.group(4)
        byline = " ".join(names.split()) if names else None
        return "start", byline, norm[m.end():]
    if norm.count("）") + norm.count(")") > norm.count("（") + norm.count("("):
        return None, None, ""       # the rest of a bracket opened on the line before: （特约 / 通讯员 潘光华）
    if _CAPTION.match(norm):
        return "caption", None, ""
    if _TAIL.match(norm):
        # （记者 韦小川 摄） credits a photo; （记者 韦小川） or （… 摄影报道） closes a story
        return ("credit" if re.search(r"[摄攝]\s*[）)]$", norm) else "tail"), None, ""
    if _CREDIT.match(norm):
        return "credit", None, ""
    if width <= 64 and _SUBTITLE.match(norm):
        return "subtitle", None, ""
    if _CIRCLE_BYLINE.match(norm) and not ends_sentence(norm) and _names_after_mark(norm):
        return "byline", None, ""
    if width <= 10 and _KICKER.match(norm):
        return "kicker", None, ""
    if width <= 24 and _WORD_BYLINE.match(norm) and "，" not in norm and not ends_sentence(norm) \
            and (line.role in (None, "small", "body")) and width < col - 4:
        return "byline", None, ""
    if _furniture(text, norm):
        return "furniture", None, ""
    return None, None, ""


# a brief whose headline opens its paragraph in lenticular brackets: 【县图书馆延长开放时间】近日，…
_BOX_LABEL = re.compile(r"^(?:相[关關]新[闻聞]|(?:相[关關]|新[闻聞]|知[识識]|背景)?[链鏈]接|延伸[阅閱][读讀]|[记記]者手[记記])$")
_INLINE_HEAD = re.compile(r"^【([^【】]{2,40})】\s*(?=\S)")
_OPEN_START = re.compile(r"^\s*本[报報][^（(]{0,12}[讯訊]\s*[（(][^）)]{0,40}$")


def _join_split_bylines(kept: list[Line], blank_after: dict[int, bool]) -> list[Line]:
    """`本报讯（记者 何晓峰 通讯员 张` + `敏）2月19日…`: a byline wrapped inside its brackets is one line."""
    out: list[Line] = []
    k = 0
    while k < len(kept):
        ln = kept[k]
        nxt = kept[k + 1] if k + 1 < len(kept) else None
        if nxt is not None and _OPEN_START.match(ln.text) and re.match(r"^[^（()）]{0,20}[）)]", nxt.text.strip()):
            head = ln.text.rstrip()
            # the break fell after a role word (记者 / 通讯员): the printed space was there
            glue = " " if re.search(r"(?:[记記]者|通[讯訊][员員]|[实實]习生|摄影)$", head) else ""
            # or between two names: a whole name (2+ characters after a space) ends the line and another of
            # 2+ starts the next (何琳 / 欧阳秀); a one-character piece is the rest of a name (蒙小 / 雨)
            tail = re.match(r"^([\u3400-\u9fff]+)", nxt.text.strip())
            if re.search(r"\s[\u3400-\u9fff]{2,}$", head) and tail and len(tail.group(1)) >= 2:
                glue = " "
            joined = Line(head + glue + nxt.text.strip(), ln.lineno, ln.page, None, ln.col, ln.indent, ln.role)
            blank_after[id(joined)] = blank_after.get(id(nxt), False)
            out.append(joined)
            k += 2
            continue
        out.append(ln)
        k += 1
    return out


def _merge_caption_wraps(out: list[_Info]) -> list[_Info]:
    """A long 图为… caption wraps: its short tail line belongs to the caption, never to a body."""
    merged: list[_Info] = []
    for info in out:
        prev = merged[-1] if merged else None
        if (prev is not None and prev.kind == "caption" and info.kind is None and prev.line.col is None
                # a caption closed by its credit (…（龙江 摄）) is complete
                and not prev.norm.endswith(("）", ")"))
                and not _START.match(info.norm)
                and (prev.width >= prev.col - 3 and info.width <= 0.6 * prev.col
                     and (info.terminal or not _PUNCT.search(info.norm))
                     # a longer tail printed right under it, ending no sentence, a blank after: the caption
                     # (set to its photo's width, which may be narrower than the text columns)
                     or prev.width >= 0.6 * prev.col and not prev.blank_after and info.blank_after
                     and info.width <= prev.width + 1 and not ends_sentence(info.norm))):
            joined = Line(prev.line.text.rstrip() + info.line.text.strip(), prev.line.lineno, prev.line.page)
            prev.line = joined
            prev.norm = prev.norm + info.norm
            prev.width += info.width
            prev.blank_after = info.blank_after
            continue
        merged.append(info)
    return merged


# the author's note closing a commentary: （作者系县委党校讲师） / （作者单位：…）
_AUTHOR_NOTE = re.compile(r"^[（(]作者(?:系|为|是|單位|单位|简介)[^（()）]{2,60}[）)]$")


def _ends(norm: str) -> bool:
    """A sentence end, also one followed by a closing byline or end mark (…之路。（记者 赵磊））."""
    if ends_sentence(norm) or _AUTHOR_NOTE.match(norm):
        return True
    m = _TAIL.search(norm)
    return m is not None and (m.start() == 0 or ends_sentence(norm[:m.start()]))


def _tail_spacing(u: _Para, tail: str) -> str:
    """A closing （记者 孙婷 通讯员 潘红） wrapped over two lines lost the printed space at the break (after
    a role word, or between two whole names) when the lines were joined: put it back."""
    if len(u.lines) < 2:
        return tail
    head, nxt = u.lines[-2].norm.rstrip(), u.lines[-1].norm.strip()
    first = re.match(r"^([\u3400-\u9fff]+)", nxt)
    if not (re.search(r"(?:[记記]者|通[讯訊][员員]|[实實]习生)$", head)
            or (re.search(r"\s[\u3400-\u9fff]{2,}$", head) and first and len(first.group(1)) >= 2)):
        return tail
    m = _TAIL.search(head + " " + nxt)
    if m and "".join(m.group(1).split()) == "".join(tail.split()):
        return m.group(1)
    return tail


def _absorb_tails(units: list[_Para | _Disp]) -> list[_Para | _Disp]:
    """A closing （记者 …） / （完） is cut from the story's last paragraph (or taken from its own line);
    an inline 【headline】 is cut from the paragraph it opens and set before it as a display line."""
    out: list[_Para | _Disp] = []
    for u in units:
        if isinstance(u, _Para) and u.start and (h := _INLINE_HEAD.match(u.text)):
            first = u.lines[0]
            title = h.group(1).strip()
            head = _Info(Line(title, first.line.lineno, first.line.page), title, display_width(title), first.col,
                         None, False, inline=True)
            out.append(_Disp(head, "plain"))
            u.text = u.text[h.end():]
            rest = _START.match(u.text)
            if rest and rest.group(0).strip():
                names = rest.group(2) or rest.group(3) or rest.group(4)
                u.byline = " ".join(names.split()) if names else None
                u.text = u.text[rest.end():]
        if isinstance(u, _Para):
            m = _TAIL.search(u.text)
            if m and m.start() > 0 and ends_sentence(u.text[:m.start()]):
                u.text = u.text[:m.start()]
                u.tail = _tail_spacing(u, m.group(1))
        elif u.kind == "tail":
            prev = out[-1] if out else None
            if isinstance(prev, _Para) and prev.tail is None:
                prev.tail = _TAIL.match(u.info.norm).group(1)
                prev.lines.append(u.info)
                continue
            u = _Disp(u.info, "furniture")
        out.append(u)
    return out


def _infos(lines: list[Line]) -> list[_Info]:
    blank_after: dict[int, bool] = {}
    for k, ln in enumerate(lines):
        if ln.text.strip():
            blank_after[id(ln)] = k + 1 < len(lines) and not lines[k + 1].text.strip()
    nonblank = [ln for ln in lines if ln.text.strip()]
    kept = _join_split_bylines(nonblank, blank_after)
    norms = [strip_extraction_spaces(" ".join(ln.text.split())) for ln in kept]
    widths = [ln.width if ln.width is not None else display_width(n) for ln, n in zip(kept, norms, strict=True)]
    # the column width is estimated from body-like lines only: a long subtitle or caption would inflate it
    first = [_classify(ln, n, w, 99.0)[0] for ln, n, w in zip(kept, norms, widths, strict=True)]
    measure = widths
    if len(kept) < len(nonblank):
        # a byline rejoined across its line break is two printed lines: measure the column by the second
        printed = {ln.lineno: ln for ln in nonblank}
        measure = list(widths)
        for k, ln in enumerate(kept):
            if ln.width is None and ln is not printed.get(ln.lineno):
                tail = next((x for x in nonblank if x.lineno > ln.lineno), None)
                if tail is not None:
                    measure[k] = display_width(strip_extraction_spaces(" ".join(tail.text.split())))
    est = _columns(measure, norms, first)
    out = []
    for ln, norm, w, c in zip(kept, norms, widths, est, strict=True):
        col = ln.col if ln.col is not None else c
        kind, byline, rest = _classify(ln, norm, w, col)
        if ln.role == "furniture":
            kind = "furniture"
        elif ln.role == "small" and kind is None:
            kind = "caption"
        if ln.role == "head" and kind not in ("subtitle", "kicker", "byline", "start"):
            kind = None if kind != "furniture" else kind
        out.append(_Info(ln, norm, w, col, kind, _ends(norm), byline, rest, blank_after[id(ln)]))
    out = _merge_caption_wraps(out)
    out = [info for k, info in enumerate(out) if not _cuts_paragraph(out, k)]
    # a wrapped body line may start with a dash pair (…综合体——凯旋…): a subtitle follows a headline
    for prev, info in zip([None, *out], out, strict=False):
        if info.kind == "subtitle" and (ends_sentence(info.norm) or "，" in info.norm or (
                prev is not None and prev.kind in (None, "start") and (prev.terminal or _PUNCT.search(prev.norm)))):
            info.kind = None
    # parallel phrases are a slogan, unless set as a headline: under a kicker or over a subtitle/byline
    for k, info in enumerate(out):
        if info.kind == "furniture" and _is_slogan(info.line.text) and not _known_slogan(info.norm):
            prev = out[k - 1] if k > 0 else None
            nxt = out[k + 1] if k + 1 < len(out) else None
            if (prev is not None and prev.kind == "kicker") or (nxt is not None and nxt.kind in ("subtitle", "byline")):
                info.kind = None
    # a longer line ending in a colon, standing alone over a short unpunctuated line, is a kicker too
    for k, info in enumerate(out):
        if info.kind is None and _LONG_KICKER.match(info.norm) and info.width <= 18 and k + 1 < len(out):
            prev = out[k - 1] if k > 0 else None
            nxt = out[k + 1]
            if (prev is None or prev.kind is not None or prev.terminal) and nxt.kind is None \
                    and not _PUNCT.search(nxt.norm) and nxt.width <= 24:
                info.kind = "kicker"
    # a short unpunctuated line set apart by a blank over a headline with a subtitle (肩题/主题/副题), or a
    # box label over a headline (相关新闻), is a kicker printed without its colon
    for k, info in enumerate(out[:-2]):
        nxt, sub = out[k + 1], out[k + 2]
        prev = out[k - 1] if k > 0 else None
        label = bool(_BOX_LABEL.match(info.norm))
        if (info.kind is None or label) and info.blank_after and info.line.width is None \
                and not _PUNCT.search(info.norm) \
                and info.width <= 16 and nxt.kind is None and not _PUNCT.search(nxt.norm) \
                and display_width(repair_display(nxt.line.text)) <= 24 \
                and (sub.kind == "subtitle" and not nxt.blank_after
                     and (prev is None or prev.kind != "kicker" and (prev.kind is not None or prev.terminal))
                     or label):
            info.kind = "kicker"
    # a kicker-like "…如下：" that ends a wrapped sentence is body text
    for prev, info in zip(out, out[1:], strict=False):
        if info.kind == "kicker" and prev.kind in (None, "start") and not prev.terminal \
                and _PUNCT.search(prev.norm) and prev.width >= 0.6 * prev.col:
            info.kind = None
            info.terminal = True
    # where blank lines are rare (not a double-spaced column) a blank after a sentence end is a paragraph break
    flags = [i.blank_after for i in out]
    blocks_by_blanks = sum(flags) >= max(3, 0.05 * len(flags))
    # whether the body text nearby is double-spaced (then a blank after a display line means nothing)
    body_idx = [k for k, i in enumerate(out) if i.kind is None and i.width >= 0.6 * i.col]
    for k, info in enumerate(out):
        near = flags[max(0, k - 6):k + 7]
        info.sparse_blanks = sum(near) <= len(near) * 0.4
        if not info.sparse_blanks and info.blank_after and info.terminal:
            # blanks that nearly all follow sentence ends, yet not after every line, separate paragraphs
            # (short paragraphs make them frequent); a column break rarely falls at a sentence end
            body = [i for i in out[max(0, k - 8):k + 9] if i.kind is None and _PUNCT.search(i.norm)]  # prose
            blanks = [i for i in body if i.blank_after]
            running = [i for i in body if not i.terminal]
            info.sparse_blanks = (len(blanks) >= 4 and len(running) >= 3
                                  and sum(i.blank_after for i in running) <= 0.25 * len(running)
                                  and sum(i.terminal for i in blanks) >= 0.85 * len(blanks))
        info.tight = blocks_by_blanks and info.line.width is None and not info.blank_after
        if blocks_by_blanks and info.line.width is None and info.blank_after:
            lo = bisect_left(body_idx, k)
            around = body_idx[max(0, lo - 4):lo + 4]
            info.separated = sum(flags[j] for j in around) <= 0.5 * len(around)
    return out


def _cuts_paragraph(out: list[_Info], k: int) -> bool:
    """A running head or footer extracted between two lines of one paragraph (at a column break)."""
    if out[k].kind != "furniture" or k == 0 or k + 1 >= len(out) or _is_slogan(out[k].line.text):
        return False
    prev, nxt = out[k - 1], out[k + 1]
    return (prev.kind in (None, "start") and nxt.kind is None and not prev.terminal
            and bool(_PUNCT.search(prev.norm)) and prev.width >= 0.8 * prev.col)


def _columns(widths: list[float], norms: list[str], kinds: list[str | None]) -> list[float]:
    """Column width per line, estimated inside stretches of body-like lines.

    Stretches end at display lines and at short unpunctuated lines (headlines), so a narrow column is
    not judged against the wide one printed before it. A stretch too short to measure borrows the
    estimate of the neighbouring stretch (before or after) whose width it fits.
    """
    body = [w for w, k in zip(widths, kinds, strict=True) if k in (None, "start")]
    page = sorted(body or widths or [20.0])
    page_col = page[min(len(page) - 1, int(len(page) * 0.75))]
    est = [page_col] * len(widths)

    def wrapped(j: int) -> bool:
        """A line that runs on (no sentence end, has punctuation): it fills its column."""
        return not ends_sentence(norms[j]) and bool(_PUNCT.search(norms[j]))

    stretches: list[list[int]] = [[]]
    for i, (w, n, k) in enumerate(zip(widths, norms, kinds, strict=True)):
        if k not in (None, "start"):
            stretches.append([])
            continue
        ref = max((widths[j] for j in stretches[-1][-3:]), default=page_col)
        if k == "start" or (not ends_sentence(n) and not _PUNCT.search(n) and w < 0.9 * ref):
            stretches.append([])
        stretches[-1].append(i)
    stretches = [st for st in stretches if st]
    measured: list[list[float] | None] = []
    for st in stretches:
        full = [widths[j] for j in st if wrapped(j)]
        measured.append(full if len(full) >= 3 else None)
    nxt_m: list[list[float] | None] = [None] * len(stretches)
    prv_m: list[list[float] | None] = [None] * len(stretches)
    for n in range(len(stretches) - 2, -1, -1):
        nxt_m[n] = measured[n + 1][:8] if measured[n + 1] else nxt_m[n + 1]
    for n in range(1, len(stretches)):
        prv_m[n] = measured[n - 1][-8:] if measured[n - 1] else prv_m[n - 1]
    for n, st in enumerate(stretches):
        full_idx = [j for j in st if wrapped(j)]
        if measured[n] is None:
            after, before = nxt_m[n], prv_m[n]
            own = max(widths[j] for j in st)
            cands = [sorted(d)[min(len(d) - 1, int(len(d) * 0.75))] for d in (after, before) if d]
            if cands:
                # the neighbour whose column this stretch fits (a headline may be wider than neither)
                best = min(cands, key=lambda c: abs(c - own) if own > 0.8 * c else 99.0)
                # run-on lines fill their column: when the neighbour's is too narrow for them (or far wider
                # than two of them), this stretch is set in a column of its own and they measure it
                runs_on = [widths[j] for j in full_idx]
                if runs_on and (max(runs_on) > best + 1.5 or len(runs_on) >= 2 and max(runs_on) < 0.8 * best):
                    best = max(runs_on)
                for i in st:
                    est[i] = best
            continue
        overall = sorted(widths[j] for j in full_idx[:200])
        for i in st:
            lo, hi = bisect_left(full_idx, i - 6), bisect_right(full_idx, i + 6)
            near = sorted(widths[j] for j in full_idx[lo:hi])
            if len(near) < 3:
                near = overall
            est[i] = near[min(len(near) - 1, int(len(near) * 0.75))]
    return est


def _narrow_width(text: str) -> float:
    """Width with curly quotes counted half: typesetting often compresses them."""
    return display_width(text) - 0.5 * sum(1 for c in text if c in "“”‘’")


def _overwide(info: _Info) -> bool:
    """Wider than its column: a headline or caption spanning columns, not a wrapped body line."""
    return info.line.col is None and _narrow_width(info.norm) > max(info.col + 4, info.col * 1.25)


def _continues(info: _Info, nxt: _Info | None = None) -> bool:
    """A non-terminal line wide enough to be wrapped body text (not a short display line)."""
    if info.line.role in ("head", "small", "sub") or _overwide(info):
        return False
    # a long number or code that did not fit at the end of the line moved whole to the next one
    lead = _ASCII_RUN.match(nxt.norm) if nxt is not None and info.line.width is None else None
    if lead and _PUNCT.search(info.norm) and info.width + 0.5 * len(lead.group(0)) >= info.col - 1.5:
        return True
    if info.line.col is not None and info.line.width is not None:
        return info.width >= info.col * 0.8
    # a first line is short by its indent; an unpunctuated short line is more likely a headline
    slack = 5.0 if _PUNCT.search(info.norm) else 3.5
    # each number or Latin word makes the measured width uncertain (digit width varies by font,
    # a long number wraps early), so allow some extra room per run
    slack += min(3.0, 1.0 * len(_ASCII_RUN.findall(info.norm)))
    return info.width >= info.col - slack


def _looks_like_headline(cur: _Info, nxt: _Info | None, after: _Info | None = None) -> bool:
    """An unpunctuated line followed by a paragraph's first line is a headline, not a first line itself.

    A paragraph's (indented) first line is followed by a full line; a headline is followed by a first line.
    """
    if cur.line.col is not None or _PUNCT.search(cur.norm):
        return False
    if _NOTICE_TITLE.search(cur.norm):
        return True
    # digits make widths unreliable (a long number wraps early), so only all-CJK lines qualify.
    # The next line is a first line when it is short of the column, or of the line after it (where short
    # paragraphs leave mostly first lines to measure the column by)
    first = nxt is not None and (nxt.width <= nxt.col - 1.5 or (
        after is not None and after.kind is None and after.width >= nxt.width + 1.5 and not after.terminal))
    return (nxt is not None and nxt.kind is None and not nxt.terminal and first
            and cur.width <= cur.col - 2.5 and not re.search(r"[0-9A-Za-z]", cur.norm)
            and bool(_PUNCT.search(nxt.norm)))


def _exclaimed_headline(infos: list[_Info], i: int) -> bool:
    """A short line ending in ！/？ set between a kicker and a body start is a headline, not a sentence."""
    info = infos[i]
    if info.kind is not None or not re.search(r"[！？!?][”’」]?$", info.norm) or _PUNCT.search(info.norm[:-1]):
        return False
    if info.line.col is None and info.width > info.col - 4:
        return False
    prev = infos[i - 1] if i > 0 else None
    nxt = infos[i + 1] if i + 1 < len(infos) else None
    if (prev is not None and prev.kind == "kicker") or (nxt is not None and nxt.kind in ("start", "subtitle", "byline")):
        return True
    # the page's last text lines (one, or two questions stacked) after a finished paragraph: the closing
    # story's headline, printed under it — a story never ends the page headless
    rest = infos[i + 1:]
    if rest and _short_exclaimed(rest[0]):
        rest = rest[1:]
    return (prev is not None and (prev.terminal and prev.kind is None or _short_exclaimed(prev))
            and all(x.kind in ("furniture", "caption", "credit") for x in rest))


def _short_exclaimed(info: _Info) -> bool:
    return (info.kind is None and bool(re.search(r"[！？!?][”’」]?$", info.norm))
            and not _PUNCT.search(info.norm[:-1]) and (info.line.col is not None or info.width <= info.col - 4))


_VERSE_END = re.compile(r"[，。！？；、…,!?;][”’」』]?$")


def _verse_lines(infos: list[_Info]) -> set[int]:
    """Lines of a poem: four or more consecutive short body lines, most ending in punctuation, on a page
    whose prose fills a much wider column. Each is a line of its own, never wrapped prose."""
    prose = sorted(i.width for i in infos if i.kind is None and i.line.width is None and not i.terminal
                   and _PUNCT.search(i.norm))
    if len(prose) < 8:
        return set()
    page_col = prose[int(len(prose) * 0.75)]
    out: set[int] = set()
    k = 0
    while k < len(infos):
        j = k
        while j < len(infos) and infos[j].kind is None and infos[j].line.width is None \
                and infos[j].width <= 0.6 * page_col and not _ASCII_RUN.search(infos[j].norm):
            j += 1
        if j - k >= 4 and sum(bool(_VERSE_END.search(infos[m].norm)) for m in range(k, j)) * 2 >= j - k:
            out.update(range(k, j))
        k = max(j, k + 1)
    return out


def _units(infos: list[_Info]) -> list[_Para | _Disp]:
    units: list[_Para | _Disp] = []
    verse = _verse_lines(infos)
    # a line printed twice over in fake bold is a headline even when its width and commas look like prose
    bold = {k for k, info in enumerate(infos) if info.kind is None and shown_bold(info.norm)}
    i, n = 0, len(infos)
    while i < n:
        info = infos[i]
        if i in verse:
            units.append(_Para([info], info.norm))
            i += 1
            continue
        if i in bold:
            units.append(_Disp(info, "plain"))
            i += 1
            continue
        if info.kind in DISPLAY:
            units.append(_Disp(info, info.kind))
            i += 1
            continue
        if info.line.role == "head" or (info.line.role == "sub" and info.kind != "start") \
                or (info.kind is None and _overwide(info) and not info.terminal):
            units.append(_Disp(info, "plain"))
            i += 1
            continue
        if _exclaimed_headline(infos, i):
            units.append(_Disp(info, "plain"))
            i += 1
            continue
        chain = [info]
        ended = False
        while True:
            cur = chain[-1]
            nxt = infos[i + len(chain)] if i + len(chain) < n else None
            joinable = (nxt is not None and nxt.kind is None and nxt.line.role not in ("head", "small", "sub")
                        and not _overwide(nxt) and i + len(chain) not in bold)
            if cur.kind == "start" and not cur.start_rest:
                if joinable:
                    chain.append(nxt)
                    continue
                break
            if cur.terminal:
                if nxt is not None and _exclaimed_headline(infos, i + len(chain)):
                    # a question/exclamation headline right under a finished paragraph is no part of it
                    ended = True
                    break
                if nxt is not None and nxt.line.indent is not None:
                    after = infos[i + len(chain) + 1] if i + len(chain) + 1 < n else None
                    brk = (bool(nxt.line.indent) or not joinable
                           # a short unfinished line standing between blanks after a finished paragraph is a
                           # display line (a subhead), however the page indents its paragraphs
                           or (cur.blank_after and nxt.blank_after and not nxt.terminal
                               and nxt.width < nxt.col - 2)
                           # an unindented short line with no punctuation, followed by a new paragraph or a
                           # display line, is a headline printed after the story, not its last line
                           or (not _PUNCT.search(nxt.norm) and nxt.width < nxt.col - 2
                               and (after is None or after.kind is not None or bool(after.line.indent)
                                    # or over a second such line: a headline on two lines
                                    or (after.line.indent is not None and not _PUNCT.search(after.norm)
                                        and after.width < after.col - 2))))
                else:
                    after = infos[i + len(chain) + 1] if i + len(chain) + 1 < n else None
                    brk = (not joinable or ends_paragraph(cur.width, True, cur.col, nxt.width, nxt.terminal)
                           or (not nxt.terminal and not _continues(nxt))
                           or (cur.blank_after and cur.sparse_blanks)
                           # an unfinished line standing alone before an article start or display line
                           or (not nxt.terminal and (after is None or after.kind is not None)))
                if brk:
                    ended = True
                    break
                chain.append(nxt)
                continue
            if len(chain) == 1 and cur.kind is None and _looks_like_headline(
                    cur, nxt, infos[i + 2] if i + 2 < n else None):
                break
            if joinable and (_continues(cur, nxt) or cur.kind == "start") and not (nxt.line.indent and cur.line.indent is not None):
                chain.append(nxt)
                continue
            break
        i += len(chain)
        first = chain[0]
        if ended or len(chain) >= 3 or first.kind == "start" or first.line.role == "body" and len(chain) >= 2:
            texts = [c.start_rest if c.kind == "start" else c.norm for c in chain]
            units.append(_Para(chain, join_line_texts(texts), first.kind == "start", first.start_byline))
        else:
            units.extend(_Disp(c, "plain") for c in chain)
    return units


def _absorb_lists(units: list[_Para | _Disp]) -> list[_Para | _Disp]:
    """Rows of a list introduced by `…如下：` (杨秀英 女 城关镇 保洁员) are body lines of that story,
    not headlines or captions: short, unpunctuated, their fields set apart by spaces."""
    out: list[_Para | _Disp] = []
    listing = False
    for u in units:
        if isinstance(u, _Para):
            listing = bool(re.search(r"[：:]$", u.text))
        elif listing and u.kind == "plain" and len(u.info.norm.split()) >= 3 and not _PUNCT.search(u.info.norm) \
                and sum(len(t) >= 2 for t in u.info.norm.split()) >= 2 and not _is_slogan(u.info.line.text):
            out.append(_Para([u.info], u.info.norm))
            continue
        elif u.kind != "furniture":
            listing = False
        out.append(u)
    return out


def _absorb_signoffs(units: list[_Para | _Disp]) -> list[_Para | _Disp]:
    """A notice's sign-off (issuer, contact, date on their own lines) belongs to its body."""
    out: list[_Para | _Disp] = []
    i = 0
    while i < len(units):
        u = units[i]
        out.append(u)
        i += 1
        if not isinstance(u, _Para):
            continue
        j = i
        while j < len(units) and j - i < 4 and isinstance(units[j], _Disp) \
                and (units[j].kind == "plain" and _SIGNOFF.match(units[j].info.norm)
                     or units[j].kind in ("plain", "furniture") and _SIGNOFF_DATE.match(units[j].info.norm)):
            j += 1
            if _SIGNOFF_DATE.match(units[j - 1].info.norm):
                break
        if j > i and _SIGNOFF_DATE.match(units[j - 1].info.norm):
            out.extend(_Para([d.info], d.info.norm) for d in units[i:j])
            i = j
    return out


def _split_runs(units: list[_Para | _Disp]) -> list[list[_Para] | list[_Disp]]:
    """Alternating runs of paragraphs and blocks of display lines; a start marker begins a new run."""
    seq: list[list] = []
    for u in units:
        if isinstance(u, _Para):
            if seq and isinstance(seq[-1][0], _Para) and not u.start:
                seq[-1].append(u)
            else:
                if seq and isinstance(seq[-1][0], _Para):
                    seq.append([])            # an empty block: two articles meet without a headline
                seq.append([u])
        else:
            if seq and seq[-1] and isinstance(seq[-1][0], _Disp):
                seq[-1].append(u)
            elif seq and not seq[-1]:
                seq[-1].append(u)
            else:
                seq.append([u])
    return seq


def _is_run(item: list) -> bool:
    return bool(item) and isinstance(item[0], _Para)


def _meaningful(block: list[_Disp]) -> list[_Disp]:
    return [d for d in block if d.kind != "furniture"]


def _headline_like(block: list[_Disp]) -> bool:
    return any(d.kind in ("plain", "kicker", "subtitle", "byline") for d in block)


def _orientation(seq: list[list]) -> str:
    """'before' or 'after': where this page prints headlines relative to their bodies."""
    runs = [i for i, it in enumerate(seq) if _is_run(it)]
    if not runs:
        return "before"
    first_block = _meaningful(seq[0]) if not _is_run(seq[0]) else []
    last_block = _meaningful(seq[-1]) if not _is_run(seq[-1]) else []
    before = after = 0.0
    # a page that opens on a headline prints headlines first; one that opens on a body prints them after
    if first_block and first_block[-1].kind in ("plain", "kicker", "subtitle", "byline"):
        before += 1
    elif not first_block or not _headline_like(first_block):
        after += 1
    # a page that closes on a headline (not on captions) prints headlines after
    if last_block and last_block[0].kind in ("plain", "kicker") and _headline_like(last_block):
        after += 1
    else:
        before += 1
    # an article start (本报讯) right at the top with nothing before it
    if _is_run(seq[0]) and seq[0][0].start:
        after += 0.5
    return "after" if after > before else "before"


def _head_parts(items: list[_Disp], from_end: bool) -> tuple[list[_Disp], list[_Disp]]:
    """Split a block into (headline group, rest). The group is kicker + headline lines + subtitle + byline."""
    kinds = [d.kind for d in items]
    if not items:
        return [], []
    if from_end:
        j = len(items)
        while j > 0 and kinds[j - 1] in ("subtitle", "byline", "furniture"):
            j -= 1
        # a photo printed between a headline and its story: its caption belongs to that story
        c = j
        while c > 0 and kinds[c - 1] in ("caption", "credit"):
            c -= 1
        if 0 < c < j and kinds[c - 1] in ("plain", "subtitle", "byline"):
            j = c
            while j > 0 and kinds[j - 1] in ("subtitle", "byline", "furniture"):
                j -= 1
        k = j
        # headline lines stand together: a blank (where blanks separate blocks) ends the headline
        while k > 0 and kinds[k - 1] == "plain" and j - k < 3 and (k == j or not items[k - 1].info.separated):
            k -= 1
        if j - k >= 2 and not (k > 0 and kinds[k - 1] == "kicker"):
            k = j - 1
            if _two_line_head(items[k - 1], items[k]) and (k - 1 == 0 or kinds[k - 2] != "plain"):
                k -= 1
        if k > 0 and kinds[k - 1] == "kicker":
            k -= 1
        return items[k:], items[:k]
    k = 0
    while k < len(items) and kinds[k] == "furniture":
        k += 1
    # captions printed between a story and its headline below it stay with that story (in the rest)
    c = k
    while c < len(items) and kinds[c] in ("caption", "credit", "furniture"):
        c += 1
    if c > k and c < len(items) and kinds[c] in ("plain", "kicker"):
        k = c
    start = k
    if k < len(items) and kinds[k] == "kicker":
        k += 1
    h = k
    while h < len(items) and kinds[h] == "plain" and h - k < 3:
        if h > k and (items[h - 1].info.separated
                      or not (kinds[start] == "kicker" or _two_line_head(items[h - 1], items[h]))):
            break
        h += 1
    while h < len(items) and kinds[h] in ("subtitle", "byline"):
        h += 1
    return items[start:h], items[:start] + items[h:]


def _two_line_head(a: _Disp, b: _Disp) -> bool:
    """Two plain lines set in the headline font are one headline printed on two lines.

    Plain text has no font: there a second line joins only under a kicker (handled by the callers),
    since a short unpunctuated line next to a headline is far more often a photo caption.
    """
    if a.kind != "plain" or b.kind != "plain":
        return False
    if a.info.line.role == b.info.line.role == "head":
        return True
    # a first line that cannot end a headline (…大会暨 / …的) runs on into the second
    if _RUNS_ON.search(a.info.norm) and display_width(a.info.norm) >= 6:
        return True
    # where blank lines separate the page's blocks, two unpunctuated display lines printed with no blank
    # between them are one block: a headline set on two lines (a caption stands apart, by a blank)
    # (a first line may end on a comma: 天更蓝了，/ 水更清了 — a caption never does)
    first = a.info.norm[:-1] if a.info.norm.endswith(("，", ",")) else a.info.norm
    return (a.info.tight and a.info.line.role is None and not _HEAD_STOP.search(first)
            and not _HEAD_STOP.search(b.info.norm) and display_width(a.info.norm) <= 24
            and display_width(b.info.norm) <= 24)


def _apply_head(draft: _Draft, group: list[_Disp]) -> None:
    titles = []
    for d in group:
        draft.take(d.info)
        if d.kind == "kicker":
            draft.kicker = repair_display(d.text)
        elif d.kind == "plain":
            titles.append(repair_display(d.text))
        elif d.kind == "subtitle":
            m = _SUBTITLE.match(" ".join(d.text.split()))
            # a dash pair doubled glyph by glyph (————) leaves one dash after the marker: not the subtitle's
            draft.subtitle = repair_display(m.group(1) if m else d.text).lstrip("—─－-").strip()
        elif d.kind == "byline":
            m = _CIRCLE_BYLINE.match(" ".join(d.text.split()))
            draft.byline = " ".join((m.group(1) if m else d.text).split())
        elif d.kind in ("caption", "credit"):
            draft.captions.append((d.info.line.lineno, repair_display(d.text)))
    if titles:
        draft.title = " ".join(titles)


def _letterspaced_band(text: str) -> bool:
    """Six or more characters each standing alone (`奋 力 拼 搏 勇 争 一 流`): letter-spacing is a headline's or a
    slogan band's; a caption is never set so. Left over from every headline, the line is a slogan."""
    tokens = text.split()
    return len(tokens) >= 6 and all(len(t) == 1 and _HAN.match(t) for t in tokens)


def _add_captions(draft: _Draft, items: list[_Disp]) -> None:
    for d in items:
        if d.kind == "plain" and _letterspaced_band(d.text):
            continue
        if d.kind == "byline" and draft.byline is None and draft.paras:
            # a names line printed after the story (before the next headline) signs that story
            m = _CIRCLE_BYLINE.match(" ".join(d.text.split()))
            draft.byline = " ".join((m.group(1) if m else d.text).split())
            draft.take(d.info)
        if d.kind in ("caption", "credit", "plain"):
            draft.captions.append((d.info.line.lineno, repair_display(d.text)))
            draft.take(d.info)


def _add_run(draft: _Draft, run: list[_Para]) -> None:
    for p in run:
        if p.start and not draft.paras and draft.byline is None:
            draft.byline = p.byline
        if p.tail and p.tail != "完" and draft.byline is None:
            draft.byline = " ".join(p.tail.split())
        draft.paras.append(p)
        draft.take(*p.lines)


def _subhead(seq: list[list], i: int) -> bool:
    """A lone short display line between two runs of one article (the next run is no article start)."""
    block = seq[i]
    if _captions_then_line(block):
        block = block[-1:]
    if len(block) != 1 or block[0].kind != "plain":
        return False
    if i == 0 or i + 1 >= len(seq) or not _is_run(seq[i - 1]) or not _is_run(seq[i + 1]):
        return False
    if seq[i + 1][0].start or display_width(block[0].info.norm) > 20 or _NOTICE_TITLE.search(block[0].info.norm):
        return False
    if block[0].info.line.role == "sub":
        return True             # set in the subhead face (PDF): the font decides
    # a news item opened by 本报讯 has no section heads: a lone line after it is the next headline
    run_start = i - 1
    while run_start > 0 and i - run_start < 400 and not (_is_run(seq[run_start]) and seq[run_start][0].start) \
            and (_is_run(seq[run_start - 1]) or _subhead_shape(seq[run_start - 1])):
        run_start -= 1
    return not seq[run_start][0].start if _is_run(seq[run_start]) else True


def _captions_then_line(block: list) -> bool:
    """A photo's captions, then (after a blank, or in bold) a lone line: the photo sits at the end of one section
    and the line heads the next (a feature's mid-page photo), so the line can be a section head like a lone one."""
    if len(block) < 2 or not isinstance(block[-1], _Disp) or block[-1].kind != "plain":
        return False
    # set apart by a blank, or by its face: a bold line after captions that are not
    if not (block[-2].info.blank_after or (block[-1].info.line.role == "head" and block[-2].info.line.role is None)):
        return False
    kinds = [d.kind for d in block[:-1]]
    return all(k in ("caption", "credit", "plain", "furniture") for k in kinds) \
        and any(k in ("caption", "credit") for k in kinds)


def _subheads(seq: list[list], orientation: str = "before") -> set[int]:
    """The blocks that are section heads, decided per article rather than per line.

    A story closed by its byline (（记者 …）) ends there: the next lone line heads another story; so does
    a lone line after a signed story when the run under it closes with a byline of its own. Lone lines
    between single-paragraph runs are a briefs column's headlines, not a feature's sections.
    """
    cands = {i for i in range(len(seq)) if seq[i] and not _is_run(seq[i]) and _subhead(seq, i)
             and not (seq[i - 1][-1].tail and seq[i - 1][-1].tail != "完")}
    out: set[int] = set()
    i = 0
    while i < len(seq):
        if not _is_run(seq[i]):
            i += 1
            continue
        chain_runs, chain_subs = [seq[i]], []
        j = i + 1
        while j + 1 < len(seq) and j in cands:
            chain_subs.append(j)
            chain_runs.append(seq[j + 1])
            j += 2
        signed = i > 0 and not _is_run(seq[i - 1]) and any(d.kind == "byline" for d in seq[i - 1])
        if len(chain_subs) == 1 and signed and chain_runs[-1][-1].tail not in (None, "完"):
            pass            # the run after the lone line is signed by its own byline: another story
        elif len(chain_subs) == 1 and orientation == "after" and j < len(seq) and not _is_run(seq[j]) \
                and seq[chain_subs[0]][0].info.line.role != "sub" and _has_head(seq[j]):
            # on a page printing headlines under their stories, one lone line followed by a story and a
            # headline block is the first story's headline: a feature's sections come in twos or more
            pass
        elif any(len(r) > 1 for r in chain_runs):
            out.update(chain_subs)
        i = j
    return out


def _subhead_shape(block: list) -> bool:
    return len(block) == 1 and isinstance(block[0], _Disp) and block[0].kind == "plain"


_HEADLESS, _LEFTOVER, _AGAINST, _SPLIT = 3.0, 1.5, 0.6, 0.8


def _caption_list(items: list[_Disp]) -> bool:
    """More short plain lines than any headline has, with no kicker, subtitle or byline: photo captions."""
    kinds = [d.kind for d in items]
    return kinds.count("plain") > 3 and not any(k in ("kicker", "subtitle", "byline") for k in kinds)


def _has_head(items: list[_Disp]) -> bool:
    return any(d.kind == "plain" for d in items)


def _wasted(rest: list[_Disp]) -> bool:
    """Headline material (not captions) left over after a block's headline group was taken."""
    return any(d.kind in ("plain", "kicker", "subtitle", "byline") for d in rest)


def _split_block(items: list[_Disp]) -> tuple[list[_Disp], list[_Disp], list[_Disp]] | None:
    """(headline of the story above, its captions, headline of the story below) for a block holding two."""
    first, rest = _head_parts(items, from_end=False)
    if not _has_head(first):
        return None
    second, between = _head_parts(rest, from_end=True)
    if not _has_head(second) or _wasted(between):
        return None
    return first, between, second


def _block_options(item: list[_Disp], orientation: str, first: bool, last: bool) -> dict[str, float]:
    """Cost of each way a display block can serve its neighbours: 'after' = headline of the story above,
    'before' = of the story below, 'split' = both, 'captions' = neither."""
    if item and item[-1].info.inline:
        # the inline headline heads the story below; what precedes it may head the story above
        pre = item[:-1]
        if not first and _has_head(_head_parts(pre, from_end=False)[0]):
            return {"split": 0.0}
        return {"before": _LEFTOVER if _wasted(pre) else 0.0}
    opts = {"captions": _LEFTOVER if _wasted(item) and not _caption_list(item) else 0.0}
    if _caption_list(item):
        return opts
    if not first:
        group, rest = _head_parts(item, from_end=False)
        if _has_head(group):
            opts["after"] = (_AGAINST if orientation == "before" else 0.0) + (_LEFTOVER if _wasted(rest) else 0.0)
    if not last:
        group, rest = _head_parts(item, from_end=True)
        if _has_head(group):
            opts["before"] = (_AGAINST if orientation == "after" else 0.0) + (_LEFTOVER if _wasted(rest) else 0.0)
    if not first and not last and _split_block(item) is not None:
        opts["split"] = _SPLIT
    return opts


def _block_modes(seq: list[list], orientation: str) -> dict[int, str]:
    """Per display block, which story it heads, when the page-wide orientation leaves a story headless.

    A page may print one story's headline above it and the next one's below (a banner story extracted
    first, or a block holding two headlines). Every story needs exactly one headline: a dynamic programme
    over the blocks between stories picks the cheapest consistent reading, preferring the page's
    orientation, and is used only where the page-wide reading leaves some story without a headline.
    """
    runs = [k for k, it in enumerate(seq) if _is_run(it)]
    if not runs:
        return {}
    subs = _subheads(seq, orientation)
    first_run, last_run = runs[0], runs[-1]
    # boundaries between consecutive stories: a block index, or None where two stories meet without one
    bounds: list[int | None] = []
    for i in range(first_run + 1, last_run):
        item = seq[i]
        if _is_run(item):
            continue
        if not item:
            bounds.append(None)
        elif i in subs:
            continue
        elif _headline_like(item):
            bounds.append(i)
        elif orientation == "before" and seq[i + 1][0].start:
            bounds.append(None)
    head = [i for i in range(first_run) if seq[i] and _headline_like(seq[i])]
    tail = [i for i in range(last_run + 1, len(seq)) if seq[i] and _headline_like(seq[i])]
    first_opts = _block_options(seq[head[-1]], orientation, True, False) if head else {"captions": 0.0}
    last_opts = _block_options(seq[tail[0]], orientation, False, True) if tail else {"captions": 0.0}

    # state: does the current story already have its headline? value: (cost, choices)
    states: dict[bool, tuple[float, list[str]]] = {}
    for opt, c in first_opts.items():
        has = opt == "before"
        if has not in states or c < states[has][0]:
            states[has] = (c, [opt])
    for b in bounds:
        nxt: dict[bool, tuple[float, list[str]]] = {}
        opts = {"none": 0.0} if b is None else _block_options(seq[b], orientation, False, False)
        for has, (cost, path) in states.items():
            for opt, c in opts.items():
                if has and opt in ("after", "split"):
                    continue
                total = cost + c + (_HEADLESS if not has and opt not in ("after", "split") else 0.0)
                new_has = opt in ("before", "split")
                if new_has not in nxt or total < nxt[new_has][0]:
                    nxt[new_has] = (total, [*path, opt])
        states = nxt
    best: tuple[float, list[str]] | None = None
    for has, (cost, path) in states.items():
        for opt, c in last_opts.items():
            if has and opt == "after":
                continue
            total = cost + c + (_HEADLESS if not has and opt != "after" else 0.0)
            if best is None or total < best[0]:
                best = (total, [*path, opt])
    if best is None:
        return {}
    pure = "before" if orientation == "before" else "after"
    chosen = best[1]
    idx = [head[-1] if head else None, *bounds, tail[0] if tail else None]
    modes = {i: m for i, m in zip(idx, chosen, strict=True) if i is not None and m != "none"}
    # the page-wide reading, scored the same way: keep it unless it leaves a story headless while
    # headline material goes unused elsewhere (a headless story alone is more often a lost headline or
    # a continued story, and re-reading the whole page for it would spoil its neighbours)
    pure_cost, pure_opts, last_headless = _pure_reading(seq, idx, orientation, pure)
    if pure_cost < _HEADLESS + _LEFTOVER or best[0] >= pure_cost - 1.0:
        return {}
    if not _mixed_evidence(seq, idx, orientation, pure_opts, last_headless):
        return {}
    return modes


_STRONG = ("kicker", "subtitle", "byline")


def _mixed_evidence(seq: list[list], idx: list[int | None], orientation: str, pure_opts: list[str],
                    last_headless: bool) -> bool:
    """Signs that the page really mixes orders, rather than having lost one headline: headline
    material with a kicker, subtitle or byline left unused; a before-page ending on a bare headline;
    an after-page ending on a story with no headline after it."""
    for i, opt in zip(idx, pure_opts, strict=True):
        if i is None:
            continue
        item = seq[i]
        if opt == "captions":
            rest = item
        else:
            rest = _head_parts(item, from_end=opt == "before")[1]
        if any(d.kind in _STRONG for d in rest) and any(d.kind == "plain" for d in rest):
            return True
    tail = idx[-1]
    if orientation == "before" and tail is not None and pure_opts[-1] == "captions":
        kinds = [d.kind for d in _meaningful(seq[tail])]
        # a bare headline (with its own captions after it), not a list of unprefixed captions
        if kinds and kinds[0] in ("plain", "kicker") and 0 < kinds.count("plain") <= 3:
            return True
    return orientation == "after" and last_headless and tail is None


def _pure_reading(seq: list[list], idx: list[int | None], orientation: str, pure: str
                  ) -> tuple[float, list[str], bool]:
    """Reading every block the page-wide way (what `_assemble` does without modes): its cost, the
    choice per block, and whether the last story is left headless."""
    cost, has = 0.0, False
    choices: list[str] = []
    for k, i in enumerate(idx):
        first, last = k == 0, k == len(idx) - 1
        if i is None:
            choices.append("none")
            if not first:
                cost += _HEADLESS if not has else 0.0
                if last and not has:
                    return cost, choices, True
                has = False
            continue
        opts = _block_options(seq[i], orientation, first, last)
        opt = pure if pure in opts and not (pure == "after" and has) else "captions"
        if opt not in opts:             # an inline 【headline】 heads the story it opens, whatever the page does
            opt = next(iter(opts))
        if first and opt == "after":
            opt = "captions"
        cost += opts[opt]
        choices.append(opt)
        headless = not first and opt not in ("after", "split") and not has
        if headless:
            cost += _HEADLESS
        has = opt in ("before", "split")
        if last:
            return cost, choices, headless
    return cost, choices, False


def _assemble(seq: list[list], orientation: str, modes: dict[int, str] | None = None) -> list[_Draft]:
    subs = _subheads(seq, orientation)
    drafts: list[_Draft] = []
    cur: _Draft | None = None
    pending: list[_Disp] = []           # captions seen before any body
    run_idx = [k for k, it in enumerate(seq) if _is_run(it)]

    def park(items: list[_Disp]) -> None:
        """Display lines that head no story: captions of the current one, or held until the first body."""
        if cur is not None:
            _add_captions(cur, items)
        else:
            pending.extend(items)

    first_run, last_run = (run_idx[0], run_idx[-1]) if run_idx else (len(seq), -1)
    for i, item in enumerate(seq):
        if _is_run(item):
            if orientation == "before":
                if cur is None or (cur.paras and item[0].start):
                    cur = _Draft()
                    drafts.append(cur)
            else:
                if cur is None:
                    cur = _Draft()
                    drafts.append(cur)
            if pending:
                _add_captions(cur, pending)
                pending = []
            _add_run(cur, item)
            continue
        if not item:
            cur = None                  # two stories meet without a headline between them
            continue
        if i in subs and cur is not None:
            d = _meaningful(item)[-1]
            _add_captions(cur, [c for c in item if c is not d])
            cur.subheads.append(_MARK.sub("", repair_display(d.text)))
            cur.take(d.info)
            continue
        has_run_after = i < last_run
        has_run_before = i > first_run
        if item[-1].info.inline:
            pre = item[:-1]
            group, rest = _head_parts(pre, from_end=False)
            if cur is not None and cur.paras and not cur.title and _has_head(group):
                _apply_head(cur, group)
                _add_captions(cur, rest)
            elif cur is not None:
                _add_captions(cur, pre)
            else:
                pending.extend(pre)
            cur = _Draft()
            drafts.append(cur)
            _apply_head(cur, item[-1:])
            continue
        mode = (modes or {}).get(i, orientation)
        if mode == "captions":
            park(item)
            continue
        if mode == "split" and cur is not None and (parts := _split_block(item)) is not None:
            above, between, below = parts
            _apply_head(cur, above)
            _add_captions(cur, between)
            cur = _Draft()
            drafts.append(cur)
            _apply_head(cur, below)
            continue
        if mode == "before":
            if not has_run_after or not _headline_like(item):
                park(item)
                continue
            group, rest = _head_parts(item, from_end=True)
            park(rest)
            cur = _Draft()
            drafts.append(cur)
            _apply_head(cur, group)
        else:
            if not has_run_before or cur is None or not _headline_like(item) or _caption_list(item):
                park(item)
                continue
            group, rest = _head_parts(item, from_end=False)
            # a byline under the headline of a story already signed (本报讯（…）) cannot be its second one: it
            # opens the story below (○ 江海涛 over its first paragraph)
            opens = []
            while group and group[-1].kind == "byline" and cur.byline is not None and has_run_after:
                opens.insert(0, group.pop())
            _apply_head(cur, group)
            _add_captions(cur, rest)
            cur = None
            if opens:
                cur = _Draft()
                drafts.append(cur)
                _apply_head(cur, opens)
    # a "story" of punctuation or stray symbols is extraction debris, not an article
    return [d for d in drafts if len(_WORDISH.findall("".join(p.text for p in d.paras))) >= 8]


_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")


def _bigrams(text: str) -> set[str]:
    toks = _TOKEN.findall(text)
    return {toks[i] + toks[i + 1] for i in range(len(toks) - 1)}


# a caption that names itself one (图为…) is the kind printed apart from its story, at the page's foot
_FAR_CAPTION = re.compile(r"^[（(]?[图圖][为為]")


def _reassign_captions(drafts: list[_Draft]) -> None:
    """A caption printed away from its article goes to the article whose headline and story it echoes."""
    cache: dict[int, tuple[set[str], set[str]]] = {}

    def grams_of(j: int) -> tuple[set[str], set[str]]:
        if j not in cache:
            cache[j] = (_bigrams(drafts[j].title), _bigrams(" ".join(p.text for p in drafts[j].paras)))
        return cache[j]

    moves = []
    for k, d in enumerate(drafts):
        last_body = max((p.lines[-1].line.lineno for p in d.paras), default=-9)
        for cap in list(d.captions):
            if 0 < cap[0] - last_body <= 2:
                continue            # printed right under its story's last line: where it belongs
            grams = _bigrams(re.sub(r"^[（(]?[图圖][为為]", "", cap[1]))
            if len(grams) < 3:
                continue
            near = range(max(0, k - 8), min(len(drafts), k + 9))      # a stray caption stays on its page area
            scores = {j: (len(grams & grams_of(j)[0]) + len(grams & grams_of(j)[1])) / (2 * len(grams)) for j in near}
            best = max(near, key=lambda j: scores[j])
            if best != k and scores[best] >= 0.25 and scores[best] >= max(scores[k] + 0.15, 2 * scores[k]):
                moves.append((k, best, cap))
                continue
            # words every story of the page shares (the city's name) say nothing; words only one story
            # shares with the caption (集装箱, 刺绣) point at it, when the story it sits under has none
            shared = {j: grams & (grams_of(j)[0] | grams_of(j)[1]) for j in near}
            own = {j: {g for g in shared[j] if not any(g in shared[m] for m in near if m != j)} for j in near}
            ranked = sorted(near, key=lambda j: len(own[j]), reverse=True)
            top = ranked[0]
            if top != k and len(own[top]) >= 2 and not own[k] and _FAR_CAPTION.match(cap[1]) \
                    and (len(ranked) < 2 or len(own[ranked[1]]) < len(own[top])):
                moves.append((k, top, cap))
    for k, best, cap in moves:
        drafts[k].captions.remove(cap)
        drafts[best].captions.append(cap)
        drafts[best].captions.sort()


def parse_lines(lines: list[Line], source: str) -> list[Article]:
    """The articles of one page, in the order their text starts on the page."""
    infos = _infos(lines)
    units = _absorb_tails(_absorb_signoffs(_absorb_lists(_units(infos))))
    seq = _split_runs(units)
    orientation = _orientation(seq)
    drafts = _assemble(seq, orientation, _block_modes(seq, orientation))
    _reassign_captions(drafts)
    drafts.sort(key=lambda d: min(p.lines[0].line.lineno for p in d.paras))
    articles = []
    for idx, d in enumerate(drafts):
        position: dict = {"first_line": min(d.linenos), "last_line": max(d.linenos)}
        if d.pages:
            position["page"] = min(d.pages)
        articles.append(Article(
            source=source, index=idx, title=d.title, body="\n".join(p.text for p in d.paras if p.text),
            kicker=d.kicker, byline=d.byline, subtitle=d.subtitle, subheads=d.subheads,
            captions=[c for _, c in d.captions], position=position))
    return articles


_INDENT = re.compile(r"^(?:\u3000{1,4}| {2,8})(?=\S)")


_ENDS_SENTENCE = re.compile(r"[。！？!?…；;]\s*[”’」』）)]?\s*$")


def _drawn_twice(raw: list[str], k: int) -> bool:
    """A fake-bold display line (drawn twice, slightly offset) that the extractor emitted as two identical
    lines (pdftotext -raw, pdfminer) rather than doubled glyphs: the second copy is dropped. Prose never
    repeats a whole line at once; a repeated exclamation (加油！/ 加油！) ends a sentence and is kept."""
    if k == 0:
        return False
    line = " ".join(raw[k].split())
    return (line == " ".join(raw[k - 1].split()) and len(line) >= 2 and _HAN.search(line) is not None
            and not _ENDS_SENTENCE.search(line))


def _glyphs_doubled(text: str) -> bool:
    """Every glyph twice (两两成成以以上上) or every script run twice (两成以上两成以上): fake bold."""
    line = " ".join(text.split())
    if _HAN.search(line) is None:
        return False
    halved = undouble_glyphs(line)
    # one character over and over (的的的的) proves nothing: prose can repeat a character, not a headline
    return (halved != line and len({c for c in halved if c.isalnum()}) >= 2) or shown_bold(line)


def parse_text(text: str, source: str) -> list[Article]:
    """Articles of a plain-text page.

    Some extractions keep the first-line indent as ideographic (or doubled) spaces; when a page does so
    consistently, it marks paragraph starts better than any width rule.
    """
    raw = text.splitlines()
    # the kept copy of a line drawn twice, or a line whose every glyph came out twice, is set in (fake) bold:
    # a headline face, as a PDF font would tell
    lines = [Line(t, i, role="head" if (i < len(raw) and _drawn_twice(raw, i)) or _glyphs_doubled(t) else None)
             for i, t in enumerate(raw, 1) if not _drawn_twice(raw, i - 1)]
    nonblank = [ln for ln in lines if ln.text.strip()]
    indented = [ln for ln in nonblank if _INDENT.match(ln.text)]
    if len(indented) >= 3 and len(indented) >= 0.08 * len(nonblank):
        for ln in nonblank:
            ln.indent = bool(_INDENT.match(ln.text))
    return parse_lines(lines, source)
