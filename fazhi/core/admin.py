"""Django admin for configuration tables, with every change in the audit trail.

Only configuration lives in the admin (holiday calendar, regions and units, rule settings);
business records are edited through their services and pages.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from fazhi.core import audit, calendar, deadlines
from fazhi.core.models import CalendarDay, CalendarYear, DeadlineRuleOverride
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


# --- Holiday calendar and deadline rule overrides (issue 2, parts 8 and 9) -------------------
# The admin is the fallback; the calendar page (/calendar/) is the everyday place to edit.


class CalendarDayAdminForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("kind"):
            entry = calendar.DayEntry(data["date"], data["kind"], data.get("name", ""))
            problem = calendar.entry_problem(entry)
            if problem:
                raise forms.ValidationError(problem)
            if not CalendarYear.objects.filter(year=entry.date.year).exists():
                raise forms.ValidationError(f"{entry.date.year} 年节假日安排未录入，请先录入该年度")
        return data


class CalendarAdmin(AuditedAdmin):
    """Every change clears the calendar cache, so the next computation sees it."""

    perm = Perm.EDIT_CALENDAR

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        calendar.invalidate()

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        super().delete_model(request, obj)
        calendar.invalidate()


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    list_display = ["year", "source", "updated_at"]
    search_fields = ["source"]


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarAdmin):
    form = CalendarDayAdminForm
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


class DeadlineRuleOverrideForm(forms.ModelForm):
    rule_key = forms.ChoiceField(label="期限规则")

    class Meta:
        model = DeadlineRuleOverride
        fields = ["rule_key", "count", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = [rule for rule in deadlines.all_rules() if rule.unconfirmed]
        field = cast(forms.ChoiceField, self.fields["rule_key"])
        field.choices = [
            (rule.key, f"{rule.name}（{rule.describe()}，{rule.basis}）") for rule in rules
        ]


@admin.register(DeadlineRuleOverride)
class DeadlineRuleOverrideAdmin(AuditedAdmin):
    """Only rules marked unconfirmed can be chosen; statutory periods stay as coded."""

    form = DeadlineRuleOverrideForm
    list_display = ["rule_key", "count", "reason", "updated_at"]

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(deadlines.clear_override_cache)
        deadlines.clear_override_cache()

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(deadlines.clear_override_cache)
        deadlines.clear_override_cache()
