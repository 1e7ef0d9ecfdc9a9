"""Every write of a report: drafting from the data, editing sections (each edit a revision),
the title and addressees, and the workflow from draft to publication.

Each service is one transaction with its audit line; a refused request raises ApplicationError
(NotAllowedError for a policy refusal) with a Chinese message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.exceptions import ApplicationError, NotAllowedError
from fazhi.core.services import (
    audited_create,
    audited_transition,
    record_timeline,
    stored_actor,
    versioned_update,
)
from fazhi.indicators import registry
from fazhi.indicators.figures import quantize
from fazhi.indicators.meta import IndicatorMeta, indicator_meta
from fazhi.indicators.models import Colour
from fazhi.indicators.periods import MIN_YEAR
from fazhi.indicators.registry import IndicatorNotFoundError
from fazhi.org.models import Unit
from fazhi.reports import figures, outline, policies, reporters, selectors
from fazhi.reports.models import PinnedFigure, Report, ReportEvent, Revision, Section
from fazhi.reports.ranks import Placing, Standing
from fazhi.reports.workflow import TRANSITIONS, Action, Status

MAX_BODY = 20000


# --- drafting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionDraft:
    part: int
    level: int
    heading: str
    module: str = ""
    body: str = ""


def draft_report(
    *, reporter: Unit, year: int, actor: Any, today: dt.date | None = None, check: bool = True
) -> Report:
    """Draft `reporter`'s report on `year` from the data: title, addressees, deadlines, and one
    section per outline heading, a module's heading holding a paragraph of its live figures."""
    today = today or timezone.localdate()
    if check and not policies.edits_for(actor, reporter):
        raise NotAllowedError(f"您无权为“{reporter.name}”起草年度报告")
    kind = reporters.reporter_kind(reporter)
    _check_year(year, today)
    if Report.objects.filter(reporter=reporter, year=year).exists():
        raise ApplicationError(f"“{reporter.name}”{year}年度的报告已经存在，请打开原报告继续编辑")
    template = selectors.template_for(reporter)
    book = figures.book_of(reporter, year)
    _require_data(reporter, year, book)
    drafts = outline_sections(
        template.outline if template else outline.DEFAULT_OUTLINE, reporter, year, book
    )
    pattern = template.title_pattern if template else outline.DEFAULT_TITLE
    with transaction.atomic():
        report = _create_report(reporter, year, kind, pattern, actor)
        _create_sections(report, drafts, actor)
    return report


def _check_year(year: int, today: dt.date) -> None:
    if not MIN_YEAR <= year <= today.year:
        raise ApplicationError(
            f"报告年度超出范围：{year}（应在 {MIN_YEAR} 年至 {today.year} 年之间）"
        )


def _require_data(reporter: Unit, year: int, book: figures.FigureBook) -> None:
    """A reporter none of whose registered indicators has a record in the year has no data."""
    indicators = registry.all()
    book.ensure(i.code for i in indicators)
    if not any(book.figure(i.code).value is not None for i in indicators):
        raise ApplicationError(
            f"“{reporter.name}”{year}年没有可用于起草报告的数据"
            f"（已登记的 {len(indicators)} 项指标均无记录），请先录入或导入业务数据"
        )


def outline_sections(
    parts: list[dict[str, Any]], reporter: Unit, year: int, book: figures.FigureBook
) -> list[SectionDraft]:
    """The sections the outline yields; modules with registered indicators that the outline does
    not name get a heading of their own at the end of part 1, so new domains fill in by
    themselves."""
    subject = reporters.scope_word(reporter)
    drafts = [SectionDraft(0, 0, "", body=opening(reporter, year))]
    named = {c.get("module") for p in parts for c in p.get("children", [])}
    for part in parts:
        children = list(part.get("children", []))
        if part["part"] == 1:
            children += [
                {"heading": f"{outline.module_label(m)}工作情况", "module": m}
                for m in outline.module_choices()
                if m not in named
            ]
        heading = outline.fill(part["heading"], unit=reporter.name, year=year)
        prompt = "" if children else outline.PART_PROMPTS[part["part"]]
        drafts.append(SectionDraft(part["part"], 1, heading, body=prompt))
        for index, child in enumerate(children, start=1):
            drafts.append(_child_draft(part["part"], index, child, reporter, year, book, subject))
    return drafts


