"""Pages of the annual report: the list and drafting, a report with its sections, editing a
section and its history, the checks, the workflow actions and the exports.

Thin views: parse, call one selector or service, render or redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import pages
from fazhi.core.exceptions import ApplicationError, NotAllowedError, StaleRecordError
from fazhi.core.http import DOCX_CONTENT_TYPE, attachment
from fazhi.core.permissions import Perm, require_perm
from fazhi.indicators.meta import MANUAL_LABEL
from fazhi.indicators.periods import parse_year
from fazhi.org.scoping import get_visible_or_404, visible_units
from fazhi.reports import checks, diff, exporters, figures, outline, policies, selectors, services
from fazhi.reports.models import Report
from fazhi.reports.workflow import Action, ContributionStatus, Status, allowed_actions


@require_perm(Perm.VIEW_BUSINESS)
def report_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "reports": selectors.report_list(request.user),
        "reporters": selectors.reporters_for(request.user),
        "default_year": today.year - 1,
        "statuses": list(Status),
        "contributions": selectors.my_contributions(request.user).exclude(
            status=ContributionStatus.MERGED
        )[:20],
    }
    return render(request, "reports/list.html", context)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def report_draft(request: HttpRequest) -> HttpResponse:
    back = "reports:list"
    try:
        unit = get_visible_or_404(
            visible_units(request.user), request.user, pk=_int(request, "reporter")
        )
        year = parse_year(request.POST.get("year", ""))
        report = services.draft_report(reporter=unit, year=year, actor=request.user)
    except NotAllowedError as exc:
        pages.refused(request, exc.message)
        return redirect(back)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, "已根据业务数据生成初稿。")
    return redirect(report.get_absolute_url())


def _int(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise ApplicationError("请选择报告单位") from None


@require_perm(Perm.VIEW_BUSINESS)
def report_detail(request: HttpRequest, annual_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)
    book = services.book_for(report)
    sections = list(selectors.sections_of(report))
    contributions = report.contributions.select_related("unit", "section")
    by_section: dict[int, list[Any]] = {}
    for contribution in contributions:
        by_section.setdefault(contribution.section_id, []).append(contribution)
    context = {
        "report": report,
        "rows": [(s, figures.paragraphs(s.body, book), by_section.get(s.pk, [])) for s in sections],
        "can_edit": policies.can_edit_text(request.user, report),
        "actions": [
            a for a in allowed_actions(report.status) if policies.can(request.user, report, a)
        ],
        "Action": Action,
        "events": report.events.select_related("actor"),
        "units": selectors.contributor_units(report)
        if policies.can_edit_text(request.user, report)
        else [],
        "today": timezone.localdate(),
        "submission_left": _left(report.submission_due),
        "publication_left": _left(report.publication_due),
        "drift": book.drift() if report.is_signed else [],
        "placing_drift": book.placing_drift() if report.is_signed else [],
    }
    return render(request, "reports/detail.html", context)


def _left(due: Any) -> str:
    days = (due - timezone.localdate()).days
    return f"还有 {days} 天" if days >= 0 else f"已逾期 {-days} 天"


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def report_details(request: HttpRequest, annual_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)
    return pages.run(
        request,
        lambda: services.update_details(
            report=report,
            title=request.POST.get("title", ""),
            recipients=request.POST.get("recipients", "").split("、"),
            copies=request.POST.get("copies", "").split("、"),
            actor=request.user,
            expected_version=pages.posted_version(request),
        ),
        "已保存标题和报送对象。",
        report.get_absolute_url(),
    )


@require_perm(Perm.VIEW_BUSINESS)
@require_POST
def report_action(request: HttpRequest, annual_id: int, action: str) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)
    if action not in Action.values:
        messages.error(request, f"未知操作：{action}")
        return redirect(report.get_absolute_url())
    chosen = Action(action)
    data: dict[str, Any] = {
        key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"
    }
    data["secrecy_confirmed"] = request.POST.get("secrecy_confirmed") == "1"
    return pages.run(
        request,
        lambda: services.transition(
            report=report,
            action=chosen,
            actor=request.user,
            expected_version=pages.posted_version(request),
            data=data,
        ),
        f"已{chosen.label}。",
        report.get_absolute_url(),
    )


@require_perm(Perm.VIEW_BUSINESS)
def report_checks(request: HttpRequest, annual_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)
    findings = checks.run(report)
    context = {
        "report": report,
        "findings": findings,
        "errors": sum(1 for f in findings if f.blocks),
        "warnings": sum(1 for f in findings if f.severity == checks.Severity.WARNING),
    }
    return render(request, "reports/checks.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def section_edit(request: HttpRequest, annual_id: int, section_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)
    section = selectors.section_for(request.user, report, section_id)
    body = section.body
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.save_section(
                section=section,
                body=body,
                actor=request.user,
                expected_version=pages.posted_version(request),
                note=request.POST.get("note", "").strip(),
            )
        except NotAllowedError as exc:
            pages.refused(request, exc.message)
        except (StaleRecordError, ApplicationError) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已保存“{section.label}”。")
            return redirect(f"{report.get_absolute_url()}#section-{section.pk}")
        section.refresh_from_db()
    book = services.book_for(report)
    context = {
        "report": report,
        "section": section,
        "body": body,
        "preview": figures.paragraphs(section.body, book),
        "can_edit": policies.can_edit_text(request.user, report),
        "choices": _choices(book),
        "fields": figures.FIELD_LABELS,
        "contributions": section.contributions.select_related("unit").prefetch_related(
            "attachments"
        ),
        "module_label": outline.module_label(section.module) if section.module else "",
    }
    return render(request, "reports/section.html", context)


def _choices(book: figures.FigureBook) -> list[dict[str, Any]]:
    rows = figures.choices(book)
    for row in rows:
        figure = row["figure"]
        row["value"] = figures.plain(figure.value, figure.indicator)
        row["prose"] = figures.prose(figure)
        row["target"] = figure.target_text
        row["module"] = (
            MANUAL_LABEL if row["is_manual"] else outline.module_label(row["code"].split(".")[0])
        )
    return rows


@require_perm(Perm.VIEW_BUSINESS)
def section_history(request: HttpRequest, annual_id: int, section_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)
    section = selectors.section_for(request.user, report, section_id)
    revisions = list(section.revisions.select_related("author"))
    return render(request, "reports/history.html", _history(request, report, section, revisions))


def _history(
    request: HttpRequest, report: Report, owner: Any, revisions: list[Any]
) -> dict[str, Any]:
    """The revisions and, for ?a=&b= (version numbers), the comparison of the two."""
    numbers = {r.number: r for r in revisions}
    newest = revisions[0].number if revisions else 0
    a, b = _number(request, "a", newest - 1), _number(request, "b", newest)
    old, new = numbers.get(a), numbers.get(b)
    lines = diff.compare(old.body, new.body) if old and new else []
    return {
        "report": report,
        "owner": owner,
        "revisions": revisions,
        "old": old,
        "new": new,
        "lines": lines,
        "counts": diff.summary(lines),
    }


def _number(request: HttpRequest, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, default))
    except ValueError:
        return default


@require_perm(Perm.VIEW_BUSINESS)
def export_docx(request: HttpRequest, annual_id: int) -> HttpResponse:
    return _export(request, annual_id, exporters.docx_bytes, "Word", "docx", DOCX_CONTENT_TYPE)


@require_perm(Perm.VIEW_BUSINESS)
def export_pdf(request: HttpRequest, annual_id: int) -> HttpResponse:
    return _export(request, annual_id, exporters.pdf_bytes, "PDF", "pdf", "application/pdf")


def _export(
    request: HttpRequest,
    annual_id: int,
    make: Callable[[Report], bytes],
    kind: str,
    extension: str,
    content_type: str,
) -> HttpResponse:
    """The report as a download, the export audited; back to the report with the reason when
    it cannot be made."""
    report = selectors.report_for(request.user, annual_id)
    try:
        content = make(report)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(report.get_absolute_url())
    services.record_export(report=report, actor=request.user, kind=kind)
    return attachment(
        content, filename=exporters.filename(report, extension), content_type=content_type
    )


@require_perm(Perm.VIEW_BUSINESS)
def publication(request: HttpRequest, annual_id: int) -> HttpResponse:
    report = selectors.report_for(request.user, annual_id)
    return HttpResponse(exporters.publication_html(report))
