"""The consistency rules of a case record, shared by the forms, the services and the ledger import.

Each check returns every problem it finds as (field name, Chinese message), so that a page can
show them beside the fields and an import can list them by row and column. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from fazhi.org.models import EXTERNAL_KINDS, UnitKind

from .enums import (
    QUALIFYING_HEAD_RANKS,
    RECON_NOT_ADMITTED,
    ActType,
    HeadAttendance,
    HeadRank,
    LawsuitOutcome,
    Procedure,
    ReconOutcome,
)
from .rules import EXTENSION_MAX_DAYS

Problem = tuple[str, str]


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _order(obj: Any, earlier: str, later: str) -> Iterator[Problem]:
    """`later` may not be before `earlier` when both are set."""
    a, b = getattr(obj, earlier), getattr(obj, later)
    if a and b and b < a:
        yield (
            later,
            f"{_label(obj, later)}（{b:%Y-%m-%d}）早于{_label(obj, earlier)}（{a:%Y-%m-%d}）",
        )


def _not_future(obj: Any, names: tuple[str, ...], today: dt.date) -> Iterator[Problem]:
    for name in names:
        value = getattr(obj, name)
        if value and value > today:
            yield name, f"{_label(obj, name)}（{value:%Y-%m-%d}）晚于今天，日期不可能"


def _outcome_and_date(obj: Any, kind: str) -> Iterator[Problem]:
    if obj.outcome and not obj.closed_on:
        yield "closed_on", f"已填写{kind}，须填写{_label(obj, 'closed_on')}"
    if obj.closed_on and not obj.outcome:
        yield "outcome", f"已填写{_label(obj, 'closed_on')}，须填写{kind}"


# The values once: an enumeration's `.values` rebuilds its list on every call, and the ledger
# import checks 100,000 rows.
_OUTCOME_VALUES = {
    ReconOutcome: frozenset(ReconOutcome.values),
    LawsuitOutcome: frozenset(LawsuitOutcome.values),
}


def outcome_problem(value: str, case_type: str) -> str | None:
    """The message for an outcome that is not one of `case_type`'s ("复议" or "诉讼")."""
    choices = ReconOutcome if case_type == "复议" else LawsuitOutcome
    if value in _OUTCOME_VALUES[choices]:
        return None
    other = LawsuitOutcome if case_type == "复议" else ReconOutcome
    if value in _OUTCOME_VALUES[other]:
        return f"结案方式“{other(value).label}”适用于行政{'诉讼' if case_type == '复议' else '复议'}案件，不适用于行政{case_type}案件"
    return f"未知的结案方式：{value}"


RECON_DATES = (
    "applied_on",
    "received_on",
    "correction_requested_on",
    "correction_supplied_on",
    "accepted_on",
    "copy_sent_on",
    "reply_received_on",
    "hearing_on",
    "extended_on",
    "closed_on",
)


def reconsideration_problems(case: Any, today: dt.date) -> list[Problem]:
    """Every inconsistency of a 复议 record (行政复议法 第30、53、62条 and date order)."""
    problems = list(_not_future(case, RECON_DATES, today))
    for earlier, later in (
        ("applied_on", "received_on"),
        ("received_on", "correction_requested_on"),
        ("correction_requested_on", "correction_supplied_on"),
        ("received_on", "accepted_on"),
        ("accepted_on", "copy_sent_on"),
        ("copy_sent_on", "reply_received_on"),
        ("accepted_on", "hearing_on"),
        ("received_on", "closed_on"),
        ("accepted_on", "closed_on"),
    ):
        problems += _order(case, earlier, later)
    problems += _outcome_and_date(case, "结案方式")
    problems += _recon_procedure(case)
    return problems


