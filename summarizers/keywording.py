"""Keywords: TF-IDF on jieba's bundled IDF, weighted by position, over POS-filtered words of the article body.

Names of places and organisations are merged whole (炉碧经济开发区), frequent adjacent pairs become
keyphrases, and reporters' names, stopwords and page furniture never appear. Ties sort by first occurrence
and then by the word itself, so the result does not depend on PYTHONHASHSEED.
"""
from __future__ import annotations

import math
import os
import re
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

from summarizers import nlp
from summarizers.analysis import MAX_KEYWORD_CHARS, Analysis, build

# POS weights: names and nouns first, verbal nouns next, plain verbs rarely
POS_WEIGHT = {"ns": 1.3, "nt": 1.3, "nz": 1.2, "nr": 1.1, "nrt": 1.1, "nrfg": 1.1, "n": 1.0, "j": 1.0,
              "eng": 0.8, "vn": 0.8, "an": 0.5, "v": 0.35, "l": 0.4, "i": 0.3, "ORG": 1.4}
NOUNISH = {"n", "ng", "nz", "ns", "nt", "nr", "nrt", "nrfg", "j", "eng", "b", "vn", "an", "zg", "g", "ORG"}
ORG_SUFFIXES = ("有限公司", "公司", "集团", "开发区", "高新区", "园区", "产业园", "街道", "社区", "大学", "学院", "中学",
                "小学", "医院", "委员会", "政府", "人大", "政协", "银行", "研究院", "研究所", "管委会", "中心", "博物馆",
                "公园", "广场", "景区", "古镇", "基地", "村", "镇", "乡", "县", "市", "州", "区", "省")
_ORG_LAST = frozenset(s[-1] for s in ORG_SUFFIXES)  # a cheap test before endswith(ORG_SUFFIXES)
_DIGITISH = re.compile(r"^[\d０-９.．%％·\-第]+$|\d")
_TIME_WORDS = re.compile(r"今天|昨天|明天|前天|后天|今日|昨日|明日|当天|当日|次日|上午|下午|晚上|早上|凌晨|中午|傍晚|深夜"
                         r"|夜里|今年|去年|明年|前年|近日|日前|目前|近期|此前|随后|今晨|昨晚|今晚|早晨|清晨")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z\-]+$")


def analyse(text: str) -> Analysis:
    """The shared analysis of `text` (cached per text, so summary and keywords segment it once)."""
    return nlp.cached("analysis", text, build)


# words that end like a place but are generic (全县地区, 力争城镇 are not names)
GENERIC_PLACES = {"地区", "城镇", "城市", "城区", "市区", "乡镇", "村镇", "县城", "社区", "小区", "园区", "景区", "山区",
                  "林区", "街区", "辖区", "片区", "校区", "新区", "老区", "郊区", "农村", "乡村"}
# people's titles and roles: never part of an organisation's name (县长陈立新代表县人民政府)
TITLES = {"县长", "市长", "州长", "省长", "乡长", "镇长", "村长", "区长", "书记", "主席", "主任", "局长", "代表", "委员",
          "院长", "校长", "经理", "董事长", "部长", "处长", "科长", "所长", "站长", "队长", "副县长", "副市长", "常委",
          "记者", "通讯员"}
# after a number these open a measure or a date, not a word (5月31日为全市 -> 日为, 1200余人挥锹 -> 余人挥)
MEASURE_CHARS = set("日月年个余多名万亿点时号届次岁")
_NUMBER_END = re.compile(r"[\d０-９零〇一二三四五六七八九十百千两几]$")
# a word jieba's dictionary does not know that opens or closes with a function word is a fragment of two words
# (地说 of 高兴地说, 实里 of 落实里, 还降, 从市, 江至, 屏上); a leading numeral likewise (一至)
_FRAGMENT_START = set("的地得了着过从在于和与及把被将还也都就又而或向对为以至到说是有这那其每各该零〇一二三四五六七八九十百千两几")
_FRAGMENT_END = set("的地得了着过说至里上下中为是在和与及把被将还也都就又而或晚半")
# common single-character surnames; jieba often splits the given name off (潘 永和, 龙 建平)
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙胡朱郭何罗梁宋郑谢韩唐冯董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴"
               "夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文欧林严覃霍柳凌"
               "韦蒙粟邰莫蓝陶施葛白颜倪洪鲁牛温季俞章鲍齐殷庞邢翟向骆安岳舒聂祝彭包左柯钮车吉佟阮单麻"
               "杭盛邬俞裴焦冉甘")
COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
                               "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延"})
PLACE_ENDINGS = ("山", "江", "河", "湖", "海", "村", "镇", "乡", "县", "市", "区", "州", "省", "路", "街", "桥", "寨",
                 "坡", "岭", "湾", "坝", "园", "馆", "站", "港", "岛", "峰", "塘", "溪", "洞", "寺", "楼", "厂")
NAME_TAGS = {"nr", "nrt", "nrfg"}
# a sentence where people are only present (在主席台就座, 出席会议): a person there does not act
_ROSTRUM = re.compile(r"就座|出席|列席|在主席台|参加会议|参加了?活动|陪同|到会")
_GENERIC_EXTRA: set[str] = set()
_generic_lock = threading.Lock()


@lru_cache(maxsize=1)
def _shipped_generic() -> frozenset[str]:
    text = resources.files("summarizers").joinpath("data/generic_words.txt").read_text(encoding="utf-8")
    words = set()
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            words.update(line.split())
    env = os.environ.get("BRIEFING_GENERIC_WORDS")
    if env:
        words.update(_read_words(env))
    return frozenset(words)


def _read_words(path: str | os.PathLike[str]) -> set[str]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileNotFoundError(f"{p}: generic word list not found") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p}: generic word list is not UTF-8 ({exc.reason})") from None
    return {w for line in text.splitlines() if not line.lstrip().startswith("#") for w in line.split()}


def load_generic_words(path: str | os.PathLike[str]) -> int:
    """Add the words of a user file (whitespace-separated, # comments) to the generic list; returns how many."""
    words = _read_words(path)
    with _generic_lock:
        _GENERIC_EXTRA.update(words)
        _generic_all.clear()
    return len(words)


_generic_all: list[frozenset[str]] = []  # the union, built once (and again after load_generic_words)


def generic_words() -> frozenset[str]:
    """The shipped list (summarizers/data/generic_words.txt), BRIEFING_GENERIC_WORDS and load_generic_words."""
    cached = _generic_all
    if cached:
        return cached[0]
    with _generic_lock:
        union = _shipped_generic() | _GENERIC_EXTRA
        _generic_all[:] = [union]
    return union


def _is_word(chunk: str) -> bool:
    """A dictionary word of some use (so a character next to a keyword belongs to that word, not to it)."""
    return len(chunk) == 2 and (nlp.jieba_module().dt.FREQ.get(chunk) or 0) >= 50


def _crosses(text: str, start: int, end: int, freq: dict[str, int] | None = None) -> bool:
    """A dictionary word of 2-4 characters runs across `start` or `end` (产业|园开园: 产业园 crosses).

    `freq`: jieba's dictionary (its FREQ), when the caller has it at hand."""
    get = (freq if freq is not None else nlp.jieba_module().dt.FREQ).get
    n = len(text)
    for a in (start, end):
        for left in (1, 2, 3):
            lo = a - left
            if lo < 0:
                break
            for right in range(1, 5 - left):
                hi = a + right
                if hi > n:
                    break
                if (get(text[lo:hi]) or 0) >= 50:
                    return True
    return False


_FUNCTION_CHARS = _FRAGMENT_START - set("零〇一二三四五六七八九十百千两几")


