"""`evaluate_all` counts measures of one source in one query and gives what `evaluate` gives."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.disputes.tests.factories import lawsuit, recon
from fazhi.indicators import registry
from fazhi.indicators.engine import evaluate, evaluate_all
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def cases(tree):
    units = tree["units"]
    for outcome, closed in [
        ("uphold", D(2025, 3, 1)),
        ("revoke", D(2025, 4, 1)),
        ("mediated", D(2025, 5, 1)),
        ("withdrawn", D(2024, 5, 1)),
        ("not_accepted", D(2025, 2, 1)),
    ]:
        accepted = None if outcome == "not_accepted" else D(closed.year, 1, 10)
        recon(
            tree,
            received_on=D(closed.year, 1, 5),
            accepted_on=accepted,
            outcome=outcome,
            closed_on=closed,
        )
    recon(tree, received_on=D(2025, 6, 1), respondent=units["qingshi"])
    first = recon(
        tree,
        received_on=D(2025, 1, 5),
        accepted_on=D(2025, 1, 8),
        outcome="uphold",
        closed_on=D(2025, 2, 8),
    )
    lawsuit(
        tree,
        filed_on=D(2025, 3, 1),
        outcome="revoke",
        closed_on=D(2025, 6, 1),
        reconsideration=first,
        co_defendant=units["government"],
        hearings=[
            {
                "held_on": D(2025, 5, 1),
                "head_appeared": True,
                "head_rank": "principal",
                "head_name": "甲",
            }
        ],
    )
    lawsuit(
        tree,
        filed_on=D(2025, 3, 1),
        outcome="withdrawn",
        closed_on=D(2025, 4, 1),
        hearings=[{"held_on": D(2025, 3, 20), "head_requested": True, "excuse": "出差"}],
    )
    lawsuit(tree, filed_on=D(2024, 3, 1), outcome="reject_claim", closed_on=D(2024, 8, 1))


def _disputes():
    return [i for i in registry.all() if i.code.startswith("disputes.")]


@pytest.mark.parametrize(
    "variant", [None, "over_decided", "over_received", "judgments_only", "over_requested"]
)
def test_batched_figures_equal_one_by_one_figures(cases, tree, variant):
    scope, period = Scope.of_region(tree["regions"]["county"]), Period.year(2025)
    batched = evaluate_all(_disputes(), scope, period, variant=variant)
    for result in batched:
        key = variant if any(v.key == variant for v in result.indicator.variants) else None
        single = evaluate(result.indicator, scope, period, variant=key)
        assert (result.numerator, result.denominator, result.value, result.previous_value) == (
            single.numerator,
            single.denominator,
            single.value,
            single.previous_value,
        ), result.code


def test_batched_figures_cost_one_query_per_source(cases, tree, django_assert_max_num_queries):
    scope, period = Scope.of_region(tree["regions"]["county"]), Period.year(2025)
    indicators = _disputes()
    with django_assert_max_num_queries(8):  # 15 indicators, 23 measures, 7 sources
        results = evaluate_all(indicators, scope, period)
    assert {r.code: r.value for r in results}["disputes.reconsideration_received"] == 6
