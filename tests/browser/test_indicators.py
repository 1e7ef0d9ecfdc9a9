"""The 考核测评 pages in a browser: a county administrator runs an assessment of the townships
under a scheme, reads the coloured ranking, freezes it and compares it with the live figures.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from fazhi.indicators.tests.conftest import cases, scheme, towns
from tests.browser.conftest import screenshot, sign_in

__all__ = ["cases", "scheme", "towns"]  # fixtures shared with the unit tests
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def clock(settings):
    settings.CSRF_COOKIE_AGE = None  # the browser lives in real time (see test_disputes_walk)
    with time_machine.travel(dt.datetime(2026, 11, 21, 9, 30, tzinfo=CST), tick=True):
        yield


def test_an_administrator_runs_freezes_and_compares_an_assessment(
    page, live_server, clock, towns, scheme, county_admin
):
    sign_in(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/indicators/")
    form = page.locator("[data-testid=run-new]")
    form.locator("select[name=region]").select_option("990121000000")
    form.locator("input[name=year]").fill("2023")
    form.locator("select[name=system]").select_option(str(scheme.pk))
    form.locator("button[type=submit]").click()

    page.wait_for_selector("[data-testid=ranking]")
    first = page.locator("[data-testid=ranking] tbody tr").first
    assert "白沙镇" in first.inner_text() and "103.00" in first.inner_text()
    assert page.locator(".badge.fz-colour-green").count() >= 1
    assert page.locator("td.fz-ind-red").count() >= 1
    screenshot(page, "indicators-ranking")

    page.click("[data-testid=freeze]")
    page.wait_for_selector("text=已冻结：本次考核结果不再随数据更正而变动")
    assert "已冻结" in page.locator("[data-testid=run-status]").inner_text()
    page.click("text=与实时数据比对")
    page.wait_for_selector("text=快照与实时数据一致")

    page.goto(f"{live_server.url}/indicators/targets/990121000000/2023/")
    page.wait_for_selector("[data-testid=targets]")
    screenshot(page, "indicators-targets")
    page.goto(f"{live_server.url}/indicators/systems/{scheme.pk}/")
    page.wait_for_selector("[data-testid=items]")
    screenshot(page, "indicators-system")
    page.goto(f"{live_server.url}/indicators/manual/U-QS/2023/")
    page.wait_for_selector("text=公职律师配备率")
    screenshot(page, "indicators-manual")
    assert page.console_errors == []


def test_a_long_run_shows_that_it_has_started_and_cannot_be_sent_twice(
    page, live_server, clock, towns, county_admin
):
    sign_in(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/indicators/")
    # The form answers into a frame, so this page stays to be looked at after the submit.
    page.evaluate(
        """() => {
            const frame = document.createElement('iframe');
            frame.name = 'sink';
            document.body.append(frame);
            document.querySelector('[data-testid=run-new]').target = 'sink';
        }"""
    )
    sent = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" else None)
    form = page.locator("[data-testid=run-new]")
    button = form.locator("button[type=submit]")
    button.click()
    page.wait_for_function("document.querySelector('[data-testid=run-new] button').disabled")
    assert "正在计算…" in button.inner_text()
    assert form.locator(".spinner-border").count() == 1
    # Enter in a field does not send the form again.
    form.locator("input[name=year]").press("Enter")
    page.wait_for_timeout(300)
    assert [r.url for r in sent] == [f"{live_server.url}/indicators/runs/new/"]


def test_a_cancelled_confirmation_leaves_the_form_ready(page, live_server, clock, county_admin):
    sign_in(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/indicators/")
    # Another listener cancels the submit (as a confirm dialog answered 取消 does).
    page.evaluate(
        """() => document.querySelector('[data-testid=run-new]')
            .addEventListener('submit', (e) => e.preventDefault())"""
    )
    button = page.locator("[data-testid=run-new] button[type=submit]")
    button.click()
    page.wait_for_timeout(100)
    assert button.is_enabled()
    assert "计算并排名" in button.inner_text()
