"""The demo county's fixed data: divisions, departments, name parts and people.

Plain data only; `fazhi.org.demo` turns it into regions, units and users. Codes follow the
12-digit 统计用区划代码 pattern: county (6) + township (3) + village (3); township numbers
001–099 are 街道, 100–199 镇, 200–399 乡; village numbers 001–199 are 社区(居委会), 201 on 村(村委会).
"""

from __future__ import annotations

from dataclasses import dataclass

PROVINCE = ("990000000000", "示例省")
CITY = ("990100000000", "示例市")


@dataclass(frozen=True)
class Township:
    number: str  # the three township digits of the code
    name: str
    stem: str  # the name without 镇/乡/街道, used in 司法所 names and usernames
    pinyin: str
    villages: int

    @property
    def is_subdistrict(self) -> bool:
        return self.name.endswith("街道")


@dataclass(frozen=True)
class County:
    code6: str
    name: str
    stem: str
    pinyin: str
    townships: tuple[Township, ...]
    departments: tuple[str, ...] | None  # codes from DEPARTMENTS; None means all of them


T = Township
MAIN_COUNTY = County(
    "990121",
    "示例县",
    "示例",
    "shili",
    (
        T("001", "城关街道", "城关", "chengguan", 14),
        T("002", "东城街道", "东城", "dongcheng", 12),
        T("003", "西城街道", "西城", "xicheng", 10),
        T("100", "青石镇", "青石", "qingshi", 20),
        T("101", "白沙镇", "白沙", "baisha", 18),
        T("102", "龙溪镇", "龙溪", "longxi", 19),
        T("103", "桃源镇", "桃源", "taoyuan", 17),
        T("104", "清河镇", "清河", "qinghe", 18),
        T("105", "凤岭镇", "凤岭", "fengling", 16),
        T("106", "长乐镇", "长乐", "changle", 21),
        T("200", "石门乡", "石门", "shimen", 15),
        T("201", "云山乡", "云山", "yunshan", 20),
    ),
    None,
)

PEER_DEPARTMENTS = (
    "SFJ", "GAJ", "SCJG", "ZRZY", "ZFJ", "RSJ", "ZJJ", "JTJ", "NYJ", "SHJ", "WJJ", "YJJ", "JYJ",
    "MZJ",
)  # fmt: skip

# The other counties of 示例市, so that a city ranks several counties. A new county's or
# township's stem must not be a possible village name (see `fazhi.org.demo.village_names`):
# it would be taken out of the shuffled candidates and rename every county's villages.
PEER_COUNTIES = (
    County(
        "990122",
        "临溪县",
        "临溪",
        "linxi",
        (
            T("001", "溪口街道", "溪口", "xikou", 10),
            T("002", "城南街道", "城南", "chengnan", 10),
            T("100", "枫林镇", "枫林", "fenglin", 10),
            T("101", "杨桥镇", "杨桥", "yangqiao", 10),
            T("102", "大坪镇", "大坪", "daping", 10),
            T("200", "黄岭乡", "黄岭", "huangling", 10),
        ),
        PEER_DEPARTMENTS,
    ),
    County(
        "990123",
        "青山县",
        "青山",
        "qingshan",
        (
            T("001", "青山街道", "青山", "qingshanjd", 10),
            T("002", "城北街道", "城北", "chengbei", 10),
            T("100", "马鞍镇", "马鞍", "maan", 10),
            T("101", "松岗镇", "松岗", "songgang", 10),
            T("102", "金沙镇", "金沙", "jinsha", 10),
            T("200", "柳坪乡", "柳坪", "liuping", 10),
        ),
        PEER_DEPARTMENTS,
    ),
    # 990124 is left free: tests use it for a county that is not part of the demo.
    County(
        "990125",
        "安澜县",
        "安澜",
        "anlan",
        (
            T("001", "平湖街道", "平湖", "pinghu", 10),
            T("002", "永宁街道", "永宁", "yongning", 10),
            T("100", "河口镇", "河口", "hekou", 10),
            T("101", "芦塘镇", "芦塘", "lutang", 10),
            T("102", "梅岭镇", "梅岭", "meiling", 10),
            T("200", "鹤鸣乡", "鹤鸣", "heming", 10),
        ),
        PEER_DEPARTMENTS,
    ),
    County(
        "990126",
        "丰乐县",
        "丰乐",
        "fengle",
        (
            T("001", "乐城街道", "乐城", "lecheng", 10),
            T("002", "丰南街道", "丰南", "fengnan", 10),
            T("100", "三河镇", "三河", "sanhe", 10),
            T("101", "沙洲镇", "沙洲", "shazhou", 10),
            T("102", "花桥镇", "花桥", "huaqiao", 10),
            T("200", "旗山乡", "旗山", "qishan", 10),
        ),
        PEER_DEPARTMENTS,
    ),
)


