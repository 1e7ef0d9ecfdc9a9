"""The indicators demo step: targets that agree with their indicators, schemes whose weights
sum, 公职律师配备率 returns, frozen runs, colours on first run, and `seed_demo --if-empty`.

Most tests run the organisation step and this one only (fast); one runs every step, as
`make run` does, and checks what the dashboard will show.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import F

from fazhi.core import demo as core_demo
from fazhi.core.demo import DemoContext, demo_steps, run_step
from fazhi.disputes.models import Lawsuit, Reconsideration
from fazhi.indicators import assessment, figures, systems
from fazhi.indicators.demo import STEP_NAME
from fazhi.indicators.demo.targets import PUBLIC_LAWYER, target_problems
from fazhi.indicators.models import (
    AssessmentRun,
    Colour,
    IndicatorSystem,
    ManualValue,
    RunStatus,
    ScoringRule,
    SystemStatus,
    Target,
    TargetLevel,
)
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Direction
from fazhi.indicators.scopes import Scope
from fazhi.org.demo import STEP_NAME as ORG_STEP
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind
from fazhi.review.models import LedgerEntry, ReviewMatter

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 11, 20)
YEARS = [2023, 2024, 2025, 2026]
LAST_FULL_YEAR = 2025
COUNTY, CITY = "990121000000", "990100000000"


def _travel():
    return time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), ZONE), tick=False)


def _seed(*names: str) -> dict[str, dict[str, int]]:
    """Run the organisation step, then the named steps in their order, as of TODAY."""
    ctx = DemoContext(today=TODAY)
    wanted = {ORG_STEP, *names}
    counts = {}
    with _travel():
        for step in demo_steps():
            if step.name in wanted:
                counts[step.name] = run_step(ctx, step).counts
    return counts


@pytest.fixture
def seeded():
    return _seed(STEP_NAME)[STEP_NAME]


def test_targets_agree_with_each_indicators_direction_for_every_year_and_level(seeded):
    targets = list(Target.objects.select_related("region"))
    assert seeded["指标目标"] == len(targets)
    for target in targets:
        direction = figures.indicator_meta(target.indicator_code).direction
        assert direction != Direction.NEUTRAL, target
        if target.yellow_at is not None:
            if direction == Direction.HIGHER_IS_BETTER:
                assert target.yellow_at <= target.green_at, target
            else:
                assert target.yellow_at >= target.green_at, target
    set_by = defaultdict(set)
    for target in targets:
        set_by[(target.region.code, target.year)].add(target.level)
    for year in YEARS:
        assert set_by[(COUNTY, year)] == {TargetLevel.COUNTY, TargetLevel.TOWNSHIP, "department"}
        assert set_by[(CITY, year)] == {TargetLevel.CITY, TargetLevel.COUNTY}
    loss = Target.objects.get(
        region__code=COUNTY,
        year=2025,
        level="county",
        indicator_code="disputes.litigation_loss_rate",
    )
    assert (loss.green_at, loss.yellow_at) == (Decimal(5), Decimal(8))
    lawyer = Target.objects.get(
        region__code=CITY, year=2025, level="county", indicator_code=PUBLIC_LAWYER
    )
    assert lawyer.green_at == Decimal(60)


def test_a_target_whose_yellow_band_lies_on_the_good_side_is_named():
    county = Region(code=COUNTY, name="示例县", level=RegionLevel.COUNTY)
    wrong = Target(
        region=county,
        indicator_code="disputes.litigation_loss_rate",
        year=2025,
        level=TargetLevel.COUNTY,
        green_at=Decimal(5),
        yellow_at=Decimal(3),
    )

    assert target_problems(wrong) == [
        "示例县 2025 县(市、区) disputes.litigation_loss_rate：预警值 3 比达标值 5 更好"
    ]


def _weights_sum(system: IndicatorSystem) -> None:
    """Independently of `systems`: children (加扣分 aside) sum to their parent, level 1 to the
    total; leaves sit at level 3."""
    items = list(system.items.all())
    children = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)

    def scored(nodes):
        return sum((n.weight for n in nodes if n.rule != ScoringRule.BONUS), Decimal(0))

    assert scored(children[None]) == system.total_points, system
    for item in items:
        if children[item.pk]:
            assert scored(children[item.pk]) == item.weight, (system, item)
        else:
            assert item.depth == 3, (system, item)


def test_schemes_are_three_level_trees_whose_weights_sum_and_use_every_rule(seeded):
    schemes = IndicatorSystem.objects.exclude(region=None)
    assert schemes.count() == 3 * len(YEARS)
    for system in schemes:
        assert system.status == SystemStatus.ACTIVE and system.total_points == 100
        assert systems.tree_problems(systems.nodes_of(system), system.total_points) == []
        _weights_sum(system)
    township = schemes.get(region__code=COUNTY, level=TargetLevel.TOWNSHIP, year=2025)
    leaves = systems.scored_leaves(township)
    assert {leaf.rule for leaf in leaves} == set(ScoringRule.values)
    bonuses = [leaf for leaf in leaves if leaf.rule == ScoringRule.BONUS]
    assert bonuses and all(leaf.weight == 5 for leaf in bonuses)
    assert PUBLIC_LAWYER in {leaf.indicator_code for leaf in leaves}
    assert {leaf.indicator_code for leaf in leaves} <= set(figures.all_codes())
    assert schemes.filter(region__code=CITY, level=TargetLevel.COUNTY).count() == len(YEARS)


def test_the_demonstration_system_holds_only_what_is_confirmed_and_says_so(seeded):
    skeleton = IndicatorSystem.objects.get(region=None)

    assert skeleton.status == SystemStatus.DRAFT and skeleton.edition == "2021年版"
    assert "待核实" in skeleton.description and "未公开" in skeleton.description
    first_level = skeleton.items.filter(depth=1)
    assert list(first_level.values_list("name", flat=True)) == ["政府职能依法全面履行"]
    assert skeleton.items.filter(depth=3).count() == 3
    assert systems.tree_problems(systems.nodes_of(skeleton), skeleton.total_points) == []
    _weights_sum(skeleton)


def test_every_department_and_township_returns_its_public_lawyers_every_year(seeded):
    values = ManualValue.objects.filter(indicator__code=PUBLIC_LAWYER)
    assert seeded["手工填报值"] == values.count()
    for county in Region.objects.filter(level=RegionLevel.COUNTY):
        units = Unit.objects.filter(region__path__startswith=county.path).filter(
            kind__in=[UnitKind.DEPARTMENT, UnitKind.TOWNSHIP_GOV]
        )
        for year in YEARS:
            assert values.filter(unit__in=units, year=year).count() == units.count()
    assert not values.filter(numerator__gt=F("denominator")).exists()
    assert not values.filter(evidence="").exists()
    # 示例县's units fall in every colour in the last full year (some below the 60% target).
    county = Region.objects.get(code=COUNTY)
    for level, scopes in _subjects(county).items():
        found = figures.figures_by_subject(
            [PUBLIC_LAWYER], scopes, Period.year(LAST_FULL_YEAR), level=level
        )
        colours = {found[scope][PUBLIC_LAWYER].colour for scope in scopes}
        assert colours == {Colour.GREEN, Colour.YELLOW, Colour.RED}, level


def _subjects(county: Region) -> dict[str, list[Scope]]:
    return {
        TargetLevel.TOWNSHIP: assessment.subjects_of(county, TargetLevel.TOWNSHIP),
        TargetLevel.DEPARTMENT: assessment.subjects_of(county, TargetLevel.DEPARTMENT),
    }


def test_the_last_full_year_has_frozen_runs_for_the_townships_and_the_counties(seeded):
    runs = AssessmentRun.objects.order_by("pk")

    assert seeded["冻结考核"] == runs.count() == 2
    assert {run.status for run in runs} == {RunStatus.FROZEN}
    assert {run.year for run in runs} == {LAST_FULL_YEAR}
    township, county = runs
    assert (township.region.code, township.level) == (COUNTY, TargetLevel.TOWNSHIP)
    assert township.subjects.count() == 12 and township.system.year == LAST_FULL_YEAR
    assert (county.region.code, county.level) == (CITY, TargetLevel.COUNTY)
    assert county.subjects.count() == Region.objects.filter(level=RegionLevel.COUNTY).count()


def _demo_rows() -> dict[str, int]:
    return {
        "targets": Target.objects.count(),
        "values": ManualValue.objects.count(),
        "systems": IndicatorSystem.objects.count(),
        "runs": AssessmentRun.objects.count(),
    }


def test_seed_demo_if_empty_seeds_once_and_then_leaves_the_data_alone(monkeypatch):
    kept = {name: step for name, step in core_demo._steps.items() if name in (ORG_STEP, STEP_NAME)}
    monkeypatch.setattr(core_demo, "_steps", kept)
    with _travel():
        call_command("seed_demo", "--if-empty", stdout=io.StringIO())
        first = _demo_rows()
        out = io.StringIO()
        call_command("seed_demo", "--if-empty", stdout=out)

    assert "跳过生成" in out.getvalue()
    assert _demo_rows() == first
    assert first["runs"] == 2 and first["targets"] > 0 and first["values"] > 0


# --- everything, as `make run` seeds it ----------------------------------------------------


def test_on_first_run_rankings_show_all_three_colours_with_distinct_county_scores():
    _seed(*(step.name for step in demo_steps()))
    city = Region.objects.get(code=CITY)
    counties = list(city.children.order_by("code"))
    assert len(counties) >= 5
    for county in counties:
        scope = Scope.of_region(county)
        assert (
            Reconsideration.objects.filter(respondent__region__path__startswith=county.path).count()
            > 150
        ), county
        assert Lawsuit.objects.filter(scope.q(("defendant",))).count() > 100, county
        assert ReviewMatter.objects.filter(unit__region__path__startswith=county.path).count() > 100
        assert LedgerEntry.objects.filter(unit__region__path__startswith=county.path).exists()
    township_run, county_run = AssessmentRun.objects.order_by("pk")
    all_colours = {Colour.GREEN, Colour.YELLOW, Colour.RED}
    assert set(township_run.subjects.values_list("colour", flat=True)) == all_colours
    assert set(county_run.subjects.values_list("colour", flat=True)) == all_colours
    scores = list(county_run.subjects.values_list("score", flat=True))
    assert len(set(scores)) == len(scores)
    # The dashboard's township and department tables: real colours figure by figure, and a
    # departments' ranking in every colour too.
    county = Region.objects.get(code=COUNTY)
    with _travel():
        for level, scopes in _subjects(county).items():
            codes = [c for c in figures.all_codes() if not c.startswith("testapp.")]
            found = figures.figures_by_subject(
                codes, scopes, Period.year(LAST_FULL_YEAR), level=level
            )
            shown = Counter(f.colour for scope in scopes for f in found[scope].values())
            assert all(shown[c] >= 3 for c in all_colours), (level, shown)
        system = IndicatorSystem.objects.get(region=county, level="department", year=LAST_FULL_YEAR)
        plan = assessment.make_plan(
            region=county, year=LAST_FULL_YEAR, level="department", system=system
        )
        assert {r.colour for r in assessment.compute(plan)} == all_colours
