"""The 公文 Word kernel: page, fonts with fallbacks, page numbers, and the building blocks."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt

from fazhi.core import gongwen


def _roundtrip(doc):
    return docx.Document(io.BytesIO(gongwen.to_bytes(doc)))


def test_chinese_dates_have_no_leading_zeros_and_a_dash_when_missing():
    assert gongwen.chinese_date(dt.date(2026, 6, 3)) == "2026年6月3日"
    assert gongwen.chinese_date(None) == "—"


def test_a_new_document_is_a4_with_the_official_margins_fonts_and_page_numbers():
    document = _roundtrip(gongwen.new_document())
    section = document.sections[0]
    sizes = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 35, 28, 26]
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    for footer in (section.footer, section.even_page_footer):
        assert "PAGE" in footer._element.xml and footer.paragraphs[0].text == "— 1 —"
    fonts = document.part.part_related_by(RT.FONT_TABLE).blob.decode()
    for name, fallback in gongwen.FALLBACKS.items():
        assert f'w:name="{name}"><w:altName w:val="{fallback}"/>' in fonts


def test_the_building_blocks_write_title_text_headings_table_and_signature():
    doc = gongwen.new_document()
    gongwen.title(doc, "标题")
    gongwen.heading(doc, "一、情况")
    gongwen.subheading(doc, "（一）细节")
    gongwen.lines(doc, "第一行\n\n  第二行 ")
    gongwen.table(doc, ("甲", "乙"), [("1", "2")])
    gongwen.signature(doc, "示例县司法局", gongwen.chinese_date(dt.date(2026, 6, 30)))
    document = _roundtrip(doc)
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs] == [
        "标题",
        "一、情况",
        "（一）细节",
        "第一行",
        "第二行",
        "示例县司法局",
        "2026年6月30日",
    ]
    title = paragraphs[0].runs[0]
    assert title.bold and title.font.size == Pt(22)
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert paragraphs[1].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert paragraphs[3].paragraph_format.first_line_indent == Pt(32)
    assert paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [
        ["甲", "乙"],
        ["1", "2"],
    ]
    assert document.tables[0].rows[0].cells[0].paragraphs[0].runs[0].bold
