"""Monthly tallies grouped by month in SQL (`engine.monthly_tallies`, the dashboard's trend)
give, month by month, what `evaluate_periods` counts for each month and the month a year
earlier: for a province, a city, a county, a township and a unit, only the scope's own records
(never another root region's), for dates and date-times (local months), sums, measures that
count alone, and suits placed by 被告 or 共同被告 (a suit naming two units of the scope once).

Fixture: the `cases` of conftest (示例县 and 临溪县, 2022–2024), the same kind of records in a
second province, creation times on either side of a local month's start, and dispute cases.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.disputes.tests.factories import lawsuit, recon
from fazhi.indicators import registry
from fazhi.indicators.counting import tally_scope
from fazhi.indicators.engine import Tally, evaluate_periods, monthly_tallies
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.indicators.tests.test_engine_shared import ALONE, PLAIN, _indicator
from fazhi.org.models import RegionLevel
from fazhi.org.tests.factories import RegionFactory, UnitFactory
from tests.testapp.models import SampleCase

pytestmark = pytest.mark.django_db

D = dt.date
UTC = dt.UTC
SAMPLE = {**PLAIN, **ALONE}


@pytest.fixture
def elsewhere(tree, cases):
    """A second province with a unit and records in the same months as 示例县's."""
    province = RegionFactory(code="980000000000", name="他省", level=RegionLevel.PROVINCE)
    county = RegionFactory(
        code="980121000000", name="他县", level=RegionLevel.COUNTY, parent=province
    )
    unit = UnitFactory(code="U-TX", name="他县司法局", region=county)
    for title, received, closed, lost in [
        ("X1", D(2023, 2, 1), D(2023, 3, 1), True),
        ("X2", D(2022, 3, 5), D(2022, 3, 20), True),
        ("X3", D(2023, 6, 15), None, False),
    ]:
        SampleCase.objects.create(
            title=title, unit=unit, received_on=received, closed_on=closed, lost=lost
        )
    return {"province": province, "county": county, "unit": unit}


@pytest.fixture
def stamped(cases, elsewhere):
    """Creation times on either side of a local (Beijing) month's start."""
    times = {
        "J1": dt.datetime(2023, 1, 31, 16, 30, tzinfo=UTC),  # 1 February 00:30 in Beijing
        "J2": dt.datetime(2023, 1, 31, 15, 30, tzinfo=UTC),  # 31 January 23:30
        "Q1": dt.datetime(2022, 6, 30, 16, 0, tzinfo=UTC),  # 1 July 2022 00:00
        "V1": dt.datetime(2023, 6, 15, 15, 59, tzinfo=UTC),  # 15 June 23:59
        "B1": dt.datetime(2023, 6, 15, 16, 0, tzinfo=UTC),  # 16 June 00:00
        "X1": dt.datetime(2023, 3, 1, 4, 0, tzinfo=UTC),
    }
    for title, moment in times.items():
        SampleCase.objects.filter(title=title).update(created_at=moment)


@pytest.fixture
def disputes(tree, elsewhere):
    """Suits and 复议 over 2022–2023; one suit names two of 示例县's units, one another
    province's unit with a 示例县 unit as co-defendant."""
    units = {**tree["units"], "foreign": elsewhere["unit"]}
    upheld = recon(tree, received_on=D(2023, 1, 5), accepted_on=D(2023, 1, 8))
    for respondent, outcome, closed in [
        ("police", "uphold", D(2023, 3, 1)),
        ("qingshi", "revoke", D(2022, 5, 1)),
        ("foreign", "revoke", D(2023, 5, 1)),
    ]:
        recon(
            tree, respondent=units[respondent], received_on=D(closed.year, 1, 5),
            accepted_on=D(closed.year, 1, 8), outcome=outcome, closed_on=closed,
        )  # fmt: skip
    for defendant, co_defendant, outcome, closed in [
        ("police", "government", "revoke", D(2023, 6, 1)),  # two units of the county
        ("government", "government", "reject_claim", D(2023, 7, 1)),
        ("qingshi", None, "confirm_illegal", D(2022, 9, 1)),
        ("foreign", "police", "withdrawn", D(2023, 8, 1)),  # placed by its 共同被告
        ("foreign", None, "revoke", D(2023, 9, 1)),
    ]:
        lawsuit(
            tree,
            defendant=units[defendant],
            co_defendant=units[co_defendant] if co_defendant else None,
            reconsideration=upheld if co_defendant else None,
            filed_on=D(closed.year, 2, 1),
            outcome=outcome,
            closed_on=closed,
            hearings=[{"held_on": D(closed.year, 3, 1), "head_appeared": True,
                       "head_rank": "principal", "head_name": "甲"}],
        )  # fmt: skip


