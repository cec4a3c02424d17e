"""What a line says by its words alone: the patterns of bylines, captions, credits, kickers, subtitles, page
furniture and slogans, shared by every stage of the text parser. No page statistics here (see evidence.py)."""
from __future__ import annotations

import re

from .repair import display_width, ends_sentence

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


# a photo caption closed by its credit, wherever it stands: `…完工装船。特约记者 杜鹏辉 摄`, `陈维连/摄`
_CAPTION_CREDIT = re.compile(r"(?:^|[。！？!?”]\s*|\s)(?:(?:本[报報]|特[约約]|[见見]习)?(?:[记記]者|通[讯訊][员員]|摄影(?:记者)?)\s*)?"
                             r"[\u3400-\u9fff·]{2,4}(?:\s+[\u3400-\u9fff·]{2,4}){0,3}\s*(?:[/／]\s*)?[摄攝](?:影)?$"
                             r"|[\u3400-\u9fff·]{2,4}\s*[/／]\s*[摄攝]$")
# what a line _CAPTION_CREDIT finds ends with (a cheap screen before the search; lines normalised, no newline)
CREDIT_ENDS = ("摄", "攝", "影")
# the editors' credits of a page's foot: `本期值班副总编 / 姜啸啸 责任编辑 / 常容轩 责任校对 / 赵秀娟`
_EDITOR_SLASH = re.compile(r"(?:[编編][辑輯]?|校[对對]|[审審]|[监監]制|[组組]版)\s*[/／]\s*[\u3400-\u9fff]{2,4}")
# a telephone number, or its area code, set on a line of its own: `（010）84528274`
_PHONE = re.compile(r"^(?:[（(]\s*\d{3,4}\s*[）)])?[-\s]*\d{7,8}$|^[（(]\s*\d{3,4}\s*[）)]$")
# a masthead's name in capitals: `CHINA OFFSHORE OIL PRESS`
_LATIN_MASTHEAD = re.compile(r"^[A-Z][A-Z&'.-]*(?: [A-Z][A-Z&'.-]*){1,7}$")
# a bullet printed apart from the name it marks
_LONE_MARK = re.compile(r"^[○●◎□■◇◆☆★]$")
_CN_DIGITS = {c: k for k, c in enumerate("零一二三四五六七八九十")}


def jump_note(norm: str) -> str | None:
    """`（下转第二版）` -> `continues on page 2`, `（上接第一版）` -> `continued from page 1`; None for other lines."""
    if not _JUMP.match(norm):
        return None
    m = re.search(r"第?\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}|[A-Z]\d{1,2})\s*[版页頁]", norm)
    page = m.group(1) if m else "?"
    if page and page[0] in _CN_DIGITS:
        digits = [_CN_DIGITS[c] for c in page]
        if digits[0] == 10:
            page = str(10 + (digits[1] if len(digits) > 1 else 0))
        elif len(digits) >= 2 and digits[1] == 10:
            page = str(digits[0] * 10 + (digits[2] if len(digits) > 2 else 0))
        else:
            page = str(digits[0])
    page = page.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    back = re.search(r"上[接转轉]|[接]第|[转轉]自|接上", norm)
    return f"continued from page {page}" if back else f"continues on page {page}"


_JUMP = re.compile(r"^[（(]?\s*(?:[下上][转接轉]|[转轉接]第|[转轉][见見])[^（()）]{0,12}[）)]?$")


_DATE_ONLY = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


_MASTHEAD = re.compile(r"(?:日[报報]|晚[报報]|[报報]社|融媒[体體]中心|新[闻聞](?:[办辦](?:公室)?)?)\s*$|^(?:要[闻聞]|[综綜]合|[时時]政|民生|[专專][题題]|特刊|副刊)(?:\s|$)")


_HAN = re.compile(r"[\u3400-\u9fff]")
_PHRASE_TOKEN = re.compile(r"[\u3400-\u9fff“”0-9.%]+")


_NOTICE_TITLE = re.compile(r"(?:公告|通告|通知|启事|啟事|公示|声明|聲明|倡议书|倡議書|告知书|告知書|的函)$")


_WORDISH = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")


_ASCII_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.:%/-]*")


# sentence punctuation: body lines are full of it, headlines (which may quote “…”) rarely have it
_RUNS_ON = re.compile(r"[暨的和与及之对为把向从以在、—]$")


_PUNCT = re.compile(r"[，。、；：！？…,;:!?]")


_HEAD_STOP = re.compile(r"[，。；;,.：:]")


_SLOGAN_TOKEN = re.compile(r"^[\u3400-\u9fff]{2,10}$")


DISPLAY = ("byline", "subtitle", "kicker", "caption", "credit", "furniture", "tail")


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
_IMPRINT = re.compile(r"机关[报報]|主管主办$|出版物[号號]|[刊][号號][：:]|CN\s*\d{2}\s*[-－]\s*\d{4}|[邮郵][发發]代[号號]|^今日天[气氣]|"
                      r"^天[气氣](?:预报)?[：:]|^[▶►]\s*\d+\s*版|^本期[导導][读讀]$|^[导導][读讀]$")


_QR = re.compile(r"^(?:[扫掃](?:码|碼|一[扫掃])|[长長]按).{0,12}$|二[维維][码碼]")


