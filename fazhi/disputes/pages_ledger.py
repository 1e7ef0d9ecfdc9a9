"""Pages of the 台账: the template download, the import (upload → preview → confirm) and the
Excel export of a filtered case list.

The import follows the organisation import's pattern (fazhi/org/pages.py): the upload is checked
in a dry run and its counts or every error shown; the file waits, staged, until the user
confirms, and is then checked again and written in one transaction. Importing needs
Perm.EDIT_BUSINESS and a region-wide scope (`ledger.may_import`); the region is the user's.
The export takes the list page's query string, so it exports exactly the rows listed.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core.http import attachment
from fazhi.core.permissions import Perm, deny, has_perm, require_perm
from fazhi.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from fazhi.org.forms_admin import UploadForm
from fazhi.org.importers import discard_upload, stage_upload, staged_upload

from .ledger import KINDS, LedgerResult, import_ledger, may_import, user_region
from .ledger_columns import LedgerKind
from .ledger_export import export_workbook, template_workbook
from .pages_cases import LAWSUIT, RECON

STAGED_KEY = "ledger_import_staged"
ERRORS_SHOWN = 1000
CASE_KINDS = {kind.ledger: kind for kind in (RECON, LAWSUIT)}  # by the ledger's slug


def _kind(slug: str) -> LedgerKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("没有这种台账") from None


def _list_url(ledger: LedgerKind) -> str:
    return reverse(f"disputes:{CASE_KINDS[ledger.slug].key}-list")


@require_perm(Perm.VIEW_BUSINESS)
def template(request: HttpRequest, kind: str) -> HttpResponse:
    ledger = _kind(kind)
    return attachment(
        template_workbook(ledger),
        filename=f"{ledger.label}台账模板.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# --- import ----------------------------------------------------------------------------------


def _check_importer(request: HttpRequest) -> None:
    """403, audited, unless the user may import ledgers (a region-wide editor)."""
    if not may_import(request.user):
        raise deny(request, "导入台账须为县级管理员或司法局人员")


def _page(
    request: HttpRequest, ledger: LedgerKind, status: int = 200, **context: Any
) -> HttpResponse:
    result: LedgerResult | None = context.get("result")
    context.update(
        kind=ledger,
        region=user_region(request.user),
        form=context.get("form") or UploadForm(),
        list_url=_list_url(ledger),
        errors_shown=result.errors[:ERRORS_SHOWN] if result else [],
        errors_more=max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
    )
    return render(request, "disputes/ledger_import.html", context, status=status)


@require_perm(Perm.EDIT_BUSINESS)
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload, then a dry run: the counts, or every error; nothing is written yet."""
    ledger = _kind(kind)
    _check_importer(request)
    if request.method != "POST":
        return _page(request, ledger)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, ledger, 400, form=form)
    data, filename = form.data_bytes, form.cleaned_data["file"].name
    result = import_ledger(
        kind=ledger,
        data=data,
        region=user_region(request.user),
        actor=request.user,
        dry_run=True,
        filename=filename,
    )
    context: dict[str, Any] = {"result": result, "filename": filename}
    if result.ok:
        token = stage_upload(data)
        request.session[STAGED_KEY] = {"token": token, "filename": filename, "kind": ledger.slug}
        context["token"] = token
    return _page(request, ledger, 200 if result.ok else 400, **context)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def import_confirm(request: HttpRequest, kind: str) -> HttpResponse:
    """Write the previewed file, checked again (the cases may have changed meanwhile)."""
    ledger = _kind(kind)
    _check_importer(request)
    staged = request.session.get(STAGED_KEY) or {}
    token = request.POST.get("token", "")
    same = staged.get("token") == token and staged.get("kind") == ledger.slug
    data = staged_upload(token) if same else None
    if data is None:
        messages.error(request, "预览已过期或文件不存在，请重新上传。")
        return redirect("disputes:ledger-import", kind=ledger.slug)
    filename = staged.get("filename", "")
    result = import_ledger(
        kind=ledger,
        data=data,
        region=user_region(request.user),
        actor=request.user,
        dry_run=False,
        filename=filename,
    )
    if not result.ok:
        return _page(request, ledger, 400, result=result, filename=filename)
    discard_upload(token)
    request.session.pop(STAGED_KEY, None)
    messages.success(request, f"导入完成。{result.summary()}")
    return redirect(_list_url(ledger))


# --- export ----------------------------------------------------------------------------------


@require_perm(Perm.VIEW_BUSINESS)
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """The list the query string selects, as a ledger (names masked without the permission)."""
    ledger = _kind(kind)
    cases, filters = CASE_KINDS[ledger.slug].select(request.user, request.GET)
    description = "，".join(f"{k}={v}" for k, v in filters.as_query().items())
    target, _count = export_workbook(
        ledger,
        cases,
        actor=request.user,
        reveal=has_perm(request.user, Perm.VIEW_PERSONAL_DATA),
        description=description,
    )
    response = FileResponse(
        target,
        as_attachment=True,
        filename=f"{ledger.label}台账.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
    return cast(HttpResponse, response)  # streamed from the file; require_perm types HttpResponse
