"""The 重大行政决策 step of `fazhi seed_demo`: three years of 示例县's catalogs (40 to 60 decisions
a year, agreed by the county Party committee and published in March, adjusted in July), each
decision at the stage today reaches, with its records, materials, timeline and 合法性审查 matter;
a few decisions outside the catalog, withdrawn by adjustment, or held by a guard."""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import Any

from fazhi.core.demo import DemoContext, register_demo_step
from fazhi.decisions.demo import plans as planning
from fazhi.decisions.demo import writing
from fazhi.decisions.demo.plans import Plan
from fazhi.decisions.demo.reviews import Reviewing, write_reviews
from fazhi.decisions.demo.texts import EXPERTS, KINDS, Kind
from fazhi.decisions.models import CatalogAdjustment, CatalogEdition, Decision, DecisionCatalog
from fazhi.decisions.workflow import AdjustmentKind, AdjustmentStatus, CatalogStatus, Stage, Status
from fazhi.org.models import UnitKind
from fazhi.review.demo.writing import demo_files
from fazhi.review.models import CatalogEntry, Expert, MatterType
from fazhi.review.services.catalog import create_default_entries

STEP_NAME = "重大行政决策"
MAIN_COUNTY = "990121000000"
YEARS = 3
CHANNEL = "示例县人民政府门户网站"


def seed_decisions(ctx: DemoContext) -> dict[str, int]:
    county = ctx.region(MAIN_COUNTY)
    create_default_entries(county)  # the review module's catalog, if its step has not run
    code6 = county.code[:6]
    government = ctx.unit(f"{code6}-GOV")
    pairs: list[tuple[Plan, Decision]] = []
    for year in ctx.years[-YEARS:]:
        catalog, plans = _catalog(ctx, county, year)
        rng = ctx.rng("decisions", year)
        decisions = [writing.decision_of(p, catalog, government, rng) for p in plans]
        Decision.objects.bulk_create(decisions, batch_size=writing.BATCH)
        pairs += list(zip(plans, decisions, strict=True))
        _adjustments(catalog, plans, decisions)
    matters = write_reviews(pairs, _reviewing(ctx, county, code6), ctx.today)
    counts = writing.records(pairs, _experts(county), ctx.today)
    return {
        "决策事项目录": YEARS,
        "重大行政决策": len(pairs),
        "合法性审查事项（决策）": len(matters),
        **counts,
        "决策过程材料": writing.materials(pairs, demo_files(), ctx.today),
        "办理记录": writing.events(pairs),
    }


def _reviewing(ctx: DemoContext, county: Any, code6: str) -> Reviewing:
    entries = CatalogEntry.objects.filter(region=county, matter_type=MatterType.DECISION)
    return Reviewing(
        centre=ctx.unit(f"{code6}-SFJ"),
        reviewer=ctx.users.get("reviewer"),
        entries={e.level: e for e in entries.order_by("-sort_order")},
        files=demo_files(),
    )


def _experts(county: Any) -> list[tuple[str, str, str, Any]]:
    pool = [(e.name, e.specialty, e.employer, e) for e in Expert.objects.filter(region=county)]
    return pool if len(pool) >= 3 else [(*row, None) for row in EXPERTS]


# --- one year's catalog --------------------------------------------------------------------


def _catalog(ctx: DemoContext, county: Any, year: int) -> tuple[DecisionCatalog, list[Plan]]:
    rng = ctx.rng("catalog", year)
    approved = dt.date(year, 3, rng.randint(2, 8))
    published = approved + dt.timedelta(days=rng.randint(5, 12))
    catalog = DecisionCatalog.objects.create(
        region=county,
        year=year,
        status=CatalogStatus.PUBLISHED,
        approved_on=approved,
        approval_body="中共示例县委常委会",
        approval_ref=f"县委常委会{year}年第{rng.randint(3, 9)}次会议",
        published_on=published,
        channel=CHANNEL,
        edition=1,
    )
    plans = _plans(ctx, county, year, published, rng)
    _problems(plans, year, ctx.today, rng)
    CatalogEdition.objects.create(
        catalog=catalog,
        number=1,
        published_on=published,
        channel=CHANNEL,
        note="年度目录",
        items=_lines([p for p in plans if p.origin == "catalog"]),
    )
    return catalog, plans


def _hosts(ctx: DemoContext, county: Any, kind: Kind, rng: Random) -> tuple[Any, str]:
    code6 = county.code[:6]
    if kind.host != "TOWNSHIP":
        host = ctx.unit(f"{code6}-{kind.host}")
        return host, kind.title.format(county=county.name, year="{year}")
    towns = ctx.units_under(county, UnitKind.TOWNSHIP_GOV)
    host = rng.choice(towns)
    return host, kind.title.format(town=host.short_name or host.name, year="{year}")


