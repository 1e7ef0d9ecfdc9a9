"""A person signs in with a real browser and lands on the 待办与预警 page."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import calendar
from fazhi.core.models import CalendarDay
from fazhi.org.tests.factories import PASSWORD
from tests.browser.conftest import screenshot

# Transactional, since the live server's thread must see committed rows. Django empties the
# database after each transactional test; serialized_rollback puts back what the migrations
# stored (the 2004-2026 holiday calendar among it) before each test that asks for it. A
# transactional test that needs migrated data must ask for it the same way.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_county_admin_signs_in_and_sees_the_inbox(page, live_server, county_admin):
    _sign_in(page, live_server, "county_admin", PASSWORD)

    page.wait_for_selector("h1.fz-page-title")
    assert page.inner_text("h1.fz-page-title") == "待办与预警"
    assert "示例县司法局" in page.inner_text("[data-testid=current-user]")
    assert "县级管理员" in page.inner_text("[data-testid=current-user]")
    # The shell's navigation and its stylesheet loaded (no CSP or missing-asset errors).
    assert page.locator("nav.fz-sidebar a.nav-link").count() >= 1
    assert page.console_errors == []
    screenshot(page, "inbox")


def test_wrong_password_shows_a_chinese_error_and_stays_on_login(page, live_server, county_admin):
    _sign_in(page, live_server, "county_admin", "Wrong-passw0rd")

    page.wait_for_selector(".alert-danger")
    assert "/login/" in page.url
    assert page.console_errors == []


def test_a_transactional_test_after_these_still_sees_the_2026_calendar():
    # Runs after the tests above, each of which emptied the database when it ended.
    assert calendar.is_year_entered(2026)
    assert not calendar.is_working_day(dt.date(2026, 10, 1))
    assert calendar.is_working_day(dt.date(2026, 10, 10))
    assert CalendarDay.objects.filter(date__year=2026).count() > 20
