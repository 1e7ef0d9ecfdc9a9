"""The one transition runner of the decision workflow, and the checks every service shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import audited_transition
from fazhi.decisions import guards, policies
from fazhi.decisions.models import Decision, DecisionEvent
from fazhi.decisions.workflow import RECORDS, TRANSITIONS, Action, Record, Stage, Status


def require_action(actor: Any, decision: Decision, action: Action) -> None:
    """Refuse an action the decision's status or the actor's side does not allow."""
    transition = TRANSITIONS[action]
    if decision.status not in transition.sources:
        raise ApplicationError(
            f"{action.label}：决策事项“{decision.title}”当前为“{Status(decision.status).label}”，"
            f"不能{action.label}"
        )
    if not policies.can(actor, decision, action):
        raise NotAllowedError(
            f"{action.label}：您不是该决策事项的{transition.side.label}，无权操作"
        )


def require_record(actor: Any, decision: Decision, record: Record, what: str = "") -> None:
    rule = RECORDS[record]
    what = what or record.label
    if decision.status not in rule.statuses:
        allowed = "、".join(Status(s).label for s in rule.statuses)
        raise ApplicationError(
            f"{what}：决策事项当前为“{Status(decision.status).label}”，只能在“{allowed}”时{what}"
        )
    if not policies.can_record(actor, decision, record):
        raise NotAllowedError(f"{what}：您不是该决策事项的{rule.side.label}，无权操作")


def run_transition(
    decision: Decision,
    action: Action,
    actor: Any,
    *,
    expected_version: int,
    changes: dict[str, Any] | None = None,
    note: str = "",
    stage: Stage | None = None,
) -> Decision:
    """Conditional UPDATE (version and status as loaded), the timeline line, the audit line.

    Call inside the service's transaction; 0 rows changed means someone else moved first.
    """
    transition = TRANSITIONS[action]
    return audited_transition(
        decision,
        sources=transition.sources,
        target=transition.target,
        expected_version=expected_version,
        changes=changes or {},
        actor=actor,
        message=f"{action.label}{('：' + note) if note else ''}",
        timeline=DecisionEvent(
            decision=decision,
            action=action.value,
            action_label=action.label,
            note=note,
            stage=stage or "",
        ),
    )


def record_event(
    decision: Decision, label: str, actor: Any, *, stage: Stage | None = None, note: str = ""
) -> None:
    """A timeline line for a change that keeps the status (a record, a completion, a file)."""
    DecisionEvent.objects.create(
        decision=decision,
        action="record",
        action_label=label[:30],
        from_status=decision.status,
        to_status=decision.status,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
        stage=stage or "",
    )


def required_text(value: str | None, what: str, where: str) -> str:
    """The stripped text, or an error naming the field and the form it belongs to."""
    text = (value or "").strip()
    if not text:
        raise ApplicationError(f"{where}：请填写{what}")
    return text


def required_date(
    value: dt.date | None, what: str, where: str, *, not_after_today: bool = True
) -> dt.date:
    """The date, or an error; a date of something that has happened is never in the future."""
    if value is None:
        raise ApplicationError(f"{where}：请填写{what}")
    if not_after_today and value > timezone.localdate():
        raise ApplicationError(f"{where}：{what} {value} 不能晚于今天")
    return value


def not_before(
    value: dt.date, earlier: dt.date | None, what: str, earlier_what: str, where: str
) -> None:
    """Dates out of order are refused: `value` may not precede `earlier` (when known)."""
    if earlier is not None and value < earlier:
        raise ApplicationError(
            f"{where}：{what} {value} 早于{earlier_what} {earlier}，日期顺序不对"
        )


def require_materials(decision: Decision, stage: Stage, where: str) -> None:
    """Refuse a step whose stage lacks a required material."""
    missing = guards.missing_materials(stage, guards.kinds_present(decision))
    if missing:
        raise ApplicationError(f"{where}：请先上传{'、'.join(spec.name for spec in missing)}")
