"""Word from the built-in or a county's template, PDF from the publication page."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.exceptions import ApplicationError
from fazhi.reports import exporters, template_services, wordtemplate
from fazhi.reports.models import ReportTemplate

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIVE = ("一、", "二、", "三、", "四、", "五、")


def _paragraphs(data: bytes) -> list[docx.text.paragraph.Paragraph]:
    return [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def _east_asian(paragraph) -> str:
    fonts = paragraph.runs[0]._element.rPr.rFonts
    return fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_the_word_file_has_the_five_outline_headings_and_the_computed_figures(report):
    paragraphs = _paragraphs(exporters.docx_bytes(report))
    texts = [p.text for p in paragraphs]
    assert texts[0] == "示例县人民政府2025年法治政府建设年度报告"
    headings = [p for p in paragraphs if p.text.startswith(FIVE)]
    assert [h.text[:2] for h in headings] == list(FIVE)
    body = "\n".join(texts)
    assert "行政诉讼败诉率降至10.00%，同比下降10个百分点" in body
    assert "行政诉讼调撤率升至60.00%，同比上升20个百分点" in body
    assert "{{" not in body
    # 公文 fonts: 方正小标宋简体 title, 黑体 headings, 仿宋_GB2312 text, 三号 正文.
    assert _east_asian(paragraphs[0]) == "方正小标宋简体"
    assert all(_east_asian(h) == "黑体" for h in headings)
    assert paragraphs[2].runs[0].font.size.pt == 16


def test_the_word_file_has_page_numbers_in_the_footer(report):
    with zipfile.ZipFile(io.BytesIO(exporters.docx_bytes(report))) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist() if "footer" in n]
    assert any("PAGE" in footer for footer in footers)


def _custom_template(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=DOCX)


def test_a_county_template_is_used_for_its_reports(report, county_admin, data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    own = _custom_template(
        "示例县人民政府文件\n{{ title }}\n{%p for block in blocks %}\n{{ block.text }}\n{%p endfor %}"
    )
    template_services.upload_word_template(
        region=data["regions"]["county"], upload=_upload("县模板.docx", own), actor=county_admin
    )
    texts = [p.text for p in _paragraphs(exporters.docx_bytes(report))]
    assert texts[:2] == ["示例县人民政府文件", report.title]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 not a zip at all", "不是有效的"),
        (_custom_template("{{ title }}\n没有正文循环"), "缺少必需的占位符"),
        (
            _custom_template("{{ title }}\n{%p for block in blocks %}\n{{ block.text }"),
            "占位符写法有误",
        ),
    ],
)
def test_a_bad_replacement_template_is_refused_and_nothing_changes(
    data, county_admin, settings, tmp_path, content, message
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ApplicationError, match=message):
        template_services.upload_word_template(
            region=data["regions"]["county"],
            upload=_upload("坏模板.docx", content),
            actor=county_admin,
        )
    assert not ReportTemplate.objects.exists()
    assert not list(Path(tmp_path).rglob("*.docx"))


def test_a_template_cannot_reach_the_application_through_its_placeholders():
    sneaky = _custom_template(
        "{{ title.__class__.__mro__ }}\n{%p for block in blocks %}\n{{ block.text }}\n{%p endfor %}"
    )
    with pytest.raises(ApplicationError, match="试填示例内容时出错"):
        wordtemplate.validate(sneaky, name="x.docx")


def test_the_publication_page_holds_the_same_content(report):
    html = exporters.publication_html(report)
    assert report.title in html
    assert "行政诉讼败诉率降至10.00%" in html
    assert "style=" not in html.split("<body", 1)[1]


@pytest.mark.skipif(not Path(exporters.CHROMIUM).exists(), reason="未安装 Chromium")
def test_the_pdf_is_printed_from_the_publication_page(report):
    from pypdf import PdfReader

    data = exporters.pdf_bytes(report)
    assert data.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "法治政府建设年度报告" in re.sub(r"\s", "", text)
    assert "— 1 —" in text  # the page number at the foot


def test_without_chromium_the_pdf_is_refused_with_a_clear_message(report, monkeypatch):
    monkeypatch.setattr(exporters, "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ApplicationError, match="未找到 Chromium"):
        exporters.pdf_bytes(report)
