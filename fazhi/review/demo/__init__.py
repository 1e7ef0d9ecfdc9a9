"""The 合法性审查 step of `fazhi seed_demo`: three years and the current year to date of review
matters in 示例县 (county departments, townships, villages), their opinions and adoption, the
problem contracts sent to 整改, the 应审事项台账, the 规范性文件 registry with its 备案, and the
county's 专家库 with the matters that consulted it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fazhi.core import calendar
from fazhi.core.demo import DemoContext, register_demo_step
from fazhi.org.models import RegionLevel
from fazhi.review.demo import experts, writing
from fazhi.review.demo import matters as plans
from fazhi.review.demo.registry import seed_documents
from fazhi.review.services.catalog import create_default_entries

STEP_NAME = "合法性审查"
MAIN_COUNTY = "990121000000"


def seed_review(ctx: DemoContext) -> dict[str, int]:
    counties = [r for r in ctx.regions.values() if r.level == RegionLevel.COUNTY]
    for county in counties:
        create_default_entries(county)
    found = plans.lookups(ctx, ctx.region(MAIN_COUNTY))
    pool = experts.seed_pool(found.county)
    planned = [*_plans(ctx, found), *_recent(ctx, found)]
    picked = experts.assign(ctx.rng("experts"), planned, pool)
    files = writing.demo_files()
    matters = writing.write_matters(planned, files)
    expert_opinions = experts.write(matters, picked)
    items = writing.write_rectification(ctx, matters, files)
    ledger = writing.write_ledger(ctx, found, matters)
    documents, filings = seed_documents(ctx, found, matters)
    return {
        "审查事项目录": len(counties),
        "合法性审查事项": len(matters),
        "审查意见": sum(len(p.issues) for p, _m in matters),
        "专家库专家": len(pool),
        "专家论证意见": expert_opinions,
        "整改事项": items,
        "应审事项台账": ledger,
        "行政规范性文件": documents,
        "备案": filings,
    }


def _plans(ctx: DemoContext, found: plans.Lookups) -> Any:
    for index, year in enumerate(ctx.years):
        start, end = ctx.period(year)
        fraction = ((end - start).days + 1) / 365
        rng = ctx.rng("matters", year)
        for (level, key), count in plans.yearly_counts(index, fraction).items():
            for _ in range(count):
                day = ctx.random_date(year, rng)
                plan = plans.plan_matter(rng, found, level, key, day)
                if plan.created <= ctx.today:
                    yield plans.cut_at(plan, ctx.today)


RECENT = 28  # matters submitted in the last four weeks, so that the queue has work today


def _recent(ctx: DemoContext, found: plans.Lookups) -> Any:
    """Matters submitted in the last twenty working days, reviewed at a working pace: some
    wait for acceptance, some are under review or overdue, some wait for feedback."""
    rng = ctx.rng("recent")
    keys = list(plans.VOLUME)
    weights = list(plans.VOLUME.values())
    days = _working_days_back(ctx.today, 20)
    for index in range(RECENT):
        level, key = rng.choices(keys, weights=weights)[0]
        day = days[index] if index < len(days) else rng.choice(days[:4])
        plan = plans.plan_matter(rng, found, level, key, day, slow=True)
        if plan.created <= ctx.today:
            yield plans.cut_at(plan, ctx.today)


def _working_days_back(today: Any, count: int) -> list[Any]:
    found: list[Any] = []
    day = today
    while len(found) < count:
        if calendar.is_working_day(day):
            found.append(day)
        day -= dt.timedelta(days=1)
    return found


register_demo_step(STEP_NAME, 40, seed_review)

# The other counties of 示例市 are a step of their own (order 41).
from fazhi.review.demo import peers  # noqa: E402, F401