def _recon_procedure(case: Any) -> Iterator[Problem]:
    if case.outcome:
        message = outcome_problem(case.outcome, "复议")
        if message:
            yield "outcome", message
    if case.outcome in RECON_NOT_ADMITTED and case.accepted_on:
        yield "accepted_on", f"结案方式为“{ReconOutcome(case.outcome).label}”的案件不应有受理日期"
    if case.procedure == Procedure.SIMPLE and not case.simple_ground:
        yield "simple_ground", "适用简易程序须选择第53条规定的适用情形"
    if case.procedure == Procedure.NORMAL and case.simple_ground:
        yield "simple_ground", "普通程序案件不填写简易程序适用情形"
    if case.quick_fine and case.act_type != ActType.PENALTY:
        yield "quick_fine", "“小额罚款快速通关”只适用于行政处罚案件"
    if case.extension_days > EXTENSION_MAX_DAYS:
        yield (
            "extension_days",
            f"延期不得超过 {EXTENSION_MAX_DAYS} 日（行政复议法 第62条），填写的是 {case.extension_days} 日",
        )
    if case.extension_days and case.procedure == Procedure.SIMPLE:
        yield "extension_days", "简易程序案件不能延期（行政复议法 第62条）"
    if case.hearing_held and not case.hearing_on:
        yield "hearing_on", "已听证的案件须填写听证日期"
    if not case.hearing_held and case.head_attendance != HeadAttendance.NOT_APPLICABLE:
        yield "head_attendance", "未听证的案件不记录负责人参加听证情况"
    if case.hearing_held and case.head_attendance == HeadAttendance.NOT_APPLICABLE:
        yield "head_attendance", "已听证的案件须记录被申请人负责人是否参加（行政复议法 第51条）"


LAWSUIT_DATES = ("filed_on", "complaint_received_on", "answered_on", "closed_on", "served_on")


def lawsuit_problems(case: Any, today: dt.date) -> list[Problem]:
    """Every inconsistency of a 诉讼 record (行政诉讼法 第26、62、67条 and date order)."""
    problems = list(_not_future(case, LAWSUIT_DATES, today))
    for earlier, later in (
        ("filed_on", "complaint_received_on"),
        ("complaint_received_on", "answered_on"),
        ("filed_on", "closed_on"),
        ("closed_on", "served_on"),
    ):
        problems += _order(case, earlier, later)
    problems += _outcome_and_date(case, "裁判结果")
    if case.outcome:
        message = outcome_problem(case.outcome, "诉讼")
        if message:
            problems.append(("outcome", message))
    if case.defendant_changed_act and case.outcome != LawsuitOutcome.WITHDRAWN:
        problems.append(("defendant_changed_act", "“被告改变行政行为后撤诉”只在以撤诉结案时填写"))
    problems += _lawsuit_units(case)
    return problems


def _lawsuit_units(case: Any) -> Iterator[Problem]:
    court = getattr(case, "court", None) if case.court_id else None
    if court is not None and court.kind != UnitKind.COURT:
        yield "court", f"“{court.name}”不是人民法院"
    for name in ("defendant", "co_defendant"):
        unit = getattr(case, name) if getattr(case, f"{name}_id") else None
        if unit is not None and unit.kind in EXTERNAL_KINDS:
            yield name, f"“{unit.name}”不是行政机关，不能作为{_label(case, name)}"
    if case.co_defendant_id and case.co_defendant_id == case.defendant_id:
        yield "co_defendant", "共同被告不能与被告为同一单位"


def hearing_problems(hearing: Any) -> list[Problem]:
    """最高法《关于行政机关负责人出庭应诉若干问题的规定》(2020) 第2、5、8–9条."""
    problems: list[Problem] = []
    if hearing.head_appeared:
        if not hearing.head_rank:
            problems.append(("head_rank", "负责人出庭须填写出庭人员身份"))
        elif hearing.head_rank not in QUALIFYING_HEAD_RANKS:
            label = HeadRank(hearing.head_rank).label
            problems.append(
                (
                    "head_rank",
                    f"{label}不计为行政机关负责人出庭（最高法 2020 年规定 第2条），请记为负责人未出庭并说明理由",
                )
            )
        if not hearing.head_name:
            problems.append(("head_name", "负责人出庭须填写出庭人员姓名"))
    elif hearing.head_requested and not hearing.excuse:
        problems.append(("excuse", "法院通知负责人出庭而未出庭的，须填写理由（规定 第8–9条）"))
    if hearing.notice_served_on and hearing.notice_served_on > hearing.held_on:
        problems.append(("notice_served_on", "出庭通知送达日期晚于开庭日期"))
    return problems


def hearing_date_problems(hearing: Any, filed_on: dt.date | None, today: dt.date) -> list[Problem]:
    """A hearing is held after the case was filed, and recorded once it was held."""
    problems: list[Problem] = []
    if filed_on and hearing.held_on < filed_on:
        problems.append(("held_on", "开庭日期早于立案日期"))
    if hearing.held_on > today:
        problems.append(("held_on", "开庭日期晚于今天；请在开庭后登记"))
    return problems
