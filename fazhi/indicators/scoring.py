"""Scoring (积分制): how a leaf item of an indicator system turns its indicator's figure into
points, how subjects are ranked, and which colour a subject's score earns.

Notation: w = the item's weight (its full points); v = the figure's value; g = the target's
green threshold (`Target.green_at`); "better by" b = v − g for a higher-is-better indicator and
g − v for a lower-is-better one, so b ≥ 0 means the target is met; the shortfall is s = −b.

- MET_FULL (达标得满分): w when b ≥ 0, else 0.
- LINEAR (线性扣分), params {"zero_at": z}: w when b ≥ 0; 0 at z or beyond it; in between
  w × (v − z) ÷ (g − z), the same formula for either direction. (z on the good side of g, or
  equal to it, degenerates to MET_FULL.)
- STEPPED (分档扣分), params {"steps": [[s₁, d₁], [s₂, d₂], …]} with s₁ < s₂ < …: w when b ≥ 0;
  otherwise w − dₖ for the last step whose sₖ ≤ s (nothing deducted when s < s₁), never below 0.
  E.g. steps [[0, 2], [5, 5]] on w = 10: a shortfall under 5 scores 8, of 5 or more scores 5.
- BONUS (加扣分 ±N分), params {"per_unit": p}: p × b, clamped to [−w, +w]; without a target,
  b = v (higher is better) or −v (lower is better), for counts such as 获评示范 or 被问责.
  A BONUS item is outside the weight sum: it adds to or takes from the subject's total.
- COLOUR (按颜色), params {"yellow": f} (default 0.5): green w, yellow w × f, red 0.

A figure without data ("无数据") or with a zero denominator ("—") scores 0, or w with params
{"no_data": "full"} where the scheme says so (e.g. 无案件的不扣分); BONUS scores 0 either way. A
rule needing a target scores 0 when the item's indicator has none for the subject. Points are
rounded half up to 2 decimals (四舍五入).

Ranks: competition ranking (1, 2, 2, 4): equal scores share a rank, the next rank skips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise
from typing import Any, Protocol

from fazhi.indicators.models import Colour, FigureStatus, ScoringRule
from fazhi.indicators.registry import Direction
from fazhi.indicators.targets import better_by

ZERO = Decimal(0)
CENT = Decimal("0.01")
DEFAULT_YELLOW_SHARE = Decimal("0.5")


class Scored(Protocol):
    """What scoring needs of a figure (a `fazhi.indicators.figures.Figure` has it)."""

    @property
    def direction(self) -> str: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def target(self) -> Any: ...  # a Target (green_at, yellow_at) or None
    @property
    def colour(self) -> str: ...
    @property
    def status(self) -> str: ...


def points(rule: str, weight: Decimal, params: Mapping[str, Any], figure: Scored) -> Decimal:
    """The points `figure` earns on an item of `rule` and `weight` (see the module docstring)."""
    weight, value = Decimal(weight), figure.value
    if value is None or figure.status != FigureStatus.OK:
        if rule != ScoringRule.BONUS and params.get("no_data") == "full":
            return _round(weight)
        return ZERO
    if rule == ScoringRule.BONUS:
        return _round(_bonus(weight, params, figure, value))
    if figure.target is None or figure.direction == Direction.NEUTRAL:
        return ZERO
    if rule == ScoringRule.COLOUR:
        return _round(_by_colour(weight, params, figure.colour))
    green = Decimal(figure.target.green_at)
    better = better_by(figure.direction, value, green)
    if better >= 0:
        return _round(weight)
    if rule == ScoringRule.LINEAR:
        zero_at = Decimal(str(params["zero_at"]))
        return _round(_linear(weight, figure.direction, value, green, zero_at))
    if rule == ScoringRule.STEPPED:
        return _round(_stepped(weight, params, -better))
    return ZERO  # MET_FULL, not met


def _linear(
    weight: Decimal, direction: str, value: Decimal, green: Decimal, zero_at: Decimal
) -> Decimal:
    if better_by(direction, zero_at, green) >= 0:
        return ZERO  # z is not on the bad side of g: nothing between them to interpolate
    share = (value - zero_at) / (green - zero_at)
    return weight * min(max(share, ZERO), Decimal(1))


def _stepped(weight: Decimal, params: Mapping[str, Any], shortfall: Decimal) -> Decimal:
    deducted = ZERO
    for gap, points_off in params["steps"]:
        if shortfall >= Decimal(str(gap)):
            deducted = Decimal(str(points_off))
    return max(weight - deducted, ZERO)


def _bonus(weight: Decimal, params: Mapping[str, Any], figure: Scored, value: Decimal) -> Decimal:
    if figure.target is not None:
        better = better_by(figure.direction, value, Decimal(figure.target.green_at))
    else:
        better = -value if figure.direction == Direction.LOWER_IS_BETTER else value
    raw = Decimal(str(params.get("per_unit", 1))) * better
    return min(max(raw, -weight), weight)


def _by_colour(weight: Decimal, params: Mapping[str, Any], colour: str) -> Decimal:
    if colour == Colour.GREEN:
        return weight
    if colour == Colour.YELLOW:
        return weight * Decimal(str(params.get("yellow", DEFAULT_YELLOW_SHARE)))
    return ZERO


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- checking an item's parameters -----------------------------------------------------------


def rule_problems(rule: str, params: Any) -> list[str]:
    """What is wrong with `params` for `rule`, in Chinese (an empty list when nothing is)."""
    if rule not in ScoringRule.values:
        return [f"未知评分规则：{rule}"]
    if not isinstance(params, Mapping):
        return ['评分参数应为 JSON 对象，如 {"zero_at": 25}']
    problems: list[str] = []
    if params.get("no_data") not in (None, "full", "zero"):
        problems.append("评分参数 no_data 只能为 full（无数据得满分）或 zero（无数据不得分）")
    if rule == ScoringRule.LINEAR and not _is_number(params.get("zero_at")):
        problems.append('线性扣分须设置 zero_at（得分降为 0 时的指标值），如 {"zero_at": 25}')
    if rule == ScoringRule.STEPPED:
        problems += _steps_problems(params.get("steps"))
    if rule == ScoringRule.BONUS and not _is_number(params.get("per_unit", 1)):
        problems.append("加扣分的 per_unit（每单位加扣分值）应为数字")
    if rule == ScoringRule.COLOUR and not _is_number(params.get("yellow", DEFAULT_YELLOW_SHARE)):
        problems.append("按颜色得分的 yellow（黄色得分比例）应为 0 到 1 之间的数字")
    return problems


def _steps_problems(steps: Any) -> list[str]:
    example = '如 {"steps": [[0, 2], [5, 5]]}（差距达到 0 扣 2 分，达到 5 扣 5 分）'
    if not isinstance(steps, list) or not steps:
        return [f"分档扣分须设置 steps，{example}"]
    pairs = [s for s in steps if isinstance(s, list | tuple) and len(s) == 2]
    if len(pairs) != len(steps) or not all(_is_number(a) and _is_number(b) for a, b in pairs):
        return [f"分档扣分的每一档应为 [差距, 扣分] 两个数字，{example}"]
    gaps = [Decimal(str(gap)) for gap, _ in pairs]
    if any(later <= earlier for earlier, later in pairwise(gaps)):
        return ["分档扣分的差距应从小到大排列且不重复"]
    return []


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        Decimal(str(value))
    except (InvalidOperation, ValueError):
        return False
    return value is not None and Decimal(str(value)).is_finite()


# --- ranks and a subject's colour ------------------------------------------------------------


def competition_ranks(
    values: Sequence[Decimal | None], *, higher_first: bool = True
) -> list[int | None]:
    """1, 2, 2, 4 … by value (highest first unless `higher_first` is False); None unranked."""
    ranked = sorted((v for v in values if v is not None), reverse=higher_first)
    first_place: dict[Decimal, int] = {}
    for place, value in enumerate(ranked, start=1):
        first_place.setdefault(value, place)
    return [None if v is None else first_place[v] for v in values]


def subject_colour(
    score: Decimal | None, total: Decimal, green_line: Decimal, yellow_line: Decimal
) -> Colour:
    """A subject's colour by its score as a percentage of the total points: at or above
    `green_line` green, at or above `yellow_line` yellow, below red; grey without a score."""
    if score is None or not total:
        return Colour.GREY
    share = score * 100 / total
    if share >= green_line:
        return Colour.GREEN
    if share >= yellow_line:
        return Colour.YELLOW
    return Colour.RED
