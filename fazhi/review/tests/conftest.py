"""Personas and the county catalog for the review tests (on top of the project `tree`)."""

from __future__ import annotations

import pytest

from fazhi.org.roles import Role
from fazhi.org.tests.factories import UserFactory
from fazhi.review.services.catalog import ensure_default_catalog


@pytest.fixture
def catalog(tree):
    ensure_default_catalog(county=tree["regions"]["county"], actor=None, check=False)
    return tree["regions"]["county"]


@pytest.fixture
def township_reviewer(tree):
    """The 法审员 post of 青石镇 (its government oversees the township and its villages)."""
    return UserFactory(
        username="township_reviewer", unit=tree["units"]["qingshi"], roles=[Role.REVIEWER]
    )


@pytest.fixture
def village_clerk(tree):
    return UserFactory(username="village_clerk", unit=tree["units"]["village"], roles=[Role.CLERK])


@pytest.fixture
def police_clerk(tree):
    return UserFactory(username="police_clerk", unit=tree["units"]["police"], roles=[Role.CLERK])


@pytest.fixture(autouse=True)
def _a_monday_in_november_2026():
    """Dates in these tests are computed from a fixed day (2026 is in the holiday calendar)."""
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 16, 2, 0, tzinfo=dt.UTC), tick=False):
        yield
