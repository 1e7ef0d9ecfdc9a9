"""Deadline rules of 合法性审查 and 规范性文件备案, and their 待办与预警 providers.

Only 重大行政决策's period is statutory. The others come from local practice or from sources
RULES.md marks UNCONFIRMED; they are declared `unconfirmed`, so a county can set the locally
confirmed count in the config admin (期限规则调整), and each catalog entry may set its own time
limit within the bounds below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from fazhi.core import calendar, inbox
from fazhi.core.deadlines import (
    DeadlineRule,
    DueItem,
    PeriodUnit,
    due_item,
    effective_count,
    register_rule,
)
from fazhi.core.permissions import Perm, has_perm
from fazhi.review.models import (
    DocStatus,
    Filing,
    MatterType,
    NormativeDocument,
    ReviewMatter,
)
from fazhi.review.workflow import REVIEWER_TURN, Status

WD, CD, MONTHS = PeriodUnit.WORKING_DAYS, PeriodUnit.CALENDAR_DAYS, PeriodUnit.MONTHS
LOCAL = "地方实践默认值（未见法定依据，待核实），请按本地规定调整"


def _rule(
    key: str,
    name: str,
    event: str,
    count: int,
    unit: PeriodUnit,
    basis: str,
    *,
    unconfirmed: bool = True,
) -> DeadlineRule:
    return register_rule(
        DeadlineRule(
            key=f"review.{key}",
            name=name,
            event=event,
            count=count,
            unit=unit,
            basis=basis,
            unconfirmed=unconfirmed,
        )
    )


RECEIVED = "收到完整送审材料"
# 国办发〔2018〕115号: 审核时间一般不少于 5 个工作日，最长不超过 15 个工作日 (RULES.md §7, §11.A:
# UNCONFIRMED, not seen in the text). The deadline is the upper bound.
NORMATIVE = _rule(
    "normative",
    "规范性文件合法性审核",
    RECEIVED,
    15,
    WD,
    "国办发〔2018〕115号：一般不少于5个、最长不超过15个工作日（待核实）",
)
# 重大行政决策程序暂行条例 第26条: 审查时间一般不少于 7 个工作日 (statute; RULES.md §3).
DECISION = _rule(
    "decision",
    "重大行政决策合法性审查",
    RECEIVED,
    7,
    WD,
    "重大行政决策程序暂行条例 第26条：一般不少于7个工作日",
    unconfirmed=False,
)
ENFORCEMENT = _rule("enforcement", "重大执法决定法制审核", RECEIVED, 5, WD, LOCAL)
CONTRACT = _rule("contract", "行政协议（合同）合法性审查", RECEIVED, 5, WD, LOCAL)
MEETING = _rule("meeting", "会议议题合法性审查", RECEIVED, 5, WD, LOCAL)
OTHER = _rule("other", "其他涉法事务合法性审查", RECEIVED, 5, WD, LOCAL)
VILLAGE = _rule("village", "村级涉法事务合法性审查", RECEIVED, 5, WD, LOCAL)
SUPPLEMENT = _rule("supplement", "补正送审材料", "退回补正", 5, WD, LOCAL)
FEEDBACK = _rule("feedback", "采纳情况反馈", "审查意见书签发", 10, WD, LOCAL)
CONTRACT_RECTIFY = _rule("contract_rectify", "问题合同整改", "审查意见书签发", 30, CD, LOCAL)
# 备案: "公布之日起30日内" is the common local rule; for Zhejiang's 规范性文件 it is UNCONFIRMED
# (RULES.md §7: the national 法规规章备案条例's 30 days is for 规章).
FILING = _rule(
    "filing",
    "规范性文件报送备案",
    "文件公布",
    30,
    CD,
    "地方规范性文件备案规定：公布之日起30日内报送备案（浙江规定待核实）",
)
# 有效期届满前 6 个月组织评估 (山东 practice, RULES.md §7; Zhejiang UNCONFIRMED).
EXPIRY_NOTICE = _rule(
    "expiry_notice",
    "有效期届满评估提醒",
    "有效期届满前",
    6,
    MONTHS,
    "有效期届满前6个月组织评估（参照外省做法，浙江规定待核实）",
)

TYPE_RULES: dict[str, DeadlineRule] = {
    MatterType.NORMATIVE: NORMATIVE,
    MatterType.DECISION: DECISION,
    MatterType.ENFORCEMENT: ENFORCEMENT,
    MatterType.CONTRACT: CONTRACT,
    MatterType.MEETING: MEETING,
    MatterType.OTHER: OTHER,
    MatterType.VILLAGE: VILLAGE,
}

# Bounds a catalog entry's own time limit must keep: (lowest, highest or None, source).
LIMIT_BOUNDS: dict[str, tuple[int, int | None, str]] = {
    MatterType.NORMATIVE: (5, 15, "国办发〔2018〕115号（待核实）：不少于5个、最长15个工作日"),
    MatterType.DECISION: (7, None, "重大行政决策程序暂行条例 第26条：不少于7个工作日"),
}
DEFAULT_BOUNDS = (1, 60, "本地设定：1 至 60 个工作日")


def type_rule(matter_type: str) -> DeadlineRule:
    return TYPE_RULES[MatterType(matter_type)]


def default_limit(matter_type: str) -> int:
    """The working days a matter of this type gets when its catalog entry sets none."""
    return effective_count(type_rule(matter_type))


def limit_rule(matter_type: str, days: int) -> DeadlineRule:
    """The type's rule with the count a matter was given (its catalog entry's, or the default)."""
    base = type_rule(matter_type)
    return replace(base, key=f"{base.key}.local", count=days, unconfirmed=False)


# --- 待办与预警 ------------------------------------------------------------------------------

MODULE = "合法性审查"
FILING_MODULE = "规范性文件"


def matter_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """Reviewers: matters waiting for acceptance, review or sign-off (the review deadline).
    Submitting units: their own matters returned for 补正 or waiting for adoption feedback."""
    if has_perm(user, Perm.REVIEW_LEGALITY):
        yield from _reviewer_items(user, today)
    if has_perm(user, Perm.EDIT_BUSINESS) and getattr(user, "unit_id", None):
        yield from _submitter_items(user, today)


# The review clock runs while the reviewing unit holds the matter; 补正 stops it (it restarts on
# resubmission), and after sign-off the period is met or missed for good.
CLOCK_STOPPED = frozenset({Status.DRAFT, Status.RETURNED, Status.WITHDRAWN})


def review_due_item(
    matter: ReviewMatter,
    today: dt.date,
    *,
    module: str = "",
    title: str = "",
    unit_name: str = "",
    url: str = "",
) -> DueItem | None:
    """The matter's review period: its stored due date, or its rule from the submission day;
    done once signed. None while the clock does not run (not submitted, 补正, withdrawn)."""
    if matter.submitted_on is None or matter.status in CLOCK_STOPPED:
        return None
    return due_item(
        module=module,
        title=title,
        unit_name=unit_name,
        today=today,
        url=url,
        due=matter.due_on,
        rule=limit_rule(matter.matter_type, matter.time_limit or 0),
        start=matter.submitted_on,
        done=matter.signed_on is not None,
    )


def _reviewer_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    matters = (
        ReviewMatter.objects.visible_to(user)
        .filter(status__in=REVIEWER_TURN)
        .select_related("unit")
        .only(
            "pk",
            "title",
            "status",
            "matter_type",
            "time_limit",
            "submitted_on",
            "due_on",
            "signed_on",
            "created_at",
            "unit__name",
        )
    )
    for matter in matters:
        item = review_due_item(
            matter,
            today,
            module=MODULE,
            title=f"{Status(matter.status).label}：{matter.title}",
            unit_name=matter.unit.name,
            url=matter.get_absolute_url(),
        )
        if item is not None:
            yield item


def _submitter_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    matters = (
        ReviewMatter.objects.visible_to(user)
        .filter(unit_id=user.unit_id, status__in=(Status.RETURNED, Status.SIGNED))
        .select_related("unit")
        .only("pk", "title", "status", "returned_on", "signed_on", "created_at", "unit__name")
    )
    for matter in matters:
        returned = matter.status == Status.RETURNED
        yield due_item(
            module=MODULE,
            title=f"{'补正材料' if returned else '反馈采纳情况'}：{matter.title}",
            unit_name=matter.unit.name,
            today=today,
            url=matter.get_absolute_url(),
            rule=SUPPLEMENT if returned else FEEDBACK,
            start=matter.returned_on if returned else matter.signed_on,
        )


def filing_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """Filings not yet made (报备期限), and valid documents within six months of expiry."""
    if not has_perm(user, Perm.EDIT_BUSINESS):
        return
    filings = (
        Filing.objects.visible_to(user)
        .filter(filed_on__isnull=True, document__status=DocStatus.VALID)
        .select_related("document__unit")
    )
    for filing in filings:
        yield due_item(
            module=FILING_MODULE,
            title=f"报送备案：{filing.document.title} → {filing.recipient_name}",
            unit_name=filing.document.unit.name,
            today=today,
            url=filing.document.get_absolute_url(),
            due=filing.due_on,
            rule=FILING,
            start=filing.document.published_on,
        )
    yield from _expiry_items(user, today)


def expiry_horizon(today: dt.date) -> dt.date:
    """Documents expiring on or before this date are due for evaluation (6 months ahead)."""
    return calendar.shift_months(today, effective_count(EXPIRY_NOTICE))


def _expiry_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    documents = NormativeDocument.objects.expiring(today).visible_to(user).select_related("unit")
    for document in documents:
        yield due_item(
            module=FILING_MODULE,
            title=f"有效期届满评估：{document.title}（{document.doc_number}）",
            unit_name=document.unit.name,
            today=today,
            url=document.get_absolute_url(),
            due=document.expires_on,
        )


inbox.register(MODULE, matter_items)
inbox.register(FILING_MODULE, filing_items)
