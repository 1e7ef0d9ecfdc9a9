"""The indicator engine: declared indicators evaluated in the database, and the records behind.

Every figure is COUNT or SUM in SQL, whatever the number of rows; the same period a year earlier
(同比) is counted in that same query (and so are several periods, with `evaluate_periods`).
`records_behind` returns the queryset a figure was counted from, so every number can list its
records.

Queries (how, in `fazhi.indicators.counting`): `evaluate`, `evaluate_periods` and
`evaluate_by_unit` count one indicator with one query per measure; the batch functions
`evaluate_all`, `evaluate_all_by_unit`, `tallies_by_unit_fields` and `monthly_tallies` count every
measure of one model in a single scan, so their cost grows with the models, not with the indicators. For many
indicators or many units, call a batch function once rather than the single ones in a loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, TypeVar

from django.db.models import QuerySet

from fazhi.core.exceptions import ApplicationError
from fazhi.indicators.counting import (
    Number,
    Tallies,
    Tally,
    tally_months,
    tally_scope,
    tally_unit_fields,
    tally_units,
)

# Each measure's tallies per subject: `tallies_by_unit_fields`' rows added up by the caller's
# subjects as vectors of a row's aggregates (see `counting.tally_subjects`).
from fazhi.indicators.counting import tally_subjects as tallies_by_subject
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Indicator, Measure, Variant
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Unit

__all__ = [
    "IndicatorResult",
    "Measure",
    "Number",
    "Part",
    "Tally",
    "compute_value",
    "evaluate",
    "evaluate_all",
    "evaluate_all_by_unit",
    "evaluate_by_unit",
    "evaluate_periods",
    "has_variant",
    "measure_for",
    "monthly_tallies",
    "records_behind",
    "tallies_by_subject",
    "tallies_by_unit_fields",
]

Part = Literal["numerator", "denominator"]
_T = TypeVar("_T")


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator's figure for one scope and period, with last year's for comparison.

    `value` is None when the denominator is 0, or, for a count, when no record is counted and
    the count's base (`Indicator.base`, if declared) has no record either: a count with a base
    that has records is 0 when nothing is counted (and `numerator` is then 0, `denominator`
    None, as for any count). The same rule gives `previous_value`.
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
    spans = [span for period in periods for span in (period, period.previous())]
    tallies = tally_scope(indicator.counted(variant), scope, spans, share=False)
    num, den, base = _parts(indicator, variant, tallies)
    chosen = indicator.variant(variant)
    return [
        _result(
            indicator,
            chosen,
            scope.label,
            period,
            num[2 * index : 2 * index + 2],
            den[2 * index : 2 * index + 2] if den is not None else None,
            base[2 * index : 2 * index + 2] if base is not None else None,
        )
        for index, period in enumerate(periods)
    ]


def evaluate_by_unit(
    indicator: Indicator, units: Iterable[Unit], period: Period, *, variant: str | None = None
) -> dict[Any, IndicatorResult]:
    """The indicator for each of `units` (by unit pk), grouped in the database.

    One GROUP BY statement per measure (a measure naming several unit fields groups by each in
    one UNION ALL). Units with no records are present with value None, so a ranking sees every
    unit. Many indicators at once, one statement per model: `evaluate_all_by_unit`.
    """
    chosen = [(indicator, variant)]
    return _results_by_unit(chosen, list(units), period, share=False)[indicator.code]


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

    One query per model (see `fazhi.indicators.counting`): the 15 dispute indicators of a
    region cost a query for 复议, one for 诉讼 and one for the region's units (诉讼 name two).
    """
    chosen = _chosen(indicators, variant, variants)
    periods = (period, period.previous())
    tallies = tally_scope(_measures(chosen), scope, periods, share=True)
    results = []
    for indicator, key in chosen:
        num, den, base = _parts(indicator, key, tallies)
        results.append(
            _result(indicator, indicator.variant(key), scope.label, period, num, den, base)
        )
    return results


def evaluate_all_by_unit(
    indicators: Iterable[Indicator],
    units: Iterable[Unit],
    period: Period,
    *,
    variant: str | None = None,
    variants: Mapping[str, str | None] | None = None,
) -> dict[str, dict[Any, IndicatorResult]]:
    """Several indicators for each of `units`: by indicator code, then by unit pk, each as
    `evaluate_by_unit` gives it; variants chosen as in `evaluate_all`.

    One GROUP BY statement per model, whatever the number of indicators and units (a county's
    units or a province's: pass them all at once rather than once per county).
    """
    chosen = _chosen(indicators, variant, variants)
    return _results_by_unit(chosen, list(units), period, share=True)


