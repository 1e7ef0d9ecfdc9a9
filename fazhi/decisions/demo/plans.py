"""Planning one demo decision: the dates its procedure would reach each stage on, kept to the
rules the guards enforce (30 日 consultation, hearing materials 7 日 ahead, 7 工作日 for the
review, dates in order), the planned months they came from, and where today cuts the story.

A few decisions carry a problem a guard caught: an expert who declared an interest, a risk
found uncontrollable, a draft the review found unlawful. Before today's year the problem was
put right (the timeline says so); in the current year some are still stuck on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from random import Random
from typing import Any

from fazhi.core.calendar import add_working_days
from fazhi.core.deadlines import due_date
from fazhi.decisions.deadlines import CONSULTATION, HEARING_NOTICE
from fazhi.decisions.demo.texts import Kind
from fazhi.decisions.progress import month_end
from fazhi.decisions.workflow import Stage, Status

DAY = dt.timedelta(days=1)
PROBLEMS = ("interest", "risk", "illegal")


@dataclass
class Plan:
    """Everything the writer needs for one decision and its records."""

    year: int
    seq: int
    kind: Kind
    title: str
    host: Any
    origin: str = "catalog"
    listed_on: dt.date | None = None
    plans: dict[Stage, dt.date] = field(default_factory=dict)
    done: dict[Stage, dt.date] = field(default_factory=dict)
    status: str = Status.PLANNED
    problem: str = ""  # one of PROBLEMS
    stuck: bool = False  # the problem is not yet put right
    shortened: bool = False
    exploratory: bool = False
    evaluated: dt.date | None = None
    withdrawn_on: dt.date | None = None
    details: dict[str, dt.date] = field(default_factory=dict)  # dates of the records

    def needs(self, stage: Stage) -> bool:
        return {
            Stage.PARTICIPATION: True,
            Stage.HEARING: self.kind.hearing,
            Stage.EXPERT: self.kind.expert,
            Stage.RISK: self.kind.risk,
        }.get(stage, True)


def chain(
    plan: Plan, launch: dt.date, rng: Random, delay: int, limit: dt.date = dt.date.max
) -> dict[Stage, dt.date]:
    """The day each stage is done when launched on `launch`, `delay` days lost on the way; the
    story stops at `limit` (today: later stages have not happened, nor may the calendar know
    their year)."""
    days: dict[Stage, dt.date] = {Stage.LAUNCH: launch}
    start = launch + dt.timedelta(days=7)
    if start > limit:
        return days
    shortened = start + dt.timedelta(days=20)  # a shortened call states its reason (第15条)
    end = shortened if plan.shortened else due_date(CONSULTATION, start)
    plan.details.update(consult_start=start, consult_end=end)
    days[Stage.PARTICIPATION] = end + dt.timedelta(days=3)
    if plan.needs(Stage.HEARING):
        sent = start + dt.timedelta(days=5)
        held = max(end - dt.timedelta(days=4), due_date(HEARING_NOTICE, sent))
        plan.details.update(announced=start + dt.timedelta(days=2), sent=sent, held=held)
        days[Stage.HEARING] = held + dt.timedelta(days=2)
    for stage, offset in ((Stage.EXPERT, 45), (Stage.RISK, 50)):
        if plan.needs(stage):
            days[stage] = launch + dt.timedelta(days=offset + delay)
    submitted = max(days.values()) + dt.timedelta(days=5)
    if submitted > limit:
        return days
    plan.details["submitted"] = submitted
    return _decided(days, submitted, rng, delay, limit)


def _decided(
    days: dict[Stage, dt.date], submitted: dt.date, rng: Random, delay: int, limit: dt.date
) -> dict[Stage, dt.date]:
    """From the review on: 7 工作日 at least before the meeting (条例 第26条)."""
    days[Stage.LEGALITY] = add_working_days(submitted, rng.randint(5, 10))
    earliest = max(add_working_days(submitted, 7), days[Stage.LEGALITY])
    days[Stage.MEETING] = earliest + dt.timedelta(days=rng.randint(2, 12) + delay // 2)
    days[Stage.PARTY] = days[Stage.MEETING] + dt.timedelta(days=rng.randint(3, 8))
    days[Stage.PUBLICATION] = days[Stage.PARTY] + dt.timedelta(days=rng.randint(3, 12))
    days[Stage.EXECUTION] = days[Stage.PUBLICATION] + dt.timedelta(days=rng.randint(1, 10))
    return days


PLANNED = (
    Stage.LAUNCH,
    Stage.PARTICIPATION,
    Stage.EXPERT,
    Stage.RISK,
    Stage.LEGALITY,
    Stage.MEETING,
    Stage.PUBLICATION,
)


def plan_decision(plan: Plan, rng: Random, earliest: dt.date, today: dt.date) -> Plan:
    """Plan the months from an on-time run, then run it with the delays practice brings."""
    month = rng.randint(max(3, earliest.month), 7)
    intended = max(dt.date(plan.year, month, rng.randint(3, 25)), earliest + DAY)
    ideal = chain(plan, intended, rng, 0)
    slack = dt.timedelta(days=20)  # units plan each stage with some room
    plan.plans = {s: _month(d + slack) for s, d in ideal.items() if s in PLANNED}
    late, idle = rng.random() < 0.3, rng.random() < 0.08  # idle: not started for months
    slip = rng.randint(150, 250) if idle else rng.randint(20, 60) if late else rng.randint(0, 10)
    launch = intended + dt.timedelta(days=slip)
    plan.details = {}
    actual = chain(plan, launch, rng, rng.randint(10, 70) if late else 0, today)
    plan.done = {s: d for s, d in actual.items() if d <= today}
    plan.status = _status(plan)
    return plan


def _month(day: dt.date) -> dt.date:
    return month_end(day.year, day.month)


def _status(plan: Plan) -> str:
    done = plan.done
    for stage, status in (
        (Stage.EXECUTION, Status.EXECUTING),
        (Stage.PUBLICATION, Status.PUBLISHED),
        (Stage.PARTY, Status.REPORTED),
        (Stage.MEETING, Status.DECIDED),
        (Stage.LAUNCH, Status.DRAFTING),
    ):
        if stage in done:
            return status
    return Status.PLANNED


def make_stuck(plan: Plan, problem: str) -> Plan:
    """Stop the decision at the stage a guard holds it on (it stays 拟订中)."""
    stage = {"interest": Stage.EXPERT, "risk": Stage.RISK, "illegal": Stage.LEGALITY}[problem]
    order = list(Stage)
    plan.problem, plan.stuck = problem, True
    for key, held in (("expert_due", Stage.EXPERT), ("risk_due", Stage.RISK)):
        if held in plan.done:
            plan.details[key] = plan.done[held]
    plan.done = {s: d for s, d in plan.done.items() if order.index(s) < order.index(stage)}
    if problem == "illegal":
        plan.done.pop(Stage.LEGALITY, None)
    else:  # held before the review: the draft was never sent
        plan.details.pop("submitted", None)
    plan.status = Status.DRAFTING
    return plan


def blockable(plan: Plan, problem: str, today: dt.date) -> bool:
    """Whether the decision reached the stage `problem` would stop it at."""
    if problem == "illegal":
        return plan.details.get("submitted", dt.date.max) <= today - dt.timedelta(days=20)
    stage = Stage.EXPERT if problem == "interest" else Stage.RISK
    return plan.needs(stage) and stage in plan.done
