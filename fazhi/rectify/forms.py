"""Forms of the 整改 pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms


class SubmitForm(forms.Form):
    measures = forms.CharField(
        label="整改措施",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm"}),
    )
    file = forms.FileField(
        label="佐证材料（PDF、Word、JPEG、PNG）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
    )
