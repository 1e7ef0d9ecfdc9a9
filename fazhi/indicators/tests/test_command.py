from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from fazhi.core.text import display_width
from fazhi.org.models import RegionLevel
from fazhi.org.tests.factories import RegionFactory

FIELDS = {
    "code",
    "name",
    "unit",
    "value",
    "numerator",
    "denominator",
    "definition",
    "target",
    "colour",
    "previous_value",
    "change",
}


@pytest.fixture(autouse=True)
def late_2026():
    with time_machine.travel(
        dt.datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> dict[str, dict]:
    rows = json.loads(run(*args, "--format", "json"))
    assert all(set(row) == FIELDS for row in rows)
    return {row["code"]: row for row in rows}


def test_json_lists_every_indicator_with_numbers_as_numbers(cases):
    rows = run_json("--region", "示例县", "--year", "2023")

    assert rows["testapp.loss_rate"] == {
        "code": "testapp.loss_rate",
        "name": "测试败诉率",
        "unit": "%",
        "value": 50.0,
        "numerator": 3,
        "denominator": 6,
        "definition": "败诉结案数 ÷ 结案数 × 100%",
        "target": None,
        "colour": None,
        "previous_value": 33.33,
        "change": 16.67,
    }
    received = rows["testapp.received"]
    assert (received["value"], received["numerator"], received["denominator"]) == (7, 7, None)
    assert (received["previous_value"], received["change"]) == (4, 3)
    assert isinstance(received["value"], int)


def test_region_by_code_gives_the_same_figures_as_by_name(cases):
    by_name = run("--region", "示例县", "--year", "2023", "--format", "json")
    by_code = run("--region", "990121000000", "--year", "2023", "--format", "json")

    assert by_name == by_code


def test_unit_by_code_or_name_gives_that_units_figure(cases):
    by_code = run_json("--region", "示例县", "--year", "2023", "--unit", "U-SFJ")
    by_name = run_json("--region", "示例县", "--year", "2023", "--unit", "示例县司法局")

    assert by_code == by_name
    rate = by_code["testapp.loss_rate"]
    assert (rate["value"], rate["numerator"], rate["denominator"]) == (66.67, 2, 3)


def test_value_is_null_where_there_is_no_data(cases):
    rows = run_json("--region", "示例县", "--year", "2021")

    assert rows["testapp.loss_rate"]["value"] is None
    assert rows["testapp.loss_rate"]["denominator"] == 0
    assert rows["testapp.received"]["value"] is None
    assert rows["testapp.received"]["change"] is None


def test_code_selects_indicators_and_variant_applies_where_declared(cases):
    only = run_json("--region", "示例县", "--year", "2023", "--code", "testapp.received")
    both = run_json(
        "--region", "示例县", "--year", "2023", "--variant", "all_received",
        "--code", "testapp.loss_rate", "testapp.received",
    )  # fmt: skip

    assert list(only) == ["testapp.received"]
    assert (both["testapp.loss_rate"]["value"], both["testapp.loss_rate"]["denominator"]) == (
        42.86,
        7,
    )
    assert both["testapp.loss_rate"]["definition"] == "败诉结案数 ÷ 同期收案数 × 100%"
    assert both["testapp.received"]["value"] == 7


def test_table_is_aligned_and_in_chinese(cases):
    lines = run(
        "--region", "示例县", "--year", "2023", "--code", "testapp.loss_rate", "testapp.received"
    ).splitlines()  # fmt: skip

    assert lines[0] == "示例县 · 2023年"
    header, rule, rate_line = lines[1], lines[2], lines[3]
    assert header.split()[:6] == ["指标", "数值", "分子", "分母", "上年同期", "增减"]
    assert "测试败诉率" in rate_line and "50.00%" in rate_line and "+16.67 个百分点" in rate_line
    assert "+3 件" in lines[4]
    value_end = display_width(header[: header.index("数值") + 2])
    assert display_width(rate_line[: rate_line.index("50.00%") + 6]) == value_end
    assert set(rule.replace(" ", "")) == {"-"}


def test_current_year_is_counted_to_today(tree):
    lines = run("--region", "示例县", "--year", "2026").splitlines()

    assert lines[0] == "示例县 · 2026年1月1日至11月21日"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "东方县", "--year", "2023"), "未找到区划：东方县"),
        (("--region", "示例县", "--year", "20x3"), "年度格式不正确：20x3"),
        (("--region", "示例县", "--year", "1999"), "年度超出范围：1999"),
        (("--region", "示例县", "--year", "2027"), "年度超出范围：2027"),
        (("--region", "示例县", "--year", "2023", "--unit", "不存在局"), "未找到单位：不存在局"),
        (
            ("--region", "示例县", "--year", "2023", "--unit", "临溪县司法局"),
            "单位“临溪县司法局”（U-LX-SFJ）不在区划“示例县”（990121000000）范围内",
        ),
        (
            ("--region", "示例县", "--year", "2023", "--variant", "nope"),
            # The choices list every declared variant (of every installed app): this one among them.
            "all_received（测试败诉率：以收案数为分母）",
        ),
        (("--region", "示例县", "--year", "2023", "--code", "x.y"), "未找到指标：x.y"),
        (("--region", "示例县", "--year", "2023", "--format", "xml"), "输出格式不正确：xml"),
        (
            (
                "--year",
                "2023",
            ),
            "请用 --region 指定区划",
        ),
        (
            (
                "--region",
                "示例县",
            ),
            "请用 --year 指定年度",
        ),
    ],
)
def test_bad_input_is_refused_in_chinese_with_a_failing_exit_code(tree, args, message):
    with pytest.raises(CommandError) as caught:
        run(*args)

    assert message in str(caught.value)
    assert caught.value.returncode != 0


def test_ambiguous_region_name_lists_the_candidates_with_their_codes(tree):
    other_city = RegionFactory(
        code="990200000000",
        name="另一市",
        level=RegionLevel.CITY,
        parent=tree["regions"]["province"],
    )
    RegionFactory(code="990221000000", name="示例县", level=RegionLevel.COUNTY, parent=other_city)

    with pytest.raises(CommandError) as caught:
        run("--region", "示例县", "--year", "2023")

    message = str(caught.value)
    assert "区划名称“示例县”不唯一" in message
    assert "990121000000（示例省示例市示例县）" in message
    assert "990221000000（示例省另一市示例县）" in message
