"""Figures of either kind, with targets by the nearest region, colours and display texts.

Fixture (conftest `cases`): 测试败诉率 2023 示例县 3/6 = 50.00% (2022: 33.33%); 司法局 2/3 =
66.67% (2022: 1/2 = 50.00%); 青石镇 (with 青石村) 1/2 = 50.00% (2022: 0/1 = 0.00%); 白沙镇 0/1 =
0.00% (2022: none).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.indicators import figures as f
from fazhi.indicators.models import Colour, ManualIndicator, ManualValue, Target, TargetLevel
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Direction, IndicatorNotFoundError
from fazhi.indicators.scopes import Scope

D = Decimal
Y2023 = Period.year(2023)
LOSS = "testapp.loss_rate"
RECEIVED = "testapp.received"
LAWYERS = "manual.public_lawyer_rate"
HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER


def target(region, code=LOSS, level=TargetLevel.COUNTY, green="5", yellow="10", year=2023):
    return Target.objects.create(
        region=region,
        indicator_code=code,
        year=year,
        level=level,
        green_at=D(green),
        yellow_at=None if yellow is None else D(yellow),
    )


@pytest.fixture
def lawyers(tree):
    """公职律师配备率 (手工填报): 司法局 3/5 and 公安局 1/5 in 2023, 司法局 2/5 in 2022,
    司法局 2/0 in 2021 (a zero denominator)."""
    indicator = ManualIndicator.objects.create(
        code=LAWYERS, name="公职律师配备率", definition="配备公职律师的单位数 ÷ 应配备单位数"
    )
    units = tree["units"]
    for unit, year, num, den in [
        ("justice", 2023, 3, 5),
        ("police", 2023, 1, 5),
        ("justice", 2022, 2, 5),
        ("justice", 2021, 2, 0),
    ]:
        ManualValue.objects.create(
            indicator=indicator, unit=units[unit], year=year, numerator=num, denominator=den
        )
    return indicator


@pytest.mark.parametrize(
    ("direction", "value", "green", "yellow", "colour"),
    [
        (HIGHER, "45", "45", "40", Colour.GREEN),
        (HIGHER, "44.99", "45", "40", Colour.YELLOW),
        (HIGHER, "40", "45", "40", Colour.YELLOW),
        (HIGHER, "39.99", "45", "40", Colour.RED),
        (HIGHER, "44", "45", None, Colour.RED),
        (LOWER, "5", "5", "8", Colour.GREEN),
        (LOWER, "7", "5", "8", Colour.YELLOW),
        (LOWER, "8.01", "5", "8", Colour.RED),
        (LOWER, None, "5", "8", Colour.GREY),
        (Direction.NEUTRAL, "3", "5", None, Colour.GREY),
        (HIGHER, "3", None, None, Colour.GREY),
    ],
)
def test_colour_follows_the_thresholds_by_direction(direction, value, green, yellow, colour):
    as_decimal = {None: None}
    result = f.colour_of(
        direction,
        as_decimal.get(value, value and D(value)),
        green and D(green),
        yellow and D(yellow),
    )

    assert result == colour


def test_nearest_region_up_the_tree_sets_the_target(tree):
    regions = tree["regions"]
    target(regions["province"], green="8")
    city = target(regions["city"], green="6")
    own = target(regions["county"], level=TargetLevel.TOWNSHIP, green="4")

    assert f.target_for(LOSS, regions["county"], 2023, TargetLevel.COUNTY) == city
    assert f.target_for(LOSS, regions["peer"], 2023, TargetLevel.COUNTY) == city
    assert f.target_for(LOSS, regions["qingshi"], 2023, TargetLevel.TOWNSHIP) == own
    assert f.target_for(LOSS, regions["county"], 2024, TargetLevel.COUNTY) is None
    assert f.target_for(RECEIVED, regions["county"], 2023, TargetLevel.COUNTY) is None


def test_a_book_reads_the_targets_of_a_batch_in_one_query(tree, django_assert_num_queries):
    regions = tree["regions"]
    target(regions["city"])
    book = f.TargetBook(2023, TargetLevel.COUNTY)

    with django_assert_num_queries(1):
        book.preload([regions["county"], regions["peer"]])
        found = [book.find(LOSS, regions[name]) for name in ("county", "peer", "county")]

    assert {t.green_at for t in found} == {D(5)}


def test_county_figure_has_value_change_target_and_colour(cases, tree):
    target(tree["regions"]["city"], green="5", yellow="10")

    figure = f.figure(LOSS, Scope.of_region(tree["regions"]["county"]), Y2023)

    assert (figure.numerator, figure.denominator, figure.value) == (3, 6, D("50.00"))
    assert (figure.previous_value, figure.change) == (D("33.33"), D("16.67"))
    assert figure.colour == Colour.RED and figure.status == "ok"
    assert figure.value_text == "50.00%"
    assert figure.target_text == "≤5.00%"
    assert figure.thresholds_text == "绿 ≤5.00%，黄 ≤10.00%"
    assert figure.change_text == "+16.67 个百分点"
    assert figure.change_tone == "worse"
    assert figure.colour_label == "红"


def test_a_period_without_data_shows_no_data_never_zero(cases, tree):
    target(tree["regions"]["city"], year=2021)

    rate, count = f.figures([LOSS, RECEIVED], Scope.of_region(tree["regions"]["county"]),
                            Period.year(2021))  # fmt: skip

    for figure in (rate, count):
        assert figure.status == "no_data"
        assert figure.value is None and figure.value_text == "无数据"
        assert figure.change_text == "—"
    assert rate.colour == Colour.GREY and rate.colour_label == "无数据"
    assert count.colour_label == "未设目标"


def test_a_zero_denominator_with_data_is_shown_as_a_dash(lawyers, tree):
    figure = f.figure(LAWYERS, Scope.of_region(tree["regions"]["county"]), Period.year(2021))

    assert figure.status == "div_zero"
    assert figure.value_text == "—"
    assert figure.colour == Colour.GREY


def test_manual_figure_sums_numerators_and_denominators_over_the_subtree(lawyers, tree):
    target(tree["regions"]["county"], code=LAWYERS, green="60", yellow="40")

    county = f.figure(LAWYERS, Scope.of_region(tree["regions"]["county"]), Y2023)
    justice = f.figure(
        LAWYERS, Scope.of_unit(tree["units"]["justice"]), Y2023, level=TargetLevel.COUNTY
    )

    assert (county.numerator, county.denominator, county.value) == (4, 10, D("40.00"))
    assert (county.previous_value, county.change) == (D("40.00"), D("0.00"))
    assert county.colour == Colour.YELLOW and county.is_manual
    assert county.display_name == "公职律师配备率（手工填报）"
    assert (justice.value, justice.colour) == (D("60.00"), Colour.GREEN)


def test_manual_figure_of_a_unit_without_values_has_no_data(lawyers, tree):
    figure = f.figure(LAWYERS, Scope.of_unit(tree["units"]["qingshi"]), Y2023)

    assert figure.status == "no_data" and figure.value_text == "无数据"


def test_meta_describes_either_kind_and_unknown_codes_raise(lawyers):
    declared, manual = f.indicator_meta(LOSS), f.indicator_meta(LAWYERS)

    assert (declared.name, declared.direction, declared.is_manual) == ("测试败诉率", LOWER, False)
    assert (manual.name, manual.unit, manual.is_manual) == ("公职律师配备率", "%", True)
    assert LOSS in f.all_codes() and LAWYERS in f.all_codes()
    with pytest.raises(IndicatorNotFoundError):
        f.indicator_meta("manual.nothing")


def test_figures_by_subject_equal_figures_one_subject_at_a_time(cases, lawyers, tree):
    regions, units = tree["regions"], tree["units"]
    target(regions["county"], level=TargetLevel.TOWNSHIP, green="10", yellow="60")
    subjects = [
        Scope.of_region(regions["qingshi"]),
        Scope.of_region(regions["baisha"]),
        Scope.of_unit(units["justice"]),
        Scope.of_unit(units["police"]),
    ]
    codes = [LOSS, RECEIVED, LAWYERS]

    batch = f.figures_by_subject(codes, subjects, Y2023, level=TargetLevel.TOWNSHIP)

    for scope in subjects:
        one = f.figures(codes, scope, Y2023, level=TargetLevel.TOWNSHIP)
        assert [batch[scope][code] for code in codes] == one
    qingshi, baisha = batch[subjects[0]][LOSS], batch[subjects[1]][LOSS]
    assert (qingshi.value, qingshi.previous_value, qingshi.colour) == (
        D("50.00"),
        D("0.00"),
        Colour.YELLOW,
    )
    assert (baisha.value, baisha.previous_value, baisha.colour) == (D("0.00"), None, Colour.GREEN)


def test_a_record_naming_two_units_of_one_subject_counts_once_for_it(tree):
    from fazhi.disputes.tests.factories import lawsuit

    units, regions = tree["units"], tree["regions"]
    lawsuit(tree, defendant=units["police"], co_defendant=units["government"])
    lawsuit(tree, defendant=units["police"], filed_on=dt.date(2026, 4, 1))
    code, period = "disputes.litigation_received", Period.year(2026)
    subjects = [
        Scope.of_region(regions["county"]),
        Scope.of_unit(units["police"]),
        Scope.of_unit(units["government"]),
    ]

    batch = f.figures_by_subject([code], subjects, period, level=TargetLevel.COUNTY)

    assert [batch[s][code].value for s in subjects] == [2, 2, 1]
    assert f.figure(code, subjects[0], period).value == 2
