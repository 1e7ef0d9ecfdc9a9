from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators.periods import Period, parse_year

D = dt.date


def test_previous_of_a_year_is_the_whole_year_before():
    assert Period.year(2023).previous() == Period.year(2022)
    assert Period.year(2023).label == "2023年"


def test_previous_keeps_the_last_day_of_february():
    assert Period(D(2024, 1, 1), D(2024, 2, 29)).previous() == Period(D(2023, 1, 1), D(2023, 2, 28))
    assert Period(D(2025, 1, 1), D(2025, 2, 28)).previous() == Period(D(2024, 1, 1), D(2024, 2, 29))


def test_year_to_date_is_whole_for_past_years_and_stops_today_for_this_year():
    today = D(2026, 11, 21)
    assert Period.year_to_date(2025, today=today) == Period.year(2025)
    assert Period.year_to_date(2026, today=today) == Period(D(2026, 1, 1), today)
    with pytest.raises(ApplicationError, match="2027 年尚未开始"):
        Period.year_to_date(2027, today=today)


def test_span_across_years_names_both_years():
    assert Period(D(2023, 7, 1), D(2024, 6, 30)).label == "2023年7月1日至2024年6月30日"


def test_start_after_end_is_refused():
    with pytest.raises(ApplicationError, match="晚于截止日期"):
        Period(D(2023, 5, 2), D(2023, 5, 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("20x3", "年度格式不正确：20x3"),
        ("23", "年度格式不正确：23"),
        ("1999", "年度超出范围：1999"),
        ("2027", "年度超出范围：2027"),
    ],
)
def test_bad_year_is_refused_naming_it(text, message):
    with pytest.raises(ApplicationError, match=message):
        parse_year(text, today=D(2026, 11, 21))


def test_year_is_parsed():
    assert parse_year(" 2023 ", today=D(2026, 11, 21)) == 2023


def test_months_of_a_year_run_from_january_and_stop_at_the_given_day():
    months = Period.months(2024, D(2024, 3, 10))
    assert months == [
        Period(D(2024, 1, 1), D(2024, 1, 31)),
        Period(D(2024, 2, 1), D(2024, 2, 29)),
        Period(D(2024, 3, 1), D(2024, 3, 10)),
    ]
    assert len(Period.months(2023)) == 12
    assert Period.months(2023)[-1] == Period(D(2023, 12, 1), D(2023, 12, 31))
