"""The 审查事项目录清单: defaults per level, time limits within their bounds, the unconfirmed
规范性文件 period configurable and said so on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.deadlines import clear_override_cache
from fazhi.core.exceptions import ApplicationError
from fazhi.core.models import DeadlineRuleOverride
from fazhi.review import deadlines
from fazhi.review.models import CatalogEntry, Level, MatterType
from fazhi.review.services import NotAllowedError
from fazhi.review.services.catalog import ensure_default_catalog, update_entry
from fazhi.review.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_default_catalog_covers_every_level_and_type(catalog):
    entries = CatalogEntry.objects.filter(region=catalog)
    assert set(entries.values_list("level", flat=True)) == set(Level.values)
    county_types = set(entries.filter(level=Level.COUNTY).values_list("matter_type", flat=True))
    assert county_types == set(MatterType.values) - {MatterType.VILLAGE}
    village = entries.filter(level=Level.VILLAGE)
    assert {"村级合同", "村规民约、村民自治章程"} <= set(village.values_list("name", flat=True))
    assert village.get(name="村级合同").is_contract


def test_building_the_catalog_twice_adds_nothing(catalog, county_admin):
    assert ensure_default_catalog(county=catalog, actor=county_admin) == 0


def test_only_the_countys_administrator_keeps_its_catalog(tree, outsider, township_clerk):
    with pytest.raises(NotAllowedError):
        ensure_default_catalog(county=tree["regions"]["county"], actor=township_clerk)
    with pytest.raises(NotAllowedError, match="只能由示例县的县级管理员维护本县目录"):
        ensure_default_catalog(county=tree["regions"]["county"], actor=outsider)


def _update(entry, actor, **values):
    base = {
        "name": entry.name,
        "description": "",
        "time_limit": None,
        "is_contract": entry.is_contract,
        "mandatory": True,
        "is_active": True,
    }
    return update_entry(
        entry=entry,
        actor=actor,
        expected_version=entry.version,
        values={**base, **values},
        required=["起草说明"],
        optional=[],
    )


@pytest.mark.parametrize(
    ("kind", "days", "message"),
    [
        ("normative", 20, "应为5 至 15个工作日"),
        ("normative", 3, "应为5 至 15个工作日"),
        ("decision", 5, "应为不少于 7个工作日"),
    ],
)
def test_a_time_limit_outside_its_bounds_is_refused_and_changes_nothing(
    catalog, county_admin, kind, days, message
):
    entry = f.entry_for(catalog, "county", kind)
    with pytest.raises(ApplicationError, match=message):
        _update(entry, county_admin, time_limit=days)
    entry.refresh_from_db()
    assert entry.time_limit is None and entry.version == 1


def test_a_catalog_time_limit_sets_the_due_date_of_new_submissions(
    catalog, county_admin, police_clerk
):
    entry = f.entry_for(catalog, "county", "normative")
    _update(entry, county_admin, time_limit=10)
    matter = f.submitted(police_clerk, matter_type="normative", title="优化营商环境若干规定")
    assert matter.time_limit == 10
    assert matter.due_on.isoformat() == "2026-11-30"  # 10 working days after Monday 2026-11-16


def test_the_unconfirmed_normative_period_follows_a_local_override(catalog, police_clerk):
    assert deadlines.NORMATIVE.unconfirmed and not deadlines.DECISION.unconfirmed
    assert deadlines.default_limit("normative") == 15
    DeadlineRuleOverride.objects.create(
        rule_key="review.normative", count=7, reason="本省规定 7 个工作日"
    )
    clear_override_cache()
    assert deadlines.default_limit("normative") == 7
    matter = f.submitted(police_clerk, matter_type="normative", title="某规定")
    assert matter.time_limit == 7


def test_the_catalog_page_says_the_normative_period_is_unconfirmed(client, catalog, township_clerk):
    client.force_login(township_clerk)
    html = client.get(reverse("review:catalog")).content.decode()
    assert "原文尚未核实" in html and "待核实" in html
    assert "村级合同" in html and "乡镇（街道）行政协议及合同" in html


def test_the_catalog_edit_form_saves_materials(client, catalog, county_admin):
    entry = f.entry_for(catalog, "village", "village")
    client.force_login(county_admin)
    assert client.get(reverse("review:catalog-edit", args=[entry.pk])).status_code == 200
    response = client.post(
        reverse("review:catalog-edit", args=[entry.pk]),
        {
            "version": entry.version,
            "name": entry.name,
            "time_limit": "8",
            "is_contract": "on",
            "mandatory": "on",
            "is_active": "on",
            "required_materials": "村民代表会议决议\n合同文本",
            "optional_materials": "资信材料",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.time_limit == 8
    assert [(m.name, m.required) for m in entry.materials.all()] == [
        ("村民代表会议决议", True),
        ("合同文本", True),
        ("资信材料", False),
    ]


def test_a_clerk_cannot_edit_the_catalog(client, catalog, township_clerk):
    entry = f.entry_for(catalog, "village", "village")
    client.force_login(township_clerk)
    assert client.get(reverse("review:catalog-edit", args=[entry.pk])).status_code == 403


def test_a_matter_type_outside_the_units_level_is_refused(catalog, township_clerk):
    from fazhi.review.services import submission

    county_entry = f.entry_for(catalog, "county", "contract")
    with pytest.raises(ApplicationError, match="不在示例县乡镇（街道）审查事项目录中"):
        submission.create_matter(
            actor=township_clerk,
            catalog_entry=county_entry,
            review_unit=township_clerk.unit,
            title="x",
        )
