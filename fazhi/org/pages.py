"""Pages of the organisation tree, its units, people and roles, and the Excel import.

Thin views: parse the request, call one selector or service, render. Scoping lives in
`fazhi.org.selectors` (404 outside the user's part of the tree), rules in `fazhi.org.services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from fazhi.core import paging
from fazhi.core.exceptions import ApplicationError, StaleRecordError
from fazhi.core.http import attachment
from fazhi.core.permissions import Perm, deny, has_perm, require_perm
from fazhi.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from fazhi.org import selectors, services
from fazhi.org.exporters import org_tree_export, template_workbook
from fazhi.org.forms_admin import RoleForm, UnitEditForm, UploadForm, UserCreateForm
from fazhi.org.importers import (
    discard_upload,
    org_tree_import,
    stage_upload,
    staged_upload,
)
from fazhi.org.models import Unit, UnitKind
from fazhi.org.roles import ADMIN_ROLES, BUSINESS_ROLES, Role

STAGED_KEY = "org_import_staged"
PAGE_SIZE = 50


class HtmxRequest(HttpRequest):
    """For annotations only: the request as django-htmx's middleware leaves it."""

    htmx: HtmxDetails


def _refused(request: HttpRequest, exc: services.NotAllowedError) -> None:
    """A policy refusal from a service: audited as a denied access, and shown to the user on
    the page instead of a 403 (so the 403 `deny` returns is not raised)."""
    deny(request, exc.message)
    messages.error(request, exc.message)


def _posted(request: HttpRequest) -> Any:
    """The POST data for a bound form (an empty POST still binds it), None on GET."""
    return request.POST if request.method == "POST" else None


def _form_errors(form: Any, exc: ValidationError) -> None:
    """Attach a model ValidationError to the form, on a field it has or on the whole form."""
    details = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, errors in details.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


# --- the tree -------------------------------------------------------------------------------


@require_perm(Perm.VIEW_ORG)
def tree(request: HtmxRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    results = selectors.search_org(request.user, query) if query else None
    context: dict[str, Any] = {"query": query, "results": results}
    if request.htmx and request.htmx.target == "org-search-results":
        return render(request, "org/_search_results.html", context)
    context["roots"] = selectors.tree_roots(request.user)
    context["can_manage"] = has_perm(request.user, Perm.MANAGE_ORG)
    return render(request, "org/tree.html", context)


@require_perm(Perm.VIEW_ORG)
def region_children(request: HttpRequest, region_code: str) -> HttpResponse:
    region = selectors.region_for(request.user, region_code)
    branch = selectors.region_branch(request.user, region)
    return render(request, "org/_region_children.html", {"branch": branch})


@require_perm(Perm.VIEW_ORG)
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.unit_for(request.user, code)
    context = {
        "unit": unit,
        "region_label": selectors.region_labels([unit.region.path])[unit.region.path],
        "sub_units": selectors.org_units(request.user).filter(parent=unit),
        "people": selectors.unit_people(unit),
        "can_edit": has_perm(request.user, Perm.MANAGE_ORG),
    }
    return render(request, "org/unit_detail.html", context)


def _stored_values(unit: Unit) -> dict[str, str]:
    return {
        "name": unit.name,
        "short_name": unit.short_name or "（空）",
        "kind": UnitKind(unit.kind).label,
        "parent": unit.parent.name if unit.parent else "（无）",
        "oversees_region": "是" if unit.oversees_region else "否",
        "is_active": "是" if unit.is_active else "否",
        "sort_order": str(unit.sort_order),
    }


@require_perm(Perm.MANAGE_ORG)
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.unit_for(request.user, code)
    if request.method != "POST":
        form = UnitEditForm(user=request.user, unit=unit)
        return render(request, "org/unit_edit.html", _edit_context(unit, form))
    form = UnitEditForm(request.POST, user=request.user, unit=unit)
    if form.is_valid():
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
            )
        except StaleRecordError as exc:
            return _stale_unit_form(request, unit, exc)
        except services.NotAllowedError as exc:
            _refused(request, exc)
            return render(request, "org/unit_edit.html", _edit_context(unit, form), status=403)
        except ValidationError as exc:
            _form_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存“{unit.code}”的修改。")
            return redirect(unit.get_absolute_url())
    return render(request, "org/unit_edit.html", _edit_context(unit, form), status=400)


