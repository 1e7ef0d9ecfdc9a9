"""一屏掌控: the board of a scope, its tables in Excel, and the records behind any figure.

Thin views: parse the choice (scope in the path, 404 outside the user's reach), call one
selector, render. The board's body is the same for everyone who may see the scope and is
cached briefly (see `fazhi.dashboard.cache`); what depends on the user (the scope selector,
the overdue items) is not.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from fazhi.core import audit, paging
from fazhi.core.http import attachment
from fazhi.core.permissions import Perm, require_perm
from fazhi.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from fazhi.dashboard import cache, choice, overdue, records
from fazhi.dashboard.board import board_for
from fazhi.dashboard.choice import Choice, parse_choice
from fazhi.dashboard.selectors import caption
from fazhi.dashboard.tables import Table, workbook_bytes
from fazhi.indicators import figures

PAGE_SIZE = 50
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def _choice(request: HttpRequest, scope_kwargs: dict[str, str]) -> tuple[Choice, str]:
    return parse_choice(request.user, request.GET, timezone.localdate(), **scope_kwargs)


def _asked_rank(request: HttpRequest) -> str:
    asked = request.GET.get("rank", "")
    return asked if CODE_RE.match(asked) and asked in figures.all_codes() else ""


@require_perm(Perm.VIEW_BUSINESS)
def page(request: HttpRequest, **scope_kwargs: str) -> HttpResponse:
    picked, note = _choice(request, scope_kwargs)
    asked = _asked_rank(request)
    body = cache.cached(
        f"html:{picked.key}:{asked}",
        lambda: render_to_string("dashboard/_board.html", {"board": board_for(picked, asked)}),
    )
    wall = request.GET.get("wall") == "1"
    context = {
        "choice": picked,
        "note": note,
        "body": mark_safe(body),  # our own template's output, cached as rendered
        "due": overdue.due_by_module(request.user, picked.today),
        "wall": wall,
        "layout": "dashboard/wall_base.html" if wall else "base.html",
        "years": choice.year_options(picked),
        "scopes": choice.scope_options(request.user, picked),
        "caption": caption(picked),
        "page_url": picked.page_url(),
        "exports": picked.export_urls,
    }
    return render(request, "dashboard/page.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def export(request: HttpRequest, table: str, **scope_kwargs: str) -> HttpResponse:
    """One table of the board (or `all` of them) as .xlsx, audited."""
    picked, _note = _choice(request, scope_kwargs)
    tables = _tables(request, picked)
    chosen = tables if table == "all" else [t for t in tables if t.key == table]
    if not chosen:
        raise Http404("表格不存在")
    name = chosen[0].title if len(chosen) == 1 else "全部"
    what = "、".join(t.title for t in chosen)
    return _xlsx(
        request, chosen, f"一屏掌控-{picked.scope.label}-{picked.year}-{name}.xlsx",
        f"导出一屏掌控表格：{what}（{caption(picked)}）",
    )  # fmt: skip


def _xlsx(request: HttpRequest, tables: list[Table], filename: str, message: str) -> HttpResponse:
    """The tables as an .xlsx download, the export audited (Event.EXPORT)."""
    audit.record_security(event=audit.Event.EXPORT, user=request.user, message=message)
    return attachment(workbook_bytes(tables), filename=filename, content_type=XLSX_CONTENT_TYPE)


def _tables(request: HttpRequest, picked: Choice) -> list[Table]:
    board = board_for(picked, _asked_rank(request))
    due = overdue.due_by_module(request.user, picked.today)
    return [*board.tables(), overdue.due_table(due, f"{request.user} 的待办范围")]


# --- the records behind a figure ----------------------------------------------------------------


@require_perm(Perm.VIEW_BUSINESS)
def records_page(
    request: HttpRequest, indicator: str, part: str, **scope_kwargs: str
) -> HttpResponse:
    picked, note, behind, qs = _behind(request, indicator, part, scope_kwargs)
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "choice": picked,
        "note": note,
        "behind": behind,
        "figure": figures.figure(behind.meta.code, picked.scope, picked.period),
        "measure": behind.measure,
        "page_obj": page_obj,
        "columns": records.columns_for(behind),
        "rows": records.rows_for(behind, page_obj.object_list),
        "row_offset": page_obj.start_index() - 1 if page_obj.paginator.count else 0,
        "querystring_without_page": paging.page_link_prefix(request),
        "export_url": _records_export_url(request),
        "caption": caption(picked),
        "parts": _parts(picked, behind),
    }
    return render(request, "dashboard/records.html", context)


def _behind(
    request: HttpRequest, indicator: str, part: str, scope_kwargs: dict[str, str]
) -> tuple[Choice, str, records.Behind, QuerySet[Any]]:
    """The choice, its note, the figure's part the URL names, and the records behind it."""
    picked, note = _choice(request, scope_kwargs)
    behind = records.parse_behind(indicator, part)
    return picked, note, behind, records.records_behind(request.user, picked, behind)


def _parts(picked: Choice, behind: records.Behind) -> list[tuple[str, str, bool]]:
    """Links between a ratio's numerator and denominator records."""
    if behind.meta.is_manual or not behind.meta.is_ratio:
        return []
    return [
        (label, picked.records_url(behind.meta.code, part), part == behind.part)
        for part, label in (("numerator", "分子"), ("denominator", "分母"))
    ]


def _records_export_url(request: HttpRequest) -> str:
    query = paging.query_without_page(request)
    return f"{request.path}xlsx/" + (f"?{query}" if query else "")


@require_perm(Perm.VIEW_BUSINESS)
def records_export(
    request: HttpRequest, indicator: str, part: str, **scope_kwargs: str
) -> HttpResponse:
    picked, _note, behind, qs = _behind(request, indicator, part, scope_kwargs)
    count = qs.count()
    if count > records.EXPORT_MAX_ROWS:
        messages.error(
            request,
            f"记录共 {count:,} 条，超过单次导出上限 {records.EXPORT_MAX_ROWS:,} 条，"
            "请缩小统计范围（区划、单位或年度）后再导出",
        )
        return redirect(request.path.removesuffix("xlsx/") + f"?{request.GET.urlencode()}")
    title = f"{behind.meta.display_name}·{behind.part_label}"
    table = records.records_table(behind, qs.iterator(), caption(picked))
    return _xlsx(
        request, [table], f"{picked.scope.label}-{picked.year}-{title}.xlsx",
        f"导出指标明细：{title}，{count} 条（{caption(picked)}）",
    )  # fmt: skip
