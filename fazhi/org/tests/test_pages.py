"""The organisation pages: tree, search, unit detail and edit, import; scoped for every user."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.org.models import Region, Unit
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory
from fazhi.org.tests.test_importers import UNITS, workbook
from fazhi.org.tests.test_versioning import form_data

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _unit_url(code):
    return reverse("org:unit-detail", kwargs={"code": code})


def test_the_county_administrator_sees_its_county_tree_and_not_the_peer_county(
    client, tree, county_admin
):
    response = _login(client, county_admin).get(reverse("org:tree"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "示例县" in html and "青石镇" in html and "示例县司法局" in html
    assert "临溪县" not in html
    assert [b.region.code for b in response.context["roots"]] == ["990121000000"]


def test_the_system_administrator_sees_the_whole_tree(client, tree, sysadmin):
    response = _login(client, sysadmin).get(reverse("org:tree"))

    roots = response.context["roots"]
    assert [b.region.code for b in roots] == ["990000000000"]
    assert [r.code for r in roots[0].children] == ["990100000000"]


def test_children_of_a_region_load_on_demand(client, tree, county_admin):
    url = reverse("org:region-children", kwargs={"region_code": "990121100000"})

    response = _login(client, county_admin).get(url, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "青石村" in html and "青石镇人民政府" in html
    assert "<html" not in html  # a fragment for htmx


def test_a_township_clerk_sees_only_its_own_unit_in_the_tree(client, tree, township_clerk):
    response = _login(client, township_clerk).get(reverse("org:tree"))

    html = response.content.decode()
    assert "青石镇人民政府" in html
    assert "白沙镇" not in html and "示例县公安局" not in html
    children = reverse("org:region-children", kwargs={"region_code": "990121101000"})
    assert client.get(children).status_code == 404


def test_the_search_finds_units_and_regions_in_scope_only(client, tree, county_admin):
    _login(client, county_admin)

    response = client.get(reverse("org:tree"), {"q": "司法局"})
    fragment = client.get(
        reverse("org:tree"),
        {"q": "990121"},
        headers={"HX-Request": "true", "HX-Target": "org-search-results"},
    )

    results = response.context["results"]
    assert [u.code for u in results.units] == ["U-SFJ"]  # not 临溪县司法局
    assert results.units[0].place == "示例省 › 示例市 › 示例县"
    assert "<html" not in fragment.content.decode()
    assert {r.code for r in fragment.context["results"].regions} >= {"990121100000"}


def test_a_township_clerk_gets_404_for_another_townships_unit_and_it_is_audited(
    client, tree, township_clerk
):
    _login(client, township_clerk)

    assert client.get(_unit_url("U-QS")).status_code == 200
    assert client.get(_unit_url("U-BS")).status_code == 404
    denied = AuditEvent.objects.get(event="access_denied")
    assert denied.actor_id == township_clerk.pk and "U-BS" in denied.message
    assert client.get(_unit_url("U-NO-SUCH")).status_code == 404
    assert AuditEvent.objects.filter(event="access_denied").count() == 1  # none for a missing one


@pytest.mark.parametrize("code", ["U-GOV", "U-SFJ", "U-QS", "U-QSC", "U-FY"])
def test_an_outsider_county_administrator_gets_404_for_the_units_of_the_demo_county(
    client, tree, outsider, code
):
    _login(client, outsider)

    assert client.get(_unit_url(code)).status_code == 404
    assert client.get(reverse("org:unit-edit", kwargs={"code": code})).status_code == 404


def test_the_unit_page_lists_its_people_with_roles_and_masked_phones(
    client, tree, county_admin, reviewer
):
    reviewer.phone = "13812341234"
    reviewer.save()

    response = _login(client, county_admin).get(_unit_url("U-SFJ"))

    html = response.content.decode()
    assert "reviewer" in html and "法审员" in html
    assert "138****1234" in html and "13812341234" not in html
    assert "编辑" in html


def test_the_auditor_has_no_organisation_pages(client, tree, auditor):
    _login(client, auditor)

    assert client.get(reverse("org:tree")).status_code == 403
    assert client.get(_unit_url("U-SFJ")).status_code == 403
    assert AuditEvent.objects.filter(event="access_denied", actor=auditor).count() == 2


def test_a_leader_may_view_but_not_edit_a_unit(client, tree, leader):
    _login(client, leader)

    assert client.get(_unit_url("U-GAJ")).status_code == 200
    assert client.get(reverse("org:unit-edit", kwargs={"code": "U-GAJ"})).status_code == 403


def test_a_unit_cannot_become_its_own_grandparent(client, tree, county_admin):
    Unit.objects.filter(code="U-QS").update(parent=tree["units"]["government"])
    url = reverse("org:unit-edit", kwargs={"code": "U-GOV"})
    _login(client, county_admin)
    data = form_data(client.get(url), parent=tree["units"]["qingshi"].pk)

    response = client.post(url, data)

    assert response.status_code == 400
    assert "上级单位不能是本单位或本单位的下级单位" in response.content.decode()
    assert Unit.objects.get(code="U-GOV").parent is None


def test_a_duplicate_unit_name_in_the_same_region_is_shown_on_the_form(client, tree, county_admin):
    url = reverse("org:unit-edit", kwargs={"code": "U-GAJ"})
    _login(client, county_admin)
    data = form_data(client.get(url), name="示例县司法局")

    response = client.post(url, data)

    assert response.status_code == 400
    assert "单位" in str(response.context["form"].non_field_errors())
    assert Unit.objects.get(code="U-GAJ").name == "示例县公安局"


def _upload(client, data, name="组织机构.xlsx"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("org:import"), {"file": file})


def test_the_import_page_previews_then_writes_on_confirmation(client, tree, county_admin):
    _login(client, county_admin)
    before = Unit.objects.count()

    preview = _upload(client, workbook())

    assert preview.status_code == 200
    result = preview.context["result"]
    assert result.regions["created"] == 2 and result.units["updated"] == 1
    assert Unit.objects.count() == before  # a preview writes nothing
    token = preview.context["token"]

    done = client.post(reverse("org:import-confirm"), {"token": token})

    assert done.status_code == 302
    assert Unit.objects.count() == before + 2
    assert AuditEvent.objects.filter(event="import", actor=county_admin).count() == 1
    again = client.post(reverse("org:import-confirm"), {"token": token})
    assert again.status_code == 302 and AuditEvent.objects.filter(event="import").count() == 1


def test_the_import_page_shows_the_error_table_and_offers_no_confirmation(
    client, tree, county_admin
):
    _login(client, county_admin)
    units = [*UNITS, ("U-HY", "重复", "司法所", "990121102000", "", "")]

    response = _upload(client, workbook(units=units))

    html = response.content.decode()
    assert response.status_code == 400
    assert "单位编码 U-HY 在本文件中重复（首次出现在第 2 行）" in html
    assert "确认导入" not in html
    assert not Region.objects.filter(code="990121102000").exists()


def test_the_import_page_refuses_a_macro_workbook(client, tree, county_admin):
    response = _upload(_login(client, county_admin), workbook(), name="组织机构.xlsm")

    assert response.status_code == 400
    assert "不接受启用宏的工作簿" in response.content.decode()


def test_a_confirmation_needs_the_token_of_this_session(client, tree, county_admin):
    _login(client, county_admin)

    response = client.post(reverse("org:import-confirm"), {"token": "0" * 64}, follow=True)

    assert "预览已过期或文件不存在，请重新上传。" in response.content.decode()


def test_the_template_and_export_downloads(client, tree, county_admin):
    _login(client, county_admin)

    template = client.get(reverse("org:import-template"))
    export = client.get(reverse("org:export"))

    assert template["Content-Disposition"].startswith("attachment")
    assert template.content[:4] == b"PK\x03\x04"
    assert export.content[:4] == b"PK\x03\x04"
    event = AuditEvent.objects.get(event="export")
    assert (
        event.actor_id == county_admin.pk and "区划 4 条、单位 7 条" in event.message
    )  # its county only


def test_a_clerk_may_not_import_or_export(client, tree, township_clerk):
    _login(client, township_clerk)

    assert client.get(reverse("org:import")).status_code == 403
    assert client.get(reverse("org:export")).status_code == 403


def test_the_navigation_shows_the_org_entries_by_permission(client, tree, county_admin, leader):
    html = _login(client, county_admin).get(reverse("org:tree")).content.decode()
    assert "组织机构" in html and "人员与角色" in html and "Excel 导入" in html

    html = _login(client, leader).get(reverse("org:tree")).content.decode()
    assert "人员与角色" in html and "Excel 导入" not in html


def test_setting_a_unit_to_oversee_its_region_widens_its_reviewers_scope(
    client, tree, county_admin
):
    police_reviewer = UserFactory(
        username="reviewer_gaj", unit=tree["units"]["police"], roles=[Role.REVIEWER]
    )
    url = reverse("org:unit-edit", kwargs={"code": "U-GAJ"})
    _login(client, police_reviewer)
    assert client.get(_unit_url("U-QS")).status_code == 404
    assert "U-QS" in AuditEvent.objects.get(event="access_denied").message

    _login(client, county_admin)
    form = client.get(url)
    assert "统筹本区划事务" in form.content.decode()
    response = client.post(url, form_data(form, oversees_region="on"))

    assert response.status_code == 302
    police = Unit.objects.get(code="U-GAJ")
    assert police.oversees_region and police.version == 2
    change = AuditEvent.objects.get(event="update", object_type="org.unit")
    assert change.changes["oversees_region"] == [False, True]
    assert "统筹本区划" in client.get(_unit_url("U-GAJ")).content.decode()
    _login(client, police_reviewer)
    assert client.get(_unit_url("U-QS")).status_code == 200
