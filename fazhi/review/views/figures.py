"""Figures of 合法性审查 and 规范性文件备案 for a region or unit and a year, with 同比, by level,
by type and by unit; every number links to the records it was counted from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core import paging
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, require_perm
from fazhi.indicators import engine
from fazhi.indicators.periods import Period, parse_year
from fazhi.indicators.registry import Indicator
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Region, Unit
from fazhi.org.scoping import sees_region, visible_units
from fazhi.review import indicators
from fazhi.review.models import Level, MatterType

BY_LEVEL = (
    indicators.MATTERS,
    indicators.COVERAGE,
    indicators.ON_TIME,
    indicators.ADOPTION,
    indicators.OPINIONS,
)
BY_CODE = {i.code: i for i in indicators.ALL}


@dataclass(frozen=True)
class Choice:
    scope: Scope
    query: str  # "region=…" or "unit=…", kept in every link
    regions: list[Region]
    year: int


def _choice(request: HttpRequest) -> Choice:
    """The scope (a visible region or unit) and the year asked for, defaults otherwise."""
    user: Any = request.user
    get = request.GET
    today = timezone.localdate()
    try:
        year = parse_year(get.get("year", "") or str(today.year), today=today)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        year = today.year
    regions = _regions(user)
    region = next((r for r in regions if r.code == get.get("region")), None)
    unit = visible_units(user).filter(code=get.get("unit", "")).first() if get.get("unit") else None
    scope: Scope | None
    if unit is not None:
        scope = Scope.of_unit(unit)
    elif region is not None:
        scope = Scope.of_region(region)
    else:
        scope = Scope.for_user(user)  # their region when they see one, else their unit
    if scope is None:
        raise Http404("未设置所在单位")
    return Choice(scope, _query(scope), regions, year)


def _query(scope: Scope) -> str:
    if scope.unit is not None:
        return f"unit={scope.unit.code}"
    return f"region={scope.region.code}" if scope.region is not None else ""


def _regions(user: Any) -> list[Region]:
    """The user's region and the regions directly below it, for those who see a region."""
    if not sees_region(user):
        return []
    root = user.unit.region
    return [root, *Region.objects.filter(parent=root).order_by("code")]


def _period(year: int) -> Period:
    return Period.year_to_date(year, today=timezone.localdate())


@require_perm(Perm.VIEW_BUSINESS)
def figures(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    period = _period(choice.year)
    chosen = BY_CODE.get(request.GET.get("indicator", ""), indicators.MATTERS)
    context = {
        "choice": choice,
        "period": period,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        "results": engine.evaluate_all(indicators.ALL, choice.scope, period),
        "by_level": _by_level(choice.scope, period),
        "by_type": _by_type(choice.scope, period),
        "by_unit": _by_unit(chosen, choice.scope, period),
        "chosen": chosen,
        "indicators": indicators.ALL,
    }
    if request.htmx and request.htmx.target == "fz-review-by-unit":  # type: ignore[attr-defined]
        return render(request, "review/_figures_by_unit.html", context)
    return render(request, "review/figures.html", context)


def _by_level(scope: Scope, period: Period) -> list[dict[str, Any]]:
    return [
        {
            "level": level,
            "results": [
                engine.evaluate(i, scope, period, variant=f"level_{level.value}") for i in BY_LEVEL
            ],
        }
        for level in Level
    ]


def _by_type(scope: Scope, period: Period) -> list[Any]:
    return [
        engine.evaluate(indicators.MATTERS, scope, period, variant=f"type_{kind.value}")
        for kind in MatterType
    ]


def _by_unit(indicator: Indicator, scope: Scope, period: Period) -> list[Any]:
    """Units directly in the region, then each region below it (its whole subtree)."""
    if scope.region is None:
        return [engine.evaluate(indicator, scope, period)]
    region = scope.region
    units = Unit.objects.filter(region=region).internal().order_by("sort_order", "code")
    rows = list(engine.evaluate_by_unit(indicator, units, period).values())
    children = Region.objects.filter(parent=region).order_by("code")
    rows += [engine.evaluate(indicator, Scope.of_region(child), period) for child in children]
    return [row for row in rows if row.numerator or row.denominator]


@require_perm(Perm.VIEW_BUSINESS)
def figure_records(request: HttpRequest) -> HttpResponse:
    """The records behind one figure (numerator or denominator), scoped to the user."""
    get = request.GET
    indicator = BY_CODE.get(get.get("code", ""))
    if indicator is None:
        raise Http404("未知指标")
    choice = _choice(request)
    part: engine.Part = "denominator" if get.get("part") == "denominator" else "numerator"
    variant = get.get("variant") or None
    try:
        qs = engine.records_behind(
            indicator, choice.scope, _period(choice.year), part, variant, user=request.user
        )
    except ApplicationError as exc:
        raise Http404(exc.message) from None
    page = Paginator(qs.order_by("-pk"), 100).get_page(get.get("page"))
    measure = indicator.measures(variant)[0 if part == "numerator" else 1]
    context = {
        "indicator": indicator,
        "choice": choice,
        "part_label": measure.label if measure else "",
        "page_obj": page,
        "rows": [_row(record, measure.date_field) for record in page.object_list],  # type: ignore[union-attr]
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "review/figure_records.html", context)


def _row(record: Any, date_path: str) -> dict[str, Any]:
    value: Any = record
    for part in date_path.split("__"):
        value = getattr(value, part, None)
    unit = getattr(record, "unit", None) or _nested_unit(record)
    return {
        "label": str(record),
        "unit": unit.name if unit else "",
        "date": value,
        "url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
    }


def _nested_unit(record: Any) -> Any:
    for name in ("matter", "document"):
        parent = getattr(record, name, None)
        if parent is not None:
            return parent.unit
    return None
