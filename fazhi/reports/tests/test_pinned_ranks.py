"""Ranks and the overall assessment result in a report's text: read from the latest frozen run,
pinned at sign-off, flagged when a newer run places the reporter differently; and the `|judged`
clause that states live whether a figure meets its target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.disputes.tests.factories import lawsuit
from fazhi.indicators import assessment
from fazhi.indicators.models import (
    AssessmentRun,
    AssessmentSubject,
    Colour,
    RunStatus,
    Target,
    TargetLevel,
)
from fazhi.reports import checks, exporters, figures, ranks, services
from fazhi.reports.models import PinnedFigure
from fazhi.reports.tests.factories import LOST, REJECTED, lawsuits
from fazhi.reports.tests.helpers import fill
from fazhi.reports.workflow import Action

pytestmark = pytest.mark.django_db

LOSS = "disputes.litigation_loss_rate"
RUN_TITLE = "示例市2025年度法治政府建设考核"
PLACED_SECOND = "在示例市5个县（市、区）中排名第2位"


def _act(report, action, actor, **data):
    report.refresh_from_db()
    return services.transition(
        report=report, action=action, actor=actor, expected_version=report.version, data=data
    )


def _write(report, editor, body):
    """Fill the report so that its checks pass, with `body` as part 5."""
    fill(report, editor)
    section = report.sections.get(part=5)
    services.save_section(
        section=section, body=body, actor=editor, expected_version=section.version
    )


def _sign(report, editor, leader):
    _act(report, Action.REVIEW, editor)
    _act(report, Action.SIGN_OFF, leader, secrecy_confirmed=True)
    report.refresh_from_db()


def _pinned_messages(report):
    return [f.message for f in checks.run(report) if f.check == "pinned"]


def _run_counties(data):
    return assessment.run_assessment(
        region=data["regions"]["city"],
        year=2025,
        level=TargetLevel.COUNTY,
        actor=None,
        freeze=True,
    )


@pytest.fixture
def ranked(data, frozen):
    """示例市's frozen 2025 run of counties by its target ≤5%: 临溪县 (0 lost of 1) ranks above
    示例县 (1 of 10)."""
    _target(data["regions"]["city"], "5", "12")
    _peer_case(data, 3, REJECTED)
    _run_counties(data)
    return data


def _peer_case(data, month, outcome):
    """A closed 2025 lawsuit against 临溪县司法局."""
    filed = dt.date(2025, month, 5)
    lawsuit(
        data,
        defendant=data["units"]["peer_justice"],
        filed_on=filed,
        closed_on=filed + dt.timedelta(days=40),
        outcome=outcome,
    )


def _peer_loses_three_and_a_new_run_ranks(data):
    """临溪县 loses three cases (3 of 4) and a newer frozen run ranks 示例县 first."""
    for month in (4, 5, 6):
        _peer_case(data, month, LOST)
    _run_counties(data)


def _hand_set_run(data, score, rank, title=RUN_TITLE, colour=Colour.GREEN):
    """A frozen run of five counties in which 示例县 scores `score` and ranks `rank`."""
    run = AssessmentRun.objects.create(
        region=data["regions"]["city"],
        level=TargetLevel.COUNTY,
        year=2025,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        status=RunStatus.FROZEN,
        frozen_at=timezone.now(),
        title=title,
    )
    AssessmentSubject.objects.create(
        run=run,
        region=data["regions"]["county"],
        name="示例县",
        score=None if score is None else Decimal(score),
        rank=rank,
        colour=colour,
    )
    others = [r for r in range(1, 6) if r != rank][:4]
    for place, name in zip(others, ["甲县", "乙县", "丙县", "丁县"], strict=True):
        AssessmentSubject.objects.create(run=run, name=name, score=Decimal(90), rank=place)
    return run


@pytest.fixture
def scored(data, frozen):
    return _hand_set_run(data, "92.50", 2)


def _book(data):
    return figures.book_of(data["units"]["government"], 2025)


# --- pinned ranks -------------------------------------------------------------------------------


def test_a_signed_report_keeps_its_rank_after_a_newer_frozen_run_and_flags_the_change(
    ranked, report, county_admin, leader
):
    _write(report, county_admin, "败诉率{{disputes.litigation_loss_rate|rank}}。")
    _sign(report, county_admin, leader)
    row = PinnedFigure.objects.get(report=report, key=LOSS)
    assert (row.rank, row.rank_among, row.rank_within) == (2, 2, "示例市")
    _peer_loses_three_and_a_new_run_ranks(ranked)
    assert _book(ranked).rank_text(LOSS) == "在示例市2个县（市、区）中排名第1位"
    html = exporters.publication_html(report)
    assert "败诉率在示例市2个县（市、区）中排名第2位。" in html
    drift = _pinned_messages(report)
    assert any(
        m.startswith("行政诉讼败诉率排名：签发时在示例市2个县（市、区）中排名第2位")
        and "现为在示例市2个县（市、区）中排名第1位" in m
        for m in drift
    ), drift


def test_the_report_page_warns_of_a_changed_rank_with_both_places(
    ranked, report, county_admin, leader, client
):
    _write(report, county_admin, "败诉率{{disputes.litigation_loss_rate|rank}}。")
    _sign(report, county_admin, leader)
    client.force_login(county_admin)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'data-testid="placing-drift"' not in page

    _peer_loses_three_and_a_new_run_ranks(ranked)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'data-testid="placing-drift"' in page
    assert (
        "行政诉讼败诉率排名：签发时在示例市2个县（市、区）中排名第2位" in page
        and "现为在示例市2个县（市、区）中排名第1位" in page
    )


def test_revoking_the_sign_off_unpins_ranks_and_signing_again_pins_the_new_one(
    ranked, report, county_admin, leader
):
    _write(report, county_admin, "败诉率{{disputes.litigation_loss_rate|rank}}。")
    _sign(report, county_admin, leader)
    _act(report, Action.REVOKE, leader, note="考核结果更新")
    assert not PinnedFigure.objects.filter(report=report).exists()
    _peer_loses_three_and_a_new_run_ranks(ranked)
    report.refresh_from_db()
    assert "排名第1位" in figures.render_text(
        "{{disputes.litigation_loss_rate|rank}}", services.book_for(report)
    )
    _act(report, Action.SIGN_OFF, leader, secrecy_confirmed=True)  # back in review
    report.refresh_from_db()
    assert PinnedFigure.objects.get(report=report, key=LOSS).rank == 1
    assert not _pinned_messages(report)


def test_a_rank_the_newest_run_no_longer_gives_is_flagged_as_gone(
    ranked, report, county_admin, leader
):
    _write(report, county_admin, "败诉率{{disputes.litigation_loss_rate|rank}}。")
    _sign(report, county_admin, leader)
    AssessmentRun.objects.all().delete()
    assert PinnedFigure.objects.get(report=report, key=LOSS).run is None
    assert "排名第2位" in exporters.publication_html(report)
    assert any("现为无考核排名" in m for m in _pinned_messages(report))


# --- the overall result -------------------------------------------------------------------------


def test_the_overall_result_renders_from_the_latest_frozen_run(scored, data):
    book = _book(data)
    text = "{{assessment.score}}|{{assessment.score|value}}|{{assessment.score|rank}}|{{assessment.score|colour}}"
    assert figures.render_text(text, book) == (
        f"在{RUN_TITLE}中得分92.50分，{PLACED_SECOND}|92.50分|{PLACED_SECOND}|绿"
    )


def test_without_a_frozen_run_the_overall_result_is_a_problem(report, county_admin):
    _write(report, county_admin, "全县{{assessment.score}}。")
    pieces = figures.render("{{assessment.score|value}}", services.book_for(report))
    assert pieces[0].problem == "无考核总分：2025年没有本单位参加的已冻结考核测评"
    references = [f for f in checks.run(report) if f.check == "references"]
    assert references and references[0].blocks
    assert "无考核总分" in references[0].message


def test_a_subject_without_a_score_gives_no_overall_result(data, frozen):
    _hand_set_run(data, None, None, colour=Colour.GREY)
    pieces = figures.render("{{assessment.score}}", _book(data))
    assert pieces[0].problem == f"无考核总分：本单位在{RUN_TITLE}中没有得分"


def test_an_unknown_field_of_the_overall_result_lists_its_fields(scored, data):
    pieces = figures.render("{{assessment.score|target}}", _book(data))
    assert pieces[0].problem == "未知字段：target（考核总分可用：prose、value、rank、colour）"


def test_the_signed_overall_result_is_pinned_and_a_newer_run_is_flagged(
    scored, data, report, county_admin, leader
):
    _write(report, county_admin, "我县{{assessment.score}}。")
    _sign(report, county_admin, leader)
    row = PinnedFigure.objects.get(report=report, key="assessment.score")
    assert (row.value, row.rank, row.colour, row.run_title) == (
        Decimal("92.50"), 2, Colour.GREEN, RUN_TITLE,
    )  # fmt: skip
    _hand_set_run(data, "88", 3, colour=Colour.YELLOW)
    signed = f"在{RUN_TITLE}中得分92.50分，{PLACED_SECOND}"
    assert f"我县{signed}。" in exporters.publication_html(report)
    drift = _pinned_messages(report)
    assert any(
        f"考核总分与排名：签发时{signed}，现为在{RUN_TITLE}中得分88.00分，在示例市5个县（市、区）中排名第3位"
        in m
        for m in drift
    ), drift
    _act(report, Action.REVOKE, leader, note="考核结果更新")
    assert not PinnedFigure.objects.filter(report=report).exists()


def test_a_signed_overall_result_reads_as_it_did_before_sign_off_and_is_not_flagged(
    data, frozen, report, county_admin, leader
):
    """A run titled with a note in brackets (as a run under a scheme is): the sentence names it
    without the note, before and after sign-off alike, and nothing has changed."""
    _hand_set_run(data, "92.5", 2, title=f"{RUN_TITLE}（试行）")
    _write(report, county_admin, "我县{{assessment.score}}。")
    before = exporters.publication_html(report)
    assert f"我县在{RUN_TITLE}中得分92.50分，{PLACED_SECOND}。" in before

    _sign(report, county_admin, leader)

    assert f"我县在{RUN_TITLE}中得分92.50分，{PLACED_SECOND}。" in exporters.publication_html(
        report
    )
    assert not [m for m in _pinned_messages(report) if "考核总分" in m]


def test_the_figure_picker_offers_the_overall_result(scored, report, county_admin, client):
    client.force_login(county_admin)
    section = report.sections.get(part=5)
    page = client.get(section.get_absolute_url()).content.decode()
    assert "考核总分与排名" in page
    assert 'data-token="{{assessment.score|rank}}"' in page
    assert "92.50分" in page


# --- judged -------------------------------------------------------------------------------------


def _target(region, green, yellow=None):
    return Target.objects.create(
        region=region,
        indicator_code=LOSS,
        year=2025,
        level=TargetLevel.COUNTY,
        green_at=Decimal(green),
        yellow_at=None if yellow is None else Decimal(yellow),
    )


PROSE = "行政诉讼败诉率降至10.00%，同比下降10个百分点"


@pytest.mark.parametrize(
    ("green", "clause"),
    [("12", "，达到目标值≤12.00%"), ("5", "，未达到目标值≤5.00%"), (None, "")],
    ids=["met", "missed", "no-target"],
)
def test_judged_states_whether_the_figure_meets_its_target(data, frozen, green, clause):
    if green is not None:
        _target(data["regions"]["county"], green)
    text = figures.render_text("{{disputes.litigation_loss_rate|judged}}", _book(data))
    assert text == PROSE + clause


def test_judged_without_a_value_is_the_prose_alone(tree, frozen):
    _target(tree["regions"]["county"], "5")
    text = figures.render_text("{{disputes.litigation_loss_rate|judged}}", _book(tree))
    assert text == "行政诉讼败诉率暂无数据"


def test_a_drafted_clause_flips_when_the_records_meet_the_target(data, county_admin, frozen):
    _target(data["regions"]["city"], "5")
    report = services.draft_report(
        reporter=data["units"]["government"], year=2025, actor=county_admin
    )
    section = report.sections.get(module="disputes")
    assert "{{disputes.litigation_loss_rate|judged}}" in section.body
    assert "未达到目标值" not in section.body
    rendered = figures.render_text(section.body, services.book_for(report))
    assert f"{PROSE}，未达到目标值≤5.00%" in rendered
    # Ten more cases not lost: 1 of 20 is 5.00%, which meets ≤5%.
    lawsuits(data, 2025, [REJECTED] * 10)
    rendered = figures.render_text(section.body, services.book_for(report))
    assert "行政诉讼败诉率降至5.00%，同比下降15个百分点，达到目标值≤5.00%" in rendered


class _Run(SimpleNamespace):
    def __str__(self) -> str:
        return str(self.title)


@pytest.mark.parametrize(
    ("system", "title", "said"),
    [
        (
            "示例市2025年度县（市、区）法治政府建设考核方案",
            "示例市2025年度考核（方案）",
            "示例市2025年度县（市、区）法治政府建设考核",
        ),
        ("乡镇法治建设评分表", "t", "乡镇法治建设评分表"),
        (None, "示例市2025年度县(市、区)考核（按目标）", "示例市2025年度县(市、区)考核"),
        (None, "示例市2025年度考核", "示例市2025年度考核"),
    ],
)
def test_a_sentence_names_a_run_by_its_scheme_or_its_plain_title(system, title, said):
    run = _Run(system_id=1 if system else None, system=SimpleNamespace(name=system), title=title)
    assert ranks.prose_name(run) == said
