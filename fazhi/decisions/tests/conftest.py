"""Personas and a clock for the decision tests (on top of the project `tree` and personas).

The 公安局 hosts the decisions (its clerk is the 承办单位), the county government decides (its
clerk records the meeting), the 司法局's 县级管理员 keeps the catalog, its 法审员 reviews.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory
from fazhi.review.models import CatalogMaterial, MatterType
from fazhi.review.services.catalog import ensure_default_catalog

CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def clock():
    """Today is Monday 2026-06-01 (2026 is in the holiday calendar); `clock.move_to(day)`."""
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, 0, tzinfo=CST), tick=False) as traveller:
        yield Mover(traveller)


class Mover:
    def __init__(self, traveller: time_machine.Coordinates) -> None:
        self.traveller = traveller

    def move_to(self, day: dt.date) -> None:
        self.traveller.move_to(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=CST))


@pytest.fixture
def review_catalog(tree):
    """The county's review catalog, its 重大行政决策 entry asking for a 风险评估报告 only when
    the decision has one: the default list requires it of every decision, which a line whose
    catalog does not require 风险评估 cannot give (reported to the review module's owner)."""
    county = tree["regions"]["county"]
    ensure_default_catalog(county=county, actor=None, check=False)
    CatalogMaterial.objects.filter(
        entry__region=county, entry__matter_type=MatterType.DECISION, name="风险评估报告"
    ).update(required=False)
    return county


@pytest.fixture
def police_clerk(tree):
    return UserFactory(username="police_clerk", unit=tree["units"]["police"], roles=[Role.CLERK])


@pytest.fixture
def gov_clerk(tree):
    """A clerk of the county government (the 决策机关)."""
    return UserFactory(username="gov_clerk", unit=tree["units"]["government"], roles=[Role.CLERK])


@pytest.fixture
def justice_clerk(tree):
    """A 司法局 clerk (not region-wide): sees the 司法局's own decisions only."""
    return UserFactory(username="justice_clerk", unit=tree["units"]["justice"], roles=[Role.CLERK])
