"""Issue 3's "Done when": a county administrator walks a 复议 case from 收到 to 结案 in a real
browser and sees the county's figures (行政复议收案数, 审结数, 纠错数, 纠错率) change.

Time is frozen (ticking) at 2026-06-30, inside the years the holiday calendar knows, so that the
working-day periods of the walk can be computed whatever day the test runs.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from fazhi.disputes.enums import ReconOutcome, ReconStatus
from fazhi.disputes.models import Reconsideration
from tests.browser.conftest import screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOW = dt.datetime(2026, 6, 30, 9, 30, tzinfo=dt.UTC)
CASE_NUMBER = "示复〔2026〕501号"
FIGURES = {
    "received": "disputes.reconsideration_received",
    "concluded": "disputes.reconsideration_concluded",
    "corrected": "disputes.reconsideration_corrected",
    "rate": "disputes.reconsideration_correction_rate",
}


@pytest.fixture
def frozen(settings):
    # The CSRF cookie would otherwise expire a year after the frozen date, which a browser
    # living in real time may already have passed: make it a session cookie for this test.
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(NOW, tick=True):
        yield


def _figures(page, live_server) -> dict[str, str]:
    page.goto(f"{live_server.url}/disputes/figures/?year=2026")
    page.wait_for_selector("[data-testid=figures-table]")
    values = {
        key: page.inner_text(f"[data-testid='figure-{code}'] [data-testid=value-link]").strip()
        for key, code in FIGURES.items()
    }
    # Counts as "1 件" (or "—" when there is nothing to count): keep the number.
    for key in ("received", "concluded", "corrected"):
        values[key] = re.sub(r"\s*件$", "", values[key])
    return values


def _take(page, action: str, fields: dict[str, str] | None = None, selects=None) -> None:
    """Open the action's small form (htmx), fill it, submit it."""
    page.click(f"[data-testid=action-{action}]")
    page.wait_for_selector("[data-testid=transition-form]")
    for selector, value in (fields or {}).items():
        page.fill(selector, value)
    for selector, label in (selects or {}).items():
        page.select_option(selector, label=label)
    page.click("[data-testid=transition-submit]")


def _status_is(page, label: str) -> None:
    page.wait_for_selector(f"h1 [data-testid=case-status]:text-is('{label}')")


def _register(page, live_server) -> None:
    page.goto(f"{live_server.url}/disputes/reconsiderations/")
    page.click("[data-testid=case-create]")
    page.fill("#id_case_number", CASE_NUMBER)
    page.select_option("#id_respondent", label="示例县公安局")
    page.select_option("#id_act_type", label="行政处罚")
    page.select_option("#id_field", label="公安")
    page.fill("#id_act_description", "公安局作出的罚款 500 元的行政处罚决定")
    page.fill("#id_received_on", "2026-06-22")
    page.fill("#id_applicants-0-name", "张三丰")
    page.fill("#id_applicants-0-id_number", "330102199001011234")
    page.click("[data-testid=case-submit]")
    _status_is(page, "受理审查中")


def test_a_reconsideration_walks_from_receipt_to_closure_and_the_figures_follow(
    frozen, page, live_server, county_admin
):
    sign_in(page, live_server)
    before = _figures(page, live_server)
    # No case yet: the figures page shows 0 or "—" (no value) for each.
    assert {before["received"], before["concluded"], before["corrected"]} <= {"0", "—"}

    _register(page, live_server)
    # 收到 2026-06-22 (Monday): 受理审查 5 个工作日 → 2026-06-29 (行政复议法 第30条).
    assert "2026-06-29" in page.inner_text("[data-testid='deadline-disputes.recon.admission']")

    _take(page, "accept", {"#id_accepted_on": "2026-06-24"}, {"#id_procedure": "普通程序"})
    _status_is(page, "审理中")

    _take(page, "hold_hearing", {"#id_hearing_on": "2026-06-26"},
          {"#id_head_attendance": "负责人参加"})  # fmt: skip
    page.wait_for_selector("[data-testid=case-timeline] :text('听证')")

    # An extension beyond the legal maximum is refused in the form, in Chinese (第62条) …
    _take(page, "extend", {"#id_extension_days": "31", "#id_extended_on": "2026-06-29"})
    page.wait_for_selector("[data-testid=form-errors]:has-text('行政复议法 第62条')")
    # … and 30 days are granted: 60 days from 24 June end on Sunday 23 August, rolled to Monday
    # 24 August (RULES.md §11.B); the extension runs from there: 23 September.
    page.fill("#id_extension_days", "30")
    page.click("[data-testid=transition-submit]")
    page.wait_for_selector("[data-testid=case-facts] :text('30 日')")
    assert "2026-09-23" in page.inner_text(
        "[data-testid='deadline-disputes.recon.decision_normal']"
    )

    _take(page, "close", {"#id_closed_on": "2026-06-30"}, {"#id_outcome": "撤销"})
    _status_is(page, "已结案")
    assert "纠错" in page.inner_text("[data-testid=case-facts]")
    screenshot(page, "disputes-recon-closed")

    case = Reconsideration.objects.get(case_number=CASE_NUMBER)
    assert (case.status, case.outcome, case.corrected) == (
        ReconStatus.CLOSED,
        ReconOutcome.REVOKE,
        True,
    )
    assert (case.hearing_held, case.extension_days) == (True, 30)

    after = _figures(page, live_server)
    assert (after["received"], after["concluded"], after["corrected"]) == ("1", "1", "1")
    assert re.match(r"^100(\.0+)?\s*%$", after["rate"]), after["rate"]
    screenshot(page, "disputes-figures-after-walk")
    # The refused extension answered 400 on purpose (Chromium logs it); nothing else failed.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
