"""Indicator engine figures: 200,000 sample cases across about 250 units. Prints; asserts nothing.

    .venv/bin/python bench/bench_indicators.py            # a temporary SQLite file
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_indicators.py

On a given DATABASE_URL the rows it creates are deleted at the end (kept with BENCH_KEEP=1).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable

import _common

ENV = _common.setup("indicators")
ROOT_CODE = "970000000000"
PREFIX = "BENCH-"

from django.db import connection  # noqa: E402

from fazhi.indicators import registry  # noqa: E402
from fazhi.indicators.engine import evaluate, evaluate_by_unit, records_behind  # noqa: E402
from fazhi.indicators.periods import Period  # noqa: E402
from fazhi.indicators.scopes import Scope  # noqa: E402
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind  # noqa: E402
from tests.testapp.models import SampleCase  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "200000"))
TOWNSHIPS = 12
VILLAGES = 200
DEPARTMENTS = 40
PEER_UNITS = 10
BATCH = 5000


def build_tree() -> tuple[Region, list[Unit]]:
    """A county with 40 departments, 12 townships, 200 villages; a peer county beside it."""
    region = _common.region
    province = region(ROOT_CODE, "基准省", RegionLevel.PROVINCE, None)
    city = region("970100000000", "基准市", RegionLevel.CITY, province)
    county = region("970121000000", "基准县", RegionLevel.COUNTY, city)
    peer = region("970122000000", "邻近县", RegionLevel.COUNTY, city)
    units = [
        Unit(code=f"BENCH-D{i:02d}", name=f"基准县第{i}局", kind=UnitKind.DEPARTMENT, region=county)
        for i in range(DEPARTMENTS)
    ]
    units += [
        Unit(code=f"BENCH-P{i:02d}", name=f"邻近县第{i}局", kind=UnitKind.DEPARTMENT, region=peer)
        for i in range(PEER_UNITS)
    ]
    for t in range(TOWNSHIPS):
        town = region(f"970121{100 + t:03d}000", f"基准{t}镇", RegionLevel.TOWNSHIP, county)
        units.append(
            Unit(
                code=f"BENCH-T{t:02d}",
                name=f"基准{t}镇人民政府",
                kind=UnitKind.TOWNSHIP_GOV,
                region=town,
            )
        )
        for v in range(t, VILLAGES, TOWNSHIPS):
            village = region(
                f"970121{100 + t:03d}{v + 1:03d}", f"基准{v}村", RegionLevel.VILLAGE, town
            )
            kind = UnitKind.VILLAGE_COMMITTEE
            units.append(
                Unit(code=f"BENCH-V{v:03d}", name=f"基准{v}村委会", kind=kind, region=village)
            )
    Unit.objects.bulk_create(units)
    return county, list(Unit.objects.filter(code__startswith=PREFIX))


def build_cases(units: list[Unit]) -> float:
    rng = random.Random(20231231)
    first = dt.date(2022, 1, 1)
    started = time.perf_counter()
    for offset in range(0, CASES, BATCH):
        batch = []
        for n in range(offset, min(offset + BATCH, CASES)):
            received = first + dt.timedelta(days=rng.randrange(3 * 365))
            closed = (
                received + dt.timedelta(days=rng.randrange(120)) if rng.random() < 0.85 else None
            )
            batch.append(
                SampleCase(
                    title=f"基准案件{n}",
                    unit=rng.choice(units),
                    received_on=received,
                    closed_on=closed,
                    lost=rng.random() < 0.1,
                )
            )
        SampleCase.objects.bulk_create(batch)
    return time.perf_counter() - started


def timed(label: str, work: Callable[[], object]) -> None:
    best, median = _common.repeated(work)
    print(f"{label:<44} best {best:8.4f} s   median {median:8.4f} s")


def main() -> None:
    print(f"database: {connection.vendor}; cases: {CASES:,}")
    county, units = build_tree()
    print(f"units: {len(units)}; inserting cases took {build_cases(units):.1f} s")
    with connection.cursor() as cursor:
        # Planner statistics, as a database in use has them (autovacuum, or SQLite's optimize).
        for table in ("testapp_samplecase", "org_unit", "org_region"):
            cursor.execute(f"ANALYZE {table}")
    rate = registry.get("testapp.loss_rate")
    year = Period.year(2023)
    county_scope = Scope.of_region(county)
    one_unit = Scope.of_unit(units[0])
    result = evaluate(rate, county_scope, year)
    print(f"rate for the county 2023: {result.value}% = {result.numerator} / {result.denominator}")
    timed("rate, county subtree, 2023 (+2022)", lambda: evaluate(rate, county_scope, year))
    township = Scope.of_region(Region.objects.get(code="970121100000"))
    timed("rate, one township subtree, 2023 (+2022)", lambda: evaluate(rate, township, year))
    timed("rate, one unit, 2023 (+2022)", lambda: evaluate(rate, one_unit, year))
    timed(
        f"rate, grouped by unit, {len(units)} units",
        lambda: evaluate_by_unit(rate, units, year),
    )
    timed(
        "rate variant ÷ received, county",
        lambda: evaluate(rate, county_scope, year, variant="all_received"),
    )
    behind = records_behind(rate, county_scope, year, part="denominator")
    started = time.perf_counter()
    rows = sum(1 for _ in behind.iterator(chunk_size=2000))
    seconds = time.perf_counter() - started
    print(
        f"records_behind iteration: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s"
    )


def cleanup() -> None:
    """Remove what the bench created from a database it was given."""
    SampleCase.objects.filter(unit__code__startswith=PREFIX).delete()
    Unit.objects.filter(code__startswith=PREFIX).delete()
    _common.delete_tree(ROOT_CODE)


if __name__ == "__main__":
    _common.run(ENV, main, cleanup, root_code=ROOT_CODE, unit_prefix=PREFIX)
