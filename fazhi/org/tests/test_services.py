"""The org services: region levels and paths, unit edits in scope, account rules, the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.org import services
from fazhi.org.models import Region, RegionLevel, Unit
from fazhi.org.passwords import character_classes

pytestmark = pytest.mark.django_db

L = RegionLevel


@pytest.mark.parametrize(
    ("level", "parent", "allowed"),
    [
        (L.CITY, L.PROVINCE, True),
        (L.COUNTY, L.CITY, True),
        (L.COUNTY, L.PROVINCE, True),  # 省直管县
        (L.TOWNSHIP, L.COUNTY, True),
        (L.VILLAGE, L.TOWNSHIP, True),
        (L.VILLAGE, L.COUNTY, False),
        (L.TOWNSHIP, L.CITY, False),
        (L.CITY, L.CITY, False),
        (L.PROVINCE, L.PROVINCE, False),
        (L.TOWNSHIP, None, True),  # whether a root is allowed is the caller's rule
    ],
)
def test_a_region_sits_one_level_below_its_parent(level, parent, allowed):
    assert (services.region_parent_problem(level, parent, "X") is None) is allowed


def test_the_level_message_names_the_parent_and_the_expected_level():
    message = services.region_parent_problem(L.TOWNSHIP, L.CITY, "990100000000")

    assert message == "上级区划 990100000000 为市，乡镇(街道)的上级应为县(市、区)"


def test_moving_a_region_rewrites_its_subtree_and_is_audited(tree):
    result = services.region_upsert(
        actor=None, code="990121100000", name="青石镇", level=L.TOWNSHIP, parent_code="990122000000"
    )

    assert result == services.UPDATED
    assert list(
        Region.objects.filter(path__startswith="/990000000000/990100000000/990122000000/")
        .order_by("path")
        .values_list("code", flat=True)
    ) == ["990122000000", "990121100000", "990121100201"]
    assert AuditEvent.objects.filter(object_type="org.region", event="update").count() == 1


def test_an_unchanged_region_writes_nothing(tree):
    result = services.region_upsert(
        actor=None, code="990121100000", name="青石镇", level=L.TOWNSHIP, parent_code="990121000000"
    )

    assert result == services.UNCHANGED
    assert not AuditEvent.objects.exists()


def test_a_county_administrator_may_not_edit_another_countys_unit(tree, outsider):
    unit = tree["units"]["police"]

    with pytest.raises(services.NotAllowedError, match="该单位不在您的管辖范围内"):
        services.unit_update(actor=outsider, unit=unit, expected_version=1, changes={"name": "x"})
    assert Unit.objects.get(pk=unit.pk).name == "示例县公安局"


def test_a_parent_outside_the_scope_is_refused(tree, county_admin):
    with pytest.raises(services.NotAllowedError, match="上级单位不在您的管辖范围内"):
        services.unit_update(
            actor=county_admin,
            unit=tree["units"]["police"],
            expected_version=1,
            changes={"parent": tree["units"]["peer_justice"]},
        )


def test_only_the_editable_fields_of_a_unit_may_change(tree, county_admin):
    with pytest.raises(services.ApplicationError, match="不能修改这些字段：code"):
        services.unit_update(
            actor=county_admin,
            unit=tree["units"]["police"],
            expected_version=1,
            changes={"code": "X"},
        )


def test_a_leader_may_not_edit_units(tree, leader):
    with pytest.raises(services.NotAllowedError, match="维护组织机构"):
        services.unit_update(
            actor=leader, unit=tree["units"]["police"], expected_version=1, changes={"name": "x"}
        )


def test_generated_passwords_have_all_four_character_classes():
    passwords = {services.generate_password() for _ in range(50)}

    assert len(passwords) == 50
    assert all(len(p) == 14 and len(character_classes(p)) == 4 for p in passwords)


def test_the_security_administrator_may_not_create_accounts(tree, secadmin):
    with pytest.raises(services.NotAllowedError):
        services.user_create(
            actor=secadmin, username="x", full_name="x", unit=tree["units"]["police"]
        )


def test_disabling_twice_says_the_account_is_already_disabled(tree, sysadmin, reviewer):
    services.user_set_active(actor=sysadmin, user=reviewer, active=False)

    with pytest.raises(services.ApplicationError, match="该账号已停用"):
        services.user_set_active(actor=sysadmin, user=reviewer, active=False)


# --- the Django admin -------------------------------------------------------------------------


def test_the_admin_moves_a_region_with_its_subtree_and_audits_it(client, tree, sysadmin):
    client.force_login(sysadmin)
    region = tree["regions"]["qingshi"]
    url = reverse("admin:org_region_change", args=[region.pk])

    response = client.post(
        url,
        {
            "code": region.code,
            "name": "青石镇",
            "level": L.TOWNSHIP,
            "parent": tree["regions"]["peer"].pk,
        },
    )

    assert response.status_code == 302
    village = Region.objects.get(code="990121100201")
    assert village.path == "/990000000000/990100000000/990122000000/990121100000/990121100201/"
    assert AuditEvent.objects.filter(object_type="org.region", event="update").exists()


def test_the_admin_refuses_a_wrong_parent_level(client, tree, sysadmin):
    client.force_login(sysadmin)
    region = tree["regions"]["village"]
    url = reverse("admin:org_region_change", args=[region.pk])

    response = client.post(
        url,
        {
            "code": region.code,
            "name": "青石村",
            "level": L.VILLAGE,
            "parent": tree["regions"]["county"].pk,
        },
    )

    assert response.status_code == 200
    assert "村(社区)的上级应为乡镇(街道)" in response.content.decode()
    assert Region.objects.get(pk=region.pk).parent == tree["regions"]["qingshi"]


def test_the_admin_lists_units_with_filters(client, tree, sysadmin):
    client.force_login(sysadmin)

    response = client.get(reverse("admin:org_unit_changelist"), {"kind__exact": "court"})

    assert response.status_code == 200
    assert "示例县人民法院" in response.content.decode()
    assert "示例县公安局" not in response.content.decode()


def test_business_roles_have_no_admin(client, tree, county_admin):
    client.force_login(county_admin)

    response = client.get(reverse("admin:org_region_changelist"))

    assert response.status_code in (302, 403)
