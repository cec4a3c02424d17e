"""Page furniture that is not the article: bylines, datelines, photo captions, credits, subheads, slogans.

Summaries must be exact substrings of the text they were given, so these helpers classify lines and trim
prefixes by offsets instead of rewriting the text; `clean_text` is the rewriting view for other callers.
"""
from __future__ import annotations

import re

_CJK = r"\u4e00-\u9fff"
# a parenthesised credit such as （通讯员 吴明亮 杨春燕） or (记者 张三)
_PAREN = r"[（(][^（()）\n]{0,60}[）)]"
_AGENCY = r"(?:新华社|中新社|本报|新华网|人民网|央视网|中新网|中国新闻网|新京报|澎湃新闻)"
_DATELINE = (rf"(?:{_AGENCY}[{_CJK}]{{0,12}}(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月"
             rf"(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日(?:电|讯)|{_AGENCY}[{_CJK}]{{0,8}}电|本报讯|据{_AGENCY}[{_CJK}]{{0,6}}电)")
_CREDIT_WORDS = (r"(?:(?:本报记者|特约记者|特约通讯员|实习记者|见习记者|记者|通讯员|实习生|摄影|责任编辑|编辑|责编|校对|审核"
                 r"|来源|作者|文/图|图/文|文图)(?=[\s\u3000：:/]|[\u4e00-\u9fff])|(?:文|图|摄)(?=[\s\u3000：:/]))")
_CREDIT_SET = {"本报记者", "特约记者", "特约通讯员", "实习记者", "见习记者", "记者", "通讯员", "实习生", "摄影", "责任编辑",
               "编辑", "责编", "校对", "审核", "来源", "作者", "文图", "报道", "整理"}

# a byline/dateline at the start of a sentence: removed, the rest of the sentence kept
LEADING_CREDIT = re.compile(
    rf"^[\s\u3000]*(?:{_DATELINE}[\s\u3000]*(?:{_PAREN})?|[（(][\s\u3000]*{_CREDIT_WORDS}[^（()）\n]{{0,60}}[）)]"
    rf"|[○◎●][\s\u3000]*(?:{_CREDIT_WORDS}[\s\u3000]*)?[{_CJK}·]{{2,4}}(?:[\s\u3000]+[{_CJK}·]{{2,4}}){{0,5}}"
    rf"(?=[\s\u3000]))[\s\u3000：:，,]*"
)
# whole lines that are only furniture
_BYLINE_LINE = re.compile(
    rf"^[\s\u3000]*(?:{_DATELINE}[\s\u3000]*(?:{_PAREN})?"
    rf"|[○◎●].{{0,40}}"
    rf"|{_PAREN}"
    rf"|【[^】]{{0,40}}】"
    rf"|(?:{_CREDIT_WORDS}[\s\u3000：:/]*[{_CJK}·]{{2,4}}[\s\u3000、，,]*)+"
    rf"|[{_CJK}·\s\u3000]{{2,30}}[\s\u3000]摄(?:影)?"
    rf"|[{_CJK}·]{{2,4}}(?:[\s\u3000]+[{_CJK}·]{{2,4}}){{0,5}}[\s\u3000]*(?:报道|摄|文/图|整理)"
    rf")[\s\u3000。.]*$"
)
_CAPTION = re.compile(
    r"^[\s\u3000]*(?:图为|图片为|上图|下图|左图|右图|图[一二三四五六七八九十\d]+[：:，,\s]|▲|△|↑|"
    r"[（(]?(?:本版)?(?:图片|照片)(?:均)?(?:由|来源|来自|提供)|[（(]?(?:摄影|图片来源|图/|图：|视频))"
)
_PHOTO_CREDIT = re.compile(rf"^[{_CJK}·\s\u3000]{{2,12}}(?:供图|供|摄)[。.]?$")
# web furniture printed after the article: 更多精彩新闻，欢迎关注…公众微信号 / 文章来源：大河报 / 点击阅读原文
_PROMO = re.compile(
    r"^.{0,4}(?:(?:更多|欢迎|敬请|请)[^。！？]{0,12}(?:关注|扫码|扫描|下载|订阅)[^。！？]{0,30}(?:公众号|微信|微博|客户端|二维码|APP|App)"
    r"|(?:点击|长按)[^。！？]{0,10}(?:阅读原文|二维码|关注)|(?:文章|新闻|稿件|内容)?来源[:：][^。！？，,]{1,20}$)"
    r"[^。！？]{0,30}[。！!]?$"
)
_ANY_CREDIT = re.compile(r"记者|通讯员|编辑|摄|[○◎●]|作者|文/|图/|实习生")
_SLOGAN_CHARS = re.compile(r"[。！？!?；;…]")
_NAME = re.compile(rf"[{_CJK}·]{{2,4}}")
_NAME_SOURCES = re.compile(
    rf"(?:{_CREDIT_WORDS}|[○◎●])[\s\u3000：:/]*((?:[{_CJK}·]{{2,4}}[\s\u3000、，,]*)+)"
)
_END_CREDIT = re.compile(
    rf"^[\s\u3000]*[（(【\[][\s\u3000]*(?:完|{_CREDIT_WORDS})[^）)】\]]{{0,60}}[）)】\]][\s\u3000。]*$"
)


