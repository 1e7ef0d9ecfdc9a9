"""The Word template of the report: the built-in one in the 公文 format, or a county's own .docx.

A template is a .docx whose text holds Jinja placeholders that docxtpl fills:

    {{ title }}                     报告标题 (required)
    {{ recipients }}                主送机关，以顿号分隔
    {%p for block in blocks %}      正文 (required): each block has `level` (1 一级标题,
      {{ block.text }}              2 二级标题, 0 段落) and `text`
    {%p endfor %}
    {{ signer }} {{ date }}         署名和成文日期
    {{ copies }} {{ year }} {{ reporter }}

The built-in template is made with `fazhi.core.gongwen` (A4, GB/T 9704 margins, 方正小标宋简体
title in 二号, 仿宋_GB2312 正文 in 三号 with fallbacks, 黑体 / 楷体 headings, page numbers), so a
county that downloads it has a correct starting point. A template is rendered in Jinja's sandbox:
an uploaded file can fill in text, never reach the application's objects.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from fazhi.core import gongwen, uploads
from fazhi.core.exceptions import ApplicationError

REQUIRED = {"title": "{{ title }}（报告标题）", "blocks": "{%p for block in blocks %}（正文循环）"}
SAMPLE_CONTEXT: dict[str, Any] = {
    "title": "示例县2025年法治政府建设年度报告",
    "recipients": "中共示例县委、示例县人大常委会",
    "blocks": [
        {"level": 0, "text": "开篇段落。"},
        {"level": 1, "text": "一、主要举措和成效"},
        {"level": 2, "text": "（一）示例"},
        {"level": 0, "text": "正文段落。"},
    ],
    "signer": "示例县人民政府",
    "date": "2026年2月27日",
    "copies": "中共示例市委全面依法治市委员会办公室",
    "year": 2025,
    "reporter": "示例县人民政府",
}


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


@cache
def default_template() -> bytes:
    """The built-in template (the same bytes every time within a process)."""
    doc = gongwen.new_document()
    gongwen.title(doc, "{{ title }}")
    gongwen.line(doc, "", indent=False)
    gongwen.line(doc, "{{ recipients }}：", indent=False)
    for tag in ("{%p for block in blocks %}", "{%p if block.level == 1 %}"):
        gongwen.line(doc, tag, indent=False)
    gongwen.heading(doc, "{{ block.text }}")
    gongwen.line(doc, "{%p elif block.level == 2 %}", indent=False)
    gongwen.subheading(doc, "{{ block.text }}")
    gongwen.line(doc, "{%p else %}", indent=False)
    gongwen.line(doc, "{{ block.text }}")
    for tag in ("{%p endif %}", "{%p endfor %}"):
        gongwen.line(doc, tag, indent=False)
    gongwen.line(doc, "", indent=False)
    gongwen.signature(doc, "{{ signer }}", "{{ date }}")
    gongwen.line(doc, "{%p if copies %}", indent=False)
    gongwen.line(doc, "", indent=False)
    gongwen.line(doc, "抄送：{{ copies }}。", indent=False, size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    gongwen.line(doc, "{%p endif %}", indent=False)
    return gongwen.to_bytes(doc)


def validate(content: bytes, *, name: str) -> None:
    """Refuse a file that is not a .docx, whose placeholders do not parse, that lacks a required
    placeholder, or that fails to render sample content; the message names the file and why."""
    if not uploads.is_docx(io.BytesIO(content)):
        raise ApplicationError(
            f"Word 模板“{name}”不是有效的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后上传"
        )
    try:
        found = DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables(_environment())
    except TemplateSyntaxError as exc:
        raise ApplicationError(f"Word 模板“{name}”的占位符写法有误：{exc.message}") from exc
    except Exception as exc:  # a damaged part inside the zip
        raise ApplicationError(f"Word 模板“{name}”无法读取，不是有效的 Word 文档：{exc}") from exc
    missing = [label for key, label in REQUIRED.items() if key not in found]
    if missing:
        raise ApplicationError(
            f"Word 模板“{name}”缺少必需的占位符：{'、'.join(missing)}。可下载默认模板对照修改"
        )
    try:
        render(content, SAMPLE_CONTEXT)
    except (TemplateError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ApplicationError(f"Word 模板“{name}”试填示例内容时出错：{exc}") from exc


def render(template: bytes, context: dict[str, Any]) -> bytes:
    """The template filled with `context` (text escaped), as .docx bytes."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, jinja_env=_environment(), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
