"""Issue 6's "Done when" for 一屏掌控: a leader signs in, lands on the dashboard, sees the three
colours, and clicks a figure down to the records behind it; the screen exports to PNG under
the CSP, and the 大屏 mode fills a 1920×1080 screen.

The county's cases and targets are those of fazhi/dashboard/tests/conftest.py (colours worked
out by hand there); time is frozen (ticking) at 2026-06-15.
"""

from __future__ import annotations

import pytest
import time_machine

from fazhi.dashboard.tests.conftest import CODE, TODAY, make_cases, make_targets
from tests.browser.conftest import screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def county(tree):
    make_cases(tree)
    make_targets(tree)


@pytest.fixture
def frozen(settings):
    # A session CSRF cookie: one dated a year after the frozen day may have expired already.
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(TODAY, tick=True):
        yield


def test_leader_sees_the_colours_and_clicks_a_figure_down_to_its_records(
    page, live_server, frozen, leader, county
):
    sign_in(page, live_server, "leader")

    assert page.url.endswith("/dashboard/")
    card = page.locator(f"[data-testid=kpi-card][data-code='{CODE}']")
    assert card.get_attribute("data-colour") == "red"
    for colour in ("green", "yellow", "red"):  # 青石镇, 白沙镇 and 示例县 (see the conftest)
        cells = f"[data-testid=table-townships] .fz-ind-{colour}, .fz-kpi-{colour}"
        assert page.locator(cells).count() > 0, colour
    page.wait_for_selector("#fz-trend-chart canvas")
    screenshot(page, "dashboard-leader")

    card.locator("[data-testid=kpi-value]").click()
    page.wait_for_selector("[data-testid=records-table]")
    rows = page.locator("[data-testid=record-row]")
    assert rows.count() == 2  # the two lost cases of 2026 in 示例县
    assert "测试败诉率" in page.inner_text("h1.fz-page-title")
    assert page.console_errors == []


def test_wall_mode_fills_the_screen_and_exports_a_png(browser, live_server, frozen, leader, county):
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        sign_in(page, live_server, "leader")
        page.click("[data-testid=enter-wall]")
        page.wait_for_selector("[data-testid=wall] #fz-trend-chart canvas")
        assert page.locator("nav.fz-sidebar").count() == 0
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 1080  # one screen, panels scroll inside
        with page.expect_download() as download:
            page.click("[data-testid=wall] [data-fz-png]")
        assert download.value.suggested_filename.endswith(".png")
        screenshot(page, "dashboard-wall")
        assert errors == []
    finally:
        context.close()
