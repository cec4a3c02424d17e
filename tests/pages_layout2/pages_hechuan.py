"""Source data of the second, held-back layout batch: an invented county paper (鹤川报), its county government
office's bulletin (鹤川政务信息) and a text-only page; people, places and events are invented for these tests.

build.py sets the pages from this module and writes the gold from it, so the gold is what is printed.

Article keys (as tests/pages_layout/pages.py): id, kicker, title (printed lines), subtitle, byline (names, as gold),
form (gold byline_form), lead (printed byline prefix opening the first paragraph), sig (printed closing signature),
paras (a paragraph starting with '#' is a subhead), photos [{after, caption, h}], jump. New here: intro (a
feature's standfirst, set in another size; it is the body's first paragraph), quotes (pull quotes: sentences of the
body printed again, large, between paragraphs; furniture in the gold), mark (briefs: the ■ printed before a brief's
bold one-line title, not part of the gold title).
"""
from __future__ import annotations

PAPER = "鹤川报"
GOV = "鹤川政务信息"
DATE = "2025年9月18日 星期四"
ISO = "2025-09-18"

# ---- county paper, inside page (p02): two big articles round a central photo, a column of briefs --------------

A_ORCHARD = {
    "id": "p02-a1", "title": ["柳湾镇三千亩脆李喜获丰收"], "subtitle": "果农户均增收两万余元",
    "byline": "记者 盛可欣 通讯员 龙启航", "form": "benbao", "lead": "本报讯（记者 盛可欣 通讯员 龙启航）",
    "paras": [
        "九月的柳湾镇，漫山遍野的脆李树上挂满了青里透红的果子。天刚蒙蒙亮，果农们就背着竹篓上山采摘，山脚下的收购点前，前来拉货的冷链车排成了一条长龙。",
        "柳湾镇地处高山峡谷，昼夜温差大，种出的脆李个大、皮薄、汁多，口感清甜。过去，村民们零星种植，品种杂、管理粗放，果子卖不上价。2019年起，镇里引进优良品种，统一修枝、疏果、施用有机肥，种植面积发展到3100亩。",
        "“今年我家的李子一斤卖到6块钱，比前几年翻了一番。”青竹村果农潘德明算了一笔账，他家12亩果园预计产果2.4万斤，除去成本能净赚9万多元。",
        "为解决“卖果难”，镇里建起了分拣中心和冷库，与县内两家电商企业签订了长期收购协议，果子从枝头到冷库不超过6个小时。今年以来，全镇脆李通过电商平台销往外省的达到260吨，占总产量的四成。",
        "镇农业服务中心负责人介绍，下一步将申请脆李地理标志产品认证，并在果园里建设观光步道和采摘体验区，把“卖果子”变成“卖风景”，让果农的腰包越来越鼓。",
    ],
}

A_BRIDGE = {
    "id": "p02-a2", "title": ["石桥乡跨河大桥建成通车"],
    "byline": "记者 甘露", "form": "tail", "sig": "（记者 甘露）",
    "photos": [{"after": -1, "h": 190, "caption": "9月15日，群众在新建成的清江跨河大桥上行走。 本报记者 甘露 摄"}],
    "paras": [
        "9月15日上午，随着一辆满载山货的农用车缓缓驶过，石桥乡清江跨河大桥正式建成通车。两岸群众自发赶来，敲锣打鼓庆祝这一天的到来。",
        "清江穿石桥乡而过，把全乡分成南北两半。过去，北岸五个村的群众要到乡政府办事、赶集，只能坐渡船过河，汛期一来，渡船停航，两岸往来就要绕行40多公里山路。",
        "大桥全长286米，宽9米，总投资4600万元，2023年11月开工建设。施工期间，建设单位克服了河床地质复杂、汛期施工难等困难，比原计划提前两个月完工。",
        "“以前孩子到对岸上学，天不亮就要去赶渡船，大人总是提心吊胆。”北岸河口村村民罗秀芬说，大桥通了，从家门口骑电动车到学校只要十分钟。",
        "据了解，大桥通车后，北岸群众到乡政府的路程由原来的1个多小时缩短到15分钟，将带动沿江两岸近8000名群众发展乡村旅游和特色种养业。",
    ],
}


