"""The demo's fixed data: outcome quotas, what each unit's cases are about, names."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.org.data import demo_county as county_data

from ..enums import LAWSUIT_LOSSES, ActType, LawsuitOutcome, ReconOutcome

CODE6 = county_data.MAIN_COUNTY.code6  # 990121: a code no real county has
RO, LO = ReconOutcome, LawsuitOutcome
RECON_PER_YEAR = (262, 298)
RECON_PER_SUIT = (2.8, 3.3)  # 复议诉讼收案比
SUITS_AFTER_RECON = (0.22, 0.32)  # share of 一审 suits brought after a 复议 the county upheld
PRE_FILING = "pre_filing"  # a quota entry: withdrawn or settled before admission (立案前化解)

# How a year's 复议 applications end; the rest are 维持. 纠错 ≈ 10%, 调撤 ≈ 55% of 审结.
RECON_SHARES: tuple[tuple[str, float], ...] = (
    (RO.NOT_ACCEPTED, 0.035),
    (RO.ABANDONED, 0.01),
    (PRE_FILING, 0.03),
    (RO.WITHDRAWN, 0.37),
    (RO.SETTLED, 0.09),
    (RO.MEDIATED, 0.06),
    (RO.REVOKE, 0.04),
    (RO.CONFIRM_ILLEGAL, 0.03),
    (RO.ORDER_PERFORM, 0.015),
    (RO.CHANGE, 0.01),
    (RO.PARTIAL_REVOKE, 0.005),
    (RO.REJECT_REQUEST, 0.07),
    (RO.TERMINATED, 0.01),
    (RO.DISMISSED, 0.01),
    (RO.COMPENSATION, 0.004),
)
# How a year's 一审 suits end; the rest are 驳回诉讼请求. 败诉 ≈ 3.5%, 调撤 ≈ 55%.
SUIT_SHARES: tuple[tuple[str, float], ...] = (
    (LO.WITHDRAWN, 0.47),
    (LO.MEDIATED, 0.07),
    (LO.DISMISS_SUIT, 0.12),
    (LO.REVOKE, 0.015),
    (LO.CONFIRM_ILLEGAL, 0.01),
    (LO.PERFORM, 0.005),
    (LO.COMPENSATION, 0.005),
    (LO.ENDED, 0.005),
)
APPEAL_SHARE: dict[str, float] = {
    LO.REJECT_CLAIM: 0.22,
    LO.DISMISS_SUIT: 0.2,
    **dict.fromkeys(LAWSUIT_LOSSES, 0.4),
}
HEAD_APPEARS = 0.985  # share of hearings with a qualifying 负责人 in court


# --- the counties of 示例市 -----------------------------------------------------------------

Shares = tuple[tuple[str, float], ...]


def _with(shares: Shares, **changed: float) -> Shares:
    """`shares` with some outcomes' shares changed (keyword = outcome value)."""
    unknown = set(changed) - {key for key, _ in shares}
    if unknown:
        raise ValueError(f"结果配额中没有：{'、'.join(sorted(unknown))}")
    return tuple((key, changed.get(key, share)) for key, share in shares)


@dataclass(frozen=True)
class CountyProfile:
    """How one county's cases run. Counties differ widely in volume, in how many disputes go
    to 复议 rather than to court, and in how they end; the city's ranking needs that spread."""

    code6: str
    recon_per_year: tuple[int, int] = RECON_PER_YEAR
    recon_per_suit: tuple[float, float] = RECON_PER_SUIT
    recon_shares: Shares = RECON_SHARES
    suit_shares: Shares = SUIT_SHARES
    head_appears: float = HEAD_APPEARS
    # The demo county itself: open cases in every status, deadlines in the inbox, 争议化解.
    showcase: bool = False