def _child_draft(
    part: int,
    index: int,
    child: Mapping[str, Any],
    reporter: Unit,
    year: int,
    book: figures.FigureBook,
    subject: str,
) -> SectionDraft:
    heading = outline.fill(child["heading"], unit=reporter.name, year=year)
    if not heading.startswith(("（", "(")):
        heading = f"（{outline.sub_numeral(index)}）{heading}"
    module = child.get("module") or ""
    body = ""
    if module:
        body = figures.module_paragraph(module, book, year=year, subject=subject)
    return SectionDraft(part, 2, heading, module, body or outline.SUB_PROMPT)


def opening(reporter: Unit, year: int) -> str:
    return (
        f"{year}年，{reporter.name}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻"
        "习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，扎实推进法治政府建设。"
        "现将有关情况报告如下。"
    )


def _create_report(reporter: Unit, year: int, kind: str, pattern: str, actor: Any) -> Report:
    addressees = reporters.addressees(reporter)
    report = audited_create(
        Report,
        actor=actor,
        message=f"起草年度报告：{reporter.name} {year}年",
        reporter=reporter,
        year=year,
        kind=kind,
        title=outline.fill(pattern, unit=reporter.name, year=year),
        recipients=addressees.recipients,
        copies=addressees.copies,
        recipients_basis=addressees.basis,
        submission_due=reporters.submission_due(reporter, year),
        publication_due=reporters.publication_due(year),
        drafted_by=stored_actor(actor),
    )
    timeline = ReportEvent(
        report=report, action="draft", action_label="起草", note="根据业务数据生成初稿"
    )
    record_timeline(timeline, actor=actor, from_status="", to_status=Status.DRAFT)
    return report


def _create_sections(report: Report, drafts: list[SectionDraft], actor: Any) -> None:
    sections = Section.objects.bulk_create(
        Section(
            report=report,
            order=order,
            part=d.part,
            level=d.level,
            heading=d.heading,
            module=d.module,
            body=d.body,
        )
        for order, d in enumerate(drafts, start=1)
    )
    Revision.objects.bulk_create(
        Revision(
            section=s,
            number=1,
            heading=s.heading,
            body=s.body,
            author=stored_actor(actor),
            note="起草",
        )
        for s in sections
    )


# --- editing ------------------------------------------------------------------------------------


def save_section(
    *, section: Section, body: str, actor: Any, expected_version: int, note: str = ""
) -> Section:
    """Save a section's text (versioned: a stale copy is refused) and keep the revision."""
    report = section.report
    _require_editable(actor, report)
    body = clean_body(body)
    with transaction.atomic():
        section = versioned_update(
            section,
            expected_version=expected_version,
            changes={"body": body},
            actor=actor,
            message=f"修改年度报告章节：{section.label}",
        )
        add_revision(section=section, actor=actor, note=note or "修改")
    return section


def clean_body(body: str) -> str:
    lines = [line.strip() for line in (body or "").replace("\r\n", "\n").split("\n")]
    text = "\n".join(line for line in lines if line)
    if len(text) > MAX_BODY:
        raise ApplicationError(f"正文过长：{len(text)} 字，单个章节不超过 {MAX_BODY} 字")
    return text


