"""The dispute figures: every `disputes.*` indicator for the county (or one unit) and year, with
numerator, denominator, target and 同比; a table of units × key indicators; the 统计口径 of the
indicators where practice differs; a monthly trend of 收案; and, behind each number, its cases.

Every figure comes from the indicator engine (evaluate, evaluate_by_unit, records_behind);
nothing is counted here. A user sees the figures of their own scope: a region-wide user their
region (and may choose any region or unit inside it), anyone else their own unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fazhi.core import paging
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, require_perm
from fazhi.indicators import engine, registry
from fazhi.indicators.engine import IndicatorResult, Part
from fazhi.indicators.periods import Period, parse_year
from fazhi.indicators.registry import Indicator
from fazhi.indicators.scopes import Scope
from fazhi.org.models import Unit
from fazhi.org.scoping import get_visible_or_404, sees_region, visible_regions

from .briefing import Figure, user_scope
from .models import Lawsuit, Reconsideration
from .selectors import LAWSUIT, RECON

PREFIX = "disputes."
FIRST_YEAR = 2023
PAGE_SIZE = 50
# The columns of the units table (RULES.md §4–§5: the figures every county report leads with).
KEY_CODES = (
    "disputes.reconsideration_received",
    "disputes.reconsideration_correction_rate",
    "disputes.reconsideration_mediation_rate",
    "disputes.litigation_received",
    "disputes.litigation_loss_rate",
    "disputes.litigation_mediation_rate",
    "disputes.head_appearance_rate",
)
TREND_CODES = ("disputes.reconsideration_received", "disputes.litigation_received")


# The page's sections, in the order county reports give the figures; an indicator declared
# later and not listed here joins "其他".
GROUPS = (
    (
        "行政复议",
        (
            "disputes.reconsideration_received",
            "disputes.reconsideration_concluded",
            "disputes.reconsideration_corrected",
            "disputes.reconsideration_correction_rate",
            "disputes.reconsideration_mediation_rate",
            "disputes.reconsideration_average_days",
        ),
    ),
    (
        "行政应诉",
        (
            "disputes.litigation_received",
            "disputes.litigation_first_closed",
            "disputes.litigation_lost",
            "disputes.litigation_loss_rate",
            "disputes.litigation_mediation_rate",
            "disputes.head_appearance_rate",
        ),
    ),
    (
        "复议与诉讼衔接",
        (
            "disputes.reconsideration_litigation_ratio",
            "disputes.suit_after_reconsideration_rate",
            "disputes.loss_after_reconsideration",
        ),
    ),
)


def dispute_indicators() -> list[Indicator]:
    """Every `disputes.*` indicator, in the order of GROUPS."""
    order = {code: n for n, code in enumerate(c for _label, codes in GROUPS for c in codes)}
    found = [i for i in registry.all() if i.code.startswith(PREFIX)]
    return sorted(found, key=lambda i: order.get(i.code, len(order)))


def group_figures(figures: list[Figure]) -> list[tuple[str, list[Figure]]]:
    groups = [(label, [f for f in figures if f.indicator.code in codes]) for label, codes in GROUPS]
    listed = {code for _label, codes in GROUPS for code in codes}
    rest = [f for f in figures if f.indicator.code not in listed]
    return [g for g in [*groups, ("其他", rest)] if g[1]]


# ---------------------------------------------------------------------------------------------
# What the page was asked for


@dataclass(frozen=True)
class Choice:
    """The year, scope and 统计口径 chosen on the page (all validated)."""

    year: int
    period: Period
    scope: Scope
    scope_token: str  # "region:<code>" or "unit:<code>", as the selector and links carry it
    variants: Mapping[str, str]  # indicator code → variant key (absent: the default)

    def query(self, **extra: str) -> str:
        params = {"year": str(self.year), "scope": self.scope_token}
        params.update({_variant_param(code): key for code, key in self.variants.items()})
        params.update(extra)
        return urlencode(params)

    def records_url(self, code: str, part: str) -> str:
        extra = {"code": code, "part": part}
        if code in self.variants:
            extra["variant"] = self.variants[code]
        return f"{reverse('disputes:figure-records')}?{self.query(**extra)}"


def _variant_param(code: str) -> str:
    return "v_" + code.removeprefix(PREFIX)


def _token(scope: Scope) -> str:
    if scope.unit is not None:
        return f"unit:{scope.unit.code}"
    assert scope.region is not None  # noqa: S101 (a Scope holds one of the two)
    return f"region:{scope.region.code}"


def parse_scope(user: Any, text: str) -> Scope:
    """The scope named by `text` ("region:<code>" / "unit:<code>"), within the user's reach;
    the user's own scope when empty. A scope out of reach answers 404."""
    own = user_scope(user)
    if own is None:
        raise Http404("当前账号未归属单位")
    kind, _, code = (text or "").partition(":")
    if not text or _token(own) == text:
        return own
    if kind == "unit":
        return Scope.of_unit(
            get_visible_or_404(Unit.objects.select_related("region"), user, code=code)
        )
    if kind == "region" and sees_region(user):
        return Scope.of_region(get_visible_or_404(visible_regions(user), user, code=code))
    raise Http404("统计范围不存在")


