"""Assessment runs: scores, colours and ranks equal the hand computation; a frozen run keeps its
rows; bad arguments store nothing.

The fixture: 示例县's townships 青石镇, 白沙镇 (conftest) and 红岩镇, 绿水镇 (added by the `towns` fixture, no cases),
assessed for 2023. Targets set by 示例县 for the township level: 测试败诉率 (lower is better)
green ≤ 10, yellow ≤ 30; 公职律师配备率 (手工填报, higher is better) green ≥ 60, yellow ≥ 50.

Figures (conftest `cases` and the values below):
    青石镇  败诉率 1/2 = 50.00%   律师配备率 2/4 = 50.00%
    白沙镇  败诉率 0/1 =  0.00%   律师配备率 3/4 = 75.00%
    红岩镇  败诉率 无数据          律师配备率 3/4 = 75.00%
    绿水镇  败诉率 无数据          律师配备率 3/4 = 75.00%
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.models import AuditEvent
from fazhi.indicators import assessment
from fazhi.indicators.models import (
    AssessmentFigure,
    AssessmentRun,
    AssessmentSubject,
    Colour,
    RunStatus,
    SystemItem,
    Target,
    TargetLevel,
)
from tests.testapp.models import SampleCase

D = Decimal
LOSS = "testapp.loss_rate"
LAWYERS = "manual.public_lawyer_rate"
TOWNSHIP = TargetLevel.TOWNSHIP


@pytest.fixture(autouse=True)
def late_2026():
    with time_machine.travel(
        dt.datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


def by_name(run: AssessmentRun) -> dict[str, AssessmentSubject]:
    return {s.name: s for s in run.subjects.all()}


def points(subject: AssessmentSubject) -> list[Decimal]:
    return [f.score for f in subject.figures.order_by("item__sort_order")]


def test_scores_colours_and_ranks_equal_the_hand_computation(towns, scheme, county_admin, tree):
    run = assessment.run_assessment(
        region=tree["regions"]["county"], year=2023, level=TOWNSHIP, system=scheme,
        actor=county_admin,
    )  # fmt: skip

    subjects = by_name(run)
    # 青石镇 (败诉率 50.00, 律师 50.00):
    #   1.1 LINEAR: 30 × (50 − 60) ÷ (10 − 60) = 30 × 0.2 = 6.00
    #   1.2 STEPPED: shortfall 50 − 10 = 40 ≥ 40 → 30 − 30 = 0.00
    #   2.1 MET_FULL: 50 < 60 → 0.00
    #   2.2 COLOUR: 50 ≥ yellow 50 → yellow → 20 × 0.5 = 10.00
    #   三 BONUS: 0.2 × (50 − 60) = −2.00 (within ±5)
    #   total 6 + 0 + 0 + 10 − 2 = 14.00 → 14% < 60% → red
    assert points(subjects["青石镇"]) == [D("6.00"), D("0.00"), D("0.00"), D("10.00"), D("-2.00")]
    assert subjects["青石镇"].score == D("14.00")
    # 白沙镇 (0.00, 75.00): 30 + 30 + 20 + 20 + 0.2 × 15 = 3.00 → 103.00 → green
    assert points(subjects["白沙镇"]) == [D("30.00"), D("30.00"), D("20.00"), D("20.00"), D("3.00")]
    assert subjects["白沙镇"].score == D("103.00")
    # 红岩镇, 绿水镇 (无数据, 75.00): 1.1 no data → 0; 1.2 no data with no_data=full → 30;
    #   20 + 20 + 3 → 73.00 → 73% ≥ 60% → yellow
    for name in ("红岩镇", "绿水镇"):
        assert points(subjects[name]) == [D("0.00"), D("30.00"), D("20.00"), D("20.00"), D("3.00")]
        assert subjects[name].score == D("73.00")
    # Ranks: 103 → 1; 73, 73 → 2, 2 (tied); 14 → 4.
    assert {n: (s.rank, s.colour) for n, s in subjects.items()} == {
        "白沙镇": (1, Colour.GREEN),
        "红岩镇": (2, Colour.YELLOW),
        "绿水镇": (2, Colour.YELLOW),
        "青石镇": (4, Colour.RED),
    }


def test_figure_rows_keep_value_colour_target_and_rank_per_indicator(
    towns, scheme, county_admin, tree
):
    run = assessment.run_assessment(
        region=tree["regions"]["county"], year=2023, level=TOWNSHIP, system=scheme,
        actor=county_admin,
    )  # fmt: skip

    loss = {
        f.subject.name: (f.value, f.previous_value, f.status, f.colour, f.target, f.rank)
        for f in AssessmentFigure.objects.filter(subject__run=run, item__number="1.1")
    }
    # 败诉率, lower is better: 白沙 0.00 first, 青石 50.00 second, no data unranked.
    assert loss == {
        "青石镇": (D("50.00"), D("0.00"), "ok", Colour.RED, D("10"), 2),
        "白沙镇": (D("0.00"), None, "ok", Colour.GREEN, D("10"), 1),
        "红岩镇": (None, None, "no_data", Colour.GREY, D("10"), None),
        "绿水镇": (None, None, "no_data", Colour.GREY, D("10"), None),
    }
    lawyers = AssessmentFigure.objects.filter(subject__run=run, item__number="2.1")
    # 律师配备率, higher is better: three at 75.00 share rank 1, 青石 50.00 is 4th.
    assert sorted((f.subject.name, f.rank, f.is_manual) for f in lawyers) == [
        ("白沙镇", 1, True), ("红岩镇", 1, True), ("绿水镇", 1, True), ("青石镇", 4, True),
    ]  # fmt: skip


def test_without_a_system_every_indicator_with_a_target_scores_by_colour(towns, county_admin, tree):
    run = assessment.run_assessment(
        region=tree["regions"]["county"], year=2023, level=TOWNSHIP, actor=county_admin
    )

    # Two indicators with targets → 50 points each; green 50, yellow 25, red or grey 0.
    # 青石镇: red 0 + yellow 25 = 25 (red); 白沙镇: 50 + 50 = 100 (green);
    # 红岩镇, 绿水镇: grey 0 + green 50 = 50 (50% < 60%: red).
    subjects = by_name(run)
    assert {n: (s.score, s.rank, s.colour) for n, s in subjects.items()} == {
        "白沙镇": (D("100.00"), 1, Colour.GREEN),
        "红岩镇": (D("50.00"), 2, Colour.RED),
        "绿水镇": (D("50.00"), 2, Colour.RED),
        "青石镇": (D("25.00"), 4, Colour.RED),
    }


def test_a_frozen_run_keeps_its_snapshot_after_a_record_changes(towns, scheme, county_admin, tree):
    run = assessment.run_assessment(
        region=tree["regions"]["county"], year=2023, level=TOWNSHIP, system=scheme,
        actor=county_admin, freeze=True,
    )  # fmt: skip
    before = list(AssessmentFigure.objects.filter(subject__run=run).order_by("pk").values())
    # A correction after publication: 白沙镇 loses a case closed in 2023 (败诉率 0% → 50%).
    SampleCase.objects.create(
        title="B2", unit=towns["白沙镇"], received_on=dt.date(2023, 2, 1),
        closed_on=dt.date(2023, 6, 1), lost=True,
    )  # fmt: skip

    differences = assessment.compare_with_live(run)

    assert run.status == RunStatus.FROZEN and run.frozen_at is not None
    assert list(AssessmentFigure.objects.filter(subject__run=run).order_by("pk").values()) == before
    assert by_name(run)["白沙镇"].score == D("103.00")
    shown = {(d.subject, d.what, d.stored, d.live) for d in differences}
    assert ("白沙镇", "测试败诉率", "0.00%", "50.00%") in shown
    # Live 白沙镇: 6.00 + 0.00 (shortfall 40) + 20 + 20 + 3.00 = 49.00, now third behind 73, 73.
    assert ("白沙镇", "总分", "103.00", "49.00") in shown
    assert ("白沙镇", "排名", "1", "3") in shown
    with pytest.raises(ApplicationError, match="已冻结"):
        assessment.recompute_run(run, actor=county_admin)
    with pytest.raises(ApplicationError, match="已冻结"):
        assessment.delete_run(run, actor=county_admin)
    assert list(AssessmentFigure.objects.filter(subject__run=run).order_by("pk").values()) == before


def test_freezing_a_live_run_is_audited_and_only_once(towns, scheme, county_admin, tree):
    run = assessment.run_assessment(
        region=tree["regions"]["county"], year=2023, level=TOWNSHIP, system=scheme,
        actor=county_admin,
    )  # fmt: skip

    assessment.freeze_run(run, actor=county_admin)

    assert run.status == RunStatus.FROZEN
    assert AuditEvent.objects.filter(object_type="indicators.assessmentrun").count() == 2
    with pytest.raises(ApplicationError, match="已冻结"):
        assessment.freeze_run(run, actor=county_admin)


def test_a_live_run_recomputes_from_the_records_as_they_are_now(towns, scheme, county_admin, tree):
    run = assessment.run_assessment(
        region=tree["regions"]["county"], year=2023, level=TOWNSHIP, system=scheme,
        actor=county_admin,
    )  # fmt: skip
    SampleCase.objects.create(
        title="B2", unit=towns["白沙镇"], received_on=dt.date(2023, 2, 1),
        closed_on=dt.date(2023, 6, 1), lost=True,
    )  # fmt: skip

    assessment.recompute_run(run, actor=county_admin)

    assert by_name(run)["白沙镇"].score == D("49.00")
    assert assessment.compare_with_live(run) == []


def test_departments_are_the_department_units_under_the_region(towns, county_admin, tree):
    Target.objects.create(
        region=tree["regions"]["county"], indicator_code=LOSS, year=2023,
        level=TargetLevel.DEPARTMENT, green_at=D("10"),
    )  # fmt: skip

    run = assessment.run_assessment(
        region=tree["regions"]["county"], year=2023, level=TargetLevel.DEPARTMENT,
        actor=county_admin,
    )  # fmt: skip

    # 司法局 2/3 = 66.67% red (no yellow band); 公安局 no data.
    subjects = by_name(run)
    assert set(subjects) == {"示例县司法局", "示例县公安局"}
    figure = subjects["示例县司法局"].figures.get()
    assert (figure.value, figure.colour) == (D("66.67"), Colour.RED)


def test_counties_are_ranked_under_their_city(cases, tree):
    Target.objects.create(
        region=tree["regions"]["city"], indicator_code=LOSS, year=2023,
        level=TargetLevel.COUNTY, green_at=D("60"),
    )  # fmt: skip

    run = assessment.run_assessment(
        region=tree["regions"]["city"], year=2023, level=TargetLevel.COUNTY, actor=None
    )

    # 示例县 3/6 = 50.00% ≤ 60 green; 临溪县 2/2 = 100.00% red.
    subjects = by_name(run)
    assert {n: (s.score, s.rank) for n, s in subjects.items()} == {
        "示例县": (D("100.00"), 1),
        "临溪县": (D("0.00"), 2),
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"level": "village"}, "考核对象层级不正确：village"),
        ({"level": TargetLevel.COUNTY}, "示例县是县(市、区)，其下没有县(市、区)可考核"),
        ({"year": 2027}, "2027 年尚未开始"),
        ({"period_end": dt.date(2022, 6, 30)}, "统计截止日 2022-06-30 不在 2023 年内"),
        ({"level": TargetLevel.DEPARTMENT, "year": 2021}, "没有设定目标的指标"),
    ],
)
def test_bad_arguments_are_refused_in_chinese_and_store_nothing(
    towns, county_admin, tree, arguments, message
):
    kwargs = {"region": tree["regions"]["county"], "year": 2023, "level": TOWNSHIP}
    kwargs.update(arguments)

    with pytest.raises(ApplicationError) as caught:
        assessment.run_assessment(actor=county_admin, **kwargs)

    assert message in caught.value.message
    assert not AssessmentRun.objects.exists()


def test_a_system_whose_weights_do_not_sum_is_refused_naming_the_node(
    towns, scheme, county_admin, tree
):
    SystemItem.objects.filter(system=scheme, number="2.2").update(weight=D("15"))

    with pytest.raises(ApplicationError) as caught:
        assessment.run_assessment(
            region=tree["regions"]["county"], year=2023, level=TOWNSHIP, system=scheme,
            actor=county_admin,
        )  # fmt: skip

    assert (
        "「二 队伍建设」的下级指标分值合计 35.00 分，与其分值 40.00 分不符" in caught.value.message
    )
    assert not AssessmentRun.objects.exists()


def test_a_county_administrator_may_not_run_the_citys_assessment(cases, county_admin, tree):
    with pytest.raises(NotAllowedError, match="无权管理示例市的指标目标与考核"):
        assessment.run_assessment(
            region=tree["regions"]["city"], year=2023, level=TargetLevel.COUNTY,
            actor=county_admin,
        )  # fmt: skip

    assert not AssessmentRun.objects.exists()