BRIEFS_P02 = {
    "head": "县域快讯",
    "items": [
        {"id": "p02-a3", "mark": "■", "title": ["县人民医院开通远程会诊中心"],
         "paras": ["日前，县人民医院远程会诊中心投入使用，与省城三家三甲医院实现视频连线，群众在县里就能享受省级专家的诊疗服务。"],
         "byline": "杨倩", "form": "tail", "sig": "（杨倩）"},
        {"id": "p02-a4", "mark": "■", "title": ["鹤川职校新增两个专业"],
         "paras": ["今年秋季学期，鹤川县中等职业学校新开设无人机应用技术和电子商务两个专业，首批招收新生186名，学校还与县内五家企业签订了订单培养协议。"],
         "byline": "覃学文", "form": "tail", "sig": "（覃学文）"},
        {"id": "p02-a5", "mark": "■", "title": ["城北农贸市场完成提质改造"],
         "paras": ["经过四个月的改造，城北农贸市场重新开业，市场内新设摊位320个，实现生鲜分区经营、电子秤统一监管，市民买菜更加放心。"],
         "byline": "刘佳琪", "form": "tail", "sig": "（刘佳琪）"},
        {"id": "p02-a6", "mark": "■", "title": ["全县秋季征兵体检工作结束"],
         "paras": ["9月12日，全县秋季征兵体检工作结束，共有应征青年412名参加体检，其中大学生占比达到六成以上，体检合格率同比有所提高。"],
         "byline": "王俊豪", "form": "tail", "sig": "（王俊豪）"},
    ],
}

P02 = {
    "stem": "hechuan-news_2025-09-18_p02", "setter": "weasy", "cols": 4, "kind": "county",
    "edition": "第02版", "section": "综合新闻", "editors": "责任编辑：周晓燕 校对：陈一鸣",
    "about": "County paper inside page, four columns: two big articles in three columns with a large photo between "
             "them over the three columns (the lower article's photo, above its headline, caption under it), a side column of four "
             "briefs under a box head (furniture), each a bold ■ lead-in line (its title, gold without the ■) over "
             "one paragraph closing with （某某） (tail byline); running head and page number.",
    "main": [A_ORCHARD, A_BRIDGE], "briefs": BRIEFS_P02,
}

# ---- government information bulletin (gov p01): numbered items, issuing unit, 报/送/发 lines ---------------

G_FLOOD = {
    "id": "p01-a1", "title": ["县应急管理局扎实开展汛后安全隐患排查整治"],
    "byline": "县应急管理局", "form": "tail", "sig": "（县应急管理局）",
    "paras": [
        "主汛期结束以来，县应急管理局坚持汛期不松劲、汛后不放松，组织开展为期一个月的汛后安全隐患排查整治行动，截至9月15日，共排查各类隐患点位236处，已整改完成211处。",
        "一、压实排查责任。成立由局主要负责同志任组长的工作专班，将全县划分为六个片区，每个片区由一名班子成员带队，会同乡镇和行业部门逐点排查，做到排查对象、排查内容、整改责任“三清楚”。",
        "二、突出重点部位。聚焦地质灾害隐患点、病险水库、在建工地和临河临崖路段，逐一建立隐患台账，对发现的14处滑坡裂缝、9处道路塌方及时设置警示标志，安排专人看守，能当场整改的当场整改。",
        "三、强化跟踪督办。对一时难以整改到位的25处隐患，明确整改时限和责任人，实行销号管理，每周调度一次整改进度，对整改不力的单位进行通报，确保隐患动态清零。",
    ],
}

G_SERVICE = {
    "id": "p01-a2", "title": ["县政务服务中心推行“周末不打烊”服务"],
    "byline": "县政务服务中心", "form": "tail", "sig": "（县政务服务中心）",
    "paras": [
        "为方便上班族和外出务工人员办事，县政务服务中心自8月起推行“周末不打烊”服务，每周六上午安排社保、医保、户籍、不动产登记等高频事项窗口轮值，群众周末也能办成事。",
        "运行一个多月来，周末窗口共受理业务1480件，其中不动产登记和社保卡办理最多。中心还在大厅设置了自助服务区，24小时提供社保查询、证明打印等38项自助服务。",
    ],
}

