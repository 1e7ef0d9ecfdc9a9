"""Matters: a unit's submissions, the reviewer's queue, a matter's page, its files and letter."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import audit, paging
from fazhi.core.deadlines import due_date_or_none
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.http import DOCX_CONTENT_TYPE, attachment
from fazhi.core.pages import posted_version, refused, run
from fazhi.core.permissions import Perm, has_perm, require_perm
from fazhi.org.models import Unit
from fazhi.rectify import selectors as rectify_selectors
from fazhi.rectify import uploads
from fazhi.review import deadlines, letter, policies, selectors
from fazhi.review.forms import MatterEditForm, MatterForm
from fazhi.review.models import (
    CatalogEntry,
    CatalogMaterial,
    Conclusion,
    ConsultKind,
    DocKind,
    IssueCategory,
    Level,
    MatterType,
    ReviewMatter,
)
from fazhi.review.services import reviewing, submission
from fazhi.review.views import experts
from fazhi.review.views.common import user_of
from fazhi.review.workflow import Action, Edit, Status

PAGE_SIZE = 50


@require_perm(Perm.VIEW_BUSINESS)
def matter_list(request: HttpRequest) -> HttpResponse:
    get = request.GET
    year = get.get("year", "")
    flt = selectors.MatterFilter(
        status=get.get("status", ""),
        matter_type=get.get("type", ""),
        level=get.get("level", "") if get.get("level") in Level.values else "",
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        query=get.get("q", "").strip()[:50],
        mine=get.get("mine") == "1",
    )
    page = Paginator(selectors.matter_list(request.user, flt), PAGE_SIZE).get_page(get.get("page"))
    context = {
        "page_obj": page,
        "filter": flt,
        "statuses": list(Status),
        "types": list(MatterType),
        "levels": list(Level),
        "can_create": has_perm(request.user, Perm.EDIT_BUSINESS) and user_of(request).unit_id,
        "querystring_without_page": paging.page_link_prefix(request),
    }
    return render(request, "review/matter_list.html", context)


@require_perm(Perm.REVIEW_LEGALITY)
def queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    matters = list(selectors.review_queue(request.user)[:300])
    rows = [{"matter": m, "due": deadlines.review_due_item(m, today)} for m in matters]
    context = {"rows": rows, "counts": selectors.queue_counts(request.user, today)}
    return render(request, "review/queue.html", context)


def _create_form(request: HttpRequest, data: Any = None) -> MatterForm:
    unit = user_of(request).unit
    entries = selectors.entries_for_unit(unit)
    units = policies.review_unit_options(unit, MatterType.ENFORCEMENT)
    return MatterForm(data, entries=entries, review_units=units)


@require_perm(Perm.EDIT_BUSINESS)
def matter_create(request: HttpRequest) -> HttpResponse:
    if user_of(request).unit is None:
        raise Http404("未设置所在单位")
    try:
        form = _create_form(request, request.POST if request.method == "POST" else None)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("review:matters")
    if request.method == "POST" and form.is_valid():
        try:
            matter = submission.create_matter(actor=request.user, **_create_values(request, form))
        except NotAllowedError as exc:
            refused(request, exc.message)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已登记送审事项。请上传送审稿和所需材料后提交送审。")
            return redirect(matter.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form}
    return render(request, "review/matter_form.html", context, status=status)


def _create_values(request: HttpRequest, form: MatterForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    county = policies.county_of(user_of(request).unit)
    entry = CatalogEntry.objects.filter(pk=data.pop("catalog_entry"), region=county).first()
    if entry is None:
        raise ApplicationError("登记送审事项：请从本县审查事项目录中选择事项类型")
    data["catalog_entry"] = entry
    data["review_unit"] = Unit.objects.filter(pk=data.pop("review_unit")).first()
    return data


@require_perm(Perm.EDIT_BUSINESS)
def entry_materials(request: HttpRequest) -> HttpResponse:
    """htmx: the materials (and time limit) of the catalog entry chosen on the create form."""
    entry_id = request.GET.get("catalog_entry", "")
    entry = None
    if entry_id.isdigit() and user_of(request).unit is not None:
        entry = selectors.entries_for_unit(user_of(request).unit).filter(pk=int(entry_id)).first()
    limit = None
    if entry is not None:
        limit = entry.time_limit or deadlines.default_limit(entry.matter_type)
    context = {"entry": entry, "limit": limit}
    return render(request, "review/_entry_materials.html", context)


@require_perm(Perm.VIEW_BUSINESS)
def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = selectors.matter_for(request.user, matter_id)
    return render(request, "review/matter_detail.html", _detail_context(request, matter))


def _detail_context(request: HttpRequest, matter: ReviewMatter) -> dict[str, Any]:
    user, today = request.user, timezone.localdate()
    documents = list(matter.documents.select_related("uploaded_by", "material"))
    can = {a.value: policies.can(user, matter, a) for a in Action if a in _ACTIONS}
    edit = {e.value: policies.can_edit(user, matter, e) for e in Edit}
    return {
        "matter": matter,
        "due": deadlines.review_due_item(matter, today),
        "drafts": [d for d in documents if d.kind == DocKind.DRAFT],
        "finals": [d for d in documents if d.kind == DocKind.FINAL],
        "checklist": selectors.checklist(matter),
        "missing": selectors.missing_materials(matter) if matter.status in _CHECKED else [],
        "issues": list(matter.issues.select_related("answered_by")),
        "consultations": list(matter.consultations.all()),
        "events": list(matter.events.select_related("actor")),
        "rectify_items": list(rectify_selectors.items_for_source(matter)),
        "can": can,
        "edit": edit,
        "reviewers": reviewing.eligible_reviewers(matter) if can["accept"] or can["assign"] else [],
        "categories": IssueCategory.choices,
        "conclusions": Conclusion.choices,
        "consult_kinds": ConsultKind.choices,
        "rectify_due": due_date_or_none(deadlines.CONTRACT_RECTIFY, today),
        "max_mb": uploads.max_bytes() // 1024 // 1024,
        "show_letter": policies.can_read_letter(user, matter),
        **experts.matter_context(request, matter, edit[Edit.CONSULTATION.value]),
    }


_ACTIONS = {
    Action.SUBMIT,
    Action.RETURN,
    Action.ACCEPT,
    Action.ASSIGN,
    Action.OPINION,
    Action.REVISE,
    Action.SIGN,
    Action.CLOSE,
    Action.WITHDRAW,
}
_CHECKED = {Status.DRAFT, Status.SUBMITTED, Status.RETURNED}


@require_perm(Perm.EDIT_BUSINESS)
def matter_edit(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = selectors.matter_for(request.user, matter_id)
    if request.method != "POST":
        initial = {f: getattr(matter, f) for f in MatterEditForm.base_fields if f != "version"}
        form = MatterEditForm(initial={**initial, "version": matter.version})
        return render(request, "review/matter_edit.html", {"matter": matter, "form": form})
    form = MatterEditForm(request.POST)
    if form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            submission.update_details(
                matter=matter,
                actor=request.user,
                expected_version=posted_version(request),
                changes=changes,
            )
        except NotAllowedError as exc:
            refused(request, exc.message)
            return redirect(matter.get_absolute_url())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存送审信息。")
            return redirect(matter.get_absolute_url())
    return render(request, "review/matter_edit.html", {"matter": matter, "form": form}, status=400)


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def matter_upload(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = selectors.matter_for(request.user, matter_id)
    material_id = request.POST.get("material", "")
    material = None
    if material_id.isdigit():
        material = CatalogMaterial.objects.filter(
            pk=int(material_id), entry_id=matter.catalog_entry_id
        ).first()

    def call() -> Any:
        return submission.add_document(
            matter=matter,
            actor=request.user,
            kind=request.POST.get("kind", ""),
            upload=request.FILES.get("file"),
            material=material,
        )

    return run(request, call, "文件已上传。", matter.get_absolute_url() + "#documents")


@require_perm(Perm.VIEW_BUSINESS)
def document_download(request: HttpRequest, doc_id: int) -> Any:  # a FileResponse
    document = selectors.document_for(request.user, doc_id)
    return uploads.file_response(
        name=document.file.name,
        original_name=document.original_name,
        content_type=document.content_type,
    )


@require_perm(Perm.EDIT_BUSINESS)
@require_POST
def document_delete(request: HttpRequest, doc_id: int) -> HttpResponse:
    document = selectors.document_for(request.user, doc_id)
    url = document.matter.get_absolute_url() + "#documents"

    def call() -> None:
        submission.delete_document(document=document, actor=request.user)

    return run(request, call, f"已删除“{document.original_name}”。", url)


@require_perm(Perm.VIEW_BUSINESS)
def opinion_letter(request: HttpRequest, matter_id: int) -> HttpResponse:
    """The Word 审查意见书: after sign-off for both sides, before it for the reviewers only."""
    matter = selectors.matter_for(request.user, matter_id)
    if not policies.can_read_letter(request.user, matter):
        raise Http404("审查意见书尚未签发")
    signed = matter.status in (Status.SIGNED, Status.CLOSED)
    audit.record_security(
        event=audit.Event.EXPORT,
        user=request.user,
        obj=matter,
        message=f"下载合法性审查意见书{'' if signed else '（草稿）'}：{matter.number}",
    )
    name = f"合法性审查意见书-{matter.number}{'' if signed else '-草稿'}.docx"
    return attachment(letter.opinion_letter(matter), filename=name, content_type=DOCX_CONTENT_TYPE)
