"""Newspaper pages set with reportlab and extracted by real PDF text extractors (pdftotext, pdfplumber), with their
gold written from the same source data.

    python3 tests/pages_pdftext/build.py [OUT_DIR]

Each page is a list of articles flowed top to bottom into 1-4 columns, as a paper sets them: kicker, headline
(fake bold = the line drawn twice 0.3 pt apart, or letter-spaced with charSpace), subtitle, byline, paragraphs
with a two-em first-line indent, photo boxes with their captions; on some pages the headline block is set under
the body (as on seed 000); digits and Latin are set in Times with a quarter-em gap, as CJK typesetting does.
The PDFs are written to a temporary folder and only the extracted text pages are kept.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE_W, PAGE_H = 842.0, 1191.0
MARGIN = 48.0
GAP = 30.0
SIZE = 10.0
LEAD = 15.0
CJK = "STSong-Light"
LATIN = "Times-Roman"
ASCII_RUN = re.compile(r"[0-9A-Za-z.%]+")
NO_START = set("，。、；：？！”）》」』%")

# ---- source data (written for these tests) --------------------------------------------------------------
# article: title (list of printed lines), style ("bold" | "spaced" | "plain"), kicker, subtitle, byline,
# form ("benbao" | "circle" | None), paras (a paragraph starting "#" is a subhead), captions (printed under a
# photo box placed after paragraph `photo_after`), head ("before" | "after").

NARROW = {"cols": 1, "width": 250.0}     # one narrow column of stacked stories
PAGES: list[dict] = [
    {"id": "q1", "source": "yunxi-daily_2025-05-06_p01.txt", "cols": 4, "as_default": NARROW,
     "slogan": "守护绿水青山 建设美丽云溪",
     "about": "要闻 page: four stories, headline blocks under their bodies, kickers, fake-bold headlines, a photo "
              "with its 图为 caption, a slogan band.",
     "articles": [
         {"title": ["云溪市召开一季度经济运行分析会"], "style": "bold", "head": "after", "byline": "通讯员 龙志远 杨春燕",
          "form": "benbao",
          "paras": ["5月5日，云溪市召开一季度经济运行分析会，通报全市主要经济指标完成情况，分析当前面临的形势，安排部署下一步工作。",
                    "一季度，全市地区生产总值完成86.4亿元，同比增长5.7%；规模以上工业增加值增长7.2%，固定资产投资增长9.1%，社会消费品零售总额增长6.3%，主要指标增速均高于全州平均水平。",
                    "会议指出，要紧盯全年目标任务，抓好项目建设、企业服务和消费提振，确保二季度经济保持稳中有进的良好势头。",
                    "会议要求，各部门要强化数据监测和调度，对进度滞后的指标逐项分析原因，拿出管用的措施。"],
          "captions": ["图为一季度经济运行分析会现场"], "photo_after": -1},
         {"title": ["白沙镇：", "万亩油菜迎来丰收"], "style": "bold", "head": "after", "kicker": "白沙镇：",
          "byline": "通讯员 潘晓雨", "form": "benbao",
          "paras": ["眼下，白沙镇万亩油菜进入收割期，田间地头一派繁忙景象，收割机来回穿梭，农户们忙着晾晒、装袋。",
                    "今年，白沙镇推广油菜机械化种植和收割，全镇油菜种植面积达到1.2万亩，预计总产量超过2400吨，亩均增收300元左右。",
                    "“以前收油菜要请十几个人忙上一个星期，现在有了收割机，两天就收完了。”种植大户吴德明说。"]},
         {"title": ["城东片区老旧小区改造全面开工"], "style": "bold", "head": "after", "byline": "记者 石建国",
          "form": "benbao",
          "paras": ["近日，城东片区老旧小区改造项目全面开工，涉及小区27个、住户3100余户，计划年底前完工。",
                    "此次改造重点解决雨污管网老化、道路破损、停车难等问题，同步加装电梯、增设充电桩，改善居民居住条件。",
                    "项目负责人介绍，施工期间将分区域、分时段进行，尽量减少对居民生活的影响。"]},
         {"title": ["青年创业园新入驻企业16家"], "style": "bold", "head": "after", "byline": None, "form": None,
          "paras": ["今年以来，云溪市青年创业园新入驻企业16家，涵盖电子商务、文化创意、农产品加工等领域，带动就业280余人。",
                    "创业园为入驻企业提供场地租金减免、创业培训和融资对接等服务，帮助青年创业者把想法变成项目。"]},
     ]},
    {"id": "q2", "source": "yunxi-daily_2025-05-06_p02.txt", "cols": 3, "as_default": NARROW,
     "about": "综合 page: three stories, headlines above their bodies, a letter-spaced headline, a ○ byline.",
     "articles": [
         {"title": ["春 茶 飘 香 茶 农 增 收"], "style": "spaced", "head": "before", "byline": "通讯员 杨秀梅",
          "form": "circle",
          "paras": ["清明前后，云溪市各地茶园进入采摘旺季，茶农们背着竹篓穿行在茶垄间，一芽一叶地采摘鲜叶。",
                    "在高岭村茶叶专业合作社，加工车间里机器轰鸣，杀青、揉捻、烘干等工序有序进行，空气中弥漫着茶香。合作社负责人介绍，今年春茶鲜叶收购价每斤在35元到80元之间，比去年略有上涨。",
                    "近年来，云溪市把茶产业作为富民产业来抓，全市茶园面积稳定在8.6万亩，年产干茶1500余吨，带动4000多户茶农增收。"]},
         {"title": ["全市中小学开展防溺水安全教育"], "style": "plain", "head": "before", "byline": "记者 韦丽娟",
          "form": "benbao",
          "paras": ["随着气温升高，溺水事故进入易发期。近日，全市中小学陆续开展防溺水安全教育，通过主题班会、安全演练等形式，提高学生的安全意识和自救能力。",
                    "各学校还向家长发放告知书，提醒家长切实履行监护责任，暑假期间不让孩子到河边、水库等危险水域玩耍。"]},
         {"title": ["市图书馆推出夜间阅读服务"], "style": "bold", "head": "before", "byline": "记者 韦丽娟",
          "form": "benbao",
          "paras": ["从5月1日起，市图书馆每周五、周六开放时间延长至晚上9点，方便上班族和学生在晚间借阅图书、自习。",
                    "据统计，去年市图书馆接待读者23.5万人次，借还图书41万册次。"]},
     ]},
    {"id": "q3", "source": "yunxi-daily_2025-05-07_p05.txt", "cols": 1, "width": 420.0, "skip": ("pdfminer",),
     "about": "专题 page like seed 003: one long feature, letter-spaced headline, fake-bold subtitle, ○ byline, "
              "three subheads, photo boxes with captions and a page-level photo credit.",
     "articles": [
         {"title": ["山 乡 巨 变 看 云 溪"], "style": "spaced", "head": "before", "subtitle": "云溪市2020年以来乡村振兴工作纪实",
          "byline": "江海涛", "form": "circle",
          "paras": ["初夏时节，走进云溪市的村村寨寨，平整的水泥路通到家门口，一栋栋新房错落有致，田野里处处是忙碌的身影。",
                    "过去五年，云溪市以产业振兴为抓手，以改善人居环境为突破口，走出了一条山区县乡村振兴的新路子。",
                    "#产业兴旺日子红火",
                    "在石门村的蔬菜大棚里，村民们正忙着采摘辣椒、番茄。“种菜一年能挣4万多元，比外出打工还强。”村民杨大姐说。",
                    "石门村过去以种玉米为主，收入很低。2021年，村里引进蔬菜种植企业，采取“企业+合作社+农户”模式，建起大棚320个，带动全村180户群众增收。",
                    "像石门村这样的产业村，云溪市已有46个。全市累计培育农民专业合作社612家，农产品加工企业85家，农村居民人均可支配收入达到1.6万元。",
                    "#村容整洁环境变美",
                    "沿着乡村公路前行，路边的垃圾桶摆放整齐，房前屋后干干净净。",
                    "近年来，云溪市持续开展农村人居环境整治，累计改造农村户厕2.3万户，建成污水处理设施120余处，农村生活垃圾收运处置体系实现全覆盖。",
                    "“现在村里环境好了，城里的亲戚回来都说羡慕。”河坝村村民王老伯笑着说。",
                    "#乡风文明人心凝聚",
                    "每到周末，河坝村的文化广场上都格外热闹，村民们跳起广场舞，唱起山歌，孩子们在一旁追逐嬉戏。",
                    "云溪市在各村建立新时代文明实践站，开展“好媳妇”“好邻居”评选，把红白喜事简办写进村规民约，文明新风吹进了千家万户。"],
          "captions": ["（本版图片由云溪市融媒体中心提供）", "石门村蔬菜大棚", "河坝村文化广场"], "photo_after": 5},
     ]},
    {"id": "q4", "source": "yunxi-daily_2025-05-08_p01.txt", "cols": 4, "as_default": NARROW, "slogan": "奋力拼搏 勇争一流",
     "about": "要闻 page in four narrow columns: four briefs with fake-bold headlines above, kickers, a slogan band.",
     "articles": [
         {"title": ["龙塘乡：", "新建通组公路18公里"], "style": "bold", "head": "before", "kicker": "龙塘乡：",
          "byline": "通讯员 吴光明", "form": "benbao",
          "paras": ["今年以来，龙塘乡多方筹措资金1260万元，新建通组硬化公路18公里，解决了9个村民组群众出行难的问题。",
                    "乡里还组织群众投工投劳参与建设，公路沿线种上了桂花树和樱花树。"]},
         {"title": ["全市完成植树造林3.8万亩"], "style": "bold", "head": "before", "byline": "记者 石建国",
          "form": "benbao",
          "paras": ["记者从市林业局获悉，今年春季全市共完成植树造林3.8万亩，义务植树62万株，森林覆盖率稳定在68.5%以上。",
                    "市林业局负责人表示，下一步将加强新造林地管护，确保栽一棵活一棵。"]},
         {"title": ["高速公路服务区新增充电桩"], "style": "bold", "head": "before", "byline": None, "form": None,
          "paras": ["五一假期前，辖区内5个高速公路服务区新增快充桩40个，每个服务区充电车位达到12个以上，新能源汽车车主出行更加方便。"]},
         {"title": ["县医院开通远程会诊"], "style": "bold", "head": "before", "byline": "通讯员 潘晓雨",
          "form": "benbao",
          "paras": ["日前，县人民医院与省城三家医院开通远程会诊系统，群众在家门口就能享受到省级专家的诊疗服务。",
                    "系统开通一个月来，已完成远程会诊136例，为患者节省了大量时间和费用。"]},
     ]},
    {"id": "q5", "source": "yunxi-daily_2025-05-08_p02.txt", "cols": 3, "as_default": NARROW,
     "about": "Headlines under bodies, a headline printed on two lines, a photo caption between stories.",
     "articles": [
         {"title": ["小小快递站", "打通农村物流最后一公里"], "style": "bold", "head": "after", "byline": "记者 韦丽娟",
          "form": "benbao",
          "paras": ["在大寨村的村级快递服务站，村民吴阿姨刚取到网购的电饭锅。“以前取快递要跑到镇上，来回20多公里，现在下楼就能取。”她高兴地说。",
                    "去年以来，云溪市整合邮政、快递和供销资源，在全市152个行政村建成村级快递服务站，农村快递平均送达时间缩短到2天以内。",
                    "服务站还帮助村民把土鸡蛋、蜂蜜、腊肉等农产品寄到全国各地，今年一季度寄出农产品包裹5.6万件。"],
          "captions": ["图为村民在快递服务站取件"], "photo_after": -1},
         {"title": ["职业技能培训助力群众就业"], "style": "bold", "head": "after", "byline": "通讯员 杨秀梅 龙海",
          "form": "benbao",
          "paras": ["4月以来，市人社局在各乡镇开展电工、焊工、家政服务等职业技能培训班32期，培训群众1500余人次。",
                    "培训采取“理论+实操”的方式，结业后由培训机构推荐就业，目前已有600多名学员找到工作。"]},
         {"title": ["文化惠民演出走进社区"], "style": "bold", "head": "after", "byline": None, "form": None,
          "paras": ["5月4日晚，文化惠民演出走进城北社区，歌舞、小品、地方戏曲等节目轮番上演，吸引了800多名居民观看。",
                    "今年全市计划开展文化惠民演出120场，让群众在家门口享受文化大餐。"]},
     ]},
    {"id": "q6", "source": "yunxi-daily_2025-05-09_p01.txt", "cols": 2,
     "about": "Two stories heavy with figures and codes (5G, AI, 3.5%), headlines under bodies.",
     "articles": [
         {"title": ["数字经济发展势头强劲"], "style": "bold", "head": "after", "byline": "记者 石建国", "form": "benbao",
          "paras": ["今年一季度，云溪市数字经济核心产业营业收入达到12.8亿元，同比增长18.6%，占全市经济总量的比重提高到14.8%。",
                    "截至3月底，全市累计建成5G基站1260个，实现城区和乡镇全覆盖；建成工业互联网平台3个，接入企业210家。",
                    "在云溪大数据产业园，一家企业开发的AI质检系统已在12家工厂投入使用，产品检测效率提高了3倍。",
                    "市工信局负责人表示，将继续加大数字基础设施投入，力争到2027年数字经济规模突破100亿元。"]},
         {"title": ["一季度外贸进出口增长", "两成以上"], "style": "bold", "bold": "runs", "head": "after", "byline": "通讯员 龙志远",
          "form": "benbao",
          "paras": ["据海关统计，一季度云溪市外贸进出口总值4.2亿元，同比增长23.4%，其中出口3.1亿元，增长27.2%。",
                    "从出口产品看，茶叶、竹制品和电子元件是主要出口商品，分别出口6800万元、5200万元和9100万元。"]},
     ]},
    {"id": "q7", "source": "yunxi-daily_2025-05-09_p03.txt", "cols": 3, "as_default": NARROW,
     "about": "Three stories with headlines above their bodies, kickers, one subtitle, mixed bylines.",
     "articles": [
         {"title": ["平安村：", "小积分兑出文明新风"], "style": "bold", "head": "before", "kicker": "平安村：",
          "byline": "通讯员 潘晓雨", "form": "benbao",
          "paras": ["打扫庭院加2分，参加志愿服务加5分，积分可以到村里的超市兑换洗衣粉、毛巾等生活用品。今年以来，平安村推行文明积分制，村民参与乡村治理的热情越来越高。",
                    "村党支部书记说，积分制实行半年来，村里乱堆乱放的少了，邻里纠纷也少了。"]},
         {"title": ["守护一江清水"], "style": "bold", "head": "before", "subtitle": "清水河流域综合治理见闻",
          "byline": "记者 韦丽娟", "form": "benbao",
          "paras": ["清晨，清水河上薄雾缭绕，两岸绿树成荫，不时有白鹭掠过水面。",
                    "几年前，这里的河段还存在污水直排、河道淤积等问题。2022年以来，云溪市投入资金3.6亿元，实施截污纳管、河道清淤和生态修复工程，清水河出境断面水质稳定保持在Ⅱ类。",
                    "如今，沿河建成的12公里滨河步道成了市民休闲健身的好去处。"]},
         {"title": ["全市举办春季招聘会"], "style": "bold", "head": "before", "byline": "记者 石建国", "form": "benbao",
          "paras": ["5月8日，全市春季大型招聘会在市体育馆举行，126家企业提供就业岗位3400余个，现场达成就业意向860人。"]},
     ]},
    {"id": "q8", "source": "yunxi-daily_2025-05-10_p04.txt", "cols": 2, "as_default": NARROW, "slogan": "文明云溪 你我共建",
     "about": "Two stories with headline blocks under their bodies, a ○ byline and a photo caption at the end.",
     "articles": [
         {"title": ["非遗传承人走进课堂"], "style": "bold", "head": "after", "byline": "通讯员 龙海", "form": "benbao",
          "paras": ["近日，云溪市民族中学的美术课上来了一位特别的老师，国家级非遗项目蜡染技艺传承人杨阿婆手把手教学生画蜡、染色。",
                    "学生们第一次接触蜡染，一个个兴致勃勃。“原来一块布要经过这么多道工序才能染出漂亮的花纹。”初二学生小龙说。",
                    "今年以来，全市已有28所学校开设非遗课程，聘请非遗传承人担任兼职教师45名。"],
          "captions": ["图为学生在学习蜡染技艺"], "photo_after": 2},
         {"title": ["乡村篮球赛燃动山村"], "style": "spaced", "head": "after", "byline": "江海涛", "form": "circle",
          "paras": ["夜幕降临，高坡村的篮球场上灯火通明，一场村级篮球赛正在激烈进行，场边挤满了前来观战的村民。",
                    "“每年的篮球赛都是村里最热闹的时候，在外打工的年轻人也会赶回来参加。”比赛组织者说。",
                    "今年的比赛共有来自周边村寨的24支球队参加，比赛将持续到月底。"]},
     ]},
]


NOTES: dict[str, list[str]] = {
    "default": [
        "pdftotext's default reading order was hopeless on the multi-column versions of q1, q2, q4, q5, q7 and q8 "
        "(one story to a column): it reads the blocks of neighbouring columns by height, so headlines of "
        "adjacent columns come out stacked together, a story's lower blocks (after a photo) come after the next "
        "column's, and bodies of side-by-side briefs alternate block by block. No text-only reader can undo that, "
        "so for this extractor those pages are set as one 250-pt column of stacked stories (as_default). "
        "q3 and q6 keep their layouts.",
    ],
    "pdfplumber": ["pdfplumber's extract_text() merges side-by-side columns line by line (hopeless), so every "
                   "multi-column page is set as one 250-pt column for it. It keeps no blank lines and no "
                   "letter-spacing gaps it cannot see, and doubles fake bold glyph by glyph (云云溪溪)."],
    "pdfminer": ["pdfminer.six's extract_text() (the look of the seeds: blank lines between its text boxes, "
                 "also inside paragraphs; fake bold drawn run by run doubled in line, 云溪市云溪市 20202020 年…) "
                 "interleaves side-by-side columns line by line (hopeless), so multi-column pages are set as one "
                 "250-pt column for it, as for pdfplumber.",
                 "q3 is left out for pdfminer: its text-box order puts the third section head after the first "
                 "line of the paragraph under it, inside a sentence (…孩子们在一旁 / 乡风文明人心凝聚 / 追逐嬉戏。). "
                 "A careful editor could move the bold line out of the broken sentence; the parser does not."],
    "raw": ["pdftotext -raw follows the content stream, which draws story by story: every page keeps its "
            "multi-column layout. It emits no blank lines, and fake bold (the line drawn twice) as the same line "
            "twice."],
}


# ---- setting the pages ---------------------------------------------------------------------------------

def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))


def runs(text: str) -> list[tuple[str, bool]]:
    """(piece, is_latin) runs: digits and Latin set in Times."""
    out, pos = [], 0
    for m in ASCII_RUN.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def text_width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics
    w = 0.0
    rs = runs(text)
    for k, (piece, latin) in enumerate(rs):
        w += pdfmetrics.stringWidth(piece, LATIN if latin else CJK, size)
        if latin:
            w += 0.25 * size * ((k > 0) + (k < len(rs) - 1))
    return w


def wrap(text: str, width: float, size: float, indent: float) -> list[str]:
    """Greedy wrapping by measured width; closing punctuation may hang past the edge (kinsoku)."""
    tokens = re.findall(r"[0-9A-Za-z.%]+|.", text)
    lines, cur, avail = [], "", width - indent
    for t in tokens:
        if cur and text_width(cur + t, size) > avail and t[0] not in NO_START:
            lines.append(cur)
            cur, avail = "", width
        cur += t
    if cur:
        lines.append(cur)
    return lines


def draw_line(c, x: float, y: float, text: str, size: float, bold: bool | str = False, space: float = 0.0) -> None:
    """Set one line; fake bold draws it twice 0.3 pt apart: the whole line then again (bold=True), or each
    script run twice before the next (bold="runs", as some layout programs do)."""
    from reportlab.pdfbase import pdfmetrics
    rs = runs(text)
    starts, cx = [], x
    for k, (piece, latin) in enumerate(rs):
        font = LATIN if latin else CJK
        if latin and k > 0:
            cx += 0.25 * size
        starts.append((cx, piece, font))
        cx += pdfmetrics.stringWidth(piece, font, size) + space * len(piece)
        if latin:
            cx += 0.25 * size
    offsets = (0.0, 0.3) if bold else (0.0,)
    order = [(dx, r) for r in starts for dx in offsets] if bold == "runs" else \
        [(dx, r) for dx in offsets for r in starts]
    for dx, (px, piece, font) in order:
        t = c.beginText(px + dx, y)
        t.setFont(font, size)
        t.setCharSpace(space)
        t.textOut(piece)
        c.drawText(t)


def blocks(a: dict, colw: float) -> tuple[list[tuple], list[tuple]]:
    """The article's headline block and body as (kind, text, size, height[, indent]) items in printed order."""
    head: list[tuple] = []
    if a.get("kicker"):
        head.append(("kicker", a["kicker"], 12.0, 18.0))
    for line in a["title"]:
        if line == a.get("kicker"):
            continue
        head.append(("title", line, 18.0, 26.0))
    if a.get("subtitle"):
        head.append(("subtitle", "——" + a["subtitle"], 12.0, 18.0))
    body: list[tuple] = []
    by = a.get("byline")
    first = True
    if a.get("photo_after") == -1:              # a photo over the story's first paragraph
        body.append(("photo", "", SIZE, 110.0))
        for cap in a.get("captions", []):
            body.append(("caption", cap, 9.0, 14.0))
    for k, p in enumerate(a["paras"]):
        if p.startswith("#"):
            body.append(("gap", "", SIZE, 8.0))
            body.append(("subhead", p[1:], 12.0, 20.0))
            continue
        text = p
        if first and by and a["form"] == "benbao":
            text = f"本报讯（{by}）" + p
        if first and by and a["form"] == "circle":
            body.append(("byline", "○ " + by, SIZE, LEAD + 4))
        first = False
        for j, line in enumerate(wrap(text, colw, SIZE, 2 * SIZE)):
            body.append(("text", line, SIZE, LEAD, 2 * SIZE if j == 0 else 0.0))
        if k == a.get("photo_after"):
            body.append(("photo", "", SIZE, 110.0))
            for cap in a.get("captions", []):
                body.append(("caption", cap, 9.0, 14.0))
    if a.get("photo_after") is None:
        for cap in a.get("captions", []):
            body.append(("caption", cap, 9.0, 14.0))
    return head, body


