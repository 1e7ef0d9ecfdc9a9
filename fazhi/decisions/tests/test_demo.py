"""The 重大行政决策 demo step: three years of catalogs at real scale, every record consistent
with the guards, a few decisions held by one."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import demo as core_demo
from fazhi.decisions import guards, progress
from fazhi.decisions.demo import STEP_NAME
from fazhi.decisions.models import Decision, DecisionCatalog, Origin
from fazhi.decisions.workflow import DECIDED_OR_LATER, OPTIONAL_STAGES, Stage, Status

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def _run():
    ctx = core_demo.new_context(TODAY)
    steps = {step.name: step for step in core_demo.demo_steps()}
    core_demo.run_step(ctx, steps["组织机构"])
    return core_demo.run_step(ctx, steps[STEP_NAME]).counts


def test_the_demo_step_makes_three_years_of_consistent_catalogs():
    counts = _run()
    assert sorted(DecisionCatalog.objects.values_list("year", flat=True)) == [2024, 2025, 2026]
    for catalog in DecisionCatalog.objects.all():
        listed = catalog.decisions.filter(origin=Origin.CATALOG).count()
        assert 40 <= listed <= 60, (catalog.year, listed)
        assert catalog.editions.count() == 2 and catalog.adjustments.count() == 4
    assert counts["重大行政决策"] == Decision.objects.count()
    decisions = list(Decision.objects.select_related("review_matter", "catalog"))
    for decision in decisions:
        _consistent(decision)
    statuses = {d.status for d in decisions}
    assert {Status.PLANNED, Status.DRAFTING, Status.EXECUTING, Status.WITHDRAWN} <= statuses


def _consistent(decision: Decision) -> None:
    """A decision past the meeting went through every guard of the meeting."""
    if decision.status not in DECIDED_OR_LATER:
        return
    present = guards.kinds_present(decision)
    assert guards.meeting_problems(decision, present) == [], decision
    for stage in OPTIONAL_STAGES:
        done = progress.done_on(decision, stage)
        assert done is None or done <= decision.decided_on, (decision, stage)
    matter = decision.review_matter
    if matter is not None:
        assert decision.decided_on >= guards.due_date(guards.LEGALITY_RESERVE, matter.submitted_on)


def test_this_years_catalog_has_decisions_a_guard_holds():
    _run()
    held = [
        d
        for d in Decision.objects.filter(catalog__year=2026, status=Status.DRAFTING)
        if any(
            p.startswith(("专家论证：", "风险评估：", "合法性审查：审查结论"))
            for p in guards.completion_problems(d, Stage.EXPERT, set()) * d.needs_expert
            + guards.completion_problems(d, Stage.RISK, set()) * d.needs_risk
            + guards.meeting_problems(d, guards.kinds_present(d))
        )
    ]
    assert len(held) >= 3
