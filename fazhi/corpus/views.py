"""Pages of the corpus: the list, a report with its outline and marked figures, the comparison,
the upload. Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fazhi.core import paging
from fazhi.core.exceptions import ApplicationError
from fazhi.core.http import attachment
from fazhi.core.permissions import Perm, has_perm, require_perm
from fazhi.corpus import selectors, services
from fazhi.corpus.forms import UploadForm
from fazhi.corpus.models import ReportLevel

PAGE_SIZE = 50


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"\d{4}", text) else None


@require_perm(Perm.VIEW_BUSINESS)
def report_list(request: HttpRequest) -> HttpResponse:
    get = request.GET
    flt = selectors.ReportFilter(
        query=get.get("q", "").strip()[:50],
        region=get.get("region", "").strip()[:50],
        year=_int(get.get("year")),
        level=get.get("level", "") if get.get("level") in ReportLevel.values else "",
        missing_only=get.get("missing") == "1",
        indicator=get.get("indicator", "").strip()[:100],
    )
    page = Paginator(selectors.report_list(flt), PAGE_SIZE).get_page(get.get("page"))
    context = {
        "page_obj": page,
        "filter": flt,
        "years": selectors.years_in_corpus(),
        "levels": ReportLevel.choices,
        "querystring_without_page": paging.page_link_prefix(request),
        "can_upload": has_perm(request.user, Perm.EDIT_BUSINESS),
    }
    return render(request, "corpus/report_list.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_for(report_id)
    facts = list(report.facts.all())
    context = {
        "report": report,
        "sections": list(report.sections.all()),
        "parts": selectors.statutory_status(report),
        "paragraphs": selectors.marked_paragraphs(report, facts),
        "facts": facts,
    }
    return render(request, "corpus/report_detail.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def report_original(request: HttpRequest, report_id: int) -> HttpResponse:
    """The file as uploaded, always as a download (a stored web page is never served as a page)."""
    source = selectors.source_file_for(report_id)
    return attachment(
        bytes(source.content), filename=source.filename, content_type="application/octet-stream"
    )


@require_perm(Perm.EDIT_BUSINESS)
def report_upload(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if not posted or not form.is_valid():
        return render(request, "corpus/upload.html", {"form": form}, status=400 if posted else 200)
    upload = form.cleaned_data["file"]
    try:
        result = services.ingest_report(
            actor=request.user,
            data=upload.read(),
            filename=upload.name,
            overrides=_overrides(form.cleaned_data),
        )
    except ApplicationError as exc:
        form.add_error("file", exc.message)
        return render(request, "corpus/upload.html", {"form": form}, status=400)
    if result.created:
        messages.success(
            request, f"已导入：{result.report.title}（识别出 {result.report.fact_count} 个数字）"
        )
    else:
        messages.info(request, f"该报告已在库中，未重复保存：{result.report.title}")
    return redirect(result.report.get_absolute_url())


def _overrides(data: dict[str, Any]) -> services.Overrides:
    return services.Overrides(
        region=data.get("region") or "",
        level=data.get("level") or "",
        year=data.get("year"),
        source_url=data.get("source_url") or "",
    )


@require_perm(Perm.VIEW_BUSINESS)
def peers(request: HttpRequest) -> HttpResponse:
    """A fragment: peers' published values of one indicator beside the county's own, for any
    page that shows the county's figures to load (htmx)."""
    indicator = request.GET.get("indicator", "").strip()[:100]
    result = selectors.comparison(indicator) if indicator else None
    if result is not None:
        result = selectors.with_own_values(result, selectors.county_of(request.user))
    return render(request, "corpus/_peers.html", {"indicator": indicator, "result": result})


@require_perm(Perm.VIEW_BUSINESS)
def compare(request: HttpRequest) -> HttpResponse:
    indicator = request.GET.get("indicator", "").strip()[:100]
    region = request.GET.get("region", "").strip()[:50]
    result = None
    if indicator:
        result = selectors.comparison(indicator, region)
        result = selectors.with_own_values(result, selectors.county_of(request.user))
    context = {
        "indicator": indicator,
        "region": region,
        "result": result,
        "chart": result.chart() if result and result.rows else None,
        "indicators": selectors.indicator_choices(),
        "regions": selectors.region_choices(),
    }
    return render(request, "corpus/compare.html", context)
