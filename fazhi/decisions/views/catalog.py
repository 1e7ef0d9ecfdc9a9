"""The year's catalog page and its management: lines, the Party committee's agreement,
publication, adjustments, editions, and decisions registered outside the catalog."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.pages import posted_date, posted_version, refused, run
from fazhi.core.permissions import Perm, require_perm
from fazhi.decisions import policies, selectors
from fazhi.decisions.forms import AdjustmentForm, ItemForm
from fazhi.decisions.items import ItemData
from fazhi.decisions.models import Decision, DecisionCatalog
from fazhi.decisions.services import catalog as catalogs
from fazhi.decisions.workflow import AdjustmentKind, AdjustmentStatus, Status
from fazhi.org.models import UnitKind

FIRST_YEAR = 2019  # 条例 in force 2019-09-01


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404("没有该年度的目录")
    return year


@require_perm(Perm.VIEW_BUSINESS)
def catalog_current(request: HttpRequest) -> HttpResponse:
    return redirect("decisions:catalog-year", year=timezone.localdate().year)


@require_perm(Perm.VIEW_BUSINESS)
def catalog_year(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    county = selectors.county_of(request.user)
    if county is None:
        raise Http404("所在单位不属于任何县(市、区)")
    catalog = selectors.catalog_for(request.user, year)
    get = request.GET
    flt = selectors.CatalogFilter(
        host=get.get("host", "")[:32],
        status=get.get("status", "") if get.get("status") in Status.values else "",
        query=get.get("q", "").strip()[:50],
    )
    lines = (
        selectors.catalog_lines(request.user, catalog, flt) if catalog else Decision.objects.none()
    )
    context = {
        "year": year,
        "county": county,
        "catalog": catalog,
        "years": sorted({*selectors.catalog_years(request.user), year}, reverse=True),
        "lines": selectors.lines_with_steps(lines, timezone.localdate()),
        "filter": flt,
        "statuses": list(Status),
        "hosts": selectors.county_units(county) if catalog else [],
        "manager": catalog is not None and selectors.manages(request.user, catalog),
        "may_open": catalog is None and policies.manages_catalog(request.user, county),
        "editions": list(catalog.editions.all()) if catalog else [],
        "adjustments": list(catalog.adjustments.select_related("decision")) if catalog else [],
    }
    return render(request, "decisions/catalog.html", context)


def catalog_of(request: HttpRequest, year: int) -> DecisionCatalog:
    catalog = selectors.catalog_for(request.user, _year(year))
    if catalog is None:
        raise Http404("本县尚未建立该年度目录")
    return catalog


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def catalog_open(request: HttpRequest, year: int) -> HttpResponse:
    county = selectors.county_of(request.user)
    if county is None:
        raise Http404("所在单位不属于任何县(市、区)")
    back = reverse("decisions:catalog-year", kwargs={"year": _year(year)})
    return run(
        request,
        lambda: catalogs.open_catalog(region=county, year=year, actor=request.user),
        f"已建立{year}年度目录，请增加事项或导入 Excel。",
        back,
    )


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def catalog_step(request: HttpRequest, year: int, step: str) -> HttpResponse:
    """党委同意 (approve), 公布 (publish) and 公布调整后的目录 (edition)."""
    catalog = catalog_of(request, year)
    post, user, version = request.POST, request.user, posted_version(request)
    calls = {
        "approve": (
            lambda: catalogs.approve(
                catalog=catalog,
                actor=user,
                expected_version=version,
                approved_on=posted_date(request, "approved_on", "党委同意日期"),
                approval_body=post.get("approval_body", ""),
                approval_ref=post.get("approval_ref", ""),
            ),
            "已记录党委同意。",
        ),
        "publish": (
            lambda: catalogs.publish(
                catalog=catalog,
                actor=user,
                expected_version=version,
                published_on=posted_date(request, "published_on", "公布日期"),
                channel=post.get("channel", ""),
            ),
            "目录已公布。",
        ),
        "edition": (
            lambda: catalogs.publish_edition(
                catalog=catalog,
                actor=user,
                expected_version=version,
                published_on=posted_date(request, "published_on", "公布日期"),
                channel=post.get("channel", ""),
                note=post.get("note", ""),
            ),
            "调整后的目录已公布。",
        ),
    }
    if step not in calls:
        raise Http404("未知操作")
    call, done = calls[step]
    return run(request, call, done, catalog.get_absolute_url())


def _units(catalog: DecisionCatalog) -> Any:
    return selectors.county_units(catalog.region)


def _government(catalog: DecisionCatalog) -> Any:
    return _units(catalog).filter(region=catalog.region, kind=UnitKind.GOVERNMENT).first()


def _form_page(
    request: HttpRequest,
    form: ItemForm,
    catalog: DecisionCatalog,
    heading: str,
    status: int = 200,
    decision: Decision | None = None,
) -> HttpResponse:
    context = {"form": form, "catalog": catalog, "heading": heading, "decision": decision}
    return render(request, "decisions/item_form.html", context, status=status)


def _save(request: HttpRequest, form: ItemForm, call: Any, done: str) -> HttpResponse | None:
    """Run the service with the form's line; None (and the error on the form) when refused."""
    try:
        decision = call(form.item())
    except NotAllowedError as exc:
        refused(request, exc.message)
        return redirect(form.catalog.get_absolute_url())
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return None
    messages.success(request, done)
    return redirect(decision.get_absolute_url())