def draw_item(c, a: dict, item: tuple, x: float, y: float, colw: float) -> None:
    kind, text, size = item[:3]
    if kind == "text":
        draw_line(c, x + item[4], y, text, size)
    elif kind == "title":
        spaced = a["style"] == "spaced"
        t = text.replace(" ", "") if spaced else text
        draw_line(c, x, y, t, size, bold=a.get("bold", True) if a["style"] == "bold" else False,
                  space=size * 0.6 if spaced else 0.0)
    elif kind == "subtitle":
        draw_line(c, x, y, text, size, bold=a.get("bold", True))
    elif kind == "subhead":
        draw_line(c, x + (colw - text_width(text, size)) / 2, y, text, size, bold=True)
    elif kind == "photo":
        c.rect(x, y + 4, colw, item[3] - 8)
    elif kind in ("kicker", "byline", "caption"):
        draw_line(c, x, y, text, size)


def title_size(a: dict, width: float) -> float:
    """Headline size: 18 pt, smaller where a line would not fit its column (a paper sets the headline to fit)."""
    widest = max(text_width(t.replace(" ", ""), 1.0) * (1.6 if a["style"] == "spaced" else 1.0) for t in a["title"])
    return min(18.0, 0.95 * width / widest)


def make_pdf(page: dict, path: Path) -> None:
    """One story to a column (or one long story on a one-column page), its headline block set to the column
    width above or under its body.

    Stories stacked in one column were tried and left out: pdftotext reads a column's upper block, then the
    next column, then the lower blocks, so headlines and bodies part ways in an order no text reader can undo.
    """
    from reportlab.pdfgen import canvas
    _fonts()
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    n = page["cols"]
    total = page.get("width", PAGE_W - 2 * MARGIN)
    left = (PAGE_W - total) / 2
    colw = (total - GAP * (n - 1)) / n
    top = PAGE_H - MARGIN - 30
    stories = [(a, *blocks(a, colw)) for a in page["articles"]]
    col, y = 0, top
    for a, head, body in stories:
        size = title_size(a, colw)
        head = [(k, t, size, size * 1.45) if k == "title" else (k, t, s_, h) for k, t, s_, h in head]
        if top - y > 0 and col < n - 1:
            col, y = col + 1, top
        x = left + col * (colw + GAP)
        for part in ((head, body) if a["head"] == "before" else (body, head)):
            for item in part:
                y -= item[3]
                draw_item(c, a, item, x, y, colw)
            y -= 8
        y -= 22
        if y < MARGIN + 50:
            raise ValueError(f"{page['id']}: page overflows")
    if page.get("slogan"):
        c.rect(left, MARGIN, total, 34)
        draw_line(c, left + 40, MARGIN + 12, page["slogan"], 16.0, space=4.0)
    c.showPage()
    c.save()