def add_revision(*, section: Section, actor: Any, note: str) -> Revision:
    number = (section.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Revision.objects.create(
        section=section,
        number=number,
        heading=section.heading,
        body=section.body,
        author=stored_actor(actor),
        note=note[:200],
    )


def update_details(
    *,
    report: Report,
    title: str,
    recipients: list[str],
    copies: list[str],
    actor: Any,
    expected_version: int,
) -> Report:
    """Change the title and the addressees (the derived ones are only a default)."""
    _require_editable(actor, report)
    title = (title or "").strip()
    if not title:
        raise ApplicationError("请填写报告标题")
    recipients = [r.strip() for r in recipients if r.strip()]
    if not recipients:
        raise ApplicationError("请至少填写一个主送机关")
    changes = {
        "title": title[:200],
        "recipients": recipients,
        "copies": [c.strip() for c in copies if c.strip()],
    }
    return versioned_update(
        report,
        expected_version=expected_version,
        changes=changes,
        actor=actor,
        message="修改年度报告标题或报送对象",
    )


def _require_editable(actor: Any, report: Report) -> None:
    if not report.is_editable:
        raise ApplicationError(
            f"报告当前为“{Status(report.status).label}”，签发后不能修改正文（可由主要负责人撤销签发）"
        )
    if not policies.is_editor(actor, report):
        raise NotAllowedError("您无权修改该年度报告")


# --- the workflow -------------------------------------------------------------------------------


def transition(
    *,
    report: Report,
    action: Action,
    actor: Any,
    expected_version: int,
    data: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
) -> Report:
    """Run `action` on `report`: the guard of the action, then the conditional status change,
    the timeline line and the audit line. `data` holds the action's form fields."""
    data = data or {}
    today = today or timezone.localdate()
    _require_action(actor, report, action)
    prepare = PREPARE.get(action)
    changes, note = prepare(report, actor, data, today) if prepare else ({}, "")
    note = note or str(data.get("note", "")).strip()
    if action in (Action.RETURN, Action.REVOKE) and not note:
        raise ApplicationError(f"{action.label}：请填写理由")
    with transaction.atomic():
        if action == Action.SIGN_OFF:
            pin_figures(report)
        elif action == Action.REVOKE:
            report.pinned_figures.all().delete()
        t = TRANSITIONS[action]
        return audited_transition(
            report,
            sources=t.sources,
            target=t.target,
            expected_version=expected_version,
            changes=changes,
            actor=actor,
            message=f"年度报告{action.label}{('：' + note) if note else ''}",
            timeline=ReportEvent(
                report=report, action=action.value, action_label=action.label, note=note
            ),
        )


def _require_action(actor: Any, report: Report, action: Action) -> None:
    t = TRANSITIONS[action]
    if report.status not in t.sources:
        raise ApplicationError(
            f"{action.label}：报告当前为“{Status(report.status).label}”，不能{action.label}"
        )
    if not policies.can(actor, report, action):
        who = "报告单位的主要负责人" if action in (Action.SIGN_OFF, Action.REVOKE) else "报告编辑"
        raise NotAllowedError(f"{action.label}：只有{who}可以{action.label}")


def _prepare_sign_off(
    report: Report, actor: Any, data: Mapping[str, Any], today: dt.date
) -> tuple[dict[str, Any], str]:
    from fazhi.reports import checks

    if not data.get("secrecy_confirmed"):
        raise ApplicationError("签发：请确认公开文本不含国家秘密、工作秘密和个人信息")
    failed = [f for f in checks.run(report, today=today) if f.blocks]
    if failed:
        listed = "；".join(f.message for f in failed[:5])
        more = f"等 {len(failed)} 项" if len(failed) > 5 else ""
        raise ApplicationError(f"签发前检查未通过{more}：{listed}")
    title = str(data.get("signer_title", "")).strip() or getattr(actor, "position", "")
    changes = {
        "signed_off_by": actor,
        "signed_off_at": timezone.now(),
        "signer_title": title[:50],
    }
    return changes, ""


def _prepare_submit(
    report: Report, actor: Any, data: Mapping[str, Any], today: dt.date
) -> tuple[dict[str, Any], str]:
    day = _date(data.get("submitted_on"), "报送日期", today)
    to = str(data.get("submitted_to", "")).strip() or "、".join(report.recipients)
    receipt = str(data.get("receipt", "")).strip()
    if not receipt:
        raise ApplicationError("报送：请填写报送回执（如收文编号、系统回执号或签收人）")
    late = "（逾期报送）" if day > report.submission_due else ""
    changes = {"submitted_on": day, "submitted_to": to[:300], "receipt": receipt[:200]}
    return changes, f"报送{to}，回执：{receipt}{late}"


def _prepare_publish(
    report: Report, actor: Any, data: Mapping[str, Any], today: dt.date
) -> tuple[dict[str, Any], str]:
    day = _date(data.get("published_on"), "公开日期", today)
    where = str(data.get("published_where", "")).strip()
    if not where:
        raise ApplicationError("公开：请填写公开渠道（如政府门户网站“法治政府建设”专栏）")
    url = str(data.get("published_url", "")).strip()
    if url and not url.startswith(("http://", "https://")):
        raise ApplicationError(f"公开：网址应以 http:// 或 https:// 开头：{url}")
    changes = {"published_on": day, "published_where": where[:200], "published_url": url[:300]}
    late = "（逾期公开）" if day > report.publication_due else ""
    return changes, f"在{where}公开{late}"


def _date(value: Any, what: str, today: dt.date) -> dt.date:
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ApplicationError(
                f"{what}格式不正确：{value or '未填写'}（如 2026-02-27）"
            ) from None
    if day > today:
        raise ApplicationError(f"{what}不能晚于今天：{day}")
    return day


PREPARE = {
    Action.SIGN_OFF: _prepare_sign_off,
    Action.SUBMIT: _prepare_submit,
    Action.PUBLISH: _prepare_publish,
}


def pin_figures(report: Report) -> list[PinnedFigure]:
    """Freeze every figure the report's text refers to, as computed now, with the reporter's
    placing in the latest frozen run for each `|rank` and its overall result for
    `assessment.score` (a reference with a problem pins nothing)."""
    book = book_for(report, pinned=False)
    refs = [ref for s in report.sections.all() for ref in figures.parse_refs(s.body)]
    refs = [ref for ref in refs if not book.problem(ref)]
    book.load(refs)
    rows: dict[str, PinnedFigure] = {}
    for ref in refs:
        if ref.code == figures.ASSESSMENT_CODE:
            standing = book.current_standing()
            if standing is not None and ref.key not in rows:
                rows[ref.key] = _standing_row(report, ref.key, standing)
            continue
        if ref.key not in rows:
            rows[ref.key] = _pinned_row(report, ref.key, book.current(ref.key))
        if ref.field in figures.RANK_FIELDS:
            _set_placing(rows[ref.key], book.current_placing(ref.code))
    report.pinned_figures.all().delete()
    return PinnedFigure.objects.bulk_create(rows.values())


def _pinned_row(report: Report, key: str, figure: figures.Figure) -> PinnedFigure:
    return PinnedFigure(
        report=report,
        key=key,
        value=figure.value,
        previous_value=figure.previous_value,
        change=figure.change,
        # A manual figure with no return has no numerator; the column keeps 0 and `value` None.
        numerator=figure.numerator or 0,
        denominator=figure.denominator,
    )


def _standing_row(report: Report, key: str, standing: Standing) -> PinnedFigure:
    row = PinnedFigure(
        report=report,
        key=key,
        value=standing.score,
        colour=standing.colour,
    )
    _set_placing(row, standing.placing)
    # The name the sentence uses (the placing carries the run's full title).
    row.run_id, row.run_title = standing.run_id, standing.run[:200]
    return row


def _set_placing(row: PinnedFigure, placing: Placing | None) -> None:
    if placing is None:
        return
    row.rank, row.rank_among = placing.rank, placing.among
    row.rank_within, row.rank_level = placing.within[:100], placing.level
    row.run_id, row.run_title = placing.run_id, placing.run[:200]


def book_for(report: Report, *, pinned: bool = True) -> figures.FigureBook:
    """The figures of `report`: its pinned figures, placings and overall result once signed
    off, else computed (and read from the latest frozen run)."""
    frozen: dict[str, figures.Figure] = {}
    places: dict[str, Placing] = {}
    standing: Standing | None = None
    if pinned and report.is_signed:
        for row in report.pinned_figures.all():
            if row.key == figures.ASSESSMENT_CODE:
                standing = _pinned_standing(row)
                continue
            meta = _meta_of(row.key.split("@")[0])
            if meta is not None:
                frozen[row.key] = _pinned_figure(row, meta)
            if row.rank is not None:
                places[row.key] = _pinned_placing(row)
    return figures.book_of(
        report.reporter, report.year, pinned=frozen, places=places, standing=standing
    )


def _pinned_placing(row: PinnedFigure) -> Placing:
    return Placing(
        rank=row.rank or 0,
        among=row.rank_among or 0,
        within=row.rank_within,
        level=row.rank_level,
        run=row.run_title,
        run_id=row.run_id,
    )


def _pinned_standing(row: PinnedFigure) -> Standing | None:
    if row.value is None:
        return None
    return Standing(
        score=quantize(row.value, 2),
        placing=_pinned_placing(row) if row.rank is not None else None,
        colour=row.colour or Colour.GREY,
        run=row.run_title,
        run_id=row.run_id,
    )


def _meta_of(code: str) -> IndicatorMeta | None:
    try:
        return indicator_meta(code)
    except IndicatorNotFoundError:
        return None


def _pinned_figure(row: PinnedFigure, meta: IndicatorMeta) -> figures.Figure:
    def rounded(number: Decimal | None) -> Decimal | None:
        # A stored number back at the indicator's declared decimals (pinned rows keep 6).
        return None if number is None else quantize(number, meta.decimals)

    return figures.Figure(
        indicator=meta,
        value=rounded(row.value),
        previous_value=rounded(row.previous_value),
        change=rounded(row.change),
        numerator=row.numerator.normalize() if row.numerator is not None else 0,
        denominator=row.denominator,
    )


def record_export(*, report: Report, actor: Any, kind: str) -> None:
    """An export of a report is a security event (who took which text out, when)."""
    audit.record_security(
        event=audit.Event.EXPORT,
        user=stored_actor(actor),
        obj=report,
        message=f"导出年度报告（{kind}）：{report.title}",
    )
