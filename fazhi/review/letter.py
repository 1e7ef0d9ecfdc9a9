"""The 合法性审查意见书 as a Word document (python-docx), built from the stored opinion.

Generated on request rather than stored: after sign-off the opinion, its issues and its number
no longer change, so the same letter comes out every time. Before sign-off a reviewer may
preview it, marked 草稿.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.core import gongwen
from fazhi.core.deadlines import due_date
from fazhi.core.exceptions import CalendarMissingError
from fazhi.review import deadlines
from fazhi.review.models import ReviewMatter

# The letter's own dates keep leading zeros (2026年05月06日), unlike gongwen.chinese_date.
DATE = "%Y年%m月%d日"


def _para(
    doc: DocumentObject,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    size: int = gongwen.BODY_PT,
    bold: bool = False,
) -> None:
    """A paragraph as the letter writes it: its indent is in the text, not the format."""
    gongwen.line(doc, text, indent=False, align=align, size=size, bold=bold)


def opinion_letter(matter: ReviewMatter) -> bytes:
    """The letter as .docx bytes."""
    doc = gongwen.new_document()
    draft = not matter.letter_seq
    gongwen.title(doc, "合法性审查意见书" + ("（草稿）" if draft else ""))
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, matter.letter_number or "（签发后编号）", align=center, size=14)  # 四号
    _para(doc, f"{matter.unit.name}：")
    submitted = f"{matter.submitted_on:{DATE}}" if matter.submitted_on else ""
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
    return gongwen.to_bytes(doc)


def _issues(doc: DocumentObject, matter: ReviewMatter) -> None:
    issues = list(matter.issues.all())
    if not issues:
        _para(doc, "    三、发现的问题：无。")
        return
    _para(doc, f"    三、发现的问题及修改建议（共 {len(issues)} 条）：")
    rows = [
        (str(issue.seq), issue.get_category_display(), issue.description, issue.suggestion or "—")
        for issue in issues
    ]
    gongwen.table(doc, ("序号", "类别", "问题", "修改建议"), rows)


def _consultations(doc: DocumentObject, matter: ReviewMatter) -> None:
    heard = "、".join(f"{c.get_kind_display()}{c.name}" for c in matter.consultations.all())
    if heard:
        _para(doc, f"    审查过程中听取了{heard}的意见。")


def _feedback_line(matter: ReviewMatter) -> str:
    start = matter.signed_on
    if start is None:
        return "请于收到本意见书后及时反馈采纳情况。"
    days = deadlines.effective_count(deadlines.FEEDBACK)
    try:
        due = f"（{due_date(deadlines.FEEDBACK, start):{DATE}}前）"
    except CalendarMissingError as exc:
        due = f"（{exc.message}）"
    return f"请于收到本意见书之日起 {days} 个工作日内{due}逐条反馈采纳情况；未采纳的，请说明理由。"


def _signature(doc: DocumentObject, matter: ReviewMatter) -> None:
    doc.add_paragraph()
    signed = f"{matter.signed_on:{DATE}}" if matter.signed_on else "年  月  日"
    gongwen.signature(doc, matter.review_unit.name, signed)
    reviewer = f"承办法审员：{matter.reviewer}" if matter.reviewer else ""
    signer = f"签发人：{matter.signed_by}" if matter.signed_by else ""
    footer = "    ".join(part for part in (reviewer, signer) if part)
    if footer:
        _para(doc, footer, size=gongwen.TABLE_PT)
