"""No lost updates: two people edit the same unit; the second save of a stale form is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.exceptions import StaleRecordError
from fazhi.core.models import AuditEvent
from fazhi.org import services
from fazhi.org.models import Unit
from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STALE = "该记录已被他人修改，请刷新后重试"


def form_data(response, **changes):
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    if not data["is_active"]:
        data.pop("is_active")
    data.update(changes)
    return data


@pytest.fixture
def second_county_admin(tree):
    return UserFactory(
        username="county_admin_2", unit=tree["units"]["justice"], roles=[Role.COUNTY_ADMIN]
    )


def test_a_stale_save_is_refused_keeping_the_users_input_and_the_first_save(
    tree, county_admin, second_county_admin
):
    url = reverse("org:unit-edit", kwargs={"code": "U-GAJ"})
    alice, bob = Client(), Client()
    alice.force_login(county_admin)
    bob.force_login(second_county_admin)
    form_a, form_b = alice.get(url), bob.get(url)
    assert (
        form_a.context["form"]["version"].value() == form_b.context["form"]["version"].value() == 1
    )

    saved = alice.post(url, form_data(form_a, name="示例县公安局（甲改）", sort_order=5))
    assert saved.status_code == 302

    refused = bob.post(url, form_data(form_b, name="示例县公安局（乙改）", short_name="乙的简称"))

    assert refused.status_code == 409
    html = refused.content.decode()
    assert STALE in html
    assert 'value="示例县公安局（乙改）"' in html  # Bob's input is shown back, not discarded
    assert 'value="乙的简称"' in html
    assert "示例县公安局（甲改）" in html  # the stored value beside it
    assert html.count('class="fz-differs"') == 3  # name, short name and sort order differ
    unit = Unit.objects.get(code="U-GAJ")
    assert (unit.name, unit.short_name, unit.sort_order, unit.version) == (
        "示例县公安局（甲改）",
        "",
        5,
        2,
    )
    changes = AuditEvent.objects.filter(object_type="org.unit", event="update")
    assert [(e.actor_id, e.changes["name"]) for e in changes] == [
        (county_admin.pk, ["示例县公安局", "示例县公安局（甲改）"])
    ]


def test_after_seeing_the_conflict_a_deliberate_second_save_succeeds(
    tree, county_admin, second_county_admin
):
    url = reverse("org:unit-edit", kwargs={"code": "U-GAJ"})
    alice, bob = Client(), Client()
    alice.force_login(county_admin)
    bob.force_login(second_county_admin)
    form_a, form_b = alice.get(url), bob.get(url)
    alice.post(url, form_data(form_a, name="甲改"))
    refused = bob.post(url, form_data(form_b, name="乙改"))
    assert refused.context["form"]["version"].value() == "2"

    again = bob.post(url, form_data(refused, name="乙改"))

    assert again.status_code == 302
    assert Unit.objects.get(code="U-GAJ").name == "乙改"


def test_the_service_refuses_a_stale_version(tree, county_admin):
    unit = tree["units"]["police"]
    services.unit_update(actor=county_admin, unit=unit, expected_version=1, changes={"name": "一"})

    with pytest.raises(StaleRecordError, match=STALE):
        services.unit_update(
            actor=county_admin, unit=unit, expected_version=1, changes={"name": "二"}
        )
    assert Unit.objects.get(pk=unit.pk).name == "一"


def test_an_import_bumps_the_version_so_open_forms_become_stale(tree, county_admin):
    from fazhi.org.importers import org_tree_import
    from fazhi.org.tests.test_importers import workbook

    client = Client()
    client.force_login(county_admin)
    url = reverse("org:unit-edit", kwargs={"code": "U-GAJ"})
    form = client.get(url)
    org_tree_import(data=workbook(), actor=county_admin, dry_run=False)

    response = client.post(url, form_data(form, name="表单里的名称"))

    assert response.status_code == 409
    assert Unit.objects.get(code="U-GAJ").short_name == "县公安局"
