"""The dispute indicators counted one scan per model (`evaluate_all`, `evaluate_all_by_unit`)
give what each indicator gives alone, for a region, a unit, and every unit at once; a suit is
placed with its 被告 and its 复议维持共同被告, counted once where both are in the scope."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.disputes.tests.factories import lawsuit, recon
from fazhi.indicators import registry
from fazhi.indicators.engine import (
    evaluate,
    evaluate_all,
    evaluate_all_by_unit,
    evaluate_by_unit,
)
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Unit

pytestmark = pytest.mark.django_db

D = dt.date
Y2025 = Period.year(2025)
VARIANTS = [None, "over_decided", "over_received", "judgments_only", "over_requested"]


@pytest.fixture
def cases(tree):
    units = tree["units"]
    for respondent, outcome, closed in [
        ("police", "uphold", D(2025, 3, 1)),
        ("police", "revoke", D(2025, 4, 1)),
        ("qingshi", "withdrawn", D(2025, 5, 1)),
        ("qingshi", "revoke", D(2024, 5, 1)),
        ("peer_justice", "revoke", D(2025, 5, 1)),
    ]:
        recon(
            tree,
            respondent=units[respondent],
            received_on=D(closed.year, 1, 5),
            accepted_on=D(closed.year, 1, 8),
            outcome=outcome,
            closed_on=closed,
        )
    upheld = recon(tree, received_on=D(2025, 1, 5), accepted_on=D(2025, 1, 8))
    for defendant, co_defendant, outcome, closed in [
        ("police", "government", "revoke", D(2025, 6, 1)),  # after 复议: both defendants
        ("government", "government", "reject_claim", D(2025, 7, 1)),  # one unit, twice
        ("qingshi", "government", "withdrawn", D(2025, 8, 1)),
        ("qingshi", None, "confirm_illegal", D(2024, 9, 1)),
        ("peer_justice", None, "revoke", D(2025, 9, 1)),
    ]:
        lawsuit(
            tree,
            defendant=units[defendant],
            co_defendant=units[co_defendant] if co_defendant else None,
            reconsideration=upheld if co_defendant else None,
            filed_on=D(closed.year, 2, 1),
            outcome=outcome,
            closed_on=closed,
            hearings=[
                {
                    "held_on": D(closed.year, 3, 1),
                    "head_appeared": True,
                    "head_rank": "principal",
                    "head_name": "甲",
                }
            ],
        )


def _disputes():
    return [i for i in registry.all() if i.code.startswith("disputes.")]


def _numbers(result):
    return (result.numerator, result.denominator, result.value, result.previous_value)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "scope_of", ["county", "qingshi", "peer", "government", "police", "qingshi_unit"]
)
def test_one_scan_per_model_gives_each_indicators_own_figures(cases, tree, scope_of, variant):
    regions, units = tree["regions"], tree["units"]
    scope = (
        Scope.of_region(regions[scope_of])
        if scope_of in ("county", "qingshi", "peer")
        else Scope.of_unit(units[scope_of.removesuffix("_unit")])
    )

    for result in evaluate_all(_disputes(), scope, Y2025, variant=variant):
        key = variant if any(v.key == variant for v in result.indicator.variants) else None
        alone = evaluate(result.indicator, scope, Y2025, variant=key)
        assert _numbers(result) == _numbers(alone), (scope_of, result.code)


def test_a_suit_naming_the_scope_in_both_defendant_fields_counts_once(cases, tree):
    results = {
        r.code: r.numerator
        for r in evaluate_all(_disputes(), Scope.of_unit(tree["units"]["government"]), Y2025)
    }
    county = {
        r.code: r.numerator
        for r in evaluate_all(_disputes(), Scope.of_region(tree["regions"]["county"]), Y2025)
    }

    assert results["disputes.litigation_received"] == 3  # as 被告 once, as 共同被告 three times
    assert county["disputes.litigation_received"] == 3
    assert county["disputes.litigation_lost"] == 1
    assert county["disputes.reconsideration_received"] == 4


def test_a_county_costs_a_query_per_model_and_one_for_its_units(
    cases, tree, django_assert_num_queries
):
    scope = Scope.of_region(tree["regions"]["county"])

    with django_assert_num_queries(3):
        evaluate_all(_disputes(), scope, Y2025)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_unit_at_once_gives_each_indicator_by_unit(
    cases, tree, variant, django_assert_num_queries
):
    units = list(Unit.objects.all())

    with django_assert_num_queries(2):
        together = evaluate_all_by_unit(_disputes(), units, Y2025, variant=variant)

    for indicator in _disputes():
        key = variant if any(v.key == variant for v in indicator.variants) else None
        assert together[indicator.code] == evaluate_by_unit(indicator, units, Y2025, variant=key), (
            indicator.code
        )
        for unit in units:
            alone = evaluate(indicator, Scope.of_unit(unit), Y2025, variant=key)
            assert _numbers(together[indicator.code][unit.pk]) == _numbers(alone)
