"""Who sees which matters: a village and a township see only their own; the township's post
sees its villages; the county centre sees the county; another county sees nothing (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.review.models import LedgerEntry, MatterDocument, ReviewIssue, ReviewMatter
from fazhi.review.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def matters(
    catalog,
    village_clerk,
    township_clerk,
    other_township_clerk,
    police_clerk,
    township_reviewer,
    reviewer,
):
    return {
        "village": f.closed(village_clerk, township_reviewer, title="村集体鱼塘承包合同"),
        "township": f.submitted(township_clerk, title="镇保洁服务合同"),
        "baisha": f.submitted(other_township_clerk, title="白沙镇租赁合同"),
        "police": f.submitted(police_clerk, title="公安局采购合同"),
    }


def _titles(user):
    return set(ReviewMatter.objects.visible_to(user).values_list("title", flat=True))


def test_a_village_sees_only_its_own_matters(matters, village_clerk):
    assert _titles(village_clerk) == {"村集体鱼塘承包合同"}


def test_a_township_clerk_sees_only_the_townships_own_matters(matters, township_clerk):
    assert _titles(township_clerk) == {"镇保洁服务合同"}


def test_the_township_post_sees_its_township_and_villages_but_not_another_township(
    matters, township_reviewer
):
    assert _titles(township_reviewer) == {"村集体鱼塘承包合同", "镇保洁服务合同"}


def test_the_county_centre_sees_the_whole_county(matters, reviewer):
    assert _titles(reviewer) == {
        "村集体鱼塘承包合同",
        "镇保洁服务合同",
        "白沙镇租赁合同",
        "公安局采购合同",
    }


def test_another_county_sees_nothing(matters, outsider):
    assert _titles(outsider) == set()


def test_issues_documents_and_ledger_follow_their_matter(matters, township_clerk, village_clerk):
    assert not ReviewIssue.objects.visible_to(township_clerk).exists()
    assert ReviewIssue.objects.visible_to(village_clerk).count() == 1
    assert set(
        MatterDocument.objects.visible_to(township_clerk).values_list("matter__title", flat=True)
    ) == {"镇保洁服务合同"}
    assert LedgerEntry.objects.visible_to(village_clerk).count() == 1
    assert not LedgerEntry.objects.visible_to(township_clerk).exists()


@pytest.mark.parametrize("name", ["matter", "letter", "matter-edit"])
def test_another_townships_matter_answers_404_and_is_audited(client, matters, township_clerk, name):
    victim = matters["baisha"]
    client.force_login(township_clerk)
    assert client.get(reverse(f"review:{name}", args=[victim.pk])).status_code == 404
    assert AuditEvent.objects.filter(event="access_denied", object_id=str(victim.pk)).exists()


def test_another_units_file_answers_404(client, matters, village_clerk):
    document = matters["township"].documents.first()
    client.force_login(village_clerk)
    assert client.get(reverse("review:document", args=[document.pk])).status_code == 404


def test_the_submitting_unit_downloads_its_own_file(client, matters, township_clerk):
    document = matters["township"].documents.get(kind="draft")
    client.force_login(township_clerk)
    response = client.get(reverse("review:document", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK\x03\x04")
    assert "attachment" in response["Content-Disposition"]


def test_the_list_page_shows_only_visible_matters(client, matters, village_clerk):
    client.force_login(village_clerk)
    html = client.get(reverse("review:matters")).content.decode()
    assert "村集体鱼塘承包合同" in html
    assert "镇保洁服务合同" not in html and "公安局采购合同" not in html
