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
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme

from fazhi.core import audit, calendar
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, require_perm
from fazhi.org.models import RoleAssignment, Unit, User
from fazhi.org.roles import BUSINESS_ROLES, Role
from fazhi.org.scoping import get_visible_or_404

from . import briefing as sel
from . import documents, services
from .enums import ProgressKind
from .models import Lawsuit, Reconsideration, RiskNotice
from .workflow import Side

NOTICE_REPLY_WORKING_DAYS = 5  # the default 反馈期限 offered on the form


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# Forms


def _style(form: forms.Form) -> None:
    for bound in form.visible_fields():
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class LeaderField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.full_name or obj.username
        parts = [p for p in (obj.position, obj.unit.name if obj.unit else "") if p]
        return f"{name}（{'，'.join(parts)}）" if parts else name


def leader_candidates(user: Any, current_id: int | None) -> QuerySet[User]:
    """The people `user` may name 包案领导: active business users of the units in scope,
    领导 first (and whoever is named now, so a saved form never loses its value)."""
    in_scope = Q(
        is_active=True,
        unit__in=Unit.objects.visible_to(user),
        role_assignments__role__in=list(BUSINESS_ROLES),
    )
    leader = RoleAssignment.objects.filter(user=OuterRef("pk"), role=Role.LEADER)
    return (
        User.objects.filter(in_scope | Q(pk=current_id or 0))
        .distinct()
        .select_related("unit")
        .annotate(is_leader=Exists(leader))
        .order_by("-is_leader", "unit__region__path", "unit__sort_order", "full_name", "username")
    )


def unit_candidates(user: Any, *current: Any) -> QuerySet[Unit]:
    ids = [u.pk for u in current if u is not None]
    visible = Unit.objects.visible_to(user).internal().filter(is_active=True)
    return Unit.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=ids)).order_by(
        "region__path", "sort_order", "code"
    )


