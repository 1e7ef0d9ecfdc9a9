"""What the case pages show, read from a case the user may see: parties masked, due dates
as badges, the timeline (dated facts and the audit trail), the deadline table, the hearings.

Nothing here writes or checks scope; the views in `pages_cases` fetch the case first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from fazhi.core import audit
from fazhi.core.deadlines import DeadlineRule, DueItem, due_item, effective_count
from fazhi.core.masking import mask
from fazhi.core.models import AuditEvent

from . import rules, services
from .enums import (
    SUSPENSION_TERMINATES_AFTER_60_DAYS,
    Instance,
    LawsuitStatus,
    PartyKind,
    Procedure,
    ReconStatus,
)
from .models import Lawsuit, Reconsideration

TIMELINE_EVENTS = 200

# ---------------------------------------------------------------------------------------------
# Parties, masked


def _party_name(party: Any, reveal_names: bool) -> str:
    if reveal_names or party.kind == PartyKind.ORGANISATION:
        return str(party.name)
    return mask(party.name, "name")


def party_summary(parties: Iterable[Any], reveal_names: bool, limit: int = 2) -> str:
    names = [_party_name(p, reveal_names) for p in parties]
    more = f"等 {len(names)} 人" if len(names) > limit else ""
    return "、".join(names[:limit]) + more


def party_details(
    parties: Iterable[Any], *, reveal_names: bool, full: bool
) -> list[dict[str, str]]:
    """Each party for the case page: names masked without the permission, the rest masked
    until revealed (`full`)."""
    rows = []
    for p in parties:
        shown = full and reveal_names
        rows.append(
            {
                "kind": p.get_kind_display(),
                "name": _party_name(p, reveal_names),
                "id_number": p.id_number if shown else mask(p.id_number, "id_number"),
                "phone": p.phone if shown else mask(p.phone, "phone"),
                "address": p.address if shown else mask(p.address, "address"),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Due dates shown as badges


def case_due(
    case: Any,
    today: dt.date,
    *,
    module: str = "",
    title: str = "",
    unit_name: str = "",
    url: str = "",
) -> DueItem | None:
    """The due date of the case's current stage, with its status (None when nothing runs).

    The stored date where there is one; otherwise the stage's rule from its start, so that a
    period reaching into a year the calendar lacks shows "YYYY 年节假日安排未录入" rather than
    nothing (or a crash). `module`, `title`, `unit_name` and `url` label the item where it is
    listed among others (the risk board, the 通报)."""
    if isinstance(case, Reconsideration):
        if case.status not in services.RECON_RUNNING:
            return None
        due, (rule, start) = case.due_on, services.stage_rule(case)
    elif case.status == LawsuitStatus.ANSWERING:
        due, rule, start = case.answer_due_on, rules.ANSWER, case.complaint_received_on
    elif case.status == LawsuitStatus.DECIDED and not case.appealed and case.served_on:
        due, rule, start = None, services.appeal_rule(case), case.served_on
    else:
        return None
    if due is None and start is None:
        return None
    return due_item(
        module=module,
        title=title,
        unit_name=unit_name,
        url=url,
        today=today,
        due=due,
        rule=rule,
        start=start,
    )


# ---------------------------------------------------------------------------------------------
# Timeline: the dated facts of the case and its audit trail, in one chronological list


@dataclass(frozen=True)
class TimelineEntry:
    day: dt.date
    label: str
    detail: str = ""
    who: str = ""
    at: dt.datetime | None = None  # when it was recorded (audit events only)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.day, self.at is not None, self.at or dt.datetime.min.replace(tzinfo=dt.UTC))


RECON_FACTS = (
    ("applied_on", "申请人提出复议申请"),
    ("received_on", "收到复议申请"),
    ("correction_requested_on", "通知补正"),
    ("correction_supplied_on", "申请人补正材料"),
    ("accepted_on", "受理"),
    ("copy_sent_on", "发送申请书副本"),
    ("reply_received_on", "被申请人提交书面答复"),
    ("hearing_on", "听证"),
    ("extended_on", "批准延期"),
    ("closed_on", "结案"),
)
LAWSUIT_FACTS = (
    ("filed_on", "法院立案"),
    ("complaint_received_on", "收到起诉状副本"),
    ("answered_on", "提交答辩状"),
    ("closed_on", "作出裁判"),
    ("served_on", "裁判文书送达"),
)


def _fact_detail(case: Any, name: str) -> str:
    if name == "closed_on" and case.outcome:
        return str(case.get_outcome_display())
    if name == "extended_on" and case.extension_days:
        return f"延长 {case.extension_days} 日"
    if name == "accepted_on" and getattr(case, "deemed_accepted", False):
        return "期满视为受理（第30条）"
    if name == "hearing_on" and case.head_attendance:
        return str(case.get_head_attendance_display())
    return ""


def _facts(case: Any) -> list[TimelineEntry]:
    names = RECON_FACTS if isinstance(case, Reconsideration) else LAWSUIT_FACTS
    entries = [
        TimelineEntry(getattr(case, name), label, _fact_detail(case, name))
        for name, label in names
        if getattr(case, name)
    ]
    if isinstance(case, Reconsideration):
        for s in case.suspensions.all():
            entries.append(TimelineEntry(s.suspended_on, "中止", s.get_reason_display()))
            if s.resumed_on:
                entries.append(TimelineEntry(s.resumed_on, "恢复审理"))
    else:
        for h in case.hearings.all():
            entries.append(TimelineEntry(h.held_on, "开庭", _hearing_line(h)))
    return entries


def _hearing_line(h: Any) -> str:
    if h.counts:
        return f"负责人出庭：{h.head_name}（{h.head_position or h.get_head_rank_display()}）"
    return "负责人未出庭" + (f"：{h.excuse}" if h.excuse else "")


# Bookkeeping columns a change line leaves out.
_UNSHOWN = ("version", "updated_at")


def _change_summary(model: Any, event: AuditEvent) -> str:
    """ "状态：审理中 → 已结案；结案日期：2026-06-29" from an audit row's changes."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    changes = event.changes if isinstance(event.changes, dict) else {}
    parts = []
    for attname, pair in changes.items():
        field = by_attname.get(attname)
        if field is None or attname in _UNSHOWN or not isinstance(pair, list):
            continue
        label = audit.field_label(event.object_type, attname)
        if field.is_relation:
            parts.append(f"{label}已更改")
            continue
        old, new = (_shown(field, v) for v in pair)
        parts.append(f"{label}：{old} → {new}" if old != "—" else f"{label}：{new}")
    return "；".join(parts[:8])


