"""Word documents of 争议化解: the 败诉风险提示函 and the weekly 研商通报.

Only their content lives here; the 公文 layout (GB/T 9704-2012: page, fonts and their fallbacks,
page numbers, title, headings, tables, signature) is `fazhi.core.gongwen`.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.core import gongwen
from fazhi.core.gongwen import chinese_date
from fazhi.core.http import DOCX_CONTENT_TYPE as DOCX_CONTENT_TYPE  # the views' name for it
from fazhi.indicators.output import format_change, format_value

from .briefing import Briefing, answering_unit
from .models import Lawsuit, Reconsideration, RiskNotice

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
    doc = gongwen.new_document()
    gongwen.title(doc, "败诉风险提示函")
    gongwen.line(doc, notice.number, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()
    gongwen.line(doc, f"{notice.to_unit.name}：", indent=False)
    role = "被申请人" if is_recon else "被告"
    kind = "行政复议" if is_recon else "行政诉讼"
    # The letter speaks to the unit answering the case as 你单位; to another unit (the
    # government above it, a co-responsible body) it names the answering unit.
    unit = answering_unit(case)
    you = "你单位" if notice.to_unit_id == unit.pk else unit.name
    gongwen.line(
        doc,
        f"{you}作为{role}的{case.case_number}{kind}案件，经研判存在较高的败诉风险。"
        "为推进行政争议实质性化解，现将有关情况提示如下：",
    )
    gongwen.heading(doc, "一、案件基本情况")
    for fact in _recon_facts(case, you) if is_recon else _lawsuit_facts(case, you):
        gongwen.line(doc, fact)
    gongwen.heading(doc, "二、主要风险点")
    gongwen.lines(doc, notice.risks)
    gongwen.heading(doc, "三、工作建议")
    gongwen.lines(doc, notice.suggestions)
    closing = "请你单位高度重视，认真研究落实"
    if notice.reply_by:
        closing += f"，并于{chinese_date(notice.reply_by)}前将化解工作情况书面反馈{issuer.name}"
    gongwen.line(doc, closing + "。")
    doc.add_paragraph()
    gongwen.signature(doc, issuer.name, chinese_date(notice.issued_on))
    author = notice.author.full_name or notice.author.username
    gongwen.line(doc, f"（联系人：{author}）", indent=True)
    return gongwen.to_bytes(doc)


# ---------------------------------------------------------------------------------------------
# 研商通报


def briefing_document(briefing: Briefing, *, issuer: str) -> bytes:
    """The weekly 研商通报 as a .docx, with the same content as its page."""
    doc = gongwen.new_document()
    gongwen.title(doc, briefing.title)
    gongwen.line(doc, briefing.subtitle, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    gongwen.line(
        doc, issuer, font=gongwen.SUBHEADING_FONT, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    doc.add_paragraph()
    gongwen.line(
        doc,
        f"现将截至{chinese_date(briefing.as_of)}{briefing.scope_label}行政争议化解工作情况通报如下。",
    )
    _briefing_figures(doc, briefing)
    _briefing_risks(doc, briefing)
    _briefing_deadlines(doc, briefing)
    doc.add_paragraph()
    gongwen.signature(doc, issuer, chinese_date(briefing.as_of))
    return gongwen.to_bytes(doc)


def _briefing_figures(doc: DocumentObject, briefing: Briefing) -> None:
    period = briefing.period.label if briefing.period else ""
    gongwen.heading(doc, f"一、年度主要指标（{period}）")
    if not briefing.figures:
        gongwen.line(doc, "（无统计范围）")
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
    gongwen.table(doc, ("指标", "本年累计", "上年同期", "同比"), rows)


def _briefing_risks(doc: DocumentObject, briefing: Briefing) -> None:
    gongwen.heading(doc, f"二、高败诉风险案件（{len(briefing.risks)}件）")
    if not briefing.risks:
        gongwen.line(doc, "目前无高败诉风险案件。")
    numbers = "一二三四五六七八九十"
    for index, row in enumerate(briefing.risks):
        label = numbers[index] if index < len(numbers) else str(index + 1)
        gongwen.subheading(
            doc, f"（{label}）{row.case.case_number}（{row.kind_label}，{row.unit.name}）"
        )
        leader = row.case.lead_leader
        unit = row.case.risk_unit or row.unit
        gongwen.line(doc, f"风险原因：{row.case.risk_reason or '—'}")
        gongwen.line(
            doc,
            f"包案领导：{_person(leader)}；化解责任单位：{unit.name}；期限：{_due_text(row.due)}。",
        )
        if row.week_entries:
            for entry in row.week_entries:
                gongwen.line(
                    doc,
                    f"{entry.happened_on.month}月{entry.happened_on.day}日"
                    f"{entry.get_kind_display()}：{entry.content}",
                )
        else:
            gongwen.line(doc, "本周无新进展。")


def _briefing_deadlines(doc: DocumentObject, briefing: Briefing) -> None:
    gongwen.heading(doc, f"三、近两周到期事项（{len(briefing.deadlines)}项）")
    if not briefing.deadlines:
        gongwen.line(doc, "近两周无到期事项。")
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
    gongwen.table(doc, ("到期日", "案号", "事项", "单位", "状态"), rows)


def _person(user: Any) -> str:
    if user is None:
        return "—"
    name = user.full_name or user.username
    return f"{name}（{user.position}）" if user.position else name


def _due_text(item: Any) -> str:
    if item is None or item.due is None:
        return "—"
    return f"{item.title} {chinese_date(item.due)}（{item.status.label}）"
