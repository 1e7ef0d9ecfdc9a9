import pytest
from django.http import Http404

from fazhi.core.models import AuditEvent
from fazhi.org.models import Region, Unit
from fazhi.org.roles import Role
from fazhi.org.scoping import get_visible_or_404, visible_regions
from fazhi.org.tests.factories import UserFactory
from tests.testapp.models import SampleCase

pytestmark = pytest.mark.django_db


def _case(unit, title):
    return SampleCase.objects.create(title=title, unit=unit, received_on="2026-03-02")


def test_township_clerk_sees_only_its_own_units_records(tree, township_clerk):
    own = _case(tree["units"]["qingshi"], "青石镇的案件")
    _case(tree["units"]["baisha"], "白沙镇的案件")
    _case(tree["units"]["police"], "公安局的案件")

    assert list(SampleCase.objects.visible_to(township_clerk)) == [own]


def test_county_staff_see_the_whole_county_subtree_but_not_the_peer_county(
    tree, county_admin, leader
):
    mine = [_case(tree["units"][k], k) for k in ("qingshi", "baisha", "police", "village")]
    _case(tree["units"]["peer_justice"], "临溪县的案件")

    for user in (county_admin, leader):
        assert set(SampleCase.objects.visible_to(user)) == set(mine)


def test_administrator_roles_see_no_business_records(tree, sysadmin, secadmin, auditor):
    _case(tree["units"]["qingshi"], "青石镇的案件")

    for user in (sysadmin, secadmin, auditor):
        assert not SampleCase.objects.visible_to(user).exists()


def test_units_visible_to_a_clerk_are_its_own_unit(tree, township_clerk):
    assert list(Unit.objects.visible_to(township_clerk)) == [tree["units"]["qingshi"]]


# --- where a reviewer sits decides what it sees ----------------------------------------------


def _reviewer_at(unit, username):
    return UserFactory(username=username, unit=unit, roles=[Role.REVIEWER])


@pytest.fixture
def cases(tree):
    """One case per unit, by the unit's short name in the tree fixture."""
    names = ("government", "justice", "police", "qingshi", "baisha", "village", "peer_justice")
    return {name: _case(tree["units"][name], name) for name in names}


def test_a_reviewer_in_a_department_sees_only_that_departments_records(tree, cases):
    police_reviewer = _reviewer_at(tree["units"]["police"], "reviewer_gaj")

    assert list(SampleCase.objects.visible_to(police_reviewer)) == [cases["police"]]
    assert list(Unit.objects.visible_to(police_reviewer)) == [tree["units"]["police"]]
    assert list(visible_regions(police_reviewer)) == [tree["regions"]["county"]]


def test_a_township_reviewer_sees_its_villages_but_not_another_township(tree, cases):
    township_reviewer = _reviewer_at(tree["units"]["qingshi"], "reviewer_qingshi")

    visible = set(SampleCase.objects.visible_to(township_reviewer))

    assert visible == {cases["qingshi"], cases["village"]}
    assert cases["baisha"] not in visible


def test_the_county_reviewer_at_the_justice_bureau_sees_the_county(tree, cases, reviewer):
    county = {cases[k] for k in ("government", "justice", "police", "qingshi", "baisha", "village")}

    assert set(SampleCase.objects.visible_to(reviewer)) == county


def test_a_reviewer_whose_unit_stops_overseeing_falls_back_to_its_own_unit(tree, cases, reviewer):
    Unit.objects.filter(code="U-SFJ").update(oversees_region=False)
    reviewer.refresh_from_db()

    assert list(SampleCase.objects.visible_to(reviewer)) == [cases["justice"]]


def test_county_administrators_and_leaders_are_region_wide_wherever_they_sit(tree, cases):
    police = tree["units"]["police"]
    for role in (Role.COUNTY_ADMIN, Role.LEADER):
        user = UserFactory(username=f"{role}_gaj", unit=police, roles=[role])
        assert cases["baisha"] in SampleCase.objects.visible_to(user)


# --- get_visible_or_404 ------------------------------------------------------------------------


def test_get_visible_or_404_returns_a_record_in_scope_without_an_audit_line(tree, township_clerk):
    own = _case(tree["units"]["qingshi"], "青石镇的案件")

    assert get_visible_or_404(SampleCase.objects.all(), township_clerk, pk=own.pk) == own
    assert not AuditEvent.objects.filter(event="access_denied").exists()


def test_get_visible_or_404_answers_404_outside_the_scope_and_audits_model_and_lookup(
    tree, township_clerk
):
    other = _case(tree["units"]["baisha"], "白沙镇的案件")

    with pytest.raises(Http404):
        get_visible_or_404(SampleCase.objects.all(), township_clerk, pk=other.pk)

    denied = AuditEvent.objects.get(event="access_denied")
    assert (denied.success, denied.actor_id) == (False, township_clerk.pk)
    assert (denied.object_type, denied.object_id) == ("testapp.samplecase", str(other.pk))
    assert denied.message == f"请求范围外的测试案件（testapp.samplecase）：pk={other.pk}"


def test_get_visible_or_404_does_not_audit_a_missing_record(tree, township_clerk):
    with pytest.raises(Http404):
        get_visible_or_404(SampleCase.objects.all(), township_clerk, pk=987654)

    assert not AuditEvent.objects.filter(event="access_denied").exists()


def test_get_visible_or_404_takes_a_queryset_without_visible_to_as_already_scoped(
    tree, township_clerk
):
    regions = Region.objects.filter(code="990121100000")  # the caller's own scope filter

    assert get_visible_or_404(regions, township_clerk, code="990121100000").name == "青石镇"
    with pytest.raises(Http404):
        get_visible_or_404(regions, township_clerk, code="990121101000")
    assert AuditEvent.objects.get(event="access_denied").message.endswith("code=990121101000")
