"""The annual catalog: compiled, agreed by the Party committee, published, adjusted."""

from __future__ import annotations

import pytest

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.decisions.items import ItemData
from fazhi.decisions.models import CatalogEdition, Decision, Origin
from fazhi.decisions.services import catalog as catalogs
from fazhi.decisions.tests import factories as f
from fazhi.decisions.tests.factories import D
from fazhi.decisions.workflow import CatalogStatus, Stage, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(tree, county_admin, clock):
    return catalogs.open_catalog(region=tree["regions"]["county"], year=2026, actor=county_admin)


def test_a_line_without_its_host_unit_is_refused_and_nothing_is_stored(tree, draft, county_admin):
    data = f.line(tree)
    data.host_unit = None
    with pytest.raises(ApplicationError, match="增加目录事项：「承办单位」不能为空"):
        catalogs.add_item(catalog=draft, actor=county_admin, data=data)
    assert not Decision.objects.exists()


def test_planned_months_out_of_order_or_for_stages_not_required_are_refused(
    tree, draft, county_admin
):
    data = f.line(tree, plans=f.plans(launch=3, participation=5, legality=4, expert=6))
    with pytest.raises(ApplicationError) as refused:
        catalogs.add_item(catalog=draft, actor=county_admin, data=data)
    assert "「专家论证完成时间」未要求专家论证，不应填写其计划时间" in refused.value.message
    assert (
        "「合法性审查完成时间」不能早于「公众参与完成时间」（2026年5月），顺序不对"
        in refused.value.message
    )


def test_a_unit_of_another_county_cannot_host(tree, draft, county_admin):
    data = f.line(tree, host="peer_justice")
    with pytest.raises(ApplicationError, match="“临溪县司法局”不是示例县的行政机关"):
        catalogs.add_item(catalog=draft, actor=county_admin, data=data)


def test_only_the_countys_managers_keep_the_catalog(tree, draft, police_clerk, gov_clerk, outsider):
    with pytest.raises(NotAllowedError):
        catalogs.add_item(catalog=draft, actor=police_clerk, data=f.line(tree))
    with pytest.raises(NotAllowedError):
        catalogs.add_item(catalog=draft, actor=outsider, data=f.line(tree))
    assert catalogs.add_item(catalog=draft, actor=gov_clerk, data=f.line(tree)).seq == 1


def test_publication_needs_the_party_committees_agreement(tree, draft, county_admin):
    catalogs.add_item(catalog=draft, actor=county_admin, data=f.line(tree))
    with pytest.raises(ApplicationError, match="须经党委同意后才能公布"):
        catalogs.publish(
            catalog=draft,
            actor=county_admin,
            expected_version=draft.version,
            published_on=D(2026, 2, 20),
            channel="网站",
        )
    draft = catalogs.approve(
        catalog=draft,
        actor=county_admin,
        expected_version=draft.version,
        approved_on=D(2026, 2, 10),
        approval_body="县委常委会",
    )
    with pytest.raises(ApplicationError, match="公布日期 2026-02-01 早于党委同意日期 2026-02-10"):
        catalogs.publish(
            catalog=draft,
            actor=county_admin,
            expected_version=draft.version,
            published_on=D(2026, 2, 1),
            channel="网站",
        )
    published = catalogs.publish(
        catalog=draft,
        actor=county_admin,
        expected_version=draft.version,
        published_on=D(2026, 2, 20),
        channel="网站",
    )
    assert (published.status, published.edition) == (CatalogStatus.PUBLISHED, 1)
    assert Decision.objects.get().listed_on == D(2026, 2, 20)
    assert [row["事项名称"] for row in CatalogEdition.objects.get().items] == [
        "城区停车收费标准调整"
    ]


