"""Stage 3, headline blocks: runs of paragraphs alternate with blocks of display lines; which block heads which
story (above or below it), how a block splits into kicker / title / subtitle / byline and captions, and which lone
lines are section heads of one story rather than headlines of the next."""
from __future__ import annotations

from .paragraphs import _Disp, _Para
from .repair import display_width, unspace_letterspaced
from .vocab import _HEAD_STOP, _NOTICE_TITLE, _RUNS_ON


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
        return _head_from_end(items, kinds)
    return _head_from_start(items, kinds)


def _head_from_end(items: list[_Disp], kinds: list[str]) -> tuple[list[_Disp], list[_Disp]]:
    """The headline group closing a block (it heads the story below): kicker, headline lines, subtitle, byline."""
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
    if j - k == 3 and j < len(items) and kinds[j] == "subtitle" and not (k > 0 and kinds[k - 1] == "kicker") \
            and not items[k + 1].info.blank_after and display_width(items[k].info.norm) <= 10:
        # three lines over a subtitle, the first short: kicker (肩题) over a headline set on two lines (主题)
        items = [*items[:k], _Disp(items[k].info, "kicker"), *items[k + 1:]]
        return items[k:], items[:k]
    if j - k >= 2 and not (k > 0 and kinds[k - 1] == "kicker"):
        k = j - 1
        if _two_line_head(items[k - 1], items[k]) and (k - 1 == 0 or kinds[k - 2] != "plain"
                                                       or _spaced_over(items[k - 1], items[k])):
            k -= 1
    if k > 0 and kinds[k - 1] == "kicker":
        k -= 1
    return items[k:], items[:k]


def _head_from_start(items: list[_Disp], kinds: list[str]) -> tuple[list[_Disp], list[_Disp]]:
    """The headline group opening a block (it heads the story above)."""
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


def _letterspaced(d: _Disp) -> bool:
    spaced = " ".join(d.info.line.text.split())
    return unspace_letterspaced(spaced) != spaced


def _spaced_over(a: _Disp, b: _Disp) -> bool:
    """A letter-spaced line (`中 国 海 油 党 组 召 开`) printed right over an unpunctuated one: the spacing is
    the headline face's, so the two are one headline whatever stands above them."""
    spaced, under = " ".join(a.info.line.text.split()), " ".join(b.info.line.text.split())
    # (two spaced lines stacked are a headline over a slogan band, each apart)
    return (a.kind == b.kind == "plain" and not a.info.blank_after and unspace_letterspaced(spaced) != spaced
            and unspace_letterspaced(under) == under
            and not _HEAD_STOP.search(b.info.norm) and display_width(b.info.norm) <= 24)


def _quote_cut(a: _Disp, b: _Disp) -> bool:
    """Two short unpunctuated lines meeting at a quote (`中国海油` / `“海能”`, `“订单农业”` / `让菜农吃下定心丸`):
    one headline, cut where the quoted word starts or ends (by the typesetter or by the extractor)."""
    x, y = a.info.norm, b.info.norm
    return (not a.info.blank_after and (x.endswith(("”", "’")) or y.startswith(("“", "‘")))
            and not _HEAD_STOP.search(x) and not _HEAD_STOP.search(y) and " " not in x + y
            and display_width(x) <= 24 and display_width(y) <= 24)


def _two_line_head(a: _Disp, b: _Disp) -> bool:
    """Two plain lines set in the headline font are one headline printed on two lines.

    Plain text has no font: there a second line joins only under a kicker (handled by the callers),
    since a short unpunctuated line next to a headline is far more often a photo caption.
    """
    if a.kind != "plain" or b.kind != "plain":
        return False
    if a.info.line.role == b.info.line.role == "head" or _spaced_over(a, b) or _quote_cut(a, b):
        return True
    if _letterspaced(a) != _letterspaced(b):
        return False        # set in two faces, one letter-spaced: two headlines side by side
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


def _caption_list(items: list[_Disp]) -> bool:
    """More short plain lines than any headline has, with no kicker, subtitle or byline: photo captions."""
    kinds = [d.kind for d in items]
    return kinds.count("plain") > 3 and not any(k in ("kicker", "subtitle", "byline") for k in kinds)


def _has_head(items: list[_Disp]) -> bool:
    return any(d.kind == "plain" for d in items)
