"""Word documents of 争议化解: the 败诉风险提示函 and the weekly 研商通报 (python-docx).

The layout follows the 党政机关公文格式 (GB/T 9704-2012): A4; margins 上 37 mm, 下 35 mm,
左 28 mm, 右 26 mm; the title in 二号 (22 pt) bold 方正小标宋简体; 正文 in 三号 (16 pt)
仿宋_GB2312 at a fixed 28-point line spacing with a two-character first-line indent; first-level
headings (一、) in 黑体, second-level ones (（一）) in 楷体_GB2312; page numbers in 四号 宋体 as
"— 1 —" in the footer, odd pages on the right and even pages on the left.

The 公文 fonts are not on every computer. Each is entered in the document's font table with the
common font Word and WPS substitute when it is missing (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋,
楷体_GB2312 → 楷体), so the letter still opens in a Chinese font and keeps its layout.
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
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from fazhi.indicators.output import format_change, format_value

from .briefing import Briefing, answering_unit
from .models import Lawsuit, Reconsideration, RiskNotice

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
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chinese_date(day: dt.date | None) -> str:
    """2026年6月30日 (公文 dates in Arabic numerals, GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


# ---------------------------------------------------------------------------------------------
# Page, fonts and paragraphs


def _document() -> DocumentObject:
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
    part._blob = _serialise(fonts)


def _serialise(element: Any) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True))


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
        _run(paragraph, "— ", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)
        _field(paragraph, "PAGE")
        _run(paragraph, " —", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)


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
        run = _run(paragraph, "", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)
        run._r.append(parse_xml(piece))


def _run(
    paragraph: Paragraph, text: str, *, font: str = BODY_FONT, size: int = BODY_PT, bold=False
) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    _set_fonts(run._element.get_or_add_rPr(), font)
    return run