class RiskMarkForm(forms.Form):
    high_risk = forms.BooleanField(label="高败诉风险", required=False, initial=True)
    reason = forms.CharField(
        label="风险原因", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_leader = LeaderField(label="包案领导", queryset=User.objects.none(), required=False)
    risk_unit = forms.ModelChoiceField(
        label="化解责任单位", queryset=Unit.objects.none(), required=False
    )
    marked_on = forms.DateField(label="标记日期", required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_leader"].queryset = leader_candidates(user, case.lead_leader_id)  # type: ignore[attr-defined]
        unit = sel.answering_unit(case)
        self.fields["risk_unit"].queryset = unit_candidates(user, case.risk_unit, unit)  # type: ignore[attr-defined]
        self.initial.update(
            high_risk=True,
            reason=case.risk_reason,
            lead_leader=case.lead_leader_id,
            risk_unit=case.risk_unit_id or unit.pk,
            marked_on=case.risk_marked_on or _today(),
            version=case.version,
        )
        _style(self)

    def clean_marked_on(self) -> dt.date | None:
        day = self.cleaned_data.get("marked_on")
        if day and day > _today():
            raise ValidationError("标记日期晚于今天")
        return day


class ProgressForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=[(k.value, k.label) for k in ProgressKind if k != ProgressKind.NOTICE]
    )
    happened_on = forms.DateField(label="日期", widget=DateInput())
    content = forms.CharField(
        label="内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("happened_on", _today())
        self.initial.setdefault("kind", ProgressKind.MEETING)
        _style(self)


class NoticeForm(forms.Form):
    to_unit = forms.ModelChoiceField(label="致送单位", queryset=Unit.objects.none())
    issued_on = forms.DateField(label="发函日期", widget=DateInput())
    risks = forms.CharField(
        label="风险点", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    suggestions = forms.CharField(
        label="工作建议", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    reply_by = forms.DateField(label="反馈期限", required=False, widget=DateInput())

    def __init__(self, *args: Any, user: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = sel.answering_unit(case)
        self.fields["to_unit"].queryset = unit_candidates(user, unit)  # type: ignore[attr-defined]
        today = _today()
        self.initial.update(
            to_unit=unit.pk, issued_on=today, risks=case.risk_reason, reply_by=_reply_by(today)
        )
        _style(self)

    def clean_issued_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["issued_on"]
        if day > _today():
            raise ValidationError("发函日期晚于今天")
        return day


def _reply_by(today: dt.date) -> dt.date | None:
    try:
        return calendar.add_working_days(today, NOTICE_REPLY_WORKING_DAYS)
    except ApplicationError:  # the calendar lacks next year: leave it to the user
        return None


# Fields the services name in CaseProblemsError, by the form field that shows them.
FIELD_FOR_PROBLEM = {"risk_reason": "reason", "lead_leader": "lead_leader"}


def _show_error(form: forms.Form, exc: Exception) -> None:
    """A service's refusal on the form: each problem on its field, the rest on the form."""
    if isinstance(exc, services.CaseProblemsError):
        for name, message in exc.problems:
            target = FIELD_FOR_PROBLEM.get(name, name)
            form.add_error(target if target in form.fields else None, message)
    elif isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    elif isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)


# ---------------------------------------------------------------------------------------------
# Helpers of the case pages


def _case(request: HttpRequest, kind: str, dispute_id: int) -> Any:
    model = sel.MODELS.get(kind)
    if model is None:
        raise Http404("案件类型不存在")
    related = ("respondent", "organ") if kind == sel.RECON else ("defendant", "court")
    queryset = model.objects.select_related(*related, "field", "lead_leader", "risk_unit")
    return get_visible_or_404(queryset, request.user, pk=dispute_id)


def _require_act(request: HttpRequest, case: Any) -> None:
    if not services.may_act(request.user, case, Side.EITHER):
        audit.record_security(
            event=audit.Event.ACCESS_DENIED,
            user=request.user,
            success=False,
            obj=case,
            message=f"无权办理案件“{case.case_number}”的争议化解：{request.path}",
        )
        raise PermissionDenied


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _case_context(request: HttpRequest, kind: str, case: Any, form: forms.Form) -> dict[str, Any]:
    return {
        "case": case,
        "kind": kind,
        "kind_label": sel.KIND_LABELS[kind],
        "case_url": sel.case_url(case),
        "unit": sel.answering_unit(case),
        "form": form,
        "next": _next_url(request, ""),
    }


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# ---------------------------------------------------------------------------------------------
# The board and the case actions


@require_perm(Perm.VIEW_BUSINESS)
def board(request: HttpRequest) -> HttpResponse:
    today = _today()
    filters = sel.RiskFilters.parse(request.GET)
    units, leaders = sel.risk_filter_options(request.user, today)
    context = {
        "rows": sel.high_risk_cases(request.user, as_of=today, filters=filters),
        "filters": filters,
        "units": units,
        "leaders": leaders,
        "kinds": sel.KIND_LABELS.items(),
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
                risk_unit=data["risk_unit"] or sel.answering_unit(case),
                marked_on=data["marked_on"],
            )
        except (ApplicationError, ValidationError) as exc:
            _show_error(form, exc)
        else:
            done = "已标记为高败诉风险" if data["high_risk"] else "已解除高败诉风险标记"
            messages.success(request, f"案件“{case.case_number}”{done}。")
            return redirect(_next_url(request, sel.case_url(case)))
    status = 400 if form.errors else 200
    context = _case_context(request, kind, case, form)
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
            _show_error(form, exc)
        else:
            messages.success(request, f"已记录案件“{case.case_number}”的化解进展。")
            return redirect(_next_url(request, sel.case_url(case)))
    context = _case_context(request, kind, case, form)
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
            _show_error(form, exc)
        else:
            messages.success(request, f"已发出{notice.number}，可下载 Word 文书。")
            return redirect(request.path)
    context = _case_context(request, kind, case, form)
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
    response = HttpResponse(content, content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    return response


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
    today = _today()
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
        "next_week": report.monday + week if report.monday + week <= _today() else None,
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
