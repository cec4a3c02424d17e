"""One article region (a headline block and the lines it owns) -> an Article.

The headline block splits by size and order: its largest runs are the title, smaller runs above it the
kicker, below it the subtitle. Among the owned lines, a few conventions of print decide roles wherever
the line stands: captions (`图为…`, `… 摄`, `…/摄`, small type, or a line right under a photo in a face the body does not use), jump lines
(`（下转第二版）`), bylines (`本报讯（记者 …）` at the start; `（记者 …）`, `□ 某某`, a lone name line at
the end). Subheads are whole lines set larger than body, or in a heavy face where body is not. The rest is
read column by column; a paragraph starts where the line is indented from its column's left edge. A
region holding several stories each closed by a signature under a short label (简讯) is a box of briefs:
one untitled article each.
"""
from __future__ import annotations

import re

from .model import Article
from .pdfgeom import Seg, heavy_face, near_photo, xy_order
from .regions import CLOSING, HEAD_RATIO, Block, Page
from .repair import ends_sentence, join_line_texts, repair_display

_MARKS = "○●◎□■◇◆☆★"
# a credit closes with 摄 / 供图 after a space or a slash (`本报记者 某某 摄`, `某某/摄`) or inside brackets
# (`（某某供图）`): a body line that merely wraps after 拍摄 is not one
_CAPTION = re.compile(r"^[（(]?\s*(?:[图圖][为為片]|[上下左右][图圖][为為：:]|[图圖]\s*[：:]|[▲△])"
                      r"|(?:[\s/／](?:[摄攝]影?|供[图圖])|[（(][^（）()，。]{1,24}(?:[摄攝]|供[图圖]))\s*[）)]?$")
_JUMP = re.compile(r"[（(]\s*([下上])[转接轉]第?\s*([一二三四五六七八九十\d]{1,3})\s*[版页]\s*[）)]")
_START = re.compile(r"^\s*(?:本[报報][^\s（(，。]{0,12}?[讯訊]|[^\s（(，。]{0,16}\d{1,2}月\d{1,2}日[电讯電訊])"
                    r"\s*(?:[（(]([^（()）]{1,60})[）)])?\s*")
_NAMES = r"[\u3400-\u9fff·]{2,4}(?:\s+[\u3400-\u9fff·]{2,4}){0,3}"
_ROLE_NAMES = r"(?:本[报報]|特[约約])?(?:[记記]者|通[讯訊][员員])[^（()）。，]{1,40}"
_TAIL = re.compile(rf"[（(]\s*({_ROLE_NAMES}|{_NAMES}|完)\s*[）)]$")
_MARK_LEAD = re.compile(rf"^[{_MARKS}]\s*")
_LONE_NAMES = re.compile(rf"^{_NAMES}$")
_BY_NAMES = re.compile(rf"^(?:{_NAMES}|{_ROLE_NAMES})$")
_MARKED = re.compile(rf"^[{_MARKS}]\s*(\S.{{0,30}})$")
# a feature's credits: `文/某某 图/某某`, `文·图/某某`, `摄影：某某` (kept whole: who wrote, who shot)
_CREDIT_PART = r"(?:文字?|[图圖]|[摄攝]影?|文\s*[/／·]\s*[图圖])\s*[/／：:]\s*[\u3400-\u9fff·]{2,4}"
_CREDITS = re.compile(rf"^{_CREDIT_PART}(?:\s+{_CREDIT_PART})*$")
_LOGO = re.compile(r"[\u3400-\u9fff](?:\s+[\u3400-\u9fff]){1,3}")   # 2-4 characters set apart
LABEL_CHARS = 6         # a box label (简讯, 经济简讯, 图片新闻) is this short; a headline is longer
_DIGITS = {c: k for k, c in enumerate("一二三四五六七八九十", 1)}


def _text(s: Seg) -> str:
    return repair_display(s.text)


def _head_parts(block: Block) -> tuple[str | None, str, str | None]:
    """(kicker, title, subtitle) of a headline block: the largest runs are the title."""
    segs = sorted(block.segs, key=lambda s: s.top)
    # a column's standing logo over its title (`短 评`, `时 评`): a short label set letter-spaced
    if len(segs) > 1 and _LOGO.fullmatch(segs[0].text.strip()) and \
            not any(t.top < segs[0].bottom for t in segs[1:]):
        segs = segs[1:]
    dashed = [s.text.lstrip().startswith(("——", "──", "－－", "--")) for s in segs]     # a subtitle, whatever its size
    big = max((s.size for s, d in zip(segs, dashed, strict=True) if not d), default=max(s.size for s in segs))
    idx = [k for k, s in enumerate(segs) if s.size >= 0.85 * big and not dashed[k]] or [0]
    first, last = idx[0], idx[-1]
    kicker = " ".join(_text(s) for s in segs[:first]) or None
    lines = segs[first:last + 1]
    # a headline set vertically comes out one character per line
    title = ("" if len(lines) > 2 and all(len(s.text.strip()) == 1 for s in lines) else " ").join(_text(s) for s in lines)
    sub = " ".join(_text(s) for s in segs[last + 1:])
    sub = re.sub(r"^\s*(?:——|──|－－|--|—|─)\s*", "", sub) or None
    return kicker, title, sub


