"""Reads of the indicators pages, each scoped to the user (outsiders get 404).

Which regions' targets, schemes and runs a user sees: those of the regions in their scope
(`visible_regions`: a county's staff see the county's subtree, a clerk their own unit's
region), and, for users whose scope is their whole region, those set above it (the city's
scheme and its ranking of counties apply to each county). Manual values follow the units a
user sees (`visible_units`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from fazhi.indicators import figures
from fazhi.indicators.assessment import ranked_subjects, stored_text
from fazhi.indicators.models import (
    AssessmentFigure,
    AssessmentRun,
    IndicatorSystem,
    ManualIndicator,
    ManualValue,
    Target,
)
from fazhi.indicators.output import DASH
from fazhi.org.models import Region, Unit
from fazhi.org.scoping import get_visible_or_404, sees_region, visible_regions, visible_units


def reach_q(user: Any, field: str = "region") -> Q:
    """Rows whose `field` is a region in the user's scope or, for a region-wide user, above it."""
    unit = getattr(user, "unit", None)
    if unit is None or not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(**{f"{field}__in": visible_regions(user)})
    if sees_region(user):
        q |= Q(**{f"{field}__code__in": unit.region.path_codes()})
    return q


def _one(queryset: QuerySet[Any], user: Any, **lookup: Any) -> Any:
    found = queryset.filter(reach_q(user)).filter(**lookup).first()
    if found is None:
        raise Http404("记录不存在")
    return found


# --- assessment runs -------------------------------------------------------------------------


def runs_for(user: Any) -> QuerySet[AssessmentRun]:
    return (
        AssessmentRun.objects.filter(reach_q(user))
        .select_related("region", "system", "created_by")
        .order_by("-created_at")
    )


def run_for(user: Any, run_id: int) -> AssessmentRun:
    return _one(AssessmentRun.objects.select_related("region", "system"), user, pk=run_id)


@dataclass(frozen=True)
class Cell:
    """One stored figure as the ranking table shows it."""

    figure: AssessmentFigure
    text: str


@dataclass(frozen=True)
class RankingRow:
    subject: Any
    cells: list[Cell]  # in the run's column order


def ranking(run: AssessmentRun) -> tuple[list[AssessmentFigure], list[RankingRow]]:
    """The run's columns (its first subject's figures, in order) and its rows by rank, each
    figure with its value as the indicator shows it."""
    subjects = ranked_subjects(run)
    columns = list(subjects[0].figures.all()) if subjects else []
    known = set(figures.all_codes())
    described = figures.metas({c.indicator_code for c in columns} & known)
    rows = [
        RankingRow(
            s,
            [Cell(f, stored_text(f, described.get(f.indicator_code))) for f in s.figures.all()],
        )
        for s in subjects
    ]
    return columns, rows


def assessable_regions(user: Any) -> QuerySet[Region]:
    """The regions a user may start a run for (those in their scope with something below)."""
    return visible_regions(user).exclude(level__in=["village"]).order_by("path")


# --- indicator systems -----------------------------------------------------------------------


def systems_for(user: Any) -> QuerySet[IndicatorSystem]:
    return (
        IndicatorSystem.objects.filter(reach_q(user) | Q(region__isnull=True))
        .select_related("region")
        .order_by("-year", "name", "edition")
    )


def system_for(user: Any, system_id: int) -> IndicatorSystem:
    found = systems_for(user).filter(pk=system_id).first()
    if found is None:
        raise Http404("指标体系不存在")
    return found


# --- targets ---------------------------------------------------------------------------------


def region_for(user: Any, region_code: str) -> Region:
    """A region in the user's scope, by code (404 otherwise)."""
    found = visible_regions(user).filter(code=region_code).first()
    if found is None:
        raise Http404("区划不存在")
    return found