def parse_choice(user: Any, params: Mapping[str, Any], today: dt.date) -> tuple[Choice, str]:
    """The page's choice and a Chinese note on anything not understood (then the default)."""
    error = ""
    year = today.year
    if params.get("year"):
        try:
            year = parse_year(str(params["year"]), today=today)
        except ApplicationError as exc:
            error = f"{exc.message}；已显示 {year} 年"
    scope = parse_scope(user, str(params.get("scope") or ""))
    variants: dict[str, str] = {}
    for indicator in dispute_indicators():
        key = str(params.get(_variant_param(indicator.code)) or "")
        if key and engine.has_variant(indicator, key):
            variants[indicator.code] = key
    period = Period.year_to_date(year, today)
    return Choice(year, period, scope, _token(scope), variants), error


# ---------------------------------------------------------------------------------------------
# Rows of the page


def _figure(choice: Choice, result: IndicatorResult) -> Figure:
    code = result.indicator.code
    den = choice.records_url(code, "denominator") if result.indicator.is_ratio else ""
    return Figure(result, choice.records_url(code, "numerator"), den)


def figures_for(choice: Choice) -> list[Figure]:
    results = engine.evaluate_all(
        dispute_indicators(), choice.scope, choice.period, variants=choice.variants
    )
    return [_figure(choice, result) for result in results]


def answering_units(user: Any, scope: Scope) -> QuerySet[Unit]:
    """The 被申请人/被告 (and 共同被告) units with cases, inside `scope` and the user's reach."""
    has_case = (
        Exists(Reconsideration.objects.filter(respondent=OuterRef("pk")))
        | Exists(Lawsuit.objects.filter(defendant=OuterRef("pk")))
        | Exists(Lawsuit.objects.filter(co_defendant=OuterRef("pk")))
    )
    units = Unit.objects.visible_to(user).filter(has_case)
    if scope.region is not None:
        units = units.filter(region__path__startswith=scope.region.path)
    elif scope.unit is not None:
        units = units.filter(pk=scope.unit.pk)
    return units.select_related("region").order_by("region__path", "sort_order", "code")


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    cells: list[Figure]
    url: str  # the figures page for this unit


def unit_table(user: Any, choice: Choice) -> tuple[list[Indicator], list[UnitRow]]:
    """Units (rows) × key indicators (columns), one GROUP BY per measure."""
    units = list(answering_units(user, choice.scope))
    indicators = [registry.get(code) for code in KEY_CODES]
    by_code = {
        i.code: engine.evaluate_by_unit(
            i, units, choice.period, variant=choice.variants.get(i.code)
        )
        for i in indicators
    }
    rows = []
    for unit in units:
        unit_choice = Choice(
            choice.year, choice.period, Scope.of_unit(unit), f"unit:{unit.code}", choice.variants
        )
        cells = [_figure(unit_choice, by_code[i.code][unit.pk]) for i in indicators]
        rows.append(UnitRow(unit, cells, f"?{unit_choice.query()}"))
    return indicators, rows


def monthly_trend(choice: Choice) -> dict[str, Any]:
    """收案 per month of the chosen year and the year before, for the chart."""
    months = Period.months(choice.year, choice.period.end)
    series: list[dict[str, Any]] = []
    for code in TREND_CODES:
        indicator = registry.get(code)
        variant = choice.variants.get(code)
        results = engine.evaluate_periods(indicator, choice.scope, months, variant=variant)
        label = indicator.name.removesuffix("数")
        series.append({"name": f"{label}（{choice.year}）", "data": [r.numerator for r in results]})
        series.append(
            {
                "name": f"{label}（{choice.year - 1}）",
                "data": [int(r.previous_value or 0) for r in results],
                "previous": True,
            }
        )
    return {"months": [f"{m.start.month}月" for m in months], "series": series}


