"""Figures in the text: references, prose from the indicator output, unknown fields flagged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.indicators.meta import indicator_meta
from fazhi.reports import figures, services

pytestmark = pytest.mark.django_db


def _figure(code, value, previous):
    indicator = indicator_meta(code)
    value, previous = Decimal(value), Decimal(previous) if previous is not None else None
    change = value - previous if previous is not None else None
    return figures.Figure(indicator, value, previous, change, 0, None)


def test_a_rate_reads_as_chinese_prose_with_its_change_in_percentage_points():
    figure = _figure("disputes.litigation_loss_rate", "2.54", "3.74")
    assert figures.prose(figure) == "行政诉讼败诉率降至2.54%，同比下降1.2个百分点"


def test_a_count_reads_with_its_growth_in_percent():
    figure = _figure("disputes.reconsideration_received", "273", "250")
    assert figures.prose(figure) == "行政复议收案数为273件，同比增长9.20%"


def test_a_figure_without_last_year_has_no_change_clause_and_without_data_says_so():
    assert (
        figures.prose(_figure("disputes.litigation_loss_rate", "2.54", None))
        == "行政诉讼败诉率为2.54%"
    )
    empty = figures.Figure(
        indicator_meta("disputes.litigation_loss_rate"), None, None, None, 0, None
    )
    assert figures.prose(empty) == "行政诉讼败诉率暂无数据"


def test_references_render_the_field_they_name(report):
    book = services.book_for(report)
    text = "败诉率{{disputes.litigation_loss_rate|value}}，上年{{disputes.litigation_loss_rate|previous}}。{{disputes.litigation_loss_rate}}"
    assert figures.render_text(text, book) == (
        "败诉率10.00%，上年20.00%。行政诉讼败诉率降至10.00%，同比下降10个百分点"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{{disputes.nosuch}}", "未登记的指标"),
        ("{{disputes.litigation_loss_rate|nosuch}}", "未知字段：nosuch"),
        ("{{disputes.litigation_loss_rate|rank}}", "无考核排名"),
        ("{{disputes.litigation_loss_rate@nosuch}}", "没有统计口径"),
        ("{{败诉率}}", "格式不正确"),
    ],
)
def test_a_broken_reference_is_shown_and_never_made_up(report, text, problem):
    pieces = figures.render(text, services.book_for(report))
    assert problem in pieces[0].problem
    assert pieces[0].text.startswith("〔")


def test_a_variant_reference_uses_that_statistical_basis(report):
    book = services.book_for(report)
    judged = figures.render_text("{{disputes.litigation_loss_rate@judgments_only|value}}", book)
    assert judged == "25.00%"  # 1 lost of the 4 closed by judgment