G_TOURISM = {
    "id": "p01-a3", "title": ["我县三项举措助推文旅消费提质升级"],
    "byline": "县文体旅游局", "form": "tail", "sig": "（县文体旅游局）",
    "paras": [
        "今年以来，县文体旅游局围绕“吃住行游购娱”各环节，推出三项举措激发文旅消费活力。一是举办清江漂流节、苗乡长桌宴等节会活动12场次；二是发放文旅消费券50万元，带动消费680万元；三是新增星级民宿21家，推出三条精品旅游线路。",
        "1至8月，全县共接待游客186万人次，实现旅游综合收入15.3亿元，同比分别增长17.2%和19.6%。",
    ],
}

GOV_P01 = {
    "stem": "hechuan-gov_2025-09-18_p01", "setter": "rl", "kind": "gov",
    "head": ["鹤川政务信息", "第27期", "鹤川县人民政府办公室编", "2025年9月18日"],
    "issuer": ["鹤川县人民政府办公室", "2025年9月18日"],
    "distrib": ["报：市人民政府办公室，县委、县人大常委会、县政协领导。",
                "送：县委办公室，县人大常委会办公室，县政协办公室。",
                "发：各乡镇人民政府，县人民政府各部门。"],
    "printed": ["鹤川县人民政府办公室", "2025年9月18日印发"],
    "about": "Government information bulletin, one column, set by reportlab with explicit positions: red title "
             "政务信息 with issue number, editor and date under it, a red rule; three titled items, the first of "
             "numbered points 一、二、三、 (each a body paragraph), each closing with the submitting unit in "
             "parentheses (tail byline); the issuing office and date at the end, then the 报：/送：/发： "
             "distribution lines and the printing line between rules at the bottom (all furniture).",
    "articles": [G_FLOOD, G_SERVICE, G_TOURISM],
}

# ---- county paper front page (p01) and its jump onto page 3 -------------------------------------------------

JUMP_PARAS = [
    "9月17日，鹤川县2025年第三季度重大项目集中开工仪式在县经济开发区举行。此次集中开工项目共18个，总投资42.6亿元，涵盖新材料、农产品精深加工、城市更新和交通基础设施等领域。",
    "在主会场，总投资12亿元的锂电池正极材料项目一期工程正式破土动工。项目建成后，年产正极材料2万吨，可实现年产值25亿元，提供就业岗位800个。项目负责人表示，选择落户鹤川，看中的是这里的区位优势和高效的政务服务，从签约到开工仅用了五个月。",
    "近年来，鹤川县坚持把项目建设作为推动高质量发展的主抓手，建立县级领导包保重点项目制度，实行“一个项目、一名领导、一个专班、一抓到底”，项目审批时限压缩到法定时限的一半以内。今年1至8月，全县固定资产投资同比增长9.8%，增速位居全市前列。",
    "此次开工的项目中，农产品精深加工项目有5个，主要围绕脆李、茶叶、生态畜牧等特色产业，建设冷链物流、精深加工和品牌营销设施，将进一步延长产业链条，带动周边农户增收。城市更新项目包括老城区雨污管网改造、两所中学扩建和县城停车场建设，建成后将有效缓解县城上学难、停车难等问题。",
    "县委主要负责同志在开工仪式上说，要以此次集中开工为契机，倒排工期、挂图作战，全力以赴抓进度、保质量、保安全，推动项目早建成、早投产、早见效，为完成全年目标任务打下坚实基础。",
    "据悉，县经济开发区已建成标准化厂房18万平方米，水、电、路、气、通信等配套设施全部到位。第四季度，全县还将再推动一批项目开工建设，确保全年新开工项目不少于60个。",
]

