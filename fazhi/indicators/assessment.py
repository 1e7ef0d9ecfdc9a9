"""Assessment runs (考核测评): every indicator for every subject of a level under a region,
scored, ranked and coloured, with 同比; frozen as a snapshot; compared with live figures.

Subjects by level: townships (乡镇) are the township regions under the run's region, each with
its whole subtree (its villages); departments are the units of kind 部门 under it; counties
(and cities) are the regions of that level under a city or province.

What is computed: with an indicator system, its leaves that name an indicator, scored by
their rules (`fazhi.indicators.scoring`); without one, every indicator (declared or manual)
that has a target for the year and level in the region's tree, each weighing an equal share of
100 points under the COLOUR rule (green full, yellow half, red none). A subject's score is the
sum of its points; ranks are competition ranks (ties share); its colour follows its score as a
share of the total (the system's green and yellow lines, 85% and 60% without a system).

A run stores its rows as computed (`AssessmentSubject`, `AssessmentFigure`). A frozen run's
rows never change: no service writes them again (`recompute_run` and `delete_run` refuse a
frozen run), so a published ranking does not move when records are corrected later;
`compare_with_live` lists where the live figures now differ. All figures come from
`fazhi.indicators.figures.figures_by_subject`: grouped queries per source of records, rolled
up to the subjects, whatever their number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from fazhi.core import audit, bulk
from fazhi.core.exceptions import ApplicationError
from fazhi.indicators import figures, scoring, services, systems
from fazhi.indicators.figures import Figure
from fazhi.indicators.models import (
    AssessmentFigure,
    AssessmentRun,
    AssessmentSubject,
    Colour,
    IndicatorSystem,
    RunStatus,
    ScoringRule,
    SystemItem,
    SystemStatus,
    Target,
    TargetLevel,
)
from fazhi.indicators.output import DASH
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Direction
from fazhi.indicators.scopes import Scope
from fazhi.org.models import LEVEL_ORDER, Region, RegionLevel, Unit, UnitKind

DEFAULT_TOTAL = Decimal(100)
DEFAULT_GREEN_LINE = Decimal(85)
DEFAULT_YELLOW_LINE = Decimal(60)


@dataclass(frozen=True)
class ScoredItem:
    """One scored column of a run: an indicator with its weight and rule."""

    code: str
    weight: Decimal
    rule: str
    params: dict[str, Any]
    item: SystemItem | None = None


@dataclass
class SubjectResult:
    """A subject's computed row: its figures and points per item, score, rank and colour."""

    scope: Scope
    name: str
    figures: list[Figure]
    points: list[Decimal]
    score: Decimal
    rank: int | None = None
    colour: Colour = Colour.GREY
    figure_ranks: list[int | None] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """What a run computes: for whom, which items, over which period, against which lines."""

    region: Region
    level: str
    period: Period
    items: list[ScoredItem]
    subjects: list[Scope]
    total: Decimal
    green_line: Decimal
    yellow_line: Decimal


# --- running ---------------------------------------------------------------------------------


def run_assessment(
    *,
    region: Region,
    year: int,
    level: str,
    system: IndicatorSystem | None = None,
    period_end: dt.date | None = None,
    actor: Any,
    freeze: bool = False,
) -> AssessmentRun:
    """Compute, score, rank and colour every subject of `level` under `region` for `year` (to
    `period_end`, by default the year's end or today) and store the run, frozen when `freeze`.
    One transaction with one audit line; a bad argument stores nothing. `actor` None is the
    command line (the server's operator); a user needs MANAGE_ASSESSMENT over the region."""
    _check_actor(actor, region)
    plan = make_plan(region=region, year=year, level=level, system=system, period_end=period_end)
    results = compute(plan)
    with transaction.atomic():
        run = AssessmentRun.objects.create(
            region=region,
            system=system,
            level=level,
            year=year,
            period_start=plan.period.start,
            period_end=plan.period.end,
            status=RunStatus.FROZEN if freeze else RunStatus.LIVE,
            frozen_at=timezone.now() if freeze else None,
            created_by=actor if getattr(actor, "pk", None) else None,
            title=_title(region, year, level, system),
        )
        store(run, plan, results)
        audit.record_change(
            actor=actor,
            event=audit.Event.CREATE,
            obj=run,
            changes=_summary(run, plan),
            message=f"考核测评：{run.title}" + ("（已冻结）" if freeze else ""),
        )
    return run


