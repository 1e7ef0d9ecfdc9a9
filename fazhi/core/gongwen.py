"""Word documents in the 党政机关公文格式 (GB/T 9704-2012), for every app that issues one.

The layout: A4; margins 上 37 mm, 下 35 mm, 左 28 mm, 右 26 mm; the title in 二号 (22 pt) bold
方正小标宋简体; 正文 in 三号 (16 pt) 仿宋_GB2312 at a fixed 28-point line spacing with a
two-character first-line indent; first-level headings (一、) in 黑体, second-level ones (（一）) in
楷体_GB2312; page numbers in 四号 宋体 as "— 1 —" in the footer, odd pages on the right and even
pages on the left.

The 公文 fonts are not on every computer. Each is entered in the document's font table with the
common font Word and WPS substitute when it is missing (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋,
楷体_GB2312 → 楷体), so a letter still opens in a Chinese font and keeps its layout.

An app keeps only the content of its documents: `new_document()`, then `title`, `line`,
`heading`, `table`, `signature` …, and `to_bytes`. (Named gongwen, not docx: that is the library.)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# The font Word/WPS use when a 公文 font is missing (w:altName in the font table).
FALLBACKS = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    SUBHEADING_FONT: "楷体",
    HEADING_FONT: "SimHei",
    PAGE_NUMBER_FONT: "SimSun",
}
TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
TABLE_PT = 12  # 小四
PAGE_NUMBER_PT = 14  # 四号
LINE_PT = 28  # fixed line spacing: 22 lines a page


def chinese_date(day: dt.date | None) -> str:
    """2026年6月30日 (公文 dates in Arabic numerals, GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


# ---------------------------------------------------------------------------------------------
# The page


def new_document() -> DocumentObject:
    """An empty A4 document with the 公文 margins, body style, font fallbacks and page numbers."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    _add_font_fallbacks(doc)
    _page_numbers(doc)
    return doc


def to_bytes(doc: DocumentObject) -> bytes:
    """The document as .docx bytes (serve them with fazhi.core.http.DOCX_CONTENT_TYPE)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _set_fonts(rpr: Any, east_asian: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _add_font_fallbacks(doc: DocumentObject) -> None:
    """Enter the 公文 fonts in the font table with their substitutes (w:altName)."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    fonts = parse_xml(part.blob)
    for name, alternative in FALLBACKS.items():
        fonts.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
                "</w:font>"
            )
        )
    # python-docx keeps parts it does not model as bytes; replace them with the amended table.
    part._blob = serialize_part_xml(fonts)


def _page_numbers(doc: DocumentObject) -> None:
    """ "— 1 —" in 四号 宋体: odd pages right, even pages left, one character in (7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        indent = Pt(PAGE_NUMBER_PT)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = indent
        else:
            paragraph.paragraph_format.left_indent = indent
        run(paragraph, "— ", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)
        _field(paragraph, "PAGE")
        run(paragraph, " —", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field (PAGE) as Word writes it: begin, instruction, separate, a placeholder, end."""
    pieces = (
        f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>',
        f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>',
        f"<w:t {nsdecls('w')}>1</w:t>",
        f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>',
    )
    for piece in pieces:
        run(paragraph, "", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)._r.append(parse_xml(piece))


# ---------------------------------------------------------------------------------------------
# Text


def run(
    paragraph: Paragraph,
    text: str,
    *,
    font: str = BODY_FONT,
    size: int = BODY_PT,
    bold: bool = False,
) -> Run:
    """`text` appended to `paragraph` in `font` (Chinese) and Times New Roman (Latin)."""
    added = paragraph.add_run(text)
    added.font.size = Pt(size)
    added.font.bold = bold
    _set_fonts(added._element.get_or_add_rPr(), font)
    return added


def title(doc: DocumentObject, text: str) -> None:
    """The centred 标题 in 二号 方正小标宋简体."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    run(paragraph, text, font=TITLE_FONT, size=TITLE_PT, bold=True)


def line(
    doc: DocumentObject,
    text: str,
    *,
    font: str = BODY_FONT,
    size: int = BODY_PT,
    indent: bool = True,
    align: Any = None,
    bold: bool = False,
) -> Paragraph:
    """One paragraph of 正文; `indent` is the two-character first-line indent."""
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    run(paragraph, text, font=font, size=size, bold=bold)
    return paragraph


def heading(doc: DocumentObject, text: str) -> None:
    """A first-level heading (一、) in 黑体."""
    line(doc, text, font=HEADING_FONT)


def subheading(doc: DocumentObject, text: str) -> None:
    """A second-level heading (（一）) in 楷体_GB2312."""
    line(doc, text, font=SUBHEADING_FONT)


def lines(doc: DocumentObject, text: str) -> None:
    """A user's text, one paragraph per non-blank line."""
    for piece in text.splitlines():
        if piece.strip():
            line(doc, piece.strip())


def table(doc: DocumentObject, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A centred grid table in 小四: the header row in bold 黑体, then `rows`."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for target, text in zip(grid.rows[0].cells, headers, strict=True):
        cell(target, text, bold=True)
    for row in rows:
        for target, text in zip(grid.add_row().cells, row, strict=True):
            cell(target, text)


def cell(target: Any, text: str, *, bold: bool = False) -> None:
    """`text` in a table cell: single-spaced, not indented, in 小四."""
    paragraph = target.paragraphs[0]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    run(paragraph, text, size=TABLE_PT, bold=bold, font=HEADING_FONT if bold else BODY_FONT)


def signature(doc: DocumentObject, name: str, date: str) -> None:
    """发文机关署名 and 成文日期, right-aligned, four characters in from the right (7.3.5.1).
    `date` as the document writes it, usually `chinese_date(day)`."""
    for text in (name, date):
        paragraph = line(doc, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)
