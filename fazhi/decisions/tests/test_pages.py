"""The pages: the year's catalog with its coloured steps, a decision's page with the forms its
user may use, the POST endpoints (a refusal is shown, nothing changes), the figures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.decisions.models import Decision, DecisionCatalog
from fazhi.decisions.tests import factories as f
from fazhi.decisions.tests.factories import D
from fazhi.decisions.workflow import Stage, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(tree, clock, review_catalog, county_admin, police_clerk, gov_clerk, reviewer):
    lines = [
        f.line(tree, plans=f.plans(launch=3, participation=4, meeting=5)),
        f.line(tree, host="qingshi", title="青石镇集镇改造", expert=True),
    ]
    catalog, decisions = f.published_catalog(tree, county_admin, lines)
    return {"catalog": catalog, "decisions": decisions}


def test_the_catalog_shows_each_line_with_its_coloured_steps(client, walk, county_admin):
    client.force_login(county_admin)
    response = client.get(reverse("decisions:catalog-year", kwargs={"year": 2026}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "城区停车收费标准调整" in page and "青石镇集镇改造" in page
    # planned to launch in March 2026, not launched by June: the step is overdue
    assert 'data-stage="launch" data-state="overdue"' in page
    assert 'class="badge fz-catalog-published"' in page


def test_the_current_catalog_redirects_to_this_year(client, walk, county_admin):
    client.force_login(county_admin)
    response = client.get(reverse("decisions:catalog"))
    assert response["Location"] == reverse("decisions:catalog-year", kwargs={"year": 2026})


def test_a_unit_sees_only_its_own_lines(client, walk, police_clerk):
    client.force_login(police_clerk)
    page = client.get(reverse("decisions:catalog-year", kwargs={"year": 2026})).content.decode()
    assert "城区停车收费标准调整" in page and "青石镇集镇改造" not in page


def test_the_host_sees_the_launch_form_and_the_organ_does_not(
    client, walk, police_clerk, gov_clerk
):
    decision = walk["decisions"][0]
    url = decision.get_absolute_url()
    client.force_login(police_clerk)
    assert 'data-testid="act-launch"' in client.get(url).content.decode()
    client.force_login(gov_clerk)
    page = client.get(url).content.decode()
    assert 'data-testid="act-launch"' not in page and "尚未启动" in page


def test_a_refused_step_shows_its_message_and_changes_nothing(client, walk, police_clerk):
    decision = walk["decisions"][0]
    client.force_login(police_clerk)
    url = reverse("decisions:act", kwargs={"decision_id": decision.pk, "step": "launch"})
    data = {
        "version": decision.version,
        "launched_on": "2026-03-02",
        "proposal_source": "leader",
        "proposal": "x",
        "research_note": "y",
    }
    response = client.post(url, data, follow=True)
    assert "请先上传决策建议（立项）材料" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).status == Status.PLANNED


def test_a_premature_meeting_is_refused_on_the_page(client, walk, police_clerk, gov_clerk):
    decision = f.through_stages(walk["decisions"][0], police_clerk)
    client.force_login(gov_clerk)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert 'data-testid="meeting-problems"' in page and "合法性审查：尚未送审" in page
    url = reverse("decisions:act", kwargs={"decision_id": decision.pk, "step": "decide"})
    data = {
        "version": decision.version,
        "decided_on": "2026-05-30",
        "meeting_name": "常务会议",
        "attendance": "x",
        "head_decision": "同意",
        "dissent": "无",
    }
    response = client.post(url, data, follow=True)
    assert "不能提交集体讨论决定" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).status == Status.DRAFTING


def test_upload_and_download_a_material(client, walk, police_clerk):
    from fazhi.review.tests.factories import pdf

    decision = walk["decisions"][0]
    client.force_login(police_clerk)
    url = reverse("decisions:upload", kwargs={"decision_id": decision.pk})
    client.post(url, {"kind": "proposal", "file": pdf("立项.pdf")})
    material = decision.materials.get()
    response = client.get(reverse("decisions:material", kwargs={"material_id": material.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_catalog_manager_compiles_a_catalog_with_the_form(client, tree, clock, county_admin):
    client.force_login(county_admin)
    client.post(reverse("decisions:catalog-open", kwargs={"year": 2026}))
    catalog = DecisionCatalog.objects.get()
    url = reverse("decisions:item-create", kwargs={"year": 2026})
    data = {
        "title": "农贸市场布局规划",
        "category": "plan",
        "decision_unit": tree["units"]["government"].pk,
        "host_unit": "",
        "needs_participation": "on",
        "plan_meeting": "2026-09",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "请选择承办单位" in response.content.decode()
    data["host_unit"] = tree["units"]["police"].pk
    response = client.post(url, data)
    decision = catalog.decisions.get()
    assert response["Location"] == decision.get_absolute_url()
    assert decision.plan_meeting == D(2026, 9, 30)


def test_the_figures_page_lists_the_indicators(client, walk, county_admin):
    client.force_login(county_admin)
    page = client.get(reverse("decisions:figures") + "?year=2026").content.decode()
    for name in ("目录事项数", "目录化管理覆盖率", "合法性审查率", "依法公开率", "按计划完成率"):
        assert name in page
    assert 'data-testid="value-decisions.catalog_items">2 项' in page
    records = client.get(
        reverse("decisions:figure-records") + "?code=decisions.catalog_items&year=2026"
    ).content.decode()
    assert "城区停车收费标准调整" in records


def test_a_stage_card_shows_its_materials_and_forms(client, walk, police_clerk):
    decision = f.launched(walk["decisions"][0], police_clerk)
    client.force_login(police_clerk)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert 'data-testid="act-consultation"' in page
    assert 'data-testid="upload-notice"' in page
    assert f'id="stage-{Stage.PARTICIPATION.value}"' in page


def test_the_catalog_is_agreed_and_published_on_its_page(client, tree, clock, county_admin):
    from fazhi.decisions.services import catalog as catalogs

    catalog = catalogs.open_catalog(region=tree["regions"]["county"], year=2026, actor=county_admin)
    catalogs.add_item(catalog=catalog, actor=county_admin, data=f.line(tree))
    client.force_login(county_admin)
    step = lambda name: reverse("decisions:catalog-step", kwargs={"year": 2026, "step": name})  # noqa: E731
    client.post(step("publish"), {"version": 1, "published_on": "2026-02-20", "channel": "网站"})
    assert DecisionCatalog.objects.get().status == "draft"
    client.post(
        step("approve"), {"version": 1, "approved_on": "2026-02-10", "approval_body": "县委常委会"}
    )
    client.post(step("publish"), {"version": 2, "published_on": "2026-02-20", "channel": "网站"})
    assert DecisionCatalog.objects.get().status == "published"


def test_an_adjustment_is_proposed_and_approved_on_the_pages(client, walk, county_admin, tree):
    client.force_login(county_admin)
    url = reverse("decisions:adjustment-create", kwargs={"year": 2026})
    first = walk["decisions"][0]
    response = client.post(
        url, {"kind": "remove", "decision": first.pk, "reason": "上级已统一规定"}
    )
    assert response.status_code == 302
    adjustment = first.adjustments.get()
    decide = reverse("decisions:adjustment-decide", kwargs={"adjustment_id": adjustment.pk})
    data = {"version": adjustment.version, "approved_on": "2026-06-01", "approval_body": "县政府"}
    client.post(decide, {**data, "outcome": "approve"})
    assert Decision.objects.get(pk=first.pk).status == Status.WITHDRAWN


def test_a_decision_outside_the_catalog_is_registered_on_its_page(client, walk, county_admin, tree):
    client.force_login(county_admin)
    url = reverse("decisions:item-create", kwargs={"year": 2026}) + "?unlisted=1"
    data = {
        "title": "临时动议事项",
        "category": "policy",
        "decision_unit": tree["units"]["government"].pk,
        "host_unit": tree["units"]["police"].pk,
        "needs_participation": "on",
        "reason": "督察发现",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert Decision.objects.get(title="临时动议事项").origin == "unlisted"