def _edit_context(unit: Unit, form: UnitEditForm) -> dict[str, Any]:
    return {"unit": unit, "form": form, "rows": _edit_rows(form)}


def _stale_unit_form(request: HttpRequest, unit: Unit, exc: StaleRecordError) -> HttpResponse:
    """Someone saved first: keep this user's input, show the stored values beside it.

    The form now carries the stored version, so saving again (after comparing) is a deliberate
    choice made with the other person's change in view.
    """
    current = Unit.objects.select_related("parent").get(pk=unit.pk)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = UnitEditForm(data, user=request.user, unit=current)
    form.is_valid()
    context = {
        "unit": current,
        "form": form,
        "stale": exc.message,
        "rows": _edit_rows(form, current),
    }
    return render(request, "org/unit_edit.html", context, status=409)


def _edit_rows(form: UnitEditForm, current: Unit | None = None) -> list[dict[str, Any]]:
    """Each field of the form; after a conflict with the stored value and whether it differs."""
    stored = _stored_values(current) if current is not None else {}
    cleaned = getattr(form, "cleaned_data", {})
    return [
        {
            "field": field,
            "stored": stored.get(field.name, ""),
            "differs": current is not None
            and cleaned.get(field.name, object()) != getattr(current, field.name),
        }
        for field in form.visible_fields()
    ]


# --- Excel import and export ----------------------------------------------------------------


@require_perm(Perm.MANAGE_ORG)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload, then a dry run: counts and the error table; nothing is written yet."""
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if not posted or not form.is_valid():
        return render(request, "org/import.html", {"form": form}, status=400 if posted else 200)
    data, filename = form.data_bytes, form.cleaned_data["file"].name
    result = org_tree_import(data=data, actor=request.user, dry_run=True, filename=filename)
    context: dict[str, Any] = {"form": UploadForm(), "result": result, "filename": filename}
    if result.ok:
        token = stage_upload(data)
        request.session[STAGED_KEY] = {"token": token, "filename": filename}
        context["token"] = token
    return render(request, "org/import.html", context, status=200 if result.ok else 400)


@require_perm(Perm.MANAGE_ORG)
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Write the previewed file (validated again: the tree may have changed meanwhile)."""
    staged = request.session.get(STAGED_KEY) or {}
    token = request.POST.get("token", "")
    data = staged_upload(token) if staged.get("token") == token else None
    if data is None:
        messages.error(request, "预览已过期或文件不存在，请重新上传。")
        return redirect("org:import")
    filename = staged.get("filename", "")
    result = org_tree_import(data=data, actor=request.user, dry_run=False, filename=filename)
    if not result.ok:
        context = {"form": UploadForm(), "result": result, "filename": filename}
        return render(request, "org/import.html", context, status=400)
    discard_upload(token)
    request.session.pop(STAGED_KEY, None)
    messages.success(request, f"导入完成。{result.summary()}")
    return redirect("org:tree")


@require_perm(Perm.MANAGE_ORG)
def import_template(request: HttpRequest) -> HttpResponse:
    content = template_workbook()
    return attachment(content, filename="组织机构导入模板.xlsx", content_type=XLSX_CONTENT_TYPE)


@require_perm(Perm.MANAGE_ORG)
def export_tree(request: HttpRequest) -> HttpResponse:
    content = org_tree_export(actor=request.user)
    return attachment(content, filename="组织机构.xlsx", content_type=XLSX_CONTENT_TYPE)


# --- people and roles -----------------------------------------------------------------------


@require_perm(Perm.VIEW_ORG)
def user_list(request: HttpRequest) -> HttpResponse:
    get = request.GET
    flt = selectors.UserFilter(
        query=get.get("q", "").strip()[:50],
        unit=get.get("unit", "").strip()[:32],
        role=get.get("role", "") if get.get("role") in Role.values else "",
        status=get.get("status", "") if get.get("status") in ("active", "inactive") else "",
    )
    page = Paginator(selectors.user_list(request.user, flt), PAGE_SIZE).get_page(get.get("page"))
    page.object_list = selectors.prime_roles(page.object_list)
    context = {
        "page_obj": page,
        "filter": flt,
        "units": selectors.org_units(request.user).only("code", "name"),
        "roles": list(Role),
        "querystring_without_page": paging.page_link_prefix(request),
        "can_create": has_perm(request.user, Perm.MANAGE_USERS),
    }
    return render(request, "org/user_list.html", context)


