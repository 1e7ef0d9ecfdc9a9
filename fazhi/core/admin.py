"""Django admin for configuration tables, with every change in the audit trail.

Only configuration lives in the admin (holiday calendar, regions and units, rule settings);
business records are edited through their services and pages.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse

from fazhi.core import audit, calendar, deadlines, stamp
from fazhi.core.exceptions import StaleRecordError
from fazhi.core.models import CalendarDay, CalendarYear, DeadlineRuleOverride
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import versioned_update

ADMIN_MESSAGE = "配置后台"


class LoadedVersionForm(forms.ModelForm):
    """The version the form was loaded with travels in a hidden field; a POST made from an older
    copy is refused with the user's input shown back (issue 2 part 13)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["loaded_version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # On a POST the instance is the stored row as it is now.
        if self.instance.pk is not None and data.get("loaded_version") != self.instance.version:
            raise forms.ValidationError(StaleRecordError().message, code="stale")
        return data


def _versioned(model: type[models.Model]) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes are audited, open to users holding `perm`.

    For a model with a `version`, a change is saved through `versioned_update` with the version
    the form was loaded with: of two users saving the same record, the second is refused.
    Every write stores its data first and its audit row last (see fazhi/core/services.py).
    """

    perm: Perm = Perm.USE_ADMIN

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)
        if _versioned(model) and not issubclass(self.form, LoadedVersionForm):
            self.form = type(self.form.__name__, (LoadedVersionForm, self.form), {})

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        # Declared `fields` or `fieldsets` leave the hidden version out: put it back, or every
        # save would look stale.
        fieldsets = super().get_fieldsets(request, obj)
        if not _versioned(self.model) or "loaded_version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_version"]}), *rest]

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

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError:
            # Another save landed between this form's check and its own (rolled back): the form
            # built again from the stored row now fails its check and shows the user's input.
            return super().changeform_view(request, object_id, form_url, extra_context)

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        if change and _versioned(type(obj)):
            changes = {
                field.name: form.cleaned_data[field.name]
                for field in type(obj)._meta.concrete_fields
                if field.name in form.cleaned_data
            }
            versioned_update(
                obj,
                expected_version=form.cleaned_data["loaded_version"],
                changes=changes,
                actor=request.user,
                message=ADMIN_MESSAGE,
            )
            return
        before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        self.before_audit(request, obj)
        audit.record_change(
            actor=request.user,
            event=audit.Event.UPDATE if change else audit.Event.CREATE,
            obj=obj,
            changes=audit.diff(before, audit.snapshot(obj)),
            message=ADMIN_MESSAGE,
        )

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        ref, values = audit.ObjectRef.of(obj), audit.snapshot(obj)
        super().delete_model(request, obj)
        self.before_audit(request, obj)
        audit.record_change(
            actor=request.user,
            event=audit.Event.DELETE,
            obj=ref,
            changes={k: [v, None] for k, v in values.items()},
            message=ADMIN_MESSAGE,
        )

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def before_audit(self, request: HttpRequest, obj: models.Model) -> None:
        """Writes that belong to the change, after its data and before its audit row (not
        called for a versioned model's change, which `versioned_update` records itself)."""


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
        day = data.get("date") or self.instance.date
        if day and data.get("kind"):
            entry = calendar.DayEntry(day, data["kind"], data.get("name", ""))
            problem = calendar.entry_problem(entry)
            if problem:
                raise forms.ValidationError(problem)
            if not CalendarYear.objects.filter(year=entry.date.year).exists():
                raise forms.ValidationError(f"{entry.date.year} 年节假日安排未录入，请先录入该年度")
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    """Only the source and note can be changed here. A year is entered whole (all its days) on
    the calendar page or with `fazhi enter_calendar_year`, and deleted whole on the page: a
    year row without its days would pass for a plain Monday-to-Friday year."""

    perm = Perm.EDIT_CALENDAR
    fields = ["year", "source", "note"]
    readonly_fields = ["year"]
    list_display = ["year", "source", "updated_at"]
    search_fields = ["source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    """Days are added, changed and deleted through the calendar's services, as on the page."""

    perm = Perm.EDIT_CALENDAR
    form = CalendarDayAdminForm
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["date"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            calendar.change_day(actor=request.user, day=obj, kind=obj.kind, name=obj.name)
        else:
            added = calendar.add_day(
                actor=request.user, date=obj.date, kind=obj.kind, name=obj.name
            )
            obj.pk = added.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        calendar.delete_day(actor=request.user, day=obj)


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

    def before_audit(self, request: HttpRequest, obj: models.Model) -> None:
        stamp.bump()  # every process's due dates follow at their next computation