def _glued(w: str, body: str, title: str, text: str | None = None, freq: dict[str, int] | None = None) -> str:
    """`w` as the article uses it: "" when it is a fragment, the longer unit when the headline prints it whole
    (非|遗传承人 -> 非遗传承人, 村|BA -> 村BA), else `w` itself.

    A fragment: a word only jieba's HMM found that cuts through a dictionary word (原|油外输); a Latin word
    glued to a CJK character; a word whose every occurrence (two or more) follows the same character, which
    does not end a dictionary word (春季|开学 is two words; 非|遗传承人 is not). `text` (f"{body}\n{title}", or
    the body when there is no title) and `freq` (jieba's FREQ): the same for every word of an article.
    """
    if text is None:
        text = f"{body}\n{title}" if title else body
    if freq is None:
        freq = nlp.jieba_module().dt.FREQ
    unknown = not freq.get(w) and w not in nlp.USER_WORDS and not w.isascii()
    lefts = set()
    seen = 0
    at = text.find(w)
    while at >= 0 and seen < 20:
        c = text[at - 1] if at > 0 else ""
        if unknown and _crosses(text, at, at + len(w), freq):
            return ""
        glue = c.isalpha() and c not in _FUNCTION_CHARS and (freq.get(text[max(0, at - 2):at]) or 0) < 50
        lefts.add(c if glue else "")
        if not unknown and (len(lefts) > 1 or "" in lefts):
            return w  # a known word that stands on its own somewhere: no fragment
        seen += 1
        at = text.find(w, at + len(w))
    if len(lefts) != 1 or "" in lefts:
        return w
    c = lefts.pop()
    if title and c + w in title:
        return c + w
    if w.isascii() or seen >= 2:
        return ""
    return w


def _continues(phrase: str, body: str) -> bool:
    """A keyphrase always followed by the same two characters is part of a longer unit (中国式现代化凯里|实践)."""
    rights = set()
    at = body.find(phrase)
    while at >= 0:
        rights.add(body[at + len(phrase):at + len(phrase) + 2])
        if len(rights) > 1:
            return False
        at = body.find(phrase, at + len(phrase))
    right = next(iter(rights), "")
    return len(right) == 2 and all("\u4e00" <= ch <= "\u9fff" for ch in right)


def _looks_like_person(w: str, known: dict[str, str]) -> bool:
    if not 2 <= len(w) <= 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in w) or w.endswith(PLACE_ENDINGS):
        return False
    if not (w[0] in SURNAMES or w[:2] in COMPOUND_SURNAMES):
        return False
    return known.get(w) in NAME_TAGS or w not in known


def _acts(w: str, sentences: list[str]) -> int:
    """Sentences where `w` does something: not only present (就座, 出席), not one name in a list of names."""
    n = 0
    for s in sentences:
        at = s.find(w)
        if at < 0 or _ROSTRUM.search(s):
            continue
        around = s[max(0, at - 1):at] + s[at + len(w):at + len(w) + 1]
        if "、" in around:
            continue
        n += 1
    return n


def _is_number_end(word: str) -> bool:
    return bool(_NUMBER_END.search(word))