# 示例县 as above; the others are smaller (6 townships, 14 departments). 临溪县 does well (复议
# the main channel, few losses); 青山县 badly (more suits than 复议, 败诉率 near 10%, few 调撤);
# 安澜县 is in the warning band; 丰乐县 is mixed.
PROFILES = (
    CountyProfile(CODE6, showcase=True),
    CountyProfile(
        "990122",
        recon_per_year=(80, 92),
        recon_per_suit=(2.2, 2.6),
        recon_shares=_with(RECON_SHARES, withdrawn=0.4),
        suit_shares=_with(SUIT_SHARES, withdrawn=0.5, confirm_illegal=0.005, perform=0.0),
        head_appears=0.995,
    ),
    CountyProfile(
        "990123",
        recon_per_year=(50, 60),
        recon_per_suit=(0.8, 0.95),
        recon_shares=_with(RECON_SHARES, withdrawn=0.2, revoke=0.07, confirm_illegal=0.05),
        suit_shares=_with(
            SUIT_SHARES, withdrawn=0.28, revoke=0.05, confirm_illegal=0.03, perform=0.01
        ),
        head_appears=0.9,
    ),
    CountyProfile(
        "990125",
        recon_per_year=(62, 72),
        recon_per_suit=(1.1, 1.3),
        recon_shares=_with(RECON_SHARES, withdrawn=0.3),
        suit_shares=_with(SUIT_SHARES, withdrawn=0.36, revoke=0.035, confirm_illegal=0.02),
        head_appears=0.96,
    ),
    CountyProfile(
        "990126",
        recon_per_year=(68, 78),
        recon_per_suit=(1.6, 2.0),
        recon_shares=_with(RECON_SHARES, withdrawn=0.35),
        suit_shares=_with(SUIT_SHARES, withdrawn=0.34, revoke=0.02),
        head_appears=0.97,
    ),
)


# --- what the cases are about ------------------------------------------------------------


@dataclass(frozen=True)
class Matter:
    field: str  # DisputeField.code
    act: str  # ActType
    what: str  # the act, as ledgers name it
    weight: int
    amount: tuple[int, int] | None = None  # the range of the sum at stake (元)


