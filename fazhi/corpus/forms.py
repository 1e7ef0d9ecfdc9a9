"""The upload form of the corpus."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.corpus.models import ReportLevel
from fazhi.corpus.reading import SUFFIXES, max_mb
from fazhi.rectify.uploads import max_bytes

ACCEPT = ",".join(SUFFIXES)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="报告文件",
        help_text="网页（.html）、文本（.txt）、Word（.docx）或文字版 PDF",
        error_messages={
            "required": "请选择要导入的报告文件",
            "empty": "文件为空：请选择有内容的报告文件",
            "invalid": "上传的不是文件，请重新选择",
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ACCEPT, "class": "form-control form-control-sm"}
        ),
    )
    source_url = forms.URLField(
        label="原文地址",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control form-control-sm"}),
    )
    region = forms.CharField(
        label="区域（可选）",
        required=False,
        max_length=50,
        help_text="报告未写明时填写，如 新昌县",
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    level = forms.ChoiceField(
        label="层级（可选）",
        required=False,
        choices=[("", "自动识别"), *ReportLevel.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    year = forms.IntegerField(
        label="报告年度（可选）",
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f"，不超过 {max_mb()} MB"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(f"文件过大：上限 {max_mb()} MB")
        return upload
