"""Sample cases in the `tree` county, with known figures for 2022, 2023 and 2024.

示例县 2023 (closed_on in 2023): J1 J2 J3 (示例县司法局), Q1 (青石镇), V1 (青石村), B1 (白沙镇)
= 6 closed, of which J2 J3 V1 lost → 50.00%. 2022: J0 J00 Q0 = 3 closed, J0 lost → 33.33%.
Received in 2023: J1 J2 J3 J4 J5 Q1 V1 = 7; in 2022: J0 J00 Q0 B1 = 4.
The peer county 临溪县 has P1 P2, both lost in 2023, which must never count for 示例县.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.indicators.models import (
    IndicatorSystem,
    ManualIndicator,
    ManualValue,
    ScoringRule,
    SystemItem,
    Target,
    TargetLevel,
)
from fazhi.org.models import RegionLevel, UnitKind
from fazhi.org.tests.factories import RegionFactory, UnitFactory
from tests.testapp.models import SampleCase

D = dt.date
LOSS = "testapp.loss_rate"
LAWYERS = "manual.public_lawyer_rate"
TOWNSHIP = TargetLevel.TOWNSHIP

ROWS = [
    # title, unit key, received_on, closed_on, lost
    ("J1", "justice", D(2023, 2, 1), D(2023, 3, 1), False),
    ("J2", "justice", D(2023, 5, 1), D(2023, 6, 15), True),
    ("J3", "justice", D(2023, 11, 1), D(2023, 12, 31), True),
    ("J4", "justice", D(2023, 12, 1), D(2024, 1, 1), True),
    ("J5", "justice", D(2023, 12, 20), None, False),
    ("Q1", "qingshi", D(2023, 1, 1), D(2023, 4, 1), False),
    ("V1", "village", D(2023, 3, 1), D(2023, 9, 1), True),
    ("B1", "baisha", D(2022, 12, 31), D(2023, 1, 1), False),
    ("P1", "peer_justice", D(2023, 2, 1), D(2023, 3, 1), True),
    ("P2", "peer_justice", D(2023, 4, 1), D(2023, 5, 1), True),
    ("J0", "justice", D(2022, 1, 10), D(2022, 5, 1), True),
    ("J00", "justice", D(2022, 2, 1), D(2022, 6, 1), False),
    ("Q0", "qingshi", D(2022, 3, 1), D(2022, 7, 1), False),
]


@pytest.fixture
def cases(tree):
    units = tree["units"]
    created = {}
    for title, unit, received_on, closed_on, lost in ROWS:
        created[title] = SampleCase.objects.create(
            title=title, unit=units[unit], received_on=received_on, closed_on=closed_on, lost=lost
        )
    return created


# --- an assessment of four townships (test_assessment.py gives the figures) ------------------


@pytest.fixture
def towns(tree, cases):
    """The four townships' government units, by name, with targets and manual values."""
    county = tree["regions"]["county"]
    units = {"青石镇": tree["units"]["qingshi"], "白沙镇": tree["units"]["baisha"]}
    for code, name in [("990121102000", "红岩镇"), ("990121103000", "绿水镇")]:
        region = RegionFactory(code=code, name=name, level=RegionLevel.TOWNSHIP, parent=county)
        units[name] = UnitFactory(name=f"{name}人民政府", kind=UnitKind.TOWNSHIP_GOV, region=region)
    lawyers = ManualIndicator.objects.create(
        code=LAWYERS, name="公职律师配备率", definition="配备公职律师的单位数 ÷ 应配备单位数"
    )
    for name, (num, den) in {"青石镇": (2, 4), "白沙镇": (3, 4), "红岩镇": (3, 4),
                             "绿水镇": (3, 4)}.items():  # fmt: skip
        ManualValue.objects.create(
            indicator=lawyers, unit=units[name], year=2023, numerator=num, denominator=den
        )
    for code, green, yellow in [(LOSS, "10", "30"), (LAWYERS, "60", "50")]:
        Target.objects.create(
            region=county, indicator_code=code, year=2023, level=TOWNSHIP,
            green_at=Decimal(green), yellow_at=Decimal(yellow),
        )  # fmt: skip
    return units


@pytest.fixture
def scheme(tree):
    """一、依法化解 60 (1.1 LINEAR 30, 1.2 STEPPED 30); 二、队伍建设 40 (2.1 MET_FULL 20,
    2.2 COLOUR 20); 三、加扣分 (BONUS ±5, outside the sum)."""
    system = IndicatorSystem.objects.create(
        region=tree["regions"]["county"], name="乡镇法治建设考核", edition="2023年版",
        year=2023, level=TOWNSHIP,
    )  # fmt: skip

    def item(number, name, weight, parent=None, code="", rule=ScoringRule.MET_FULL, **params):
        return SystemItem.objects.create(
            system=system, parent=parent, number=number, name=name, weight=Decimal(weight),
            indicator_code=code, rule=rule, rule_params=params,
            depth=2 if parent else 1, sort_order=SystemItem.objects.count(),
        )  # fmt: skip

    first = item("一", "依法化解", 60)
    item("1.1", "败诉率（线性）", 30, first, LOSS, ScoringRule.LINEAR, zero_at=60)
    steps = [[0, 5], [20, 15], [40, 30]]
    item("1.2", "败诉率（分档）", 30, first, LOSS, ScoringRule.STEPPED, steps=steps,
         no_data="full")  # fmt: skip
    second = item("二", "队伍建设", 40)
    item("2.1", "律师配备率（达标）", 20, second, LAWYERS)
    item("2.2", "律师配备率（颜色）", 20, second, LAWYERS, ScoringRule.COLOUR)
    item("三", "加扣分", 5, None, LAWYERS, ScoringRule.BONUS, per_unit="0.2")
    return system
