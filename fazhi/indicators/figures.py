"""Figures: any indicator (declared or manual) for a scope and period, with its target, colour
and 同比, ready to show.

One entry point for pages, the CLI and assessment runs, whatever the indicator's kind:
- a registry code ("disputes.litigation_loss_rate") is counted by the engine in the database;
- a manual code ("manual.public_lawyer_rate") is read from its entered values (ManualValue): a
  unit's own value; a region's is Σnumerator ÷ Σdenominator × scale over the units of its
  subtree for a ratio, Σvalue for a count. A manual indicator is an annual figure: the value
  of the period's year (its last day's year) is used, and the year before for 同比.

The target is the one set by the nearest region up the tree for the indicator, year and level
(`target_for`); the colour follows its thresholds (`colour_of`). No data is never 0: a figure
without data has status "no_data" and shows "无数据"; a ratio whose denominator is 0 while its
numerator is not has status "div_zero" and shows "—".

    figure("testapp.loss_rate", Scope.of_region(county), Period.year(2023), level="county")
    figures_by_subject(codes, [Scope.of_region(t) for t in townships], period, level="township")

Describing an indicator of either kind lives in `fazhi.indicators.meta`, targets and colours in
`fazhi.indicators.targets`; both are re-exported here, the one module pages import.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal, cast

from fazhi.indicators import engine, registry
from fazhi.indicators.engine import quantize
from fazhi.indicators.meta import (
    MANUAL_LABEL,
    IndicatorMeta,
    all_codes,
    display_name,
    indicator_meta,
    metas,
)
from fazhi.indicators.models import Colour, ManualValue, Target, TargetLevel
from fazhi.indicators.output import DASH, format_change, format_value, signed_text
from fazhi.indicators.output import change_tone as _change_tone
from fazhi.indicators.periods import Period
from fazhi.indicators.scopes import Scope
from fazhi.indicators.targets import TargetBook, colour_of, reaches, target_for
from fazhi.org.models import Region, RegionLevel, Unit, UnitKind

# The public API, with what lives in `meta` and `targets` (re-exported: one place to import).
__all__ = [
    "DIV_ZERO",
    "MANUAL_LABEL",
    "NO_DATA",
    "NO_DATA_TEXT",
    "OK",
    "Figure",
    "IndicatorMeta",
    "Numbers",
    "Subjects",
    "TargetBook",
    "all_codes",
    "build",
    "colour_of",
    "display_name",
    "figure",
    "figures",
    "figures_by_subject",
    "indicator_meta",
    "json_number",
    "level_of",
    "manual_ratio",
    "metas",
    "number_text",
    "quantize",
    "reaches",
    "region_of",
    "target_for",
    "threshold_text",
]

Status = Literal["ok", "no_data", "div_zero"]
NO_DATA_TEXT = "无数据"
OK: Status = "ok"
NO_DATA: Status = "no_data"
DIV_ZERO: Status = "div_zero"


def level_of(scope: Scope) -> str:
    """The target level a scope is assessed at when the caller does not say: a region by its
    own level (a village as its township), a township government as its township, any other
    unit as a department."""
    if scope.region is not None:
        level = scope.region.level
        return TargetLevel.TOWNSHIP if level == RegionLevel.VILLAGE else level
    if cast(Unit, scope.unit).kind == UnitKind.TOWNSHIP_GOV:
        return TargetLevel.TOWNSHIP
    return TargetLevel.DEPARTMENT


def region_of(scope: Scope) -> Region:
    if scope.region is not None:
        return scope.region
    return cast(Unit, scope.unit).region


# --- the figure ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One indicator for one scope and period: numbers, 同比, target, colour and status."""

    code: str
    name: str
    unit: str
    direction: str
    decimals: int
    is_manual: bool
    scope_label: str
    period: Period
    numerator: Decimal | int | None
    denominator: Decimal | int | None
    value: Decimal | None
    previous_value: Decimal | None
    change: Decimal | None
    target: Target | None
    colour: Colour
    status: Status
    definition: str = ""
    variant_name: str = ""

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"

    @property
    def display_name(self) -> str:
        """The name, with the 统计口径 when not the default, marked 手工填报 when manual."""
        return display_name(self.name, self.is_manual, self.variant_name)

    @property
    def value_text(self) -> str:
        """ "50.00%"; "无数据" without data (never 0%); "—" when the denominator is 0."""
        if self.status == NO_DATA:
            return NO_DATA_TEXT
        if self.status == DIV_ZERO:
            return DASH
        return format_value(self.value, self)

    @property
    def previous_text(self) -> str:
        if self.previous_value is None:
            return NO_DATA_TEXT
        return format_value(self.previous_value, self)

    @property
    def target_text(self) -> str:
        """ "≥45.00%" for a target to reach, "≤5.00%" for one not to exceed; "—" without one."""
        return threshold_text(self, self.target.green_at if self.target else None)

    @property
    def thresholds_text(self) -> str:
        """ "绿 ≥45.00%，黄 ≥40.00%" (the yellow part only when there is a yellow band)."""
        if self.target is None:
            return DASH
        text = f"绿 {threshold_text(self, self.target.green_at)}"
        if self.target.yellow_at is not None:
            text += f"，黄 {threshold_text(self, self.target.yellow_at)}"
        return text

    @property
    def change_text(self) -> str:
        """ "+1.20 个百分点" for a percentage, "-3 件" for a count; "—" without both years."""
        return format_change(self.change, self)

    @property
    def change_tone(self) -> str:
        """ "better" or "worse" by the indicator's direction; "" when unchanged or neutral."""
        return _change_tone(self, self.change)

    @property
    def colour_label(self) -> str:
        if self.target is None:
            return "未设目标"
        return Colour(self.colour).label

    def as_json(self) -> dict[str, Any]:
        """The object `fazhi indicators --format json` prints for one indicator."""
        return {
            "code": self.code,
            "name": display_name(self.name, self.is_manual),
            "unit": self.unit,
            "value": json_number(self.value, self.decimals),
            "numerator": json_number(self.numerator),
            "denominator": json_number(self.denominator),
            "definition": self.definition,
            "target": json_number(self.target.green_at if self.target else None),
            "colour": str(self.colour) if self.target is not None else None,
            "previous_value": json_number(self.previous_value, self.decimals),
            "change": json_number(self.change, self.decimals),
        }