def test_a_published_catalog_changes_only_by_approved_adjustments(tree, county_admin, clock):
    catalog, (first,) = f.published_catalog(tree, county_admin, [f.line(tree)])
    with pytest.raises(ApplicationError, match="只能通过目录调整"):
        catalogs.add_item(catalog=catalog, actor=county_admin, data=f.line(tree, title="新"))
    added = catalogs.propose_adjustment(
        catalog=catalog,
        actor=county_admin,
        kind="add",
        reason="县政府交办",
        data=f.line(tree, title="农村供水价格改革", host="qingshi"),
    )
    assert not Decision.objects.filter(title="农村供水价格改革").exists()
    catalogs.approve_adjustment(
        adjustment=added,
        actor=county_admin,
        expected_version=added.version,
        approved_on=D(2026, 6, 1),
        approval_body="县政府第10次常务会议",
    )
    new = Decision.objects.get(title="农村供水价格改革")
    assert (new.seq, new.origin, new.listed_on) == (2, Origin.ADJUSTMENT, D(2026, 6, 1))
    changed_data = f.line(tree, plans=f.plans(meeting=9), risk=True)
    change = catalogs.propose_adjustment(
        catalog=catalog,
        actor=county_admin,
        kind="change",
        decision=first,
        reason="增加风险评估",
        data=changed_data,
    )
    catalogs.approve_adjustment(
        adjustment=change,
        actor=county_admin,
        expected_version=change.version,
        approved_on=D(2026, 6, 1),
        approval_body="县政府",
    )
    first = f.fresh(first)
    assert (first.needs_risk, first.plan_meeting) == (True, D(2026, 9, 30))
    catalog = f.fresh(catalog)
    edition = catalogs.publish_edition(
        catalog=catalog,
        actor=county_admin,
        expected_version=catalog.version,
        published_on=D(2026, 6, 1),
        channel="网站",
        note="第一次调整",
    )
    assert edition.number == 2 and len(edition.items) == 2


def test_removing_a_line_withdraws_its_decision(tree, county_admin, clock):
    catalog, (first,) = f.published_catalog(tree, county_admin, [f.line(tree)])
    removal = catalogs.propose_adjustment(
        catalog=catalog, actor=county_admin, kind="remove", decision=first, reason="上级已统一规定"
    )
    catalogs.approve_adjustment(
        adjustment=removal,
        actor=county_admin,
        expected_version=removal.version,
        approved_on=D(2026, 6, 1),
        approval_body="县政府",
    )
    assert f.fresh(first).status == Status.WITHDRAWN
    assert catalogs.snapshot(catalog) == []


def test_a_decided_line_can_no_longer_be_adjusted(tree, county_admin, clock):
    catalog, (first,) = f.published_catalog(tree, county_admin, [f.line(tree)])
    Decision.objects.filter(pk=first.pk).update(status=Status.DECIDED)
    with pytest.raises(ApplicationError, match="已决定，不能再调整目录事项"):
        catalogs.propose_adjustment(
            catalog=catalog, actor=county_admin, kind="remove", decision=f.fresh(first), reason="x"
        )


def test_a_decision_outside_the_catalog_is_registered_as_such(tree, county_admin, clock):
    catalog, _lines = f.published_catalog(tree, county_admin, [f.line(tree)])
    unlisted = catalogs.register_unlisted(
        catalog=catalog,
        actor=county_admin,
        data=f.line(tree, title="临时动议事项"),
        reason="2026年法治督察发现",
    )
    assert (unlisted.origin, unlisted.listed_on, unlisted.seq) == (Origin.UNLISTED, None, 2)
    assert Decision.objects.listed().count() == 1


def test_a_line_of_a_catalog_not_yet_published_cannot_be_launched(
    tree, draft, county_admin, police_clerk
):
    decision = catalogs.add_item(catalog=draft, actor=county_admin, data=f.line(tree))
    f.upload_stage(decision, police_clerk, Stage.LAUNCH)
    with pytest.raises(ApplicationError, match="2026年度目录尚未经党委同意并公布"):
        f.launched(f.fresh(decision), police_clerk)


def test_item_data_round_trips_through_an_adjustment(tree):
    data = f.line(tree, plans=f.plans(meeting=9), expert=True)
    back = ItemData.from_json(data.as_json())
    assert back.fields() == data.fields()
