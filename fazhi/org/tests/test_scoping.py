import pytest

from fazhi.org.models import Unit
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
