from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators import registry
from fazhi.indicators.engine import evaluate, evaluate_by_unit, evaluate_periods, records_behind
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Direction, Indicator, Measure
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Unit
from tests.testapp.models import SampleCase

Y2023 = Period.year(2023)


@pytest.fixture
def loss_rate():
    return registry.get("testapp.loss_rate")


@pytest.fixture
def received():
    return registry.get("testapp.received")


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def test_rate_for_a_county_counts_its_townships_and_villages_but_not_the_peer_county(
    cases, tree, loss_rate
):
    result = evaluate(loss_rate, Scope.of_region(tree["regions"]["county"]), Y2023)

    assert (result.numerator, result.denominator) == (3, 6)
    assert result.value == Decimal("50.00")
    assert result.scope_label == "示例县"


def test_records_behind_a_county_figure_are_exactly_the_rows_counted(cases, tree, loss_rate):
    scope = Scope.of_region(tree["regions"]["county"])

    assert titles(records_behind(loss_rate, scope, Y2023)) == {"J2", "J3", "V1"}
    assert titles(records_behind(loss_rate, scope, Y2023, part="denominator")) == {
        "J1",
        "J2",
        "J3",
        "Q1",
        "V1",
        "B1",
    }


def test_rate_for_one_unit_counts_only_that_units_records(cases, tree, loss_rate):
    scope = Scope.of_unit(tree["units"]["justice"])

    result = evaluate(loss_rate, scope, Y2023)

    assert (result.numerator, result.denominator, result.value) == (2, 3, Decimal("66.67"))
    assert titles(records_behind(loss_rate, scope, Y2023)) == {"J2", "J3"}
    assert titles(records_behind(loss_rate, scope, Y2023, part="denominator")) == {
        "J1",
        "J2",
        "J3",
    }


def test_township_region_includes_its_villages_while_township_unit_does_not(cases, tree, loss_rate):
    region = evaluate(loss_rate, Scope.of_region(tree["regions"]["qingshi"]), Y2023)
    unit = evaluate(loss_rate, Scope.of_unit(tree["units"]["qingshi"]), Y2023)

    assert (region.numerator, region.denominator, region.value) == (1, 2, Decimal("50.00"))
    assert (unit.numerator, unit.denominator, unit.value) == (0, 1, Decimal("0.00"))


def test_case_closed_on_31_december_counts_for_that_year_and_1_january_for_the_next(
    cases, tree, loss_rate
):
    scope = Scope.of_unit(tree["units"]["justice"])

    in_2023 = titles(records_behind(loss_rate, scope, Y2023, part="denominator"))
    in_2024 = titles(records_behind(loss_rate, scope, Period.year(2024), part="denominator"))

    assert "J3" in in_2023 and "J3" not in in_2024
    assert "J4" in in_2024 and "J4" not in in_2023


def test_value_is_none_when_there_is_no_data(cases, tree, loss_rate, received):
    police = Scope.of_unit(tree["units"]["police"])

    rate = evaluate(loss_rate, police, Y2023)
    count = evaluate(received, police, Y2023)

    assert (rate.numerator, rate.denominator, rate.value) == (0, 0, None)
    assert (count.numerator, count.denominator, count.value) == (0, None, None)
    assert rate.change is None and count.change is None


def test_previous_value_is_the_year_before_and_change_is_in_percentage_points(
    cases, tree, loss_rate
):
    result = evaluate(loss_rate, Scope.of_region(tree["regions"]["county"]), Y2023)

    assert result.previous_value == Decimal("33.33")
    assert result.change == Decimal("16.67")


def test_change_is_none_when_the_previous_year_has_no_data(cases, tree, loss_rate):
    result = evaluate(loss_rate, Scope.of_region(tree["regions"]["county"]), Period.year(2022))

    assert result.value == Decimal("33.33")
    assert result.previous_value is None
    assert result.change is None


def test_count_indicator_value_is_the_count_with_change_in_its_unit(cases, tree, received):
    result = evaluate(received, Scope.of_region(tree["regions"]["county"]), Y2023)

    assert (result.numerator, result.denominator) == (7, None)
    assert (result.value, result.previous_value, result.change) == (7, 4, 3)


def test_variant_replaces_the_denominator(cases, tree, loss_rate):
    scope = Scope.of_region(tree["regions"]["county"])

    result = evaluate(loss_rate, scope, Y2023, variant="all_received")

    assert (result.numerator, result.denominator) == (3, 7)
    assert result.value == Decimal("42.86")
    assert result.variant is not None and result.variant.key == "all_received"
    assert result.definition == "败诉结案数 ÷ 同期收案数 × 100%"
    behind = records_behind(loss_rate, scope, Y2023, "denominator", "all_received")
    assert titles(behind) == {"J1", "J2", "J3", "J4", "J5", "Q1", "V1"}


def test_unknown_variant_is_refused_in_chinese(cases, tree, loss_rate):
    with pytest.raises(ApplicationError, match="没有统计口径：nope（可选：all_received"):
        evaluate(loss_rate, Scope.of_region(tree["regions"]["county"]), Y2023, variant="nope")


def test_count_indicator_has_no_denominator_records(cases, tree, received):
    with pytest.raises(ApplicationError, match="计数指标，没有分母"):
        records_behind(received, Scope.of_region(tree["regions"]["county"]), Y2023, "denominator")


def test_records_behind_for_a_user_keep_only_what_the_user_may_see(
    cases, tree, loss_rate, township_clerk
):
    scope = Scope.of_region(tree["regions"]["county"])

    behind = records_behind(loss_rate, scope, Y2023, "denominator", user=township_clerk)

    assert titles(behind) == {"Q1"}


