"""The enumerations of 行政复议 and 行政诉讼, each value with its legal source.

Outcome sets (纠错, 调撤, 败诉 …) are declared here once; the indicators, the ledger import and
the pages all read them from here. RULES.md §4, §5 and §11.C.
"""

from __future__ import annotations

from django.db import models


class ActType(models.TextChoices):
    """The kind of administrative act a dispute is about (行为类别)."""

    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENSING = "licensing", "行政许可"
    EXPROPRIATION = "expropriation", "行政征收征用"
    INFO_DISCLOSURE = "info_disclosure", "政府信息公开"
    NONPERFORMANCE = "nonperformance", "不履行法定职责"
    COMPLAINT = "complaint", "举报投诉处理"
    CONFIRMATION = "confirmation", "行政确认"
    OTHER = "other", "其他"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


# ---------------------------------------------------------------------------------------------
# 行政复议 (行政复议法 2023)


class ReconStatus(models.TextChoices):
    RECEIVED = "received", "受理审查中"
    CORRECTING = "correcting", "补正中"
    ACCEPTED = "accepted", "审理中"
    SUSPENDED = "suspended", "中止"
    CLOSED = "closed", "已结案"


class Procedure(models.TextChoices):
    NORMAL = "normal", "普通程序"
    SIMPLE = "simple", "简易程序"


class SimpleGround(models.TextChoices):
    """When 简易程序 may be used (行政复议法 第53条)."""

    ON_THE_SPOT = "on_the_spot", "当场作出的行政行为"
    WARNING = "warning", "警告或者通报批评"
    SMALL_AMOUNT = "small_amount", "涉案金额三千元以下"
    INFO_DISCLOSURE = "info_disclosure", "政府信息公开案件"
    PARTIES_AGREE = "parties_agree", "当事人各方同意适用简易程序"


class ReconOutcome(models.TextChoices):
    """How a 复议 case ends (RULES.md §11.C; 行政复议法 第30、33、41、63–74条)."""

    CHANGE = "change", "变更"  # 第63条
    REVOKE = "revoke", "撤销"  # 第64条
    PARTIAL_REVOKE = "partial_revoke", "部分撤销"  # 第64条
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法"  # 第65条
    ORDER_PERFORM = "order_perform", "责令履行"  # 第66条
    CONFIRM_VOID = "confirm_void", "确认无效"  # 第67条
    UPHOLD = "uphold", "维持"  # 第68条
    REJECT_REQUEST = "reject_request", "驳回复议请求"  # 第69条
    AGREEMENT = "agreement", "行政协议责任"  # 第71条
    COMPENSATION = "compensation", "赔偿"  # 第72条
    MEDIATED = "mediated", "调解结案"  # 第73条 (行政复议调解书)
    SETTLED = "settled", "和解后撤回终止"  # 第74条
    WITHDRAWN = "withdrawn", "申请人撤回终止"  # 第41条
    TERMINATED = "terminated", "其他原因终止"  # 第41条
    NOT_ACCEPTED = "not_accepted", "不予受理"  # 第30条
    DISMISSED = "dismissed", "驳回申请"  # 第33条
    ABANDONED = "abandoned", "逾期未补正视为放弃"  # 第31条


RO = ReconOutcome
# 纠错决定 (RULES.md §4 "How 纠错率 and 调撤率 are computed"): 撤销, 变更, 确认违法, 责令履行, 确认无效.
RECON_CORRECTIONS = frozenset(
    {RO.CHANGE, RO.REVOKE, RO.PARTIAL_REVOKE, RO.CONFIRM_ILLEGAL, RO.ORDER_PERFORM, RO.CONFIRM_VOID}
)
# Cases closed by a decision on the merits (第63–72条): the denominator of 纠错率 in national practice.
RECON_DECISIONS = RECON_CORRECTIONS | {RO.UPHOLD, RO.REJECT_REQUEST, RO.AGREEMENT, RO.COMPENSATION}
# 调撤: 调解, 和解, 撤回 (RULES.md §11.D 复议调撤率).
RECON_MEDIATED_OR_WITHDRAWN = frozenset({RO.MEDIATED, RO.SETTLED, RO.WITHDRAWN})
# Closed without admission: not 审结.
RECON_NOT_ADMITTED = frozenset({RO.NOT_ACCEPTED, RO.ABANDONED})
# 审结: every ending after admission.
RECON_CONCLUDED = frozenset(set(RO) - RECON_NOT_ADMITTED)
# 立案前化解: the applicant withdraws, or settles and withdraws, before admission (第41、74条).
RECON_EARLY_ENDINGS = frozenset({RO.WITHDRAWN, RO.SETTLED})
# Outcomes that may end a case still in admission review (受理审查中/补正中).
RECON_PRE_ADMISSION = RECON_NOT_ADMITTED | RECON_EARLY_ENDINGS
# Outcomes that may end an accepted case (结案): every ending but 不予受理 and 视为放弃.
RECON_CLOSE_OUTCOMES = frozenset(set(RO) - (RECON_PRE_ADMISSION - RECON_EARLY_ENDINGS))


