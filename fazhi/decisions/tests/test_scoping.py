"""Who sees which decision: a unit its own; the county government (the 决策机关) and the county's
region-wide users all of the county; the peer county nothing (404). And the 待办与预警 of
stages behind their plan, and the archive of the whole record."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from fazhi.core import inbox
from fazhi.core.deadlines import DueStatus
from fazhi.core.models import AuditEvent
from fazhi.decisions import archive
from fazhi.decisions.models import Decision
from fazhi.decisions.tests import factories as f
from fazhi.decisions.tests.factories import D
from fazhi.decisions.workflow import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(tree, clock, review_catalog, county_admin):
    _catalog, decisions = f.published_catalog(
        tree,
        county_admin,
        [
            f.line(tree, title="公安局事项", plans=f.plans(launch=3, meeting=9)),
            f.line(tree, host="qingshi", title="青石镇事项", plans=f.plans(launch=6)),
            f.line(tree, host="justice", title="司法局事项"),
        ],
    )
    return decisions


def _seen(user) -> set[str]:
    return set(Decision.objects.visible_to(user).values_list("title", flat=True))


ALL = {"公安局事项", "青石镇事项", "司法局事项"}


def test_a_unit_sees_its_own_decisions(lines, police_clerk, township_clerk, justice_clerk):
    assert _seen(police_clerk) == {"公安局事项"}
    assert _seen(township_clerk) == {"青石镇事项"}
    assert _seen(justice_clerk) == {"司法局事项"}


def test_the_government_and_the_countys_region_wide_users_see_the_county(
    lines, gov_clerk, county_admin, reviewer, leader
):
    for user in (gov_clerk, county_admin, reviewer, leader):
        assert _seen(user) == ALL, user.username


def test_outsiders_get_404_for_another_units_decision_and_its_files(
    client, lines, township_clerk, outsider, police_clerk
):
    decision = lines[0]
    material = f.upload(decision, police_clerk, "proposal")
    for user in (township_clerk, outsider):
        client.force_login(user)
        assert client.get(decision.get_absolute_url()).status_code == 404
        url = reverse("decisions:material", kwargs={"material_id": material.pk})
        assert client.get(url).status_code == 404
        url = reverse("decisions:archive", kwargs={"decision_id": decision.pk})
        assert client.get(url).status_code == 404
    assert _seen(outsider) == set()


def test_the_outsiders_county_has_no_catalog_for_them(client, lines, outsider):
    client.force_login(outsider)
    page = client.get(reverse("decisions:catalog-year", kwargs={"year": 2026})).content.decode()
    assert "临溪县尚未建立 2026 年度重大行政决策事项目录" in page


def test_a_stage_behind_its_plan_is_in_the_inbox_of_those_who_work_on_it(
    lines, police_clerk, township_clerk, gov_clerk, leader
):
    items = [i for i in inbox.items_for(police_clerk) if i.module == "重大行政决策"]
    assert [(i.title, i.status) for i in items] == [
        ("决策启动（计划2026年3月）：公安局事项", DueStatus.OVERDUE)
    ]
    assert [i.title for i in inbox.items_for(township_clerk) if i.module == "重大行政决策"] == [
        "决策启动（计划2026年6月）：青石镇事项"
    ]
    assert len([i for i in inbox.items_for(gov_clerk) if i.module == "重大行政决策"]) == 2
    assert [i for i in inbox.items_for(leader) if i.module == "重大行政决策"] == []


def test_a_launched_decision_moves_to_its_next_planned_stage(lines, police_clerk):
    f.launched(lines[0], police_clerk)
    items = [i for i in inbox.items_for(police_clerk) if i.module == "重大行政决策"]
    assert items == []  # the next planned stage, the meeting in September, is months away


def test_the_archive_holds_every_material_in_order_with_its_index(
    tree, clock, review_catalog, county_admin, police_clerk, gov_clerk, reviewer
):
    _catalog, (decision,) = f.published_catalog(tree, county_admin, [f.line(tree)])
    decision = f.ready_for_meeting(decision, police_clerk, reviewer, gov_clerk)
    clock.move_to(D(2026, 6, 15))
    decision = f.decide(decision, gov_clerk)
    content, name = archive.archive(decision=decision, actor=gov_clerk)
    assert name == "2026-01-城区停车收费标准调整-立卷归档.zip"
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert names[0].startswith("01-决策启动-决策建议（立项）材料")
    assert any(n.startswith("0") and "合法性审查意见书" in n for n in names)
    assert names[-1] == "00-卷内目录.xlsx"
    index = openpyxl.load_workbook(io.BytesIO(zipfile.ZipFile(io.BytesIO(content)).read(names[-1])))
    assert index.sheetnames == ["卷内目录", "决策概况", "办理过程"]
    assert index["卷内目录"].max_row == len(names)  # a header, and a line per file but the index
    assert AuditEvent.objects.filter(event="export", message__startswith="导出立卷归档").exists()
    assert Stage.MEETING.label in [row[0] for row in index["决策概况"].iter_rows(values_only=True)]