def extract(pdf: Path, mode: str) -> str:
    """`default` = pdftotext reading order; `raw` = pdftotext -raw (content-stream order); `pdfplumber` =
    its extract_text(); `pdfminer` = pdfminer.six extract_text() (pdfplumber's own engine, default LAParams)."""
    if mode in ("default", "raw"):
        cmd = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if mode == "raw" else []) + [str(pdf), "-"]
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    if mode == "pdfminer":
        from pdfminer.high_level import extract_text
        return extract_text(str(pdf))
    import pdfplumber
    with pdfplumber.open(str(pdf)) as doc:
        return doc.pages[0].extract_text() + "\n"


def gold_article(pid: str, k: int, a: dict) -> dict:
    title = " ".join(t.replace(" ", "") if a["style"] == "spaced" else t
                     for t in a["title"] if t != a.get("kicker"))
    return {"id": f"{pid}-a{k + 1}", "title": title, "subtitle": a.get("subtitle"), "kicker": a.get("kicker"),
            "byline": a.get("byline"), "byline_form": a.get("form") if a.get("byline") else None,
            "body": "\n".join(p for p in a["paras"] if not p.startswith("#")),
            "subheads": [p[1:] for p in a["paras"] if p.startswith("#")],
            "captions": list(a.get("captions", [])), "duplicate_of": None}


