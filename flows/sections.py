"""Topic sections and importance: plain rules a reader can check against the briefing.

Section (one of SECTIONS): every rule word found scores points for its section — in the title, kicker or
subtitle 3 points, in the item's keywords 2, in the summary 1 (each word counted once per place). The
section with the most points wins; a tie goes to the section listed first in SECTIONS (时政 before 经济 ...), and an item
that scores nothing goes to 其他. A county bulletin's "党委 ... 部署 ... 产业" story is therefore 时政 when the
party words dominate the title, 经济 when the title is about the industry.

Importance (higher first), the sum of:
- appearances: 1 point, plus 0.6 for every further page the story appeared on (a story several papers ran
  matters more, but not more than the paper's own lead story);
- page: 1.0 on page 1, 0.6 on page 2, 0.4 on page 3, 0.2 on later pages, 0.3 if the page is unknown
  (best page among the appearances);
- lead: 0.5 if it is the first article of a page 1 (the paper's own headline story);
- length: up to 0.5, 0.5 x body characters / 1500 (a long report usually carries more);
- section: 时政 0.3, 经济 0.2, 民生 0.2, 文化 0.1, 生态 0.1, 其他 0 (the lead section of a Chinese paper).
Sections are ordered by their most important item, 其他 always last; ties keep the SECTIONS order.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")
SECTIONS = ("时政", "经济", "民生", "文化", "生态", "其他")

RULES: dict[str, tuple[str, ...]] = {
    "时政": ("党委", "党组", "党员", "党建", "书记", "州长", "县长", "市长", "省长", "政府", "常务会", "常委会",
           "会议", "全会", "人大", "政协", "代表", "委员", "纪委", "监委", "监察", "巡视", "巡察", "廉政", "干部",
           "调研", "部署", "讲话", "贯彻", "精神", "学习", "两会", "审议", "选举", "法治", "统战", "组织部",
           "中央", "国务院", "主题教育", "作风"),
    "经济": ("经济", "产业", "企业", "项目", "投资", "招商", "工业", "农业", "增长", "生产总值", "财政", "税收",
           "金融", "银行", "贷款", "市场", "消费", "电商", "贸易", "出口", "园区", "开工", "签约", "亿元", "万元",
           "营收", "产值", "种植", "养殖", "合作社", "茶", "物流", "收入", "增收", "春耕", "生产", "菜篮子"),
    "民生": ("民生", "就业", "教育", "学校", "学生", "教师", "医疗", "医院", "健康", "养老", "社保", "医保",
           "住房", "安置", "救助", "帮扶", "困难群众", "社区", "供水", "供电", "出行", "交通", "道路", "安全",
           "消防", "食品", "群众", "便民", "志愿", "服务", "天气", "气温", "降温", "保障", "儿童", "老人", "公交",
           "客运", "医生", "诊", "长照", "防汛", "停水"),
    "文化": ("文化", "旅游", "文旅", "非遗", "民族", "苗族", "侗族", "节日", "芦笙", "歌舞", "演出", "艺术",
           "博物馆", "传统村落", "古村", "体育", "比赛", "赛事", "赛", "村超", "村BA", "游客", "景区", "刺绣", "银饰",
           "展览", "图书", "文艺", "非物质", "传承", "民俗", "春节", "元宵"),
    "生态": ("生态", "环保", "环境", "污染", "绿色", "森林", "林业", "植树", "造林", "河长", "河湖", "水质",
           "空气", "保护区", "自然", "野生", "碳", "节能", "减排", "垃圾", "湿地", "石漠化", "水土", "国土绿化",
           "护林", "防火", "清河"),
}
# Traditional -> simplified for the characters of the rule words, so a Big5 page (縣府召開會議) is sorted by the
# same rules; pairs rather than two strings so no character can slip out of alignment.
_T2S_PAIRS = ("黨党 組组 員员 書书 記记 長长 縣县 務务 會会 議议 協协 紀纪 監监 視视 幹干 調调 講讲 話话 貫贯 徹彻 學学 習习 "
              "兩两 審审 選选 舉举 統统 戰战 織织 國国 題题 風风 經经 濟济 產产 業业 項项 資资 農农 總总 財财 稅税 銀银 "
              "貸贷 場场 費费 電电 貿贸 園园 區区 開开 簽签 約约 億亿 萬万 營营 種种 養养 葉叶 師师 醫医 療疗 險险 難难 "
              "眾众 願愿 氣气 溫温 兒儿 運运 遊游 遺遗 節节 蘆芦 藝艺 術术 館馆 傳传 繡绣 飾饰 覽览 圖图 質质 燈灯 態态 "
              "環环 綠绿 樹树 護护 減减 濕湿 診诊 餘余 設设 備备 衛卫 災灾 貨货 購购 車车 橋桥 報报 訊讯 舉举")
T2S = str.maketrans({pair[0]: pair[1] for pair in _T2S_PAIRS.split()})
SECTION_WEIGHT = {"时政": 0.3, "经济": 0.2, "民生": 0.2, "文化": 0.1, "生态": 0.1, "其他": 0.0}
PAGE_WEIGHT = {1: 1.0, 2: 0.6, 3: 0.4}
EXTRA_APPEARANCE = 0.6
LATER_PAGE, UNKNOWN_PAGE, LEAD, LENGTH_MAX, LENGTH_FULL = 0.2, 0.3, 0.5, 0.5, 1500


def section_scores(title: str, keywords: Iterable[str] = (), summary: str = "") -> dict[str, int]:
    """Points per section (see the module docstring), exposed so a surprising choice can be explained."""
    title, summary = title.translate(T2S), summary.translate(T2S)
    kws = " ".join(keywords).translate(T2S)
    scores = {}
    for name, words in RULES.items():
        scores[name] = sum(3 * (w in title) + 2 * (w in kws) + (w in summary) for w in words)
    return scores


def classify(title: str, keywords: Iterable[str] = (), summary: str = "") -> str:
    scores = section_scores(title, keywords, summary)
    best = max(SECTIONS[:-1], key=lambda s: (scores[s], -SECTIONS.index(s)))
    return best if scores[best] > 0 else "其他"


def classify_article(title: str, body: str, *, kicker: str | None = None, subtitle: str | None = None,
                     analysis: object | None = None, k: int = 8) -> str:
    """The section of one article from the article alone: its headline (with kicker and subtitle), its own
    keywords and its own default summary, never what else is briefed that day (a partial repeat's section is
    its article's). `analysis`: the article's `summarizers.analyze(body, title=title)`, the same one the flow
    passes to summarize(body, analysis=...) and keywords(body, analysis=...), so nothing is segmented twice."""
    import summarizers

    if not body.strip():
        return classify((kicker or "") + title + (subtitle or ""))
    if analysis is None:
        analysis = summarizers.analyze(body, title=title)
    kws = summarizers.keywords(body, k=k, analysis=analysis)
    summary = "".join(summarizers.summarize(body, analysis=analysis))
    return classify((kicker or "") + title + (subtitle or ""), kws, summary)


def _page_number(page: str | None) -> int | None:
    digits = "".join(ch for ch in page or "" if ch.isdigit())
    return int(digits) if digits else None


def importance(item: dict) -> float:
    """The rule sum of the module docstring, rounded so it prints (and compares) stably."""
    apps = item["appearances"]
    pages = [_page_number(a.get("page")) for a in apps]
    known = [p for p in pages if p is not None]
    page_score = (PAGE_WEIGHT.get(min(known), LATER_PAGE)) if known else UNKNOWN_PAGE
    lead = LEAD if any(p == 1 and a.get("index") == 0 for p, a in zip(pages, apps, strict=True)) else 0.0
    length = LENGTH_MAX * min(item.get("length", len(item.get("summary", ""))) / LENGTH_FULL, 1.0)
    score = 1.0 + EXTRA_APPEARANCE * (len(apps) - 1) + page_score + lead + length + SECTION_WEIGHT.get(item.get("section", "其他"), 0.0)
    return round(score, 3)


def rank(item: dict) -> None:
    """Give one item its section (when the flow has not decided it already) and its importance."""
    if item.get("section") not in SECTIONS:  # the flow may have decided it from the article alone
        item["section"] = classify((item.get("kicker") or "") + item["title"] + (item.get("subtitle") or ""),
                                   item.get("keywords", ()), item.get("summary", ""))
    item["importance"] = importance(item)


def order(ranked: Iterable[tuple[str, float, str, T]]) -> list[tuple[str, list[T]]]:
    """(section, importance, id, payload) of every ranked item -> the non-empty sections, most important
    first, each with its payloads most important first (ties by id): the order of the module docstring,
    for callers that keep only these four facts of an item in memory."""
    by_section: dict[str, list[tuple[float, str, T]]] = {name: [] for name in SECTIONS}
    for section, imp, id_, payload in ranked:
        by_section[section].append((imp, id_, payload))
    sections = []
    for name in SECTIONS:
        members = sorted(by_section[name], key=lambda m: (-m[0], m[1]))
        if members:
            sections.append((name, members))
    sections.sort(key=lambda s: (s[0] == "其他", -s[1][0][0], SECTIONS.index(s[0])))
    return [(name, [m[2] for m in members]) for name, members in sections]


def arrange(items: list[dict]) -> list[dict]:
    """Give each item its section and importance; return the non-empty sections, most important first."""
    for item in items:
        rank(item)
    return [{"name": name, "items": members}
            for name, members in order((it["section"], it["importance"], it["id"], it) for it in items)]
