"""Django admin for configuration tables, with every change in the audit trail.

Only configuration lives in the admin (holiday calendar, regions and units, rule settings);
business records are edited through their services and pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from fazhi.core import audit
from fazhi.core.permissions import Perm, has_perm


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes are audited, open to users holding `perm`."""

    perm: Perm = Perm.USE_ADMIN

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_perm(request.user, self.perm)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_perm(request.user, self.perm)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return has_perm(request.user, self.perm)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_perm(request.user, self.perm)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_perm(request.user, self.perm)

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        if hasattr(obj, "version") and change:
            type(obj)._default_manager.filter(pk=obj.pk).update(version=models.F("version") + 1)
        after = audit.snapshot(obj)
        audit.record_change(
            actor=request.user,
            event=audit.Event.UPDATE if change else audit.Event.CREATE,
            obj=obj,
            changes=audit.diff(before, after),
            message="配置后台",
        )

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        values = audit.snapshot(obj)
        audit.record_change(
            actor=request.user,
            event=audit.Event.DELETE,
            obj=obj,
            changes={k: [v, None] for k, v in values.items()},
            message="配置后台",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


def _has_permission(request: HttpRequest) -> bool:
    return has_perm(request.user, Perm.USE_ADMIN)


admin.site.has_permission = _has_permission  # type: ignore[method-assign]
