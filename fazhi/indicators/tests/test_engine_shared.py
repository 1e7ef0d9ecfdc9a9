"""Measures of one model counted in one shared scan give what each gives counted alone.

Fixture (conftest `cases`): 示例县's sample cases of 2022–2024, plus the peer county's.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q
from django.utils import timezone

from fazhi.indicators.engine import (
    evaluate,
    evaluate_all,
    evaluate_all_by_unit,
    evaluate_by_unit,
    tallies_by_unit_fields,
)
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Direction, Indicator, Measure
from fazhi.indicators.scopes import Scope
from fazhi.org.models import RegionLevel, Unit, UnitKind
from fazhi.org.tests.factories import RegionFactory
from tests.testapp.models import SampleCase

Y2023 = Period.year(2023)

closed = Measure(lambda: SampleCase.objects.filter(closed_on__isnull=False), date_field="closed_on")
received = Measure(SampleCase.objects.all(), date_field="received_on")
# Of one model, each a plain filter on its own columns: one scan counts them all.
PLAIN = {
    "closed": closed,
    "lost": closed.filter(lost=True),
    "won": closed.filter(~Q(lost=True)),
    "received": received,
    "lost_or_q1": received.filter(Q(lost=True) | Q(title="Q1")),
    "not_j": Measure(
        lambda: SampleCase.objects.exclude(title__startswith="J"), date_field="closed_on"
    ),
    "due": Measure(lambda: SampleCase.objects.filter(due_on__isnull=False), date_field="due_on"),
    "versions": Measure(SampleCase.objects.all(), date_field="received_on", sum_of="version"),
    "created": Measure(SampleCase.objects.all(), date_field="created_at"),
}
# Each needs a query of its own: a join in its source or its filter, or no rows at all.
ALONE = {
    "townships": Measure(
        lambda: SampleCase.objects.filter(unit__kind=UnitKind.TOWNSHIP_GOV),
        date_field="received_on",
    ),
    "justice_only": received.filter(unit__code="U-SFJ"),
    "none": Measure(SampleCase.objects.none, date_field="received_on"),
    "no_pks": Measure(lambda: SampleCase.objects.filter(pk__in=[]), date_field="received_on"),
}


def _indicator(name: str, numerator: Measure, denominator: Measure | None = None) -> Indicator:
    """A count, or with a denominator a percentage."""
    return Indicator(
        code=f"adhoc.{name}",
        name=name,
        definition="测试",
        unit="%" if denominator else "件",
        scale=100 if denominator else 1,
        decimals=2 if denominator else 0,
        direction=Direction.NEUTRAL,
        numerator=numerator,
        denominator=denominator,
    )


def _plain() -> list[Indicator]:
    counts = [_indicator(name, m) for name, m in PLAIN.items()]
    return [
        *counts,
        _indicator("loss_rate", PLAIN["lost"], closed),
        _indicator("due_rate", PLAIN["due"], received),
    ]


def _numbers(result):
    return (result.numerator, result.denominator, result.value, result.previous_value)


@pytest.fixture
def more_cases(cases, tree):
    """Deadlines and a known version on some sample cases (the sum and the due date)."""
    SampleCase.objects.filter(title__in=["J1", "Q1", "P1"]).update(due_on=dt.date(2023, 6, 1))
    SampleCase.objects.filter(title="J0").update(due_on=dt.date(2022, 6, 1), version=5)
    return cases


@pytest.mark.parametrize("scope_of", ["county", "qingshi", "justice", "village_unit"])
def test_shared_scan_gives_the_figures_each_measure_gives_alone(more_cases, tree, scope_of):
    scope = {
        "county": Scope.of_region(tree["regions"]["county"]),
        "qingshi": Scope.of_region(tree["regions"]["qingshi"]),
        "justice": Scope.of_unit(tree["units"]["justice"]),
        "village_unit": Scope.of_unit(tree["units"]["village"]),
    }[scope_of]
    indicators = _plain() + [_indicator(name, m) for name, m in ALONE.items()]

    together = evaluate_all(indicators, scope, Y2023)

    for result in together:
        assert _numbers(result) == _numbers(evaluate(result.indicator, scope, Y2023)), result.code


def test_the_county_figures_are_the_ones_counted_by_hand(more_cases, tree):
    together = evaluate_all(_plain(), Scope.of_region(tree["regions"]["county"]), Y2023)

    numbers = {r.code.removeprefix("adhoc."): (r.numerator, r.denominator) for r in together}
    assert numbers == {
        "closed": (6, None),
        "lost": (3, None),
        "won": (3, None),
        "received": (7, None),
        "lost_or_q1": (5, None),  # J2 J3 J4 V1 lost, received in 2023, and Q1
        "not_j": (3, None),  # Q1 V1 B1
        "due": (2, None),  # J1 Q1 (P1 is the peer county's)
        "versions": (7, None),  # seven cases received, each at version 1
        "created": (0, None),  # created today, not in 2023
        "loss_rate": (3, 6),
        "due_rate": (2, 7),
    }


def test_plain_measures_of_one_model_cost_one_query_and_one_for_the_units(
    more_cases, tree, django_assert_num_queries
):
    scope = Scope.of_region(tree["regions"]["county"])
    indicators = _plain()

    with django_assert_num_queries(2):  # the county's units, named for several date fields
        evaluate_all(indicators, scope, Y2023)
    with django_assert_num_queries(1):
        evaluate_all(indicators, Scope.of_unit(tree["units"]["justice"]), Y2023)


def test_a_region_without_units_counts_nothing(more_cases, tree):
    empty = RegionFactory(
        code="990121102000",
        name="空镇",
        level=RegionLevel.TOWNSHIP,
        parent=tree["regions"]["county"],
    )

    results = evaluate_all(_plain(), Scope.of_region(empty), Y2023)

    assert [(r.numerator, r.value) for r in results] == [(0, None)] * len(results)


def test_a_measure_that_needs_a_join_or_has_no_rows_counts_alone(
    more_cases, tree, django_assert_max_num_queries
):
    scope = Scope.of_region(tree["regions"]["county"])
    indicators = _plain() + [_indicator(name, m) for name, m in ALONE.items()]

    with django_assert_max_num_queries(2 + len(ALONE)):
        results = {r.code: r.numerator for r in evaluate_all(indicators, scope, Y2023)}

    assert results["adhoc.townships"] == 1  # Q1 (B1 was received in 2022; V1 is a village's)
    assert results["adhoc.justice_only"] == 5
    assert results["adhoc.none"] == results["adhoc.no_pks"] == 0


def test_many_periods_in_one_scan_count_each_period_alone(more_cases, tree):
    scope = Scope.of_region(tree["regions"]["county"])
    quarters = [Period(dt.date(2023, m, 1), dt.date(2023, m + 2, 28)) for m in (1, 4, 7, 10)]

    for quarter in quarters:
        together = evaluate_all(_plain(), scope, quarter)
        for result in together:
            alone = evaluate(result.indicator, scope, quarter)
            assert _numbers(result) == _numbers(alone), (quarter, result.code)


def test_a_datetime_date_counts_by_the_active_time_zones_days(tree):
    justice = tree["units"]["justice"]
    beijing = ZoneInfo("Asia/Shanghai")
    for title, stamp in [
        ("late", dt.datetime(2023, 12, 31, 23, 30, tzinfo=beijing)),
        ("early", dt.datetime(2024, 1, 1, 0, 30, tzinfo=beijing)),  # 2023-12-31 16:30 UTC
    ]:
        SampleCase.objects.create(
            title=title, unit=justice, received_on=dt.date(2023, 12, 1), created_at=stamp
        )
    indicators = _plain()
    scope = Scope.of_unit(justice)

    in_beijing = {r.code: r.numerator for r in evaluate_all(indicators, scope, Y2023)}
    with timezone.override("UTC"):
        in_utc = {r.code: r.numerator for r in evaluate_all(indicators, scope, Y2023)}
        alone_utc = evaluate(_indicator("created", PLAIN["created"]), scope, Y2023).numerator

    assert in_beijing["adhoc.created"] == 1
    assert in_utc["adhoc.created"] == alone_utc == 2


def test_by_unit_shared_scans_give_what_each_indicator_gives_by_unit(
    more_cases, tree, django_assert_num_queries
):
    units = list(Unit.objects.all())
    indicators = _plain()

    with django_assert_num_queries(1):
        together = evaluate_all_by_unit(indicators, units, Y2023)

    assert set(together) == {i.code for i in indicators}
    for indicator in indicators:
        alone = evaluate_by_unit(indicator, units, Y2023)
        assert together[indicator.code] == alone, indicator.code
    assert together["adhoc.lost"][tree["units"]["justice"].pk].numerator == 2


def test_roll_up_tallies_of_a_shared_scan_equal_each_measures_own(more_cases, tree):
    periods = (Y2023, Y2023.previous())
    within = Scope.of_region(tree["regions"]["county"])
    measures = list(PLAIN.values()) + list(ALONE.values())

    together = tallies_by_unit_fields(measures, periods, within=within)

    for measure in measures:
        alone = tallies_by_unit_fields([measure], periods, within=within)[measure]
        # A shared scan also lists the units other measures found, with nothing counted.
        assert _counted(together[measure]) == _counted(alone), measure
    justice = (tree["units"]["justice"].pk,)
    assert together[PLAIN["lost"]][justice][0].rows == 2


def _counted(tallies):
    return {combo: t for combo, t in tallies.items() if any(tally.rows for tally in t)}