def tallies_by_unit_fields(
    measures: Iterable[Measure], periods: Sequence[Period], *, within: Scope | None = None
) -> dict[Measure, dict[tuple[Any, ...], Tallies]]:
    """Raw tallies of each measure, per combination of its unit fields' values, for roll-ups.

    Measures of one model share one GROUP BY query (as in `evaluate_all`). A record naming
    several units appears once, under its combination (被告, 共同被告): a caller adding each
    combination to the subjects any of its units belongs to counts a record once per subject.
    `within` keeps only the records of that scope.
    """
    return tally_unit_fields(measures, periods, within=within)


def monthly_tallies(
    measures: Iterable[Measure | None], scope: Scope, months: Sequence[Period]
) -> dict[Measure, tuple[list[Tally], list[Tally]]]:
    """Each measure's tally in `scope` for each of `months` (calendar months, the last one
    possibly cut short, as `Period.months` gives them) and for each the same span a year
    earlier: (this year's, the year before's). Only the scope's records count (a record naming
    several of its units once), as in `evaluate_periods`, whose figures these are; a month
    without records is an empty Tally.

    One statement per model, grouped by month in the database: one aggregate per measure,
    whatever the number of months."""
    spans = [*months, *(m.previous() for m in months)]
    counted = [m for m in dict.fromkeys(measures) if m is not None]
    found = tally_months(counted, scope, spans)
    return {m: (list(t[: len(months)]), list(t[len(months) :])) for m, t in found.items()}


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


def compute_value(
    indicator: Indicator, num: Tally, den: Tally | None, base: Tally | None = None
) -> Decimal | None:
    """numerator ÷ denominator × scale, rounded half up to the declared decimals (四舍五入).

    A count (`den` None) has no value when nothing is counted, unless its base (the tally of
    `Indicator.base_for`, when declared) has records: then nothing counted is 0."""
    if den is None:
        if num.rows == 0 and (base is None or base.rows == 0):
            return None
        return quantize(Decimal(num.total) * indicator.scale, indicator.decimals)
    if den.total == 0:
        return None
    return quantize(Decimal(num.total) * indicator.scale / Decimal(den.total), indicator.decimals)


def quantize(value: Decimal | int, decimals: int) -> Decimal:
    """`value` rounded half up to `decimals` places (四舍五入)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _result(
    indicator: Indicator,
    variant: Variant | None,
    label: str,
    period: Period,
    num: Sequence[Tally],
    den: Sequence[Tally] | None,
    base: Sequence[Tally] | None = None,
) -> IndicatorResult:
    value = compute_value(indicator, num[0], den[0] if den else None, base[0] if base else None)
    previous = compute_value(indicator, num[1], den[1] if den else None, base[1] if base else None)
    change = None
    if value is not None and previous is not None:
        change = quantize(value - previous, indicator.decimals)
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


def _chosen(
    indicators: Iterable[Indicator],
    variant: str | None,
    variants: Mapping[str, str | None] | None,
) -> list[tuple[Indicator, str | None]]:
    """Each indicator with the variant key it is counted under."""
    return [
        (i, (variants or {}).get(i.code, variant if has_variant(i, variant) else None))
        for i in indicators
    ]


def _results_by_unit(
    chosen: Sequence[tuple[Indicator, str | None]],
    units: Sequence[Unit],
    period: Period,
    *,
    share: bool,
) -> dict[str, dict[Any, IndicatorResult]]:
    periods = (period, period.previous())
    tallies = tally_units(_measures(chosen), [u.pk for u in units], periods, share=share)
    empty = (Tally(), Tally())
    found: dict[str, dict[Any, IndicatorResult]] = {}
    for indicator, key in chosen:
        num, den, base = _parts(indicator, key, tallies)
        found[indicator.code] = {
            unit.pk: _result(
                indicator,
                indicator.variant(key),
                unit.name,
                period,
                num.get(unit.pk, empty),
                den.get(unit.pk, empty) if den is not None else None,
                base.get(unit.pk, empty) if base is not None else None,
            )
            for unit in units
        }
    return found


def _measures(chosen: Iterable[tuple[Indicator, str | None]]) -> list[Measure]:
    """Every measure of the chosen figures (numerators, denominators and bases), each once
    where they repeat: counted together, a base that is another figure's measure costs nothing."""
    return list(dict.fromkeys(m for indicator, key in chosen for m in indicator.counted(key)))


def _parts(
    indicator: Indicator, key: str | None, tallies: Mapping[Measure, _T]
) -> tuple[_T, _T | None, _T | None]:
    """The tallies of the figure's numerator, denominator and base (None where not declared)."""
    numerator, denominator = indicator.measures(key)
    base = indicator.base_for(key)
    return (
        tallies[numerator],
        tallies[denominator] if denominator is not None else None,
        tallies[base] if base is not None else None,
    )
