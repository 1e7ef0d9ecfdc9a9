"""The audit log pages of the 审计管理员: list and filter, one event, Excel export, chain check.

Read-only by design: there is no view that edits or deletes an audit row (等保 L3-CES1-14).
Every view is for Perm.VIEW_AUDIT only; `require_perm` answers anyone else 403 and records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import audit, exporters, paging
from fazhi.core.models import AuditCategory, AuditEvent
from fazhi.core.permissions import Perm, require_perm

PAGE_SIZE = 50
SUMMARY_FIELDS = 6  # changed fields named in the list before "等"
RESULT_CHOICES = [("", "全部"), ("success", "成功"), ("failure", "失败")]


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label="开始日期", required=False)
    date_to = forms.DateField(label="结束日期", required=False)
    user = forms.CharField(label="操作人", required=False, max_length=150)
    event = forms.ChoiceField(label="事件", required=False)
    category = forms.ChoiceField(label="类别", required=False)
    result = forms.ChoiceField(label="结果", required=False, choices=RESULT_CHOICES)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    q = forms.CharField(label="关键词", required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = {
            "event": audit.Event.choices,
            "category": AuditCategory.choices,
            "object_type": audit.object_types_in_use(),
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = [("", "全部"), *options]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "结束日期不能早于开始日期")
        return data

    def filters(self) -> dict[str, Any]:
        """The cleaned input as keyword arguments of `audit.search_events`."""
        data = self.cleaned_data
        result = data.get("result")
        return {
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "user": data.get("user", "").strip(),
            "event": data.get("event", ""),
            "category": data.get("category", ""),
            "success": None if not result else result == "success",
            "object_type": data.get("object_type", ""),
            "text": data.get("q", "").strip(),
        }

    def describe(self) -> str:
        """The filters in use, in Chinese, for the export's audit record."""
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(field, forms.ChoiceField):
                value = dict(cast("list[tuple[str, str]]", field.choices)).get(value, value)
            parts.append(f"{field.label}={value}")
        return "；".join(parts)


@dataclass(frozen=True)
class EventRow:
    """One audit event with the labels the list shows."""

    event: AuditEvent
    event_label: str
    object_type_label: str
    summary: str


def _present(event: AuditEvent) -> EventRow:
    type_label = audit.object_type_label(event.object_type) if event.object_type else ""
    return EventRow(event, audit.event_label(event.event), type_label, _summary(event))


def _summary(event: AuditEvent) -> str:
    if event.category != AuditCategory.DATA:
        return event.message
    rows = audit.change_rows(event)
    if event.event == audit.Event.UPDATE and rows:
        more = " 等" if len(rows) > SUMMARY_FIELDS else ""
        fields = "、".join(r.label for r in rows[:SUMMARY_FIELDS]) + more
        text = f"修改 {fields}"
    else:
        text = f"{audit.event_label(event.event)}，{len(rows)} 个字段" if rows else ""
    return "；".join(t for t in (text, event.message) if t)


@require_perm(Perm.VIEW_AUDIT)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    events = audit.search_events(**form.filters()) if form.is_valid() else AuditEvent.objects.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = paging.query_without_page(request)
    context = {
        "form": form,
        "page_obj": page,
        "rows": [_present(event) for event in page],
        "filter_query": query,
        "querystring_without_page": f"{query}&" if query else "",
        "retention_days": settings.FAZHI_AUDIT_RETENTION_DAYS,
        "export_max_rows": exporters.EXPORT_MAX_ROWS,
    }
    return render(request, "core/audit_list.html", context)


@require_perm(Perm.VIEW_AUDIT)
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(AuditEvent, pk=pk)
    context = {"row": _present(event), "event": event, "changes": audit.change_rows(event)}
    return render(request, "core/audit_detail.html", context)


@require_perm(Perm.VIEW_AUDIT)
@require_GET
def event_export(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    back = f"{reverse('audit:list')}?{paging.query_without_page(request)}"
    if not form.is_valid():
        messages.error(request, "筛选条件有误，未导出，请按提示修改后重试")
        return redirect(back)
    try:
        export = exporters.export_audit_events(
            actor=request.user, filters=form.filters(), description=form.describe()
        )
    except exporters.ExportTooLargeError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    response = FileResponse(
        export.file,
        as_attachment=True,
        filename=export.filename,
        content_type=exporters.XLSX_CONTENT_TYPE,
    )
    return cast(HttpResponse, response)  # streamed; require_perm is typed for HttpResponse


@require_perm(Perm.VIEW_AUDIT)
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    check = audit.check_chain()
    audit.record_chain_check(user=request.user, check=check, via="审计日志页面")
    if getattr(request, "htmx", False):
        return render(request, "core/audit_verify_result.html", {"check": check})
    if check.broken is None:
        messages.success(request, check.summary())
        return redirect("audit:list")
    messages.error(request, check.summary())
    return redirect("audit:detail", pk=check.broken.pk)
