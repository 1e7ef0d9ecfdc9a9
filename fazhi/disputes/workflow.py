"""The statuses and allowed transitions of 行政复议 and 行政诉讼 cases, in one table each.

A transition names the statuses it starts from, the status it ends in (None: unchanged), which
side may take it, and the parameters it needs. `services.transition_*` is the only code that
changes a case's status: it checks this table, runs the transition's guard (the statutory rule,
in services), updates the row conditionally on its version, recomputes the due dates and
records one TRANSITION line in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .enums import LawsuitStatus as LS  # noqa: N817
from .enums import ReconStatus as RS  # noqa: N817


class Side(Enum):
    """Who may take a transition: the body handling the case (the 复议机构, e.g. 司法局), or
    the unit answering it (被申请人 / 被告). Region-wide users act for both."""

    HANDLER = "handler"
    RESPONDENT = "respondent"
    EITHER = "either"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None
    side: Side
    params: tuple[str, ...] = ()
    icon: str = "arrow-right"
    danger: bool = False


def _t(
    name: str,
    label: str,
    sources: set[str],
    target: str | None,
    side: Side,
    params: tuple[str, ...] = (),
    **kw: object,
) -> Transition:
    return Transition(name, label, frozenset(sources), target, side, params, **kw)  # type: ignore[arg-type]


H, R, E = Side.HANDLER, Side.RESPONDENT, Side.EITHER

# 行政复议 (行政复议法 第30–41、48、55、62条)
RECON_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "accept",
            "受理",
            {RS.RECEIVED},
            RS.ACCEPTED,
            H,
            ("accepted_on", "procedure", "simple_ground"),
            icon="check2-circle",
        ),
        _t("deem_accept", "视为受理", {RS.RECEIVED}, RS.ACCEPTED, H, icon="hourglass-bottom"),
        _t(
            "request_correction",
            "通知补正",
            {RS.RECEIVED},
            RS.CORRECTING,
            H,
            ("correction_requested_on",),
            icon="pencil-square",
        ),
        _t(
            "supply_correction",
            "补正材料",
            {RS.CORRECTING},
            RS.RECEIVED,
            H,
            ("correction_supplied_on",),
            icon="file-earmark-plus",
        ),
        _t("abandon", "视为放弃申请", {RS.CORRECTING}, RS.CLOSED, H, ("closed_on",), danger=True),
        _t("refuse", "不予受理", {RS.RECEIVED}, RS.CLOSED, H, ("closed_on",), danger=True),
        _t(
            "resolve_early",
            "立案前化解",
            {RS.RECEIVED, RS.CORRECTING},
            RS.CLOSED,
            H,
            ("closed_on", "outcome"),
            icon="people",
        ),
        _t("send_copy", "发送申请书副本", {RS.ACCEPTED}, None, H, ("copy_sent_on",), icon="send"),
        _t(
            "record_reply", "提交答复", {RS.ACCEPTED}, None, E, ("reply_received_on",), icon="reply"
        ),
        _t(
            "hold_hearing",
            "听证",
            {RS.ACCEPTED},
            None,
            H,
            ("hearing_on", "head_attendance"),
            icon="mic",
        ),
        _t("consult_committee", "提请复议委员会咨询", {RS.ACCEPTED}, None, H, icon="people-fill"),
        _t("to_normal", "转为普通程序", {RS.ACCEPTED}, None, H, icon="arrow-repeat"),
        _t(
            "extend",
            "延期",
            {RS.ACCEPTED},
            None,
            H,
            ("extension_days", "extended_on"),
            icon="calendar-plus",
        ),
        _t(
            "suspend",
            "中止",
            {RS.ACCEPTED},
            RS.SUSPENDED,
            H,
            ("suspension_reason", "suspended_on"),
            icon="pause-circle",
        ),
        _t(
            "resume",
            "恢复审理",
            {RS.SUSPENDED},
            RS.ACCEPTED,
            H,
            ("resumed_on",),
            icon="play-circle",
        ),
        _t("terminate", "终止", {RS.SUSPENDED}, RS.CLOSED, H, ("closed_on",), danger=True),
        _t("close", "结案", {RS.ACCEPTED}, RS.CLOSED, H, ("outcome", "closed_on"), icon="flag"),
    )
}

# 行政诉讼 (行政诉讼法 第67、81–88条)
LAWSUIT_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "receive_complaint",
            "收到起诉状副本",
            {LS.FILED},
            LS.ANSWERING,
            R,
            ("complaint_received_on",),
            icon="envelope-open",
        ),
        _t(
            "submit_answer", "提交答辩", {LS.ANSWERING}, LS.TRIAL, R, ("answered_on",), icon="reply"
        ),
        _t(
            "decide",
            "登记裁判结果",
            {LS.FILED, LS.ANSWERING, LS.TRIAL},
            LS.DECIDED,
            E,
            ("outcome", "closed_on", "served_on", "defendant_changed_act"),
            icon="hammer",
        ),
        _t("finalize", "裁判生效", {LS.DECIDED}, LS.CLOSED, E, icon="flag"),
        _t("appeal", "提起上诉", {LS.DECIDED}, LS.CLOSED, E, icon="arrow-up-right-circle"),
    )
}
