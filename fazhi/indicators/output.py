"""Indicator results as JSON-ready dicts and as an aligned plain-text table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from fazhi.core.text import display_width
from fazhi.indicators.engine import IndicatorResult, Number
from fazhi.indicators.registry import Direction, Indicator

# Units written straight after the number ("12.5%"); others follow a space ("30 件").
TIGHT_UNITS = {"%", "‰"}
BARE_UNITS = {"", "比值"}
DASH = "—"


class Shown(Protocol):
    """What formatting needs of an indicator: a declared one, or a manual one's metadata
    (`fazhi.indicators.figures.IndicatorMeta`)."""

    @property
    def unit(self) -> str: ...
    @property
    def direction(self) -> str: ...
    @property
    def is_percentage(self) -> bool: ...


def as_json(result: IndicatorResult) -> dict[str, Any]:
    """The object `fazhi indicators --format json` prints for one indicator.

    Target and colour stay null until targets and assessment exist.
    """
    indicator = result.indicator
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "value": _json_number(result.value, indicator),
        "numerator": _json_number(result.numerator),
        "denominator": _json_number(result.denominator),
        "definition": result.definition,
        "target": None,
        "colour": None,
        "previous_value": _json_number(result.previous_value, indicator),
        "change": _json_number(result.change, indicator),
    }


def _json_number(number: Number | None, indicator: Indicator | None = None) -> int | float | None:
    """Numbers stay numbers in JSON: whole counts as integers, the rest as floats."""
    if number is None or isinstance(number, int):
        return number
    whole = indicator.decimals == 0 if indicator else number == number.to_integral_value()
    return int(number) if whole else float(number)


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


def target_text(indicator: Indicator) -> str:
    """ "≥45.00%" for a target to reach, "≤5.00%" for one not to exceed; "—" without one."""
    if indicator.target is None:
        return DASH
    sign = {Direction.HIGHER_IS_BETTER: "≥", Direction.LOWER_IS_BETTER: "≤"}
    return sign.get(indicator.direction, "") + format_value(indicator.target, indicator)


def meets_target(indicator: Indicator, value: Decimal | None) -> bool | None:
    """Whether `value` reaches the indicator's target; None without a value, a target or a
    direction."""
    target = indicator.target
    if value is None or target is None or indicator.direction == Direction.NEUTRAL:
        return None
    if indicator.direction == Direction.HIGHER_IS_BETTER:
        return bool(value >= target)
    return bool(value <= target)


def change_tone(indicator: Shown, change: Decimal | None) -> str:
    """ "better"/"worse" for a change from last year by the indicator's direction; "" when there
    is no change, or the direction is neutral or unknown."""
    if change is None or change == 0 or indicator.direction == Direction.NEUTRAL:
        return ""
    better = (change > 0) == (indicator.direction == Direction.HIGHER_IS_BETTER)
    return "better" if better else "worse"


HEADERS = ("指标", "数值", "分子", "分母", "上年同期", "增减", "编码")
RIGHT_ALIGNED = {1, 2, 3, 4, 5}


def table_rows(results: list[IndicatorResult]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for result in results:
        indicator = result.indicator
        name = indicator.name
        if result.variant is not None:
            name = f"{name}（{result.variant.name}）"
        rows.append(
            (
                name,
                format_value(result.value, indicator),
                f"{result.numerator}",
                DASH if result.denominator is None else f"{result.denominator}",
                format_value(result.previous_value, indicator),
                format_change(result.change, indicator),
                indicator.code,
            )
        )
    return rows


def render_table(results: list[IndicatorResult], *, title: str = "") -> str:
    """An aligned table; Chinese characters count as two columns, as terminals show them."""
    return render(HEADERS, table_rows(results), right=RIGHT_ALIGNED, title=title)


def render(
    headers: tuple[str, ...],
    body: list[tuple[str, ...]],
    *,
    right: set[int],
    title: str = "",
    empty: str = "（没有已登记的指标）",
) -> str:
    """Rows under `headers`, aligned (the columns in `right` to the right), under `title`."""
    rows = [headers, *body]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(headers))]
    lines = [title] if title else []
    for number, row in enumerate(rows):
        cells = [_pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    if not body:
        lines.append(empty)
    return "\n".join(lines)


def _pad(text: str, width: int, *, right: bool) -> str:
    padding = " " * (width - display_width(text))
    return padding + text if right else text + padding