def is_byline_line(line: str) -> bool:
    """A line that carries only a byline, a dateline, a credit or an editor's note."""
    s = line.strip()
    return bool(s) and len(s) <= 80 and bool(_BYLINE_LINE.match(s) or _END_CREDIT.match(s))


def is_caption(text: str) -> bool:
    """A photo caption or photo credit (图为…, （本版图片均由…提供）, ▲ …)."""
    return bool(_CAPTION.match(text))


def is_heading_line(line: str) -> bool:
    """A short line without any sentence-ending mark: a headline, subhead, kicker or slogan."""
    s = line.strip()
    # a line ending on a colon or comma leads into what follows (…通告如下：): prose, not a heading
    return bool(s) and len(s) <= 40 and not _SLOGAN_CHARS.search(s) and not s.endswith(("：", ":", "，", ","))


def leading_credit_length(sentence: str) -> int:
    """How many characters of byline/dateline open this sentence (0 when none)."""
    m = LEADING_CREDIT.match(sentence)
    return m.end() if m else 0


def is_furniture_sentence(sentence: str) -> bool:
    """A sentence that is only a credit, a caption, an end note or a web page's follow-us line, wherever it sits."""
    s = sentence.strip()
    if not s:
        return True
    if is_caption(s) or _END_CREDIT.match(s) or _PHOTO_CREDIT.match(s) or _PROMO.match(s):
        return True
    return len(s) <= 80 and bool(_BYLINE_LINE.match(s))


def byline_names(text: str) -> set[str]:
    """Reporters' and photographers' names printed in bylines, to keep them out of keywords."""
    names: set[str] = set()
    if not _ANY_CREDIT.search(text):
        return names
    for line in text.splitlines():
        if not (is_byline_line(line) or LEADING_CREDIT.match(line) or is_caption(line.strip())):
            continue
        for m in _NAME_SOURCES.finditer(line):
            for part in re.split(r"[\s\u3000、，,]+", m.group(1)):
                if _NAME.fullmatch(part) and part not in _CREDIT_SET:
                    names.add(part)
    return names


def clean_text(text: str) -> str:
    """The article text without byline/dateline-only lines, captions, credits, headings and slogans.

    Sentence-opening credits (本报讯（通讯员 …）) are cut off; paragraphs are kept, one per line.
    """
    lines = [ln for ln in (text or "").splitlines() if ln.strip()]
    multi = len(lines) > 1
    kept: list[str] = []
    for line in lines:
        s = line.strip()
        if is_byline_line(s) or is_caption(s) or (multi and is_heading_line(s)):
            continue
        s = s[leading_credit_length(s):].strip()
        if s:
            kept.append(s)
    return "\n".join(kept)