def make_plan(
    *,
    region: Region,
    year: int,
    level: str,
    system: IndicatorSystem | None = None,
    period_end: dt.date | None = None,
) -> Plan:
    """Check the arguments and gather what a run computes; ApplicationError in Chinese."""
    period = run_period(year, period_end)
    check_level(region, level, system)
    if system is not None:
        systems.check_system(system)
        items = system_items(system)
        total, lines = system.total_points, (system.green_line, system.yellow_line)
    else:
        items = target_items(region, year, level)
        total, lines = DEFAULT_TOTAL, (DEFAULT_GREEN_LINE, DEFAULT_YELLOW_LINE)
    if not items:
        where = f"指标体系“{system}”没有关联指标的末级项" if system else "没有设定目标的指标"
        raise ApplicationError(
            f"无法考核：{where}（{region.name} {year} 年，{_level_label(level)}）"
        )
    subjects = subjects_of(region, level)
    if not subjects:
        raise ApplicationError(f"无法考核：{region.name}下没有{_level_label(level)}考核对象")
    return Plan(region, level, period, items, subjects, total, *lines)


def run_period(year: int, period_end: dt.date | None) -> Period:
    """The year to `period_end`; by default the whole year, or to today for the current year."""
    if period_end is None:
        return Period.year_to_date(year)
    if period_end.year != year:
        raise ApplicationError(f"统计截止日 {period_end} 不在 {year} 年内")
    if period_end > timezone.localdate():
        raise ApplicationError(f"统计截止日 {period_end} 晚于今天，无法统计")
    return Period(dt.date(year, 1, 1), period_end)


def check_level(region: Region, level: str, system: IndicatorSystem | None) -> None:
    if level not in TargetLevel.values:
        choices = "、".join(f"{v}（{label}）" for v, label in TargetLevel.choices)
        raise ApplicationError(f"考核对象层级不正确：{level}（可选：{choices}）")
    if level != TargetLevel.DEPARTMENT and LEVEL_ORDER.index(RegionLevel(level)) <= region.depth:
        raise ApplicationError(
            f"{region.name}是{region.get_level_display()}，其下没有{_level_label(level)}可考核"
        )
    if system is not None and system.level != level:
        raise ApplicationError(
            f"指标体系“{system}”用于考核{system.get_level_display()}，"
            f"不能用于考核{_level_label(level)}"
        )
    if system is not None and system.status == SystemStatus.ARCHIVED:
        raise ApplicationError(f"指标体系“{system}”已停用")


def system_items(system: IndicatorSystem) -> list[ScoredItem]:
    return [
        ScoredItem(
            code=item.indicator_code,
            weight=item.weight,
            rule=item.rule,
            params=dict(item.rule_params or {}),
            item=item,
        )
        for item in systems.scored_leaves(system)
    ]


def target_items(region: Region, year: int, level: str) -> list[ScoredItem]:
    """Every indicator with a target for `year` and `level` set by the region, an ancestor or a
    region under it, each an equal share of 100 points by colour."""
    codes = set(
        Target.objects.filter(year=year, level=level)
        .filter(Q(region__code__in=region.path_codes()) | Q(region__path__startswith=region.path))
        .values_list("indicator_code", flat=True)
    )
    known = [code for code in figures.all_codes() if code in codes]
    if not known:
        return []
    weight = DEFAULT_TOTAL / len(known)
    return [ScoredItem(code, weight, ScoringRule.COLOUR, {}) for code in known]


