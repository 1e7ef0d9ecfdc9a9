"""The 专家库 pages (list, add, edit, 出库, import, export) and picking pool experts on a matter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core import paging
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.http import attachment
from fazhi.core.pages import posted_version, refused, run
from fazhi.core.permissions import Perm, has_perm, require_perm
from fazhi.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from fazhi.org.forms_admin import UploadForm
from fazhi.review import exporters, importers, selectors
from fazhi.review.forms import ExpertForm
from fazhi.review.models import Expert, Interest, ReviewMatter
from fazhi.review.services import experts as services
from fazhi.review.views.common import posted_date

PAGE_SIZE = 50
ACTIVE_CHOICES = (("yes", "在库"), ("no", "已出库"), ("all", "全部"))


def _filter(request: HttpRequest) -> selectors.ExpertFilter:
    get = request.GET
    active = get.get("active", "yes")
    return selectors.ExpertFilter(
        query=get.get("q", "").strip()[:50],
        specialty=get.get("specialty", "").strip()[:100],
        active=active if active in ("yes", "no") else "",
    )


@require_perm(Perm.VIEW_BUSINESS)
def expert_list(request: HttpRequest) -> HttpResponse:
    flt = _filter(request)
    experts = selectors.expert_list(request.user, flt)
    page = Paginator(experts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filter": flt,
        "active": request.GET.get("active", "yes"),
        "active_choices": ACTIVE_CHOICES,
        "specialties": selectors.expert_specialties(Expert.objects.visible_to(request.user)),
        "can_manage": has_perm(request.user, Perm.MANAGE_REVIEW_CATALOG),
        "reveal": has_perm(request.user, Perm.VIEW_PERSONAL_DATA),
        "querystring": request.GET.urlencode(),
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "review/expert_list.html", context)


def _save(
    request: HttpRequest, expert: Expert | None, save: Callable[[dict[str, Any]], Expert]
) -> HttpResponse:
    """The add or edit form: shown, or posted to `save` (a service call with the form's values);
    a refused or invalid save shows the form again with the service's message."""
    if request.method != "POST":
        initial = {name: getattr(expert, name) for name in services.FIELDS} if expert else {}
        form = ExpertForm(initial={**initial, "version": expert.version} if expert else None)
        return render(request, "review/expert_form.html", {"form": form, "expert": expert})
    form = ExpertForm(request.POST)
    if form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except NotAllowedError as exc:
            refused(request, exc.message)
            return redirect("review:experts")
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存专家“{saved.name}”的信息。")
            return redirect("review:experts")
    context = {"form": form, "expert": expert}
    return render(request, "review/expert_form.html", context, status=400)


@require_perm(Perm.MANAGE_REVIEW_CATALOG)
def expert_create(request: HttpRequest) -> HttpResponse:
    return _save(
        request, None, lambda values: services.create_expert(actor=request.user, values=values)
    )


@require_perm(Perm.MANAGE_REVIEW_CATALOG)
def expert_edit(request: HttpRequest, expert_id: int) -> HttpResponse:
    expert = selectors.expert_for(request.user, expert_id)

    def save(values: dict[str, Any]) -> Expert:
        return services.update_expert(
            expert=expert,
            actor=request.user,
            expected_version=posted_version(request),
            values=values,
        )

    return _save(request, expert, save)


@require_perm(Perm.MANAGE_REVIEW_CATALOG)
@require_POST
def expert_active(request: HttpRequest, expert_id: int) -> HttpResponse:
    expert = selectors.expert_for(request.user, expert_id)
    active = request.POST.get("active") == "yes"

    def call() -> Any:
        return services.set_active(
            expert=expert,
            actor=request.user,
            expected_version=posted_version(request),
            active=active,
        )

    done = f"专家“{expert.name}”已{'重新入库' if active else '出库'}。"
    back = reverse("review:expert-edit", kwargs={"expert_id": expert.pk})
    return run(request, call, done, back)


@require_perm(Perm.MANAGE_REVIEW_CATALOG)
def expert_import(request: HttpRequest) -> HttpResponse:
    """Upload and import at once (all or nothing), or only check when 仅检查 is ticked."""
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if not posted or not form.is_valid():
        return render(
            request, "review/expert_import.html", {"form": form}, status=400 if posted else 200
        )
    dry_run = request.POST.get("dry_run") == "1"
    filename = form.cleaned_data["file"].name
    result = importers.expert_pool_import(
        data=form.data_bytes, actor=request.user, dry_run=dry_run, filename=filename
    )
    if result.written:
        messages.success(request, f"专家库导入完成：{result.summary()}。")
        return redirect("review:experts")
    context = {"form": UploadForm(), "result": result, "filename": filename}
    return render(request, "review/expert_import.html", context, status=200 if result.ok else 400)


@require_perm(Perm.VIEW_BUSINESS)
def expert_export(request: HttpRequest) -> HttpResponse:
    content = exporters.expert_pool_export(actor=request.user, flt=_filter(request))
    return attachment(content, filename="专家库.xlsx", content_type=XLSX_CONTENT_TYPE)


# --- a matter's experts -------------------------------------------------------------------


def matter_context(request: HttpRequest, matter: ReviewMatter, may_pick: bool) -> dict[str, Any]:
    """What the matter page shows of its experts, and the pool to pick from when it may."""
    specialty = request.GET.get("specialty", "").strip()[:100]
    context: dict[str, Any] = {
        "expert_rows": selectors.expert_rows(matter),
        "interests": Interest.choices,
        "reveal": has_perm(request.user, Perm.VIEW_PERSONAL_DATA),
        "pool_specialty": specialty,
        "may_pick": may_pick,
    }
    if may_pick:
        context["pool"] = list(selectors.matter_pool(matter, specialty))
        context["pool_specialties"] = selectors.expert_specialties(selectors.matter_pool(matter))
    return context


def _choices(request: HttpRequest) -> list[services.ExpertChoice]:
    ids = [int(v) for v in request.POST.getlist("expert") if v.isdigit()]
    found = {e.pk: e for e in Expert.objects.visible_to(request.user).filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise ApplicationError(f"{services.SELECT}：所选专家不在本县专家库中")
    post = request.POST
    return [
        services.ExpertChoice(
            expert=found[pk],
            interest=post.get(f"interest_{pk}", ""),
            note=post.get(f"note_{pk}", ""),
        )
        for pk in dict.fromkeys(ids)
    ]


@require_perm(Perm.REVIEW_LEGALITY)
@require_POST
def matter_experts(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = selectors.matter_for(request.user, matter_id)
    back = matter.get_absolute_url() + "#experts"
    try:
        declarations = services.select_experts(
            matter=matter, actor=request.user, choices=_choices(request)
        )
    except NotAllowedError as exc:
        refused(request, exc.message)
        return redirect(back)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    engaged = [d.expert.name for d in declarations if not d.excluded]
    if engaged:
        messages.success(request, f"已选定论证专家：{'、'.join(engaged)}。意见出具后请逐一记录。")
    for declaration in declarations:
        if declaration.excluded:
            messages.warning(request, services.exclusion_message(declaration))
    return redirect(back)


@require_perm(Perm.REVIEW_LEGALITY)
@require_POST
def expert_opinion(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = selectors.declaration_for(request.user, declaration_id)

    def call() -> Any:
        return services.record_expert_opinion(
            declaration=declaration,
            actor=request.user,
            opinion=request.POST.get("opinion", ""),
            given_on=posted_date(request, "given_on", "出具日期"),
        )

    done = f"已记录专家{declaration.expert.name}的意见。"
    return run(request, call, done, declaration.matter.get_absolute_url() + "#experts")