# extractor mode -> sub-folder (each folder is one batch with its own gold.json: the same stories extracted twice
# in one batch would be cross-page duplicates)
MODES = {"default": "", "raw": "raw", "pdfplumber": "pdfplumber", "pdfminer": "pdfminer"}


def main(out: Path = HERE) -> None:
    folders: dict[str, list[dict]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory() as tmp:
        for page in PAGES:
            for mode, sub in MODES.items():
                if mode in page.get("skip", ()):
                    continue
                # pdftotext's reading order on side-by-side short stories is hopeless (see NOTES): for that
                # extractor such pages are set again as one narrow column of stacked stories
                layout = dict(page, **page.get("as_" + mode, {}))
                if mode in ("pdfplumber", "pdfminer") and page["cols"] > 1:
                    layout.update(NARROW)       # they interleave side-by-side columns line by line
                pdf = Path(tmp) / f"{page['id']}-{mode}.pdf"
                make_pdf(layout, pdf)
                (out / sub).mkdir(parents=True, exist_ok=True)
                (out / sub / page["source"]).write_text(extract(pdf, mode), encoding="utf-8")
                folders[mode].append({
                    "source": page["source"], "encoding": "utf-8", "about": page["about"] + f" Extractor: {mode}.",
                    "articles": [gold_article(page["id"], k, a) for k, a in enumerate(page["articles"])]})
    for mode, sub in MODES.items():
        gold = {"about": f"Pages set with reportlab (tests/pages_pdftext/build.py) and extracted by {mode} "
                         "(default/raw: pdftotext; pdfplumber, pdfminer: extract_text()); conventions of seeds_gold.json.", "notes": NOTES[mode], "pages": folders[mode]}
        (out / sub / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
