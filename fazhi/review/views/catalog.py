"""The county's 审查事项目录清单 (read by everyone in the county) and the 应审事项台账."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core import paging
from fazhi.core.deadlines import effective_count, overridden
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.pages import posted_version, refused, run
from fazhi.core.permissions import Perm, has_perm, require_perm
from fazhi.org.models import Unit
from fazhi.org.scoping import visible_units
from fazhi.review import deadlines, policies, selectors
from fazhi.review.forms import CatalogAddForm, CatalogEntryForm, LedgerForm
from fazhi.review.models import CatalogEntry, Level, MatterType
from fazhi.review.services import catalog as catalog_services
from fazhi.review.services import ledger as ledger_services
from fazhi.review.views.common import posted_date, user_of

PAGE_SIZE = 50


def _county(request: HttpRequest) -> Any:
    unit = user_of(request).unit
    try:
        return policies.county_of(unit) if unit else None
    except ApplicationError:
        return None


def _rule_rows() -> list[dict[str, Any]]:
    rows = []
    for kind, rule in deadlines.TYPE_RULES.items():
        bounds = deadlines.LIMIT_BOUNDS.get(kind, deadlines.DEFAULT_BOUNDS)
        rows.append(
            {
                "type": MatterType(kind).label,
                "rule": rule,
                "count": effective_count(rule),
                "overridden": overridden(rule),
                "bounds": bounds,
            }
        )
    return rows


@require_perm(Perm.VIEW_BUSINESS)
def catalog(request: HttpRequest) -> HttpResponse:
    county = _county(request)
    entries = list(selectors.catalog_for(request.user, county)) if county else []
    levels = [
        {"level": level, "entries": [e for e in entries if e.level == level]} for level in Level
    ]
    context = {
        "county": county,
        "levels": levels,
        "has_entries": bool(entries),
        "rules": _rule_rows(),
        "can_manage": has_perm(request.user, Perm.MANAGE_REVIEW_CATALOG),
        "add_form": CatalogAddForm(),
        "defaults": {k: deadlines.default_limit(k) for k in MatterType.values},
    }
    return render(request, "review/catalog.html", context)


@require_perm(Perm.MANAGE_REVIEW_CATALOG)
@require_POST
def catalog_init(request: HttpRequest) -> HttpResponse:
    county = _county(request)

    def call() -> Any:
        if county is None:
            raise ApplicationError("审查事项目录：您所在单位不属于任何县(市、区)")
        return catalog_services.ensure_default_catalog(county=county, actor=request.user)

    return run(request, call, "已按默认清单建立本县审查事项目录。", "review:catalog")


@require_perm(Perm.MANAGE_REVIEW_CATALOG)
@require_POST
def catalog_add(request: HttpRequest) -> HttpResponse:
    form = CatalogAddForm(request.POST)
    county = _county(request)

    def call() -> Any:
        if not form.is_valid() or county is None:
            raise ApplicationError("审查事项目录：请选择审查层级和事项类型")
        return catalog_services.create_entry(county=county, actor=request.user, **form.cleaned_data)

    return run(request, call, "已新增目录事项。", "review:catalog")


@require_perm(Perm.MANAGE_REVIEW_CATALOG)
def catalog_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.catalog_entry_for(request.user, entry_id)
    if request.method != "POST":
        form = CatalogEntryForm(initial=_entry_initial(entry))
        return render(request, "review/catalog_edit.html", _edit_context(entry, form))
    form = CatalogEntryForm(request.POST)
    if form.is_valid():
        try:
            _save_entry(request, entry, form)
        except NotAllowedError as exc:
            refused(request, exc.message)
            return redirect("review:catalog")
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存目录事项“{form.cleaned_data['name']}”。")
            return redirect("review:catalog")
    return render(request, "review/catalog_edit.html", _edit_context(entry, form), status=400)


def _edit_context(entry: CatalogEntry, form: CatalogEntryForm) -> dict[str, Any]:
    kind = entry.matter_type
    return {
        "entry": entry,
        "form": form,
        "rule": deadlines.type_rule(kind),
        "default_limit": deadlines.default_limit(kind),
        "bounds": deadlines.LIMIT_BOUNDS.get(kind, deadlines.DEFAULT_BOUNDS),
    }


def _entry_initial(entry: CatalogEntry) -> dict[str, Any]:
    materials = list(entry.materials.all())
    fields = ("name", "description", "time_limit", "is_contract", "mandatory", "is_active")
    return {
        **{name: getattr(entry, name) for name in fields},
        "version": entry.version,
        "required_materials": "\n".join(m.name for m in materials if m.required),
        "optional_materials": "\n".join(m.name for m in materials if not m.required),
    }


def _save_entry(request: HttpRequest, entry: CatalogEntry, form: CatalogEntryForm) -> None:
    data = form.cleaned_data
    values = {
        k: data[k]
        for k in ("name", "description", "time_limit", "is_contract", "mandatory", "is_active")
    }
    catalog_services.update_entry(
        entry=entry,
        actor=request.user,
        expected_version=posted_version(request),
        values=values,
        required=data["required_materials"].splitlines(),
        optional=data["optional_materials"].splitlines(),
    )


# --- 应审事项台账 --------------------------------------------------------------------------


@require_perm(Perm.VIEW_BUSINESS)
def ledger(request: HttpRequest) -> HttpResponse:
    get = request.GET
    year = get.get("year", "")
    year_value = int(year) if year.isdigit() and len(year) == 4 else None
    reviewed = get.get("reviewed", "")
    qs = selectors.ledger_list(request.user, year_value, reviewed)
    page = Paginator(qs, PAGE_SIZE).get_page(get.get("page"))
    units = (
        Unit.objects.visible_to(request.user)
        .internal()
        .order_by("region__path", "sort_order")[:500]
    )
    context = {
        "page_obj": page,
        "year": year_value,
        "reviewed": reviewed,
        "form": LedgerForm(units=units),
        "can_record": has_perm(request.user, Perm.EDIT_BUSINESS),
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "review/ledger.html", context)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def ledger_add(request: HttpRequest) -> HttpResponse:
    post = request.POST
    unit_id = post.get("unit", "")

    def call() -> Any:
        unit = (
            visible_units(request.user).filter(pk=int(unit_id)).first()
            if unit_id.isdigit()
            else None
        )
        if unit is None:
            raise ApplicationError("登记未经审查事项：请选择决定（签订）单位")
        return ledger_services.record_unreviewed(
            actor=request.user,
            unit=unit,
            matter_type=post.get("matter_type", ""),
            title=post.get("title", ""),
            note=post.get("note", ""),
            decided_on=posted_date(request, "decided_on", "决定（签订）日期"),
        )

    return run(request, call, "已登记未经审查事项。", "review:ledger")
