"""The indicator engine: declared indicators evaluated in the database, and the records behind.

Every figure is COUNT or SUM in SQL, one query per measure, whatever the number of rows; the
same period a year earlier (同比) is counted in that same query (and so are several periods,
with `evaluate_periods`). `records_behind` returns the
queryset a figure was counted from, so every number can list its records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_
from typing import Any, Literal

from django.db.models import Count, F, Q, QuerySet, Sum

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Indicator, Measure, Variant
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Unit

Number = int | Decimal
Part = Literal["numerator", "denominator"]


@dataclass(frozen=True)
class Tally:
    """One measure in one period: how many rows, and their total (the count, or the sum)."""

    rows: int = 0
    total: Number = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.rows + other.rows, self.total + other.total)


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator's figure for one scope and period, with last year's for comparison.

    `value` is None when the denominator is 0, or, for a count, when no record is counted.
    `change` is value − previous_value (percentage points for a %), None when either is None.
    """

    indicator: Indicator
    variant: Variant | None
    scope_label: str
    period: Period
    numerator: Number
    denominator: Number | None
    value: Decimal | None
    previous_value: Decimal | None
    change: Decimal | None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def definition(self) -> str:
        return self.indicator.definition_for(self.variant.key if self.variant else None)


def evaluate(
    indicator: Indicator, scope: Scope, period: Period, *, variant: str | None = None
) -> IndicatorResult:
    """The indicator for a region subtree or one unit: one query per measure."""
    return evaluate_periods(indicator, scope, [period], variant=variant)[0]


def evaluate_periods(
    indicator: Indicator, scope: Scope, periods: Sequence[Period], *, variant: str | None = None
) -> list[IndicatorResult]:
    """The indicator for each of `periods` (a year's months, say), each with its 同比: every
    period and its year-earlier span counted in one query per measure."""
    numerator, denominator = indicator.measures(variant)
    spans = [span for period in periods for span in (period, period.previous())]
    num = _tally(numerator, scope.q(numerator.unit_fields), spans)
    den = None
    if denominator is not None:
        den = _tally(denominator, scope.q(denominator.unit_fields), spans)
    chosen = indicator.variant(variant)
    return [
        _result(
            indicator,
            chosen,
            scope.label,
            period,
            num[2 * index : 2 * index + 2],
            den[2 * index : 2 * index + 2] if den is not None else None,
        )
        for index, period in enumerate(periods)
    ]


def evaluate_by_unit(
    indicator: Indicator, units: Iterable[Unit], period: Period, *, variant: str | None = None
) -> dict[Any, IndicatorResult]:
    """The indicator for each of `units` (by unit pk), grouped in the database.

    One GROUP BY query per measure (per unit field, when a measure names several). Units with
    no records are present with value None, so a ranking sees every unit.
    """
    units = list(units)
    ids = [u.pk for u in units]
    numerator, denominator = indicator.measures(variant)
    periods = (period, period.previous())
    num = _tally_by_unit(numerator, ids, periods)
    den = _tally_by_unit(denominator, ids, periods) if denominator is not None else None
    chosen = indicator.variant(variant)
    empty = (Tally(), Tally())
    return {
        unit.pk: _result(
            indicator,
            chosen,
            unit.name,
            period,
            num.get(unit.pk, empty),
            den.get(unit.pk, empty) if den is not None else None,
        )
        for unit in units
    }


