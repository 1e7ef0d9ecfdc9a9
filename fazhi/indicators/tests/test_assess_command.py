"""`fazhi assess` prints the ranking; `fazhi indicators` fills target, colour and 同比."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from fazhi.indicators.models import AssessmentRun, RunStatus, Target, TargetLevel


@pytest.fixture(autouse=True)
def late_2026():
    with time_machine.travel(
        dt.datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_assess_prints_the_ranking_with_scores_and_colours(towns, scheme):
    lines = run("assess", "--region", "示例县", "--year", "2023", "--system", scheme.name)

    assert lines.splitlines()[0].startswith(
        "示例县2023年度乡镇(街道)考核（乡镇法治建设考核） · 实时"
    )
    body = [line.split() for line in lines.splitlines()[3:]]
    assert [row[:4] for row in body] == [
        ["1", "白沙镇", "103.00", "绿"],
        ["2", "红岩镇", "73.00", "黄"],
        ["2", "绿水镇", "73.00", "黄"],
        ["4", "青石镇", "14.00", "红"],
    ]


def test_assess_json_lists_each_subjects_figures_and_can_freeze(towns):
    args = ("--region", "990121000000", "--year", "2023", "--freeze", "--format", "json")

    data = json.loads(run("assess", *args))

    assert data["run"]["status"] == "frozen" and data["run"]["level"] == "township"
    first = data["ranking"][0]
    assert (first["rank"], first["name"], first["score"], first["colour"]) == (
        1, "白沙镇", 100, "green",
    )  # fmt: skip
    loss = next(f for f in first["figures"] if f["code"] == "testapp.loss_rate")
    assert (loss["value"], loss["target"], loss["colour"], loss["status"]) == (0, 10, "green", "ok")
    assert AssessmentRun.objects.get().status == RunStatus.FROZEN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--region", "东方县", "--year", "2023"), "未找到区划：东方县"),
        (("--region", "示例县", "--year", "20x3"), "年度格式不正确：20x3"),
        (("--region", "示例县", "--year", "2027"), "年度超出范围：2027"),
        (("--region", "示例县", "--year", "2023", "--level", "village"), "考核对象层级不正确"),
        (
            ("--region", "示例县", "--year", "2023", "--system", "无此方案"),
            "未找到指标体系：无此方案",
        ),
        (("--region", "示例县", "--year", "2019"), "没有设定目标的指标"),
        (("--year", "2023"), "请用 --region 指定区划"),
    ],
)
def test_assess_refuses_bad_input_in_chinese_and_stores_nothing(towns, args, message):
    with pytest.raises(CommandError) as caught:
        run("assess", *args)

    assert message in str(caught.value)
    assert not AssessmentRun.objects.exists()


def test_indicators_fills_target_colour_and_change(cases, tree):
    Target.objects.create(
        region=tree["regions"]["city"], indicator_code="testapp.loss_rate", year=2023,
        level=TargetLevel.COUNTY, green_at=5, yellow_at=10,
    )  # fmt: skip

    rows = json.loads(run("indicators", "--region", "示例县", "--year", "2023", "--format", "json"))
    table = run("indicators", "--region", "示例县", "--year", "2023")

    rate = next(r for r in rows if r["code"] == "testapp.loss_rate")
    assert (rate["value"], rate["target"], rate["colour"]) == (50.0, 5, "red")
    assert (rate["previous_value"], rate["change"]) == (33.33, 16.67)
    line = next(line for line in table.splitlines() if "测试败诉率" in line)
    assert "≤5.00%" in line and "红" in line
