"""The statutory periods of 行政复议 and 行政诉讼, declared once with their sources.

RULES.md §4, §5 and §11.A. In 行政复议法 only the 三日/五日/七日/十日 periods are working days
(第88条); every other period is calendar days counted with roll-forward (RULES.md §9, §11.B).
`deadlines.py` registers the inbox provider over these; the services compute the due dates.
"""

from __future__ import annotations

from fazhi.core.deadlines import DeadlineRule, PeriodUnit, register_rule

WD = PeriodUnit.WORKING_DAYS
CD = PeriodUnit.CALENDAR_DAYS
MONTHS = PeriodUnit.MONTHS


def _rule(
    key: str, name: str, event: str, count: int, unit: PeriodUnit, basis: str, **kw: bool
) -> DeadlineRule:
    return register_rule(DeadlineRule(f"disputes.{key}", name, event, count, unit, basis, **kw))


# 行政复议 -----------------------------------------------------------------------------------
ADMISSION = _rule(
    "recon.admission", "受理审查", "收到复议申请（或补正材料）", 5, WD, "行政复议法 第30条"
)
CORRECTION_REQUEST = _rule(
    "recon.correction_request", "通知补正", "收到复议申请", 5, WD, "行政复议法 第31条"
)
CORRECTION_SUPPLY = _rule(
    "recon.correction_supply", "申请人补正", "收到补正通知", 10, WD, "行政复议法 第31条"
)
COPY_NORMAL = _rule(
    "recon.copy_normal", "发送申请书副本（普通程序）", "受理", 7, WD, "行政复议法 第48条"
)
COPY_SIMPLE = _rule(
    "recon.copy_simple", "发送申请书副本（简易程序）", "受理", 3, WD, "行政复议法 第54条"
)
REPLY_NORMAL = _rule(
    "recon.reply_normal", "被申请人答复（普通程序）", "收到申请书副本", 10, WD, "行政复议法 第48条"
)
REPLY_SIMPLE = _rule(
    "recon.reply_simple", "被申请人答复（简易程序）", "收到申请书副本", 5, WD, "行政复议法 第54条"
)
DECISION_NORMAL = _rule(
    "recon.decision_normal", "作出复议决定（普通程序）", "受理", 60, CD, "行政复议法 第62条"
)
DECISION_SIMPLE = _rule(
    "recon.decision_simple", "作出复议决定（简易程序）", "受理", 30, CD, "行政复议法 第62条"
)
# The quick lane for small fines is a local practice, not a statute: its count is configurable.
QUICK_FINE = _rule(
    "recon.quick_fine",
    "小额罚款快速通关",
    "受理",
    5,
    WD,
    "地方“小额罚款案件快速通关”做法（各地期限不一，默认 5 个工作日，可在期限规则中调整）",
    unconfirmed=True,
)
SUSPENSION_END = _rule(
    "recon.suspension_end", "中止满 60 日终止", "中止", 60, CD, "行政复议法 第41条"
)
EXTENSION_MAX_DAYS = (
    30  # 第62条: one extension of at most 30 days, approved by the 复议机构's head.
)

# 行政诉讼 -----------------------------------------------------------------------------------
ANSWER = _rule("lawsuit.answer", "提交答辩状及证据", "收到起诉状副本", 15, CD, "行政诉讼法 第67条")
HEARING_NOTICE_MIN_DAYS = 3  # 最高法《关于行政机关负责人出庭应诉若干问题的规定》第5条
APPEAL_JUDGMENT = _rule(
    "lawsuit.appeal_judgment", "对判决提起上诉", "判决书送达", 15, CD, "行政诉讼法 第85条"
)
APPEAL_RULING = _rule(
    "lawsuit.appeal_ruling", "对裁定提起上诉", "裁定书送达", 10, CD, "行政诉讼法 第85条"
)
FIRST_INSTANCE = _rule("lawsuit.first_instance", "一审审限", "立案", 6, MONTHS, "行政诉讼法 第81条")
SIMPLE_INSTANCE = _rule(
    "lawsuit.simple_instance", "简易程序审限", "立案", 45, CD, "行政诉讼法 第83条"
)
SECOND_INSTANCE = _rule(
    "lawsuit.second_instance", "二审审限", "立案", 3, MONTHS, "行政诉讼法 第88条"
)