def evaluate_all(
    indicators: Iterable[Indicator],
    scope: Scope,
    period: Period,
    *,
    variant: str | None = None,
    variants: Mapping[str, str | None] | None = None,
) -> list[IndicatorResult]:
    """Several indicators for one scope and period; `variant` applies where it is declared,
    `variants` chooses one per indicator code (an unknown key raises, as in `evaluate`).

    Measures drawn from the same source (a numerator that is its denominator narrowed by
    `filter()`, as 纠错数 is of 审结数) are counted in one query, with one conditional COUNT per
    measure and period: the cost grows with the sources, not with the indicators.
    """
    chosen = [
        (i, (variants or {}).get(i.code, variant if has_variant(i, variant) else None))
        for i in indicators
    ]
    periods = (period, period.previous())
    wanted: list[Measure] = []
    for indicator, key in chosen:
        wanted += [m for m in indicator.measures(key) if m is not None]
    tallies = _tally_many(wanted, scope, periods)
    results = []
    for indicator, key in chosen:
        numerator, denominator = indicator.measures(key)
        den = tallies[denominator] if denominator is not None else None
        results.append(
            _result(indicator, indicator.variant(key), scope.label, period, tallies[numerator], den)
        )
    return results


def _tally_many(
    measures: Iterable[Measure], scope: Scope, periods: Sequence[Period]
) -> dict[Measure, tuple[Tally, ...]]:
    groups: dict[tuple[Any, ...], list[Measure]] = defaultdict(list)
    for measure in dict.fromkeys(measures):
        key = (id(measure.source), measure.unit_fields, measure.date_field)
        groups[key if _local_conditions(measure) else (id(measure),)].append(measure)
    found: dict[Measure, tuple[Tally, ...]] = {}
    for members in groups.values():
        found.update(_tally_group(members, scope, periods))
    return found


def _local_conditions(measure: Measure) -> bool:
    """Whether every condition of `measure` is on the model's own columns, so that it can be a
    FILTER of an aggregate over the shared source without joins that repeat rows."""
    model = measure.model
    local = {f.name for f in model._meta.concrete_fields} | {
        f.attname for f in model._meta.concrete_fields
    }

    def names(q: Q) -> Iterable[str]:
        for child in q.children:
            if isinstance(child, Q):
                yield from names(child)
            else:
                lookup: tuple[str, Any] = child  # type: ignore[assignment]
                yield lookup[0].split("__")[0]

    return all(name in local for condition in measure.conditions for name in names(condition))


def _tally_group(
    members: Sequence[Measure], scope: Scope, periods: Sequence[Period]
) -> dict[Measure, tuple[Tally, ...]]:
    first = members[0]
    if len(members) == 1:
        return {first: _tally(first, scope.q(first.unit_fields), periods)}
    conditions = _period_conditions(first, periods)
    qs = first.base_queryset().filter(scope.q(first.unit_fields)).filter(reduce(or_, conditions))
    aggregates: dict[str, Any] = {}
    for index, measure in enumerate(members):
        own = [Q(*measure.conditions) & c for c in conditions]
        for name, aggregate in _aggregates(measure, own).items():
            aggregates[f"m{index}_{name}"] = aggregate
    row = qs.order_by().aggregate(**aggregates)
    return {
        measure: _tallies(
            measure,
            {k.split("_", 1)[1]: v for k, v in row.items() if k.startswith(f"m{index}_")},
            len(periods),
        )
        for index, measure in enumerate(members)
    }


def has_variant(indicator: Indicator, key: str | None) -> bool:
    return key is not None and any(v.key == key for v in indicator.variants)


def measure_for(indicator: Indicator, part: Part, variant: str | None = None) -> Measure:
    """The measure counted as the numerator (or denominator) under the variant `variant`."""
    numerator, denominator = indicator.measures(variant)
    if part not in ("numerator", "denominator"):
        raise ValueError(f"part must be numerator or denominator, not {part!r}")
    measure = numerator if part == "numerator" else denominator
    if measure is None:
        raise ApplicationError(f"指标“{indicator.name}”是计数指标，没有分母")
    return measure


def records_behind(
    indicator: Indicator,
    scope: Scope,
    period: Period,
    part: Part = "numerator",
    variant: str | None = None,
    *,
    user: Any = None,
) -> QuerySet[Any]:
    """The records the numerator (or denominator) of this figure counted.

    With `user`, narrowed by the model's `visible_to(user)`, as every page listing them must be.
    """
    measure = measure_for(indicator, part, variant)
    qs = measure.queryset().filter(scope.q(measure.unit_fields))
    qs = qs.filter(period.q(measure.date_field, is_datetime=measure.date_is_datetime()))
    if user is None:
        return qs
    visible_to = getattr(qs, "visible_to", None)
    if visible_to is None:
        raise TypeError(f"{qs.model._meta.label} has no visible_to(user) to scope the records")
    return visible_to(user)


