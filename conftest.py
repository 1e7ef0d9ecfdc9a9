"""Project-wide fixtures: a small county tree and one persona per role.

示例省 > 示例市 > 示例县 > 青石镇 (with 两个村) and 白沙镇; a peer county 临溪县 for outsiders.
"""

from __future__ import annotations

import pytest

from fazhi.org.models import RegionLevel, UnitKind
from fazhi.org.roles import Role
from fazhi.org.tests.factories import PASSWORD, RegionFactory, UnitFactory, UserFactory

__all__ = ["PASSWORD"]


@pytest.fixture
def tree(db):
    """The regions and units the personas belong to, by short name."""
    province = RegionFactory(code="990000000000", name="示例省", level=RegionLevel.PROVINCE)
    city = RegionFactory(
        code="990100000000", name="示例市", level=RegionLevel.CITY, parent=province
    )
    county = RegionFactory(
        code="990121000000", name="示例县", level=RegionLevel.COUNTY, parent=city
    )
    qingshi = RegionFactory(
        code="990121100000", name="青石镇", level=RegionLevel.TOWNSHIP, parent=county
    )
    baisha = RegionFactory(
        code="990121101000", name="白沙镇", level=RegionLevel.TOWNSHIP, parent=county
    )
    village = RegionFactory(
        code="990121100201", name="青石村", level=RegionLevel.VILLAGE, parent=qingshi
    )
    peer = RegionFactory(code="990122000000", name="临溪县", level=RegionLevel.COUNTY, parent=city)
    units = {
        "government": UnitFactory(
            code="U-GOV", name="示例县人民政府", kind=UnitKind.GOVERNMENT, region=county
        ),
        # The county's 合法性审查中心 sits in the 司法局: it oversees the county (its reviewers
        # see the county's subtree); the 公安局 does not.
        "justice": UnitFactory(
            code="U-SFJ", name="示例县司法局", region=county, oversees_region=True
        ),
        "police": UnitFactory(code="U-GAJ", name="示例县公安局", region=county),
        "qingshi": UnitFactory(
            code="U-QS", name="青石镇人民政府", kind=UnitKind.TOWNSHIP_GOV, region=qingshi
        ),
        "baisha": UnitFactory(
            code="U-BS", name="白沙镇人民政府", kind=UnitKind.TOWNSHIP_GOV, region=baisha
        ),
        "village": UnitFactory(
            code="U-QSC", name="青石村村民委员会", kind=UnitKind.VILLAGE_COMMITTEE, region=village
        ),
        "peer_justice": UnitFactory(
            code="U-LX-SFJ", name="临溪县司法局", region=peer, oversees_region=True
        ),
        "court": UnitFactory(
            code="U-FY", name="示例县人民法院", kind=UnitKind.COURT, region=county
        ),
    }
    regions = {
        "province": province,
        "city": city,
        "county": county,
        "qingshi": qingshi,
        "baisha": baisha,
        "village": village,
        "peer": peer,
    }
    return {"regions": regions, "units": units}


def _persona(username: str, unit, *roles: str):
    return UserFactory(username=username, full_name=username, unit=unit, roles=list(roles))


@pytest.fixture
def county_admin(tree):
    return _persona("county_admin", tree["units"]["justice"], Role.COUNTY_ADMIN)


@pytest.fixture
def reviewer(tree):
    return _persona("reviewer", tree["units"]["justice"], Role.REVIEWER)


@pytest.fixture
def leader(tree):
    return _persona("leader", tree["units"]["government"], Role.LEADER)


@pytest.fixture
def township_clerk(tree):
    return _persona("township_clerk", tree["units"]["qingshi"], Role.CLERK)


@pytest.fixture
def other_township_clerk(tree):
    return _persona("other_township_clerk", tree["units"]["baisha"], Role.CLERK)


@pytest.fixture
def outsider(tree):
    """County admin of the peer county: must see nothing of 示例县."""
    return _persona("outsider", tree["units"]["peer_justice"], Role.COUNTY_ADMIN)


@pytest.fixture
def sysadmin(tree):
    return _persona("sysadmin", tree["units"]["justice"], Role.SYSADMIN)


@pytest.fixture
def secadmin(tree):
    return _persona("secadmin", tree["units"]["justice"], Role.SECADMIN)


@pytest.fixture
def auditor(tree):
    return _persona("auditor", tree["units"]["justice"], Role.AUDITOR)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The holiday calendar and deadline-rule caches live in the process, but each test's rows
    roll back: start and end every test with empty caches."""
    from fazhi.core import calendar, deadlines

    calendar.clear_cache()
    deadlines.clear_override_cache()
    yield
    calendar.clear_cache()
    deadlines.clear_override_cache()


@pytest.fixture(autouse=True)
def _fresh_django_cache():
    """The per-address login throttle counts in Django's cache (LocMemCache, per process): each
    test starts with no failures counted from the test client's address."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
