"""A count with a base: 0 when its base has records but nothing is counted, 无数据 without either.

Fixture (conftest `cases`), 测试败诉数 = closed cases lost, its base = closed cases:
2023: 司法局 J2 J3 lost of J1 J2 J3; 青石镇 Q1 (none lost); 青石村 V1 lost; 白沙镇 B1 (none
lost); 公安局 nothing. 2022: 司法局 J0 lost of J0 J00; 青石镇 Q0 (none lost); 白沙镇 nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.indicators import figures as f
from fazhi.indicators import registry
from fazhi.indicators.engine import (
    evaluate,
    evaluate_all,
    evaluate_all_by_unit,
    evaluate_by_unit,
    evaluate_periods,
    records_behind,
)
from fazhi.indicators.models import Colour, Target, TargetLevel
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Direction, Indicator, Measure, Registry, Variant
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Unit
from tests.testapp.indicators import LOSS_RATE, closed, received
from tests.testapp.models import SampleCase

D = Decimal
Y2023 = Period.year(2023)
CODE = "testapp.lost_count"
lost = closed.filter(lost=True, label="败诉结案数")


def _count(**kwargs) -> Indicator:
    fields = {
        "code": CODE,
        "name": "测试败诉数",
        "definition": "统计期间内结案且败诉的案件数",
        "unit": "件",
        "decimals": 0,
        "direction": Direction.LOWER_IS_BETTER,
        "numerator": lost,
        "base": closed,
        **kwargs,
    }
    return Indicator(**fields)


@pytest.fixture
def lost_count():
    """The count registered for the figures (which look indicators up by code)."""
    indicator = registry.register(
        _count(
            variants=(
                Variant(
                    key="by_received",
                    name="按收案",
                    numerator=received.filter(lost=True, label="败诉的收案"),
                    base=received,
                ),
            )
        )
    )
    yield indicator
    registry.registry.unregister(CODE)


def _value(indicator, scope, period=Y2023, variant=None):
    result = evaluate(indicator, scope, period, variant=variant)
    return result.numerator, result.value, result.previous_value, result.change


def test_a_zero_count_whose_base_has_records_is_0_not_no_data(cases, tree, lost_count):
    qingshi, baisha = tree["units"]["qingshi"], tree["units"]["baisha"]

    assert _value(lost_count, Scope.of_unit(qingshi)) == (0, D(0), D(0), D(0))
    assert _value(lost_count, Scope.of_unit(baisha)) == (0, D(0), None, None)
    assert _value(lost_count, Scope.of_unit(tree["units"]["justice"]))[:2] == (2, D(2))


def test_a_count_without_records_in_its_base_has_no_data(cases, tree, lost_count):
    police = evaluate(lost_count, Scope.of_unit(tree["units"]["police"]), Y2023)

    assert (police.numerator, police.denominator, police.value) == (0, None, None)
    assert police.previous_value is None and police.change is None


def test_without_a_base_the_same_count_keeps_no_data(cases, tree):
    plain = _count(base=None)

    assert _value(plain, Scope.of_unit(tree["units"]["qingshi"])) == (0, None, None, None)


def test_same_period_last_year_follows_the_same_rule(cases, tree, lost_count):
    qingshi = Scope.of_unit(tree["units"]["qingshi"])

    # 2024: nothing closed, so no figure; 2023 (Q1 closed, none lost) is 0.
    assert _value(lost_count, qingshi, Period.year(2024)) == (0, None, D(0), None)
    halves = [Period(dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
              Period(dt.date(2023, 7, 1), dt.date(2023, 12, 31))]  # fmt: skip
    first, second = evaluate_periods(lost_count, qingshi, halves)
    # Q1 closed 1 April 2023, Q0 1 July 2022: each half has its base in one of the two years.
    assert (first.value, first.previous_value) == (D(0), None)
    assert (second.value, second.previous_value) == (None, D(0))


def test_by_unit_each_unit_gets_0_no_data_or_its_count(cases, tree, lost_count):
    units = list(Unit.objects.filter(region__path__startswith=tree["regions"]["county"].path))

    grouped = evaluate_by_unit(lost_count, units, Y2023)
    together = evaluate_all_by_unit([LOSS_RATE, lost_count], units, Y2023)[CODE]

    by_code = {unit.code: grouped[unit.pk].value for unit in units}
    assert by_code == {
        "U-SFJ": D(2), "U-QS": D(0), "U-QSC": D(1), "U-BS": D(0),
        "U-GOV": None, "U-GAJ": None, "U-FY": None,
    }  # fmt: skip
    for unit in units:
        assert (
            grouped[unit.pk]
            == together[unit.pk]
            == evaluate(lost_count, Scope.of_unit(unit), Y2023)
        )


def test_a_base_that_is_another_figures_measure_costs_no_extra_query(cases, tree, lost_count):
    county = Scope.of_region(tree["regions"]["county"])
    units = list(Unit.objects.all())

    def queries(run) -> int:
        with CaptureQueriesContext(connection) as ctx:
            run()
        return len(ctx.captured_queries)

    assert queries(lambda: evaluate_all([LOSS_RATE, lost_count], county, Y2023)) == queries(
        lambda: evaluate_all([LOSS_RATE], county, Y2023)
    )
    assert queries(lambda: evaluate_all_by_unit([LOSS_RATE, lost_count], units, Y2023)) == (
        queries(lambda: evaluate_all_by_unit([LOSS_RATE], units, Y2023))
    )


def test_a_variant_counts_with_its_own_base(cases, tree, lost_count):
    police = tree["units"]["police"]
    SampleCase.objects.create(title="G1", unit=police, received_on=dt.date(2023, 8, 1))
    scope = Scope.of_unit(police)

    assert evaluate(lost_count, scope, Y2023).value is None  # nothing closed
    assert evaluate(lost_count, scope, Y2023, variant="by_received").value == D(0)
    assert lost_count.base_for("by_received") is received
    assert lost_count.counted() == (lost, closed)


def test_records_behind_a_zero_are_an_empty_list(cases, tree, lost_count):
    qingshi = Scope.of_unit(tree["units"]["qingshi"])

    assert not records_behind(lost_count, qingshi, Y2023).exists()
    assert evaluate(lost_count, qingshi, Y2023).value == D(0)


def test_figure_of_a_zero_count_is_ok_and_green_against_a_target_of_at_most_0(
    cases, tree, lost_count
):
    regions = tree["regions"]
    Target.objects.create(
        region=regions["county"], indicator_code=CODE, year=2023, level=TargetLevel.TOWNSHIP,
        green_at=D(0), yellow_at=D(1),
    )  # fmt: skip

    baisha = f.figure(CODE, Scope.of_region(regions["baisha"]), Y2023, level=TargetLevel.TOWNSHIP)
    qingshi = f.figure(CODE, Scope.of_region(regions["qingshi"]), Y2023, level=TargetLevel.TOWNSHIP)
    police = f.figure(
        CODE, Scope.of_unit(tree["units"]["police"]), Y2023, level=TargetLevel.TOWNSHIP
    )

    assert (baisha.status, baisha.value, baisha.value_text) == ("ok", D(0), "0 件")
    assert (baisha.colour, baisha.target_text) == (Colour.GREEN, "≤0 件")
    assert (baisha.numerator, baisha.denominator) == (0, None)
    assert baisha.as_json()["value"] == 0
    assert (qingshi.value, qingshi.colour) == (D(1), Colour.YELLOW)  # 青石村 V1
    assert (police.status, police.value_text, police.colour) == ("no_data", "无数据", Colour.GREY)


def test_figures_by_subject_give_the_same_zero_as_one_subject_at_a_time(cases, tree, lost_count):
    regions, units = tree["regions"], tree["units"]
    subjects = [
        Scope.of_region(regions["qingshi"]),
        Scope.of_region(regions["baisha"]),
        Scope.of_unit(units["qingshi"]),
        Scope.of_unit(units["police"]),
    ]

    batch = f.figures_by_subject([CODE], subjects, Y2023, level=TargetLevel.TOWNSHIP)

    for scope in subjects:
        assert [batch[scope][CODE]] == f.figures([CODE], scope, Y2023, level=TargetLevel.TOWNSHIP)
    assert [batch[s][CODE].status for s in subjects] == ["ok", "ok", "ok", "no_data"]
    assert batch[subjects[2]][CODE].previous_value == D(0)  # Q0 closed 2022, not lost


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"denominator": closed}, "比率指标不能声明基数"),
        (
            {
                "numerator": lost,
                "denominator": closed,
                "base": None,
                "variants": (Variant(key="x", name="加基数", numerator=lost, base=received),),
            },
            "统计口径“x”不能给比率指标加基数",
        ),
        ({"base": replace(closed, sum_of="version")}, "不能求和"),
    ],
)
def test_a_base_on_a_ratio_or_a_summing_base_is_refused(kwargs, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        _count(**kwargs)


def test_registering_a_base_with_a_wrong_field_fails_at_start_up():
    wrong = Measure(SampleCase.objects.all(), date_field="nope")
    with pytest.raises(ImproperlyConfigured, match="没有字段 nope"):
        Registry().register(_count(base=wrong))
