"""Where a decision stands, stage by stage: required or not, the planned month, the date done,
and the state the catalog's row of coloured steps shows (on time, late, overdue, current …).

Pure reads of one decision (with its `review_matter` loaded); the queries live in selectors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from fazhi.decisions.models import Decision
from fazhi.decisions.workflow import (
    COMPLETABLE,
    DECIDED_OR_LATER,
    FINISHED,
    OPTIONAL_STAGES,
    PLANNED_STAGES,
    Stage,
    Status,
)
from fazhi.review.models import Conclusion
from fazhi.review.workflow import SIGNED_OR_LATER

PASSING = frozenset({Conclusion.LEGAL, Conclusion.LEGAL_IF_AMENDED})
DONE_FIELDS: dict[Stage, str] = {
    Stage.LAUNCH: "launched_on",
    **COMPLETABLE,
    Stage.MEETING: "decided_on",
    Stage.PARTY: "reported_on",
    Stage.PUBLICATION: "published_on",
    Stage.EXECUTION: "execution_on",
    Stage.EVALUATION: "evaluated_on",
    Stage.ADJUSTMENT: "changed_on",
}
# Stages that apply only when something triggers them (后评估, 调整): shown when they happened.
WHEN_TRIGGERED = frozenset({Stage.EVALUATION, Stage.ADJUSTMENT})


SHORT: dict[Stage, str] = {
    Stage.LAUNCH: "启动",
    Stage.PARTICIPATION: "公参",
    Stage.HEARING: "听证",
    Stage.EXPERT: "论证",
    Stage.RISK: "风评",
    Stage.LEGALITY: "合法",
    Stage.MEETING: "决定",
    Stage.PARTY: "党委",
    Stage.PUBLICATION: "公布",
    Stage.EXECUTION: "执行",
    Stage.EVALUATION: "后评",
    Stage.ADJUSTMENT: "调整",
}


class StepState(models.TextChoices):
    DONE = "done", "按计划完成"
    LATE = "late", "逾期完成"
    OVERDUE = "overdue", "已超计划时间"
    CURRENT = "current", "办理中"
    PENDING = "pending", "未开始"
    SKIPPED = "skipped", "不适用"


def review_passed_on(decision: Decision) -> dt.date | None:
    """The day the 合法性审查 opinion passing the draft was signed; None otherwise."""
    matter = decision.review_matter if decision.review_matter_id else None
    if matter is None or matter.status not in SIGNED_OR_LATER:
        return None
    return matter.signed_on if matter.conclusion in PASSING else None


def done_on(decision: Decision, stage: Stage) -> dt.date | None:
    if stage == Stage.LEGALITY:
        return review_passed_on(decision)
    value: dt.date | None = getattr(decision, DONE_FIELDS[stage])
    return value


def planned_on(decision: Decision, stage: Stage) -> dt.date | None:
    field = PLANNED_STAGES.get(stage)
    if field is None and stage == Stage.HEARING:
        field = PLANNED_STAGES[Stage.PARTICIPATION]  # a hearing is part of 公众参与
    return getattr(decision, field) if field else None


def applies(decision: Decision, stage: Stage) -> bool:
    """Whether `stage` is part of this decision's procedure (as required, or as it happened)."""
    if stage in WHEN_TRIGGERED:
        return done_on(decision, stage) is not None
    if stage in OPTIONAL_STAGES:
        return decision.requires(stage) or done_on(decision, stage) is not None
    return True


@dataclass(frozen=True)
class Step:
    stage: Stage
    applies: bool
    planned: dt.date | None
    done: dt.date | None
    state: StepState

    @property
    def short(self) -> str:
        return SHORT[self.stage]

    @property
    def title(self) -> str:
        """The tooltip: the stage, its plan and what happened."""
        parts = [self.stage.label, self.state.label]
        if self.planned:
            parts.append(f"计划 {month_label(self.planned)}")
        if self.done:
            parts.append(f"完成 {self.done:%Y-%m-%d}")
        return " · ".join(parts)


def steps(decision: Decision, today: dt.date) -> list[Step]:
    """Every stage of the 条例 in order, with its state for this decision."""
    current = current_stage(decision)
    return [_step(decision, stage, today, stage == current) for stage in Stage]


def _step(decision: Decision, stage: Stage, today: dt.date, is_current: bool) -> Step:
    planned, done = planned_on(decision, stage), done_on(decision, stage)
    used = applies(decision, stage)
    if done is not None:
        state = StepState.LATE if planned and done > planned else StepState.DONE
    elif not used or decision.status in FINISHED:
        state = StepState.SKIPPED
    elif planned and planned < today:
        state = StepState.OVERDUE
    else:
        state = StepState.CURRENT if is_current else StepState.PENDING
    return Step(stage, used, planned, done, state)


def current_stage(decision: Decision) -> Stage | None:
    """The first stage still to be done, in the 条例's order (None when nothing is due)."""
    if decision.status in FINISHED:
        return None
    for stage in Stage:
        if stage in WHEN_TRIGGERED or not applies(decision, stage):
            continue
        if stage == Stage.EXECUTION and decision.status not in DECIDED_OR_LATER:
            continue
        if done_on(decision, stage) is None:
            return stage
    return None


def next_planned(decision: Decision) -> tuple[Stage, dt.date] | None:
    """The first required stage not yet done that has a planned month (the inbox's item)."""
    if decision.status in FINISHED or decision.status == Status.EXECUTING:
        return None
    for stage in PLANNED_STAGES:
        planned = planned_on(decision, stage)
        if planned and applies(decision, stage) and done_on(decision, stage) is None:
            return stage, planned
    return None


def month_label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month: a planned month is stored as the day it is due by."""
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)