def compute_value(indicator: Indicator, num: Tally, den: Tally | None) -> Decimal | None:
    """numerator ÷ denominator × scale, rounded half up to the declared decimals (四舍五入)."""
    if den is None:
        if num.rows == 0:
            return None
        return _round(Decimal(num.total) * indicator.scale, indicator.decimals)
    if den.total == 0:
        return None
    return _round(Decimal(num.total) * indicator.scale / Decimal(den.total), indicator.decimals)


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _result(
    indicator: Indicator,
    variant: Variant | None,
    label: str,
    period: Period,
    num: Sequence[Tally],
    den: Sequence[Tally] | None,
) -> IndicatorResult:
    value = compute_value(indicator, num[0], den[0] if den else None)
    previous = compute_value(indicator, num[1], den[1] if den else None)
    change = None
    if value is not None and previous is not None:
        change = _round(value - previous, indicator.decimals)
    return IndicatorResult(
        indicator=indicator,
        variant=variant,
        scope_label=label,
        period=period,
        numerator=num[0].total,
        denominator=den[0].total if den else None,
        value=value,
        previous_value=previous,
        change=change,
    )


def _period_conditions(measure: Measure, periods: Sequence[Period]) -> list[Q]:
    is_datetime = measure.date_is_datetime()
    return [p.q(measure.date_field, is_datetime=is_datetime) for p in periods]


def _aggregates(measure: Measure, conditions: Sequence[Q]) -> dict[str, Any]:
    """Conditional COUNT (and SUM) per period, so several periods cost one scan."""
    aggregates: dict[str, Any] = {}
    for index, condition in enumerate(conditions):
        aggregates[f"rows_{index}"] = Count("pk", filter=condition)
        if measure.sum_of:
            aggregates[f"total_{index}"] = Sum(measure.sum_of, filter=condition)
    return aggregates


def _tallies(measure: Measure, row: dict[str, Any], count: int) -> tuple[Tally, ...]:
    tallies = []
    for index in range(count):
        rows = row[f"rows_{index}"] or 0
        total = row[f"total_{index}"] if measure.sum_of else rows
        tallies.append(Tally(rows, _number(total)))
    return tuple(tallies)


def _number(total: Any) -> Number:
    if total is None:
        return 0
    if isinstance(total, float):
        return Decimal(str(total))
    return total


def _tally(measure: Measure, where: Q, periods: Sequence[Period]) -> tuple[Tally, ...]:
    conditions = _period_conditions(measure, periods)
    qs = measure.queryset().filter(where).filter(reduce(or_, conditions))
    row = qs.order_by().aggregate(**_aggregates(measure, conditions))
    return _tallies(measure, row, len(periods))


def _tally_by_unit(
    measure: Measure, unit_ids: list[Any], periods: Sequence[Period]
) -> dict[Any, tuple[Tally, ...]]:
    conditions = _period_conditions(measure, periods)
    aggregates = _aggregates(measure, conditions)
    totals: dict[Any, tuple[Tally, ...]] = defaultdict(lambda: tuple(Tally() for _ in periods))
    for index, field in enumerate(measure.unit_fields):
        qs = measure.queryset().filter(**{f"{field}__in": unit_ids}).filter(reduce(or_, conditions))
        for earlier in measure.unit_fields[:index]:
            # A record naming the same unit in two fields counts once for it.
            qs = qs.exclude(**{earlier: F(field)})
        for row in qs.order_by().values(field).annotate(**aggregates):
            found = _tallies(measure, row, len(periods))
            totals[row[field]] = tuple(
                a + b for a, b in zip(totals[row[field]], found, strict=True)
            )
    return totals