@dataclass(frozen=True)
class Department:
    code: str  # unit code suffix after the county's six digits
    template: str  # {county}: 示例县; {stem}: 示例
    short_name: str
    vertical: bool = False  # managed from above (垂直管理), so not under the county government


D = Department
# 县级人民政府工作部门 and the bodies that enforce the law in a county, as real counties name them.
DEPARTMENTS = (
    D("BGS", "{county}人民政府办公室", "县政府办"),
    D("FGJ", "{county}发展和改革局", "发改局"),
    D("JYJ", "{county}教育局", "教育局"),
    D("KJJ", "{county}科学技术局", "科技局"),
    D("JXJ", "{county}经济和信息化局", "经信局"),
    D("MZZJ", "{county}民族宗教事务局", "民宗局"),
    D("GAJ", "{county}公安局", "公安局"),
    D("MZJ", "{county}民政局", "民政局"),
    D("SFJ", "{county}司法局", "司法局"),
    D("CZJ", "{county}财政局", "财政局"),
    D("RSJ", "{county}人力资源和社会保障局", "人社局"),
    D("ZRZY", "{county}自然资源和规划局", "自然资源局"),
    D("SHJ", "示例市生态环境局{stem}分局", "生态环境分局", vertical=True),
    D("ZJJ", "{county}住房和城乡建设局", "住建局"),
    D("JTJ", "{county}交通运输局", "交通运输局"),
    D("SLJ", "{county}水利局", "水利局"),
    D("NYJ", "{county}农业农村局", "农业农村局"),
    D("SWJ", "{county}商务局", "商务局"),
    D("WGLT", "{county}文化广电旅游体育局", "文广旅体局"),
    D("WJJ", "{county}卫生健康局", "卫健局"),
    D("TYJ", "{county}退役军人事务局", "退役军人局"),
    D("YJJ", "{county}应急管理局", "应急局"),
    D("SJJ", "{county}审计局", "审计局"),
    D("SCJG", "{county}市场监督管理局", "市场监管局"),
    D("TJJ", "{county}统计局", "统计局"),
    D("YBJ", "{county}医疗保障局", "医保局"),
    D("LYJ", "{county}林业局", "林业局"),
    D("ZFJ", "{county}综合行政执法局", "综合执法局"),
    D("SPJ", "{county}行政审批服务局", "行政审批局"),
    D("XFJ", "{county}信访局", "信访局"),
    D("DSJ", "{county}大数据发展管理局", "大数据局"),
    D("LCJ", "{county}粮食和物资储备局", "粮储局"),
    D("RFB", "{county}人民防空办公室", "人防办"),
    D("JGSW", "{county}机关事务管理中心", "机关事务中心"),
    D("DAJ", "{county}档案局", "档案局"),
    D("GXS", "{county}供销合作社联合社", "供销社"),
    D("SHUIWU", "国家税务总局{county}税务局", "税务局", vertical=True),
    D("XFDD", "{county}消防救援大队", "消防救援大队", vertical=True),
    D("QXJ", "{county}气象局", "气象局", vertical=True),
    D("YCJ", "{county}烟草专卖局", "烟草专卖局", vertical=True),
)