@dataclass(frozen=True)
class TargetRow:
    target: Target
    meta: figures.IndicatorMeta | None
    inherited: bool  # set by a region above this one

    @property
    def green_text(self) -> str:
        return self._text(self.target.green_at)

    @property
    def yellow_text(self) -> str:
        return self._text(self.target.yellow_at)

    def _text(self, threshold: Any) -> str:
        if self.meta is None:
            return DASH if threshold is None else figures.number_text(threshold, None)
        return figures.threshold_text(self.meta, threshold)


def targets_of(region: Region, year: int) -> list[TargetRow]:
    """The targets in force in `region` for `year`: its own, and those set above it that it
    has not replaced (the nearest region wins), by level and indicator."""
    rows = (
        Target.objects.filter(year=year, region__code__in=region.path_codes())
        .select_related("region")
        .order_by("-region__path")
    )
    chosen: dict[tuple[str, str], Target] = {}
    for target in rows:
        chosen.setdefault((target.level, target.indicator_code), target)
    known = set(figures.all_codes())
    described = figures.metas(code for _, code in chosen if code in known)
    return sorted(
        (
            TargetRow(t, described.get(t.indicator_code), t.region_id != region.pk)
            for t in chosen.values()
        ),
        key=lambda r: (r.target.level, r.target.indicator_code),
    )


# --- manual values ---------------------------------------------------------------------------


def unit_for(user: Any, unit_code: str) -> Unit:
    return get_visible_or_404(Unit.objects.select_related("region"), user, code=unit_code)


def entry_units(user: Any) -> QuerySet[Unit]:
    """The units whose manual values a user may see and enter: their own, or all in scope."""
    units = Unit.objects.visible_to(user).internal()
    return units.filter(is_active=True).select_related("region")


@dataclass(frozen=True)
class ManualEntry:
    indicator: ManualIndicator
    value: ManualValue | None
    previous: ManualValue | None

    @property
    def value_text(self) -> str:
        return self._text(self.value)

    @property
    def previous_text(self) -> str:
        return self._text(self.previous)

    def _text(self, entered: ManualValue | None) -> str:
        """The entered figure as shown everywhere: "无数据" when none, "—" for a 0 denominator."""
        meta = figures.IndicatorMeta.of_manual(self.indicator)
        if entered is None:
            return figures.NO_DATA_TEXT
        if self.indicator.is_ratio:
            zero = Decimal(0)
            sums = [entered.numerator or zero, entered.denominator or zero, zero]
            value = figures.manual_ratio(meta, sums)
        else:
            value = entered.value
        if value is None:
            return "—（分母为零）"
        return figures.number_text(value, meta)


def manual_entries(unit: Unit, year: int) -> list[ManualEntry]:
    """Every active manual indicator with `unit`'s value for `year` and the year before."""
    indicators = list(ManualIndicator.objects.filter(is_active=True))
    values = {
        (v.indicator_id, v.year): v
        for v in ManualValue.objects.filter(unit=unit, year__in=[year, year - 1]).select_related(
            "entered_by"
        )
    }
    return [
        ManualEntry(i, values.get((i.pk, year)), values.get((i.pk, year - 1))) for i in indicators
    ]


def manual_value_for(user: Any, value_id: int) -> ManualValue:
    value = ManualValue.objects.select_related("unit__region", "indicator").filter(pk=value_id)
    found = value.filter(unit__in=visible_units(user)).first()
    if found is None:
        raise Http404("填报记录不存在")
    return found


def entered_counts(units: QuerySet[Unit], year: int) -> dict[Any, int]:
    """How many manual values each unit has entered for `year`, by unit pk (one query)."""
    counts: dict[Any, int] = {}
    for unit_id in ManualValue.objects.filter(unit__in=units, year=year).values_list(
        "unit_id", flat=True
    ):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    return counts


def current_year() -> int:
    return timezone.localdate().year


def parse_page_year(text: Any, default: int | None = None) -> int:
    """A year in a URL or query: 2000 up to next year; the current year when absent or bad."""
    today: dt.date = timezone.localdate()
    try:
        year = int(str(text))
    except (TypeError, ValueError):
        return default or today.year
    return year if 2000 <= year <= today.year + 1 else (default or today.year)
