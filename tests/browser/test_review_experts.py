"""The 专家库 in a real browser: the county administrator adds an expert, a township's 法审员
picks pool experts for a contract under review (one declares an interest and is excluded), records
the other's opinion, and the matter shows who was consulted (issue 4, expert consultation)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory
from fazhi.review.models import Expert
from fazhi.review.services import experts
from fazhi.review.services.catalog import ensure_default_catalog
from fazhi.review.tests import factories as f
from tests.browser.conftest import screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def matter(tree, county_admin, township_clerk):
    """A 青石镇 contract under review by its own 法审员, and one expert already in the pool."""
    ensure_default_catalog(county=tree["regions"]["county"], actor=None, check=False)
    reviewer = UserFactory(
        username="qs_reviewer", unit=tree["units"]["qingshi"], roles=[Role.REVIEWER]
    )
    experts.create_expert(
        actor=county_admin,
        values={"name": "林志恒", "specialty": "民商法（合同）", "employer": "明正律师事务所"},
    )
    return f.in_review(township_clerk, reviewer, title="青石镇农贸市场租赁合同")


def _submit(page, selector):
    with page.expect_navigation():
        page.click(f"{selector} button[type=submit]")


def test_a_reviewer_consults_pool_experts_and_an_interested_one_is_excluded(
    page, live_server, matter, township_clerk
):
    sign_in(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/review/experts/new/")
    for field, value in (
        ("name", "郑国栋"),
        ("specialty", "民商法（合同）"),
        ("phone", "13900005678"),
    ):
        page.fill(f"#id_{field}", value)
    _submit(page, "[data-testid=expert-form]")
    assert page.locator("[data-testid=expert-row]").count() == 2

    page.context.clear_cookies()
    sign_in(page, live_server, "qs_reviewer")
    page.goto(f"{live_server.url}{matter.get_absolute_url()}?specialty=民商法（合同）#experts")
    lin, zheng = (Expert.objects.get(name=n).pk for n in ("林志恒", "郑国栋"))
    page.check(f"#pick-{lin}")
    page.select_option(f"select[name=interest_{lin}]", "unit")
    page.fill(f"input[name=note_{lin}]", "近三年为送审单位提供常年法律服务")
    page.check(f"#pick-{zheng}")
    page.select_option(f"select[name=interest_{zheng}]", "none")
    _submit(page, "[data-testid=pool-form]")

    body = page.inner_text("body")
    assert "专家林志恒与送审单位有利害关系" in body and "应当回避" in body
    assert "已选定论证专家：郑国栋" in body
    page.fill("[data-testid=expert-opinion-form] textarea", "租金调整条款应明确依据和程序。")
    today = timezone.localdate().isoformat()
    page.fill("[data-testid=expert-opinion-form] input[type=date]", today)
    _submit(page, "[data-testid=expert-opinion-form]")

    experts_card = page.inner_text("[data-testid=matter-experts]")
    assert "租金调整条款应明确依据和程序。" in experts_card and "回避" in experts_card
    assert "专家回避" in page.inner_text("[data-testid=timeline]")
    screenshot(page, "review-experts-matter")

    page.context.clear_cookies()
    sign_in(page, live_server, township_clerk.username)
    page.goto(f"{live_server.url}/review/experts/")
    assert "139****5678" in page.inner_text("[data-testid=experts]")
    assert not page.console_errors
