"""全文版本比较 in a real browser (issue 7, part 3): the county administrator edits a section of
示例县's drafted 2025 report, opens the whole-report comparison from the report page and sees
the text added since the draft highlighted, the other sections collapsed."""

from __future__ import annotations

import pytest

from fazhi.reports import services
from fazhi.reports.tests.factories import county_data
from tests.browser.conftest import screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ADDED = "全县基层执法人员培训覆盖率有待提高。"


def test_an_edit_shows_highlighted_in_the_whole_report_comparison(
    page, live_server, tree, county_admin
):
    county_data(tree)
    report = services.draft_report(
        reporter=tree["units"]["government"], year=2025, actor=county_admin
    )
    part2 = report.sections.get(part=2)
    sign_in(page, live_server, county_admin.username)
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    with page.expect_navigation():
        page.click(f"[data-testid=edit-section-{part2.order}]")
    page.fill("[data-testid=section-body]", f"行政执法规范化水平仍需提升。\n{ADDED}")
    with page.expect_navigation():
        page.click("[data-testid=save-section]")

    with page.expect_navigation():
        page.click("[data-testid=compare-report]")
    summary = page.inner_text("[data-testid=compare-summary]")
    assert summary.startswith("共1节有改动，增加")
    changed = page.locator(f"[data-testid=compare-section-{part2.order}]")
    assert changed.get_attribute("data-kind") == "changed"
    highlighted = changed.locator("ins.fz-diff-added").all_inner_texts()
    assert ADDED in "".join(highlighted)
    assert page.locator("[data-kind=same]").count() == report.sections.count() - 1
    assert "起草" in page.locator("#c-from option:checked").inner_text()
    screenshot(page, "report-versions")
    assert page.console_errors == []