def _title(doc: DocumentObject, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    _run(paragraph, text, font=TITLE_FONT, size=TITLE_PT, bold=True)


def _line(
    doc: DocumentObject,
    text: str,
    *,
    font: str = BODY_FONT,
    indent: bool = True,
    align: Any = None,
    bold: bool = False,
) -> Paragraph:
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    _run(paragraph, text, font=font, bold=bold)
    return paragraph


def _heading(doc: DocumentObject, text: str) -> None:
    _line(doc, text, font=HEADING_FONT)


def _subheading(doc: DocumentObject, text: str) -> None:
    _line(doc, text, font=SUBHEADING_FONT)


def _lines(doc: DocumentObject, text: str) -> None:
    """The user's text, one paragraph per line."""
    for line in text.splitlines():
        if line.strip():
            _line(doc, line.strip())


def _table(doc: DocumentObject, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _cell(cell, text)


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _run(paragraph, text, size=TABLE_PT, bold=bold, font=HEADING_FONT if bold else BODY_FONT)


def _bytes(doc: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# 败诉风险提示函


def issuing_unit(case: Any, author: Any) -> Any:
    """Who signs a letter about `case`: the 复议机构 of a 复议 case (the county 司法局); for a
    lawsuit the drafter's unit (the 司法局 staff who follow the county's 应诉 cases)."""
    if isinstance(case, Reconsideration):
        return case.handling_unit
    return author.unit


def _party_names(case: Any) -> str:
    parties = case.applicants.all() if isinstance(case, Reconsideration) else case.plaintiffs.all()
    return "、".join(p.name for p in parties) or "—"


def _recon_facts(case: Reconsideration, you: str) -> list[str]:
    act = case.act_description or f"{case.get_act_type_display()}行为"
    facts = [
        f"申请人{_party_names(case)}不服{you}作出的{act}，于{chinese_date(case.received_on)}"
        f"向{case.organ.name}申请行政复议（案号：{case.case_number}；领域：{case.field.name}）。"
    ]
    stage = f"该案目前状态为“{case.get_status_display()}”"
    if case.accepted_on:
        stage += f"，已于{chinese_date(case.accepted_on)}受理，适用{case.get_procedure_display()}"
    if case.due_on and not case.is_closed:
        stage += f"，办理期限至{chinese_date(case.due_on)}"
    facts.append(stage + "。")
    if case.claim:
        facts.append(f"复议请求：{case.claim}")
    return facts


def _lawsuit_facts(case: Lawsuit, you: str) -> list[str]:
    facts = [
        f"原告{_party_names(case)}诉{you}{case.get_act_type_display()}一案，"
        f"{case.court.name}于{chinese_date(case.filed_on)}立案"
        f"（案号：{case.case_number}；审级：{case.get_instance_display()}；领域：{case.field.name}）。"
    ]
    stage = f"该案目前状态为“{case.get_status_display()}”"
    if case.answer_due_on and not case.answered_on:
        stage += f"，答辩期限至{chinese_date(case.answer_due_on)}"
    facts.append(stage + "。")
    if case.reconsideration_id:
        facts.append(f"本案系经行政复议后起诉（复议案号：{case.reconsideration}）。")
    if case.claim:
        facts.append(f"诉讼请求：{case.claim}")
    return facts


def notice_document(notice: RiskNotice) -> bytes:
    """The 败诉风险提示函 as a .docx: 文号, 致送单位, the case, risks, suggestions, reply-by,
    the issuing body and date."""
    case = notice.case
    is_recon = isinstance(case, Reconsideration)
    issuer = issuing_unit(case, notice.author)
    doc = _document()
    _title(doc, "败诉风险提示函")
    _line(doc, notice.number, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()
    _line(doc, f"{notice.to_unit.name}：", indent=False)
    role = "被申请人" if is_recon else "被告"
    kind = "行政复议" if is_recon else "行政诉讼"
    # The letter speaks to the unit answering the case as 你单位; to another unit (the
    # government above it, a co-responsible body) it names the answering unit.
    unit = answering_unit(case)
    you = "你单位" if notice.to_unit_id == unit.pk else unit.name
    _line(
        doc,
        f"{you}作为{role}的{case.case_number}{kind}案件，经研判存在较高的败诉风险。"
        "为推进行政争议实质性化解，现将有关情况提示如下：",
    )
    _heading(doc, "一、案件基本情况")
    for fact in _recon_facts(case, you) if is_recon else _lawsuit_facts(case, you):
        _line(doc, fact)
    _heading(doc, "二、主要风险点")
    _lines(doc, notice.risks)
    _heading(doc, "三、工作建议")
    _lines(doc, notice.suggestions)
    closing = "请你单位高度重视，认真研究落实"
    if notice.reply_by:
        closing += f"，并于{chinese_date(notice.reply_by)}前将化解工作情况书面反馈{issuer.name}"
    _line(doc, closing + "。")
    doc.add_paragraph()
    _signature(doc, issuer.name, notice.issued_on)
    author = notice.author.full_name or notice.author.username
    _line(doc, f"（联系人：{author}）", indent=True)
    return _bytes(doc)


def _signature(doc: DocumentObject, name: str, day: dt.date) -> None:
    """发文机关署名 and 成文日期, right-aligned, four characters in from the right (7.3.5.1)."""
    for text in (name, chinese_date(day)):
        paragraph = _line(doc, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)


# ---------------------------------------------------------------------------------------------
# 研商通报


def briefing_document(briefing: Briefing, *, issuer: str) -> bytes:
    """The weekly 研商通报 as a .docx, with the same content as its page."""
    doc = _document()
    _title(doc, briefing.title)
    _line(doc, briefing.subtitle, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _line(doc, issuer, font=SUBHEADING_FONT, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()
    _line(
        doc,
        f"现将截至{chinese_date(briefing.as_of)}{briefing.scope_label}行政争议化解工作情况通报如下。",
    )
    _briefing_figures(doc, briefing)
    _briefing_risks(doc, briefing)
    _briefing_deadlines(doc, briefing)
    doc.add_paragraph()
    _signature(doc, issuer, briefing.as_of)
    return _bytes(doc)


def _briefing_figures(doc: DocumentObject, briefing: Briefing) -> None:
    period = briefing.period.label if briefing.period else ""
    _heading(doc, f"一、年度主要指标（{period}）")
    if not briefing.figures:
        _line(doc, "（无统计范围）")
        return
    rows = [
        (
            r.indicator.name,
            format_value(r.value, r.indicator),
            format_value(r.previous_value, r.indicator),
            format_change(r.change, r.indicator),
        )
        for r in briefing.figures
    ]
    _table(doc, ("指标", "本年累计", "上年同期", "同比"), rows)


def _briefing_risks(doc: DocumentObject, briefing: Briefing) -> None:
    _heading(doc, f"二、高败诉风险案件（{len(briefing.risks)}件）")
    if not briefing.risks:
        _line(doc, "目前无高败诉风险案件。")
    numbers = "一二三四五六七八九十"
    for index, row in enumerate(briefing.risks):
        label = numbers[index] if index < len(numbers) else str(index + 1)
        _subheading(doc, f"（{label}）{row.case.case_number}（{row.kind_label}，{row.unit.name}）")
        leader = row.case.lead_leader
        unit = row.case.risk_unit or row.unit
        _line(doc, f"风险原因：{row.case.risk_reason or '—'}")
        _line(
            doc,
            f"包案领导：{_person(leader)}；化解责任单位：{unit.name}；期限：{_due_text(row.due)}。",
        )
        if row.week_entries:
            for entry in row.week_entries:
                _line(
                    doc,
                    f"{entry.happened_on.month}月{entry.happened_on.day}日"
                    f"{entry.get_kind_display()}：{entry.content}",
                )
        else:
            _line(doc, "本周无新进展。")


def _briefing_deadlines(doc: DocumentObject, briefing: Briefing) -> None:
    _heading(doc, f"三、近两周到期事项（{len(briefing.deadlines)}项）")
    if not briefing.deadlines:
        _line(doc, "近两周无到期事项。")
        return
    rows = [
        (
            f"{row.item.due:%Y-%m-%d}" if row.item.due else "—",
            row.case.case_number,
            row.what,
            row.item.unit_name,
            row.item.status.label,
        )
        for row in briefing.deadlines
    ]
    _table(doc, ("到期日", "案号", "事项", "单位", "状态"), rows)


def _person(user: Any) -> str:
    if user is None:
        return "—"
    name = user.full_name or user.username
    return f"{name}（{user.position}）" if user.position else name


def _due_text(item: Any) -> str:
    if item is None or item.due is None:
        return "—"
    return f"{item.title} {chinese_date(item.due)}（{item.status.label}）"