def _captions(owned: list[Seg], page: Page, body_face: str) -> list[list[Seg]]:
    """Caption lines, grouped: a cue line or small type by a photo, plus the lines of the same setting
    stacked right on it (a caption wraps; its last line carries the credit)."""
    # small type in an article is a caption (by a photo or not), unless it is a signature
    small = [s for s in owned if s.size <= 0.92 * page.body and not _signature_text(s.text)]
    # ... and a line set right under or over a picture in a face the body does not use
    other_face = [s for s in owned if s.face != body_face and not _START.match(s.text)
                  and not _signature_text(s.text) and any(
        min(s.x1, p.x1) - max(s.x0, p.x0) > 0 and (0 <= s.top - p.bottom <= page.leading or 0 <= p.top - s.bottom <= page.leading)
        for p in page.photos)]
    seeds = [s for s in owned if _CAPTION.search(s.text.strip())] + small + other_face
    groups: list[list[Seg]] = []
    taken: set[int] = set()
    for seed in sorted(seeds, key=lambda s: s.top):
        if id(seed) in taken:
            continue
        group = [seed]
        taken.add(id(seed))
        distinct = seed.size <= 0.92 * page.body or seed.face != body_face
        grew = distinct
        while grew:
            grew = False
            for s in owned:
                if id(s) in taken or abs(s.size - seed.size) > 0.3 or s.face != seed.face:
                    continue
                if any(abs(s.top - g.bottom) <= 0.8 * page.leading or abs(g.top - s.bottom) <= 0.8 * page.leading
                       for g in group) and any(min(s.x1, g.x1) - max(s.x0, g.x0) > 0 or _wraps(g, s) for g in group):
                    group.append(s)
                    taken.add(id(s))
                    grew = True
        groups.append(sorted(group, key=lambda s: (s.top, s.x0)))
    return groups


def _wraps(g: Seg, s: Seg) -> bool:
    """`s` is the wrapped end of line `g`: right under it, from its left edge or further left, reaching it
    (a short last line of a centred or indented caption, `摄）`)."""
    return g.bottom - 1 <= s.top and s.x0 <= g.x0 + 0.5 and s.x1 >= g.x0 - 1


def _jump(text: str, where: str = "whole") -> tuple[str, dict, re.Match] | None:
    """A jump line (`（下转第二版）`) as the whole text, at its end or at its start: (note, marker, match)."""
    text = text.strip()
    m = _JUMP.fullmatch(text) if where == "whole" else _JUMP.match(text) if where == "start" else None
    if where == "end":
        m = next((x for x in _JUMP.finditer(text) if x.end() == len(text)), None)
    if not m:
        return None
    num = int(m.group(2)) if m.group(2).isdigit() else _DIGITS.get(m.group(2), 0)
    if m.group(1) == "下":
        return f"continues on page {num}", {"to": num}, m
    return f"continued from page {num}", {"from": num}, m


def _signature_text(text: str) -> str | None:
    """The names of `（记者 …）` / `（某某 某某）` / `□ 某某` standing as a whole line."""
    text = " ".join(text.split())
    if _CREDITS.match(text):
        return text
    m = _TAIL.fullmatch(text) or _MARKED.match(text)
    return m.group(1).strip() if m and m.group(1) != "完" else None


def _signature(s: Seg, body_face: str, after_sentence: bool = False) -> str | None:
    """The names of an end signature line, if the region's last line is one."""
    text = " ".join(s.text.split())
    if _signature_text(text):
        return _signature_text(text)
    em = s.size
    right = s.x1 >= s.col_x1 - 1.5 * em and s.x0 > s.col_x0 + 2 * em
    if _LONE_NAMES.match(text) and (right or s.face != body_face or after_sentence):
        return text
    closing = CLOSING.match(text)
    if closing and right:
        return closing.group(1).strip()     # a submitting unit set right under the story: (县应急管理局)
    return None