def threshold_text(indicator: Figure | IndicatorMeta, threshold: Decimal | None) -> str:
    """ "≥45.00%" for a threshold to reach, "≤5.00%" for one not to exceed; "—" without one."""
    if threshold is None:
        return DASH
    return signed_text(quantize(threshold, indicator.decimals), indicator)


def number_text(value: Decimal, indicator: Figure | IndicatorMeta | None) -> str:
    """`value` as the indicator shows it, rounded to its decimals ("12.50%"); a plain number
    when the indicator is not known (any longer)."""
    if indicator is None:
        return f"{value.normalize():f}"
    return format_value(quantize(value, indicator.decimals), indicator)


def json_number(number: Decimal | int | None, decimals: int | None = None) -> int | float | None:
    """Numbers stay numbers in JSON: whole ones as integers, the rest as floats."""
    if number is None or isinstance(number, int):
        return number
    whole = decimals == 0 if decimals is not None else number == number.to_integral_value()
    return int(number) if whole else float(number)


def status_of(numbers: Numbers, *, is_ratio: bool) -> Status:
    """ok with a value (0 for a count whose base has records but nothing is counted, see
    `Indicator.base`); div_zero for a ratio with data whose denominator is 0; else no_data."""
    if numbers.value is not None:
        return OK
    return DIV_ZERO if is_ratio and numbers.has_data else NO_DATA


def change_of(value: Decimal | None, previous: Decimal | None, decimals: int) -> Decimal | None:
    if value is None or previous is None:
        return None
    return quantize(value - previous, decimals)


def build(
    meta: IndicatorMeta,
    scope_label: str,
    period: Period,
    numbers: Numbers,
    target: Target | None,
) -> Figure:
    """A Figure from an indicator's numbers and its target."""
    colour = colour_of(
        meta.direction,
        numbers.value,
        target.green_at if target else None,
        target.yellow_at if target else None,
    )
    return Figure(
        code=meta.code,
        name=meta.name,
        unit=meta.unit,
        direction=meta.direction,
        decimals=meta.decimals,
        is_manual=meta.is_manual,
        scope_label=scope_label,
        period=period,
        numerator=numbers.numerator,
        denominator=numbers.denominator,
        value=numbers.value,
        previous_value=numbers.previous_value,
        change=change_of(numbers.value, numbers.previous_value, meta.decimals),
        target=target,
        colour=colour,
        status=status_of(numbers, is_ratio=meta.is_ratio),
        definition=meta.definition,
        variant_name=meta.variant_name,
    )


@dataclass(frozen=True)
class Numbers:
    """An indicator's raw numbers for one subject: this period's and last year's value."""

    numerator: Decimal | int | None
    denominator: Decimal | int | None
    value: Decimal | None
    previous_value: Decimal | None
    # Whether any record was counted (or any value entered): a ratio with data but a zero
    # denominator is a division by zero, not a period without data.
    has_data: bool = False