def _plans(ctx: DemoContext, county: Any, year: int, published: dt.date, rng: Random) -> list[Plan]:
    count = rng.randint(40, 60)
    kinds = rng.sample(KINDS, min(count, len(KINDS)))
    kinds += [
        rng.choice([k for k in KINDS if k.host == "TOWNSHIP"]) for _ in range(count - len(kinds))
    ]
    plans = []
    for seq, kind in enumerate(kinds, start=1):
        host, title = _hosts(ctx, county, kind, rng)
        plan = Plan(year, seq, kind, title.replace("{year}", str(year)), host, listed_on=published)
        plan.shortened = rng.random() < 0.05
        plans.append(planning.plan_decision(plan, rng, published, ctx.today))
    july = min(dt.date(year, 7, 10), ctx.today - dt.timedelta(days=20))
    for offset, origin in enumerate(("adjustment", "adjustment", "unlisted"), start=1):
        kind = rng.choice(KINDS)
        host, title = _hosts(ctx, county, kind, rng)
        plan = Plan(
            year,
            count + offset,
            kind,
            f"{title.replace('{year}', str(year))}（增补）",
            host,
            origin=origin,
            listed_on=july if origin == "adjustment" else None,
        )
        plans.append(planning.plan_decision(plan, rng, july, ctx.today))
    _withdraw(plans, july, rng)
    return plans


def _withdraw(plans: list[Plan], july: dt.date, rng: Random) -> None:
    """Two lines not started by July leave the catalog through an approved adjustment."""
    idle = [
        p for p in plans if p.origin == "catalog" and p.done.get(Stage.LAUNCH, dt.date.max) > july
    ]
    for plan in rng.sample(idle, min(2, len(idle))):
        plan.done, plan.details, plan.status, plan.withdrawn_on = {}, {}, Status.WITHDRAWN, july


def _problems(plans: list[Plan], year: int, today: dt.date, rng: Random) -> None:
    """Three problems the guards caught each year (still holding the decision this year); one
    exploratory reform matter and some 后评估 in the years before."""
    current = year == today.year
    for problem in planning.PROBLEMS:
        found = [
            p
            for p in plans
            if not p.problem
            and p.status != Status.WITHDRAWN
            and planning.blockable(p, problem, today)
        ]
        if not found:
            continue
        plan = rng.choice(found)
        if current:
            planning.make_stuck(plan, problem)
        else:
            plan.problem = problem
    if current:
        return
    made = [p for p in plans if Stage.MEETING in p.done and not p.problem]
    if made:
        rng.choice(made).exploratory = True
    for plan in plans:
        start = plan.done.get(Stage.EXECUTION)
        if start and start + dt.timedelta(days=240) <= today and rng.random() < 0.12:
            plan.evaluated = start + dt.timedelta(days=240)


def _lines(plans: list[Plan]) -> list[dict[str, Any]]:
    return [{"序号": p.seq, "事项名称": p.title, "承办单位": p.host.name} for p in plans]


def _adjustments(catalog: DecisionCatalog, plans: list[Plan], decisions: list[Decision]) -> None:
    rows, days = [], []
    for plan, decision in zip(plans, decisions, strict=True):
        day = plan.withdrawn_on or (plan.listed_on if plan.origin == "adjustment" else None)
        if day is not None:
            kind = AdjustmentKind.ADD if plan.origin == "adjustment" else AdjustmentKind.REMOVE
            days.append(day)
            rows.append(
                CatalogAdjustment(
                    catalog=catalog,
                    kind=kind,
                    decision=decision,
                    reason="根据县政府工作安排调整",
                    status=AdjustmentStatus.APPROVED,
                    proposed_on=day - dt.timedelta(days=10),
                    approved_on=day,
                    approval_body="县政府常务会议",
                    proposal={"title": plan.title},
                )
            )
    CatalogAdjustment.objects.bulk_create(rows)
    if rows:
        day = max(days) + dt.timedelta(days=7)
        listed = [p for p in plans if p.listed_on and not p.withdrawn_on]
        CatalogEdition.objects.create(
            catalog=catalog,
            number=2,
            published_on=day,
            channel=CHANNEL,
            note="年中目录调整",
            items=_lines(listed),
        )
        DecisionCatalog.objects.filter(pk=catalog.pk).update(edition=2)


register_demo_step(STEP_NAME, 50, seed_decisions)