def _user_context(request: HttpRequest, target: Any, **extra: Any) -> dict[str, Any]:
    actor = request.user
    # Neither administrator acts on itself or on an administrator account (services refuse it).
    open_to_admins = target.pk != actor.pk and not target.role_set() & ADMIN_ROLES
    return {
        "target": target,
        "can_manage": open_to_admins and has_perm(actor, Perm.MANAGE_USERS),
        "can_assign": open_to_admins and has_perm(actor, Perm.ASSIGN_ROLES),
        "can_reveal": _may_reveal(actor),
        **extra,
    }


def _may_reveal(user: Any) -> bool:
    return has_perm(user, Perm.VIEW_PERSONAL_DATA) or has_perm(user, Perm.MANAGE_USERS)


@require_perm(Perm.VIEW_ORG)
def user_detail(request: HttpRequest, username: str) -> HttpResponse:
    target = selectors.user_for(request.user, username)
    selectors.prime_roles([target])
    return render(request, "org/user_detail.html", _user_context(request, target))


@require_perm(Perm.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            target, password = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            context = {"target": target, "password": password, "created": True}
            return render(request, "org/user_password.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "org/user_form.html", {"form": form}, status=status)


def _set_active(request: HttpRequest, username: str, active: bool) -> HttpResponse:
    target = selectors.user_for(request.user, username)
    try:
        services.user_set_active(actor=request.user, user=target, active=active)
    except services.NotAllowedError as exc:
        _refused(request, exc)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{'启用' if active else '停用'}账号 {target.username}。")
    return redirect(target.get_absolute_url())


@require_perm(Perm.MANAGE_USERS)
@require_POST
def user_disable(request: HttpRequest, username: str) -> HttpResponse:
    return _set_active(request, username, active=False)


@require_perm(Perm.MANAGE_USERS)
@require_POST
def user_enable(request: HttpRequest, username: str) -> HttpResponse:
    return _set_active(request, username, active=True)


@require_perm(Perm.MANAGE_USERS)
@require_POST
def user_reset_password(request: HttpRequest, username: str) -> HttpResponse:
    target = selectors.user_for(request.user, username)
    try:
        password = services.user_reset_password(actor=request.user, user=target)
    except services.NotAllowedError as exc:
        _refused(request, exc)
        return redirect(target.get_absolute_url())
    return render(request, "org/user_password.html", {"target": target, "password": password})


@require_perm(Perm.ASSIGN_ROLES)
def user_roles(request: HttpRequest, username: str) -> HttpResponse:
    target = selectors.user_for(request.user, username)
    selectors.prime_roles([target])
    current = [r for r in target.role_set() if r in BUSINESS_ROLES]
    form = RoleForm(_posted(request), initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_roles(
                actor=request.user, user=target, roles=form.cleaned_data["roles"]
            )
        except services.NotAllowedError as exc:
            _refused(request, exc)
            form.add_error(None, exc.message)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已更新 {target.username} 的角色。")
            return redirect(target.get_absolute_url())
    status = 400 if form.errors else 200
    context = _user_context(request, target, form=form)
    return render(request, "org/user_roles.html", context, status=status)


@require_POST
def user_phone(request: HtmxRequest, username: str) -> HttpResponse:
    """ "显示完整": the full phone number, for roles that need it; each view is audited."""
    if not _may_reveal(request.user):
        raise deny(request, f"缺少权限“{Perm.VIEW_PERSONAL_DATA.label}”")
    target = selectors.user_for(request.user, username)
    phone = selectors.reveal_phone(actor=request.user, user=target)
    if request.htmx:
        return render(request, "org/_phone.html", {"target": target, "phone": phone})
    selectors.prime_roles([target])
    return render(request, "org/user_detail.html", _user_context(request, target, phone=phone))
