"""Province scale: a city's board ranks its counties, a frozen run shows beside the live
figures, and the board's queries stay grouped whatever the number of counties."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.dashboard.board import build_board
from fazhi.dashboard.choice import parse_choice
from fazhi.dashboard.tests.conftest import CODE, target
from fazhi.indicators.assessment import run_assessment
from fazhi.indicators.models import ManualIndicator, ManualValue, TargetLevel
from fazhi.org.models import RegionLevel, UnitKind
from fazhi.org.roles import Role
from fazhi.org.tests.factories import RegionFactory, UnitFactory, UserFactory
from tests.testapp.models import SampleCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_leader(tree):
    city = tree["regions"]["city"]
    unit = UnitFactory(code="U-CITY", name="示例市人民政府", kind=UnitKind.GOVERNMENT, region=city)
    return UserFactory(username="city_leader", unit=unit, roles=[Role.LEADER])


@pytest.fixture
def county_targets(tree):
    target(tree["regions"]["city"], TargetLevel.COUNTY, 20, 60)


def _add_county(tree, number: int, lost: int, closed: int = 4):
    city = tree["regions"]["city"]
    county = RegionFactory(
        code=f"9901{30 + number:02d}000000",
        name=f"新县{number}",
        level=RegionLevel.COUNTY,
        parent=city,
    )
    unit = UnitFactory(code=f"U-NEW-{number}", name=f"新县{number}司法局", region=county)
    for n in range(closed):
        SampleCase.objects.create(
            title=f"新县{number}-{n}", unit=unit, received_on=dt.date(2026, 1, 5),
            closed_on=dt.date(2026, 2, 1), lost=n < lost,
        )  # fmt: skip
    return county


def test_city_leader_sees_its_counties_ranked_with_colours(
    client, city_leader, tree, cases, county_targets
):
    client.force_login(city_leader)
    html = client.get(reverse("dashboard:home") + f"?rank={CODE}").content.decode()

    counties = html[html.index('data-testid="table-counties"') :]
    counties = counties[: counties.index("</table>")]
    # 示例县 18.18% (green ≤20), 临溪县 100.00% (red above 60): 示例县 ranks first.
    assert counties.index("示例县") < counties.index("临溪县")
    assert re.search(r'fz-ind-green"[^>]*>.*?18\.18%', counties)
    assert re.search(r'fz-ind-red"[^>]*>.*?100\.00%', counties)


def test_county_leader_cannot_open_the_city(client, leader, tree):
    client.force_login(leader)
    url = reverse("dashboard:page-region", kwargs={"region_code": tree["regions"]["city"].code})

    assert client.get(url).status_code == 404


def test_board_queries_do_not_grow_with_the_number_of_counties(
    tree, city_leader, cases, county_targets, today
):
    def queries() -> int:
        choice, _note = parse_choice(city_leader, {}, timezone.localdate())
        with CaptureQueriesContext(connection) as captured:
            board = build_board(choice, CODE)
        assert board.rankings
        return len(captured.captured_queries)

    _add_county(tree, 1, lost=1)
    few = queries()
    for number in range(2, 8):
        _add_county(tree, number, lost=number % 4)
    many = queries()

    assert many == few


def test_frozen_run_is_shown_and_does_not_move_with_the_records(
    client, leader, tree, cases, targets
):
    run_assessment(
        region=tree["regions"]["county"], year=2026, level=TargetLevel.TOWNSHIP, actor=None,
        freeze=True,
    )  # fmt: skip
    client.force_login(leader)
    html = client.get(reverse("dashboard:home")).content.decode()
    SampleCase.objects.create(
        title="新败诉", unit=tree["units"]["qingshi"], received_on="2026-05-01",
        closed_on="2026-05-02", lost=True,
    )  # fmt: skip
    later = client.get(reverse("dashboard:home")).content.decode()

    for page in (html, later):
        run = page[page.index('data-testid="table-run-township"') :]
        run = run[: run.index("</table>")]
        # Scored by colour: 青石镇 green, full 100 points; 白沙镇 yellow, half.
        assert re.search(r"青石镇.*?100\.00", run, re.S)
        assert re.search(r"白沙镇.*?50\.00", run, re.S)
    assert "第1名" in later  # the tree marks the published place


# --- manual figures ------------------------------------------------------------------------


@pytest.fixture
def lawyers(tree):
    indicator = ManualIndicator.objects.create(
        code="manual.public_lawyer_rate", name="公职律师配备率", definition="配备公职律师的单位 ÷ 应配备单位",
    )  # fmt: skip
    units = tree["units"]
    for key, num, den in (("police", 3, 5), ("justice", 2, 0), ("baisha", 1, 1)):
        ManualValue.objects.create(
            indicator=indicator, unit=units[key], year=2026, numerator=Decimal(num),
            denominator=Decimal(den), evidence_name=f"{key}.pdf",
        )  # fmt: skip
    target(tree["regions"]["county"], TargetLevel.COUNTY, 60, 40, code=indicator.code)
    return indicator


def test_manual_figure_is_marked_and_links_to_its_entered_values(client, leader, tree, lawyers):
    client.force_login(leader)
    html = client.get(reverse("dashboard:home")).content.decode()

    card = html[html.index('data-code="manual.public_lawyer_rate"') :][:1500]
    assert "手工填报" in card
    assert "100.00%" in card  # (3 + 2 + 1) ÷ (5 + 0 + 1)
    url = reverse(
        "dashboard:records-region",
        kwargs={"region_code": tree["regions"]["county"].code, "indicator": "manual.public_lawyer_rate", "part": "values"},
    )  # fmt: skip
    assert url in card
    rows = client.get(url).context["rows"]
    assert sorted(row[0].text for row in rows) == ["白沙镇人民政府", "示例县公安局", "示例县司法局"]


def test_manual_division_by_zero_shows_a_dash(client, leader, tree, lawyers):
    client.force_login(leader)
    url = reverse("dashboard:page-unit", kwargs={"unit_code": tree["units"]["justice"].code})
    html = client.get(url).content.decode()

    card = html[html.index('data-code="manual.public_lawyer_rate"') :][:1500]
    assert 'data-testid="kpi-value">—<' in card  # 2 ÷ 0


def test_clerk_sees_only_their_own_units_entered_values(client, township_clerk, tree, lawyers):
    client.force_login(township_clerk)
    url = reverse(
        "dashboard:records-unit",
        kwargs={"unit_code": tree["units"]["qingshi"].code, "indicator": "manual.public_lawyer_rate", "part": "values"},
    )  # fmt: skip

    assert client.get(url).context["rows"] == []