@require_perm(Perm.EDIT_BUSINESS)
def item_create(request: HttpRequest, year: int) -> HttpResponse:
    """A new line of a catalog being compiled, or (with ?unlisted=1) a decision made outside."""
    catalog = catalog_of(request, year)
    unlisted = request.GET.get("unlisted") == "1"
    heading = "登记目录外决策事项" if unlisted else "增加目录事项"
    initial = ItemForm.initial_for(None, _government(catalog))
    form = ItemForm(request.POST or None, catalog=catalog, units=_units(catalog), initial=initial)
    if request.method == "POST" and form.is_valid():

        def call(data: ItemData) -> Decision:
            if unlisted:
                reason = request.POST.get("reason", "")
                return catalogs.register_unlisted(
                    catalog=catalog, actor=request.user, data=data, reason=reason
                )
            return catalogs.add_item(catalog=catalog, actor=request.user, data=data)

        response = _save(request, form, call, f"已{heading}。")
        if response is not None:
            return response
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, catalog, heading, status)


@require_perm(Perm.EDIT_BUSINESS)
def item_edit(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    catalog = decision.catalog
    if request.method == "POST" and request.POST.get("delete") == "1":
        return run(
            request,
            lambda: catalogs.delete_item(decision=decision, actor=request.user),
            "已删除目录事项。",
            catalog.get_absolute_url(),
        )
    initial = ItemForm.initial_for(decision, None)
    form = ItemForm(request.POST or None, catalog=catalog, units=_units(catalog), initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save(
            request,
            form,
            lambda data: catalogs.update_item(
                decision=decision,
                actor=request.user,
                expected_version=posted_version(request),
                data=data,
            ),
            "已修改目录事项。",
        )
        if response is not None:
            return response
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, catalog, "修改目录事项", status, decision)


@require_perm(Perm.EDIT_BUSINESS)
def adjustment_create(request: HttpRequest, year: int) -> HttpResponse:
    catalog = catalog_of(request, year)
    lines = catalog.decisions.filter(status__in=(Status.PLANNED, Status.DRAFTING)).order_by("seq")
    initial = ItemForm.initial_for(None, _government(catalog))
    form = AdjustmentForm(
        request.POST or None, catalog=catalog, units=_units(catalog), lines=lines, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            catalogs.propose_adjustment(
                catalog=catalog,
                actor=request.user,
                kind=kind,
                reason=form.cleaned_data["reason"],
                decision=form.cleaned_data.get("decision"),
                data=None if kind == AdjustmentKind.REMOVE else form.item(),
            )
        except NotAllowedError as exc:
            refused(request, exc.message)
            return redirect(catalog.get_absolute_url())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已提出目录调整，待批准。")
            return redirect(catalog.get_absolute_url() + "#adjustments")
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, catalog, "提出目录调整", status)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def adjustment_decide(request: HttpRequest, adjustment_id: int) -> HttpResponse:
    adjustment = selectors.adjustment_for(request.user, adjustment_id)
    back = adjustment.catalog.get_absolute_url() + "#adjustments"
    if adjustment.status != AdjustmentStatus.PROPOSED:
        messages.error(request, "该目录调整已处理。")
        return redirect(back)
    version = posted_version(request)
    if request.POST.get("outcome") == "reject":
        return run(
            request,
            lambda: catalogs.reject_adjustment(
                adjustment=adjustment,
                actor=request.user,
                expected_version=version,
            ),
            "已记录不予批准。",
            back,
        )
    return run(
        request,
        lambda: catalogs.approve_adjustment(
            adjustment=adjustment,
            actor=request.user,
            expected_version=version,
            approved_on=posted_date(request, "approved_on", "批准日期"),
            approval_body=request.POST.get("approval_body", ""),
            approval_ref=request.POST.get("approval_ref", ""),
        ),
        "目录调整已批准并生效；请公布调整后的目录。",
        back,
    )
