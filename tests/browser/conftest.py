"""Playwright driving Debian's Chromium (never a browser download: `playwright install` is not used).

Outside CI a missing /usr/bin/chromium skips these tests with the reason; in CI
(FAZHI_REQUIRE_BROWSER=1) it fails them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"未找到 Chromium（{CHROMIUM}），浏览器测试跳过；apt-get install chromium 后可运行"
        if os.environ.get("FAZHI_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
    # in the same thread are still synchronous, so Django's async guard is relaxed for them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Django keeps its connection objects per contextvars context, and entering Playwright
    # leaves this thread in its event loop's context for as long as the browser runs: every
    # later test would get fresh connection objects, lacking the test database's serialized
    # contents, so serialized_rollback would silently restore nothing. Hand the current over.
    handles = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, handle in handles.items():
                connections[alias] = handle
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, live_server, username: str = "county_admin") -> None:
    """Sign in through the login page as one of the conftest personas and wait for a page."""
    from fazhi.org.tests.factories import PASSWORD

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1.fz-page-title")
