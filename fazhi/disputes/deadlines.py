"""The 待办与预警 items of 行政复议 and 行政诉讼 (rules in `rules.py`).

One query per kind of item, open cases only (filtered in SQL), as the inbox contract asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from fazhi.core import inbox
from fazhi.core.deadlines import DueItem, due_item

from . import rules
from .enums import LawsuitStatus, ReconStatus
from .models import Lawsuit, Reconsideration
from .services import RECON_RUNNING, appeal_rule, reply_rule, stage_rule

RECON_MODULE = "行政复议"
LAWSUIT_MODULE = "行政应诉"


def reconsideration_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """The current stage's due date of every open, not suspended case; and the respondent's
    reply while it is awaited."""
    cases = (
        Reconsideration.objects.visible_to(user)
        .filter(status__in=RECON_RUNNING)
        .select_related("respondent")
        .only(
            "pk",
            "case_number",
            "status",
            "procedure",
            "due_on",
            "copy_sent_on",
            "reply_received_on",
            "received_on",
            "correction_requested_on",
            "correction_supplied_on",
            "accepted_on",
            "respondent__name",
        )
    )
    for case in cases:
        rule, start = stage_rule(case)
        if case.status == ReconStatus.ACCEPTED:
            # The stored date holds the decision period's extras; a date not stored (the
            # calendar lacked a year) falls back to the normal period.
            stage, rule = "作出复议决定", rules.DECISION_NORMAL
        else:
            stage = rule.name
        yield due_item(
            module=RECON_MODULE,
            title=f"{case.case_number}：{stage}",
            unit_name=case.respondent.name,
            today=today,
            due=case.due_on,
            rule=rule,
            start=start,
            url=case.get_absolute_url(),
        )
        if case.copy_sent_on and not case.reply_received_on:
            yield due_item(
                module=RECON_MODULE,
                title=f"{case.case_number}：被申请人书面答复",
                unit_name=case.respondent.name,
                today=today,
                due=None,
                rule=reply_rule(case),
                start=case.copy_sent_on,
                url=case.get_absolute_url(),
            )


def lawsuit_items(user: Any, today: dt.date) -> Iterator[DueItem]:
    """应诉答辩 while the answer is due; 上诉期 while a judgment is not final."""
    cases = (
        Lawsuit.objects.visible_to(user)
        .filter(status__in=[LawsuitStatus.ANSWERING, LawsuitStatus.DECIDED])
        .select_related("defendant")
        .only(
            "pk",
            "case_number",
            "status",
            "answer_due_on",
            "served_on",
            "outcome",
            "complaint_received_on",
            "defendant__name",
        )
    )
    for case in cases:
        if case.status == LawsuitStatus.ANSWERING:
            yield due_item(
                module=LAWSUIT_MODULE,
                title=f"{case.case_number}：提交答辩状及证据",
                unit_name=case.defendant.name,
                today=today,
                due=case.answer_due_on,
                rule=rules.ANSWER,
                start=case.complaint_received_on,
                url=case.get_absolute_url(),
            )
        elif case.served_on:
            yield due_item(
                module=LAWSUIT_MODULE,
                title=f"{case.case_number}：上诉期届满",
                unit_name=case.defendant.name,
                today=today,
                due=None,
                rule=appeal_rule(case),
                start=case.served_on,
                url=case.get_absolute_url(),
            )


inbox.register(RECON_MODULE, reconsideration_items)
inbox.register(LAWSUIT_MODULE, lawsuit_items)
