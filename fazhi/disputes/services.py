"""Every write to a dispute case: registration, transitions, hearings, 争议化解.

Each service runs in one transaction, checks the record with `checks`, stores the derived
fields (纠错, 败诉, 办案天数, due dates) and writes one audit line. A transition is refused with a
Chinese message when the table in `workflow.py` does not allow it from the case's status, when
the actor may not take it, or when its statutory guard fails; nothing is stored then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, calendar
from fazhi.core.deadlines import DeadlineRule, due_date, due_date_or_none, effective_count
from fazhi.core.exceptions import ApplicationError, CalendarMissingError
from fazhi.core.permissions import Perm, has_perm
from fazhi.core.services import audited_create, versioned_update
from fazhi.org.scoping import scope_q, visible_units

from . import rules
from .checks import (
    Problem,
    hearing_date_problems,
    hearing_problems,
    lawsuit_problems,
    reconsideration_problems,
)
from .enums import (
    LAWSUIT_RULINGS,
    RECON_CLOSE_OUTCOMES,
    RECON_EARLY_ENDINGS,
    SUSPENSION_TERMINATES_AFTER_60_DAYS,
    LawsuitStatus,
    Procedure,
    ProgressKind,
    ReconOutcome,
    ReconStatus,
    SuspensionReason,
)
from .models import (
    Applicant,
    Hearing,
    Lawsuit,
    Plaintiff,
    ProgressEntry,
    Reconsideration,
    RiskNotice,
    Suspension,
)
from .workflow import LAWSUIT_TRANSITIONS, RECON_TRANSITIONS, Side, Transition


class CaseProblemsError(ApplicationError):
    """A record breaks one or more rules; `problems` lists them by field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("；".join(message for _field, message in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class PartyData:
    name: str
    kind: str = "person"
    id_number: str = ""
    phone: str = ""
    address: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def _raise_if(problems: Sequence[Problem]) -> None:
    if problems:
        raise CaseProblemsError(problems)


def _clean(obj: Any, exclude: list[str] | None = None) -> None:
    """`obj.full_clean()`, its field errors refused as CaseProblemsError (by field)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise CaseProblemsError([(k, "；".join(v)) for k, v in exc.message_dict.items()]) from None


# ---------------------------------------------------------------------------------------------
# Derived fields and due dates


# The statuses in which a 复议 stage's period runs (中止 pauses it; 结案 ends it).
RECON_RUNNING = frozenset({ReconStatus.RECEIVED, ReconStatus.CORRECTING, ReconStatus.ACCEPTED})


def admission_start(case: Reconsideration) -> dt.date:
    """受理审查 runs from receipt of the application, or afresh from the 补正 (第30、31条)."""
    return case.correction_supplied_on or case.received_on


def decision_rule(case: Reconsideration) -> DeadlineRule:
    """作出复议决定: 60 days from 受理, 30 under 简易程序 (第62条)."""
    return rules.DECISION_SIMPLE if case.procedure == Procedure.SIMPLE else rules.DECISION_NORMAL


def reply_rule(case: Reconsideration) -> DeadlineRule:
    """被申请人's written reply: 10 WD from the copy being sent, 5 under 简易程序 (第48、54条)."""
    return rules.REPLY_SIMPLE if case.procedure == Procedure.SIMPLE else rules.REPLY_NORMAL


def stage_rule(case: Reconsideration) -> tuple[DeadlineRule, dt.date | None]:
    """The rule the case's current stage runs under and the day it runs from: 受理审查 while
    received, 补正 while correcting, else the decision (paused while 中止)."""
    if case.status == ReconStatus.RECEIVED:
        return rules.ADMISSION, admission_start(case)
    if case.status == ReconStatus.CORRECTING:
        return rules.CORRECTION_SUPPLY, case.correction_requested_on
    return decision_rule(case), case.accepted_on


def reconsideration_due(case: Reconsideration) -> dt.date | None:
    """The date the case's current stage must be done by (`stage_rule`); None while 中止, or
    while the calendar lacks a year the period reaches into (the inbox then shows the item with
    the missing year, and computes it once entered). A closed case keeps its last one."""
    if case.status == ReconStatus.CLOSED:
        return case.due_on
    if case.status not in RECON_RUNNING:
        return None
    rule, start = stage_rule(case)
    if case.status != ReconStatus.ACCEPTED:
        return due_date_or_none(rule, start)
    return _decision_due(case, rule, start)


def _decision_due(
    case: Reconsideration, rule: DeadlineRule, accepted_on: dt.date | None
) -> dt.date | None:
    """The decision period from 受理, plus the days suspended and the approved extension
    (第39、62条); a quick-lane fine case its own shorter limit."""
    if accepted_on is None:
        return None
    try:
        due = calendar.add_calendar_days(accepted_on, effective_count(rule) + case.suspended_days)
        if case.extension_days:  # the extension runs from the end of the original period
            due = calendar.add_calendar_days(due, case.extension_days)
        if case.quick_fine:
            due = min(due, due_date(rules.QUICK_FINE, accepted_on))
    except CalendarMissingError:
        return None
    return due


def reply_due(case: Reconsideration) -> dt.date | None:
    """被申请人's reply (`reply_rule`); None before the copy is sent or while the calendar
    lacks the year."""
    return due_date_or_none(reply_rule(case), case.copy_sent_on)


def lawsuit_due(case: Lawsuit) -> dt.date | None:
    """应诉答辩 15 days from receiving the complaint (第67条); None without the complaint or
    while the calendar lacks the year."""
    return due_date_or_none(rules.ANSWER, case.complaint_received_on)


def appeal_due(case: Lawsuit) -> dt.date | None:
    """上诉 15 days after a judgment is served, 10 after a ruling (第85条)."""
    if not case.served_on or not case.outcome:
        return None
    return due_date(appeal_rule(case), case.served_on)


def appeal_rule(case: Lawsuit) -> DeadlineRule:
    return rules.APPEAL_RULING if case.outcome in LAWSUIT_RULINGS else rules.APPEAL_JUDGMENT


# ---------------------------------------------------------------------------------------------
# Who may act


def may_act(user: Any, case: Reconsideration | Lawsuit, side: Side) -> bool:
    """Whether `user` may take a transition of `side` on `case` (and edit it at all)."""
    if not has_perm(user, Perm.EDIT_BUSINESS):
        return False
    if isinstance(case, Reconsideration) and side != Side.EITHER:
        fields = {
            Side.HANDLER: ("handling_unit",),
            Side.RESPONDENT: ("respondent", "risk_unit"),
        }[side]
        return Reconsideration.objects.filter(pk=case.pk).filter(scope_q(user, *fields)).exists()
    # Either side of a 复议 case, and any side of a lawsuit: whoever may see the case.
    return type(case).objects.visible_to(user).filter(pk=case.pk).exists()


def _check_transition(case: Any, spec: Transition | None, name: str, actor: Any) -> Transition:
    if spec is None:
        raise ApplicationError(f"未知的办理环节：{name}")
    if case.status not in spec.sources:
        raise ApplicationError(
            f"案件“{case.case_number}”当前状态为“{case.get_status_display()}”，不能“{spec.label}”"
        )
    if not may_act(actor, case, spec.side):
        raise ApplicationError(f"您无权对案件“{case.case_number}”办理“{spec.label}”")
    return spec


# Steps that only a lapsed period opens (视为受理 第30条, 视为放弃 第31条): offered once it lapsed.
_AFTER_DUE = {"deem_accept", "abandon"}
# One-off steps, no longer offered once their date (or mark) is recorded; their guards refuse
# them a second time.
_ONCE = {
    "send_copy": "copy_sent_on",
    "record_reply": "reply_received_on",
    "consult_committee": "committee_consulted",
    "extend": "extension_days",
}


def available_transitions(
    user: Any, case: Reconsideration | Lawsuit, today: dt.date
) -> list[Transition]:
    """The transitions the case page offers `user`: allowed from the case's status, open at
    this point of the case (a lapsed period, a one-off step not yet taken), and of a side the
    user may act for."""
    table = RECON_TRANSITIONS if isinstance(case, Reconsideration) else LAWSUIT_TRANSITIONS
    sides: dict[Side, bool] = {}
    offered = []
    for spec in table.values():
        if case.status not in spec.sources or not _offered(spec, case, today):
            continue
        if spec.side not in sides:
            sides[spec.side] = may_act(user, case, spec.side)
        if sides[spec.side]:
            offered.append(spec)
    return offered


def _offered(spec: Transition, case: Reconsideration | Lawsuit, today: dt.date) -> bool:
    if not isinstance(case, Reconsideration):
        return True
    if spec.name in _AFTER_DUE and case.due_on:
        return today > case.due_on
    if spec.name in _ONCE and getattr(case, _ONCE[spec.name]):
        return False
    if spec.name == "record_reply" and not case.copy_sent_on:
        return False
    return not (spec.name == "to_normal" and case.procedure != Procedure.SIMPLE)


def _apply(
    case: Any, spec: Transition, changes: dict[str, Any], *, actor: Any, expected_version: int
) -> Any:
    """Store the guard's `changes` (and the transition's target status) with the derived fields
    they lead to, as one TRANSITION line; then the guard's side effect, if any."""
    if spec.target:
        changes["status"] = spec.target
    side_effect = changes.pop("_after", None)
    candidate = type(case).objects.get(pk=case.pk)
    for key, value in changes.items():
        setattr(candidate, key, value)
    changes.update(_check_and_derive(candidate))
    updated = versioned_update(
        case,
        expected_version=expected_version,
        changes=changes,
        actor=actor,
        message=spec.label,
        event=audit.Event.TRANSITION,
    )
    if side_effect:
        side_effect(updated)
    return updated


def _check_and_derive(case: Reconsideration | Lawsuit) -> dict[str, Any]:
    """Refuse the record when `checks` finds problems; else set its derived fields (纠错,
    办案天数, 决定期限; or 败诉, 答辩期限) and return them."""
    if isinstance(case, Reconsideration):
        _raise_if(reconsideration_problems(case, _today()))
        case.derive()
        case.due_on = reconsideration_due(case)
        return {key: getattr(case, key) for key in ("corrected", "handling_days", "due_on")}
    _raise_if(lawsuit_problems(case, _today()))
    case.derive()
    case.answer_due_on = lawsuit_due(case)
    return {"lost": case.lost, "answer_due_on": case.answer_due_on}


def _field_values(case: Reconsideration | Lawsuit) -> dict[str, Any]:
    """The values of a case built in memory, for `audited_create`."""
    return {
        f.name: getattr(case, f.name)
        for f in case._meta.concrete_fields
        if f.name not in ("id", "version", "created_at", "updated_at")
    }


# ---------------------------------------------------------------------------------------------
# 行政复议


@transaction.atomic
def register_reconsideration(
    *, actor: Any, applicants: Sequence[PartyData], **fields: Any
) -> Reconsideration:
    """Register a received application (status 受理审查中) with its applicants."""
    if not applicants:
        raise CaseProblemsError([("applicants", "至少填写一名申请人")])
    case = Reconsideration(status=ReconStatus.RECEIVED, **fields)
    _check_and_derive(case)
    _check_new_case_scope(actor, case, ("handling_unit",))
    values = _field_values(case)
    created = audited_create(Reconsideration, actor=actor, message="登记复议申请", **values)
    _add_parties(Applicant, created, applicants)
    return created


def _check_new_case_scope(actor: Any, case: Any, fields: tuple[str, ...]) -> None:
    """A new case must name a unit the actor may act for."""
    if not has_perm(actor, Perm.EDIT_BUSINESS):
        raise ApplicationError("您无权登记案件")
    ids = [getattr(case, f"{name}_id") for name in fields]
    if not visible_units(actor).filter(pk__in=ids).exists():
        raise ApplicationError("您只能为本单位（或本辖区）登记案件")


def party_rows(model: Any, case: Any, parties: Sequence[PartyData]) -> list[Any]:
    """The applicant (or plaintiff) rows of `case`, unsaved, numbered in the order given."""
    return [
        model(case=case, sort_order=order, **party.__dict__) for order, party in enumerate(parties)
    ]


def _add_parties(model: Any, case: Any, parties: Sequence[PartyData]) -> None:
    for row in party_rows(model, case, parties):
        _clean(row)
        row.save()


@transaction.atomic
def transition_reconsideration(
    case: Reconsideration,
    name: str,
    *,
    actor: Any,
    expected_version: int,
    params: Mapping[str, Any] | None = None,
) -> Reconsideration:
    """Take the transition `name` with `params`; see RECON_TRANSITIONS for what each needs."""
    spec = _check_transition(case, RECON_TRANSITIONS.get(name), name, actor)
    params = dict(params or {})
    missing = [p for p in spec.params if p not in params and p not in _RECON_OPTIONAL]
    if missing:
        raise ApplicationError(f"“{spec.label}”缺少：{'、'.join(missing)}")
    changes = _RECON_GUARDS[name](case, params)
    return _apply(case, spec, changes, actor=actor, expected_version=expected_version)


# Parameters a guard defaults (普通程序; 撤回) or asks for itself (结案方式).
_RECON_OPTIONAL = {"procedure", "simple_ground", "outcome"}


def _date(params: Mapping[str, Any], key: str, label: str) -> dt.date:
    value = params.get(key)
    if not isinstance(value, dt.date):
        raise ApplicationError(f"请填写{label}")
    return value


def _guard_accept(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    accepted_on = _date(p, "accepted_on", "受理日期")
    limit = due_date(rules.ADMISSION, admission_start(case))
    if accepted_on > limit:
        raise ApplicationError(
            f"受理审查期限已于 {limit:%Y-%m-%d} 届满（行政复议法 第30条），期满未决定不予受理的视为受理，请办理“视为受理”"
        )
    procedure = p.get("procedure") or Procedure.NORMAL
    return {
        "accepted_on": accepted_on,
        "procedure": procedure,
        "simple_ground": p.get("simple_ground") or "",
    }


def _guard_deem_accept(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    limit = due_date(rules.ADMISSION, admission_start(case))
    if _today() <= limit:
        raise ApplicationError(f"受理审查期限 {limit:%Y-%m-%d} 尚未届满，不能视为受理")
    return {"accepted_on": limit, "deemed_accepted": True}


def _guard_request_correction(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    on = _date(p, "correction_requested_on", "通知补正日期")
    limit = due_date(rules.CORRECTION_REQUEST, case.received_on)
    if on > limit:
        raise ApplicationError(
            f"应在收到申请后 5 个工作日内（{limit:%Y-%m-%d} 前）一次性通知补正（第31条）"
        )
    if case.correction_requested_on:
        raise ApplicationError("补正通知只能一次性发出（行政复议法 第31条）")
    return {"correction_requested_on": on}


def _guard_supply_correction(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    return {"correction_supplied_on": _date(p, "correction_supplied_on", "补正材料日期")}


def _guard_abandon(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    on = _date(p, "closed_on", "结案日期")
    limit = due_date(rules.CORRECTION_SUPPLY, case.correction_requested_on or case.received_on)
    if on <= limit:
        raise ApplicationError(f"补正期限至 {limit:%Y-%m-%d}，期满未补正才视为放弃申请（第31条）")
    return {"closed_on": on, "outcome": ReconOutcome.ABANDONED}


def _guard_refuse(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    return {"closed_on": _date(p, "closed_on", "决定日期"), "outcome": ReconOutcome.NOT_ACCEPTED}


def _guard_resolve_early(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    outcome = p.get("outcome") or ReconOutcome.WITHDRAWN
    if outcome not in RECON_EARLY_ENDINGS:
        raise ApplicationError("立案前化解以申请人撤回或和解撤回结案")
    return {
        "closed_on": _date(p, "closed_on", "结案日期"),
        "outcome": outcome,
        "pre_filing_resolved": True,
    }


def _guard_send_copy(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    if case.copy_sent_on:
        raise ApplicationError(f"申请书副本已于 {case.copy_sent_on:%Y-%m-%d} 发送")
    return {"copy_sent_on": _date(p, "copy_sent_on", "发送日期")}


def _guard_record_reply(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    if not case.copy_sent_on:
        raise ApplicationError("尚未发送申请书副本，不能登记答复")
    if case.reply_received_on:
        raise ApplicationError(f"已于 {case.reply_received_on:%Y-%m-%d} 收到答复")
    return {"reply_received_on": _date(p, "reply_received_on", "收到答复日期")}


def _guard_hold_hearing(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "hearing_held": True,
        "hearing_on": _date(p, "hearing_on", "听证日期"),
        "head_attendance": p.get("head_attendance") or "",
    }


def _guard_consult(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    if case.committee_consulted:
        raise ApplicationError("已提请复议委员会咨询")
    return {"committee_consulted": True}


def _guard_to_normal(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    if case.procedure != Procedure.SIMPLE:
        raise ApplicationError("本案已适用普通程序")
    return {"procedure": Procedure.NORMAL, "simple_ground": ""}


def _guard_extend(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    days = p.get("extension_days")
    if case.extension_days:
        raise ApplicationError("复议期限只能延长一次（行政复议法 第62条）")
    if case.procedure == Procedure.SIMPLE:
        raise ApplicationError("简易程序案件不能延期；确需延长的，先转为普通程序（第55条）")
    if not isinstance(days, int) or not 1 <= days <= rules.EXTENSION_MAX_DAYS:
        raise ApplicationError(
            f"延期天数须为 1 至 {rules.EXTENSION_MAX_DAYS} 日（行政复议法 第62条），填写的是 {days}"
        )
    on = _date(p, "extended_on", "延期批准日期")
    if case.due_on and on > case.due_on:
        raise ApplicationError(f"审理期限已于 {case.due_on:%Y-%m-%d} 届满，不能再批准延期")
    return {"extension_days": days, "extended_on": on}


def _guard_suspend(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    on = _date(p, "suspended_on", "中止日期")
    try:
        reason = SuspensionReason(int(p.get("suspension_reason") or 0))
    except ValueError:
        raise ApplicationError("请选择第39条规定的中止情形") from None
    if case.accepted_on and on < case.accepted_on:
        raise ApplicationError("中止日期早于受理日期")

    def after(updated: Reconsideration) -> None:
        Suspension.objects.create(case=updated, reason=reason, suspended_on=on)

    return {"_after": after}


def _open_suspension(case: Reconsideration) -> Suspension:
    open_one = case.suspensions.filter(resumed_on__isnull=True).order_by("-suspended_on").first()
    if open_one is None:
        raise ApplicationError("没有未恢复的中止记录")
    return open_one


def _guard_resume(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    on = _date(p, "resumed_on", "恢复日期")
    suspension = _open_suspension(case)
    if on < suspension.suspended_on:
        raise ApplicationError(f"恢复日期早于中止日期（{suspension.suspended_on:%Y-%m-%d}）")

    def after(updated: Reconsideration) -> None:
        Suspension.objects.filter(pk=suspension.pk).update(resumed_on=on)

    return {
        "suspended_days": case.suspended_days + (on - suspension.suspended_on).days,
        "_after": after,
    }


def _guard_terminate(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    on = _date(p, "closed_on", "终止日期")
    suspension = _open_suspension(case)
    if suspension.reason in SUSPENSION_TERMINATES_AFTER_60_DAYS:
        limit = due_date(rules.SUSPENSION_END, suspension.suspended_on)
        if on <= limit:
            raise ApplicationError(f"该情形中止满 60 日（{limit:%Y-%m-%d} 后）方可终止（第41条）")

    def after(updated: Reconsideration) -> None:
        Suspension.objects.filter(pk=suspension.pk).update(resumed_on=on)

    return {"closed_on": on, "outcome": ReconOutcome.TERMINATED, "_after": after}


def _guard_close(case: Reconsideration, p: Mapping[str, Any]) -> dict[str, Any]:
    outcome = p.get("outcome") or ""
    if outcome in ReconOutcome.values and outcome not in RECON_CLOSE_OUTCOMES:
        raise ApplicationError(f"已受理的案件不能以“{ReconOutcome(outcome).label}”结案")
    if not outcome:
        raise ApplicationError("请选择结案方式")
    return {"outcome": outcome, "closed_on": _date(p, "closed_on", "结案日期")}


_RECON_GUARDS = {
    "accept": _guard_accept,
    "deem_accept": _guard_deem_accept,
    "request_correction": _guard_request_correction,
    "supply_correction": _guard_supply_correction,
    "abandon": _guard_abandon,
    "refuse": _guard_refuse,
    "resolve_early": _guard_resolve_early,
    "send_copy": _guard_send_copy,
    "record_reply": _guard_record_reply,
    "hold_hearing": _guard_hold_hearing,
    "consult_committee": _guard_consult,
    "to_normal": _guard_to_normal,
    "extend": _guard_extend,
    "suspend": _guard_suspend,
    "resume": _guard_resume,
    "terminate": _guard_terminate,
    "close": _guard_close,
}


# ---------------------------------------------------------------------------------------------
# 行政诉讼


@transaction.atomic
def register_lawsuit(*, actor: Any, plaintiffs: Sequence[PartyData], **fields: Any) -> Lawsuit:
    """Register a case filed by a court (status 已立案, or 应诉答辩中 with the complaint received)."""
    if not plaintiffs:
        raise CaseProblemsError([("plaintiffs", "至少填写一名原告")])
    status = LawsuitStatus.ANSWERING if fields.get("complaint_received_on") else LawsuitStatus.FILED
    case = Lawsuit(status=status, **fields)
    _check_and_derive(case)
    _check_new_case_scope(actor, case, ("defendant", "co_defendant"))
    values = _field_values(case)
    created = audited_create(Lawsuit, actor=actor, message="登记行政诉讼案件", **values)
    _add_parties(Plaintiff, created, plaintiffs)
    return created


@transaction.atomic
def transition_lawsuit(
    case: Lawsuit,
    name: str,
    *,
    actor: Any,
    expected_version: int,
    params: Mapping[str, Any] | None = None,
) -> Lawsuit:
    """Take the transition `name` with `params`; see LAWSUIT_TRANSITIONS for what each needs."""
    spec = _check_transition(case, LAWSUIT_TRANSITIONS.get(name), name, actor)
    changes = _LAWSUIT_GUARDS[name](case, dict(params or {}))
    return _apply(case, spec, changes, actor=actor, expected_version=expected_version)


def _guard_receive_complaint(case: Lawsuit, p: Mapping[str, Any]) -> dict[str, Any]:
    return {"complaint_received_on": _date(p, "complaint_received_on", "收到起诉状副本日期")}


def _guard_submit_answer(case: Lawsuit, p: Mapping[str, Any]) -> dict[str, Any]:
    return {"answered_on": _date(p, "answered_on", "提交答辩日期")}


def _guard_decide(case: Lawsuit, p: Mapping[str, Any]) -> dict[str, Any]:
    outcome = p.get("outcome") or ""
    if not outcome:
        raise ApplicationError("请选择裁判结果")
    changed = bool(p.get("defendant_changed_act"))
    return {
        "outcome": outcome,
        "closed_on": _date(p, "closed_on", "裁判日期"),
        "served_on": p.get("served_on") or None,
        "defendant_changed_act": changed,
    }


def _guard_finalize(case: Lawsuit, p: Mapping[str, Any]) -> dict[str, Any]:
    due = appeal_due(case)
    if due and _today() <= due and not case.is_mediated_or_withdrawn:
        raise ApplicationError(f"上诉期至 {due:%Y-%m-%d} 届满，届满后裁判方生效")
    return {}


def _guard_appeal(case: Lawsuit, p: Mapping[str, Any]) -> dict[str, Any]:
    due = appeal_due(case)
    if due and _today() > due:
        raise ApplicationError(f"上诉期已于 {due:%Y-%m-%d} 届满（行政诉讼法 第85条）")
    return {"appealed": True}


_LAWSUIT_GUARDS = {
    "receive_complaint": _guard_receive_complaint,
    "submit_answer": _guard_submit_answer,
    "decide": _guard_decide,
    "finalize": _guard_finalize,
    "appeal": _guard_appeal,
}


@transaction.atomic
def record_hearing(case: Lawsuit, *, actor: Any, expected_version: int, **fields: Any) -> Hearing:
    """Add a hearing with its 负责人出庭 record; the case's attendance figures follow."""
    if not may_act(actor, case, Side.RESPONDENT):
        raise ApplicationError(f"您无权为案件“{case.case_number}”登记开庭")
    hearing = Hearing(case=case, **fields)
    _raise_if(hearing_problems(hearing) + hearing_date_problems(hearing, case.filed_on, _today()))
    hearing.derive()
    _clean(hearing, exclude=["case"])
    hearing.save()
    versioned_update(
        case,
        expected_version=expected_version,
        changes=hearing_summary(case),
        actor=actor,
        message=f"登记开庭（{hearing.held_on:%Y-%m-%d}）",
    )
    return hearing


def hearing_summary(case: Lawsuit) -> dict[str, Any]:
    """The case's derived attendance fields from its hearings (规定 第7条: one counts)."""
    return summarise_hearings(list(case.hearings.all()))


def summarise_hearings(hearings: Sequence[Hearing]) -> dict[str, Any]:
    """`hearing_summary` over hearings in hand, for bulk loads (the demo data) that set the
    case's fields before the rows exist."""
    return {
        "hearing_held": bool(hearings),
        "first_hearing_on": min((h.held_on for h in hearings), default=None),
        "head_requested": any(h.head_requested for h in hearings),
        "head_appeared": any(h.counts for h in hearings),
    }


# ---------------------------------------------------------------------------------------------
# 争议化解


@transaction.atomic
def mark_risk(
    case: Reconsideration | Lawsuit,
    *,
    actor: Any,
    expected_version: int,
    high_risk: bool,
    reason: str = "",
    lead_leader: Any = None,
    risk_unit: Any = None,
    marked_on: dt.date | None = None,
) -> Any:
    """Mark (or unmark) a case 高败诉风险, with its reason, 包案领导 and responsible unit."""
    if not may_act(actor, case, Side.EITHER):
        raise ApplicationError(f"您无权标记案件“{case.case_number}”的风险")
    if high_risk and not reason.strip():
        raise CaseProblemsError([("risk_reason", "标记高败诉风险须写明风险原因")])
    if high_risk and lead_leader is None:
        raise CaseProblemsError([("lead_leader", "高败诉风险案件须指定包案领导")])
    changes = {
        "high_risk": high_risk,
        "risk_reason": reason.strip() if high_risk else case.risk_reason,
        "risk_marked_on": (marked_on or _today()) if high_risk else case.risk_marked_on,
        "lead_leader": lead_leader if high_risk else case.lead_leader,
        "risk_unit": risk_unit if high_risk else case.risk_unit,
    }
    message = "标记高败诉风险" if high_risk else "解除高败诉风险标记"
    return versioned_update(
        case, expected_version=expected_version, changes=changes, actor=actor, message=message
    )


def case_link(case: Reconsideration | Lawsuit) -> dict[str, Any]:
    """The foreign key naming `case` on a progress entry or a notice."""
    return {"reconsideration": case} if isinstance(case, Reconsideration) else {"lawsuit": case}


def add_progress(
    case: Reconsideration | Lawsuit, *, actor: Any, kind: str, happened_on: dt.date, content: str
) -> ProgressEntry:
    """Add a line to the case's 化解 progress log (研商, 措施, 结果)."""
    if not may_act(actor, case, Side.EITHER):
        raise ApplicationError(f"您无权为案件“{case.case_number}”记录化解进展")
    if not content.strip():
        raise CaseProblemsError([("content", "请填写进展内容")])
    if happened_on > _today():
        raise CaseProblemsError([("happened_on", "进展日期晚于今天")])
    return audited_create(
        ProgressEntry,
        actor=actor,
        message=f"记录化解进展：{case.case_number}",
        kind=kind,
        happened_on=happened_on,
        content=content.strip(),
        author=actor,
        **case_link(case),
    )


def _notice_prefix(year: int) -> str:
    return f"败诉风险提示〔{year}〕"


def notice_number(year: int, n: int) -> str:
    """The 文号 of the year's `n`th 败诉风险提示函: 败诉风险提示〔2026〕3号."""
    return f"{_notice_prefix(year)}{n}号"


def next_notice_number(year: int) -> str:
    taken = RiskNotice.objects.filter(number__startswith=_notice_prefix(year)).count()
    return notice_number(year, taken + 1)


@transaction.atomic
def issue_notice(
    case: Reconsideration | Lawsuit,
    *,
    actor: Any,
    to_unit: Any,
    issued_on: dt.date,
    risks: str,
    suggestions: str,
    reply_by: dt.date | None = None,
) -> RiskNotice:
    """Issue a 败诉风险提示函 about `case` to `to_unit`; logged in the progress too."""
    if not may_act(actor, case, Side.EITHER):
        raise ApplicationError(f"您无权就案件“{case.case_number}”发出风险提示函")
    problems: list[Problem] = []
    if not risks.strip():
        problems.append(("risks", "请写明风险点"))
    if not suggestions.strip():
        problems.append(("suggestions", "请写明工作建议"))
    if reply_by and reply_by < issued_on:
        problems.append(("reply_by", "反馈期限早于发函日期"))
    _raise_if(problems)
    notice = audited_create(
        RiskNotice,
        actor=actor,
        message=f"发出败诉风险提示函：{case.case_number}",
        number=next_notice_number(issued_on.year),
        to_unit=to_unit,
        issued_on=issued_on,
        risks=risks.strip(),
        suggestions=suggestions.strip(),
        reply_by=reply_by,
        author=actor,
        **case_link(case),
    )
    add_progress(
        case,
        actor=actor,
        kind=ProgressKind.NOTICE,
        happened_on=issued_on,
        content=f"向{to_unit.name}发出{notice.number}",
    )
    return notice
