"""采纳反馈: the unit answers every issue (adopted, or not with reasons) and closes the matter.

A matter is closed only when every issue is answered (应审尽审、意见件件有回音); closing enters
the decision in the 应审事项台账 as reviewed. Problem found later? The reviewer may still raise
a 整改事项 from a signed or closed matter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.rectify import services as rectify
from fazhi.rectify.models import RectificationItem
from fazhi.review.models import Adoption, LedgerEntry, ReviewIssue, ReviewMatter
from fazhi.review.services.common import (
    record_event,
    require_action,
    require_edit,
    required_text,
    run_transition,
)
from fazhi.review.services.reviewing import MODULE, PROBLEM_CONTRACT
from fazhi.review.workflow import Action, Edit


def answer_issue(*, issue: ReviewIssue, actor: Any, adopted: bool, reason: str = "") -> ReviewIssue:
    """采纳 or 未采纳 (with its reasons) for one issue of a signed matter."""
    matter = issue.matter
    require_edit(actor, matter, Edit.ANSWER)
    reason = (reason or "").strip()
    if not adopted and not reason:
        raise ApplicationError(f"反馈采纳情况：第{issue.seq}条审查意见未采纳，须说明理由")
    before = audit.snapshot(issue, ["adoption", "reason", "answered_on"])
    with transaction.atomic():
        issue.adoption = Adoption.ADOPTED if adopted else Adoption.NOT_ADOPTED
        issue.reason = "" if adopted else reason
        issue.answered_on = timezone.localdate()
        issue.answered_by = actor
        issue.save(update_fields=["adoption", "reason", "answered_on", "answered_by", "updated_at"])
        record_event(matter, f"反馈第{issue.seq}条意见：{issue.get_adoption_display()}", actor)
        after = audit.snapshot(issue, ["adoption", "reason", "answered_on"])
        audit.record_change(
            actor=actor,
            event=audit.Event.UPDATE,
            obj=issue,
            changes=audit.diff(before, after),
            message=f"反馈采纳情况：{matter.number} 第{issue.seq}条",
        )
    return issue


def close(
    *,
    matter: ReviewMatter,
    actor: Any,
    expected_version: int,
    decided_on: dt.date | None = None,
    feedback_note: str = "",
) -> ReviewMatter:
    """反馈并办结: every issue answered; the decision (signing) date enters the 台账."""
    require_action(actor, matter, Action.CLOSE)
    pending = list(matter.issues.filter(adoption=Adoption.PENDING).values_list("seq", flat=True))
    if pending:
        numbers = "、".join(f"第{seq}条" for seq in pending)
        raise ApplicationError(
            f"反馈并办结：尚有 {len(pending)} 条审查意见未反馈采纳情况（{numbers}），不能办结"
        )
    today = timezone.localdate()
    decided_on = decided_on or today
    _check_decided_on(matter, decided_on, today)
    changes = {"closed_on": today, "decided_on": decided_on, "feedback_note": feedback_note.strip()}
    with transaction.atomic():
        matter = run_transition(
            matter, Action.CLOSE, actor, expected_version=expected_version, changes=changes
        )
        LedgerEntry.objects.create(
            unit=matter.unit,
            level=matter.level,
            matter_type=matter.matter_type,
            title=matter.title,
            decided_on=decided_on,
            matter=matter,
            recorded_by=actor,
        )
    return matter


def _check_decided_on(matter: ReviewMatter, decided_on: dt.date, today: dt.date) -> None:
    # 三不原则 (浙江省行政合法性审查工作规定 第4条): no decision or signing before the review.
    if matter.signed_on and decided_on < matter.signed_on:
        raise ApplicationError(
            f"反馈并办结：决定（签订）日期 {decided_on} 早于审查意见书签发日期 {matter.signed_on}，"
            "未经审查不得决定或签订"
        )
    if decided_on > today:
        raise ApplicationError(f"反馈并办结：决定（签订）日期 {decided_on} 不能晚于今天")


def raise_rectification(
    *, matter: ReviewMatter, actor: Any, title: str, due_on: dt.date | None, description: str = ""
) -> RectificationItem:
    """The reviewer sends a problem found in this matter to the 整改台账."""
    require_edit(actor, matter, Edit.RECTIFY)
    with transaction.atomic():
        item = rectify.raise_item(
            source=matter,
            unit=matter.unit,
            title=required_text(title, "整改事项", Edit.RECTIFY.label),
            due_on=due_on,
            actor=actor,
            module=MODULE,
            category=PROBLEM_CONTRACT if matter.is_contract else "审查发现问题",
            description=description,
            raised_by_unit=matter.review_unit,
        )
        record_event(matter, Edit.RECTIFY.label, actor, note=item.title)
    return item
