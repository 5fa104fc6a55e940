"""The words the demo city is named with: its 19 towns and streets, and the word lists that
make village, company, road and person names that read like Cixi's without being anyone's.

Every maker takes the generator's random.Random, so a seed gives the same names, and a
`taken` set, so a name is never handed out twice.
"""

import random

REGION_CODE = "330282"
CITY = "慈溪市"

# (name, weight of villages and communities, weight of enterprises): the weights only shape
# how the level-3 unions and the enterprises spread over the towns.
TOWNS = [
    ("浒山街道", 16, 6),
    ("白沙路街道", 12, 5),
    ("古塘街道", 14, 6),
    ("宗汉街道", 17, 8),
    ("坎墩街道", 17, 7),
    ("观海卫镇", 30, 9),
    ("周巷镇", 28, 10),
    ("龙山镇", 22, 5),
    ("掌起镇", 14, 4),
    ("附海镇", 12, 5),
    ("桥头镇", 11, 5),
    ("匡堰镇", 10, 3),
    ("逍林镇", 14, 5),
    ("新浦镇", 16, 5),
    ("胜山镇", 10, 4),
    ("横河镇", 22, 6),
    ("崇寿镇", 10, 3),
    ("长河镇", 14, 4),
    ("庵东镇", 15, 5),
]


def short_name(town: str) -> str:
    """浒山街道 -> 浒山, 观海卫镇 -> 观海卫."""
    for suffix in ("街道", "镇"):
        if town.endswith(suffix):
            return town[: -len(suffix)]
    return town


# Places: villages, communities, parks and roads -------------------------------------------

PLACE_FIRST = list("东西南北新上下中大前后金银玉青白黄龙凤双三四五六七万家桥塘海湖山江沙潮长永兴福寿庆安宁太和")
PLACE_SECOND = list("湖山桥塘河浦港溪岙堰江海田园林庄湾浜洋漕门溇闸墩头岸圩丰华星光明阳桂")
PARK_WORDS = ["工业园区", "工业区", "小微企业园", "经济开发区", "商贸区"]
ROAD_SUFFIXES = ["路", "路", "路", "大道", "街", "东路", "西路", "北路", "南路"]


def place(rng: random.Random, taken: set[str], suffix: str = "") -> str:
    """A two-character place name (双湖, 金山); three characters once two run short."""
    for _ in range(40):
        name = rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND)
        if name[0] != name[1] and name + suffix not in taken:
            taken.add(name + suffix)
            return name
    while True:
        name = rng.choice(PLACE_FIRST) + rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND)
        if len(set(name)) == 3 and name + suffix not in taken:
            taken.add(name + suffix)
            return name


def road(rng: random.Random) -> str:
    return rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND) + rng.choice(ROAD_SUFFIXES)


def address(rng: random.Random, town: str) -> str:
    return f"{CITY}{town}{road(rng)}{rng.randint(1, 999)}号"


# Companies --------------------------------------------------------------------------------

BRAND_CHARS = list("华宏兴盛达鑫丰源通恒昌泰隆佳美利顺新海天金银宝龙凯瑞祥德信诚永汇博科创力精明亚欧东方中大长远振光星飞腾富豪奥康宇万家嘉伟晨锦峰")
COMPANY_PREFIXES = [(f"{CITY}", 55), ("宁波", 22), ("慈溪", 10), ("浙江", 8), ("宁波市", 5)]
COMPANY_SUFFIXES = [("有限公司", 88), ("股份有限公司", 3), ("有限责任公司", 3), ("厂", 6)]