class SuspensionReason(models.IntegerChoices):
    """The grounds of 中止 (行政复议法 第39条第一款 (一)–(十))."""

    DEATH = 1, "（一）申请人死亡，近亲属尚未确定是否参加"
    INCAPACITY = 2, "（二）申请人丧失行为能力，尚未确定法定代理人"
    MISSING = 3, "（三）申请人下落不明"
    ORG_ENDED = 4, "（四）申请人终止，尚未确定权利义务承受人"
    FORCE_MAJEURE = 5, "（五）因不可抗力或其他正当理由不能参加"
    MEDIATION = 6, "（六）调解、和解，双方同意中止"
    INTERPRETATION = 7, "（七）法律适用问题需有权机关解释或确认"
    OTHER_CASE = 8, "（八）须以其他案件的审理结果为依据"
    DOCUMENT_REVIEW = 9, "（九）有第五十六条、第五十七条规定的情形"
    OTHER = 10, "（十）需要中止的其他情形"


# 第41条: a 中止 on grounds (一)(二)(四) that lasts 60 days ends the case.
SUSPENSION_TERMINATES_AFTER_60_DAYS = frozenset(
    {SuspensionReason.DEATH, SuspensionReason.INCAPACITY, SuspensionReason.ORG_ENDED}
)


class HeadAttendance(models.TextChoices):
    """Whether the head of the 被申请人 attended the hearing (行政复议法 第51条)."""

    NOT_APPLICABLE = "", "未听证"
    ATTENDED = "attended", "负责人参加"
    EXCUSED = "excused", "说明理由并委托工作人员参加"
    ABSENT = "absent", "未参加"


# ---------------------------------------------------------------------------------------------
# 行政诉讼 (行政诉讼法 2017)


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class LawsuitStatus(models.TextChoices):
    FILED = "filed", "已立案"
    ANSWERING = "answering", "应诉答辩中"
    TRIAL = "trial", "审理中"
    DECIDED = "decided", "已裁判（上诉期内）"
    CLOSED = "closed", "已结案"


class LawsuitOutcome(models.TextChoices):
    """How a 诉讼 case ends (RULES.md §5 and §11.C; 行政诉讼法 第62、69–78条)."""

    REVOKE = "revoke", "判决撤销"  # 第70条
    PARTIAL_REVOKE = "partial_revoke", "判决部分撤销"  # 第70条
    PERFORM = "perform", "判决履行法定职责"  # 第72条
    PAYMENT = "payment", "判决给付"  # 第73条
    CONFIRM_ILLEGAL = "confirm_illegal", "判决确认违法"  # 第74条
    CONFIRM_VOID = "confirm_void", "判决确认无效"  # 第75条
    CHANGE = "change", "判决变更"  # 第77条
    AGREEMENT = "agreement", "判决承担行政协议责任"  # 第78条
    COMPENSATION = "compensation", "判决赔偿或补救"  # 第76条
    REJECT_CLAIM = "reject_claim", "判决驳回诉讼请求"  # 第69条
    DISMISS_SUIT = "dismiss_suit", "裁定驳回起诉"
    WITHDRAWN = "withdrawn", "撤诉"  # 第62条
    MEDIATED = "mediated", "调解"  # 第60条
    TRANSFERRED = "transferred", "移送"
    ENDED = "ended", "终结"


LO = LawsuitOutcome
# 败诉: judgments for the plaintiff (RULES.md §5 "Common indicator definitions").
LAWSUIT_LOSSES = frozenset(
    {
        LO.REVOKE,
        LO.PARTIAL_REVOKE,
        LO.PERFORM,
        LO.PAYMENT,
        LO.CONFIRM_ILLEGAL,
        LO.CONFIRM_VOID,
        LO.CHANGE,
        LO.AGREEMENT,
        LO.COMPENSATION,
    }
)
LAWSUIT_JUDGMENTS = LAWSUIT_LOSSES | {LO.REJECT_CLAIM}
# Endings by ruling (裁定): the appeal period is 10 days instead of 15 (第85条).
LAWSUIT_RULINGS = frozenset({LO.DISMISS_SUIT, LO.TRANSFERRED, LO.ENDED, LO.WITHDRAWN})
LAWSUIT_MEDIATED_OR_WITHDRAWN = frozenset({LO.MEDIATED, LO.WITHDRAWN})


class HeadRank(models.TextChoices):
    """Who appeared for the defendant, and whether that person counts as its 负责人
    (最高法《关于行政机关负责人出庭应诉若干问题的规定》2020 第2条)."""

    PRINCIPAL = "principal", "正职负责人"
    DEPUTY = "deputy", "副职负责人"
    IN_CHARGE = "in_charge", "分管该行为的副职级领导"
    OTHER_IN_CHARGE = "other_in_charge", "其他参与分管的负责人"
    GOVERNMENT_LEADER = "government_leader", "本级人民政府负责人"
    ENTRUSTED_HEAD = "entrusted_head", "受委托组织的负责人"
    LOWER_AGENCY_HEAD = "lower_agency_head", "下级行政机关的负责人"
    STAFF = "staff", "工作人员"
    LAWYER_ONLY = "lawyer_only", "仅委托律师"


# 第2条: the heads of an entrusted organisation or a lower-level agency do not count.
QUALIFYING_HEAD_RANKS = frozenset(
    {
        HeadRank.PRINCIPAL,
        HeadRank.DEPUTY,
        HeadRank.IN_CHARGE,
        HeadRank.OTHER_IN_CHARGE,
        HeadRank.GOVERNMENT_LEADER,
    }
)


class RiskLevel(models.TextChoices):
    HIGH = "high", "高败诉风险"
    NONE = "", "—"


class ProgressKind(models.TextChoices):
    MEETING = "meeting", "研商会议"
    MEASURE = "measure", "化解措施"
    NOTICE = "notice", "风险提示函"
    OUTCOME = "outcome", "化解结果"
    NOTE = "note", "其他"