# --- one scope -------------------------------------------------------------------------------


def figure(code: str, scope: Scope, period: Period, *, level: str | None = None) -> Figure:
    """Indicator `code` for `scope` and `period`, with the target of `level` (by default the
    scope's own level, see `level_of`)."""
    return figures([code], scope, period, level=level)[0]


def figures(
    codes: Iterable[str],
    scope: Scope,
    period: Period,
    *,
    level: str | None = None,
    variant: str | None = None,
) -> list[Figure]:
    """Several indicators for one scope, in the order of `codes`: the declared ones counted
    together by the engine (`evaluate_all`, under `variant` where an indicator declares it),
    the manual ones in one query, targets in one."""
    described = metas(codes)
    declared = [registry.get(c) for c, m in described.items() if not m.is_manual]
    results = engine.evaluate_all(declared, scope, period, variant=variant)
    chosen = {r.code: r for r in results if r.variant is not None}
    numbers = {
        r.code: Numbers(
            r.numerator,
            r.denominator,
            r.value,
            r.previous_value,
            has_data=r.value is not None or bool(r.numerator) or bool(r.denominator),
        )
        for r in results
    }
    manual = [m for m in described.values() if m.is_manual]
    numbers.update(manual_numbers(manual, Subjects([scope]), period)[0])
    book = TargetBook(period.end.year, level or level_of(scope))
    region = region_of(scope)
    found = []
    for code, meta in described.items():
        own = chosen.get(code)
        shown = meta
        if own is not None and own.variant is not None:
            shown = replace(meta, definition=own.definition, variant_name=own.variant.name)
        found.append(build(shown, scope.label, period, numbers[code], book.find(code, region)))
    return found


# --- many subjects at once -------------------------------------------------------------------


class Subjects:
    """Scopes assessed side by side (townships, departments, counties) and which of them each
    unit counts for: a unit counts for itself and for every region subject above it."""

    def __init__(self, scopes: Sequence[Scope]) -> None:
        self.scopes = list(scopes)
        self._by_unit: dict[Any, list[int]] = defaultdict(list)
        by_path: dict[str, list[int]] = defaultdict(list)
        for index, scope in enumerate(self.scopes):
            if scope.unit is not None:
                self._by_unit[scope.unit.pk].append(index)
            else:
                by_path[region_of(scope).path].append(index)
        self.within = self._common_scope()
        if by_path:
            self._add_region_units(by_path)

    def _common_scope(self) -> Scope | None:
        paths = [region_of(s).path for s in self.scopes]
        if not paths:
            return None
        common = posixpath.commonpath(paths).strip("/")
        if not common:
            return None
        return Scope.of_region(Region.objects.get(code=common.split("/")[-1]))

    def _add_region_units(self, by_path: dict[str, list[int]]) -> None:
        units = Unit.objects.all()
        if self.within is not None:
            units = units.filter(region__path__startswith=region_of(self.within).path)
        for pk, path in units.values_list("pk", "region__path").iterator():
            codes = path.strip("/").split("/")
            for depth in range(1, len(codes) + 1):
                found = by_path.get("/" + "/".join(codes[:depth]) + "/")
                if found:
                    self._by_unit[pk].extend(found)

    @property
    def narrowing(self) -> Scope | None:
        """The scope that keeps the records of these subjects; None for a whole tree (a root
        region), where any filter would keep every row and only cost a join."""
        if self.within is None or region_of(self.within).parent_id is None:
            return None
        return self.within

    def of_unit(self, unit_pk: Any) -> list[int]:
        return self._by_unit.get(unit_pk, [])

    def of_combo(self, combo: tuple[Any, ...]) -> set[int]:
        """The subjects a record naming these units counts for (each once)."""
        return {index for pk in combo if pk is not None for index in self.of_unit(pk)}

    @property
    def unit_ids(self) -> list[Any]:
        return list(self._by_unit)


def figures_by_subject(
    codes: Iterable[str], subjects: Sequence[Scope], period: Period, *, level: str | None = None
) -> dict[Scope, dict[str, Figure]]:
    """Indicators for many subjects at once, by subject then code: a few grouped queries (per
    source of records, per unit), rolled up to the subjects in Python, never one per subject.
    A record naming several units of one subject counts once for it."""
    described = metas(codes)
    group = Subjects(subjects)
    declared = [registry.get(c) for c, m in described.items() if not m.is_manual]
    numbers = declared_numbers(declared, group, period)
    manual = manual_numbers([m for m in described.values() if m.is_manual], group, period)
    regions = [region_of(s) for s in group.scopes]
    books: dict[str, TargetBook] = {}
    found: dict[Scope, dict[str, Figure]] = {}
    for index, scope in enumerate(group.scopes):
        own_level = level or level_of(scope)
        if own_level not in books:
            books[own_level] = TargetBook(period.end.year, own_level)
            books[own_level].preload(regions)
        book, region = books[own_level], regions[index]
        mine = {**numbers[index], **manual[index]}
        found[scope] = {
            code: build(meta, scope.label, period, mine[code], book.find(code, region))
            for code, meta in described.items()
        }
    return found


