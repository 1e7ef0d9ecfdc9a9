"""The catalog line form (目录事项), used to compile a catalog, to propose an adjustment and to
register a decision made outside the catalog. Its checks are `items.problems`, run by the
services; the form only parses."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from fazhi.decisions.items import COLUMNS, NEED_COLUMNS, PLAN_COLUMNS, ItemData, parse_month
from fazhi.decisions.models import Category, Decision, DecisionCatalog
from fazhi.decisions.workflow import OPTIONAL_STAGES, PLANNED_STAGES, AdjustmentKind
from fazhi.org.models import Unit

MONTH = forms.TextInput(attrs={"type": "month", "class": "form-control form-control-sm"})
SMALL = {"class": "form-control form-control-sm"}
CHECK = forms.CheckboxInput(attrs={"class": "form-check-input"})


class ItemForm(forms.Form):
    title = forms.CharField(label=COLUMNS["title"], max_length=200, widget=forms.TextInput(SMALL))
    category = forms.ChoiceField(
        label=COLUMNS["category"],
        choices=Category.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    decision_unit = forms.ModelChoiceField(
        label=COLUMNS["decision_unit"],
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    host_unit = forms.ModelChoiceField(
        label=COLUMNS["host_unit"],
        queryset=Unit.objects.none(),
        error_messages={"required": "请选择承办单位"},
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    legal_basis = forms.CharField(
        label=COLUMNS["legal_basis"],
        required=False,
        widget=forms.Textarea({**SMALL, "rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, catalog: DecisionCatalog, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        for name in ("decision_unit", "host_unit"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = units
        for stage, flag in OPTIONAL_STAGES.items():
            self.fields[flag] = forms.BooleanField(
                label=NEED_COLUMNS[stage], required=False, widget=CHECK
            )
        for stage, name in PLANNED_STAGES.items():
            self.fields[name] = forms.CharField(
                label=PLAN_COLUMNS[stage], required=False, widget=MONTH
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in PLANNED_STAGES.values():
            try:
                cleaned[name] = parse_month(cleaned.get(name), self.catalog.year)
            except ValueError as exc:
                self.add_error(name, str(exc))
        return cleaned

    def item(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            title=data["title"],
            host_unit=data["host_unit"],
            decision_unit=data["decision_unit"],
            category=data["category"],
            legal_basis=data.get("legal_basis", ""),
            needs={stage: bool(data.get(flag)) for stage, flag in OPTIONAL_STAGES.items()},
            plans={stage: data.get(name) for stage, name in PLANNED_STAGES.items()},
        )

    @classmethod
    def initial_for(cls, decision: Decision | None, government: Unit | None) -> dict[str, Any]:
        if decision is None:
            return {"decision_unit": government, "needs_participation": True}
        values: dict[str, Any] = {
            "title": decision.title,
            "category": decision.category,
            "decision_unit": decision.decision_unit_id,
            "host_unit": decision.host_unit_id,
            "legal_basis": decision.legal_basis,
            "version": decision.version,
        }
        values.update({flag: getattr(decision, flag) for flag in OPTIONAL_STAGES.values()})
        for name in PLANNED_STAGES.values():
            day = getattr(decision, name)
            values[name] = f"{day:%Y-%m}" if day else ""
        return values

    def main_fields(self) -> list[Any]:
        return [self[name] for name in ("title", "category", "decision_unit", "host_unit")]

    def plan_fields(self) -> list[Any]:
        return [self[name] for name in PLANNED_STAGES.values()]

    def need_fields(self) -> list[Any]:
        return [self[flag] for flag in OPTIONAL_STAGES.values()]


class AdjustmentForm(ItemForm):
    """A proposed adjustment: what kind, which line, why, and (to add or change) the line."""

    kind = forms.ChoiceField(
        label="调整类型",
        choices=AdjustmentKind.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    decision = forms.ModelChoiceField(
        label="调整的事项",
        queryset=Decision.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    reason = forms.CharField(label="调整理由", widget=forms.Textarea({**SMALL, "rows": 2}))

    def __init__(self, *args: Any, lines: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["decision"]).queryset = lines
        if self.data.get("kind") == AdjustmentKind.REMOVE:
            for name in ("title", "decision_unit", "host_unit", "category"):
                self.fields[name].required = False