_IMPRINT_HINT = re.compile(r"[主机機刊N代气氣▶►导導扫掃维維按]")     # a cheap screen: most lines have none


def _furniture(text: str, norm: str) -> bool:
    if _IMPRINT_HINT.search(norm) and (_IMPRINT.search(norm) or (
            _QR.search(norm) and display_width(norm) <= 16 and not _PUNCT.search(norm))):
        return True
    if _META.match(norm) and (len(_META_FIELD.findall(norm)) >= 2 or display_width(norm) <= 30):
        return True
    # (cheap screens first: an editors' slash line has a slash, a date line names the weekday)
    if _LONE_MARK.match(norm) or _PHONE.match(norm) or _LATIN_MASTHEAD.match(norm) \
            or (("/" in norm or "／" in norm) and len(_EDITOR_SLASH.findall(norm)) >= 2):
        return True
    if _PAGE_NO.match(norm) or (("星期" in norm or "周" in norm or "週" in norm) and _DATE_LINE.search(norm)) \
            or _EDITOR.match(norm) or _JUMP.match(norm) or _DATE_ONLY.match(norm):
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


_FURN_DATE = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日$|^星期[一二三四五六日天]$|^农历\S{2,8}$"
                        # a date line an extractor cut in two: `2024年10月` / `16 日 星期三`
                        r"|^\d{4}年\d{1,2}月$|^\d{1,2}日星期[一二三四五六日天]$")


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
    return len(tokens) > 1 or kinds[0] == "section" or bool(_FURN_DATE.match(tokens[0]))


_ROLE = re.compile(r"^(?:(?:本[报報]|特[约約]|[见見]习)?(?:[记記]者|[评評]论[员員]|通[讯訊][员員])|[实實]习生|作者|撰文|摄影|文/|文／|[图圖]/|[图圖]／|文[：:]|[图圖][：:])")


_NAME = re.compile(r"^[\u3400-\u9fff·]{2,3}$")


_NAMES = re.compile(r"^[\u3400-\u9fff·]{2,4}$")


_MARK = re.compile(r"^[○●◎□■◇◆☆★]\s*")


# an end signature in brackets, names only (a brief's attribution): （陈维连 陈传撑） / （陈维连）
_SIGN_BRACKET = re.compile(r"[（(]\s*((?!节选|待续|未完)[\u3400-\u9fff·]{2,4}(?:\s+[\u3400-\u9fff·]{2,4}){0,3})\s*[）)]$")


def _signature(norm: str) -> str | None:
    """The names of an end-of-article signature printed on its own line: a lone name (`宗何`, `吴 丹`),
    names in brackets (`（陈维连 陈传撑）`), or names after a bullet (`□ 田昀澍`); None for anything else."""
    m = _SIGN_BRACKET.match(norm)
    if m:
        return " ".join(m.group(1).split())
    bare = _MARK.sub("", norm)
    tokens = bare.split()
    if len(tokens) == 2 and all(len(t) == 1 for t in tokens):
        tokens = ["".join(tokens)]
    if len(tokens) == 1 and _NAME.match(tokens[0]):
        return tokens[0]
    if bare != norm and 1 < len(tokens) <= 4 and all(_NAMES.match(t) for t in tokens):
        return " ".join(tokens)
    return None


def _phrases(norm: str) -> bool:
    """Three or more phrases set apart by spaces, no punctuation (`汪东进致辞 周心怀出席并讲话 俞进主持`): a subtitle
    or a slogan's shape; body prose never spaces its words."""
    tokens = norm.split()
    if _PUNCT.search(norm) or not all(_HAN.match(t) and _PHRASE_TOKEN.fullmatch(t) for t in tokens):
        return False
    # three short phrases, or two clauses (`全市建成社区老年食堂86个 日均服务老人1.1万人次`)
    return (len(tokens) >= 3 and all(len(t) >= 2 for t in tokens)) or (len(tokens) == 2 and min(map(len, tokens)) >= 6)


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


# a brief whose headline opens its paragraph in lenticular brackets: 【县图书馆延长开放时间】近日，…
_BOX_LABEL = re.compile(r"^(?:相[关關]新[闻聞]|(?:相[关關]|新[闻聞]|知[识識]|背景)?[链鏈]接|延伸[阅閱][读讀]|[记記]者手[记記])$")


_INLINE_HEAD = re.compile(r"^【([^【】]{2,40})】\s*(?=\S)")


_OPEN_START = re.compile(r"^\s*本[报報][^（(]{0,12}[讯訊]\s*[（(][^）)]{0,40}$")


# the author's note closing a commentary: （作者系县委党校讲师） / （作者单位：…）
_AUTHOR_NOTE = re.compile(r"^[（(]作者(?:系|为|是|單位|单位|简介)[^（()）]{2,60}[）)]$")


def _ends(norm: str) -> bool:
    """A sentence end, also one followed by a closing byline or end mark (…之路。（记者 赵磊））."""
    if ends_sentence(norm) or _AUTHOR_NOTE.match(norm):
        return True
    m = _TAIL.search(norm)
    return m is not None and (m.start() == 0 or ends_sentence(norm[:m.start()]))