M = Matter
A = ActType
MATTERS: dict[str, tuple[Matter, ...]] = {
    "GAJ": (
        M("police", A.PENALTY, "治安管理处罚决定（行政拘留）", 30),
        M("police", A.PENALTY, "治安管理处罚决定（罚款）", 18, (200, 1000)),
        M("police", A.PENALTY, "道路交通安全违法行为处罚决定", 20, (100, 2000)),
        M("police", A.COMPLAINT, "不予立案告知", 10),
        M("police", A.NONPERFORMANCE, "未履行保护人身权、财产权法定职责", 8),
        M("police", A.CONFIRMATION, "户口登记", 6),
        M("disclosure", A.INFO_DISCLOSURE, "政府信息公开申请答复", 8),
    ),
    "ZRZY": (
        M("resources", A.CONFIRMATION, "不动产登记", 28),
        M("land", A.PENALTY, "非法占用土地行政处罚决定", 18, (5000, 200000)),
        M("land", A.EXPROPRIATION, "集体土地征收补偿安置方案", 16),
        M("resources", A.LICENSING, "建设工程规划许可", 10),
        M("disclosure", A.INFO_DISCLOSURE, "征地信息公开申请答复", 16),
        M("land", A.NONPERFORMANCE, "未对土地违法举报作出处理", 12),
    ),
    "ZFJ": (
        M("demolition", A.COERCION, "限期拆除违法建筑决定", 32),
        M("demolition", A.COERCION, "强制拆除违法建筑行为", 16),
        M("enforcement", A.PENALTY, "占道经营行政处罚决定", 20, (200, 3000)),
        M("enforcement", A.PENALTY, "违法建设行政处罚决定", 14, (3000, 80000)),
        M("enforcement", A.COERCION, "暂扣经营工具", 10),
        M("disclosure", A.INFO_DISCLOSURE, "政府信息公开申请答复", 8),
    ),
    "RSJ": (
        M("labour", A.CONFIRMATION, "工伤认定决定", 45),
        M("labour", A.COMPLAINT, "劳动保障监察投诉处理", 25),
        M("labour", A.CONFIRMATION, "社会保险待遇核定", 18),
        M("labour", A.PENALTY, "劳动保障监察行政处罚决定", 12, (2000, 20000)),
    ),
    "SCJG": (
        M("market", A.COMPLAINT, "投诉举报不予立案告知", 45),
        M("market", A.PENALTY, "食品安全行政处罚决定", 25, (2000, 100000)),
        M("market", A.LICENSING, "市场主体登记", 15),
        M("market", A.PENALTY, "价格违法行为行政处罚决定", 15, (500, 30000)),
    ),
    "TOWNSHIP": (
        M("demolition", A.COERCION, "强制拆除违法建筑行为", 32),
        M("housing", A.EXPROPRIATION, "房屋征收补偿安置", 22),
        M("demolition", A.COERCION, "限期拆除决定", 14),
        M("disclosure", A.INFO_DISCLOSURE, "政府信息公开申请答复", 16),
        M("other", A.CONFIRMATION, "土地承包经营权争议处理决定", 10),
        M("other", A.NONPERFORMANCE, "未履行法定职责", 6),
    ),
    "GOV": (
        M("housing", A.EXPROPRIATION, "国有土地上房屋征收决定", 50),
        M("land", A.EXPROPRIATION, "征地补偿安置决定", 25),
        M("disclosure", A.INFO_DISCLOSURE, "政府信息公开申请答复", 25),
    ),
    "ZJJ": (
        M("housing", A.EXPROPRIATION, "房屋征收补偿决定", 55),
        M("housing", A.PENALTY, "建筑市场违法行为行政处罚决定", 25, (10000, 100000)),
        M("disclosure", A.INFO_DISCLOSURE, "政府信息公开申请答复", 20),
    ),
    "JTJ": (
        M("transport", A.PENALTY, "道路运输违法行为行政处罚决定", 80, (5000, 30000)),
        M("transport", A.COERCION, "暂扣车辆", 20),
    ),
    "SHJ": (M("ecology", A.PENALTY, "环境违法行为行政处罚决定", 1, (20000, 200000)),),
    "NYJ": (M("other", A.PENALTY, "农业行政处罚决定", 1, (1000, 20000)),),
    "WJJ": (M("other", A.PENALTY, "卫生健康行政处罚决定", 1, (1000, 30000)),),
    "YJJ": (M("other", A.PENALTY, "安全生产行政处罚决定", 1, (10000, 100000)),),
    "MZJ": (M("other", A.CONFIRMATION, "婚姻登记", 1),),
    "JYJ": (M("other", A.LICENSING, "民办学校办学许可", 1),),
}
# Who is answering (unit key, weight), as county ledgers show it: 自然资源, 综合执法, 公安, 人社,
# 市场监管 and the township governments (拆违, 征迁) carry most of it.
RESPONDENT_WEIGHTS = (
    ("ZRZY", 17), ("ZFJ", 15), ("GAJ", 16), ("RSJ", 12), ("SCJG", 11), ("TOWNSHIP", 15),
    ("ZJJ", 5), ("JTJ", 3), ("NYJ", 2), ("WJJ", 1), ("YJJ", 1), ("MZJ", 1), ("JYJ", 1),
)  # fmt: skip
DEFENDANT_WEIGHTS = (
    ("TOWNSHIP", 22), ("ZRZY", 18), ("ZFJ", 14), ("GAJ", 12), ("RSJ", 10), ("SCJG", 6),
    ("ZJJ", 7), ("GOV", 6), ("JTJ", 2), ("SHJ", 2), ("NYJ", 1),
)  # fmt: skip
RISKY_FIELDS = ("land", "housing", "demolition", "labour", "resources", "disclosure")
RISK_REASONS = {
    "land": "集体土地征收未依法开展社会稳定风险评估，补偿安置方案公告程序存在瑕疵",
    "housing": "房屋征收评估报告未依法送达被征收人，补偿决定程序存在瑕疵",
    "demolition": "强制拆除前未依法催告、公告，未充分保障当事人陈述、申辩权利，程序违法风险较高",
    "labour": "工伤认定事实调查不充分，关键证人证言相互矛盾",
    "resources": "不动产登记审查未核实原始权属材料，存在登记错误风险",
    "disclosure": "政府信息公开答复超过法定期限，且未说明不予公开的理由",
}
MEASURES = (
    "与当事人当面沟通，听取补偿诉求",
    "组织法律顾问对证据和程序进行论证",
    "责成承办单位补充调取证据材料",
    "协调属地乡镇（街道）共同做好群众工作",
    "研究提出补偿方案调整建议",
    "邀请人大代表、政协委员参与协调化解",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玉兰春海林文斌金凤云亮成荣新德福"
FIRMS = ("恒泰", "鑫源", "宏达", "瑞丰", "金鼎", "华兴", "永盛", "明诚", "正和", "德润", "天成")
TRADES = ("商贸", "建材", "餐饮管理", "物流", "农业开发", "食品", "建筑工程", "房地产开发")