F_PROJECTS = {
    "id": "p01-a1", "kicker": "抢抓四季度 冲刺全年目标", "title": ["全县18个重大项目集中开工 总投资42.6亿元"],
    "subtitle": "涵盖新材料、农产品精深加工、城市更新等领域",
    "byline": "记者 何俊峰 苏婉清", "form": "benbao", "lead": "本报讯（记者 何俊峰 苏婉清）",
    "photos": [{"after": -1, "h": 150, "caption": "9月17日，鹤川县第三季度重大项目集中开工仪式现场。 本报记者 何俊峰 摄"}],
    "paras": JUMP_PARAS,
    "jump": {"paras": 2, "split": 61, "out": "（下转第3版）", "in": "（上接第1版）",
             "head": "全县18个重大项目集中开工"},
}

F_HARVEST = {
    "id": "p01-a2", "title": ["秋收秋种有序推进"],
    "byline": "记者 马晓丽", "form": "tail", "sig": "（记者 马晓丽）",
    "paras": [
        "眼下正值秋收时节，全县21.6万亩水稻陆续进入收割期。各乡镇组织农机合作社和农机手抢抓晴好天气开镰收割，目前已收割水稻7.3万亩，占总面积的三成以上。",
        "县农业农村局组织30余名农技人员深入田间地头，指导农户适时收割、及时烘干，防止霉变损失；同时提早谋划秋冬种，落实油菜种植面积9万亩，确保种子、化肥等农资供应充足。",
    ],
}

F_CONCERT = {
    "id": "p01-a3", "title": ["“村晚”唱响丰收节"],
    "byline": "龙梦瑶", "form": "tail", "sig": "龙梦瑶",
    "paras": [
        "9月16日晚，石桥乡河口村的篮球场上灯火通明，一台由村民自编自演的“村晚”在欢声笑语中开场。芦笙舞、苗歌对唱、情景小品轮番上演，吸引了周边村寨上千名群众前来观看。",
        "节目的演员都是本村的村民，白天下地干活，晚上聚在一起排练，前后准备了一个多月。村文艺队队长吴春花说，大家把丰收的喜悦编进了歌里，唱的都是自己身边的事。",
    ],
}

P01 = {
    "stem": "hechuan-news_2025-09-18_p01", "setter": "weasy", "cols": 4, "kind": "front",
    "edition": "第01版", "section": "要闻",
    "mast": ["鹤川报", "HECHUAN NEWS", "中共鹤川县委机关报 内部资料性出版物 准印证号：黔内资0931", "2025年9月18日 星期四 农历乙巳年七月廿七"],
    "index_head": "导读",
    "index": ["县人大常委会召开第二十六次会议 第2版", "全县18个重大项目集中开工 第3版", "柳湾镇三千亩脆李喜获丰收 第2版"],
    "weather": ["今日天气", "多云转晴", "18℃～27℃", "东北风2级"],
    "footer": "本报地址：鹤川县城关镇文化路6号 邮编：556400 电话：0855-6612345 印刷：鹤川县印刷厂",
    "about": "Front page, four columns: masthead; a weather box and a 导读 index box of headlines with page refs "
             "(furniture) beside it; the lead article with kicker, one-line headline over all four columns and "
             "subtitle, a photo under the headline, its body in four columns ending （下转第3版） (it continues on "
             "p03); two shorter articles side by side under it, one ending （记者 …）, one signed by a lone name line.",
    "rows": [[(4, [F_PROJECTS])], [(2, [F_HARVEST]), (2, [F_CONCERT])]],
}

T_SCHOOL = {
    "id": "p03-a2", "title": ["县城第二小学新校区投入使用"],
    "byline": "记者 林彦希", "form": "benbao", "lead": "本报讯（记者 林彦希）",
    "photos": [{"after": 1, "h": 95, "caption": "学生们在新校区的图书室里阅读。（林彦希/摄）"}],
    "paras": [
        "秋季学期开学，县城第二小学新校区迎来了第一批学生。新校区占地56亩，建有教学楼、综合楼、风雨操场和400米标准运动场，可容纳学生2160人。",
        "走进新校区，明亮的教室里配备了智慧黑板，音乐、美术、科学等功能教室一应俱全。“教室又大又亮，操场也比以前大多了。”四年级学生吴思远说。",
        "县教育局负责人介绍，新校区投入使用后，县城小学大班额问题基本得到解决。今年，全县还将新建和改扩建学校6所，新增学位3800个。",
    ],
}