def declared_numbers(
    indicators: Sequence[registry.Indicator], group: Subjects, period: Period
) -> list[dict[str, Numbers]]:
    """Each subject's numbers for the declared indicators, from per-unit tallies."""
    periods = (period, period.previous())
    measures = list(dict.fromkeys(m for i in indicators for m in i.counted()))
    by_subject = engine.tallies_by_subject(
        measures, periods, group.of_combo, len(group.scopes), within=group.narrowing
    )
    result: list[dict[str, Numbers]] = [{} for _ in group.scopes]
    for indicator in indicators:
        numerator, denominator = indicator.measures()
        base = indicator.base_for()
        for index in range(len(group.scopes)):
            num = by_subject[numerator][index]
            den = by_subject[denominator][index] if denominator is not None else None
            result[index][indicator.code] = _declared(
                indicator, num, den, by_subject[base][index] if base is not None else None
            )
    return result


def _declared(
    indicator: registry.Indicator,
    num: Sequence[engine.Tally],
    den: Sequence[engine.Tally] | None,
    base: Sequence[engine.Tally] | None,
) -> Numbers:
    """A declared indicator's numbers from its measures' tallies (this period, the year before);
    a count with a base that has records is 0, not 无数据, when nothing is counted."""
    value = engine.compute_value(
        indicator, num[0], den[0] if den else None, base[0] if base else None
    )
    return Numbers(
        numerator=num[0].total,
        denominator=den[0].total if den else None,
        value=value,
        previous_value=engine.compute_value(
            indicator, num[1], den[1] if den else None, base[1] if base else None
        ),
        has_data=value is not None or bool(num[0].rows or (den and den[0].rows)),
    )


def manual_numbers(
    indicators: Sequence[IndicatorMeta], group: Subjects, period: Period
) -> list[dict[str, Numbers]]:
    """Each subject's numbers for the manual indicators: the entered values of the period's
    year and the year before, summed over the units each subject covers (one query)."""
    result: list[dict[str, Numbers]] = [{} for _ in group.scopes]
    if not indicators:
        return result
    year = period.end.year
    rows = ManualValue.objects.filter(
        indicator__code__in=[m.code for m in indicators], year__in=[year, year - 1]
    )
    if group.narrowing is not None:
        rows = rows.filter(unit__region__path__startswith=region_of(group.narrowing).path)
    sums: dict[tuple[int, str, int], list[Decimal]] = {}
    for code, unit_id, row_year, num, den, value in rows.values_list(
        "indicator__code", "unit_id", "year", "numerator", "denominator", "value"
    ):
        for index in group.of_unit(unit_id):
            total = sums.setdefault((index, code, row_year), [Decimal(0)] * 3)
            for position, part in enumerate((num, den, value)):
                total[position] += part or 0
    for index in range(len(group.scopes)):
        for meta in indicators:
            current = sums.get((index, meta.code, year))
            previous = sums.get((index, meta.code, year - 1))
            result[index][meta.code] = _manual(meta, current, previous)
    return result


def _manual(
    meta: IndicatorMeta, current: list[Decimal] | None, previous: list[Decimal] | None
) -> Numbers:
    if not meta.is_ratio:
        return Numbers(
            numerator=current[2] if current else None,
            denominator=None,
            value=quantize(current[2], meta.decimals) if current else None,
            previous_value=quantize(previous[2], meta.decimals) if previous else None,
            has_data=current is not None,
        )
    return Numbers(
        numerator=current[0] if current else None,
        denominator=current[1] if current else None,
        value=manual_ratio(meta, current),
        previous_value=manual_ratio(meta, previous),
        has_data=current is not None,
    )


def manual_ratio(meta: IndicatorMeta, sums: list[Decimal] | None) -> Decimal | None:
    """Σnumerator ÷ Σdenominator × scale, rounded half up; None without values or with Σ分母 0."""
    if not sums or not sums[1]:
        return None
    return quantize(sums[0] * meta.scale / sums[1], meta.decimals)
