"""The 行政规范性文件 registry: list, registration, a document with its filings, and the public
list of valid documents (the one page readable without signing in)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import paging
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.pages import posted_version, refused, run
from fazhi.core.permissions import Perm, has_perm, require_perm
from fazhi.org.models import Region, RegionLevel, Unit
from fazhi.org.scoping import visible_units
from fazhi.review import deadlines, policies, selectors
from fazhi.review.forms import NormDocForm, StatusForm
from fazhi.review.models import DocStatus, FilingResult, MatterType, ReviewMatter
from fazhi.review.services import normative as services
from fazhi.review.views.common import posted_date, user_of
from fazhi.review.workflow import SIGNED_OR_LATER

PAGE_SIZE = 50
STATUS_BADGE = {"valid": "normal", "expired": "done", "repealed": "overdue", "amended": "soon"}


@require_perm(Perm.VIEW_BUSINESS)
def normdoc_list(request: HttpRequest) -> HttpResponse:
    get, today = request.GET, timezone.localdate()
    flt = selectors.DocumentFilter(
        status=get.get("status", ""),
        query=get.get("q", "").strip()[:50],
        unfiled=get.get("unfiled") == "1",
        expiring=get.get("expiring") == "1",
    )
    qs = selectors.normdoc_list(request.user, flt, today)
    context = {
        "page_obj": Paginator(qs, PAGE_SIZE).get_page(get.get("page")),
        "filter": flt,
        "statuses": list(DocStatus),
        "status_badge": STATUS_BADGE,
        "today": today,
        "can_create": has_perm(request.user, Perm.EDIT_BUSINESS),
        "filing_rule": deadlines.FILING,
        "filing_days": deadlines.effective_count(deadlines.FILING),
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "review/normdoc_list.html", context)


def _doc_form(request: HttpRequest, data: Any = None) -> NormDocForm:
    units = (
        Unit.objects.visible_to(request.user)
        .internal()
        .order_by("region__path", "sort_order")[:500]
    )
    matters = (
        ReviewMatter.objects.visible_to(request.user)
        .filter(matter_type=MatterType.NORMATIVE, status__in=SIGNED_OR_LATER)
        .select_related("unit")
        .order_by("-pk")[:200]
    )
    form = NormDocForm(data, units=units, matters=matters)
    if data is None and user_of(request).unit_id:
        form.initial["unit"] = user_of(request).unit_id
    return form


@require_perm(Perm.EDIT_BUSINESS)
def normdoc_create(request: HttpRequest) -> HttpResponse:
    form = _doc_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.register_document(actor=request.user, **_doc_values(request, form))
        except NotAllowedError as exc:
            refused(request, exc.message)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记《{document.title}》，并生成报备事项。")
            return redirect(document.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "review/normdoc_form.html", {"form": form}, status=status)


def _doc_values(request: HttpRequest, form: NormDocForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["unit"] = visible_units(request.user).get(pk=data["unit"])
    matter_id = data.pop("matter", None)
    data["matter"] = (
        ReviewMatter.objects.visible_to(request.user).filter(pk=matter_id).first()
        if matter_id
        else None
    )
    return data


@require_perm(Perm.VIEW_BUSINESS)
def normdoc_detail(request: HttpRequest, normdoc_id: int) -> HttpResponse:
    document = selectors.normdoc_for(request.user, normdoc_id)
    user, today = request.user, timezone.localdate()
    owner = policies.is_issuer(user, document)
    context = {
        "document": document,
        "filings": list(document.filings.all()),
        "badge": STATUS_BADGE.get(document.status, "normal"),
        "is_owner": owner,
        "can_status": owner and document.status == DocStatus.VALID,
        "can_result": has_perm(user, Perm.REVIEW_LEGALITY),
        "results": [c for c in FilingResult.choices if c[0] != FilingResult.PENDING],
        "status_form": StatusForm(),
        "today": today,
        "expiring": document.is_expiring(today),
    }
    return render(request, "review/normdoc_detail.html", context)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def normdoc_status(request: HttpRequest, normdoc_id: int) -> HttpResponse:
    document = selectors.normdoc_for(request.user, normdoc_id)

    def call() -> Any:
        return services.change_status(
            document=document,
            actor=request.user,
            status=request.POST.get("status", ""),
            changed_on=posted_date(request, "changed_on", "变更日期"),
            note=request.POST.get("note", ""),
            expected_version=posted_version(request),
        )

    return run(request, call, "已变更文件状态。", document.get_absolute_url())


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def filing_record(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = selectors.filing_for(request.user, filing_id)

    def call() -> Any:
        return services.record_filing(
            filing=filing,
            actor=request.user,
            expected_version=posted_version(request),
            filed_on=posted_date(request, "filed_on", "报备日期"),
        )

    return run(request, call, f"已登记向{filing.recipient_name}报备。", filing.get_absolute_url())


@require_perm(Perm.REVIEW_LEGALITY)
@require_POST
def filing_result(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing = selectors.filing_for(request.user, filing_id)

    def call() -> Any:
        return services.record_filing_result(
            filing=filing,
            actor=request.user,
            result=request.POST.get("result", ""),
            result_on=posted_date(request, "result_on", "审查结果日期"),
            note=request.POST.get("note", ""),
            expected_version=posted_version(request),
        )

    return run(request, call, "已登记备案审查结果。", filing.get_absolute_url())


@login_not_required
def public_documents(request: HttpRequest) -> HttpResponse:
    """行政规范性文件 in force, for anyone (they bind only once published)."""
    get = request.GET
    qs = selectors.public_documents()
    counties = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")
    county = counties.filter(code=get.get("region", "")).first()
    if county is not None:
        qs = qs.filter(unit__region__path__startswith=county.path)
    query = get.get("q", "").strip()[:50]
    if query:
        qs = qs.filter(title__icontains=query)
    context = {
        "page_obj": Paginator(qs, PAGE_SIZE).get_page(get.get("page")),
        "counties": counties,
        "county": county,
        "query": query,
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "review/public_documents.html", context)
