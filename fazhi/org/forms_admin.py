"""Forms of the organisation and account pages (the sign-in forms live in forms.py)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import RegexValidator

from fazhi.org.importers import upload_problem
from fazhi.org.models import EXTERNAL_KINDS, Unit, UnitKind
from fazhi.org.roles import BUSINESS_ROLES, Role
from fazhi.org.selectors import org_units

# Paths under /org/users/ that a username may not take.
RESERVED_USERNAMES = frozenset({"new"})

phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$", "请输入 11 位手机号或带区号的固定电话"
)


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        data = upload.read()
        problem = upload_problem(upload.name, data)
        if problem:
            raise forms.ValidationError(problem)
        self.data_bytes = data
        return upload


class UnitEditForm(forms.Form):
    """The editable fields of a unit plus the version the form was loaded with."""

    name = forms.CharField(label="单位名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(label="单位类型", choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label="上级单位", queryset=Unit.objects.none(), required=False, empty_label="（无）"
    )
    oversees_region = forms.BooleanField(
        label=Unit._meta.get_field("oversees_region").verbose_name,
        help_text=Unit._meta.get_field("oversees_region").help_text,
        required=False,
    )
    is_active = forms.BooleanField(label="在用", required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, max_value=100000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, user: Any, unit: Unit, **kwargs: Any) -> None:
        kwargs.setdefault("initial", initial_for(unit))
        super().__init__(*args, **kwargs)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = org_units(user).exclude(pk=unit.pk).order_by("name")
        for name, field in self.fields.items():
            checkbox = isinstance(field, forms.BooleanField)
            css = "form-check-input" if checkbox else "form-control form-control-sm"
            if name == "kind" or name == "parent":
                css = "form-select form-select-sm"
            field.widget.attrs.setdefault("class", css)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def initial_for(unit: Unit) -> dict[str, Any]:
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "oversees_region": unit.oversees_region,
        "is_active": unit.is_active,
        "sort_order": unit.sort_order,
        "version": unit.version,
    }


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="字母、数字和 @ . + - _，登录时使用。",
    )
    full_name = forms.CharField(label="姓名", max_length=50)
    unit = forms.ModelChoiceField(
        label="所在单位", queryset=Unit.objects.none(), to_field_name="code"
    )
    position = forms.CharField(label="职务", max_length=50, required=False)
    phone = forms.CharField(
        label="手机号", max_length=20, required=False, validators=[phone_validator]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = org_units(user).filter(is_active=True).exclude(kind__in=EXTERNAL_KINDS)
        unit_field = cast(forms.ModelChoiceField, self.fields["unit"])
        unit_field.queryset = units.order_by("region__path", "sort_order", "code")
        for name, field in self.fields.items():
            css = "form-select form-select-sm" if name == "unit" else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if username.lower() in RESERVED_USERNAMES:
            raise forms.ValidationError("该用户名为系统保留，请换一个")
        return username


class RoleForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="业务角色",
        required=False,
        choices=[(r.value, r.label) for r in Role if r in BUSINESS_ROLES],
        widget=forms.CheckboxSelectMultiple,
    )