T_WATER = {
    "id": "p03-a3", "title": ["农村供水保障工程惠及五万群众"],
    "byline": "张宏伟", "form": "tail", "sig": "（张宏伟）",
    "paras": [
        "今年以来，我县投入资金1.28亿元实施农村供水保障工程，新建和改造集中供水工程43处，铺设供水管网310公里，惠及农村群众5.2万人。",
        "工程实行“县级统管、乡镇监管、村级协管”的管护模式，每个供水工程都明确了管水员，定期开展水质检测，让农村群众喝上放心水、安全水。",
    ],
}

P03 = {
    "stem": "hechuan-news_2025-09-18_p03", "setter": "weasy", "cols": 4, "kind": "news",
    "edition": "第03版", "section": "经济·民生", "editors": "责任编辑：罗婷 校对：韦小川",
    "about": "Inside page, four columns: the continuation of p01-a1 (headline repeated in short, （上接第1版）) in "
             "two columns; beside it an article with a photo between its paragraphs (caption …（某某/摄）); under "
             "them a short article over four columns ending （某某）.",
    "rows": [[(2, [{"cont": F_PROJECTS}]), (2, [T_SCHOOL])], [(4, [T_WATER])]],
}

# ---- feature page (p05): standfirst, bold subheads, pull quotes, 文/ 图/ signature ---------------------------

FEATURE = {
    "id": "p05-a1", "kicker": "走进非遗传承人", "title": ["一根银线 三代匠心"],
    "subtitle": "记鹤川苗族银饰锻制技艺传承人杨光耀",
    "byline": "文/柳青禾 图/韩松", "form": "tail", "sig": "文/柳青禾 图/韩松",
    "intro": "在鹤川县城关镇的一条老巷里，一间不足二十平方米的作坊里，锤子敲打银片的声音从早响到晚。作坊的主人杨光耀今年58岁，是县级非物质文化遗产苗族银饰锻制技艺的代表性传承人。",
    "photos": [{"after": 3, "h": 150, "caption": "杨光耀在作坊里錾刻银饰花纹。"}],
    "paras": [
        "#从小跟着父亲学手艺",
        "杨光耀出生在一个银匠世家，爷爷和父亲都是远近闻名的银匠。他七八岁的时候，就蹲在父亲的工作台边看熔银、拉丝、錾花，十二岁正式拜父亲为师。",
        "“那时候没有什么图纸，全凭眼睛看、手上练。”杨光耀说，光是拉银丝，他就练了整整一年，要把银条拉得比头发丝还细，而且粗细均匀，不能断。",
        "苗族银饰的制作要经过熔炼、锻打、拉丝、錾刻、焊接、清洗等三十多道工序。一套完整的盛装银饰，需要一名熟练的银匠花上好几个月才能完成。",
        "#守住老手艺也要出新",
        "二十多年前，随着外出打工的年轻人越来越多，村寨里订制银饰的人少了，作坊一度难以为继。杨光耀也曾想过关门，到城里另谋生路。",
        "“老祖宗传下来的东西，不能在我手里断了。”最终，他还是留了下来。他一边坚持做传统银饰，一边琢磨着把苗族纹样用到耳环、手镯、书签这些日常小物件上，没想到很受游客欢迎。",
        "如今，杨光耀的作坊每年能卖出银饰产品三千多件，还通过网络销往全国各地。县里把他的作坊列为非遗传习所，每年都有不少学生和游客前来参观体验。",
        "#把手艺传给更多年轻人",
        "这几年，杨光耀先后带了十几个徒弟，其中有他的儿子，也有从外地慕名而来的年轻人。每周三下午，他还到县中等职业学校给学生上银饰制作课。",
        "“手艺是死的，人是活的。只要有人愿意学，这门手艺就会一直传下去。”说这话时，杨光耀手里的小锤子又叮叮当当地响了起来。",
    ],
    "quotes": [{"after": 5, "text": "“老祖宗传下来的东西，不能在我手里断了。”"},
               {"after": 9, "text": "“手艺是死的，人是活的。只要有人愿意学，这门手艺就会一直传下去。”"}],
}