def _shown(field: Any, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    return audit.display_value(value)


def timeline(case: Any) -> list[TimelineEntry]:
    events = audit.events_for(case)[:TIMELINE_EVENTS]
    entries = _facts(case)
    for event in events:
        at = timezone.localtime(event.created_at)
        created = event.event == audit.Event.CREATE
        entries.append(
            TimelineEntry(
                at.date(),
                event.message or audit.event_label(event.event),
                "" if created else _change_summary(type(case), event),
                who=event.actor_name,
                at=at,
            )
        )
    return sorted(entries, key=lambda e: e.sort_key)


# ---------------------------------------------------------------------------------------------
# The case's deadlines: which rule, from when, due when, on what legal basis


@dataclass(frozen=True)
class DeadlineRow:
    rule: DeadlineRule
    start: dt.date | None
    item: DueItem | None
    note: str = ""


def _row(
    rule: DeadlineRule,
    start: dt.date | None,
    today: dt.date,
    *,
    done: bool,
    due: dt.date | None = None,
    note: str = "",
) -> DeadlineRow:
    item = due_item(
        module="", title=rule.name, unit_name="", today=today, due=due, rule=rule, start=start,
        done=done,
    )  # fmt: skip
    return DeadlineRow(rule, start, item, note)


def deadline_rows(case: Any, today: dt.date) -> list[DeadlineRow]:
    if isinstance(case, Reconsideration):
        return _recon_deadlines(case, today)
    return _lawsuit_deadlines(case, today)


def _recon_deadlines(case: Reconsideration, today: dt.date) -> list[DeadlineRow]:
    closed = case.status == ReconStatus.CLOSED
    rows = []
    if case.status != ReconStatus.CORRECTING:
        start = services.admission_start(case)
        rows.append(_row(rules.ADMISSION, start, today, done=bool(case.accepted_on or closed)))
    if case.correction_requested_on:
        done = bool(case.correction_supplied_on) or case.status != ReconStatus.CORRECTING
        rows.append(_row(rules.CORRECTION_SUPPLY, case.correction_requested_on, today, done=done))
    if case.accepted_on:
        copy = rules.COPY_SIMPLE if case.procedure == Procedure.SIMPLE else rules.COPY_NORMAL
        rows.append(_row(copy, case.accepted_on, today, done=bool(case.copy_sent_on or closed)))
    if case.copy_sent_on:
        done = bool(case.reply_received_on or closed)
        rows.append(_row(services.reply_rule(case), case.copy_sent_on, today, done=done))
    if case.accepted_on:
        rows.append(_decision_row(case, today))
    rows += _suspension_rows(case, today)
    return rows


def _decision_row(case: Reconsideration, today: dt.date) -> DeadlineRow:
    rule = services.decision_rule(case)
    notes = []
    if case.extension_days:
        notes.append(f"含延期 {case.extension_days} 日")
    if case.suspended_days:
        notes.append(f"中止 {case.suspended_days} 日不计入")
    if case.quick_fine:
        quick = rules.QUICK_FINE
        notes.append(
            f"小额罚款快速通关：{quick.describe(effective_count(quick))}内（{quick.basis}）"
        )
    if case.status == ReconStatus.SUSPENDED:
        notes.append("中止期间期限暂停计算，恢复审理后重新计算")
        return DeadlineRow(rule, case.accepted_on, None, "；".join(notes))
    # A closed case keeps its stored date; without a date (the calendar lacks a year) the row
    # computes the plain period from the rule, which names the missing year.
    due = services.reconsideration_due(case)
    done = case.status == ReconStatus.CLOSED
    return _row(rule, case.accepted_on, today, done=done, due=due, note="；".join(notes))


def _suspension_rows(case: Reconsideration, today: dt.date) -> list[DeadlineRow]:
    if case.status != ReconStatus.SUSPENDED:
        return []
    rows = []
    for s in case.suspensions.all():
        if s.resumed_on is None and s.reason in SUSPENSION_TERMINATES_AFTER_60_DAYS:
            note = "期满仍未消除中止原因的，行政复议终止"
            rows.append(_row(rules.SUSPENSION_END, s.suspended_on, today, done=False, note=note))
    return rows


def _lawsuit_deadlines(case: Lawsuit, today: dt.date) -> list[DeadlineRow]:
    rows = []
    if case.complaint_received_on:
        done = bool(case.answered_on) or case.status in (
            LawsuitStatus.TRIAL, LawsuitStatus.DECIDED, LawsuitStatus.CLOSED,
        )  # fmt: skip
        rows.append(
            _row(rules.ANSWER, case.complaint_received_on, today, done=done, due=case.answer_due_on)
        )
    instance_rule = {
        Instance.FIRST: rules.SIMPLE_INSTANCE if case.simple_procedure else rules.FIRST_INSTANCE,
        Instance.SECOND: rules.SECOND_INSTANCE,
    }.get(Instance(case.instance))
    if instance_rule is not None:
        note = "人民法院的审理期限，供参考"
        rows.append(_row(instance_rule, case.filed_on, today, done=bool(case.closed_on), note=note))
    if case.served_on and case.outcome:
        rule = services.appeal_rule(case)
        done = case.status == LawsuitStatus.CLOSED or case.appealed
        rows.append(_row(rule, case.served_on, today, done=done))
    return rows


def hearing_rows(case: Lawsuit) -> list[dict[str, Any]]:
    """Each hearing, and whether the 出庭通知 came at least 3 days before (规定 第5条)."""
    rows = []
    for h in case.hearings.all():
        notice_days = (h.held_on - h.notice_served_on).days if h.notice_served_on else None
        late = notice_days is not None and notice_days < rules.HEARING_NOTICE_MIN_DAYS
        rows.append({"hearing": h, "notice_days": notice_days, "late_notice": late})
    return rows