# (what the company does, GB/T 4754 section, weight): mostly manufacturing, as in the report's city.
TRADES = [
    ("电器", "C", 14), ("家用电器", "C", 8), ("小家电", "C", 6), ("模具", "C", 10), ("塑料制品", "C", 8), ("五金", "C", 8),
    ("轴承", "C", 7), ("汽车配件", "C", 6), ("电子", "C", 6), ("机械", "C", 6), ("照明电器", "C", 4), ("阀门", "C", 3),
    ("水暖器材", "C", 3), ("纺织", "C", 4), ("针织", "C", 3), ("化纤", "C", 3), ("服饰", "C", 3), ("线缆", "C", 3),
    ("电机", "C", 3), ("密封件", "C", 2), ("仪表", "C", 2), ("包装", "C", 3), ("橡胶制品", "C", 2), ("金属制品", "C", 4),
    ("文具", "C", 2), ("食品", "C", 2), ("建设工程", "E", 4), ("建筑安装", "E", 2), ("贸易", "F", 6), ("商贸", "F", 4),
    ("物流", "G", 3), ("运输", "G", 2), ("大酒店", "H", 1), ("餐饮管理", "H", 1), ("信息技术", "I", 1), ("房地产开发", "K", 1),
    ("物业管理", "L", 1), ("农业开发", "A", 1), ("水产养殖", "A", 1), ("环保科技", "N", 1), ("检测技术", "M", 1),
]

# The trades an industry joint union (行业性联合工会) is formed for.
INDUSTRY_UNION_TRADES = ["模具", "轴承", "家用电器", "小家电", "五金", "塑料制品", "电器", "汽车配件", "纺织", "针织", "阀门", "线缆", "电机", "照明电器", "金属制品"]


def weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights)[0]


def trade(rng: random.Random) -> str:
    """What a company does (电器, 模具, …); TRADE_SECTIONS gives its industry section."""
    return rng.choices(TRADES, weights=[t[2] for t in TRADES])[0][0]


TRADE_SECTIONS = {name: section for name, section, _ in TRADES}


def company(rng: random.Random, taken: set[str], trade_name: str) -> str:
    """慈溪市华宏电器有限公司, 宁波鑫达模具有限公司, …"""
    while True:
        first, second = rng.sample(BRAND_CHARS, 2)
        suffix = weighted(rng, COMPANY_SUFFIXES)
        if suffix == "厂" and trade_name.endswith(("技术", "开发", "管理", "贸易", "商贸", "物流", "运输", "工程", "安装", "大酒店", "养殖")):
            suffix = "有限公司"
        name = f"{weighted(rng, COMPANY_PREFIXES)}{first}{second}{trade_name}{suffix}"
        if name not in taken:
            taken.add(name)
            return name


# People -------------------------------------------------------------------------------------

SURNAMES = list("胡孙陈王岑徐沈张杨罗施周余马叶黄潘邹姚章戚龚应朱钱方吴李刘宋褚俞卢")
GIVEN_CHARS = list("建国伟军华明英丽芳红平波杰勇敏静燕海峰强磊霞娟斌超玲立新志刚文忠雪梅佳云飞健")


def person(rng: random.Random) -> str:
    given = "".join(rng.sample(GIVEN_CHARS, rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


# Schools, clinics and offices of a town (事业单位, 机关) -------------------------------------

INSTITUTION_UNITS = [
    "中心小学", "实验小学", "初级中学", "中心幼儿园", "社区卫生服务中心", "成人文化技术学校", "文化站",
    "农业技术服务站", "第二小学", "中学", "卫生院", "敬老院", "广播电视站", "水利站",
]
ORGAN_UNITS = ["机关", "派出所", "财政所", "国土资源所", "市场监督管理所", "司法所", "地方税务分局"]
CHINESE_ORDINALS = "二三四五六七八九十"


def public_body(rng: random.Random, taken: set[str], town: str, *, organ: bool) -> str:
    """A town's school, clinic (事业单位) or office (机关): 慈溪市浒山街道中心小学, 观海卫镇派出所, …"""
    prefix = town if organ else f"{CITY}{town}"
    units = ORGAN_UNITS if organ else INSTITUTION_UNITS
    for unit in rng.sample(units, len(units)):
        if unit == "机关":
            unit = "人民政府机关" if town.endswith("镇") else "办事处机关"
        if prefix + unit not in taken:
            taken.add(prefix + unit)
            return prefix + unit
    # A big town (or a benchmark city at 10x) has more units than the lists name.
    for ordinal in CHINESE_ORDINALS:
        for unit in ("小学", "幼儿园", "中学"):
            name = f"{prefix}第{ordinal}{unit}"
            if name not in taken:
                taken.add(name)
                return name
    while True:
        name = f"{prefix}{place(rng, taken)}{rng.choice(('小学', '幼儿园', '卫生服务站', '服务站'))}"
        if name not in taken:
            taken.add(name)
            return name
