"""Figures of 重大行政决策 for the user's scope and a year, with 同比 and a table by unit; every
number links to the decisions it was counted from (all from the indicator engine)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core import paging
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, require_perm
from fazhi.decisions import indicators, selectors
from fazhi.indicators import engine
from fazhi.indicators.periods import Period, parse_year
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Unit
from fazhi.org.scoping import visible_units

BY_CODE = {i.code: i for i in indicators.ALL}
# The columns of the units table: the "三个100%" and the catalog's own figures.
BY_UNIT = (
    indicators.LISTED,
    indicators.COVERAGE,
    indicators.LEGALITY,
    indicators.DISCLOSURE,
    indicators.ON_PLAN,
)


def _scope_and_year(request: HttpRequest) -> tuple[Scope, int, str]:
    user: Any = request.user
    today = timezone.localdate()
    try:
        year = parse_year(request.GET.get("year", "") or str(today.year), today=today)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        year = today.year
    code = request.GET.get("unit", "")
    unit = visible_units(user).filter(code=code).first() if code else None
    scope = Scope.of_unit(unit) if unit is not None else Scope.for_user(user)
    if scope is None:
        raise Http404("未设置所在单位")
    return scope, year, f"unit={unit.code}" if unit is not None else ""


@require_perm(Perm.VIEW_BUSINESS)
def figures(request: HttpRequest) -> HttpResponse:
    scope, year, query = _scope_and_year(request)
    period = Period.year_to_date(year, today=timezone.localdate())
    context = {
        "scope": scope,
        "year": year,
        "query": query,
        "period": period,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        "results": engine.evaluate_all(indicators.ALL, scope, period),
        "by_unit": _by_unit(scope, period),
        "columns": BY_UNIT,
    }
    return render(request, "decisions/figures.html", context)


def _by_unit(scope: Scope, period: Period) -> list[dict[str, Any]]:
    """The units of the region (or the one unit) hosting any decision of the period."""
    region, unit = scope.region, scope.unit
    units: list[Unit] = list(selectors.county_units(region)) if region is not None else []
    units += [unit] if unit is not None else []
    values = {i.code: engine.evaluate_by_unit(i, units, period) for i in BY_UNIT}
    rows = []
    for unit in units:
        results = [values[i.code][unit.pk] for i in BY_UNIT]
        if any(r.numerator or r.denominator for r in results):
            rows.append({"unit": unit, "results": results})
    return rows


@require_perm(Perm.VIEW_BUSINESS)
def figure_records(request: HttpRequest) -> HttpResponse:
    """The decisions behind one figure (numerator or denominator), scoped to the user."""
    indicator = BY_CODE.get(request.GET.get("code", ""))
    if indicator is None:
        raise Http404("未知指标")
    scope, year, query = _scope_and_year(request)
    part: engine.Part = "denominator" if request.GET.get("part") == "denominator" else "numerator"
    period = Period.year_to_date(year, today=timezone.localdate())
    try:
        qs = engine.records_behind(indicator, scope, period, part, user=request.user)
    except ApplicationError as exc:
        raise Http404(exc.message) from None
    qs = qs.select_related("catalog", "host_unit").order_by("catalog__year", "seq")
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    measure = indicator.measures(None)[0 if part == "numerator" else 1]
    context = {
        "indicator": indicator,
        "scope": scope,
        "year": year,
        "query": query,
        "part_label": measure.label if measure else "",
        "date_field": measure.date_field if measure else "",
        "page_obj": page,
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "decisions/figure_records.html", context)
