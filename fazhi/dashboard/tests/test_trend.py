"""The monthly trend: a rate cumulative from 1 January, last year's beside it, counted by hand."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.dashboard.board import build_board
from fazhi.dashboard.choice import parse_choice
from fazhi.dashboard.tests.conftest import CODE

pytestmark = pytest.mark.django_db


def test_trend_of_a_rate_is_cumulative_and_matches_hand_counts(leader, cases, targets):
    choice, _note = parse_choice(leader, {}, timezone.localdate())

    trend = build_board(choice).trend
    series = next(s for s in trend["series"] if s["code"] == CODE)

    assert trend["months"] == ["1月", "2月", "3月", "4月", "5月", "6月"]
    # Jan: nothing closed in 示例县 (临溪县's cases never count); Feb: 青石镇 0 of 2; Mar: +公安局
    # 1 of 4; Apr: +白沙镇 1 of 4; May: +青石村 0 of 1; June to the 15th: unchanged.
    assert series["data"] == [None, 0.0, 16.67, 20.0, 18.18, 18.18]
    assert series["previous"] == [None, None, None, None, 50.0, 50.0]
    assert series["mode"] == "累计"
    assert series["target"] == 5


def test_trend_of_a_township_counts_its_villages(leader, tree, cases, targets):
    kwargs = {"region_code": tree["regions"]["qingshi"].code}
    choice, _note = parse_choice(leader, {}, timezone.localdate(), **kwargs)

    series = next(s for s in build_board(choice).trend["series"] if s["code"] == CODE)

    assert series["data"] == [None, 0.0, 0.0, 0.0, 0.0, 0.0]