# (code suffix, name template, kind) of bodies outside the executive that records refer to.
COUNTY_EXTERNAL = (
    ("FY", "{county}人民法院", "court"),
    ("JCY", "{county}人民检察院", "procuratorate"),
    ("RD", "{county}人大常委会", "peoples_congress"),
)
CITY_UNITS = (
    ("GOV", "示例市人民政府", "government"),
    ("ZY", "示例市中级人民法院", "court"),
)

# Village names: a surname with a settlement word (王家, 李庄, 赵营 …) or a landscape word with a
# place word (石桥, 大坪, 柳溪 …), as villages in the hill country are named.
VILLAGE_SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱何郭林罗"
SURNAME_PLACES = "家庄营寨店屯集湾岗坡冲畈圩"
VILLAGE_FEATURES = "大小上下东西南北前后新石柳桃枣松竹双龙凤金马高"
FEATURE_PLACES = "桥坪岭坝塘沟冲岗坡园林溪田山峪口堡湾庄"
# Community names: 新华, 金苑, 康宁, 锦绣 … as towns name their residential communities.
COMMUNITY_FIRST = "新金文锦翠华康安和兴富福春阳明滨湖桂丽泰"
COMMUNITY_SECOND = "华苑园城桥湖安康宁乐泰兴阳光源庭都景馨秀"

# Full names for the demo users, handed out in order.
# fmt: off
PEOPLE = (
    "周明远", "孙慧敏", "徐静怡", "王海峰", "李文涛", "陈晓燕", "刘志强", "杨丽娟", "赵国平", "黄建华",
    "吴桂芳", "胡建军", "朱红梅", "高振宇", "林晓东", "何丽萍", "郭志刚", "马晓军", "罗婷婷", "梁宇航",
    "宋佳琪", "郑凯文", "谢文华", "韩雪莹", "唐国庆", "冯瑶瑶", "于海涛", "董丽华", "程亮亮", "曹颖慧",
    "袁芳芳", "邓永平", "许晶晶", "傅志强", "沈丽华", "曾宪明", "彭飞宇", "吕晓燕", "苏明辉", "卢俊杰",
    "蒋文静", "蔡志华", "贾敏敏", "丁伟东", "魏红霞", "薛建刚", "叶青松", "余洁莹", "潘建华", "杜娟娟",
    "戴文斌", "夏雨桐", "钟振华", "汪海燕", "田丰收", "任静怡", "姜海涛", "范晓明", "方志远", "石玉磊",
)
# fmt: on

# Printed by `fazhi seed_demo` for everyone to read; satisfies the password rules.
DEMO_PASSWORD = "Fazhi@2026"  # noqa: S105  (a public demo password, not a secret)
PHONE_PREFIX = "1380000"  # 1380000xxxx: recognisably not a real subscriber's number

# (username suffix, department code, position) of the department clerks of 示例县.
DEPARTMENT_CLERKS = (
    ("gaj", "GAJ", "法制大队民警"),
    ("scjg", "SCJG", "法规科科员"),
    ("zrzy", "ZRZY", "政策法规股科员"),
    ("zfj", "ZFJ", "法制审核科科员"),
    ("rsj", "RSJ", "劳动保障监察股科员"),
    ("sfj", "SFJ", "行政复议与应诉科科员"),
    ("zjj", "ZJJ", "政策法规股科员"),
    ("jtj", "JTJ", "法规股科员"),
    ("nyj", "NYJ", "法规股科员"),
    ("wjj", "WJJ", "法规股科员"),
    ("shj", "SHJ", "执法大队科员"),
    ("yjj", "YJJ", "政策法规股科员"),
)
# Townships of 示例县 that have their own legality reviewer (乡镇合法性审查).
TOWNSHIP_REVIEWERS = ("chengguan", "qingshi", "baisha")
