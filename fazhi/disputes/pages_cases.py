"""Pages of 行政复议 and 行政诉讼 cases: lists, registration, the case page, transitions, hearings.

Thin views: every read starts from `visible_to(user)` (a case outside it answers 404), every
write goes through `services`. A transition or a hearing is offered only to a user who may take
it (`services.may_act`); posting one anyway answers 403 and changes nothing. Applicants' and
plaintiffs' names are masked for users without Perm.VIEW_PERSONAL_DATA; their ID numbers, phones
and addresses are masked for everyone until "显示完整", which is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from fazhi.core import audit, paging, stamp
from fazhi.core.exceptions import ApplicationError, StaleRecordError
from fazhi.core.permissions import Perm, deny, has_perm, require_perm

from . import ledger, services
from .case_display import (
    case_due,
    deadline_rows,
    hearing_rows,
    party_details,
    party_summary,
    timeline,
)
from .enums import LawsuitStatus
from .forms import (
    HearingForm,
    PartyFormSet,
    administrative_units,
    party_rows,
    problems_to_form,
    show_refusal,
    transition_form,
)
from .models import DisputeField, Lawsuit
from .selectors import LAWSUIT, RECON, CaseKind, visible_case
from .workflow import Side

PAGE_SIZE = 50


class HtmxRequest(HttpRequest):
    """For annotations only: the request as django-htmx's middleware leaves it."""

    htmx: HtmxDetails


def _case(request: HttpRequest, kind: CaseKind, pk: int) -> Any:
    return visible_case(request.user, kind, pk)


# ---------------------------------------------------------------------------------------------
# Lists


