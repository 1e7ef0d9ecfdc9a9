"""How indicator numbers read: values with their units, changes, targets with their signs, the
tone of a change, and an aligned plain-text table for the commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from fazhi.core.text import render_table
from fazhi.indicators.engine import Number
from fazhi.indicators.registry import Direction, Indicator
from fazhi.indicators.targets import reaches

# Units written straight after the number ("12.5%"); others follow a space ("30 件").
TIGHT_UNITS = {"%", "‰"}
BARE_UNITS = {"", "比值"}
DASH = "—"
THRESHOLD_SIGNS: dict[str, str] = {Direction.HIGHER_IS_BETTER: "≥", Direction.LOWER_IS_BETTER: "≤"}


class Shown(Protocol):
    """What formatting needs of an indicator: a declared one, or a manual one's metadata
    (`fazhi.indicators.figures.IndicatorMeta`)."""

    @property
    def unit(self) -> str: ...
    @property
    def direction(self) -> str: ...
    @property
    def is_percentage(self) -> bool: ...


def format_value(value: Number | None, indicator: Shown) -> str:
    if value is None:
        return DASH
    if indicator.unit in TIGHT_UNITS:
        return f"{value}{indicator.unit}"
    if indicator.unit in BARE_UNITS:
        return f"{value}"
    return f"{value} {indicator.unit}"


def format_change(change: Decimal | None, indicator: Shown) -> str:
    """ "+1.20 个百分点" for a percentage, "-3 件" for a count."""
    if change is None:
        return DASH
    sign = "+" if change > 0 else ""
    if indicator.is_percentage:
        return f"{sign}{change} 个百分点"
    return sign + format_value(change, indicator)


def signed_text(threshold: Number, indicator: Shown) -> str:
    """ "≥45.00%" for a threshold to reach, "≤5.00%" for one not to exceed (no sign for a
    neutral indicator)."""
    return THRESHOLD_SIGNS.get(indicator.direction, "") + format_value(threshold, indicator)


def target_text(indicator: Indicator) -> str:
    """ "≥45.00%" for a target to reach, "≤5.00%" for one not to exceed; "—" without one."""
    if indicator.target is None:
        return DASH
    return signed_text(indicator.target, indicator)


def meets_target(indicator: Indicator, value: Decimal | None) -> bool | None:
    """Whether `value` reaches the indicator's target; None without a value, a target or a
    direction."""
    target = indicator.target
    if value is None or target is None or indicator.direction == Direction.NEUTRAL:
        return None
    return reaches(indicator.direction, value, target)


def change_tone(indicator: Shown, change: Decimal | None) -> str:
    """ "better"/"worse" for a change from last year by the indicator's direction; "" when there
    is no change, or the direction is neutral or unknown."""
    if change is None or change == 0 or indicator.direction == Direction.NEUTRAL:
        return ""
    better = (change > 0) == (indicator.direction == Direction.HIGHER_IS_BETTER)
    return "better" if better else "worse"


def render(
    headers: tuple[str, ...],
    body: list[tuple[str, ...]],
    *,
    right: set[int],
    title: str = "",
    empty: str = "（没有已登记的指标）",
) -> str:
    """Rows under `headers`, aligned (the columns in `right` to the right), under `title`;
    `empty` under the rule when there are none."""
    lines = [title] if title else []
    lines.append(render_table(headers, body, right=right))
    if not body:
        lines.append(empty)
    return "\n".join(lines)
