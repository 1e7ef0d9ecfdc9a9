"""A scope holding every unit (a province's own deployment: a root region and no other root's
units) is counted without a unit filter, and a province's subjects are rolled up as vectors:
both give what naming the scope's units gives, record for record.

Fixture: the disputes' `cases` (示例县 and the peer county 临溪县 under one root, suits naming
two units of the scope), plus, where a test says, a second root region with records of its own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.disputes.tests.factories import lawsuit, recon
from fazhi.disputes.tests.test_engine_shared import VARIANTS, cases  # noqa: F401 (a fixture)
from fazhi.indicators import figures, registry
from fazhi.indicators.engine import evaluate_all, monthly_tallies
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.org.models import RegionLevel
from fazhi.org.tests.factories import RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db

Y2025 = Period.year(2025)


def _disputes():
    return [i for i in registry.all() if i.code.startswith("disputes.")]


def _numbers(results):
    return {r.code: (r.numerator, r.denominator, r.value, r.previous_value) for r in results}


def _by_ids(scope: Scope) -> Scope:
    """The same scope, counted as if it did not hold every unit (its units named)."""
    object.__setattr__(scope, "holds_every_unit", False)
    return scope


@pytest.fixture
def other_root(tree):
    """A second root region, its unit the 被告 or 共同被告 of suits with the province's units."""
    root = RegionFactory(code="980000000000", name="另一省", level=RegionLevel.PROVINCE)
    unit = UnitFactory(code="U-OTHER", name="另一省司法厅", region=root)
    units = tree["units"]
    recon(tree, respondent=unit, received_on=dt.date(2025, 2, 1))
    lawsuit(tree, defendant=unit, filed_on=dt.date(2025, 2, 1))
    lawsuit(tree, defendant=unit, co_defendant=units["police"], filed_on=dt.date(2025, 3, 1))
    lawsuit(tree, defendant=units["police"], co_defendant=unit, filed_on=dt.date(2025, 4, 1))
    return root


def test_a_root_region_alone_holds_every_unit_and_no_other_scope_does(tree, other_root):
    province = tree["regions"]["province"]

    assert not Scope.of_region(province).holds_every_unit
    assert not Scope.of_region(other_root).holds_every_unit
    assert not Scope.of_region(tree["regions"]["county"]).holds_every_unit
    assert not Scope.of_unit(tree["units"]["police"]).holds_every_unit


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_scope_holding_every_unit_counts_what_its_named_units_count(cases, tree, variant):  # noqa: F811
    province = tree["regions"]["province"]
    whole = Scope.of_region(province)

    assert whole.holds_every_unit
    counted = _numbers(evaluate_all(_disputes(), whole, Y2025, variant=variant))
    named = _numbers(
        evaluate_all(_disputes(), _by_ids(Scope.of_region(province)), Y2025, variant=variant)
    )
    assert counted == named
    assert counted["disputes.litigation_received"][0] == 4  # a suit naming two units: once


def test_a_scope_holding_every_unit_has_the_monthly_tallies_of_its_named_units(cases, tree):  # noqa: F811
    province = tree["regions"]["province"]
    measures = [m for i in _disputes() for m in i.counted()]
    months = Period.months(2025)

    counted = monthly_tallies(measures, Scope.of_region(province), months)

    assert counted == monthly_tallies(measures, _by_ids(Scope.of_region(province)), months)


def test_a_province_beside_another_root_counts_only_its_own_units_records(
    cases,  # noqa: F811
    tree,
    other_root,
):
    province = Scope.of_region(tree["regions"]["province"])
    counted = _numbers(evaluate_all(_disputes(), province, Y2025))
    other = _numbers(evaluate_all(_disputes(), Scope.of_region(other_root), Y2025))

    # 4 of the cases (filed in 2025), and the two suits naming the province's 公安局 beside the other root's unit.
    assert counted["disputes.litigation_received"][0] == 6
    assert other["disputes.litigation_received"][0] == 3
    assert other["disputes.reconsideration_received"][0] == 1


@pytest.mark.parametrize("extra", [False, True])
def test_subjects_rolled_up_have_each_subjects_own_figures(cases, tree, request, extra):  # noqa: F811
    if extra:
        request.getfixturevalue("other_root")
    regions = tree["regions"]
    subjects = [Scope.of_region(regions[name]) for name in ("county", "peer", "city", "province")]
    subjects.append(Scope.of_unit(tree["units"]["government"]))
    codes = [i.code for i in _disputes()]

    together = figures.figures_by_subject(codes, subjects, Y2025, level="county")

    for scope in subjects:
        alone = figures.figures(codes, scope, Y2025, level="county")
        assert [together[scope][f.code] for f in alone] == alone, scope.label
