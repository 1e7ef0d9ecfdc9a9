"""Admin of the indicators app: manual indicators, targets and indicator systems (with their
items inline), each change audited; assessment runs and entered values read-only (they are
written by their services only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from fazhi.core import audit
from fazhi.core.admin import ADMIN_MESSAGE, AuditedAdmin
from fazhi.core.exceptions import ApplicationError
from fazhi.core.permissions import Perm, has_perm
from fazhi.indicators import figures, services, systems
from fazhi.indicators.models import (
    AssessmentRun,
    IndicatorSystem,
    ManualIndicator,
    ManualValue,
    RunStatus,
    SystemItem,
    Target,
)


@admin.register(ManualIndicator)
class ManualIndicatorAdmin(AuditedAdmin):
    list_display = ["code", "name", "unit", "direction", "is_ratio", "is_active"]
    search_fields = ["code", "name"]
    list_filter = ["is_active", "direction"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The code names the indicator in targets, schemes and runs: fixed once declared.
        return ["code"] if obj is not None else []


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["region", "indicator_code", "year", "level", "green_at", "yellow_at", "basis"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("indicator_code")
        if not code:
            return data
        try:
            meta = figures.indicator_meta(code)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc
        problem = services.threshold_problem(meta, data.get("green_at"), data.get("yellow_at"))
        if problem:
            raise forms.ValidationError(f"目标有误：{problem}")
        return data


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    form = TargetForm
    list_display = ["indicator_code", "region", "year", "level", "green_at", "yellow_at"]
    list_filter = ["year", "level"]
    search_fields = ["indicator_code", "region__name"]
    autocomplete_fields = ["region"]


class LookUpAdmin(AuditedAdmin):
    """Rows written by their services only: the admin lists and shows them, nothing more."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ManualValue)
class ManualValueAdmin(LookUpAdmin):
    """Entered on the 手工填报 page (with evidence)."""

    list_display = ["indicator", "unit", "year", "numerator", "denominator", "value"]
    list_filter = ["year", "indicator"]
    search_fields = ["unit__name", "indicator__name"]


class ItemFormSet(forms.BaseInlineFormSet):
    """The whole tree is checked before anything is saved: weights summing, rules, codes."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        system = self.instance
        frozen = system.pk and system.runs.filter(status=RunStatus.FROZEN).exists()
        if frozen and self.has_changed():
            raise forms.ValidationError("该指标体系已用于冻结的考核测评，指标项不能再修改")
        nodes = [_node(form) for form in self.forms if _kept(form)]
        total = _total(system)
        problems = systems.tree_problems(nodes, total)
        if problems:
            raise forms.ValidationError([str(p) for p in problems])


def _kept(form: Any) -> bool:
    data = getattr(form, "cleaned_data", None) or {}
    return bool(data) and not data.get("DELETE") and bool(data.get("number"))


def _node(form: Any) -> systems.Node:
    data = form.cleaned_data
    parent = data.get("parent")
    key = form.instance.pk or f"new-{form.prefix}"
    return systems.Node(
        key=key,
        parent=parent.pk if parent else None,
        number=data["number"],
        name=data.get("name", ""),
        weight=data.get("weight") or Decimal(0),
        rule=data.get("rule", ""),
        indicator_code=data.get("indicator_code", ""),
        rule_params=data.get("rule_params") or {},
    )


def _total(system: IndicatorSystem) -> Decimal:
    return system.total_points if system.total_points is not None else Decimal(100)


class ItemInline(admin.TabularInline):
    model = SystemItem
    formset = ItemFormSet
    fk_name = "system"
    extra = 3
    fields = ["number", "name", "parent", "depth", "sort_order", "weight", "indicator_code",
              "rule", "rule_params", "note"]  # fmt: skip

    # The admin's own permission rule (fazhi.core.admin): whoever may edit the system, edits
    # its items.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_perm(request.user, Perm.USE_ADMIN)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # A parent is an item of the same system (new items become parents after a save).
        if db_field.name == "parent":
            system_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            kwargs["queryset"] = SystemItem.objects.filter(system_id=system_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(IndicatorSystem)
class IndicatorSystemAdmin(AuditedAdmin):
    inlines = [ItemInline]
    list_display = ["name", "edition", "region", "level", "year", "status"]
    list_filter = ["status", "level", "year"]
    search_fields = ["name", "edition"]
    autocomplete_fields = ["region"]

    @transaction.atomic
    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Items saved with one audit line listing what was added, changed and removed."""
        before = {item.pk: audit.snapshot(item) for item in formset.queryset}
        formset.save()
        changes: dict[str, Any] = {}
        for item in formset.new_objects:
            changes[f"新增 {item.number}"] = [None, audit.snapshot(item)]
        for item, _ in formset.changed_objects:
            changes[f"修改 {item.number}"] = audit.diff(
                before.get(item.pk, {}), audit.snapshot(item)
            )
        for item in formset.deleted_objects:
            changes[f"删除 {item.number}"] = [before.get(item.pk), None]
        if changes:
            audit.record_change(
                actor=request.user,
                event=audit.Event.UPDATE,
                obj=form.instance,
                changes=changes,
                message=f"{ADMIN_MESSAGE}：修改指标项",
            )


@admin.register(AssessmentRun)
class AssessmentRunAdmin(LookUpAdmin):
    """Runs are computed, frozen and deleted on the 考核测评 pages."""

    list_display = ["__str__", "region", "level", "year", "status", "created_at"]
    list_filter = ["status", "level", "year"]
