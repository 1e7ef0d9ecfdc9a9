"""Shell pages: the 待办与预警 inbox (home), the holiday calendar, the deadline rules, errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from fazhi.core import calendar, deadlines, paging
from fazhi.core import inbox as inbox_registry
from fazhi.core.deadlines import DueStatus
from fazhi.core.exceptions import ApplicationError
from fazhi.core.forms import DayChangeForm, DayForm, InboxFilterForm, YearEntryForm
from fazhi.core.models import CalendarDay
from fazhi.core.permissions import Perm, has_perm, require_perm

INBOX_PAGE_SIZE = 100
TILE_ICONS = {
    DueStatus.OVERDUE: "exclamation-octagon",
    DueStatus.SOON: "hourglass-split",
    DueStatus.NORMAL: "check2-circle",
}


def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET, modules=inbox_registry.modules())
    filters = form.filters()
    result = inbox_registry.inbox_for(
        request.user, module=filters["module"], status=filters["status"]
    )
    page = Paginator(result.items, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "inbox": result,
        "tiles": [
            {"status": s.value, "label": s.label, "icon": TILE_ICONS[s], "count": result.counts[s]}
            for s in inbox_registry.LISTED_STATUSES
        ],
        "page_obj": page,
        "filters": filters,
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "core/inbox.html", context)


# ---------------------------------------------------------------------------------------------
# Holiday calendar


def calendar_page(request: HttpRequest) -> HttpResponse:
    return _render_calendar(request, _year_param(request))


def _year_param(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and calendar.FIRST_YEAR <= int(raw) <= calendar.LAST_YEAR:
        return int(raw)
    return timezone.localdate().year


def _render_calendar(
    request: HttpRequest, year: int, *, status: int = 200, **forms: Any
) -> HttpResponse:
    can_edit = has_perm(request.user, Perm.EDIT_CALENDAR)
    context: dict[str, Any] = {
        "overview": calendar.year_overview(year),
        "can_edit": can_edit,
        "prev_year": year - 1,
        "next_year": year + 1,
    }
    if can_edit:
        context["year_form"] = forms.get("year_form") or YearEntryForm(initial={"year": year})
        context["day_form"] = forms.get("day_form") or DayForm()
    return render(request, "core/calendar.html", context, status=status)


def _calendar_url(year: int) -> str:
    return f"{reverse('core:calendar')}?year={year}"


@require_POST
@require_perm(Perm.EDIT_CALENDAR)
def calendar_enter_year(request: HttpRequest) -> HttpResponse:
    form = YearEntryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            calendar.enter_year(
                actor=request.user,
                year=data["year"],
                source=data["source"],
                days=data["entries"],
                note=data["note"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已录入 {data['year']} 年节假日安排")
            return redirect(_calendar_url(data["year"]))
    year = form.cleaned_data.get("year") or _year_param(request)
    return _render_calendar(request, year, status=400, year_form=form)


@require_perm(Perm.EDIT_CALENDAR)
def calendar_delete_year(request: HttpRequest, year: int) -> HttpResponse:
    """GET: what deleting the year removes, and a confirm button; POST: delete it."""
    overview = calendar.year_overview(year)
    if overview.record is None:
        raise Http404
    if request.method == "POST":
        try:
            calendar.delete_year(actor=request.user, year=year)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已删除 {year} 年节假日安排，涉及该年度的期限不再计算")
        return redirect(_calendar_url(year))
    return render(request, "core/calendar_year_delete.html", {"overview": overview})


@require_POST
@require_perm(Perm.EDIT_CALENDAR)
def calendar_add_day(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            calendar.add_day(
                actor=request.user, date=data["date"], kind=data["kind"], name=data["name"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记 {data['date']:%Y-%m-%d}")
            return redirect(_calendar_url(data["date"].year))
    year = form.cleaned_data["date"].year if "date" in form.cleaned_data else _year_param(request)
    return _render_calendar(request, year, status=400, day_form=form)


@require_perm(Perm.EDIT_CALENDAR)
def calendar_day(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(CalendarDay, pk=pk)
    form = DayChangeForm(request.POST or None, initial={"kind": day.kind, "name": day.name})
    if request.method == "POST" and form.is_valid():
        try:
            calendar.change_day(
                actor=request.user,
                day=day,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已修改 {day.date:%Y-%m-%d}")
            return redirect(_calendar_url(day.date.year))
    status = 400 if form.errors else 200
    context = {"day": day, "form": form, "weekday": calendar.weekday_label(day.date)}
    return render(request, "core/calendar_day.html", context, status=status)


@require_POST
@require_perm(Perm.EDIT_CALENDAR)
def calendar_delete_day(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(CalendarDay, pk=pk)
    calendar.delete_day(actor=request.user, day=day)
    messages.success(request, f"已删除 {day.date:%Y-%m-%d}，该日恢复按正常周历计算")
    return redirect(_calendar_url(day.date.year))


# ---------------------------------------------------------------------------------------------
# Deadline rules


def deadline_rules(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "rule": rule,
            "count": deadlines.effective_count(rule),
            "overridden": deadlines.overridden(rule),
        }
        for rule in deadlines.all_rules()
    ]
    return render(request, "core/deadline_rules.html", {"rows": rows})


# ---------------------------------------------------------------------------------------------
# Error pages


@requires_csrf_token
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: the error may be the database itself,
    # and the navigation they build needs it.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