def subjects_of(region: Region, level: str) -> list[Scope]:
    """The units or regions of `level` under `region`, in the organisation's order."""
    if level == TargetLevel.DEPARTMENT:
        units = Unit.objects.filter(
            region__path__startswith=region.path, kind=UnitKind.DEPARTMENT, is_active=True
        )
        return [Scope.of_unit(u) for u in units.select_related("region")]
    regions = Region.objects.filter(path__startswith=region.path, level=level).exclude(pk=region.pk)
    return [Scope.of_region(r) for r in regions.order_by("path")]


# --- computing -------------------------------------------------------------------------------


def compute(plan: Plan) -> list[SubjectResult]:
    """Figures, points, scores, ranks and colours for every subject of the plan."""
    codes = list(dict.fromkeys(item.code for item in plan.items))
    found = figures.figures_by_subject(codes, plan.subjects, plan.period, level=plan.level)
    results = []
    for scope in plan.subjects:
        row = [found[scope][item.code] for item in plan.items]
        points = [
            scoring.points(item.rule, item.weight, item.params, fig)
            for item, fig in zip(plan.items, row, strict=True)
        ]
        results.append(SubjectResult(scope, _name(scope), row, points, sum(points, scoring.ZERO)))
    rank_subjects(plan, results)
    return results


def rank_subjects(plan: Plan, results: Sequence[SubjectResult]) -> None:
    """Ranks (ties share), colours, and each item's rank among the subjects by its value."""
    ranks = scoring.competition_ranks([r.score for r in results])
    for result, rank in zip(results, ranks, strict=True):
        result.rank = rank
        has_data = any(f.status == figures.OK for f in result.figures)
        result.colour = (
            scoring.subject_colour(result.score, plan.total, plan.green_line, plan.yellow_line)
            if has_data
            else Colour.GREY
        )
        result.figure_ranks = []
    for index in range(len(plan.items)):
        column = [r.figures[index] for r in results]
        direction = column[0].direction if column else Direction.NEUTRAL
        if direction == Direction.NEUTRAL:
            item_ranks: list[int | None] = [None] * len(column)
        else:
            values = [f.value if f.status == figures.OK else None for f in column]
            higher = direction == Direction.HIGHER_IS_BETTER
            item_ranks = scoring.competition_ranks(values, higher_first=higher)
        for result, rank in zip(results, item_ranks, strict=True):
            result.figure_ranks.append(rank)


def store(run: AssessmentRun, plan: Plan, results: Sequence[SubjectResult]) -> None:
    """Write the subjects and their figures in bulk (two INSERTs per batch)."""
    subjects = AssessmentSubject.objects.bulk_create(
        [
            AssessmentSubject(
                run=run,
                unit=r.scope.unit,
                region=r.scope.region,
                name=r.name,
                score=r.score,
                rank=r.rank,
                colour=r.colour,
            )
            for r in results
        ],
        batch_size=bulk.BATCH,
    )
    rows = [
        _figure_values(subject.pk, item, fig, points, rank)
        for subject, result in zip(subjects, results, strict=True)
        for item, fig, points, rank in zip(
            plan.items, result.figures, result.points, result.figure_ranks, strict=True
        )
    ]
    by_attname = {f.attname: f for f in AssessmentFigure._meta.concrete_fields}
    fields = [by_attname[name] for name in FIGURE_COLUMNS]
    bulk.insert_rows(AssessmentFigure, fields, rows)


# The figure rows go in with plain INSERTs: `bulk_create` prepares each of a province's tens of
# thousands of values through its field (seconds, most of a township-level run's time); these
# values are already what the columns hold (Decimals, ints, text, None).
FIGURE_COLUMNS = (
    "subject_id", "item_id", "indicator_code", "name", "status", "numerator", "denominator",
    "value", "previous_value", "change", "target", "colour", "score", "rank", "is_manual",
)  # fmt: skip


