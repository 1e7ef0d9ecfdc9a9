"""Personal data masked everywhere; the full value only on request, for roles that need it, audited."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from fazhi.core.masking import mask, mask_address, mask_id_number, mask_phone
from fazhi.core.models import AuditEvent

PHONE = "13812341234"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("330102199001011234", "330***********1234"),
        ("33010219900101123X", "330***********123X"),
        ("330102900101123", "330********1123"),  # 15-digit first-generation card
        ("", ""),
        (None, ""),
    ],
)
def test_id_numbers_keep_the_first_three_and_last_four(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812341234", "138****1234"),
        (" 13812341234 ", "138****1234"),
        ("0571-88123456", "057******3456"),
        ("1234567", "*****67"),  # too short to keep 3 + 4 without showing it all
        ("", ""),
    ],
)
def test_phones_keep_three_and_four(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区****"),
        ("北京市海淀区中关村大街1号", "北京市海淀区****"),
        ("浙江省义乌市稠城街道工业区5号", "浙江省义乌市****"),
        ("新疆维吾尔自治区乌鲁木齐市天山区解放路", "新疆维吾尔自治区乌鲁木齐市天山区****"),
        ("示例县青石镇青石村3组", "示例县****"),
        ("青石村3组", "****"),  # no county to keep: nothing is shown
        ("", ""),
    ],
)
def test_addresses_are_cut_after_the_county_or_district(value, masked):
    assert mask_address(value) == masked


def test_an_unknown_kind_masks_everything():
    assert mask("abc", "bank") == "***"


def test_the_template_filter_masks_by_kind():
    template = Template('{% load masking %}{{ p|mask:"phone" }} {{ i|mask:"id_number" }}')

    rendered = template.render(Context({"p": PHONE, "i": "330102199001011234"}))

    assert rendered == "138****1234 330***********1234"


# --- the full number on a user's page ---------------------------------------------------------


@pytest.fixture
def person(tree, township_clerk):
    township_clerk.phone = PHONE
    township_clerk.save()
    return township_clerk


def _phone_url(user):
    return reverse("org:user-phone", kwargs={"username": user.username})


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["county_admin", "reviewer", "sysadmin"])
def test_roles_that_need_it_see_the_full_number_and_each_view_is_audited(
    client, request, person, persona
):
    viewer = request.getfixturevalue(persona)
    client.force_login(viewer)
    detail = client.get(reverse("org:user-detail", kwargs={"username": person.username}))
    assert "138****1234" in detail.content.decode() and PHONE not in detail.content.decode()
    assert "显示完整" in detail.content.decode()

    response = client.post(_phone_url(person), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert PHONE in response.content.decode() and "<html" not in response.content.decode()
    event = AuditEvent.objects.get(event="pi_view")
    assert (event.actor_id, event.object_id, event.object_type) == (
        viewer.pk,
        str(person.pk),
        "org.user",
    )


@pytest.mark.django_db
def test_without_htmx_the_full_number_is_shown_on_the_page(client, person, reviewer):
    client.force_login(reviewer)

    response = client.post(_phone_url(person))

    assert PHONE in response.content.decode()
    assert AuditEvent.objects.filter(event="pi_view").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "secadmin", "township_clerk"])
def test_other_roles_get_403_and_the_attempt_is_audited(client, request, person, persona):
    viewer = request.getfixturevalue(persona)
    client.force_login(viewer)

    detail = client.get(reverse("org:user-detail", kwargs={"username": person.username}))
    response = client.post(_phone_url(person))

    assert "显示完整" not in detail.content.decode()
    assert response.status_code == 403
    assert PHONE not in response.content.decode()
    assert not AuditEvent.objects.filter(event="pi_view").exists()
    assert AuditEvent.objects.filter(event="access_denied", actor=viewer).count() == 1


@pytest.mark.django_db
def test_a_full_number_outside_the_scope_answers_404(client, person, outsider):
    client.force_login(outsider)

    assert client.post(_phone_url(person)).status_code == 404
    assert not AuditEvent.objects.filter(event="pi_view").exists()