def _marked_byline(owned: list[Seg], leading: float, body: float) -> str | None:
    """`□ 某某` (a mark alone with the names beside it, or in one run): the byline; its lines leave `owned`.
    A marked line set larger than body that holds no names is a brief's title (`■ 县医院开通…`), not a
    byline (a heavy face or a larger size alone does not tell: signatures are often set bold or large)."""
    byline = None
    owned_marked = [s for s in owned if s.size < 1.05 * body or _BY_NAMES.match(_MARK_LEAD.sub("", s.text.strip()))]
    for m in [s for s in owned_marked if s.text.strip() in _MARKS]:
        beside = [s for s in owned if s is not m and abs(s.mid_y - m.mid_y) <= leading and 0 <= s.x0 - m.x1 <= 3 * s.size]
        owned.remove(m)
        if beside and byline is None:
            t = min(beside, key=lambda s: s.x0)
            byline = " ".join(t.text.split())
            owned.remove(t)
    for s in owned_marked:
        m = _MARKED.match(" ".join(s.text.split()))
        if m and byline is None and len(s.text) <= 24:
            byline = m.group(1).strip()
            owned.remove(s)
    return byline


def _set_right(s: Seg) -> bool:
    return s.x0 > s.col_x0 + 4 * s.size and s.x1 >= s.col_x1 - 1.5 * s.size


def _drop_sign_off_trailer(order: list[Seg], body_face: str) -> list[Seg]:
    """Lines set right under a story's bracketed sign-off (`（县文体旅游局）`), no sentence among them (the
    issuing office and date closing a bulletin): the document's sign-off, not the story's text."""
    k = len(order)
    while k > 1 and _set_right(order[k - 1]) and not ends_sentence(order[k - 1].text) \
            and not CLOSING.match(" ".join(order[k - 1].text.split())):
        k -= 1
    if k < len(order) and CLOSING.match(" ".join(order[k - 1].text.split())) and _set_right(order[k - 1]):
        return order[:k]
    return order


def _paragraphs(order: list[Seg], body: float, body_face: str) -> tuple[list[str], list[str], list[int]]:
    """(paragraphs, subheads) of lines in reading order. A paragraph starts where a line is indented from
    its column's left edge (or after a subhead), never where a line is short; a subhead is a whole line
    set larger than body, or in a heavy face where the body is not. The third list gives, per subhead,
    the number of paragraphs before it."""
    body_heavy = heavy_face(body_face)
    paras: list[list[str]] = []
    subheads: list[str] = []
    at: list[int] = []
    after_sub = True
    for s in order:
        em = s.size or body
        whole = s.x1 - s.x0 < (s.col_x1 - s.col_x0) - 1.5 * em or s.size >= 1.05 * body
        display = (1.05 * body <= s.size < HEAD_RATIO * body) or (heavy_face(s.face) and not body_heavy
                                                                 and abs(s.size - body) <= 0.1 * body)
        if display and whole and not _START.match(s.text) and not re.search(r"[，。；：]$", s.text.strip()):
            subheads.append(_text(s))
            at.append(len(paras))
            after_sub = True
            continue
        if after_sub or s.x0 - s.col_x0 > 0.8 * em:
            paras.append([])
        after_sub = False
        paras[-1].append(" ".join(s.text.split()))
    return [join_line_texts(p) for p in paras], subheads, at