def _scopes(tree, elsewhere):
    regions, units = tree["regions"], tree["units"]
    found = {
        name: Scope.of_region(regions[name])
        for name in ("province", "city", "county", "qingshi", "peer")
    }
    found["other_province"] = Scope.of_region(elsewhere["province"])
    found["police"] = Scope.of_unit(units["police"])
    found["justice"] = Scope.of_unit(units["justice"])
    found["foreign"] = Scope.of_unit(elsewhere["unit"])
    return found


def _expected(measure, scope, months):
    """Month by month, counted as a figure's numerator by `evaluate_periods`, and as the
    engine counts one measure alone (rows and totals)."""
    results = evaluate_periods(_indicator("m", measure), scope, months)
    tallies = tally_scope([measure], scope, [*months, *(m.previous() for m in months)], share=False)
    found = tallies[measure]
    current, previous = list(found[: len(months)]), list(found[len(months) :])
    assert [r.numerator for r in results] == [t.total for t in current]
    return current, previous


def _dispute_measures():
    measures = {}
    for indicator in registry.all():
        if indicator.code.startswith("disputes."):
            for key in [None, *(v.key for v in indicator.variants)]:
                measures.update(dict.fromkeys(indicator.counted(key)))
    return list(measures)


@pytest.mark.parametrize("months", [Period.months(2023), Period.months(2023, D(2023, 6, 15))])
@pytest.mark.parametrize(
    "scope_of",
    ["province", "city", "county", "qingshi", "peer", "other_province", "police", "foreign"],
)
def test_monthly_tallies_equal_each_months_own_count(
    tree, elsewhere, stamped, disputes, months, scope_of
):
    scope = _scopes(tree, elsewhere)[scope_of]
    measures = [*SAMPLE.values(), *_dispute_measures()]

    found = monthly_tallies(measures, scope, months)

    assert set(found) == set(measures)
    for measure in measures:
        assert found[measure] == _expected(measure, scope, months), measure.label


def test_a_province_counts_none_of_another_provinces_records(tree, elsewhere, cases):
    months = Period.months(2023)
    received = PLAIN["received"]

    ours = monthly_tallies([received], Scope.of_region(tree["regions"]["province"]), months)
    theirs = monthly_tallies([received], Scope.of_region(elsewhere["province"]), months)

    # Received in 2023 in 示例省: J1 (Feb), J2 (May), J3 (Nov), J4 J5 (Dec), Q1 (Jan), V1 (Mar),
    # P1 (Feb), P2 (Apr); 他省: X1 (Feb), X3 (Jun). 2022: J0 J00 Q0 B1; X2.
    assert [t.rows for t in ours[received][0]] == [1, 2, 1, 1, 1, 0, 0, 0, 0, 0, 1, 2]
    assert [t.rows for t in theirs[received][0]] == [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    assert [t.rows for t in theirs[received][1]] == [0, 0, 1, *[0] * 9]


def test_a_record_created_just_after_local_midnight_counts_in_the_local_month(
    tree, stamped, settings
):
    created = PLAIN["created"]
    county = Scope.of_region(tree["regions"]["county"])

    found = monthly_tallies([created], county, Period.months(2023))

    current, previous = found[created]
    assert (current[0], current[1]) == (Tally(1, 1), Tally(1, 1))  # J2 in January, J1 February
    assert current[5] == Tally(2, 2)  # V1 and B1: 15 and 16 June
    assert previous[6] == Tally(1, 1)  # Q1: 1 July 2022
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_spans_across_months_are_refused(tree):
    county = Scope.of_region(tree["regions"]["county"])

    with pytest.raises(ValueError):
        monthly_tallies([PLAIN["received"]], county, [Period(D(2023, 1, 15), D(2023, 2, 14))])
