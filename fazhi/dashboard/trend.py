"""Trend lines by month for the key figures: this year and the same months a year earlier.

A rate is shown cumulatively (1 January to each month's end: the figure a leader would read at
that month's meeting), a count month by month. Every indicator and month is counted together:
one query per model of records grouped by month, whatever the number of indicators, over the
records of the scope only. Manual indicators are annual figures and have no monthly trend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fazhi.dashboard.choice import Choice
from fazhi.dashboard.selectors import Card
from fazhi.dashboard.tables import Cell, Column, Table, number_cell
from fazhi.indicators import engine, registry
from fazhi.indicators.figures import json_number
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Indicator, Measure
from fazhi.indicators.scopes import Scope


def trend_data(choice: Choice, cards: Sequence[Card]) -> dict[str, Any]:
    """What the chart script draws (passed to the page with json_script)."""
    months = Period.months(choice.year, choice.period.end)
    indicators = [registry.get(c.figure.code) for c in cards if not c.figure.is_manual]
    totals = monthly_totals(indicators, choice.scope, months)
    series = []
    for card, indicator in zip(
        [c for c in cards if not c.figure.is_manual], indicators, strict=True
    ):
        fig, cumulative = card.figure, indicator.is_ratio
        numerator, denominator = indicator.measures()
        points = [
            _points(indicator, totals[numerator], totals.get(denominator), cumulative, year)
            for year in (0, 1)
        ]
        series.append(
            {
                "code": fig.code,
                "name": fig.display_name,
                "unit": fig.unit,
                "mode": "累计" if cumulative else "当月",
                "data": points[0],
                "previous": points[1],
                "target": json_number(fig.target.green_at if fig.target else None),
            }
        )
    return {"months": [f"{m.start.month}月" for m in months], "year": choice.year, "series": series}


def monthly_totals(
    indicators: Sequence[Indicator], scope: Scope, months: Sequence[Period]
) -> dict[Measure | None, list[list[engine.Tally]]]:
    """Each measure's tally per month, this year's and a year earlier's, counted over the
    scope's own records (`engine.monthly_tallies`: one statement per model, grouped by month)."""
    measures = [m for i in indicators for m in i.measures() if m is not None]
    found = engine.monthly_tallies(measures, scope, months)
    return {measure: [current, previous] for measure, (current, previous) in found.items()}


def _points(
    indicator: Indicator,
    numerator: list[list[engine.Tally]],
    denominator: list[list[engine.Tally]] | None,
    cumulative: bool,
    year: int,
) -> list[int | float | None]:
    """A rate 1 January to each month's end; a count month by month (a month without records
    counted 0, not 无数据)."""
    if not cumulative:
        return [json_number(t.total) for t in numerator[year]]
    assert denominator is not None  # noqa: S101 (a rate has a denominator)
    points, num, den = [], engine.Tally(), engine.Tally()
    for month_num, month_den in zip(numerator[year], denominator[year], strict=True):
        num, den = num + month_num, den + month_den
        points.append(json_number(engine.compute_value(indicator, num, den), indicator.decimals))
    return points


def trend_table(choice: Choice, data: dict[str, Any], caption: str) -> Table:
    """The chart's numbers as a table (months × indicators), for Excel."""
    columns = [Column("月份")]
    for s in data["series"]:
        columns.append(Column(f"{s['name']}（{s['mode']}，{data['year']}）", True))
        columns.append(Column(f"{s['name']}（{s['mode']}，{data['year'] - 1}）", True))
    rows = []
    for index, month in enumerate(data["months"]):
        row = [Cell(month)]
        for s in data["series"]:
            row += [number_cell(s["data"][index]), number_cell(s["previous"][index])]
        rows.append(row)
    return Table(
        "trend", "月度趋势", columns, rows, caption=caption, export_url=choice.export_url("trend")
    )
