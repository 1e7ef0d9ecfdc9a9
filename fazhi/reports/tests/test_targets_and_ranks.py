"""Targets, colours, manual indicators and assessment ranks in a report's figure references."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.disputes.tests.factories import lawsuit
from fazhi.indicators import assessment
from fazhi.indicators.models import (
    Colour,
    ManualIndicator,
    ManualValue,
    Target,
    TargetLevel,
)
from fazhi.reports import checks, figures, services
from fazhi.reports.tests.factories import REJECTED
from fazhi.reports.tests.helpers import fill

pytestmark = pytest.mark.django_db

LOSS = "disputes.litigation_loss_rate"


def target(region, green, yellow=None, level=TargetLevel.COUNTY):
    return Target.objects.create(
        region=region,
        indicator_code=LOSS,
        year=2025,
        level=level,
        green_at=Decimal(green),
        yellow_at=None if yellow is None else Decimal(yellow),
    )


@pytest.fixture
def targets(data):
    """示例市 sets ≤5% (yellow ≤12%) for its counties; 示例县 sets its own ≤12%."""
    regions = data["regions"]
    target(regions["city"], "5", "12")
    target(regions["county"], "12")
    return data


@pytest.fixture
def ranked(targets, frozen):
    """示例市's frozen 2025 run of counties: 临溪县 0 lost of 1 (0.00%) ranks above 示例县's
    1 lost of 10 (10.00%)."""
    peer_justice = targets["units"]["peer_justice"]
    filed = dt.date(2025, 3, 5)
    lawsuit(
        targets,
        defendant=peer_justice,
        filed_on=filed,
        closed_on=filed + dt.timedelta(days=40),
        outcome=REJECTED,
    )
    assessment.run_assessment(
        region=targets["regions"]["city"],
        year=2025,
        level=TargetLevel.COUNTY,
        actor=None,
        freeze=True,
    )
    return targets


def _book(data, year=2025):
    return figures.book_of(data["units"]["government"], year)


def test_target_is_the_counties_own_for_the_year_and_level(targets, frozen):
    book = _book(targets)
    text = "败诉率{{disputes.litigation_loss_rate|value}}，目标{{disputes.litigation_loss_rate|target}}"
    assert figures.render_text(text, book) == "败诉率10.00%，目标≤12.00%"
    assert book.figure(LOSS).colour == Colour.GREEN


def test_without_an_own_target_the_citys_applies_and_colours_the_figure(data, frozen):
    target(data["regions"]["city"], "5", "12")
    book = _book(data)
    assert figures.render_text("{{disputes.litigation_loss_rate|target}}", book) == "≤5.00%"
    assert figures.render_text("{{disputes.litigation_loss_rate|colour}}", book) == "黄"


def test_a_drafted_paragraph_mentions_a_missed_target(data, county_admin, frozen):
    target(data["regions"]["city"], "5")
    report = services.draft_report(
        reporter=data["units"]["government"], year=2025, actor=county_admin
    )
    body = report.sections.get(module="disputes").body
    assert "{{disputes.litigation_loss_rate|judged}}" in body
    assert "行政诉讼败诉率降至10.00%，同比下降10个百分点，未达到目标值≤5.00%" in (
        figures.render_text(body, services.book_for(report))
    )


def test_rank_reads_the_place_in_the_latest_frozen_run(ranked, frozen):
    text = "败诉率{{disputes.litigation_loss_rate|rank}}。"
    assert figures.render_text(text, _book(ranked)) == "败诉率在示例市2个县（市、区）中排名第2位。"


def test_a_live_run_gives_no_rank(targets, frozen):
    assessment.run_assessment(
        region=targets["regions"]["city"], year=2025, level=TargetLevel.COUNTY, actor=None
    )
    pieces = figures.render("{{disputes.litigation_loss_rate|rank}}", _book(targets))
    assert pieces[0].problem == "无考核排名：2025年没有本单位参加的已冻结考核测评"


def test_a_rank_with_a_frozen_run_passes_the_reference_check(ranked, report, county_admin):
    fill(report, county_admin)
    section = report.sections.get(part=5)
    services.save_section(
        section=section,
        body="败诉率{{disputes.litigation_loss_rate|rank}}。",
        actor=county_admin,
        expected_version=section.version,
    )
    assert not [f for f in checks.run(report) if f.check == "references"]


def test_a_department_ranks_among_its_countys_departments(targets, frozen):
    units = targets["units"]
    target(targets["regions"]["county"], "50", level=TargetLevel.DEPARTMENT)
    assessment.run_assessment(
        region=targets["regions"]["county"],
        year=2025,
        level=TargetLevel.DEPARTMENT,
        actor=None,
        freeze=True,
    )
    book = figures.book_of(units["police"], 2025)
    text = figures.render_text("{{disputes.litigation_loss_rate|rank}}", book)
    assert text.startswith("在示例县") and text.endswith("个部门中排名第1位")


@pytest.fixture
def lawyers(data):
    """公职律师配备率 (手工填报): 司法局 3/5 and 公安局 1/5 in 2025, 司法局 2/5 in 2024."""
    indicator = ManualIndicator.objects.create(
        code="manual.public_lawyer_rate",
        name="公职律师配备率",
        definition="配备公职律师的单位数 ÷ 应配备单位数",
    )
    units = data["units"]
    for unit, year, num, den in [
        ("justice", 2025, 3, 5),
        ("police", 2025, 1, 5),
        ("justice", 2024, 2, 5),
    ]:
        ManualValue.objects.create(
            indicator=indicator, unit=units[unit], year=year, numerator=num, denominator=den
        )
    return indicator


def test_a_manual_indicator_can_be_referenced_and_is_marked_in_the_editor(
    lawyers, report, county_admin, client
):
    book = services.book_for(report)
    # 2025: (3 + 1) ÷ (5 + 5) = 40.00%; 2024: 2 ÷ 5 = 40.00%.
    text = "{{manual.public_lawyer_rate}}；{{manual.public_lawyer_rate|previous}}"
    assert figures.render_text(text, book) == "公职律师配备率为40.00%，与上年持平；40.00%"
    client.force_login(county_admin)
    section = report.sections.get(part=5)
    page = client.get(f"{report.get_absolute_url()}sections/{section.pk}/")
    assert "公职律师配备率（手工填报）" in page.content.decode()
