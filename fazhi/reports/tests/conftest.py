"""Fixtures of the report tests: 示例县's lawsuits of 2024–2025 and a drafted 2025 report."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from fazhi.reports import services
from fazhi.reports.tests.factories import county_data

TODAY = dt.date(2026, 1, 20)


@pytest.fixture
def frozen():
    """20 January 2026: the 2025 report is being written, 3月1日 and 4月1日 are ahead."""
    with time_machine.travel(dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def data(tree):
    county_data(tree)
    return tree


@pytest.fixture
def report(data, county_admin, frozen):
    """示例县人民政府's 2025 report, drafted by the county administrator."""
    return services.draft_report(
        reporter=data["units"]["government"], year=2025, actor=county_admin
    )
