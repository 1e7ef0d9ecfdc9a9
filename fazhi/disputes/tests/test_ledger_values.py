"""Cells as ledgers write them, read one by one (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.disputes import ledger_values as values
from fazhi.disputes.ledger_columns import KINDS
from fazhi.disputes.ledger_units import unit_names
from fazhi.org.models import Unit

MAY_6 = dt.date(2023, 5, 6)


@pytest.mark.parametrize(
    "cell",
    ["2023-05-06", "2023/5/6", "2023.5.6", "2023年5月6日", "２０２３年５月６日", " 2023-5-6 ",
     "2023-05-06 00:00:00", "20230506", 45052, 45052.0, "45052", MAY_6,
     dt.datetime(2023, 5, 6, 9, 30)],
)  # fmt: skip
def test_dates_are_read_in_every_form_ledgers_use(cell):
    assert values.date(cell) == MAY_6


@pytest.mark.parametrize("cell", ["2023-02-30", "5月6日", "2023-5", "昨天", 12.5, "1899-01-01"])
def test_an_impossible_or_unreadable_date_is_an_error(cell):
    with pytest.raises(values.CellError):
        values.date(cell)


@pytest.mark.parametrize(
    ("cell", "court", "number"),
    [
        ("示复〔２０２２〕１号", False, "示复〔2022〕1号"),
        (" 示复[2022]1号 ", False, "示复〔2022〕1号"),
        ("示复（2022）1号", False, "示复〔2022〕1号"),
        ("（２０２２）浙０９９９行初４号", True, "（2022）浙0999行初4号"),
        ("(2022)浙0999行初4号", True, "（2022）浙0999行初4号"),
    ],
)
def test_case_numbers_are_normalised(cell, court, number):
    assert values.case_number(cell, court=court) == number


@pytest.mark.parametrize(
    ("position", "rank"),
    [
        ("局长", "principal"),
        ("副局长", "deputy"),
        ("分管副局长", "in_charge"),
        ("副县长", "government_leader"),
        ("县长", "government_leader"),
        ("镇长", "principal"),
        ("副镇长", "deputy"),
        ("科长", "staff"),
        ("委托律师", "lawyer_only"),
        ("派出所所长", "lower_agency_head"),
        ("正职负责人", "principal"),
    ],
)
def test_head_positions_map_to_who_counts(position, rank):
    assert values.head_rank(position) == rank


def test_yes_no_amounts_and_names():
    assert values.yes_no("是") and values.yes_no("√") and not values.yes_no("否")
    assert not values.yes_no("")
    with pytest.raises(values.CellError):
        values.yes_no("也许")
    assert values.amount("1,234.5元") == Decimal("1234.50")
    assert values.amount("1.2万元") == Decimal("12000.00")
    assert values.names("张三、李四,王五；赵六") == ["张三", "李四", "王五", "赵六"]
    assert values.party_kind("某某商贸有限公司") == "organisation"
    assert values.party_kind("张三") == "person"
    assert values.id_numbers("330102199001011234、—") == ["330102199001011234", ""]


def test_every_header_names_one_column_only():
    for kind in KINDS.values():
        assert kind.header_lookup  # building it raises on a header taken twice
        assert kind.column_key("复议案号" if kind.slug == "reconsideration" else "案号")


def test_a_unit_answers_to_its_names_with_and_without_the_county():
    unit = Unit(code="X-GAJ", name="示例县公安局", short_name="公安局")
    names = unit_names(unit, ["示例县", "示例市", "示例省"])
    assert {"示例县公安局", "县公安局", "公安局", "X-GAJ"} <= names
