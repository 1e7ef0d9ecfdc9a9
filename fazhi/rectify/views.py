"""Pages of the 整改 app: the list, an item with its evidence and timeline, the actions.

Thin views: parse, call one selector or service, render or redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import pages, paging
from fazhi.core.permissions import Perm, require_perm
from fazhi.rectify import policies, selectors, services, uploads
from fazhi.rectify.forms import SubmitForm
from fazhi.rectify.models import RectificationItem
from fazhi.rectify.workflow import Action, Status

PAGE_SIZE = 50


@require_perm(Perm.VIEW_BUSINESS)
def item_list(request: HttpRequest) -> HttpResponse:
    get, today = request.GET, timezone.localdate()
    flt = selectors.ItemFilter(
        status=get.get("status", "") if get.get("status") in Status.values else "",
        module=get.get("module", "").strip()[:30],
        query=get.get("q", "").strip()[:50],
        overdue=get.get("overdue") == "1",
    )
    page = Paginator(selectors.item_list(request.user, flt, today), PAGE_SIZE).get_page(
        get.get("page")
    )
    context = {
        "page_obj": page,
        "filter": flt,
        "statuses": list(Status),
        "modules": selectors.modules(request.user),
        "counts": selectors.counts(request.user, today),
        "today": today,
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "rectify/item_list.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.item_for(request.user, item_id)
    return render(request, "rectify/item_detail.html", _detail_context(request, item))


def _detail_context(request: HttpRequest, item: RectificationItem, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "item": item,
        "evidence": item.evidence.select_related("uploaded_by"),
        "events": item.events.select_related("actor"),
        "can_submit": policies.can(user, item, Action.SUBMIT),
        "can_verify": policies.can(user, item, Action.CLOSE),
        "submit_form": extra.pop("submit_form", None)
        or SubmitForm(initial={"measures": item.measures}),
        "max_mb": uploads.max_bytes() // 1024 // 1024,
        **extra,
    }


def _act(
    request: HttpRequest, item_id: int, run: Callable[[RectificationItem], Any], done: str
) -> HttpResponse:
    item = selectors.item_for(request.user, item_id)
    return pages.run(request, lambda: run(item), done, item.get_absolute_url())


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def item_submit(request: HttpRequest, item_id: int) -> HttpResponse:
    def run(item: RectificationItem) -> Any:
        return services.submit(
            item=item,
            actor=request.user,
            measures=request.POST.get("measures", ""),
            expected_version=pages.posted_version(request),
            upload=request.FILES.get("file"),
        )

    return _act(request, item_id, run, "已提交整改材料，等待核验。")


@require_perm(Perm.VERIFY_RECTIFICATION)
@require_POST
def item_close(request: HttpRequest, item_id: int) -> HttpResponse:
    def run(item: RectificationItem) -> Any:
        return services.close(
            item=item,
            actor=request.user,
            expected_version=pages.posted_version(request),
            note=request.POST.get("note", ""),
        )

    return _act(request, item_id, run, "整改已核验销号。")


@require_perm(Perm.VERIFY_RECTIFICATION)
@require_POST
def item_send_back(request: HttpRequest, item_id: int) -> HttpResponse:
    def run(item: RectificationItem) -> Any:
        return services.send_back(
            item=item,
            actor=request.user,
            note=request.POST.get("note", ""),
            expected_version=pages.posted_version(request),
        )

    return _act(request, item_id, run, "已退回责任单位重新整改。")


@require_perm(Perm.VIEW_BUSINESS)
def evidence_download(request: HttpRequest, evidence_id: int) -> Any:  # a FileResponse
    evidence = selectors.evidence_for(request.user, evidence_id)
    return uploads.file_response(
        name=evidence.file.name,
        original_name=evidence.original_name,
        content_type=evidence.content_type,
    )
