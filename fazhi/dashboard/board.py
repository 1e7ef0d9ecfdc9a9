"""The whole board of one scope and period, built once and cached briefly (`cache.TTL`) for
everyone who may see that scope: key figures, trend, subjects ranked, the tree, frozen runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from fazhi.dashboard import cache, runs, selectors, trend
from fazhi.dashboard.choice import Choice
from fazhi.dashboard.selectors import Card
from fazhi.dashboard.tables import Table
from fazhi.dashboard.tree import TreeNode, region_tree
from fazhi.indicators import figures
from fazhi.indicators.figures import IndicatorMeta


@dataclass(frozen=True)
class Board:
    choice: Choice
    metas: dict[str, IndicatorMeta]
    rank_code: str
    cards: list[Card]
    rankings: list[Table]
    runs: list[Table]
    tree: TreeNode | None
    trend: dict[str, Any]
    computed_at: dt.datetime  # when these figures were counted (a cached board is up to TTL old)

    @property
    def rank_meta(self) -> IndicatorMeta | None:
        return self.metas.get(self.rank_code)

    def tables(self) -> list[Table]:
        """Every table of the board, as the page shows them (and Excel exports them)."""
        caption = selectors.caption(self.choice)
        return [
            selectors.cards_table(self.choice, self.cards),
            *self.rankings,
            *self.runs,
            trend.trend_table(self.choice, self.trend, caption),
        ]


def build_board(choice: Choice, asked_rank: str = "") -> Board:
    codes = selectors.key_codes(choice)
    metas = figures.metas(codes)
    cards = selectors.key_cards(choice, codes)
    by_code = selectors.rank_code(cards, asked_rank)
    groups = selectors.subject_groups(choice.scope)
    by_scope = selectors.subject_figures(choice, codes, groups)
    rankings = [
        selectors.ranking_table(choice, g, by_scope, codes, metas, by_code)
        for g in groups
        if g.scopes
    ]
    frozen = runs.latest_frozen_runs(choice)
    subjects = runs.subjects_of(frozen)
    root = [c.figure for c in cards]
    return Board(
        choice=choice,
        metas=metas,
        rank_code=by_code,
        cards=cards,
        rankings=rankings,
        runs=[runs.run_table(choice, run, subjects[run.pk]) for run in frozen],
        tree=region_tree(choice, root, groups, by_scope, by_code, runs.marks(subjects)),
        trend=trend.trend_data(choice, cards),
        computed_at=timezone.localtime(),
    )


def board_for(choice: Choice, asked_rank: str = "") -> Board:
    return cache.cached(f"board:{choice.key}:{asked_rank}", lambda: build_board(choice, asked_rank))
