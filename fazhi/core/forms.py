"""Forms of the shell pages: the inbox filter and the holiday calendar's entry forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from fazhi.core import calendar
from fazhi.core.inbox import LISTED_STATUSES
from fazhi.core.models import DayKind

DAYS_PLACEHOLDER = """2027-01-01 至 2027-01-03 休 元旦
2027-02-06 至 2027-02-13 休 春节
2027-02-20 班 春节"""


class InboxFilterForm(forms.Form):
    module = forms.ChoiceField(label="模块", required=False)
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), *((s.value, s.label) for s in LISTED_STATUSES)],
    )

    def __init__(self, *args: Any, modules: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["module"])
        field.choices = [("", "全部模块"), *((m, m) for m in modules)]

    def filters(self) -> dict[str, str]:
        """The valid filters (an unknown value is ignored, not an error)."""
        if not self.is_valid():
            return {"module": "", "status": ""}
        return {"module": self.cleaned_data["module"], "status": self.cleaned_data["status"]}


class YearEntryForm(forms.Form):
    """A year's arrangement as the 国务院办公厅 notice states it: source, then one line a period."""

    year = forms.IntegerField(
        label="年度", min_value=calendar.FIRST_YEAR, max_value=calendar.LAST_YEAR
    )
    source = forms.CharField(
        label="依据（通知名称与文号）",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "国务院办公厅关于2027年部分节假日安排的通知"}),
    )
    days = forms.CharField(
        label="放假与调休上班（每行一段）",
        widget=forms.Textarea(attrs={"rows": 12, "placeholder": DAYS_PLACEHOLDER}),
        help_text="“休”的期间只登记其中的工作日（周末本来就休息）；“班”为周末调休上班，每行一天。",
    )
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, text = data.get("year"), data.get("days")
        if year is not None and text:
            try:
                data["entries"] = calendar.parse_days(text, year)
            except calendar.CalendarInputError as exc:
                self.add_error("days", exc.errors)
        return data


class DayForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    name = forms.CharField(label="节日名称", max_length=50)


class DayChangeForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    name = forms.CharField(label="节日名称", max_length=50)