@require_perm(Perm.VIEW_BUSINESS)
def home(request: HttpRequest) -> HttpResponse:
    """An overview: the cases the user may see, by status, each count linking to its list."""
    user = request.user
    cards = []
    for kind in (RECON, LAWSUIT):
        counts = dict(
            kind.model.objects.visible_to(user)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        rows = [(value, label, counts.get(value, 0)) for value, label in kind.statuses.choices]
        cards.append({"kind": kind, "rows": rows, "total": sum(counts.values())})
    return render(request, "disputes/home.html", {"cards": cards})


def _list(request: HttpRequest, kind: CaseKind) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    qs, filters = kind.select(user, request.GET)
    page = Paginator(qs.prefetch_related(kind.parties), PAGE_SIZE).get_page(request.GET.get("page"))
    reveal = has_perm(user, Perm.VIEW_PERSONAL_DATA)
    with stamp.batch():  # one read of the calendar's freshness token for every row's due date
        rows = [
            {
                "case": case,
                "parties": party_summary(getattr(case, kind.parties).all(), reveal),
                "due": case_due(case, today),
            }
            for case in page.object_list
        ]
    years = kind.model.objects.visible_to(user).dates(kind.date_field, "year", order="DESC")
    query = urlencode(filters.as_query())
    context = {
        "kind": kind,
        "page_obj": page,
        "rows": rows,
        "filters": filters,
        "years": sorted({d.year for d in years} | {today.year}, reverse=True),
        "units": administrative_units(user).only("code", "name"),
        "fields": DisputeField.objects.only("code", "name"),
        "act_types": kind.model._meta.get_field("act_type").choices,
        "statuses": kind.statuses.choices,
        "querystring_without_page": paging.page_link_prefix(request),
        "export_url": reverse("disputes:ledger-export", kwargs={"kind": kind.ledger})
        + (f"?{query}" if query else ""),
        "import_url": reverse("disputes:ledger-import", kwargs={"kind": kind.ledger}),
        "can_edit": has_perm(user, Perm.EDIT_BUSINESS),
        "can_import": ledger.may_import(user),
        "can_create": has_perm(user, Perm.EDIT_BUSINESS) and kind.may_register(user),
    }
    return render(request, f"disputes/{kind.key}_list.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def recon_list(request: HttpRequest) -> HttpResponse:
    return _list(request, RECON)


@require_perm(Perm.VIEW_BUSINESS)
def lawsuit_list(request: HttpRequest) -> HttpResponse:
    return _list(request, LAWSUIT)


# ---------------------------------------------------------------------------------------------
# Registration


def _create(request: HttpRequest, kind: CaseKind) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    form = kind.form(posted, user=request.user)
    parties = PartyFormSet(posted, prefix=kind.parties)
    if posted is not None:
        case = _register(request, kind, form, parties)
        if case is not None:
            messages.success(request, f"已登记{kind.label}案件“{case.case_number}”。")
            return redirect(case.get_absolute_url())
    context = {"kind": kind, "form": form, "parties": parties}
    status = 400 if posted is not None else 200
    return render(request, f"disputes/{kind.key}_form.html", context, status=status)


def _register(request: HttpRequest, kind: CaseKind, form: Any, parties: Any) -> Any:
    """The registered case, or None with every problem put on the form (nothing stored)."""
    form_ok, parties_ok = form.is_valid(), parties.is_valid()
    rows = party_rows(parties) if parties_ok else []
    if parties_ok and not rows:
        problem = (kind.parties, f"至少填写一名{kind.party_label}")
        problems_to_form(form, [problem], parties_key=kind.parties, formset=parties)
    if not (form_ok and rows):
        return None
    try:
        return kind.register(actor=request.user, parties=rows, **form.service_fields())
    except services.CaseProblemsError as exc:
        problems_to_form(form, exc.problems, parties_key=kind.parties, formset=parties)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
    return None


@require_perm(Perm.EDIT_BUSINESS)
def recon_create(request: HttpRequest) -> HttpResponse:
    return _create(request, RECON)


@require_perm(Perm.EDIT_BUSINESS)
def lawsuit_create(request: HttpRequest) -> HttpResponse:
    return _create(request, LAWSUIT)


# ---------------------------------------------------------------------------------------------
# The case page


def _detail(request: HttpRequest, kind: CaseKind, case: Any, **panel: Any) -> dict[str, Any]:
    user, today = request.user, timezone.localdate()
    reveal_names = has_perm(user, Perm.VIEW_PERSONAL_DATA)
    party_list = list(getattr(case, kind.parties).all())
    context = {
        "kind": kind,
        "case": case,
        "due": case_due(case, today),
        "parties": party_details(party_list, reveal_names=reveal_names, full=False),
        "can_reveal": reveal_names and any(p.id_number or p.phone or p.address for p in party_list),
        "timeline": timeline(case),
        "deadlines": deadline_rows(case, today),
        "actions": services.available_transitions(user, case, today),
        "can_risk": services.may_act(user, case, Side.EITHER),
        "progress": case.progress.select_related("author"),
        "notices": case.notices.select_related("to_unit"),
        **panel,
    }
    if kind is RECON:
        context["lawsuits"] = Lawsuit.objects.visible_to(user).filter(reconsideration=case)
    else:
        context["next_instances"] = Lawsuit.objects.visible_to(user).filter(previous_instance=case)
        context["hearings"] = hearing_rows(case)
        context["can_add_hearing"] = case.status != LawsuitStatus.CLOSED and services.may_act(
            user, case, Side.RESPONDENT
        )
    return context


def _render_detail(
    request: HttpRequest, kind: CaseKind, case: Any, status: int = 200, **panel: Any
) -> HttpResponse:
    with stamp.batch():
        context = _detail(request, kind, case, **panel)
    return render(request, f"disputes/{kind.key}_detail.html", context, status=status)


@require_perm(Perm.VIEW_BUSINESS)
def recon_detail(request: HttpRequest, recon_id: int) -> HttpResponse:
    return _render_detail(request, RECON, _case(request, RECON, recon_id))


@require_perm(Perm.VIEW_BUSINESS)
def lawsuit_detail(request: HttpRequest, lawsuit_id: int) -> HttpResponse:
    return _render_detail(request, LAWSUIT, _case(request, LAWSUIT, lawsuit_id))


def _reveal(request: HtmxRequest, kind: CaseKind, pk: int) -> HttpResponse:
    """ "显示完整": the parties' ID numbers, phones and addresses; each view is audited
    (个人信息保护法 第五十一条; SECURITY.md R-PRIV-06)."""
    case = _case(request, kind, pk)
    if not has_perm(request.user, Perm.VIEW_PERSONAL_DATA):
        raise deny(request, f"缺少权限“{Perm.VIEW_PERSONAL_DATA.label}”")
    audit.record_security(
        event=audit.Event.PERSONAL_DATA_VIEW,
        user=request.user,
        obj=case,
        message=f"查看{kind.party_label}完整信息：{case.case_number}",
    )
    parties = party_details(getattr(case, kind.parties).all(), reveal_names=True, full=True)
    if request.htmx:
        context = {"kind": kind, "case": case, "parties": parties, "revealed": True}
        return render(request, "disputes/_case_parties.html", context)
    context = _detail(request, kind, case)
    context.update(parties=parties, revealed=True, can_reveal=False)
    return render(request, f"disputes/{kind.key}_detail.html", context)


@require_POST
@require_perm(Perm.VIEW_BUSINESS)
def recon_reveal(request: HtmxRequest, recon_id: int) -> HttpResponse:
    return _reveal(request, RECON, recon_id)


@require_POST
@require_perm(Perm.VIEW_BUSINESS)
def lawsuit_reveal(request: HtmxRequest, lawsuit_id: int) -> HttpResponse:
    return _reveal(request, LAWSUIT, lawsuit_id)


# ---------------------------------------------------------------------------------------------
# Transitions and hearings: GET opens the small form (a fragment for htmx), POST takes it


def _panel(
    request: HtmxRequest, kind: CaseKind, case: Any, template: str, status: int, **context: Any
) -> HttpResponse:
    """The action form: alone for htmx, else inside the case page."""
    if request.htmx:
        context.update(kind=kind, case=case)
        return render(request, f"disputes/{template}", context, status=status)
    return _render_detail(request, kind, case, status=status, panel_template=template, **context)


def _done(request: HtmxRequest, case: Any, message: str) -> HttpResponse:
    messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(case.get_absolute_url())
    return redirect(case.get_absolute_url())


def _apply(form: Any, call: Callable[[], Any]) -> int:
    """Run the service; on refusal put its message on the form. The HTTP status to answer."""
    try:
        call()
    except StaleRecordError as exc:
        form.add_error(None, f"{exc.message}（他人刚刚办理了本案，页面上的信息已过时）")
        return 409
    except ApplicationError as exc:
        show_refusal(form, exc)
        return 400
    return 200


def _transition(request: HtmxRequest, kind: CaseKind, pk: int, name: str) -> HttpResponse:
    case = _case(request, kind, pk)
    spec = kind.transitions.get(name)
    if spec is None:
        raise Http404("未知的办理环节")
    if not services.may_act(request.user, case, spec.side):
        raise deny(request, f"无权办理“{spec.label}”")
    posted = request.POST if request.method == "POST" else None
    form = transition_form(spec, case, posted)
    status = 200
    if posted is not None:
        status = 400
        if form.is_valid():
            version, params = form.cleaned_data["version"], form.params()
            status = _apply(
                form,
                lambda: kind.transition(
                    case, name, actor=request.user, expected_version=version, params=params
                ),
            )
            if status == 200:
                return _done(request, case, f"已办理“{spec.label}”。")
    action_url = kind.url("transition", case, transition=name)
    return _panel(
        request, kind, case, "_transition_form.html", status, form=form, spec=spec,
        action_url=action_url,
    )  # fmt: skip


@require_perm(Perm.VIEW_BUSINESS)
def recon_transition(request: HtmxRequest, recon_id: int, transition: str) -> HttpResponse:
    return _transition(request, RECON, recon_id, transition)


@require_perm(Perm.VIEW_BUSINESS)
def lawsuit_transition(request: HtmxRequest, lawsuit_id: int, transition: str) -> HttpResponse:
    return _transition(request, LAWSUIT, lawsuit_id, transition)


@require_perm(Perm.VIEW_BUSINESS)
def hearing_create(request: HtmxRequest, lawsuit_id: int) -> HttpResponse:
    case = _case(request, LAWSUIT, lawsuit_id)
    if not services.may_act(request.user, case, Side.RESPONDENT):
        raise deny(request, "无权登记开庭")
    posted = request.POST if request.method == "POST" else None
    form = HearingForm(posted, initial={"version": case.version})
    status = 200
    if posted is not None:
        status = 400
        if form.is_valid():
            version, fields = form.cleaned_data["version"], form.service_fields()
            status = _apply(
                form,
                lambda: services.record_hearing(
                    case, actor=request.user, expected_version=version, **fields
                ),
            )
            if status == 200:
                return _done(request, case, "已登记开庭情况。")
    return _panel(request, LAWSUIT, case, "_hearing_form.html", status, form=form)
