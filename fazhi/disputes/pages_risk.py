"""Pages of 争议化解: the risk board, marking a case 高败诉风险, its progress log, the
败诉风险提示函 (form and Word letter) and the weekly 研商通报 (page and Word).

Thin views: parse, call one selector (`briefing`) or one service (`services`), render. A case
outside the user's scope, or a `kind` other than "recon"/"lawsuit", answers 404; a service's
refusal is shown in Chinese on the form, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError
from fazhi.core.http import DOCX_CONTENT_TYPE, attachment
from fazhi.core.permissions import Perm, deny, require_perm
from fazhi.org.scoping import get_visible_or_404

from . import briefing as sel
from . import documents, selectors, services
from .forms import NoticeForm, ProgressForm, RiskMarkForm, show_refusal
from .models import Lawsuit, Reconsideration, RiskNotice
from .selectors import KINDS, case_kind, visible_case
from .workflow import Side

# ---------------------------------------------------------------------------------------------
# Helpers of the case pages


def _case(request: HttpRequest, kind: str, dispute_id: int) -> Any:
    case_type = KINDS.get(kind)
    if case_type is None:
        raise Http404("案件类型不存在")
    return visible_case(request.user, case_type, dispute_id)


def _require_act(request: HttpRequest, case: Any) -> None:
    if not services.may_act(request.user, case, Side.EITHER):
        raise deny(request, f"无权办理案件“{case.case_number}”的争议化解", obj=case)


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _case_context(request: HttpRequest, case: Any, form: forms.Form) -> dict[str, Any]:
    return {
        "case": case,
        "kind": case_kind(case).key,
        "kind_label": case_kind(case).type_label,
        "case_url": case.get_absolute_url(),
        "unit": case.answering_unit,
        "form": form,
        "next": _next_url(request, ""),
    }


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# ---------------------------------------------------------------------------------------------
# The board and the case actions


@require_perm(Perm.VIEW_BUSINESS)
def board(request: HttpRequest) -> HttpResponse:
    today = selectors.today()
    filters = sel.RiskFilters.parse(request.GET)
    units, leaders = sel.risk_filter_options(request.user, today)
    context = {
        "rows": sel.high_risk_cases(request.user, as_of=today, filters=filters),
        "filters": filters,
        "units": units,
        "leaders": leaders,
        "kinds": [(kind.key, kind.type_label) for kind in KINDS.values()],
        "today": today,
    }
    return render(request, "disputes/risk_board.html", context)


@require_perm(Perm.EDIT_BUSINESS)
def mark(request: HttpRequest, kind: str, dispute_id: int) -> HttpResponse:
    case = _case(request, kind, dispute_id)
    _require_act(request, case)
    form = RiskMarkForm(_posted(request), user=request.user, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mark_risk(
                case,
                actor=request.user,
                expected_version=data["version"],
                high_risk=data["high_risk"],
                reason=data["reason"],
                lead_leader=data["lead_leader"],
                risk_unit=data["risk_unit"] or case.answering_unit,
                marked_on=data["marked_on"],
            )
        except (ApplicationError, ValidationError) as exc:
            show_refusal(form, exc)
        else:
            done = "已标记为高败诉风险" if data["high_risk"] else "已解除高败诉风险标记"
            messages.success(request, f"案件“{case.case_number}”{done}。")
            return redirect(_next_url(request, case.get_absolute_url()))
    status = 400 if form.errors else 200
    context = _case_context(request, case, form)
    return render(request, "disputes/risk_mark.html", context, status=status)


@require_perm(Perm.EDIT_BUSINESS)
def progress_add(request: HttpRequest, kind: str, dispute_id: int) -> HttpResponse:
    case = _case(request, kind, dispute_id)
    _require_act(request, case)
    form = ProgressForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_progress(case, actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, f"已记录案件“{case.case_number}”的化解进展。")
            return redirect(_next_url(request, case.get_absolute_url()))
    context = _case_context(request, case, form)
    context["entries"] = case.progress.select_related("author").order_by("-happened_on", "-pk")
    return render(
        request, "disputes/risk_progress.html", context, status=400 if form.errors else 200
    )


@require_perm(Perm.EDIT_BUSINESS)
def notice_create(request: HttpRequest, kind: str, dispute_id: int) -> HttpResponse:
    case = _case(request, kind, dispute_id)
    _require_act(request, case)
    form = NoticeForm(_posted(request), user=request.user, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.issue_notice(case, actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, f"已发出{notice.number}，可下载 Word 文书。")
            return redirect(request.path)
    context = _case_context(request, case, form)
    context["issuer"] = documents.issuing_unit(case, request.user)
    context["notices"] = case.notices.select_related("to_unit", "author").order_by("-pk")
    return render(request, "disputes/notice_form.html", context, status=400 if form.errors else 200)


def _visible_notices(user: Any) -> QuerySet[RiskNotice]:
    recon = Reconsideration.objects.visible_to(user).values("pk")
    lawsuit = Lawsuit.objects.visible_to(user).values("pk")
    return RiskNotice.objects.filter(Q(reconsideration__in=recon) | Q(lawsuit__in=lawsuit))


def _docx(request: HttpRequest, content: bytes, filename: str, obj: Any = None) -> HttpResponse:
    audit.record_security(
        event=audit.Event.EXPORT, user=request.user, obj=obj, message=f"下载 Word：{filename}"
    )
    return attachment(content, filename=filename, content_type=DOCX_CONTENT_TYPE)


@require_perm(Perm.VIEW_BUSINESS)
def notice_docx(request: HttpRequest, notice_id: int) -> HttpResponse:
    queryset = _visible_notices(request.user).select_related(
        "to_unit", "author__unit", "reconsideration__handling_unit", "lawsuit"
    )
    notice = get_visible_or_404(queryset, request.user, pk=notice_id)
    content = documents.notice_document(notice)
    return _docx(request, content, f"{notice.number}.docx", notice)


# ---------------------------------------------------------------------------------------------
# 研商通报


def _briefing(request: HttpRequest) -> tuple[sel.Briefing, str]:
    """The 通报 of ?week= (any day of it), the current week when absent or not understood."""
    today = selectors.today()
    text = request.GET.get("week", "").strip()
    error = ""
    day = today
    if text:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            error = f"周的日期格式不正确：{text[:20]}（应为 YYYY-MM-DD），已显示本周"
    try:
        return sel.weekly_briefing(request.user, day=day, today=today), error
    except ApplicationError as exc:
        return sel.weekly_briefing(
            request.user, day=today, today=today
        ), f"{exc.message}，已显示本周"


@require_perm(Perm.VIEW_BUSINESS)
def briefing(request: HttpRequest) -> HttpResponse:
    report, error = _briefing(request)
    if error:
        messages.error(request, error)
    week = dt.timedelta(days=7)
    context = {
        "b": report,
        "previous_week": report.monday - week,
        "next_week": report.monday + week if report.monday + week <= selectors.today() else None,
        "issuer": _issuer(request.user),
    }
    return render(request, "disputes/briefing.html", context)


def _issuer(user: Any) -> str:
    return user.unit.name if getattr(user, "unit", None) else ""


@require_perm(Perm.VIEW_BUSINESS)
def briefing_docx(request: HttpRequest) -> HttpResponse:
    report, _error = _briefing(request)
    content = documents.briefing_document(report, issuer=_issuer(request.user))
    name = f"行政争议化解研商通报（{report.monday:%Y-%m-%d}周）.docx"
    return _docx(request, content, name)
