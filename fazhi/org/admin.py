"""Configuration pages for regions and units (Django admin, Perm.USE_ADMIN), every save audited.

Accounts and roles are not here: they have their own pages, where 三权分立 is enforced.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from fazhi.core.admin import AuditedAdmin
from fazhi.org.models import Region, Unit
from fazhi.org.services import region_parent_problem, repath_subtree


class RegionAdminForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level, parent = data.get("level"), data.get("parent")
        if not level:
            return data
        if parent is not None and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError("上级区划不能是本区划或其下级区划")
        problem = region_parent_problem(level, parent.level if parent else None, str(parent))
        if problem:
            self.add_error("parent", problem)
        return data


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    form = RegionAdminForm
    list_display = ["code", "name", "level", "parent", "path"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]
    list_per_page = 100

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The path follows the parent; a moved region takes its whole subtree with it.
        obj._old_path = Region.objects.get(pk=obj.pk).path if change else ""
        obj.path = obj.compute_path()
        super().save_model(request, obj, form, change)

    def before_audit(self, request: HttpRequest, obj: Any) -> None:
        # Data first, audit row last (the audit append takes the chain lock).
        old_path = getattr(obj, "_old_path", "")
        if old_path and old_path != obj.path:
            repath_subtree(old_path, obj.path)


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "short_name",
        "kind",
        "region",
        "parent",
        "oversees_region",
        "is_active",
    ]
    list_filter = ["kind", "oversees_region", "is_active", "region__level"]
    search_fields = ["code", "name", "short_name"]
    readonly_fields = ["version"]
    autocomplete_fields = ["region", "parent"]
    list_select_related = ["region", "parent"]
    list_per_page = 100
