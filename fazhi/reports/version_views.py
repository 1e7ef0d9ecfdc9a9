"""The whole report compared between two moments (全文版本比较): ?from=…&to=… name the moments
(`fazhi.reports.versions`: r<revision id>, e<event id> or now).

Thin: read the report through its visible_to selector (outsiders 404), resolve the two moments,
compare, render. A malformed moment gets the page with the reason (400), an id foreign to the
report 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.permissions import Perm, require_perm
from fazhi.reports import selectors, versions


@require_perm(Perm.VIEW_BUSINESS)
def report_compare(request: HttpRequest, annual_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)
    timeline = versions.Timeline(report)
    context: dict[str, Any] = {
        "report": report,
        "moments": timeline.moments,
        "older": timeline.default_from(),
        "newer": versions.NOW_MOMENT,
    }
    try:
        older = _moment(request, timeline, "from", "比较起点", context["older"])
        newer = _moment(request, timeline, "to", "比较终点", context["newer"])
    except versions.MomentError as exc:
        context["error"] = exc.message
        return render(request, "reports/compare.html", context, status=400)
    context.update(
        older=older, newer=newer, comparison=versions.compare_report(report, older, newer)
    )
    return render(request, "reports/compare.html", context)


def _moment(
    request: HttpRequest,
    timeline: versions.Timeline,
    name: str,
    what: str,
    default: versions.Moment,
) -> versions.Moment:
    """The moment named by the query parameter `name`; `default` when it is absent or empty."""
    key = request.GET.get(name, "")
    return timeline.get(key, what) if key.strip() else default
