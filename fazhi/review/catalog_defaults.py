"""The default 审查事项目录清单 a county starts from (plain data; a county edits its own copy).

Modelled on published Zhejiang county and township catalogues: four statutory object types
(浙江省行政合法性审查工作规定: 规范性文件, 重大行政决策, 重大行政执法决定, 行政协议), 会议议题 and
其他涉法事务 by local practice, and the review service offered to 村(社区) for contracts and
村规民约. Materials follow 重大行政决策程序暂行条例 第26条 (草案, 依据, 程序说明) and local lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.review.models import Level, MatterType


@dataclass(frozen=True)
class DefaultEntry:
    level: Level
    matter_type: MatterType
    name: str
    description: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    is_contract: bool = False


E, L, T = DefaultEntry, Level, MatterType
BASIS = "制定（起草）说明"
OPINIONS = "征求意见及采纳情况"

DEFAULT_CATALOG: tuple[DefaultEntry, ...] = (
    E(
        L.COUNTY,
        T.NORMATIVE,
        "县政府及部门行政规范性文件",
        "以县政府、县政府办公室或县级部门名义制发，涉及公民、法人和其他组织权利义务的文件",
        (BASIS, "制定依据", OPINIONS),
        ("公平竞争审查意见",),
    ),
    E(
        L.COUNTY,
        T.DECISION,
        "县政府重大行政决策",
        "列入县政府年度重大行政决策事项目录的事项",
        # 条例 第26条: the procedures' materials only for the procedures done; which apply is
        # the decision catalog's call (fazhi.decisions), so they are optional here.
        ("决策草案说明",),
        ("公众参与材料", "风险评估报告", "专家论证意见"),
    ),
    E(
        L.COUNTY,
        T.ENFORCEMENT,
        "重大行政执法决定",
        "作出前应当进行法制审核的重大行政执法决定",
        ("案件调查终结报告", "证据材料目录"),
        ("听证笔录",),
    ),
    E(
        L.COUNTY,
        T.CONTRACT,
        "以县政府或部门名义签订的行政协议及合同",
        "行政协议、政府投资项目合同、国有资产出租出让合同等",
        ("合同相对方主体资格材料", "签订依据或决策文件"),
        ("资信调查材料",),
        True,
    ),
    E(
        L.COUNTY,
        T.MEETING,
        "县政府常务会议涉法议题",
        "提请县政府常务会议审议的涉法议题",
        ("议题说明",),
    ),
    E(L.COUNTY, T.OTHER, "其他涉法事务", "县政府交办的其他涉法事务", ("情况说明",)),
    E(
        L.TOWNSHIP,
        T.NORMATIVE,
        "乡镇（街道）行政规范性文件",
        "以乡镇政府（街道办事处）名义制发的规范性文件",
        (BASIS, "制定依据", OPINIONS),
    ),
    E(
        L.TOWNSHIP,
        T.DECISION,
        "乡镇（街道）重大行政决策",
        "列入乡镇（街道）年度重大行政决策事项目录的事项",
        ("决策草案说明",),
        ("公众参与材料", "风险评估报告", "专家论证意见"),
    ),
    E(
        L.TOWNSHIP,
        T.ENFORCEMENT,
        "乡镇（街道）重大行政执法决定",
        "综合行政执法中作出的重大执法决定",
        ("案件调查终结报告", "证据材料目录"),
    ),
    E(
        L.TOWNSHIP,
        T.CONTRACT,
        "乡镇（街道）行政协议及合同",
        "以乡镇（街道）名义签订的合同",
        ("合同相对方主体资格材料", "签订依据或会议纪要"),
        (),
        True,
    ),
    E(L.TOWNSHIP, T.OTHER, "乡镇（街道）其他涉法事务", "信访答复、复议应诉材料等", ("情况说明",)),
    E(
        L.VILLAGE,
        T.VILLAGE,
        "村级合同",
        "村集体工程、资产资源发包出租、土地流转等合同",
        ("村民（代表）会议决议", "合同相对方主体资格材料"),
        (),
        True,
    ),
    E(
        L.VILLAGE,
        T.VILLAGE,
        "村规民约、村民自治章程",
        "制定或修订村规民约、村民自治章程",
        ("村民会议讨论情况",),
    ),
    E(L.VILLAGE, T.VILLAGE, "其他村级涉法事务", "村级重大事项决策等涉法事务", ("情况说明",)),
)
