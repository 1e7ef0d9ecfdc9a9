"""Reads of the decisions app, every one starting from `visible_to(user)` (outsiders get 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from fazhi.decisions import policies, progress
from fazhi.decisions.models import (
    CatalogAdjustment,
    Decision,
    DecisionCatalog,
    DecisionMaterial,
)
from fazhi.decisions.services.stages import STAGE_RECORDS
from fazhi.org.models import Region, Unit
from fazhi.org.scoping import get_visible_or_404

DECISION_RELATED = (
    "catalog__region",
    "host_unit__region",
    "decision_unit",
    "executing_unit",
    "review_matter",
)


def county_of(user: Any) -> Region | None:
    """The county whose catalog the user works with (their unit's county)."""
    unit = getattr(user, "unit", None)
    return unit.region.county() if unit is not None else None


def catalog_for(user: Any, year: int) -> DecisionCatalog | None:
    county = county_of(user)
    if county is None:
        return None
    return DecisionCatalog.objects.visible_to(user).filter(region=county, year=year).first()


def catalog_years(user: Any) -> list[int]:
    county = county_of(user)
    catalogs = DecisionCatalog.objects.visible_to(user).filter(region=county)
    return sorted(catalogs.values_list("year", flat=True), reverse=True)


@dataclass(frozen=True)
class CatalogFilter:
    host: str = ""  # a unit code
    status: str = ""
    query: str = ""


def catalog_lines(user: Any, catalog: DecisionCatalog, flt: CatalogFilter) -> QuerySet[Decision]:
    """The catalog's decisions the user may see, in catalog order."""
    qs = Decision.objects.visible_to(user).filter(catalog=catalog).select_related(*DECISION_RELATED)
    if flt.host:
        qs = qs.filter(host_unit__code=flt.host)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.query:
        qs = qs.filter(title__icontains=flt.query)
    return qs.order_by("seq")


@dataclass(frozen=True)
class Line:
    decision: Decision
    steps: list[progress.Step]
    late: bool


def lines_with_steps(decisions: QuerySet[Decision], today: dt.date) -> list[Line]:
    rows = []
    for decision in decisions:
        steps = progress.steps(decision, today)
        late = any(s.state in (progress.StepState.OVERDUE, progress.StepState.LATE) for s in steps)
        rows.append(Line(decision, steps, late))
    return rows


def decision_for(user: Any, decision_id: int) -> Decision:
    qs = Decision.objects.select_related(*DECISION_RELATED)
    return get_visible_or_404(qs, user, pk=decision_id)


def material_for(user: Any, material_id: int) -> DecisionMaterial:
    qs = DecisionMaterial.objects.select_related(*(f"decision__{r}" for r in DECISION_RELATED))
    return get_visible_or_404(qs, user, pk=material_id)


def record_for(user: Any, kind: str, record_id: int) -> Model:
    """A stage record (consultation, hearing, expert opinion, risk assessment) of a visible
    decision."""
    found = STAGE_RECORDS.get(kind)
    if found is None:
        raise Http404("没有这种记录")
    model = found[0]
    qs = model._default_manager.select_related(*(f"decision__{r}" for r in DECISION_RELATED))
    return get_visible_or_404(qs, user, pk=record_id)


def adjustment_for(user: Any, adjustment_id: int) -> CatalogAdjustment:
    qs = CatalogAdjustment.objects.select_related("catalog__region", "decision")
    return get_visible_or_404(qs, user, pk=adjustment_id)


def county_units(region: Region) -> QuerySet[Unit]:
    """The units that may decide, host or execute a decision of the county `region`."""
    return (
        Unit.objects.filter(region__path__startswith=region.path, is_active=True)
        .internal()
        .select_related("region")
        .order_by("region__path", "sort_order", "code")
    )


def manages(user: Any, catalog: DecisionCatalog) -> bool:
    return policies.manages_catalog(user, catalog.region)