def _figure_values(
    subject_id: int, item: ScoredItem, fig: Figure, points: Decimal, rank: int | None
) -> tuple[Any, ...]:
    return (
        subject_id,
        item.item.pk if item.item is not None else None,
        fig.code,
        fig.display_name[:200],
        fig.status,
        fig.numerator,
        fig.denominator,
        fig.value,
        fig.previous_value,
        fig.change,
        fig.target.green_at if fig.target else None,
        str(fig.colour),
        points,
        rank,
        fig.is_manual,
    )


def _name(scope: Scope) -> str:
    return scope.unit.name if scope.unit is not None else figures.region_of(scope).name


def _level_label(level: str) -> str:
    return TargetLevel(level).label if level in TargetLevel.values else level


def _title(region: Region, year: int, level: str, system: IndicatorSystem | None) -> str:
    title = f"{region.name}{year}年度{_level_label(level)}考核"
    return f"{title}（{system.name}）" if system else title


def _summary(run: AssessmentRun, plan: Plan) -> dict[str, Any]:
    return {
        "region": [None, run.region.name],
        "year": [None, run.year],
        "level": [None, run.level],
        "system": [None, str(run.system) if run.system else None],
        "period": [None, plan.period.label],
        "subjects": [None, len(plan.subjects)],
        "indicators": [None, [item.code for item in plan.items]],
        "status": [None, run.status],
    }


# --- freezing, recomputing, deleting ---------------------------------------------------------


def freeze_run(run: AssessmentRun, *, actor: Any) -> AssessmentRun:
    """Freeze a live run: its rows, as computed, become the published snapshot for good.
    A conditional UPDATE: a run frozen meanwhile is refused, nothing written."""
    _check_actor(actor, run.region)
    with transaction.atomic():
        now = timezone.now()
        updated = AssessmentRun.objects.filter(pk=run.pk, status=RunStatus.LIVE).update(
            status=RunStatus.FROZEN, frozen_at=now, updated_at=now
        )
        if updated != 1:
            raise ApplicationError(f"考核测评“{run}”已冻结，不能再次冻结")
        run.refresh_from_db()
        audit.record_change(
            actor=actor,
            event=audit.Event.TRANSITION,
            obj=run,
            changes={"status": [RunStatus.LIVE, RunStatus.FROZEN], "frozen_at": [None, now]},
            message=f"冻结考核测评：{run}",
        )
    return run


def recompute_run(run: AssessmentRun, *, actor: Any) -> AssessmentRun:
    """Recompute a live run from the records as they are now (a frozen run is refused)."""
    _check_actor(actor, run.region)
    plan = plan_of(run)
    results = compute(plan)
    with transaction.atomic():
        locked = AssessmentRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.LIVE:
            raise ApplicationError(f"考核测评“{run}”已冻结，数据不能再变动")
        AssessmentSubject.objects.filter(run=run).delete()
        store(run, plan, results)
        AssessmentRun.objects.filter(pk=run.pk).update(updated_at=timezone.now())
        audit.record_change(
            actor=actor,
            event=audit.Event.UPDATE,
            obj=run,
            changes={"recomputed": [None, plan.period.label]},
            message=f"重新计算考核测评：{run}",
        )
    return run


def delete_run(run: AssessmentRun, *, actor: Any) -> None:
    """Delete a live run and its rows; a frozen run is kept for good."""
    _check_actor(actor, run.region)
    with transaction.atomic():
        locked = AssessmentRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.LIVE:
            raise ApplicationError(f"考核测评“{run}”已冻结，不能删除")
        ref, title = audit.ObjectRef.of(run), str(run)
        AssessmentFigure.objects.filter(subject__run=run).delete()
        AssessmentSubject.objects.filter(run=run).delete()
        run.delete()
        audit.record_change(
            actor=actor, event=audit.Event.DELETE, obj=ref, message=f"删除考核测评：{title}"
        )