SIDEBAR = {
    "id": "p05-a2", "title": ["链接：苗族银饰锻制技艺"],
    "byline": None, "form": None,
    "paras": [
        "苗族银饰锻制技艺是苗族人民世代相传的传统手工技艺，2006年被列入第一批国家级非物质文化遗产名录。银饰是苗族服饰的重要组成部分，有头饰、颈饰、胸饰、手饰等多个种类，纹样多取材于自然界的花鸟鱼虫。",
    ],
}

P05 = {
    "stem": "hechuan-news_2025-09-18_p05", "setter": "weasy", "cols": 3, "kind": "feature",
    "edition": "第05版", "section": "人文·鹤川", "editors": "责任编辑：潘雨桐 美术编辑：黎晨",
    "about": "Feature page, three columns: kicker, big two-part title, subtitle; a standfirst (intro) set larger "
             "and in sans over the full width, which is the body's first paragraph; the body in three columns "
             "with three bold subheads (gold subheads) and a photo with a caption without credit; two pull "
             "quotes (sentences of the body printed again, large, between rules: furniture) and the signature "
             "文/柳青禾 图/韩松 at the end (tail byline, as printed); a boxed sidebar (链接：…) without byline.",
    "feature": FEATURE, "sidebar": SIDEBAR,
}

# ---- page of articles separated only by thin rules (p06) ---------------------------------------------------

R_COURT = {
    "id": "p06-a1", "title": ["县法院巡回法庭走进田间地头"],
    "byline": "通讯员 许文博", "form": "benbao", "lead": "本报讯（通讯员 许文博）",
    "paras": [
        "9月10日，县人民法院在柳湾镇青竹村的晒谷场上公开开庭审理一起土地承包经营权纠纷案件，吸引了附近百余名村民旁听。",
        "#以案释法效果好",
        "庭审结束后，法官结合案情向村民讲解了土地承包、流转中的法律知识，并现场解答群众提问。今年以来，县法院已在各乡镇开展巡回审判42场次。",
    ],
}

R_TAX = {
    "id": "p06-a2", "title": ["税费优惠政策精准直达"],
    "byline": "黄思敏", "form": "tail", "sig": "（黄思敏）",
    "paras": [
        "县税务局依托大数据平台，对符合条件的小微企业和个体工商户逐户推送税费优惠政策，今年以来累计为纳税人减税降费1.36亿元。",
        "税务干部还走进企业开展“一对一”辅导，帮助企业用好用足研发费用加计扣除等政策。",
    ],
}

R_LIBRARY = {
    "id": "p06-a3", "title": ["乡村图书室成了“充电站”"],
    "byline": "记者 田雨萌", "form": "benbao", "lead": "本报讯（记者 田雨萌）",
    "paras": [
        "每到周末，石桥乡河口村的图书室里就坐满了前来看书的孩子和村民。图书室有藏书五千多册，还配了电脑和投影仪，定期放映农业技术讲座。",
        "#志愿者轮流值守",
        "图书室由村里的大学生志愿者轮流管理，暑假期间还开设了作业辅导班，帮助留守儿童完成作业。",
        "#借阅量逐年上升",
        "去年，图书室全年借阅图书1900多册次，比前年增长了三成。",
    ],
}

R_MARKET = {
    "id": "p06-a4", "title": ["山货搭上直播快车"],
    "byline": "记者 罗梓涵", "form": "tail", "sig": "（记者 罗梓涵）",
    "paras": [
        "在县电商产业园的直播间里，主播们正对着镜头介绍野生菌、腊肉、土蜂蜜等山货。今年以来，产业园已培训农村电商主播360人，带动农特产品线上销售额突破8000万元。",
        "园区负责人说，接下来将建设共享直播间和产地仓，让更多农户足不出户就能把山货卖出去。",
    ],
}

