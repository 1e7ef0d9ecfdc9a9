"""Forms of the 整改 pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SubmitForm(VersionedForm):
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


class NoteForm(VersionedForm):
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )
