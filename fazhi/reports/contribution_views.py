"""Pages of the units' contributions: assigning, writing with evidence, merging, returning, the
history of a contribution, and a county's report templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core import pages, uploads
from fazhi.core.exceptions import ApplicationError
from fazhi.core.http import DOCX_CONTENT_TYPE, attachment
from fazhi.core.permissions import Perm, deny, require_perm
from fazhi.org.models import Region
from fazhi.org.scoping import get_visible_or_404
from fazhi.reports import (
    contributions,
    outline,
    policies,
    selectors,
    template_services,
    wordtemplate,
)
from fazhi.reports.models import Contribution, Section
from fazhi.reports.views import _history
from fazhi.reports.workflow import ContributionStatus


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def assign(request: HttpRequest, annual_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)

    def run() -> Any:
        section = get_visible_or_404(
            Section.objects.filter(report=report), request.user, pk=_posted_int(request, "section")
        )
        unit = selectors.contributor_units(report).filter(pk=_posted_int(request, "unit")).first()
        if unit is None:
            raise ApplicationError("请选择供稿单位")
        return contributions.assign(
            report=report,
            section=section,
            unit=unit,
            due_on=_posted_date(request, "due_on"),
            actor=request.user,
            request=request.POST.get("request", ""),
        )

    return pages.run(request, run, "已分配供稿任务。", f"{report.get_absolute_url()}#contributions")


def _posted_int(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise ApplicationError("请选择章节和供稿单位") from None


def _posted_date(request: HttpRequest, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.POST.get(name, "").strip())
    except ValueError:
        return None


@require_perm(Perm.VIEW_BUSINESS)
def contribution_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/contributions.html",
        {"contributions": selectors.my_contributions(request.user)},
    )


@require_perm(Perm.VIEW_BUSINESS)
def contribution_detail(request: HttpRequest, contribution_id: int) -> HttpResponse:
    contribution = selectors.contribution_for(request.user, contribution_id)
    user = request.user
    report = contribution.report
    context = {
        "contribution": contribution,
        "report": report,
        "can_write": policies.is_contributor(user, contribution)
        and contribution.is_open
        and report.is_editable,
        "can_merge": policies.is_editor(user, report)
        and report.is_editable
        and contribution.status == ContributionStatus.SUBMITTED,
        "sees_report": policies.is_editor(user, report) or policies.is_signer(user, report),
        "attachments": contribution.attachments.select_related("uploaded_by"),
        "events": contribution.events.select_related("actor"),
        "max_mb": uploads.max_bytes() // 1024 // 1024,
    }
    return render(request, "reports/contribution.html", context)


ACTIONS: dict[str, tuple[Callable[[HttpRequest, Contribution], Any], str]] = {
    "save": (
        lambda r, c: contributions.save(
            contribution=c, body=r.POST.get("body", ""), actor=r.user,
            expected_version=pages.posted_version(r),
        ),
        "已保存。",
    ),
    "attach": (
        lambda r, c: contributions.add_attachment(
            contribution=c, upload=r.FILES.get("file"), actor=r.user, note=r.POST.get("note", "")
        ),
        "已上传佐证材料。",
    ),
    "submit": (
        lambda r, c: contributions.submit(
            contribution=c, actor=r.user, expected_version=pages.posted_version(r)
        ),
        "已提交材料。",
    ),
    "merge": (
        lambda r, c: contributions.merge(
            contribution=c, actor=r.user, expected_version=pages.posted_version(r)
        ),
        "已合并到报告正文。",
    ),
    "return": (
        lambda r, c: contributions.send_back(
            contribution=c, actor=r.user, expected_version=pages.posted_version(r),
            note=r.POST.get("note", ""),
        ),
        "已退回供稿单位。",
    ),
}  # fmt: skip


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def contribution_action(request: HttpRequest, contribution_id: int, action: str) -> HttpResponse:
    contribution = selectors.contribution_for(request.user, contribution_id)
    back = contribution.get_absolute_url()
    if action not in ACTIONS:
        messages.error(request, f"未知操作：{action}")
        return redirect(back)
    run, done = ACTIONS[action]
    return pages.run(request, lambda: run(request, contribution), done, back)


@require_perm(Perm.VIEW_BUSINESS)
def contribution_history(request: HttpRequest, contribution_id: int) -> HttpResponse:
    contribution = selectors.contribution_for(request.user, contribution_id)
    revisions = list(contribution.revisions.select_related("author"))
    context = _history(request, contribution.report, contribution, revisions)
    return render(request, "reports/history.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def attachment_download(request: HttpRequest, attachment_id: int) -> Any:
    found = selectors.attachment_for(request.user, attachment_id)
    return uploads.file_response(
        name=found.file.name, original_name=found.original_name, content_type=found.content_type
    )


# --- a county's templates -------------------------------------------------------------------


@require_perm(Perm.VIEW_BUSINESS)
def templates_page(request: HttpRequest) -> HttpResponse:
    unit = getattr(request.user, "unit", None)
    region = policies.template_region(unit) if unit else None
    row = template_services.template_row(region) if region else None
    context = {
        "region": region,
        "row": row,
        "can_edit": policies.can_edit_templates(request.user),
        "outline_text": request.POST.get("outline")
        or outline.as_text(row.outline if row else outline.DEFAULT_OUTLINE),
        "title_pattern": row.title_pattern if row else outline.DEFAULT_TITLE,
        "modules": [(m, outline.module_label(m)) for m in outline.module_choices()],
        "required": wordtemplate.REQUIRED,
    }
    return render(request, "reports/templates.html", context)


def _template_region(request: HttpRequest) -> Region:
    """The county whose templates the user maintains (its own unit's county)."""
    unit = getattr(request.user, "unit", None)
    if unit is None:
        raise deny(request, "您不属于任何单位，没有本县的报告模板")
    return policies.template_region(unit)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def template_outline(request: HttpRequest) -> HttpResponse:
    region = _template_region(request)
    return pages.run(
        request,
        lambda: template_services.save_outline(
            region=region,
            text=request.POST.get("outline", ""),
            title_pattern=request.POST.get("title_pattern", ""),
            actor=request.user,
            expected_version=pages.posted_version(request),
        ),
        "已保存提纲，新起草的报告将使用该提纲。",
        "reports:templates",
    )


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def template_word(request: HttpRequest) -> HttpResponse:
    region = _template_region(request)
    return pages.run(
        request,
        lambda: template_services.upload_word_template(
            region=region, upload=request.FILES.get("file"), actor=request.user
        ),
        "已启用新的 Word 模板。",
        "reports:templates",
    )


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def template_word_reset(request: HttpRequest) -> HttpResponse:
    region = _template_region(request)
    return pages.run(
        request,
        lambda: template_services.reset_word_template(region=region, actor=request.user),
        "已恢复默认 Word 模板。",
        "reports:templates",
    )


@require_perm(Perm.VIEW_BUSINESS)
def template_default(request: HttpRequest) -> HttpResponse:
    return attachment(
        wordtemplate.default_template(),
        filename="法治政府建设年度报告模板.docx",
        content_type=DOCX_CONTENT_TYPE,
    )


@require_perm(Perm.VIEW_BUSINESS)
def template_current(request: HttpRequest) -> Any:  # an HttpResponse or a FileResponse
    row = template_services.template_row(_template_region(request))
    if row is None or not row.docx:
        return template_default(request)
    return uploads.file_response(
        name=row.docx, original_name=row.docx_name, content_type=DOCX_CONTENT_TYPE
    )
