"""The one transition runner of the decision workflow, and the checks every service shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import (
    audited_create,
    record_timeline,
    table_transition,
    versioned_update,
)
from fazhi.decisions import guards, policies
from fazhi.decisions.models import Decision, DecisionEvent
from fazhi.decisions.workflow import RECORDS, TRANSITIONS, Action, Record, Stage, Status

R = TypeVar("R", bound=models.Model)


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
    """The action's row of TRANSITIONS as a conditional UPDATE with its timeline line (naming
    the stage) and audit line; 0 rows changed means someone else moved first.

    Call inside the service's transaction.
    """
    return table_transition(
        decision,
        action,
        TRANSITIONS[action],
        timeline=DecisionEvent(decision=decision, stage=stage or ""),
        expected_version=expected_version,
        changes=changes,
        actor=actor,
        note=note,
    )


def record_event(
    decision: Decision, label: str, actor: Any, *, stage: Stage | None = None, note: str = ""
) -> None:
    """A timeline line for a change that keeps the status (a record, a completion, a file)."""
    event = DecisionEvent(
        decision=decision, action="record", action_label=label[:30], note=note, stage=stage or ""
    )
    record_timeline(event, actor=actor, from_status=decision.status, to_status=decision.status)


def update_recorded(
    decision: Decision,
    *,
    expected_version: int,
    changes: dict[str, Any],
    actor: Any,
    where: str,
    stage: Stage | None = None,
    note: str = "",
) -> Decision:
    """A change that keeps the status: the versioned, audited update ("where：title") and its
    line on the decision's timeline, in one transaction."""
    with transaction.atomic():
        decision = versioned_update(
            decision,
            expected_version=expected_version,
            changes=changes,
            actor=actor,
            message=f"{where}：{decision.title}",
        )
        record_event(decision, where, actor, stage=stage, note=note)
    return decision


def add_stage_record(
    model: type[R],
    *,
    decision: Decision,
    actor: Any,
    where: str,
    stage: Stage,
    note: str | Callable[[R], str],
    **fields: Any,
) -> R:
    """One record of a stage (a consultation, a hearing, an opinion...), created with its audit
    line and recorded by `actor`, and its line on the decision's timeline, in one transaction."""
    with transaction.atomic():
        record = audited_create(
            model,
            actor=actor,
            message=f"{where}：{decision.title}",
            decision=decision,
            recorded_by=actor,
            **fields,
        )
        shown = note if isinstance(note, str) else note(record)
        record_event(decision, where, actor, stage=stage, note=shown)
    return record


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