P06 = {
    "stem": "hechuan-news_2025-09-18_p06", "setter": "weasy", "cols": 3, "kind": "rules",
    "edition": "第06版", "section": "法治·社会", "editors": "责任编辑：梁思远 校对：杜晓明",
    "about": "Inside page, three columns of stacked articles, each set in one column or over two, separated only "
             "by thin rules with no gap; titles in bold at 11.5 pt, the same size and face as in-article subheads "
             "(gold subheads), so only the rule tells a new article.",
    "rows": [[(2, [R_COURT, R_TAX]), (1, [R_LIBRARY, R_MARKET])]],
}

# ---- text-only page in the seeds' style (p07) --------------------------------------------------------------

X_ROAD = {
    "id": "p07-a1", "title": ["鹤川至柳湾二级公路改造完工"],
    "byline": "记者 贺文韬", "form": "benbao", "lead": "本报讯（记者 贺文韬）",
    "photos": [{"after": 1, "caption": "图为改造后的鹤川至柳湾二级公路"}],
    "paras": [
        "9月14日，鹤川至柳湾二级公路改造工程通过交工验收，正式恢复通行。这条公路全长37.6公里，是连接县城和柳湾、石桥两个乡镇的主干道。",
        "改造工程于2024年3月开工，将原来的四级公路提升为二级公路，路面由6.5米拓宽到10米，新建桥梁5座、隧道1座，沿线增设了错车道、防护栏和交通标志。",
        "道路通车后，县城到柳湾镇的车程由原来的1小时20分钟缩短到40分钟，沿线的脆李、茶叶等农产品运出大山更加方便快捷。",
    ],
}

X_HEALTH = {
    "id": "p07-a2", "title": ["家庭医生签约服务覆盖21万居民"],
    "byline": "通讯员 吴丽娟 周涛", "form": "benbao", "lead": "本报讯（通讯员 吴丽娟 周涛）",
    "paras": [
        "截至8月底，全县共组建家庭医生签约服务团队186个，签约居民21.4万人，重点人群签约率达到82.6%。",
        "家庭医生团队由乡镇卫生院医生、村医和护士组成，定期上门为老年人、慢性病患者、孕产妇等重点人群提供健康体检、用药指导和康复护理服务。",
        "县卫生健康局负责人表示，下一步将推行“互联网+家庭医生”服务，让群众在手机上就能预约、咨询和续方。",
    ],
}

X_FOREST = {
    "id": "p07-a3", "kicker": "鹤川县：", "title": ["林下经济“绿”里掘金"],
    "byline": "通讯员 龙海波", "form": "tail",
    "sig": "（通讯员 龙海波）",
    "paras": [
        "走进石桥乡的林下种植基地，一片片天麻、黄精在林荫下长势喜人。近年来，我县依托森林资源优势，大力发展林下种植、林下养殖和森林康养，林下经济利用面积达到26万亩，年产值突破9亿元。",
        "林下经济不砍树也能致富。县林业局组织技术人员进村入户开展培训，推广“企业+合作社+农户”模式，全县2.1万户林农从中受益，户均年增收4800元。",
    ],
}

P07 = {
    "stem": "hechuan-news_2025-09-18_p07", "setter": "text", "kind": "seedtext",
    "banner": "奋 进 新 征 程 建 功 新 时 代",
    "about": "Text-only page in the seeds' style (no PDF): the damage a PDF extraction of a narrow-column page "
             "gives, made from the source by build.py: lines cut every 19 characters mid-sentence, paragraphs "
             "separated by blank lines and a column-break blank line inside each article's second paragraph, "
             "spaces around figures, a closing （通讯员 …） signature on the last body line (tail byline), every headline printed after its article; a "
             "title whose runs are doubled (bold printed twice: 标题标题), a letter-spaced title, a kicker line "
             "over the last title, a caption line in the middle of the first article's text; a letter-spaced "
             "slogan at the end (furniture).",
    "articles": [X_ROAD, X_HEALTH, X_FOREST],
    "doubled": "p07-a2", "spaced": "p07-a1",
}

PAGES = [P01, P02, P03, P05, P06, GOV_P01, P07]