def scope_options(user: Any, choice: Choice) -> list[tuple[str, str]]:
    """What the scope selector offers: the user's regions and the units with cases in them."""
    own = user_scope(user)
    if own is None or own.region is None:
        return [(choice.scope_token, choice.scope.label)]
    options = [(f"region:{r.code}", f"{r.name}（全域）") for r in visible_regions(user)]
    units = answering_units(user, own)
    options += [(f"unit:{u.code}", f"　{u.name}") for u in units]
    return options


# ---------------------------------------------------------------------------------------------
# Views


@require_perm(Perm.VIEW_BUSINESS)
def figures(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    choice, error = parse_choice(request.user, request.GET, today)
    indicators = dispute_indicators()
    figures = figures_for(choice)
    key_indicators, unit_rows = (
        unit_table(request.user, choice) if choice.scope.region else ([], [])
    )
    context = {
        "choice": choice,
        "error": error,
        "figures": figures,
        "figure_groups": group_figures(figures),
        "calibers": [_caliber(i, choice) for i in indicators if i.variants],
        "key_indicators": key_indicators,
        "unit_rows": unit_rows,
        "years": list(range(min(FIRST_YEAR, choice.year), today.year + 1))[::-1],
        "scope_options": scope_options(request.user, choice),
        "trend": monthly_trend(choice),
        "is_year_to_date": not choice.period.is_whole_year,
    }
    return render(request, "disputes/figures.html", context)


def _caliber(indicator: Indicator, choice: Choice) -> dict[str, Any]:
    chosen = choice.variants.get(indicator.code, "")
    return {
        "indicator": indicator,
        "param": _variant_param(indicator.code),
        "chosen": chosen,
        "chosen_definition": indicator.definition_for(chosen or None),
        "options": [("", _default_name(indicator))] + [(v.key, v.name) for v in indicator.variants],
    }


def _default_name(indicator: Indicator) -> str:
    """The default's short name where the definition states it ("默认口径：…"), else "默认口径"."""
    marker = "默认口径："
    if marker not in indicator.definition:
        return "默认口径"
    return marker + indicator.definition.split(marker, 1)[1].rstrip("）")


@require_perm(Perm.VIEW_BUSINESS)
def records(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    indicator, part, variant = _records_target(request.GET)
    choice, error = parse_choice(request.user, request.GET, today)
    if error:
        raise Http404(error)
    qs = engine.records_behind(
        indicator, choice.scope, choice.period, part, variant, user=request.user
    )
    kind = RECON if qs.model is Reconsideration else LAWSUIT
    related = ("respondent", "field") if kind is RECON else ("defendant", "co_defendant", "court")
    measure = engine.measure_for(indicator, part, variant)
    qs = qs.select_related(*related).order_by(f"-{measure.date_field}", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "indicator": indicator,
        "part": part,
        "measure": measure,
        "choice": choice,
        "figure": _figure(
            choice, engine.evaluate(indicator, choice.scope, choice.period, variant=variant)
        ),
        "definition": indicator.definition_for(variant),
        "kind": kind.key,
        "page_obj": page,
        "rows": [(case, case.get_absolute_url()) for case in page.object_list],
        "back_url": f"{reverse('disputes:figures')}?{choice.query()}",
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "disputes/figures_records.html", context)


def _records_target(params: Mapping[str, Any]) -> tuple[Indicator, Part, str | None]:
    code = str(params.get("code") or "")
    part: Part = "denominator" if params.get("part") == "denominator" else "numerator"
    variant = str(params.get("variant") or "") or None
    if not code.startswith(PREFIX) or code not in registry.registry:
        raise Http404("指标不存在")
    indicator = registry.get(code)
    if params.get("part", "numerator") not in ("numerator", "denominator") or (
        part == "denominator" and not indicator.is_ratio
    ):
        raise Http404("指标没有该部分")
    if variant is not None and not engine.has_variant(indicator, variant):
        raise Http404("统计口径不存在")
    return indicator, part, variant