def assemble(page: Page, block: Block, source: str, index: int) -> list[Article]:
    """The article(s) of one region: one, or several when it is a box of signed briefs."""
    body = page.body
    kicker, title, subtitle = _head_parts(block) if block.segs else (None, "", None)
    notes: list[str] = []
    position: dict = {}
    faces: dict[str, int] = {}
    for s in block.owned:
        if abs(s.size - body) <= 0.1 * body:
            faces[s.face] = faces.get(s.face, 0) + len(s.text)
    body_face = max(faces, key=faces.__getitem__) if faces else ""
    owned = list(block.owned)
    # jump lines: a note and a marker, never body, nor the subtitle or kicker of the headline they sit under
    def jumped(text: str | None) -> bool:
        j = _jump(" ".join(text.split())) if text else None
        if j:
            notes.append(j[0])
            position["jump"] = {**j[1], **({"on": page.edition} if page.edition else {})}
        return j is not None

    if jumped(subtitle):
        subtitle = None
    if jumped(kicker):
        kicker = None
    for s in list(owned):
        if jumped(s.text):
            owned.remove(s)
    caption_groups = _captions(owned, page, body_face)
    in_caption = {id(s) for g in caption_groups for s in g}
    captions = [join_line_texts([" ".join(s.text.split()) for s in g]) for g in caption_groups]
    if any(not any(near_photo(s, page.photos, page.leading) for s in g) for g in caption_groups):
        notes.append("caption placement guessed")       # no picture beside it: where does it belong?
    owned = [s for s in owned if id(s) not in in_caption]
    byline = _marked_byline(owned, page.leading, body)
    # column by column, page by page (a story may run on to the next page of the file)
    order = [t for p in sorted({s.page for s in owned}) for t in xy_order([s for s in owned if s.page == p], body, story=True)]
    order = _drop_sign_off_trailer(order, body_face)
    if order:
        sig = _signature(order[-1], body_face, len(order) > 1 and ends_sentence(order[-2].text))
        if sig:
            if byline is None and _LONE_NAMES.match(" ".join(order[-1].text.split())):
                notes.append("byline guessed")      # a lone name line closing the story
            byline = byline or sig
            order = order[:-1]
    texts, subheads, sub_at = _paragraphs(order, body, body_face)
    if block.lead:      # the standfirst opens the body
        texts = [join_line_texts([" ".join(s.text.split()) for s in block.lead])] + texts
        sub_at = [k + 1 for k in sub_at]
    nums = [s.n for s in block.segs + block.lead + block.owned if s.n]
    position = {"first_line": min(nums), "last_line": max(nums),
                "page": min(s.page for s in block.segs + block.lead + block.owned), **position}
    stories = _signed_stories(texts)
    # several signed stories under one head: a box of briefs, the head its label (简讯, 经济简讯); a real
    # headline (longer than a label) stays with the first story, the others are briefs after it
    headed = len(stories) < 2 or len(re.sub(r"\s", "", title)) > LABEL_CHARS
    starts = [sum(len(t) for t in stories[:k]) for k in range(len(stories))]
    # a brief's own title: a subhead standing right where a signed story opens (`■ 县医院开通…`)
    brief_titles = {k: _MARK_LEAD.sub("", subheads[i]) for k in range(1 if headed else 0, len(stories))
                    for i, at in enumerate(sub_at) if at == starts[k] and len(stories) > 1}
    subheads = [h for h, at in zip(subheads, sub_at, strict=True)
                if not any(at == starts[k] for k in brief_titles)]
    out: list[Article] = []
    if headed:
        body_, by, more, jump = _ends(stories[0] if stories else [])
        if title or body_:      # display lines alone in a box are a promo, not a story
            if jump:
                position["jump"] = {**jump, **({"on": page.edition} if page.edition else {})}
            out.append(Article(source=source, index=index, title=title, body=body_, kicker=kicker,
                               byline=byline or by, subtitle=subtitle, subheads=subheads, captions=captions,
                               position=dict(position),
                               notes=notes + more + ([] if title else ["no headline printed"])))
    label = f" in the {title} box" if title and not headed else ""
    for k, story in enumerate(stories):
        if headed and k == 0:
            continue
        body_, by, more, jump = _ends(story)
        marker = {"jump": {**jump, **({"on": page.edition} if page.edition else {})}} if jump else {}
        out.append(Article(source=source, index=index, title=brief_titles.get(k, ""), body=body_, byline=by,
                           captions=[] if out else captions, position={**position, **marker},
                           notes=([] if k in brief_titles else [f"untitled brief{label}"]) + more))
    return out


def _signed_stories(texts: list[str]) -> list[list[str]]:
    """Runs of paragraphs each closed by a signature (`…。（某某 某某）`); a last unsigned run stays."""
    stories: list[list[str]] = [[]]
    for t in texts:
        stories[-1].append(t)
        m = _TAIL.search(t)
        if m and m.group(1) != "完" and m.start() > 0 and ends_sentence(t[:m.start()]):
            stories.append([])
    return [s for s in stories if s]


def _ends(texts: list[str]) -> tuple[str, str | None, list[str], dict]:
    """(body, byline, notes, jump marker) of a story's paragraphs: the opening 本报讯（…）, a closing
    signature and jump lines come off the text."""
    texts = list(texts)
    byline = None
    notes: list[str] = []
    jump: dict = {}
    if texts:
        m = _START.match(texts[0])
        if m and m.end() < len(texts[0]):
            if m.group(1):
                byline = " ".join(m.group(1).split())
            texts[0] = texts[0][m.end():]
        j = _jump(texts[-1], "end")
        if j:
            notes.append(j[0])
            jump = j[1]
            texts[-1] = texts[-1].strip()[:j[2].start()].rstrip()
        m = _TAIL.search(texts[-1])
        if m and len(texts[-1]) > m.end() - m.start():
            if m.group(1) != "完" and byline is None:
                byline = " ".join(m.group(1).split())
            texts[-1] = texts[-1][:m.start()].rstrip()
        j = _jump(texts[0], "start")
        if j:
            notes.append(j[0])
            jump = j[1]
            texts[0] = texts[0].strip()[j[2].end():].strip()
    return "\n".join(t for t in texts if t), byline, notes, jump
