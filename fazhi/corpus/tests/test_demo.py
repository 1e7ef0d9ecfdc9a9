"""The demo's published reports: the peer counties report on each full year."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.demo import DemoContext, demo_steps, run_step
from fazhi.corpus.demo import STEP_NAME, report_text
from fazhi.corpus.models import Fact, Report
from fazhi.corpus.selectors import comparison
from fazhi.org.data.demo_county import PEER_COUNTIES
from fazhi.org.demo import MAIN_COUNTY_CODE
from fazhi.org.demo import STEP_NAME as ORG_STEP
from fazhi.org.models import Region

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def _seed():
    ctx = DemoContext(today=TODAY)
    steps = {step.name: step for step in demo_steps()}
    run_step(ctx, steps[ORG_STEP])
    return run_step(ctx, steps[STEP_NAME]).counts


def test_the_peers_report_on_each_full_year_and_compare_on_the_chart():
    counts = _seed()

    # Each peer county of 示例市 reports on each of the three full years before TODAY.
    assert counts["他地报告"] == 3 * len(PEER_COUNTIES) == Report.objects.count()
    assert counts["报告数字"] == Fact.objects.count()
    assert set(Report.objects.values_list("year", flat=True)) == {2023, 2024, 2025}
    assert set(Report.objects.values_list("region", flat=True)) == {
        f"示例省示例市{county.name}" for county in PEER_COUNTIES
    }
    assert all(r.org_region is not None for r in Report.objects.all())
    result = comparison("行政诉讼败诉率")
    assert [len(row.cells) for row in result.rows] == [3] * len(PEER_COUNTIES)


def test_one_peer_leaves_out_a_statutory_part_for_the_outline_check():
    _seed()

    incomplete = Report.objects.filter(outline_complete=False)
    # The last peer leaves out part 三 (党政主要负责人履行第一责任人职责).
    assert {r.region_name for r in incomplete} == {PEER_COUNTIES[-1].name}
    assert all(r.missing_parts == [3] for r in incomplete)


def test_a_demo_report_gives_the_canonical_figures_it_was_written_with():
    from random import Random

    from fazhi.corpus.pipeline import extract_document
    from fazhi.corpus.reading import Document

    text = report_text("临溪县", 2024, Random(7))
    names = {
        f.indicator for f in extract_document(Document(text=text, kind="txt")).facts if f.canonical
    }

    assert {
        "行政复议收案数",
        "行政复议纠错率",
        "行政诉讼败诉率",
        "调解成功率",
        "复议诉讼收案比",
    } <= names


def test_the_same_date_gives_the_same_reports():
    _seed()
    first = list(
        Fact.objects.order_by("report__region", "report__year", "position").values_list(
            "indicator", "value"
        )
    )
    Report.objects.all().delete()

    ctx = DemoContext(today=TODAY)
    ctx.regions.update({r.code: r for r in Region.objects.all()})
    ctx.anchor = ctx.regions[MAIN_COUNTY_CODE]
    run_step(ctx, {s.name: s for s in demo_steps()}[STEP_NAME])

    again = list(
        Fact.objects.order_by("report__region", "report__year", "position").values_list(
            "indicator", "value"
        )
    )
    assert again == first
