"""The 合法性审查意见书 as a Word document (python-docx), built from the stored opinion.

Generated on request rather than stored: after sign-off the opinion, its issues and its number
no longer change, so the same letter comes out every time. Before sign-off a reviewer may
preview it, marked 草稿.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from fazhi.core.deadlines import due_date
from fazhi.core.exceptions import CalendarMissingError
from fazhi.review import deadlines
from fazhi.review.models import ReviewMatter

FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def _run(
    paragraph: Paragraph, text: str, *, size: int = 16, bold: bool = False, font: str = FONT
) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _para(
    doc: DocxDocument, text: str = "", *, center: bool = False, right: bool = False, **kw: object
) -> Paragraph:
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if text:
        _run(paragraph, text, **kw)  # type: ignore[arg-type]
    return paragraph


def opinion_letter(matter: ReviewMatter) -> bytes:
    """The letter as .docx bytes."""
    doc = Document()
    draft = not matter.letter_seq
    _para(
        doc,
        "合法性审查意见书" + ("（草稿）" if draft else ""),
        center=True,
        size=22,
        font=TITLE_FONT,
    )
    _para(doc, matter.letter_number or "（签发后编号）", center=True, size=14)
    _para(doc, f"{matter.unit.name}：")
    submitted = f"{matter.submitted_on:%Y年%m月%d日}" if matter.submitted_on else ""
    _para(
        doc,
        f"    你单位于{submitted}送审的《{matter.title}》（审查编号 {matter.number}，"
        f"事项类型：{matter.get_matter_type_display()}）收悉。经审查，现提出如下意见：",
    )
    _para(doc, f"    一、审查结论：{matter.get_conclusion_display() or '（未出具）'}。", bold=True)
    _para(doc, f"    二、审查意见：{matter.opinion}")
    _issues(doc, matter)
    _consultations(doc, matter)
    _para(doc, f"    {_feedback_line(matter)}")
    _signature(doc, matter)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _issues(doc: DocxDocument, matter: ReviewMatter) -> None:
    issues = list(matter.issues.all())
    if not issues:
        _para(doc, "    三、发现的问题：无。")
        return
    _para(doc, f"    三、发现的问题及修改建议（共 {len(issues)} 条）：")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "类别", "问题", "修改建议"), strict=True):
        _run(cell.paragraphs[0], text, size=12, bold=True)
    for issue in issues:
        cells = table.add_row().cells
        values = (
            str(issue.seq),
            issue.get_category_display(),
            issue.description,
            issue.suggestion or "—",
        )
        for cell, text in zip(cells, values, strict=True):
            _run(cell.paragraphs[0], text, size=12)


def _consultations(doc: DocxDocument, matter: ReviewMatter) -> None:
    heard = "、".join(f"{c.get_kind_display()}{c.name}" for c in matter.consultations.all())
    if heard:
        _para(doc, f"    审查过程中听取了{heard}的意见。")


def _feedback_line(matter: ReviewMatter) -> str:
    start = matter.signed_on
    if start is None:
        return "请于收到本意见书后及时反馈采纳情况。"
    days = deadlines.effective_count(deadlines.FEEDBACK)
    try:
        due = f"（{due_date(deadlines.FEEDBACK, start):%Y年%m月%d日}前）"
    except CalendarMissingError as exc:
        due = f"（{exc.message}）"
    return f"请于收到本意见书之日起 {days} 个工作日内{due}逐条反馈采纳情况；未采纳的，请说明理由。"


def _signature(doc: DocxDocument, matter: ReviewMatter) -> None:
    _para(doc)
    _para(doc, matter.review_unit.name, right=True)
    signed = f"{matter.signed_on:%Y年%m月%d日}" if matter.signed_on else "年  月  日"
    _para(doc, signed, right=True)
    reviewer = f"承办法审员：{matter.reviewer}" if matter.reviewer else ""
    signer = f"签发人：{matter.signed_by}" if matter.signed_by else ""
    footer = "    ".join(part for part in (reviewer, signer) if part)
    if footer:
        _para(doc, footer, size=12)
