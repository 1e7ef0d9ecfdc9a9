"""A full assessment run for a province: 90 counties over 1,000,000 dispute cases.

    .venv/bin/python bench/bench_assess.py            # a temporary SQLite file (a few minutes)
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_assess.py
    BENCH_DISPUTE_CASES=200000 .venv/bin/python bench/bench_assess.py   # a quicker run

The province, its 90 counties (10 cities × 9, each with 41 units: government, 司法局, court,
26 departments, 12 township governments) and the cases (750,000 复议, 250,000 诉讼 over
2023–2025) are built by bench_disputes.py's generator. On top: a target for every dispute
indicator with a direction (set by the province for the county level), one manual indicator
(公职律师配备率) entered by every unit for 2024 and 2025, and a county-level scheme whose leaves
are those indicators under mixed scoring rules. Then times `run_assessment` for 2025 (each
figure with 2024 for 同比): the province's 90 counties (the target: under 10 s on 2 cores), its
1,080 townships, and one county's 12 townships. Prints; asserts nothing. On a given
DATABASE_URL the rows it creates are deleted at the end (kept with BENCH_KEEP=1).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import _common

ENV = _common.setup("assess")

import bench_disputes as data  # noqa: E402  (its own setup finds Django ready)
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fazhi.indicators import registry  # noqa: E402
from fazhi.indicators.assessment import run_assessment  # noqa: E402
from fazhi.indicators.models import (  # noqa: E402
    AssessmentRun,
    IndicatorSystem,
    ManualIndicator,
    ManualValue,
    ScoringRule,
    SystemItem,
    SystemStatus,
    Target,
    TargetLevel,
)
from fazhi.indicators.registry import Direction  # noqa: E402
from fazhi.org.models import Region, Unit  # noqa: E402

YEAR = 2025
MANUAL_CODE = "manual.bench_public_lawyer_rate"
SYSTEM_NAME = "基准省县级法治政府建设考核"
RULES = (ScoringRule.MET_FULL, ScoringRule.LINEAR, ScoringRule.STEPPED, ScoringRule.COLOUR)


def scored_codes() -> list[str]:
    """The dispute indicators that have a direction (counts of workload have none)."""
    return [
        i.code
        for i in registry.all()
        if i.code.startswith("disputes.") and i.direction != Direction.NEUTRAL
    ]


def build_targets(province: Region, codes: list[str]) -> None:
    rows = []
    for code in codes:
        higher = _direction(code) == Direction.HIGHER_IS_BETTER
        green, yellow = (Decimal(50), Decimal(40)) if higher else (Decimal(5), Decimal(10))
        for year in (YEAR - 1, YEAR):
            rows.append(
                Target(
                    region=province,
                    indicator_code=code,
                    year=year,
                    level=TargetLevel.COUNTY,
                    green_at=green,
                    yellow_at=yellow,
                )
            )
    Target.objects.bulk_create(rows)


def _direction(code: str) -> str:
    if code == MANUAL_CODE:
        return Direction.HIGHER_IS_BETTER
    return registry.get(code).direction


def build_manual(province: Region) -> int:
    indicator = ManualIndicator.objects.create(
        code=MANUAL_CODE,
        name="公职律师配备率（基准）",
        definition="配备公职律师的单位数 ÷ 应配备单位数",
    )
    units = Unit.objects.filter(region__path__startswith=province.path).values_list("pk", flat=True)
    rows = [
        ManualValue(
            indicator=indicator,
            unit_id=pk,
            year=year,
            numerator=Decimal(pk % 5),
            denominator=Decimal(4),
        )
        for pk in units
        for year in (YEAR - 1, YEAR)
    ]
    ManualValue.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def build_system(province: Region, codes: list[str]) -> IndicatorSystem:
    """One level-1 item per 100 points, a leaf per indicator with mixed rules; a bonus item."""
    system = IndicatorSystem.objects.create(
        region=province, name=SYSTEM_NAME, edition=f"{YEAR}年版", year=YEAR,
        level=TargetLevel.COUNTY, status=SystemStatus.ACTIVE,
    )  # fmt: skip
    root = SystemItem.objects.create(system=system, number="一", name="行政争议化解与队伍建设",
                                     weight=Decimal(100), sort_order=0)  # fmt: skip
    share, rest = divmod(100, len(codes))
    for index, code in enumerate(codes):
        rule = RULES[index % len(RULES)]
        higher = _direction(code) == Direction.HIGHER_IS_BETTER
        params: dict[str, Any] = {
            ScoringRule.LINEAR: {"zero_at": 20 if higher else 30},
            ScoringRule.STEPPED: {"steps": [[0, 1], [5, 3], [10, 5]]},
        }.get(rule, {})
        SystemItem.objects.create(
            system=system, parent=root, number=f"1.{index + 1}", name=code, depth=2,
            sort_order=index + 1, weight=Decimal(share + (1 if index < rest else 0)),
            indicator_code=code, rule=rule, rule_params=params,
        )  # fmt: skip
    SystemItem.objects.create(
        system=system, number="二", name="加扣分", weight=Decimal(5), sort_order=99,
        indicator_code=MANUAL_CODE, rule=ScoringRule.BONUS, rule_params={"per_unit": "0.1"},
    )  # fmt: skip
    return system


def timed(label: str, work: Callable[[], AssessmentRun], times: int = 3) -> AssessmentRun:
    runs: list[AssessmentRun] = []
    best, median = _common.repeated(lambda: runs.append(work()), times)
    run = runs[-1]
    print(
        f"{label:<48} best {best:7.2f} s   median {median:7.2f} s   ({run.subjects.count():,} subjects)"
    )
    return run


def profile(work: Callable[[], object]) -> None:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        work()
        total = time.perf_counter() - started
    timings = sorted(((float(q["time"]), q["sql"]) for q in queries.captured_queries), reverse=True)
    in_db = sum(t for t, _ in timings)
    print(f"queries: {len(timings)}, {in_db:.2f} s of {total:.2f} s in the database; slowest:")
    for seconds, sql in timings[:4]:
        print(f"  {seconds * 1000:7.1f} ms  {sql[:90]}… {sql[sql.find(' FROM ') :][:120]}…")


def main() -> None:
    print(f"database: {connection.vendor}; cases: {data.CASES:,}")
    started = time.perf_counter()
    counties = data.build_tree()
    recons, suits, _seconds = data.build_cases(counties)
    print(f"tree and {recons + suits:,} cases built in {time.perf_counter() - started:.1f} s")
    province = Region.objects.get(code=data.ROOT_CODE)
    codes = scored_codes()
    build_targets(province, [*codes, MANUAL_CODE])
    print(f"manual values: {build_manual(province):,}; indicators scored: {len(codes) + 1}")
    system = build_system(province, [*codes, MANUAL_CODE])
    with connection.cursor() as cursor:
        for table in ("disputes_reconsideration", "disputes_lawsuit", "org_unit", "org_region",
                      "indicators_manualvalue"):  # fmt: skip
            cursor.execute(f"ANALYZE {table}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def province_run() -> AssessmentRun:
        return run_assessment(region=province, year=YEAR, level=TargetLevel.COUNTY,
                              system=system, actor=None)  # fmt: skip

    run = timed("province: 90 counties, scheme (target < 10 s)", province_run)
    timed(
        "province: 90 counties, no scheme (targets)",
        lambda: run_assessment(region=province, year=YEAR, level=TargetLevel.COUNTY, actor=None),
    )
    towns = run_assessment  # the township level needs township targets: set by the province
    Target.objects.bulk_create(
        [Target(region=province, indicator_code=t.indicator_code, year=t.year,
                level=TargetLevel.TOWNSHIP, green_at=t.green_at, yellow_at=t.yellow_at)
         for t in Target.objects.filter(region=province, level=TargetLevel.COUNTY)]
    )  # fmt: skip
    timed(
        "province: 1,080 townships (targets)",
        lambda: towns(region=province, year=YEAR, level=TargetLevel.TOWNSHIP, actor=None),
    )
    county = counties[len(counties) // 2]["region"]
    timed(
        f"one county ({county.name}): 12 townships",
        lambda: towns(region=county, year=YEAR, level=TargetLevel.TOWNSHIP, actor=None),
    )
    time_board(province)
    profile(province_run)
    top = run.subjects.order_by("rank", "name")[:3]
    print("top of the province ranking: " + "；".join(f"{s.rank} {s.name} {s.score}" for s in top))


def time_board(province: Region) -> None:
    """一屏掌控 of the whole province for the year, computed afresh (its cache bypassed): key
    figures with 同比, the monthly trend, every city and county ranked, the region tree."""
    import datetime as dt

    from django.template.loader import render_to_string

    from fazhi.dashboard.board import build_board
    from fazhi.dashboard.choice import Choice, year_period
    from fazhi.indicators.scopes import Scope

    today = dt.date(YEAR + 1, 1, 15)
    choice = Choice(
        Scope.of_region(province), YEAR, False, year_period(YEAR, ytd=False, today=today), today
    )

    def board() -> object:
        return render_to_string("dashboard/_board.html", {"board": build_board(choice)})

    best, median = _common.repeated(board, 3)
    print(
        f"{'province dashboard (一屏掌控), uncached':<48} best {best:6.2f} s   median {median:6.2f} s"
    )
    print("  of which (best of 3): " + "   ".join(_board_parts(choice)))


def _board_parts(choice: Any) -> list[str]:
    """The board's costly parts timed alone: key figures, the subjects ranked, the trend."""
    from fazhi.dashboard import selectors, trend

    codes = selectors.key_codes(choice)
    groups = selectors.subject_groups(choice.scope)
    cards = selectors.key_cards(choice, codes)
    parts = {
        "key figures": lambda: selectors.key_cards(choice, codes),
        "counties and cities": lambda: selectors.subject_figures(choice, codes, groups),
        "monthly trend": lambda: trend.trend_data(choice, cards),
    }
    return [f"{name} {_common.repeated(work, 3)[0]:.2f} s" for name, work in parts.items()]


def cleanup() -> None:
    runs = AssessmentRun.objects.filter(region__path__startswith=f"/{data.ROOT_CODE}/")
    for run in runs:
        run.subjects.all().delete()
    runs.delete()
    IndicatorSystem.objects.filter(name=SYSTEM_NAME).delete()
    Target.objects.filter(region__code=data.ROOT_CODE).delete()
    ManualValue.objects.filter(indicator__code=MANUAL_CODE).delete()
    ManualIndicator.objects.filter(code=MANUAL_CODE).delete()
    data.cleanup()


if __name__ == "__main__":
    shutil.rmtree(data.ENV.var_dir, ignore_errors=True)  # the generator's own, unused
    _common.run(ENV, main, cleanup, root_code=data.ROOT_CODE, unit_prefix=data.PREFIX)