def _merge_orgs(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join the nouns before a place/organisation suffix into one name (贵州 黔 玻 … 有限公司)."""
    out: list[tuple[str, str]] = []
    stop = nlp.stopwords()
    known = nlp._tag_table or nlp._tags()
    for wf in words:
        w, f = wf
        if (f in NOUNISH and w[-1:] in _ORG_LAST and w.endswith(ORG_SUFFIXES) and w not in GENERIC_PLACES
                and not w.startswith("全")):
            j = len(out)
            length = len(w)
            while j > 0 and len(out) - j < 5:
                pw, pf = out[j - 1]
                if (pf not in NOUNISH or pw in stop or length + len(pw) > 14 or pw in TITLES
                        or pw in GENERIC_PLACES or pw.startswith("全")):
                    break
                if pw not in known and (pw[0] in _FRAGMENT_START or pw[-1] in _FRAGMENT_END):
                    break  # 安静 | 地读 | 小学: a word only the HMM found, glued across 地, is no part of a name
                if pw[0] in MEASURE_CHARS and j > 1 and _is_number_end(out[j - 2][0]):
                    break  # 5月31日为 | 全市: a date, not part of a name
                j -= 1
                length += len(pw)
            if j < len(out):
                merged = "".join(pw for pw, _ in out[j:]) + w
                del out[j:]
                out.append((merged, "ORG"))
                continue
        out.append(wf)  # the shared (word, tag) pair itself, not a copy
    return out


def _merge_names(words: list[tuple[str, str]], known: dict[str, str]) -> list[tuple[str, str]]:
    """Tag people's names nr: a surname split from its given name (潘 永和) is joined, and a word jieba's
    dictionary does not know that reads surname + given name (周文斌) is a name, not a term (nz)."""
    out: list[tuple[str, str]] = []
    for wf in words:
        w, f = wf
        if out and len(w) <= 2 and out[-1][0] in SURNAMES and f in ("n", "nz", "nr", "a", "ns"):
            pw, pf = out[-1]
            if pf in ("nr", "n", "nz", "zg", "ng", "x", "nrfg") and all("\u4e00" <= c <= "\u9fff" for c in w):
                out[-1] = (pw + w, "nr")
                continue
        if (f == "nz" and len(w) == 3 and w not in known and w[0] in SURNAMES and not w.endswith(PLACE_ENDINGS)
                and w not in nlp.USER_WORDS):
            wf = (w, "nr")
        out.append(wf)
    return out


# what a (word, tag) needs from its article besides the IDF weight: nothing, a headline naming the person,
# or (a two-character word only jieba's HMM found) the headline or a second mention
_PLAIN, _PERSON, _UNKNOWN2 = 0, 1, 2


@lru_cache(maxsize=nlp.WORD_MEMO)
def _base(word: str, flag: str, version: int) -> tuple[float, int]:
    """POS weight x IDF of a possible keyword (0.0 for a word that is none) and what it needs from its article.

    The same for every article, so it is computed once per word across articles; `version` is the
    user-dictionary version (user words change both weight and eligibility).
    """
    idf, median = nlp.idf_table()
    if word in nlp.USER_WORDS:
        return max(POS_WEIGHT.get(flag, 0.5), 1.4) * idf.get(word, median), _PLAIN
    if not _plain_eligible(word, flag, nlp.stopwords()):
        return 0.0, _PLAIN
    if len(word) == 3 and word[0] == word[1] and _stutter(word):
        return 0.0, _PLAIN
    if flag == "nr" and word[0] not in SURNAMES and word[:2] not in COMPOUND_SURNAMES:
        flag = "n"  # jieba's dictionary tags many plain words nr (春耕, 寿辰, 安全门): no surname, no person
    value = POS_WEIGHT.get(flag, 0.5) * idf.get(word, median)
    if flag in NAME_TAGS:
        return value, _PERSON
    if flag == "ORG":
        return value, _PLAIN
    if word in (nlp._tag_table or nlp._tags()):
        # a rare dictionary entry (太美, freq 4) is as likely a slip of the dictionary as a term
        return value, _UNKNOWN2 if (nlp.jieba_module().dt.FREQ.get(word) or 0) < 20 else _PLAIN
    # a word jieba's dictionary does not know that opens or closes with a function word or numeral is a
    # fragment of two words glued by the HMM (地说, 实里, 还降, 一至, 逾十)
    if word[0] in _FRAGMENT_START or word[-1] in _FRAGMENT_END or _is_number_end(word):
        return 0.0, _PLAIN
    return value, _UNKNOWN2


def _stutter(word: str) -> bool:
    """A rare dictionary word AAB whose AB is a word: the tail of one word glued to the next (农村局|局长 gives
    局局长, 处处长), not a reduplication (娃娃鱼, 悄悄话)."""
    freq = nlp.jieba_module().dt.FREQ
    return bool(freq.get(word[1:])) and (freq.get(word) or 0) < 10


@lru_cache(maxsize=nlp.WORD_MEMO)
def _plain_eligible(word: str, flag: str, stop: frozenset[str]) -> bool:
    """A word that can be a keyword in any article (POS, no stopword, digit or symbol); cached across articles."""
    if flag not in POS_WEIGHT or word in stop:
        return False
    if _DIGITISH.search(word):
        return False
    if len(word) < 2:
        return False
    if not _TIME_WORDS.sub("", word):
        return False  # 今天上午, 昨日下午: when, never what
    if flag == "eng" and not _LATIN.match(word):
        return False
    return all(nlp.is_content_char(ch) for ch in word)


_plains: tuple[int, dict[tuple[str, str], float]] = (-1, {})


def _plain_memo() -> dict[tuple[str, str], float]:
    """(word, tag) -> its value where it needs nothing of the article (_PLAIN), for the current user-dictionary
    version; bounded by nlp.WORD_MEMO (a new dict past it). As nlp._pair_memo: the version is read first and a
    new version gets a new dict, so racing threads never mix versions; values are pure, so racing writes agree."""
    global _plains
    ver, memo = _plains
    if ver != nlp._version or len(memo) > nlp.WORD_MEMO:
        memo = {}
        _plains = (nlp._version, memo)
    return memo


def _rank(analysis: Analysis) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    """Candidates best first, and the words of each keyphrase."""
    idf, median = nlp.idf_table()
    parts_of: dict[str, tuple[str, ...]] = {}
    scores: dict[str, float] = {}  # plain dicts, not Counters: a Counter's first += of a word calls __missing__
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    run_counts: dict[tuple[str, ...], int] = {}
    scores_get = scores.get
    counts_get = counts.get
    runs_get = run_counts.get
    order = 0
    n_sents = max(1, len(analysis.tagged))
    known = nlp._tags()
    body = analysis.analysed or "\n".join(s.text for s in analysis.sentences)
    title_text = analysis.title
    names = analysis.names
    user_words = nlp.USER_WORDS
    version = nlp._version
    values: dict[tuple[str, str], float] = {}  # an article's own values of the words that need it (below)
    plain = _plain_memo()  # ...and the values that are the same in every article, shared across articles
    plain_get = plain.get
    values_get = values.get
    sentences = body.split("\n") if analysis.analysed else [s.text for s in analysis.sentences]

    def value(wf: tuple[str, str]) -> float:
        """No stopword, fragment, reporter, nor person the headline does not name (before the measure test).

        A word whose value needs nothing of the article (_PLAIN) goes to the shared memo, its reporter test
        left to the caller; the others are memoised for this article."""
        w = wf[0]
        v, needs = _base(w, wf[1], version)
        if needs == _PLAIN:
            plain[wf] = v
            return 0.0 if v and w in names and w not in user_words else v
        if v and w in names and w not in user_words:
            v = 0.0
        elif needs == _PERSON and w not in title_text and _acts(w, sentences) < 2:
            v = 0.0
        elif needs == _UNKNOWN2 and w not in title_text and body.count(w) < 2:
            v = 0.0  # a real name recurs or heads the article, a fragment (诊员) does not
        values[wf] = v
        return v

    def lookup(wf: tuple[str, str], w: str, prev: str) -> float:
        v = plain_get(wf)
        if v is None:
            v = values_get(wf)
            if v is None:
                v = value(wf)
        elif v and names and w in names and w not in user_words:
            v = 0.0
        if v and prev and w[0] in MEASURE_CHARS and w not in user_words and _is_number_end(prev):
            return 0.0  # 1200 | 余人挥: a number's measure glued to the next word
        return v

    # a headline's words count like a strong first mention
    prev = ""
    for wf in _merge_names(_merge_orgs(analysis.title_tagged), known):
        v = lookup(wf, wf[0], prev)
        prev = w = wf[0]
        if v:
            scores[w] = scores_get(w, 0) + 2.0 * v
            first.setdefault(w, order)
            order += 1
    for i, words in enumerate(analysis.tagged):
        position = 1.0 + 0.8 / math.sqrt(1 + i) + (0.3 if i < n_sents * 0.2 else 0.0)
        run: list[str] = []
        prev = ""
        for wf in _merge_names(_merge_orgs(words), known):
            order += 1
            w, f = wf
            v = lookup(wf, w, prev)
            prev = w
            if not v:
                if run:
                    run = []
                continue
            scores[w] = scores_get(w, 0) + position * v
            counts[w] = counts_get(w, 0) + 1
            if w not in first:
                first[w] = order
            if f in ("l", "i", "an") or (f == "v" and not run):
                run = []  # keyphrases are names and noun groups (乡村振兴示范点), not clauses
                continue
            run.append(w)
            n = len(run)
            if n >= 2:
                key = (run[-2], w)
                run_counts[key] = runs_get(key, 0) + 1
                if n >= 3:
                    key = (run[-3], run[-2], w)
                    run_counts[key] = runs_get(key, 0) + 1
    # keyphrases: two keywords that stand together often enough
    for parts, c in run_counts.items():
        if c < 2:
            continue
        most = max(max(counts[p] for p in parts), 1)
        phrase = "".join(parts)
        if c >= 2 and len(phrase) <= 12 and c >= 0.5 * most:
            scores[phrase] = sum(scores[p] for p in parts) * c / most
            first.setdefault(phrase, first[parts[0]])
            parts_of[phrase] = parts
    ranked = [w for _, _, w in sorted([(-round(s, 9), first[w], w) for w, s in scores.items()])]
    return ranked, parts_of


def default_keywords(text: str, k: int, analysis: Analysis | None = None) -> list[str]:
    """Best-first keywords; a word inside an already chosen keyword (or containing one) adds nothing.

    Never a generic word (generic_words), never a fragment (a word always glued to the same character
    becomes the longer unit; a keyphrase that always runs on is dropped), never a person who is not in the
    headline and does not act in two sentences (bylines and rostrum lists are not acting).
    """
    analysis = analysis or analyse(text)
    out: list[str] = []
    ranked, parts_of = _rank(analysis)
    body = analysis.analysed or "\n".join(s.text for s in analysis.sentences)
    sentences = body.split("\n")
    generic = generic_words()
    known = nlp._tag_table or nlp._tags()
    glue_text = f"{body}\n{analysis.title}" if analysis.title else body
    freq = nlp.jieba_module().dt.FREQ
    for w in ranked:
        if w in generic:
            continue
        if w in parts_of and _continues(w, body):
            continue
        for _ in range(4):  # 农时 -> 抓农时 -> 抢抓农时: grow while the headline prints a longer unit
            longer = _glued(w, body, analysis.title, glue_text, freq)
            if longer == w or not longer:
                break
            w = longer
        else:
            longer = w
        if not longer or w in generic:
            continue
        if (_looks_like_person(w, known) and w not in analysis.title and w not in nlp.USER_WORDS
                and _acts(w, sentences) < 2):
            continue
        if any(w in o or o in w for o in out):
            continue
        if any(p in o for p in parts_of.get(w, ()) for o in out):
            continue  # a phrase overlapping a chosen keyword repeats it
        out.append(w)
        if len(out) >= k:
            break
    if analysis.analysed:  # give each keyword back in the text's own characters
        back = []
        for w in out:
            at = analysis.analysed.find(w)
            back.append(analysis.original[at:at + len(w)] if at >= 0 else w)
        return back
    return out


def plain_tfidf(text: str, k: int) -> list[str]:
    """jieba.analyse's TF-IDF keywords on the raw text (a baseline: no furniture or name filtering)."""
    nlp.jieba_module()
    import jieba.analyse

    tags = jieba.analyse.extract_tags(text[:MAX_KEYWORD_CHARS], topK=None, withWeight=True)
    pos = {}
    for w, _ in tags:
        pos[w] = text.find(w)
    tags.sort(key=lambda t: (-round(t[1], 9), pos[t[0]], t[0]))
    return [w for w, _ in tags[:k]]