def test_region_evaluation_is_one_query_per_measure(
    cases, tree, loss_rate, django_assert_num_queries
):
    scope = Scope.of_region(tree["regions"]["county"])
    with django_assert_num_queries(2):
        evaluate(loss_rate, scope, Y2023)


def test_grouped_by_unit_gives_every_unit_in_one_query_per_measure(
    cases, tree, loss_rate, django_assert_num_queries
):
    units = list(Unit.objects.filter(region__path__startswith=tree["regions"]["county"].path))

    with django_assert_num_queries(2):
        results = evaluate_by_unit(loss_rate, units, Y2023)

    by_code = {unit.code: results[unit.pk] for unit in units}
    assert set(by_code) == {"U-GOV", "U-SFJ", "U-GAJ", "U-QS", "U-BS", "U-QSC", "U-FY"}
    assert {code: r.value for code, r in by_code.items()} == {
        "U-SFJ": Decimal("66.67"),
        "U-QS": Decimal("0.00"),
        "U-QSC": Decimal("100.00"),
        "U-BS": Decimal("0.00"),
        "U-GOV": None,
        "U-GAJ": None,
        "U-FY": None,
    }
    assert by_code["U-SFJ"].previous_value == Decimal("50.00")
    assert by_code["U-SFJ"].change == Decimal("16.67")
    assert by_code["U-SFJ"].scope_label == "示例县司法局"


def test_grouped_by_unit_agrees_with_evaluating_each_unit(cases, tree, loss_rate):
    units = list(Unit.objects.all())

    grouped = evaluate_by_unit(loss_rate, units, Y2023, variant="all_received")

    for unit in units:
        single = evaluate(loss_rate, Scope.of_unit(unit), Y2023, variant="all_received")
        assert grouped[unit.pk] == single


def test_current_year_to_date_compares_with_the_same_days_last_year(tree, loss_rate):
    justice = tree["units"]["justice"]
    for closed_on, lost in [
        (dt.date(2026, 3, 1), True),
        (dt.date(2026, 2, 1), False),
        (dt.date(2025, 3, 10), False),
        (dt.date(2025, 3, 16), True),  # after 15 March: outside last year's span
    ]:
        SampleCase.objects.create(
            title="x", unit=justice, received_on=closed_on, closed_on=closed_on, lost=lost
        )
    period = Period.year_to_date(2026, today=dt.date(2026, 3, 15))

    result = evaluate(loss_rate, Scope.of_unit(justice), period)

    assert period.label == "2026年1月1日至3月15日"
    assert (result.value, result.previous_value, result.change) == (
        Decimal("50.00"),
        Decimal("0.00"),
        Decimal("50.00"),
    )


def _adhoc(measure: Measure, **kwargs) -> Indicator:
    return Indicator(
        code="adhoc.figure",
        name="临时指标",
        definition="测试",
        unit="件",
        direction=Direction.NEUTRAL,
        numerator=measure,
        **kwargs,
    )


def test_datetime_date_field_uses_local_days(tree):
    justice = tree["units"]["justice"]
    beijing = ZoneInfo("Asia/Shanghai")
    for title, stamp in [
        ("late", dt.datetime(2023, 12, 31, 23, 30, tzinfo=beijing)),
        ("early", dt.datetime(2024, 1, 1, 0, 30, tzinfo=beijing)),
    ]:
        SampleCase.objects.create(
            title=title, unit=justice, received_on=dt.date(2023, 12, 1), created_at=stamp
        )
    indicator = _adhoc(Measure(SampleCase.objects.all(), date_field="created_at"), decimals=0)

    assert titles(records_behind(indicator, Scope.of_unit(justice), Y2023)) == {"late"}
    assert evaluate(indicator, Scope.of_unit(justice), Period.year(2024)).value == 1


def test_sum_measure_adds_a_numeric_field_in_the_database(tree):
    justice = tree["units"]["justice"]
    for version in (3, 4):
        SampleCase.objects.create(
            title="s", unit=justice, received_on=dt.date(2023, 5, 1), version=version
        )
    measure = Measure(SampleCase.objects.all(), date_field="received_on", sum_of="version")

    result = evaluate(_adhoc(measure, decimals=0), Scope.of_unit(justice), Y2023)

    assert (result.numerator, result.value) == (7, 7)


def test_record_naming_the_same_unit_in_two_unit_fields_counts_once(cases, tree):
    measure = Measure(
        SampleCase.objects.all(), date_field="received_on", unit_fields=("unit", "unit")
    )
    indicator = _adhoc(measure, decimals=0)
    justice = tree["units"]["justice"]

    grouped = evaluate_by_unit(indicator, [justice], Y2023)
    single = evaluate(indicator, Scope.of_unit(justice), Y2023)

    assert grouped[justice.pk].value == single.value == 5


def test_several_periods_count_as_each_alone_in_one_query_per_measure(
    cases, tree, loss_rate, django_assert_num_queries
):
    scope = Scope.of_region(tree["regions"]["county"])
    halves = [
        Period(dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
        Period(dt.date(2023, 7, 1), dt.date(2023, 12, 31)),
    ]
    alone = [evaluate(loss_rate, scope, half) for half in halves]
    with django_assert_num_queries(2):  # the numerator's and the denominator's
        together = evaluate_periods(loss_rate, scope, halves)
    assert together == alone
    assert [r.numerator for r in together] == [1, 2]  # J2; J3 V1
