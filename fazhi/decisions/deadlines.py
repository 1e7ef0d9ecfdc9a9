"""Periods of the 重大行政决策 procedure, and the 待办与预警 of stages behind their plan.

The statutory periods (RULES.md §11.A) are declared once here; the 合法性审查 reserve of
7 工作日 is the review module's rule (`fazhi.review.deadlines.DECISION`, 条例 第26条), used by
the meeting's guard. A stage's planned month (细化完成时间) comes from the catalog item; a stage
not done by the end of its month is late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from fazhi.core import inbox
from fazhi.core.deadlines import DeadlineRule, DueItem, PeriodUnit, due_item, register_rule
from fazhi.core.permissions import Perm, has_perm
from fazhi.decisions import progress
from fazhi.decisions.models import Decision
from fazhi.decisions.workflow import OPEN, PLANNED_STAGES
from fazhi.review.deadlines import DECISION as LEGALITY_RESERVE

__all__ = ["CONSULTATION", "HEARING_NOTICE", "LEGALITY_RESERVE", "MODULE", "decision_items"]

# 条例 第15条: 公开征求意见的期限一般不少于30日; shorter only with the reason stated.
CONSULTATION = register_rule(
    DeadlineRule(
        key="decisions.consultation",
        name="公开征求意见期限",
        event="公开征求意见开始",
        count=30,
        unit=PeriodUnit.CALENDAR_DAYS,
        basis="重大行政决策程序暂行条例 第15条：一般不少于30日",
    )
)
# 条例 第16条 (RULES.md §3): hearing materials reach the participants at least 7 days before.
HEARING_NOTICE = register_rule(
    DeadlineRule(
        key="decisions.hearing_notice",
        name="听证材料送达",
        event="听证材料送达参加人",
        count=7,
        unit=PeriodUnit.CALENDAR_DAYS,
        basis="重大行政决策程序暂行条例 第16条：听证会材料应当于召开7日前送达",
    )
)

MODULE = "重大行政决策"
HORIZON_DAYS = 31  # a stage enters the inbox from a month before its planned month ends


def decision_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """Open decisions the user may work on whose next planned stage is due within a month or
    late: the planned month's last day is the due date."""
    if not has_perm(user, Perm.EDIT_BUSINESS):
        return
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    soon = Q()
    for field in PLANNED_STAGES.values():
        soon |= Q(**{f"{field}__lte": horizon})
    decisions = (
        Decision.objects.visible_to(user)
        .filter(soon, status__in=OPEN)
        .select_related("host_unit", "review_matter", "catalog")
    )
    for decision in decisions:
        found = progress.next_planned(decision)
        if found is None or found[1] > horizon:
            continue
        stage, planned = found
        yield due_item(
            module=MODULE,
            title=f"{stage.label}（计划{progress.month_label(planned)}）：{decision.title}",
            unit_name=decision.host_unit.name,
            today=today,
            url=decision.get_absolute_url(),
            due=planned,
        )


inbox.register(MODULE, decision_items)
