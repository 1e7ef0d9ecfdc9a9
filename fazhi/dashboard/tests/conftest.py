"""Cases and targets in the `tree` county for 2026, with colours known by hand.

Today is 2026-06-15. Closed in 2026 (testapp.loss_rate = lost ÷ closed × 100%):
- 示例县公安局 (department): 4 closed, 1 lost → 25.00%;
- 青石镇人民政府 2 closed, none lost, and 青石村 1 closed, none lost → 青石镇 0.00%;
- 白沙镇人民政府: 4 closed, 1 lost → 25.00%;
- 示例县 as a whole: 2 lost of 11 → 18.18%; in 2025 (to 15 June): 1 of 2 → 50.00%.
- 临溪县 (the peer county): 2 closed, 2 lost; never counted for 示例县.
Targets (lower is better): county green ≤5, yellow ≤10 → 示例县 red; township green ≤5,
yellow ≤50 → 青石镇 green, 白沙镇 yellow; department green ≤30, yellow ≤40 → 公安局 green.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from fazhi.indicators.models import Target, TargetLevel
from tests.testapp.models import SampleCase

D = dt.date
TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
CODE = "testapp.loss_rate"

ROWS = [
    # unit key, closed cases, of which lost, closed_on
    ("police", 4, 1, D(2026, 3, 10)),
    ("qingshi", 2, 0, D(2026, 2, 5)),
    ("village", 1, 0, D(2026, 5, 20)),
    ("baisha", 4, 1, D(2026, 4, 1)),
    ("peer_justice", 2, 2, D(2026, 1, 20)),
    ("police", 2, 1, D(2025, 5, 1)),
]


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def cases(tree):
    return make_cases(tree)


def make_cases(tree):
    units = tree["units"]
    made = []
    for key, closed, lost, closed_on in ROWS:
        for n in range(closed):
            made.append(
                SampleCase.objects.create(
                    title=f"{units[key].name}案件{closed_on:%Y}-{n + 1}",
                    unit=units[key],
                    received_on=closed_on - dt.timedelta(days=30),
                    closed_on=closed_on,
                    lost=n < lost,
                )
            )
    return made


def target(region, level, green, yellow, code=CODE, year=2026):
    return Target.objects.create(
        region=region,
        indicator_code=code,
        year=year,
        level=level,
        green_at=Decimal(green),
        yellow_at=Decimal(yellow),
    )


@pytest.fixture
def targets(tree):
    return make_targets(tree)


def make_targets(tree):
    county = tree["regions"]["county"]
    return [
        target(county, TargetLevel.COUNTY, 5, 10),
        target(county, TargetLevel.TOWNSHIP, 5, 50),
        target(county, TargetLevel.DEPARTMENT, 30, 40),
    ]
