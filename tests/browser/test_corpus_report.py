"""A person opens a report with a real browser, sees its figures marked, and opens the chart."""

from __future__ import annotations

import pytest

from fazhi.corpus import services
from fazhi.corpus.tests.fixtures import YUNXI
from tests.browser.conftest import screenshot, sign_in

# Transactional: the live server's thread must see committed rows (see tests/browser).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _ingest(text, name):
    return services.ingest_report(actor=None, data=text.encode(), filename=name).report


def test_a_report_shows_its_outline_and_marked_figures_and_compares_on_a_chart(
    page,
    live_server,
    county_admin,
):
    report = _ingest(YUNXI, "云溪县.txt")
    _ingest(YUNXI.replace("云溪县", "桐溪县").replace("4.6%", "3.8%"), "桐溪县.txt")
    sign_in(page, live_server)

    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    marks = page.locator("[data-testid=report-text] mark.fz-fact")
    assert marks.count() >= report.fact_count - 2
    assert page.locator("[data-testid=outline] a").count() >= 10
    figure = page.locator("mark.fz-fact", has_text="4.6%").first
    figure.hover()
    tooltip = page.locator(".tooltip-inner")
    tooltip.wait_for()
    assert tooltip.inner_text() == "行政诉讼败诉率：4.6%"
    screenshot(page, "corpus-report")

    page.goto(f"{live_server.url}/corpus/compare/?indicator=行政诉讼败诉率")
    page.wait_for_selector("#corpus-chart[data-ready='1'] canvas")
    assert page.locator("[data-testid=compare-table] tbody tr").count() == 2
    screenshot(page, "corpus-compare")
    assert page.console_errors == []
