"""Files in and out: the catalog's Excel import (upload → preview → confirm, as the
organisation import), its Excel export and template, and a decision's archive (ZIP)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core.http import attachment
from fazhi.core.permissions import Perm, deny, require_perm
from fazhi.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from fazhi.decisions import archive, exporters, importers, selectors
from fazhi.decisions.views.catalog import catalog_of
from fazhi.org.forms_admin import UploadForm
from fazhi.org.importers import discard_upload, stage_upload, staged_upload

STAGED_KEY = "decisions_import_staged"
ZIP_CONTENT_TYPE = "application/zip"


def _page(request: HttpRequest, year: int, status: int = 200, **context: Any) -> HttpResponse:
    context.update(year=year, form=context.get("form") or UploadForm())
    return render(request, "decisions/import.html", context, status=status)


@require_perm(Perm.EDIT_BUSINESS)
def import_upload(request: HttpRequest, year: int) -> HttpResponse:
    """Upload, then a dry run: the counts or every error; nothing is written yet."""
    catalog = catalog_of(request, year)
    if not selectors.manages(request.user, catalog):
        raise deny(request, "导入决策事项目录须为本县目录管理人员", catalog)
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if not posted or not form.is_valid():
        return _page(request, year, 400 if posted else 200, form=form)
    data, filename = form.data_bytes, form.cleaned_data["file"].name
    result = importers.import_catalog(
        catalog=catalog, actor=request.user, data=data, dry_run=True, filename=filename
    )
    context: dict[str, Any] = {"result": result, "filename": filename}
    if result.ok:
        token = stage_upload(data)
        request.session[STAGED_KEY] = {"token": token, "filename": filename, "year": year}
        context["token"] = token
    return _page(request, year, 200 if result.ok else 400, **context)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def import_confirm(request: HttpRequest, year: int) -> HttpResponse:
    """Write the previewed file (checked again: the catalog may have changed meanwhile)."""
    catalog = catalog_of(request, year)
    staged = request.session.get(STAGED_KEY) or {}
    token = request.POST.get("token", "")
    data = (
        staged_upload(token)
        if staged.get("token") == token and staged.get("year") == year
        else None
    )
    if data is None:
        messages.error(request, "预览已过期或文件不存在，请重新上传。")
        return redirect("decisions:import", year=year)
    filename = staged.get("filename", "")
    result = importers.import_catalog(
        catalog=catalog, actor=request.user, data=data, dry_run=False, filename=filename
    )
    if not result.ok:
        return _page(request, year, 400, result=result, filename=filename)
    discard_upload(token)
    request.session.pop(STAGED_KEY, None)
    messages.success(request, f"导入完成：{result.summary()}。")
    return redirect("decisions:catalog-year", year=year)


@require_perm(Perm.VIEW_BUSINESS)
def export(request: HttpRequest, year: int) -> HttpResponse:
    catalog = catalog_of(request, year)
    lines = selectors.catalog_lines(request.user, catalog, selectors.CatalogFilter())
    content = exporters.catalog_workbook(catalog=catalog, decisions=lines, actor=request.user)
    name = f"{catalog.region.name}{year}年度重大行政决策事项目录.xlsx"
    return attachment(content, filename=name, content_type=XLSX_CONTENT_TYPE)


@require_perm(Perm.VIEW_BUSINESS)
def template(request: HttpRequest) -> HttpResponse:
    return attachment(
        exporters.template_workbook(),
        filename="重大行政决策事项目录导入模板.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@require_perm(Perm.VIEW_BUSINESS)
def decision_archive(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_for(request.user, decision_id)
    content, name = archive.archive(decision=decision, actor=request.user)
    return attachment(content, filename=name, content_type=ZIP_CONTENT_TYPE)
