"""Forms of the review pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.review.models import DocStatus, MatterType

SM = {"class": "form-control form-control-sm"}
SEL = {"class": "form-select form-select-sm"}


def _text(
    label: str, *, rows: int = 2, required: bool = False, max_length: int = 4000
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={**SM, "rows": rows}),
    )


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={**SM, "type": "date"})
    )


def _choices(form: forms.Form, name: str, choices: Any) -> None:
    field: Any = form.fields[name]
    field.choices = choices


class VersionedForm(forms.Form):
    """A form that carries the record version it was loaded with (read back by
    `fazhi.core.pages.posted_version`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MatterForm(forms.Form):
    catalog_entry = forms.TypedChoiceField(
        label="事项类型（审查目录）", coerce=int, widget=forms.Select(attrs=SEL)
    )
    review_unit = forms.TypedChoiceField(
        label="审查单位", coerce=int, widget=forms.Select(attrs=SEL)
    )
    title = forms.CharField(label="事项名称", max_length=200, widget=forms.TextInput(attrs=SM))
    legal_basis = _text("法律依据", rows=3)
    procedure_note = _text("已履行程序说明", rows=3)
    description = _text("送审说明", rows=2)

    def __init__(self, *args: Any, entries: Any, review_units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = [(e.pk, f"{e.get_matter_type_display()}｜{e.name}") for e in entries]
        _choices(self, "catalog_entry", [("", "请选择"), *labels])
        _choices(self, "review_unit", [(u.pk, u.name) for u in review_units])


class MatterEditForm(VersionedForm):
    title = forms.CharField(label="事项名称", max_length=200, widget=forms.TextInput(attrs=SM))
    legal_basis = _text("法律依据", rows=3)
    procedure_note = _text("已履行程序说明", rows=3)
    description = _text("送审说明", rows=2)


class CatalogEntryForm(VersionedForm):
    name = forms.CharField(
        label="事项名称", max_length=100, required=False, widget=forms.TextInput(attrs=SM)
    )
    description = _text("范围说明", rows=2)
    time_limit = forms.IntegerField(
        label="审查时限（工作日）",
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs=SM),
    )
    is_contract = forms.BooleanField(
        label="属于合同类事项（发现问题时转入整改台账）", required=False
    )
    mandatory = forms.BooleanField(label="应审事项", required=False)
    is_active = forms.BooleanField(label="在用", required=False)
    required_materials = _text("必备材料（每行一项）", rows=4)
    optional_materials = _text("可选材料（每行一项）", rows=2)


class CatalogAddForm(forms.Form):
    level = forms.ChoiceField(label="审查层级", choices=(), widget=forms.Select(attrs=SEL))
    matter_type = forms.ChoiceField(
        label="事项类型", choices=MatterType.choices, widget=forms.Select(attrs=SEL)
    )
    name = forms.CharField(
        label="事项名称", max_length=100, required=False, widget=forms.TextInput(attrs=SM)
    )
    time_limit = forms.IntegerField(
        label="审查时限（工作日）",
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs=SM),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from fazhi.review.models import Level

        super().__init__(*args, **kwargs)
        _choices(self, "level", Level.choices)


class NormDocForm(forms.Form):
    unit = forms.TypedChoiceField(label="制定机关", coerce=int, widget=forms.Select(attrs=SEL))
    title = forms.CharField(
        label="文件名称", max_length=200, required=False, widget=forms.TextInput(attrs=SM)
    )
    doc_number = forms.CharField(
        label="文号", max_length=60, required=False, widget=forms.TextInput(attrs=SM)
    )
    published_on = _date("发布日期", required=False)
    effective_on = _date("实施日期", required=False)
    expires_on = _date("有效期至", required=False)
    matter = forms.TypedChoiceField(
        label="合法性审查事项",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=SEL),
    )

    def __init__(self, *args: Any, units: Any, matters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "unit", [(u.pk, u.name) for u in units])
        _choices(self, "matter", [("", "（无）")] + [(m.pk, str(m)) for m in matters])


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="新状态",
        choices=[c for c in DocStatus.choices if c[0] != DocStatus.VALID],
        widget=forms.Select(attrs=SEL),
    )
    changed_on = _date("变更日期", required=False)
    note = forms.CharField(
        label="说明", max_length=300, required=False, widget=forms.TextInput(attrs=SM)
    )


class LedgerForm(forms.Form):
    unit = forms.TypedChoiceField(
        label="决定（签订）单位", coerce=int, widget=forms.Select(attrs=SEL)
    )
    matter_type = forms.ChoiceField(
        label="事项类型", choices=MatterType.choices, widget=forms.Select(attrs=SEL)
    )
    title = forms.CharField(
        label="事项名称", max_length=200, required=False, widget=forms.TextInput(attrs=SM)
    )
    decided_on = _date("决定（签订）日期", required=False)
    note = forms.CharField(
        label="备注（如发现途径）", max_length=300, required=False, widget=forms.TextInput(attrs=SM)
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "unit", [(u.pk, u.name) for u in units])


def _line(label: str, max_length: int, *, placeholder: str = "") -> forms.CharField:
    attrs = {**SM, "placeholder": placeholder} if placeholder else SM
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs=attrs),
    )


class ExpertForm(VersionedForm):
    """An expert of the 专家库; the service checks what is required and the phone format."""

    name = _line("姓名", 50)
    specialty = _line("专业领域", 100, placeholder="如：行政法、建设工程、环境保护")
    employer = _line("工作单位", 100)
    title = _line("职称或职务", 50, placeholder="如：教授、律师事务所主任、高级工程师")
    phone = _line("联系电话", 20)
    note = _line("备注", 200)