def _check_actor(actor: Any, region: Region) -> None:
    if actor is not None:
        services.require_region(actor, region)


def plan_of(run: AssessmentRun) -> Plan:
    """The plan that recomputes `run` today: its subjects, period, level and items."""
    system = run.system
    period = Period(run.period_start, run.period_end)
    if system is not None:
        items = system_items(system)
        total, lines = system.total_points, (system.green_line, system.yellow_line)
    else:
        codes = run_codes(run)
        weight = DEFAULT_TOTAL / len(codes) if codes else DEFAULT_TOTAL
        items = [ScoredItem(code, weight, ScoringRule.COLOUR, {}) for code in codes]
        total, lines = DEFAULT_TOTAL, (DEFAULT_GREEN_LINE, DEFAULT_YELLOW_LINE)
    subjects = [
        Scope.of_unit(s.unit) if s.unit is not None else Scope.of_region(cast(Region, s.region))
        for s in run.subjects.select_related("unit__region", "region").order_by("pk")
    ]
    return Plan(run.region, run.level, period, items, subjects, total, *lines)


def ranked_subjects(run: AssessmentRun, *, order: Sequence[str] = ("rank", "name")) -> list[Any]:
    """A run's subjects (by rank, then name), each with its figures in column order (the order
    the run computed its items) and their items, in two queries."""
    in_columns = AssessmentFigure.objects.order_by("pk").select_related("item")
    subjects = run.subjects.order_by(*order).prefetch_related(Prefetch("figures", in_columns))
    return list(subjects)


def run_codes(run: AssessmentRun) -> list[str]:
    """The indicator codes of a run's figures, in the order they were stored."""
    codes = AssessmentFigure.objects.filter(subject__run=run).order_by("pk")
    return list(dict.fromkeys(codes.values_list("indicator_code", flat=True)))


# --- comparing a snapshot with the live figures ----------------------------------------------


@dataclass(frozen=True)
class Difference:
    """Where the live figures now differ from a run's stored rows."""

    subject: str
    what: str  # an indicator's name, or 总分 / 排名
    code: str
    stored: str
    live: str


def compare_with_live(run: AssessmentRun) -> list[Difference]:
    """Every figure, score and rank of `run` that the records now give differently."""
    live = compute(plan_of(run))
    stored = ranked_subjects(run, order=("pk",))
    differences: list[Difference] = []
    for subject, now in zip(stored, live, strict=True):
        differences += _figure_differences(subject, now)
        if subject.score != now.score:
            differences.append(
                Difference(subject.name, "总分", "", f"{subject.score}", f"{now.score}")
            )
        if subject.rank != now.rank:
            differences.append(
                Difference(subject.name, "排名", "", f"{subject.rank}", f"{now.rank}")
            )
    return differences


def _figure_differences(subject: AssessmentSubject, now: SubjectResult) -> list[Difference]:
    live_by_code = {f.code: f for f in now.figures}
    found = []
    for row in subject.figures.all():
        fig = live_by_code.get(row.indicator_code)
        if fig is None:
            continue
        if (row.status, row.value) != (fig.status, fig.value):
            found.append(
                Difference(
                    subject.name,
                    row.name or fig.name,
                    row.indicator_code,
                    stored_text(row, fig),
                    fig.value_text,
                )
            )
    return found


def stored_text(row: AssessmentFigure, like: Figure | figures.IndicatorMeta | None) -> str:
    """A stored figure's value as its indicator shows it ("无数据", "—" or "12.50%"); a plain
    number when the indicator is no longer known."""
    if row.status == figures.NO_DATA:
        return figures.NO_DATA_TEXT
    if row.status == figures.DIV_ZERO or row.value is None:
        return DASH
    return figures.number_text(row.value, like)
